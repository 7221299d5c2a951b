//! PDF with a text layer: the text in reading order, page by page; page numbers and lines that
//! repeat on most pages (running headers and footers) are dropped. A scanned PDF has no text
//! layer and gives an error saying it needs OCR first.

use super::{Body, Extracted};
use std::collections::BTreeMap;

fn is_page_number(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    let l = l.trim_start_matches("page").trim();
    if let Some((a, b)) = l.split_once('/')
        && !a.is_empty()
        && !b.is_empty()
        && (a.bytes().chain(b.bytes())).all(|c| c.is_ascii_digit())
    {
        return true; // "1/5"
    }
    let first = l.split_whitespace().next().unwrap_or("");
    !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_digit())
        && (l == first || l.split_whitespace().nth(1) == Some("of") || l.contains('/'))
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    // The PDF library panics on some damaged files: a damaged file is an error, not a crash.
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| "could not be read as a PDF; it may be damaged".to_owned())?
        .map_err(|e| {
            format!("could not be read as a PDF ({e}); it may be damaged or password-protected")
        })?;
    let letters: usize = pages
        .iter()
        .map(|p| p.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if letters < 20 {
        return Err(format!(
            "is a PDF without a text layer ({} pages, no text), probably a scan; run OCR on it \
             first (for example with ocrmypdf or Adobe Acrobat) and import the result",
            pages.len()
        ));
    }
    // Lines on most pages are running headers or footers.
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for page in &pages {
        let mut on_page: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        on_page.sort_unstable();
        on_page.dedup();
        for l in on_page {
            *seen.entry(l).or_insert(0) += 1;
        }
    }
    let repeated = |l: &str| pages.len() >= 3 && seen.get(l).is_some_and(|n| n * 2 > pages.len());
    let mut lines = Vec::new();
    let mut dropped = false;
    for page in &pages {
        for line in page.lines() {
            let t = line.trim();
            if !t.is_empty() && (is_page_number(t) || repeated(t)) {
                dropped = true;
                continue;
            }
            lines.push(line.to_owned());
        }
    }
    let warnings = if dropped {
        vec!["page numbers and running headers or footers were left out".to_owned()]
    } else {
        Vec::new()
    };
    Ok(Extracted {
        title: None,
        body: Body::Lines(lines),
        warnings,
    })
}
