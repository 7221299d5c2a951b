//! The one rule behind the `Put*` edits: set the item with an id to a value, or remove it, and
//! give back what undoes that exactly (the old value at its old position).

use super::{EditError, invalid};
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
