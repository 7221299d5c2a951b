//! Plans for user actions that touch several things at once. Each function reads the project and
//! returns one [`Edit`] (usually a batch of primitives) for [`super::History::apply`]; nothing
//! here mutates the project.

use super::{CodeField, Edit, ThemeField};
use crate::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, DocId, Document, Project, Rgb, Theme, ThemeId,
    ThemeKind, Timestamp,
};
use std::collections::BTreeSet;

/// The coder with `name`, and the edit that adds them if the project does not know them yet.
pub fn ensure_coder(project: &Project, name: &str) -> (CoderId, Option<Edit>) {
    match project.coder_by_name(name) {
        Some(c) => (c.id, None),
        None => {
            let coder = Coder {
                id: CoderId::new(),
                name: name.to_owned(),
            };
            let id = coder.id;
            (
                id,
                Some(Edit::InsertCoder {
                    index: project.coders.len(),
                    coder,
                }),
            )
        }
    }
}

/// Codes the passage `a..b` (snapped to grapheme boundaries) of `doc` with `code`. `None` when the
/// passage is empty or already has exactly this coding.
pub fn code_passage(
    project: &Project,
    doc: DocId,
    a: usize,
    b: usize,
    code: CodeId,
    coder_name: &str,
) -> Option<Edit> {
    let range = project.document(doc)?.snap_range(a, b)?;
    let duplicate = project
        .codings
        .values()
        .any(|c| c.document == doc && c.code == code && c.range == range);
    if duplicate {
        return None;
    }
    let (coder, add_coder) = ensure_coder(project, coder_name);
    let mut edits: Vec<Edit> = add_coder.into_iter().collect();
    edits.push(Edit::AddCoding(Coding {
        id: CodingId::new(),
        document: doc,
        code,
        range,
        coder,
        created: Timestamp::now(),
    }));
    Some(Edit::Batch(edits))
}

/// A new code named `name`, with the next palette colour, at the end of the codebook.
pub fn create_code(project: &Project, name: &str) -> (CodeId, Edit) {
    let code = Code::new(name.trim(), Rgb::palette(project.codes.len()));
    let id = code.id;
    (
        id,
        Edit::InsertCode {
            index: project.codes.len(),
            code,
        },
    )
}

/// Creates a code named `name` (or reuses the code of that name) and codes the passage with it.
pub fn code_passage_with_name(
    project: &Project,
    doc: DocId,
    a: usize,
    b: usize,
    name: &str,
    coder_name: &str,
) -> Option<Edit> {
    if let Some(code) = project.code_by_name(name) {
        return code_passage(project, doc, a, b, code.id, coder_name);
    }
    if name.trim().is_empty() {
        return None;
    }
    let (id, create) = create_code(project, name);
    let mut scratch = project.clone();
    super::apply(&mut scratch, create.clone()).ok()?;
    let coding = code_passage(&scratch, doc, a, b, id, coder_name)?;
    Some(Edit::Batch(vec![create, coding]))
}

/// Removes codings, first taking each out of the themes that quote it as an exemplar.
fn remove_codings(project: &Project, ids: impl IntoIterator<Item = CodingId>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for id in ids {
        for t in project.themes.iter().filter(|t| t.exemplars.contains(&id)) {
            edits.push(Edit::RemoveExemplar {
                theme: t.id,
                coding: id,
            });
        }
        edits.push(Edit::RemoveCoding(id));
    }
    edits
}

/// Deletes a code with its codings and theme memberships; its child codes move up a level.
pub fn delete_code(project: &Project, id: CodeId) -> Edit {
    let mut edits = remove_codings(
        project,
        project
            .codings
            .values()
            .filter(|c| c.code == id)
            .map(|c| c.id),
    );
    edits.extend(detach_code(project, id));
    edits.push(Edit::RemoveCode(id));
    Edit::Batch(edits)
}

/// Removes `id` from every theme and moves its child codes to its parent.
fn detach_code(project: &Project, id: CodeId) -> Vec<Edit> {
    let parent = project.code(id).and_then(|c| c.parent);
    let mut edits: Vec<Edit> = project
        .themes
        .iter()
        .filter(|t| t.codes.contains(&id))
        .map(|t| Edit::RemoveThemeCode {
            theme: t.id,
            code: id,
        })
        .collect();
    edits.extend(
        project
            .codes
            .iter()
            .filter(|c| c.parent == Some(id))
            .map(|c| Edit::SetCode {
                id: c.id,
                field: CodeField::Parent(parent),
            }),
    );
    edits
}

/// Merges code `from` into `into`: its codings move to `into` (a coding that would duplicate one
/// `into` already has on the same passage is dropped), `into` joins the themes `from` was in, and
/// `from` is deleted. `None` when the two are the same code or either is missing.
pub fn merge_codes(project: &Project, from: CodeId, into: CodeId) -> Option<Edit> {
    if from == into || project.code(from).is_none() || project.code(into).is_none() {
        return None;
    }
    let mut taken: BTreeSet<(DocId, usize, usize)> = project
        .codings
        .values()
        .filter(|c| c.code == into)
        .map(|c| (c.document, c.range.start, c.range.end))
        .collect();
    let mut edits = Vec::new();
    for c in project.codings.values().filter(|c| c.code == from) {
        if taken.insert((c.document, c.range.start, c.range.end)) {
            edits.push(Edit::SetCodingCode {
                id: c.id,
                code: into,
            });
        } else {
            edits.push(Edit::RemoveCoding(c.id));
        }
    }
    // `into` takes `from`'s place in each theme that did not already hold it.
    for t in project.themes.iter().filter(|t| t.codes.contains(&from)) {
        let index = t.codes.iter().position(|c| *c == from).unwrap_or(0);
        edits.push(Edit::RemoveThemeCode {
            theme: t.id,
            code: from,
        });
        if !t.codes.contains(&into) {
            edits.push(Edit::AddThemeCode {
                theme: t.id,
                code: into,
                index,
            });
        }
    }
    edits.extend(
        detach_code(project, from)
            .into_iter()
            .filter(|e| !matches!(e, Edit::RemoveThemeCode { .. })),
    );
    // If `into` sat below `from`, lift it to where `from` was.
    if project.code(into).and_then(|c| c.parent) == Some(from) {
        let parent = project.code(from).and_then(|c| c.parent);
        edits.retain(|e| !matches!(e, Edit::SetCode { id, .. } if *id == into));
        edits.push(Edit::SetCode {
            id: into,
            field: CodeField::Parent(parent),
        });
    }
    edits.push(Edit::RemoveCode(from));
    Some(Edit::Batch(edits))
}

/// A new theme or group at the end of the list.
pub fn create_theme(
    project: &Project,
    name: &str,
    kind: ThemeKind,
    parent: Option<ThemeId>,
) -> (ThemeId, Edit) {
    let theme = Theme::new(name.trim(), kind, parent);
    let id = theme.id;
    (
        id,
        Edit::InsertTheme {
            index: project.themes.len(),
            theme,
        },
    )
}

/// Deletes a theme; the themes inside it move up a level. Its codes are untouched.
pub fn delete_theme(project: &Project, id: ThemeId) -> Edit {
    let parent = project.theme(id).and_then(|t| t.parent);
    let mut edits: Vec<Edit> = project
        .themes
        .iter()
        .filter(|t| t.parent == Some(id))
        .map(|t| Edit::SetTheme {
            id: t.id,
            field: ThemeField::Parent(parent),
        })
        .collect();
    edits.push(Edit::RemoveTheme(id));
    Edit::Batch(edits)
}

/// Adds `code` to the end of `theme`'s codes, if it is not there yet.
pub fn add_code_to_theme(project: &Project, theme: ThemeId, code: CodeId) -> Option<Edit> {
    let t = project.theme(theme)?;
    (!t.codes.contains(&code)).then_some(Edit::AddThemeCode {
        theme,
        code,
        index: t.codes.len(),
    })
}

/// Adds a document at the end of the list.
pub fn add_document(project: &Project, document: Document) -> Edit {
    Edit::InsertDocument {
        index: project.documents.len(),
        document: Box::new(document),
    }
}

/// Deletes a document with its codings.
pub fn delete_document(project: &Project, id: DocId) -> Edit {
    let mut edits = remove_codings(
        project,
        project
            .codings
            .values()
            .filter(|c| c.document == id)
            .map(|c| c.id),
    );
    edits.push(Edit::RemoveDocument(id));
    Edit::Batch(edits)
}
