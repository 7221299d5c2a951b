//! Fast coding from the keyboard (digit keys, repeat last code, in-vivo), File > Export and the
//! codebook import. The app hands these actions to [`dispatch`], which plans edits through
//! [`crate::edit::ops`] and returns the follow-up actions (edits, status lines) for the app to
//! apply; nothing here touches the project.

use super::action::Action;
use crate::edit::{Edit, ops};
use crate::export::{self, FileType, Kind};
use crate::model::{CodeId, CodingId, DocId, Project, TextRange};
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub enum AnalysisAction {
    /// Apply the code bound to digit key 1-9 to the selected passage.
    CodeWithKey(u8),
    /// Apply the code used last to the selected passage.
    RepeatLastCode,
    /// Code the selected passage with a new code named from its words.
    InVivo,
    /// Ask where to save an export of this type (native save dialog), then write it.
    Export(Kind, FileType),
    /// Write an export to this path (its type follows the extension).
    ExportTo(Kind, PathBuf),
    /// Ask for a codebook file (native open dialog), then import it.
    ImportCodebook,
    ImportCodebookFrom(PathBuf),
    /// Resize a coding to the passage selected in the reading pane (same document).
    FitToSelection(CodingId),
}

/// What the dispatcher needs to know of the app.
pub struct Now<'a> {
    pub project: &'a Project,
    pub document: Option<DocId>,
    pub selection: Option<TextRange>,
    pub user: &'a str,
    /// Who is coding, by id.
    pub coder: &'a crate::model::Coder,
    pub last_code: Option<CodeId>,
}

/// The code an edit applies to a passage (the last one, if several), for "repeat last code".
pub fn coded_with(edit: &Edit) -> Option<CodeId> {
    match edit {
        Edit::AddCoding(c) => Some(c.code),
        Edit::Batch(v) => v.iter().rev().find_map(coded_with),
        _ => None,
    }
}

fn status(s: impl Into<String>) -> Vec<Action> {
    vec![Action::Status(s.into())]
}

/// Plans one action; returns what the app should apply next.
pub fn dispatch(now: &Now, action: AnalysisAction) -> Vec<Action> {
    match action {
        AnalysisAction::CodeWithKey(n) => match ops::code_for_key(now.project, n) {
            Some(code) => code_selection(now, code),
            None => status(format!(
                "No code is bound to key {n}. Bind one in the codebook (select a code, then \
                 choose its key)."
            )),
        },
        AnalysisAction::RepeatLastCode => match now.last_code {
            Some(code) if now.project.code(code).is_some() => code_selection(now, code),
            _ => status("No code applied yet: code a passage first, then R repeats that code."),
        },
        AnalysisAction::InVivo => {
            let (Some(doc), Some(range)) = (now.document, now.selection) else {
                return status("Select a passage first, then press V to code it in vivo.");
            };
            match ops::in_vivo(now.project, doc, range.start, range.end, now.coder) {
                Some((id, edit)) => {
                    let existed = now.project.code(id).is_some();
                    let name = now
                        .project
                        .document(doc)
                        .map(|d| ops::in_vivo_name(&d.slice(range)))
                        .unwrap_or_default();
                    let label = if existed {
                        format!("Code passage as “{name}”")
                    } else {
                        format!("In-vivo code “{name}”")
                    };
                    vec![Action::edit(edit, label)]
                }
                None => status(
                    "The selection has no words to name a code after, or already has that code.",
                ),
            }
        }
        AnalysisAction::Export(kind, file_type) => {
            let name = format!(
                "{}-{}.{}",
                super::app::file_stem_for(&now.project.name),
                kind.cli_name(),
                file_type.extension()
            );
            match rfd::FileDialog::new()
                .add_filter(file_type.label(), &[file_type.extension()])
                .set_file_name(name)
                .save_file()
            {
                Some(path) => {
                    let path = if FileType::from_path(&path) == Some(file_type) {
                        path
                    } else {
                        path.with_extension(file_type.extension())
                    };
                    dispatch(now, AnalysisAction::ExportTo(kind, path))
                }
                None => Vec::new(),
            }
        }
        AnalysisAction::ExportTo(kind, path) => {
            let path = if FileType::from_path(&path).is_none() {
                path.with_extension(kind.file_types().first().map_or("md", |t| t.extension()))
            } else {
                path
            };
            match export::export_to_file(now.project, kind, &path) {
                Ok(()) => status(format!(
                    "Exported the {} to {}",
                    kind.noun(),
                    path.display()
                )),
                Err(e) => status(format!("Export failed: {e}")),
            }
        }
        AnalysisAction::ImportCodebook => match rfd::FileDialog::new()
            .add_filter("Codebook", &["csv", "md", "qdc"])
            .pick_file()
        {
            Some(path) => dispatch(now, AnalysisAction::ImportCodebookFrom(path)),
            None => Vec::new(),
        },
        AnalysisAction::ImportCodebookFrom(path) => import_codebook(now, &path),
        AnalysisAction::FitToSelection(id) => {
            let Some(coding) = now.project.codings.get(&id) else {
                return status("That coding no longer exists.");
            };
            let (Some(doc), Some(range)) = (now.document, now.selection) else {
                return status("Select the new extent of the passage in the reading pane first.");
            };
            if doc != coding.document {
                return status("The selection is in another document than the coding.");
            }
            match ops::resize_coding(now.project, id, range.start, range.end) {
                Some(edit) => vec![Action::edit(edit, "Resize coding to the selection")],
                None => status(
                    "The coding already covers exactly the selection, or its code already has a coding there.",
                ),
            }
        }
    }
}

fn import_codebook(now: &Now, path: &std::path::Path) -> Vec<Action> {
    let (plan, message) = match crate::export::cli::plan_codebook_import(now.project, path) {
        Ok(x) => x,
        Err(e) => return status(e),
    };
    match plan {
        Some(edit) => {
            let label = format!(
                "Import codebook {}",
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            vec![
                Action::edit(edit, label.clone()),
                Action::Status(format!("{label}: {message}")),
            ]
        }
        None => status(format!(
            "Nothing imported from {}: {message}.",
            path.display()
        )),
    }
}

fn code_selection(now: &Now, code: CodeId) -> Vec<Action> {
    let (Some(doc), Some(range)) = (now.document, now.selection) else {
        return status("Select a passage first, then press the code's key.");
    };
    let name = now.project.code(code).map_or("", |c| c.name.as_str());
    match ops::code_passage(now.project, doc, range.start, range.end, code, now.coder) {
        Some(edit) => vec![Action::edit(edit, format!("Code passage as “{name}”"))],
        None => status(format!("The passage already has the code “{name}”.")),
    }
}

/// File menu entries: Export (one item per report and file type) and Import codebook.
pub fn file_menu_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.menu_button("Export", |ui| {
        for kind in Kind::ALL {
            for t in kind.file_types() {
                let text = format!("{} ({})…", kind.label(), t.label());
                if ui.button(text).clicked() {
                    actions.push(Action::Analysis(AnalysisAction::Export(kind, *t)));
                }
            }
        }
    });
    if ui.button("Import codebook…").clicked() {
        actions.push(Action::Analysis(AnalysisAction::ImportCodebook));
    }
}
