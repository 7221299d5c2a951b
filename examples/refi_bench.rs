//! REFI-QDA export and import speed: `cargo run --release --example refi_bench` builds a
//! 200-transcript project (12,000 words each, the seed study's size) with 17,000 codings, writes
//! it as a .qdpx and reads it back, and prints
//! `export_ms=<x> import_ms=<x> bytes=<n> foreign_import_ms=<x>`. `foreign_import_ms` reads the
//! same archive without Gloss's extras file, as a file from another tool is read (speaker
//! detection and the choice of position counting run for every source).

use gloss::model::{
    Code, Coder, Coding, CodingId, Document, Project, Rgb, TextRange, Theme, ThemeKind, Timestamp,
    Turn,
};
use gloss::refi;
use std::io::{Read, Write};
use std::time::Instant;

const WORDS: [&str; 24] = [
    "the",
    "clinic",
    "we",
    "patients",
    "felt",
    "really",
    "about",
    "staff",
    "night",
    "and",
    "safe",
    "service",
    "nurses",
    "because",
    "café",
    "dose",
    "was",
    "it",
    "team",
    "worried",
    "calm",
    "room",
    "supervised",
    "work",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(docs: usize, words: usize, codings: usize, codes: usize, themes: usize) -> Project {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let coder = Coder {
        id: gloss::model::CoderId::new(),
        name: "Bench".into(),
    };
    let mut p = Project::named("Bench");
    p.coders.push(coder.clone());
    for i in 0..codes {
        p.codes.push(Code::new(
            &format!("code {i}"),
            Rgb([(i * 37 % 255) as u8, 120, 200]),
        ));
    }
    let per_turn = 100;
    for d in 0..docs {
        let mut turns = Vec::new();
        let mut left = words;
        let mut t = 0;
        while left > 0 {
            let n = per_turn.min(left);
            left -= n;
            let mut text = String::with_capacity(n * 7);
            for w in 0..n {
                if w > 0 {
                    text.push(' ');
                }
                text.push_str(WORDS[rng.below(WORDS.len())]);
            }
            let speaker = if t % 2 == 0 {
                "Interviewer"
            } else {
                "Participant"
            };
            turns.push(Turn::new(Some(speaker), &text));
            t += 1;
        }
        p.documents
            .push(Document::new(&format!("Transcript {d}"), turns).into());
    }
    let per_doc = codings.div_ceil(docs);
    'outer: for d in &p.documents {
        let starts = d.turn_starts();
        for k in 0..per_doc {
            if p.codings.len() == codings {
                break 'outer;
            }
            let turn = rng.below(d.turns().len());
            let text = &d.turns()[turn].text;
            // From a word start to a word end inside one turn.
            let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
            let a = if spaces.is_empty() {
                0
            } else {
                spaces[rng.below(spaces.len())] + 1
            };
            let b = text[a..].find(' ').map_or(text.len(), |i| a + i);
            let b = text[b..]
                .find(' ')
                .map_or(text.len(), |i| b + 1 + i)
                .min(text.len());
            let range = TextRange {
                start: starts[turn] + a,
                end: starts[turn] + b.max(a + 1),
            };
            let id = CodingId::new();
            p.codings.insert(
                id,
                Coding {
                    id,
                    document: d.id,
                    code: p.codes[(k * 7 + turn) % codes].id,
                    range,
                    coder: coder.id,
                    created: Timestamp(1_700_000_000_000),
                },
            );
        }
    }
    let groups = [
        Theme::new("Rewarding", ThemeKind::Group, None),
        Theme::new("Challenging", ThemeKind::Group, None),
    ];
    let group_ids = [groups[0].id, groups[1].id];
    p.themes.extend(groups);
    for i in 0..themes.saturating_sub(2) {
        let mut t = Theme::new(
            &format!("theme {i}"),
            ThemeKind::Theme,
            Some(group_ids[i % 2]),
        );
        t.codes = (0..5).map(|k| p.codes[(i * 5 + k) % codes].id).collect();
        p.themes.push(t);
    }
    p.reindex();
    p
}

/// The archive without `gloss-extras.json`.
fn without_extras(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.into_owned();
        if name == "gloss-extras.json" {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| e.to_string())?;
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .map_err(|e| e.to_string())?;
        zout.write_all(&data).map_err(|e| e.to_string())?;
    }
    zout.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}

fn run() -> Result<(), String> {
    let project = generate(200, 12_000, 17_000, 120, 30);
    let t = Instant::now();
    let bytes = refi::write::qdpx(&project)?;
    let export_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let back = refi::read_bytes("bench.qdpx", &bytes).map_err(|e| e.to_string())?;
    let import_ms = t.elapsed().as_secs_f64() * 1000.0;
    if back.project != project {
        return Err("the round trip changed the project".into());
    }
    let foreign = without_extras(&bytes)?;
    let t = Instant::now();
    let other = refi::read_bytes("foreign.qdpx", &foreign).map_err(|e| e.to_string())?;
    let foreign_ms = t.elapsed().as_secs_f64() * 1000.0;
    if other.project.codings.len() != project.codings.len() {
        return Err(format!(
            "without extras, {} of {} codings came back",
            other.project.codings.len(),
            project.codings.len()
        ));
    }
    println!(
        "export_ms={export_ms:.1} import_ms={import_ms:.1} bytes={} foreign_import_ms={foreign_ms:.1} documents={} codings={}",
        bytes.len(),
        project.documents.len(),
        project.codings.len()
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("refi_bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
