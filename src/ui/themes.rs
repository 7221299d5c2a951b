//! The theme tree: groups ("Rewarding", "Challenging") holding themes and sub-themes, each theme
//! listing the codes that support it, its status and its counts. Codes are dragged from the
//! codebook onto a theme; a theme is dragged onto a group or theme to move it there. The selected
//! node's fields, counts, participants and passages (with exemplar marks) are shown below.

use super::action::Action;
use super::codebook::DragCode;
use super::coding_bar::swatch;
use super::retrieval::{RetrievalState, Target, retrieval_ui};
use super::view::View;
use super::widgets::{committed_name_field, labelled_combo};
use crate::edit::{Edit, ThemeField, ops};
use crate::export::status_label;
use crate::model::{CodeId, Project, Theme, ThemeId, ThemeKind, ThemeStatus};
use crate::query::{self, Counts};
use egui::collapsing_header::CollapsingState;
use egui::{RichText, Sense};
use std::collections::BTreeMap;

/// The payload of a theme being dragged.
#[derive(Clone, Copy, Debug)]
pub struct DragTheme(pub ThemeId);

#[derive(Default)]
pub struct ThemesState {
    pub selected: Option<ThemeId>,
    name_edit: Option<(ThemeId, String)>,
    counts: Option<(
        super::codebook::CountsKey,
        std::sync::Arc<BTreeMap<ThemeId, Counts>>,
    )>,
    /// The selected theme's participants, for the history generation they were listed at.
    names: Option<(u64, ThemeId, String)>,
    retrieval: RetrievalState,
    /// The selected theme last scrolled into view.
    revealed: Option<ThemeId>,
}

impl ThemesState {
    /// The counts (kept with the project, so reading them is a lookup per theme), gathered once
    /// per change and shared by the frames until the next one.
    fn counts(&mut self, view: &View) -> std::sync::Arc<BTreeMap<ThemeId, Counts>> {
        let key = (view.history.generation(), view.visible.map(<[_]>::to_vec));
        if self.counts.as_ref().is_none_or(|(k, _)| *k != key) {
            let counts = query::layers::theme_counts(view.project, view.visible);
            self.counts = Some((key, std::sync::Arc::new(counts)));
        }
        self.counts
            .as_ref()
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    }
}

pub fn themes_ui(ui: &mut egui::Ui, state: &mut ThemesState, view: &mut View) {
    let counts = state.counts(view);
    ui.horizontal(|ui| {
        ui.heading("Themes");
        if ui.button("New group").clicked() {
            let (id, edit) = ops::create_theme(view.project, "New group", ThemeKind::Group, None);
            view.push(Action::edit(edit, "Create group"));
            state.selected = Some(id);
        }
        if ui.button("New theme").clicked() {
            // Inside the selected group, or beside the selected theme.
            let parent = state
                .selected
                .and_then(|s| view.project.theme(s))
                .and_then(|t| match t.kind {
                    ThemeKind::Group => Some(t.id),
                    ThemeKind::Theme => t.parent,
                });
            let (id, edit) = ops::create_theme(view.project, "New theme", ThemeKind::Theme, parent);
            view.push(Action::edit(edit, "Create theme"));
            state.selected = Some(id);
        }
    });
    ui.separator();
    let tree_height = if state.selected.is_some() {
        (ui.available_height() * 0.55).max(80.0)
    } else {
        ui.available_height() - 8.0
    };
    egui::ScrollArea::vertical()
        .id_salt("theme-tree")
        .max_height(tree_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if view.project.themes.is_empty() {
                ui.label(
                    RichText::new("No themes yet. Make a group, then themes inside it.").weak(),
                );
            }
            let roots: Vec<&Theme> = view.project.child_themes(None).collect();
            for t in roots {
                node_ui(ui, state, view, &counts, t, 0);
            }
        });
    ui.separator();
    if let Some(id) = state.selected {
        if view.project.theme(id).is_some() {
            egui::ScrollArea::vertical()
                .id_salt("theme-details")
                .auto_shrink([false, false])
                .show(ui, |ui| details_ui(ui, state, view, &counts, id));
        } else {
            state.selected = None;
        }
    }
}

fn node_ui(
    ui: &mut egui::Ui,
    state: &mut ThemesState,
    view: &mut View,
    counts: &BTreeMap<ThemeId, Counts>,
    t: &Theme,
    depth: usize,
) {
    if depth > 16 {
        return; // a damaged file with a cycle; validation reports it
    }
    let id = ui.make_persistent_id(("theme-node", t.id));
    let selected = state.selected == Some(t.id);
    CollapsingState::load_with_default_open(ui.ctx(), id, true)
        .show_header(ui, |ui| {
            let text = match t.kind {
                ThemeKind::Group => RichText::new(&t.name).strong(),
                ThemeKind::Theme => RichText::new(&t.name),
            };
            let r = ui
                .add(egui::Button::selectable(selected, text).sense(Sense::click_and_drag()))
                .on_hover_text("Drop a code here to add it; drop a theme here to move it inside");
            r.dnd_set_drag_payload(DragTheme(t.id));
            // A theme newly selected (by the arrow keys) is scrolled into view once.
            if selected && state.revealed != Some(t.id) {
                r.scroll_to_me(None);
                state.revealed = Some(t.id);
            }
            if r.clicked() {
                state.selected = if selected { None } else { Some(t.id) };
            }
            drop_on_node(ui, view, t, &r);
            let n = counts.get(&t.id).cloned().unwrap_or_default();
            let mut text = format!("{} · {} · {}", n.codings, n.documents, n.participants);
            if t.kind == ThemeKind::Theme {
                text = format!("{} · {text}", status_label(t.status));
            }
            ui.label(RichText::new(text).weak().small())
                .on_hover_text(format!(
                    "{} codings in {} documents from {} participants",
                    n.codings, n.documents, n.participants
                ));
        })
        .body(|ui| {
            let children: Vec<&Theme> = view.project.child_themes(Some(t.id)).collect();
            for c in children {
                node_ui(ui, state, view, counts, c, depth + 1);
            }
            for code_id in &t.codes {
                code_row_ui(ui, view, t, *code_id);
            }
        });
}

/// Handles a code or theme dropped on a node of the tree.
fn drop_on_node(ui: &egui::Ui, view: &mut View, t: &Theme, r: &egui::Response) {
    let hovering = r.dnd_hover_payload::<DragCode>().is_some()
        || r.dnd_hover_payload::<DragTheme>()
            .is_some_and(|d| d.0 != t.id);
    if hovering {
        ui.painter().rect_stroke(
            r.rect,
            2.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Outside,
        );
    }
    if let Some(code) = r.dnd_release_payload::<DragCode>() {
        let name = view.project.code(code.0).map_or("", |c| c.name.as_str());
        match ops::add_code_to_theme(view.project, t.id, code.0) {
            Some(edit) => view.push(Action::edit(
                edit,
                format!("Add “{name}” to theme “{}”", t.name),
            )),
            None => view.push(Action::Status(format!(
                "“{name}” is already in “{}”.",
                t.name
            ))),
        }
    }
    if let Some(moved) = r.dnd_release_payload::<DragTheme>()
        && moved.0 != t.id
    {
        let name = view.project.theme(moved.0).map_or("", |m| m.name.as_str());
        match ops::move_theme(view.project, moved.0, Some(t.id)) {
            Some(edit) => view.push(Action::edit(
                edit,
                format!("Move “{name}” into “{}”", t.name),
            )),
            None => view.push(Action::Status(format!(
                "“{name}” cannot move into “{}”.",
                t.name
            ))),
        }
    }
}

fn code_row_ui(ui: &mut egui::Ui, view: &mut View, t: &Theme, code_id: CodeId) {
    let Some(code) = view.project.code(code_id) else {
        return;
    };
    ui.horizontal(|ui| {
        swatch(ui, code.color);
        ui.label(&code.name);
        ui.label(RichText::new(format!("({})", view.count(code_id))).weak());
        if ui
            .small_button("×")
            .on_hover_text(format!("Take “{}” out of this theme", code.name))
            .clicked()
        {
            view.push(Action::edit(
                Edit::RemoveThemeCode {
                    theme: t.id,
                    code: code_id,
                },
                format!("Take “{}” out of “{}”", code.name, t.name),
            ));
        }
    });
}

fn details_ui(
    ui: &mut egui::Ui,
    state: &mut ThemesState,
    view: &mut View,
    counts: &BTreeMap<ThemeId, Counts>,
    id: ThemeId,
) {
    let Some(t) = view.project.theme(id) else {
        return;
    };
    let what = match t.kind {
        ThemeKind::Group => "group",
        ThemeKind::Theme => "theme",
    };
    egui::Grid::new("theme-details")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Name");
            name_field_ui(ui, state, view, id, label.id);
            ui.end_row();
            ui.label("Kind");
            ui.horizontal(|ui| {
                for (kind, label) in [(ThemeKind::Group, "Group"), (ThemeKind::Theme, "Theme")] {
                    if ui.radio(t.kind == kind, label).clicked() && t.kind != kind {
                        view.push(Action::edit(
                            Edit::SetTheme {
                                id,
                                field: ThemeField::Kind(kind),
                            },
                            format!("Make “{}” a {}", t.name, label.to_lowercase()),
                        ));
                    }
                }
            });
            ui.end_row();
            parent_picker_ui(ui, view, t);
            ui.end_row();
            if t.kind == ThemeKind::Theme {
                status_picker_ui(ui, view, t);
                ui.end_row();
            }
        });
    let n = counts.get(&id).cloned().unwrap_or_default();
    ui.label(format!(
        "{} codings in {} documents from {} participants",
        n.codings, n.documents, n.participants
    ));
    if n.participants > 0 {
        let generation = view.history.generation();
        if state
            .names
            .as_ref()
            .is_none_or(|(g, t, _)| (*g, *t) != (generation, id))
        {
            let names = query::theme_participants(view.project, id);
            state.names = Some((generation, id, super::widgets::name_list(&names)));
        }
        if let Some((_, _, names)) = &state.names {
            ui.label(RichText::new(format!("Participants: {names}")).weak());
        }
    }
    ui.horizontal_wrapped(|ui| {
        if t.kind == ThemeKind::Theme {
            code_picker_ui(ui, view, t);
        }
        merge_picker_ui(ui, view, t);
        if ui.button(format!("Delete {what}…")).clicked() {
            view.push(Action::ConfirmDeleteTheme(id));
        }
    });
    ui.separator();
    text_field_ui(
        ui,
        view,
        t,
        "Description",
        &t.description,
        ThemeField::Description,
        true,
    );
    if t.kind == ThemeKind::Theme {
        text_field_ui(
            ui,
            view,
            t,
            "Involves",
            &t.involves,
            ThemeField::Involves,
            false,
        );
        text_field_ui(
            ui,
            view,
            t,
            "Concerns",
            &t.concerns,
            ThemeField::Concerns,
            false,
        );
    }
    text_field_ui(ui, view, t, "Memo", &t.memo, ThemeField::Memo, true);
    ui.separator();
    let generation = view.history.generation();
    retrieval_ui(
        ui,
        &mut state.retrieval,
        view.project,
        (generation, view.visible),
        Target::Theme(id),
        view.actions,
    );
}

fn status_picker_ui(ui: &mut egui::Ui, view: &mut View, t: &Theme) {
    let mut pick = None;
    labelled_combo(
        ui,
        "Status",
        ("theme-status", t.id),
        status_label(t.status),
        |ui| {
            for s in [
                ThemeStatus::Candidate,
                ThemeStatus::Reviewed,
                ThemeStatus::Final,
            ] {
                if ui
                    .selectable_label(t.status == s, status_label(s))
                    .clicked()
                {
                    pick = Some(s);
                }
            }
        },
    );
    if let Some(status) = pick
        && status != t.status
    {
        view.push(Action::edit(
            Edit::SetTheme {
                id: t.id,
                field: ThemeField::Status(status),
            },
            format!("Mark “{}” as {}", t.name, status_label(status)),
        ));
    }
}

fn merge_picker_ui(ui: &mut egui::Ui, view: &mut View, t: &Theme) {
    let mut pick = None;
    labelled_combo(ui, "Merge into", ("theme-merge", t.id), "choose…", |ui| {
        for o in view.project.themes.iter().filter(|o| {
            o.id != t.id && o.kind == t.kind && !view.project.theme_is_within(o.id, t.id)
        }) {
            if ui.selectable_label(false, &o.name).clicked() {
                pick = Some(o.id);
            }
        }
    });
    if let Some(into) = pick
        && let Some(edit) = ops::merge_themes(view.project, t.id, into)
    {
        let to = view.project.theme(into).map_or("", |o| o.name.as_str());
        view.push(Action::edit(
            edit,
            format!("Merge “{}” into “{to}”", t.name),
        ));
    }
}

fn text_field_ui(
    ui: &mut egui::Ui,
    view: &mut View,
    t: &Theme,
    label: &str,
    value: &str,
    field: fn(String) -> ThemeField,
    multiline: bool,
) {
    let name = ui.label(label);
    let mut text = value.to_owned();
    let edit = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    if ui
        .add(edit.desired_width(f32::INFINITY))
        .labelled_by(name.id)
        .changed()
    {
        view.push(Action::typing(
            Edit::SetTheme {
                id: t.id,
                field: field(text),
            },
            format!("Edit {} of “{}”", label.to_lowercase(), t.name),
            format!("theme-{}-{}", label, t.id),
        ));
    }
}

fn name_field_ui(
    ui: &mut egui::Ui,
    state: &mut ThemesState,
    view: &mut View,
    id: ThemeId,
    label: egui::Id,
) {
    let current = view
        .project
        .theme(id)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    if let Some(name) =
        committed_name_field(ui, &mut state.name_edit, id, &current, label, |_| false)
    {
        view.push(Action::edit(
            Edit::SetTheme {
                id,
                field: ThemeField::Name(name.clone()),
            },
            format!("Rename “{current}” to “{name}”"),
        ));
    }
}

fn parent_picker_ui(ui: &mut egui::Ui, view: &mut View, t: &Theme) {
    let current = t
        .parent
        .and_then(|p| view.project.theme(p))
        .map_or("(top level)", |p| p.name.as_str());
    let mut pick: Option<Option<ThemeId>> = None;
    labelled_combo(ui, "Inside", ("theme-parent", t.id), current, |ui| {
        if ui
            .selectable_label(t.parent.is_none(), "(top level)")
            .clicked()
        {
            pick = Some(None);
        }
        for other in possible_parents(view.project, t.id) {
            if ui
                .selectable_label(t.parent == Some(other.id), &other.name)
                .clicked()
            {
                pick = Some(Some(other.id));
            }
        }
    });
    if let Some(parent) = pick
        && parent != t.parent
    {
        let to = parent
            .and_then(|p| view.project.theme(p))
            .map_or("the top level", |p| p.name.as_str());
        view.push(Action::edit(
            Edit::SetTheme {
                id: t.id,
                field: ThemeField::Parent(parent),
            },
            format!("Move “{}” to {to}", t.name),
        ));
    }
}

/// Nodes that `theme` may move under: any but itself and its descendants.
fn possible_parents(project: &Project, theme: ThemeId) -> impl Iterator<Item = &Theme> {
    project
        .themes
        .iter()
        .filter(move |o| !project.theme_is_within(o.id, theme))
}

fn code_picker_ui(ui: &mut egui::Ui, view: &mut View, t: &Theme) {
    let mut pick = None;
    labelled_combo(ui, "Add code", ("theme-add-code", t.id), "choose…", |ui| {
        for c in view
            .project
            .codes
            .iter()
            .filter(|c| !t.codes.contains(&c.id))
        {
            if ui.selectable_label(false, &c.name).clicked() {
                pick = Some(c.id);
            }
        }
    });
    if let Some(code) = pick
        && let Some(edit) = ops::add_code_to_theme(view.project, t.id, code)
    {
        let name = view.project.code(code).map_or("", |c| c.name.as_str());
        let label = format!("Add “{name}” to theme “{}”", t.name);
        view.push(Action::edit(edit, label));
    }
}
