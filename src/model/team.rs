//! What teams add to a project: conflicts a merge could not decide, kept as data, and the audit
//! trail of every change (format 3).

use super::analysis::AttributeOf;
use super::ids::{
    CodeId, CoderId, CodingId, CommentId, ConflictId, DocId, EntryId, MemoId, QueryId, SignOffId,
    SnapshotId, ThemeId,
};
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

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
    SignOff(SignOffId),
    Snapshot(SnapshotId),
    Query(QueryId),
    /// A declared attribute, by what it describes and its name.
    Attribute(AttributeOf, String),
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
///
/// An entry never changes once recorded (replace it to change it): its line in the file is
/// written once and kept (see [`TrailEntry::line`]), so a long trail costs a save nothing but
/// copying its lines; its texts are shared, so copying the project for the save thread costs
/// little per entry.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TrailEntry {
    pub id: EntryId,
    pub time: Timestamp,
    pub coder: CoderId,
    /// The author's name at the time (the coder may later be renamed or removed).
    pub author: Arc<str>,
    /// What the user did, as the Edit menu named it ("Code passage", "Undo: Rename code").
    pub label: Arc<str>,
    /// The kind of change, for filtering ("coding", "code", "theme", "document", "review", ...).
    pub kind: Arc<str>,
    /// The edit itself as RON text; may be left empty for very large edits (an imported
    /// document), whose label then says what they were.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub change: Arc<str>,
    /// The edit that undid the step, as RON text (empty when left out for size): what lets a
    /// merge rebuild the state two copies last shared by undoing the later steps.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub undo: Arc<str>,
    /// The entry's line in the file, made when first written.
    #[serde(skip)]
    line: LineCache,
}

impl TrailEntry {
    /// A new entry; `change` and `undo` are RON text of the edit and its inverse (or empty).
    pub fn new(
        time: Timestamp,
        coder: CoderId,
        author: &str,
        label: &str,
        kind: &str,
        change: String,
        undo: String,
    ) -> Self {
        Self {
            id: EntryId::new(),
            time,
            coder,
            author: author.into(),
            label: label.into(),
            kind: kind.into(),
            change: change.into(),
            undo: undo.into(),
            line: LineCache::default(),
        }
    }

    /// Does the entry carry transcript text or names (a text, document or participant change with
    /// its edit kept)? Pseudonymising strips those (see [`Self::bare`]).
    pub fn carries_text(&self) -> bool {
        matches!(&*self.kind, "text" | "document" | "participant")
            && !(self.change.is_empty() && self.undo.is_empty())
    }

    /// The entry without its edit and undo: who, when and what only.
    pub fn bare(&self) -> TrailEntry {
        let mut bare = TrailEntry::new(
            self.time,
            self.coder,
            &self.author,
            &self.label,
            &self.kind,
            String::new(),
            String::new(),
        );
        bare.id = self.id;
        bare
    }

    /// Is this the step that pseudonymised the transcripts (or undid or redid that)? Saving it
    /// strips the real names from every earlier step.
    pub fn is_pseudonymising(&self) -> bool {
        ["Pseudonymise", "Undo: Pseudonymise", "Redo: Pseudonymise"]
            .iter()
            .any(|p| self.label.starts_with(p))
    }

    /// The entry's text in the file, made by `make` the first time and kept with the entry (and
    /// its copies) after that.
    pub fn line<E>(&self, make: impl FnOnce(&Self) -> Result<String, E>) -> Result<&str, E> {
        if let Some(s) = self.line.0.get() {
            return Ok(s);
        }
        let s = make(self)?;
        Ok(self.line.0.get_or_init(|| s.into_boxed_str()))
    }
}

/// A text made from an entry once, shared by its copies; never makes two entries differ.
#[derive(Clone, Default)]
struct LineCache(Arc<OnceLock<Box<str>>>);

impl PartialEq for LineCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LineCache {}

impl std::fmt::Debug for LineCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LineCache")
    }
}
