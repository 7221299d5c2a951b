//! Format sniffing and the summary line.

use super::*;

#[test]
fn content_decides_the_format_and_the_extension_is_a_hint() {
    let vtt = b"\xEF\xBB\xBFWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n";
    assert_eq!(sniff("renamed.txt", vtt), Ok(Format::Vtt));
    assert_eq!(
        sniff("captions", b"1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
        Ok(Format::Srt)
    );
    assert_eq!(sniff("x.txt", b"%PDF-1.7 ..."), Ok(Format::Pdf));
    assert_eq!(sniff("x.odt", b"PK\x03\x04..."), Ok(Format::Odt));
    assert_eq!(
        sniff("noext", b"PK\x03\x04....word/document.xml"),
        Ok(Format::Docx)
    );
    assert_eq!(sniff("notes.MD", b"Kari: hi"), Ok(Format::Text));
    assert_eq!(sniff("a.srt", b"Kari: hi"), Ok(Format::Srt));
    let err = |name: &str, bytes: &[u8]| sniff(name, bytes).err().unwrap_or_default();
    assert!(err("old.doc", b"\xD0\xCF\x11\xE0rest").contains("save it as .docx"));
    assert_eq!(
        sniff("page.txt", b"<!DOCTYPE html><html>"),
        Ok(Format::Html)
    );
    assert!(err("a.zip", b"PK\x03\x04 other").contains("ZIP archive"));
    assert!(err("a.xlsx", b"cells").contains("cannot read .xlsx"));
}

#[test]
fn turn_text_is_one_clean_line() {
    assert_eq!(clean_line("  a\tb \u{b}c\n d  "), "a b c d");
    assert_eq!(clean_line("👨‍👩‍👧 e\u{301}"), "👨‍👩‍👧 e\u{301}");
}

#[test]
fn summary_line_counts_and_names() {
    let text: String = (0..10).map(|i| format!("Speaker {i}: word\n")).collect();
    let imp =
        import_bytes("many.txt", text.as_bytes(), Pattern::Auto).unwrap_or_else(|e| panic!("{e}"));
    let line = summary_line(&imp);
    assert!(
        line.starts_with("10 speakers, 10 turns, 10 words (text; Speaker 0, "),
        "{line}"
    );
    assert!(line.ends_with("Speaker 7, …)"), "{line}");
    let imp = import_bytes("one.txt", b"just a sentence", Pattern::Auto)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary_line(&imp), "0 speakers, 1 turn, 3 words (text)");
    assert_eq!(imp.document.source, "one.txt");
    assert_eq!(
        imp.document.attributes.get("format").map(String::as_str),
        Some("text")
    );
}
