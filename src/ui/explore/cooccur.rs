//! The Co-occurrence tab: a code × code table of overlapping passages or shared speaker turns,
//! shaded, with the Jaccard index as an option; a click on a cell lists the passages coded with
//! both codes.

use super::job::{self, Job, Shared};
use super::passages::{export_button, passages_ui, shade};
use crate::query::cooccur::{self, Mode, Table};
use crate::query::passage::Place;
use crate::ui::view::View;
use egui::{Align2, FontId, RichText, Sense, Vec2, WidgetInfo};

#[derive(Default)]
pub struct CooccurPanel {
    mode: Mode,
    jaccard: bool,
    job: Job<(u64, Mode), Table>,
    ran: Option<(u64, Mode)>,
    table: Option<Table>,
    cell: Option<(String, Vec<Place>)>,
}

pub fn cooccur_ui(
    ui: &mut egui::Ui,
    p: &mut CooccurPanel,
    view: &mut View,
    shared: &mut Shared,
) -> Option<String> {
    let generation = view.history.generation();
    let mut status = None;
    ui.horizontal(|ui| {
        ui.label("Together means");
        ui.selectable_value(&mut p.mode, Mode::Overlap, "overlapping passages");
        ui.selectable_value(&mut p.mode, Mode::SameTurn, "the same speaker turn");
        ui.separator();
        ui.checkbox(&mut p.jaccard, "Jaccard index").on_hover_text(
            "Units with both codes over units with either (0: never together, 1: always)",
        );
        if let Some(t) = &p.table
            && ui.button("Export CSV…").clicked()
        {
            {
                status = Some(super::save_file(
                    "co-occurrence",
                    "csv",
                    "CSV table",
                    t.csv(p.jaccard).as_bytes(),
                ));
            }
        }
        if p.job.busy() {
            ui.spinner();
        }
    });
    let key = (generation, p.mode);
    if let Some((k, t)) = p.job.poll()
        && Some(k) == p.ran
    {
        p.table = Some(t);
    }
    if p.ran != Some(key) && !p.job.running(&key) {
        p.ran = Some(key);
        p.cell = None;
        if job::small(view.project) {
            p.table = Some(cooccur::compute(view.project, p.mode));
        } else {
            let project = shared.get(view.project, generation);
            let mode = p.mode;
            p.job
                .start(ui.ctx(), key, move || cooccur::compute(&project, mode));
        }
    }
    let Some(t) = &p.table else {
        ui.label("Working out the table…");
        return status;
    };
    ui.label(
        RichText::new(match p.mode {
            Mode::Overlap => {
                "Cells: passages where the two codes overlap (diagonal: the code's passages)."
            }
            Mode::SameTurn => {
                "Cells: speaker turns holding both codes (diagonal: turns holding the code)."
            }
        })
        .weak(),
    );
    let max = t.max_off_diagonal().max(1) as f32;
    let mut clicked = None;
    let list_h = if p.cell.is_some() { 260.0 } else { 0.0 };
    egui::ScrollArea::both()
        .id_salt("cooccur grid")
        .max_height((ui.available_height() - list_h).max(150.0))
        .show(ui, |ui| {
            egui::Grid::new("cooccur table")
                .spacing(Vec2::new(2.0, 2.0))
                .show(ui, |ui| {
                    ui.label("");
                    for (j, l) in t.labels.iter().enumerate() {
                        ui.label(RichText::new(format!("{}", j + 1)).strong())
                            .on_hover_text(l);
                    }
                    ui.end_row();
                    for (i, li) in t.labels.iter().enumerate() {
                        ui.label(format!("{}  {li}", i + 1));
                        for (j, lj) in t.labels.iter().enumerate() {
                            let n = t.counts[i][j];
                            let (text, level) = if p.jaccard {
                                let v = t.jaccard(i, j);
                                (format!("{v:.2}"), v as f32)
                            } else {
                                (n.to_string(), n as f32 / max)
                            };
                            let (rect, resp) =
                                ui.allocate_exact_size(Vec2::new(44.0, 22.0), Sense::click());
                            let fill = if i == j {
                                ui.visuals().faint_bg_color
                            } else if n > 0 {
                                shade(ui, level)
                            } else {
                                ui.visuals().extreme_bg_color
                            };
                            ui.painter().rect_filled(rect.shrink(1.0), 2.0, fill);
                            ui.painter().text(
                                rect.center(),
                                Align2::CENTER_CENTER,
                                &text,
                                FontId::proportional(12.0),
                                ui.visuals().strong_text_color(),
                            );
                            let label = format!("{li} × {lj}: {text}");
                            resp.widget_info(|| {
                                WidgetInfo::labeled(egui::Role::Button, true, &label)
                            });
                            let resp =
                                resp.on_hover_text(format!("{label} — click for the passages"));
                            if resp.clicked() && i != j {
                                clicked = Some((i, j, label));
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    if let Some((i, j, label)) = clicked
        && let (Some(&a), Some(&b)) = (t.codes.get(i), t.codes.get(j))
    {
        p.cell = Some((label, cooccur::cell_places(view.project, p.mode, a, b)));
    }
    if let Some((title, places)) = &p.cell {
        ui.separator();
        let mut close = false;
        ui.horizontal(|ui| {
            ui.label(RichText::new(title).strong());
            if let Some(s) = export_button(ui, view.project, places, "co-occurrence") {
                status = Some(s);
            }
            close = ui.button("Close").clicked();
        });
        passages_ui(ui, "cooccur cell", view.project, places, None, view.actions);
        if close {
            p.cell = None;
        }
    }
    status
}
