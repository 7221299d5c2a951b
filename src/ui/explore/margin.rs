//! Memo markers in the reading pane's margin: a small note beside the line where a memo's
//! coding or passage begins. Hovering shows the memo; clicking opens it in the memo window.
//! Called by the reading pane with the paragraphs it placed this frame.

use crate::cases::memos;
use crate::model::{DocId, TextRange, byte_to_char};
use crate::ui::view::View;
use egui::epaint::text::cursor::CCursor;
use egui::{Galley, Pos2, Rect, Sense, Vec2};
use std::sync::Arc;

/// A paragraph as the reading pane placed it: its document offset and length, where its text
/// galley was painted, and the galley.
pub struct PlacedText {
    pub start: usize,
    pub len: usize,
    pub origin: Pos2,
    pub galley: Arc<Galley>,
}

/// Paints one marker per line that has memos, at `gutter_x` (the left edge of the margin).
pub fn memo_marks_ui(
    ui: &mut egui::Ui,
    view: &View,
    doc: DocId,
    placed: &[PlacedText],
    gutter_x: f32,
) {
    // Worked out once per change of the project, not every frame.
    let key = egui::Id::unique(("memo-marks", doc));
    // The memo count too: a reopened project starts its history's count again.
    let generation = (view.history.generation(), view.project.memos.len());
    let cached = ui.ctx().data(|d| {
        d.get_temp::<((u64, usize), Arc<Vec<(TextRange, crate::model::MemoId)>>)>(key)
            .filter(|(g, _)| *g == generation)
    });
    let marks = match cached {
        Some((_, m)) => m,
        None => {
            let m = Arc::new(memos::margin_marks(view.project, doc));
            ui.ctx()
                .data_mut(|d| d.insert_temp(key, (generation, m.clone())));
            m
        }
    };
    if marks.is_empty() || placed.is_empty() {
        return;
    }
    // Group memos by (paragraph, line) so two memos on one line share a marker.
    let mut lines: Vec<(Rect, Vec<(TextRange, crate::model::MemoId)>)> = Vec::new();
    for &(range, id) in marks.iter() {
        let Some(p) = placed
            .iter()
            .find(|p| range.start >= p.start && range.start <= p.start + p.len)
        else {
            continue;
        };
        let local = range.start - p.start;
        let row = p
            .galley
            .pos_from_cursor(CCursor::new(byte_to_char(p.galley.text(), local)));
        let y = p.origin.y + row.min.y;
        let rect = Rect::from_min_size(
            Pos2::new(gutter_x + 2.0, y),
            Vec2::new(14.0, row.height().max(14.0)),
        );
        match lines
            .iter_mut()
            .find(|(r, _)| (r.min.y - rect.min.y).abs() < 1.0)
        {
            Some((_, v)) => v.push((range, id)),
            None => lines.push((rect, vec![(range, id)])),
        }
    }
    for (rect, here) in lines {
        let Some(&(_, first)) = here.first() else {
            continue;
        };
        let response = ui.interact(
            rect,
            egui::Id::unique(("memo-mark", doc, first)),
            Sense::click(),
        );
        let texts: Vec<String> = here
            .iter()
            .filter_map(|(_, id)| memos::memo(view.project, *id))
            .map(|m| {
                let about = memos::anchor_label(view.project, &m.anchor);
                format!(
                    "{about}\n{}",
                    crate::ui::reading::ellipsize(m.text.trim(), 300)
                )
            })
            .collect();
        let label = format!("Memo: {}", texts.join(" | "));
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
        let color = if response.hovered() {
            ui.visuals().strong_text_color()
        } else {
            egui::Color32::from_rgb(0xd9, 0x8c, 0x1f)
        };
        // A small note: a filled square with two text lines.
        let note = Rect::from_center_size(rect.center(), Vec2::new(10.0, 11.0));
        let painter = ui.painter();
        painter.rect_filled(note, 1.5, color);
        let line = egui::Stroke::new(1.0, ui.visuals().panel_fill);
        for dy in [-1.5, 1.5] {
            let y = note.center().y + dy;
            painter.line_segment(
                [
                    Pos2::new(note.left() + 2.0, y),
                    Pos2::new(note.right() - 2.0, y),
                ],
                line,
            );
        }
        let response = response.on_hover_text(texts.join("\n\n"));
        if response.clicked()
            && let Some(m) = memos::memo(view.project, first)
        {
            super::memo_window::open(ui.ctx(), m.anchor.clone(), Some(m.id));
        }
    }
}
