//! Every keyboard shortcut, in one table. Menus show these; the app checks them once per frame.

use super::action::Action;
use super::reading::ReadingCommand;
use super::workspace::Workspace;
use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Command {
    New,
    Open,
    Save,
    SaveAs,
    Import,
    Undo,
    Redo,
    RedoAlt,
    CodeSelection,
    ClearSelection,
    Find,
    GoToParagraph,
    Copy,
    ZoomIn,
    ZoomInAlt,
    ZoomOut,
    ZoomReset,
    /// Apply the code bound to digit key 1-9.
    CodeWithKey(u8),
    RepeatLastCode,
    InVivo,
    /// Switch to a workspace (Ctrl+1..4).
    Workspace(super::workspace::Workspace),
    /// Keyboard focus to the next / previous pane (F6, Shift+F6).
    NextPane,
    PreviousPane,
    /// The keyboard shortcuts window (F1, Ctrl+/).
    Shortcuts,
    ShortcutsAlt,
    /// Search the whole project (Analysis workspace).
    ProjectSearch,
    /// A memo on the selected passage.
    MemoOnSelection,
}

/// (command, shortcut, whether it still works while a text field has focus).
pub const TABLE: &[(Command, KeyboardShortcut, bool)] = &[
    (
        Command::New,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::N),
        true,
    ),
    (
        Command::Open,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
        true,
    ),
    (
        Command::Save,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
        true,
    ),
    (
        Command::SaveAs,
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S),
        true,
    ),
    (
        Command::Import,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::I),
        true,
    ),
    (
        Command::Undo,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Z),
        false,
    ),
    (
        Command::Redo,
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z),
        false,
    ),
    (
        Command::RedoAlt,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
        false,
    ),
    (
        Command::CodeSelection,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::K),
        true,
    ),
    (
        Command::ClearSelection,
        KeyboardShortcut::new(Modifiers::NONE, Key::Escape),
        false,
    ),
    (
        Command::Find,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::F),
        true,
    ),
    (
        Command::ProjectSearch,
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F),
        true,
    ),
    (
        Command::MemoOnSelection,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::M),
        false,
    ),
    (
        Command::GoToParagraph,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::G),
        true,
    ),
    (
        Command::Copy,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::C),
        false,
    ),
    (
        Command::ZoomIn,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus),
        true,
    ),
    (
        Command::ZoomInAlt,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals),
        true,
    ),
    (
        Command::ZoomOut,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus),
        true,
    ),
    (
        Command::ZoomReset,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0),
        true,
    ),
    (
        Command::CodeWithKey(1),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num1),
        false,
    ),
    (
        Command::CodeWithKey(2),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num2),
        false,
    ),
    (
        Command::CodeWithKey(3),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num3),
        false,
    ),
    (
        Command::CodeWithKey(4),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num4),
        false,
    ),
    (
        Command::CodeWithKey(5),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num5),
        false,
    ),
    (
        Command::CodeWithKey(6),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num6),
        false,
    ),
    (
        Command::CodeWithKey(7),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num7),
        false,
    ),
    (
        Command::CodeWithKey(8),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num8),
        false,
    ),
    (
        Command::CodeWithKey(9),
        KeyboardShortcut::new(Modifiers::NONE, Key::Num9),
        false,
    ),
    (
        Command::RepeatLastCode,
        KeyboardShortcut::new(Modifiers::NONE, Key::R),
        false,
    ),
    (
        Command::InVivo,
        KeyboardShortcut::new(Modifiers::NONE, Key::V),
        false,
    ),
    (
        Command::Workspace(Workspace::Coding),
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1),
        true,
    ),
    (
        Command::Workspace(Workspace::Review),
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2),
        true,
    ),
    (
        Command::Workspace(Workspace::Analysis),
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3),
        true,
    ),
    (
        Command::Workspace(Workspace::Agreement),
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Num4),
        true,
    ),
    (
        Command::NextPane,
        KeyboardShortcut::new(Modifiers::NONE, Key::F6),
        true,
    ),
    (
        Command::PreviousPane,
        KeyboardShortcut::new(Modifiers::SHIFT, Key::F6),
        true,
    ),
    (
        Command::Shortcuts,
        KeyboardShortcut::new(Modifiers::NONE, Key::F1),
        true,
    ),
    (
        Command::ShortcutsAlt,
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Slash),
        true,
    ),
];

impl Command {
    pub fn action(self) -> Action {
        match self {
            Command::New => Action::NewProject,
            Command::Open => Action::Open,
            Command::Save => Action::Save,
            Command::SaveAs => Action::SaveAs,
            Command::Import => Action::Import,
            Command::Undo => Action::Undo,
            Command::Redo | Command::RedoAlt => Action::Redo,
            Command::CodeSelection => Action::FocusCodePicker,
            Command::ClearSelection => Action::ClearSelection,
            Command::Find => Action::Reading(ReadingCommand::Find),
            Command::GoToParagraph => Action::Reading(ReadingCommand::GoTo),
            Command::Copy => Action::Reading(ReadingCommand::Copy),
            Command::ZoomIn | Command::ZoomInAlt => Action::Reading(ReadingCommand::ZoomIn),
            Command::ZoomOut => Action::Reading(ReadingCommand::ZoomOut),
            Command::ZoomReset => Action::Reading(ReadingCommand::ZoomReset),
            Command::CodeWithKey(n) => {
                Action::Analysis(super::analysis::AnalysisAction::CodeWithKey(n))
            }
            Command::RepeatLastCode => {
                Action::Analysis(super::analysis::AnalysisAction::RepeatLastCode)
            }
            Command::InVivo => Action::Analysis(super::analysis::AnalysisAction::InVivo),
            Command::Workspace(w) => Action::ShowWorkspace(w),
            Command::NextPane => Action::CyclePane { forward: true },
            Command::PreviousPane => Action::CyclePane { forward: false },
            Command::Shortcuts | Command::ShortcutsAlt => {
                Action::Help(super::help::Topic::Shortcuts)
            }
            Command::ProjectSearch => Action::ProjectSearch,
            Command::MemoOnSelection => Action::MemoOnSelection,
        }
    }

    /// The shortcut's text for menus, e.g. "Ctrl+Shift+S".
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        TABLE
            .iter()
            .find(|(c, _, _)| *c == self)
            .map(|(_, s, _)| ctx.format_shortcut(s))
            .unwrap_or_default()
    }
}

/// The actions whose shortcuts were pressed this frame. Shortcuts that would clash with text
/// editing are skipped while a text field has focus (there Ctrl+Z undoes typing).
pub fn pressed(ctx: &egui::Context) -> Vec<Action> {
    let typing = ctx.text_edit_focused();
    let mut out = Vec::new();
    // Longest modifier sets first, so Ctrl+Shift+Z is not also taken as Ctrl+Z.
    let mut table: Vec<_> = TABLE.iter().collect();
    table.sort_by_key(|(_, s, _)| std::cmp::Reverse(modifier_count(s.modifiers)));
    for (cmd, shortcut, while_typing) in table {
        if (!typing || *while_typing) && ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
            out.push(cmd.action());
        }
    }
    out
}

fn modifier_count(m: Modifiers) -> u8 {
    m.alt as u8 + m.shift as u8 + m.command as u8 + m.ctrl as u8 + m.mac_cmd as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        for (i, (a, sa, _)) in TABLE.iter().enumerate() {
            for (b, sb, _) in &TABLE[i + 1..] {
                assert!(sa != sb, "{a:?} and {b:?} share a shortcut");
            }
        }
    }
}
