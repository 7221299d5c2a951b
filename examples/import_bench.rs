//! Import speed: 23 generated transcripts of 12,000 words each (the seed study's size) written as
//! .txt, .docx and .vtt, then imported through the same code as `gloss import` and the import
//! dialog (read, sniff, extract, split into turns, plan and apply the batch).
//!
//! cargo run --release --example import_bench
//!
//! Prints `format=<f> files=<n> words=<w> total_ms=<x> per_doc_ms=<x>` per format, then the same
//! for one batch of 200 .txt files (`format=txt-batch`). Targets: the 23 .docx files in under one
//! second; a .txt transcript under 0.2 ms, the batch of 200 under 50 ms.

use gloss::edit;
use gloss::import::{self, BatchSettings, Pattern};
use gloss::model::Project;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

const FILES: usize = 23;
/// The seed study's number of transcripts, imported as one batch.
const BATCH: usize = 200;
const WORDS: usize = 12_000;
const VOCAB: [&str; 24] = [
    "the", "clinic", "was", "calm", "and", "we", "felt", "that", "patients", "slept", "better",
    "after", "weeks", "of", "work", "Søren", "café", "really", "so", "it", "dose", "team", "night",
    "trust",
];

/// A deterministic transcript: (speaker, words) turns alternating interviewer and participant.
fn turns(seed: u64) -> Vec<(String, String)> {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut out = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < WORDS {
        let speaker = if i % 2 == 0 {
            "Interviewer".to_owned()
        } else {
            format!("P{:02}", seed)
        };
        let n = (20 + next(130) as usize).min(WORDS - total);
        let words: Vec<&str> = (0..n)
            .map(|_| VOCAB[next(VOCAB.len() as u64) as usize])
            .collect();
        out.push((speaker, format!("{}.", words.join(" "))));
        total += n;
        i += 1;
    }
    out
}

fn txt(t: &[(String, String)]) -> Vec<u8> {
    t.iter()
        .map(|(s, w)| format!("{s}: {w}\n\n"))
        .collect::<String>()
        .into_bytes()
}

fn docx(t: &[(String, String)]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut body = String::new();
    for (s, w) in t {
        body.push_str(&format!(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{s}</w:t></w:r><w:r><w:t xml:space="preserve"> {w}</w:t></w:r></w:p>"#
        ));
    }
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", opts)?;
    z.write_all(b"<Types/>")?;
    z.start_file("word/document.xml", opts)?;
    z.write_all(doc.as_bytes())?;
    Ok(z.finish()?.into_inner())
}

fn vtt(t: &[(String, String)]) -> Vec<u8> {
    let mut out = String::from("WEBVTT\n\n");
    let mut ms = 0u64;
    let stamp = |ms: u64| {
        format!(
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            (ms / 60_000) % 60,
            (ms / 1000) % 60,
            ms % 1000
        )
    };
    for (s, w) in t {
        let words: Vec<&str> = w.split(' ').collect();
        for chunk in words.chunks(12) {
            let end = ms + 4000;
            out.push_str(&format!(
                "{} --> {}\n<v {s}>{}\n\n",
                stamp(ms),
                stamp(end),
                chunk.join(" ")
            ));
            ms = end;
        }
    }
    out.into_bytes()
}

/// Imports `files` as one batch into an empty project: `import_path` for each file, then
/// `plan_batch` and `edit::apply`, the way the import dialog adds them. Words are counted after
/// the clock stops (counting is the model's, not part of importing).
fn run(format: &str, files: &[PathBuf]) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let mut docs = Vec::new();
    for f in files {
        docs.push(import::import_path(f, Pattern::Auto)?.document);
    }
    let mut project = Project::default();
    let batch = import::plan_batch(&project, docs, &BatchSettings::default());
    edit::apply(&mut project, batch)?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let words: usize = project.documents.iter().map(|d| d.word_count()).sum();
    println!(
        "format={format} files={} words={words} total_ms={ms:.0} per_doc_ms={:.3}",
        files.len(),
        ms / files.len() as f64
    );
    Ok(())
}

/// Writes `count` generated transcripts as `ext` files into `dir`.
fn write(dir: &Path, ext: &str, count: usize) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    (0..count)
        .map(|i| {
            let t = turns(i as u64 + 1);
            let bytes = match ext {
                "txt" => txt(&t),
                "docx" => docx(&t)?,
                _ => vtt(&t),
            };
            let p = dir.join(format!("P{:02}.{ext}", i + 1));
            std::fs::write(&p, bytes)?;
            Ok(p)
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    for ext in ["txt", "docx", "vtt"] {
        let files = write(dir.path(), ext, FILES)?;
        run(ext, &files)?;
    }
    // The seed study's full size: one batch of 200 text transcripts.
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch)?;
    let files = write(&batch, "txt", BATCH)?;
    run("txt-batch", &files)?;
    Ok(())
}
