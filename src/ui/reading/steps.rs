//! What the history's last step changed, as the reading pane's data needs it: the codings an edit
//! touched, the documents they are in, and a document's codings in the order marks are built in.

use crate::edit::{Edit, History};
use crate::model::{Coding, CodingId, DocId, Project};

/// At most this many changed codings are applied in place; more rebuild the index.
pub(super) const INCREMENTAL_MAX: usize = 64;

/// A document's codings in id order (the order marks are built in), from the project's index.
pub(super) fn codings_by_id(project: &Project, doc: DocId) -> Vec<&Coding> {
    match project.tally() {
        // A document holding a good share of the project's codings: one pass over the map,
        // which is in id order already.
        Some(t) if t.codings_in_document(doc) * 8 < project.codings.len() => {
            let mut ids: Vec<CodingId> = t.codings_of_document(doc).collect();
            ids.sort_unstable();
            ids.iter()
                .filter_map(|id| project.codings.get(id))
                .collect()
        }
        _ => project
            .codings
            .values()
            .filter(|c| c.document == doc)
            .collect(),
    }
}

/// The documents whose codings the history's last step changed, if the history is one step past
/// `at` (generation, applied steps) and that step changed only a few codings.
pub fn step_documents(
    project: &Project,
    history: &History,
    at: (u64, usize),
) -> Option<Vec<DocId>> {
    let (g, a) = at;
    if g + 1 != history.generation() {
        return None;
    }
    let applied = history.applied();
    let step = if applied == a + 1 {
        a
    } else if applied + 1 == a {
        applied
    } else {
        return None;
    };
    let rev = history.revision(step)?;
    let ids = touched_codings(rev.forward())?;
    fn added(edit: &Edit, out: &mut Vec<DocId>) {
        match edit {
            Edit::AddCoding(c) => out.push(c.document),
            Edit::Batch(edits) => edits.iter().for_each(|e| added(e, out)),
            _ => {}
        }
    }
    let mut docs = Vec::new();
    added(rev.forward(), &mut docs);
    added(rev.inverse(), &mut docs);
    docs.extend(
        ids.iter()
            .filter_map(|id| Some(project.codings.get(id)?.document)),
    );
    docs.sort_unstable();
    docs.dedup();
    Some(docs)
}

/// The codings an edit adds, removes or changes, or `None` if it touches more than a few or
/// could change them in ways not listed here.
pub(super) fn touched_codings(edit: &Edit) -> Option<Vec<CodingId>> {
    fn walk(edit: &Edit, out: &mut Vec<CodingId>) -> bool {
        match edit {
            Edit::AddCoding(c) => out.push(c.id),
            Edit::RemoveCoding(id)
            | Edit::SetCodingCode { id, .. }
            | Edit::SetCodingRange { id, .. } => out.push(*id),
            Edit::Batch(edits) => return edits.iter().all(|e| walk(e, out)),
            // Text edits move codings without naming them.
            Edit::ChangeText { .. }
            | Edit::SplitTurn { .. }
            | Edit::JoinTurns { .. }
            | Edit::ReplaceTurns { .. } => return false,
            // Nothing else changes a coding (codes are compared on every refresh, and the text
            // has its own key).
            _ => {}
        }
        out.len() <= INCREMENTAL_MAX
    }
    let mut out = Vec::new();
    if !walk(edit, &mut out) {
        return None;
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}
