//! The Analysis workspace (Ctrl+3): search across the project and code the hits, coding
//! queries, matrices, co-occurrence and charts. Each tab keeps its own state; the answers come
//! from the pure functions of [`crate::query`], worked out again when the project changes (on a
//! worker thread for large projects), and every count leads to its passages in one click.

mod charts;
mod cooccur;
mod job;
mod matrix;
mod passages;
mod query;
mod search;

pub mod cases;
pub mod journal;
pub mod margin;
pub mod memo_open;
pub mod memo_window;

pub use memo_open::{memo_on_passage, open_memo};
pub use memo_window::memo_button_ui;

use super::view::View;
use crate::model::{AttributeOf, DocId, TextRange};

/// The tabs of the workspace.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Tab {
    #[default]
    Search,
    Query,
    Matrix,
    Cooccurrence,
    Charts,
    Participants,
    Documents,
    Journal,
}

impl Tab {
    const ALL: [Tab; 8] = [
        Tab::Search,
        Tab::Query,
        Tab::Matrix,
        Tab::Cooccurrence,
        Tab::Charts,
        Tab::Participants,
        Tab::Documents,
        Tab::Journal,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Search => "Search",
            Tab::Query => "Query",
            Tab::Matrix => "Matrix",
            Tab::Cooccurrence => "Co-occurrence",
            Tab::Charts => "Charts",
            Tab::Participants => "Participants",
            Tab::Documents => "Documents",
            Tab::Journal => "Journal",
        }
    }
}

/// What the analysis workspace keeps between frames.
pub struct ExploreState {
    pub tab: Tab,
    search: search::SearchPanel,
    query: query::QueryPanel,
    matrix: matrix::MatrixPanel,
    cooccur: cooccur::CooccurPanel,
    charts: charts::ChartsPanel,
    shared: job::Shared,
    status: String,
    pub participants: cases::CasesState,
    pub documents: cases::CasesState,
    pub journal: journal::JournalState,
}

impl Default for ExploreState {
    fn default() -> Self {
        Self {
            tab: Tab::default(),
            search: Default::default(),
            query: Default::default(),
            matrix: Default::default(),
            cooccur: Default::default(),
            charts: Default::default(),
            shared: Default::default(),
            status: String::new(),
            participants: cases::CasesState::new(AttributeOf::Participant),
            documents: cases::CasesState::new(AttributeOf::Document),
            journal: journal::JournalState::default(),
        }
    }
}

impl ExploreState {
    /// Shows the search tab with the cursor in its field (Ctrl+Shift+F).
    pub fn open_search(&mut self) {
        self.tab = Tab::Search;
        self.search.focus = true;
    }
}

/// Asks where to save `bytes` and writes them there; returns what happened, for the status line.
pub(crate) fn save_file(name: &str, extension: &str, label: &str, bytes: &[u8]) -> String {
    let file = format!("{}.{extension}", super::app::file_stem_for(name));
    match rfd::FileDialog::new()
        .add_filter(label, &[extension])
        .set_file_name(file)
        .save_file()
    {
        Some(path) => {
            let path = if path.extension().is_some_and(|e| e == extension) {
                path
            } else {
                path.with_extension(extension)
            };
            match std::fs::write(&path, bytes) {
                Ok(()) => format!("Saved {}", path.display()),
                Err(e) => format!("Could not save {}: {e}", path.display()),
            }
        }
        None => String::new(),
    }
}

/// The workspace: its tab row, then the chosen tab. `selection` is the reading pane's selection
/// (a journal entry can link it).
pub fn explore_ui(
    ui: &mut egui::Ui,
    state: &mut ExploreState,
    view: &mut View,
    selection: Option<(DocId, TextRange)>,
) {
    egui::Panel::top("explore-tabs").show(ui, |ui| {
        ui.horizontal(|ui| {
            for t in Tab::ALL {
                if ui.selectable_label(state.tab == t, t.label()).clicked() {
                    state.tab = t;
                }
            }
            if !state.status.is_empty() {
                ui.separator();
                ui.label(egui::RichText::new(&state.status).weak());
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
        analysis => {
            egui::CentralPanel::default().show(ui, |ui| {
                let shared = &mut state.shared;
                let status = match analysis {
                    Tab::Query => query::query_ui(ui, &mut state.query, view, shared),
                    Tab::Matrix => matrix::matrix_ui(ui, &mut state.matrix, view, shared),
                    Tab::Cooccurrence => cooccur::cooccur_ui(ui, &mut state.cooccur, view, shared),
                    Tab::Charts => charts::charts_ui(ui, &mut state.charts, view, shared),
                    _ => search::search_ui(ui, &mut state.search, view, shared),
                };
                if let Some(s) = status.filter(|s| !s.is_empty()) {
                    state.status = s;
                }
            });
        }
    }
}
