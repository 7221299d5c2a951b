//! The agreement workspace: inter-coder agreement by code and the disagreements behind it.

use super::view::View;

/// What the agreement workspace keeps between frames.
#[derive(Default)]
pub struct AgreementState {}

pub fn agreement_ui(ui: &mut egui::Ui, _state: &mut AgreementState, view: &mut View) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("Agreement");
        ui.label(format!(
            "{} coders in this project. The agreement table is not part of this build yet.",
            view.project.coders.len()
        ));
    });
}
