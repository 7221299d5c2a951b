//! Edits of a transcript's text: replacing bytes inside turns, splitting and joining turns,
//! setting a turn's speaker or time, and replacing all the turns at once (a re-imported
//! transcript). Everything placed on the text follows the words, like a code editor's cursors
//! (helix's `ChangeSet::map_pos`): codings, comments and memos anchored to passages, and memo links.
//!
//! A change set is a sorted list of replacements `a..b -> n bytes`. A passage's start maps *after*
//! an insertion at it and its end *before* one, so typing just outside a coding does not grow it
//! while typing inside does; a replaced stretch that touches a passage becomes part of it (a name
//! replaced by a pseudonym stays coded). Passages whose ends lie in a changed turn are snapped to
//! grapheme boundaries, and the inverse edit stores their exact old ranges, so undo restores
//! every passage byte for byte. Passages elsewhere only shift, which inverts exactly.
//!
//! The cost of a keystroke is set by the turns of the document (their starts move) and its
//! codings (their offsets move), never by the length of its text.

use super::{EditError, invalid};
use crate::model::{
    Anchor, CodingId, CommentId, DocId, Document, MemoId, Project, TextRange, Turn,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One replacement in a document's joined text: `range` becomes `text`. The range lies inside
/// one turn (it may end at the turn's end) and the text holds no line break.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TextChange {
    pub range: TextRange,
    pub text: String,
}

impl TextChange {
    pub fn new(start: usize, end: usize, text: &str) -> Self {
        Self {
            range: TextRange::new(start, end),
            text: text.to_owned(),
        }
    }
}

/// Something placed on a document's text whose range a text edit moves.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum Placed {
    Coding(CodingId),
    Comment(CommentId),
    /// A memo anchored to a passage.
    Memo(MemoId),
    /// Link `n` of a memo.
    MemoLink(MemoId, usize),
}

/// A change with at least this many codings near it, a quarter or more of its document's,
/// builds the document's list of codings again rather than moving them one by one (tests use a
/// low number, so that their small fixtures take both ways).
const RELIST_MIN: usize = if cfg!(test) { 2 } else { 64 };

/// Exact ranges to put things back on after a text edit (what an inverse edit carries).
pub type Restore = Vec<(Placed, TextRange)>;

/// Replacements `a..b -> n bytes` in old coordinates, sorted, with the shift before each.
pub(crate) struct Changes {
    ops: Vec<(usize, usize, usize)>,
    /// Shift (new minus old) accumulated before each op, then the total.
    before: Vec<isize>,
}

impl Changes {
    pub(crate) fn new(ops: Vec<(usize, usize, usize)>) -> Self {
        let mut before = Vec::with_capacity(ops.len() + 1);
        let mut d = 0isize;
        for &(a, b, n) in &ops {
            before.push(d);
            d += n as isize - (b - a) as isize;
        }
        before.push(d);
        Self { ops, before }
    }

    /// Where old offset `p` lands; `end`: it ends a passage (stays before an insertion at it).
    #[inline]
    pub(crate) fn map(&self, p: usize, end: bool) -> usize {
        let k = self.ops.partition_point(|o| o.1 < p);
        let d = self.before[k];
        let Some(&(a, b, n)) = self.ops.get(k) else {
            return p.wrapping_add_signed(d);
        };
        if p < a {
            return p.wrapping_add_signed(d);
        }
        let a2 = a.wrapping_add_signed(d);
        if a == b {
            // A pure insertion at p.
            return if end { a2 } else { a2 + n };
        }
        if p == a {
            return a2;
        }
        // a < p <= b: inside or at the end of a replaced stretch: the replacement is covered.
        if end || p == b { a2 + n } else { a2 }
    }

    #[inline]
    pub(crate) fn map_range(&self, r: TextRange) -> TextRange {
        TextRange {
            start: self.map(r.start, false),
            end: self.map(r.end, true).max(self.map(r.start, false)),
        }
    }
}

/// Old-coordinate stretches (closed) of the turns an edit changes, sorted. What touches them is
/// put on its new range one by one (snapped, or restored exactly); the rest only shift. The
/// reading pane follows text edits with the same rule.
pub(crate) struct Touched(pub(crate) Vec<(usize, usize)>);

impl Touched {
    /// Does `r` overlap or touch a changed turn?
    #[inline]
    pub(crate) fn hits(&self, r: TextRange) -> bool {
        let k = self.0.partition_point(|&(_, hi)| hi < r.start);
        self.0.get(k).is_some_and(|&(lo, _)| lo <= r.end)
    }
}

/// Everything placed on document `doc` that touches a changed turn, with its range. The
/// codings come from the document's list in text order (only the blocks up to the change are
/// read), not from a pass over the document's codings.
fn placed_on(project: &Project, doc: DocId, touched: &Touched) -> Vec<(Placed, TextRange)> {
    let mut out: Vec<(Placed, TextRange)> = Vec::new();
    // A coding over several changed turns is found once for each.
    let mut seen = rustc_hash::FxHashSet::default();
    for &(lo, hi) in &touched.0 {
        for c in project.codings.touching(doc, lo, hi) {
            if touched.0.len() == 1 || seen.insert(c.id) {
                out.push((Placed::Coding(c.id), c.range));
            }
        }
    }
    out.extend(anchors_on(project, doc).filter(|(_, r)| touched.hits(*r)));
    out
}

/// Comments, memos and memo links placed on passages of `doc`.
fn anchors_on(project: &Project, doc: DocId) -> impl Iterator<Item = (Placed, TextRange)> + '_ {
    let comments = project
        .comments
        .iter()
        .filter_map(move |c| match &c.anchor {
            Anchor::Passage { document, range } if *document == doc => {
                Some((Placed::Comment(c.id), *range))
            }
            _ => None,
        });
    let memos = project.memos.iter().flat_map(move |m| {
        let anchor = match &m.anchor {
            Anchor::Passage { document, range } if *document == doc => {
                Some((Placed::Memo(m.id), *range))
            }
            _ => None,
        };
        let links = m
            .links
            .iter()
            .enumerate()
            .filter(move |(_, l)| l.document == doc)
            .map(move |(i, l)| (Placed::MemoLink(m.id, i), l.range));
        anchor.into_iter().chain(links)
    });
    comments.chain(memos)
}

/// Sets the range of one placed thing (already checked to exist).
fn set_range(project: &mut Project, what: Placed, range: TextRange, keep: bool) {
    match what {
        Placed::Coding(id) => {
            if project.codings.update(&id, |c| c.range = range)
                && keep
                && let Some(c) = project.codings.get(&id)
            {
                project.counted(&c, true);
            }
        }
        Placed::Comment(id) => {
            if let Some(c) = project.comments.iter_mut().find(|c| c.id == id)
                && let Anchor::Passage { range: r, .. } = &mut c.anchor
            {
                *r = range;
            }
        }
        Placed::Memo(id) => {
            if let Some(m) = project.memos.iter_mut().find(|m| m.id == id)
                && let Anchor::Passage { range: r, .. } = &mut m.anchor
            {
                *r = range;
            }
        }
        Placed::MemoLink(id, i) => {
            if let Some(l) = project
                .memos
                .iter_mut()
                .find(|m| m.id == id)
                .and_then(|m| m.links.get_mut(i))
            {
                l.range = range;
            }
        }
    }
}

/// Moves everything on document `index` through `changes` while `mutate` changes its text.
/// Things touching `touched` are counted out and in again, snapped to graphemes and (if listed)
/// put on their `restore` range; the rest shift. Returns what the inverse must restore.
fn remap(
    project: &mut Project,
    index: usize,
    changes: &Changes,
    touched: &Touched,
    restore: &Restore,
    keep: bool,
    mutate: impl FnOnce(&mut Document),
) -> Result<Restore, EditError> {
    let doc = project.documents[index].id;
    let near = placed_on(project, doc, touched);
    // A coding whose whole passage goes would be left empty: the caller removes it first.
    let emptied = near
        .iter()
        .filter(|(w, r)| {
            matches!(w, Placed::Coding(_))
                && changes.map_range(*r).is_empty()
                && !restore.iter().any(|(x, _)| x == w)
        })
        .count();
    if emptied > 0 {
        return invalid(format!(
            "the change removes the whole passage of {emptied} coding{}: remove {} first",
            if emptied == 1 { "" } else { "s" },
            if emptied == 1 { "it" } else { "them" }
        ));
    }
    // The codings near the change are counted out, and taken out of the document's list while
    // the rest shift, and put back after (a deletion can move the rest past where they start).
    // When they are most of the document's codings (a name replaced all through it), the
    // document's list is instead built again once they are placed.
    let near_codings = near
        .iter()
        .filter(|(w, _)| matches!(w, Placed::Coding(_)))
        .count();
    let relist = near_codings >= RELIST_MIN && near_codings * 4 >= project.codings.count_in(doc);
    let mut taken = rustc_hash::FxHashMap::default();
    for (w, _) in &near {
        let Placed::Coding(id) = w else { continue };
        let c = if relist {
            project.codings.get(id)
        } else {
            project.codings.remove(id)
        };
        if let Some(c) = c {
            if keep {
                project.counted(&c, false);
            }
            taken.insert(c.id, c);
        }
    }
    mutate(Arc::make_mut(&mut project.documents[index]));
    // Codings elsewhere in the document only shift, by what changed before them: each
    // replacement moves what starts after it (the last first, so that what is still to move
    // stays where it was). Whole blocks of them move at once.
    if !relist {
        for &(a, b, n) in changes.ops.iter().rev() {
            project.codings.shift(doc, b, n as isize - (b - a) as isize);
        }
    }
    // Anchors elsewhere shift too.
    let shift = |r: &mut TextRange, near: bool| {
        if !near {
            *r = changes.map_range(*r);
        }
    };
    for c in &mut project.comments {
        if let Anchor::Passage { document, range } = &mut c.anchor
            && *document == doc
        {
            let n = touched.hits(*range);
            shift(range, n);
        }
    }
    for m in &mut project.memos {
        if let Anchor::Passage { document, range } = &mut m.anchor
            && *document == doc
        {
            let n = touched.hits(*range);
            shift(range, n);
        }
        for l in m.links.iter_mut().filter(|l| l.document == doc) {
            let n = touched.hits(l.range);
            shift(&mut l.range, n);
        }
    }
    // Things near the change: mapped, snapped, or put back exactly.
    let document = &*project.documents[index];
    let mut placed = Vec::with_capacity(near.len());
    for (w, old) in &near {
        let mapped = changes.map_range(*old);
        let snapped = document
            .snap_range(mapped.start, mapped.end)
            .unwrap_or(mapped);
        let new = match restore.iter().find(|(x, _)| x == w) {
            Some((_, r))
                if document.is_valid_range(*r) || r.is_empty() && r.end <= document.len() =>
            {
                *r
            }
            _ => snapped,
        };
        placed.push((*w, new));
    }
    if relist {
        // The rest lie in turns the change left alone: mapping them only shifts them.
        let new_ranges: rustc_hash::FxHashMap<CodingId, TextRange> = placed
            .iter()
            .filter_map(|(w, r)| match w {
                Placed::Coding(id) => Some((*id, *r)),
                _ => None,
            })
            .collect();
        project.codings.relist(doc, |id, range| {
            new_ranges
                .get(&id)
                .copied()
                .unwrap_or_else(|| changes.map_range(range))
        });
        for (id, mut c) in taken.drain() {
            if keep && let Some(r) = new_ranges.get(&id) {
                c.range = *r;
                project.counted(&c, true);
            }
        }
    }
    // The codings taken out go back on their new ranges.
    for (w, new) in placed {
        match w {
            Placed::Coding(id) => {
                let Some(mut c) = taken.remove(&id) else {
                    continue;
                };
                c.range = new;
                project.codings.insert(c.id, c);
                if keep {
                    project.counted(&c, true);
                }
            }
            _ => set_range(project, w, new, keep),
        }
    }
    // (Every coding taken out was placed above; none is ever lost.)
    for (_, c) in taken {
        project.codings.insert(c.id, c);
        if keep {
            project.counted(&c, true);
        }
    }
    Ok(near)
}

fn doc_index(project: &Project, doc: DocId) -> Result<usize, EditError> {
    project
        .document_index(doc)
        .ok_or(EditError::Missing("the document"))
}

/// [`super::Edit::ChangeText`]: returns the inverse's changes and restore list.
pub(super) fn change_text(
    project: &mut Project,
    doc: DocId,
    changes: Vec<TextChange>,
    restore: &Restore,
    keep: bool,
) -> Result<(Vec<TextChange>, Restore), EditError> {
    let index = doc_index(project, doc)?;
    let document = &*project.documents[index];
    // Check every change and find its turn.
    let mut located = Vec::with_capacity(changes.len());
    let mut last_end: Option<usize> = None;
    for c in &changes {
        if last_end.is_some_and(|e| c.range.start <= e) {
            return invalid("the changes overlap or are out of order");
        }
        last_end = Some(c.range.end);
        if c.text.contains('\n') {
            return invalid(
                "a change inside a paragraph cannot hold a line break: split the paragraph instead",
            );
        }
        let Some((turn, local)) = document.locate(c.range.start) else {
            return invalid("the change lies outside the document");
        };
        let Some((ts, te)) = document.turn_range(turn) else {
            return invalid("the change lies outside the document");
        };
        if c.range.end > te {
            return invalid("a change cannot cross a paragraph break");
        }
        let text = &document.turns()[turn].text;
        let local_end = c.range.end - ts;
        if !text.is_char_boundary(local) || !text.is_char_boundary(local_end) {
            return invalid("the change splits a character");
        }
        located.push((turn, local..local_end, (ts, te)));
    }
    if changes.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let old_texts: Vec<String> = located
        .iter()
        .map(|(turn, local, _)| document.turns()[*turn].text[local.clone()].to_owned())
        .collect();
    let ops = Changes::new(
        changes
            .iter()
            .map(|c| (c.range.start, c.range.end, c.text.len()))
            .collect(),
    );
    let mut spans: Vec<(usize, usize)> = located.iter().map(|(_, _, s)| *s).collect();
    spans.dedup();
    let touched = Touched(spans);
    let near = remap(project, index, &ops, &touched, restore, keep, |d| {
        for ((turn, local, _), c) in located.iter().zip(&changes).rev() {
            d.replace_in_turn(*turn, local.clone(), &c.text);
        }
    })?;
    let inverse = changes
        .iter()
        .zip(old_texts)
        .map(|(c, old)| {
            let start = ops.map(c.range.start, true);
            TextChange {
                range: TextRange {
                    start,
                    end: start + c.text.len(),
                },
                text: old,
            }
        })
        .collect();
    Ok((inverse, near))
}

/// [`super::Edit::SplitTurn`]: splits the turn holding `at` there; the new turn after it gets
/// `speaker` and `time`. Returns the index of the first of the two turns and what to restore.
pub(super) fn split_turn(
    project: &mut Project,
    doc: DocId,
    at: usize,
    speaker: Option<String>,
    time: Option<String>,
    restore: &Restore,
    keep: bool,
) -> Result<(usize, Restore), EditError> {
    let index = doc_index(project, doc)?;
    let document = &*project.documents[index];
    let Some((turn, local)) = document.locate(at) else {
        return invalid("the place to split lies outside the document");
    };
    let Some(span) = document.turn_range(turn) else {
        return invalid("the place to split lies outside the document");
    };
    if !document.turns()[turn].text.is_char_boundary(local) {
        return invalid("the place to split is inside a character");
    }
    let ops = Changes::new(vec![(at, at, 1)]);
    let near = remap(
        project,
        index,
        &ops,
        &Touched(vec![span]),
        restore,
        keep,
        |d| {
            d.split_turn(turn, local, speaker, time);
        },
    )?;
    Ok((turn, near))
}

/// [`super::Edit::JoinTurns`]: joins turn `turn + 1` onto `turn`. Returns the offset of the
/// former break, the second turn's speaker and time, and what to restore.
#[allow(clippy::type_complexity)]
pub(super) fn join_turns(
    project: &mut Project,
    doc: DocId,
    turn: usize,
    restore: &Restore,
    keep: bool,
) -> Result<(usize, Option<String>, Option<String>, Restore), EditError> {
    let index = doc_index(project, doc)?;
    let document = &*project.documents[index];
    let (Some((lo, sep)), Some((_, hi))) =
        (document.turn_range(turn), document.turn_range(turn + 1))
    else {
        return invalid("there is no paragraph after this one to join");
    };
    let speaker = document.turns()[turn + 1]
        .speaker
        .as_deref()
        .map(str::to_owned);
    let time = document.turns()[turn + 1]
        .time
        .as_deref()
        .map(str::to_owned);
    let ops = Changes::new(vec![(sep, sep + 1, 0)]);
    let near = remap(
        project,
        index,
        &ops,
        &Touched(vec![(lo, hi)]),
        restore,
        keep,
        |d| {
            d.join_turns(turn);
        },
    )?;
    Ok((sep, speaker, time, near))
}

/// Codings of `doc` that overlap or touch turn `turn` (whose speakers a change of the turn's
/// speaker changes).
fn codings_near_turn(project: &Project, doc: &Document, turn: usize) -> Vec<CodingId> {
    let Some((lo, hi)) = doc.turn_range(turn) else {
        return Vec::new();
    };
    project
        .codings
        .touching(doc.id, lo, hi + 1)
        .map(|c| c.id)
        .collect()
}

/// [`super::Edit::SetTurnSpeaker`] and [`super::Edit::SetTurnTime`]: sets a turn's speaker
/// (`speaker: true`) or time; returns the old value.
pub(super) fn set_turn_field(
    project: &mut Project,
    doc: DocId,
    turn: usize,
    value: Option<String>,
    speaker: bool,
    keep: bool,
) -> Result<Option<String>, EditError> {
    let index = doc_index(project, doc)?;
    if turn >= project.documents[index].turns().len() {
        return Err(EditError::Missing("the paragraph"));
    }
    if value.as_deref().is_some_and(|v| v.contains('\n')) {
        return invalid("a speaker or time cannot hold a line break");
    }
    if !speaker {
        let d = Arc::make_mut(&mut project.documents[index]);
        return d
            .set_turn_time(turn, value)
            .ok_or(EditError::Missing("the paragraph"));
    }
    let ids = if keep {
        codings_near_turn(project, &project.documents[index], turn)
    } else {
        Vec::new()
    };
    let recount = |project: &mut Project, add: bool| {
        for id in &ids {
            if let Some(c) = project.codings.get(id) {
                project.counted(&c, add);
            }
        }
    };
    recount(project, false);
    let d = Arc::make_mut(&mut project.documents[index]);
    let old = d.set_turn_speaker(turn, value);
    recount(project, true);
    old.ok_or(EditError::Missing("the paragraph"))
}

/// [`super::Edit::ReplaceTurns`]: gives document `doc` new turns and puts the listed things on
/// their new ranges (the rest keep theirs, which must still fit). Returns the old turns and the
/// old ranges of everything on the document.
pub(super) fn replace_turns(
    project: &mut Project,
    doc: DocId,
    turns: Vec<Turn>,
    restore: &Restore,
    keep: bool,
) -> Result<(Vec<Turn>, Restore), EditError> {
    let index = doc_index(project, doc)?;
    if turns.iter().any(|t| t.text.contains('\n')) {
        return invalid("a paragraph cannot hold a line break");
    }
    let mut new_doc = (*project.documents[index]).clone();
    new_doc.set_turns(turns);
    let all = Touched(vec![(0, usize::MAX)]);
    let on = placed_on(project, doc, &all);
    let wanted: rustc_hash::FxHashMap<Placed, TextRange> = restore.iter().copied().collect();
    let mut placed = Vec::with_capacity(on.len());
    for (w, old) in &on {
        let new = wanted.get(w).copied().unwrap_or(*old);
        let fits = match w {
            Placed::Coding(_) => new_doc.is_valid_range(new),
            _ => new.end <= new_doc.len(),
        };
        if !fits {
            return invalid(
                "a coding or note would lie outside the new text: place or remove it first",
            );
        }
        placed.push((*w, new));
    }
    if keep {
        for (w, _) in &on {
            if let Placed::Coding(id) = w
                && let Some(c) = project.codings.get(id)
            {
                project.counted(&c, false);
            }
        }
    }
    let old_doc = std::mem::replace(Arc::make_mut(&mut project.documents[index]), new_doc);
    for (w, new) in placed {
        set_range(project, w, new, keep);
    }
    Ok((old_doc.into_turns(), on))
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
