//! The tree diff on hand-made pairs of trees.

use super::*;
use crate::model::{CoderId, Rgb, SnapshotId, ThemeKind, Timestamp};
use proptest::prelude::*;

fn code(n: u128, name: &str) -> Code {
    let mut c = Code::new(name, Rgb::new(1, 2, 3));
    c.id = CodeId::from_u128(n);
    c
}

fn theme(n: u128, name: &str, parent: Option<u128>, codes: &[u128]) -> Theme {
    let kind = if codes.is_empty() {
        ThemeKind::Group
    } else {
        ThemeKind::Theme
    };
    let mut t = Theme::new(name, kind, parent.map(ThemeId::from_u128));
    t.id = ThemeId::from_u128(n);
    t.codes = codes.iter().map(|&c| CodeId::from_u128(c)).collect();
    t
}

fn snap(themes: Vec<Theme>) -> Snapshot {
    Snapshot {
        id: SnapshotId::from_u128(9),
        label: "x".into(),
        taken: Timestamp(0),
        author: CoderId::from_u128(1),
        codes: (1..=9).map(|i| code(i, &format!("c{i}"))).collect(),
        themes,
        code_counts: Default::default(),
        theme_counts: Default::default(),
    }
}

/// Two groups: G1 (themes 11: c1 c2, 12: c3), G2 (themes 21: c4, 22: c5 c6).
fn base() -> Snapshot {
    snap(vec![
        theme(1, "Rewarding", None, &[]),
        theme(2, "Challenging", None, &[]),
        theme(11, "Harm reduced", Some(1), &[1, 2]),
        theme(12, "Smooth running", Some(1), &[3]),
        theme(13, "Good relations", Some(1), &[7, 8]),
        theme(21, "Dosing", Some(2), &[4]),
        theme(22, "Recovery", Some(2), &[5, 6]),
    ])
}

fn kinds(d: &TreeDiff) -> Vec<&'static str> {
    d.changes.iter().map(Change::kind).collect()
}

#[test]
fn a_tree_against_itself_has_no_changes() {
    let d = diff(&base(), &base());
    assert!(d.is_empty(), "{:?}", d.changes);
    assert!(d.new_marks.values().all(|m| *m == Mark::Same));
}

#[test]
fn rename_is_one_change() {
    let mut new = base();
    new.themes[2].name = "Seeing harm reduced".into();
    let d = diff(&base(), &new);
    assert_eq!(kinds(&d), vec!["renamed"]);
    assert_eq!(
        d.changes[0].sentence(),
        "Renamed “Harm reduced” to “Seeing harm reduced”"
    );
    assert_eq!(
        d.new_marks.get(&ThemeId::from_u128(11)),
        Some(&Mark::Changed)
    );
}

#[test]
fn a_theme_recreated_under_a_new_id_is_still_the_same_theme() {
    let mut new = base();
    new.themes[2] = theme(99, "Seeing harm reduced", Some(1), &[1, 2]);
    let d = diff(&base(), &new);
    assert_eq!(kinds(&d), vec!["renamed"]);
}

#[test]
fn move_between_groups() {
    let mut new = base();
    new.themes[5].parent = Some(ThemeId::from_u128(1));
    let d = diff(&base(), &new);
    assert_eq!(kinds(&d), vec!["moved"]);
    assert_eq!(
        d.changes[0].sentence(),
        "Moved “Dosing” from “Challenging” to “Rewarding”"
    );
}

#[test]
fn merge_of_two_themes_into_a_new_one_is_a_merge() {
    let mut new = base();
    // "Smooth running" (c3) and "Good relations" (c7 c8) become one new theme.
    new.themes
        .retain(|t| t.id != ThemeId::from_u128(12) && t.id != ThemeId::from_u128(13));
    new.themes.push(theme(
        30,
        "A calm clinic and good relations",
        Some(1),
        &[3, 7, 8],
    ));
    let d = diff(&base(), &new);
    assert_eq!(kinds(&d), vec!["merged"], "{:?}", d.changes);
    assert_eq!(
        d.changes[0].sentence(),
        "Merged “Smooth running” and “Good relations” into “A calm clinic and good relations”"
    );
    assert_eq!(
        d.old_marks.get(&ThemeId::from_u128(12)),
        Some(&Mark::Merged)
    );
    assert_eq!(
        d.old_marks.get(&ThemeId::from_u128(13)),
        Some(&Mark::Merged)
    );
    assert_eq!(
        d.new_marks.get(&ThemeId::from_u128(30)),
        Some(&Mark::Merged)
    );
    assert_eq!(
        d.became.get(&ThemeId::from_u128(12)),
        Some(&ThemeId::from_u128(30))
    );
}

#[test]
fn merge_into_a_theme_that_stays_is_a_merge_not_a_removal() {
    let mut new = base();
    new.themes.retain(|t| t.id != ThemeId::from_u128(12));
    new.themes[2].codes.push(CodeId::from_u128(3)); // Harm reduced takes c3
    let d = diff(&base(), &new);
    assert_eq!(kinds(&d), vec!["merged"], "{:?}", d.changes);
    assert_eq!(
        d.changes[0].sentence(),
        "Merged “Harm reduced” and “Smooth running” into “Harm reduced”"
    );
    assert!(!kinds(&d).contains(&"removed"));
}

#[test]
fn split_of_one_theme_into_two() {
    let mut new = base();
    // "Recovery" (c5 c6) keeps c5; a new "Staffing" takes c6.
    new.themes[6].codes = vec![CodeId::from_u128(5)];
    new.themes.push(theme(40, "Staffing", Some(2), &[6]));
    let d = diff(&base(), &new);
    assert_eq!(kinds(&d), vec!["split"], "{:?}", d.changes);
    assert_eq!(
        d.changes[0].sentence(),
        "Split “Recovery” into “Recovery” and “Staffing”"
    );
    assert_eq!(d.new_marks.get(&ThemeId::from_u128(40)), Some(&Mark::Split));
}

#[test]
fn a_code_moved_between_themes_shows_on_both() {
    let mut new = base();
    new.themes[2].codes = vec![CodeId::from_u128(1)];
    new.themes[5].codes.push(CodeId::from_u128(2));
    let d = diff(&base(), &new);
    assert_eq!(kinds(&d), vec!["codes", "codes"]);
    assert_eq!(d.changes[0].sentence(), "“Harm reduced”: codes out: c2");
    assert_eq!(d.changes[1].sentence(), "“Dosing”: codes in: c2");
}

#[test]
fn added_removed_and_definitions_word_by_word() {
    let mut new = base();
    new.themes.retain(|t| t.id != ThemeId::from_u128(21));
    new.themes.push(theme(50, "Security", Some(2), &[9]));
    new.themes[2].description = "Fewer overdoses since the start".into();
    let mut old = base();
    old.themes[2].description = "Fewer overdoses".into();
    let d = diff(&old, &new);
    assert_eq!(
        kinds(&d),
        vec!["definition", "added", "removed"],
        "{:?}",
        d.changes
    );
    let Some(words) = d.changes[0].words() else {
        panic!("no word diff");
    };
    assert_eq!(words_markdown(words), "Fewer overdoses **since the start**");
}

#[test]
fn a_reworded_phrase_is_one_change_not_alternating_words() {
    let w = word_diff(
        "Care for the whole person, not only the dose.",
        "Care that reaches past the dose itself.",
    );
    let md = words_markdown(&w);
    assert_eq!(
        md,
        "Care ~~for the whole person, not only the dose.~~ **that reaches past the dose itself.**"
    );
    // The two sides rebuild the two texts.
    let side = |keep: Tag| -> String {
        w.iter()
            .filter(|x| x.tag == Tag::Same || x.tag == keep)
            .map(|x| x.text.as_str())
            .collect()
    };
    assert_eq!(
        side(Tag::Removed),
        "Care for the whole person, not only the dose."
    );
    assert_eq!(side(Tag::Added), "Care that reaches past the dose itself.");
}

#[test]
fn counts_exemplars_status_and_codebook() {
    let mut old = base();
    let mut new = base();
    let t = ThemeId::from_u128(11);
    old.theme_counts.insert(
        t,
        Count {
            codings: 3,
            documents: 2,
            participants: 2,
        },
    );
    new.theme_counts.insert(
        t,
        Count {
            codings: 5,
            documents: 2,
            participants: 3,
        },
    );
    new.themes[2]
        .exemplars
        .push(crate::model::CodingId::from_u128(7));
    new.themes[2].status = ThemeStatus::Final;
    new.codes[0].name = "Stable".into();
    new.codes.pop();
    let d = diff(&old, &new);
    assert_eq!(
        kinds(&d),
        vec![
            "exemplars",
            "status",
            "counts",
            "code renamed",
            "code removed"
        ]
    );
    let md = to_markdown(&d, "Round 1", "now");
    assert!(
        md.contains("“Harm reduced”: 5 codings, 2 documents, 3 participants, was 3 codings"),
        "{md}"
    );
}

/// Ids made up for random trees: themes 1..=8 over codes 1..=9.
fn arb_tree() -> impl Strategy<Value = Snapshot> {
    proptest::collection::vec(
        (
            any::<bool>(),
            proptest::collection::vec(1u128..=9, 0..4),
            0usize..3,
        ),
        1..8,
    )
    .prop_map(|rows| {
        let mut themes = vec![
            theme(100, "Group A", None, &[]),
            theme(101, "Group B", None, &[]),
        ];
        for (i, (keep, codes, parent)) in rows.into_iter().enumerate() {
            if !keep {
                continue;
            }
            let parent = [None, Some(100), Some(101)][parent];
            themes.push(theme(i as u128 + 1, &format!("T{i}"), parent, &codes));
        }
        snap(themes)
    })
}

proptest! {
    /// Any tree against itself: no changes; between any two trees: every theme of each side is
    /// marked, and the diff never panics.
    #[test]
    fn diff_is_total_and_empty_on_itself(a in arb_tree(), b in arb_tree()) {
        prop_assert!(diff(&a, &a).is_empty());
        let d = diff(&a, &b);
        for t in &a.themes {
            prop_assert!(d.old_marks.contains_key(&t.id), "old {} unmarked", t.name);
        }
        for t in &b.themes {
            prop_assert!(d.new_marks.contains_key(&t.id), "new {} unmarked", t.name);
        }
        let _ = to_markdown(&d, "a", "b");
    }

    /// A word diff always rebuilds both texts.
    #[test]
    fn word_diff_rebuilds_both_sides(a in "[a-c ,.]{0,30}", b in "[a-c ,.]{0,30}") {
        let w = word_diff(&a, &b);
        let side = |keep: Tag| -> String {
            w.iter()
                .filter(|x| x.tag == Tag::Same || x.tag == keep)
                .map(|x| x.text.as_str())
                .collect()
        };
        prop_assert_eq!(side(Tag::Removed), a);
        prop_assert_eq!(side(Tag::Added), b);
    }
}
