//! Setting one attribute's value on every ticked row at once.

use super::CasesState;
use crate::cases::plan;
use crate::cases::table::{self, RowKey};
use crate::model::AttributeKind;
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::RichText;

/// Sets one attribute to one value on the ticked rows, as one undo step.
pub(super) fn bulk_ui(
    ui: &mut egui::Ui,
    state: &mut CasesState,
    view: &mut View,
    plural: &str,
    columns: &[table::Column],
) {
    let n = state.selected.len();
    if n == 0 {
        ui.label(RichText::new(format!("Tick {plural} to set a value on many at once.")).weak());
        return;
    }
    ui.horizontal(|ui| {
        ui.label(format!("{n} selected: set"));
        let current = state
            .bulk_column
            .clone()
            .filter(|c| columns.iter().any(|x| &x.name == c))
            .or_else(|| columns.first().map(|c| c.name.clone()));
        egui::ComboBox::from_id_salt(("bulk-column", state.of))
            .selected_text(current.clone().unwrap_or_else(|| "(no attributes)".into()))
            .show_ui(ui, |ui| {
                for c in columns {
                    ui.selectable_value(&mut state.bulk_column, Some(c.name.clone()), &c.name);
                }
            })
            .response
            .accessible_name("Attribute to set");
        ui.label("to");
        let kind = current
            .as_ref()
            .and_then(|c| columns.iter().find(|x| &x.name == c))
            .map(|c| c.kind.clone())
            .unwrap_or_default();
        match &kind {
            AttributeKind::Choice(options) => {
                egui::ComboBox::from_id_salt(("bulk-value", state.of))
                    .selected_text(if state.bulk_value.is_empty() {
                        "(not set)"
                    } else {
                        state.bulk_value.as_str()
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut state.bulk_value, String::new(), "(not set)");
                        for o in options {
                            ui.selectable_value(&mut state.bulk_value, o.clone(), o);
                        }
                    })
                    .response
                    .accessible_name("Value to set");
            }
            _ => {
                let l = ui.label("value");
                ui.add(egui::TextEdit::singleline(&mut state.bulk_value).desired_width(140.0))
                    .labelled_by(l.id);
            }
        }
        if ui.button("Apply").clicked()
            && let Some(col) = current
        {
            let keys: Vec<RowKey> = state.selected.iter().cloned().collect();
            match plan::set_values(view.project, state.of, &keys, &col, &state.bulk_value) {
                Ok(e) => {
                    view.push(Action::edit(
                        e,
                        plan::set_values_label(&col, keys.len(), state.of),
                    ));
                    state.message = None;
                }
                Err(e) => state.message = Some(e),
            }
        }
        if ui.button("Clear selection").clicked() {
            state.selected.clear();
        }
    });
}
