//! The strip above the text that appears when a passage is selected: it quotes the selection and
//! attaches codes to it, picked from the codebook or typed as a new name (Enter applies).

use super::action::Action;
use super::colors;
use super::reading::{ReadingState, ellipsize};
use super::view::View;
use crate::edit::ops;
use crate::model::{Code, Document, TextRange};
use egui::{Key, RichText, Sense, vec2};

/// The accessible name of the code picker field.
pub const PICKER_LABEL: &str = "Code as:";

/// Always two rows high, so that selecting text never moves the text being selected.
pub fn coding_bar_ui(ui: &mut egui::Ui, state: &mut ReadingState, view: &mut View, doc: &Document) {
    let range = state.selected_range(doc);
    ui.horizontal(|ui| match range {
        None => {
            ui.label(
                RichText::new("Drag across the text to select a passage, then attach codes to it.")
                    .weak(),
            );
        }
        Some(range) => {
            let quote = doc.slice(range);
            ui.label(RichText::new("Selected:").strong());
            ui.label(RichText::new(format!("“{}”", ellipsize(&quote, 90))).italics());
            ui.label(RichText::new(format!("({} words)", quote.split_whitespace().count())).weak());
        }
    });
    ui.add_enabled_ui(range.is_some(), |ui| {
        ui.horizontal(|ui| {
            let label = ui.label(PICKER_LABEL);
            let edit = egui::TextEdit::singleline(&mut state.code_query)
                .hint_text("Code name…")
                .desired_width(180.0);
            let response = ui.add(edit).labelled_by(label.id);
            if std::mem::take(&mut state.focus_picker) {
                response.request_focus();
            }
            let Some(range) = range else { return };
            let query = state.code_query.trim().to_owned();
            let lower = query.to_lowercase();
            let matches: Vec<&Code> = view
                .project
                .codes
                .iter()
                .filter(|c| query.is_empty() || c.name.to_lowercase().contains(&lower))
                .collect();
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let mut chosen: Option<String> = None;
            if entered && !query.is_empty() {
                let exact = view
                    .project
                    .code_by_name(&query)
                    .or(matches.first().copied());
                chosen = Some(exact.map_or_else(|| query.clone(), |c| c.name.clone()));
            }
            egui::ScrollArea::horizontal()
                .id_salt("code-chips")
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        for code in &matches {
                            if code_chip(ui, code, view.count(code.id)).clicked() {
                                chosen = Some(code.name.clone());
                            }
                        }
                        if !query.is_empty()
                            && view.project.code_by_name(&query).is_none()
                            && ui.button(format!("+ New code “{query}”")).clicked()
                        {
                            chosen = Some(query.clone());
                        }
                    });
                });
            if let Some(name) = chosen {
                apply_code(state, view, doc, range, &name);
                if entered {
                    state.focus_picker = true; // keep coding from the keyboard
                }
            }
        });
    });
}

fn code_chip(ui: &mut egui::Ui, code: &Code, count: usize) -> egui::Response {
    let button = egui::Button::new(RichText::new(&code.name))
        .fill(colors::fill(code.color, ui.visuals().dark_mode))
        .stroke(egui::Stroke::new(1.0, colors::solid(code.color)));
    ui.add(button)
        .on_hover_text(format!("Apply “{}” ({count} codings)", code.name))
}

fn apply_code(
    state: &mut ReadingState,
    view: &mut View,
    doc: &Document,
    range: TextRange,
    name: &str,
) {
    let is_new = view.project.code_by_name(name).is_none();
    match ops::code_passage_with_name(
        view.project,
        doc.id,
        range.start,
        range.end,
        name,
        view.coder,
    ) {
        Some(edit) => {
            let label = if is_new {
                format!("Create code “{name}” and code passage")
            } else {
                format!("Code passage as “{name}”")
            };
            view.push(Action::edit(edit, label));
        }
        None => view.push(Action::Status(format!(
            "The passage already has the code “{name}”."
        ))),
    }
    state.code_query.clear();
}

/// A small colour square, as used in lists of codes.
pub fn swatch(ui: &mut egui::Ui, color: crate::model::Rgb) {
    let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
    ui.painter().rect_filled(r, 2.0, colors::solid(color));
}
