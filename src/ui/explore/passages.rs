//! A list of passages (search hits, query results, the passages behind a matrix or chart cell):
//! one line each with document, paragraph, speaker and the passage in its context. Only the rows
//! on screen are made; a click opens the passage in the reading pane.

use crate::model::Project;
use crate::query::passage::{Passage, Place};
use crate::ui::action::Action;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, RichText};
use std::collections::BTreeSet;

const ROW: f32 = 22.0;

fn row_job(ui: &egui::Ui, p: &Passage, width: f32) -> LayoutJob {
    let font = FontId::proportional(13.0);
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().strong_text_color();
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    job.wrap.max_rows = 1;
    job.wrap.break_anywhere = true;
    let plain = |color| TextFormat {
        font_id: font.clone(),
        color,
        ..Default::default()
    };
    job.append(
        &format!(
            "{} ¶{} {}: ",
            p.document_title,
            p.paragraph,
            p.speaker.as_deref().unwrap_or("—")
        ),
        0.0,
        plain(weak),
    );
    // Keep the passage in view: trim the context before it to a few words.
    let before: String = {
        let n = p.before.chars().count();
        let keep = 40.min(n);
        let s: String = p.before.chars().skip(n - keep).collect();
        if keep < n { format!("…{s}") } else { s }
    };
    job.append(&before, 0.0, plain(ui.visuals().text_color()));
    job.append(
        &p.text.replace('\n', " ⏎ "),
        0.0,
        TextFormat {
            font_id: font.clone(),
            color: strong,
            background: ui.visuals().selection.bg_fill.gamma_multiply(0.5),
            ..Default::default()
        },
    );
    job.append(&p.after, 0.0, plain(ui.visuals().text_color()));
    job
}

/// The list. With `ticks`, each row has a box to tick (indexes into `places`).
pub fn passages_ui(
    ui: &mut egui::Ui,
    id: &str,
    project: &Project,
    places: &[Place],
    mut ticks: Option<&mut BTreeSet<usize>>,
    actions: &mut Vec<Action>,
) {
    if places.is_empty() {
        ui.label(RichText::new("No passages.").weak());
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt(id)
        .auto_shrink([false, true])
        .max_height(ui.available_height().max(120.0))
        .show_rows(ui, ROW, places.len(), |ui, range| {
            for i in range {
                let Some(place) = places.get(i) else { continue };
                let Some(p) = project
                    .document(place.document)
                    .and_then(|d| Passage::of(d, place.range))
                else {
                    continue;
                };
                ui.horizontal(|ui| {
                    ui.set_height(ROW - 2.0);
                    if let Some(t) = ticks.as_deref_mut() {
                        let mut on = t.contains(&i);
                        if ui
                            .checkbox(&mut on, "")
                            .on_hover_text("Tick to code only the ticked hits")
                            .changed()
                        {
                            if on {
                                t.insert(i);
                            } else {
                                t.remove(&i);
                            }
                        }
                    }
                    let width = ui.available_width();
                    let job = row_job(ui, &p, width);
                    let r = ui
                        .add(egui::Button::new(job).frame(false))
                        .on_hover_text(format!(
                            "{} ¶{} — open in the reading pane\n\n{}",
                            p.document_title, p.paragraph, p.text
                        ));
                    if r.clicked() {
                        actions.push(Action::ShowPassage {
                            document: place.document,
                            range: place.range,
                        });
                    }
                });
            }
        });
}

/// A header for a list of passages with a CSV export button.
pub fn export_button(
    ui: &mut egui::Ui,
    project: &Project,
    places: &[Place],
    name: &str,
) -> Option<String> {
    if !ui
        .add_enabled(!places.is_empty(), egui::Button::new("Export CSV…"))
        .on_hover_text("Save these passages with their context as a CSV table")
        .clicked()
    {
        return None;
    }
    let rows: Vec<Passage> = places
        .iter()
        .filter_map(|p| Passage::of(project.document(p.document)?, p.range))
        .collect();
    let csv = crate::query::passage::passages_csv(&rows);
    Some(super::save_file(name, "csv", "CSV table", csv.as_bytes()))
}

/// A colour between the panel's background and `strong` for shading a cell by `t` (0..1).
pub fn shade(ui: &egui::Ui, t: f32) -> Color32 {
    let base = if ui.visuals().dark_mode {
        Color32::from_rgb(60, 120, 200)
    } else {
        Color32::from_rgb(70, 130, 210)
    };
    let bg = ui.visuals().extreme_bg_color;
    bg.lerp_to_gamma(base, t.clamp(0.0, 1.0) * 0.85)
}
