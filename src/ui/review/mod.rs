//! The review workspace: the theme board a supervisor reads, comments on and signs off.

use super::view::View;

/// What the review workspace keeps between frames.
#[derive(Default)]
pub struct ReviewState {}

pub fn review_ui(ui: &mut egui::Ui, _state: &mut ReviewState, view: &mut View) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("Review");
        ui.label(format!(
            "{} themes in the tree. The theme board is not part of this build yet: review themes \
             in the Coding workspace's theme tree.",
            view.project.themes.len()
        ));
    });
}
