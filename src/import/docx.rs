//! Word .docx: the paragraphs of `word/document.xml` in order, line breaks kept, bold speaker
//! labels recognised, tables flattened one row per paragraph. Headers, footers, footnotes and
//! comments live in other parts of the package and are left out (the user is told).

use super::speakers::{is_timestamp, line_from_runs};
use super::{Body, Extracted};
use quick_xml::events::{BytesRef, Event};
use std::io::Read;

/// The largest XML part Gloss unpacks (a guard against "zip bombs").
const MAX_PART: u64 = 256 * 1024 * 1024;

/// Opens a ZIP package and reads one part as text.
pub(super) fn read_part(
    bytes: &[u8],
    part: &str,
    kind: &str,
) -> Result<(String, Vec<String>), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!(
            "is not a readable {kind} file ({}); it may be damaged",
            crate::store::words::zip(&e)
        )
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let mut file = zip.by_name(part).map_err(|_| {
        format!("is not a {kind} document (the package has no {part}); it may be damaged")
    })?;
    let mut text = String::new();
    (&mut file)
        .take(MAX_PART)
        .read_to_string(&mut text)
        .map_err(|e| format!("could not unpack {part} ({e}); the file may be damaged"))?;
    Ok((text, names))
}

/// The text of an entity reference (`&amp;`, `&#8364;`).
pub(super) fn entity(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.decode().as_deref() {
        Ok("amp") => "&",
        Ok("lt") => "<",
        Ok("gt") => ">",
        Ok("quot") => "\"",
        Ok("apos") => "'",
        _ => "",
    }
    .to_owned()
}

/// Collects paragraphs, runs and table rows while walking a document's XML.
#[derive(Default)]
pub(super) struct Collector {
    pub lines: Vec<String>,
    runs: Vec<(String, bool)>,
    /// Open table rows (tables nest), each a list of cell texts.
    rows: Vec<Vec<String>>,
}

impl Collector {
    pub fn text(&mut self, s: &str, bold: bool) {
        if s.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some((t, b)) if *b == bold || s.trim().is_empty() => t.push_str(s),
            _ => self.runs.push((s.to_owned(), bold)),
        }
    }

    /// A line break inside a paragraph.
    pub fn line_break(&mut self) {
        let line = line_from_runs(&std::mem::take(&mut self.runs));
        self.emit(line, false);
    }

    /// The end of a paragraph.
    pub fn end_paragraph(&mut self) {
        let line = line_from_runs(&std::mem::take(&mut self.runs));
        self.emit(line, true);
    }

    fn emit(&mut self, line: String, paragraph_end: bool) {
        if let Some(cell) = self.rows.last_mut().and_then(|r| r.last_mut()) {
            if !cell.is_empty() && !line.trim().is_empty() {
                cell.push(' ');
            }
            cell.push_str(line.trim());
        } else {
            self.lines.push(line);
            if paragraph_end {
                self.lines.push(String::new());
            }
        }
    }

    pub fn start_row(&mut self) {
        self.rows.push(Vec::new());
    }

    pub fn start_cell(&mut self) {
        if let Some(row) = self.rows.last_mut() {
            row.push(String::new());
        }
    }

    pub fn end_row(&mut self) {
        if let Some(row) = self.rows.pop() {
            let line = flatten_row(&row);
            if !line.is_empty() {
                self.emit(line, true);
            }
        }
    }
}

/// One table row as one paragraph: `Name | text` rows become `Name: text`, a timestamp cell
/// becomes the turn's time; other rows keep their cells apart with ` | `.
pub(super) fn flatten_row(cells: &[String]) -> String {
    let cells: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let time = cells
        .iter()
        .find(|c| is_timestamp(c.trim_matches(['[', ']', '(', ')'])));
    let rest: Vec<&str> = cells.iter().filter(|c| Some(*c) != time).copied().collect();
    if let [name, text @ ..] = rest.as_slice()
        && !text.is_empty()
        && name.split_whitespace().count() <= 4
        && name.len() <= 40
        && !name.ends_with(['.', '?', '!'])
    {
        let name = name.trim_end_matches(':');
        let time = time
            .map(|t| format!("[{}] ", t.trim_matches(['[', ']', '(', ')'])))
            .unwrap_or_default();
        return format!("{name}: {time}{}", text.join(" "));
    }
    cells.join(" | ")
}

/// Parts of a package that hold text Gloss leaves out, named for the user.
pub(super) fn left_out(names: &[String], parts: &[(&str, &str)]) -> Option<String> {
    let found: Vec<&str> = parts
        .iter()
        .filter(|(prefix, _)| names.iter().any(|n| n.starts_with(prefix)))
        .map(|(_, what)| *what)
        .collect();
    (!found.is_empty()).then(|| format!("{} were left out", found.join(", ")))
}

fn is_on(e: &quick_xml::events::BytesStart<'_>) -> bool {
    match e.try_get_attribute("w:val") {
        Ok(Some(a)) => !matches!(a.value.as_ref(), b"0" | b"false" | b"off" | b"none"),
        _ => true,
    }
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let (xml, names) = read_part(bytes, "word/document.xml", "Word (.docx)")?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut c = Collector::default();
    let (mut in_run, mut in_rpr, mut in_text, mut bold) = (false, false, false, false);
    let mut skip = 0usize; // depth inside deleted text, field codes, fallback content
    loop {
        let event = reader.read_event().map_err(|e| {
            format!("holds broken XML in word/document.xml ({e}); it may be damaged")
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                _ if skip > 0 => skip += 1,
                b"del" | b"delText" | b"instrText" | b"Fallback" | b"commentReference" => skip = 1,
                b"p" => {}
                b"r" => {
                    in_run = true;
                    bold = false;
                }
                b"rPr" if in_run => in_rpr = true,
                b"b" if in_rpr => bold = is_on(&e),
                b"t" if in_run => in_text = true,
                b"tr" => c.start_row(),
                b"tc" => c.start_cell(),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                _ if skip > 0 => {}
                b"b" if in_rpr => bold = is_on(&e),
                b"rStyle" if in_rpr => {
                    if let Ok(Some(a)) = e.try_get_attribute("w:val") {
                        let v = String::from_utf8_lossy(&a.value).to_lowercase();
                        if v.contains("strong") || v.contains("bold") {
                            bold = true;
                        }
                    }
                }
                b"tab" if in_run => c.text("\t", bold),
                b"br" | b"cr" if in_run => c.line_break(),
                b"noBreakHyphen" if in_run => c.text("-", bold),
                b"p" => c.end_paragraph(),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                _ if skip > 0 => skip -= 1,
                b"p" => c.end_paragraph(),
                b"r" => {
                    in_run = false;
                    in_rpr = false;
                }
                b"rPr" => in_rpr = false,
                b"t" => in_text = false,
                b"tr" => c.end_row(),
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => {
                let s = t
                    .decode()
                    .map_err(|e| format!("holds text that is not UTF-8 ({e})"))?;
                c.text(&s, bold);
            }
            Event::CData(t) if in_text && skip == 0 => {
                c.text(&String::from_utf8_lossy(&t), bold);
            }
            Event::GeneralRef(r) if in_text && skip == 0 => c.text(&entity(&r), bold),
            Event::Eof => break,
            _ => {}
        }
    }
    let warnings = left_out(
        &names,
        &[
            ("word/header", "headers"),
            ("word/footer", "footers"),
            ("word/footnotes", "footnotes"),
            ("word/endnotes", "endnotes"),
            ("word/comments", "comments"),
        ],
    )
    .into_iter()
    .collect();
    Ok(Extracted {
        title: None,
        body: Body::Lines(c.lines),
        warnings,
    })
}
