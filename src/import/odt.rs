//! OpenDocument text (.odt): the paragraphs and headings of `content.xml` in order, line breaks
//! and spaces (`text:s`) kept, bold speaker labels recognised through the document's styles,
//! tables flattened one row per paragraph. Headers and footers (in `styles.xml`), footnotes and
//! comments are left out (the user is told).

use super::docx::{Collector, entity, read_part};
use super::{Body, Extracted};
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeSet;

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => Some(String::from_utf8_lossy(&a.value).into_owned()),
        _ => None,
    }
}

/// Names of text styles that make text bold, from automatic and common styles.
fn bold_styles(xml: &str, into: &mut BTreeSet<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<String> = None;
    let mut parents: Vec<(String, String)> = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"style" => {
                current = attr(&e, "style:name");
                if let (Some(name), Some(parent)) = (&current, attr(&e, "style:parent-style-name"))
                {
                    parents.push((name.clone(), parent));
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"style" => current = None,
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == b"text-properties" => {
                if let (Some(name), Some(w)) = (&current, attr(&e, "fo:font-weight"))
                    && (w == "bold" || w.parse::<u32>().is_ok_and(|v| v >= 600))
                {
                    into.insert(name.clone());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Styles that inherit from a bold style are bold too (one level is what editors write).
    for (name, parent) in parents {
        if into.contains(&parent) {
            into.insert(name);
        }
    }
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let (xml, _) = read_part(bytes, "content.xml", "OpenDocument text (.odt)")?;
    let styles = read_part(bytes, "styles.xml", "OpenDocument text (.odt)")
        .map(|(s, _)| s)
        .unwrap_or_default();
    let mut bold_names = BTreeSet::new();
    bold_styles(&styles, &mut bold_names);
    bold_styles(&xml, &mut bold_names);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut c = Collector::default();
    let mut bold: Vec<bool> = Vec::new(); // one entry per open span
    let mut para = 0usize; // depth of open paragraphs/headings
    let mut skip = 0usize;
    let (mut comments, mut notes) = (false, false);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("holds broken XML in content.xml ({e}); it may be damaged"))?;
        let is_bold = bold.last().copied().unwrap_or(false);
        match event {
            Event::Start(e) => match e.name().as_ref() {
                _ if skip > 0 => skip += 1,
                b"office:annotation" => {
                    comments = true;
                    skip = 1;
                }
                b"text:note" => {
                    notes = true;
                    skip = 1;
                }
                b"text:tracked-changes" | b"office:annotation-end" => skip = 1,
                b"text:p" | b"text:h" => para += 1,
                b"text:span" | b"text:a" => {
                    let style = attr(&e, "text:style-name").unwrap_or_default();
                    bold.push(is_bold || bold_names.contains(&style));
                }
                b"table:table-row" => c.start_row(),
                b"table:table-cell" => c.start_cell(),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                _ if skip > 0 => {}
                b"text:s" if para > 0 => {
                    let n = attr(&e, "text:c")
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(1);
                    c.text(&" ".repeat(n.min(100)), is_bold);
                }
                b"text:tab" if para > 0 => c.text("\t", is_bold),
                b"text:line-break" if para > 0 => c.line_break(),
                b"text:p" | b"text:h" => c.end_paragraph(),
                b"table:table-cell" => c.start_cell(),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                _ if skip > 0 => skip -= 1,
                b"text:p" | b"text:h" => {
                    para = para.saturating_sub(1);
                    if para == 0 {
                        c.end_paragraph();
                    }
                }
                b"text:span" | b"text:a" => {
                    bold.pop();
                }
                b"table:table-row" => c.end_row(),
                _ => {}
            },
            Event::Text(t) if para > 0 && skip == 0 => {
                let s = t
                    .decode()
                    .map_err(|e| format!("holds text that is not UTF-8 ({e})"))?;
                // Line ends inside the XML are not line breaks in OpenDocument.
                c.text(&s.replace(['\n', '\r'], " "), is_bold);
            }
            Event::GeneralRef(r) if para > 0 && skip == 0 => c.text(&entity(&r), is_bold),
            Event::Eof => break,
            _ => {}
        }
    }
    let mut left = Vec::new();
    // `<style:header>` holds a header's text; `<style:header-style>` is only page layout.
    let has = |part: &str| {
        [">", " ", "-left", "-first"]
            .iter()
            .any(|end| styles.contains(&format!("<style:{part}{end}")))
    };
    if has("header") {
        left.push("headers");
    }
    if has("footer") {
        left.push("footers");
    }
    if notes {
        left.push("footnotes");
    }
    if comments {
        left.push("comments");
    }
    let warnings = if left.is_empty() {
        Vec::new()
    } else {
        vec![format!("{} were left out", left.join(", "))]
    };
    Ok(Extracted {
        title: None,
        body: Body::Lines(c.lines),
        warnings,
    })
}
