//! The Help menu: the keyboard shortcuts (generated from the one shortcut table), a short
//! "Getting started" that walks the coding loop on the sample, and About (the version and where
//! Gloss keeps preferences, recovery files and backups).

use super::action::Action;
use super::shortcuts::{self, Command};
use crate::store;
use egui::RichText;
use std::path::Path;

/// The window titles (tests and the menu use the same words).
pub const SHORTCUTS_TITLE: &str = "Keyboard shortcuts";
pub const GETTING_STARTED_TITLE: &str = "Getting started";
pub const ABOUT_TITLE: &str = "About Gloss";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Topic {
    Shortcuts,
    GettingStarted,
    About,
}

/// Which help windows are open.
#[derive(Default)]
pub struct HelpState {
    pub shortcuts: bool,
    pub getting_started: bool,
    pub about: bool,
}

impl HelpState {
    pub fn show(&mut self, topic: Topic) {
        match topic {
            Topic::Shortcuts => self.shortcuts = !self.shortcuts,
            Topic::GettingStarted => self.getting_started = true,
            Topic::About => self.about = true,
        }
    }
}

/// What a command does, in the words of the shortcuts window.
pub fn describe(cmd: Command) -> String {
    let s = match cmd {
        Command::New => "New project",
        Command::Open => "Open a project",
        Command::Save => "Save",
        Command::SaveAs => "Save as a new file",
        Command::Import => "Import transcripts",
        Command::Undo => "Undo",
        Command::Redo | Command::RedoAlt => "Redo",
        Command::CodeSelection => "Code the selected passage (type a code name)",
        Command::ClearSelection => "Clear the selection",
        Command::Find => "Find in the document",
        Command::GoToParagraph => "Go to a paragraph",
        Command::Copy => "Copy the passage with its citation",
        Command::ZoomIn | Command::ZoomInAlt => "Larger reading text",
        Command::ZoomOut => "Smaller reading text",
        Command::ZoomReset => "Reading text at 100 %",
        Command::CodeWithKey(n) => return format!("Code the selection with the code of key {n}"),
        Command::RepeatLastCode => "Code the selection with the last code used",
        Command::InVivo => "Code the selection in vivo (its words become the code)",
        Command::Workspace(w) => return format!("Show the {} workspace", w.label()),
        Command::NextPane => "Next pane (documents, reading, codebook, themes)",
        Command::PreviousPane => "Previous pane",
        Command::Shortcuts | Command::ShortcutsAlt => "This list of keyboard shortcuts",
        #[allow(unreachable_patterns)] // commands added later still get a readable line
        other => return humanise(&format!("{other:?}")),
    };
    s.to_owned()
}

/// "SaveAs" -> "Save as".
fn humanise(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every row of the shortcuts window: (what it does, the keys), in the table's order.
pub fn shortcut_rows(ctx: &egui::Context) -> Vec<(String, String)> {
    shortcuts::TABLE
        .iter()
        .map(|(cmd, s, _)| (describe(*cmd), ctx.format_shortcut(s)))
        .collect()
}

/// Keys that move within panes (not commands of the table).
pub const NAVIGATION: &[(&str, &str)] = &[
    (
        "Up / Down",
        "Move in the documents list, the codebook or the theme tree",
    ),
    (
        "Enter",
        "Open: read the document, or show a code's or theme's first passage",
    ),
    ("Tab / Shift+Tab", "Next / previous button or field"),
    ("Drag across text", "Select a passage to code"),
];

/// The Help menu's items.
pub fn help_menu_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    let keys = Command::Shortcuts.shortcut_text(ui.ctx());
    if ui
        .add(egui::Button::new(format!("{SHORTCUTS_TITLE}…")).shortcut_text(keys))
        .clicked()
    {
        actions.push(Action::Help(Topic::Shortcuts));
    }
    if ui.button(format!("{GETTING_STARTED_TITLE}…")).clicked() {
        actions.push(Action::Help(Topic::GettingStarted));
    }
    if ui.button(format!("{ABOUT_TITLE}…")).clicked() {
        actions.push(Action::Help(Topic::About));
    }
}

/// The open help windows. `project` is the open project's file, if it has one.
pub fn help_windows_ui(
    ctx: &egui::Context,
    state: &mut HelpState,
    project: Option<&Path>,
    untitled: Option<&Path>,
    actions: &mut Vec<Action>,
) {
    egui::Window::new(SHORTCUTS_TITLE)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .open(&mut state.shortcuts)
        .default_width(520.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(520.0)
                .show(ui, |ui| {
                    egui::Grid::new("shortcut rows")
                        .striped(true)
                        .num_columns(2)
                        .show(ui, |ui| {
                            for (what, keys) in shortcut_rows(ctx) {
                                ui.label(RichText::new(keys).monospace());
                                ui.label(what);
                                ui.end_row();
                            }
                            for (keys, what) in NAVIGATION {
                                ui.label(RichText::new(*keys).monospace());
                                ui.label(*what);
                                ui.end_row();
                            }
                        });
                });
        });
    let mut open = state.getting_started;
    egui::Window::new(GETTING_STARTED_TITLE)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| getting_started_ui(ui, actions));
    state.getting_started = open;
    egui::Window::new(ABOUT_TITLE)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .open(&mut state.about)
        .default_width(560.0)
        .show(ctx, |ui| about_ui(ui, project, untitled));
}

/// The coding loop on the sample, step by step.
fn getting_started_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.label(
        "The sample study (five interviews with clinicians, coded, with a theme tree) is the \
         quickest way in. Every step can be undone with Ctrl+Z.",
    );
    if ui.button("Open the sample").clicked() {
        actions.push(Action::OpenSample);
    }
    ui.add_space(6.0);
    let steps = [
        "Pick a transcript in Documents (left). Its turns appear in the reading pane; coloured \
         bars in the margin show the codes already applied.",
        "Drag across a passage to select it. Press Ctrl+K, type a code's name and Enter: an \
         existing code is applied, a new name creates the code. Keys 1-9 apply the first nine \
         codes; R repeats the last code; V codes in vivo.",
        "Click a coded passage to see its codes and remove one. In the Codebook (right), select \
         a code to read every passage coded with it, rename it, give it a description, or drag \
         it onto another to merge.",
        "Group codes into themes in the theme tree below the codebook: drag a code onto a \
         theme. Each theme counts its codings, documents and participants.",
        "Import your own transcripts (File > Import transcripts, or drop files on the window): \
         .txt, .md, .docx, .odt, .vtt, .srt, .pdf, .html. Speakers are detected; check them in \
         the preview.",
        "Save As to keep your work in a .gloss file of your own. Gloss writes a recovery file a \
         few seconds after each change and keeps backups of the last saves (Help > About says \
         where).",
        "F6 moves between documents, reading pane, codebook and themes; F1 lists every shortcut.",
    ];
    for (i, s) in steps.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{}.", i + 1)).strong());
            ui.label(*s);
        });
    }
}

fn about_ui(ui: &mut egui::Ui, project: Option<&Path>, untitled: Option<&Path>) {
    ui.heading(format!("Gloss {}", env!("CARGO_PKG_VERSION")));
    ui.label("Thematic analysis of interview transcripts. Gloss makes no network connections.");
    ui.separator();
    ui.label(RichText::new("Where Gloss keeps things").strong());
    let path_row = |ui: &mut egui::Ui, what: &str, path: String| {
        ui.label(what);
        ui.add(egui::Label::new(RichText::new(path).monospace()).selectable(true));
        ui.end_row();
    };
    egui::Grid::new("about paths")
        .num_columns(2)
        .show(ui, |ui| {
            let settings = eframe::storage_dir("gloss").map_or_else(
                || "(none on this system)".to_owned(),
                |p| p.display().to_string(),
            );
            path_row(ui, "Preferences, recent projects", settings);
            if let Some(p) = untitled {
                path_row(
                    ui,
                    "Autosave of work not yet saved to a file",
                    p.display().to_string(),
                );
            }
            match project {
                Some(p) => {
                    path_row(
                        ui,
                        "Recovery file of this project",
                        store::recovery_path(p).display().to_string(),
                    );
                    path_row(
                        ui,
                        "Backups of this project",
                        store::backup::folder(p).display().to_string(),
                    );
                }
                None => {
                    path_row(
                        ui,
                        "Recovery file",
                        "beside the project: .NAME.gloss.recovery".into(),
                    );
                    path_row(
                        ui,
                        "Backups",
                        "beside the project: NAME.gloss.backups/".into(),
                    );
                }
            }
        });
    ui.add_space(4.0);
    ui.label(
        RichText::new(
            "The recovery file is written a few seconds after each change and removed after a \
             successful save; if Gloss stops unexpectedly, opening the project offers it back. \
             Each save first moves the previous file into the backups folder, keeping the last few \
             saves.",
        )
        .weak(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_readable_description() {
        for (cmd, _, _) in shortcuts::TABLE {
            let d = describe(*cmd);
            assert!(!d.is_empty() && !d.contains("::"), "{cmd:?}: {d}");
        }
        assert_eq!(humanise("SaveAs"), "Save as");
        assert_eq!(humanise("Workspace(Review)"), "Workspace review");
    }
}
