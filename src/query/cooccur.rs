//! Co-occurrence: which codes are applied together, as a code × code table.
//!
//! Two ways to say "together":
//! - [`Mode::Overlap`]: the unit is a *passage*, a stretch of text coded with either code (the
//!   codes' coded text joined, touching stretches as one). A cell counts the passages where the
//!   two codes overlap (share at least one character). The diagonal counts a code's own passages.
//! - [`Mode::SameTurn`]: the unit is a speaker turn. A cell counts the turns holding both codes;
//!   the diagonal the turns holding the code.
//!
//! The Jaccard index of a cell is its count over the number of units holding either code (so it
//! runs from 0, never together, to 1, always together). Each code stands for its own codings
//! (not its sub-codes), as in the codebook's counts.

use super::passage::Place;
use super::regions::Ranges;
use crate::model::{CodeId, Project, TextRange};
use std::collections::BTreeSet;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Mode {
    #[default]
    Overlap,
    SameTurn,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Overlap => "overlapping passages",
            Mode::SameTurn => "same speaker turn",
        }
    }
}

/// A computed table.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Table {
    pub codes: Vec<CodeId>,
    pub labels: Vec<String>,
    /// Units holding both codes (the diagonal: units holding the code).
    pub counts: Vec<Vec<u64>>,
    /// Units holding either code.
    pub either: Vec<Vec<u64>>,
}

impl Table {
    /// The Jaccard index of a cell (0 when neither code occurs).
    pub fn jaccard(&self, i: usize, j: usize) -> f64 {
        let both = self
            .counts
            .get(i)
            .and_then(|r| r.get(j))
            .copied()
            .unwrap_or(0);
        let either = self
            .either
            .get(i)
            .and_then(|r| r.get(j))
            .copied()
            .unwrap_or(0);
        if either == 0 {
            0.0
        } else {
            both as f64 / either as f64
        }
    }

    /// The largest count off the diagonal (for shading).
    pub fn max_off_diagonal(&self) -> u64 {
        let mut m = 0;
        for (i, row) in self.counts.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                if i != j {
                    m = m.max(*v);
                }
            }
        }
        m
    }

    /// The table as CSV (counts, or Jaccard indexes to three decimals).
    pub fn csv(&self, jaccard: bool) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec![String::new()];
        header.extend(self.labels.iter().cloned());
        let _ = w.write_record(&header);
        for (i, label) in self.labels.iter().enumerate() {
            let mut line = vec![label.clone()];
            for j in 0..self.labels.len() {
                line.push(if jaccard {
                    format!("{:.3}", self.jaccard(i, j))
                } else {
                    self.counts[i][j].to_string()
                });
            }
            let _ = w.write_record(&line);
        }
        let body = w.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&body))
    }

    /// The JSON the command line prints.
    pub fn json(&self) -> serde_json::Value {
        let n = self.labels.len();
        serde_json::json!({
            "codes": self.labels,
            "counts": self.counts,
            "jaccard": (0..n).map(|i| (0..n).map(|j| (self.jaccard(i, j) * 1000.0).round() / 1000.0).collect::<Vec<_>>()).collect::<Vec<_>>(),
        })
    }
}

/// Each code's coded text in each document: `[code][doc]`.
fn coded_by_code(project: &Project, codes: &[CodeId]) -> Vec<Vec<Ranges>> {
    let index: rustc_hash::FxHashMap<CodeId, usize> =
        codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut spans: Vec<Vec<Vec<(usize, usize)>>> =
        vec![vec![Vec::new(); project.documents.len()]; codes.len()];
    for (d, doc) in project.documents.iter().enumerate() {
        let list: Vec<(CodeId, TextRange)> = match project.tally() {
            Some(_) => project
                .codings
                .in_document(doc.id)
                .map(|c| (c.code, c.range))
                .collect(),
            None => project
                .codings
                .values()
                .filter(|c| c.document == doc.id)
                .map(|c| (c.code, c.range))
                .collect(),
        };
        for (code, r) in list {
            if let Some(&i) = index.get(&code) {
                spans[i][d].push((r.start, r.end));
            }
        }
    }
    spans
        .into_iter()
        .map(|per_doc| per_doc.into_iter().map(Ranges::from_unsorted).collect())
        .collect()
}

fn turns_of(project: &Project, d: usize, r: &Ranges) -> BTreeSet<usize> {
    let Some(doc) = project.documents.get(d) else {
        return BTreeSet::new();
    };
    r.iter()
        .flat_map(|range| doc.turns_overlapping(range))
        .collect()
}

/// Overlap mode: the passages (components of A ∪ B) where A and B overlap, and how many
/// components A ∪ B has.
fn overlap_parts(a: &Ranges, b: &Ranges) -> (Vec<(usize, usize)>, u64) {
    let both = a.intersect(b);
    let union = a.union(b);
    let parts: Vec<(usize, usize)> = union
        .spans()
        .iter()
        .copied()
        .filter(|&(s, e)| both.meets(s, e))
        .collect();
    (parts, union.spans().len() as u64)
}

/// The table for every code, in codebook tree order.
pub fn compute(project: &Project, mode: Mode) -> Table {
    let codes: Vec<CodeId> = super::code_tree(project)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let labels = codes
        .iter()
        .map(|c| project.code(*c).map(|c| c.name.clone()).unwrap_or_default())
        .collect();
    let coded = coded_by_code(project, &codes);
    let n = codes.len();
    let mut counts = vec![vec![0u64; n]; n];
    let mut either = vec![vec![0u64; n]; n];
    match mode {
        Mode::Overlap => {
            for i in 0..n {
                let k: u64 = coded[i].iter().map(|r| r.spans().len() as u64).sum();
                counts[i][i] += k;
                either[i][i] += k;
                for j in i + 1..n {
                    let (mut both, mut any) = (0, 0);
                    for (a, b) in coded[i].iter().zip(&coded[j]) {
                        if a.is_empty() && b.is_empty() {
                            continue;
                        }
                        if a.is_empty() || b.is_empty() {
                            any += a.spans().len() as u64 + b.spans().len() as u64;
                            continue;
                        }
                        let (parts, u) = overlap_parts(a, b);
                        both += parts.len() as u64;
                        any += u;
                    }
                    counts[i][j] = both;
                    counts[j][i] = both;
                    either[i][j] = any;
                    either[j][i] = any;
                }
            }
        }
        Mode::SameTurn => {
            let turns: Vec<Vec<BTreeSet<usize>>> = coded
                .iter()
                .map(|per_doc| {
                    per_doc
                        .iter()
                        .enumerate()
                        .map(|(d, r)| turns_of(project, d, r))
                        .collect()
                })
                .collect();
            for i in 0..n {
                for j in i..n {
                    let (mut both, mut any) = (0, 0);
                    for (a, b) in turns[i].iter().zip(&turns[j]) {
                        let common = a.intersection(b).count() as u64;
                        both += common;
                        any += a.len() as u64 + b.len() as u64 - common;
                    }
                    counts[i][j] = both;
                    counts[j][i] = both;
                    either[i][j] = any;
                    either[j][i] = any;
                }
            }
        }
    }
    Table {
        codes,
        labels,
        counts,
        either,
    }
}

/// The passages behind a cell: overlap mode, the passages where the two codes overlap (each
/// whole: the text coded with either); same-turn mode, the text coded with either code in the
/// turns holding both.
pub fn cell_places(project: &Project, mode: Mode, a: CodeId, b: CodeId) -> Vec<Place> {
    let coded = coded_by_code(project, &[a, b]);
    let (Some(ca), Some(cb)) = (coded.first(), coded.get(1)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (d, doc) in project.documents.iter().enumerate() {
        let (Some(x), Some(y)) = (ca.get(d), cb.get(d)) else {
            continue;
        };
        let spans: Vec<(usize, usize)> = match mode {
            Mode::Overlap => overlap_parts(x, y).0,
            Mode::SameTurn => {
                let shared: BTreeSet<usize> = turns_of(project, d, x)
                    .intersection(&turns_of(project, d, y))
                    .copied()
                    .collect();
                let starts = doc.turn_starts();
                let keep = Ranges::from_unsorted(
                    shared
                        .iter()
                        .filter_map(|&t| {
                            let s = *starts.get(t)?;
                            Some((s, s + doc.turns().get(t)?.text.len()))
                        })
                        .collect(),
                );
                x.union(y).intersect(&keep).spans().to_vec()
            }
        };
        out.extend(spans.into_iter().map(|(s, e)| Place {
            document: doc.id,
            range: TextRange { start: s, end: e },
        }));
    }
    out
}

#[cfg(test)]
mod tests;
