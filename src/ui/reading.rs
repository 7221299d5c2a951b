//! The reading pane: a transcript as speaker turns, coded passages highlighted in their codes'
//! colours beneath the text, and the user's selection kept in document offsets (not egui's label
//! selection) so it can span paragraphs and is always snapped to grapheme clusters.

use super::action::Action;
use super::colors;
use super::view::View;
use crate::model::{CodingId, DocId, Document, TextRange, byte_to_char, char_to_byte};
use egui::epaint::text::CharIndex;
use egui::{
    Align2, Color32, FontId, Galley, Pos2, Rect, RichText, Sense, Stroke, Vec2, WidgetInfo, pos2,
    vec2,
};
use std::sync::Arc;

const GUTTER: f32 = 40.0;
const BODY_SIZE: f32 = 15.0;

/// A selection in document byte offsets; the anchor stays put while the head moves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

#[derive(Default)]
pub struct ReadingState {
    pub doc: Option<DocId>,
    pub selection: Option<Selection>,
    /// Where the user clicked on coded text: the offset and the screen position for the popup.
    pub inspect: Option<(usize, Pos2)>,
    pub code_query: String,
    pub focus_picker: bool,
    /// A coding to scroll into view and flash (set by [`super::Action::JumpToCoding`]).
    pub jump: Option<crate::model::CodingId>,
}

impl ReadingState {
    /// The selected passage, snapped to grapheme boundaries; `None` if empty.
    pub fn selected_range(&self, doc: &Document) -> Option<TextRange> {
        let s = self.selection?;
        doc.snap_range(s.anchor, s.head)
    }

    pub fn show_document(&mut self, doc: DocId) {
        if self.doc != Some(doc) {
            self.doc = Some(doc);
            self.selection = None;
            self.inspect = None;
        }
    }
}

/// One laid-out paragraph of this frame: where its text sits and which turn it is.
struct Placed {
    turn: usize,
    turn_start: usize,
    origin: Pos2,
    galley: Arc<Galley>,
    response: egui::Response,
}

pub fn reading_ui(ui: &mut egui::Ui, state: &mut ReadingState, view: &mut View) {
    let Some(doc) = state.doc.and_then(|id| view.project.document(id)) else {
        ui.centered_and_justified(|ui| {
            ui.label(RichText::new("Pick a document on the left to start reading.").weak());
        });
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(&doc.title);
        ui.label(
            RichText::new(format!(
                "{} turns · {} words",
                doc.turns.len(),
                doc.word_count()
            ))
            .weak(),
        );
    });
    super::coding_bar::coding_bar_ui(ui, state, view, doc);
    ui.separator();

    egui::ScrollArea::vertical()
        .id_salt(("reading", doc.id))
        .auto_shrink([false, false])
        .show(ui, |ui| paragraphs_ui(ui, state, view, doc));

    if state.inspect.is_some() {
        codings_here_ui(ui.ctx(), state, view, doc);
    }
}

fn paragraphs_ui(ui: &mut egui::Ui, state: &mut ReadingState, view: &mut View, doc: &Document) {
    let codings = view.project.codings_in(doc.id);
    let dark = ui.visuals().dark_mode;
    let text_color = ui.visuals().text_color();
    let selection = state.selected_range(doc);
    let wrap = (ui.available_width() - GUTTER - 8.0).max(120.0);
    let mut placed: Vec<Placed> = Vec::with_capacity(doc.turns.len());

    for (i, (turn, start)) in doc.turns.iter().zip(doc.turn_starts()).enumerate() {
        let end = start + turn.text.len();
        ui.add_space(6.0);
        if turn.speaker.is_some() || turn.time.is_some() {
            ui.horizontal(|ui| {
                ui.add_space(GUTTER);
                if let Some(name) = &turn.speaker {
                    ui.label(RichText::new(name).strong().color(speaker_color(dark)));
                }
                if let Some(t) = &turn.time {
                    ui.label(RichText::new(t).weak().small());
                }
            });
        }
        let galley = ui.painter().layout(
            turn.text.clone(),
            FontId::proportional(BODY_SIZE),
            text_color,
            wrap,
        );
        let (rect, response) = ui.allocate_exact_size(
            vec2(GUTTER + wrap, galley.size().y),
            Sense::click_and_drag(),
        );
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Paragraph, true, &turn.text));
        let origin = rect.min + vec2(GUTTER, 0.0);

        if ui.is_rect_visible(rect) {
            let painter = ui.painter();
            painter.text(
                rect.min + vec2(GUTTER - 8.0, 0.0),
                Align2::RIGHT_TOP,
                (i + 1).to_string(),
                FontId::proportional(11.0),
                ui.visuals().weak_text_color(),
            );
            // Highlights beneath the text, from the galley's geometry; lanes keep overlapping
            // codings' underlines apart.
            let mut lanes: Vec<crate::model::CodeId> = Vec::new();
            for c in codings
                .iter()
                .filter(|c| c.range.start < end && c.range.end > start)
            {
                let Some(code) = view.project.code(c.code) else {
                    continue;
                };
                let lane = lanes.iter().position(|l| *l == c.code).unwrap_or_else(|| {
                    lanes.push(c.code);
                    lanes.len() - 1
                });
                for r in range_rects(&galley, &turn.text, c.range, start) {
                    let r = r.translate(origin.to_vec2());
                    painter.rect_filled(r, 2.0, colors::fill(code.color, dark));
                    let y = r.bottom() - 1.0 - 2.5 * (lane % 4) as f32;
                    painter.line_segment(
                        [pos2(r.left(), y), pos2(r.right(), y)],
                        Stroke::new(2.0, colors::solid(code.color)),
                    );
                }
            }
            if let Some(sel) = selection {
                let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
                for r in range_rects(&galley, &turn.text, sel, start) {
                    painter.rect_filled(r.translate(origin.to_vec2()), 0.0, fill);
                }
            }
            painter.galley(origin, galley.clone(), text_color);
        }
        placed.push(Placed {
            turn: i,
            turn_start: start,
            origin,
            galley,
            response,
        });
    }
    ui.add_space(24.0);
    handle_pointer(ui, state, doc, &placed, &codings);
}

/// Turns this frame's pointer input on the paragraphs into selection changes and clicks.
fn handle_pointer(
    ui: &egui::Ui,
    state: &mut ReadingState,
    doc: &Document,
    placed: &[Placed],
    codings: &[&crate::model::Coding],
) {
    let shift = ui.input(|i| i.modifiers.shift);
    for p in placed {
        let r = &p.response;
        if r.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin()).unwrap_or_default();
            let at = offset_at(doc, placed, origin);
            state.selection = Some(match state.selection {
                Some(s) if shift => Selection {
                    anchor: s.anchor,
                    head: at,
                },
                _ => Selection {
                    anchor: at,
                    head: at,
                },
            });
            state.inspect = None;
        }
        if r.dragged()
            && let (Some(pos), Some(sel)) = (r.interact_pointer_pos(), state.selection.as_mut())
        {
            sel.head = offset_at(doc, placed, pos);
        }
        if r.clicked()
            && let Some(pos) = r.interact_pointer_pos()
        {
            let at = offset_at(doc, placed, pos);
            match state.selection {
                Some(s) if shift => {
                    state.selection = Some(Selection {
                        anchor: s.anchor,
                        head: at,
                    });
                }
                _ => {
                    state.selection = None;
                    let hit = codings.iter().any(|c| c.range.contains(at));
                    state.inspect = hit.then_some((at, pos));
                }
            }
            let _ = p.turn;
        }
    }
}

/// The document offset under a screen position: the nearest paragraph by height, then the
/// nearest character in it.
fn offset_at(doc: &Document, placed: &[Placed], pos: Pos2) -> usize {
    let Some(p) = placed
        .iter()
        .find(|p| pos.y < p.origin.y + p.galley.size().y)
        .or_else(|| placed.last())
    else {
        return 0;
    };
    let text = &doc.turns[p.turn].text;
    if pos.y < p.origin.y
        && placed.first().is_some_and(|f| f.turn == p.turn)
        && pos.y < p.origin.y - 20.0
    {
        return p.turn_start;
    }
    let cursor = p.galley.cursor_from_pos(pos - p.origin);
    p.turn_start + char_to_byte(text, cursor.index.0)
}

/// Rectangles (relative to the galley) covering the part of `range` (document offsets) that lies
/// in this paragraph, one per wrapped row.
fn range_rects(galley: &Galley, text: &str, range: TextRange, turn_start: usize) -> Vec<Rect> {
    let turn_end = turn_start + text.len();
    if range.end <= turn_start || range.start > turn_end {
        return Vec::new();
    }
    let a = byte_to_char(text, range.start.max(turn_start) - turn_start);
    let b = byte_to_char(text, range.end.min(turn_end) - turn_start);
    let mut out = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let row_end = row_start + row.glyphs.len();
        let (ra, rb) = (a.max(row_start), b.min(row_end));
        if ra < rb {
            let x0 = row.pos.x + row.x_offset(CharIndex(ra - row_start));
            let x1 = row.pos.x + row.x_offset(CharIndex(rb - row_start));
            out.push(Rect::from_x_y_ranges(x0..=x1, row.min_y()..=row.max_y()));
        }
        row_start += row.char_count_including_newline().0;
    }
    out
}

fn speaker_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x9c, 0xc3, 0xe6)
    } else {
        Color32::from_rgb(0x1f, 0x4e, 0x79)
    }
}

/// The popup listing the codings under a click, each removable.
fn codings_here_ui(ctx: &egui::Context, state: &mut ReadingState, view: &mut View, doc: &Document) {
    let Some((at, pos)) = state.inspect else {
        return;
    };
    let here: Vec<&crate::model::Coding> = view
        .project
        .codings_in(doc.id)
        .into_iter()
        .filter(|c| c.range.contains(at))
        .collect();
    if here.is_empty() {
        state.inspect = None;
        return;
    }
    let mut open = true;
    let mut remove: Option<(CodingId, String)> = None;
    egui::Window::new("Codings here")
        .open(&mut open)
        .default_pos(pos + Vec2::new(12.0, 12.0))
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            for c in &here {
                let Some(code) = view.project.code(c.code) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                    ui.painter().rect_filled(r, 2.0, colors::solid(code.color));
                    ui.label(RichText::new(&code.name).strong());
                    let coder = view.project.coder(c.coder).map_or("?", |k| k.name.as_str());
                    ui.label(RichText::new(format!("by {coder}")).weak());
                    if ui
                        .button("Remove")
                        .on_hover_text("Remove this coding")
                        .clicked()
                    {
                        remove = Some((c.id, code.name.clone()));
                    }
                });
                let quote = doc.slice(c.range);
                ui.label(RichText::new(format!("“{}”", ellipsize(&quote, 140))).italics());
                ui.add_space(4.0);
            }
        });
    if let Some((id, name)) = remove {
        view.push(Action::edit(
            crate::edit::ops::remove_coding(view.project, id),
            format!("Remove coding “{name}”"),
        ));
    }
    if !open {
        state.inspect = None;
    }
}

/// At most `max` chars of `s`, with an ellipsis when cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ⏎ ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
