//! Writes the project file by hand around compact RON items, so the layout is fixed: one turn,
//! coder, code, theme or coding per line. Each item is still plain RON (read back by serde).

use crate::model::{Coding, Project, Turn};
use ron::ser::PrettyConfig;
use serde::Serialize;
use std::fmt::Write;

const HEADER: &str = "// Gloss project file (RON). Format: docs/FORMAT.md in the Gloss sources.\n";

fn config() -> PrettyConfig {
    // Compact items with ", " separators; strings that hold quotes or backslashes become raw
    // strings, which keeps transcript text readable.
    PrettyConfig::new()
        .new_line("")
        .indentor("")
        .separator(" ")
        .compact_structs(true)
        .compact_arrays(true)
        .compact_maps(true)
        .escape_strings(false)
}

pub(super) fn item<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    ron::ser::to_string_pretty(value, config())
}

/// A string as RON writes it with `escape_strings(false)`: plain between quotes, or as a raw
/// string with one more `#` than the longest run of them inside when it holds a quote or a
/// backslash.
fn string<W: Write>(out: &mut W, s: &str) -> std::fmt::Result {
    if !s.contains(['"', '\\']) {
        out.write_char('"')?;
        out.write_str(s)?;
        return out.write_char('"');
    }
    let mut run = 0;
    let mut longest = 0;
    for b in s.bytes() {
        run = if b == b'#' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let hashes = "#".repeat(longest + 1);
    write!(out, "r{hashes}\"{s}\"{hashes}")
}

fn option_string<W: Write>(out: &mut W, s: Option<&str>) -> std::fmt::Result {
    match s {
        None => out.write_str("None"),
        Some(s) => {
            out.write_str("Some(")?;
            string(out, s)?;
            out.write_char(')')
        }
    }
}

/// One turn, as RON writes it (by hand: a large project has hundreds of thousands).
fn turn<W: Write>(out: &mut W, t: &Turn) -> std::fmt::Result {
    out.write_str("(speaker: ")?;
    option_string(out, t.speaker.as_deref())?;
    if let Some(time) = &t.time {
        out.write_str(", time: ")?;
        option_string(out, Some(time))?;
    }
    out.write_str(", text: ")?;
    string(out, &t.text)?;
    out.write_char(')')
}

/// One coding, as RON writes it.
fn coding<W: Write>(out: &mut W, c: &Coding) -> std::fmt::Result {
    write!(
        out,
        "(id: \"{}\", document: \"{}\", code: \"{}\", range: (start: {}, end: {}), coder: \"{}\", \
         created: {})",
        c.id, c.document, c.code, c.range.start, c.range.end, c.coder, c.created.0
    )
}

fn list<W: Write, T>(
    out: &mut W,
    indent: &str,
    name: &str,
    items: impl IntoIterator<Item = T>,
    mut one: impl FnMut(&mut W, T) -> Result<(), ron::Error>,
) -> Result<(), ron::Error> {
    let mut items = items.into_iter().peekable();
    if items.peek().is_none() {
        writeln!(out, "{indent}{name}: [],")?;
        return Ok(());
    }
    writeln!(out, "{indent}{name}: [")?;
    for i in items {
        write!(out, "{indent}    ")?;
        one(out, i)?;
        out.write_str(",\n")?;
    }
    writeln!(out, "{indent}],")?;
    Ok(())
}

fn ron_item<W: Write, T: Serialize>(out: &mut W, value: T) -> Result<(), ron::Error> {
    ron::ser::to_writer_pretty(out, &value, config())
}

/// Roughly the size of the file for `p`, to reserve memory.
pub(super) fn estimate(p: &Project) -> usize {
    p.documents
        .iter()
        .map(|d| d.len() + d.turns().len() * 48)
        .sum::<usize>()
        + p.codings.len() * 220
        + 4096
}

/// How much of the audit trail a file keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TrailPart {
    /// The newest steps ([`super::trail::WINDOW`]): the project file.
    Window,
    /// All steps in memory: the recovery file.
    All,
}

/// Writes the file text for `p` into `out`, its codings from `packed` when given (a save
/// copy's: `p` then holds none).
pub(super) fn write_into<W: Write>(
    out: &mut W,
    p: &Project,
    packed: Option<&super::copy::Packed>,
    version: u32,
    trail: TrailPart,
) -> Result<(), ron::Error> {
    out.write_str(HEADER)?;
    out.write_str("(\n")?;
    writeln!(out, "    format_version: {version},")?;
    out.write_str("    project: (\n")?;
    writeln!(out, "        name: {},", item(&p.name)?)?;
    list(out, "        ", "coders", &p.coders, ron_item)?;
    list(out, "        ", "participants", &p.participants, ron_item)?;
    if p.documents.is_empty() {
        out.write_str("        documents: [],\n")?;
    } else {
        out.write_str("        documents: [\n")?;
        for d in &p.documents {
            out.write_str("            (\n")?;
            writeln!(out, "                id: {},", item(&d.id)?)?;
            writeln!(out, "                title: {},", item(&d.title)?)?;
            writeln!(out, "                source: {},", item(&d.source)?)?;
            writeln!(out, "                imported: {},", d.imported.0)?;
            if !d.attributes.is_empty() {
                writeln!(out, "                attributes: {},", item(&d.attributes)?)?;
            }
            list(out, "                ", "turns", d.turns(), |out, t| {
                Ok(turn(out, t)?)
            })?;
            out.write_str("            ),\n")?;
        }
        out.write_str("        ],\n")?;
    }
    list(out, "        ", "codes", &p.codes, ron_item)?;
    list(out, "        ", "themes", &p.themes, ron_item)?;
    match packed {
        Some(packed) => list(out, "        ", "codings", packed.iter(), |out, c| {
            Ok(coding(out, &c)?)
        })?,
        None => list(out, "        ", "codings", p.codings.values(), |out, c| {
            Ok(coding(out, &c)?)
        })?,
    }
    write_tail(out, p, trail)?;
    out.write_str("    ),\n)\n")?;
    Ok(())
}

/// What format 3 added after the codings, one item a line, each list only when it has items.
fn write_tail<W: Write>(out: &mut W, p: &Project, trail: TrailPart) -> Result<(), ron::Error> {
    fn some<W: Write, T: Serialize>(out: &mut W, name: &str, v: &[T]) -> Result<(), ron::Error> {
        if v.is_empty() {
            return Ok(());
        }
        list(out, "        ", name, v, ron_item)
    }
    some(out, "attributes", &p.attributes)?;
    some(out, "memos", &p.memos)?;
    some(out, "comments", &p.comments)?;
    some(out, "signoffs", &p.signoffs)?;
    some(out, "snapshots", &p.snapshots)?;
    some(out, "queries", &p.queries)?;
    some(out, "conflicts", &p.conflicts)?;
    if !p.settings.is_default() {
        writeln!(out, "        settings: {},", item(&p.settings)?)?;
    }
    // The project file keeps the newest steps (the trail file beside it has them all); a
    // recovery file keeps every step in memory, since none of the unsaved ones is elsewhere.
    // An entry's line is made once and kept with it, so writing it again is a copy.
    let trail = match trail {
        TrailPart::Window => super::trail::window(&p.trail),
        TrailPart::All => &p.trail[..],
    };
    if !trail.is_empty() {
        list(out, "        ", "trail", trail, |out, e| {
            out.write_str(e.line(item)?)?;
            Ok(())
        })?;
    }
    Ok(())
}

pub(super) fn write(p: &Project, version: u32) -> Result<String, ron::Error> {
    let mut out = String::with_capacity(estimate(p));
    write_into(&mut out, p, None, version, TrailPart::Window)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{coding, item, turn};
    use crate::model::{CodeId, CoderId, Coding, CodingId, DocId, TextRange, Timestamp, Turn};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("\"".to_owned()),
                Just("#".to_owned()),
                Just("\\".to_owned()),
                Just("r#\"".to_owned()),
                Just("👨‍👩‍👧".to_owned()),
                "[a-z é]{0,4}",
            ],
            0..8,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// The hand-written items are exactly what RON writes for them.
        #[test]
        fn turns_and_codings_as_ron_writes_them(
            speaker in prop::option::of(text()),
            time in prop::option::of(text()),
            body in text(),
            start in 0usize..1_000_000,
            len in 1usize..1000,
            created in any::<i64>(),
        ) {
            let t = Turn { speaker: speaker.map(std::sync::Arc::from), time: time.map(String::into_boxed_str), text: body };
            let mut mine = String::new();
            prop_assert!(turn(&mut mine, &t).is_ok());
            prop_assert_eq!(Some(mine), item(&t).ok());
            let c = Coding {
                id: CodingId::new(),
                document: DocId::new(),
                code: CodeId::new(),
                range: TextRange { start, end: start + len },
                coder: CoderId::new(),
                created: Timestamp(created),
            };
            let mut mine = String::new();
            prop_assert!(coding(&mut mine, &c).is_ok());
            prop_assert_eq!(Some(mine), item(&c).ok());
        }
    }
}
