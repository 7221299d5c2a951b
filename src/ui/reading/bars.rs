//! The small bars and popups of the reading pane: find, go to paragraph, and the list of the
//! codings under a click.

use super::*;
use crate::model::Anchor;

pub(super) fn find_bar_ui(ui: &mut egui::Ui, state: &mut ReadingState, doc: &Document) {
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
        state.find.refresh(doc, state.derived.text_len());
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

pub(super) fn goto_bar_ui(ui: &mut egui::Ui, state: &mut ReadingState, doc: &Document) {
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
                    .hint_text(format!("1–{}", doc.turns().len()))
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
            Some(n) if n >= 1 && n <= doc.turns().len() => {
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
pub(super) fn codings_here_ui(
    ctx: &egui::Context,
    state: &mut ReadingState,
    view: &mut View,
    doc: &Document,
) {
    let Some((at, pos)) = state.inspect else {
        return;
    };
    let here: Vec<crate::model::Coding> = view
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
                    let coder = view.project.coder_label(c.coder);
                    ui.label(RichText::new(format!("by {coder}")).weak());
                    crate::ui::explore::memo_button_ui(ui, view, Anchor::Coding(c.id));
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
