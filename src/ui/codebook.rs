//! The codebook: codes as a tree (or sorted by a count), each with its colour, key and counts
//! (codings, documents, participants). Codes are dragged onto a theme to support it, or onto
//! another code to merge; the selected code's fields, key, place in the tree, counts and coded
//! passages are shown below the list.

use super::action::Action;
use super::coding_bar::swatch;
use super::retrieval::{RetrievalState, Target, retrieval_ui};
use super::view::View;
use super::widgets::{committed_name_field, labelled_combo};
use crate::edit::{CodeField, Edit, ops};
use crate::model::{CodeId, Project, ThemeKind};
use crate::query::{self, Counts};
use egui::{Key, RichText, Sense};
use std::collections::BTreeMap;

/// The payload of a code being dragged.
#[derive(Clone, Copy, Debug)]
pub struct DragCode(pub CodeId);

/// How the list is ordered.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Sort {
    /// The codebook's own order, children under their parent.
    #[default]
    Tree,
    Name,
    Codings,
    Documents,
    Participants,
}

impl Sort {
    const ALL: [Sort; 5] = [
        Sort::Tree,
        Sort::Name,
        Sort::Codings,
        Sort::Documents,
        Sort::Participants,
    ];

    fn label(self) -> &'static str {
        match self {
            Sort::Tree => "Codebook order",
            Sort::Name => "Name",
            Sort::Codings => "Most codings",
            Sort::Documents => "Most documents",
            Sort::Participants => "Most participants",
        }
    }
}

#[derive(Default)]
pub struct CodebookState {
    pub selected: Option<CodeId>,
    pub filter: String,
    pub new_name: String,
    pub sort: Sort,
    /// The name being typed for the selected code; committed on Enter or leaving the field.
    name_edit: Option<(CodeId, String)>,
    /// The code most recently applied to a passage (the repeat-last-code key applies it again).
    pub last_code: Option<CodeId>,
    /// Counts per code, for the history generation they were computed at.
    counts: Option<(CountsKey, std::sync::Arc<BTreeMap<CodeId, Counts>>)>,
    /// The selected code's participants, for the history generation they were listed at.
    names: Option<(u64, CodeId, String)>,
    retrieval: RetrievalState,
    /// A code dropped onto another (dragged, target, where): asks what to do.
    dropped: Option<(CodeId, CodeId, egui::Pos2)>,
    /// The selected code last scrolled into view.
    revealed: Option<CodeId>,
}

impl CodebookState {
    /// The codes as the list shows them (filter and sort), for the arrow keys.
    pub fn listed_ids(
        &mut self,
        project: &Project,
        generation: u64,
        visible: Option<&[crate::model::CoderId]>,
    ) -> Vec<CodeId> {
        let counts = self.counts_for(project, generation, visible);
        listed(project, &counts, &self.filter, self.sort)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// The counts (kept with the project, so reading them is a lookup per code), gathered once
    /// per change and shared by the frames until the next one.
    fn counts(&mut self, view: &View) -> std::sync::Arc<BTreeMap<CodeId, Counts>> {
        self.counts_for(view.project, view.history.generation(), view.visible)
    }

    fn counts_for(
        &mut self,
        project: &Project,
        generation: u64,
        visible: Option<&[crate::model::CoderId]>,
    ) -> std::sync::Arc<BTreeMap<CodeId, Counts>> {
        let key = (generation, visible.map(<[_]>::to_vec));
        if self.counts.as_ref().is_none_or(|(k, _)| *k != key) {
            let counts = query::layers::code_counts(project, visible);
            self.counts = Some((key, std::sync::Arc::new(counts)));
        }
        self.counts
            .as_ref()
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    }
}

/// What cached counts were gathered for: the history generation and the visible coders.
pub(super) type CountsKey = (u64, Option<Vec<crate::model::CoderId>>);

/// The codes to list, with their indentation, filtered and sorted.
fn listed(
    project: &Project,
    counts: &BTreeMap<CodeId, Counts>,
    filter: &str,
    sort: Sort,
) -> Vec<(CodeId, usize)> {
    let filter = filter.trim().to_lowercase();
    let mut rows: Vec<(CodeId, usize)> = query::code_tree(project)
        .into_iter()
        .filter(|(id, _)| {
            filter.is_empty()
                || project
                    .code(*id)
                    .is_some_and(|c| c.name.to_lowercase().contains(&filter))
        })
        .collect();
    let get = |id: &CodeId| counts.get(id).cloned().unwrap_or_default();
    let name = |id: &CodeId| {
        project
            .code(*id)
            .map(|c| c.name.to_lowercase())
            .unwrap_or_default()
    };
    match sort {
        Sort::Tree => {
            if !filter.is_empty() {
                rows.iter_mut().for_each(|r| r.1 = 0);
            }
        }
        Sort::Name => rows.sort_by_key(|(id, _)| name(id)),
        Sort::Codings => rows.sort_by_key(|(id, _)| std::cmp::Reverse(get(id).codings)),
        Sort::Documents => rows.sort_by_key(|(id, _)| std::cmp::Reverse(get(id).documents)),
        Sort::Participants => rows.sort_by_key(|(id, _)| std::cmp::Reverse(get(id).participants)),
    }
    if sort != Sort::Tree {
        rows.iter_mut().for_each(|r| r.1 = 0);
    }
    rows
}

pub fn codebook_ui(ui: &mut egui::Ui, state: &mut CodebookState, view: &mut View) {
    let counts = state.counts(view);
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
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("Filter codes")
                .desired_width(ui.available_width() - 190.0),
        );
        let mut sort = state.sort;
        labelled_combo(ui, "Sort", "codebook-sort", sort.label(), |ui| {
            for s in Sort::ALL {
                ui.selectable_value(&mut sort, s, s.label());
            }
        });
        state.sort = sort;
    });
    ui.horizontal(|ui| {
        ui.label(
            RichText::new("codings · documents · participants")
                .small()
                .weak(),
        );
    });
    ui.separator();
    // The list fills the area; with a code selected it shares it with the details.
    let list_height = if state.selected.is_some() {
        (ui.available_height() * 0.45).max(80.0)
    } else {
        ui.available_height() - 8.0
    };
    let rows = listed(view.project, &counts, &state.filter, state.sort);
    egui::ScrollArea::vertical()
        .id_salt("codebook-list")
        .max_height(list_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (id, depth) in rows {
                code_row_ui(ui, state, view, &counts, id, depth);
            }
        });
    drop_menu_ui(ui, state, view);
    ui.separator();
    if let Some(id) = state.selected {
        if view.project.code(id).is_some() {
            egui::ScrollArea::vertical()
                .id_salt("code-details")
                .auto_shrink([false, false])
                .show(ui, |ui| details_ui(ui, state, view, &counts, id));
        } else {
            state.selected = None;
        }
    }
}

/// After a code is dropped onto another: merge into it, put it inside, or place it just before.
fn drop_menu_ui(ui: &mut egui::Ui, state: &mut CodebookState, view: &mut View) {
    let Some((from, onto, at)) = state.dropped else {
        return;
    };
    let (Some(a), Some(b)) = (view.project.code(from), view.project.code(onto)) else {
        state.dropped = None;
        return;
    };
    let mut done = false;
    egui::Area::new(ui.make_persistent_id("code-drop-menu"))
        .order(egui::Order::Foreground)
        .fixed_pos(at)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(format!("“{}” onto “{}”", a.name, b.name)).strong());
                if ui.button(format!("Merge into “{}”…", b.name)).clicked() {
                    view.push(Action::ConfirmMergeCode { from, into: onto });
                    done = true;
                }
                let index = view.project.codes.iter().position(|c| c.id == onto);
                if ui.button(format!("Put inside “{}”", b.name)).clicked() {
                    let at = view.project.codes.iter().position(|c| c.id == from);
                    match ops::move_code(view.project, from, Some(onto), at.unwrap_or(0)) {
                        Some(e) => view.push(Action::edit(
                            e,
                            format!("Move “{}” into “{}”", a.name, b.name),
                        )),
                        None => view.push(Action::Status(format!(
                            "“{}” cannot go inside “{}”, which is inside it.",
                            a.name, b.name
                        ))),
                    }
                    done = true;
                }
                if ui.button(format!("Place before “{}”", b.name)).clicked() {
                    let from_at = view.project.codes.iter().position(|c| c.id == from);
                    let target = match (from_at, index) {
                        (Some(f), Some(i)) if f < i => i - 1,
                        (_, Some(i)) => i,
                        _ => 0,
                    };
                    if let Some(e) = ops::move_code(view.project, from, b.parent, target) {
                        view.push(Action::edit(
                            e,
                            format!("Place “{}” before “{}”", a.name, b.name),
                        ));
                    }
                    done = true;
                }
                if ui.button("Cancel").clicked() {
                    done = true;
                }
            });
        });
    if done {
        state.dropped = None;
    }
}

fn code_row_ui(
    ui: &mut egui::Ui,
    state: &mut CodebookState,
    view: &mut View,
    counts: &BTreeMap<CodeId, Counts>,
    id: CodeId,
    depth: usize,
) {
    let Some(code) = view.project.code(id) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.add_space(depth as f32 * 14.0);
        swatch(ui, code.color);
        if let Some(k) = code.shortcut {
            ui.label(RichText::new(format!("[{k}]")).monospace().weak())
                .on_hover_text(format!("Key {k} applies this code to the selection"));
        }
        let selected = state.selected == Some(id);
        let r = ui
            .add(egui::Button::selectable(selected, &code.name).sense(Sense::click_and_drag()))
            .on_hover_text("Drag onto a theme to add it there, or onto another code to merge");
        r.dnd_set_drag_payload(DragCode(id));
        // A code newly selected (by the arrow keys, a jump) is scrolled into view once.
        if selected && state.revealed != Some(id) {
            r.scroll_to_me(None);
            state.revealed = Some(id);
        }
        if r.clicked() {
            state.selected = if selected { None } else { Some(id) };
        }
        if let Some(dragged) = r.dnd_hover_payload::<DragCode>()
            && dragged.0 != id
        {
            ui.painter().rect_stroke(
                r.rect,
                2.0,
                ui.visuals().selection.stroke,
                egui::StrokeKind::Outside,
            );
        }
        if let Some(dragged) = r.dnd_release_payload::<DragCode>()
            && dragged.0 != id
        {
            state.dropped = Some((dragged.0, id, r.rect.left_bottom()));
        }
        let n = counts.get(&id).cloned().unwrap_or_default();
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(
                RichText::new(format!(
                    "{} · {} · {}",
                    n.codings, n.documents, n.participants
                ))
                .weak(),
            )
            .on_hover_text(format!(
                "{} codings in {} documents from {} participants",
                n.codings, n.documents, n.participants
            ));
        });
    });
}

fn details_ui(
    ui: &mut egui::Ui,
    state: &mut CodebookState,
    view: &mut View,
    counts: &BTreeMap<CodeId, Counts>,
    id: CodeId,
) {
    let Some(code) = view.project.code(id) else {
        return;
    };
    let n = counts.get(&id).cloned().unwrap_or_default();
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
                    Edit::SetCode {
                        id,
                        field: CodeField::Color(crate::model::Rgb(rgb)),
                    },
                    format!("Recolour code “{}”", code.name),
                    format!("code-colour-{id}"),
                ));
            }
            ui.end_row();

            ui.label("Evidence");
            ui.label(format!(
                "{} codings in {} documents from {} participants",
                n.codings, n.documents, n.participants
            ));
            ui.end_row();
        });
    if n.participants > 0 {
        let generation = view.history.generation();
        if state
            .names
            .as_ref()
            .is_none_or(|(g, c, _)| (*g, *c) != (generation, id))
        {
            let names = query::code_participants(view.project, id);
            state.names = Some((generation, id, super::widgets::name_list(&names)));
        }
        if let Some((_, _, names)) = &state.names {
            ui.label(RichText::new(format!("Participants: {names}")).weak());
        }
    }
    ui.horizontal_wrapped(|ui| {
        key_picker_ui(ui, view, id);
        parent_picker_ui(ui, view, id);
        let index = view
            .project
            .codes
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(0);
        if ui.small_button("Move up").clicked()
            && let Some(e) = ops::move_code(view.project, id, code.parent, index.saturating_sub(1))
        {
            view.push(Action::edit(e, format!("Move “{}” up", code.name)));
        }
        if ui.small_button("Move down").clicked()
            && let Some(e) = ops::move_code(view.project, id, code.parent, index + 1)
        {
            view.push(Action::edit(e, format!("Move “{}” down", code.name)));
        }
    });
    ui.horizontal_wrapped(|ui| {
        theme_picker_ui(ui, view, id);
        merge_picker_ui(ui, view, id);
        if ui.button("Delete code…").clicked() {
            view.push(Action::ConfirmDeleteCode(id));
        }
    });
    ui.separator();
    type Field<'a> = (&'a str, &'a str, &'a String, fn(String) -> CodeField);
    let fields: [Field; 5] = [
        (
            "Definition",
            "What this code captures",
            &code.description,
            CodeField::Description,
        ),
        (
            "When to use",
            "Passages that qualify",
            &code.when_to_use,
            CodeField::WhenToUse,
        ),
        (
            "When not to use",
            "Near misses and the code to use instead",
            &code.when_not_to_use,
            CodeField::WhenNotToUse,
        ),
        (
            "Example",
            "A typical quote",
            &code.example,
            CodeField::Example,
        ),
        ("Memo", "Notes on this code", &code.memo, CodeField::Memo),
    ];
    for (label, hint, value, field) in fields {
        let name = ui.label(label);
        let mut text = value.clone();
        let r = ui
            .add(
                egui::TextEdit::multiline(&mut text)
                    .hint_text(hint)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(name.id);
        if r.changed() {
            view.push(Action::typing(
                Edit::SetCode {
                    id,
                    field: field(text),
                },
                format!("Edit {} of code “{}”", label.to_lowercase(), code.name),
                format!("code-{label}-{id}"),
            ));
        }
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
    ui.separator();
    let generation = view.history.generation();
    retrieval_ui(
        ui,
        &mut state.retrieval,
        view.project,
        (generation, view.visible),
        Target::Code(id),
        view.actions,
    );
}

fn key_picker_ui(ui: &mut egui::Ui, view: &mut View, id: CodeId) {
    let current = view.project.code(id).and_then(|c| c.shortcut);
    let shown = current.map_or("none".to_owned(), |k| k.to_string());
    let mut pick: Option<Option<u8>> = None;
    labelled_combo(ui, "Key", ("code-key", id), &shown, |ui| {
        if ui.selectable_label(current.is_none(), "none").clicked() {
            pick = Some(None);
        }
        for k in 1..=9u8 {
            let holder = ops::code_for_key(view.project, k)
                .filter(|c| *c != id)
                .and_then(|c| view.project.code(c))
                .map(|c| format!(" (now {})", c.name))
                .unwrap_or_default();
            if ui
                .selectable_label(current == Some(k), format!("{k}{holder}"))
                .clicked()
            {
                pick = Some(Some(k));
            }
        }
    });
    if let Some(key) = pick
        && let Some(edit) = ops::bind_key(view.project, id, key)
    {
        let name = view.project.code(id).map_or("", |c| c.name.as_str());
        let label = match key {
            Some(k) => format!("Bind key {k} to “{name}”"),
            None => format!("Unbind the key of “{name}”"),
        };
        view.push(Action::edit(edit, label));
    }
}

fn parent_picker_ui(ui: &mut egui::Ui, view: &mut View, id: CodeId) {
    let Some(code) = view.project.code(id) else {
        return;
    };
    let current = code
        .parent
        .and_then(|p| view.project.code(p))
        .map_or("(top level)", |p| p.name.as_str());
    let mut pick: Option<Option<CodeId>> = None;
    labelled_combo(ui, "Inside", ("code-parent", id), current, |ui| {
        if ui
            .selectable_label(code.parent.is_none(), "(top level)")
            .clicked()
        {
            pick = Some(None);
        }
        for (other, depth) in query::code_tree(view.project) {
            let Some(o) = view.project.code(other) else {
                continue;
            };
            if other == id
                || query::code_path(view.project, other)
                    .starts_with(&format!("{}/", query::code_path(view.project, id)))
            {
                continue;
            }
            let text = format!("{}{}", "  ".repeat(depth), o.name);
            if ui
                .selectable_label(code.parent == Some(other), text)
                .clicked()
            {
                pick = Some(Some(other));
            }
        }
    });
    if let Some(parent) = pick {
        let index = view
            .project
            .codes
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(0);
        if let Some(edit) = ops::move_code(view.project, id, parent, index) {
            let to = parent
                .and_then(|p| view.project.code(p))
                .map_or("the top level".to_owned(), |p| format!("“{}”", p.name));
            view.push(Action::edit(
                edit,
                format!("Move “{}” into {to}", code.name),
            ));
        }
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
    let project = view.project;
    let committed = committed_name_field(ui, &mut state.name_edit, id, &current, label, |n| {
        name_clash(project, id, n)
    });
    if let Some(name) = committed {
        view.push(Action::edit(
            crate::edit::Edit::SetCode {
                id,
                field: CodeField::Name(name.clone()),
            },
            format!("Rename code “{current}” to “{name}”"),
        ));
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
