//! Read-only questions about a project, as pure functions: how many codings, documents and
//! participants stand behind a code or a theme, and which passages (with their document, speaker,
//! paragraph and a little context) a code or theme retrieves. The codebook, the theme tree, the
//! retrieval list and the exports all read their figures from here, so they always agree.
//!
//! Participants are the speakers of the turns a coding overlaps, leaving out participants marked
//! as interviewers and turns without a speaker.

use crate::model::{CodeId, Coding, CodingId, DocId, Document, Project, ThemeId, ThemeKind};
use std::collections::{BTreeMap, BTreeSet};

/// The evidence behind a code or a theme.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Counts {
    /// Number of codings.
    pub codings: usize,
    /// Documents holding at least one of those codings.
    pub documents: BTreeSet<DocId>,
    /// Participants (by name) who speak in at least one of those codings, interviewers left out.
    pub participants: BTreeSet<String>,
}

impl Counts {
    pub fn documents(&self) -> usize {
        self.documents.len()
    }

    pub fn participants(&self) -> usize {
        self.participants.len()
    }

    fn add(&mut self, project: &Project, coding: &Coding) {
        self.codings += 1;
        self.documents.insert(coding.document);
        if let Some(doc) = project.document(coding.document) {
            self.participants
                .extend(coding_speakers(project, doc, coding));
        }
    }
}

/// Is `name` a participant marked as an interviewer?
pub fn is_interviewer(project: &Project, name: &str) -> bool {
    project.participant(name).is_some_and(|p| p.interviewer)
}

/// Indexes of the turns of `doc` that the coding overlaps, in order.
pub fn turns_overlapped(doc: &Document, coding: &Coding) -> Vec<usize> {
    let (s, e) = (coding.range.start, coding.range.end);
    doc.turn_starts()
        .into_iter()
        .zip(&doc.turns)
        .enumerate()
        .filter(|(_, (start, turn))| {
            let end = start + turn.text.len();
            s < end.max(start + 1) && e > *start
        })
        .map(|(i, _)| i)
        .collect()
}

/// The speakers of the turns a coding overlaps, interviewers left out.
pub fn coding_speakers(project: &Project, doc: &Document, coding: &Coding) -> BTreeSet<String> {
    turns_overlapped(doc, coding)
        .into_iter()
        .filter_map(|i| doc.turns.get(i)?.speaker.clone())
        .filter(|name| !is_interviewer(project, name))
        .collect()
}

/// Counts for every code of the project (codes without codings get empty counts).
pub fn code_counts(project: &Project) -> BTreeMap<CodeId, Counts> {
    let mut out: BTreeMap<CodeId, Counts> = project
        .codes
        .iter()
        .map(|c| (c.id, Counts::default()))
        .collect();
    for coding in project.codings.values() {
        if let Some(counts) = out.get_mut(&coding.code) {
            counts.add(project, coding);
        }
    }
    out
}

/// Counts for one code.
pub fn counts_for_code(project: &Project, code: CodeId) -> Counts {
    let mut counts = Counts::default();
    for coding in project.codings.values().filter(|c| c.code == code) {
        counts.add(project, coding);
    }
    counts
}

/// The codes behind a theme: its own codes and those of every theme inside it (so a group counts
/// everything under it). Deduplicated, in first-seen order.
pub fn theme_codes(project: &Project, theme: ThemeId) -> Vec<CodeId> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for t in project
        .themes
        .iter()
        .filter(|t| project.theme_is_within(t.id, theme))
    {
        for c in &t.codes {
            if seen.insert(*c) {
                out.push(*c);
            }
        }
    }
    out
}

/// Counts for a theme through its codes (and those of the themes inside it). Each coding has one
/// code, so a coding counts once however many of the theme's sub-themes share its code.
pub fn counts_for_theme(project: &Project, theme: ThemeId) -> Counts {
    let codes: BTreeSet<CodeId> = theme_codes(project, theme).into_iter().collect();
    let mut counts = Counts::default();
    for coding in project.codings.values().filter(|c| codes.contains(&c.code)) {
        counts.add(project, coding);
    }
    counts
}

/// Counts for every theme and group.
pub fn theme_counts(project: &Project) -> BTreeMap<ThemeId, Counts> {
    project
        .themes
        .iter()
        .map(|t| (t.id, counts_for_theme(project, t.id)))
        .collect()
}

/// One retrieved passage.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Row {
    pub coding: CodingId,
    pub code: CodeId,
    pub code_name: String,
    pub document: DocId,
    pub document_title: String,
    /// The speaker of the turn the passage starts in (interviewers included: this is a citation).
    pub speaker: Option<String>,
    /// 1-based number of the turn (paragraph) the passage starts in.
    pub paragraph: usize,
    /// The coded text.
    pub text: String,
    /// A little of the same turn before and after the passage.
    pub before: String,
    pub after: String,
    /// Is this coding an exemplar quote of the theme being retrieved (always false for a code)?
    pub exemplar: bool,
}

/// Characters of context kept on each side of a retrieved passage.
pub const CONTEXT_CHARS: usize = 60;

fn context_before(text: &str, local: usize) -> String {
    let head = text.get(..local).unwrap_or("");
    let n = head.chars().count();
    let skip = n.saturating_sub(CONTEXT_CHARS);
    let mut s: String = head.chars().skip(skip).collect();
    if skip > 0 {
        s.insert(0, '…');
    }
    s
}

fn context_after(text: &str, local: usize) -> String {
    let tail = text.get(local..).unwrap_or("");
    let mut s: String = tail.chars().take(CONTEXT_CHARS).collect();
    if tail.chars().count() > CONTEXT_CHARS {
        s.push('…');
    }
    s
}

/// The retrieval row of one coding, `None` if its document or code is missing.
pub fn row(project: &Project, coding: &Coding) -> Option<Row> {
    let doc = project.document(coding.document)?;
    let code = project.code(coding.code)?;
    let (first, local_start) = doc.locate(coding.range.start)?;
    // A passage starting exactly at a turn's end really starts in the next turn.
    let (first, local_start) = match doc.turns.get(first) {
        Some(t) if local_start == t.text.len() && first + 1 < doc.turns.len() => (first + 1, 0),
        _ => (first, local_start),
    };
    let (last, local_end) = doc.locate(coding.range.end)?;
    let before = doc
        .turns
        .get(first)
        .map(|t| context_before(&t.text, local_start))
        .unwrap_or_default();
    let after = doc
        .turns
        .get(last)
        .map(|t| context_after(&t.text, local_end))
        .unwrap_or_default();
    Some(Row {
        coding: coding.id,
        code: code.id,
        code_name: code.name.clone(),
        document: doc.id,
        document_title: doc.title.clone(),
        speaker: doc.turns.get(first).and_then(|t| t.speaker.clone()),
        paragraph: first + 1,
        text: doc.slice(coding.range),
        before,
        after,
        exemplar: false,
    })
}

fn sorted_rows<'a>(project: &Project, codings: impl Iterator<Item = &'a Coding>) -> Vec<Row> {
    let order: BTreeMap<DocId, usize> = project
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    let mut list: Vec<&Coding> = codings.collect();
    list.sort_by_key(|c| {
        (
            order.get(&c.document).copied().unwrap_or(usize::MAX),
            c.range.start,
            std::cmp::Reverse(c.range.end),
            c.id,
        )
    });
    list.into_iter().filter_map(|c| row(project, c)).collect()
}

/// Every passage coded with `code`, in document order then text order.
pub fn retrieve_code(project: &Project, code: CodeId) -> Vec<Row> {
    sorted_rows(project, project.codings.values().filter(|c| c.code == code))
}

/// Every passage behind a theme (through its codes and those of the themes inside it), in
/// document and text order, with the theme's own exemplars marked.
pub fn retrieve_theme(project: &Project, theme: ThemeId) -> Vec<Row> {
    let codes: BTreeSet<CodeId> = theme_codes(project, theme).into_iter().collect();
    let exemplars: BTreeSet<CodingId> = project
        .theme(theme)
        .map(|t| t.exemplars.iter().copied().collect())
        .unwrap_or_default();
    let mut rows = sorted_rows(
        project,
        project.codings.values().filter(|c| codes.contains(&c.code)),
    );
    for r in &mut rows {
        r.exemplar = exemplars.contains(&r.coding);
    }
    rows
}

/// The exemplar quotes of a theme, in the theme's report order (missing codings skipped).
pub fn exemplar_rows(project: &Project, theme: ThemeId) -> Vec<Row> {
    let Some(t) = project.theme(theme) else {
        return Vec::new();
    };
    t.exemplars
        .iter()
        .filter_map(|id| project.codings.get(id))
        .filter_map(|c| row(project, c))
        .map(|mut r| {
            r.exemplar = true;
            r
        })
        .collect()
}

/// The slash-separated path of a code in the codebook tree ("Parent/Child").
pub fn code_path(project: &Project, code: CodeId) -> String {
    let mut names = Vec::new();
    let mut at = Some(code);
    while let Some(id) = at {
        let Some(c) = project.code(id) else { break };
        names.push(c.name.as_str());
        at = c.parent;
        if names.len() > project.codes.len() {
            break; // a cycle in a damaged file
        }
    }
    names.reverse();
    names.join("/")
}

/// Codes in tree order (each parent followed by its children, depth-first, in codebook order),
/// with their depth. Codes whose parent is missing are treated as top level.
pub fn code_tree(project: &Project) -> Vec<(CodeId, usize)> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    fn walk(
        project: &Project,
        parent: Option<CodeId>,
        depth: usize,
        out: &mut Vec<(CodeId, usize)>,
        seen: &mut BTreeSet<CodeId>,
    ) {
        for c in project.codes.iter().filter(|c| c.parent == parent) {
            if seen.insert(c.id) {
                out.push((c.id, depth));
                walk(project, Some(c.id), depth + 1, out, seen);
            }
        }
    }
    walk(project, None, 0, &mut out, &mut seen);
    // Orphans (missing parent or a cycle) at the top level.
    for c in &project.codes {
        if seen.insert(c.id) {
            out.push((c.id, 0));
            walk(project, Some(c.id), 1, &mut out, &mut seen);
        }
    }
    out
}

/// Themes in tree order with their depth (groups at depth 0 when at the top level).
pub fn theme_tree(project: &Project) -> Vec<(ThemeId, usize)> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    fn walk(
        project: &Project,
        parent: Option<ThemeId>,
        depth: usize,
        out: &mut Vec<(ThemeId, usize)>,
        seen: &mut BTreeSet<ThemeId>,
    ) {
        for t in project.themes.iter().filter(|t| t.parent == parent) {
            if seen.insert(t.id) {
                out.push((t.id, depth));
                walk(project, Some(t.id), depth + 1, out, seen);
            }
        }
    }
    walk(project, None, 0, &mut out, &mut seen);
    for t in &project.themes {
        if seen.insert(t.id) {
            out.push((t.id, 0));
            walk(project, Some(t.id), 1, &mut out, &mut seen);
        }
    }
    out
}

/// The group a theme sits in (the nearest ancestor of kind group), if any.
pub fn group_of(project: &Project, theme: ThemeId) -> Option<ThemeId> {
    let mut at = project.theme(theme).and_then(|t| t.parent);
    let mut steps = 0;
    while let Some(id) = at {
        let t = project.theme(id)?;
        if t.kind == ThemeKind::Group {
            return Some(id);
        }
        at = t.parent;
        steps += 1;
        if steps > project.themes.len() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests;
