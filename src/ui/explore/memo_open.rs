//! Getting to memos: opening a memo (a search hit in a memo) together with what it is about,
//! and writing a memo on a bare passage (the reading pane's selection: its context menu, the
//! Edit menu, Ctrl+M).

use super::{ExploreState, Tab};
use crate::cases::memos;
use crate::cases::table::RowKey;
use crate::model::{Anchor, DocId, MemoId, Project, TextRange};
use crate::ui::action::Action;
use crate::ui::workspace::Workspace;

/// Opens memo `id` and reveals what it is about: a journal entry in the Journal tab; a memo on
/// a participant in the memo window over the Participants table, filtered to that participant;
/// a memo on a document, a passage, a coding, a code or a theme in the memo window, with the
/// document, passage or coding shown in the reading pane (or the code or theme selected).
/// Returns what the app is to do next.
pub fn open_memo(
    ctx: &egui::Context,
    state: &mut ExploreState,
    project: &Project,
    id: MemoId,
) -> Vec<Action> {
    let Some(memo) = memos::memo(project, id) else {
        return vec![Action::Status("That memo is no longer there.".into())];
    };
    let about = memos::anchor_label(project, &memo.anchor);
    let coding = Action::ShowWorkspace(Workspace::Coding);
    let next = match &memo.anchor {
        Anchor::Project => {
            state.tab = Tab::Journal;
            state.journal.selected = Some(id);
            return vec![
                Action::ShowWorkspace(Workspace::Analysis),
                Action::Status(format!("Opened the journal entry {}", title(memo))),
            ];
        }
        Anchor::Participant(name) => {
            state.tab = Tab::Participants;
            state.participants.filter = name.clone();
            state.participants.selected = [RowKey::Participant(name.clone())].into();
            vec![Action::ShowWorkspace(Workspace::Analysis)]
        }
        Anchor::Document(d) => vec![coding, Action::SelectDocument(*d)],
        Anchor::Passage { document, range } => vec![Action::ShowPassage {
            document: *document,
            range: *range,
        }],
        Anchor::Coding(c) => vec![coding, Action::JumpToCoding(*c)],
        Anchor::Code(c) => vec![coding, Action::SelectCode(Some(*c))],
        Anchor::Theme(t) => vec![coding, Action::SelectTheme(Some(*t))],
    };
    super::memo_window::open(ctx, memo.anchor.clone(), Some(id));
    let mut next = next;
    next.push(Action::Status(format!("Opened the memo on {about}")));
    next
}

fn title(memo: &crate::model::Memo) -> String {
    let t = memo.title.trim();
    if t.is_empty() {
        format!("of {}", memos::date(memo.created))
    } else {
        format!("“{t}”")
    }
}

/// Opens the memo window on the passage `range` of `document`: the memo already written on
/// exactly that passage, or a new one, written (one undo step) with the first keystroke and
/// marked in the reading pane's margin.
pub fn memo_on_passage(ctx: &egui::Context, document: DocId, range: TextRange) {
    super::memo_window::open(ctx, Anchor::Passage { document, range }, None);
}

/// What the reading pane's context menu offers for its selection (`selected`: whether there is
/// one). Returns the action chosen.
pub fn selection_menu_ui(ui: &mut egui::Ui, selected: bool) -> Option<Action> {
    let shortcut = |cmd| crate::ui::shortcuts::Command::shortcut_text(cmd, ui.ctx());
    use crate::ui::shortcuts::Command;
    let items = [
        (
            "Code selection…",
            shortcut(Command::CodeSelection),
            Action::FocusCodePicker,
        ),
        (
            "Memo on selection…",
            shortcut(Command::MemoOnSelection),
            Action::MemoOnSelection,
        ),
        (
            "Comment on selection…",
            String::new(),
            Action::Review(crate::ui::review::ReviewAction::CommentOnSelection),
        ),
        (
            "Copy with citation",
            shortcut(Command::Copy),
            Action::Reading(crate::ui::reading::ReadingCommand::Copy),
        ),
    ];
    let mut chosen = None;
    for (text, keys, action) in items {
        let button = if keys.is_empty() {
            egui::Button::new(text)
        } else {
            egui::Button::new(text).shortcut_text(keys)
        };
        if ui
            .add_enabled(selected, button)
            .on_disabled_hover_text("Select a passage first")
            .clicked()
        {
            chosen = Some(action);
            ui.close();
        }
    }
    chosen
}
