//! The analysis workspace: attributes, search across the project, coding queries, matrices and
//! charts.

pub mod cases;
pub mod journal;
pub mod margin;
pub mod memo_window;

pub use memo_window::memo_button_ui;

use super::view::View;
use crate::model::{AttributeOf, DocId, TextRange};

/// The tabs of the analysis workspace.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Tab {
    #[default]
    Overview,
    Participants,
    Documents,
    Journal,
}

/// What the analysis workspace keeps between frames.
pub struct ExploreState {
    pub tab: Tab,
    pub participants: cases::CasesState,
    pub documents: cases::CasesState,
    pub journal: journal::JournalState,
}

impl Default for ExploreState {
    fn default() -> Self {
        Self {
            tab: Tab::default(),
            participants: cases::CasesState::new(AttributeOf::Participant),
            documents: cases::CasesState::new(AttributeOf::Document),
            journal: journal::JournalState::default(),
        }
    }
}

pub fn explore_ui(
    ui: &mut egui::Ui,
    state: &mut ExploreState,
    view: &mut View,
    selection: Option<(DocId, TextRange)>,
) {
    egui::Panel::top("explore-tabs").show(ui, |ui| {
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::Overview, "Overview"),
                (Tab::Participants, "Participants"),
                (Tab::Documents, "Documents"),
                (Tab::Journal, "Journal"),
            ] {
                ui.selectable_value(&mut state.tab, tab, label);
            }
        });
    });
    match state.tab {
        Tab::Participants => {
            egui::CentralPanel::default()
                .show(ui, |ui| cases::cases_ui(ui, &mut state.participants, view));
        }
        Tab::Documents => {
            egui::CentralPanel::default()
                .show(ui, |ui| cases::cases_ui(ui, &mut state.documents, view));
        }
        Tab::Journal => journal::journal_ui(ui, &mut state.journal, view, selection),
        Tab::Overview => {
            egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Analysis");
            ui.label(format!(
                "{} participants, {} documents. Queries and matrices are not part of this build yet.",
                view.project.participants.len(),
                view.project.documents.len()
            ));
            });
        }
    }
}
