//! What REFI-QDA cannot hold, kept in `gloss-extras.json` beside `project.qde` in archives Gloss
//! writes (other tools ignore unknown entries). The schema has no place for turn speakers and
//! times, theme kinds, status, tree, involves/concerns and exemplars, code criteria and keys,
//! participants' interviewer marks, or millisecond creation times. Reading it back makes
//! Gloss -> .qdpx -> Gloss lossless. Entries are keyed by Gloss ids, so an entry whose item is
//! not in `project.qde` is ignored.

use crate::model::{AttributeDef, CodeId, CodingId, DocId, Memo, Participant, Theme, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The entry name in the archive.
pub const ENTRY: &str = "gloss-extras.json";

/// The version of this file's layout.
pub const VERSION: u32 = 1;

/// A turn's speaker and time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

/// A document's fields REFI-QDA cannot hold exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocExtra {
    pub title: String,
    pub source: String,
    pub imported: Timestamp,
    pub attributes: BTreeMap<String, String>,
    pub turns: Vec<TurnMeta>,
}

/// A code's fields REFI-QDA cannot hold exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeExtra {
    pub name: String,
    pub description: String,
    pub when_to_use: String,
    pub when_not_to_use: String,
    pub example: String,
    pub memo: String,
    pub shortcut: Option<u8>,
}

/// Everything in `gloss-extras.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extras {
    pub gloss_extras_version: u32,
    pub project_name: String,
    pub coder_names: BTreeMap<String, String>,
    pub participants: Vec<Participant>,
    /// The codebook's order (REFI nests children under parents).
    pub code_order: Vec<CodeId>,
    pub codes: BTreeMap<CodeId, CodeExtra>,
    pub documents: BTreeMap<DocId, DocExtra>,
    pub themes: Vec<Theme>,
    /// Creation times to the millisecond (REFI keeps seconds).
    pub coding_created: BTreeMap<CodingId, Timestamp>,
    /// Typed attribute declarations (REFI variables carry no list of choices).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeDef>,
    /// Every memo with its anchor and links (`project.qde` carries the journal and document
    /// memos as notes, without anchors to codings or passages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memos: Vec<Memo>,
    /// The participant attributes that name quotes' speakers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quote_attribution: Vec<String>,
}
