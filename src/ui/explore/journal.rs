//! The Journal tab: the project journal (dated entries, newest first, the reflexive diary of a
//! thematic analysis) beside every other memo of the project, grouped by what it is about.

use super::memo_window::{self, memo_editor_ui, typing_key};
use crate::cases::memos;
use crate::model::{Anchor, DocId, MemoId, TextRange, Timestamp};
use crate::ui::action::Action;
use crate::ui::view::View;

/// What the Journal tab keeps between frames.
#[derive(Default)]
pub struct JournalState {
    /// The entry being edited.
    pub selected: Option<MemoId>,
    /// Filter over the other memos' text.
    pub filter: String,
}

/// The Journal tab. `selection`: the reading pane's selected passage, for linking.
pub fn journal_ui(
    ui: &mut egui::Ui,
    state: &mut JournalState,
    view: &mut View,
    selection: Option<(DocId, TextRange)>,
) {
    let entries = memos::journal(view.project);
    if state
        .selected
        .is_some_and(|id| memos::memo(view.project, id).is_none())
    {
        state.selected = None;
    }
    if state.selected.is_none() {
        state.selected = entries.first().map(|m| m.id);
    }
    egui::Panel::left("journal-list")
        .resizable(true)
        .default_size(280.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Journal");
                if ui
                    .button("New entry")
                    .on_hover_text("Write a dated journal entry")
                    .clicked()
                {
                    let now = Timestamp::now();
                    let (edit, id) =
                        memos::create(view.project, Anchor::Project, "", "", view.user, now);
                    // Coalesced with the typing that follows: the entry is one undo step.
                    view.push(Action::typing(edit, "New journal entry", typing_key(id)));
                    state.selected = Some(id);
                }
            });
            ui.label(
                egui::RichText::new(
                    "Dated entries: what you noticed, assumed, decided and why. The theme \
                     report carries them as its journal.",
                )
                .weak(),
            );
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("journal-entries")
                .max_height(ui.available_height() * 0.5)
                .show(ui, |ui| {
                    if entries.is_empty() {
                        ui.label(egui::RichText::new("No entries yet.").weak());
                    }
                    for m in &entries {
                        let title = if m.title.trim().is_empty() {
                            crate::ui::reading::ellipsize(m.text.trim(), 40)
                        } else {
                            m.title.trim().to_owned()
                        };
                        let label = format!("{}  {}", memos::date(m.created), title);
                        if ui
                            .selectable_label(state.selected == Some(m.id), label)
                            .clicked()
                        {
                            state.selected = Some(m.id);
                        }
                    }
                });
            ui.separator();
            other_memos_ui(ui, state, view);
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let memo = state
            .selected
            .and_then(|id| memos::memo(view.project, id))
            .cloned();
        match memo {
            Some(m) => {
                ui.heading(format!("Entry of {}", memos::date(m.created)));
                memo_editor_ui(
                    ui,
                    view,
                    &Anchor::Project,
                    Some(&m),
                    selection,
                    "Journal entry",
                    false,
                );
            }
            None if state.selected.is_some() => {
                ui.label("Writing the new entry…");
            }
            None => {
                ui.label("Press “New entry” to begin the journal.");
            }
        }
    });
}

/// Memos on documents, participants, codings and passages, grouped, filterable; click to open.
fn other_memos_ui(ui: &mut egui::Ui, state: &mut JournalState, view: &mut View) {
    ui.strong("Other memos");
    let label = ui.label("Filter:");
    ui.add(
        egui::TextEdit::singleline(&mut state.filter)
            .hint_text("words in a memo")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let needle = state.filter.trim().to_lowercase();
    egui::ScrollArea::vertical()
        .id_salt("other-memos")
        .show(ui, |ui| {
            let mut any = false;
            for (group, list) in memos::grouped(view.project) {
                if group == "Journal" {
                    continue;
                }
                let list: Vec<_> = list
                    .into_iter()
                    .filter(|m| {
                        needle.is_empty()
                            || m.text.to_lowercase().contains(&needle)
                            || m.title.to_lowercase().contains(&needle)
                    })
                    .collect();
                if list.is_empty() {
                    continue;
                }
                any = true;
                ui.label(egui::RichText::new(group).weak());
                for m in list {
                    let about = memos::anchor_label(view.project, &m.anchor);
                    let text = crate::ui::reading::ellipsize(m.text.trim(), 60);
                    let r = ui
                        .link(format!("{about}: {text}"))
                        .on_hover_text("Open this memo");
                    if r.clicked() {
                        memo_window::open(ui.ctx(), m.anchor.clone(), Some(m.id));
                    }
                }
            }
            if !any {
                ui.label(
                    egui::RichText::new(
                        "None yet. Write memos on participants and documents from their \
                         tables, and on codings from the reading pane (click a coding, then \
                         Memo).",
                    )
                    .weak(),
                );
            }
        });
}
