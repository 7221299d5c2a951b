//! What teams add to a project: conflicts a merge could not decide, kept as data, and the audit
//! trail of every change (format 3).

use super::ids::{
    CodeId, CoderId, CodingId, CommentId, ConflictId, DocId, EntryId, MemoId, ThemeId,
};
use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The thing a conflict is about.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Subject {
    Project,
    Document(DocId),
    /// A participant, by name.
    Participant(String),
    Coder(CoderId),
    Code(CodeId),
    Theme(ThemeId),
    Coding(CodingId),
    Comment(CommentId),
    Memo(MemoId),
}

/// Two versions of one field that a merge could not reconcile. The values are the field's RON
/// text (`None`: the item was deleted on that side), so any field of any item can be held; the
/// merge that wrote the record knows how to read them back to resolve it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Conflict {
    pub id: ConflictId,
    pub subject: Subject,
    /// The field in conflict (`"name"`, `"parent"`, ...), or `"item"` for the whole item.
    pub field: String,
    #[serde(default)]
    pub base: Option<String>,
    pub ours: Option<String>,
    pub theirs: Option<String>,
    /// Where each side came from (a file name, a branch), for the user.
    #[serde(default)]
    pub ours_from: String,
    #[serde(default)]
    pub theirs_from: String,
    pub recorded: Timestamp,
}

/// One step of the audit trail: who changed what, when. The trail outlives the session's undo
/// history, is saved with the project and merges with it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TrailEntry {
    pub id: EntryId,
    pub time: Timestamp,
    pub coder: CoderId,
    /// The author's name at the time (the coder may later be renamed or removed).
    pub author: String,
    /// What the user did, as the Edit menu named it ("Code passage", "Undo: Rename code").
    pub label: String,
    /// The kind of change, for filtering ("coding", "code", "theme", "document", "review", ...).
    pub kind: String,
    /// The edit itself as RON text; may be left empty for very large edits (an imported
    /// document), whose label then says what they were.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change: String,
}
