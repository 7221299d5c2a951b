//! The text decoding of `super::super::text` before the speed work, verbatim.

use crate::import::{Body, Extracted};

/// Windows-1252 characters for bytes 0x80..=0x9F (the rest of the range is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decoded text and, when the encoding had to be guessed, a warning for the user.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, String> {
    let units = bytes.chunks(2).map(|c| match (c, big_endian) {
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units)
        .map(|r| r.map_err(|e| e.unpaired_surrogate()))
        .collect::<Result<String, u16>>()
        .map_err(|u| format!("is not valid UTF-16 text (unpaired surrogate {u:#06x}); save it as UTF-8 and import again"))
}

/// Does the byte pattern look like UTF-16 without a byte-order mark (every other byte zero)?
fn bomless_utf16(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(2000)];
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    // Mostly Latin text has a zero high byte in most units; other scripts in a few.
    if zero_odd * 10 >= pairs * 6 && zero_even * 20 < pairs {
        Some(false)
    } else if zero_even * 10 >= pairs * 6 && zero_odd * 20 < pairs {
        Some(true)
    } else {
        None
    }
}

/// Decodes a text file and normalises line ends to `\n`.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (text, warning) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, false)?, None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, true)?, None)
    } else if let Some(be) = bomless_utf16(bytes) {
        (utf16(bytes, be)?, None)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), None),
            Err(e) => {
                let text: String = bytes
                    .iter()
                    .map(|&b| match b {
                        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                        _ => char::from(b),
                    })
                    .collect();
                let warning = format!(
                    "not UTF-8 (first bad byte at offset {}), so it was read as Windows-1252; \
                     check accented letters and quotes, or save it as UTF-8 and import again",
                    e.valid_up_to()
                );
                (text, Some(warning))
            }
        }
    };
    check_text(&text)?;
    Ok(Decoded {
        text: text.replace("\r\n", "\n").replace('\r', "\n"),
        warning,
    })
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
        format!(
            "starts with a UTF-8 mark but is not UTF-8 (bad byte at offset {}); save it as UTF-8 \
             and import again",
            e.valid_up_to()
        )
    })
}

/// Rejects binary data: NUL bytes or many control characters.
fn check_text(text: &str) -> Result<(), String> {
    if text.contains('\0') {
        return Err("holds NUL bytes, so it is not a text file".to_owned());
    }
    let total = text.chars().count().max(1);
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls * 20 > total {
        return Err(
            "holds binary data (many control characters), so it is not a text file".to_owned(),
        );
    }
    Ok(())
}

/// A text file as lines; a first line `# Title` names the document; Markdown emphasis around a
/// speaker label (`**Kari:**`) is dropped.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let decoded = decode(bytes)?;
    let mut title = None;
    let mut lines = Vec::new();
    for (i, line) in decoded.text.lines().enumerate() {
        if i == 0
            && let Some(t) = line.trim().strip_prefix("# ")
        {
            title = Some(t.trim().to_owned());
            continue;
        }
        lines.push(strip_markdown_label(line));
    }
    Ok(Extracted {
        title,
        body: Body::Lines(lines),
        warnings: decoded.warning.into_iter().collect(),
    })
}

/// `**Kari:** text` or `__Kari__: text` to `Kari: text`.
fn strip_markdown_label(line: &str) -> String {
    for mark in ["**", "__"] {
        if let Some(rest) = line.trim_start().strip_prefix(mark)
            && let Some(end) = rest.find(mark)
            && end <= 40
        {
            let label = &rest[..end];
            let after = &rest[end + mark.len()..];
            if label.ends_with(':') {
                return format!("{label}{after}");
            }
            if let Some(after) = after.strip_prefix(':') {
                return format!("{label}:{after}");
            }
        }
    }
    line.to_owned()
}
