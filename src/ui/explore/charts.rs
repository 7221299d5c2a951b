//! The Charts tab: code or theme frequencies as bars (sorted, or grouped by an attribute), the
//! co-occurrence heat map and coding density along each document. Charts are painted from the
//! same plain data ([`crate::query::chart::Chart`]) that is saved as SVG and PNG, and each bar or
//! cell opens its passages.

use super::job::{self, Job, Shared};
use super::passages::{export_button, passages_ui};
use crate::model::Project;
use crate::query::chart::{self, Anchor, Chart, Item, Order, Target};
use crate::query::cooccur::{self, Mode};
use crate::query::matrix::{self, Cols, Measure, Rows, Spec};
use crate::query::passage::Place;
use crate::ui::action::Action;
use crate::ui::view::View;
use crate::ui::workspace::Workspace;
use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, Vec2, WidgetInfo};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Kind {
    #[default]
    Frequencies,
    HeatMap,
    Density,
}

#[derive(Clone, PartialEq, Debug)]
struct Settings {
    kind: Kind,
    rows: Rows,
    measure: Measure,
    group: Option<String>,
    order: Order,
    mode: Mode,
    jaccard: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            kind: Kind::Frequencies,
            rows: Rows::Codes,
            measure: Measure::Codings,
            group: None,
            order: Order::Tree,
            mode: Mode::Overlap,
            jaccard: false,
        }
    }
}

/// A drawn chart and what its targets refer to.
struct Drawn {
    chart: Chart,
    spec: Option<Spec>,
    codes: Vec<crate::model::CodeId>,
}

type Key = (u64, SettingsKey);
type SettingsKey = String;

#[derive(Default)]
pub struct ChartsPanel {
    settings: Settings,
    job: Job<Key, Result<Drawn, String>>,
    ran: Option<Key>,
    drawn: Option<Result<Drawn, String>>,
    cell: Option<(String, Vec<Place>)>,
}

fn key_of(s: &Settings) -> String {
    format!("{s:?}")
}

fn unit_label(m: Measure) -> &'static str {
    m.label()
}

fn draw(project: &Project, s: &Settings) -> Result<Drawn, String> {
    match s.kind {
        Kind::Frequencies => {
            let spec = Spec {
                rows: s.rows.clone(),
                cols: s
                    .group
                    .clone()
                    .map(Cols::Attribute)
                    .unwrap_or(Cols::Documents),
                measure: s.measure,
            };
            let m = matrix::compute(project, &spec).map_err(|e| e.to_string())?;
            let colors: Vec<[u8; 3]> = match s.rows {
                Rows::Codes => crate::query::code_tree(project)
                    .into_iter()
                    .filter_map(|(c, _)| project.code(c).map(|c| c.color.0))
                    .collect(),
                _ => Vec::new(),
            };
            let what = match s.rows {
                Rows::Codes => "code",
                Rows::Themes => "theme",
                Rows::Queries(_) => "saved query",
            };
            let title = match &s.group {
                Some(g) => format!("{} per {what}, by {g}", capital(s.measure.label())),
                None => format!("{} per {what}", capital(s.measure.label())),
            };
            Ok(Drawn {
                chart: chart::frequencies(
                    &m,
                    s.group.is_some(),
                    s.order,
                    &colors,
                    &title,
                    unit_label(s.measure),
                ),
                spec: Some(spec),
                codes: Vec::new(),
            })
        }
        Kind::HeatMap => {
            let t = cooccur::compute(project, s.mode);
            let title = format!(
                "Co-occurrence ({}{})",
                s.mode.label(),
                if s.jaccard { ", Jaccard ×100" } else { "" }
            );
            Ok(Drawn {
                chart: chart::heat_map(&t, s.jaccard, &title),
                spec: None,
                codes: t.codes,
            })
        }
        Kind::Density => Ok(Drawn {
            chart: chart::density(project, "Where codes fall in each document"),
            spec: None,
            codes: Vec::new(),
        }),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn color(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Paints `chart` at its natural size; returns the target clicked, if any.
fn paint_chart(ui: &mut egui::Ui, chart: &Chart) -> Option<Target> {
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(chart.width, chart.height), Sense::click());
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Image, true, &chart.title));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, Color32::WHITE);
    let at = |x: f32, y: f32| Pos2::new(rect.left() + x, rect.top() + y);
    for item in &chart.items {
        match item {
            Item::Rect { rect: r, fill, .. } => {
                painter.rect_filled(
                    Rect::from_min_size(at(r[0], r[1]), Vec2::new(r[2], r[3])),
                    0.0,
                    color(*fill),
                );
            }
            Item::Line { from, to, color: c } => {
                painter.line_segment(
                    [at(from[0], from[1]), at(to[0], to[1])],
                    Stroke::new(1.0, color(*c)),
                );
            }
            Item::Text {
                at: p,
                text,
                size,
                color: c,
                anchor,
            } => {
                let align = match anchor {
                    Anchor::Start => Align2::LEFT_BOTTOM,
                    Anchor::Middle => Align2::CENTER_BOTTOM,
                    Anchor::End => Align2::RIGHT_BOTTOM,
                };
                painter.text(
                    at(p[0], p[1] + size * 0.25),
                    align,
                    text,
                    FontId::proportional(*size),
                    color(*c),
                );
            }
        }
    }
    let pointer = response.hover_pos()?;
    let (x, y) = (pointer.x - rect.left(), pointer.y - rect.top());
    let (target, tip) = chart.target_at(x, y)?;
    let tip = tip.to_owned();
    let clicked = response.clicked();
    response.on_hover_text_at_pointer(format!("{tip}\nclick for the passages"));
    clicked.then_some(target)
}

fn places_of(
    project: &Project,
    d: &Drawn,
    s: &Settings,
    t: Target,
) -> Option<(String, Vec<Place>)> {
    match t {
        Target::Cell { row, col } => {
            let spec = d.spec.as_ref()?;
            let m = matrix::compute(project, spec).ok()?;
            let label = m.rows.get(row).cloned().unwrap_or_default();
            match col {
                Some(c) => Some((
                    format!("{label} × {}", m.cols.get(c).cloned().unwrap_or_default()),
                    matrix::cell_places(project, spec, row, c).ok()?,
                )),
                None => {
                    // A whole row: every column's passages.
                    let mut all: Vec<Place> = (0..m.cols.len())
                        .filter_map(|c| matrix::cell_places(project, spec, row, c).ok())
                        .flatten()
                        .collect();
                    all.sort_by_key(|p| (project.document_index(p.document), p.range.start));
                    all.dedup();
                    let _ = s;
                    Some((label, all))
                }
            }
        }
        Target::Pair { a, b } => {
            let (ca, cb) = (*d.codes.get(a)?, *d.codes.get(b)?);
            let name = |c| project.code(c).map(|c| c.name.clone()).unwrap_or_default();
            Some((
                format!("{} × {}", name(ca), name(cb)),
                cooccur::cell_places(project, s.mode, ca, cb),
            ))
        }
        Target::Passage(_) | Target::Document(_) => None,
    }
}

pub fn charts_ui(
    ui: &mut egui::Ui,
    p: &mut ChartsPanel,
    view: &mut View,
    shared: &mut Shared,
) -> Option<String> {
    let generation = view.history.generation();
    let mut status = None;
    let s = &mut p.settings;
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut s.kind, Kind::Frequencies, "Frequencies");
        ui.selectable_value(&mut s.kind, Kind::HeatMap, "Co-occurrence heat map");
        ui.selectable_value(&mut s.kind, Kind::Density, "Coding density");
        ui.separator();
        match s.kind {
            Kind::Frequencies => {
                crate::ui::widgets::labelled_combo(
                    ui,
                    "Rows",
                    "chart rows",
                    if s.rows == Rows::Codes {
                        "Codes"
                    } else {
                        "Themes"
                    },
                    |ui| {
                        ui.selectable_value(&mut s.rows, Rows::Codes, "Codes");
                        ui.selectable_value(&mut s.rows, Rows::Themes, "Themes");
                    },
                );
                crate::ui::widgets::labelled_combo(
                    ui,
                    "Count",
                    "chart measure",
                    s.measure.label(),
                    |ui| {
                        for m in Measure::ALL {
                            ui.selectable_value(&mut s.measure, m, m.label());
                        }
                    },
                );
                crate::ui::widgets::labelled_combo(
                    ui,
                    "Group",
                    "chart group",
                    &match &s.group {
                        Some(g) => format!("by {g}"),
                        None => "not grouped".into(),
                    },
                    |ui| {
                        ui.selectable_value(&mut s.group, None, "not grouped");
                        for a in super::matrix::attribute_names(view.project) {
                            let label = format!("by {a}");
                            ui.selectable_value(&mut s.group, Some(a), label);
                        }
                    },
                );
                ui.selectable_value(&mut s.order, Order::Tree, "codebook order");
                ui.selectable_value(&mut s.order, Order::Largest, "largest first");
            }
            Kind::HeatMap => {
                ui.selectable_value(&mut s.mode, Mode::Overlap, "overlapping");
                ui.selectable_value(&mut s.mode, Mode::SameTurn, "same turn");
                ui.checkbox(&mut s.jaccard, "Jaccard index");
            }
            Kind::Density => {}
        }
        if p.job.busy() {
            ui.spinner();
        }
    });
    let key = (generation, key_of(&p.settings));
    if let Some((k, d)) = p.job.poll()
        && Some(&k) == p.ran.as_ref()
    {
        p.drawn = Some(d);
    }
    if p.ran.as_ref() != Some(&key) && !p.job.running(&key) {
        p.ran = Some(key.clone());
        p.cell = None;
        if job::small(view.project) {
            p.drawn = Some(draw(view.project, &p.settings));
        } else {
            let project = shared.get(view.project, generation);
            let s = p.settings.clone();
            p.job.start(ui.ctx(), key, move || draw(&project, &s));
        }
    }
    let drawn = match &p.drawn {
        None => {
            ui.label("Drawing…");
            return status;
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return status;
        }
        Some(Ok(d)) => d,
    };
    ui.horizontal(|ui| {
        if ui.button("Save PNG…").clicked() {
            status = Some(
                match drawn.chart.png(2.0, &crate::query::cli::chart_font()) {
                    Ok(bytes) => super::save_file(&drawn.chart.title, "png", "PNG image", &bytes),
                    Err(e) => e,
                },
            );
        }
        if ui.button("Save SVG…").clicked() {
            status = Some(super::save_file(
                &drawn.chart.title,
                "svg",
                "SVG image",
                drawn.chart.svg().as_bytes(),
            ));
        }
        ui.label(RichText::new("Click a bar or a cell for its passages.").weak());
    });
    let list_h = if p.cell.is_some() { 240.0 } else { 0.0 };
    let mut hit = None;
    egui::ScrollArea::both()
        .id_salt("chart")
        .max_height((ui.available_height() - list_h).max(200.0))
        .show(ui, |ui| {
            hit = paint_chart(ui, &drawn.chart);
        });
    match hit {
        Some(Target::Passage(place)) => view.push(Action::ShowPassage {
            document: place.document,
            range: place.range,
        }),
        Some(Target::Document(id)) => {
            view.push(Action::SelectDocument(id));
            view.push(Action::ShowWorkspace(Workspace::Coding));
        }
        Some(t) => p.cell = places_of(view.project, drawn, &p.settings, t),
        None => {}
    }
    if let Some((title, places)) = &p.cell {
        ui.separator();
        let mut close = false;
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{title}: {} passages", places.len())).strong());
            if let Some(s) = export_button(ui, view.project, places, "chart passages") {
                status = Some(s);
            }
            close = ui.button("Close").clicked();
        });
        passages_ui(ui, "chart cell", view.project, places, None, view.actions);
        if close {
            p.cell = None;
        }
    }
    status
}
