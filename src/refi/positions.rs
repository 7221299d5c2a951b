//! How a tool counted `startPosition`/`endPosition`, decided per source. Tools disagree (see
//! `../shared/refi/README.md`): Unicode code points or UTF-16 code units, CRLF as one position
//! or two, a byte-order mark counted or not. Every reading that the file could make a difference
//! for is tried; the one whose slices match the selections' `name` texts wins, or, where tools
//! leave `name` empty, the one whose ends fall on word and line boundaries most often.

use std::fmt;

/// What one position counts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unit {
    CodePoint,
    Utf16,
}

/// One way of counting positions in a text file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Reading {
    pub unit: Unit,
    /// A CRLF pair counts as one position (ATLAS.ti, qc) rather than two (as stored).
    pub crlf_as_one: bool,
    /// The byte-order mark counts as position 0.
    pub bom_counted: bool,
}

impl Reading {
    /// The specification's reading: code points over the text as stored, no BOM.
    pub const SPEC: Reading = Reading {
        unit: Unit::CodePoint,
        crlf_as_one: false,
        bom_counted: false,
    };
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.unit {
            Unit::CodePoint => "Unicode code points",
            Unit::Utf16 => "UTF-16 code units",
        })?;
        if self.crlf_as_one {
            f.write_str(", CRLF as one")?;
        }
        if self.bom_counted {
            f.write_str(", byte-order mark counted")?;
        }
        Ok(())
    }
}

/// A source text as a tool stored it, normalised for Gloss: BOM removed, CRLF and CR as LF.
pub struct SourceText {
    /// The normalised text (LF line breaks, no BOM).
    pub text: String,
    has_bom: bool,
    has_cr: bool,
    has_astral: bool,
    /// Each stored character: (is it a CR before LF, is it a lone CR, its UTF-16 length, its
    /// byte offset in `text`).
    chars: Vec<(Kind, u8, u32)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    /// A CR followed by LF: not in the normalised text.
    CrBeforeLf,
}

impl SourceText {
    /// Reads `raw` (already decoded; may start with a BOM and hold CRLF).
    pub fn new(raw: &str) -> Self {
        Self::read(raw, true)
    }

    /// Reads a text Gloss wrote: kept exactly as stored (a BOM still dropped).
    pub fn verbatim(raw: &str) -> Self {
        Self::read(raw, false)
    }

    fn read(raw: &str, normalise: bool) -> Self {
        let has_bom = raw.starts_with('\u{feff}');
        let body = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let mut text = String::with_capacity(body.len());
        let mut chars = Vec::with_capacity(body.len());
        let (mut has_cr, mut has_astral) = (false, false);
        let mut it = body.chars().peekable();
        while let Some(c) = it.next() {
            let at = text.len() as u32;
            if c == '\r' && normalise {
                has_cr = true;
                if it.peek() == Some(&'\n') {
                    chars.push((Kind::CrBeforeLf, 1, at));
                    continue;
                }
                chars.push((Kind::Plain, 1, at));
                text.push('\n');
                continue;
            }
            let w = c.len_utf16() as u8;
            has_astral |= w == 2;
            chars.push((Kind::Plain, w, at));
            text.push(c);
        }
        Self {
            text,
            has_bom,
            has_cr,
            has_astral,
            chars,
        }
    }

    /// The readings that differ for this text, the specification's first.
    pub fn readings(&self) -> Vec<Reading> {
        let mut out = Vec::new();
        for unit in [Unit::CodePoint, Unit::Utf16] {
            if unit == Unit::Utf16 && !self.has_astral {
                continue;
            }
            for crlf_as_one in [false, true] {
                if crlf_as_one && !self.has_cr {
                    continue;
                }
                for bom_counted in [false, true] {
                    if bom_counted && !self.has_bom {
                        continue;
                    }
                    out.push(Reading {
                        unit,
                        crlf_as_one,
                        bom_counted,
                    });
                }
            }
        }
        out
    }

    /// The table from positions under `reading` to byte offsets in [`Self::text`]. A position
    /// inside a character (the second half of a surrogate pair, between CR and LF) maps to the
    /// end of that character and is flagged in the second table.
    pub fn table(&self, reading: Reading) -> PositionTable {
        let mut offsets = Vec::with_capacity(self.chars.len() + 2);
        let mut inside = Vec::new();
        if reading.bom_counted {
            offsets.push(0);
        }
        let next_offset = |i: usize| {
            self.chars
                .get(i + 1)
                .map(|c| c.2)
                .unwrap_or(self.text.len() as u32)
        };
        for (i, &(kind, w, at)) in self.chars.iter().enumerate() {
            let units = match (kind, reading.crlf_as_one, reading.unit) {
                (Kind::CrBeforeLf, true, _) => 0,
                (_, _, Unit::CodePoint) => 1,
                (_, _, Unit::Utf16) => w,
            };
            if units == 0 {
                continue;
            }
            offsets.push(at);
            for _ in 1..units {
                inside.push(offsets.len() as u32);
                offsets.push(next_offset(i));
            }
        }
        offsets.push(self.text.len() as u32);
        PositionTable { offsets, inside }
    }
}

/// Positions under one reading mapped to byte offsets of the normalised text.
pub struct PositionTable {
    offsets: Vec<u32>,
    /// Positions that fall inside a character (sorted).
    inside: Vec<u32>,
}

impl PositionTable {
    /// The byte offset of `pos`, and whether it fell inside a character. `None` past the end.
    pub fn offset(&self, pos: i64) -> Option<(usize, bool)> {
        let p = usize::try_from(pos).ok()?;
        let off = *self.offsets.get(p)? as usize;
        Some((off, self.inside.binary_search(&(p as u32)).is_ok()))
    }

    /// How many positions the text has under this reading.
    pub fn positions(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
}

/// Whitespace collapsed to single spaces and trimmed, for comparing texts.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Does the text a reading selects match the tool's `name` for the selection? `name` may be cut
/// short with an ellipsis.
pub fn name_matches(name: &str, selected: &str) -> bool {
    let name = collapse(name);
    if name.is_empty() {
        return false;
    }
    let selected = collapse(selected);
    if name == selected {
        return true;
    }
    for cut in ["…", "..."] {
        if let Some(prefix) = name.strip_suffix(cut) {
            let prefix = prefix.trim_end();
            return !prefix.is_empty() && selected.starts_with(prefix);
        }
    }
    false
}

/// Is `offset` the start of a word or line (or of the text)?
fn word_start(text: &str, offset: usize) -> bool {
    let before = text[..offset].chars().next_back();
    let after = text[offset..].chars().next();
    match (before, after) {
        (None, _) => true,
        (Some(b), Some(a)) => !is_word(b) && !a.is_whitespace() || b == '\n',
        (Some(_), None) => false,
    }
}

/// Is `offset` the end of a word or line (or of the text)?
fn word_end(text: &str, offset: usize) -> bool {
    let before = text[..offset].chars().next_back();
    let after = text[offset..].chars().next();
    match (before, after) {
        (_, None) => true,
        (Some(b), Some(a)) => !is_word(a) && !b.is_whitespace() || a == '\n',
        (None, Some(_)) => false,
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

/// A selection's raw positions and the text the tool showed (may be empty).
pub struct RawSelection<'a> {
    pub start: i64,
    pub end: i64,
    pub name: &'a str,
}

/// The reading that fits `selections` best, with how many names matched under it.
pub fn choose(text: &SourceText, selections: &[RawSelection<'_>]) -> (Reading, usize) {
    let readings = text.readings();
    if readings.len() == 1 || selections.is_empty() {
        return (Reading::SPEC, 0);
    }
    let mut best: Option<((usize, usize), Reading)> = None;
    for reading in readings {
        let table = text.table(reading);
        let (mut names, mut bounds) = (0usize, 0usize);
        for s in selections {
            let (Some((a, _)), Some((b, _))) = (table.offset(s.start), table.offset(s.end)) else {
                continue;
            };
            if a > b {
                continue;
            }
            let Some(slice) = text.text.get(a..b) else {
                continue;
            };
            if name_matches(s.name, slice) {
                names += 1;
            }
            bounds += usize::from(word_start(&text.text, a)) + usize::from(word_end(&text.text, b));
        }
        let score = (names, bounds);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, reading));
        }
    }
    best.map(|((n, _), r)| (r, n)).unwrap_or((Reading::SPEC, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\u{feff}A 😀 b\r\nc 中 d\r\ne";

    #[test]
    fn every_reading_maps_to_the_same_text() {
        let t = SourceText::new(TEXT);
        assert_eq!(t.text, "A 😀 b\nc 中 d\ne");
        assert_eq!(t.readings().len(), 8);
        // "c" sits after "A 😀 b" and a line break.
        let cases = [
            (Reading::SPEC, 7),
            (
                Reading {
                    unit: Unit::Utf16,
                    ..Reading::SPEC
                },
                8,
            ),
            (
                Reading {
                    crlf_as_one: true,
                    ..Reading::SPEC
                },
                6,
            ),
            (
                Reading {
                    bom_counted: true,
                    ..Reading::SPEC
                },
                8,
            ),
        ];
        for (reading, pos) in cases {
            let table = t.table(reading);
            let at = table.offset(pos).map(|(o, _)| o);
            assert_eq!(
                at.and_then(|o| t.text.get(o..o + 1)),
                Some("c"),
                "{reading}"
            );
        }
        let utf16 = t.table(Reading {
            unit: Unit::Utf16,
            ..Reading::SPEC
        });
        assert_eq!(utf16.offset(3), Some((6, true)), "inside the emoji");
        assert_eq!(utf16.offset(100), None);
    }

    #[test]
    fn names_decide_and_boundaries_break_ties() {
        let t = SourceText::new(TEXT);
        // UTF-16 with CRLF as two: "c 中 d" is 8..13.
        // Counting the BOM gives the same text for the second passage; the first tells them apart.
        let sel = [
            RawSelection {
                start: 0,
                end: 1,
                name: "A",
            },
            RawSelection {
                start: 8,
                end: 13,
                name: "c 中 d",
            },
        ];
        let (r, n) = choose(&t, &sel);
        assert_eq!(
            (r.unit, r.crlf_as_one, r.bom_counted, n),
            (Unit::Utf16, false, false, 2)
        );
        let sel = [RawSelection {
            start: 8,
            end: 13,
            name: "",
        }];
        let (r, _) = choose(&t, &sel);
        let table = t.table(r);
        let (a, b) = (table.offset(8).map(|x| x.0), table.offset(13).map(|x| x.0));
        assert_eq!(a.zip(b).and_then(|(a, b)| t.text.get(a..b)), Some("c 中 d"));
        assert!(name_matches("c 中…", "c 中 d"));
        assert!(!name_matches("x…", "c 中 d"));
    }
}
