//! The codebook: every code with its colour and number of codings; the selected code's name,
//! colour and description can be edited, and it can be put in a theme, merged or deleted.

use super::action::Action;
use super::coding_bar::swatch;
use super::view::View;
use super::widgets::labelled_combo;
use crate::edit::{CodeField, ops};
use crate::model::{CodeId, Project, ThemeKind};
use egui::{Key, RichText};

#[derive(Default)]
pub struct CodebookState {
    pub selected: Option<CodeId>,
    pub filter: String,
    pub new_name: String,
    /// The name being typed for the selected code; committed on Enter or leaving the field.
    name_edit: Option<(CodeId, String)>,
    /// The code most recently applied to a passage (the repeat-last-code key applies it again).
    pub last_code: Option<CodeId>,
}

pub fn codebook_ui(ui: &mut egui::Ui, state: &mut CodebookState, view: &mut View) {
    ui.horizontal(|ui| {
        ui.heading("Codebook");
        ui.label(RichText::new(format!("{} codes", view.project.codes.len())).weak());
    });
    ui.horizontal(|ui| {
        let r = ui.add(
            egui::TextEdit::singleline(&mut state.new_name)
                .hint_text("New code name")
                .desired_width(ui.available_width() - 60.0),
        );
        let entered = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if (ui.button("Add").clicked() || entered) && !state.new_name.trim().is_empty() {
            let name = state.new_name.trim().to_owned();
            if view.project.code_by_name(&name).is_some() {
                view.push(Action::Status(format!(
                    "A code named “{name}” already exists."
                )));
            } else {
                let (id, edit) = ops::create_code(view.project, &name);
                view.push(Action::edit(edit, format!("Create code “{name}”")));
                state.selected = Some(id);
                state.new_name.clear();
            }
        }
    });
    ui.add(
        egui::TextEdit::singleline(&mut state.filter)
            .hint_text("Filter codes")
            .desired_width(f32::INFINITY),
    );
    ui.separator();
    let filter = state.filter.trim().to_lowercase();
    // The list fills the area; with a code selected it shares it with the details.
    let list_height = if state.selected.is_some() {
        (ui.available_height() * 0.45).max(80.0)
    } else {
        ui.available_height() - 8.0
    };
    egui::ScrollArea::vertical()
        .id_salt("codebook-list")
        .max_height(list_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for code in &view.project.codes {
                if !filter.is_empty() && !code.name.to_lowercase().contains(&filter) {
                    continue;
                }
                ui.horizontal(|ui| {
                    swatch(ui, code.color);
                    let selected = state.selected == Some(code.id);
                    if ui.selectable_label(selected, &code.name).clicked() {
                        state.selected = if selected { None } else { Some(code.id) };
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(RichText::new(view.count(code.id).to_string()).weak());
                    });
                });
            }
        });
    ui.separator();
    if let Some(id) = state.selected {
        if view.project.code(id).is_some() {
            egui::ScrollArea::vertical()
                .id_salt("code-details")
                .auto_shrink([false, false])
                .show(ui, |ui| details_ui(ui, state, view, id));
        } else {
            state.selected = None;
        }
    }
}

fn details_ui(ui: &mut egui::Ui, state: &mut CodebookState, view: &mut View, id: CodeId) {
    let Some(code) = view.project.code(id) else {
        return;
    };
    egui::Grid::new("code-details")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Name");
            name_field_ui(ui, state, view, id, label.id);
            ui.end_row();

            let label = ui.label("Colour");
            let mut rgb = code.color.0;
            if ui
                .color_edit_button_srgb(&mut rgb)
                .labelled_by(label.id)
                .changed()
            {
                view.push(Action::typing(
                    crate::edit::Edit::SetCode {
                        id,
                        field: CodeField::Color(crate::model::Rgb(rgb)),
                    },
                    format!("Recolour code “{}”", code.name),
                    format!("code-colour-{id}"),
                ));
            }
            ui.end_row();

            ui.label("Codings");
            ui.label(view.count(id).to_string());
            ui.end_row();
        });
    ui.horizontal_wrapped(|ui| {
        theme_picker_ui(ui, view, id);
        merge_picker_ui(ui, view, id);
        if ui.button("Delete code…").clicked() {
            view.push(Action::ConfirmDeleteCode(id));
        }
    });
    ui.separator();
    let label = ui.label("Description");
    let mut description = code.description.clone();
    let r = ui
        .add(
            egui::TextEdit::multiline(&mut description)
                .hint_text("When to use this code")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if r.changed() {
        view.push(Action::typing(
            crate::edit::Edit::SetCode {
                id,
                field: CodeField::Description(description),
            },
            format!("Describe code “{}”", code.name),
            format!("code-description-{id}"),
        ));
    }
    let in_themes: Vec<&str> = view
        .project
        .themes
        .iter()
        .filter(|t| t.codes.contains(&id))
        .map(|t| t.name.as_str())
        .collect();
    if !in_themes.is_empty() {
        ui.label(RichText::new(format!("In themes: {}", in_themes.join(", "))).weak());
    }
}

fn name_field_ui(
    ui: &mut egui::Ui,
    state: &mut CodebookState,
    view: &mut View,
    id: CodeId,
    label: egui::Id,
) {
    let current = view
        .project
        .code(id)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    if state.name_edit.as_ref().is_none_or(|(e, _)| *e != id) {
        state.name_edit = Some((id, current.clone()));
    }
    let Some((_, buffer)) = state.name_edit.as_mut() else {
        return;
    };
    let r = ui
        .add(egui::TextEdit::singleline(buffer).desired_width(160.0))
        .labelled_by(label);
    let name = buffer.trim().to_owned();
    let clash = name_clash(view.project, id, &name);
    if clash {
        ui.colored_label(ui.visuals().error_fg_color, "name in use");
    }
    if r.lost_focus() {
        if !name.is_empty() && !clash && name != current {
            view.push(Action::edit(
                crate::edit::Edit::SetCode {
                    id,
                    field: CodeField::Name(name.clone()),
                },
                format!("Rename code “{current}” to “{name}”"),
            ));
        } else {
            state.name_edit = None; // revert to the stored name
        }
    } else if !r.has_focus() && *buffer != current {
        state.name_edit = None; // changed elsewhere (undo): show the stored name
    }
}

fn name_clash(project: &Project, id: CodeId, name: &str) -> bool {
    project
        .codes
        .iter()
        .any(|c| c.id != id && c.name.eq_ignore_ascii_case(name))
}

fn theme_picker_ui(ui: &mut egui::Ui, view: &mut View, id: CodeId) {
    let mut pick = None;
    labelled_combo(ui, "Add to theme", ("add-to-theme", id), "choose…", |ui| {
        for t in view
            .project
            .themes
            .iter()
            .filter(|t| t.kind == ThemeKind::Theme)
        {
            let already = t.codes.contains(&id);
            if ui
                .add_enabled(!already, egui::Button::selectable(false, &t.name))
                .clicked()
            {
                pick = Some(t.id);
            }
        }
    });
    if let Some(theme) = pick
        && let Some(edit) = ops::add_code_to_theme(view.project, theme, id)
    {
        let code = view.project.code(id).map_or("", |c| c.name.as_str());
        let theme = view.project.theme(theme).map_or("", |t| t.name.as_str());
        let label = format!("Add “{code}” to theme “{theme}”");
        view.push(Action::edit(edit, label));
    }
}

fn merge_picker_ui(ui: &mut egui::Ui, view: &mut View, id: CodeId) {
    let mut pick = None;
    labelled_combo(ui, "Merge into", ("merge-into", id), "choose…", |ui| {
        for c in view.project.codes.iter().filter(|c| c.id != id) {
            if ui.selectable_label(false, &c.name).clicked() {
                pick = Some(c.id);
            }
        }
    });
    if let Some(into) = pick {
        view.push(Action::ConfirmMergeCode { from: id, into });
    }
}
