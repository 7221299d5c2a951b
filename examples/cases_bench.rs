//! Case tables, attribute import and memos at a large study's size: 200 transcripts (17,000
//! codings), 2,000 participants with five typed attributes, 1,000 coding memos and 200 journal
//! entries. Prints one line per operation, `op=<name> ms=<median of 7>`.
//!
//! cargo run --release --example cases_bench

#[path = "common/generate.rs"]
mod common;

use gloss::cases::{import, memos, plan, table};
use gloss::edit::{self, Edit};
use gloss::model::{
    Anchor, AttributeDef, AttributeKind, AttributeOf, Participant, Project, Timestamp,
};
use std::time::Instant;

const PARTICIPANTS: usize = 2_000;
const P: AttributeOf = AttributeOf::Participant;

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[3]
}

fn project() -> Project {
    let mut p = common::generate(200, 4_000, 17_000, 30, 12);
    let roles = ["nurse", "doctor", "social worker", "manager"];
    let sites = ["Harbour", "Northside", "Eastgate"];
    for (name, kind) in [
        (
            "role",
            AttributeKind::Choice(roles.iter().map(|s| s.to_string()).collect()),
        ),
        (
            "site",
            AttributeKind::Choice(sites.iter().map(|s| s.to_string()).collect()),
        ),
        ("round", AttributeKind::Number),
        ("age", AttributeKind::Number),
        ("joined", AttributeKind::Date),
    ] {
        p.attributes.push(AttributeDef {
            name: name.into(),
            of: P,
            kind,
        });
    }
    for i in 0..PARTICIPANTS {
        let mut a = std::collections::BTreeMap::new();
        a.insert("role".into(), roles[i % 4].to_owned());
        a.insert("site".into(), sites[i % 3].to_owned());
        a.insert("round".into(), (1 + i % 2).to_string());
        a.insert("age".into(), (25 + i % 40).to_string());
        a.insert(
            "joined".into(),
            format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
        );
        p.participants.push(Participant {
            name: format!("P{i:04}"),
            interviewer: false,
            attributes: a,
        });
    }
    p.reindex();
    let ids: Vec<_> = p.codings.keys().copied().take(1_000).collect();
    let mut edits = Vec::new();
    for (i, id) in ids.into_iter().enumerate() {
        let (e, _) = memos::create(
            &p,
            Anchor::Coding(id),
            "",
            "A note on this passage.",
            "Bench",
            Timestamp(i as i64),
        );
        edits.push(e);
    }
    for i in 0..200 {
        let (e, _) = memos::create(
            &p,
            Anchor::Project,
            "",
            "Today I noticed…",
            "Bench",
            Timestamp(i),
        );
        edits.push(e);
    }
    if let Err(e) = edit::apply(&mut p, Edit::Batch(edits)) {
        panic!("could not add memos: {e}");
    }
    p
}

fn main() {
    let mut p = project();
    println!(
        "# {} documents, {} codings, {} participants x {} attributes, {} memos",
        p.documents.len(),
        p.codings.len(),
        p.participants.len(),
        p.attributes.len(),
        p.memos.len()
    );
    let ms = median_ms(|| {
        let mut t = table::build(&p, P);
        t.sort(table::SortBy::Column(3), false);
        t.filter("nurse", Some((1, "Harbour")));
        assert!(!t.rows.is_empty());
    });
    println!("op=table_build_sort_filter rows={PARTICIPANTS} ms={ms:.2}");

    let t = table::build(&p, P);
    let csv = t.to_csv();
    let ms = median_ms(|| {
        let s = import::read_csv(csv.as_bytes()).unwrap_or_default();
        let pre = import::preview(&p, P, &s);
        assert_eq!(pre.matched.len(), PARTICIPANTS);
    });
    println!("op=import_csv_read_and_preview rows={PARTICIPANTS} ms={ms:.2}");

    let mut book = Vec::new();
    let ms = median_ms(|| book = t.to_xlsx().unwrap_or_default());
    println!("op=export_xlsx rows={PARTICIPANTS} ms={ms:.2}");
    let ms = median_ms(|| {
        let s = import::read_xlsx(&book).unwrap_or_default();
        assert_eq!(s.rows.len(), PARTICIPANTS);
    });
    println!("op=import_xlsx_read rows={PARTICIPANTS} ms={ms:.2}");

    // An import that changes every participant's age: plan, apply and undo.
    let changed = csv.replace(",25,", ",26,");
    let sheet = import::read_csv(changed.as_bytes()).unwrap_or_default();
    let ms = median_ms(|| {
        let pre = import::preview(&p, P, &sheet);
        let inv = edit::apply(&mut p, import::plan(&pre)).unwrap_or_else(|e| panic!("{e}"));
        edit::apply(&mut p, inv).unwrap_or_else(|e| panic!("{e}"));
    });
    println!("op=import_apply_and_undo ms={ms:.2}");

    let ms = median_ms(|| {
        let e =
            plan::rename_attribute(&p, P, "age", "age in years").unwrap_or_else(|e| panic!("{e}"));
        let inv = edit::apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
        edit::apply(&mut p, inv).unwrap_or_else(|e| panic!("{e}"));
    });
    println!("op=rename_attribute_and_undo values={PARTICIPANTS} ms={ms:.2}");

    let doc = p.documents[0].id;
    let ms = median_ms(|| {
        let m = memos::margin_marks(&p, doc);
        assert!(!m.is_empty());
    });
    println!(
        "op=margin_marks_one_document memos={} ms={ms:.3}",
        p.memos.len()
    );

    let e = plan::set_attribution(&p, vec!["role".into(), "site".into(), "round".into()]);
    edit::apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
    let ms = median_ms(|| {
        let r = gloss::export::theme_report_md(&p);
        assert!(r.contains("Journal"));
    });
    println!("op=theme_report_with_attribution ms={ms:.2}");
}
