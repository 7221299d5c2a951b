//! Questions asked before something is lost: deletions, merges, unsaved changes.

use super::action::Action;
use crate::edit::{Edit, ops};
use crate::model::{CodeId, DocId, Project, ThemeId};
use std::path::PathBuf;

/// What to do once the unsaved-changes question is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterUnsaved {
    Close,
    New,
    Open(Option<PathBuf>),
    /// Show the bundled sample project.
    Sample,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Confirm {
    DeleteCode(CodeId),
    MergeCode { from: CodeId, into: CodeId },
    DeleteTheme(ThemeId),
    DeleteDocument(DocId),
    Unsaved(AfterUnsaved),
}

/// The answer to the unsaved-changes question.
#[derive(Clone, Debug, PartialEq)]
pub enum UnsavedAnswer {
    Save(AfterUnsaved),
    Discard(AfterUnsaved),
}

pub enum Outcome {
    Open,
    Cancel,
    Do(Action),
    Unsaved(UnsavedAnswer),
}

/// The question's title, text and the edit it would apply, for the deletions and merges.
fn describe(project: &Project, c: &Confirm) -> Option<(String, String, String, Option<Edit>)> {
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    Some(match c {
        Confirm::DeleteCode(id) => {
            let code = project.code(*id)?;
            let n = crate::query::counts_for_code(project, *id).codings;
            let t = project
                .themes
                .iter()
                .filter(|t| t.codes.contains(id))
                .count();
            (
                "Delete code".into(),
                format!(
                    "Delete the code “{}”? {} go with it, and it leaves {}. You can undo this.",
                    code.name,
                    plural(n, "coding"),
                    plural(t, "theme")
                ),
                format!("Delete code “{}”", code.name),
                Some(ops::delete_code(project, *id)),
            )
        }
        Confirm::MergeCode { from, into } => {
            let (a, b) = (project.code(*from)?, project.code(*into)?);
            let n = crate::query::counts_for_code(project, *from).codings;
            (
                "Merge codes".into(),
                format!(
                    "Merge “{}” into “{}”? Its {} move to “{}” (a passage coded with both keeps \
                     one coding), “{}” joins its themes, and “{}” is deleted. You can undo this.",
                    a.name,
                    b.name,
                    plural(n, "coding"),
                    b.name,
                    b.name,
                    a.name
                ),
                format!("Merge “{}” into “{}”", a.name, b.name),
                ops::merge_codes(project, *from, *into),
            )
        }
        Confirm::DeleteTheme(id) => {
            let t = project.theme(*id)?;
            let children = project.child_themes(Some(*id)).count();
            (
                "Delete theme".into(),
                format!(
                    "Delete “{}”? Its codes and codings stay in the codebook{}. You can undo this.",
                    t.name,
                    if children > 0 {
                        format!(
                            "; the {} inside it move up a level",
                            plural(children, "theme")
                        )
                    } else {
                        String::new()
                    }
                ),
                format!("Delete “{}”", t.name),
                Some(ops::delete_theme(project, *id)),
            )
        }
        Confirm::DeleteDocument(id) => {
            let d = project.document(*id)?;
            let n = project.codings_count_in(*id);
            (
                "Delete document".into(),
                format!(
                    "Delete the document “{}” and its {}? You can undo this.",
                    d.title,
                    plural(n, "coding")
                ),
                format!("Delete document “{}”", d.title),
                Some(ops::delete_document(project, *id)),
            )
        }
        Confirm::Unsaved(_) => return None,
    })
}

pub fn confirm_ui(ctx: &egui::Context, project: &Project, confirm: &Confirm) -> Outcome {
    let mut outcome = Outcome::Open;
    let modal = egui::Modal::new(egui::Id::unique("confirm"));
    if let Confirm::Unsaved(after) = confirm {
        modal.show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label("This project has changes that are not saved. Save them first?");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    outcome = Outcome::Unsaved(UnsavedAnswer::Save(after.clone()));
                }
                if ui.button("Don't save").clicked() {
                    outcome = Outcome::Unsaved(UnsavedAnswer::Discard(after.clone()));
                }
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::Cancel;
                }
            });
        });
        return outcome;
    }
    let Some((title, text, label, edit)) = describe(project, confirm) else {
        return Outcome::Cancel; // the thing was deleted meanwhile
    };
    let response = modal.show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(&title);
        ui.label(&text);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(&title).clicked() {
                outcome = match edit.clone() {
                    Some(e) => Outcome::Do(Action::edit(e, label.clone())),
                    None => Outcome::Cancel,
                };
            }
            if ui.button("Cancel").clicked() {
                outcome = Outcome::Cancel;
            }
        });
    });
    if response.should_close() && matches!(outcome, Outcome::Open) {
        outcome = Outcome::Cancel;
    }
    outcome
}
