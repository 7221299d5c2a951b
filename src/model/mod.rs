//! The project data: documents, codes, themes and codings. Pure data and queries; it knows
//! nothing of the GUI (a test fails if this folder mentions the GUI toolkit) and is only ever
//! changed through [`crate::edit`].

mod analysis;
mod bits;
mod coders;
mod codings;
mod color;
mod derived;
mod document;
mod ids;
mod review;
mod tally;
mod team;
mod text;
mod time;
mod validate;

pub use analysis::{AttributeDef, AttributeKind, AttributeOf, Link, Memo, SavedQuery, Settings};
pub use codings::Codings;
pub use color::Rgb;
pub use document::{Document, Turn};
pub use ids::{
    CodeId, CoderId, CodingId, CommentId, ConflictId, DocId, EntryId, MemoId, QueryId, SignOffId,
    SnapshotId, ThemeId, seed_ids,
};
pub use review::{Anchor, Comment, Count, Resolved, SignOff, Snapshot, Verdict};
pub use tally::{DocCoding, Evidence, Tally};
pub use team::{Conflict, Subject, TrailEntry};
pub use text::{
    TextRange, byte_to_char, char_to_byte, is_grapheme_boundary, snap_back, snap_forward,
};
pub use time::Timestamp;
pub use validate::{Problem, validate};

use derived::Derived;
pub(crate) use derived::List;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A person who codes. Codings and the edit history name their coder.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Coder {
    pub id: CoderId,
    pub name: String,
    /// The machine the coder was created on, to tell apart two people with one display name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub machine: String,
}

impl Coder {
    /// A new coder called `name`, with a fresh id.
    pub fn new(name: &str) -> Self {
        Self {
            id: CoderId::new(),
            name: name.to_owned(),
            machine: String::new(),
        }
    }
}

/// A person who speaks in the transcripts, identified by the name used there. One participant may
/// speak in several documents (two interview rounds, say).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Participant {
    pub name: String,
    /// Interviewer turns can be left out of counts and reports.
    #[serde(default)]
    pub interviewer: bool,
    /// Free attributes (role, site, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

/// A code of the codebook.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Code {
    pub id: CodeId,
    pub name: String,
    pub color: Rgb,
    /// The code's definition: what it captures.
    #[serde(default)]
    pub description: String,
    /// The parent code, for a hierarchical codebook.
    #[serde(default)]
    pub parent: Option<CodeId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub when_to_use: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub when_not_to_use: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub example: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
    /// The digit key (1-9) that applies this code to the selection while coding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortcut: Option<u8>,
}

impl Code {
    pub fn new(name: &str, color: Rgb) -> Self {
        Self {
            id: CodeId::new(),
            name: name.to_owned(),
            color,
            description: String::new(),
            parent: None,
            when_to_use: String::new(),
            when_not_to_use: String::new(),
            example: String::new(),
            memo: String::new(),
            shortcut: None,
        }
    }
}

/// A passage of a document with one code attached.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Coding {
    pub id: CodingId,
    pub document: DocId,
    pub code: CodeId,
    pub range: TextRange,
    pub coder: CoderId,
    pub created: Timestamp,
}

/// Whether a node of the theme tree is a group ("Rewarding") or a theme.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub enum ThemeKind {
    Group,
    #[default]
    Theme,
}

/// How far a theme has come in review.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub enum ThemeStatus {
    #[default]
    Candidate,
    Reviewed,
    Final,
}

/// A node of the theme tree: a group of themes, a theme or a sub-theme.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Theme {
    pub id: ThemeId,
    pub name: String,
    #[serde(default)]
    pub kind: ThemeKind,
    #[serde(default)]
    pub description: String,
    /// What the theme involves (the paper's summary table).
    #[serde(default)]
    pub involves: String,
    /// What the theme concerns.
    #[serde(default)]
    pub concerns: String,
    #[serde(default)]
    pub parent: Option<ThemeId>,
    /// The codes that support this theme (a code may support several themes).
    #[serde(default)]
    pub codes: Vec<CodeId>,
    #[serde(default)]
    pub status: ThemeStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
    /// Codings picked as the quotes to report for this theme, in report order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemplars: Vec<CodingId>,
}

impl Theme {
    pub fn new(name: &str, kind: ThemeKind, parent: Option<ThemeId>) -> Self {
        Self {
            id: ThemeId::new(),
            name: name.to_owned(),
            kind,
            description: String::new(),
            involves: String::new(),
            concerns: String::new(),
            parent,
            codes: Vec::new(),
            status: ThemeStatus::Candidate,
            memo: String::new(),
            exemplars: Vec::new(),
        }
    }
}

/// Everything one analysis holds. Vectors keep the user's order; codings are keyed by id so the
/// file order is canonical whatever order they were made in.
///
/// Documents are shared (`Arc`): a copy of the project for the save thread shares their text
/// instead of copying it, and an edit copies a document only while such a copy still holds it.
///
/// Beside the data the project keeps derived lookups (id to position) and counts (a [`Tally`]),
/// brought up to date by [`crate::edit::apply`] for each change. A project changed any other way
/// (pushing to its lists, as generators and tests do) must call [`Project::reindex`] afterwards;
/// until then lookups fall back to a search and [`Project::tally`] is `None`, so nothing reads
/// stale counts.
///
/// Two projects are equal when their data is: the audit trail is a record about the project, not
/// part of its state (undo restores the data while the trail keeps growing), so it is left out of
/// the comparison; compare `trail`s directly where they matter.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    #[serde(default)]
    pub coders: Vec<Coder>,
    /// Everyone who speaks in the documents, by name.
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub documents: Vec<Arc<Document>>,
    #[serde(default)]
    pub codes: Vec<Code>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default, with = "codings_as_list")]
    pub codings: Codings,
    /// Declared attributes of participants and documents, with their types (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeDef>,
    /// The journal and memos on documents, participants, codings and passages (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memos: Vec<Memo>,
    /// Review comments and their replies (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Reviewers' verdicts on themes, oldest first (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signoffs: Vec<SignOff>,
    /// Labelled copies of the codebook and theme tree (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snapshots: Vec<Snapshot>,
    /// Coding queries kept under a name (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queries: Vec<SavedQuery>,
    /// What a merge could not decide, kept until resolved (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
    /// The audit trail: every change, by whom and when, oldest first (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trail: Vec<TrailEntry>,
    #[serde(skip, default = "Derived::stale")]
    derived: Derived,
}

impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        // Spelled out field by field, so a new field cannot be forgotten here.
        let Project {
            name,
            coders,
            participants,
            documents,
            codes,
            themes,
            codings,
            attributes,
            memos,
            comments,
            signoffs,
            snapshots,
            queries,
            conflicts,
            settings,
            trail: _,
            derived: _,
        } = self;
        *name == other.name
            && *coders == other.coders
            && *participants == other.participants
            && *documents == other.documents
            && *codes == other.codes
            && *themes == other.themes
            && *codings == other.codings
            && *attributes == other.attributes
            && *memos == other.memos
            && *comments == other.comments
            && *signoffs == other.signoffs
            && *snapshots == other.snapshots
            && *queries == other.queries
            && *conflicts == other.conflicts
            && *settings == other.settings
    }
}

impl Eq for Project {}

impl Project {
    /// An empty project called `name`.
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            ..Self::default()
        }
    }

    pub fn document(&self, id: DocId) -> Option<&Document> {
        self.derived
            .lookup
            .document(&self.documents, id)
            .map(|i| &*self.documents[i])
    }

    /// The position of a document in the list.
    pub fn document_index(&self, id: DocId) -> Option<usize> {
        self.derived.lookup.document(&self.documents, id)
    }

    pub fn code(&self, id: CodeId) -> Option<&Code> {
        self.derived
            .lookup
            .code(&self.codes, id)
            .map(|i| &self.codes[i])
    }

    /// The position of a code in the codebook list.
    pub fn code_index(&self, id: CodeId) -> Option<usize> {
        self.derived.lookup.code(&self.codes, id)
    }

    pub fn code_by_name(&self, name: &str) -> Option<&Code> {
        let name = name.trim();
        self.codes
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn theme(&self, id: ThemeId) -> Option<&Theme> {
        self.derived
            .lookup
            .theme(&self.themes, id)
            .map(|i| &self.themes[i])
    }

    /// The position of a theme in the theme list.
    pub fn theme_index(&self, id: ThemeId) -> Option<usize> {
        self.derived.lookup.theme(&self.themes, id)
    }

    pub fn coder(&self, id: CoderId) -> Option<&Coder> {
        self.derived
            .lookup
            .coder(&self.coders, id)
            .map(|i| &self.coders[i])
    }

    /// The position of a coder in the list.
    pub fn coder_index(&self, id: CoderId) -> Option<usize> {
        self.derived.lookup.coder(&self.coders, id)
    }

    pub fn participant(&self, name: &str) -> Option<&Participant> {
        self.derived
            .lookup
            .participant(&self.participants, name)
            .map(|i| &self.participants[i])
    }

    /// The position of a participant in the list.
    pub fn participant_index(&self, name: &str) -> Option<usize> {
        self.derived.lookup.participant(&self.participants, name)
    }

    pub fn coder_by_name(&self, name: &str) -> Option<&Coder> {
        self.coders.iter().find(|c| c.name == name)
    }

    /// The counts kept with the project, or `None` when the project was changed around
    /// [`crate::edit::apply`] and not yet [reindexed](Project::reindex).
    pub fn tally(&self) -> Option<&Tally> {
        self.derived.is_fresh(self).then_some(&self.derived.tally)
    }

    /// Builds the lookups and counts from scratch: after loading, or after changing the lists
    /// directly. Costs one pass over the project.
    pub fn reindex(&mut self) {
        self.derived = Derived::build(self);
    }

    /// A copy of the data for another thread (the save worker): the documents are shared, not
    /// copied, and the copy carries no lookups or counts (it is only read and written out).
    pub fn snapshot(&self) -> Project {
        Project {
            codings: self.codings.clone(),
            ..self.snapshot_without_codings()
        }
    }

    /// [`Project::snapshot`] without the codings (a save packs them on its own).
    pub fn snapshot_without_codings(&self) -> Project {
        Project {
            name: self.name.clone(),
            coders: self.coders.clone(),
            participants: self.participants.clone(),
            documents: self.documents.clone(),
            codes: self.codes.clone(),
            themes: self.themes.clone(),
            codings: Default::default(),
            attributes: self.attributes.clone(),
            memos: self.memos.clone(),
            comments: self.comments.clone(),
            signoffs: self.signoffs.clone(),
            snapshots: self.snapshots.clone(),
            queries: self.queries.clone(),
            conflicts: self.conflicts.clone(),
            settings: self.settings.clone(),
            trail: self.trail.clone(),
            derived: Derived::stale(),
        }
    }

    /// Codings of one document, in text order (start, then longer first).
    pub fn codings_in(&self, doc: DocId) -> Vec<Coding> {
        let mut v: Vec<Coding> = self
            .codings
            .in_document(doc)
            .filter_map(|c| self.codings.get(&c.id))
            .collect();
        v.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end), c.code, c.id));
        v
    }

    /// Codings of one code, in id order (the order of the file).
    pub fn codings_with_code(&self, code: CodeId) -> Vec<Coding> {
        let mut v: Vec<Coding> = match self.tally() {
            Some(t) => t
                .codings_of_code(code)
                .filter_map(|id| self.codings.get(&id))
                .collect(),
            None => self.codings.values().filter(|c| c.code == code).collect(),
        };
        v.sort_unstable_by_key(|c| c.id);
        v
    }

    /// A coding of `doc` with exactly `code` on exactly `range`, other than `except`: a twin that
    /// coding the passage again would duplicate.
    pub fn twin(
        &self,
        doc: DocId,
        code: CodeId,
        range: TextRange,
        except: Option<CodingId>,
    ) -> Option<CodingId> {
        let same =
            |id: CodingId, c: CodeId, r: TextRange| Some(id) != except && c == code && r == range;
        self.codings
            .touching(doc, range.start, range.start)
            .filter(|c| same(c.id, c.code, c.range))
            .map(|c| c.id)
            .min()
    }

    /// Number of codings of a document.
    pub fn codings_count_in(&self, doc: DocId) -> usize {
        self.codings.count_in(doc)
    }

    /// Themes directly under `parent` (`None`: the top level), in order.
    pub fn child_themes(&self, parent: Option<ThemeId>) -> impl Iterator<Item = &Theme> {
        self.themes.iter().filter(move |t| t.parent == parent)
    }

    /// Is `ancestor` the theme itself or above it in the tree?
    pub fn theme_is_within(&self, theme: ThemeId, ancestor: ThemeId) -> bool {
        let mut at = Some(theme);
        let mut steps = 0;
        while let Some(id) = at {
            if id == ancestor {
                return true;
            }
            at = self.theme(id).and_then(|t| t.parent);
            steps += 1;
            if steps > self.themes.len() {
                break; // a cycle in a damaged file; validation reports it
            }
        }
        false
    }

    pub fn total_words(&self) -> usize {
        self.documents.iter().map(|d| d.word_count()).sum()
    }
}

/// Codings are stored as a list (one per line in the file) but held as a map by id.
mod codings_as_list {
    use super::{Coding, Codings};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(map: &Codings, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.values())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Codings, D::Error> {
        let list = Vec::<Coding>::deserialize(d)?;
        let mut map = std::collections::BTreeMap::new();
        for c in list {
            if map.insert(c.id, c).is_some() {
                return Err(serde::de::Error::custom("two codings share one id"));
            }
        }
        Ok(map.into())
    }
}
