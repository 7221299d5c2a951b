//! Stable identifiers. Each is a UUID so that it can later be exported as a REFI-QDA GUID, and each
//! kind of thing has its own type so that a code id can never be passed where a theme id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random id.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
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
