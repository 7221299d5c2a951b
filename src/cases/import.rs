//! Importing an attribute table (CSV or XLSX): one row per participant or document, matched by
//! name, one column per attribute. [`preview`] says what would change and what does not fit
//! (names the project lacks, values of the wrong type, names given twice) before anything
//! changes; [`plan`] turns the preview into one edit (one undo step).
//!
//! Rules: the name column is the one headed `name`, `participant`, `speaker`, `document`, `title`
//! or `case` (any case), else the first. A row matches the participant or document of exactly
//! that name, else the one whose name differs only in case and surrounding spaces (for documents
//! also the source file's name). An empty cell leaves the value as it is. A column that names no
//! attribute yet becomes a new attribute, typed number or date if every value in it is one, else
//! text. A value that does not fit its attribute's type is reported and left out; the rest of
//! its row is imported.

use super::kinds;
use super::plan;
use super::table::{self, RowKey, noun};
use crate::edit::Edit;
use crate::model::{AttributeDef, AttributeKind, AttributeOf, Project};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A table read from a file: a header and rows of text cells.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads CSV text: a UTF-8 byte-order mark is skipped, the separator (comma, semicolon or tab) is
/// the one the header line uses most, short rows are padded.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (at byte {}): save it from your spreadsheet as \
             “CSV UTF-8”",
            e.valid_up_to()
        )
    })?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", i + 1))?;
        rows.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
    }
    sheet_from_rows(rows)
}

/// The first row is the header; empty trailing rows are dropped, rows padded to the header.
pub(super) fn sheet_from_rows(mut rows: Vec<Vec<String>>) -> Result<Sheet, String> {
    while rows
        .last()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        rows.pop();
    }
    if rows.is_empty() {
        return Err("the table is empty: it needs a header row naming the columns".into());
    }
    let header: Vec<String> = rows
        .remove(0)
        .into_iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let width = header.len();
    for r in &mut rows {
        r.resize(width.max(r.len()), String::new());
    }
    Ok(Sheet { header, rows })
}

/// Reads the first worksheet of an `.xlsx` workbook held in memory.
pub fn read_xlsx(bytes: &[u8]) -> Result<Sheet, String> {
    super::xlsx::read(bytes)
}

/// Reads a `.csv` (or `.txt`/`.tsv`) or `.xlsx` file.
pub fn read_path(path: &Path) -> Result<Sheet, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("could not read {}: {e}", path.display()))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let sheet = match ext.as_str() {
        "xlsx" | "xlsm" => super::xlsx::read(&bytes),
        "xls" | "ods" => {
            Err("this spreadsheet format cannot be read: save it as .xlsx or .csv first".to_owned())
        }
        _ => read_csv(&bytes),
    };
    sheet.map_err(|e| format!("{}: {e}", path.display()))
}

/// A value that was not imported.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CellProblem {
    /// The line of the file (1 = the header).
    pub line: usize,
    pub name: String,
    pub attribute: String,
    pub value: String,
    pub message: String,
}

/// One value that would change.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Change {
    pub attribute: String,
    /// The value now ("" when not set).
    pub old: String,
    pub new: String,
}

/// A row of the file that matched a participant or document.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Matched {
    pub line: usize,
    pub key: RowKey,
    /// The name in the project (may differ from the file's in case).
    pub label: String,
    pub changes: Vec<Change>,
}

/// What importing a sheet would do.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Preview {
    pub of: AttributeOf,
    /// The header of the name column.
    pub name_column: String,
    pub matched: Vec<Matched>,
    /// Rows whose name matches nothing in the project: (line, name).
    pub unknown: Vec<(usize, String)>,
    /// Rows naming a participant or document an earlier row already named: (line, name).
    pub repeated: Vec<(usize, String)>,
    /// Values left out because they do not fit their attribute's type.
    pub problems: Vec<CellProblem>,
    /// Columns that become new attributes, with the type given to them.
    pub new_attributes: Vec<(String, AttributeKind)>,
    /// Participants or documents of the project that no row names (left as they are).
    pub not_in_file: Vec<String>,
}

impl Preview {
    /// How many values would change.
    pub fn changes(&self) -> usize {
        self.matched.iter().map(|m| m.changes.len()).sum()
    }

    /// Are there rows or values that would not be imported?
    pub fn has_mismatches(&self) -> bool {
        !self.unknown.is_empty() || !self.problems.is_empty() || !self.repeated.is_empty()
    }

    /// One line for a status bar or the command line.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} of {} rows matched a {}; {} value{} would change",
            self.matched.len(),
            self.matched.len() + self.unknown.len() + self.repeated.len(),
            noun(self.of),
            self.changes(),
            if self.changes() == 1 { "" } else { "s" }
        );
        if !self.new_attributes.is_empty() {
            let names: Vec<&str> = self
                .new_attributes
                .iter()
                .map(|(n, _)| n.as_str())
                .collect();
            s.push_str(&format!("; new attributes: {}", names.join(", ")));
        }
        if !self.unknown.is_empty() {
            s.push_str(&format!("; {} unknown name(s)", self.unknown.len()));
        }
        if !self.repeated.is_empty() {
            s.push_str(&format!("; {} repeated name(s)", self.repeated.len()));
        }
        if !self.problems.is_empty() {
            s.push_str(&format!(
                "; {} value(s) of the wrong type left out",
                self.problems.len()
            ));
        }
        s
    }

    /// Every mismatch on its own line, in the file's order, for the command line and the
    /// preview.
    pub fn mismatch_lines(&self) -> Vec<String> {
        let mut out: Vec<(usize, String)> = Vec::new();
        for (line, name) in &self.unknown {
            out.push((
                *line,
                format!(
                    "line {line}: no {} is called “{name}” (row left out)",
                    noun(self.of)
                ),
            ));
        }
        for (line, name) in &self.repeated {
            out.push((
                *line,
                format!(
                    "line {line}: “{name}” was already given on an earlier line (row left out)"
                ),
            ));
        }
        for p in &self.problems {
            out.push((
                p.line,
                format!(
                    "line {}: {} of “{}”: {} (value left out)",
                    p.line, p.attribute, p.name, p.message
                ),
            ));
        }
        out.sort_by_key(|(line, _)| *line);
        out.into_iter().map(|(_, s)| s).collect()
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "of": noun(self.of),
            "matched": self.matched.len(),
            "changes": self.changes(),
            "new_attributes": self.new_attributes.iter().map(|(n, k)| serde_json::json!({
                "name": n, "type": kinds::kind_label(k)
            })).collect::<Vec<_>>(),
            "unknown": self.unknown.iter().map(|(l, n)| serde_json::json!({"line": l, "name": n})).collect::<Vec<_>>(),
            "repeated": self.repeated.iter().map(|(l, n)| serde_json::json!({"line": l, "name": n})).collect::<Vec<_>>(),
            "problems": self.problems.iter().map(|p| serde_json::json!({
                "line": p.line, "name": p.name, "attribute": p.attribute, "value": p.value,
                "message": p.message
            })).collect::<Vec<_>>(),
            "not_in_file": self.not_in_file,
        })
    }
}

const NAME_HEADERS: [&str; 7] = [
    "name",
    "participant",
    "speaker",
    "document",
    "title",
    "case",
    "file",
];

/// Finds the row of `of` called `name` (exactly, then ignoring case and spaces; documents also by
/// source file name).
pub fn find(project: &Project, of: AttributeOf, name: &str) -> Option<RowKey> {
    let name = name.trim();
    let loose = |s: &str| s.trim().to_lowercase() == name.to_lowercase();
    match of {
        AttributeOf::Participant => project
            .participant(name)
            .map(|p| p.name.clone())
            .or_else(|| {
                project
                    .participants
                    .iter()
                    .find(|p| loose(&p.name))
                    .map(|p| p.name.clone())
            })
            .map(RowKey::Participant),
        AttributeOf::Document => project
            .documents
            .iter()
            .find(|d| d.title == name)
            .or_else(|| project.documents.iter().find(|d| loose(&d.title)))
            .or_else(|| {
                project.documents.iter().find(|d| {
                    let file = Path::new(&d.source)
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    !file.is_empty() && loose(&file)
                })
            })
            .map(|d| RowKey::Document(d.id)),
    }
}

/// What importing `sheet` into the attributes of `of` would do. Changes nothing.
pub fn preview(project: &Project, of: AttributeOf, sheet: &Sheet) -> Preview {
    let name_col = sheet
        .header
        .iter()
        .position(|h| NAME_HEADERS.contains(&h.trim().to_lowercase().as_str()))
        .unwrap_or(0);
    let existing = table::columns(project, of);
    // Each attribute column: its attribute's name in the project and kind (new ones guessed).
    let mut new_attributes = Vec::new();
    let mut cols: Vec<(usize, String, AttributeKind)> = Vec::new();
    for (i, h) in sheet.header.iter().enumerate() {
        if i == name_col || h.trim().is_empty() || cols.iter().any(|(_, n, _)| n == h) {
            continue;
        }
        match existing
            .iter()
            .find(|c| c.name == *h)
            .or_else(|| existing.iter().find(|c| c.name.eq_ignore_ascii_case(h)))
        {
            Some(c) => cols.push((i, c.name.clone(), c.kind.clone())),
            None => {
                let kind = kinds::guess(
                    sheet
                        .rows
                        .iter()
                        .filter_map(|r| r.get(i))
                        .map(String::as_str),
                );
                new_attributes.push((h.clone(), kind.clone()));
                cols.push((i, h.clone(), kind));
            }
        }
    }
    let mut matched = Vec::new();
    let mut unknown = Vec::new();
    let mut repeated = Vec::new();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (r, row) in sheet.rows.iter().enumerate() {
        let line = r + 2;
        let name = row.get(name_col).map_or("", |s| s.trim());
        if name.is_empty() && row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(key) = find(project, of, name) else {
            unknown.push((line, name.to_owned()));
            continue;
        };
        if !seen.insert(key.clone()) {
            repeated.push((line, name.to_owned()));
            continue;
        }
        let mut changes = Vec::new();
        for (i, attr, kind) in &cols {
            let raw = row.get(*i).map_or("", |s| s.trim());
            if raw.is_empty() {
                continue;
            }
            match kinds::check(kind, raw) {
                Ok(new) => {
                    let old = table::value(project, &key, attr);
                    if old != new {
                        changes.push(Change {
                            attribute: attr.clone(),
                            old: old.to_owned(),
                            new,
                        });
                    }
                }
                Err(message) => problems.push(CellProblem {
                    line,
                    name: name.to_owned(),
                    attribute: attr.clone(),
                    value: raw.to_owned(),
                    message,
                }),
            }
        }
        matched.push(Matched {
            line,
            label: table::label(project, &key),
            key,
            changes,
        });
    }
    let not_in_file = table::keys(project, of)
        .into_iter()
        .filter(|k| !seen.contains(k))
        .map(|k| table::label(project, &k))
        .collect();
    Preview {
        of,
        name_column: sheet.header.get(name_col).cloned().unwrap_or_default(),
        matched,
        unknown,
        repeated,
        problems,
        new_attributes,
        not_in_file,
    }
}

/// The one edit that imports what the preview matched: new attributes declared, then every
/// changed value set. Mismatches are left out.
pub fn plan(preview: &Preview) -> Edit {
    let of = preview.of;
    let mut edits: Vec<Edit> = preview
        .new_attributes
        .iter()
        .map(|(name, kind)| Edit::PutAttribute {
            of,
            name: name.clone(),
            value: Some(Box::new(AttributeDef {
                name: name.clone(),
                of,
                kind: kind.clone(),
            })),
            at: None,
        })
        .collect();
    for m in &preview.matched {
        for c in &m.changes {
            edits.push(match &m.key {
                RowKey::Participant(name) => Edit::SetParticipantAttribute {
                    name: name.clone(),
                    key: c.attribute.clone(),
                    value: Some(c.new.clone()),
                },
                RowKey::Document(id) => Edit::SetDocumentAttribute {
                    id: *id,
                    key: c.attribute.clone(),
                    value: Some(c.new.clone()),
                },
            });
        }
    }
    Edit::Batch(edits)
}

/// The undo label of an import.
pub fn label(preview: &Preview) -> String {
    format!(
        "Import {} attributes ({} values)",
        noun(preview.of),
        preview.changes()
    )
}

/// Date cells of a workbook arrive as day numbers: for attributes typed date, turn a cell that
/// is a plain number into its date before checking. (Used by the XLSX reader's callers.)
pub fn dates_from_serials(project: &Project, of: AttributeOf, sheet: &mut Sheet) {
    let date_cols: BTreeMap<usize, ()> = sheet
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| plan::kind_of(project, of, h) == AttributeKind::Date)
        .map(|(i, _)| (i, ()))
        .collect();
    for row in &mut sheet.rows {
        for (i, cell) in row.iter_mut().enumerate() {
            if date_cols.contains_key(&i)
                && let Some(d) = kinds::parse_number(cell)
                    .filter(|_| kinds::parse_date(cell).is_none())
                    .and_then(kinds::date_from_serial)
            {
                *cell = d;
            }
        }
    }
}
