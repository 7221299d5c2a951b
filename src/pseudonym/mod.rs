//! Pseudonymisation: a table of real names and their replacements (the key), proposals for it,
//! replacing every occurrence as one undoable step, and the re-identification check.
//!
//! Names match whole words only ("Ann" never changes "Annual"), ignoring case; the replacement
//! takes the case of what it replaces ("KARI" -> "OLA", "kari" -> "ola"), and a possessive keeps
//! its ending ("Kari's" -> "Ola's"). Codings stay on the same words: a coding that covered the
//! name covers the pseudonym. The key itself never goes into the project: it is written to a
//! separate file the user chooses ([`Pseudonyms::to_csv`]).

pub mod cli;
mod propose;

pub use propose::{Proposal, Source, proposals};

use crate::edit::{Edit, TextChange, text_ops};
use crate::model::{DocId, Project, TextRange};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// What a real name names.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Kind {
    #[default]
    Person,
    Place,
    Institution,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Institution => "institution",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "" | "person" | "people" => Some(Kind::Person),
            "place" => Some(Kind::Place),
            "institution" | "organisation" | "organization" => Some(Kind::Institution),
            _ => None,
        }
    }
}

/// One row of the table.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Entry {
    pub real: String,
    pub pseudonym: String,
    pub kind: Kind,
}

/// The table of real names and replacements.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Pseudonyms {
    pub entries: Vec<Entry>,
}

impl Pseudonyms {
    pub fn new(pairs: &[(&str, &str)]) -> Self {
        Self {
            entries: pairs
                .iter()
                .map(|(r, p)| Entry {
                    real: (*r).to_owned(),
                    pseudonym: (*p).to_owned(),
                    kind: Kind::Person,
                })
                .collect(),
        }
    }

    /// Reads a CSV with the header `real,pseudonym` (and optionally `kind`: person, place or
    /// institution). Errors name the rows (the header is row 1).
    pub fn from_csv(text: &str) -> Result<Self, Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| vec![format!("the first row cannot be read: {e}")])?
            .clone();
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let (Some(real), Some(pseudo)) = (col("real"), col("pseudonym")) else {
            return Err(vec![
                "the first row must be the header `real,pseudonym` (and optionally `kind`)".into(),
            ]);
        };
        let kind_col = col("kind");
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        for (i, row) in reader.records().enumerate() {
            let n = i + 2;
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    errors.push(format!("row {n}: cannot be read ({e})"));
                    continue;
                }
            };
            if row.iter().all(str::is_empty) {
                continue;
            }
            let kind = match kind_col.and_then(|k| row.get(k)) {
                Some(k) => Kind::parse(k).unwrap_or_else(|| {
                    errors.push(format!(
                        "row {n}: kind \u{201c}{k}\u{201d} is not person, place or institution"
                    ));
                    Kind::Person
                }),
                None => Kind::Person,
            };
            entries.push(Entry {
                real: row.get(real).unwrap_or_default().to_owned(),
                pseudonym: row.get(pseudo).unwrap_or_default().to_owned(),
                kind,
            });
        }
        let map = Self { entries };
        errors.extend(map.problems(2));
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// What is wrong with the table, each naming its rows (`first_row`: the number of the first
    /// entry's row): an empty name or replacement, a name given twice, a replacement that is
    /// itself a real name of the table (a cycle such as A->B, B->A, or a chain).
    pub fn problems(&self, first_row: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        for (i, e) in self.entries.iter().enumerate() {
            let n = i + first_row;
            if e.real.trim().is_empty() {
                out.push(format!("row {n}: the real name is empty"));
            }
            if e.pseudonym.trim().is_empty() {
                out.push(format!(
                    "row {n}: the replacement for \u{201c}{}\u{201d} is empty",
                    e.real
                ));
            }
            if words(&e.real).is_empty() && !e.real.trim().is_empty() {
                out.push(format!(
                    "row {n}: \u{201c}{}\u{201d} holds no letters",
                    e.real
                ));
            }
            let key = e.real.trim().to_lowercase();
            if let Some(&first) = seen.get(&key) {
                out.push(format!(
                    "rows {} and {n}: \u{201c}{}\u{201d} is mapped twice",
                    first,
                    e.real.trim()
                ));
            } else if !key.is_empty() {
                seen.insert(key, n);
            }
        }
        for (i, e) in self.entries.iter().enumerate() {
            let n = i + first_row;
            let p = e.pseudonym.trim().to_lowercase();
            if p.is_empty() {
                continue;
            }
            if let Some(&m) = seen.get(&p) {
                let back = self
                    .entries
                    .get(m - first_row)
                    .is_some_and(|o| o.pseudonym.trim().eq_ignore_ascii_case(e.real.trim()));
                if back && m < n {
                    continue; // reported with row m
                }
                out.push(if back || m == n {
                    format!(
                        "rows {n} and {m}: a cycle (\u{201c}{}\u{201d} -> \u{201c}{}\u{201d} -> back): choose a replacement that is not a real name",
                        e.real.trim(),
                        e.pseudonym.trim()
                    )
                } else {
                    format!(
                        "row {n}: the replacement \u{201c}{}\u{201d} is itself a real name (row {m})",
                        e.pseudonym.trim()
                    )
                });
            }
        }
        out
    }

    /// The table as CSV (`real,pseudonym,kind`), for the key file.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["real", "pseudonym", "kind"]);
        for e in &self.entries {
            let _ = w.write_record([e.real.as_str(), e.pseudonym.as_str(), e.kind.label()]);
        }
        w.into_inner()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

/// Is `c` part of a word? Letters, digits and combining marks (so "Kåre" written with a
/// combining ring is one word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_mark(c)
}

fn unicode_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The words of `s` as byte ranges.
fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

/// Names of the table starting with one word: (entry, its words lower case, the gaps between).
type Candidates = Vec<(usize, Vec<String>, Vec<String>)>;

/// Finds the table's names in text.
pub struct Matcher {
    /// By a name's first word (lower case): (entry, its words lower case, the gaps between).
    by_first: FxHashMap<String, Candidates>,
    /// Bit `n` set: some name's first word is `n` bytes long in lower case (an ASCII word
    /// shorter than 64 bytes of another length cannot start a name, and needs no lower-casing).
    lengths: u64,
    replacements: Vec<String>,
    reals: Vec<String>,
}

/// One occurrence of a name.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Hit {
    pub range: std::ops::Range<usize>,
    pub entry: usize,
}

impl Matcher {
    pub fn new(map: &Pseudonyms) -> Self {
        let mut by_first: FxHashMap<String, Vec<_>> = FxHashMap::default();
        for (i, e) in map.entries.iter().enumerate() {
            let real = e.real.trim();
            let ws = words(real);
            let Some(&(a, b)) = ws.first() else { continue };
            let lower: Vec<String> = ws.iter().map(|&(a, b)| real[a..b].to_lowercase()).collect();
            let gaps: Vec<String> = ws
                .windows(2)
                .map(|w| real[w[0].1..w[1].0].to_lowercase())
                .collect();
            // Text before the first word or after the last (a trailing dot) is not matched.
            let _ = (a, b);
            by_first
                .entry(lower[0].clone())
                .or_default()
                .push((i, lower, gaps));
        }
        let mut lengths = 0u64;
        for k in by_first.keys() {
            lengths |= 1u64.checked_shl(k.len() as u32).unwrap_or(0);
        }
        // Longer names first, so "Kari Nordmann" wins over "Kari".
        for v in by_first.values_mut() {
            v.sort_by_key(|(i, w, _)| (std::cmp::Reverse(w.len()), *i));
        }
        Self {
            by_first,
            lengths,
            replacements: map
                .entries
                .iter()
                .map(|e| e.pseudonym.trim().to_owned())
                .collect(),
            reals: map
                .entries
                .iter()
                .map(|e| e.real.trim().to_owned())
                .collect(),
        }
    }

    /// Every occurrence in `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        if self.by_first.is_empty() {
            return out;
        }
        let ws = words(text);
        let mut i = 0;
        let mut lower = String::new();
        while i < ws.len() {
            let (a, b) = ws[i];
            let word = &text[a..b];
            if word.is_ascii() && b - a < 64 && self.lengths & (1u64 << (b - a)) == 0 {
                i += 1;
                continue;
            }
            lower.clear();
            lower.extend(text[a..b].chars().flat_map(char::to_lowercase));
            let mut matched = None;
            if let Some(cands) = self.by_first.get(lower.as_str()) {
                for (entry, name, gaps) in cands {
                    let k = name.len();
                    if i + k > ws.len() {
                        continue;
                    }
                    let fits = (1..k).all(|j| {
                        let (pa, pb) = (ws[i + j - 1].1, ws[i + j].0);
                        let (wa, wb) = ws[i + j];
                        text[pa..pb].to_lowercase() == gaps[j - 1]
                            && text[wa..wb].to_lowercase() == name[j]
                    });
                    if fits {
                        matched = Some((*entry, k));
                        break;
                    }
                }
            }
            match matched {
                Some((entry, k)) => {
                    out.push(Hit {
                        range: a..ws[i + k - 1].1,
                        entry,
                    });
                    i += k;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The replacement for a hit on `found`, in its case.
    pub fn replacement(&self, hit: &Hit, found: &str) -> String {
        let repl = self.replacements.get(hit.entry).map_or("", String::as_str);
        match_case(found, repl)
    }

    /// The real name of entry `i`.
    pub fn real(&self, i: usize) -> &str {
        self.reals.get(i).map_or("", String::as_str)
    }

    /// `text` with every name replaced, and how many were.
    pub fn replace_all(&self, text: &str) -> (String, usize) {
        let hits = self.find(text);
        if hits.is_empty() {
            return (text.to_owned(), 0);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for h in &hits {
            out.push_str(&text[at..h.range.start]);
            out.push_str(&self.replacement(h, &text[h.range.clone()]));
            at = h.range.end;
        }
        out.push_str(&text[at..]);
        (out, hits.len())
    }
}

/// `repl` in the case of `found`: all capitals, all small, or as written in the table.
pub fn match_case(found: &str, repl: &str) -> String {
    let letters = || found.chars().filter(|c| c.is_alphabetic());
    let upper = letters().count() > 1 && letters().all(char::is_uppercase);
    let lower = letters().all(char::is_lowercase) && letters().next().is_some();
    if upper {
        repl.to_uppercase()
    } else if lower {
        repl.to_lowercase()
    } else {
        repl.to_owned()
    }
}

/// What applying a table does, per document.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// One step: every replacement in every document, speakers, participants and titles.
    pub edit: Option<Edit>,
    /// (document, title, replacements in its text) for documents with any.
    pub per_document: Vec<(DocId, String, usize)>,
    /// Speaker labels renamed (old, new).
    pub speakers: Vec<(String, String)>,
    /// Document titles changed (old, new).
    pub titles: Vec<(String, String)>,
}

impl Plan {
    pub fn replacements(&self) -> usize {
        self.per_document.iter().map(|(_, _, n)| n).sum()
    }
}

/// Plans replacing every name of `map` in `project`: the text of every document, speaker labels
/// (with their participants), participants who do not speak, and document titles. `Err` lists
/// the table's problems.
pub fn plan(project: &Project, map: &Pseudonyms) -> Result<Plan, Vec<String>> {
    let problems = map.problems(1);
    if !problems.is_empty() {
        return Err(problems);
    }
    let m = Matcher::new(map);
    let mut plan = Plan::default();
    let mut edits = Vec::new();
    for d in &project.documents {
        let mut changes = Vec::new();
        for (t, &start) in d.turns().iter().zip(d.turn_starts()) {
            for h in m.find(&t.text) {
                let found = &t.text[h.range.clone()];
                changes.push(TextChange {
                    range: TextRange {
                        start: start + h.range.start,
                        end: start + h.range.end,
                    },
                    text: m.replacement(&h, found),
                });
            }
        }
        if !changes.is_empty() {
            plan.per_document
                .push((d.id, d.title.clone(), changes.len()));
            let p = text_ops::replace_many(project, d.id, changes).map_err(|e| vec![e])?;
            edits.push(p.edit);
        }
        let (source, n) = m.replace_all(&d.source);
        if n > 0 {
            edits.push(Edit::SetDocumentSource { id: d.id, source });
        }
        let (title, n) = m.replace_all(&d.title);
        if n > 0 {
            plan.titles.push((d.title.clone(), title.clone()));
            edits.push(Edit::SetDocumentTitle { id: d.id, title });
        }
    }
    // Speaker labels and participants, each label once.
    let mut labels: Vec<String> = project
        .documents
        .iter()
        .flat_map(|d| {
            d.turns()
                .iter()
                .filter_map(|t| t.speaker.as_deref().map(str::to_owned))
        })
        .chain(project.participants.iter().map(|p| p.name.clone()))
        .collect();
    labels.sort_unstable();
    labels.dedup();
    for old in labels {
        let (new, n) = m.replace_all(&old);
        if n == 0 || new == old {
            continue;
        }
        let e = text_ops::rename_speaker(project, &old, &new).map_err(|e| vec![e])?;
        edits.push(e);
        plan.speakers.push((old, new));
    }
    if !edits.is_empty() {
        plan.edit = Some(Edit::Batch(edits));
    }
    Ok(plan)
}

/// One place a real name of the table still appears.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Remaining {
    pub document: Option<DocId>,
    /// Where: a document's title and paragraph, a speaker label, a participant.
    pub place: String,
    pub real: String,
    /// The words around it.
    pub context: String,
}

/// The re-identification check: every remaining occurrence of a real name of `map` in the
/// documents' text, titles, speaker labels, participants, memos and comments.
pub fn remaining(project: &Project, map: &Pseudonyms) -> Vec<Remaining> {
    let m = Matcher::new(map);
    let mut out = Vec::new();
    let mut push = |doc: Option<DocId>, place: String, text: &str| {
        for h in m.find(text) {
            out.push(Remaining {
                document: doc,
                place: place.clone(),
                real: m.real(h.entry).to_owned(),
                context: context(text, h.range.clone()),
            });
        }
    };
    for d in &project.documents {
        push(
            Some(d.id),
            format!("title of \u{201c}{}\u{201d}", d.title),
            &d.title,
        );
        push(
            Some(d.id),
            format!("source file of \u{201c}{}\u{201d}", d.title),
            &d.source,
        );
        for (i, t) in d.turns().iter().enumerate() {
            if let Some(s) = &t.speaker {
                push(
                    Some(d.id),
                    format!(
                        "\u{201c}{}\u{201d}, speaker of paragraph {}",
                        d.title,
                        i + 1
                    ),
                    s,
                );
            }
            push(
                Some(d.id),
                format!("\u{201c}{}\u{201d}, paragraph {}", d.title, i + 1),
                &t.text,
            );
        }
    }
    for p in &project.participants {
        push(None, "participant".into(), &p.name);
    }
    for memo in &project.memos {
        push(
            None,
            format!("memo \u{201c}{}\u{201d}", memo.title),
            &memo.text,
        );
    }
    for c in &project.comments {
        push(None, "comment".into(), &c.text);
    }
    out
}

/// Up to 40 bytes either side of `range`, on character boundaries, with the match in brackets.
pub fn context(text: &str, range: std::ops::Range<usize>) -> String {
    let mut a = range.start.saturating_sub(40);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (range.end + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    let mut s = String::new();
    if a > 0 {
        s.push('…');
    }
    let _ = write!(
        s,
        "{}[{}]{}",
        &text[a..range.start],
        &text[range.clone()],
        &text[range.end..b]
    );
    if b < text.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests;
