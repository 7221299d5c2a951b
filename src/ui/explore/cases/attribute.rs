//! Attributes as columns: adding one with its type, and renaming, retyping or removing one from
//! its column's menu.

use super::CasesState;
use crate::cases::table::{self};
use crate::cases::{kinds, plan};
use crate::model::AttributeKind;
use crate::ui::action::Action;
use crate::ui::view::View;

/// The type picker's choices.
pub(super) const KINDS: [&str; 4] = ["Text", "Number", "Date", "One of a list"];

/// The type picker's index of a kind.
pub(super) fn kind_index(k: &AttributeKind) -> usize {
    match k {
        AttributeKind::Text => 0,
        AttributeKind::Number => 1,
        AttributeKind::Date => 2,
        AttributeKind::Choice(_) => 3,
    }
}

/// The kind chosen in the type picker (`choices`: the list, comma-separated).
pub(super) fn kind_from(index: usize, choices: &str) -> AttributeKind {
    match index {
        1 => AttributeKind::Number,
        2 => AttributeKind::Date,
        3 => AttributeKind::Choice(kinds::parse_options(choices)),
        _ => AttributeKind::Text,
    }
}

/// An attribute's settings being edited in its column menu.
#[derive(Clone, Debug, Default)]
pub(super) struct Manage {
    column: String,
    rename: String,
    kind: usize,
    choices: String,
}

impl Manage {
    /// The settings of column `c`, to edit.
    pub(super) fn of(c: &table::Column) -> Self {
        Self {
            column: c.name.clone(),
            rename: c.name.clone(),
            kind: kind_index(&c.kind),
            choices: match &c.kind {
                AttributeKind::Choice(o) => o.join(", "),
                _ => String::new(),
            },
        }
    }
}

/// The row that adds an attribute: its name, its type and (one of a list) its values.
pub(super) fn add_attribute_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View) {
    ui.horizontal(|ui| {
        let label = ui.label("New attribute:");
        ui.add(
            egui::TextEdit::singleline(&mut state.new_name)
                .hint_text("role, site, round…")
                .desired_width(140.0),
        )
        .labelled_by(label.id);
        egui::ComboBox::from_id_salt(("new-kind", state.of))
            .selected_text(KINDS[state.new_kind.min(3)])
            .show_ui(ui, |ui| {
                for (i, k) in KINDS.iter().enumerate() {
                    ui.selectable_value(&mut state.new_kind, i, *k);
                }
            })
            .response
            .accessible_name("Type of the new attribute");
        if state.new_kind == 3 {
            let l = ui.label("Values:");
            ui.add(
                egui::TextEdit::singleline(&mut state.new_choices)
                    .hint_text("nurse, doctor, social worker")
                    .desired_width(200.0),
            )
            .labelled_by(l.id);
        }
        if ui.button("Add attribute").clicked() {
            let kind = kind_from(state.new_kind, &state.new_choices);
            match plan::add_attribute(view.project, state.of, &state.new_name, kind) {
                Ok(e) => {
                    view.push(Action::edit(
                        e,
                        format!("Add attribute “{}”", state.new_name.trim()),
                    ));
                    state.new_name.clear();
                    state.new_choices.clear();
                    state.message = None;
                }
                Err(e) => state.message = Some(e),
            }
        }
    });
}

/// A column's settings: rename, retype or remove the attribute.
pub(super) fn manage_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View, mut m: Manage) {
    let of = state.of;
    ui.strong(format!("Attribute “{}”", m.column));
    ui.horizontal(|ui| {
        let l = ui.label("Name:");
        ui.add(egui::TextEdit::singleline(&mut m.rename).desired_width(160.0))
            .labelled_by(l.id);
        if ui.button("Rename").clicked() {
            match plan::rename_attribute(view.project, of, &m.column, &m.rename) {
                Ok(e) => {
                    view.push(Action::edit(
                        e,
                        format!("Rename attribute “{}” to “{}”", m.column, m.rename.trim()),
                    ));
                    m.column = m.rename.trim().to_owned();
                    state.message = None;
                }
                Err(e) => state.message = Some(e),
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("Type:");
        egui::ComboBox::from_id_salt(("manage-kind", of))
            .selected_text(KINDS[m.kind.min(3)])
            .show_ui(ui, |ui| {
                for (i, k) in KINDS.iter().enumerate() {
                    ui.selectable_value(&mut m.kind, i, *k);
                }
            })
            .response
            .accessible_name("Type");
        if m.kind == 3 {
            let l = ui.label("Values:");
            ui.add(egui::TextEdit::singleline(&mut m.choices).desired_width(220.0))
                .labelled_by(l.id);
        }
        if ui.button("Set type").clicked() {
            match plan::set_kind(view.project, of, &m.column, kind_from(m.kind, &m.choices)) {
                Ok(e) => {
                    view.push(Action::edit(
                        e,
                        format!("Change the type of “{}”", m.column),
                    ));
                    state.message = None;
                }
                Err(e) => state.message = Some(e),
            }
        }
    });
    let mut keep = true;
    ui.horizontal(|ui| {
        if ui
            .button("Remove attribute")
            .on_hover_text(
                "Remove the attribute and its value on every row (Undo brings them back)",
            )
            .clicked()
        {
            match plan::remove_attribute(view.project, of, &m.column) {
                Ok(e) => {
                    view.push(Action::edit(e, format!("Remove attribute “{}”", m.column)));
                    keep = false;
                }
                Err(e) => state.message = Some(e),
            }
        }
        if ui.button("Close").clicked() {
            keep = false;
        }
    });
    state.manage = keep.then_some(m);
}
