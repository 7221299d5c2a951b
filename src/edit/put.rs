//! The one rule behind the `Put*` edits: set the item with an id to a value, or remove it, and
//! give back what undoes that exactly (the old value at its old position).

use super::{Edit, EditError, invalid, missing};
use crate::model::Project;
use crate::model::{
    AttributeDef, AttributeOf, Comment, CommentId, Conflict, ConflictId, Memo, MemoId, QueryId,
    SavedQuery, SignOff, SignOffId, Snapshot, SnapshotId,
};

/// An item of a list with a key that identifies it.
pub(super) trait Keyed {
    type Key: PartialEq;
    fn key(&self) -> Self::Key;
}

macro_rules! keyed_by_id {
    ($($t:ty => $k:ty),* $(,)?) => {$(
        impl Keyed for $t {
            type Key = $k;
            fn key(&self) -> $k {
                self.id
            }
        }
    )*};
}

keyed_by_id!(
    Comment => CommentId,
    Memo => MemoId,
    SignOff => SignOffId,
    Snapshot => SnapshotId,
    SavedQuery => QueryId,
    Conflict => ConflictId,
);

impl Keyed for AttributeDef {
    type Key = (AttributeOf, String);
    fn key(&self) -> Self::Key {
        (self.of, self.name.clone())
    }
}

/// Sets the item keyed `key` in `list` to `value` (adding it at `at`, or the end, when absent)
/// or removes it (`None`). Returns the old value and its position: the arguments of the inverse.
#[allow(clippy::type_complexity)]
pub(super) fn put<T: Keyed>(
    list: &mut Vec<T>,
    key: &T::Key,
    value: Option<Box<T>>,
    at: Option<usize>,
    what: &'static str,
) -> Result<(Option<Box<T>>, Option<usize>), EditError> {
    if let Some(v) = &value
        && v.key() != *key
    {
        return invalid(format!("{what} does not carry the id it is stored under"));
    }
    let found = list.iter().position(|x| x.key() == *key);
    match (found, value) {
        (Some(i), Some(v)) => {
            let old = std::mem::replace(&mut list[i], *v);
            Ok((Some(Box::new(old)), Some(i)))
        }
        (Some(i), None) => Ok((Some(Box::new(list.remove(i))), Some(i))),
        (None, Some(v)) => {
            let i = at.unwrap_or(list.len());
            super::check_index(i, list.len())?;
            list.insert(i, *v);
            Ok((None, None))
        }
        (None, None) => Err(EditError::Missing(what)),
    }
}

/// Applies one of format 3's edits (the `Put*` edits, participant attributes, settings) and
/// returns its inverse.
pub(super) fn apply(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    use Edit::*;
    Ok(match edit {
        SetParticipantAttribute { name, key, value } => {
            let index = missing(project.participant_index(&name), "the participant")?;
            let attrs = &mut project.participants[index].attributes;
            let old = match value {
                Some(v) => attrs.insert(key.clone(), v),
                None => attrs.remove(&key),
            };
            SetParticipantAttribute {
                name,
                key,
                value: old,
            }
        }
        PutComment { id, value, at } => {
            if value.is_none() && project.comments.iter().any(|c| c.reply_to == Some(id)) {
                return invalid("the comment has replies: remove them first");
            }
            if let Some(parent) = value.as_ref().and_then(|c| c.reply_to)
                && !project.comments.iter().any(|c| c.id == parent)
            {
                return Err(EditError::Missing("the comment replied to"));
            }
            let (value, at) = put(&mut project.comments, &id, value, at, "the comment")?;
            PutComment { id, value, at }
        }
        PutMemo { id, value, at } => {
            let (value, at) = put(&mut project.memos, &id, value, at, "the memo")?;
            PutMemo { id, value, at }
        }
        PutSignOff { id, value, at } => {
            let (value, at) = put(&mut project.signoffs, &id, value, at, "the sign-off")?;
            PutSignOff { id, value, at }
        }
        PutSnapshot { id, value, at } => {
            if let Some(v) = &value
                && project
                    .snapshots
                    .iter()
                    .any(|s| s.id != id && s.label.trim() == v.label.trim())
            {
                return invalid(format!(
                    "a snapshot called \"{}\" already exists: choose another label",
                    v.label.trim()
                ));
            }
            let (value, at) = put(&mut project.snapshots, &id, value, at, "the snapshot")?;
            PutSnapshot { id, value, at }
        }
        PutQuery { id, value, at } => {
            let (value, at) = put(&mut project.queries, &id, value, at, "the saved query")?;
            PutQuery { id, value, at }
        }
        PutConflict { id, value, at } => {
            let (value, at) = put(&mut project.conflicts, &id, value, at, "the conflict")?;
            PutConflict { id, value, at }
        }
        PutAttribute {
            of,
            name,
            value,
            at,
        } => {
            let key = (of, name);
            let (value, at) = put(&mut project.attributes, &key, value, at, "the attribute")?;
            let (of, name) = key;
            PutAttribute {
                of,
                name,
                value,
                at,
            }
        }
        SetSettings(settings) => SetSettings(Box::new(std::mem::replace(
            &mut project.settings,
            *settings,
        ))),
        other => return invalid(format!("{other:?} is not a list edit")),
    })
}
