//! What the history's last step changed, as the reading pane's data needs it: the edit it
//! applied, the texts and codings that edit touched, the documents they are in, and a document's
//! codings in the order marks are built in.

use crate::edit::{Edit, History};
use crate::model::{CodingId, DocCoding, DocId, Project};

/// At most this many changed codings are applied in place; more rebuild the index.
pub(super) const INCREMENTAL_MAX: usize = 64;

/// A document's codings in id order (the order marks are built in), from the document's list.
/// Sorted as they come from the list, not looked up one by one in the map by id: at 20,000
/// codings in one document that took three times as long.
pub(super) fn codings_by_id(project: &Project, doc: DocId) -> Vec<DocCoding> {
    let mut all: Vec<DocCoding> = project.codings.in_document(doc).collect();
    all.sort_unstable_by_key(|c| c.id);
    all
}

/// The edit the history's one step since `at` (generation, applied steps) applied: the forward
/// edit of a step made or redone, the inverse of a step undone, or the edit just merged into the
/// last step (typing coalesces: the merged step's forward edit ends with it). `None` if the
/// history moved more than one step.
pub(super) fn step_edit(history: &History, at: (u64, usize)) -> Option<&Edit> {
    let (g, a) = at;
    if g + 1 != history.generation() {
        return None;
    }
    let applied = history.applied();
    if applied == a + 1 {
        history.revision(a).map(|r| r.forward())
    } else if applied + 1 == a {
        history.revision(applied).map(|r| r.inverse())
    } else if applied == a {
        match history.revision(a.checked_sub(1)?)?.forward() {
            Edit::Batch(edits) => edits.last(),
            _ => None,
        }
    } else {
        None
    }
}

/// At most this many text edits in one step are followed in place; more rebuild the index.
const TEXT_STEPS_MAX: usize = 16;

/// One edit of a document's text, in the coordinates of the text before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum TextStep {
    /// Replacements `a..b -> n bytes`, sorted, each inside one turn.
    Change(Vec<(usize, usize, usize)>),
    /// The turn holding `at` split there.
    Split { at: usize },
    /// Turn `turn + 1` joined onto turn `turn`.
    Join { turn: usize },
}

/// What a step did that the reading pane's data follows: the text edits, in the order applied,
/// and the codings added, removed or changed.
#[derive(Clone, Debug, Default)]
pub(super) struct Effect {
    pub texts: Vec<(DocId, TextStep)>,
    pub codings: Vec<CodingId>,
}

impl Effect {
    /// Does the step change document `doc`'s text?
    pub fn changes_text_of(&self, doc: DocId) -> bool {
        self.texts.iter().any(|(d, _)| *d == doc)
    }
}

/// What `edit` does to texts and codings, or `None` if it changes more than a few codings or
/// text edits, or changes them in ways not listed here (a transcript's turns replaced).
pub(super) fn effect(edit: &Edit) -> Option<Effect> {
    fn walk(edit: &Edit, out: &mut Effect) -> bool {
        match edit {
            Edit::AddCoding(c) => out.codings.push(c.id),
            Edit::RemoveCoding(id)
            | Edit::SetCodingCode { id, .. }
            | Edit::SetCodingRange { id, .. } => out.codings.push(*id),
            Edit::Batch(edits) => return edits.iter().all(|e| walk(e, out)),
            Edit::ChangeText { doc, changes, .. } => {
                let ops = changes
                    .iter()
                    .map(|c| (c.range.start, c.range.end, c.text.len()))
                    .collect();
                out.texts.push((*doc, TextStep::Change(ops)));
            }
            Edit::SplitTurn { doc, at, .. } => out.texts.push((*doc, TextStep::Split { at: *at })),
            Edit::JoinTurns { doc, turn, .. } => {
                out.texts.push((*doc, TextStep::Join { turn: *turn }));
            }
            // New turns altogether: the document's data is built again.
            Edit::ReplaceTurns { .. } => return false,
            // Nothing else changes a coding or a text (codes are compared on every refresh).
            _ => {}
        }
        out.codings.len() <= INCREMENTAL_MAX && out.texts.len() <= TEXT_STEPS_MAX
    }
    let mut out = Effect::default();
    if !walk(edit, &mut out) {
        return None;
    }
    out.codings.sort_unstable();
    out.codings.dedup();
    Some(out)
}

/// The documents whose codings or text the history's last step changed, if the history is one
/// step past `at` (generation, applied steps) and that step changed only a few of them.
pub fn step_documents(
    project: &Project,
    history: &History,
    at: (u64, usize),
) -> Option<Vec<DocId>> {
    let edit = step_edit(history, at)?;
    let e = effect(edit)?;
    // Codings added or removed are found in the edit (a removed one is gone from the project).
    fn added(edit: &Edit, out: &mut Vec<DocId>) {
        match edit {
            Edit::AddCoding(c) => out.push(c.document),
            Edit::Batch(edits) => edits.iter().for_each(|e| added(e, out)),
            _ => {}
        }
    }
    let mut docs: Vec<DocId> = e.texts.iter().map(|(d, _)| *d).collect();
    added(edit, &mut docs);
    // The step's other side names the codings it removed (undoing an addition removes it).
    let a = at.1;
    let applied = history.applied();
    let other = if applied == a + 1 {
        history.revision(a).map(|r| r.inverse())
    } else if applied + 1 == a {
        history.revision(applied).map(|r| r.forward())
    } else {
        // Merged into the last step: its inverse starts with the inverse of the edit merged.
        match history.revision(a.checked_sub(1)?).map(|r| r.inverse()) {
            Some(Edit::Batch(edits)) => edits.first(),
            _ => None,
        }
    };
    if let Some(other) = other {
        added(other, &mut docs);
    }
    docs.extend(
        e.codings
            .iter()
            .filter_map(|id| Some(project.codings.get(id)?.document)),
    );
    docs.sort_unstable();
    docs.dedup();
    Some(docs)
}
