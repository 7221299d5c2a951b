//! Matrices: codes, themes or saved queries against the values of an attribute, the documents
//! or the participants, counted as codings, participants, documents or words coded.
//!
//! How a passage (a coding, or a saved query's passage) finds its columns: it is cut at speaker
//! turns, and each piece goes to the column of its turn: its document's for document columns;
//! its speaker's for participant columns; for an attribute, the speaker's value, or the
//! document's when the speaker has none, or *(no value)* when neither has one. Turns of
//! interviewers (and turns without a speaker) are left out of participant and attribute columns.
//!
//! Totals count distinct things: a participant who speaks in two columns counts once in the row
//! total, a coding that spans a nurse's and a doctor's turn counts in both columns and once in the
//! total. So a total equals the sum of its cells only where nothing can be in two cells
//! ([`Matrix::rows_add`], [`Matrix::cols_add`]). Words count the words of the row's coded text
//! (a word coded twice in one row counts once).

use super::expr;
use super::passage::Place;
use super::regions::Ranges;
use crate::model::{CodeId, Document, Project, QueryId, TextRange, ThemeKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;

/// What the rows are.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub enum Rows {
    /// Every code, in codebook tree order (each code's own codings).
    #[default]
    Codes,
    /// Every theme and group, in tree order (the codings of their codes and sub-themes).
    Themes,
    /// Saved queries (all of them when the list is empty).
    Queries(Vec<QueryId>),
}

/// What the columns are.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub enum Cols {
    /// The values of an attribute (of the speaker, or of the document).
    Attribute(String),
    #[default]
    Documents,
    /// Participants (interviewers left out).
    Participants,
}

/// What a cell counts.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Measure {
    #[default]
    Codings,
    Participants,
    Documents,
    Words,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::Codings,
        Measure::Participants,
        Measure::Documents,
        Measure::Words,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Measure::Codings => "codings",
            Measure::Participants => "participants",
            Measure::Documents => "documents",
            Measure::Words => "words coded",
        }
    }

    pub fn parse(s: &str) -> Option<Measure> {
        match s.trim().to_ascii_lowercase().as_str() {
            "codings" | "coding" => Some(Measure::Codings),
            "participants" | "participant" => Some(Measure::Participants),
            "documents" | "document" => Some(Measure::Documents),
            "words" | "word" => Some(Measure::Words),
            _ => None,
        }
    }
}

/// A matrix to compute.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Spec {
    pub rows: Rows,
    pub cols: Cols,
    pub measure: Measure,
}

/// The label of the column of passages that have no value of the attribute.
pub const NO_VALUE: &str = "(no value)";

/// A computed matrix.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Matrix {
    pub rows: Vec<String>,
    /// Depth of each row in its tree (codes and themes), for indenting.
    pub depth: Vec<usize>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<u64>>,
    pub row_totals: Vec<u64>,
    pub col_totals: Vec<u64>,
    pub total: u64,
    /// Does each row's total equal the sum of its cells?
    pub rows_add: bool,
    /// Does each column's total equal the sum of its cells?
    pub cols_add: bool,
    /// Rows that could not be computed (a saved query that no longer runs), with why.
    pub problems: Vec<String>,
}

/// Why a matrix could not be made.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum MatrixError {
    #[error(
        "no participant or document has an attribute named \"{0}\" (use documents, participants or an attribute name)"
    )]
    UnknownAttribute(String),
}

/// One row's passages: (document index, range, key); the key tells distinct passages apart
/// across rows (two themes sharing a coding share its key).
struct RowItems {
    label: String,
    depth: usize,
    items: Vec<(usize, TextRange, u64)>,
}

fn row_items(project: &Project, rows: &Rows, problems: &mut Vec<String>) -> Vec<RowItems> {
    let mut keys: FxHashMap<(usize, usize, usize, u64), u64> = FxHashMap::default();
    let mut key = |k: (usize, usize, usize, u64)| {
        let n = keys.len() as u64;
        *keys.entry(k).or_insert(n)
    };
    let coding_items =
        |codes: &BTreeSet<CodeId>, key: &mut dyn FnMut((usize, usize, usize, u64)) -> u64| {
            let mut out = Vec::new();
            for code in codes {
                for c in project.codings_with_code(*code) {
                    let Some(d) = project.document_index(c.document) else {
                        continue;
                    };
                    let low = c.id.0.as_u128() as u64;
                    out.push((d, c.range, key((d, c.range.start, c.range.end, low))));
                }
            }
            out
        };
    match rows {
        Rows::Codes => super::code_tree(project)
            .into_iter()
            .filter_map(|(id, depth)| {
                let code = project.code(id)?;
                Some(RowItems {
                    label: code.name.clone(),
                    depth,
                    items: coding_items(&BTreeSet::from([id]), &mut key),
                })
            })
            .collect(),
        Rows::Themes => super::theme_tree(project)
            .into_iter()
            .filter_map(|(id, depth)| {
                let theme = project.theme(id)?;
                let codes: BTreeSet<CodeId> = super::theme_codes(project, id).into_iter().collect();
                let label = match theme.kind {
                    ThemeKind::Group => format!("{} (group)", theme.name),
                    ThemeKind::Theme => theme.name.clone(),
                };
                Some(RowItems {
                    label,
                    depth,
                    items: coding_items(&codes, &mut key),
                })
            })
            .collect(),
        Rows::Queries(ids) => project
            .queries
            .iter()
            .filter(|q| ids.is_empty() || ids.contains(&q.id))
            .filter_map(|q| match expr::run(project, &q.expression) {
                Ok(places) => Some(RowItems {
                    label: q.name.clone(),
                    depth: 0,
                    items: places
                        .into_iter()
                        .filter_map(|p| {
                            let d = project.document_index(p.document)?;
                            Some((d, p.range, key((d, p.range.start, p.range.end, u64::MAX))))
                        })
                        .collect(),
                }),
                Err(e) => {
                    problems.push(format!("query \"{}\" did not run: {e}", q.name));
                    None
                }
            })
            .collect(),
    }
}

fn attribute_of<'a>(project: &'a Project, key: &str) -> Option<&'a crate::model::AttributeDef> {
    project
        .attributes
        .iter()
        .find(|a| a.name.trim().eq_ignore_ascii_case(key.trim()))
}

/// The columns: labels, and for each turn of each document its column (`None`: left out).
struct Columns {
    labels: Vec<String>,
    of_turn: Vec<Vec<Option<u32>>>,
}

fn columns(project: &Project, cols: &Cols) -> Result<Columns, MatrixError> {
    let counted = |speaker: Option<&str>| -> Option<String> {
        let s = speaker?;
        match project.participant(s) {
            Some(p) if p.interviewer => None,
            _ => Some(s.to_owned()),
        }
    };
    match cols {
        Cols::Documents => Ok(Columns {
            labels: project.documents.iter().map(|d| d.title.clone()).collect(),
            of_turn: project
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| vec![Some(i as u32); d.turns().len()])
                .collect(),
        }),
        Cols::Participants => {
            let mut labels: Vec<String> = project
                .participants
                .iter()
                .filter(|p| !p.interviewer)
                .map(|p| p.name.clone())
                .collect();
            let mut index: FxHashMap<String, u32> = labels
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i as u32))
                .collect();
            let mut of_turn = Vec::new();
            for d in &project.documents {
                let mut v = Vec::with_capacity(d.turns().len());
                for t in d.turns() {
                    v.push(counted(t.speaker.as_deref()).map(|name| {
                        let n = index.len() as u32;
                        *index.entry(name.clone()).or_insert_with(|| {
                            labels.push(name);
                            n
                        })
                    }));
                }
                of_turn.push(v);
            }
            Ok(Columns { labels, of_turn })
        }
        Cols::Attribute(key) => {
            if !expr::attribute_known(project, key) {
                return Err(MatrixError::UnknownAttribute(key.clone()));
            }
            // Values in a stable order: a choice list's order, else sorted (numbers as numbers).
            let mut values: Vec<String> = Vec::new();
            let mut seen: FxHashSet<String> = FxHashSet::default();
            let mut add = |v: &str, values: &mut Vec<String>| {
                let v = v.trim();
                if !v.is_empty() && seen.insert(v.to_lowercase()) {
                    values.push(v.to_owned());
                }
            };
            let choice = attribute_of(project, key).and_then(|a| match &a.kind {
                crate::model::AttributeKind::Choice(list) => Some(list.clone()),
                _ => None,
            });
            let mut found: Vec<String> = Vec::new();
            for p in project.participants.iter().filter(|p| !p.interviewer) {
                for (k, v) in &p.attributes {
                    if k.trim().eq_ignore_ascii_case(key.trim()) {
                        found.push(v.clone());
                    }
                }
            }
            for d in &project.documents {
                for (k, v) in &d.attributes {
                    if k.trim().eq_ignore_ascii_case(key.trim()) {
                        found.push(v.clone());
                    }
                }
            }
            if let Some(list) = &choice {
                for v in list {
                    add(v, &mut values);
                }
            }
            let mut rest: Vec<String> = Vec::new();
            for v in &found {
                let before = values.len();
                add(v, &mut values);
                if values.len() > before
                    && let Some(v) = values.pop()
                {
                    rest.push(v);
                }
            }
            rest.sort_by(|a, b| match (a.parse::<f64>(), b.parse::<f64>()) {
                (Ok(x), Ok(y)) => x.total_cmp(&y),
                _ => a.to_lowercase().cmp(&b.to_lowercase()),
            });
            values.extend(rest);
            let index: FxHashMap<String, u32> = values
                .iter()
                .enumerate()
                .map(|(i, v)| (v.to_lowercase(), i as u32))
                .collect();
            let none = values.len() as u32;
            let mut any_none = false;
            let mut of_turn = Vec::with_capacity(project.documents.len());
            for d in &project.documents {
                let mut v = Vec::with_capacity(d.turns().len());
                // A document has few speakers: look each one's column up once.
                let mut cache: FxHashMap<&str, Option<u32>> = FxHashMap::default();
                for t in d.turns() {
                    let Some(speaker) = t.speaker.as_deref() else {
                        v.push(None);
                        continue;
                    };
                    let col = *cache.entry(speaker).or_insert_with(|| {
                        counted(Some(speaker)).map(|s| {
                            match expr::attribute_value(project, d, Some(&s), key)
                                .map(|v| v.trim().to_lowercase())
                                .and_then(|v| index.get(&v))
                            {
                                Some(&i) => i,
                                None => {
                                    any_none = true;
                                    none
                                }
                            }
                        })
                    });
                    v.push(col);
                }
                of_turn.push(v);
            }
            if any_none {
                values.push(NO_VALUE.to_owned());
            }
            Ok(Columns {
                labels: values,
                of_turn,
            })
        }
    }
}

/// The pieces of a passage: (column, piece range), one per turn it touches.
fn pieces(
    doc: &Document,
    of_turn: &[Option<u32>],
    range: TextRange,
) -> Vec<(u32, TextRange, usize)> {
    let starts = doc.turn_starts();
    let mut out = Vec::new();
    for i in doc.turns_overlapping(range) {
        let (Some(turn), Some(&s), Some(Some(col))) =
            (doc.turns().get(i), starts.get(i), of_turn.get(i))
        else {
            continue;
        };
        let (a, b) = (range.start.max(s), range.end.min(s + turn.text.len()));
        if a < b {
            out.push((*col, TextRange { start: a, end: b }, i));
        }
    }
    out
}

fn words_in(doc: &Document, r: TextRange) -> u64 {
    // Pieces lie inside one turn: count there without copying.
    let Some((t, a)) = doc.locate(r.start) else {
        return 0;
    };
    doc.turns()
        .get(t)
        .and_then(|turn| turn.text.get(a..(a + r.end - r.start).min(turn.text.len())))
        .map_or(0, |s| s.split_whitespace().count() as u64)
}

/// What a cell gathers as it is filled: distinct keys (or, for words, a count).
#[derive(Default, Clone)]
struct Acc {
    keys: FxHashSet<u64>,
    words: u64,
}

/// Computes a matrix.
pub fn compute(project: &Project, spec: &Spec) -> Result<Matrix, MatrixError> {
    compute_cell(project, spec, None).map(|(m, _)| m)
}

/// The passages behind one cell (`row`, `col`), in document and text order: the whole codings
/// (or query passages) counted in it, cut to the cell's turns for words.
pub fn cell_places(
    project: &Project,
    spec: &Spec,
    row: usize,
    col: usize,
) -> Result<Vec<Place>, MatrixError> {
    compute_cell(project, spec, Some((row, col))).map(|(_, p)| p)
}

fn compute_cell(
    project: &Project,
    spec: &Spec,
    want: Option<(usize, usize)>,
) -> Result<(Matrix, Vec<Place>), MatrixError> {
    let columns = columns(project, &spec.cols)?;
    let mut problems = Vec::new();
    let rows = row_items(project, &spec.rows, &mut problems);
    let ncols = columns.labels.len();
    let measure = spec.measure;
    // Participants measure: each turn's speaker as a number, worked out once per document.
    let speaker_keys: Vec<Vec<Option<u64>>> = if measure == Measure::Participants {
        let mut names: FxHashMap<&str, Option<u64>> = FxHashMap::default();
        project
            .documents
            .iter()
            .map(|d| {
                d.turns()
                    .iter()
                    .map(|t| {
                        let s = t.speaker.as_deref()?;
                        let n = names.len() as u64;
                        *names.entry(s).or_insert_with(|| {
                            (!project.participant(s).is_some_and(|p| p.interviewer)).then_some(n)
                        })
                    })
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut cells: Vec<Vec<Acc>> = Vec::with_capacity(rows.len());
    let mut row_acc: Vec<Acc> = Vec::with_capacity(rows.len());
    let mut col_acc: Vec<Acc> = vec![Acc::default(); ncols];
    let mut all = Acc::default();
    // Words: the union of every row's text per document and column, for the column totals.
    let mut col_text: FxHashMap<(usize, u32), Vec<(usize, usize)>> = FxHashMap::default();
    let mut found: Vec<Place> = Vec::new();
    for (ri, row) in rows.iter().enumerate() {
        let mut line = vec![Acc::default(); ncols];
        let mut racc = Acc::default();
        let items: Vec<(usize, TextRange, u64)> = if measure == Measure::Words {
            // The row's coded text, each word once.
            let mut per_doc: FxHashMap<usize, Vec<(usize, usize)>> = FxHashMap::default();
            for &(d, r, _) in &row.items {
                per_doc.entry(d).or_default().push((r.start, r.end));
            }
            let mut v: Vec<(usize, TextRange, u64)> = per_doc
                .into_iter()
                .flat_map(|(d, spans)| {
                    Ranges::from_unsorted(spans)
                        .iter()
                        .map(move |r| (d, r, 0))
                        .collect::<Vec<_>>()
                })
                .collect();
            v.sort_by_key(|(d, r, _)| (*d, r.start));
            v
        } else {
            row.items.clone()
        };
        for (d, range, key) in items {
            let (Some(doc), Some(of_turn)) = (project.documents.get(d), columns.of_turn.get(d))
            else {
                continue;
            };
            let parts = pieces(doc, of_turn, range);
            let mut hit_cols: Vec<u32> = Vec::new();
            for (col, piece, turn) in &parts {
                let c = *col as usize;
                let Some(acc) = line.get_mut(c) else { continue };
                let ckey = match measure {
                    Measure::Codings => Some(key),
                    Measure::Documents => Some(d as u64),
                    Measure::Participants => speaker_keys
                        .get(d)
                        .and_then(|v| v.get(*turn))
                        .copied()
                        .flatten(),
                    Measure::Words => None,
                };
                if let Some(k) = ckey {
                    acc.keys.insert(k);
                    racc.keys.insert(k);
                    col_acc[c].keys.insert(k);
                    all.keys.insert(k);
                } else if measure == Measure::Words {
                    let w = words_in(doc, *piece);
                    acc.words += w;
                    racc.words += w;
                    col_text
                        .entry((d, *col))
                        .or_default()
                        .push((piece.start, piece.end));
                }
                if !hit_cols.contains(col) {
                    hit_cols.push(*col);
                }
                if measure == Measure::Words && want == Some((ri, c)) {
                    found.push(Place {
                        document: doc.id,
                        range: *piece,
                    });
                }
            }
            if measure != Measure::Words
                && let Some((wr, wc)) = want
                && wr == ri
                && hit_cols.contains(&(wc as u32))
            {
                found.push(Place {
                    document: doc.id,
                    range,
                });
            }
        }
        cells.push(line);
        row_acc.push(racc);
    }
    if measure == Measure::Words {
        for ((d, col), spans) in col_text {
            let Some(doc) = project.documents.get(d) else {
                continue;
            };
            let w: u64 = Ranges::from_unsorted(spans)
                .iter()
                .map(|r| words_in(doc, r))
                .sum();
            if let Some(acc) = col_acc.get_mut(col as usize) {
                acc.words += w;
            }
            all.words += w;
        }
    }
    let value = |a: &Acc| match measure {
        Measure::Words => a.words,
        _ => a.keys.len() as u64,
    };
    let matrix = Matrix {
        rows: rows.iter().map(|r| r.label.clone()).collect(),
        depth: rows.iter().map(|r| r.depth).collect(),
        cols: columns.labels,
        cells: cells
            .iter()
            .map(|line| line.iter().map(value).collect())
            .collect(),
        row_totals: row_acc.iter().map(value).collect(),
        col_totals: col_acc.iter().map(value).collect(),
        total: value(&all),
        rows_add: match measure {
            Measure::Words => true,
            Measure::Codings => {
                matches!(spec.cols, Cols::Documents) || doc_attribute(project, &spec.cols)
            }
            Measure::Documents => matches!(spec.cols, Cols::Documents),
            Measure::Participants => matches!(spec.cols, Cols::Participants),
        },
        cols_add: measure == Measure::Codings && spec.rows == Rows::Codes,
        problems,
    };
    found.sort_by_key(|p| {
        (
            project.document_index(p.document),
            p.range.start,
            p.range.end,
        )
    });
    found.dedup();
    Ok((matrix, found))
}

/// Is `cols` an attribute that only documents have (so every turn of a document shares one
/// value, and a coding one column)?
fn doc_attribute(project: &Project, cols: &Cols) -> bool {
    let Cols::Attribute(key) = cols else {
        return false;
    };
    let key = key.trim();
    !project.participants.iter().any(|p| {
        p.attributes
            .keys()
            .any(|k| k.trim().eq_ignore_ascii_case(key))
    })
}

impl Matrix {
    /// The JSON the command line prints.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "rows": self.rows,
            "cols": self.cols,
            "cells": self.cells,
            "row_totals": self.row_totals,
            "col_totals": self.col_totals,
            "total": self.total,
        })
    }

    /// The table as text rows: a header, one line per row with its total, then the totals.
    pub fn table(&self) -> Vec<Vec<String>> {
        let mut out = Vec::with_capacity(self.rows.len() + 2);
        let mut header = vec![String::new()];
        header.extend(self.cols.iter().cloned());
        header.push("Total".into());
        out.push(header);
        for (i, label) in self.rows.iter().enumerate() {
            let mut line = vec![label.clone()];
            line.extend(
                self.cells
                    .get(i)
                    .into_iter()
                    .flatten()
                    .map(|n| n.to_string()),
            );
            line.push(self.row_totals.get(i).copied().unwrap_or(0).to_string());
            out.push(line);
        }
        let mut totals = vec!["Total".to_owned()];
        totals.extend(self.col_totals.iter().map(|n| n.to_string()));
        totals.push(self.total.to_string());
        out.push(totals);
        out
    }

    /// The table as CSV (with a byte-order mark, so spreadsheet programs read UTF-8).
    pub fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        for line in self.table() {
            let _ = w.write_record(&line);
        }
        let body = w.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&body))
    }

    /// The table as an Excel workbook (numbers as numbers, header row and label column frozen).
    pub fn xlsx(&self, title: &str) -> Result<Vec<u8>, String> {
        use rust_xlsxwriter::{Format, Workbook};
        let fail = |e: rust_xlsxwriter::XlsxError| format!("could not write the workbook: {e}");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let name: String = title
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        if !name.trim().is_empty() {
            sheet.set_name(name.trim()).map_err(fail)?;
        }
        let bold = Format::new().set_bold();
        for (r, line) in self.table().iter().enumerate() {
            for (c, v) in line.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if r > 0
                    && c > 0
                    && let Ok(n) = v.parse::<f64>()
                {
                    sheet.write_number(r, c, n).map_err(fail)?;
                } else if r == 0 || c == 0 {
                    sheet
                        .write_string_with_format(r, c, v, &bold)
                        .map_err(fail)?;
                } else {
                    sheet.write_string(r, c, v).map_err(fail)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 1).map_err(fail)?;
        book.save_to_buffer().map_err(fail)
    }

    /// The largest cell (for shading).
    pub fn max_cell(&self) -> u64 {
        self.cells.iter().flatten().copied().max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests;
