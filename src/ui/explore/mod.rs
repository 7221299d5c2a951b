//! The analysis workspace: attributes, search across the project, coding queries, matrices and
//! charts.

use super::view::View;

/// What the analysis workspace keeps between frames.
#[derive(Default)]
pub struct ExploreState {}

pub fn explore_ui(ui: &mut egui::Ui, _state: &mut ExploreState, view: &mut View) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("Analysis");
        ui.label(format!(
            "{} participants, {} documents. Queries and matrices are not part of this build yet.",
            view.project.participants.len(),
            view.project.documents.len()
        ));
    });
}
