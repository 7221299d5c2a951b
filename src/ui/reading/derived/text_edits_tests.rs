//! Tests of [`super`]: text edits followed in place give what a fresh build gives.

use super::super::Derived;
use crate::edit::{Edit, History, ops, text_ops};
use crate::model::{CodingId, DocId, Document, Project, TextRange, Turn};
use crate::testing::{HARD_TEXT, fixture, typed};
use proptest::prelude::*;

/// Everything the pane reads of the data: the marks (by id, with range, lane and code), the
/// lane count, each paragraph's marks in order, the turn starts, the counts and the length.
#[allow(clippy::type_complexity)]
fn picture(
    d: &Derived,
) -> (
    Vec<(CodingId, TextRange, usize, u32)>,
    usize,
    Vec<Vec<CodingId>>,
    Vec<usize>,
    Vec<u32>,
    usize,
    usize,
) {
    let mut marks: Vec<_> = d
        .marks
        .iter()
        .map(|m| (m.id, d.range(m), m.lane, m.code_ix))
        .collect();
    marks.sort_unstable_by_key(|m| m.0);
    let lists = (0..d.starts.len())
        .map(|p| {
            d.in_para(p)
                .iter()
                .map(|k| d.marks[*k as usize].id)
                .collect()
        })
        .collect();
    (
        marks,
        d.lanes,
        lists,
        d.starts.clone(),
        d.chars.clone(),
        d.words,
        d.text_len(),
    )
}

fn fresh(p: &Project, doc: &Document) -> Derived {
    Derived::build(p, doc)
}

/// A project with one document of `text` (paragraphs on '\n') and codings on `spans`.
fn project(text: &str, spans: &[(usize, usize, usize)]) -> (Project, DocId) {
    let mut p = fixture();
    let turns = text
        .split('\n')
        .enumerate()
        .map(|(i, t)| Turn::new(Some(["Kari", "Jonas"][i % 2]), t))
        .collect();
    let doc = Document::new("T", turns);
    let id = doc.id;
    let e = ops::add_document(&p, doc);
    crate::edit::apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
    for &(a, len, code) in spans {
        let n = p.document(id).map_or(0, Document::len);
        let a = a % (n + 1);
        let code = p.codes[code % p.codes.len()].id;
        if let Some(e) = ops::code_passage(&p, id, a, a + len, code, "t") {
            let _ = crate::edit::apply(&mut p, e);
        }
    }
    (p, id)
}

fn doc(p: &Project, id: DocId) -> &Document {
    p.document(id).unwrap_or_else(|| panic!("the document"))
}

#[test]
fn typing_deleting_splitting_and_joining_follow_in_place() {
    let text = "one two three\nfour five six\nseven eight\nnine";
    let (mut p, id) = project(
        text,
        &[(0, 7, 0), (4, 16, 1), (14, 4, 2), (20, 20, 0), (40, 4, 1)],
    );
    let mut h = History::new_saved();
    let mut live = Derived::default();
    live.refresh_with(&p, doc(&p, id), &h);
    assert_eq!(picture(&live), picture(&fresh(&p, doc(&p, id))));
    let edits: Vec<Edit> = vec![
        text_ops::replace(&p, id, TextRange::new(0, 0), "x")
            .unwrap_or_else(|e| panic!("{e}"))
            .0
            .edit,
        text_ops::split(&p, id, 19).unwrap_or_else(|| panic!("split")),
    ];
    let mut followed = live.followed;
    for e in edits {
        h.apply(&mut p, e, "edit", "me")
            .unwrap_or_else(|e| panic!("{e}"));
        live.refresh_with(&p, doc(&p, id), &h);
        assert_eq!(picture(&live), picture(&fresh(&p, doc(&p, id))));
        assert_eq!(live.followed, followed + 1, "followed in place");
        followed = live.followed;
    }
    let join = text_ops::join(&p, id, 0).unwrap_or_else(|| panic!("join"));
    h.apply(&mut p, join.edit, "join", "me")
        .unwrap_or_else(|e| panic!("{e}"));
    live.refresh_with(&p, doc(&p, id), &h);
    assert_eq!(picture(&live), picture(&fresh(&p, doc(&p, id))));
    // A deletion across a coded word, then undo and redo of everything.
    let del = text_ops::replace(&p, id, TextRange::new(5, 9), "")
        .unwrap_or_else(|e| panic!("{e}"))
        .0;
    h.apply(&mut p, del.edit, "delete", "me")
        .unwrap_or_else(|e| panic!("{e}"));
    live.refresh_with(&p, doc(&p, id), &h);
    assert_eq!(picture(&live), picture(&fresh(&p, doc(&p, id))));
    while h.can_undo() {
        h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        live.refresh_with(&p, doc(&p, id), &h);
        assert_eq!(picture(&live), picture(&fresh(&p, doc(&p, id))));
    }
    while h.can_redo() {
        h.redo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        live.refresh_with(&p, doc(&p, id), &h);
        assert_eq!(picture(&live), picture(&fresh(&p, doc(&p, id))));
    }
    assert!(
        live.followed >= followed + 8,
        "undo and redo followed in place"
    );
}

/// One step of the property test.
#[derive(Clone, Debug)]
enum Step {
    /// Replace `del` bytes at `at` with `text`; `merge`: as typing, merged into the last step.
    Type {
        at: usize,
        del: usize,
        text: String,
        merge: bool,
    },
    Split(usize),
    Join(usize),
    /// Code a passage (a coding edit between text edits).
    Code {
        at: usize,
        len: usize,
    },
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0usize..300, 0usize..12, typed(), any::<bool>())
            .prop_map(|(at, del, text, merge)| Step::Type { at, del, text, merge }),
        1 => (0usize..300).prop_map(Step::Split),
        1 => (0usize..8).prop_map(Step::Join),
        1 => (0usize..300, 1usize..30).prop_map(|(at, len)| Step::Code { at, len }),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

fn hard_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(HARD_TEXT.split(' ').collect::<Vec<_>>());
    prop::collection::vec((words, prop::bool::weighted(0.2)), 1..40).prop_map(|v| {
        let mut s = String::new();
        for (i, (w, br)) in v.into_iter().enumerate() {
            if i > 0 {
                s.push(if br { '\n' } else { ' ' });
            }
            s.push_str(w);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Random typing, deleting, pasting, splitting and joining on hard Unicode text with
    /// overlapping codings, merged typing, codings added between, undo and redo: after every
    /// step the data kept in place equals a fresh build, and every plain text edit was followed
    /// in place (not rebuilt).
    #[test]
    fn text_edits_followed_in_place_match_a_fresh_build(
        text in hard_text(),
        spans in prop::collection::vec((0usize..300, 1usize..40, 0usize..4), 0..10),
        steps in prop::collection::vec(step(), 1..24),
    ) {
        let (mut p, id) = project(&text, &spans);
        let mut h = History::new_saved();
        let mut live = Derived::default();
        live.refresh_with(&p, doc(&p, id), &h);
        prop_assert_eq!(picture(&live), picture(&fresh(&p, doc(&p, id))));
        for s in steps {
            let d = doc(&p, id);
            let mut text_edit = false;
            match &s {
                Step::Type { at, del, text, merge } => {
                    let at = at % (d.len() + 1);
                    let end = d.locate(at).and_then(|(t, _)| d.turn_range(t)).map_or(at, |r| r.1);
                    let r = TextRange::new(at, (at + del).min(end));
                    if let Ok((plan, _)) = text_ops::replace(&p, id, r, text) {
                        let key = merge.then(|| "typing".to_owned());
                        text_edit = h.apply_coalescing(&mut p, plan.edit, "Typing", "me", key).is_ok();
                    }
                }
                Step::Split(at) => {
                    if let Some(e) = text_ops::split(&p, id, at % (d.len() + 1)) {
                        text_edit = h.apply(&mut p, e, "Split", "me").is_ok();
                    }
                }
                Step::Join(t) => {
                    if let Some(plan) = text_ops::join(&p, id, t % d.turns().len().max(1)) {
                        text_edit = h.apply(&mut p, plan.edit, "Join", "me").is_ok();
                    }
                }
                Step::Code { at, len } => {
                    let at = at % (d.len() + 1);
                    let code = p.codes[at % p.codes.len()].id;
                    if let Some(e) = ops::code_passage(&p, id, at, at + len, code, "t") {
                        let _ = h.apply(&mut p, e, "Code", "me");
                    }
                }
                Step::Undo => {
                    if h.can_undo() {
                        h.undo(&mut p).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    }
                }
                Step::Redo => {
                    if h.can_redo() {
                        h.redo(&mut p).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    }
                }
            }
            let before = live.followed;
            live.refresh_with(&p, doc(&p, id), &h);
            prop_assert_eq!(picture(&live), picture(&fresh(&p, doc(&p, id))), "after {:?}", s);
            if text_edit {
                prop_assert_eq!(live.followed, before + 1, "{:?} was followed in place", s);
            }
        }
    }
}
