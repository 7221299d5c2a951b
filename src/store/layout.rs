//! Writes the project file by hand around compact RON items, so the layout is fixed: one turn,
//! coder, code, theme or coding per line. Each item is still plain RON (read back by serde).

use crate::model::Project;
use ron::ser::PrettyConfig;
use serde::Serialize;
use std::fmt::Write;

const HEADER: &str = "// Gloss project file (RON). Format: docs/FORMAT.md in the Gloss sources.\n";

fn item<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    // Compact items with ", " separators; strings that hold quotes or backslashes become raw
    // strings, which keeps transcript text readable.
    let config = PrettyConfig::new()
        .new_line("")
        .indentor("")
        .separator(" ")
        .compact_structs(true)
        .compact_arrays(true)
        .compact_maps(true)
        .escape_strings(false);
    ron::ser::to_string_pretty(value, config)
}

fn list<T: Serialize>(
    out: &mut String,
    indent: &str,
    name: &str,
    items: impl IntoIterator<Item = T>,
) -> Result<(), ron::Error> {
    let mut items = items.into_iter().peekable();
    if items.peek().is_none() {
        let _ = writeln!(out, "{indent}{name}: [],");
        return Ok(());
    }
    let _ = writeln!(out, "{indent}{name}: [");
    for i in items {
        let _ = writeln!(out, "{indent}    {},", item(&i)?);
    }
    let _ = writeln!(out, "{indent}],");
    Ok(())
}

pub(super) fn write(p: &Project, version: u32) -> Result<String, ron::Error> {
    let mut out = String::with_capacity(
        p.documents
            .iter()
            .map(|d| d.len() + d.turns.len() * 48)
            .sum::<usize>()
            + p.codings.len() * 220
            + 4096,
    );
    out.push_str(HEADER);
    out.push_str("(\n");
    let _ = writeln!(out, "    format_version: {version},");
    out.push_str("    project: (\n");
    let _ = writeln!(out, "        name: {},", item(&p.name)?);
    list(&mut out, "        ", "coders", &p.coders)?;
    list(&mut out, "        ", "participants", &p.participants)?;
    if p.documents.is_empty() {
        out.push_str("        documents: [],\n");
    } else {
        out.push_str("        documents: [\n");
        for d in &p.documents {
            out.push_str("            (\n");
            let _ = writeln!(out, "                id: {},", item(&d.id)?);
            let _ = writeln!(out, "                title: {},", item(&d.title)?);
            let _ = writeln!(out, "                source: {},", item(&d.source)?);
            let _ = writeln!(out, "                imported: {},", d.imported.0);
            if !d.attributes.is_empty() {
                let _ = writeln!(out, "                attributes: {},", item(&d.attributes)?);
            }
            list(&mut out, "                ", "turns", &d.turns)?;
            out.push_str("            ),\n");
        }
        out.push_str("        ],\n");
    }
    list(&mut out, "        ", "codes", &p.codes)?;
    list(&mut out, "        ", "themes", &p.themes)?;
    list(&mut out, "        ", "codings", p.codings.values())?;
    out.push_str("    ),\n)\n");
    Ok(out)
}
