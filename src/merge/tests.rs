//! Merge tests: the rules on small cases, then properties over random edits of two copies.

use super::*;
use crate::edit::{CodeField, Edit, ThemeField, apply, ops};
use crate::model::{CodeId, Coding, CodingId, Document, Turn, validate};
use crate::testing::{Op, fixture, op};
use proptest::prelude::*;

fn opts() -> Options {
    Options {
        ours_from: "a.gloss".into(),
        theirs_from: "b.gloss".into(),
        now: Timestamp(1_800_000_000_000),
    }
}

fn applied(p: &Project, e: Edit) -> Project {
    let mut q = p.clone();
    q.reindex();
    apply(&mut q, e).unwrap_or_else(|e| panic!("{e}"));
    q
}

fn code_named(p: &Project, name: &str) -> CodeId {
    p.code_by_name(name)
        .map(|c| c.id)
        .unwrap_or_else(|| panic!("no code {name}"))
}

fn coding(p: &Project, doc: usize, a: usize, b: usize, code: CodeId, coder: &str) -> Edit {
    let d = p.documents[doc].id;
    ops::code_passage(p, d, a, b, code, coder).unwrap_or_else(|| panic!("cannot code {a}..{b}"))
}

fn valid(p: &Project) {
    let problems = validate(p);
    assert!(problems.is_empty(), "{problems:?}");
}

/// The merged project turned into one edit on ours gives the merged project.
fn plan_reaches(ours: &Project, merged: &Project) {
    let mut q = ours.clone();
    q.reindex();
    apply(&mut q, plan(ours, merged)).unwrap_or_else(|e| panic!("plan failed: {e}"));
    q.trail = merged.trail.clone();
    assert_eq!(&q, merged);
}

#[test]
fn disjoint_coding_merges_cleanly() {
    let base = fixture();
    let calm = code_named(&base, "Calm");
    let sleep = code_named(&base, "Sleep");
    let a = applied(&base, coding(&base, 0, 0, 10, calm, "ana"));
    let b = applied(&base, coding(&base, 1, 0, 10, sleep, "ben"));
    let m = merge(Some(&base), &a, &b, &opts());
    assert_eq!(m.conflicts, 0);
    valid(&m.project);
    assert_eq!(m.project.codings.len(), base.codings.len() + 2);
    for c in a.codings.values().chain(b.codings.values()) {
        assert_eq!(m.project.codings.get(&c.id), Some(c));
    }
    assert!(m.project.coder_by_name("ana").is_some() && m.project.coder_by_name("ben").is_some());
    plan_reaches(&a, &m.project);
}

#[test]
fn a_rename_on_both_sides_is_a_conflict_resolvable_both_ways() {
    let base = fixture();
    let calm = code_named(&base, "Calm");
    let rename = |name: &str| Edit::SetCode {
        id: calm,
        field: CodeField::Name(name.into()),
    };
    let a = applied(&base, rename("Calmness"));
    let b = applied(&base, rename("Quiet"));
    let m = merge(Some(&base), &a, &b, &opts());
    assert_eq!(m.conflicts, 1);
    valid(&m.project);
    let p = &m.project;
    assert_eq!(p.code(calm).map(|c| c.name.as_str()), Some("Calmness"));
    let c = &p.conflicts[0];
    assert_eq!(c.subject, Subject::Code(calm));
    assert_eq!(c.field, "name");
    assert_eq!(resolve::shown(p, c.ours.as_deref()), "Calmness");
    assert_eq!(resolve::shown(p, c.theirs.as_deref()), "Quiet");
    assert_eq!(resolve::shown(p, c.base.as_deref()), "Calm");
    for (choice, name) in [
        (Choice::Theirs, "Quiet"),
        (Choice::Ours, "Calmness"),
        (Choice::Value("\"Serene\"".into()), "Serene"),
    ] {
        let mut q = p.clone();
        let e = resolution(&q, c, &choice).unwrap_or_else(|e| panic!("{e}"));
        let inverse = apply(&mut q, e).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q.code(calm).map(|c| c.name.as_str()), Some(name));
        assert!(q.conflicts.is_empty());
        apply(&mut q, inverse).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&q, p, "undoing a resolution restores the conflict");
    }
}

#[test]
fn a_code_deleted_on_one_side_and_used_on_the_other_is_kept_with_a_conflict() {
    let base = fixture();
    let sleep = code_named(&base, "Sleep");
    let a = applied(&base, ops::delete_code(&base, sleep));
    let b = applied(&base, coding(&base, 1, 0, 10, sleep, "ben"));
    let m = merge(Some(&base), &a, &b, &opts());
    valid(&m.project);
    assert!(m.project.code(sleep).is_some());
    assert_eq!(m.project.codings.len(), b.codings.len());
    let c = m
        .project
        .conflicts
        .iter()
        .find(|c| c.subject == Subject::Code(sleep))
        .unwrap_or_else(|| panic!("no conflict: {:?}", m.project.conflicts));
    assert_eq!(c.field, "item");
    assert!(c.ours.is_none() && c.theirs.is_some());
    // Taking ours (deleted) deletes the code with its codings.
    let mut q = m.project.clone();
    let e = resolution(&q, c, &Choice::Ours).unwrap_or_else(|e| panic!("{e}"));
    apply(&mut q, e).unwrap_or_else(|e| panic!("{e}"));
    assert!(q.code(sleep).is_none());
    valid(&q);
}

#[test]
fn a_theme_moved_to_different_groups_is_a_conflict() {
    let base = fixture();
    let (g2, e) = ops::create_theme(&base, "Hard", crate::model::ThemeKind::Group, None);
    let base = applied(&base, e);
    let (g3, e) = ops::create_theme(&base, "Other", crate::model::ThemeKind::Group, None);
    let base = applied(&base, e);
    let theme = base.themes[1].id;
    let moved = |to| Edit::SetTheme {
        id: theme,
        field: ThemeField::Parent(Some(to)),
    };
    let m = merge(
        Some(&base),
        &applied(&base, moved(g2)),
        &applied(&base, moved(g3)),
        &opts(),
    );
    assert_eq!(m.conflicts, 1);
    assert_eq!(m.project.conflicts[0].field, "parent");
    assert_eq!(m.project.theme(theme).and_then(|t| t.parent), Some(g2));
    let e = resolution(&m.project, &m.project.conflicts[0], &Choice::Theirs)
        .unwrap_or_else(|e| panic!("{e}"));
    let q = applied(&m.project, e);
    assert_eq!(q.theme(theme).and_then(|t| t.parent), Some(g3));
}

#[test]
fn codings_follow_a_code_merged_on_the_other_side() {
    let base = fixture();
    let calm = code_named(&base, "Calm");
    let sleep = code_named(&base, "Sleep");
    let Some(e) = ops::merge_codes(&base, calm, sleep) else {
        panic!("merge planned nothing")
    };
    let a = applied(&base, e);
    let b = applied(&base, coding(&base, 1, 0, 10, calm, "ben"));
    let m = merge(Some(&base), &a, &b, &opts());
    valid(&m.project);
    assert_eq!(m.conflicts, 0, "{:?}", m.project.conflicts);
    assert!(m.project.code(calm).is_none());
    assert!(m.project.codings.values().all(|c| c.code != calm));
    assert_eq!(m.project.codings.len(), base.codings.len() + 1);
}

#[test]
fn a_twin_made_by_a_code_merge_on_the_other_side_collapses() {
    // Theirs coded the base coding's passage again with Sleep; ours merged Sleep into Calm, the
    // base coding's code: as the code merge does in one copy, the duplicate goes.
    let base = fixture();
    let calm = code_named(&base, "Calm");
    let sleep = code_named(&base, "Sleep");
    // A Sleep coding in the base, which ours' merge moves to Calm (how the merge is recognised).
    let base = applied(&base, coding(&base, 1, 0, 10, sleep, "tester"));
    let Some(e) = ops::merge_codes(&base, sleep, calm) else {
        panic!("merge planned nothing")
    };
    let a = applied(&base, e);
    let b = applied(&base, coding(&base, 0, 30, 60, sleep, "tester"));
    assert_eq!(b.codings.len(), base.codings.len() + 1);
    let m = merge(Some(&base), &a, &b, &opts());
    valid(&m.project);
    assert_eq!(m.collapsed_codings, 1);
    assert_eq!(
        m.project.codings.keys().collect::<Vec<_>>(),
        base.codings.keys().collect::<Vec<_>>()
    );
}

#[test]
fn twins_by_one_coder_collapse_but_other_coders_stay() {
    // Ana is a coder of the shared base, so both copies know her by one id.
    let base = fixture();
    let (_, e) = ops::ensure_coder(&base, "ana");
    let base = applied(&base, e.unwrap_or_else(|| panic!("ana exists")));
    let calm = code_named(&base, "Calm");
    let a = applied(&base, coding(&base, 1, 0, 10, calm, "ana"));
    let b = applied(&base, coding(&base, 1, 0, 10, calm, "ana"));
    let m = merge(Some(&base), &a, &b, &opts());
    assert_eq!(m.project.codings.len(), base.codings.len() + 1);
    assert_eq!(m.collapsed_codings, 1);
    let b2 = applied(&base, coding(&base, 1, 0, 10, calm, "ben"));
    let m = merge(Some(&base), &a, &b2, &opts());
    assert_eq!(m.project.codings.len(), base.codings.len() + 2);
    valid(&m.project);
}

#[test]
fn a_transcript_imported_on_both_sides_is_one_document_with_both_codings() {
    let base = fixture();
    let calm = code_named(&base, "Calm");
    let doc = || {
        Document::new(
            "Nurse 3",
            vec![
                Turn::new(Some("I"), "How was the night?"),
                Turn::new(Some("Ola"), "Quiet, and the patients slept well."),
            ],
        )
    };
    let import = |p: &Project, coder: &str, a: usize| {
        let p = applied(p, ops::add_document(p, doc()));
        let d = p.documents.len() - 1;
        applied(&p, coding(&p, d, a, a + 5, calm, coder))
    };
    let a = import(&base, "ana", 0);
    let b = import(&base, "ben", 20);
    let m = merge(Some(&base), &a, &b, &opts());
    valid(&m.project);
    assert_eq!(m.unified_documents, 1);
    assert_eq!(m.project.documents.len(), base.documents.len() + 1);
    let d = a.documents[a.documents.len() - 1].id;
    assert_eq!(m.project.codings_count_in(d), 2);
}

#[test]
fn format_3_lists_merge_by_id() {
    let base = fixture();
    let memo = |text: &str| crate::model::Memo {
        id: crate::model::MemoId::new(),
        anchor: crate::model::Anchor::Project,
        title: String::new(),
        text: text.into(),
        author: crate::model::CoderId::new(),
        created: Timestamp(1),
        modified: Timestamp(1),
        links: Vec::new(),
    };
    let put = |m: crate::model::Memo| Edit::PutMemo {
        id: m.id,
        value: Some(Box::new(m)),
        at: None,
    };
    let shared = memo("shared");
    let base = applied(&base, put(shared.clone()));
    let mut edited = shared.clone();
    edited.text = "edited by a".into();
    let a = applied(&base, put(edited.clone()));
    let a = applied(&a, put(memo("new in a")));
    let b = applied(&base, put(memo("new in b")));
    let m = merge(Some(&base), &a, &b, &opts());
    assert_eq!(m.conflicts, 0);
    let texts: Vec<&str> = m.project.memos.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, vec!["edited by a", "new in a", "new in b"]);
    plan_reaches(&a, &m.project);
}

#[test]
fn without_a_base_two_copies_merge_two_way() {
    let base = fixture();
    let calm = code_named(&base, "Calm");
    let a = applied(&base, coding(&base, 1, 0, 10, calm, "ana"));
    let b = applied(&base, Edit::SetProjectName("Other".into()));
    let m = merge(None, &a, &b, &opts());
    valid(&m.project);
    assert_eq!(m.project.codings.len(), a.codings.len());
    assert_eq!(m.conflicts, 1, "the differing names");
}

#[test]
fn the_shared_trail_gives_back_the_base() {
    let mut base = fixture();
    let mut h = crate::edit::History::new_saved();
    let calm = code_named(&base, "Calm");
    h.apply(
        &mut base,
        Edit::SetProjectName("Study".into()),
        "Rename",
        "x",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut a = base.clone();
    let mut b = base.clone();
    let (mut ha, mut hb) = (h.clone(), h);
    let e = coding(&a, 1, 0, 10, calm, "ana");
    ha.apply(&mut a, e, "Code", "ana")
        .unwrap_or_else(|e| panic!("{e}"));
    let e = Edit::SetCode {
        id: calm,
        field: CodeField::Name("Quiet".into()),
    };
    hb.apply(&mut b, e, "Rename code", "ben")
        .unwrap_or_else(|e| panic!("{e}"));
    let (found, how) = find_base(&a, &b);
    let Some(found) = found else {
        panic!("no base: {how:?}")
    };
    let mut expected = base.clone();
    expected.trail.clear();
    let mut got = found.clone();
    got.trail.clear();
    got.reindex();
    // Undoing adds the coder back out: the rebuilt base has the same data.
    assert_eq!(got.codings, expected.codings);
    assert_eq!(got.codes, expected.codes);
    assert_eq!(got.name, "Study");
    let m = merge(Some(&found), &a, &b, &opts());
    assert_eq!(m.conflicts, 0);
    assert_eq!(m.project.code(calm).map(|c| c.name.as_str()), Some("Quiet"));
    assert_eq!(m.project.codings.len(), a.codings.len());
    assert_eq!(m.project.trail.len(), 3);
    // Copies with no history in common have no base.
    let (none, how) = find_base(&fixture(), &fixture());
    assert!(none.is_none());
    assert_eq!(how, base::Found::NoSharedHistory);
}

/// Applies random operations to a copy of `p`.
fn after(p: &Project, ops: &[Op]) -> Project {
    let mut q = p.clone();
    q.reindex();
    for o in ops {
        if let Some(e) = o.to_edit(&q) {
            let _ = apply(&mut q, e);
        }
    }
    q
}

/// What a coding is, whatever its id: the same passage, code and coder.
fn passage_key(
    c: &Coding,
) -> (
    crate::model::DocId,
    CodeId,
    usize,
    usize,
    crate::model::CoderId,
) {
    (c.document, c.code, c.range.start, c.range.end, c.coder)
}

/// Checks that a change made on `mine` only (the other side left the item as in the base) is in
/// the merge, unless a conflict names it.
fn one_sided_changes_arrive(base: &Project, mine: &Project, other: &Project, m: &Project) {
    let conflicted = |s: &Subject| m.conflicts.iter().any(|c| &c.subject == s);
    for c in &mine.codes {
        if other.code(c.id) == base.code(c.id) && !conflicted(&Subject::Code(c.id)) {
            let got = m.code(c.id);
            let cycle_fixed = got.is_some_and(|g| g.parent != c.parent);
            if !cycle_fixed {
                assert_eq!(got, Some(c), "code {}", c.name);
            }
        }
    }
    for d in &mine.documents {
        if other.document(d.id) == base.document(d.id)
            && !conflicted(&Subject::Document(d.id))
            && let Some(got) = m.document(d.id)
        {
            assert_eq!(got.title, d.title);
        }
    }
    for (id, c) in &mine.codings {
        if other.codings.get(id) == base.codings.get(id) && !conflicted(&Subject::Coding(*id)) {
            // Present as made, or as a twin of it, or following a code merged on the other side.
            let ok = m.codings.get(id) == Some(c)
                || m.codings.values().any(|x| {
                    let (k, y) = (passage_key(&x), passage_key(&c));
                    // Its document may have been unified with one imported on the other side.
                    (k.0 == y.0 || m.document(c.document).is_none())
                        && (k.2, k.3, k.4) == (y.2, y.3, y.4)
                        && (k.1 == y.1
                            || m.code(c.code).is_none()
                            || (other.code(c.code).is_none() && base.code(c.code).is_some()))
                })
                || m.codings.get(id).is_some_and(|x| {
                    x.range == c.range && other.code(c.code).is_none() && m.code(c.code).is_none()
                })
                // The other side corrected the transcript's text: carried to its words there,
                // or (the same passage coded on both sides) one with the other side's twin.
                || (other.document(c.document).map(|d| d.turns())
                    != base.document(c.document).map(|d| d.turns())
                    && (m.codings.get(id).is_some_and(|x| x.coder == c.coder)
                        || m.codings.values().any(|x| {
                            other.codings.contains_key(&x.id)
                                && !base.codings.contains_key(&x.id)
                                && (x.document, x.code, x.coder) == (c.document, c.code, c.coder)
                        })));
            if !ok {
                let show = |p: &Project| {
                    p.codings
                        .values()
                        .map(|c| format!("{:?} {:?} {:?}", c.id, c.code, c.range))
                        .collect::<Vec<_>>()
                };
                panic!(
                    "coding {id:?} made on one side is missing\nbase {:?}\nmine {:?}\nother {:?}\nmerged {:?}\ncodes base {:?} mine {:?} other {:?} merged {:?}",
                    show(base),
                    show(mine),
                    show(other),
                    show(m),
                    base.codes.iter().map(|c| c.id).collect::<Vec<_>>(),
                    mine.codes.iter().map(|c| c.id).collect::<Vec<_>>(),
                    other.codes.iter().map(|c| c.id).collect::<Vec<_>>(),
                    m.codes.iter().map(|c| c.id).collect::<Vec<_>>(),
                );
            }
        }
    }
    // Passages of notes on a transcript the other side corrected follow its words.
    let corrected = other
        .documents
        .iter()
        .any(|d| base.document(d.id).is_some_and(|b| b.turns() != d.turns()));
    // So do passages on a transcript this side deleted but the other still used (brought
    // back as the other has it: this side's range was on a text no copy holds any more).
    let unmoved = |a: &crate::model::Anchor| match a {
        crate::model::Anchor::Passage { document, .. }
            if corrected || mine.document(*document).is_none() =>
        {
            crate::model::Anchor::Document(*document)
        }
        other => other.clone(),
    };
    for x in &mine.memos {
        let b = base.memos.iter().find(|y| y.id == x.id);
        let o = other.memos.iter().find(|y| y.id == x.id);
        if o == b && !conflicted(&Subject::Memo(x.id)) {
            let got = m.memos.iter().find(|y| y.id == x.id);
            let strip =
                |y: &crate::model::Memo| (y.id, unmoved(&y.anchor), y.text.clone(), y.links.len());
            assert_eq!(got.map(strip), Some(strip(x)));
        }
    }
    for x in &mine.comments {
        let b = base.comments.iter().find(|y| y.id == x.id);
        let o = other.comments.iter().find(|y| y.id == x.id);
        if o == b && !conflicted(&Subject::Comment(x.id)) {
            let got = m.comments.iter().find(|y| y.id == x.id);
            let strip =
                |y: &crate::model::Comment| (y.id, unmoved(&y.anchor), y.text.clone(), y.resolved);
            assert_eq!(got.map(strip), Some(strip(x)));
        }
    }
    // Removed on this side only, untouched on the other, not used: gone.
    for (id, c) in &base.codings {
        if !mine.codings.contains_key(id) && other.codings.get(id) == Some(c) {
            let used = m.themes.iter().any(|t| t.exemplars.contains(id));
            assert!(
                used || !m.codings.contains_key(id),
                "removed coding {id:?} came back"
            );
        }
    }
}

/// Ids made on this thread come from `seed` until this is dropped.
struct SeededIds;

impl SeededIds {
    fn new(seed: u64) -> Self {
        crate::model::seed_ids(Some(seed));
        Self
    }
}

impl Drop for SeededIds {
    fn drop(&mut self) {
        crate::model::seed_ids(None);
    }
}

/// The number of proptest cases: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    // 48 cases by default; PROPTEST_CASES asks for more (the explicit count would hide it).
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    #[test]
    fn random_copies_merge_without_losing_anything(
        first in prop::collection::vec(op(), 0..12),
        ours_ops in prop::collection::vec(op(), 0..14),
        theirs_ops in prop::collection::vec(op(), 0..14),
        ids in any::<u64>(),
    ) {
        merges_without_losing_anything(&first, &ours_ops, &theirs_ops, ids)?;
    }
}

/// The merge properties for one case: a base made by `first` from the fixture, two copies of
/// it changed by `ours_ops` and `theirs_ops`, new ids drawn from `ids`.
fn merges_without_losing_anything(
    first: &[Op],
    ours_ops: &[Op],
    theirs_ops: &[Op],
    ids: u64,
) -> Result<(), TestCaseError> {
    // New ids come from the case's seed, so a failure reproduces and shrinks.
    let _ids = SeededIds::new(ids);
    let base = after(&fixture(), first);
    let a = after(&base, ours_ops);
    let b = after(&base, theirs_ops);
    let m = merge(Some(&base), &a, &b, &opts());
    let problems = validate(&m.project);
    prop_assert!(problems.is_empty(), "{:?}", problems);
    // Nothing neither side removed is missing.
    // (A coding whose words one side deleted goes with a conflict record holding it.)
    let conflicted = |s: &Subject| m.project.conflicts.iter().any(|c| &c.subject == s);
    for id in base.codings.keys() {
        if a.codings.contains_key(id) && b.codings.contains_key(id) {
            prop_assert!(
                m.project.codings.contains_key(id) || conflicted(&Subject::Coding(*id)),
                "coding {:?} kept by both is missing",
                id
            );
        }
    }
    for c in &base.codes {
        if a.code(c.id).is_some() && b.code(c.id).is_some() {
            prop_assert!(m.project.code(c.id).is_some());
        }
    }
    for d in &base.documents {
        if a.document(d.id).is_some() && b.document(d.id).is_some() {
            prop_assert!(m.project.document(d.id).is_some());
        }
    }
    for t in &base.themes {
        if a.theme(t.id).is_some() && b.theme(t.id).is_some() {
            prop_assert!(m.project.theme(t.id).is_some());
        }
    }
    one_sided_changes_arrive(&base, &a, &b, &m.project);
    one_sided_changes_arrive(&base, &b, &a, &m.project);
    // The same merge again gives the same bytes.
    let again = merge(Some(&base), &a, &b, &opts());
    prop_assert_eq!(
        crate::store::to_string(&m.project).ok(),
        crate::store::to_string(&again.project).ok(),
        "the same merge twice gives other bytes"
    );
    // Merging with an unchanged copy changes nothing.
    let same = merge(Some(&base), &a, &a, &opts());
    prop_assert_eq!(&same.project, &a, "merge(base, a, a) != a");
    let theirs_only = merge(Some(&base), &base, &b, &opts());
    prop_assert_eq!(&theirs_only.project, &b, "merge(base, base, b) != b");
    // The result as one edit on ours reaches it.
    let mut q = a.clone();
    let e = plan(&a, &m.project);
    let applied = apply(&mut q, e);
    prop_assert!(applied.is_ok(), "{:?}", applied.err());
    q.trail = m.project.trail.clone();
    prop_assert_eq!(&q, &m.project, "the plan does not reach the merge");
    // Every conflict can be resolved either way, leaving a valid project.
    for c in &m.project.conflicts {
        for choice in [Choice::Ours, Choice::Theirs] {
            if let Ok(e) = resolution(&m.project, c, &choice) {
                let mut r = m.project.clone();
                if apply(&mut r, e).is_ok() {
                    let problems = validate(&r);
                    prop_assert!(problems.is_empty(), "{:?}", problems);
                }
            }
        }
    }
    Ok(())
}

mod regressions;
