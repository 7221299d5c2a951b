//! Comment markers in the reading pane's margin: a small mark beside each passage or coding of
//! the shown document that has a comment thread (amber while open, grey once resolved). A click
//! shows the thread in the review workspace. The reading pane calls [`markers_ui`] with a way to
//! find the screen height of a document offset among the paragraphs it drew.

use super::ReviewAction;
use crate::model::{CommentId, DocId, TextRange};
use crate::ui::action::Action;
use crate::ui::view::View;
use std::sync::Arc;

type Marks = Arc<Vec<(TextRange, CommentId, bool)>>;

/// The threads on passages and codings of `doc`, gathered once per change of the project.
fn marks(ctx: &egui::Context, view: &View, doc: DocId) -> Marks {
    let id = egui::Id::unique((
        "gloss-comment-marks",
        doc,
        view.history.generation(),
        view.project.comments.len(),
    ));
    if let Some(m) = ctx.data(|d| d.get_temp::<Marks>(id)) {
        return m;
    }
    let m: Marks = Arc::new(crate::review::comments::in_document(view.project, doc));
    ctx.data_mut(|d| d.insert_temp(id, m.clone()));
    m
}

/// Draws the markers at `x` (screen), those inside `visible`; `y_of` gives the screen top of the line holding a document
/// offset, for offsets on screen.
pub fn markers_ui(
    ui: &mut egui::Ui,
    view: &mut View,
    doc: DocId,
    x: f32,
    visible: egui::Rect,
    y_of: &dyn Fn(usize) -> Option<f32>,
) {
    if view.project.comments.is_empty() {
        return;
    }
    let marks = marks(ui.ctx(), view, doc);
    let mut taken: Vec<f32> = Vec::new();
    for (range, id, open) in marks.iter() {
        let Some(mut y) = y_of(range.start) else {
            continue;
        };
        // Several threads on one line: stack the marks a little apart.
        while taken.iter().any(|t| (t - y).abs() < 6.0) {
            y += 7.0;
        }
        taken.push(y);
        let rect = egui::Rect::from_min_size(egui::pos2(x, y + 2.0), egui::vec2(9.0, 12.0));
        if !visible.contains_rect(rect) {
            continue;
        }
        let resp = ui.interact(
            rect,
            ui.scope_id().with(("comment-mark", id)),
            egui::Sense::click(),
        );
        let text = view
            .project
            .comments
            .iter()
            .find(|c| c.id == *id)
            .map(|c| crate::ui::reading::ellipsize(c.text.trim(), 120))
            .unwrap_or_default();
        let state = if *open { "open" } else { "resolved" };
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!("Comment ({state}): {text}"),
            )
        });
        let color = if *open {
            egui::Color32::from_rgb(230, 160, 20)
        } else {
            ui.visuals().weak_text_color()
        };
        let painter = ui.painter();
        painter.rect_filled(rect, 2.0, color);
        painter.line_segment(
            [
                rect.left_bottom(),
                rect.left_bottom() + egui::vec2(0.0, 3.0),
            ],
            egui::Stroke::new(1.5, color),
        );
        let resp = resp.on_hover_text(format!(
            "Comment ({state}): {text}\nClick to show the thread"
        ));
        if resp.clicked() {
            view.push(Action::Review(ReviewAction::ShowThread(*id)));
        }
    }
}
