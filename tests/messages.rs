//! Messages in the user's words: the project loader, the transcript importers, the REFI-QDA
//! reader and the command line, run on files of the wrong kind, never answer with a Rust type,
//! a serde or RON term, or an operating-system error code.

use std::io::Write as _;
use std::path::{Path, PathBuf};

mod common;
use common::cli::{gloss, text};

/// Words that mean nothing to someone analysing interviews. A message containing one fails.
const JARGON: &[&str] = &[
    "struct",
    "enum",
    "variant",
    "Expected",
    "found `",
    "`",
    "invalid type",
    "serde",
    "RON",
    "ron::",
    "Utf8Error",
    "FromUtf8Error",
    "io::Error",
    "std::",
    "unwrap",
    "expect(",
    "Option",
    "None",
    "Some(",
    "Ok(",
    "Err(",
    "Vec<",
    "String",
    "u32",
    "usize",
    "panicked",
    "os error",
    "VersionProbe",
    "ProjectFile",
    "ZipError",
    "XmlError",
    "deserializ",
    "Custom {",
    "kind:",
    "EOCD",
    "Zip archive",
    "Could not find",
];

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file(*name, opts).unwrap_or_else(|e| panic!("{e}"));
        w.write_all(body).unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

/// Wrong kinds of files, each under several extensions (the loader and importers look at names).
fn wrong_files(dir: &Path) -> Vec<PathBuf> {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";
    let sample = gloss::SAMPLE_PROJECT;
    let half = &sample[..sample.len() / 2];
    let wrong_type = sample.replacen("format_version: 3", "format_version: \"three\"", 1);
    let bad_field = sample.replacen("name: \"Clinicians", "nom: \"Clinicians", 1);
    let bad_colour = sample.replacen("color: \"#", "color: \"#zz", 1);
    let contents: Vec<(&str, Vec<u8>)> = vec![
        (
            "text",
            b"Interviewer: How did it start?\nP1: Slowly.\n".to_vec(),
        ),
        ("short-zip", b"PK\x03\x04zzzz".to_vec()),
        ("png", png.to_vec()),
        ("empty", Vec::new()),
        ("blank", b"  \n\n ".to_vec()),
        (
            "zip",
            zip_of(&[("notes.txt", b"just a note"), ("img.png", png)]),
        ),
        (
            "broken-docx",
            zip_of(&[
                ("[Content_Types].xml", b"<Types/>"),
                ("word/document.xml", b"<w:document><w:body><w:p>"),
            ]),
        ),
        ("binary", (0u8..=255).cycle().take(3000).collect()),
        (
            "latin1",
            b"Interviewer: caf\xe9 au lait\nP1: tr\xe8s bien\n".to_vec(),
        ),
        ("json", br#"{"project": {"name": "x"}}"#.to_vec()),
        (
            "html",
            b"<!doctype html><html><body><p>Hi</p></body></html>".to_vec(),
        ),
        (
            "xml",
            b"<?xml version=\"1.0\"?><Project></Project>".to_vec(),
        ),
        ("fake-pdf", b"%PDF-1.7\n garbage garbage".to_vec()),
        ("half-project", half.as_bytes().to_vec()),
        ("wrong-type", wrong_type.into_bytes()),
        ("unknown-field", bad_field.into_bytes()),
        ("bad-colour", bad_colour.into_bytes()),
        ("parens", b"(((((".to_vec()),
    ];
    let mut out = Vec::new();
    for (stem, bytes) in &contents {
        for ext in [
            "gloss", "txt", "docx", "odt", "pdf", "html", "vtt", "srt", "qdpx", "qde",
        ] {
            let p = dir.join(format!("{stem}.{ext}"));
            std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
            out.push(p);
        }
    }
    let folder = dir.join("a-folder.gloss");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    out.push(folder);
    let docx_folder = dir.join("a-folder.docx");
    std::fs::create_dir_all(&docx_folder).unwrap_or_else(|e| panic!("{e}"));
    out.push(docx_folder);
    out.push(dir.join("missing.gloss"));
    out.push(dir.join("missing.docx"));
    out
}

fn jargon_in(message: &str) -> Option<&'static str> {
    JARGON.iter().copied().find(|j| message.contains(j))
}

#[test]
fn wrong_files_get_messages_in_the_users_words() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = wrong_files(dir.path());
    let mut messages: Vec<(String, String)> = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        if let Err(e) = gloss::store::load(f) {
            messages.push((format!("load {name}"), e.to_string()));
        }
        if let Err(e) = gloss::store::open(f) {
            messages.push((format!("open {name}"), e.to_string()));
        }
        if let Err(e) = gloss::import::import_path(f, gloss::import::Pattern::Auto) {
            messages.push((format!("import {name}"), e.to_string()));
        }
        if let Err(e) = gloss::refi::read_path(f) {
            messages.push((format!("refi {name}"), e.to_string()));
        }
    }
    // Enough of them failed for the test to mean something.
    assert!(messages.len() > files.len() * 2, "{messages:?}");
    let bad: Vec<String> = messages
        .iter()
        .filter_map(|(what, m)| jargon_in(m).map(|j| format!("{what}: uses {j:?}: {m}")))
        .collect();
    assert!(
        bad.is_empty(),
        "messages not in the user's words:\n{}",
        bad.join("\n")
    );
}

#[test]
fn opening_plain_text_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("notes.gloss");
    std::fs::write(&p, "Interviewer: How did it start?\nP1: Slowly.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let Err(e) = gloss::store::load(&p) else {
        panic!("plain text loaded as a project")
    };
    let m = e.to_string();
    assert!(
        m.contains("not a Gloss project file (.gloss); it looks like plain text"),
        "{m}"
    );
    let png = dir.path().join("photo.gloss");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap_or_else(|e| panic!("{e}"));
    let Err(e) = gloss::store::load(&png) else {
        panic!("a PNG loaded as a project")
    };
    assert!(e.to_string().contains("it looks like a PNG image"), "{e}");
    let Err(e) = gloss::store::load(dir.path()) else {
        panic!("a folder loaded as a project")
    };
    assert!(e.to_string().contains("it is a folder, not a file"), "{e}");
}

#[test]
fn the_command_line_speaks_plainly_too() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = wrong_files(dir.path());
    let out = dir.path().join("out.gloss");
    let mut bad = Vec::new();
    let mut runs = 0;
    // Every kind once (the .gloss and .docx variants), to keep the test quick.
    for f in files.iter().filter(|f| {
        f.extension()
            .is_some_and(|e| e == "gloss" || e == "docx" || e == "qdpx")
    }) {
        let fs = f.display().to_string();
        let os = out.display().to_string();
        for args in [
            vec!["info", fs.as_str()],
            vec!["import", os.as_str(), fs.as_str()],
            vec!["convert", fs.as_str(), os.as_str()],
        ] {
            let o = gloss(&args);
            runs += 1;
            let said = format!("{}{}", text(&o.stdout), text(&o.stderr));
            if let Some(j) = jargon_in(&said) {
                bad.push(format!("gloss {}: uses {j:?}: {said}", args.join(" ")));
            }
        }
    }
    assert!(runs > 30);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let txt = dir.path().join("text.gloss").display().to_string();
    let o = gloss(&["info", &txt]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("not a Gloss project file (.gloss); it looks like plain text"),
        "{}",
        text(&o.stderr)
    );
}
