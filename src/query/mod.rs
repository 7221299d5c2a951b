//! Read-only questions about a project, as pure functions: how many codings, documents and
//! participants stand behind a code or a theme, and which passages (with their document, speaker,
//! paragraph and a little context) a code or theme retrieves. The codebook, the theme tree, the
//! retrieval list and the exports all read their figures from here, so they always agree.
//!
//! Participants are the speakers of the turns a coding overlaps, leaving out participants marked
//! as interviewers and turns without a speaker.

pub mod agreement;
pub mod layers;

use crate::model::{CodeId, Coding, CodingId, DocId, Document, Project, ThemeId, ThemeKind};
use std::collections::{BTreeMap, BTreeSet};

pub mod chart;
pub mod cli;
pub mod cooccur;
pub mod expr;
#[cfg(test)]
pub(crate) mod fixture;
pub mod matrix;
pub mod passage;
pub mod regions;
pub mod search;

/// The evidence behind a code or a theme: codings, documents and participants (see
/// [`crate::model::Evidence`]).
pub use crate::model::Evidence as Counts;

/// Is `name` a participant marked as an interviewer?
pub fn is_interviewer(project: &Project, name: &str) -> bool {
    project.participant(name).is_some_and(|p| p.interviewer)
}

/// Indexes of the turns of `doc` that the coding overlaps, in order (a binary search).
pub fn turns_overlapped(doc: &Document, coding: &Coding) -> Vec<usize> {
    doc.turns_overlapping(coding.range).collect()
}

/// The speakers of the turns a coding overlaps, interviewers left out.
pub fn coding_speakers(project: &Project, doc: &Document, coding: &Coding) -> BTreeSet<String> {
    doc.turns_overlapping(coding.range)
        .filter_map(|i| doc.turns().get(i)?.speaker.as_deref().map(str::to_owned))
        .filter(|name| !is_interviewer(project, name))
        .collect()
}

/// Counts for every code of the project (codes without codings get empty counts).
pub fn code_counts(project: &Project) -> BTreeMap<CodeId, Counts> {
    project
        .codes
        .iter()
        .map(|c| (c.id, counts_for_code(project, c.id)))
        .collect()
}

/// Counts for one code: kept with the project, so this is a lookup.
pub fn counts_for_code(project: &Project, code: CodeId) -> Counts {
    match project.tally() {
        Some(t) => t.code(code),
        None => recount(project, |c| c.code == code).0,
    }
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
    match project.tally() {
        Some(t) => t.theme(theme),
        None => recount_theme(project, theme).0,
    }
}

/// Counts for every theme and group.
pub fn theme_counts(project: &Project) -> BTreeMap<ThemeId, Counts> {
    project
        .themes
        .iter()
        .map(|t| (t.id, counts_for_theme(project, t.id)))
        .collect()
}

/// The participants (interviewers left out) who speak in a code's codings, sorted by name.
pub fn code_participants(project: &Project, code: CodeId) -> Vec<String> {
    match project.tally() {
        Some(t) => t
            .code_participants(code)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        None => recount(project, |c| c.code == code).1.into_iter().collect(),
    }
}

/// The participants (interviewers left out) who speak in a theme's codings, sorted by name.
pub fn theme_participants(project: &Project, theme: ThemeId) -> Vec<String> {
    match project.tally() {
        Some(t) => t
            .theme_participants(theme)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        None => recount_theme(project, theme).1.into_iter().collect(),
    }
}

/// The counts of the codings `keep` picks, worked out from scratch over every coding, with the
/// participants' names: the reference the kept counts are tested against, and the fallback for a
/// project whose counts are not kept.
pub fn recount(project: &Project, keep: impl Fn(&Coding) -> bool) -> (Counts, BTreeSet<String>) {
    let mut codings = 0;
    let mut documents = BTreeSet::new();
    let mut participants = BTreeSet::new();
    for coding in project.codings.values().filter(|c| keep(c)) {
        codings += 1;
        documents.insert(coding.document);
        if let Some(doc) = project.document(coding.document) {
            participants.extend(coding_speakers(project, doc, &coding));
        }
    }
    let counts = Counts {
        codings,
        documents: documents.len(),
        participants: participants.len(),
    };
    (counts, participants)
}

/// [`recount`] for a theme: the codings of its codes and of the themes inside it.
pub fn recount_theme(project: &Project, theme: ThemeId) -> (Counts, BTreeSet<String>) {
    let codes: BTreeSet<CodeId> = theme_codes(project, theme).into_iter().collect();
    recount(project, |c| codes.contains(&c.code))
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

pub(crate) fn context_before(text: &str, local: usize) -> String {
    let head = text.get(..local).unwrap_or("");
    let n = head.chars().count();
    let skip = n.saturating_sub(CONTEXT_CHARS);
    let mut s: String = head.chars().skip(skip).collect();
    if skip > 0 {
        s.insert(0, '…');
    }
    s
}

pub(crate) fn context_after(text: &str, local: usize) -> String {
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
    let (first, local_start) = match doc.turns().get(first) {
        Some(t) if local_start == t.text.len() && first + 1 < doc.turns().len() => (first + 1, 0),
        _ => (first, local_start),
    };
    let (last, local_end) = doc.locate(coding.range.end)?;
    let before = doc
        .turns()
        .get(first)
        .map(|t| context_before(&t.text, local_start))
        .unwrap_or_default();
    let after = doc
        .turns()
        .get(last)
        .map(|t| context_after(&t.text, local_end))
        .unwrap_or_default();
    Some(Row {
        coding: coding.id,
        code: code.id,
        code_name: code.name.clone(),
        document: doc.id,
        document_title: doc.title.clone(),
        speaker: doc
            .turns()
            .get(first)
            .and_then(|t| t.speaker.as_deref().map(str::to_owned)),
        paragraph: first + 1,
        text: doc.slice(coding.range),
        before,
        after,
        exemplar: false,
    })
}

fn sorted_rows(project: &Project, codings: impl Iterator<Item = Coding>) -> Vec<Row> {
    let mut list: Vec<(usize, Coding)> = codings
        .map(|c| {
            let at = project.document_index(c.document).unwrap_or(usize::MAX);
            (at, c)
        })
        .collect();
    list.sort_by_key(|(at, c)| (*at, c.range.start, std::cmp::Reverse(c.range.end), c.id));
    list.into_iter()
        .filter_map(|(_, c)| row(project, &c))
        .collect()
}

/// The codings of `codes`: from the kept index, or a scan when the project keeps none.
fn codings_of(project: &Project, codes: &BTreeSet<CodeId>) -> Vec<Coding> {
    match project.tally() {
        Some(t) => codes
            .iter()
            .flat_map(|&code| t.codings_of_code(code))
            .filter_map(|id| project.codings.get(&id))
            .collect(),
        None => project
            .codings
            .values()
            .filter(|c| codes.contains(&c.code))
            .collect(),
    }
}

/// Every coded passage of the project, in document order then text order (the rows of a
/// coded-segments report), made one at a time so that a report of every coding of a large
/// project never holds them all.
pub fn all_rows(project: &Project) -> impl Iterator<Item = Row> + '_ {
    let mut list: Vec<(usize, Coding)> = project
        .codings
        .values()
        .map(|c| (project.document_index(c.document).unwrap_or(usize::MAX), c))
        .collect();
    list.sort_by_key(|(at, c)| (*at, c.range.start, std::cmp::Reverse(c.range.end), c.id));
    list.into_iter().filter_map(|(_, c)| row(project, &c))
}

/// Every passage coded with `code`, in document order then text order.
pub fn retrieve_code(project: &Project, code: CodeId) -> Vec<Row> {
    sorted_rows(
        project,
        codings_of(project, &BTreeSet::from([code])).into_iter(),
    )
}

/// Every passage behind a theme (through its codes and those of the themes inside it), in
/// document and text order, with the theme's own exemplars marked.
pub fn retrieve_theme(project: &Project, theme: ThemeId) -> Vec<Row> {
    let codes: BTreeSet<CodeId> = theme_codes(project, theme).into_iter().collect();
    let exemplars: BTreeSet<CodingId> = project
        .theme(theme)
        .map(|t| t.exemplars.iter().copied().collect())
        .unwrap_or_default();
    let mut rows = sorted_rows(project, codings_of(project, &codes).into_iter());
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
        .filter_map(|c| row(project, &c))
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
