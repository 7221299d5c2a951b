//! The case table: one row per participant (or document), one column per attribute, built as
//! plain data (sorted and filtered here, drawn by `ui::explore::cases`), and written out as CSV or
//! XLSX.

use super::kinds;
use crate::model::{AttributeKind, AttributeOf, DocId, Project};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// A row of a case table: a participant (by name) or a document.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum RowKey {
    Participant(String),
    Document(DocId),
}

/// A column: a declared attribute, or a key found in the rows' values that no attribute declares
/// (shown as text, and declared when the user gives it a type).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Column {
    pub name: String,
    pub kind: AttributeKind,
    pub declared: bool,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CaseRow {
    pub key: RowKey,
    /// The participant's name or the document's title.
    pub label: String,
    /// One value per column ("" when not set).
    pub values: Vec<String>,
    /// A participant marked as an interviewer (always false for documents).
    pub interviewer: bool,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CaseTable {
    pub of: AttributeOf,
    pub columns: Vec<Column>,
    pub rows: Vec<CaseRow>,
}

/// What to sort by: the row's name or a column.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum SortBy {
    #[default]
    Name,
    Column(usize),
}

/// The noun for the rows ("participant", "document").
pub fn noun(of: AttributeOf) -> &'static str {
    match of {
        AttributeOf::Participant => "participant",
        AttributeOf::Document => "document",
    }
}

/// The columns of `of`: declared attributes in their order, then undeclared keys found in the
/// values, alphabetically.
pub fn columns(project: &Project, of: AttributeOf) -> Vec<Column> {
    let mut cols: Vec<Column> = project
        .attributes
        .iter()
        .filter(|a| a.of == of)
        .map(|a| Column {
            name: a.name.clone(),
            kind: a.kind.clone(),
            declared: true,
        })
        .collect();
    let mut extra = BTreeSet::new();
    let mut note = |keys: &mut dyn Iterator<Item = &String>| {
        for k in keys {
            if !cols.iter().any(|c| &c.name == k) {
                extra.insert(k.clone());
            }
        }
    };
    match of {
        AttributeOf::Participant => {
            for p in &project.participants {
                note(&mut p.attributes.keys());
            }
        }
        AttributeOf::Document => {
            for d in &project.documents {
                note(&mut d.attributes.keys());
            }
        }
    }
    cols.extend(extra.into_iter().map(|name| Column {
        name,
        kind: AttributeKind::Text,
        declared: false,
    }));
    cols
}

/// The value of attribute `name` on a row ("" when not set or the row is gone).
pub fn value<'a>(project: &'a Project, key: &RowKey, name: &str) -> &'a str {
    let attrs = match key {
        RowKey::Participant(p) => project.participant(p).map(|p| &p.attributes),
        RowKey::Document(d) => project.document(*d).map(|d| &d.attributes),
    };
    attrs
        .and_then(|a| a.get(name))
        .map(String::as_str)
        .unwrap_or("")
}

/// The rows of a table in the project's order.
pub fn keys(project: &Project, of: AttributeOf) -> Vec<RowKey> {
    match of {
        AttributeOf::Participant => project
            .participants
            .iter()
            .map(|p| RowKey::Participant(p.name.clone()))
            .collect(),
        AttributeOf::Document => project
            .documents
            .iter()
            .map(|d| RowKey::Document(d.id))
            .collect(),
    }
}

/// The row's name: the participant's name or the document's title.
pub fn label(project: &Project, key: &RowKey) -> String {
    match key {
        RowKey::Participant(p) => p.clone(),
        RowKey::Document(d) => project
            .document(*d)
            .map(|d| d.title.clone())
            .unwrap_or_default(),
    }
}

/// The whole table of `of`, in the project's order.
pub fn build(project: &Project, of: AttributeOf) -> CaseTable {
    let columns = columns(project, of);
    let values = |attrs: &std::collections::BTreeMap<String, String>| -> Vec<String> {
        columns
            .iter()
            .map(|c| attrs.get(&c.name).cloned().unwrap_or_default())
            .collect()
    };
    let rows = match of {
        AttributeOf::Participant => project
            .participants
            .iter()
            .map(|p| CaseRow {
                key: RowKey::Participant(p.name.clone()),
                label: p.name.clone(),
                values: values(&p.attributes),
                interviewer: p.interviewer,
            })
            .collect(),
        AttributeOf::Document => project
            .documents
            .iter()
            .map(|d| CaseRow {
                key: RowKey::Document(d.id),
                label: d.title.clone(),
                values: values(&d.attributes),
                interviewer: false,
            })
            .collect(),
    };
    CaseTable { of, columns, rows }
}

impl CaseTable {
    /// Sorts the rows (stable: equal rows keep the project's order).
    pub fn sort(&mut self, by: SortBy, descending: bool) {
        let columns = &self.columns;
        self.rows.sort_by(|a, b| {
            let o = match by {
                SortBy::Name => a.label.to_lowercase().cmp(&b.label.to_lowercase()),
                SortBy::Column(i) => match columns.get(i) {
                    Some(c) => kinds::compare(
                        &c.kind,
                        a.values.get(i).map_or("", String::as_str),
                        b.values.get(i).map_or("", String::as_str),
                    ),
                    None => Ordering::Equal,
                },
            };
            if descending { o.reverse() } else { o }
        });
    }

    /// Keeps the rows whose name or any value contains `text` (ignoring case) and, when `column`
    /// is given, whose value in that column is exactly the given one ("" matches rows without a
    /// value).
    pub fn filter(&mut self, text: &str, column: Option<(usize, &str)>) {
        let needle = text.trim().to_lowercase();
        self.rows.retain(|r| {
            let text_ok = needle.is_empty()
                || r.label.to_lowercase().contains(&needle)
                || r.values.iter().any(|v| v.to_lowercase().contains(&needle));
            let column_ok = column.is_none_or(|(i, want)| {
                r.values
                    .get(i)
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case(want.trim()))
            });
            text_ok && column_ok
        });
    }

    /// The distinct values of a column, in the kind's order (for a filter's choices).
    pub fn distinct(&self, column: usize) -> Vec<String> {
        let Some(c) = self.columns.get(column) else {
            return Vec::new();
        };
        let mut vals: Vec<String> = self
            .rows
            .iter()
            .filter_map(|r| r.values.get(column))
            .map(|v| v.trim().to_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        vals.sort_by(|a, b| kinds::compare(&c.kind, a, b));
        vals
    }

    fn header(&self) -> Vec<String> {
        let first = match self.of {
            AttributeOf::Participant => "Participant",
            AttributeOf::Document => "Document",
        };
        std::iter::once(first.to_owned())
            .chain(self.columns.iter().map(|c| c.name.clone()))
            .collect()
    }

    /// The table as CSV (RFC 4180, CRLF line ends), a header row first. The import reads it back.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let mut rows = vec![self.header()];
        rows.extend(self.rows.iter().map(|r| {
            std::iter::once(r.label.clone())
                .chain(r.values.iter().cloned())
                .collect()
        }));
        for row in rows {
            // Writing to memory cannot fail.
            let _ = w.write_record(&row);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The table as a workbook with one sheet; numbers are written as numbers.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, String> {
        use rust_xlsxwriter::{Format, Workbook};
        let fail = |e: rust_xlsxwriter::XlsxError| format!("could not write the workbook: {e}");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let name = match self.of {
            AttributeOf::Participant => "Participants",
            AttributeOf::Document => "Documents",
        };
        sheet.set_name(name).map_err(fail)?;
        let bold = Format::new().set_bold();
        for (c, h) in self.header().iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &bold)
                .map_err(fail)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            sheet.write_string(r, 0, &row.label).map_err(fail)?;
            for (c, v) in row.values.iter().enumerate() {
                let col = c as u16 + 1;
                let number = matches!(
                    self.columns.get(c).map(|c| &c.kind),
                    Some(AttributeKind::Number)
                )
                .then(|| kinds::parse_number(v))
                .flatten();
                match number {
                    Some(n) => sheet.write_number(r, col, n).map_err(fail)?,
                    None if v.is_empty() => sheet,
                    None => sheet.write_string(r, col, v).map_err(fail)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 1).map_err(fail)?;
        book.save_to_buffer().map_err(fail)
    }

    /// The table as JSON: `{"of", "columns": [{"name","type"}], "rows": [{"name", "values":
    /// {attribute: value}}]}` (values not set are left out).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "of": noun(self.of),
            "columns": self.columns.iter().map(|c| serde_json::json!({
                "name": c.name,
                "type": kinds::kind_label(&c.kind),
                "declared": c.declared,
                "choices": match &c.kind {
                    AttributeKind::Choice(o) => o.clone(),
                    _ => Vec::new(),
                },
            })).collect::<Vec<_>>(),
            "rows": self.rows.iter().map(|r| {
                let values: serde_json::Map<String, serde_json::Value> = self
                    .columns
                    .iter()
                    .zip(&r.values)
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(c, v)| (c.name.clone(), serde_json::Value::String(v.clone())))
                    .collect();
                serde_json::json!({"name": r.label, "interviewer": r.interviewer, "values": values})
            }).collect::<Vec<_>>(),
        })
    }

    /// The table as aligned text columns, for a terminal.
    pub fn to_text(&self) -> String {
        let header = self.header();
        let body: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                std::iter::once(r.label.clone())
                    .chain(r.values.iter().cloned())
                    .collect()
            })
            .collect();
        let width = |c: usize| {
            std::iter::once(&header)
                .chain(&body)
                .map(|row| row.get(c).map_or(0, |v| v.chars().count()))
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..header.len()).map(width).collect();
        let line = |row: &Vec<String>| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(v, w)| format!("{v:<w$}"))
                .collect();
            cells.join("  ").trim_end().to_owned() + "\n"
        };
        let mut out = line(&header);
        for row in &body {
            out.push_str(&line(row));
        }
        out
    }
}
