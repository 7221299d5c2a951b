//! Transcript import: fixtures for every format and encoding (the .docx and .odt are built here
//! with the `zip` crate), corrupt input, arbitrary bytes, the batch as one undo step, the
//! command line, and the real transcripts in ../shared/transcripts when that folder exists.

use gloss::edit::{self, History};
use gloss::import::{self, BatchSettings, Format, ImportError, Pattern};
use gloss::model::{Document, Project};
use proptest::prelude::*;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn zip_package(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(*name, opts).unwrap_or_else(|e| panic!("{e}"));
        w.write_all(body.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn docx(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    );
    zip_package(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", &doc),
        (
            "word/header1.xml",
            "<w:hdr><w:p><w:r><w:t>CONFIDENTIAL HEADER</w:t></w:r></w:p></w:hdr>",
        ),
        (
            "word/comments.xml",
            "<w:comments><w:comment><w:p><w:r><w:t>a comment</w:t></w:r></w:p></w:comment></w:comments>",
        ),
    ])
}

fn para(runs: &[(&str, bool)]) -> String {
    let mut s = String::from("<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr>");
    for (t, b) in runs {
        let rpr = if *b {
            "<w:rPr><w:b/></w:rPr>"
        } else {
            "<w:rPr><w:b w:val=\"0\"/></w:rPr>"
        };
        s.push_str(&format!(
            r#"<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r>"#
        ));
    }
    s.push_str("</w:p>");
    s
}

fn odt(body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    zip_package(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", &content),
        (
            "styles.xml",
            r#"<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:master-styles><style:master-page><style:header><text:p>Running head</text:p></style:header></style:master-page></office:master-styles></office:document-styles>"#,
        ),
    ])
}

fn ok(name: &str, bytes: &[u8]) -> import::Imported {
    import::import_bytes(name, bytes, Pattern::Auto).unwrap_or_else(|e| panic!("{e}"))
}

/// A turn as (speaker, time, text).
type TurnView<'a> = (Option<&'a str>, Option<&'a str>, &'a str);

fn turns(doc: &Document) -> Vec<TurnView<'_>> {
    doc.turns()
        .iter()
        .map(|t| (t.speaker.as_deref(), t.time.as_deref(), t.text.as_str()))
        .collect()
}

#[test]
fn docx_paragraphs_breaks_bold_labels_tables_and_left_out_parts() {
    let body = [
        para(&[("Interviewer", true), (" How did the first week go?", false)]),
        para(&[("Kari:", true), (" Intense &amp; long.", false)]),
        // A line break inside a paragraph, a tab, deleted text and a field code left out.
        r#"<w:p><w:r><w:t>The second</w:t></w:r><w:r><w:br/><w:t>line.</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"#.to_owned(),
        // A text box Word writes twice: the fallback copy is skipped.
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>Boxed</w:t></mc:Choice><mc:Fallback><w:t>Boxed</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#.to_owned(),
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>00:01:02</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Jonas</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>From the table.</w:t></w:r></w:p><w:p><w:r><w:t>Second paragraph in a cell.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_owned(),
        para(&[("Kari: Søren said 👍🏽 €5.", false)]),
    ]
    .concat();
    let imp = ok("round1.docx", &docx(&body));
    assert_eq!(imp.format, Format::Docx);
    assert_eq!(imp.document.title, "round1");
    assert_eq!(
        turns(&imp.document),
        [
            (Some("Interviewer"), None, "How did the first week go?"),
            (Some("Kari"), None, "Intense & long."),
            (None, None, "The second line."),
            (None, None, "Boxed"),
            (
                Some("Jonas"),
                Some("00:01:02"),
                "From the table. Second paragraph in a cell."
            ),
            (Some("Kari"), None, "Søren said 👍🏽 €5."),
        ]
    );
    assert!(
        imp.warnings
            .iter()
            .any(|w| w.contains("headers") && w.contains("comments")),
        "{:?}",
        imp.warnings
    );
    let text: String = imp
        .document
        .turns()
        .iter()
        .map(|t| t.text.clone())
        .collect();
    assert!(!text.contains("CONFIDENTIAL") && !text.contains("comment") && !text.contains("gone"));
}

#[test]
fn odt_spans_spaces_breaks_tables_notes_and_comments() {
    let body = r#"<text:h>Interview 3</text:h><text:p><text:span text:style-name="T1">Interviewer</text:span> Welcome<text:s text:c="2"/>back.</text:p><text:p>Kari: First<text:line-break/>and second line.<text:note><text:note-body><text:p>A footnote</text:p></text:note-body></text:note><office:annotation><text:p>A comment</text:p></office:annotation></text:p><table:table><table:table-row><table:table-cell><text:p>Jonas</text:p></table:table-cell><table:table-cell><text:p>In a cell.</text:p></table:table-cell></table:table-row></table:table><text:p>Kari: Ja &amp; nei.</text:p>"#;
    let imp = ok("r3.odt", &odt(body));
    assert_eq!(imp.format, Format::Odt);
    assert_eq!(
        turns(&imp.document),
        [
            (None, None, "Interview 3"),
            (Some("Interviewer"), None, "Welcome back."),
            (Some("Kari"), None, "First and second line."),
            (Some("Jonas"), None, "In a cell."),
            (Some("Kari"), None, "Ja & nei."),
        ]
    );
    let w = imp.warnings.join(" ");
    assert!(
        w.contains("headers") && w.contains("footnotes") && w.contains("comments"),
        "{w}"
    );
}

#[test]
fn vtt_voice_tags_prefixes_merging_notes_and_styling() {
    let vtt = "\u{feff}WEBVTT - Teams meeting\r\n\r\nNOTE\r\nconfidential note\r\n\r\nSTYLE\r\n::cue { color: red }\r\n\r\n6b0d-1\r\n00:00:01.000 --> 00:00:03.500 align:start\r\n<v Kari Lind>Hello <b>there</b>,</v>\r\n\r\n6b0d-2\r\n00:00:03.600 --> 00:00:05.000\r\n<v Kari Lind>and welcome.</v>\r\n\r\n00:00:06.000 --> 00:00:08.000\r\n<v.loud Interviewer>Thanks &amp; hi.\r\n\r\n00:01:00.000 --> 00:01:02.000\r\nJonas: A Zoom-style prefix.\r\n\r\n00:01:02.000 --> 00:01:04.000\r\nJonas: Merged with this.\r\n";
    let imp = ok("teams.vtt", vtt.as_bytes());
    assert_eq!(imp.format, Format::Vtt);
    assert_eq!(
        turns(&imp.document),
        [
            (
                Some("Kari Lind"),
                Some("00:00:01"),
                "Hello there, and welcome."
            ),
            (Some("Interviewer"), Some("00:00:06"), "Thanks & hi."),
            (
                Some("Jonas"),
                Some("00:01:00"),
                "A Zoom-style prefix. Merged with this."
            ),
        ]
    );
}

#[test]
fn srt_from_whisper_with_and_without_speakers() {
    let srt = "1\n00:00:00,000 --> 00:00:02,000\nAnd so my fellow Americans,\n\n2\n00:00:02,100 --> 00:00:04,000\n<i>ask not</i>\n\n3\n00:00:09,000 --> 00:00:10,000\n{\\an8}After a pause.\n";
    let imp = ok("jfk.srt", srt.as_bytes());
    assert_eq!(imp.format, Format::Srt);
    assert_eq!(
        turns(&imp.document),
        [
            (
                None,
                Some("00:00:00"),
                "And so my fellow Americans, ask not"
            ),
            (None, Some("00:00:09"), "After a pause."),
        ]
    );
    let srt = "1\r\n00:00:01,000 --> 00:00:02,000\r\n[Kari] Hi.\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\n[Jonas] Hello.\r\n";
    let imp = ok("named.srt", srt.as_bytes());
    assert_eq!(
        turns(&imp.document),
        [
            (Some("Kari"), Some("00:00:01"), "Hi."),
            (Some("Jonas"), Some("00:00:02"), "Hello.")
        ]
    );
}

fn utf16(s: &str, be: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if be { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
    }
    for u in s.encode_utf16() {
        out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

#[test]
fn text_in_every_encoding_and_line_ending() {
    let text = "Interviewer: Hvordan går det?\r\nSøren: Godt, 看护 很好 👨‍👩‍👧.\r\n";
    let expected = [
        (Some("Interviewer"), None, "Hvordan går det?"),
        (Some("Søren"), None, "Godt, 看护 很好 👨‍👩‍👧."),
    ];
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    for (name, bytes) in [
        ("plain.txt", text.as_bytes().to_vec()),
        ("bom.txt", bom),
        ("le.txt", utf16(text, false, true)),
        ("be.txt", utf16(text, true, true)),
        ("nobom.txt", utf16(text, false, false)),
        ("cr.md", text.replace("\r\n", "\r").into_bytes()),
    ] {
        let imp = ok(name, &bytes);
        assert_eq!(turns(&imp.document), expected, "{name}");
        assert!(imp.warnings.is_empty(), "{name}: {:?}", imp.warnings);
    }
    let imp = ok(
        "legacy.txt",
        b"Interviewer: Caf\xe9?\r\nJos\xe9: \x93S\xed\x94 \x80",
    );
    assert_eq!(
        turns(&imp.document),
        [
            (Some("Interviewer"), None, "Café?"),
            (Some("José"), None, "“Sí” €")
        ]
    );
    assert!(imp.warnings.iter().any(|w| w.contains("Windows-1252")));
}

#[test]
fn markdown_title_and_every_speaker_pattern() {
    let cases: &[(&str, Pattern, &[TurnView])] = &[
        (
            "# Round 2\n\n**Kari:** Hi.\n\n**Jonas:** Yo.",
            Pattern::NameColon,
            &[(Some("Kari"), None, "Hi."), (Some("Jonas"), None, "Yo.")],
        ),
        (
            "KARI: Hi.\nJONAS: Yo.",
            Pattern::NameColon,
            &[(Some("KARI"), None, "Hi."), (Some("JONAS"), None, "Yo.")],
        ),
        (
            "Kari (00:01:02): Hi.\nJonas (00:01:05): Yo.",
            Pattern::NameColon,
            &[
                (Some("Kari"), Some("00:01:02"), "Hi."),
                (Some("Jonas"), Some("00:01:05"), "Yo."),
            ],
        ),
        (
            "S01: [00:00:12] Hi.\n\nS02: [00:00:15] Yo.",
            Pattern::NameColon,
            &[
                (Some("S01"), Some("00:00:12"), "Hi."),
                (Some("S02"), Some("00:00:15"), "Yo."),
            ],
        ),
        (
            "[Kari] Hi.\n[Jonas] Yo.",
            Pattern::Bracket,
            &[(Some("Kari"), None, "Hi."), (Some("Jonas"), None, "Yo.")],
        ),
        (
            "{Kari} Hi.\n{Jonas} Yo.",
            Pattern::Brace,
            &[(Some("Kari"), None, "Hi."), (Some("Jonas"), None, "Yo.")],
        ),
        (
            "Speaker 1  0:03\nHi.\n\nSpeaker 2  0:05\nYo.",
            Pattern::NameLine,
            &[
                (Some("Speaker 1"), Some("0:03"), "Hi."),
                (Some("Speaker 2"), Some("0:05"), "Yo."),
            ],
        ),
        (
            "Interviewer: Hi.\nRespondent: Yo.",
            Pattern::NameColon,
            &[
                (Some("Interviewer"), None, "Hi."),
                (Some("Respondent"), None, "Yo."),
            ],
        ),
    ];
    for (text, pattern, expected) in cases {
        let imp = ok("t.md", text.as_bytes());
        assert_eq!(imp.pattern, Some(*pattern), "{text}");
        assert_eq!(turns(&imp.document), *expected, "{text}");
    }
    assert_eq!(ok("t.md", cases[0].0.as_bytes()).document.title, "Round 2");
    // The user can override the pattern: no speakers at all.
    let imp = import::import_bytes("t.txt", b"Kari: Hi.\n\nJonas: Yo.", Pattern::Paragraphs)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        turns(&imp.document),
        [(None, None, "Kari: Hi."), (None, None, "Jonas: Yo.")]
    );
}

/// A minimal PDF with one page whose content stream is `content` (offsets computed, so the
/// cross-reference table is valid).
fn pdf(content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).into_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

#[test]
fn pdf_with_text_and_a_scan_without() {
    let content =
        "BT /F1 12 Tf 72 700 Td (Interviewer: How was it?) Tj 0 -20 Td (Kari: Calm, mostly.) Tj ET";
    let imp = ok("p.pdf", &pdf(content));
    assert_eq!(imp.format, Format::Pdf);
    let speakers = imp.speakers();
    assert_eq!(
        speakers,
        ["Interviewer", "Kari"],
        "{:?}",
        turns(&imp.document)
    );
    let scan = pdf("q 612 0 0 792 0 0 cm Q");
    let err =
        import::import_bytes("scan.pdf", &scan, Pattern::Auto).map(|i| i.document.turns().len());
    match err {
        Err(ImportError::BadText { file, reason }) => {
            assert_eq!(file, "scan.pdf");
            assert!(reason.contains("OCR"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn corrupt_and_unknown_files_name_the_file_and_the_problem() {
    let mut truncated = docx(&para(&[("Kari: hi", false)]));
    truncated.truncate(truncated.len() / 2);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "empty.html",
            b"<html><body><p> </p></body></html>".to_vec(),
            "no text",
        ),
        ("broken.docx", truncated, "damaged"),
        ("fake.docx", b"just text".to_vec(), "not a valid .docx"),
        ("fake.pdf", b"hello".to_vec(), "not a valid PDF"),
        ("bad.pdf", b"%PDF-1.4\ngarbage".to_vec(), "PDF"),
        (
            "bin.txt",
            vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1],
            "not a text file",
        ),
        (
            "old.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            ".docx",
        ),
        ("notes.rtf", b"{\\rtf1 hi}".to_vec(), "Rich Text"),
        ("movie.mp4", b"\x00\x00\x00\x18ftypmp42".to_vec(), ".mp4"),
        ("empty.txt", b"  \n\n ".to_vec(), "no text"),
        ("nocue.vtt", b"WEBVTT\n\nhello\n".to_vec(), "no cues"),
        (
            "zip.docx",
            zip_package(&[("a.txt", "x")]),
            "word/document.xml",
        ),
        (
            "badxml.docx",
            zip_package(&[("word/document.xml", "<w:document><w:body><w:p></w:r>")]),
            "XML",
        ),
    ];
    for (name, bytes, says) in cases {
        match import::import_bytes(name, &bytes, Pattern::Auto) {
            Ok(i) => panic!("{name} imported: {:?}", i.document.turns()),
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with(name), "{msg}");
                assert!(msg.contains(says), "{name}: {msg}");
            }
        }
    }
}

fn project_with(docs: &[&str]) -> Project {
    let mut p = Project::default();
    for text in docs {
        let d = import::parse_transcript("old", text);
        let e = import::plan_batch(&p, vec![d], &BatchSettings::default());
        edit::apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
    }
    p
}

#[test]
fn a_batch_adds_participants_and_attributes_and_undoes_in_one_step() {
    let mut project = project_with(&["Kari: earlier round.\nInterviewer: yes."]);
    let before = project.clone();
    let a = ok(
        "a.txt",
        b"Interviewer: Hi.\nKari: Round two.\nJonas: New here.",
    )
    .document;
    let b = ok("b.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Moderator>Hello\n\n00:00:02.000 --> 00:00:03.000\n<v Jonas>Hi").document;
    let names: Vec<String> = [&a, &b]
        .iter()
        .flat_map(|d| import::speakers_of(d))
        .collect();
    let interviewers = import::default_interviewers(&project, names.iter().map(String::as_str));
    assert_eq!(interviewers.into_iter().collect::<Vec<_>>(), ["Moderator"]);
    let settings = BatchSettings {
        attributes: [
            ("site".to_owned(), "Harbour".to_owned()),
            ("round".to_owned(), " ".to_owned()),
        ]
        .into(),
        interviewers: ["Interviewer".to_owned(), "Moderator".to_owned()].into(),
    };
    let batch = import::plan_batch(&project, vec![a, b], &settings);
    let mut history = History::new_saved();
    history
        .apply_coalescing(&mut project, batch, "Import 2 transcripts", "tester", None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(project.documents.len(), 3);
    let names: Vec<(&str, bool)> = project
        .participants
        .iter()
        .map(|p| (p.name.as_str(), p.interviewer))
        .collect();
    assert_eq!(
        names,
        [
            ("Kari", false),
            ("Interviewer", true),
            ("Jonas", false),
            ("Moderator", true)
        ]
    );
    for d in &project.documents[1..] {
        assert_eq!(
            d.attributes.get("site").map(String::as_str),
            Some("Harbour")
        );
        assert!(
            !d.attributes.contains_key("round"),
            "blank values are skipped"
        );
    }
    assert_eq!(
        project.documents[2]
            .attributes
            .get("format")
            .map(String::as_str),
        Some("vtt")
    );
    assert!(gloss::model::validate(&project).is_empty());
    history.undo(&mut project).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(project, before, "one undo removes the whole batch");
}

fn gloss_cmd(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn cli_prints_one_line_per_file_and_fails_if_any_file_failed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = dir.path().join("r1.docx");
    std::fs::write(
        &good,
        docx(
            &[
                para(&[("Interviewer: Hi.", false)]),
                para(&[("Kari: Hello there.", false)]),
            ]
            .concat(),
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let vtt = dir.path().join("r2.vtt");
    std::fs::write(
        &vtt,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Kari>One two three\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, "not a zip").unwrap_or_else(|e| panic!("{e}"));
    let project = dir.path().join("p.gloss");
    let p = project.display().to_string();
    let out = gloss_cmd(&[
        "import",
        &p,
        &good.display().to_string(),
        &bad.display().to_string(),
        &vtt.display().to_string(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].contains("r1.docx: 2 speakers, 2 turns, 3 words (docx; Interviewer, Kari)"),
        "{stdout}"
    );
    assert!(
        lines[1].contains("bad.docx") && lines[1].contains("not a valid .docx"),
        "{stdout}"
    );
    assert!(
        lines[2].ends_with("r2.vtt: 1 speaker, 1 turn, 3 words (vtt; Kari)"),
        "{stdout}"
    );
    let out = gloss_cmd(&["info", &p, "--json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["documents"], 2);
    assert_eq!(
        v["document_list"],
        serde_json::json!([
            {"title": "r1", "speakers": ["Interviewer", "Kari"], "turns": 2, "words": 3},
            {"title": "r2", "speakers": ["Kari"], "turns": 1, "words": 3},
        ])
    );
    let out = gloss_cmd(&["import", &p, &vtt.display().to_string()]);
    assert!(out.status.success());
}

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/transcripts");
    dir.is_dir().then_some(dir)
}

#[test]
fn the_real_transcripts_import_with_the_speakers_seen_by_hand() {
    let Some(dir) = shared() else {
        eprintln!("../shared/transcripts is absent; skipped");
        return;
    };
    // (file, format, speakers in order of appearance, turns)
    let expected: &[(&str, Format, &[&str], usize)] = &[
        (
            "QualCoder__Examples__transcript.txt",
            Format::Text,
            &["id1", "id2", "id3"],
            7,
        ),
        ("QualCoder__Examples__ID1.docx", Format::Docx, &[], 3),
        ("QualCoder__Examples__ID2.odt", Format::Odt, &[], 3),
        (
            "qualitative-coding__demo.qdpx__sources__admin-1.txt",
            Format::Text,
            &["Automation", "Max Bigman", "admin-1"],
            86,
        ),
        (
            "noScribe__tests_data__interview.vtt",
            Format::Vtt,
            &["S01", "S00", "S02"],
            53,
        ),
        (
            "noScribe__tests_data__interview.txt",
            Format::Text,
            &["S01", "S00", "S02"],
            58,
        ),
        (
            "PDPilotUserStudy__results_transcripts__P1.pdf",
            Format::Pdf,
            &["Dan", "Participant"],
            93,
        ),
        ("whisper__jfk.srt", Format::Srt, &[], 1),
        (
            "noScribe__tests_data__interview.html",
            Format::Html,
            &["S01", "S00", "S02"],
            58,
        ),
    ];
    for (file, format, speakers, n) in expected {
        let path = dir.join(file);
        if !path.exists() {
            continue;
        }
        let imp = import::import_path(&path, Pattern::Auto).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(imp.format, *format, "{file}");
        assert_eq!(imp.speakers(), *speakers, "{file}");
        assert_eq!(imp.document.turns().len(), *n, "{file}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_importer_returns_ok_or_an_error_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        text in "\\PC{0,200}",
        ext in prop::sample::select(vec!["txt", "md", "docx", "odt", "vtt", "srt", "pdf", "html", "bin"]),
    ) {
        let name = format!("f.{ext}");
        let _ = import::import_bytes(&name, &bytes, Pattern::Auto);
        for p in Pattern::ALL {
            let _ = import::import_bytes(&name, text.as_bytes(), p);
        }
        // Arbitrary bytes behind each format's signature, so every parser sees them.
        let mut vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n".to_vec();
        vtt.extend(&bytes);
        let _ = import::import_bytes("f.vtt", &vtt, Pattern::Auto);
        let mut srt = b"1\n00:00:01,000 --> 00:00:02,000\n".to_vec();
        srt.extend(&bytes);
        let _ = import::import_bytes("f.srt", &srt, Pattern::Auto);
        let mut pdf_bytes = b"%PDF-1.4\n".to_vec();
        pdf_bytes.extend(&bytes);
        let _ = import::import_bytes("f.pdf", &pdf_bytes, Pattern::Auto);
        let xml = String::from_utf8_lossy(&bytes).into_owned();
        let _ = import::import_bytes("f.docx", &zip_package(&[("word/document.xml", &xml)]), Pattern::Auto);
        let _ = import::import_bytes("f.docx", &zip_package(&[("word/document.xml", &format!("<w:document {W}><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"))]), Pattern::Auto);
        let _ = import::import_bytes("f.odt", &zip_package(&[("content.xml", &xml), ("styles.xml", &xml)]), Pattern::Auto);
    }
}

mod gui {
    use super::*;
    use egui::Vec2;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;
    use gloss::ui::{Action, GlossApp};

    fn wait_for_reading(h: &mut Harness<'static, GlossApp>) {
        for _ in 0..1000 {
            h.step();
            if !h.state_mut().import_dialog().is_reading() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(
            !h.state_mut().import_dialog().is_reading(),
            "reading never finished"
        );
        h.run();
    }

    #[test]
    fn the_dialog_previews_imports_the_good_files_and_one_undo_removes_them() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let good = dir.path().join("round2.txt");
        std::fs::write(&good, "Interviewer: How was it?\nNewcomer Nils: Busy.\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let vtt = dir.path().join("call.vtt");
        std::fs::write(
            &vtt,
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Nils>Yes\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let bad = dir.path().join("broken.docx");
        std::fs::write(&bad, "not a zip").unwrap_or_else(|e| panic!("{e}"));
        let mut h = Harness::builder()
            .with_size(Vec2::new(1500.0, 950.0))
            .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()));
        h.run();
        let before = h.state().project().clone();
        h.state_mut().queue(Action::ImportPaths(vec![
            good.clone(),
            bad.clone(),
            vtt.clone(),
        ]));
        wait_for_reading(&mut h);
        // The preview shows the first file's turns and the failing file's reason.
        h.get_by_label_contains("not a valid .docx");
        h.get_by_label("Newcomer Nils");
        h.state_mut()
            .import_dialog()
            .set_attribute("site", "Harbour");
        h.get_by_label("Import 2 files").click();
        h.run();
        h.get_by_label("Import finished");
        h.get_by_label_contains("Not imported:");
        let project = h.state().project();
        assert_eq!(project.documents.len(), before.documents.len() + 2);
        let added = &project.documents[before.documents.len()];
        assert_eq!(added.title, "round2");
        assert_eq!(
            added.attributes.get("site").map(String::as_str),
            Some("Harbour")
        );
        let interviewer = project.participant("Interviewer").map(|p| p.interviewer);
        assert_eq!(interviewer, Some(true));
        assert!(project.participant("Nils").is_some());
        h.get_by_label("Close").click();
        h.run();
        assert!(!h.state_mut().import_dialog().is_open());
        h.state_mut().queue(Action::Undo);
        h.run();
        assert_eq!(h.state().project(), &before, "one undo removes the batch");
    }

    #[derive(Debug)]
    struct Dropped(PathBuf);

    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }

        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }

    #[test]
    fn files_dropped_on_the_window_open_the_dialog() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("dropped.srt");
        std::fs::write(
            &file,
            "1\n00:00:01,000 --> 00:00:02,000\nKari: Dropped in.\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut h = Harness::builder()
            .with_size(Vec2::new(1500.0, 950.0))
            .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()));
        h.run();
        let n = h.state().project().documents.len();
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(file)));
        h.step();
        assert!(h.state_mut().import_dialog().is_open());
        wait_for_reading(&mut h);
        h.get_by_label("Import 1 file").click();
        h.run();
        let project = h.state().project();
        assert_eq!(project.documents.len(), n + 1);
        let doc = &project.documents[n];
        assert_eq!(doc.turns()[0].speaker.as_deref(), Some("Kari"));
        assert_eq!(doc.turns()[0].time.as_deref(), Some("00:00:01"));
    }

    #[test]
    fn the_user_corrects_the_pattern_before_importing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("memo.txt");
        std::fs::write(&file, "Summary: calm week.\n\nOutcome: fewer calls.\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let mut h = Harness::builder()
            .with_size(Vec2::new(1500.0, 950.0))
            .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()));
        h.run();
        let before = h.state().project().participants.len();
        h.state_mut().queue(Action::ImportPaths(vec![file]));
        wait_for_reading(&mut h);
        // Detected as `Name:` turns: "Summary" and "Outcome" look like speakers.
        h.get_by_label("Summary");
        h.get_by_label("Speaker pattern of this file").click();
        h.run();
        h.get_by_label("No speakers: one turn per paragraph")
            .click();
        h.run();
        assert!(h.query_by_label("Summary").is_none());
        h.get_by_label("Import 1 file").click();
        h.run();
        let project = h.state().project();
        assert_eq!(
            project.participants.len(),
            before,
            "no speakers, no participants"
        );
        let doc = project.documents.last().map(|d| d.turns()[0].text.clone());
        assert_eq!(doc.as_deref(), Some("Summary: calm week."));
    }

    #[test]
    fn cancel_stops_reading_and_adds_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let paths: Vec<PathBuf> = (0..200)
            .map(|i| {
                let p = dir.path().join(format!("t{i}.txt"));
                std::fs::write(&p, "Kari: hello\n").unwrap_or_else(|e| panic!("{e}"));
                p
            })
            .collect();
        let mut h = Harness::builder()
            .with_size(Vec2::new(1500.0, 950.0))
            .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()));
        h.run();
        let before = h.state().project().clone();
        h.state_mut().queue(Action::ImportPaths(paths));
        h.step();
        h.state_mut().import_dialog().cancel();
        h.run();
        assert!(!h.state_mut().import_dialog().is_reading());
        assert!(
            h.get_all_by_label_contains("cancelled, not imported")
                .count()
                > 0
        );
        h.get_by_label("Close").click();
        h.run();
        assert_eq!(h.state().project(), &before);
    }
}
