//! The reading pane: a transcript as speaker turns, virtualized so that only the visible
//! paragraphs are laid out and painted (heights are estimated until measured and kept in a
//! [`layout::HeightIndex`]); coded passages highlighted beneath the text from the galley's
//! geometry, with coding stripes in a margin; the user's selection kept in document offsets so it
//! survives scrolling and is always snapped to grapheme clusters; find, go to, zoom and jump to a
//! coding.

mod bars;
mod compose;
mod derived;
mod find;
mod input;
mod lanes;
mod layout;
mod lines;
mod paint;
mod select;
mod steps;
mod text_stats;
mod words;

use super::action::Action;
use super::colors;
use super::view::View;
use crate::edit::History;
use crate::model::{CodingId, DocId, Document, Project, TextRange, byte_to_char, char_to_byte};
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
    /// Word shapes and the paragraphs set from them.
    words: words::WordCache,
    /// The derived data of other documents with many codings, kept true edit by edit, so that
    /// opening one costs only its first page (built in one pass over the project's codings once
    /// the shown document is drawn), and the history generation it was last brought to.
    prepared: std::collections::HashMap<DocId, Derived>,
    prepared_at: Option<(u64, usize)>,
    /// `prepared` holds every document worth keeping (see [`derived::KEEP_FROM_CODINGS`]).
    indexed: bool,
    /// The *Edit text* mode (issue 15).
    pub text_edit: super::text_edit::TextEditState,
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
            text_edit: Default::default(),
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
            words: words::WordCache::default(),
            prepared: std::collections::HashMap::new(),
            prepared_at: None,
            indexed: false,
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

    /// Opens `doc`, selects `range` and scrolls it into view (a comment's passage, a memo's
    /// link, a search hit, a query result).
    pub fn reveal(&mut self, doc: DocId, range: TextRange) {
        self.show_document(doc);
        self.selection = Some(Selection {
            anchor: range.start,
            head: range.end,
        });
        self.goal = Some(Goal::Range(range));
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
                let text = crate::cases::cite::passage(project, doc, range);
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

impl ReadingState {
    /// Brings the pane's data up to date with the project, as a frame of the pane does before it
    /// draws (the shown document's codings and lanes, the other documents' kept data), without
    /// drawing: for benchmarks and tests of what an edit costs.
    pub fn bring_up_to_date(&mut self, project: &Project, history: &History) {
        let Some(doc) = self.doc.and_then(|id| project.document(id)) else {
            return;
        };
        let mut actions = Vec::new();
        let nobody = crate::model::Coder::new("");
        let view = View {
            project,
            history,
            user: "",
            coder: &nobody,
            actions: &mut actions,
            visible: None,
            by_coder: false,
        };
        let was_current = prepare_documents(self, &view, doc);
        self.derived.refresh_with(project, doc, history);
        if was_current && !self.indexed {
            let all = Derived::build_all(project, history, Some(doc.id));
            self.prepared.extend(all);
            self.prepared_at = Some((history.generation(), history.applied()));
            self.indexed = true;
        }
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
    let generation = view.history.generation();
    let was_current = prepare_documents(state, view, doc);
    state.derived.show_coders(view.visible);
    state.derived.refresh_with(view.project, doc, view.history);
    ui.horizontal(|ui| {
        ui.heading(&doc.title);
        ui.label(
            RichText::new(format!(
                "{} turns · {} words",
                doc.turns().len(),
                state.derived.words
            ))
            .weak(),
        );
        if (state.zoom - 1.0).abs() > 0.01 {
            ui.label(RichText::new(format!("· text {:.0} %", state.zoom * 100.0)).weak());
        }
    });
    super::coding_bar::coding_bar_ui(ui, state, view, doc);
    bars::find_bar_ui(ui, state, doc);
    bars::goto_bar_ui(ui, state, doc);
    let head = state.selection.map(|s| s.head);
    super::text_edit::edit_bar_ui(ui, &mut state.text_edit, head, view, doc);
    ui.separator();
    text_ui(ui, state, view, doc);
    // Once the shown document is drawn without rebuilding anything, index the others.
    if was_current && !state.indexed {
        let all = Derived::build_all(view.project, view.history, Some(doc.id));
        state.prepared.extend(all);
        state.prepared_at = Some((generation, view.history.applied()));
        state.indexed = true;
    }
    if state.inspect.is_some() {
        bars::codings_here_ui(ui.ctx(), state, view, doc);
    }
}

/// Keeps the other documents' data true after an edit, and swaps in the prepared data of `doc`
/// if another document was shown. Only the documents the last step touched are looked at (the
/// rest are current as of `prepared_at` and vouched for when shown): their codings are marked
/// to be laid out again from the document's list when it is shown (a few dozen microseconds
/// then, rather than an update of data not on screen at every edit), so an edit costs the same
/// in a project of ten documents or a thousand; a step that changed many codings drops the
/// prepared data (built again in one pass later). Returns whether the shown document's data was
/// already current.
fn prepare_documents(state: &mut ReadingState, view: &View, doc: &Document) -> bool {
    let project = view.project;
    let history = view.history;
    let now = (history.generation(), history.applied());
    if state.prepared_at != Some(now) {
        let touched = state
            .prepared_at
            .and_then(|at| steps::step_documents(project, history, at));
        match touched {
            Some(docs) => {
                for id in docs {
                    let Some(d) = state.prepared.get_mut(&id) else {
                        continue;
                    };
                    d.forget(); // rebuilt from the document's codings when it is shown
                }
            }
            None => {
                state.prepared.clear();
                state.indexed = false;
            }
        }
        state.prepared_at = Some(now);
    }
    if let Some((shown, _)) = state.derived.key
        && shown != doc.id
    {
        let mut old = std::mem::take(&mut state.derived);
        let current = project
            .document(shown)
            .is_some_and(|d| old.refresh_local(project, d, history));
        if current && derived::worth_keeping(project, shown) {
            old.trim();
            state.prepared.insert(shown, old);
        }
    }
    if state.derived.key.is_none()
        && let Some(mut d) = state.prepared.remove(&doc.id)
    {
        // Current as of now but for the codes' colours and names, taken here; new or reordered
        // codes leave it to be rebuilt.
        if d.sync_codes(project) {
            d.vouch(now);
        }
        state.derived = d;
    }
    state.derived.key == Some((doc.id, now.0))
}

/// The coders whose stripes get a column each (empty: stripes are not grouped by coder), with
/// their names.
fn stripe_columns(view: &View) -> Vec<(crate::model::CoderId, String)> {
    if !view.by_coder {
        return Vec::new();
    }
    view.project
        .coders
        .iter()
        .filter(|c| crate::query::layers::shows(view.visible, c.id))
        .map(|c| (c.id, c.name.clone()))
        .collect()
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
    /// The body text's format (with the generous line height).
    format: egui::TextFormat,
    small: egui::FontId,
    text: egui::Color32,
    weak: egui::Color32,
    speaker: egui::Color32,
    dark: bool,
    wrap: f32,
    gap: f32,
}

fn lay_out(
    ui: &egui::Ui,
    words: &mut words::WordCache,
    doc: &Document,
    i: usize,
    st: &Style,
) -> Option<Laid> {
    let turn = doc.turns().get(i)?;
    let painter = ui.painter();
    let header = (turn.speaker.is_some() || turn.time.is_some()).then(|| {
        let name = painter.layout_no_wrap(
            turn.speaker.as_deref().unwrap_or_default().to_owned(),
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
    let text = words.paragraph(ui.ctx(), i, &turn.text, &st.format, st.wrap);
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
    let Some(turn) = doc.turns().get(i) else {
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
    if state.find.refresh(doc, state.derived.text_len())
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
    let gutter = gutter_width(doc.turns().len(), zoom);
    let columns = stripe_columns(view);
    let per_column = state
        .derived
        .lanes
        .min(MAX_LANES / columns.len().max(1))
        .max(1);
    let lanes = if columns.is_empty() {
        state.derived.lanes.min(MAX_LANES)
    } else if state.derived.lanes == 0 {
        0
    } else {
        per_column * columns.len()
    };
    let stripes_w = if lanes > 0 {
        lanes as f32 * LANE_W + 10.0
    } else {
        0.0
    };
    let wrap = ((full_w - gutter - stripes_w - 12.0).max(120.0)).round();
    let body = egui::FontId::proportional(BODY_SIZE * zoom);
    // Generous line spacing: easier to read, and room above and below each line for the coding
    // underlines.
    let format = egui::TextFormat {
        font_id: body.clone(),
        color: ui.visuals().text_color(),
        line_height: Some(body.size * LINE_SPACING),
        ..Default::default()
    };
    state.words.begin_frame(&ctx, &format);
    let st = Style {
        format,
        body,
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
        paragraphs: doc.turns().len(),
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
        let estimates = (0..doc.turns().len())
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
            if let Some(l) = lay_out(ui, &mut state.words, doc, p, &st) {
                index.set_measured(p, l.height);
                let local = r
                    .start
                    .saturating_sub(state.derived.starts.get(p).copied().unwrap_or(0));
                let text = doc.turns().get(p).map_or("", |t| t.text.as_str());
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
    // Shape the new words of what will be visible in one run (a couple of paragraphs more, as
    // the heights below are partly estimates).
    {
        let first = index.index_at(offset.max(0.0));
        let last = (index.index_at(offset + vh) + 2).min(doc.turns().len());
        let texts = doc.turns().get(first..last).unwrap_or(&[]);
        let paragraphs = texts.iter().enumerate();
        state.words.prepare(
            &ctx,
            paragraphs.map(|(k, t)| (first + k, t.text.as_str())),
            &st.format,
        );
    }
    for _ in 0..4 {
        offset = offset.clamp(0.0, (index.total() - vh).max(0.0));
        let mut i = index.index_at(offset);
        while i < index.len() && index.top(i) < offset + vh {
            if !laid.iter().any(|(p, _)| *p == i)
                && let Some(l) = lay_out(ui, &mut state.words, doc, i, &st)
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
            columns: &columns,
            per_column,
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
                None => match lay_out(ui, &mut state.words, doc, i, &st) {
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
    state.words.end_frame(&ctx);
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
    input::interact(ui, state, view, doc, &placed, output.inner_rect);
    if let Some(first) = placed.first() {
        // Comment markers between the text and the coding stripes (ui::review::margin), on top of
        // the reading surface so that a click on one reaches it.
        let y_of = |at: usize| {
            let p = placed
                .iter()
                .find(|p| at >= p.start && at <= p.start + p.len)?;
            let text = doc.turns().get(p.para).map_or("", |t| t.text.as_str());
            let local = byte_to_char(text, at - p.start);
            Some(p.origin.y + p.galley.pos_from_cursor(CCursor::new(local)).min.y)
        };
        let x = first.stripes_x - 11.0;
        super::review::margin::markers_ui(ui, view, doc.id, x, output.inner_rect, &y_of);
    }
    let marks: Vec<_> = placed
        .iter()
        .map(|p| crate::ui::explore::margin::PlacedText {
            start: p.start,
            len: p.len,
            origin: p.origin,
            galley: p.galley.clone(),
        })
        .collect();
    let left = output.inner_rect.min.x;
    crate::ui::explore::margin::memo_marks_ui(ui, view, doc.id, &marks, left);
}

/// At most `max` chars of `s`, with an ellipsis when cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ⏎ ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
