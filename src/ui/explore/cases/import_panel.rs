//! Importing attributes from a CSV or XLSX file: the file, then a preview of matches and
//! mismatches, then one undo step.

use super::CasesState;
use crate::cases::import::{self, Preview};
use crate::cases::table::noun;
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::RichText;
use std::path::PathBuf;

/// The import panel: a file, then its preview.
#[derive(Default)]
pub struct ImportPanel {
    pub open: bool,
    /// The file to read (typed, pasted or chosen).
    pub path: String,
    pub preview: Option<Preview>,
    pub error: Option<String>,
}

impl CasesState {
    /// Reads the import file and previews it (changes nothing).
    pub fn preview_import(&mut self, view: &View) {
        self.import.preview = None;
        self.import.error = None;
        let path = PathBuf::from(self.import.path.trim());
        if self.import.path.trim().is_empty() {
            self.import.error = Some("Choose a .csv or .xlsx file first.".into());
            return;
        }
        match import::read_path(&path) {
            Ok(sheet) => self.import.preview = Some(import::preview(view.project, self.of, &sheet)),
            Err(e) => self.import.error = Some(format!("Could not read the file: {e}")),
        }
    }
}

/// The import panel: the file, its preview, and Import.
pub(super) fn import_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View) {
    let of = state.of;
    ui.strong(format!("Import {} attributes", noun(of)));
    ui.label(
        RichText::new(format!(
            "One row per {n}, matched by name (the column headed name, {n} or title, else the \
             first); one column per attribute. Empty cells leave values as they are. Nothing \
             changes until you press Import.",
            n = noun(of)
        ))
        .weak(),
    );
    ui.horizontal(|ui| {
        let label = ui.label("File:");
        ui.add(
            egui::TextEdit::singleline(&mut state.import.path)
                .hint_text("path of a .csv or .xlsx file")
                .desired_width(360.0),
        )
        .labelled_by(label.id);
        if ui.button("Choose…").clicked()
            && let Some(p) = rfd::FileDialog::new()
                .add_filter("Table", &["csv", "xlsx", "tsv", "txt"])
                .pick_file()
        {
            state.import.path = p.display().to_string();
            state.preview_import(view);
        }
        if ui.button("Preview").clicked() {
            state.preview_import(view);
        }
    });
    if let Some(e) = &state.import.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let Some(preview) = state.import.preview.clone() else {
        return;
    };
    ui.label(RichText::new(preview.summary()).strong());
    let mismatches = preview.mismatch_lines();
    if !mismatches.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Not imported ({}):", mismatches.len()),
        );
        egui::ScrollArea::vertical()
            .id_salt("import-mismatches")
            .max_height(120.0)
            .show(ui, |ui| {
                for line in &mismatches {
                    ui.colored_label(ui.visuals().warn_fg_color, line);
                }
            });
    }
    egui::CollapsingHeader::new(format!("Matched rows ({})", preview.matched.len()))
        .id_salt("import-matched")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("import-matched-list")
                .max_height(160.0)
                .show(ui, |ui| {
                    for m in &preview.matched {
                        let what = if m.changes.is_empty() {
                            "no change".to_owned()
                        } else {
                            m.changes
                                .iter()
                                .map(|c| {
                                    let old = if c.old.is_empty() { "–" } else { &c.old };
                                    format!("{}: {old} to {}", c.attribute, c.new)
                                })
                                .collect::<Vec<_>>()
                                .join("; ")
                        };
                        ui.label(format!("line {}: {} ({what})", m.line, m.label));
                    }
                });
        });
    if !preview.not_in_file.is_empty() {
        ui.label(
            RichText::new(format!(
                "Not in the file (left as they are): {}",
                preview.not_in_file.join(", ")
            ))
            .weak(),
        );
    }
    ui.horizontal(|ui| {
        let n = preview.changes();
        let go = ui.add_enabled(
            n > 0 || !preview.new_attributes.is_empty(),
            egui::Button::new(format!("Import {n} values")),
        );
        if go.clicked() {
            view.push(Action::edit(
                import::plan(&preview),
                import::label(&preview),
            ));
            state.import = ImportPanel::default();
            state.message = Some(format!(
                "Imported {n} values (one step: Undo takes the whole import back)."
            ));
        }
        if ui.button("Cancel").clicked() {
            state.import = ImportPanel::default();
        }
    });
}
