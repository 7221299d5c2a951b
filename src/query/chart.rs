//! Charts as plain data: rectangles, lines and text in chart coordinates, each bar or cell
//! carrying what it stands for. The Analysis workspace paints a chart with egui's painter (and
//! finds what was clicked from the same rectangles); [`Chart::svg`] writes it as SVG and
//! [`Chart::png`] renders it without a window (CPU rendering with `vello_cpu`, text in the font
//! egui ships), so the picture saved is the picture shown.
//!
//! Three charts: code or theme frequencies as horizontal bars (grouped by an attribute's values
//! when asked), the co-occurrence table as a heat map, and coding density along each document.

use super::cooccur;
use super::matrix::Matrix;
use super::passage::Place;
use crate::model::{DocId, Project, Rgb, TextRange};

/// What a bar or a cell stands for: clicking it opens these passages.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Target {
    /// A matrix cell (`col: None`: the whole row).
    Cell { row: usize, col: Option<usize> },
    /// A co-occurrence cell (indexes into the table's codes).
    Pair { a: usize, b: usize },
    /// One passage (a coding on the density chart).
    Passage(Place),
    /// A whole document.
    Document(DocId),
}

/// How text is anchored at its point.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One thing drawn.
#[derive(Clone, PartialEq, Debug)]
pub enum Item {
    Rect {
        /// x, y, width, height.
        rect: [f32; 4],
        fill: [u8; 3],
        target: Option<Target>,
        /// What hovering says.
        tip: String,
    },
    Line {
        from: [f32; 2],
        to: [f32; 2],
        color: [u8; 3],
    },
    /// Text whose baseline's anchor point is `at`.
    Text {
        at: [f32; 2],
        text: String,
        size: f32,
        color: [u8; 3],
        anchor: Anchor,
    },
}

/// A chart: its size in points and what to draw, on a white ground.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Chart {
    pub title: String,
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

const INK: [u8; 3] = [40, 40, 40];
const GRID: [u8; 3] = [210, 210, 210];
const LABEL: f32 = 12.0;

/// Colours for groups (columns) of a grouped bar chart.
pub fn palette(i: usize) -> [u8; 3] {
    Rgb::palette(i).0
}

/// A rough width of `text` at `size` (the painter and the PNG measure exactly; layout only needs
/// room enough).
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.55
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Which order the bars go in.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Order {
    /// As the rows come (codebook or theme tree order).
    #[default]
    Tree,
    /// Largest first.
    Largest,
}

/// Frequency bars: one bar per row of `m` (its total), or, with `grouped`, one bar per cell
/// (a group of bars per row, one colour per column, with a legend). `colors` gives each row's
/// colour for single bars.
pub fn frequencies(
    m: &Matrix,
    grouped: bool,
    order: Order,
    colors: &[[u8; 3]],
    title: &str,
    unit: &str,
) -> Chart {
    let mut rows: Vec<usize> = (0..m.rows.len()).collect();
    if order == Order::Largest {
        rows.sort_by_key(|&r| std::cmp::Reverse(m.row_totals.get(r).copied().unwrap_or(0)));
    }
    let label_w = m
        .rows
        .iter()
        .map(|l| text_width(&clip(l, 36), LABEL))
        .fold(60.0, f32::max)
        + 16.0;
    let plot_w = 520.0;
    let groups = if grouped { m.cols.len().max(1) } else { 1 };
    let bar_h = if grouped { 12.0 } else { 18.0 };
    let row_h = bar_h * groups as f32 + 8.0;
    let top = 40.0;
    let max = if grouped {
        m.max_cell()
    } else {
        m.row_totals.iter().copied().max().unwrap_or(0)
    }
    .max(1);
    let legend_h = if grouped {
        18.0 * m.cols.len().div_ceil(4) as f32 + 8.0
    } else {
        0.0
    };
    let height = top + row_h * rows.len() as f32 + 40.0 + legend_h;
    let width = label_w + plot_w + 70.0;
    let mut items = vec![Item::Text {
        at: [12.0, 24.0],
        text: title.to_owned(),
        size: 15.0,
        color: INK,
        anchor: Anchor::Start,
    }];
    let x0 = label_w;
    let scale = plot_w / max as f32;
    // Grid lines at five steps.
    let bottom = top + row_h * rows.len() as f32;
    for k in 0..=4 {
        let v = (max as f32 * k as f32 / 4.0).round();
        let x = x0 + v * scale;
        items.push(Item::Line {
            from: [x, top - 4.0],
            to: [x, bottom],
            color: GRID,
        });
        items.push(Item::Text {
            at: [x, bottom + 16.0],
            text: format!("{v}"),
            size: 11.0,
            color: INK,
            anchor: Anchor::Middle,
        });
    }
    items.push(Item::Text {
        at: [x0 + plot_w / 2.0, bottom + 32.0],
        text: unit.to_owned(),
        size: 11.0,
        color: INK,
        anchor: Anchor::Middle,
    });
    for (i, &r) in rows.iter().enumerate() {
        let y = top + row_h * i as f32;
        let label = m.rows.get(r).cloned().unwrap_or_default();
        items.push(Item::Text {
            at: [x0 - 8.0, y + row_h / 2.0 + 4.0],
            text: clip(&label, 36),
            size: LABEL,
            color: INK,
            anchor: Anchor::End,
        });
        if grouped {
            for (c, col) in m.cols.iter().enumerate() {
                let v = m.cells.get(r).and_then(|l| l.get(c)).copied().unwrap_or(0);
                let by = y + 4.0 + bar_h * c as f32;
                items.push(Item::Rect {
                    rect: [x0, by, (v as f32 * scale).max(0.5), bar_h - 2.0],
                    fill: palette(c),
                    target: Some(Target::Cell {
                        row: r,
                        col: Some(c),
                    }),
                    tip: format!("{label} · {col}: {v} {unit}"),
                });
            }
        } else {
            let v = m.row_totals.get(r).copied().unwrap_or(0);
            let fill = colors.get(r).copied().unwrap_or(palette(0));
            items.push(Item::Rect {
                rect: [x0, y + 4.0, (v as f32 * scale).max(0.5), bar_h],
                fill,
                target: Some(Target::Cell { row: r, col: None }),
                tip: format!("{label}: {v} {unit}"),
            });
            items.push(Item::Text {
                at: [x0 + v as f32 * scale + 6.0, y + 4.0 + bar_h - 4.0],
                text: v.to_string(),
                size: 11.0,
                color: INK,
                anchor: Anchor::Start,
            });
        }
    }
    if grouped {
        let ly = bottom + 48.0;
        for (c, col) in m.cols.iter().enumerate() {
            let (gx, gy) = (x0 + (c % 4) as f32 * 140.0, ly + (c / 4) as f32 * 18.0);
            items.push(Item::Rect {
                rect: [gx, gy - 10.0, 12.0, 12.0],
                fill: palette(c),
                target: None,
                tip: col.clone(),
            });
            items.push(Item::Text {
                at: [gx + 16.0, gy],
                text: clip(col, 18),
                size: 11.0,
                color: INK,
                anchor: Anchor::Start,
            });
        }
    }
    Chart {
        title: title.to_owned(),
        width,
        height,
        items,
    }
}

/// White to `base` as `t` goes from 0 to 1.
pub fn shade(base: [u8; 3], t: f32) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0);
    let mix = |b: u8| (255.0 + (b as f32 - 255.0) * t).round() as u8;
    [mix(base[0]), mix(base[1]), mix(base[2])]
}

/// The co-occurrence table as a heat map (counts, or Jaccard indexes).
pub fn heat_map(t: &cooccur::Table, jaccard: bool, title: &str) -> Chart {
    let n = t.labels.len();
    let cell = 28.0;
    let label_w = t
        .labels
        .iter()
        .map(|l| text_width(&clip(l, 28), LABEL))
        .fold(60.0, f32::max)
        + 12.0;
    let top = 56.0;
    let x0 = label_w;
    let max = t.max_off_diagonal().max(1) as f32;
    let base = [200, 60, 50];
    let mut items = vec![Item::Text {
        at: [12.0, 24.0],
        text: title.to_owned(),
        size: 15.0,
        color: INK,
        anchor: Anchor::Start,
    }];
    for i in 0..n {
        let label = clip(&t.labels[i], 28);
        items.push(Item::Text {
            at: [x0 - 6.0, top + cell * i as f32 + cell / 2.0 + 4.0],
            text: label.clone(),
            size: LABEL,
            color: INK,
            anchor: Anchor::End,
        });
        // Column labels: numbered, with the key on the left labels.
        items.push(Item::Text {
            at: [x0 + cell * i as f32 + cell / 2.0, top - 6.0],
            text: format!("{}", i + 1),
            size: 11.0,
            color: INK,
            anchor: Anchor::Middle,
        });
        for j in 0..n {
            let count = t.counts[i][j];
            let (v, text) = if jaccard {
                let v = t.jaccard(i, j);
                (v as f32, format!("{v:.2}"))
            } else {
                (count as f32 / max, count.to_string())
            };
            let fill = if i == j {
                [235, 235, 235]
            } else {
                shade(base, v)
            };
            items.push(Item::Rect {
                rect: [
                    x0 + cell * j as f32,
                    top + cell * i as f32,
                    cell - 1.0,
                    cell - 1.0,
                ],
                fill,
                target: (i != j).then_some(Target::Pair { a: i, b: j }),
                tip: format!("{} × {}: {text}", t.labels[i], t.labels[j]),
            });
            if count > 0 && (i != j || !jaccard) {
                let dark = i != j && v > 0.55;
                items.push(Item::Text {
                    at: [
                        x0 + cell * j as f32 + cell / 2.0,
                        top + cell * i as f32 + cell / 2.0 + 4.0,
                    ],
                    text: if jaccard {
                        format!("{:.0}", t.jaccard(i, j) * 100.0)
                    } else {
                        text
                    },
                    size: 10.0,
                    color: if dark { [255, 255, 255] } else { INK },
                    anchor: Anchor::Middle,
                });
            }
        }
    }
    // Row labels carry the numbers of the columns.
    let mut k = 0;
    for item in &mut items {
        if let Item::Text {
            text,
            anchor: Anchor::End,
            ..
        } = item
        {
            k += 1;
            *text = format!("{text}  {k}");
        }
    }
    Chart {
        title: title.to_owned(),
        width: x0 + cell * n as f32 + 24.0,
        height: top + cell * n as f32 + 24.0,
        items,
    }
}

/// Where codes fall along each document: one strip per document (its length scaled to the
/// strip), one mark per coding in its code's colour.
pub fn density(project: &Project, title: &str) -> Chart {
    let label_w = project
        .documents
        .iter()
        .map(|d| text_width(&clip(&d.title, 40), LABEL))
        .fold(60.0, f32::max)
        + 12.0;
    let strip_w = 600.0;
    let row_h = 18.0;
    let top = 40.0;
    let mut items = vec![Item::Text {
        at: [12.0, 24.0],
        text: title.to_owned(),
        size: 15.0,
        color: INK,
        anchor: Anchor::Start,
    }];
    for (i, doc) in project.documents.iter().enumerate() {
        let y = top + row_h * i as f32;
        items.push(Item::Text {
            at: [label_w - 8.0, y + 12.0],
            text: clip(&doc.title, 40),
            size: LABEL,
            color: INK,
            anchor: Anchor::End,
        });
        items.push(Item::Rect {
            rect: [label_w, y + 2.0, strip_w, row_h - 4.0],
            fill: [242, 242, 242],
            target: Some(Target::Document(doc.id)),
            tip: format!(
                "{}: {} codings",
                doc.title,
                project.codings_count_in(doc.id)
            ),
        });
        let len = doc.len().max(1) as f32;
        for c in project.codings_in(doc.id) {
            let x = label_w + strip_w * c.range.start as f32 / len;
            let w = (strip_w * (c.range.end - c.range.start) as f32 / len).max(1.5);
            let code = project.code(c.code);
            items.push(Item::Rect {
                rect: [x, y + 2.0, w, row_h - 4.0],
                fill: code.map(|c| c.color.0).unwrap_or(INK),
                target: Some(Target::Passage(Place {
                    document: doc.id,
                    range: TextRange {
                        start: c.range.start,
                        end: c.range.end,
                    },
                })),
                tip: format!(
                    "{} · {}%",
                    code.map(|c| c.name.as_str()).unwrap_or("?"),
                    (100.0 * c.range.start as f32 / len).round()
                ),
            });
        }
    }
    let bottom = top + row_h * project.documents.len() as f32;
    for k in 0..=4 {
        let x = label_w + strip_w * k as f32 / 4.0;
        items.push(Item::Text {
            at: [x, bottom + 16.0],
            text: format!("{}%", k * 25),
            size: 11.0,
            color: INK,
            anchor: Anchor::Middle,
        });
    }
    Chart {
        title: title.to_owned(),
        width: label_w + strip_w + 30.0,
        height: bottom + 30.0,
        items,
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

impl Chart {
    /// The chart as an SVG document (hover titles kept as `<title>`).
    pub fn svg(&self) -> String {
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Ubuntu, 'DejaVu Sans', sans-serif\">\n<title>{t}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
            w = self.width.ceil(),
            h = self.height.ceil(),
            t = esc(&self.title)
        );
        for item in &self.items {
            match item {
                Item::Rect {
                    rect, fill, tip, ..
                } => {
                    s.push_str(&format!(
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\">",
                        rect[0],
                        rect[1],
                        rect[2],
                        rect[3],
                        hex(*fill)
                    ));
                    if !tip.is_empty() {
                        s.push_str(&format!("<title>{}</title>", esc(tip)));
                    }
                    s.push_str("</rect>\n");
                }
                Item::Line { from, to, color } => s.push_str(&format!(
                    "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"1\"/>\n",
                    from[0],
                    from[1],
                    to[0],
                    to[1],
                    hex(*color)
                )),
                Item::Text {
                    at,
                    text,
                    size,
                    color,
                    anchor,
                } => s.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{size}\" fill=\"{}\" text-anchor=\"{}\">{}</text>\n",
                    at[0],
                    at[1],
                    hex(*color),
                    match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "middle",
                        Anchor::End => "end",
                    },
                    esc(text)
                )),
            }
        }
        s.push_str("</svg>\n");
        s
    }

    /// The topmost item with a target under the point (chart coordinates).
    pub fn target_at(&self, x: f32, y: f32) -> Option<(Target, &str)> {
        self.items.iter().rev().find_map(|item| match item {
            Item::Rect {
                rect,
                target: Some(t),
                tip,
                ..
            } if x >= rect[0]
                && x <= rect[0] + rect[2]
                && y >= rect[1]
                && y <= rect[1] + rect[3] =>
            {
                Some((*t, tip.as_str()))
            }
            _ => None,
        })
    }

    /// The chart as a PNG at `scale` pixels per point, rendered on the CPU (no window needed).
    /// `font` is a TrueType font's bytes (the one egui shows text in).
    pub fn png(&self, scale: f32, font: &[u8]) -> Result<Vec<u8>, String> {
        use vello_cpu::color::AlphaColor;
        use vello_cpu::kurbo::{Affine, Line, Rect, Stroke};
        use vello_cpu::peniko::{Blob, FontData};
        use vello_cpu::{Glyph, Pixmap, RenderContext, Resources};
        let w = (self.width * scale).ceil().clamp(1.0, 16_000.0) as u16;
        let h = (self.height * scale).ceil().clamp(1.0, 16_000.0) as u16;
        let mut ctx = RenderContext::new(w, h);
        let mut resources = Resources::new();
        let color = |c: [u8; 3]| AlphaColor::from_rgba8(c[0], c[1], c[2], 255);
        ctx.set_paint(color([255, 255, 255]));
        ctx.fill_rect(&Rect::new(0.0, 0.0, w as f64, h as f64));
        ctx.set_transform(Affine::scale(scale as f64));
        let font_data = FontData::new(Blob::new(std::sync::Arc::new(font.to_vec())), 0);
        let face =
            skrifa::FontRef::new(font).map_err(|e| format!("the chart font is damaged: {e}"))?;
        use skrifa::MetadataProvider;
        let charmap = face.charmap();
        for item in &self.items {
            match item {
                Item::Rect { rect, fill, .. } => {
                    ctx.set_paint(color(*fill));
                    ctx.fill_rect(&Rect::new(
                        rect[0] as f64,
                        rect[1] as f64,
                        (rect[0] + rect[2]) as f64,
                        (rect[1] + rect[3]) as f64,
                    ));
                }
                Item::Line { from, to, color: c } => {
                    ctx.set_paint(color(*c));
                    ctx.set_stroke(Stroke::new(1.0));
                    let line = Line::new(
                        (from[0] as f64, from[1] as f64),
                        (to[0] as f64, to[1] as f64),
                    );
                    ctx.stroke_path(&vello_cpu::kurbo::Shape::to_path(&line, 0.1));
                }
                Item::Text {
                    at,
                    text,
                    size,
                    color: c,
                    anchor,
                } => {
                    let metrics = face.glyph_metrics(
                        skrifa::instance::Size::new(*size),
                        skrifa::instance::LocationRef::default(),
                    );
                    let mut x = 0.0f32;
                    let mut glyphs = Vec::with_capacity(text.len());
                    for ch in text.chars() {
                        let gid = charmap.map(ch).unwrap_or_default();
                        glyphs.push(Glyph {
                            id: gid.to_u32(),
                            x,
                            y: 0.0,
                        });
                        x += metrics.advance_width(gid).unwrap_or(*size * 0.5);
                    }
                    let dx = match anchor {
                        Anchor::Start => 0.0,
                        Anchor::Middle => -x / 2.0,
                        Anchor::End => -x,
                    };
                    ctx.set_paint(color(*c));
                    ctx.set_transform(
                        Affine::scale(scale as f64)
                            * Affine::translate(((at[0] + dx) as f64, at[1] as f64)),
                    );
                    ctx.glyph_run(&mut resources, &font_data)
                        .font_size(*size)
                        .fill_glyphs(glyphs.into_iter());
                    ctx.set_transform(Affine::scale(scale as f64));
                }
            }
        }
        let mut target = Pixmap::new(w, h);
        ctx.flush();
        ctx.render(&mut target, &mut resources);
        target
            .into_png()
            .map_err(|e| format!("could not encode the PNG: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::study;
    use crate::query::matrix;

    fn font() -> Vec<u8> {
        let defs = egui::FontDefinitions::default();
        defs.font_data
            .get("Ubuntu-Light")
            .map(|f| (*f.font).as_ref().to_vec())
            .unwrap_or_default()
    }

    #[test]
    fn charts_save_as_svg_and_png() -> Result<(), String> {
        let s = study();
        let m = matrix::compute(
            &s.project,
            &matrix::Spec {
                rows: matrix::Rows::Codes,
                cols: matrix::Cols::Attribute("role".into()),
                measure: matrix::Measure::Codings,
            },
        )
        .map_err(|e| e.to_string())?;
        let single = frequencies(
            &m,
            false,
            Order::Largest,
            &[],
            "Codings per code",
            "codings",
        );
        // Largest first: Rules (3) leads.
        let first_bar = single.items.iter().find_map(|i| match i {
            Item::Rect {
                tip,
                target: Some(_),
                ..
            } => Some(tip.clone()),
            _ => None,
        });
        assert_eq!(first_bar.as_deref(), Some("Rules: 3 codings"));
        let grouped = frequencies(&m, true, Order::Tree, &[], "By role", "codings");
        let bars = grouped
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Rect {
                        target: Some(_),
                        ..
                    }
                )
            })
            .count();
        assert_eq!(bars, 4 * 3);
        let svg = grouped.svg();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("Rules · nurse: 2 codings"));
        let png = grouped.png(1.0, &font())?;
        assert!(png.starts_with(b"\x89PNG"));
        // Something other than white was drawn.
        let t = crate::query::cooccur::compute(&s.project, crate::query::cooccur::Mode::Overlap);
        let heat = heat_map(&t, false, "Co-occurrence");
        let (x, y) = heat
            .items
            .iter()
            .find_map(|i| match i {
                Item::Rect {
                    rect,
                    target: Some(Target::Pair { a: 0, b: 3 }),
                    ..
                } => Some((rect[0] + 2.0, rect[1] + 2.0)),
                _ => None,
            })
            .ok_or("no Dose × Calm cell")?;
        assert_eq!(
            heat.target_at(x, y).map(|t| t.0),
            Some(Target::Pair { a: 0, b: 3 })
        );
        assert!(heat.png(2.0, &font())?.len() > 1000);
        let d = density(&s.project, "Density");
        let marks = d
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Rect {
                        target: Some(Target::Passage(_)),
                        ..
                    }
                )
            })
            .count();
        assert_eq!(marks, s.project.codings.len());
        Ok(())
    }
}
