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

/// A random case-table command on `p` for the property tests' operation generator
/// (`testing::Op::Cases`): add, rename, retype or remove an attribute, set values on some rows,
/// import a small table, or change the quote attribution. `None` when the command does not
/// apply (the plan refused it).
#[cfg(test)]
pub(crate) fn random_edit(
    p: &crate::model::Project,
    kind: u8,
    target: usize,
    text: &str,
) -> Option<crate::edit::Edit> {
    use crate::model::{AttributeKind, AttributeOf};
    let of = if target.is_multiple_of(2) {
        AttributeOf::Participant
    } else {
        AttributeOf::Document
    };
    let cols = table::columns(p, of);
    let col = (!cols.is_empty()).then(|| cols[target % cols.len()].name.clone());
    let rows = table::keys(p, of);
    let some_rows: Vec<RowKey> = rows.iter().skip(target % 3).step_by(2).cloned().collect();
    let a_kind = match target % 4 {
        0 => AttributeKind::Text,
        1 => AttributeKind::Number,
        2 => AttributeKind::Date,
        _ => AttributeKind::Choice(vec![text.to_owned(), "b".into()]),
    };
    match kind % 7 {
        0 => plan::add_attribute(p, of, &format!("a{}", target % 3), a_kind).ok(),
        1 => plan::rename_attribute(p, of, &col?, &format!("r{text}")).ok(),
        2 => plan::remove_attribute(p, of, &col?).ok(),
        3 => plan::set_values(p, of, &some_rows, &col?, text).ok(),
        4 => plan::set_kind(p, of, &col?, a_kind).ok(),
        5 => {
            let sheet = import::Sheet {
                header: vec!["name".into(), col.unwrap_or_else(|| "imported".into())],
                rows: rows
                    .iter()
                    .take(3)
                    .map(|k| vec![table::label(p, k), text.to_owned()])
                    .collect(),
            };
            Some(import::plan(&import::preview(p, of, &sheet)))
        }
        _ => Some(plan::set_attribution(
            p,
            cols.iter()
                .take(target % 3)
                .map(|c| c.name.clone())
                .collect(),
        )),
    }
}
