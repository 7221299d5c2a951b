//! Small tool windows: the edit history (the audit trail of this session) and preferences.

use crate::edit::History;
use egui::RichText;

pub fn history_window(ctx: &egui::Context, open: &mut bool, history: &History) {
    egui::Window::new("History")
        .open(open)
        .default_width(420.0)
        .show(ctx, |ui| {
            ui.label(
                RichText::new("Every change this session, newest first. Greyed steps are undone.")
                    .weak(),
            );
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(400.0)
                .show(ui, |ui| {
                    let revisions: Vec<_> = history.revisions().collect();
                    if revisions.is_empty() {
                        ui.label("No changes yet.");
                    }
                    for (rev, applied) in revisions.into_iter().rev() {
                        let iso = rev.time.to_iso8601();
                        let time = iso.get(11..19).unwrap_or(&iso);
                        let text = format!("{time}  {}  {}", rev.author, rev.label);
                        let text = if applied {
                            RichText::new(text)
                        } else {
                            RichText::new(text).weak().strikethrough()
                        };
                        ui.label(text);
                    }
                });
        });
}

pub fn preferences_window(ctx: &egui::Context, open: &mut bool, user: &mut String) {
    egui::Window::new("Preferences")
        .open(open)
        .resizable(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label("Your name");
                ui.text_edit_singleline(user);
            });
            ui.label(
                RichText::new("New codings and the history record this name as their coder.")
                    .weak(),
            );
        });
}
