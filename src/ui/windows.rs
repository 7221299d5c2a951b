//! Small tool windows: preferences and the summary of a REFI-QDA import (the history window,
//! now the whole audit trail, is in `team.rs`).

use egui::RichText;

/// Preferences. Returns `true` when the user asks to code under the name in `draft` from now on
/// (a new coder: codings made under the old name keep it).
pub fn preferences_window(
    ctx: &egui::Context,
    open: &mut bool,
    draft: &mut String,
    current: &crate::model::Coder,
) -> bool {
    let mut apply = false;
    egui::Window::new("Preferences")
        .open(open)
        .resizable(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label("Your name");
                let r = ui.text_edit_singleline(draft).labelled_by(l.id);
                let changed = draft.trim() != current.name && !draft.trim().is_empty();
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui
                    .add_enabled(changed, egui::Button::new("Use this name"))
                    .clicked()
                    || (enter && changed)
                {
                    apply = true;
                }
            });
            ui.label(
                RichText::new(
                    "New codings and the history record you as their coder. A new name makes a \
                     new coder: codings made under the old name keep it.",
                )
                .weak(),
            );
            if !current.machine.is_empty() {
                ui.label(RichText::new(format!("This computer: {}", current.machine)).weak());
            }
        });
    apply
}

/// What a REFI-QDA import read and what it approximated or left out, until the user closes it.
pub fn refi_summary_window(
    ctx: &egui::Context,
    shown: &mut Option<(String, crate::refi::Summary)>,
) {
    let Some((file, summary)) = shown.as_ref() else {
        return;
    };
    let mut open = true;
    egui::Window::new("REFI-QDA import")
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.label(RichText::new(file).strong());
            if !summary.origin.is_empty() {
                ui.label(format!("Written by {}", summary.origin));
            }
            ui.label(summary.counts_line());
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for r in &summary.files {
                        ui.label(format!(
                            "{}: positions read as {}; {} selections, {} adjusted, {} could not be placed",
                            r.source, r.counting, r.selections, r.adjusted, r.not_placed
                        ));
                    }
                    if !summary.approximated.is_empty() {
                        ui.separator();
                        ui.label(RichText::new("Approximated").strong());
                        for a in &summary.approximated {
                            ui.label(a);
                        }
                    }
                    if !summary.left_out.is_empty() {
                        ui.separator();
                        ui.label(RichText::new("Left out").strong());
                        for l in &summary.left_out {
                            ui.label(l);
                        }
                    }
                });
        });
    if !open {
        *shown = None;
    }
}
