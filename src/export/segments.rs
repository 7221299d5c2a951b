//! Coded segments as a table: one row per coding, for statistics packages and spreadsheets.
//! Columns: document, paragraph (1-based turn), start and end (character offsets in the
//! document's text, turns joined by a line break), speaker, timestamp, code, code path (parents
//! joined by " > "), themes, coder, text, then one column per document attribute and per
//! participant attribute (the speaker's), and a `memo` column (the coding's memos) when any coding
//! has one. Written as CSV (`csv` crate; UTF-8 with a byte-order
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
    // Memos written on codings (issue 14): a last column, only when there are any.
    let mut memo_of: BTreeMap<crate::model::CodingId, Vec<&str>> = BTreeMap::new();
    for m in &p.memos {
        if let crate::model::Anchor::Coding(id) = m.anchor {
            memo_of.entry(id).or_default().push(m.text.trim());
        }
    }
    if !memo_of.is_empty() {
        header.push("memo".to_owned());
    }

    let order: BTreeMap<DocId, usize> = p
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    let mut codings: Vec<Coding> = p.codings.values().collect();
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
        let Some(r) = query::row(p, &c) else {
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
            doc.turns()
                .get(r.paragraph.saturating_sub(1))
                .and_then(|t| t.time.as_deref())
                .unwrap_or_default()
                .to_owned(),
            r.code_name.clone(),
            code_path(p, c.code),
            themes_of
                .get(&c.code)
                .map(|t| t.join("; "))
                .unwrap_or_default(),
            // Namesakes (two coders of one name) carry their mark: "Sam (laptop)".
            p.coder(c.coder)
                .map(|x| p.coder_label_of(x))
                .unwrap_or_default(),
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
        if !memo_of.is_empty() {
            row.push(
                memo_of
                    .get(&c.id)
                    .map(|m| m.join("\n\n"))
                    .unwrap_or_default(),
            );
        }
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

/// The table as CSV (RFC 4180 via the `csv` crate), with a UTF-8 byte-order mark if `bom`.
pub fn csv(p: &Project, bom: bool) -> Result<Vec<u8>, String> {
    let (header, rows) = table(p);
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let fail = |e: ::csv::Error| format!("could not write the CSV: {e}");
    w.write_record(&header).map_err(fail)?;
    for r in &rows {
        w.write_record(r).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| format!("could not write the CSV: {e}"))
}

/// The table as an Excel workbook (one sheet, header row frozen; numbers as numbers).
pub fn xlsx(p: &Project) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let (header, rows) = table(p);
    let fail = |e: rust_xlsxwriter::XlsxError| format!("could not write the workbook: {e}");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Coded segments").map_err(fail)?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(fail)?;
    }
    // Columns 1-3 (paragraph, start, end) are numbers; the rest text.
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match (c, v.parse::<f64>()) {
                (1..=3, Ok(n)) => sheet.write_number(r, c, n).map_err(fail)?,
                _ => sheet.write_string(r, c, v).map_err(fail)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_coding_with_character_offsets() -> Result<(), String> {
        let mut p = crate::testing::fixture();
        let doc = p.documents[0].id;
        // A passage starting at "café": its byte offset differs from its character offset.
        let text = crate::refi::write::document_text(&p.documents[0]);
        let at = text.find("café").ok_or("no café")?;
        let calm = p.codes[0].id;
        if let Some(e) = crate::edit::ops::code_passage(&p, doc, at, at + "café".len(), calm, "Ana")
        {
            crate::edit::apply(&mut p, e).map_err(|e| e.to_string())?;
        }
        std::sync::Arc::make_mut(&mut p.documents[0])
            .attributes
            .insert("site".into(), "North".into());
        let (header, rows) = table(&p);
        assert_eq!(&header[..11], COLUMNS);
        assert_eq!(header[11], "document: site");
        assert_eq!(rows.len(), p.codings.len());
        let row = rows.iter().find(|r| r[10] == "café").ok_or("no café row")?;
        let chars = text[..at].chars().count().to_string();
        assert_eq!((row[1].as_str(), row[2].as_str()), ("2", chars.as_str()));
        assert_eq!(
            (row[4].as_str(), row[6].as_str(), row[9].as_str()),
            ("Kari", "Calm", "Ana")
        );
        assert_eq!(
            (row[8].as_str(), row[11].as_str()),
            ("Calm clinic", "North")
        );
        let with = csv(&p, true)?;
        assert!(with.starts_with(b"\xEF\xBB\xBFdocument,paragraph,"));
        assert!(csv(&p, false)?.starts_with(b"document,"));
        let book = xlsx(&p)?;
        assert!(book.starts_with(b"PK"));
        Ok(())
    }
}
