//! The table itself: the header (sorting, filtering by a value, each column's menu) and the
//! rows, whose cells are edited in place and checked by the attribute's type.

use super::attribute::Manage;
use super::{CELL_W, CasesState, NAME_W, ROW_H, cell};
use crate::cases::table::{self, CaseTable, RowKey, SortBy};
use crate::cases::{kinds, plan};
use crate::model::{Anchor, AttributeKind, AttributeOf};
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::RichText;

/// The header and the rows of the table as shown (sorted and filtered).
pub(super) fn table_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View, t: &CaseTable) {
    let of = state.of;
    let shown = || t.rows.iter().map(|r| &r.key);
    state.selected.retain(|k| match k {
        RowKey::Participant(name) => view.project.participant(name).is_some(),
        RowKey::Document(id) => view.project.document(*id).is_some(),
    });
    egui::ScrollArea::horizontal()
        .id_salt(("cases-h", of))
        .show(ui, |ui| {
            // Header: select-all, name, one column per attribute (click to sort; … to manage).
            ui.horizontal(|ui| {
                cell(ui, 24.0, |ui| {
                    let all = !t.rows.is_empty() && shown().all(|k| state.selected.contains(k));
                    let mut on = all;
                    if ui
                        .checkbox(&mut on, "")
                        .accessible_name("Select every row shown")
                        .on_hover_text("Select every row shown")
                        .changed()
                    {
                        if on {
                            state.selected.extend(shown().cloned());
                        } else {
                            for k in shown() {
                                state.selected.remove(k);
                            }
                        }
                    }
                });
                let arrow = |on: bool, desc: bool| match (on, desc) {
                    (true, false) => " (a–z)",
                    (true, true) => " (z–a)",
                    _ => "",
                };
                cell(ui, NAME_W, |ui| {
                    let on = state.sort == SortBy::Name;
                    let title = if of == AttributeOf::Participant { "Name" } else { "Title" };
                    if ui
                        .button(RichText::new(format!("{title}{}", arrow(on, state.descending))).strong())
                        .on_hover_text("Sort by name")
                        .clicked()
                    {
                        state.descending = on && !state.descending;
                        state.sort = SortBy::Name;
                    }
                });
                for (i, c) in t.columns.iter().enumerate() {
                    cell(ui, CELL_W, |ui| {
                        let on = state.sort == SortBy::Column(i);
                        let mut text = RichText::new(format!("{}{}", c.name, arrow(on, state.descending))).strong();
                        if !c.declared {
                            text = text.italics();
                        }
                        let hover = if c.declared {
                            format!("{} ({}): click to sort", c.name, kinds::kind_label(&c.kind))
                        } else {
                            format!("{}: values without a declared type; … to give it one", c.name)
                        };
                        if ui.button(text).on_hover_text(hover).clicked() {
                            state.descending = on && !state.descending;
                            state.sort = SortBy::Column(i);
                        }
                        ui.menu_button("…", |ui| {
                            if ui.button("Rename, retype or remove…").clicked() {
                                state.manage = Some(Manage::of(c));
                                ui.close();
                            }
                            ui.separator();
                            ui.label("Show only rows with:");
                            for v in t.distinct(i) {
                                let shown_v = if v.is_empty() { "(not set)".to_owned() } else { v.clone() };
                                if ui.button(shown_v).clicked() {
                                    state.filter_column = Some((c.name.clone(), v));
                                    ui.close();
                                }
                            }
                        });
                    });
                }
            });
            ui.separator();
            if t.rows.is_empty() {
                ui.label(
                    RichText::new(if view.project.participants.is_empty() && of == AttributeOf::Participant {
                        "No participants yet: import transcripts; their speakers become participants."
                    } else {
                        "No rows match the filter."
                    })
                    .weak(),
                );
            }
            egui::ScrollArea::vertical()
                .id_salt(("cases-v", of))
                .auto_shrink([false, true])
                .show_rows(ui, ROW_H + ui.spacing().item_spacing.y, t.rows.len(), |ui, range| {
                    for row in t.rows.get(range).unwrap_or(&[]) {
                        row_ui(ui, state, view, t, row);
                    }
                });
        });
}

fn row_ui(
    ui: &mut egui::Ui,
    state: &mut CasesState,
    view: &mut View,
    t: &CaseTable,
    row: &table::CaseRow,
) {
    let of = state.of;
    ui.horizontal(|ui| {
        cell(ui, 24.0, |ui| {
            let mut on = state.selected.contains(&row.key);
            if ui
                .checkbox(&mut on, "")
                .accessible_name(format!("Select {}", row.label))
                .changed()
            {
                if on {
                    state.selected.insert(row.key.clone());
                } else {
                    state.selected.remove(&row.key);
                }
            }
        });
        cell(ui, NAME_W, |ui| {
            let anchor = match &row.key {
                RowKey::Participant(p) => Anchor::Participant(p.clone()),
                RowKey::Document(d) => Anchor::Document(*d),
            };
            let n = state
                .memo_rows
                .as_ref()
                .and_then(|(_, rows)| rows.get(&row.key).copied())
                .unwrap_or(0);
            crate::ui::explore::memo_window::memo_button_with(ui, view, anchor, n);
            let mut name = RichText::new(crate::ui::reading::ellipsize(&row.label, 24));
            if row.interviewer {
                name = name.italics();
            }
            let r = ui.label(name);
            if row.interviewer {
                r.on_hover_text(format!("{} (interviewer)", row.label));
            }
        });
        for (i, c) in t.columns.iter().enumerate() {
            let value = row.values.get(i).cloned().unwrap_or_default();
            cell(ui, CELL_W, |ui| match &c.kind {
                AttributeKind::Choice(options) => {
                    let mut v = value.clone();
                    egui::ComboBox::from_id_salt(("cell", &row.key, &c.name))
                        .width(CELL_W - 12.0)
                        .selected_text(if v.is_empty() { "–" } else { v.as_str() })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut v, String::new(), "(not set)");
                            for o in options {
                                ui.selectable_value(&mut v, o.clone(), o);
                            }
                        })
                        .response
                        .accessible_name(format!("{} of {}", c.name, row.label));
                    if v != value {
                        commit(state, view, &row.key, &c.name, &v);
                    }
                }
                _ => {
                    let editing =
                        matches!(&state.editing, Some((k, a, _)) if k == &row.key && a == &c.name);
                    let mut text = match &state.editing {
                        Some((_, _, buf)) if editing => buf.clone(),
                        _ => value.clone(),
                    };
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut text)
                                .desired_width(CELL_W - 12.0)
                                .hint_text("–"),
                        )
                        .accessible_name(format!("{} of {}", c.name, row.label));
                    let r = r.on_hover_text(format!(
                        "{} of {} ({}); Enter to set, Esc to cancel",
                        c.name,
                        row.label,
                        kinds::kind_label(&c.kind)
                    ));
                    if r.changed() {
                        state.editing = Some((row.key.clone(), c.name.clone(), text.clone()));
                    }
                    if r.lost_focus() && editing {
                        state.editing = None;
                        let cancelled = ui.input(|i| i.key_pressed(egui::Key::Escape));
                        if !cancelled && text != value {
                            commit(state, view, &row.key, &c.name, &text);
                        }
                    }
                }
            });
        }
    });
    let _ = of;
}

fn commit(state: &mut CasesState, view: &mut View, key: &RowKey, attr: &str, raw: &str) {
    match plan::set_values(view.project, state.of, std::slice::from_ref(key), attr, raw) {
        Ok(e) => {
            view.push(Action::edit(e, plan::set_values_label(attr, 1, state.of)));
            state.message = None;
        }
        Err(e) => {
            state.message = Some(format!(
                "{} was not changed: {e}",
                table::label(view.project, key)
            ));
        }
    }
}
