//! The start screen (shown when Gloss starts without a file once the user has worked on a project
//! of their own: recent projects, New, Open, the sample) and the first-start question "who is
//! coding?".

use super::action::Action;
use super::prefs::recent_label;
use egui::RichText;
use std::path::PathBuf;

/// The label of the name field of the first-start question (tests find it by this).
pub const NAME_LABEL: &str = "Your name";
/// The button that answers it.
pub const START_BUTTON: &str = "Start coding";

/// The start screen, filling `ui`.
pub fn start_screen_ui(ui: &mut egui::Ui, recent: &[PathBuf], actions: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.12).min(90.0));
        ui.heading(RichText::new("Gloss").size(34.0));
        ui.label(RichText::new("Thematic analysis of interview transcripts").weak());
        ui.add_space(24.0);
    });
    let width = 560.0_f32.min(ui.available_width() - 40.0);
    ui.horizontal(|ui| {
        ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
        ui.vertical(|ui| {
            ui.set_width(width);
            ui.horizontal(|ui| {
                if ui.button("New project").clicked() {
                    actions.push(Action::NewProject);
                }
                if ui.button("Open…").clicked() {
                    actions.push(Action::Open);
                }
                if ui
                    .button("Open the sample")
                    .on_hover_text(
                        "The bundled sample study: five transcripts, coded, with themes. Save As \
                         to keep your own copy.",
                    )
                    .clicked()
                {
                    actions.push(Action::OpenSample);
                }
            });
            ui.add_space(16.0);
            ui.label(RichText::new("Recent projects").strong());
            ui.separator();
            if recent.is_empty() {
                ui.label(RichText::new("None yet.").weak());
            }
            for p in recent {
                let (name, folder) = recent_label(p);
                ui.horizontal(|ui| {
                    if ui
                        .link(RichText::new(&name).size(15.0))
                        .on_hover_text(p.display().to_string())
                        .clicked()
                    {
                        actions.push(Action::OpenPath(p.clone()));
                    }
                    ui.label(RichText::new(folder).weak());
                });
            }
            if !recent.is_empty() {
                ui.add_space(6.0);
                if ui.small_button("Clear recent projects").clicked() {
                    actions.push(Action::ClearRecent);
                }
            }
            ui.add_space(16.0);
            ui.label(
                RichText::new(
                    "Drop transcripts on the window to import them. Help > Getting started walks \
                     through coding the sample; F1 lists the keyboard shortcuts.",
                )
                .weak(),
            );
        });
    });
}

/// The first-start question. Returns the name once the user confirms it.
pub fn name_prompt_ui(ctx: &egui::Context, draft: &mut String) -> Option<String> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("who is coding")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.heading("Who is coding?");
        ui.label(
            "Gloss records who made each coding, so a team's work can be compared and merged. \
             Your name is kept on this computer, not in the project.",
        );
        ui.add_space(6.0);
        let mut enter = false;
        ui.horizontal(|ui| {
            let l = ui.label(NAME_LABEL);
            let r = ui
                .add(egui::TextEdit::singleline(draft).desired_width(240.0))
                .labelled_by(l.id);
            // The field has the keyboard from the start, so Enter confirms the prefilled name.
            if !r.has_focus() && !r.lost_focus() && ui.ctx().memory(|m| m.focused().is_none()) {
                r.request_focus();
            }
            enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        });
        ui.label(RichText::new("You can change it later in File > Preferences.").weak());
        ui.add_space(6.0);
        let ok = !draft.trim().is_empty();
        if (ui
            .add_enabled(ok, egui::Button::new(START_BUTTON))
            .clicked()
            || enter)
            && ok
        {
            answer = Some(draft.trim().to_owned());
        }
    });
    answer
}
