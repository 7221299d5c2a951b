//! Setting lines from cached word glyphs: a glyph packed to what varies between the glyphs of one
//! style, and rows filled word by word into a real egui [`Galley`], with one textured quad per
//! visible glyph as egui's own layout makes them.

use egui::emath::GuiRounding as _;
use egui::epaint::text::{Galley, Glyph, LayoutJob, PlacedRow, TextFormat};
use egui::{Color32, Mesh, Rect, Vec2, pos2, vec2};
use std::sync::Arc;

/// What of an egui [`Glyph`] varies from glyph to glyph of one style, in half its size; the rest
/// (the font's vertical metrics, the baseline, whether it is a colour glyph) is in
/// the word cache's table of faces, at `face`. Fewer bytes per glyph: fewer pages to touch when words are
/// cut and fewer cache misses when lines are set.
#[derive(Clone, Copy)]
pub struct Packed {
    pub chr: char,
    pub x: f32,
    pub advance: f32,
    pub offset: Vec2,
    pub min: [u16; 2],
    pub max: [u16; 2],
    pub face: u16,
}

/// `g` moved left by `x0` and packed, its face found in (or added to) `faces`. `None` if it
/// cannot be rebuilt exactly from the packed form.
pub fn pack(g: &Glyph, x0: f32, ppp: f32, faces: &mut Vec<Glyph>) -> Option<Packed> {
    let uv = g.uv_rect;
    // The size on screen is the texels' over the pixels per point (as egui's atlas makes it).
    if uv_size(uv.min, uv.max, ppp) != uv.size {
        return None;
    }
    let same_face = |f: &Glyph| {
        f.pos.y.to_bits() == g.pos.y.to_bits()
            && f.line_height.to_bits() == g.line_height.to_bits()
            && f.font_ascent.to_bits() == g.font_ascent.to_bits()
            && f.font_height.to_bits() == g.font_height.to_bits()
            && f.font_face_ascent.to_bits() == g.font_face_ascent.to_bits()
            && f.font_face_height.to_bits() == g.font_face_height.to_bits()
            && f.is_color == g.is_color
    };
    let face = match faces.iter().position(same_face) {
        Some(i) => i,
        None => {
            faces.push(*g);
            faces.len() - 1
        }
    };
    Some(Packed {
        chr: g.chr,
        x: g.pos.x - x0,
        advance: g.advance_width,
        offset: uv.offset,
        min: uv.min,
        max: uv.max,
        face: u16::try_from(face).ok()?,
    })
}

/// The glyph `p` packs (at its place in its word).
pub fn unpack(p: &Packed, faces: &[Glyph], ppp: f32) -> Option<Glyph> {
    let mut g = *faces.get(usize::from(p.face))?;
    g.chr = p.chr;
    g.pos.x = p.x;
    g.advance_width = p.advance;
    g.uv_rect.offset = p.offset;
    g.uv_rect.size = uv_size(p.min, p.max, ppp);
    g.uv_rect.min = p.min;
    g.uv_rect.max = p.max;
    Some(g)
}

/// The size in points of a glyph's texels from `min` to `max`.
fn uv_size(min: [u16; 2], max: [u16; 2], ppp: f32) -> Vec2 {
    let texels = vec2(
        f32::from(max[0].saturating_sub(min[0])),
        f32::from(max[1].saturating_sub(min[1])),
    );
    // Dividing by one changes nothing, and costs more than the test.
    if ppp == 1.0 { texels } else { texels / ppp }
}

/// The layout job egui would be given for `text`.
pub fn paragraph_job(text: &str, format: &TextFormat, wrap: f32) -> LayoutJob {
    let mut job = LayoutJob::single_section(text.to_owned(), format.clone());
    job.wrap.max_width = wrap;
    job
}

/// Rows being filled with words.
pub struct Lines {
    ppp: f32,
    color: Color32,
    rows: Vec<(Vec<Glyph>, Mesh, Rect, f32)>,
    glyphs: Vec<Glyph>,
    mesh: Mesh,
    bounds: Rect,
    /// Precise x of the next word on this row.
    pub x: f32,
    row_h: f32,
}

impl Lines {
    /// Rows for `ppp` pixels per point, of about `per_row` glyphs, in `color`.
    pub fn new(ppp: f32, per_row: usize, color: Color32) -> Self {
        let mut mesh = Mesh::default();
        mesh.reserve_vertices(per_row * 4);
        mesh.reserve_triangles(per_row * 2);
        Self {
            ppp,
            color,
            rows: Vec::new(),
            glyphs: Vec::with_capacity(per_row),
            mesh,
            bounds: Rect::NOTHING,
            x: 0.0,
            row_h: 0.0,
        }
    }

    pub fn break_line(&mut self) {
        // The next row will be about as long as this one.
        let n = self.glyphs.len() + 8;
        let glyphs = std::mem::replace(&mut self.glyphs, Vec::with_capacity(n));
        let mut next = Mesh::default();
        next.reserve_vertices(n * 4);
        next.reserve_triangles(n * 2);
        let mesh = std::mem::replace(&mut self.mesh, next);
        self.rows.push((glyphs, mesh, self.bounds, self.x));
        self.bounds = Rect::NOTHING;
        self.x = 0.0;
    }

    /// Appends a word at the current x, moved by whole pixels so its glyphs stay crisp, with a
    /// textured quad per visible glyph as egui's own layout makes them.
    /// `lead` is how far right of its first glyph's pixel the word was shaped (see
    /// `Word::lead` in the word cache); `advance` moves to the next word.
    pub fn push(
        &mut self,
        (advance, row_h, lead): (f32, f32, f32),
        glyphs: &[Packed],
        faces: &[Glyph],
    ) -> Option<()> {
        let round = |v: f32| (v * self.ppp).round() / self.ppp;
        // A row's first word starts on the margin, as egui's own layout puts it.
        let dx = if self.x == 0.0 {
            0.0
        } else {
            round(self.x - lead)
        };
        for p in glyphs {
            let mut g = unpack(p, faces, self.ppp)?;
            g.pos.x += dx;
            g.first_vertex = self.mesh.vertices.len() as u32;
            let uv = g.uv_rect;
            if !uv.is_nothing() {
                let mut left_top = g.pos + uv.offset;
                left_top.x = round(left_top.x);
                left_top.y = round(left_top.y);
                let rect = Rect::from_min_size(left_top, uv.size);
                let texels = Rect::from_min_max(
                    pos2(uv.min[0] as f32, uv.min[1] as f32),
                    pos2(uv.max[0] as f32, uv.max[1] as f32),
                );
                self.mesh.add_rect_with_uv(rect, texels, self.color);
                self.bounds |= rect;
            }
            self.glyphs.push(g);
        }
        self.row_h = self.row_h.max(row_h);
        self.x += advance;
        Some(())
    }

    /// The rows as a galley, built from clones of `template`'s galley and row (their private
    /// fields are not ours to set).
    pub fn into_galley(
        mut self,
        template: &Galley,
        text: &str,
        format: &TextFormat,
        wrap: f32,
    ) -> Option<Galley> {
        self.break_line();
        let row_template = template.rows.first()?;
        let mut galley = template.clone();
        galley.job = Arc::new(paragraph_job(text, format, wrap));
        galley.rows = Vec::with_capacity(self.rows.len());
        let (mut rect, mut mesh_bounds) = (Rect::ZERO, Rect::NOTHING);
        let (mut vertices, mut indices) = (0, 0);
        let mut y = 0.0;
        for (glyphs, mesh, bounds, width) in self.rows {
            let mut row = (*row_template.row).clone();
            row.size = vec2(width, self.row_h).round_ui();
            row.visuals.glyph_index_start = 0;
            row.visuals.glyph_vertex_range = 0..mesh.vertices.len();
            row.visuals.mesh_bounds = bounds;
            vertices += mesh.vertices.len();
            indices += mesh.indices.len();
            row.visuals.mesh = mesh;
            row.glyphs = glyphs;
            let placed = PlacedRow {
                pos: pos2(0.0, y),
                row: Arc::new(row),
                ends_with_newline: false,
            };
            rect |= placed.rect();
            if bounds.is_positive() {
                mesh_bounds |= bounds.translate(vec2(0.0, y));
            }
            galley.rows.push(placed);
            y += self.row_h;
        }
        // As egui rounds a galley's rectangle, never reporting more than the wrap width.
        rect = rect.round_ui();
        rect.max.x = rect.max.x.min(rect.min.x + wrap);
        galley.rect = rect;
        galley.mesh_bounds = mesh_bounds;
        galley.num_vertices = vertices;
        galley.num_indices = indices;
        galley.elided = false;
        Some(galley)
    }
}
