//! The Comments list: every thread, filtered by open / resolved / mine / kind of anchor; a click
//! shows the thread and jumps to what it is on (a theme on the board, a coding or passage in
//! the reading pane).

use super::{ReviewAction, ReviewState};
use crate::model::{Anchor, Project};
use crate::review::comments::{self, AnchorKind};
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::RichText;

pub fn list_ui(ui: &mut egui::Ui, state: &mut ReviewState, view: &mut View, me: &str) {
    ui.horizontal(|ui| {
        let f = &mut state.filter;
        ui.selectable_value(&mut f.open, None, "All");
        ui.selectable_value(&mut f.open, Some(true), "Open");
        ui.selectable_value(&mut f.open, Some(false), "Resolved");
        ui.separator();
        ui.checkbox(&mut f.mine, "Mine");
        ui.separator();
        let shown = f.anchor.label();
        crate::ui::widgets::labelled_combo(ui, "On:", "comment-anchor-filter", shown, |ui| {
            for k in AnchorKind::ALL {
                ui.selectable_value(&mut f.anchor, k, k.label());
            }
        });
    });
    ui.separator();
    let me_id = view.project.coder_by_name(me).map(|c| c.id);
    let threads = comments::threads(view.project);
    let shown: Vec<&comments::Thread> = threads
        .iter()
        .filter(|t| state.filter.keeps(t, me_id))
        .collect();
    if shown.is_empty() {
        ui.label(if threads.is_empty() {
            "No comments yet. Comment on a theme from the board, on a passage from its 💬 \
             button, or on a selection in the reading pane (Edit > Comment on selection)."
        } else {
            "No comments match the filter."
        });
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("comment-list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for t in shown {
                let (what, orphaned) = comments::describe(view.project, &t.root.anchor);
                let selected = state.thread.selected == Some(t.root.id);
                ui.group(|ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        let mark = if t.is_open() { "open" } else { "resolved" };
                        ui.label(RichText::new(mark).small());
                        if orphaned {
                            ui.colored_label(
                                ui.visuals().error_fg_color,
                                format!("orphaned: on {what}"),
                            );
                        } else {
                            ui.label(RichText::new(format!("on {what}")).weak());
                        }
                    });
                    let text = format!(
                        "{} ({}): {}",
                        crate::review::person(view.project, t.root.author),
                        crate::review::date(t.root.created),
                        crate::ui::reading::ellipsize(t.root.text.trim(), 140)
                    );
                    let r = ui.selectable_label(selected, text);
                    if !t.replies.is_empty() {
                        ui.label(RichText::new(format!("{} replies", t.replies.len())).weak());
                    }
                    if r.clicked() {
                        state.thread.selected = Some(t.root.id);
                        if let Some(a) = jump(view.project, &t.root.anchor) {
                            view.push(a);
                        }
                    }
                });
            }
        });
}

/// Where a click on a thread goes.
fn jump(project: &Project, anchor: &Anchor) -> Option<Action> {
    match anchor {
        Anchor::Theme(t) => Some(Action::Review(ReviewAction::ShowTheme(*t))),
        Anchor::Code(c) => project
            .themes
            .iter()
            .find(|t| t.codes.contains(c))
            .map(|t| Action::Review(ReviewAction::ShowTheme(t.id))),
        Anchor::Coding(id) => project
            .codings
            .contains_key(id)
            .then(|| Action::Review(ReviewAction::OpenPassage(*id))),
        Anchor::Passage { document, range } => project
            .document(*document)
            .map(|_| Action::Review(ReviewAction::OpenRange(*document, *range))),
        _ => None,
    }
}
