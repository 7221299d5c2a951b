//! The menu bar. Items show their shortcuts from the one shortcut table.

use super::action::Action;
use super::reading::ReadingCommand;
use super::shortcuts::Command;
use crate::edit::History;

pub fn menu_bar_ui(
    ui: &mut egui::Ui,
    history: &History,
    recent: &[std::path::PathBuf],
    actions: &mut Vec<Action>,
) {
    let ctx = ui.ctx().clone();
    let item = |ui: &mut egui::Ui, text: &str, cmd: Option<Command>, enabled: bool| -> bool {
        let mut b = egui::Button::new(text);
        if let Some(cmd) = cmd {
            b = b.shortcut_text(cmd.shortcut_text(&ctx));
        }
        ui.add_enabled(enabled, b).clicked()
    };
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let entries = [
                ("New", Command::New, Action::NewProject),
                ("Open…", Command::Open, Action::Open),
                ("Save", Command::Save, Action::Save),
                ("Save As…", Command::SaveAs, Action::SaveAs),
                ("Import transcripts…", Command::Import, Action::Import),
            ];
            for (text, cmd, action) in entries {
                if item(ui, text, Some(cmd), true) {
                    actions.push(action);
                }
                if cmd == Command::Open {
                    super::prefs::open_recent_menu_ui(ui, recent, actions);
                }
            }
            if item(ui, "Open for review…", None, true) {
                actions.push(Action::Review(super::review::ReviewAction::OpenForReview));
            }
            if item(ui, "Import REFI-QDA project into this one…", None, true) {
                actions.push(Action::ImportRefi);
            }
            if item(ui, "Merge in a copy…", None, true) {
                actions.push(Action::Team(super::team::TeamAction::MergeCopy));
            }
            ui.separator();
            super::analysis::file_menu_ui(ui, actions);
            ui.separator();
            if item(ui, "Preferences…", None, true) {
                actions.push(Action::ShowPreferences);
            }
            if item(ui, "Quit", None, true) {
                actions.push(Action::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            let undo = history
                .undo_label()
                .map_or("Undo".to_owned(), |l| format!("Undo {l}"));
            if item(ui, &undo, Some(Command::Undo), history.can_undo()) {
                actions.push(Action::Undo);
            }
            let redo = history
                .redo_label()
                .map_or("Redo".to_owned(), |l| format!("Redo {l}"));
            if item(ui, &redo, Some(Command::Redo), history.can_redo()) {
                actions.push(Action::Redo);
            }
            ui.separator();
            if item(ui, "Code selection…", Some(Command::CodeSelection), true) {
                actions.push(Action::FocusCodePicker);
            }
            if item(
                ui,
                "Memo on selection…",
                Some(Command::MemoOnSelection),
                true,
            ) {
                actions.push(Action::MemoOnSelection);
            }
            if item(ui, "Comment on selection…", None, true) {
                actions.push(Action::Review(
                    super::review::ReviewAction::CommentOnSelection,
                ));
            }
            if item(ui, "History", None, true) {
                actions.push(Action::ShowHistory);
            }
            if item(ui, "Conflicts…", None, true) {
                actions.push(Action::Team(super::team::TeamAction::ShowConflicts));
            }
            if item(ui, "Pseudonymise…", None, true) {
                actions.push(Action::ShowPseudonyms);
            }
        });
        ui.menu_button("View", |ui| {
            let entries = [
                ("Find in document…", Command::Find, ReadingCommand::Find),
                (
                    "Go to paragraph…",
                    Command::GoToParagraph,
                    ReadingCommand::GoTo,
                ),
                ("Zoom in", Command::ZoomIn, ReadingCommand::ZoomIn),
                ("Zoom out", Command::ZoomOut, ReadingCommand::ZoomOut),
                ("Actual size", Command::ZoomReset, ReadingCommand::ZoomReset),
            ];
            for (text, cmd, rc) in entries {
                if item(ui, text, Some(cmd), true) {
                    actions.push(Action::Reading(rc));
                }
            }
            if item(
                ui,
                "Search the project…",
                Some(Command::ProjectSearch),
                true,
            ) {
                actions.push(Action::ProjectSearch);
            }
            if item(ui, "Line numbers", None, true) {
                actions.push(Action::Reading(ReadingCommand::ToggleLineNumbers));
            }
            if item(ui, "Agreement between coders", None, true) {
                actions.push(Action::ShowWorkspace(
                    super::workspace::Workspace::Agreement,
                ));
            }
            ui.separator();
            for (text, theme) in [
                ("Light theme", egui::ThemePreference::Light),
                ("Dark theme", egui::ThemePreference::Dark),
                ("Follow system theme", egui::ThemePreference::System),
            ] {
                if item(ui, text, None, true) {
                    ui.ctx().set_theme(theme);
                }
            }
        });
        ui.menu_button("Help", |ui| super::help::help_menu_ui(ui, actions));
    });
}
