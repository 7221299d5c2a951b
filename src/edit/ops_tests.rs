//! The codebook and theme operations: merge, split, move, resize, in-vivo, key binding, theme
//! merge and moves. Each conserves codings, leaves no dangling reference and is undone exactly.

use super::*;
use crate::model::{Document, validate};
use crate::testing::{fixture, op, project_after};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn code(p: &Project, name: &str) -> CodeId {
    p.code_by_name(name).map(|c| c.id).unwrap_or_default()
}

fn run(p: &mut Project, e: Option<Edit>) -> Edit {
    let e = e.unwrap_or_else(|| panic!("no plan"));
    apply(p, e).unwrap_or_else(|e| panic!("{e}"))
}

/// Fixture plus Sleep codings: one on Calm's passage (a duplicate after a merge), one elsewhere.
fn with_sleep() -> (Project, CodeId, CodeId) {
    let mut p = fixture();
    let (calm, sleep) = (code(&p, "Calm"), code(&p, "Sleep"));
    let doc = p.documents[0].id;
    let r = p
        .codings
        .values()
        .next()
        .map(|c| c.range)
        .unwrap_or(TextRange::new(0, 0));
    for (a, b) in [(r.start, r.end), (0, 4)] {
        let e = ops::code_passage(&p, doc, a, b, sleep, "tester");
        run(&mut p, e);
    }
    (p, calm, sleep)
}

#[test]
fn merging_codes_records_it_and_keeps_exemplars() {
    let (mut p, calm, sleep) = with_sleep();
    let theme = p.themes[1].id;
    // The duplicate Sleep coding is the theme's exemplar: after the merge the surviving Calm
    // coding on the same passage takes its place.
    let dup = p
        .codings
        .values()
        .find(|c| c.code == sleep && c.range.start != 0)
        .map(|c| c.id)
        .unwrap_or_default();
    run(
        &mut p,
        Some(Edit::AddExemplar {
            theme,
            coding: dup,
            index: 0,
        }),
    );
    let e = ops::merge_codes(&p, sleep, calm);
    run(&mut p, e);
    assert_eq!(p.codings.len(), 2);
    let kept = p
        .theme(theme)
        .map(|t| t.exemplars.clone())
        .unwrap_or_default();
    assert_eq!(kept.len(), 1);
    assert_eq!(p.codings.get(&kept[0]).map(|c| c.code), Some(calm));
    let memo = p.code(calm).map(|c| c.memo.clone()).unwrap_or_default();
    assert!(
        memo.starts_with("Merged \"Sleep\" into this code on ")
            && memo.ends_with("1 coding moved, 1 exact duplicate collapsed."),
        "{memo}"
    );
    assert!(validate(&p).is_empty());
}

#[test]
fn split_moves_only_the_chosen_codings() {
    let (mut p, _, sleep) = with_sleep();
    let theme = p.themes[1].id;
    let e = ops::add_code_to_theme(&p, theme, sleep);
    run(&mut p, e);
    let sleep_codings: Vec<CodingId> = p
        .codings
        .values()
        .filter(|c| c.code == sleep)
        .map(|c| c.id)
        .collect();
    let before = p.clone();
    let (new, plan) =
        ops::split_code(&p, sleep, &sleep_codings[..1], "Night").unwrap_or_else(|| panic!("split"));
    let inv = run(&mut p, Some(plan));
    assert_eq!(p.codings.len(), before.codings.len(), "codings conserved");
    assert_eq!(p.codings.get(&sleep_codings[0]).map(|c| c.code), Some(new));
    assert_eq!(
        p.codings.get(&sleep_codings[1]).map(|c| c.code),
        Some(sleep)
    );
    assert!(p.theme(theme).is_some_and(|t| t.codes.contains(&new)));
    let sleep_at = p.codes.iter().position(|c| c.id == sleep);
    assert_eq!(
        p.codes.get(sleep_at.unwrap_or(0) + 1).map(|c| c.id),
        Some(new)
    );
    assert!(validate(&p).is_empty());
    assert!(
        ops::split_code(&p, sleep, &sleep_codings[1..], "Night").is_none(),
        "name taken"
    );
    assert!(
        ops::split_code(&p, sleep, &[], "Other").is_none(),
        "nothing chosen"
    );
    run(&mut p, Some(inv));
    assert_eq!(p, before);
}

#[test]
fn moving_a_coding_onto_its_twin_collapses_it() {
    let (mut p, calm, sleep) = with_sleep();
    let other = p
        .codings
        .values()
        .find(|c| c.code == sleep && c.range.start == 0)
        .map(|c| c.id)
        .unwrap_or_default();
    let e = ops::move_coding(&p, other, calm);
    run(&mut p, e);
    assert_eq!(p.codings.get(&other).map(|c| c.code), Some(calm));
    let twin = p
        .codings
        .values()
        .find(|c| c.code == sleep)
        .map(|c| c.id)
        .unwrap_or_default();
    let e = ops::move_coding(&p, twin, calm);
    run(&mut p, e);
    assert!(!p.codings.contains_key(&twin), "exact duplicate collapsed");
    assert_eq!(p.codings.len(), 2);
    assert!(ops::move_coding(&p, other, calm).is_none(), "already there");
}

#[test]
fn resize_snaps_and_refuses_empty_or_duplicate() {
    let (mut p, _, sleep) = with_sleep();
    let c = p
        .codings
        .values()
        .find(|c| c.code == sleep && c.range.start == 0)
        .unwrap_or_else(|| panic!("coding"));
    assert!(ops::resize_coding(&p, c.id, 2, 2).is_none(), "empty");
    assert!(ops::resize_coding(&p, c.id, 0, 4).is_none(), "unchanged");
    let e = ops::resize_coding(&p, c.id, 9, 0);
    run(&mut p, e);
    assert_eq!(
        p.codings.get(&c.id).map(|c| c.range),
        Some(TextRange::new(0, 9))
    );
    let twin = p
        .codings
        .values()
        .find(|o| o.code == sleep && o.id != c.id)
        .map(|o| o.range)
        .unwrap_or(TextRange::new(0, 0));
    assert!(ops::resize_coding(&p, c.id, twin.start, twin.end).is_none());
    // An unsnapped range is refused by the primitive.
    let doc = &p.documents[0];
    let inside = (0..doc.len()).find(|o| !doc.is_boundary(*o));
    if let Some(o) = inside {
        let bad = Edit::SetCodingRange {
            id: c.id,
            range: TextRange::new(0, o),
        };
        assert!(apply(&mut p, bad).is_err());
    }
}

#[test]
fn in_vivo_names_the_code_from_the_words() {
    assert_eq!(
        ops::in_vivo_name("  \"I was braced   for chaos,\" "),
        "I was braced for chaos"
    );
    assert_eq!(
        ops::in_vivo_name("one two three four five six seven eight nine ten"),
        "one two three four five six seven eight"
    );
    assert_eq!(ops::in_vivo_name("…!"), "");
    let mut p = fixture();
    let doc = p.documents[0].id;
    // "What has been rewarding?" is the first turn.
    let (id, plan) = ops::in_vivo(&p, doc, 0, 24, "tester").unwrap_or_else(|| panic!("plan"));
    run(&mut p, Some(plan));
    let c = p.code(id).cloned().unwrap_or_else(|| panic!("code"));
    assert_eq!(c.name, "What has been rewarding");
    assert_eq!(c.example, "\"What has been rewarding?\"");
    assert_eq!(p.codings.values().filter(|k| k.code == id).count(), 1);
    // The same words again reuse the code.
    let (again, plan) = ops::in_vivo(&p, doc, 0, 23, "tester").unwrap_or_else(|| panic!("plan"));
    assert_eq!(again, id);
    run(&mut p, Some(plan));
    assert_eq!(p.codes.len(), 4);
}

#[test]
fn a_key_binds_to_one_code_at_a_time() {
    let mut p = fixture();
    let (calm, sleep) = (code(&p, "Calm"), code(&p, "Sleep"));
    let e = ops::bind_key(&p, calm, Some(1));
    run(&mut p, e);
    assert_eq!(ops::code_for_key(&p, 1), Some(calm));
    let e = ops::bind_key(&p, sleep, Some(1));
    run(&mut p, e);
    assert_eq!(ops::code_for_key(&p, 1), Some(sleep));
    assert_eq!(p.code(calm).and_then(|c| c.shortcut), None);
    assert!(ops::bind_key(&p, sleep, Some(1)).is_none());
    let bad = Edit::SetCode {
        id: calm,
        field: CodeField::Shortcut(Some(0)),
    };
    assert!(apply(&mut p, bad).is_err());
}

#[test]
fn merging_themes_combines_codes_and_exemplars() {
    let mut p = fixture();
    let group = p.themes[0].id;
    let calm_theme = p.themes[1].id;
    let (calm, dosing) = (code(&p, "Calm"), code(&p, "Dosing"));
    let (other, e) = ops::create_theme(&p, "Pressure", ThemeKind::Theme, Some(group));
    run(&mut p, Some(e));
    let (child, e) = ops::create_theme(&p, "Sub", ThemeKind::Theme, Some(other));
    run(&mut p, Some(e));
    for c in [dosing, calm] {
        let e = ops::add_code_to_theme(&p, other, c);
        run(&mut p, e);
    }
    let coding = *p.codings.keys().next().unwrap_or_else(|| panic!("coding"));
    run(
        &mut p,
        Some(Edit::AddExemplar {
            theme: other,
            coding,
            index: 0,
        }),
    );
    run(
        &mut p,
        Some(Edit::SetTheme {
            id: other,
            field: ThemeField::Involves("Daily requests".into()),
        }),
    );
    let before = p.clone();
    assert!(
        ops::merge_themes(&p, other, child).is_none(),
        "into its own sub-theme"
    );
    let e = ops::merge_themes(&p, other, calm_theme);
    let inv = run(&mut p, e);
    let t = p
        .theme(calm_theme)
        .cloned()
        .unwrap_or_else(|| panic!("theme"));
    assert_eq!(t.codes, vec![calm, dosing]);
    assert_eq!(t.exemplars, vec![coding]);
    assert!(
        t.memo.contains("Merged theme \"Pressure\"")
            && t.memo.contains("Its involves: Daily requests")
    );
    assert!(p.theme(other).is_none());
    assert_eq!(p.theme(child).and_then(|c| c.parent), Some(calm_theme));
    assert!(validate(&p).is_empty());
    run(&mut p, Some(inv));
    assert_eq!(p, before);
}

#[test]
fn moving_themes_and_codes_between_parents() {
    let mut p = fixture();
    let group = p.themes[0].id;
    let theme = p.themes[1].id;
    let (challenging, e) = ops::create_theme(&p, "Challenging", ThemeKind::Group, None);
    run(&mut p, Some(e));
    let e = ops::move_theme(&p, theme, Some(challenging));
    run(&mut p, e);
    assert_eq!(p.theme(theme).and_then(|t| t.parent), Some(challenging));
    assert!(
        ops::move_theme(&p, challenging, Some(theme)).is_none(),
        "inside itself"
    );
    assert!(
        ops::move_theme(&p, theme, Some(challenging)).is_none(),
        "no change"
    );
    let e = ops::move_theme(&p, theme, Some(group));
    run(&mut p, e);
    let (calm, dosing) = (code(&p, "Calm"), code(&p, "Dosing"));
    let e = ops::move_code(&p, dosing, Some(calm), 1);
    run(&mut p, e);
    assert_eq!(p.codes[1].id, dosing);
    assert_eq!(p.code(dosing).and_then(|c| c.parent), Some(calm));
    assert!(
        ops::move_code(&p, calm, Some(dosing), 0).is_none(),
        "inside itself"
    );
    assert_eq!(crate::query::code_tree(&p)[1], (dosing, 1));
}

fn coding_ids(p: &Project) -> BTreeSet<CodingId> {
    p.codings.keys().copied().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Merge, split and move never create or lose codings except exact duplicates collapsing,
    /// and leave every reference pointing at something that exists.
    #[test]
    fn codebook_restructuring_conserves_codings(
        setup in prop::collection::vec(op(), 0..30),
        a in 0usize..64,
        b in 0usize..64,
        pick in prop::collection::vec(0usize..64, 0..4),
    ) {
        let p = project_after(&setup);
        if p.codes.is_empty() { return Ok(()); }
        let from = p.codes[a % p.codes.len()].id;
        let into = p.codes[b % p.codes.len()].id;
        let passages = |p: &Project| -> BTreeSet<(DocId, TextRange)> {
            p.codings.values().map(|c| (c.document, c.range)).collect()
        };
        if let Some(e) = ops::merge_codes(&p, from, into) {
            let mut q = p.clone();
            apply(&mut q, e).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(validate(&q).is_empty());
            prop_assert_eq!(passages(&q), passages(&p), "every passage still coded");
            let moved = p.codings.values().filter(|c| c.code == from || c.code == into).count();
            let now = q.codings.values().filter(|c| c.code == into).count();
            prop_assert!(now <= moved && q.codings.len() == p.codings.len() - (moved - now));
        }
        let own: Vec<CodingId> = p.codings.values().filter(|c| c.code == from).map(|c| c.id).collect();
        let chosen: Vec<CodingId> = pick.iter().filter_map(|i| own.get(i % own.len().max(1)).copied()).collect();
        if let Some((new, e)) = ops::split_code(&p, from, &chosen, "split part") {
            let mut q = p.clone();
            apply(&mut q, e).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(validate(&q).is_empty());
            prop_assert_eq!(coding_ids(&q), coding_ids(&p));
            let chosen: BTreeSet<CodingId> = chosen.into_iter().collect();
            for c in q.codings.values() {
                prop_assert_eq!(c.code == new, chosen.contains(&c.id));
            }
        }
        if let Some(first) = own.first()
            && let Some(e) = ops::move_coding(&p, *first, into)
        {
            let mut q = p.clone();
            apply(&mut q, e).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(validate(&q).is_empty());
            prop_assert_eq!(passages(&q), passages(&p));
        }
    }
}

#[test]
fn new_op_kinds_yield_edits() {
    use crate::testing::Op;
    // Guards the generator: each new operation kind yields an edit on a project that has codings.
    let (p, _, _) = with_sleep();
    let samples = [
        Op::SplitCode {
            code: 1,
            take: vec![0],
            name: 1,
        },
        Op::MoveCodingTo { coding: 0, code: 2 },
        Op::Resize {
            coding: 0,
            a: 0,
            b: 7,
        },
        Op::InVivo {
            doc: 0,
            a: 0,
            b: 12,
        },
        Op::BindKey {
            code: 0,
            key: Some(3),
        },
        Op::MergeThemes { from: 1, into: 0 },
        Op::MoveTheme {
            theme: 1,
            parent: None,
        },
        Op::MoveCode {
            code: 2,
            parent: Some(0),
            index: 0,
        },
    ];
    for o in samples {
        assert!(o.to_edit(&p).is_some(), "{o:?}");
    }
}

#[test]
fn nudging_a_coding_moves_its_ends_by_words() {
    use ops::Edge;
    let mut p = Project::default();
    let d = Document::new(
        "d",
        vec![
            crate::model::Turn::new(Some("A"), "one two three"),
            crate::model::Turn::new(Some("B"), "four five"),
        ],
    );
    let doc = d.id;
    let e = ops::add_document(&p, d);
    run(&mut p, Some(e));
    let (c, e) = ops::create_code(&p, "C");
    run(&mut p, Some(e));
    // "two" is 4..7.
    let e = ops::code_passage(&p, doc, 4, 7, c, "t");
    run(&mut p, e);
    let id = *p.codings.keys().next().unwrap_or_else(|| panic!("coding"));
    let range = |p: &Project| p.codings.get(&id).map(|c| (c.range.start, c.range.end));
    let e = ops::nudge_coding(&p, id, Edge::End, true);
    run(&mut p, e);
    assert_eq!(range(&p), Some((4, 13)), "end to the end of 'three'");
    let e = ops::nudge_coding(&p, id, Edge::End, true);
    run(&mut p, e);
    assert_eq!(range(&p), Some((4, 18)), "across the turn break to 'four'");
    let e = ops::nudge_coding(&p, id, Edge::Start, false);
    run(&mut p, e);
    assert_eq!(range(&p), Some((0, 18)));
    assert!(
        ops::nudge_coding(&p, id, Edge::Start, false).is_none(),
        "document start"
    );
    let e = ops::nudge_coding(&p, id, Edge::Start, true);
    run(&mut p, e);
    assert_eq!(range(&p), Some((4, 18)));
    let e = ops::nudge_coding(&p, id, Edge::End, false);
    run(&mut p, e);
    let e = ops::nudge_coding(&p, id, Edge::End, false);
    run(&mut p, e);
    assert_eq!(range(&p), Some((4, 7)));
    assert!(
        ops::nudge_coding(&p, id, Edge::End, false).is_none(),
        "never empty"
    );
    assert!(
        ops::nudge_coding(&p, id, Edge::Start, true).is_none(),
        "never empty"
    );
}
