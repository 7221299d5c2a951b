//! Painting one visible paragraph: gutter (paragraph and line numbers), speaker and timestamp,
//! coded passages beneath the text from the galley's row geometry (fills blend, underlines stack),
//! find hits, the selection, the flash of a jumped-to coding, and the coding stripes in the margin.
//! Colours never go into the layout job, so hover and recolouring never re-lay out text.

use super::derived::{Derived, Mark};
use super::find::FindState;
use super::{Laid, Style};
use crate::model::{CodingId, Document, Rgb, TextRange, byte_to_char};
use egui::epaint::text::CharIndex;
use egui::{
    Align2, Color32, Galley, Pos2, Rect, Role, Sense, Stroke, StrokeKind, WidgetInfo, pos2,
};
use std::sync::Arc;

/// What every paragraph of one frame is painted with.
pub struct Frame<'a> {
    pub doc: &'a Document,
    pub st: &'a Style,
    pub gutter: f32,
    /// Left edge of the stripe margin, relative to the pane's left edge.
    pub stripes_x: f32,
    pub lanes: usize,
    /// Stripes grouped by coder: one column of `per_column` lanes per coder (empty: not grouped).
    pub columns: &'a [(crate::model::CoderId, String)],
    pub per_column: usize,
    pub selection: Option<TextRange>,
    pub line_numbers: bool,
    /// The flashing coding and how far its flash has run (0..1).
    pub flash: Option<(CodingId, f32)>,
    pub find: &'a FindState,
    /// Per stripe lane, the screen y where the last label drawn in it ends, so that labels of
    /// neighbouring codings in one lane never overlap.
    pub label_until: std::cell::Cell<[f32; super::MAX_LANES]>,
}

/// A paragraph as placed on screen this frame (its galley lives for this frame only).
pub struct Placed {
    pub para: usize,
    pub start: usize,
    pub len: usize,
    pub top: f32,
    pub bottom: f32,
    pub origin: Pos2,
    pub galley: Arc<Galley>,
    /// Screen x where the stripe margin begins.
    pub stripes_x: f32,
    /// The stripes painted for this paragraph: their hit rectangles and mark indices.
    pub stripes: Vec<(Rect, u32)>,
}

impl Placed {
    pub fn contains_text(&self, pos: Pos2) -> bool {
        pos.y >= self.top && pos.y < self.bottom && pos.x < self.stripes_x
    }
}

pub fn speaker_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x9c, 0xc3, 0xe6)
    } else {
        Color32::from_rgb(0x1f, 0x4e, 0x79)
    }
}

/// A code's colour for lines and stripes, adjusted to stay visible on the theme's background:
/// dark colours are lightened on a dark background, light ones darkened on a light one.
pub fn line_color(c: Rgb, dark: bool) -> Color32 {
    let [r, g, b] = c.0;
    let lum = 0.2126 * r as f32 + 0.7152 * g as f32 + 0.0722 * b as f32;
    let mix = |v: u8, to: f32, t: f32| (v as f32 + (to - v as f32) * t).round() as u8;
    if dark && lum < 110.0 {
        let t = 0.45;
        Color32::from_rgb(mix(r, 255.0, t), mix(g, 255.0, t), mix(b, 255.0, t))
    } else if !dark && lum > 170.0 {
        let t = 0.35;
        Color32::from_rgb(mix(r, 0.0, t), mix(g, 0.0, t), mix(b, 0.0, t))
    } else {
        Color32::from_rgb(r, g, b)
    }
}

/// A translucent fill for a coded passage; overlapping fills add up visibly.
pub fn fill_color(c: Rgb, dark: bool) -> Color32 {
    let l = line_color(c, dark);
    Color32::from_rgba_unmultiplied(l.r(), l.g(), l.b(), if dark { 64 } else { 56 })
}

fn find_color(dark: bool, current: bool) -> Color32 {
    match (dark, current) {
        (_, true) => Color32::from_rgba_unmultiplied(255, 140, 0, 150),
        (true, false) => Color32::from_rgba_unmultiplied(255, 215, 0, 70),
        (false, false) => Color32::from_rgba_unmultiplied(255, 215, 0, 120),
    }
}

/// A short label (a paragraph or line number, a timestamp) set character by character from
/// galleys that egui's cache keeps from frame to frame, since every frame shows digits: a new
/// number never reaches the text shaper, which costs more for a short label than the glyphs
/// themselves.
pub struct Label {
    glyphs: Vec<(f32, Arc<Galley>)>,
    pub size: egui::Vec2,
}

impl Label {
    pub fn new(painter: &egui::Painter, text: &str, font: &egui::FontId, color: Color32) -> Self {
        let mut glyphs = Vec::with_capacity(text.len());
        let mut x = 0.0;
        let mut h: f32 = 0.0;
        let mut buf = [0u8; 4];
        for c in text.chars() {
            let g = painter.layout_no_wrap(c.encode_utf8(&mut buf).to_owned(), font.clone(), color);
            let w = g.size().x;
            h = h.max(g.size().y);
            glyphs.push((x, g));
            x += w;
        }
        Self {
            glyphs,
            size: egui::vec2(x, h),
        }
    }

    /// Paints the label with `align` relative to `pos`.
    pub fn paint(&self, painter: &egui::Painter, pos: Pos2, align: Align2, color: Color32) {
        let rect = align.anchor_size(pos, self.size);
        for (x, g) in &self.glyphs {
            painter.galley(pos2(rect.left() + x, rect.top()), g.clone(), color);
        }
    }
}

/// Paints paragraph `i` with its top at screen `top` and the pane's left edge at `left`.
pub fn paint_paragraph(
    ui: &mut egui::Ui,
    f: &Frame,
    derived: &Derived,
    i: usize,
    top: f32,
    left: f32,
    l: Laid,
) -> Placed {
    let st = f.st;
    let text = f.doc.turns().get(i).map_or("", |t| t.text.as_str());
    let start = derived.starts.get(i).copied().unwrap_or(0);
    let text_x = left + f.gutter;
    let origin = pos2(text_x, top + l.header_h);
    let painter = ui.painter().clone();

    // Speaker label and timestamp, set apart above the text.
    if let Some((name, time)) = &l.header {
        let w = name.size().x;
        painter.galley(pos2(text_x, top), name.clone(), st.speaker);
        if let Some(t) = time {
            let x = text_x + w + if w > 0.0 { 10.0 } else { 0.0 };
            let y = top + (name.size().y - t.size.y).max(0.0);
            t.paint(&painter, pos2(x, y), Align2::LEFT_TOP, st.weak);
        }
    }
    // Gutter: the paragraph number on its first line, line numbers on the others.
    let num_x = text_x - 10.0;
    Label::new(&painter, &format!("¶{}", i + 1), &st.small, st.weak).paint(
        &painter,
        pos2(num_x, origin.y + 2.0),
        Align2::RIGHT_TOP,
        st.weak,
    );
    if f.line_numbers {
        let faint = st.weak.gamma_multiply(0.6);
        for (k, row) in l.text.rows.iter().enumerate().skip(1) {
            Label::new(&painter, &(k + 1).to_string(), &st.small, faint).paint(
                &painter,
                pos2(num_x, origin.y + row.min_y() + 2.0),
                Align2::RIGHT_TOP,
                faint,
            );
        }
    }

    // Screen readers and tests find the paragraph by its text.
    // Its node spans the gutter too, so the text starts `gutter` points into it.
    let text_rect = Rect::from_min_max(pos2(left, origin.y), origin + l.text.size());
    let para_id = ui.scope_id().with(("reading-paragraph", i));
    ui.interact(text_rect, para_id, Sense::hover())
        .widget_info(|| WidgetInfo::labeled(Role::Paragraph, true, text));

    // Coded passages: blended fills, stacked underlines (one level per overlapping coding).
    let marks: Vec<&Mark> = derived
        .in_para(i)
        .iter()
        .filter_map(|k| derived.marks.get(*k as usize))
        .collect();
    let mut lanes_here: Vec<usize> = marks.iter().map(|m| m.lane).collect();
    lanes_here.sort_unstable();
    lanes_here.dedup();
    let end = start + text.len();
    let mut stripes = Vec::new();
    let stripes_x = left + f.stripes_x;
    for (m, k) in marks.iter().zip(derived.in_para(i)) {
        let range = derived.range(m);
        let rects = range_rects(&l.text, text, range, start);
        let rank = lanes_here.iter().position(|x| *x == m.lane).unwrap_or(0);
        let line = line_color(derived.color(m), st.dark);
        for r in &rects {
            let r = r.translate(origin.to_vec2());
            painter.rect_filled(r, 2.0, fill_color(derived.color(m), st.dark));
            // Up to three codings get their own line: beneath the line, above it, and just
            // under the text; more are told apart by their blended fills and the stripes.
            let y = match rank {
                0 => Some(r.bottom() - 1.0),
                1 => Some(r.top() + 1.0),
                2 => Some(r.bottom() - 3.5),
                _ => None,
            };
            if let Some(y) = y {
                painter.line_segment(
                    [pos2(r.left(), y), pos2(r.right(), y)],
                    Stroke::new(1.5, line),
                );
            }
        }
        if let Some((id, t)) = f.flash
            && id == m.id
        {
            let a = (1.0 - t).clamp(0.0, 1.0);
            let pulse = 0.5 + 0.5 * (t * std::f32::consts::TAU * 2.0).cos();
            for r in &rects {
                painter.rect_stroke(
                    r.translate(origin.to_vec2()).expand(2.0),
                    3.0,
                    Stroke::new(2.5, line.gamma_multiply(a * (0.4 + 0.6 * pulse))),
                    StrokeKind::Outside,
                );
            }
        }
        if let Some(first) = rects.first() {
            let r = first.translate(origin.to_vec2());
            let seg = range.start.max(start)..range.end.min(end);
            let quote = text.get(seg.start - start..seg.end - start).unwrap_or("");
            let name = derived.name(m);
            ui.interact(r, para_id.with(("mark", m.id)), Sense::hover())
                .widget_info(|| {
                    let mut info = WidgetInfo::labeled(Role::Mark, true, format!("Coded: {name}"));
                    info.current_text_value = Some(quote.to_owned());
                    info
                });
        }
        // The stripe: a bar in the coding's lane, spanning its lines in this paragraph and
        // continuing into the next one when the coding does.
        let (lane, by) = if f.columns.is_empty() {
            (Some(m.lane).filter(|l| *l < f.lanes), None)
        } else {
            let col = f.columns.iter().position(|(c, _)| *c == m.coder);
            let lane = col
                .filter(|_| m.lane < f.per_column)
                .map(|c| c * f.per_column + m.lane);
            (
                lane,
                col.and_then(|c| f.columns.get(c)).map(|(_, n)| n.as_str()),
            )
        };
        if let Some(lane) = lane {
            let x = stripes_x + lane as f32 * super::LANE_W + 2.0;
            let y0 = if range.start >= start {
                rects.first().map_or(origin.y, |r| r.top() + origin.y)
            } else {
                top
            };
            let y1 = if range.end <= end {
                rects.last().map_or(origin.y, |r| r.bottom() + origin.y)
            } else {
                top + l.height
            };
            if y1 > y0 {
                let bar = Rect::from_x_y_ranges(x..=x + 4.0, y0..=y1);
                painter.rect_filled(bar, 2.0, line);
                let hit = Rect::from_x_y_ranges(x - 2.0..=x + super::LANE_W - 2.0, y0..=y1);
                stripes.push((hit, *k));
                if range.start >= start {
                    let name = derived.name(m);
                    ui.interact(hit, para_id.with(("stripe", m.id)), Sense::hover())
                        .widget_info(|| {
                            let label = match by {
                                Some(coder) => format!("Stripe: {name} by {coder}"),
                                None => format!("Stripe: {name}"),
                            };
                            WidgetInfo::labeled(Role::Button, true, label)
                        });
                }
                // Its code's name along the bar, where the bar is long enough to hold it.
                if range.start >= start {
                    let label = painter.layout_no_wrap(
                        derived.name(m).to_owned(),
                        egui::FontId::proportional(10.5),
                        line,
                    );
                    let (w, h) = (label.size().x, label.size().y);
                    let mut until = f.label_until.get();
                    let free = until.get(lane).is_none_or(|u| *u <= y0);
                    if free && w + 4.0 <= y1 - y0 {
                        if let Some(u) = until.get_mut(lane) {
                            *u = y0 + w + 6.0;
                        }
                        f.label_until.set(until);
                        painter.add(
                            egui::epaint::TextShape::new(pos2(x + 6.0 + h, y0 + 2.0), label, line)
                                .with_angle(std::f32::consts::FRAC_PI_2),
                        );
                    }
                }
            }
        }
    }

    // Find hits, the current one stronger.
    let hits = &f.find.hits;
    let from = hits.partition_point(|h| h.end <= start);
    for (n, h) in hits.iter().enumerate().skip(from) {
        if h.start > end {
            break;
        }
        let current = n == f.find.current;
        for r in range_rects(&l.text, text, *h, start) {
            painter.rect_filled(
                r.translate(origin.to_vec2()),
                2.0,
                find_color(st.dark, current),
            );
        }
    }
    if let Some(sel) = f.selection {
        let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
        for r in range_rects(&l.text, text, sel, start) {
            painter.rect_filled(r.translate(origin.to_vec2()), 0.0, fill);
        }
    }
    painter.galley(origin, l.text.clone(), st.text);

    Placed {
        para: i,
        start,
        len: text.len(),
        top,
        bottom: top + l.height,
        origin,
        galley: l.text,
        stripes_x,
        stripes,
    }
}

/// The coding whose stripe is under `pos`.
pub fn stripe_at<'a>(placed: &[Placed], derived: &'a Derived, pos: Pos2) -> Option<&'a Mark> {
    placed
        .iter()
        .flat_map(|p| p.stripes.iter())
        .find(|(r, _)| r.contains(pos))
        .and_then(|(_, k)| derived.marks.get(*k as usize))
}

/// Rectangles (relative to the galley) covering the part of `range` (document offsets) that lies
/// in this paragraph, one per wrapped row.
pub fn range_rects(galley: &Galley, text: &str, range: TextRange, turn_start: usize) -> Vec<Rect> {
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
