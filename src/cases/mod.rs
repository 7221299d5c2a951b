//! Cases and attributes, memos and quote attribution: the pure logic behind the Participants,
//! Documents and Journal views of the Analysis workspace and the `gloss attributes` and
//! `gloss memos` commands.
//!
//! - [`kinds`]: typed attribute values (text, number, date, one of a list): checking, normalising
//!   and ordering them, with messages in the user's words;
//! - [`table`]: the case table (one row per participant or document, one column per attribute),
//!   sorted and filtered, and its CSV/XLSX export;
//! - [`plan`]: the edits behind adding, renaming, retyping and removing an attribute and setting
//!   a value on many rows at once, each one undo step;
//! - [`import`]: reading an attribute table from CSV or XLSX, matching its rows to participants or
//!   documents by name, the preview of what would change, and the one edit that applies it;
//! - [`memos`]: the journal and memos on documents, participants, codings and passages;
//! - [`cite`]: the one place that names a quote's speaker and builds a citation.

pub mod cite;
pub mod cli;
pub mod import;
pub mod kinds;
pub mod memos;
pub mod plan;
pub mod table;
mod xlsx;

pub use table::{CaseRow, CaseTable, Column, RowKey, SortBy};

#[cfg(test)]
mod tests;
