//! Supervisor review at scale: 200 transcripts of 6,000 words with 30,000 codings (30 codes in
//! six themes under two groups), 1,000 comment threads and replies, a snapshot, then the
//! analyst's changes (a merge of two themes, a code moved, a definition reworded).
//!
//! cargo run --release --example review_bench
//!
//! Prints `op=<name> mean_ms=<x> p95_ms=<x> n=<samples>` per operation:
//! - `snapshot_take`: storing the tree with its counts (read from the tally);
//! - `diff_snapshot_to_now`: the tree diff from the snapshot to the tree now;
//! - `comment_threads`: gathering every thread (1,000 comments);
//! - `gather_group`: what the board gathers once when a group is selected (every passage with
//!   context, counts by document and participant): the group holds half the codings;
//! - `review_report_md`: the whole review report;
//! - `board_frame_scrolling`: one frame of the window while the board's passage list of that
//!   group (15,000 passages) is scrolled by the mouse wheel (egui_kittest, headless);
//! - `board_frame_idle`: one frame of the board with nothing changing.

#[path = "common/generate.rs"]
mod common;
use common::generate;

use gloss::edit::{Edit, ThemeField, apply, ops};
use gloss::model::{Anchor, ThemeKind};
use gloss::review::{comments, snapshot};
use gloss::ui::{Action, GlossApp};
use std::time::Instant;

type Failure = Box<dyn std::error::Error>;

struct Samples(Vec<f64>);

impl Samples {
    fn line(&self, op: &str) {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
        let p95 = v
            .get(((v.len() as f64 * 0.95).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or(0.0);
        println!("op={op} mean_ms={mean:.3} p95_ms={p95:.3} n={}", v.len());
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() -> Result<(), Failure> {
    let mut p = generate(200, 6_000, 30_000, 30, 8);
    p.reindex();
    // 1,000 comments: threads on codings and themes, every third a reply.
    let ids: Vec<_> = p.codings.keys().copied().step_by(40).collect();
    let themes: Vec<_> = p.themes.iter().map(|t| t.id).collect();
    for i in 0..1_000 {
        let e = if i % 3 == 2 {
            let root = p.comments.last().map(|c| c.id);
            comments::add(
                &p,
                Anchor::Project,
                root,
                "Supervisor",
                &format!("Reply {i}"),
            )
        } else if i % 2 == 0 {
            comments::add(
                &p,
                Anchor::Coding(ids[i % ids.len()]),
                None,
                "Supervisor",
                &format!("On a coding {i}"),
            )
        } else {
            comments::add(
                &p,
                Anchor::Theme(themes[i % themes.len()]),
                None,
                "Supervisor",
                &format!("On a theme {i}"),
            )
        };
        if let Some(e) = e {
            apply(&mut p, e)?;
        }
    }

    let mut take = Vec::new();
    for i in 0..10 {
        let t = Instant::now();
        let e = snapshot::take(&p, &format!("Round {i}"), "Analyst")?;
        take.push(ms(t));
        if i == 0 {
            apply(&mut p, e)?;
        }
    }
    Samples(take).line("snapshot_take");

    // The analyst's changes: two themes merged, a code moved, a definition reworded.
    let sub: Vec<_> = p
        .themes
        .iter()
        .filter(|t| t.kind == ThemeKind::Theme)
        .map(|t| t.id)
        .collect();
    if let Some(e) = ops::merge_themes(&p, sub[0], sub[2]) {
        apply(&mut p, e)?;
    }
    apply(
        &mut p,
        Edit::SetTheme {
            id: sub[1],
            field: ThemeField::Description("Reworded after the first review round.".into()),
        },
    )?;
    let code = p.codes[29].id;
    if let Some(e) = ops::add_code_to_theme(&p, sub[3], code) {
        apply(&mut p, e)?;
    }

    let mut diff = Vec::new();
    let mut n = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let now = gloss::review::current(&p);
        let d = gloss::review::diff(&p.snapshots[0], &now);
        diff.push(ms(t));
        n = d.changes.len();
    }
    Samples(diff).line("diff_snapshot_to_now");
    eprintln!("({n} changes, merges: {})", {
        let now = gloss::review::current(&p);
        gloss::review::diff(&p.snapshots[0], &now)
            .changes
            .iter()
            .filter(|c| c.kind() == "merged")
            .count()
    });

    let mut th = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(comments::threads(&p).len());
        th.push(ms(t));
    }
    Samples(th).line("comment_threads");

    let group = p.themes[0].id;
    let mut gather = Vec::new();
    let mut rows = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let r = gloss::query::retrieve_theme(&p, group);
        let mut by_doc = std::collections::BTreeMap::<String, usize>::new();
        for row in &r {
            *by_doc.entry(row.document_title.clone()).or_default() += 1;
        }
        gather.push(ms(t));
        rows = r.len();
    }
    Samples(gather).line("gather_group");
    eprintln!("({rows} passages in the group)");

    let mut report = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        std::hint::black_box(gloss::export::review::review_md(&p).len());
        report.push(ms(t));
    }
    Samples(report).line("review_report_md");

    // The window: the board on the group, its passage list scrolled by the wheel.
    let dir = std::env::temp_dir().join(format!("gloss-review-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.gloss");
    gloss::store::save(&p, &path)?;
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(1500.0, 920.0))
        .build_eframe(|_cc| GlossApp::with_sample("Supervisor".to_owned()));
    h.step();
    h.state_mut().queue(Action::OpenPath(path.clone()));
    h.step();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    for _ in 0..4 {
        h.step();
    }
    let mut idle = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        h.step();
        idle.push(ms(t));
    }
    Samples(idle).line("board_frame_idle");
    let at = egui::pos2(700.0, 700.0);
    h.event(egui::Event::PointerMoved(at));
    h.step();
    let mut scroll = Vec::new();
    for i in 0..200 {
        let down = if i < 150 { -1.0 } else { 1.0 };
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, down * 30.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        let t = Instant::now();
        h.step();
        scroll.push(ms(t));
    }
    Samples(scroll).line("board_frame_scrolling");
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
