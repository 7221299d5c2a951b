//! Plain text and Markdown: UTF-8 with or without a byte-order mark, UTF-16 LE/BE, and a
//! Windows-1252 fallback for legacy files (with a warning); CRLF and CR become LF.

use super::{Body, Extracted};
use std::borrow::Cow;

/// Windows-1252 characters for bytes 0x80..=0x9F (the rest of the range is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decoded text and, when the encoding had to be guessed, a warning for the user.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
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
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (text, warning) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, false)?, None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, true)?, None)
    } else if let Some(be) = bomless_utf16(bytes) {
        (utf16(bytes, be)?, None)
    } else {
        match simdutf8::compat::from_utf8(bytes) {
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
    finish(text, warning)
}

/// [`decode`] of bytes the caller owns: plain UTF-8 (the usual case) becomes the text without
/// a copy; everything else is decoded as by [`decode`].
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, String> {
    let marked = [b"\xEF\xBB\xBF".as_slice(), b"\xFF\xFE", b"\xFE\xFF"]
        .iter()
        .any(|bom| bytes.starts_with(bom));
    if marked || bomless_utf16(&bytes).is_some() {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => finish(text, None),
        Err(e) => decode(e.as_bytes()),
    }
}

/// [`decode`] of borrowed bytes that keeps the text borrowed where it can: plain UTF-8 without
/// carriage returns (the usual case) is checked in place, never copied. The same text and
/// warning as [`decode`].
pub fn decode_borrowed(bytes: &[u8]) -> Result<(Cow<'_, str>, Option<String>), String> {
    let marked = [b"\xEF\xBB\xBF".as_slice(), b"\xFF\xFE", b"\xFE\xFF"]
        .iter()
        .any(|bom| bytes.starts_with(bom));
    if !marked
        && bomless_utf16(bytes).is_none()
        // The vectorised check: this is most of the time a plain text import takes.
        && let Ok(text) = simdutf8::basic::from_utf8(bytes)
    {
        check_text(text)?;
        if memchr_cr(text) {
            return Ok((Cow::Owned(normalise_line_ends(text.to_owned())), None));
        }
        return Ok((Cow::Borrowed(text), None));
    }
    decode(bytes).map(|d| (Cow::Owned(d.text), d.warning))
}

/// Does `text` hold a carriage return?
fn memchr_cr(text: &str) -> bool {
    text.as_bytes().contains(&b'\r')
}

/// Rejects binary text and normalises line ends.
fn finish(text: String, warning: Option<String>) -> Result<Decoded, String> {
    check_text(&text)?;
    Ok(Decoded {
        text: normalise_line_ends(text),
        warning,
    })
}

/// CRLF and lone CR to LF in one pass; text without CR (the usual case) is returned as is.
fn normalise_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('\r') {
        out.push_str(&rest[..at]);
        out.push('\n');
        rest = &rest[at + 1..];
        // The CR of a CRLF pair is dropped, its LF kept.
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    out
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
    // Counted on bytes, which gives the same as counting chars and is many times faster: every
    // char has exactly one byte that is not a continuation byte (0b10xx_xxxx), and the controls
    // are the ASCII ones plus U+0080..=U+009F, encoded as C2 80..=C2 9F.
    let bytes = text.as_bytes();
    let ascii_control =
        |b: u8| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)) || b == 0x7F;
    // Most text holds no byte that could start a control (NUL is one); this (vectorised) look
    // decides it.
    if !bytes
        .iter()
        .fold(false, |any, &b| any | ascii_control(b) | (b == 0xC2))
    {
        return Ok(());
    }
    if text.contains('\0') {
        return Err("holds NUL bytes, so it is not a text file".to_owned());
    }
    let total = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count().max(1);
    let ascii = bytes.iter().filter(|&&b| ascii_control(b)).count();
    let c1 = bytes
        .windows(2)
        .filter(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]))
        .count();
    if (ascii + c1) * 20 > total {
        return Err(
            "holds binary data (many control characters), so it is not a text file".to_owned(),
        );
    }
    Ok(())
}

/// Decodes UTF-8 text (with or without a byte-order mark) and normalises line ends to `\n`.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    decode(bytes).map(|d| d.text)
}

/// A text file as lines; a first line `# Title` names the document; Markdown emphasis around a
/// speaker label (`**Kari:**`) is dropped.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    decode(bytes).map(extract_decoded)
}

/// [`extract`] of bytes the caller owns (read from a file), saving a copy of the text.
pub fn extract_owned(bytes: Vec<u8>) -> Result<Extracted, String> {
    decode_owned(bytes).map(extract_decoded)
}

fn extract_decoded(decoded: Decoded) -> Extracted {
    let (title, lines) = lines_of(&decoded.text);
    Extracted {
        title,
        body: Body::Lines(lines.into_iter().map(Cow::into_owned).collect()),
        warnings: decoded.warning.into_iter().collect(),
    }
}

/// Decoded text as a title (a first line `# Title`) and lines, with Markdown emphasis around
/// speaker labels dropped. Lines are borrowed from `text` unless a label was rewritten.
pub(super) fn lines_of(text: &str) -> (Option<String>, Vec<Cow<'_, str>>) {
    let mut title = None;
    // Roughly one line per 60 bytes in transcripts: one allocation for most files.
    let mut lines = Vec::with_capacity(text.len() / 64 + 4);
    for (i, line) in text.lines().enumerate() {
        if i == 0
            && let Some(t) = line.trim().strip_prefix("# ")
        {
            title = Some(t.trim().to_owned());
            continue;
        }
        lines.push(strip_markdown_label(line));
    }
    (title, lines)
}

/// `**Kari:** text` or `__Kari__: text` to `Kari: text`.
fn strip_markdown_label(line: &str) -> Cow<'_, str> {
    let start = line.trim_start();
    // Both marks open with `*` or `_`; most lines open with a letter.
    if !start.starts_with(['*', '_']) {
        return Cow::Borrowed(line);
    }
    for mark in ["**", "__"] {
        if let Some(rest) = start.strip_prefix(mark)
            && let Some(end) = rest.find(mark)
            && end <= 40
        {
            let label = &rest[..end];
            let after = &rest[end + mark.len()..];
            if label.ends_with(':') {
                return Cow::Owned(format!("{label}{after}"));
            }
            if let Some(after) = after.strip_prefix(':') {
                return Cow::Owned(format!("{label}:{after}"));
            }
        }
    }
    Cow::Borrowed(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// The vectorised look at the bytes lets through exactly the text the counting rule
        /// lets through (text with a few controls, or many).
        #[test]
        fn binary_text_is_told_as_before(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    "a", "word ", "Søren", "\n", "\r", "\t", "\u{c}", "\u{0}", "\u{1}",
                    "\u{b}", "\u{1f}", "\u{7f}", "\u{80}", "\u{85}", "\u{9f}", "\u{a0}", "«",
                ]),
                0..60,
            ),
        ) {
            let text = pieces.concat();
            let controls = text
                .chars()
                .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
                .count();
            let chars = text.chars().count().max(1);
            let want = if text.contains('\0') {
                Err("holds NUL bytes, so it is not a text file".to_owned())
            } else if controls * 20 > chars {
                Err("holds binary data (many control characters), so it is not a text file"
                    .to_owned())
            } else {
                Ok(())
            };
            prop_assert_eq!(check_text(&text), want);
        }
    }

    #[test]
    fn decodes_every_encoding() {
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFa\r\nb\rc"),
            Ok("a\nb\nc".to_owned())
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Søren: ja\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&le), Ok("Søren: ja\n".to_owned()));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Søren: 😀".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(&be), Ok("Søren: 😀".to_owned()));
        let nobom: Vec<u8> = "Kari: hello there"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode_text(&nobom), Ok("Kari: hello there".to_owned()));
        let legacy = decode(b"Caf\xe9 \x93quoted\x94 \x80").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(legacy.text, "Café “quoted” €");
        assert!(legacy.warning.is_some_and(|w| w.contains("Windows-1252")));
        assert!(decode_text(b"\x00\x01\x02\x03\x04\x05\x06").is_err());
        assert!(decode_text(b"\xEF\xBB\xBF\xff").is_err());
    }

    #[test]
    fn markdown_labels() {
        assert_eq!(strip_markdown_label("**Kari:** hi"), "Kari: hi");
        assert_eq!(strip_markdown_label("**Kari**: hi"), "Kari: hi");
        assert_eq!(strip_markdown_label("**bold** words"), "**bold** words");
    }
}
