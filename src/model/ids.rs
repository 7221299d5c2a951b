//! Stable identifiers. Each is a UUID so that it can later be exported as a REFI-QDA GUID, and each
//! kind of thing has its own type so that a code id can never be passed where a theme id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

thread_local! {
    static SEQUENCE: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// Makes the ids created on this thread come from a sequence seeded with `seed` (`None`: at
/// random again, as always in the app). For property tests whose inputs must give the same
/// projects every run, so that a failure reproduces and shrinks.
#[doc(hidden)]
pub fn seed_ids(seed: Option<u64>) {
    SEQUENCE.with(|s| s.set(seed));
}

/// A random UUID, or the next of this thread's seeded sequence (splitmix64).
fn fresh() -> Uuid {
    SEQUENCE.with(|s| match s.get() {
        None => Uuid::new_v4(),
        Some(mut state) => {
            let mut next = || {
                state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                z ^ (z >> 31)
            };
            let v = (u128::from(next()) << 64) | u128::from(next());
            s.set(Some(state));
            uuid::Builder::from_random_bytes(v.to_be_bytes()).into_uuid()
        }
    })
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random id (from this thread's seeded sequence while one is set: see
            /// [`seed_ids`]).
            pub fn new() -> Self {
                Self(fresh())
            }

            /// A fixed id, for fixtures and generated sample data.
            pub const fn from_u128(v: u128) -> Self {
                Self(Uuid::from_u128(v))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Short form keeps test failures and logs readable.
                let s = self.0.simple().to_string();
                write!(f, "{}({})", stringify!($name), &s[..8])
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Identifies a [`super::Document`].
    DocId
);
id_type!(
    /// Identifies a [`super::Code`].
    CodeId
);
id_type!(
    /// Identifies a [`super::Theme`].
    ThemeId
);
id_type!(
    /// Identifies a [`super::Coding`].
    CodingId
);
id_type!(
    /// Identifies a [`super::Coder`] (a person who codes).
    CoderId
);
id_type!(
    /// Identifies a [`super::Comment`] (a reviewer's remark or a reply).
    CommentId
);
id_type!(
    /// Identifies a [`super::Memo`] (a journal entry or a note on a document, participant or passage).
    MemoId
);
id_type!(
    /// Identifies a [`super::Snapshot`] of the codebook and theme tree.
    SnapshotId
);
id_type!(
    /// Identifies a [`super::SignOff`] of a theme.
    SignOffId
);
id_type!(
    /// Identifies a [`super::Conflict`] left by a merge.
    ConflictId
);
id_type!(
    /// Identifies a [`super::SavedQuery`].
    QueryId
);
id_type!(
    /// Identifies a [`super::TrailEntry`] of the audit trail.
    EntryId
);
