//! Plans for user actions that touch several things at once. Each function reads the project and
//! returns one [`Edit`] (usually a batch of primitives) for [`super::History::apply`]; nothing
//! here mutates the project.

use super::{CodeField, Edit, ThemeField};
use crate::model::{
    Code, CodeId, Coder, CoderId, Coding, CodingId, DocId, Document, Project, Rgb, Theme, ThemeId,
    ThemeKind, Timestamp,
};
use std::collections::{BTreeMap, BTreeSet};

/// Who makes a coding: a [`Coder`] known by id (the window's coder, kept in its preferences), or a
/// display name (the command line and older callers; the first coder of that name is taken).
pub trait AsCoder {
    /// The coder's id, and the edit that adds them if the project does not know them yet.
    fn resolve(&self, project: &Project) -> (CoderId, Option<Edit>);
}

impl AsCoder for str {
    fn resolve(&self, project: &Project) -> (CoderId, Option<Edit>) {
        match project.coder_by_name(self) {
            Some(c) => (c.id, None),
            None => Coder::new(self).resolve(project),
        }
    }
}

impl AsCoder for String {
    fn resolve(&self, project: &Project) -> (CoderId, Option<Edit>) {
        self.as_str().resolve(project)
    }
}

/// By id only: two people with one display name stay two coders, and a coder who renamed
/// themselves (a new id) never takes over another person's codings.
impl AsCoder for Coder {
    fn resolve(&self, project: &Project) -> (CoderId, Option<Edit>) {
        if project.coder(self.id).is_some() {
            return (self.id, None);
        }
        (
            self.id,
            Some(Edit::InsertCoder {
                index: project.coders.len(),
                coder: self.clone(),
            }),
        )
    }
}

/// The coder `who`, and the edit that adds them if the project does not know them yet.
pub fn ensure_coder<C: AsCoder + ?Sized>(project: &Project, who: &C) -> (CoderId, Option<Edit>) {
    who.resolve(project)
}

/// Codes the passage `a..b` (snapped to grapheme boundaries) of `doc` with `code`. `None` when the
/// passage is empty or already has exactly this coding.
pub fn code_passage<C: AsCoder + ?Sized>(
    project: &Project,
    doc: DocId,
    a: usize,
    b: usize,
    code: CodeId,
    coder_name: &C,
) -> Option<Edit> {
    let range = project.document(doc)?.snap_range(a, b)?;
    if project.twin(doc, code, range, None).is_some() {
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

/// The colour for a new code: the one farthest from the colours the codebook uses.
pub fn new_code_color(project: &Project) -> Rgb {
    let taken: Vec<Rgb> = project.codes.iter().map(|c| c.color).collect();
    Rgb::distinct_from(&taken)
}

/// A new code named `name`, in the colour most unlike the existing codes', at the end of the
/// codebook.
pub fn create_code(project: &Project, name: &str) -> (CodeId, Edit) {
    let code = Code::new(name.trim(), new_code_color(project));
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
pub fn code_passage_with_name<C: AsCoder + ?Sized>(
    project: &Project,
    doc: DocId,
    a: usize,
    b: usize,
    name: &str,
    coder_name: &C,
) -> Option<Edit> {
    if let Some(code) = project.code_by_name(name) {
        return code_passage(project, doc, a, b, code.id, coder_name);
    }
    if name.trim().is_empty() {
        return None;
    }
    let range = project.document(doc)?.snap_range(a, b)?;
    let (id, create) = create_code(project, name);
    // The code is new, so the passage cannot already have it.
    let (coder, add_coder) = ensure_coder(project, coder_name);
    let mut edits = vec![create];
    edits.extend(add_coder);
    edits.push(Edit::AddCoding(Coding {
        id: CodingId::new(),
        document: doc,
        code: id,
        range,
        coder,
        created: Timestamp::now(),
    }));
    Some(Edit::Batch(edits))
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

/// Removes one coding, first taking it out of the themes that quote it as an exemplar.
pub fn remove_coding(project: &Project, id: CodingId) -> Edit {
    Edit::Batch(remove_codings(project, [id]))
}

/// Deletes a code with its codings and theme memberships; its child codes move up a level.
pub fn delete_code(project: &Project, id: CodeId) -> Edit {
    let mut edits = remove_codings(
        project,
        project.codings_with_code(id).into_iter().map(|c| c.id),
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

/// The coding, theme and tree changes of [`merge_codes`], without its memo note.
fn merge_codes_plan(project: &Project, from: CodeId, into: CodeId) -> Option<Edit> {
    if from == into || project.code(from).is_none() || project.code(into).is_none() {
        return None;
    }
    let mut taken: BTreeMap<(DocId, usize, usize), CodingId> = project
        .codings_with_code(into)
        .into_iter()
        .map(|c| ((c.document, c.range.start, c.range.end), c.id))
        .collect();
    let mut edits = Vec::new();
    for c in project.codings_with_code(from) {
        match taken.entry((c.document, c.range.start, c.range.end)) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(c.id);
                edits.push(Edit::SetCodingCode {
                    id: c.id,
                    code: into,
                });
            }
            std::collections::btree_map::Entry::Occupied(o) => {
                edits.extend(collapse_duplicate(project, c.id, *o.get()));
            }
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
        document: std::sync::Arc::new(document),
    }
}

/// Deletes a document with its codings.
pub fn delete_document(project: &Project, id: DocId) -> Edit {
    let mut ids: Vec<CodingId> = project.codings_in(id).iter().map(|c| c.id).collect();
    ids.sort_unstable();
    let mut edits = remove_codings(project, ids);
    edits.push(Edit::RemoveDocument(id));
    Edit::Batch(edits)
}

/// Removes coding `drop` (a duplicate of `keep`): themes quoting `drop` as an exemplar quote
/// `keep` instead, in the same place, so no chosen quote is lost.
fn collapse_duplicate(project: &Project, drop: CodingId, keep: CodingId) -> Vec<Edit> {
    let mut edits = Vec::new();
    for t in project
        .themes
        .iter()
        .filter(|t| t.exemplars.contains(&drop))
    {
        let index = t.exemplars.iter().position(|c| *c == drop).unwrap_or(0);
        edits.push(Edit::RemoveExemplar {
            theme: t.id,
            coding: drop,
        });
        if !t.exemplars.contains(&keep) {
            edits.push(Edit::AddExemplar {
                theme: t.id,
                coding: keep,
                index,
            });
        }
    }
    edits.push(Edit::RemoveCoding(drop));
    edits
}

/// Today's date as `YYYY-MM-DD`, for memo notes.
fn today() -> String {
    Timestamp::now().to_iso8601().chars().take(10).collect()
}

/// `memo` with `note` appended as a new paragraph.
fn append_note(memo: &str, note: &str) -> String {
    if memo.trim().is_empty() {
        note.to_owned()
    } else {
        format!("{}\n\n{note}", memo.trim_end())
    }
}

/// Merges code `from` into `into`: its codings move to `into` (a coding that would duplicate one
/// `into` already has on the same passage collapses into it, keeping its exemplar places), `into`
/// joins the themes `from` was in, `from`'s child codes move up, and `from` is deleted. `into`'s
/// memo records the merge: the merged code's name, how many codings moved and collapsed, and its
/// definition and memo, so nothing written is lost. `None` when the two are the same code or
/// either is missing.
pub fn merge_codes(project: &Project, from: CodeId, into: CodeId) -> Option<Edit> {
    let Edit::Batch(mut edits) = merge_codes_plan(project, from, into)? else {
        return None;
    };
    let source = project.code(from)?;
    let target = project.code(into)?;
    let moved = edits
        .iter()
        .filter(|e| matches!(e, Edit::SetCodingCode { .. }))
        .count();
    let dropped = edits
        .iter()
        .filter(|e| matches!(e, Edit::RemoveCoding(_)))
        .count();
    let mut note = format!(
        "Merged \"{}\" into this code on {}: {moved} coding{} moved, {dropped} exact duplicate{} collapsed.",
        source.name,
        today(),
        if moved == 1 { "" } else { "s" },
        if dropped == 1 { "" } else { "s" },
    );
    if !source.description.trim().is_empty() {
        note.push_str(&format!("\nIts definition: {}", source.description.trim()));
    }
    if !source.memo.trim().is_empty() {
        note.push_str(&format!("\nIts memo: {}", source.memo.trim()));
    }
    edits.insert(
        0,
        Edit::SetCode {
            id: into,
            field: CodeField::Memo(append_note(&target.memo, &note)),
        },
    );
    Some(Edit::Batch(edits))
}

/// Splits a code: the chosen `codings` (those of `code`; others are ignored) move to a new code
/// named `name`, placed right after `code` under the same parent, with the same colour family and
/// the same theme memberships, so theme evidence is unchanged. `None` when nothing would move or
/// the name is empty or taken.
pub fn split_code(
    project: &Project,
    code: CodeId,
    codings: &[CodingId],
    name: &str,
) -> Option<(CodeId, Edit)> {
    let original = project.code(code)?;
    let name = name.trim();
    if name.is_empty() || project.code_by_name(name).is_some() {
        return None;
    }
    let chosen: BTreeSet<CodingId> = codings
        .iter()
        .copied()
        .filter(|id| project.codings.get(id).is_some_and(|c| c.code == code))
        .collect();
    if chosen.is_empty() {
        return None;
    }
    let mut new = Code::new(name, new_code_color(project));
    new.parent = original.parent;
    new.memo = format!(
        "Split from \"{}\" on {}: {} coding{}.",
        original.name,
        today(),
        chosen.len(),
        if chosen.len() == 1 { "" } else { "s" }
    );
    let id = new.id;
    let index = project
        .codes
        .iter()
        .position(|c| c.id == code)
        .map_or(project.codes.len(), |i| i + 1);
    let mut edits = vec![Edit::InsertCode { index, code: new }];
    for t in project.themes.iter().filter(|t| t.codes.contains(&code)) {
        edits.push(Edit::AddThemeCode {
            theme: t.id,
            code: id,
            index: t.codes.len(),
        });
    }
    edits.extend(chosen.into_iter().map(|coding| Edit::SetCodingCode {
        id: coding,
        code: id,
    }));
    Some((id, Edit::Batch(edits)))
}

/// Moves one coding to another code. When `code` already has a coding on exactly this passage,
/// the moved coding collapses into it (its exemplar places carried over). `None` when nothing
/// changes.
pub fn move_coding(project: &Project, coding: CodingId, code: CodeId) -> Option<Edit> {
    let c = project.codings.get(&coding)?;
    if c.code == code || project.code(code).is_none() {
        return None;
    }
    let twin = project.twin(c.document, code, c.range, Some(coding));
    Some(Edit::Batch(match twin {
        Some(t) => collapse_duplicate(project, coding, t),
        None => vec![Edit::SetCodingCode { id: coding, code }],
    }))
}

/// Resizes a coding to `a..b` (either order, snapped to grapheme boundaries). `None` when the
/// passage would be empty, is unchanged, or the code already has a coding on exactly that
/// passage.
pub fn resize_coding(project: &Project, coding: CodingId, a: usize, b: usize) -> Option<Edit> {
    let c = project.codings.get(&coding)?;
    let range = project.document(c.document)?.snap_range(a, b)?;
    if range == c.range {
        return None;
    }
    let duplicate = project.twin(c.document, c.code, range, Some(coding));
    duplicate
        .is_none()
        .then_some(Edit::SetCodingRange { id: coding, range })
}

/// The in-vivo code name for a passage: its words, with surrounding punctuation and quotes
/// trimmed and spaces collapsed, cut to at most eight words and 60 characters.
pub fn in_vivo_name(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut name = String::new();
    for w in words.iter().take(8) {
        if name.chars().count() + w.chars().count() + 1 > 60 && !name.is_empty() {
            break;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(w);
    }
    let name = name.trim_matches(|c: char| !c.is_alphanumeric());
    name.chars().take(60).collect()
}

/// In-vivo coding: codes the passage with a code named from its own words (reusing a code of that
/// name if there is one). A new code gets the passage as its example. Returns the code's id.
pub fn in_vivo<C: AsCoder + ?Sized>(
    project: &Project,
    doc: DocId,
    a: usize,
    b: usize,
    coder_name: &C,
) -> Option<(CodeId, Edit)> {
    let d = project.document(doc)?;
    let range = d.snap_range(a, b)?;
    let text = d.slice(range);
    let name = in_vivo_name(&text);
    if name.is_empty() {
        return None;
    }
    if let Some(existing) = project.code_by_name(&name) {
        let id = existing.id;
        return Some((id, code_passage(project, doc, a, b, id, coder_name)?));
    }
    let (id, create) = create_code(project, &name);
    let mut scratch = project.clone();
    super::apply(&mut scratch, create.clone()).ok()?;
    let coding = code_passage(&scratch, doc, a, b, id, coder_name)?;
    let example = Edit::SetCode {
        id,
        field: CodeField::Example(format!("\"{}\"", text.trim())),
    };
    Some((id, Edit::Batch(vec![create, example, coding])))
}

/// Binds digit `key` (1-9) to `code`, taking it from any code that had it; `None` unbinds.
pub fn bind_key(project: &Project, code: CodeId, key: Option<u8>) -> Option<Edit> {
    let current = project.code(code)?.shortcut;
    if current == key {
        return None;
    }
    let mut edits: Vec<Edit> = match key {
        Some(k) => project
            .codes
            .iter()
            .filter(|c| c.id != code && c.shortcut == Some(k))
            .map(|c| Edit::SetCode {
                id: c.id,
                field: CodeField::Shortcut(None),
            })
            .collect(),
        None => Vec::new(),
    };
    edits.push(Edit::SetCode {
        id: code,
        field: CodeField::Shortcut(key),
    });
    Some(Edit::Batch(edits))
}

/// The code bound to digit `key`.
pub fn code_for_key(project: &Project, key: u8) -> Option<CodeId> {
    project
        .codes
        .iter()
        .find(|c| c.shortcut == Some(key))
        .map(|c| c.id)
}

/// Merges theme `from` into `into`: `into` gains `from`'s codes and exemplar quotes (those it
/// lacks, in order), the themes inside `from` move into `into`, `into`'s memo records the merge
/// (with `from`'s definition and memo), and `from` is deleted. `None` when they are the same,
/// either is missing, or `into` lies inside `from`.
pub fn merge_themes(project: &Project, from: ThemeId, into: ThemeId) -> Option<Edit> {
    if from == into || project.theme_is_within(into, from) {
        return None;
    }
    let source = project.theme(from)?;
    let target = project.theme(into)?;
    let mut edits = Vec::new();
    let new_codes = source.codes.iter().filter(|c| !target.codes.contains(c));
    for (index, c) in (target.codes.len()..).zip(new_codes) {
        edits.push(Edit::AddThemeCode {
            theme: into,
            code: *c,
            index,
        });
    }
    let new_quotes = source
        .exemplars
        .iter()
        .filter(|c| !target.exemplars.contains(c));
    for (index, c) in (target.exemplars.len()..).zip(new_quotes) {
        edits.push(Edit::AddExemplar {
            theme: into,
            coding: *c,
            index,
        });
    }
    for child in project.themes.iter().filter(|t| t.parent == Some(from)) {
        edits.push(Edit::SetTheme {
            id: child.id,
            field: ThemeField::Parent(Some(into)),
        });
    }
    let mut note = format!(
        "Merged theme \"{}\" into this one on {}.",
        source.name,
        today()
    );
    for (label, value) in [
        ("definition", &source.description),
        ("involves", &source.involves),
        ("concerns", &source.concerns),
        ("memo", &source.memo),
    ] {
        if !value.trim().is_empty() {
            note.push_str(&format!("\nIts {label}: {}", value.trim()));
        }
    }
    edits.push(Edit::SetTheme {
        id: into,
        field: ThemeField::Memo(append_note(&target.memo, &note)),
    });
    for c in source.exemplars.iter().rev() {
        edits.push(Edit::RemoveExemplar {
            theme: from,
            coding: *c,
        });
    }
    for c in source.codes.iter().rev() {
        edits.push(Edit::RemoveThemeCode {
            theme: from,
            code: *c,
        });
    }
    edits.push(Edit::RemoveTheme(from));
    Some(Edit::Batch(edits))
}

/// Moves a theme into another group or theme (`None`: the top level), placed last among its new
/// siblings. `None` when nothing changes or the move would put it inside itself.
pub fn move_theme(project: &Project, theme: ThemeId, parent: Option<ThemeId>) -> Option<Edit> {
    let t = project.theme(theme)?;
    if let Some(p) = parent
        && project.theme_is_within(p, theme)
    {
        return None;
    }
    if t.parent == parent {
        return None;
    }
    let mut edits = vec![Edit::SetTheme {
        id: theme,
        field: ThemeField::Parent(parent),
    }];
    if let Some(last) = project
        .themes
        .iter()
        .rposition(|o| o.parent == parent && o.id != theme)
    {
        let from = project.themes.iter().position(|o| o.id == theme)?;
        let index = if from < last { last } else { last + 1 };
        if index != from {
            edits.push(Edit::ReorderTheme { id: theme, index });
        }
    }
    Some(Edit::Batch(edits))
}

/// Moves a code under `parent` (`None`: the top level) and to list position `index` (clamped),
/// the way a drag in the codebook does. `None` when nothing changes or the move would put the code
/// inside itself.
pub fn move_code(
    project: &Project,
    code: CodeId,
    parent: Option<CodeId>,
    index: usize,
) -> Option<Edit> {
    let c = project.code(code)?;
    if let Some(p) = parent {
        project.code(p)?;
        if p == code || super::code_is_within(project, p, code) {
            return None;
        }
    }
    let from = project.codes.iter().position(|o| o.id == code)?;
    let index = index.min(project.codes.len().saturating_sub(1));
    let mut edits = Vec::new();
    if c.parent != parent {
        edits.push(Edit::SetCode {
            id: code,
            field: CodeField::Parent(parent),
        });
    }
    if index != from {
        edits.push(Edit::ReorderCode { id: code, index });
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// Which end of a coding to move.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Edge {
    Start,
    End,
}

/// Moves one end of a coding by a word: `forward` moves it towards the end of the document.
/// The start stops at word starts, the end at word ends; the passage never becomes empty.
/// `None` at the document's edge or when the move would empty the passage.
pub fn nudge_coding(
    project: &Project,
    coding: CodingId,
    edge: Edge,
    forward: bool,
) -> Option<Edit> {
    let c = project.codings.get(&coding)?;
    let doc = project.document(c.document)?;
    let text: String = doc
        .turns()
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let is_space = |i: usize| bytes.get(i).is_none_or(|(_, ch)| ch.is_whitespace());
    // Byte offsets of word starts and word ends.
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for (k, (at, ch)) in bytes.iter().enumerate() {
        let space = ch.is_whitespace();
        let prev_space = k == 0 || is_space(k - 1);
        if !space && prev_space {
            starts.push(*at);
        }
        if space && !prev_space {
            ends.push(*at);
        }
    }
    if !is_space(bytes.len().saturating_sub(1)) {
        ends.push(text.len());
    }
    let (a, b) = (c.range.start, c.range.end);
    let target = match (edge, forward) {
        (Edge::Start, false) => starts.iter().rev().find(|s| **s < a).copied(),
        (Edge::Start, true) => starts.iter().find(|s| **s > a && **s < b).copied(),
        (Edge::End, false) => ends.iter().rev().find(|e| **e < b && **e > a).copied(),
        (Edge::End, true) => ends.iter().find(|e| **e > b).copied(),
    }?;
    match edge {
        Edge::Start => resize_coding(project, coding, target, b),
        Edge::End => resize_coding(project, coding, a, target),
    }
}
