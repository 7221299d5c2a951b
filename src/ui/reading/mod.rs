//! The reading pane: a transcript as speaker turns, virtualized so that only the visible
//! paragraphs are laid out and painted (heights are estimated until measured and kept in a
//! [`layout::HeightIndex`]); coded passages highlighted beneath the text from the galley's
//! geometry, with coding stripes in a margin; the user's selection kept in document offsets so it
//! survives scrolling and is always snapped to grapheme clusters; find, go to, zoom and jump to a
//! coding.

mod derived;
mod find;
mod layout;
mod paint;
mod select;

use super::action::Action;
use super::colors;
use super::view::View;
use crate::model::{CodingId, DocId, Document, TextRange, byte_to_char, char_to_byte};
use derived::Derived;
use egui::epaint::text::cursor::CCursor;
use egui::{Galley, Id, Key, Modifiers, Pos2, Rect, RichText, Sense, Vec2, vec2};
use find::FindState;
use layout::HeightIndex;
use std::sync::Arc;

/// Body text size at 100 % zoom.
const BODY_SIZE: f32 = 15.0;
/// Line height as a multiple of the text size.
const LINE_SPACING: f32 = 1.5;
/// Space between paragraphs, at 100 % zoom.
const GAP: f32 = 10.0;
/// Width of one stripe lane in the margin.
const LANE_W: f32 = 22.0;
/// At most this many stripe lanes are drawn; the rest show in tooltips and highlights.
const MAX_LANES: usize = 8;
/// How long a jumped-to coding flashes, in seconds.
const FLASH_SECS: f64 = 0.9;

/// What the reading pane can be asked to do from menus and shortcuts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadingCommand {
    Find,
    GoTo,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Copy,
    ToggleLineNumbers,
}

/// A selection in document byte offsets; the anchor stays put while the head moves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

/// Where the pane should scroll at the next frame.
#[derive(Clone, Copy, Debug)]
enum Goal {
    Offset(f32),
    /// Bring this passage into view (a third down the pane) unless it is already visible.
    Range(TextRange),
}

/// What the height index was built for; a change re-estimates every height.
#[derive(Clone, Copy, PartialEq, Debug)]
struct IndexKey {
    doc: DocId,
    paragraphs: usize,
    wrap: f32,
    zoom: f32,
}

pub struct ReadingState {
    pub doc: Option<DocId>,
    pub selection: Option<Selection>,
    /// Where the user clicked on coded text: the offset and the screen position for the popup.
    pub inspect: Option<(usize, Pos2)>,
    pub code_query: String,
    pub focus_picker: bool,
    /// A coding to scroll into view and flash (set by [`super::Action::JumpToCoding`]).
    pub jump: Option<CodingId>,
    /// Size of the reading text, independent of the interface's size (1.0 = 100 %).
    pub zoom: f32,
    /// Show line numbers (within each paragraph) in the gutter.
    pub line_numbers: bool,
    pub find: FindState,
    /// The "go to paragraph" field, while open.
    pub goto: Option<String>,
    goto_focus: bool,
    derived: Derived,
    index: Option<(IndexKey, HeightIndex)>,
    /// Last frame's first visible paragraph and its top, to keep it still when heights above it
    /// are corrected.
    anchor: Option<(usize, f32)>,
    goal: Option<Goal>,
    /// The scroll area's id, the viewport height and scroll offset of the last frame.
    scroll_id: Option<Id>,
    viewport_h: f32,
    offset: f32,
    total_h: f32,
    /// A coding flashing since this time.
    flash: Option<(CodingId, f64)>,
    /// The coding whose stripe was clicked last.
    pub selected_coding: Option<CodingId>,
    /// Scroll speed requested by a drag-select held at the pane's edge, points per frame.
    autoscroll: f32,
}

impl Default for ReadingState {
    fn default() -> Self {
        Self {
            doc: None,
            selection: None,
            inspect: None,
            code_query: String::new(),
            focus_picker: false,
            jump: None,
            zoom: 1.0,
            line_numbers: false,
            find: FindState::default(),
            goto: None,
            goto_focus: false,
            derived: Derived::default(),
            index: None,
            anchor: None,
            goal: None,
            scroll_id: None,
            viewport_h: 600.0,
            offset: 0.0,
            total_h: 0.0,
            flash: None,
            selected_coding: None,
            autoscroll: 0.0,
        }
    }
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
            self.anchor = None;
            self.goal = Some(Goal::Offset(0.0));
            self.selected_coding = None;
        }
    }

    /// Scrolls the pane so that `offset` (points from the top of the document) is at the top at
    /// the next frame.
    pub fn scroll_to_offset(&mut self, offset: f32) {
        self.goal = Some(Goal::Offset(offset));
    }

    /// The scroll offset of the last frame, in points from the top of the document.
    pub fn scroll_offset(&self) -> f32 {
        self.offset
    }

    /// The height of the whole document as last laid out (partly estimated).
    pub fn document_height(&self) -> f32 {
        self.total_h
    }

    /// The height of the last frame's viewport.
    pub fn viewport_height(&self) -> f32 {
        self.viewport_h
    }

    /// Carries out a menu or shortcut command. Returns a message for the status bar, if any.
    pub fn command(
        &mut self,
        ctx: &egui::Context,
        project: &crate::model::Project,
        cmd: ReadingCommand,
    ) -> Option<String> {
        match cmd {
            ReadingCommand::Find => {
                self.find.open = true;
                self.find.focus = true;
                None
            }
            ReadingCommand::GoTo => {
                self.goto = Some(String::new());
                self.goto_focus = true;
                None
            }
            ReadingCommand::ZoomIn => self.set_zoom(self.zoom * 1.1),
            ReadingCommand::ZoomOut => self.set_zoom(self.zoom / 1.1),
            ReadingCommand::ZoomReset => self.set_zoom(1.0),
            ReadingCommand::ToggleLineNumbers => {
                self.line_numbers = !self.line_numbers;
                None
            }
            ReadingCommand::Copy => {
                let doc = project.document(self.doc?)?;
                let Some(range) = self.selected_range(doc) else {
                    return Some("Select a passage first, then press Ctrl+C to copy it.".into());
                };
                let text = select::citation(doc, &doc.turn_starts(), range);
                ctx.copy_text(text);
                Some("Copied the passage with its citation.".into())
            }
        }
    }

    fn set_zoom(&mut self, zoom: f32) -> Option<String> {
        self.zoom = ((zoom * 20.0).round() / 20.0).clamp(0.5, 3.0);
        Some(format!("Reading text at {:.0} %", self.zoom * 100.0))
    }
}

/// The reading pane for `state.doc`: title, coding bar, find and go-to bars, and the text.
pub fn reading_ui(ui: &mut egui::Ui, state: &mut ReadingState, view: &mut View) {
    // Ctrl +/-/0 zoom the reading text, not the whole interface.
    if ui.ctx().options(|o| o.zoom_with_keyboard) {
        ui.ctx().options_mut(|o| o.zoom_with_keyboard = false);
    }
    let Some(doc) = state.doc.and_then(|id| view.project.document(id)) else {
        ui.centered_and_justified(|ui| {
            ui.label(RichText::new("Pick a document on the left to start reading.").weak());
        });
        return;
    };
    state.derived.refresh_with(view.project, doc, view.history);
    ui.horizontal(|ui| {
        ui.heading(&doc.title);
        ui.label(
            RichText::new(format!(
                "{} turns · {} words",
                doc.turns.len(),
                state.derived.words
            ))
            .weak(),
        );
        if (state.zoom - 1.0).abs() > 0.01 {
            ui.label(RichText::new(format!("· text {:.0} %", state.zoom * 100.0)).weak());
        }
    });
    super::coding_bar::coding_bar_ui(ui, state, view, doc);
    find_bar_ui(ui, state, doc);
    goto_bar_ui(ui, state, doc);
    ui.separator();
    text_ui(ui, state, view, doc);
    if state.inspect.is_some() {
        codings_here_ui(ui.ctx(), state, view, doc);
    }
}

/// Paragraph `i` laid out for this frame (never kept across frames).
struct Laid {
    header: Option<(Arc<Galley>, Option<paint::Label>)>,
    header_h: f32,
    text: Arc<Galley>,
    height: f32,
}

/// Fonts and colours of one frame.
struct Style {
    body: egui::FontId,
    small: egui::FontId,
    text: egui::Color32,
    weak: egui::Color32,
    speaker: egui::Color32,
    dark: bool,
    wrap: f32,
    gap: f32,
}

fn lay_out(ui: &egui::Ui, doc: &Document, i: usize, st: &Style) -> Option<Laid> {
    let turn = doc.turns.get(i)?;
    let painter = ui.painter();
    let header = (turn.speaker.is_some() || turn.time.is_some()).then(|| {
        let name = painter.layout_no_wrap(
            turn.speaker.clone().unwrap_or_default(),
            egui::FontId::proportional(st.body.size * 0.93),
            st.speaker,
        );
        let time = turn
            .time
            .as_ref()
            .map(|t| paint::Label::new(painter, t, &st.small, st.weak));
        (name, time)
    });
    let header_h = header
        .as_ref()
        .map_or(0.0, |(n, _)| n.size().y.max(st.small.size) + 2.0);
    // Generous line spacing: easier to read, and room above and below each line for the
    // coding underlines.
    let mut job =
        egui::text::LayoutJob::simple(turn.text.clone(), st.body.clone(), st.text, st.wrap);
    for s in &mut job.sections {
        s.format.line_height = Some(st.body.size * LINE_SPACING);
    }
    let text = painter.layout_job(job);
    let height = header_h + text.size().y + st.gap;
    Some(Laid {
        header,
        header_h,
        text,
        height,
    })
}

/// A height for paragraph `i` without laying it out.
fn estimate(doc: &Document, chars: &[u32], i: usize, st: &Style, char_w: f32, row_h: f32) -> f32 {
    let Some(turn) = doc.turns.get(i) else {
        return 0.0;
    };
    let chars = chars.get(i).copied().unwrap_or(0) as f32;
    let per_row = (st.wrap / char_w).max(1.0);
    let rows = (chars / per_row).ceil().max(1.0);
    let header = if turn.speaker.is_some() || turn.time.is_some() {
        row_h * 0.93 + 2.0
    } else {
        0.0
    };
    header + rows * st.body.size * LINE_SPACING + st.gap
}

fn gutter_width(paragraphs: usize, zoom: f32) -> f32 {
    let digits = paragraphs.max(1).to_string().len() as f32;
    (digits * 7.0 * zoom + 16.0).max(40.0)
}

/// The text itself: a virtualized scroll area over the paragraphs.
fn text_ui(ui: &mut egui::Ui, state: &mut ReadingState, view: &mut View, doc: &Document) {
    let ctx = ui.ctx().clone();
    let now = ctx.input(|i| i.time);
    if state.find.refresh(doc)
        && let Some(sel) = state.selection
    {
        state.find.start_at(sel.anchor.min(sel.head));
    }
    if let Some(id) = state.jump.take()
        && let Some(c) = view.project.codings.get(&id)
        && c.document == doc.id
    {
        state.goal = Some(Goal::Range(c.range));
        state.flash = Some((id, now));
    }

    let dark = ui.visuals().dark_mode;
    let zoom = state.zoom;
    let scroll = &ui.spacing().scroll;
    let bar = scroll.bar_width + scroll.bar_outer_margin + scroll.bar_inner_margin;
    let full_w = ui.available_width() - bar;
    let gutter = gutter_width(doc.turns.len(), zoom);
    let lanes = state.derived.lanes.min(MAX_LANES);
    let stripes_w = if lanes > 0 {
        lanes as f32 * LANE_W + 10.0
    } else {
        0.0
    };
    let wrap = ((full_w - gutter - stripes_w - 12.0).max(120.0)).round();
    let st = Style {
        body: egui::FontId::proportional(BODY_SIZE * zoom),
        small: egui::FontId::proportional(11.0 * zoom),
        text: ui.visuals().text_color(),
        weak: ui.visuals().weak_text_color(),
        speaker: paint::speaker_color(dark),
        dark,
        wrap,
        gap: GAP * zoom,
    };

    // The height index: rebuilt (estimated) when the document, width or zoom changes, keeping
    // the paragraph at the top of the pane where it was.
    let key = IndexKey {
        doc: doc.id,
        paragraphs: doc.turns.len(),
        wrap,
        zoom,
    };
    let mut offset = state
        .scroll_id
        .and_then(|id| egui::scroll_area::State::load(&ctx, id))
        .map_or(state.offset, |s| s.clamped_offset().y);
    let mut forced = false;
    if state.index.as_ref().map(|(k, _)| *k) != Some(key) {
        let row_h = ui.fonts_mut(|f| f.row_height(&st.body));
        let sample = "The quick brown fox jumps over the lazy dog, then it rests.";
        let char_w = ui
            .painter()
            .layout_no_wrap(sample.to_owned(), st.body.clone(), st.text)
            .size()
            .x
            / sample.len() as f32;
        let estimates = (0..doc.turns.len())
            .map(|i| estimate(doc, &state.derived.chars, i, &st, char_w.max(1.0), row_h))
            .collect();
        let mut index = HeightIndex::new(estimates);
        if let Some((old_key, old)) = state.index.as_mut()
            && old_key.doc == doc.id
            && state.goal.is_none()
        {
            let k = old.index_at(offset);
            let frac = ((offset - old.top(k)) / old.height(k).max(1.0)).clamp(0.0, 1.0);
            offset = index.top(k) + frac * index.height(k);
            forced = true;
        }
        state.index = Some((key, index));
        state.anchor = None;
    }
    let Some((_, index)) = state.index.as_mut() else {
        return;
    };
    let vh = state.viewport_h.max(50.0);
    if state.autoscroll != 0.0 {
        offset += state.autoscroll;
        state.autoscroll = 0.0;
        forced = true;
    }

    // Lay out what will be visible, measuring it; keep the text the user sees still when the
    // measured heights differ from the estimates above it.
    let mut laid: Vec<(usize, Laid)> = Vec::new();
    let goal = state.goal.take();
    match goal {
        Some(Goal::Offset(y)) => {
            offset = y;
            forced = true;
            state.anchor = None;
        }
        Some(Goal::Range(r)) => {
            let p = state.derived.para_of(r.start);
            if let Some(l) = lay_out(ui, doc, p, &st) {
                index.set_measured(p, l.height);
                let local = r
                    .start
                    .saturating_sub(state.derived.starts.get(p).copied().unwrap_or(0));
                let text = doc.turns.get(p).map_or("", |t| t.text.as_str());
                let row = l
                    .text
                    .pos_from_cursor(CCursor::new(byte_to_char(text, local)));
                let y = index.top(p) + l.header_h + row.min.y;
                if y < offset + 8.0 || y + row.height() > offset + vh - 8.0 {
                    offset = y - vh * 0.3;
                    forced = true;
                }
                laid.push((p, l));
            }
            state.anchor = None;
        }
        None => {}
    }
    for _ in 0..4 {
        offset = offset.clamp(0.0, (index.total() - vh).max(0.0));
        let mut i = index.index_at(offset);
        while i < index.len() && index.top(i) < offset + vh {
            if !laid.iter().any(|(p, _)| *p == i)
                && let Some(l) = lay_out(ui, doc, i, &st)
            {
                index.set_measured(i, l.height);
                laid.push((i, l));
            }
            i += 1;
        }
        match state.anchor {
            Some((k, old_top)) if (index.top(k) - old_top).abs() > 0.25 => {
                offset += index.top(k) - old_top;
                state.anchor = Some((k, index.top(k)));
                forced = true;
            }
            _ => break,
        }
    }
    offset = offset.clamp(0.0, (index.total() - vh).max(0.0));
    let total = index.total();
    state.total_h = total;

    let mut area = egui::ScrollArea::vertical()
        .id_salt(("reading", doc.id))
        .auto_shrink([false, false]);
    if forced {
        area = area.vertical_scroll_offset(offset);
    }
    let sel = state.selected_range(doc);
    let output = area.show_viewport(ui, |ui, viewport| {
        ui.set_height(total);
        ui.set_width(full_w);
        let frame = paint::Frame {
            doc,
            st: &st,
            gutter,
            stripes_x: gutter + wrap + 12.0,
            lanes,
            selection: sel,
            line_numbers: state.line_numbers,
            flash: state
                .flash
                .filter(|(_, t)| now - t < FLASH_SECS)
                .map(|(id, t)| (id, ((now - t) / FLASH_SECS) as f32)),
            find: &state.find,
            label_until: std::cell::Cell::new([f32::NEG_INFINITY; MAX_LANES]),
        };
        let Some((_, index)) = state.index.as_mut() else {
            return Vec::new();
        };
        let origin = ui.min_rect().min;
        let mut placed = Vec::new();
        let mut i = index.index_at(viewport.top());
        while i < index.len() && index.top(i) < viewport.bottom() {
            let l = match laid.iter().position(|(p, _)| *p == i) {
                Some(k) => laid.swap_remove(k).1,
                None => match lay_out(ui, doc, i, &st) {
                    Some(l) => {
                        index.set_measured(i, l.height);
                        l
                    }
                    None => break,
                },
            };
            let top = origin.y + index.top(i);
            placed.push(paint::paint_paragraph(
                ui,
                &frame,
                &state.derived,
                i,
                top,
                origin.x,
                l,
            ));
            i += 1;
        }
        placed
    });
    state.scroll_id = Some(output.id);
    state.viewport_h = output.inner_rect.height();
    state.offset = output.state.clamped_offset().y;
    if state.flash.is_some_and(|(_, t)| now - t < FLASH_SECS) {
        ctx.request_repaint();
    } else {
        state.flash = None;
    }
    let placed = output.inner;
    if let (Some((_, index)), Some(first)) = (state.index.as_mut(), placed.first()) {
        state.anchor = Some((first.para, index.top(first.para)));
    }
    interact(ui, state, view, doc, &placed, output.inner_rect);
}

/// Pointer and keyboard input on the text: selection, clicks on codings and stripes, hover.
fn interact(
    ui: &mut egui::Ui,
    state: &mut ReadingState,
    view: &mut View,
    doc: &Document,
    placed: &[paint::Placed],
    rect: Rect,
) {
    let surface = ui.interact(
        rect,
        ui.scope_id().with("reading-surface"),
        Sense::click_and_drag(),
    );
    surface.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Document,
            true,
            format!("Transcript: {}", doc.title),
        )
    });
    let shift = ui.input(|i| i.modifiers.shift);
    let starts = &state.derived.starts;
    let in_stripes = |p: Pos2| placed.iter().any(|pl| p.x >= pl.stripes_x) && !placed.is_empty();

    if surface.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
        && !in_stripes(origin)
    {
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
    if surface.dragged()
        && let Some(pos) = ui.input(|i| i.pointer.interact_pos())
        && let Some(sel) = state.selection.as_mut()
    {
        sel.head = offset_at(doc, placed, pos);
        // Auto-scroll while the pointer is held near (or beyond) the top or bottom edge.
        let edge = 28.0;
        let speed = if pos.y < rect.top() + edge {
            -(rect.top() + edge - pos.y).min(120.0) * 0.5
        } else if pos.y > rect.bottom() - edge {
            (pos.y - (rect.bottom() - edge)).min(120.0) * 0.5
        } else {
            0.0
        };
        if speed != 0.0 {
            state.autoscroll = speed;
            ui.ctx().request_repaint();
        }
    }
    if surface.clicked()
        && let Some(pos) = surface.interact_pointer_pos()
    {
        if in_stripes(pos) {
            if let Some(m) = paint::stripe_at(placed, &state.derived, pos) {
                state.selection = Some(Selection {
                    anchor: m.range.start,
                    head: m.range.end,
                });
                state.selected_coding = Some(m.id);
                state.flash = Some((m.id, ui.input(|i| i.time)));
                view.push(Action::Status(format!(
                    "Selected a coding of “{}”: {}",
                    state.derived.name(m),
                    ellipsize(&doc.slice(m.range), 60)
                )));
            }
        } else {
            let at = offset_at(doc, placed, pos);
            if surface.triple_clicked() {
                state.selection = select::paragraph_at(doc, starts, at).map(|r| Selection {
                    anchor: r.start,
                    head: r.end,
                });
                state.inspect = None;
            } else if surface.double_clicked() {
                state.selection = select::word_at(doc, starts, at).map(|r| Selection {
                    anchor: r.start,
                    head: r.end,
                });
                state.inspect = None;
            } else {
                match state.selection {
                    Some(s) if shift => {
                        state.selection = Some(Selection {
                            anchor: s.anchor,
                            head: at,
                        });
                    }
                    _ => {
                        state.selection = Some(Selection {
                            anchor: at,
                            head: at,
                        });
                        let para = state.derived.para_of(at);
                        let hit = state.derived.marks_at(para, at).next().is_some();
                        state.inspect = hit.then_some((at, pos));
                    }
                }
            }
        }
    }
    // What is under the pointer: a stripe or coded text.
    if let Some(pos) = surface.hover_pos()
        && !surface.dragged()
    {
        let names: Vec<String> = if in_stripes(pos) {
            paint::stripe_at(placed, &state.derived, pos)
                .map(|m| {
                    vec![format!(
                        "{} — “{}” (click to select)",
                        state.derived.name(m),
                        ellipsize(&doc.slice(m.range), 60)
                    )]
                })
                .unwrap_or_default()
        } else if placed.iter().any(|p| p.contains_text(pos)) {
            let at = offset_at(doc, placed, pos);
            let para = state.derived.para_of(at);
            let mut v: Vec<String> = state
                .derived
                .marks_at(para, at)
                .map(|m| state.derived.name(m).to_owned())
                .collect();
            v.dedup();
            v
        } else {
            Vec::new()
        };
        if !names.is_empty() {
            surface.clone().on_hover_ui_at_pointer(|ui| {
                for n in &names {
                    ui.label(n);
                }
            });
        }
        if in_stripes(pos) {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        } else {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
        }
    }
    keyboard(ui, state, doc, placed);
}

/// Shift+arrow keys move the selection's head by a grapheme or a line.
fn keyboard(ui: &egui::Ui, state: &mut ReadingState, doc: &Document, placed: &[paint::Placed]) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    let Some(mut sel) = state.selection else {
        return;
    };
    let starts = &state.derived.starts;
    let mut moved = false;
    for (key, forward) in [(Key::ArrowLeft, false), (Key::ArrowRight, true)] {
        if ui.input_mut(|i| i.consume_key(Modifiers::SHIFT, key)) {
            sel.head = select::step_grapheme(doc, starts, sel.head, forward);
            moved = true;
        }
    }
    for (key, down) in [(Key::ArrowUp, false), (Key::ArrowDown, true)] {
        if ui.input_mut(|i| i.consume_key(Modifiers::SHIFT, key)) {
            sel.head = line_step(doc, starts, placed, sel.head, down);
            moved = true;
        }
    }
    if moved {
        state.selection = Some(sel);
        state.inspect = None;
        // Keep the head in view.
        let visible = placed
            .iter()
            .any(|p| p.start <= sel.head && sel.head <= p.start + p.len);
        if !visible {
            state.goal = Some(Goal::Range(TextRange {
                start: sel.head,
                end: sel.head,
            }));
        }
    }
}

/// The offset one line above or below `at`: through the laid-out galley when the paragraph is on
/// screen, else the start of the neighbouring paragraph.
fn line_step(
    doc: &Document,
    starts: &[usize],
    placed: &[paint::Placed],
    at: usize,
    down: bool,
) -> usize {
    if let Some(k) = placed
        .iter()
        .position(|p| p.start <= at && at <= p.start + p.len)
    {
        let p = &placed[k];
        let text = doc.turns.get(p.para).map_or("", |t| t.text.as_str());
        let cur = p
            .galley
            .pos_from_cursor(CCursor::new(byte_to_char(text, at - p.start)));
        let y = if down {
            cur.max.y + 2.0
        } else {
            cur.min.y - 2.0
        };
        if y >= 0.0 && y <= p.galley.size().y {
            let c = p.galley.cursor_from_pos(vec2(cur.min.x, y));
            return p.start + char_to_byte(text, c.index.0);
        }
        // Into the neighbouring paragraph, keeping the horizontal position.
        let next = if down { k + 1 } else { k.wrapping_sub(1) };
        if let Some(q) = placed.get(next) {
            let qt = doc.turns.get(q.para).map_or("", |t| t.text.as_str());
            let y = if down { 1.0 } else { q.galley.size().y - 1.0 };
            let c = q.galley.cursor_from_pos(vec2(cur.min.x, y));
            return q.start + char_to_byte(qt, c.index.0);
        }
    }
    let p = starts.partition_point(|s| *s <= at).saturating_sub(1);
    let target = if down { p + 1 } else { p.saturating_sub(1) };
    starts.get(target).copied().unwrap_or(doc.len())
}

/// The document offset under a screen position: the paragraph under it (or the nearest one), then
/// the nearest character.
fn offset_at(doc: &Document, placed: &[paint::Placed], pos: Pos2) -> usize {
    let Some(first) = placed.first() else {
        return 0;
    };
    if pos.y < first.top {
        return first.start;
    }
    let p = placed
        .iter()
        .find(|p| pos.y < p.bottom)
        .or_else(|| placed.last())
        .unwrap_or(first);
    if pos.y < p.origin.y {
        return p.start;
    }
    if pos.y > p.origin.y + p.galley.size().y {
        return p.start + p.len;
    }
    let text = doc.turns.get(p.para).map_or("", |t| t.text.as_str());
    let cursor = p.galley.cursor_from_pos(pos - p.origin);
    p.start + char_to_byte(text, cursor.index.0)
}

fn find_bar_ui(ui: &mut egui::Ui, state: &mut ReadingState, doc: &Document) {
    if !state.find.open {
        return;
    }
    let mut step: Option<bool> = None;
    let mut close = false;
    ui.horizontal(|ui| {
        let label = ui.label("Find:");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.find.query)
                    .hint_text("Find in document…")
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut state.find.focus) {
            response.request_focus();
        }
        if response.lost_focus() {
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            } else if ui.input(|i| i.key_pressed(Key::Enter)) {
                step = Some(!ui.input(|i| i.modifiers.shift));
                response.request_focus();
            }
        }
        ui.checkbox(&mut state.find.case_sensitive, "Match case");
        ui.checkbox(&mut state.find.whole_word, "Whole word");
        if ui.button("Previous").on_hover_text("Shift+Enter").clicked() {
            step = Some(false);
        }
        if ui.button("Next").on_hover_text("Enter").clicked() {
            step = Some(true);
        }
        // Hits are refreshed in text_ui; count what the query gives now.
        state.find.refresh(doc);
        let n = state.find.hits.len();
        let text = if state.find.query.is_empty() {
            String::new()
        } else if n == 0 {
            "No matches".to_owned()
        } else {
            format!("{} of {n} matches", state.find.current + 1)
        };
        ui.label(text);
        if ui.button("Close find").clicked() {
            close = true;
        }
    });
    if let Some(forward) = step {
        state.find.step(forward);
        if let Some(hit) = state.find.current_hit() {
            state.goal = Some(Goal::Range(hit));
        }
    }
    if close {
        state.find.open = false;
        state.find.hits.clear();
        state.find.query.clear();
    }
}

fn goto_bar_ui(ui: &mut egui::Ui, state: &mut ReadingState, doc: &Document) {
    let Some(text) = state.goto.as_mut() else {
        return;
    };
    let mut go = false;
    let mut close = false;
    ui.horizontal(|ui| {
        let label = ui.label("Go to paragraph:");
        let response = ui
            .add(
                egui::TextEdit::singleline(text)
                    .hint_text(format!("1–{}", doc.turns.len()))
                    .desired_width(80.0),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut state.goto_focus) {
            response.request_focus();
        }
        if response.lost_focus() {
            if ui.input(|i| i.key_pressed(Key::Enter)) {
                go = true;
            } else if ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            }
        }
        if ui.button("Go").clicked() {
            go = true;
        }
        if ui.button("Cancel").clicked() {
            close = true;
        }
    });
    if go {
        let n = state
            .goto
            .as_deref()
            .and_then(|t| t.trim().trim_start_matches('¶').parse::<usize>().ok());
        match n {
            Some(n) if n >= 1 && n <= doc.turns.len() => {
                let start = doc.turn_starts().get(n - 1).copied().unwrap_or(0);
                state.goal = Some(Goal::Range(TextRange { start, end: start }));
                state.goto = None;
            }
            _ => state.goto_focus = true,
        }
    }
    if close {
        state.goto = None;
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
