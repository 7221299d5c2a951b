//! Coded segments as a table: one row per coding, for statistics packages and spreadsheets.
//! Columns: document, paragraph (1-based turn), start and end (character offsets in the
//! document's text, turns joined by a line break), speaker, timestamp, code, code path (parents
//! joined by " > "), themes, coder, text, then one column per document attribute and per
//! participant attribute (the speaker's). Written as CSV (`csv` crate; UTF-8 with a byte-order
//! mark by default, so Excel shows accents) or XLSX (`rust_xlsxwriter`).

use crate::model::{Coding, DocId, Project};
use crate::query;
use std::collections::{BTreeMap, BTreeSet};

/// The fixed columns, in order.
pub const COLUMNS: [&str; 11] = [
    "document",
    "paragraph",
    "start",
    "end",
    "speaker",
    "timestamp",
    "code",
    "code_path",
    "themes",
    "coder",
    "text",
];

/// The header and rows, codings in document order then text order.
pub fn table(p: &Project) -> (Vec<String>, Vec<Vec<String>>) {
    let doc_keys: BTreeSet<&str> = p
        .documents
        .iter()
        .flat_map(|d| d.attributes.keys().map(String::as_str))
        .collect();
    let person_keys: BTreeSet<&str> = p
        .participants
        .iter()
        .flat_map(|x| x.attributes.keys().map(String::as_str))
        .collect();
    let mut header: Vec<String> = COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    header.extend(doc_keys.iter().map(|k| format!("document: {k}")));
    header.extend(person_keys.iter().map(|k| format!("participant: {k}")));

    let order: BTreeMap<DocId, usize> = p
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    let mut codings: Vec<&Coding> = p.codings.values().collect();
    codings.sort_by_key(|c| {
        (
            order.get(&c.document).copied().unwrap_or(usize::MAX),
            c.range.start,
            std::cmp::Reverse(c.range.end),
            c.code,
            c.id,
        )
    });
    let mut themes_of: BTreeMap<_, Vec<&str>> = BTreeMap::new();
    for t in &p.themes {
        for c in &t.codes {
            themes_of.entry(*c).or_default().push(t.name.as_str());
        }
    }
    // Character offsets per document, computed in one sweep over each text.
    let mut chars: BTreeMap<DocId, BTreeMap<usize, usize>> = BTreeMap::new();
    for d in &p.documents {
        let text = crate::refi::write::document_text(d);
        let mut offsets: Vec<usize> = codings
            .iter()
            .filter(|c| c.document == d.id)
            .flat_map(|c| [c.range.start, c.range.end])
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut map = BTreeMap::new();
        let (mut at, mut n) = (0, 0);
        for off in offsets {
            n += text.get(at..off).map_or(0, |s| s.chars().count());
            at = off;
            map.insert(off, n);
        }
        chars.insert(d.id, map);
    }
    let mut rows = Vec::with_capacity(codings.len());
    for c in codings {
        let Some(r) = query::row(p, c) else {
            continue;
        };
        let Some(doc) = p.document(c.document) else {
            continue;
        };
        let offsets = chars.get(&c.document);
        let char_at = |b: usize| offsets.and_then(|m| m.get(&b)).copied().unwrap_or(0);
        let speaker = r.speaker.clone().unwrap_or_default();
        let mut row = vec![
            doc.title.clone(),
            r.paragraph.to_string(),
            char_at(c.range.start).to_string(),
            char_at(c.range.end).to_string(),
            speaker.clone(),
            doc.turns
                .get(r.paragraph.saturating_sub(1))
                .and_then(|t| t.time.clone())
                .unwrap_or_default(),
            r.code_name.clone(),
            code_path(p, c.code),
            themes_of.get(&c.code).map(|t| t.join("; ")).unwrap_or_default(),
            p.coder(c.coder).map(|x| x.name.clone()).unwrap_or_default(),
            r.text,
        ];
        row.extend(
            doc_keys
                .iter()
                .map(|k| doc.attributes.get(*k).cloned().unwrap_or_default()),
        );
        let person = p.participant(&speaker);
        row.extend(person_keys.iter().map(|k| {
            person
                .and_then(|x| x.attributes.get(*k).cloned())
                .unwrap_or_default()
        }));
        rows.push(row);
    }
    (header, rows)
}

/// A code's parents and itself joined by " > " (names may hold slashes, so not `code_path`).
fn code_path(p: &Project, code: crate::model::CodeId) -> String {
    let mut names = Vec::new();
    let mut at = Some(code);
    while let Some(id) = at {
        let Some(c) = p.code(id) else { break };
        names.push(c.name.as_str());
        at = c.parent;
        if names.len() > p.codes.len() {
            break; // a cycle in a damaged file
        }
    }
    names.reverse();
    names.join(" > ")
}
