//! The retrieval list for a code or a theme: every coded passage with its document, speaker and
//! paragraph and a little context. Clicking a passage shows it in the reading pane; for a theme,
//! each passage can be marked or unmarked as an exemplar quote; for a code, chosen passages can be
//! split off into a new code, and any passage moved to another code (right-click).

use super::action::Action;
use super::analysis::AnalysisAction;
use crate::edit::Edit;
use crate::edit::ops::{self, Edge};
use crate::model::{CodeId, CoderId, CodingId, Project, ThemeId};
use crate::query::{self, Row};
use egui::RichText;
use std::collections::BTreeSet;

/// What the list retrieves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Target {
    Code(CodeId),
    Theme(ThemeId),
}

/// Rows retrieved at a history generation for the visible coders and a target.
type Cached = (u64, Option<Vec<CoderId>>, Target, Vec<Row>);

/// The list's own state: the rows (rebuilt when the project changes) and the split selection.
#[derive(Default)]
pub struct RetrievalState {
    cache: Option<Cached>,
    /// Codings ticked for a split, with the new code's name.
    pub chosen: BTreeSet<CodingId>,
    pub split_name: String,
}

/// Accessible name of the exemplar toggle of a passage.
pub const EXEMPLAR_LABEL: &str = "Exemplar";

impl RetrievalState {
    fn rows(
        &mut self,
        project: &Project,
        (generation, visible): (u64, Option<&[CoderId]>),
        target: Target,
    ) -> &[Row] {
        let fresh = matches!(&self.cache, Some((g, v, t, _))
            if *g == generation && v.as_deref() == visible && *t == target);
        if !fresh {
            if self.cache.as_ref().is_some_and(|(_, _, t, _)| *t != target) {
                self.chosen.clear();
                self.split_name.clear();
            }
            let mut rows = match target {
                Target::Code(c) => query::retrieve_code(project, c),
                Target::Theme(t) => query::retrieve_theme(project, t),
            };
            query::layers::keep_visible(project, visible, &mut rows);
            self.cache = Some((generation, visible.map(<[_]>::to_vec), target, rows));
        }
        self.cache.as_ref().map_or(&[], |(_, _, _, r)| r.as_slice())
    }
}

/// Draws the list for `target`; pushes actions for jumps, exemplar marks, splits and moves.
pub fn retrieval_ui(
    ui: &mut egui::Ui,
    state: &mut RetrievalState,
    project: &Project,
    generation: (u64, Option<&[CoderId]>),
    target: Target,
    actions: &mut Vec<Action>,
) {
    let rows = state.rows(project, generation, target).to_vec();
    let exemplar_count = rows.iter().filter(|r| r.exemplar).count();
    ui.horizontal(|ui| {
        ui.strong("Coded passages");
        let mut text = format!("{}", rows.len());
        if matches!(target, Target::Theme(_)) {
            text.push_str(&format!(" · {exemplar_count} exemplars"));
        }
        ui.label(RichText::new(text).weak());
    });
    if rows.is_empty() {
        ui.label(RichText::new("No passages yet.").weak());
        return;
    }
    for r in &rows {
        ui.group(|ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                let who = r.speaker.as_deref().unwrap_or("Unattributed");
                ui.label(
                    RichText::new(format!("{who} · {} · ¶{}", r.document_title, r.paragraph))
                        .small()
                        .weak(),
                );
                if matches!(target, Target::Theme(_)) {
                    ui.label(RichText::new(&r.code_name).small().weak());
                }
            });
            let mut job = egui::text::LayoutJob::default();
            let weak = ui.visuals().weak_text_color();
            let strong = ui.visuals().strong_text_color();
            let font = egui::TextStyle::Body.resolve(ui.style());
            let fmt = |color| egui::TextFormat::simple(font.clone(), color);
            job.append(&r.before, 0.0, fmt(weak));
            job.append(&r.text, 0.0, fmt(strong));
            job.append(&r.after, 0.0, fmt(weak));
            job.wrap.max_width = ui.available_width();
            let passage = ui
                .add(egui::Label::new(job).sense(egui::Sense::click()))
                .on_hover_text("Show in the reading pane");
            if passage.clicked() {
                actions.push(Action::JumpToCoding(r.coding));
            }
            match target {
                Target::Theme(theme) => {
                    ui.horizontal(|ui| {
                        exemplar_toggle_ui(ui, project, theme, r, actions);
                        resize_menu_ui(ui, project, r, actions);
                    });
                }
                Target::Code(code) => {
                    let mut ticked = state.chosen.contains(&r.coding);
                    ui.horizontal(|ui| {
                        resize_menu_ui(ui, project, r, actions);
                        if ui.checkbox(&mut ticked, "Split off").changed() {
                            if ticked {
                                state.chosen.insert(r.coding);
                            } else {
                                state.chosen.remove(&r.coding);
                            }
                        }
                        move_menu_ui(ui, project, code, r, actions);
                    });
                }
            }
        });
    }
    if let Target::Code(code) = target
        && !state.chosen.is_empty()
    {
        split_ui(ui, state, project, code, actions);
    }
}

fn exemplar_toggle_ui(
    ui: &mut egui::Ui,
    project: &Project,
    theme: ThemeId,
    r: &Row,
    actions: &mut Vec<Action>,
) {
    let mut marked = r.exemplar;
    if ui.checkbox(&mut marked, EXEMPLAR_LABEL).changed() {
        let Some(t) = project.theme(theme) else {
            return;
        };
        let who = r.speaker.as_deref().unwrap_or("Unattributed");
        let (edit, label) = if marked {
            (
                Edit::AddExemplar {
                    theme,
                    coding: r.coding,
                    index: t.exemplars.len(),
                },
                format!("Mark {who}'s quote as an exemplar of “{}”", t.name),
            )
        } else {
            (
                Edit::RemoveExemplar {
                    theme,
                    coding: r.coding,
                },
                format!("Unmark {who}'s quote as an exemplar of “{}”", t.name),
            )
        };
        actions.push(Action::edit(edit, label));
    }
}

/// Resize the passage a word at a time, or to the reading pane's selection.
fn resize_menu_ui(ui: &mut egui::Ui, project: &Project, r: &Row, actions: &mut Vec<Action>) {
    ui.menu_button("Resize", |ui| {
        let items = [
            ("Extend start by a word", Edge::Start, false),
            ("Shrink start by a word", Edge::Start, true),
            ("Shrink end by a word", Edge::End, false),
            ("Extend end by a word", Edge::End, true),
        ];
        for (text, edge, forward) in items {
            let plan = ops::nudge_coding(project, r.coding, edge, forward);
            if ui
                .add_enabled(plan.is_some(), egui::Button::new(text))
                .clicked()
                && let Some(edit) = plan
            {
                actions.push(Action::edit(
                    edit,
                    format!("Resize a “{}” coding", r.code_name),
                ));
            }
        }
        ui.separator();
        if ui.button("Fit to the selection").clicked() {
            actions.push(Action::Analysis(AnalysisAction::FitToSelection(r.coding)));
        }
    });
}

fn move_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    code: CodeId,
    r: &Row,
    actions: &mut Vec<Action>,
) {
    ui.menu_button("Move to…", |ui| {
        egui::ScrollArea::vertical()
            .max_height(280.0)
            .show(ui, |ui| {
                for c in project.codes.iter().filter(|c| c.id != code) {
                    if ui.button(&c.name).clicked()
                        && let Some(edit) = ops::move_coding(project, r.coding, c.id)
                    {
                        actions.push(Action::edit(
                            edit,
                            format!("Move a coding from “{}” to “{}”", r.code_name, c.name),
                        ));
                    }
                }
            });
    });
}

fn split_ui(
    ui: &mut egui::Ui,
    state: &mut RetrievalState,
    project: &Project,
    code: CodeId,
    actions: &mut Vec<Action>,
) {
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        let n = state.chosen.len();
        let label = ui.label(format!(
            "Split {n} passage{} into new code",
            if n == 1 { "" } else { "s" }
        ));
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.split_name)
                    .hint_text("New code name")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
        let name = state.split_name.trim().to_owned();
        let taken = project.code_by_name(&name).is_some();
        if taken {
            ui.colored_label(ui.visuals().error_fg_color, "name in use");
        }
        let entered = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let go = ui
            .add_enabled(!name.is_empty() && !taken, egui::Button::new("Split"))
            .clicked();
        if (go || entered) && !name.is_empty() && !taken {
            let chosen: Vec<CodingId> = state.chosen.iter().copied().collect();
            if let Some((_, edit)) = ops::split_code(project, code, &chosen, &name) {
                let from = project.code(code).map_or("", |c| c.name.as_str());
                actions.push(Action::edit(
                    edit,
                    format!("Split {} passages of “{from}” into “{name}”", chosen.len()),
                ));
                state.chosen.clear();
                state.split_name.clear();
            }
        }
    });
}
