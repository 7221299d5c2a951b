//! Finding the common base of two copies without git, from the audit trail they share.
//!
//! Every step applied to a project leaves a trail entry with the edit and the edit that undoes
//! it. Two copies of one project share the entries made before they parted; each then adds its
//! own. Undoing one copy's own entries, newest first, gives back the state the copies last
//! shared: the base of a three-way merge. When the copies share no entry, or an entry that must
//! be undone kept no undo (a huge import) or no longer applies, there is no base and the caller
//! merges two-way.

use crate::edit::{apply, trail};
use crate::model::{EntryId, Project, TrailEntry};
use std::collections::HashSet;

/// How a base was found, for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// Rebuilt by undoing the given number of steps of one copy.
    Rebuilt { undone: usize, shared: usize },
    /// The copies share no history.
    NoSharedHistory,
    /// They share history, but a later step could not be undone (why).
    CannotUndo(String),
}

/// The state `ours` and `theirs` last shared, rebuilt from their trails.
pub fn find_base(ours: &Project, theirs: &Project) -> (Option<Project>, Found) {
    let theirs_ids: HashSet<EntryId> = theirs.trail.iter().map(|e| e.id).collect();
    let shared = ours
        .trail
        .iter()
        .filter(|e| theirs_ids.contains(&e.id))
        .count();
    if shared == 0 {
        return (None, Found::NoSharedHistory);
    }
    let ours_ids: HashSet<EntryId> = ours.trail.iter().map(|e| e.id).collect();
    // Undo the copy with fewer steps of its own; the other if that fails.
    let mut tries = [(ours, &theirs_ids), (theirs, &ours_ids)];
    let own = |p: &Project, other: &HashSet<EntryId>| own_steps(p, other).count();
    if own(theirs, &ours_ids) < own(ours, &theirs_ids) {
        tries.swap(0, 1);
    }
    let mut why = String::new();
    for (p, other) in tries {
        match undo_own(p, other) {
            Ok((base, undone)) => return (Some(base), Found::Rebuilt { undone, shared }),
            Err(e) => {
                if why.is_empty() {
                    why = e;
                }
            }
        }
    }
    (None, Found::CannotUndo(why))
}

/// The steps of `p` the other copy lacks, oldest first. Steps older than the first one the
/// other copy holds are left out: a copy whose project file travelled without its trail file
/// keeps only its newest steps, and what came before them both copies share.
fn own_steps<'a>(
    p: &'a Project,
    other: &'a HashSet<EntryId>,
) -> impl Iterator<Item = &'a TrailEntry> + 'a {
    let first_shared = p
        .trail
        .iter()
        .position(|e| other.contains(&e.id))
        .unwrap_or(0);
    p.trail[first_shared..]
        .iter()
        .filter(|e| !other.contains(&e.id))
}

fn undo_own(p: &Project, other: &HashSet<EntryId>) -> Result<(Project, usize), String> {
    let mut base = p.clone();
    base.reindex();
    let mut undone = 0;
    let own: Vec<_> = own_steps(p, other).collect();
    for e in own.into_iter().rev() {
        let Some(undo) = trail::edit_of(&e.undo) else {
            return Err(format!(
                "“{}” ({}) kept no record of how to undo it",
                e.label,
                e.time.to_iso8601()
            ));
        };
        apply(&mut base, undo)
            .map_err(|err| format!("“{}” could not be undone: {err}", e.label))?;
        undone += 1;
    }
    base.trail.retain(|e| other.contains(&e.id));
    Ok((base, undone))
}
