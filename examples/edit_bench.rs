//! Text editing and pseudonymising at scale. Prints:
//!
//! `edit words=<N> codings=<M> edit_ms=<median> apply_ms=<median> frame_ms=<median>`
//!   typing one character at the start of a transcript of N words with M codings (every coding
//!   shifts), then drawing the next frame of the reading pane headless (an egui `Context`, no
//!   window); median of 40 keystrokes. Run for 25,000 and 250,000 words to show the cost does
//!   not follow the text's length.
//!
//! `pseudonymise documents=200 names=50 words=<N> replacements=<R> pseudonymise_ms=<x>
//!   plan_ms=<x> apply_ms=<x>` replacing 50 names in 200 transcripts as one step.
//!
//! Run with `cargo run --release --example edit_bench` (`EDIT_BENCH_ONLY=typing` or
//! `=pseudonymise` runs one part; `=typing-small`, `=typing-large` one size, and `=typing-huge`
//! 2,500,000 words with 200,000 codings; `EDIT_BENCH_KEYS=N` types N keystrokes, for profiling).

use gloss::edit::{Edit, History, TextChange};
use gloss::model::{
    Code, Coder, CoderId, Coding, CodingId, DocId, Document, Project, Rgb, TextRange, Timestamp,
    Turn,
};
use gloss::pseudonym::{self, Pseudonyms};
use gloss::ui::{ReadingState, View, reading_ui};
use std::time::Instant;

const WORDS: &[&str] = &[
    "the", "first", "weeks", "were", "intense", "and", "I", "went", "home", "sat", "in", "car",
    "before", "could", "drive", "team", "support", "matters", "patients", "families", "night",
    "shift", "felt", "really", "tired", "but", "proud", "of", "what", "we", "did", "together",
    "café", "naïve", "learning",
];

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

/// One transcript of `words` words in turns of 30 to 180 words, with some of `names` mixed in.
fn transcript(
    rng: &mut Lcg,
    title: &str,
    words: usize,
    names: &[String],
) -> (Document, Vec<usize>) {
    let mut turns = Vec::new();
    let mut starts = Vec::new();
    let (mut at, mut left, mut k) = (0, words, 0);
    while left > 0 {
        let n = (30 + rng.below(150)).min(left);
        left -= n;
        let mut text = String::new();
        for w in 0..n {
            if w > 0 {
                text.push(' ');
            }
            starts.push(at + text.len());
            if !names.is_empty() && rng.below(40) == 0 {
                text.push_str(&names[rng.below(names.len())]);
                if rng.below(4) == 0 {
                    text.push_str("'s");
                }
            } else {
                text.push_str(WORDS[rng.below(WORDS.len())]);
            }
        }
        text.push('.');
        let speaker = if k % 2 == 0 { "Interviewer" } else { "Mette" };
        at += text.len() + 1;
        turns.push(Turn::new(Some(speaker), &text));
        k += 1;
    }
    (Document::new(title, turns), starts)
}

fn add_codings(p: &mut Project, doc: &Document, starts: &[usize], n: usize, rng: &mut Lcg) {
    let coder = p.coders[0].id;
    for _ in 0..n {
        let w = rng.below(starts.len());
        let span = 2 + rng.below(25);
        let start = starts[w];
        let end = starts
            .get(w + span)
            .map_or(doc.len(), |e| e.saturating_sub(1))
            .max(start + 1);
        let c = Coding {
            id: CodingId::new(),
            document: doc.id,
            code: p.codes[rng.below(p.codes.len())].id,
            range: TextRange::new(start, end),
            coder,
            created: Timestamp::default(),
        };
        p.codings.insert(c.id, c);
    }
}

fn base() -> Project {
    let mut p = Project::named("bench");
    p.coders.push(Coder {
        id: CoderId::new(),
        name: "bench".into(),
        machine: String::new(),
    });
    for i in 0..12 {
        p.codes
            .push(Code::new(&format!("Code {}", i + 1), Rgb::palette(i)));
    }
    p
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn frame(ctx: &egui::Context, state: &mut ReadingState, p: &Project, h: &History, t: &mut f64) {
    *t += 1.0 / 60.0;
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1100.0, 900.0),
        )),
        time: Some(*t),
        ..Default::default()
    };
    let mut actions = Vec::new();
    let coder = gloss::model::Coder::new("bench");
    let mut out = ctx.run_ui(input, |ui| {
        let mut view = View {
            project: p,
            history: h,
            user: "bench",
            coder: &coder,
            actions: &mut actions,
            visible: None,
            by_coder: false,
        };
        egui::CentralPanel::default().show(ui, |ui| reading_ui(ui, state, &mut view));
    });
    out.textures_delta.clear();
    std::hint::black_box(out);
}

fn typing(words: usize, codings: usize) {
    let mut rng = Lcg(words as u64);
    let mut p = base();
    let (doc, starts) = transcript(&mut rng, "Long interview", words, &[]);
    add_codings(&mut p, &doc, &starts, codings, &mut rng);
    let id: DocId = doc.id;
    p.documents.push(std::sync::Arc::new(doc));
    p.reindex();
    let ctx = egui::Context::default();
    let mut state = ReadingState::default();
    state.show_document(id);
    let mut history = History::new_saved();
    let mut t = 0.0;
    for _ in 0..3 {
        frame(&ctx, &mut state, &p, &history, &mut t);
    }
    let (mut edit, mut apply, mut draw) = (Vec::new(), Vec::new(), Vec::new());
    // EDIT_BENCH_KEYS=N types N keystrokes instead of 40 (for profiling).
    let keys: usize = std::env::var("EDIT_BENCH_KEYS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(40);
    for i in 0..keys {
        let e = Edit::ChangeText {
            doc: id,
            changes: vec![TextChange::new(0, 0, if i % 2 == 0 { "x" } else { "é" })],
            restore: Vec::new(),
        };
        let t0 = Instant::now();
        if let Err(err) =
            history.apply_coalescing(&mut p, e, "Typing", "bench", Some("typing".into()))
        {
            eprintln!("the edit failed: {err}");
            return;
        }
        let t1 = Instant::now();
        frame(&ctx, &mut state, &p, &history, &mut t);
        let t2 = Instant::now();
        apply.push((t1 - t0).as_secs_f64() * 1000.0);
        draw.push((t2 - t1).as_secs_f64() * 1000.0);
        edit.push((t2 - t0).as_secs_f64() * 1000.0);
    }
    println!(
        "edit words={words} codings={} edit_ms={:.3} apply_ms={:.3} frame_ms={:.3}",
        p.codings.len(),
        median(edit),
        median(apply),
        median(draw)
    );
}

fn pseudonymise(docs: usize, words: usize) {
    let mut rng = Lcg(7);
    let names: Vec<String> = (0..50)
        .map(|i| {
            let a = [
                "Kar", "Jon", "Mett", "Ol", "Ing", "Sig", "Per", "Lin", "Tor", "Ast",
            ][i % 10];
            let b = [
                "i", "as", "e", "a", "rid", "ne", "en", "dis", "bjørn", "rid",
            ][i / 5 % 10];
            format!("{a}{b}{}", ["", "sen", "dal", "vik", "berg"][i % 5])
        })
        .collect();
    let mut p = base();
    for d in 0..docs {
        let (doc, starts) = transcript(&mut rng, &format!("Interview {d}"), words, &names);
        add_codings(&mut p, &doc, &starts, words / 12, &mut rng);
        p.documents.push(std::sync::Arc::new(doc));
    }
    p.reindex();
    let total_words: usize = p.documents.iter().map(|d| d.word_count()).sum();
    let pairs: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), format!("Person{i:02}")))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let map = Pseudonyms::new(&pairs);
    let t0 = Instant::now();
    let plan = match pseudonym::plan(&p, &map) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("the map was refused: {e:?}");
            return;
        }
    };
    let t1 = Instant::now();
    let replacements = plan.replacements();
    if let Some(e) = plan.edit
        && let Err(err) = gloss::edit::apply(&mut p, e)
    {
        eprintln!("pseudonymising failed: {err}");
        return;
    }
    let t2 = Instant::now();
    println!(
        "pseudonymise documents={docs} names=50 words={total_words} replacements={replacements} pseudonymise_ms={:.1} plan_ms={:.1} apply_ms={:.1}",
        (t2 - t0).as_secs_f64() * 1000.0,
        (t1 - t0).as_secs_f64() * 1000.0,
        (t2 - t1).as_secs_f64() * 1000.0
    );
}

fn main() {
    // EDIT_BENCH_ONLY=typing or =pseudonymise runs one part (for profiling).
    let only = std::env::var("EDIT_BENCH_ONLY").unwrap_or_default();
    if only.is_empty() || only == "typing" {
        typing(25_000, 2_000);
        typing(250_000, 20_000);
    }
    // EDIT_BENCH_ONLY=typing-large runs the large document alone (for profiling).
    if only == "typing-large" {
        typing(250_000, 20_000);
    }
    if only == "typing-small" {
        typing(25_000, 2_000);
    }
    // EDIT_BENCH_ONLY=typing-huge: ten times larger again (2.5 million words, 200,000 codings).
    if only == "typing-huge" {
        typing(2_500_000, 200_000);
    }
    if only.is_empty() || only == "pseudonymise" {
        pseudonymise(200, 10_000);
    }
}
