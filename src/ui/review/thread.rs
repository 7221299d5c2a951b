//! Comment threads in the review workspace's side panel: a new comment on the selected theme (or
//! on a passage, a coding, a code), the selected thread with its replies, editing one's own
//! comments, resolving and reopening; and the threads about the selected theme.

use crate::model::{Anchor, CommentId, Project, ThemeId};
use crate::review::comments::{self, Thread};
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::RichText;

#[derive(Default)]
pub struct ThreadState {
    /// The thread shown in full (its first comment).
    pub selected: Option<CommentId>,
    /// A new thread being written, and on what.
    composing: Option<Anchor>,
    draft: String,
    reply: String,
    editing: Option<(CommentId, String)>,
    focus_draft: bool,
}

impl ThreadState {
    /// Shows the thread holding comment `id`.
    pub fn show(&mut self, project: &Project, id: CommentId) {
        let root = comments::threads(project)
            .into_iter()
            .find(|t| t.root.id == id || t.replies.iter().any(|c| c.id == id))
            .map(|t| t.root.id);
        self.selected = root.or(Some(id));
        self.composing = None;
    }

    /// Starts a new thread on `anchor`.
    pub fn compose(&mut self, anchor: Anchor) {
        self.composing = Some(anchor);
        self.draft.clear();
        self.focus_draft = true;
    }
}

/// Is the thread about `theme` (the theme, one of its codes, or a coding of one of them)?
fn about(project: &Project, theme: ThemeId, a: &Anchor) -> bool {
    let Some(t) = project.theme(theme) else {
        return false;
    };
    match a {
        Anchor::Theme(id) => *id == theme,
        Anchor::Code(c) => t.codes.contains(c),
        Anchor::Coding(id) => project
            .codings
            .get(id)
            .is_some_and(|c| t.codes.contains(&c.code)),
        _ => false,
    }
}

pub fn threads_ui(
    ui: &mut egui::Ui,
    state: &mut ThreadState,
    theme: Option<ThemeId>,
    view: &mut View,
    me: &str,
) {
    ui.heading("Comments");
    if let Some(anchor) = state.composing.clone() {
        compose_ui(ui, state, view, me, anchor);
    } else if let Some(t) = theme
        && ui.button("Comment on this theme").clicked()
    {
        state.compose(Anchor::Theme(t));
    }
    let threads = comments::threads(view.project);
    if let Some(sel) = state.selected
        && let Some(t) = threads.iter().find(|t| t.root.id == sel)
    {
        ui.separator();
        thread_ui(ui, state, view, me, t);
    }
    if let Some(theme) = theme {
        let here: Vec<&Thread> = threads
            .iter()
            .filter(|t| about(view.project, theme, &t.root.anchor))
            .collect();
        ui.separator();
        ui.label(
            RichText::new(format!(
                "On this theme, its codes and codings ({})",
                here.len()
            ))
            .strong(),
        );
        for t in here {
            summary_row(ui, state, view.project, t);
        }
    }
}

/// One line per thread: state, anchor, first words; click shows it.
pub fn summary_row(ui: &mut egui::Ui, state: &mut ThreadState, project: &Project, t: &Thread) {
    let (what, orphaned) = comments::describe(project, &t.root.anchor);
    let mark = if t.is_open() { "open" } else { "resolved" };
    let mut text = format!(
        "[{mark}] {}: {}",
        crate::review::person(project, t.root.author),
        crate::ui::reading::ellipsize(t.root.text.trim(), 70)
    );
    if !t.replies.is_empty() {
        text.push_str(&format!(" ({} replies)", t.replies.len()));
    }
    let selected = state.selected == Some(t.root.id);
    let r = ui
        .selectable_label(selected, text)
        .on_hover_text(if orphaned {
            format!("Orphaned: on {what}")
        } else {
            format!("On {what}")
        });
    if r.clicked() {
        state.selected = Some(t.root.id);
        state.composing = None;
    }
}

fn anchor_ui(ui: &mut egui::Ui, project: &Project, anchor: &Anchor) {
    let (what, orphaned) = comments::describe(project, anchor);
    if orphaned {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("Orphaned: this was on {what}, which is gone"),
        );
    } else {
        ui.label(RichText::new(format!("On {what}")).weak());
    }
    if let Some(q) = comments::quote(project, anchor) {
        ui.label(RichText::new(format!("“{}”", q.trim())).italics());
    }
}

fn compose_ui(
    ui: &mut egui::Ui,
    state: &mut ThreadState,
    view: &mut View,
    me: &str,
    anchor: Anchor,
) {
    ui.label(RichText::new("New comment").strong());
    anchor_ui(ui, view.project, &anchor);
    let label = ui.label("Comment:");
    let r = ui
        .add(
            egui::TextEdit::multiline(&mut state.draft)
                .hint_text("Write a comment")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if state.focus_draft {
        r.request_focus();
        state.focus_draft = false;
    }
    ui.horizontal(|ui| {
        if ui.button("Post comment").clicked() {
            match comments::add(view.project, anchor.clone(), None, me, &state.draft) {
                Some(e) => {
                    state.selected = last_put(&e).or(state.selected);
                    view.push(Action::edit(e, "Add comment"));
                    state.draft.clear();
                    state.composing = None;
                }
                None => view.push(Action::Status("Write the comment first.".into())),
            }
        }
        if ui.button("Cancel").clicked() {
            state.composing = None;
        }
    });
}

use crate::edit::Edit;

/// The comment put by an edit planned in `comments` (the last `PutComment` of its batch).
fn last_put(e: &Edit) -> Option<CommentId> {
    match e {
        Edit::Batch(list) => list.iter().rev().find_map(last_put),
        Edit::PutComment { id, .. } => Some(*id),
        _ => None,
    }
}

fn thread_ui(ui: &mut egui::Ui, state: &mut ThreadState, view: &mut View, me: &str, t: &Thread) {
    anchor_ui(ui, view.project, &t.root.anchor);
    let mine = view.project.coder_by_name(me).map(|c| c.id);
    for c in std::iter::once(t.root).chain(t.replies.iter().copied()) {
        ui.add_space(4.0);
        let edited = if c.edited.is_some() { " (edited)" } else { "" };
        ui.label(
            RichText::new(format!(
                "{} · {}{edited}",
                crate::review::person(view.project, c.author),
                crate::review::date_time(c.created)
            ))
            .weak()
            .small(),
        );
        match &mut state.editing {
            Some((id, text)) if *id == c.id => {
                ui.add(egui::TextEdit::multiline(text).desired_width(f32::INFINITY));
                let text = text.clone();
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        if let Some(e) = comments::edit_text(view.project, c.id, &text) {
                            view.push(Action::edit(e, "Edit comment"));
                        }
                        state.editing = None;
                    }
                    if ui.button("Cancel").clicked() {
                        state.editing = None;
                    }
                });
            }
            _ => {
                ui.label(c.text.trim());
                if Some(c.author) == mine && ui.small_button("Edit").clicked() {
                    state.editing = Some((c.id, c.text.clone()));
                }
            }
        }
    }
    ui.add_space(4.0);
    match &t.root.resolved {
        Some(r) => {
            ui.label(
                RichText::new(format!(
                    "Resolved by {} on {}",
                    crate::review::person(view.project, r.by),
                    crate::review::date(r.at)
                ))
                .weak(),
            );
        }
        None => {
            ui.label(RichText::new("Open").weak());
        }
    }
    let label = ui.label("Your reply:");
    ui.add(
        egui::TextEdit::multiline(&mut state.reply)
            .hint_text("Write a reply")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal(|ui| {
        if ui.button("Reply").clicked()
            && let Some(e) = comments::add(
                view.project,
                Anchor::Project,
                Some(t.root.id),
                me,
                &state.reply,
            )
        {
            view.push(Action::edit(e, "Reply to comment"));
            state.reply.clear();
        }
        let (label, resolve) = if t.is_open() {
            ("Resolve", true)
        } else {
            ("Reopen", false)
        };
        if ui.button(label).clicked()
            && let Some(e) = comments::set_resolved(view.project, t.root.id, me, resolve)
        {
            let what = if resolve { "Resolve" } else { "Reopen" };
            view.push(Action::edit(e, format!("{what} comment")));
        }
    });
}
