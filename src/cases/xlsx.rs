//! Reads the first worksheet of an `.xlsx` workbook into a [`Sheet`] of text cells.
//!
//! Gloss already unpacks ZIP archives safely (entry limits, zip-bomb checks: `refi::archive`) and
//! parses XML without entity expansion (`refi::xml`), so an attribute table needs only the
//! workbook's few parts: the sheet list, the shared strings, the cell styles (to tell dates from
//! numbers) and the first sheet. A reader such as `calamine` would add a dependency tree for a
//! job this small. Numbers are written as the shortest text that reads back the same value
//! (`3`, not `3.0`); cells styled as dates become `YYYY-MM-DD`; booleans `TRUE`/`FALSE`;
//! formulas give their cached value.

use super::import::{Sheet, sheet_from_rows};
use super::kinds;
use crate::refi::archive::Archive;
use crate::refi::xml::{self, Element};

/// The largest sheet read (rows x columns), so a hostile file cannot make Gloss allocate
/// without bound.
const MAX_CELLS: usize = 2_000_000;

fn part(zip: &mut Archive<'_>, name: &str) -> Result<Option<Element>, String> {
    let Some(found) = zip.find(name).map(str::to_owned) else {
        return Ok(None);
    };
    let bytes = zip.read(&found)?;
    let text = String::from_utf8(bytes).map_err(|_| format!("its part {name} is not UTF-8"))?;
    xml::parse(&text)
        .map(Some)
        .map_err(|e| format!("its part {name} {e}"))
}

/// All text of an element and its descendants (rich-text runs), leaving out phonetic runs.
fn all_text(e: &Element, out: &mut String) {
    if e.name == "rPh" {
        return;
    }
    if e.name == "t" {
        out.push_str(&e.text);
    }
    for c in &e.children {
        all_text(c, out);
    }
}

/// Is number format `id` (with custom `formats`) a date format?
fn is_date_format(id: u32, formats: &[(u32, String)]) -> bool {
    if (14..=22).contains(&id)
        || (27..=36).contains(&id)
        || (45..=47).contains(&id)
        || (50..=58).contains(&id)
    {
        return true;
    }
    formats.iter().any(|(i, code)| {
        *i == id && {
            // Strip quoted text and [colour]/[locale] sections, then look for date letters.
            let mut plain = String::new();
            let (mut quoted, mut bracket) = (false, false);
            for ch in code.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    '[' if !quoted => bracket = true,
                    ']' if !quoted => bracket = false,
                    c if !quoted && !bracket => plain.push(c.to_ascii_lowercase()),
                    _ => {}
                }
            }
            plain.contains('y') || plain.contains('d')
        }
    })
}

/// Column index (0-based) of a cell reference such as `AB12`.
fn column_of(reference: &str) -> Option<usize> {
    let letters: String = reference
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n = 0usize;
    for c in letters.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some(n - 1)
}

fn number_text(v: &str) -> String {
    match v.trim().parse::<f64>() {
        Ok(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64),
        Ok(n) => format!("{n}"),
        Err(_) => v.trim().to_owned(),
    }
}

/// Reads the first worksheet of a workbook.
pub fn read(bytes: &[u8]) -> Result<Sheet, String> {
    let mut zip = Archive::open(bytes).map_err(|_| {
        "is not a readable .xlsx workbook (it may be damaged, or another kind of file)".to_owned()
    })?;
    let workbook = part(&mut zip, "xl/workbook.xml")?
        .ok_or("is not an .xlsx workbook: it has no xl/workbook.xml")?;
    // The first sheet's part, through the workbook's relationships.
    let first_rel = workbook
        .child("sheets")
        .and_then(|s| s.child("sheet"))
        .and_then(|s| s.attr("id").map(str::to_owned));
    let mut sheet_path = "xl/worksheets/sheet1.xml".to_owned();
    if let (Some(rid), Some(rels)) = (first_rel, part(&mut zip, "xl/_rels/workbook.xml.rels")?)
        && let Some(target) = rels
            .children_named("Relationship")
            .find(|r| r.attr("Id") == Some(rid.as_str()))
            .and_then(|r| r.attr("Target"))
    {
        sheet_path = match target.strip_prefix('/') {
            Some(abs) => abs.to_owned(),
            None => format!("xl/{target}"),
        };
    }
    let shared: Vec<String> = part(&mut zip, "xl/sharedStrings.xml")?
        .map(|sst| {
            sst.children_named("si")
                .map(|si| {
                    let mut s = String::new();
                    all_text(si, &mut s);
                    s
                })
                .collect()
        })
        .unwrap_or_default();
    let (formats, xf_formats): (Vec<(u32, String)>, Vec<u32>) =
        match part(&mut zip, "xl/styles.xml")? {
            Some(styles) => (
                styles
                    .child("numFmts")
                    .map(|n| {
                        n.children_named("numFmt")
                            .filter_map(|f| {
                                Some((
                                    f.attr("numFmtId")?.parse().ok()?,
                                    f.attr("formatCode")?.to_owned(),
                                ))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                styles
                    .child("cellXfs")
                    .map(|x| {
                        x.children_named("xf")
                            .map(|xf| {
                                xf.attr("numFmtId")
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(0)
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            None => (Vec::new(), Vec::new()),
        };
    let sheet = part(&mut zip, &sheet_path)?
        .ok_or_else(|| format!("is missing its first sheet ({sheet_path})"))?;
    let data = sheet
        .child("sheetData")
        .ok_or("its first sheet holds no cells")?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells = 0usize;
    for (i, row) in data.children_named("row").enumerate() {
        let at = row
            .attr("r")
            .and_then(|r| r.parse::<usize>().ok())
            .map(|r| r.saturating_sub(1))
            .unwrap_or(i.max(rows.len()));
        if at > MAX_CELLS {
            return Err(
                "is too large: Gloss reads attribute tables of up to two million cells".into(),
            );
        }
        while rows.len() <= at {
            rows.push(Vec::new());
        }
        let mut next = 0;
        for c in row.children_named("c") {
            let col = c.attr("r").and_then(column_of).unwrap_or(next);
            next = col + 1;
            cells += col + 1;
            if cells > MAX_CELLS || col > 16_384 {
                return Err(
                    "is too large: Gloss reads attribute tables of up to two million cells".into(),
                );
            }
            let v = c.child_text("v").unwrap_or("");
            let text = match c.attr("t").unwrap_or("n") {
                "s" => v
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| shared.get(i).cloned())
                    .unwrap_or_default(),
                "inlineStr" => {
                    let mut s = String::new();
                    if let Some(is) = c.child("is") {
                        all_text(is, &mut s);
                    }
                    s
                }
                "b" => if v.trim() == "1" { "TRUE" } else { "FALSE" }.to_owned(),
                "str" | "e" => v.to_owned(),
                _ => {
                    let style = c
                        .attr("s")
                        .and_then(|s| s.parse::<usize>().ok())
                        .and_then(|s| xf_formats.get(s).copied())
                        .unwrap_or(0);
                    match v.trim().parse::<f64>().ok() {
                        Some(n) if is_date_format(style, &formats) => {
                            kinds::date_from_serial(n).unwrap_or_else(|| number_text(v))
                        }
                        _ => number_text(v),
                    }
                }
            };
            let Some(r) = rows.get_mut(at) else { continue };
            if r.len() <= col {
                r.resize(col + 1, String::new());
            }
            r[col] = text;
        }
    }
    sheet_from_rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("Z9"), Some(25));
        assert_eq!(column_of("AA10"), Some(26));
        assert_eq!(column_of("12"), None);
    }

    #[test]
    fn date_formats() {
        assert!(is_date_format(14, &[]));
        assert!(!is_date_format(0, &[]));
        assert!(is_date_format(164, &[(164, "yyyy\\-mm\\-dd".into())]));
        assert!(!is_date_format(165, &[(165, "0.00\"d\"".into())]));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read(b"not a zip").is_err());
        assert!(read(&[]).is_err());
    }
}
