//! Undo/redo history in the manner of helix: each revision keeps the edit that was applied, its
//! inverse, a label, who made it and when. The project is "modified" when the current revision is
//! not the saved one, so undoing back to the saved state clears the mark.

use super::{Edit, EditError, apply, trail};
use crate::model::{EntryId, Project, Timestamp};

/// Edits with the same coalescing key within this window merge into one undo step (typing in a
/// description field, for example).
const COALESCE_MS: i64 = 2_000;

#[derive(Clone, Debug)]
pub struct Revision {
    pub label: String,
    pub author: String,
    pub time: Timestamp,
    forward: Edit,
    inverse: Edit,
    coalesce: Option<String>,
    /// The audit trail entry recorded for the step.
    entry: EntryId,
}

impl Revision {
    pub fn forward(&self) -> &Edit {
        &self.forward
    }

    /// The edit that undoes this step.
    pub fn inverse(&self) -> &Edit {
        &self.inverse
    }
}

#[derive(Clone, Debug, Default)]
pub struct History {
    revisions: Vec<Revision>,
    /// How many revisions are applied; `revisions[current..]` can be redone.
    current: usize,
    /// The revision count at the last save, if that state can still be reached.
    saved: Option<usize>,
    /// Bumped on every change of the project, so views can cache derived data.
    generation: u64,
}

impl History {
    /// A history whose starting state counts as saved.
    pub fn new_saved() -> Self {
        Self {
            saved: Some(0),
            ..Self::default()
        }
    }

    /// A history whose starting state was never saved (the bundled sample, a recovered file).
    pub fn new_unsaved() -> Self {
        Self::default()
    }

    /// Applies `edit` and records it as one undoable step.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
        author: &str,
    ) -> Result<(), EditError> {
        self.apply_coalescing(project, edit, label, author, None)
    }

    /// Like [`Self::apply`], but merges into the previous step when it has the same `key` and was
    /// made moments ago.
    pub fn apply_coalescing(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
        author: &str,
        key: Option<String>,
    ) -> Result<(), EditError> {
        let inverse = apply(project, edit.clone())?;
        self.generation += 1;
        let now = Timestamp::now();
        self.revisions.truncate(self.current);
        if self.saved.is_some_and(|s| s > self.current) {
            self.saved = None; // the saved state was on the branch just discarded
        }
        let can_merge = key.is_some() && self.saved != Some(self.current);
        if let Some(last) = self.revisions.last_mut()
            && can_merge
            && last.coalesce == key
            && last.author == author
            && now.0 - last.time.0 <= COALESCE_MS
        {
            // One flat batch however long the typing: nesting a batch per keystroke made the
            // step as deep as the keystrokes were many, and every walk over it (applying, the
            // trail's size guess and text) recursed that deep.
            last.forward = match std::mem::replace(&mut last.forward, Edit::Batch(vec![])) {
                Edit::Batch(mut steps) => {
                    steps.push(edit);
                    Edit::Batch(steps)
                }
                one => Edit::Batch(vec![one, edit]),
            };
            last.inverse = match std::mem::replace(&mut last.inverse, Edit::Batch(vec![])) {
                Edit::Batch(mut steps) => {
                    steps.insert(0, inverse);
                    Edit::Batch(steps)
                }
                one => Edit::Batch(vec![inverse, one]),
            };
            last.time = now;
            // The step's trail entry is replaced by one for the merged step, under the same id
            // (entries never change once recorded): a trail file that saved the shorter step
            // gets the longer one as a later line, which readers take instead.
            if project.trail.last().is_some_and(|e| e.id == last.entry) {
                project.trail.pop();
                trail::record(
                    project,
                    &last.forward,
                    &last.inverse,
                    &last.label,
                    author,
                    now,
                );
                if let Some(e) = project.trail.last_mut() {
                    e.id = last.entry;
                }
            }
            return Ok(());
        }
        let label = label.into();
        let entry = trail::record(project, &edit, &inverse, &label, author, now);
        self.revisions.push(Revision {
            label,
            author: author.to_owned(),
            time: now,
            forward: edit,
            inverse,
            coalesce: key,
            entry,
        });
        self.current += 1;
        Ok(())
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(rev) = self
            .current
            .checked_sub(1)
            .and_then(|i| self.revisions.get(i))
        else {
            return Ok(None);
        };
        let label = rev.label.clone();
        apply(project, rev.inverse.clone())?;
        let (undo, redo) = (format!("Undo: {label}"), rev.forward.clone());
        trail::record(
            project,
            &rev.inverse.clone(),
            &redo,
            &undo,
            &rev.author.clone(),
            Timestamp::now(),
        );
        self.current -= 1;
        self.generation += 1;
        Ok(Some(label))
    }

    /// Redoes the next step; returns its label.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(rev) = self.revisions.get(self.current) else {
            return Ok(None);
        };
        let label = rev.label.clone();
        apply(project, rev.forward.clone())?;
        let redo = format!("Redo: {label}");
        trail::record(
            project,
            &rev.forward.clone(),
            &rev.inverse.clone(),
            &redo,
            &rev.author.clone(),
            Timestamp::now(),
        );
        self.current += 1;
        self.generation += 1;
        Ok(Some(label))
    }

    pub fn can_undo(&self) -> bool {
        self.current > 0
    }

    pub fn can_redo(&self) -> bool {
        self.current < self.revisions.len()
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.current
            .checked_sub(1)
            .and_then(|i| self.revisions.get(i))
            .map(|r| r.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.revisions.get(self.current).map(|r| r.label.as_str())
    }

    /// Marks the current state as the one on disk.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.current);
    }

    pub fn is_modified(&self) -> bool {
        self.saved != Some(self.current)
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// All revisions, oldest first, with whether each is currently applied: the audit trail.
    pub fn revisions(&self) -> impl Iterator<Item = (&Revision, bool)> {
        self.revisions
            .iter()
            .enumerate()
            .map(|(i, r)| (r, i < self.current))
    }

    /// Revision `i` (0 is the oldest).
    pub fn revision(&self, i: usize) -> Option<&Revision> {
        self.revisions.get(i)
    }

    /// Number of applied steps since the start of the session.
    pub fn applied(&self) -> usize {
        self.current
    }
}
