//! Renders the reading pane headless (an egui `Context`, no window) on generated transcripts of
//! 2,500, 25,000 and 250,000 words with about one coding per 12 words, and prints one line per
//! case:
//!
//! `case=<name> words=<N> codings=<M> first_frame_ms=<x> steady_frame_ms=<median>
//! resize_frame_ms=<x> coding_add_ms=<x>`
//!
//! - first_frame_ms: the first frame after opening the document (cache and height index built),
//!   median of seven openings;
//! - steady_frame_ms: median frame while scrolling one page per frame;
//! - resize_frame_ms: median frame right after the pane's width changed;
//! - coding_add_ms: median of applying an AddCoding edit plus drawing the next frame.
//!
//! - zoom_frame_ms (on the `#` line): median frame right after the text is zoomed a step in or
//!   out (the page's words are then shaped anew at the new size);
//! - index_frame_ms (on the `#` line): the frame, after the project is open, in which the pane
//!   indexes every other document's codings, so that opening one costs only its first page.
//!
//! Frame times cover the pane's work in `Context::run_ui` (layout, painting into shapes,
//! interaction), not tessellation or the GPU; a second line per case gives tessellation alone.
//! Run with `cargo run --release --example reading_pane_bench`; `READING_BENCH_ONLY=<case>` runs
//! one case (for profiling).

use gloss::edit::{Edit, History};
use gloss::model::{
    Code, Coder, CoderId, Coding, CodingId, DocId, Document, Project, Rgb, TextRange, Timestamp,
    Turn,
};
use gloss::ui::{ReadingCommand, ReadingState, View, reading_ui};
use std::time::Instant;

const WORDS: &[&str] = &[
    "the", "first", "weeks", "were", "intense", "and", "I", "went", "home", "sat", "in", "car",
    "before", "could", "drive", "team", "support", "matters", "patients", "families", "night",
    "shift", "felt", "really", "tired", "but", "proud", "of", "what", "we", "did", "together",
    "nobody", "told", "me", "how", "hard", "it", "would", "be", "café", "naïve", "learning",
];

/// A small deterministic generator (no dependency, same numbers every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Syllables for the rarer words of the generated vocabulary.
const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "ten", "sa", "lu", "pe", "dor", "vi", "nes", "tra", "lo", "me", "gu", "ar",
    "ion", "ble", "ment", "ish", "ver", "con", "ple", "ty", "ing", "ed", "st", "an", "ø", "é",
];

/// Heaps' law for the generated text: `HEAPS_K * n^HEAPS_BETA` distinct words in its first `n`.
/// Calibrated on a real 5,479-word research interview (in `../shared/transcripts`), which has 754
/// distinct words (with their punctuation and trailing space) in its first 2,500 words and 1,180
/// in its first 5,000; β = 0.55 is the usual exponent for English, and gives about 9,500 distinct
/// words in 250,000.
const HEAPS_K: f64 = 6.5;
const HEAPS_BETA: f64 = 0.55;
/// The other vocabulary (`READING_BENCH_VOCAB=zipf`): ranks drawn by a Zipf–Mandelbrot law of this
/// exponent from 30,000 words, about as varied at 2,500 words but growing to about 19,000
/// distinct words in 250,000, more than speech does.
const ZIPF: f64 = 1.3;

/// How the words of the generated transcripts are drawn. The pane shapes each distinct word once,
/// so a vocabulary of a few dozen words would flatter it: the vocabulary grows as a real
/// interview's does.
struct Vocabulary {
    words: Vec<String>,
    /// For the Zipf draw: cumulative weights by rank.
    cumulative: Vec<f64>,
    /// For the Heaps draw: the words drawn so far (a repeat copies one of them, so frequent
    /// words get more frequent, as in Simon's model) and the next new word.
    drawn: Vec<u32>,
    next_new: usize,
}

impl Vocabulary {
    fn new(rng: &mut Lcg) -> Self {
        let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
        let mut known: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < 30_000 {
            let n = 2 + rng.below(3);
            let w: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            if known.insert(w.clone()) {
                words.push(w);
            }
        }
        let zipf = std::env::var("READING_BENCH_VOCAB").is_ok_and(|v| v == "zipf");
        let mut total = 0.0;
        let cumulative = if zipf {
            (0..words.len())
                .map(|r| {
                    total += 1.0 / (r as f64 + 2.7).powf(ZIPF);
                    total
                })
                .collect()
        } else {
            Vec::new()
        };
        Self {
            words,
            cumulative,
            drawn: Vec::new(),
            next_new: 0,
        }
    }

    fn uniform(rng: &mut Lcg) -> f64 {
        (rng.next() % 1_000_000_007) as f64 / 1_000_000_007.0
    }

    fn draw(&mut self, rng: &mut Lcg) -> &str {
        let r = if let Some(total) = self.cumulative.last().copied() {
            let x = Self::uniform(rng) * total;
            self.cumulative.partition_point(|c| *c < x)
        } else {
            let n = self.drawn.len() as f64;
            let p_new = HEAPS_K * ((n + 1.0).powf(HEAPS_BETA) - n.powf(HEAPS_BETA));
            let r = if self.drawn.is_empty() || Self::uniform(rng) < p_new {
                self.next_new = (self.next_new + 1).min(self.words.len());
                self.next_new - 1
            } else {
                self.drawn[rng.below(self.drawn.len())] as usize
            };
            self.drawn.push(r as u32);
            r
        };
        self.words.get(r).map_or("the", String::as_str)
    }
}

fn project(words: usize) -> (Project, DocId, CoderId) {
    let mut rng = Lcg(words as u64);
    let mut vocabulary = Vocabulary::new(&mut rng);
    let mut turns = Vec::new();
    let mut word_starts: Vec<usize> = Vec::new();
    let mut at = 0;
    let mut left = words;
    let mut k = 0;
    while left > 0 {
        let n = (30 + rng.below(150)).min(left);
        left -= n;
        let mut text = String::new();
        let mut capital = true;
        for w in 0..n {
            if w > 0 {
                text.push(' ');
            }
            word_starts.push(at + text.len());
            let word = vocabulary.draw(&mut rng);
            let mut chars = word.chars();
            if capital && let Some(c) = chars.next() {
                text.extend(c.to_uppercase());
                text.push_str(chars.as_str());
            } else {
                text.push_str(word);
            }
            capital = false;
            // Punctuation falls on some words more than others ("know," "yeah."), as it does in
            // speech: each word has a usual mark, used seven times in ten, and any word can end a
            // sentence.
            let usual = word
                .bytes()
                .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b.into()))
                % 100;
            let roll = rng.below(100);
            if usual < 12 && roll < 70 {
                text.push(',');
            } else if (usual < 18 && roll < 70) || roll < 3 {
                text.push('.');
                capital = true;
            }
        }
        if !text.ends_with('.') {
            text.push('.');
        }
        let speaker = if k % 2 == 0 { "Interviewer" } else { "Mette" };
        let mut turn = Turn::new(Some(speaker), &text);
        turn.time = Some(format!("{:02}:{:02}:{:02}", k / 3600, (k / 60) % 60, k % 60).into());
        at += text.len() + 1;
        turns.push(turn);
        k += 1;
    }
    let warm = Document::new(
        "Warm-up",
        vec![Turn::new(
            Some("Mette"),
            "A short transcript opened first, as a running app would have.",
        )],
    );
    let doc = Document::new(&format!("Generated {words} words"), turns);
    let len = doc.len();
    let id = doc.id;
    let mut p = Project::named("bench");
    let coder = Coder {
        id: CoderId::new(),
        name: "bench".into(),
        machine: String::new(),
    };
    let coder_id = coder.id;
    p.coders.push(coder);
    for i in 0..12 {
        p.codes
            .push(Code::new(&format!("Code {}", i + 1), Rgb::palette(i)));
    }
    p.documents.push(std::sync::Arc::new(warm));
    p.documents.push(std::sync::Arc::new(doc));
    for _ in 0..words / 12 {
        let w = rng.below(word_starts.len());
        let span = 2 + rng.below(25);
        let start = word_starts[w];
        let end = word_starts
            .get(w + span)
            .map_or(len, |e| e.saturating_sub(1))
            .max(start + 1);
        let code = p.codes[rng.below(p.codes.len())].id;
        let c = Coding {
            id: CodingId::new(),
            document: id,
            code,
            range: TextRange::new(start, end),
            coder: coder_id,
            created: Timestamp::default(),
        };
        p.codings.insert(c.id, c);
    }
    p.reindex();
    (p, id, coder_id)
}

struct Bench {
    ctx: egui::Context,
    state: ReadingState,
    project: Project,
    history: History,
    size: egui::Vec2,
    time: f64,
    tess_ms: Vec<f64>,
}

impl Bench {
    /// One frame of the pane; returns the milliseconds spent in `run_ui`.
    fn frame(&mut self) -> f64 {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, self.size)),
            time: Some(self.time),
            ..Default::default()
        };
        let mut actions = Vec::new();
        let coder = gloss::model::Coder::new("bench");
        let t = Instant::now();
        let out = self.ctx.run_ui(input, |ui| {
            let mut view = View {
                project: &self.project,
                history: &self.history,
                user: "bench",
                coder: &coder,
                actions: &mut actions,
                visible: None,
                by_coder: false,
            };
            egui::CentralPanel::default().show(ui, |ui| reading_ui(ui, &mut self.state, &mut view));
        });
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        self.tess_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(prims);
        ms
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn case(name: &str, words: usize) {
    let (project, doc, coder) = project(words);
    let codings = project.codings.len();
    // Distinct words with their punctuation and the space after them (what the pane shapes), in
    // the first 2,500 and 5,000 words (to compare with a real interview's 754 and 1,180) and in
    // all.
    let distinct = |n: usize| {
        project
            .document(doc)
            .map(|d| {
                d.turns()
                    .iter()
                    .flat_map(|t| t.text.split(' '))
                    .take(n)
                    .collect::<std::collections::HashSet<_>>()
                    .len()
            })
            .unwrap_or(0)
    };
    let distinct = format!(
        "distinct_words={}/{}/{}",
        distinct(2_500),
        distinct(5_000),
        distinct(usize::MAX)
    );
    let mut b = Bench {
        ctx: egui::Context::default(),
        state: ReadingState::default(),
        project,
        history: History::new_saved(),
        size: egui::vec2(1100.0, 900.0),
        time: 0.0,
        tess_ms: Vec::new(),
    };
    // Warm up egui itself (fonts, glyphs) on a short document, as in a running app, then open
    // the long one. One opening is one sample of a few milliseconds, easily disturbed, so the
    // figure is the median of seven, each in a fresh egui context and pane.
    let warm = b.project.documents.first().map(|d| d.id);
    let (mut firsts, mut indexes) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        b.ctx = egui::Context::default();
        b.state = ReadingState::default();
        if let Some(warm) = warm {
            b.state.show_document(warm);
        }
        b.frame();
        // The pane indexes the other documents' codings in the frame after the shown one is
        // drawn (as after opening a project): not part of opening a document, shown apart.
        indexes.push(b.frame());
        b.state.show_document(doc);
        firsts.push(b.frame());
    }
    let first = median(firsts);
    let index = median(indexes);

    // Scroll one page per frame through the document (wrapping back to the top at the end).
    b.tess_ms.clear();
    let mut steady = Vec::new();
    for _ in 0..300 {
        let mut next = b.state.scroll_offset() + b.state.viewport_height();
        if next >= b.state.document_height() - 1.0 {
            next = 0.0;
        }
        b.state.scroll_to_offset(next);
        steady.push(b.frame());
    }
    let tess = median(std::mem::take(&mut b.tess_ms));
    // For comparison: frames with nothing new to lay out, and scrolling three lines per frame.
    let still = median((0..30).map(|_| b.frame()).collect());
    let mut lines = Vec::new();
    for _ in 0..60 {
        let next = b.state.scroll_offset() + 60.0;
        b.state.scroll_to_offset(next);
        lines.push(b.frame());
    }
    let lines = median(lines);

    // Resizing: a different width each frame.
    let mut resize = Vec::new();
    for i in 0..20 {
        b.size.x = 1100.0 - 7.0 * (i % 10) as f32 - 3.0;
        resize.push(b.frame());
    }
    b.size.x = 1100.0;
    b.frame();

    // Zooming the text in and out a step: every word of the page is new at the new size.
    let mut zoom = Vec::new();
    for i in 0..10 {
        let cmd = if i % 2 == 0 {
            ReadingCommand::ZoomIn
        } else {
            ReadingCommand::ZoomOut
        };
        b.state.command(&b.ctx, &b.project, cmd);
        zoom.push(b.frame());
    }
    let zoom = median(zoom);

    // Adding a coding and drawing the next frame.
    let mut add = Vec::new();
    let code = b.project.codes[0].id;
    for i in 0..15 {
        let start = b.state.scroll_offset() as usize % 1000 + i * 7;
        let range = match b.project.document(doc) {
            Some(d) => d.snap_range(start, start + 40),
            None => None,
        };
        let Some(range) = range else { continue };
        let t = Instant::now();
        let edit = Edit::AddCoding(Coding {
            id: CodingId::new(),
            document: doc,
            code,
            range,
            coder,
            created: Timestamp::now(),
        });
        if let Err(e) = b.history.apply(&mut b.project, edit, "Add coding", "bench") {
            eprintln!("could not add a coding: {e}");
            continue;
        }
        b.frame();
        add.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    println!(
        "case={name} words={words} codings={codings} first_frame_ms={first:.3} steady_frame_ms={:.3} resize_frame_ms={:.3} coding_add_ms={:.3}",
        median(steady),
        median(resize),
        median(add),
    );
    println!(
        "# case={name} {distinct} index_frame_ms={index:.3} zoom_frame_ms={zoom:.3} still_frame_ms={still:.3} three_line_scroll_frame_ms={lines:.3} tessellate_ms={tess:.3} (tessellation is not part of any frame figure)"
    );
}

fn main() {
    // `--save PATH [WORDS]` writes a generated project to try the pane by hand.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--save") {
        let Some(path) = args.get(i + 1) else {
            eprintln!("usage: reading_pane_bench --save PATH [WORDS]");
            std::process::exit(2);
        };
        let words = args
            .get(i + 2)
            .and_then(|w| w.parse().ok())
            .unwrap_or(25_000);
        let (p, _, _) = project(words);
        if let Err(e) = gloss::store::save(&p, std::path::Path::new(path)) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        println!("wrote {path}: {words} words, {} codings", p.codings.len());
        return;
    }
    // `READING_BENCH_ONLY=<case>` runs one case (for profiling).
    let only = std::env::var("READING_BENCH_ONLY").ok();
    for (name, words) in [("small", 2_500), ("medium", 25_000), ("large", 250_000)] {
        if only.as_deref().is_none_or(|o| o == name) {
            case(name, words);
        }
    }
}
