//! Merge and audit-trail figures: `cargo run --release --example merge_bench` prints
//! `case=merge merge_ms=<x> plan_ms=<x> bytes=<n> conflicts=<n> codings=<n>`: two copies of a
//! 200-transcript, 17,000-coding project (the seed study's density), each with 2,000 new codings
//! by its own coder and a few renames, merged three-way; `plan_ms` is turning the result into
//! the one undo step File > Merge in a copy applies.
//! Then `case=trail steps=<n> save_ms=<x> ...`: saving a small project after one small change,
//! with an empty audit trail and with a 50,000-step one (first save, which writes every step to
//! the trail file beside the project; then a save after one more step, which appends one line
//! and keeps the newest 2,000 steps in the project file), and opening it.

use gloss::edit::{Edit, trail};
use gloss::merge::{self, Options};
use gloss::model::{Coder, CoderId, Coding, CodingId, Project, TextRange, Timestamp, TrailEntry};
use gloss::store;
use std::time::Instant;

#[path = "common/generate.rs"]
mod common;
use common::generate;

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `n` new codings by a new coder `name`, two words long, spread over the documents.
fn with_codings(base: &Project, name: &str, n: usize, seed: u64) -> Project {
    let mut p = base.clone();
    let coder = Coder {
        id: CoderId::new(),
        name: name.into(),
        machine: String::new(),
    };
    let mut rng = Rng(seed);
    for _ in 0..n {
        let d = &p.documents[rng.below(p.documents.len())];
        let starts = d.turn_starts();
        let turn = rng.below(d.turns().len());
        let text = &d.turns()[turn].text;
        let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
        let a = if spaces.is_empty() {
            0
        } else {
            spaces[rng.below(spaces.len())] + 1
        };
        let b = text[a..].find(' ').map_or(text.len(), |i| a + i).max(a + 1);
        let id = CodingId::new();
        let c = Coding {
            id,
            document: d.id,
            code: p.codes[rng.below(p.codes.len())].id,
            range: TextRange {
                start: starts[turn] + a,
                end: starts[turn] + b,
            },
            coder: coder.id,
            created: Timestamp::now(),
        };
        p.codings.insert(id, c);
    }
    p.coders.push(coder);
    p.reindex();
    p
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn merge_case() -> Result<(), String> {
    let mut base = generate(200, 12_000, 17_000, 120, 30);
    base.reindex();
    let mut a = with_codings(&base, "Ana", 2_000, 0x1234_5678);
    let mut b = with_codings(&base, "Ben", 2_000, 0x8765_4321);
    // A few code renames: different codes on each side, and one code on both (a conflict).
    for (p, who) in [(&mut a, "Ana"), (&mut b, "Ben")] {
        for i in [0usize, 5, 9] {
            let id = p.codes[i].id;
            let e = Edit::SetCode {
                id,
                field: gloss::edit::CodeField::Name(format!("code {i} ({who})")),
            };
            gloss::edit::apply(p, e).map_err(|e| e.to_string())?;
        }
        let i = if who == "Ana" { 20 } else { 21 };
        let id = p.codes[i].id;
        let e = Edit::SetCode {
            id,
            field: gloss::edit::CodeField::Description(format!("by {who}")),
        };
        gloss::edit::apply(p, e).map_err(|e| e.to_string())?;
    }
    let opts = Options::default();
    let t = Instant::now();
    let merged = merge::merge(Some(&base), &a, &b, &opts);
    let merge_ms = ms(t);
    let problems = gloss::model::validate(&merged.project);
    if !problems.is_empty() {
        return Err(format!("merge result invalid: {}", problems[0]));
    }
    let t = Instant::now();
    let plan = merge::plan(&a, &merged.project);
    let plan_ms = ms(t);
    let mut applied = a.clone();
    let t = Instant::now();
    gloss::edit::apply(&mut applied, plan).map_err(|e| e.to_string())?;
    let apply_ms = ms(t);
    let bytes = store::to_string(&merged.project)
        .map_err(|e| e.to_string())?
        .len();
    println!(
        "case=merge merge_ms={merge_ms:.1} plan_ms={plan_ms:.1} apply_ms={apply_ms:.1} \
         bytes={bytes} conflicts={} codings={} (base {} + 2000 + 2000)",
        merged.conflicts,
        merged.project.codings.len(),
        base.codings.len()
    );
    Ok(())
}

/// A trail of `n` coding steps on `p`, as History records them.
fn trail_of(p: &Project, n: usize) -> Vec<TrailEntry> {
    let doc = p.documents[0].id;
    let code = p.codes[0].id;
    let coder = p.coders[0].id;
    (0..n)
        .map(|i| {
            let c = Coding {
                id: CodingId::new(),
                document: doc,
                code,
                range: TextRange { start: 0, end: 5 },
                coder,
                created: Timestamp(1_700_000_000_000 + i as i64),
            };
            let change = Edit::AddCoding(c);
            let undo = Edit::RemoveCoding(c.id);
            TrailEntry::new(
                Timestamp(1_700_000_000_000 + i as i64),
                coder,
                "Bench",
                "Code passage",
                trail::kind(&change),
                trail::body(&change),
                trail::body(&undo),
            )
        })
        .collect()
}

fn save_ms(p: &Project, path: &std::path::Path) -> Result<f64, String> {
    let t = Instant::now();
    store::save(p, path).map_err(|e| e.to_string())?;
    Ok(ms(t))
}

fn trail_case(dir: &std::path::Path) -> Result<(), String> {
    let mut p = generate(23, 6_000, 3_000, 40, 12);
    p.reindex();
    let path = dir.join("trail.gloss");
    let rename = |p: &mut Project, s: &str| {
        let e = Edit::SetProjectName(s.into());
        gloss::edit::apply_logged(p, e, "Rename", "Bench").map(|_| ())
    };
    rename(&mut p, "a").map_err(|e| e.to_string())?;
    // Warm the disk and the code paths once.
    save_ms(&p, &path)?;
    rename(&mut p, "b").map_err(|e| e.to_string())?;
    let empty = save_ms(&p, &path)?;
    let empty_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let steps = 50_000;
    let t = Instant::now();
    p.trail = trail_of(&p, steps);
    let build_ms = ms(t);
    let first = save_ms(&p, &path)?;
    rename(&mut p, "c").map_err(|e| e.to_string())?;
    let t = Instant::now();
    let copy = p.snapshot();
    let snapshot_ms = ms(t);
    let again = save_ms(&copy, &path)?;
    // Writing the text in memory (the trail's lines are kept): the rest of a save is the disk.
    let t = Instant::now();
    let text_len = store::to_string(&copy).map_err(|e| e.to_string())?.len();
    let text_ms = ms(t);
    drop(copy);
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let t = Instant::now();
    let loaded = store::open(&path).map_err(|e| e.to_string())?;
    let load_ms = ms(t);
    let whole = store::trail::full(&path, &loaded.project.trail).map_err(|e| e.to_string())?;
    // (The trail file also holds the two renames saved before the long trail was put in.)
    let tail = whole.entries.len().saturating_sub(p.trail.len());
    if whole.entries[tail..] != p.trail[..] {
        return Err("the trail did not survive reopening".into());
    }
    let trail_bytes = std::fs::metadata(store::trail::path_for(&path)).map_or(0, |m| m.len());
    // Reopened: the project file's newest steps are already in the trail file.
    let reopened = save_ms(&loaded.project, &path)?;
    println!(
        "case=trail steps=0 save_ms={empty:.1} bytes={empty_bytes}\n\
         case=trail steps={} first_save_ms={first:.1} save_after_small_change_ms={again:.1} \
         text_in_memory_ms={text_ms:.1} ui_snapshot_ms={snapshot_ms:.1} bytes={bytes} \
         trail_file_bytes={trail_bytes} load_ms={load_ms:.1} save_after_reopen_ms={reopened:.1} \
         (trail made in {build_ms:.0} ms, text {text_len} bytes)",
        p.trail.len()
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("merge_bench: cannot make a temporary folder: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let run = || -> Result<(), String> {
        merge_case()?;
        trail_case(dir.path())
    };
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("merge_bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
