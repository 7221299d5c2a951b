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

use super::view::View;

/// The tabs of the workspace.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Tab {
    #[default]
    Search,
    Query,
    Matrix,
    Cooccurrence,
    Charts,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Search,
        Tab::Query,
        Tab::Matrix,
        Tab::Cooccurrence,
        Tab::Charts,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Search => "Search",
            Tab::Query => "Query",
            Tab::Matrix => "Matrix",
            Tab::Cooccurrence => "Co-occurrence",
            Tab::Charts => "Charts",
        }
    }
}

/// What the analysis workspace keeps between frames.
#[derive(Default)]
pub struct ExploreState {
    pub tab: Tab,
    search: search::SearchPanel,
    query: query::QueryPanel,
    matrix: matrix::MatrixPanel,
    cooccur: cooccur::CooccurPanel,
    charts: charts::ChartsPanel,
    shared: job::Shared,
    status: String,
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

pub fn explore_ui(ui: &mut egui::Ui, state: &mut ExploreState, view: &mut View) {
    egui::CentralPanel::default().show(ui, |ui| {
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
        ui.separator();
        let shared = &mut state.shared;
        let status = match state.tab {
            Tab::Search => search::search_ui(ui, &mut state.search, view, shared),
            Tab::Query => query::query_ui(ui, &mut state.query, view, shared),
            Tab::Matrix => matrix::matrix_ui(ui, &mut state.matrix, view, shared),
            Tab::Cooccurrence => cooccur::cooccur_ui(ui, &mut state.cooccur, view, shared),
            Tab::Charts => charts::charts_ui(ui, &mut state.charts, view, shared),
        };
        if let Some(s) = status.filter(|s| !s.is_empty()) {
            state.status = s;
        }
    });
}
