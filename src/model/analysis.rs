//! What analysis adds to a project: typed attribute definitions, memos and the journal, saved
//! queries and project settings (format 3).

use super::ids::DocId;
use super::ids::{CoderId, MemoId, QueryId};
use super::review::Anchor;
use super::text::TextRange;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Which rows an attribute describes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum AttributeOf {
    Participant,
    Document,
}

/// The type of an attribute's values. Values are stored as text in the participants' and
/// documents' attribute maps; the type says how to sort, filter and check them.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub enum AttributeKind {
    #[default]
    Text,
    Number,
    /// A date written `YYYY-MM-DD`.
    Date,
    /// One of a fixed list of values.
    Choice(Vec<String>),
}

/// A declared attribute (role, site, round, ...): its name, what it describes and its type.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct AttributeDef {
    pub name: String,
    pub of: AttributeOf,
    #[serde(default)]
    pub kind: AttributeKind,
}

/// A passage a memo points to.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Link {
    pub document: DocId,
    pub range: TextRange,
}

/// A memo: a journal entry (anchored to the project), or a note on a document, a participant, a
/// coding or a passage. Code and theme memos stay fields of the code or theme.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Memo {
    pub id: MemoId,
    pub anchor: Anchor,
    #[serde(default)]
    pub title: String,
    pub text: String,
    pub author: CoderId,
    pub created: Timestamp,
    pub modified: Timestamp,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// A coding query kept under a name so it can be run again.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SavedQuery {
    pub id: QueryId,
    pub name: String,
    /// The query in Gloss's query language (see `query::expr`).
    pub expression: String,
    pub created: Timestamp,
}

/// Project-wide choices that travel with the file (preferences of one person's window do not:
/// those stay in the app's own storage).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct Settings {
    /// Participant attributes naming a quote's speaker in reports and citations ("nurse,
    /// Northside, round 1"); empty: the speaker's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quote_attribution: Vec<String>,
    /// Coders who code blind: while one of them is the current coder, other coders' codings are
    /// hidden from the reading pane, counts and retrieval.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blind: Vec<CoderId>,
}

impl Settings {
    pub fn is_default(&self) -> bool {
        self == &Self::default()
    }
}
