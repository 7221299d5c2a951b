//! REFI-QDA codebooks (`.qdc`): the codebook alone, with its code tree, colours, descriptions and
//! sets. Written valid against `Codebook.xsd`; read leniently (Taguette writes an empty `<Sets/>`,
//! which the schema forbids, and that must not stop a user).

use super::guid;
use super::qde::parse_guid;
use super::xml::{self, Element};
use crate::edit::Edit;
use crate::model::{Code, CodeId, Project, Rgb, Theme, ThemeKind};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use uuid::Uuid;

/// One code of a codebook file, with its parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QdcCode {
    pub guid: Uuid,
    pub name: String,
    pub color: Option<Rgb>,
    pub description: String,
    pub parent: Option<Uuid>,
}

/// A set of codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QdcSet {
    pub name: String,
    pub description: String,
    pub codes: Vec<Uuid>,
}

/// A codebook file's contents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Codebook {
    pub origin: String,
    pub codes: Vec<QdcCode>,
    pub sets: Vec<QdcSet>,
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn write_codes(out: &mut String, p: &Project, parent: Option<CodeId>, depth: usize) {
    let indent = "  ".repeat(depth + 2);
    for c in p.codes.iter().filter(|c| c.parent == parent) {
        let _ = write!(
            out,
            "{indent}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"{}\"",
            guid::of(c.id.0),
            escape(&c.name, true),
            c.color.to_hex()
        );
        let has_children = p.codes.iter().any(|k| k.parent == Some(c.id));
        if c.description.is_empty() && !has_children {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        if !c.description.is_empty() {
            let _ = writeln!(
                out,
                "{indent}  <Description>{}</Description>",
                escape(&c.description, false)
            );
        }
        if depth < p.codes.len() {
            write_codes(out, p, Some(c.id), depth + 1);
        }
        let _ = writeln!(out, "{indent}</Code>");
    }
}

/// The project's codebook as a `.qdc`, themes holding codes as sets. `None` when the project
/// has no codes (the schema requires at least one).
pub fn to_qdc(p: &Project) -> Option<String> {
    if p.codes.is_empty() {
        return None;
    }
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"{}\">\n  <Codes>\n",
        escape(super::write::ORIGIN, true)
    );
    write_codes(&mut out, p, None, 0);
    out.push_str("  </Codes>\n");
    let sets: Vec<&Theme> = p.themes.iter().filter(|t| !t.codes.is_empty()).collect();
    if !sets.is_empty() {
        out.push_str("  <Sets>\n");
        for t in sets {
            let _ = writeln!(
                out,
                "    <Set guid=\"{}\" name=\"{}\">",
                guid::of(t.id.0),
                escape(&t.name, true)
            );
            if !t.description.is_empty() {
                let _ = writeln!(
                    out,
                    "      <Description>{}</Description>",
                    escape(&t.description, false)
                );
            }
            for c in &t.codes {
                let _ = writeln!(out, "      <MemberCode guid=\"{}\"/>", guid::of(c.0));
            }
            out.push_str("    </Set>\n");
        }
        out.push_str("  </Sets>\n");
    }
    out.push_str("</CodeBook>\n");
    Some(out)
}

fn read_codes(el: &Element, parent: Option<Uuid>, out: &mut Vec<QdcCode>) -> Result<(), String> {
    for c in el.children_named("Code") {
        let raw = c.attr("guid").unwrap_or_default();
        let guid = parse_guid(raw)
            .ok_or_else(|| format!("has a <Code> whose guid \"{raw}\" is not a GUID"))?;
        if out.iter().any(|k| k.guid == guid) {
            return Err(format!("uses the GUID {raw} for two codes"));
        }
        let color = c.attr("color").and_then(|s| {
            let t = s.trim().trim_start_matches('#');
            if t.len() == 3 {
                Rgb::parse_hex(&t.chars().flat_map(|ch| [ch, ch]).collect::<String>())
            } else {
                Rgb::parse_hex(t)
            }
        });
        out.push(QdcCode {
            guid,
            name: c.attr("name").unwrap_or_default().to_owned(),
            color,
            description: c.child_text("Description").unwrap_or_default().to_owned(),
            parent,
        });
        read_codes(c, Some(guid), out)?;
    }
    Ok(())
}

/// Reads a `.qdc` (tolerating the schema violations tools write, such as an empty `<Sets/>`).
pub fn parse(text: &str) -> Result<Codebook, String> {
    let root = xml::parse(text)?;
    if root.name != "CodeBook" {
        return Err(format!(
            "has the root element <{}>, not a REFI-QDA <CodeBook>",
            root.name
        ));
    }
    if let Some(ns) = root.namespace.as_deref()
        && !ns.is_empty()
        && !ns.starts_with("urn:QDA-XML:codebook:")
    {
        return Err(format!(
            "uses the XML namespace \"{ns}\", not REFI-QDA's urn:QDA-XML:codebook:1.0"
        ));
    }
    let mut book = Codebook {
        origin: root.attr("origin").unwrap_or_default().to_owned(),
        ..Codebook::default()
    };
    for codes in root.children_named("Codes") {
        read_codes(codes, None, &mut book.codes)?;
    }
    for sets in root.children_named("Sets") {
        for s in sets.children_named("Set") {
            book.sets.push(QdcSet {
                name: s.attr("name").unwrap_or_default().to_owned(),
                description: s.child_text("Description").unwrap_or_default().to_owned(),
                codes: s
                    .children_named("MemberCode")
                    .filter_map(|m| m.attr("guid").or(m.attr("targetGUID")).and_then(parse_guid))
                    .collect(),
            });
        }
    }
    Ok(book)
}

/// What importing a codebook will do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: Vec<String>,
    /// Codes the project already has by name (under the same parent), left as they are.
    pub skipped: Vec<String>,
    pub themes_added: Vec<String>,
}

/// Plans adding the codebook's codes the project lacks (matched by name under the same parent,
/// ignoring case) and its sets as themes, as ONE edit. `None` when nothing would change.
pub fn import_plan(p: &Project, book: &Codebook) -> (Option<Edit>, ImportSummary) {
    let mut summary = ImportSummary::default();
    let mut edits = Vec::new();
    let mut ids: BTreeMap<Uuid, CodeId> = BTreeMap::new();
    let mut new_codes: Vec<Code> = Vec::new();
    for c in &book.codes {
        let name = c.name.trim();
        if name.is_empty() {
            continue;
        }
        let parent = c.parent.and_then(|g| ids.get(&g).copied());
        let existing = p
            .codes
            .iter()
            .chain(new_codes.iter())
            .find(|k| k.parent == parent && k.name.trim().eq_ignore_ascii_case(name));
        if let Some(k) = existing {
            ids.insert(c.guid, k.id);
            summary.skipped.push(name.to_owned());
            continue;
        }
        let color = c.color.unwrap_or_else(|| {
            let taken: Vec<Rgb> = p
                .codes
                .iter()
                .chain(new_codes.iter())
                .map(|k| k.color)
                .collect();
            Rgb::distinct_from(&taken)
        });
        let mut code = Code::new(name, color);
        code.parent = parent;
        code.description = c.description.trim().to_owned();
        ids.insert(c.guid, code.id);
        summary.added.push(code.name.clone());
        edits.push(Edit::InsertCode {
            index: p.codes.len() + new_codes.len(),
            code: code.clone(),
        });
        new_codes.push(code);
    }
    for s in &book.sets {
        let name = s.name.trim();
        let codes: Vec<CodeId> = s.codes.iter().filter_map(|g| ids.get(g).copied()).collect();
        if name.is_empty()
            || p.themes
                .iter()
                .any(|t| t.name.trim().eq_ignore_ascii_case(name))
        {
            continue;
        }
        let mut theme = Theme::new(name, ThemeKind::Theme, None);
        theme.description = s.description.trim().to_owned();
        theme.codes = codes;
        edits.push(Edit::InsertTheme {
            index: p.themes.len() + summary.themes_added.len(),
            theme: theme.clone(),
        });
        summary.themes_added.push(theme.name);
    }
    ((!edits.is_empty()).then_some(Edit::Batch(edits)), summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_codebook_comes_back_as_written() -> Result<(), String> {
        let p = crate::testing::fixture();
        let text = to_qdc(&p).ok_or("no codes")?;
        let book = parse(&text)?;
        assert_eq!(book.codes.len(), p.codes.len());
        let empty = Project::default();
        let (plan, summary) = import_plan(&empty, &book);
        assert_eq!(summary.added.len(), p.codes.len());
        let mut q = empty.clone();
        crate::edit::apply(&mut q, plan.ok_or("nothing planned")?).map_err(|e| e.to_string())?;
        let names = |p: &Project| p.codes.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&q), names(&p));
        assert_eq!(
            q.themes.len(),
            p.themes.iter().filter(|t| !t.codes.is_empty()).count()
        );
        // Importing again adds nothing.
        let (again, _) = import_plan(&q, &book);
        assert!(again.is_none());
        Ok(())
    }

    #[test]
    fn empty_sets_and_braced_guids_are_tolerated() -> Result<(), String> {
        let text = r##"<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="x"><Codes><Code guid="{0D62985D-B147-5D01-A9B5-CAE5DCD98342}" name="a\b/c" isCodable="true" color="#abc"/></Codes><Sets/></CodeBook>"##;
        let book = parse(text)?;
        assert_eq!(book.codes.len(), 1);
        assert_eq!(book.codes[0].name, "a\\b/c");
        assert_eq!(book.codes[0].color, Some(Rgb::new(0xaa, 0xbb, 0xcc)));
        Ok(())
    }
}
