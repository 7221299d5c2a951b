//! The Analysis workspace's questions at the real study's density: 200 transcripts of about
//! 12,000 words, 17,000 codings, 30 codes in eight themes, one participant per transcript with
//! five attributes (role, site, gender, age band on the participant; round on the document).
//!
//! `cargo run --release --example analysis_bench` prints one line per operation:
//! `op=<name> ms=<mean> max_ms=<slowest> n=<runs> <what it found>`.
//! - `search_*`: a project search (`search_cold_index` the first one, which also folds the
//!   project's text for searching; the window does it once, off the UI thread, and keeps it);
//! - `code_hits_plan`: planning "Code all hits" (widened to sentences) for a word's hits;
//! - `query_*`: a coding query, parsed and run, its passages listed;
//! - `matrix_*`: a matrix; `matrix_cell_passages`: the passages behind one cell;
//! - `cooccur_*`: the code × code table;
//! - `passages_first_page`: the rows (with context) of the first 200 hits, as the results list
//!   builds what it shows.

use gloss::model::{Participant, Project, Turn};
use gloss::query::passage::Passage;
use gloss::query::{cooccur, expr, matrix, search};
use std::sync::Arc;
use std::time::Instant;

#[path = "common/generate.rs"]
mod common;
use common::generate;

fn project() -> Project {
    let mut p = generate(200, 12_000, 17_000, 30, 8);
    let roles = ["nurse", "doctor", "social worker", "pharmacist"];
    let sites = ["Northside", "Harbour"];
    let genders = ["woman", "man", "other"];
    let ages = ["20-34", "35-49", "50+"];
    for (i, doc) in p.documents.iter_mut().enumerate() {
        let name = format!("P{i:03}");
        let d = Arc::make_mut(doc);
        let turns: Vec<Turn> = d
            .turns()
            .iter()
            .map(|t| {
                let speaker = match t.speaker.as_deref() {
                    Some("Participant") => Some(name.as_str()),
                    other => other,
                };
                Turn::new(speaker, &t.text)
            })
            .collect();
        d.set_turns(turns);
        d.attributes
            .insert("round".into(), format!("{}", 1 + i % 2));
        p.participants.push(Participant {
            name,
            interviewer: false,
            attributes: [
                ("role", roles[i % roles.len()]),
                ("site", sites[(i / 3) % sites.len()]),
                ("gender", genders[(i / 2) % genders.len()]),
                ("age band", ages[(i / 5) % ages.len()]),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        });
    }
    p.participants.push(Participant {
        name: "Interviewer".into(),
        interviewer: true,
        attributes: Default::default(),
    });
    // Sub-codes: every fifth code sits under the one before it.
    for i in (1..p.codes.len()).step_by(5) {
        let parent = p.codes[i - 1].id;
        p.codes[i].parent = Some(parent);
    }
    p.reindex();
    p
}

fn time<T>(name: &str, runs: usize, mut f: impl FnMut() -> T, describe: impl Fn(&T) -> String) {
    let mut total = 0.0;
    let mut max: f64 = 0.0;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        total += ms;
        max = max.max(ms);
        last = Some(out);
    }
    let what = last.as_ref().map(describe).unwrap_or_default();
    println!(
        "op={name} ms={:.2} max_ms={max:.2} n={runs} {what}",
        total / runs as f64
    );
}

fn main() {
    let p = project();
    let words: usize = p.total_words();
    println!(
        "project documents={} words={} codings={} codes={} participants={}",
        p.documents.len(),
        words,
        p.codings.len(),
        p.codes.len(),
        p.participants.len()
    );
    let plain = search::Options::default();
    let mut index = None;
    time(
        "search_cold_index",
        1,
        || {
            let i = search::SearchIndex::new(&p);
            let hits = i.run("worried", &plain).map(|h| h.places.len());
            index = Some(i);
            hits
        },
        |h| format!("hits={h:?}"),
    );
    let Some(index) = index else { return };
    let run = |pattern: &str, o: &search::Options| index.run(pattern, o).map(|h| h.places.len());
    time(
        "search_word",
        10,
        || run("worried", &plain),
        |h| format!("hits={h:?}"),
    );
    time(
        "search_phrase",
        10,
        || run("felt really safe", &plain),
        |h| format!("hits={h:?}"),
    );
    let whole_any = search::Options {
        kind: search::Kind::AnyWord,
        whole_words: true,
        skip_interviewers: true,
        ..Default::default()
    };
    time(
        "search_any_words_whole_no_interviewer",
        10,
        || run("calm safe café", &whole_any),
        |h| format!("hits={h:?}"),
    );
    let all = search::Options {
        kind: search::Kind::AllWords,
        ..Default::default()
    };
    time(
        "search_all_words",
        10,
        || run("dose nurses night", &all),
        |h| format!("hits={h:?}"),
    );
    let re = search::Options {
        kind: search::Kind::Regex,
        ..Default::default()
    };
    time(
        "search_regex",
        10,
        || run(r"\bsuperv\w+ (work|team)", &re),
        |h| format!("hits={h:?}"),
    );
    let exact = search::Options {
        case_sensitive: true,
        ..Default::default()
    };
    time(
        "search_match_case_cold",
        1,
        || run("worried", &exact),
        |h| format!("hits={h:?}"),
    );
    let hits = index
        .run("worried calm", &plain)
        .map(|h| h.places)
        .unwrap_or_default();
    let code = p.codes[0].id;
    time(
        "code_hits_plan",
        5,
        || search::plan_coding(&p, &hits, code, search::Unit::Sentence, "Bench").codings,
        |n| format!("hits={} codings={n}", hits.len()),
    );
    let first = index
        .run("the", &plain)
        .map(|h| h.places)
        .unwrap_or_default();
    time(
        "passages_first_page",
        10,
        || {
            first
                .iter()
                .take(200)
                .filter_map(|h| Passage::of(p.document(h.document)?, h.range))
                .count()
        },
        |n| format!("hits={} rows={n}", first.len()),
    );
    for (name, q) in [
        ("query_code", r#""code 3""#),
        ("query_and_not", r#""code 0" AND NOT "code 2""#),
        (
            "query_or_overlaps_where",
            r#"("code 1" OR "code 4") OVERLAPS "code 7" WHERE role = nurse AND round != 2"#,
        ),
        ("query_same_turn", r#""code 5" SAME TURN "code 9""#),
        ("query_within", r#""code 6" WITHIN 2 "code 11""#),
        (
            "query_not_where",
            r#"NOT ("code 0" OR "code 1") WHERE site = Harbour"#,
        ),
    ] {
        time(
            name,
            10,
            || expr::run(&p, q).map(|v| v.len()),
            |n| format!("passages={n:?}"),
        );
    }
    let spec = |rows, cols, measure| matrix::Spec {
        rows,
        cols,
        measure,
    };
    for (name, s) in [
        (
            "matrix_codes_x_role_codings",
            spec(
                matrix::Rows::Codes,
                matrix::Cols::Attribute("role".into()),
                matrix::Measure::Codings,
            ),
        ),
        (
            "matrix_themes_x_site_participants",
            spec(
                matrix::Rows::Themes,
                matrix::Cols::Attribute("site".into()),
                matrix::Measure::Participants,
            ),
        ),
        (
            "matrix_codes_x_documents_words",
            spec(
                matrix::Rows::Codes,
                matrix::Cols::Documents,
                matrix::Measure::Words,
            ),
        ),
        (
            "matrix_codes_x_participants_documents",
            spec(
                matrix::Rows::Codes,
                matrix::Cols::Participants,
                matrix::Measure::Documents,
            ),
        ),
    ] {
        time(
            name,
            10,
            || matrix::compute(&p, &s).map(|m| (m.rows.len(), m.cols.len(), m.total)),
            |r| format!("rows_cols_total={r:?}"),
        );
    }
    let s = spec(
        matrix::Rows::Codes,
        matrix::Cols::Attribute("role".into()),
        matrix::Measure::Codings,
    );
    time(
        "matrix_cell_passages",
        10,
        || matrix::cell_places(&p, &s, 0, 0).map(|v| v.len()),
        |n| format!("passages={n:?}"),
    );
    for (name, mode) in [
        ("cooccur_overlap", cooccur::Mode::Overlap),
        ("cooccur_same_turn", cooccur::Mode::SameTurn),
    ] {
        time(
            name,
            10,
            || cooccur::compute(&p, mode).max_off_diagonal(),
            |m| format!("max_cell={m}"),
        );
    }
}
