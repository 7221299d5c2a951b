//! The Matrix tab: codes, themes or saved queries against an attribute's values, the documents
//! or the participants; cells count codings, participants, documents or words, with totals,
//! percentages and shading. A click on a cell lists its passages.

use super::job::{self, Job, Shared};
use super::passages::{export_button, passages_ui, shade};
use crate::model::Project;
use crate::query::matrix::{self, Cols, Matrix, MatrixError, Measure, Rows, Spec};
use crate::query::passage::Place;
use crate::ui::view::View;
use egui::{Align2, FontId, RichText, Sense, Vec2, WidgetInfo};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Percent {
    #[default]
    None,
    OfRow,
    OfColumn,
}

type Key = (u64, Spec);
/// A matrix cell asked for: (history generation, matrix, row, column).
type CellKey = (u64, Spec, usize, usize);

#[derive(Default)]
pub struct MatrixPanel {
    spec: Option<Spec>,
    percent: Percent,
    shading: bool,
    job: Job<Key, Result<Matrix, MatrixError>>,
    ran: Option<Key>,
    result: Option<Result<Matrix, MatrixError>>,
    cell_job: Job<CellKey, Result<Vec<Place>, MatrixError>>,
    /// The cell whose passages are listed: (row, col, title) and its passages once known.
    cell: Option<(CellKey, String, Option<Vec<Place>>)>,
}

/// Every attribute name the project knows (declared, or set on a participant or document), in
/// a stable order without case duplicates.
pub fn attribute_names(project: &Project) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |k: &str| {
        if !k.trim().is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(k.trim())) {
            out.push(k.trim().to_owned());
        }
    };
    for a in &project.attributes {
        add(&a.name);
    }
    for p in &project.participants {
        for k in p.attributes.keys() {
            add(k);
        }
    }
    for d in &project.documents {
        for k in d.attributes.keys() {
            add(k);
        }
    }
    out
}

fn rows_label(r: &Rows) -> &'static str {
    match r {
        Rows::Codes => "Codes",
        Rows::Themes => "Themes",
        Rows::Queries(_) => "Saved queries",
    }
}

fn cols_label(c: &Cols) -> String {
    match c {
        Cols::Documents => "Documents".into(),
        Cols::Participants => "Participants".into(),
        Cols::Attribute(a) => format!("Attribute: {a}"),
    }
}

/// The choosers for rows, columns and measure; true if anything changed.
pub fn spec_ui(ui: &mut egui::Ui, spec: &mut Spec, project: &Project, salt: &str) -> bool {
    let mut changed = false;
    crate::ui::widgets::labelled_combo(
        ui,
        "Rows",
        format!("{salt} rows"),
        rows_label(&spec.rows),
        |ui| {
            for r in [Rows::Codes, Rows::Themes, Rows::Queries(Vec::new())] {
                let label = rows_label(&r);
                changed |= ui.selectable_value(&mut spec.rows, r, label).changed();
            }
        },
    );
    crate::ui::widgets::labelled_combo(
        ui,
        "Columns",
        format!("{salt} cols"),
        &cols_label(&spec.cols),
        |ui| {
            let mut all = vec![Cols::Documents, Cols::Participants];
            all.extend(attribute_names(project).into_iter().map(Cols::Attribute));
            for c in all {
                let label = cols_label(&c);
                changed |= ui.selectable_value(&mut spec.cols, c, label).changed();
            }
        },
    );
    crate::ui::widgets::labelled_combo(
        ui,
        "Cells count",
        format!("{salt} measure"),
        spec.measure.label(),
        |ui| {
            for m in Measure::ALL {
                changed |= ui
                    .selectable_value(&mut spec.measure, m, m.label())
                    .changed();
            }
        },
    );
    changed
}

/// The default matrix: codes against the first attribute (documents if there is none).
pub fn default_spec(project: &Project) -> Spec {
    Spec {
        rows: Rows::Codes,
        cols: attribute_names(project)
            .into_iter()
            .next()
            .map(Cols::Attribute)
            .unwrap_or(Cols::Documents),
        measure: Measure::Codings,
    }
}

fn cell_widget(
    ui: &mut egui::Ui,
    text: &str,
    fill: Option<egui::Color32>,
    label: String,
    width: f32,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, 22.0), Sense::click());
    let painter = ui.painter();
    if let Some(fill) = fill {
        painter.rect_filled(rect.shrink(1.0), 2.0, fill);
    }
    if response.hovered() {
        painter.rect_stroke(
            rect.shrink(1.0),
            2.0,
            ui.visuals().widgets.hovered.fg_stroke,
            egui::StrokeKind::Inside,
        );
    }
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        text,
        FontId::proportional(13.0),
        ui.visuals().strong_text_color(),
    );
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    response
}

fn fmt_value(v: u64, total: u64, percent: Percent) -> String {
    match percent {
        Percent::None => v.to_string(),
        _ if total == 0 => "–".into(),
        _ => format!("{:.0}%", 100.0 * v as f64 / total as f64),
    }
}

pub fn matrix_ui(
    ui: &mut egui::Ui,
    p: &mut MatrixPanel,
    view: &mut View,
    shared: &mut Shared,
) -> Option<String> {
    let generation = view.history.generation();
    let mut spec = p.spec.clone().unwrap_or_else(|| default_spec(view.project));
    if p.spec.is_none() {
        p.shading = true;
    }
    let mut status = None;
    ui.horizontal_wrapped(|ui| {
        spec_ui(ui, &mut spec, view.project, "matrix");
        ui.separator();
        ui.label("Show");
        ui.selectable_value(&mut p.percent, Percent::None, "counts");
        ui.selectable_value(&mut p.percent, Percent::OfRow, "% of row");
        ui.selectable_value(&mut p.percent, Percent::OfColumn, "% of column");
        ui.checkbox(&mut p.shading, "Shading");
        if p.job.busy() || p.cell_job.busy() {
            ui.spinner();
        }
    });
    p.spec = Some(spec.clone());
    let key = (generation, spec.clone());
    if let Some((k, r)) = p.job.poll()
        && Some(&k) == p.ran.as_ref()
    {
        p.result = Some(r);
    }
    if p.ran.as_ref() != Some(&key) && !p.job.running(&key) {
        p.ran = Some(key.clone());
        p.cell = None;
        if job::small(view.project) {
            p.result = Some(matrix::compute(view.project, &spec));
        } else {
            let project = shared.get(view.project, generation);
            let s = spec.clone();
            p.job
                .start(ui.ctx(), key.clone(), move || matrix::compute(&project, &s));
        }
    }
    if let Some((k, r)) = p.cell_job.poll()
        && let Some((want, _, places)) = &mut p.cell
        && *want == k
    {
        *places = Some(r.unwrap_or_default());
    }
    let m = match &p.result {
        None => {
            ui.label("Working out the matrix…");
            return None;
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            return None;
        }
        Some(Ok(m)) => m,
    };
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "{} rows × {} columns, {} per cell",
                m.rows.len(),
                m.cols.len(),
                spec.measure.label()
            ))
            .strong(),
        );
        if ui.button("Export CSV…").clicked() {
            status = Some(super::save_file(
                "matrix",
                "csv",
                "CSV table",
                m.csv().as_bytes(),
            ));
        }
        if ui.button("Export XLSX…").clicked() {
            status = Some(match m.xlsx("Matrix") {
                Ok(bytes) => super::save_file("matrix", "xlsx", "Excel workbook", &bytes),
                Err(e) => e,
            });
        }
        if !(m.rows_add && m.cols_add) {
            ui.label(
                RichText::new(
                    "Totals count distinct items, so they need not be the sum of the cells.",
                )
                .weak(),
            );
        }
    });
    for problem in &m.problems {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
    }
    let max = m.max_cell().max(1) as f32;
    let mut clicked = None;
    let list_h = if p.cell.is_some() { 260.0 } else { 0.0 };
    egui::ScrollArea::both()
        .id_salt("matrix grid")
        .max_height((ui.available_height() - list_h).max(150.0))
        .show(ui, |ui| {
            egui::Grid::new("matrix table")
                .spacing(Vec2::new(2.0, 2.0))
                .show(ui, |ui| {
                    ui.label("");
                    for c in &m.cols {
                        let short: String = c.chars().take(14).collect();
                        ui.label(RichText::new(short).strong()).on_hover_text(c);
                    }
                    ui.label(RichText::new("Total").strong());
                    ui.end_row();
                    for (r, label) in m.rows.iter().enumerate() {
                        let depth = m.depth.get(r).copied().unwrap_or(0);
                        ui.label(format!("{}{label}", "   ".repeat(depth)));
                        let row_total = m.row_totals.get(r).copied().unwrap_or(0);
                        for (c, col) in m.cols.iter().enumerate() {
                            let v = m.cells.get(r).and_then(|l| l.get(c)).copied().unwrap_or(0);
                            let col_total = m.col_totals.get(c).copied().unwrap_or(0);
                            let total = match p.percent {
                                Percent::OfRow => row_total,
                                _ => col_total,
                            };
                            let text = fmt_value(v, total, p.percent);
                            let fill = (p.shading && v > 0).then(|| shade(ui, v as f32 / max));
                            let resp = cell_widget(
                                ui,
                                &text,
                                fill,
                                format!("{label} × {col}: {text}"),
                                64.0,
                            )
                            .on_hover_text(format!(
                                "{label} × {col}: {v} {} — click for the passages",
                                spec.measure.label()
                            ));
                            if resp.clicked() {
                                clicked = Some((
                                    r,
                                    c,
                                    format!("{label} × {col}: {v} {}", spec.measure.label()),
                                ));
                            }
                        }
                        ui.label(RichText::new(row_total.to_string()).strong());
                        ui.end_row();
                    }
                    ui.label(RichText::new("Total").strong());
                    for t in &m.col_totals {
                        ui.label(RichText::new(t.to_string()).strong());
                    }
                    ui.label(RichText::new(m.total.to_string()).strong());
                    ui.end_row();
                });
        });
    if let Some((r, c, title)) = clicked {
        let key = (generation, spec.clone(), r, c);
        if job::small(view.project) {
            let places = matrix::cell_places(view.project, &spec, r, c).unwrap_or_default();
            p.cell = Some((key, title, Some(places)));
        } else {
            let project = shared.get(view.project, generation);
            let s = spec.clone();
            p.cell_job.start(ui.ctx(), key.clone(), move || {
                matrix::cell_places(&project, &s, r, c)
            });
            p.cell = Some((key, title, None));
        }
    }
    if let Some((_, title, places)) = &p.cell {
        ui.separator();
        let mut close = false;
        ui.horizontal(|ui| {
            ui.label(RichText::new(title).strong());
            if let Some(places) = places
                && let Some(s) = export_button(ui, view.project, places, "matrix cell")
            {
                status = Some(s);
            }
            close = ui.button("Close").clicked();
        });
        match places {
            Some(places) => {
                passages_ui(ui, "matrix cell", view.project, places, None, view.actions)
            }
            None => {
                ui.spinner();
            }
        }
        if close {
            p.cell = None;
        }
    }
    status
}
