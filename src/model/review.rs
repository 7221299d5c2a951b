//! What supervisors add to a project: comments anchored to what they discuss, sign-offs of themes
//! and labelled snapshots of the codebook and theme tree (format 3).

use super::ids::{CodeId, CoderId, CodingId, CommentId, DocId, SignOffId, SnapshotId, ThemeId};
use super::text::TextRange;
use super::time::Timestamp;
use super::{Code, Theme};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a comment or memo is about. An anchor whose target is gone (a coding removed) is kept:
/// the comment shows as orphaned, never silently dropped.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Anchor {
    /// The project as a whole (a journal entry, a general remark).
    Project,
    Document(DocId),
    /// A participant, by name.
    Participant(String),
    Code(CodeId),
    Theme(ThemeId),
    Coding(CodingId),
    /// A passage of a document, addressed like a coding (half-open byte range on grapheme
    /// boundaries).
    Passage {
        document: DocId,
        range: TextRange,
    },
}

/// A remark in a review thread. A reply names the comment it answers and carries the same anchor
/// as the thread's first comment.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Comment {
    pub id: CommentId,
    pub anchor: Anchor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<CommentId>,
    pub author: CoderId,
    pub created: Timestamp,
    /// When the text was last changed, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<Timestamp>,
    pub text: String,
    /// Who resolved the thread and when; `None` while it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Resolved>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Resolved {
    pub by: CoderId,
    pub at: Timestamp,
}

/// A reviewer's verdict on a theme.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Verdict {
    Approved,
    ChangesRequested,
}

/// A reviewer's verdict on a theme, with the theme as it stood, so a later change to it can be
/// shown ("changed since approved by X on DATE").
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SignOff {
    pub id: SignOffId,
    pub theme: ThemeId,
    pub reviewer: CoderId,
    pub time: Timestamp,
    pub verdict: Verdict,
    #[serde(default)]
    pub note: String,
    /// The theme when it was signed off.
    pub state: Theme,
}

/// The counts of a code or theme when a snapshot was taken.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct Count {
    pub codings: usize,
    pub documents: usize,
    pub participants: usize,
}

/// The codebook and theme tree under a label ("Conference abstract", "Round 1 review"), with
/// their counts at the time, for comparing review rounds.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: SnapshotId,
    pub label: String,
    pub taken: Timestamp,
    pub author: CoderId,
    pub codes: Vec<Code>,
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub code_counts: BTreeMap<CodeId, Count>,
    #[serde(default)]
    pub theme_counts: BTreeMap<ThemeId, Count>,
}
