//! Text edits: codings follow the words, undo is byte-exact, counts stay current.

use crate::edit::counts_tests::check_derived;
use crate::edit::text_ops;
use crate::edit::{Edit, History, apply};
use crate::model::{Coding, CodingId, DocId, Document, Project, TextRange, Turn, validate};
use crate::testing::{HARD_TEXT, fixture, typed};
use proptest::prelude::*;

/// The file text of `p` without its audit trail (which undo adds to, by design).
fn saved(p: &Project) -> String {
    let mut p = p.clone();
    p.trail.clear();
    crate::store::to_string(&p).unwrap_or_else(|e| panic!("cannot write: {e}"))
}

/// A project with one document `text` (paragraphs split on '\n') and codings on the given
/// ranges.
fn project(text: &str, ranges: &[(usize, usize)]) -> (Project, DocId, Vec<CodingId>) {
    let mut p = fixture();
    let turns = text
        .split('\n')
        .enumerate()
        .map(|(i, t)| Turn::new(Some(["Kari", "Jonas"][i % 2]), t))
        .collect();
    let doc = Document::new("T", turns);
    let id = doc.id;
    let e = crate::edit::ops::add_document(&p, doc);
    apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
    let code = p.codes[1].id;
    let mut ids = Vec::new();
    for &(a, b) in ranges {
        let Some(e) = crate::edit::ops::code_passage(&p, id, a, b, code, "tester") else {
            panic!("cannot code {a}..{b}");
        };
        apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
        let Some(c) = p
            .codings
            .values()
            .filter(|c| c.document == id)
            .max_by_key(|c| c.created)
        else {
            panic!("no coding");
        };
        ids.push(c.id);
    }
    // The fixture's codings were made in the same millisecond: find ours by range.
    let ids = ranges
        .iter()
        .map(|&(a, b)| {
            p.codings
                .values()
                .find(|c| c.document == id && c.range == TextRange::new(a, b))
                .map(|c| c.id)
                .unwrap_or_else(|| panic!("coding {a}..{b} missing"))
        })
        .collect();
    (p, id, ids)
}

fn text_of(p: &Project, id: CodingId) -> String {
    let Some(c) = p.codings.get(&id) else {
        return String::new();
    };
    p.document(c.document)
        .map(|d| d.slice(c.range))
        .unwrap_or_default()
}

fn type_at(p: &mut Project, doc: DocId, a: usize, b: usize, text: &str) -> Edit {
    let (plan, _) = text_ops::replace(p, doc, TextRange::new(a, b), text)
        .unwrap_or_else(|e| panic!("cannot plan: {e}"));
    apply(p, plan.edit).unwrap_or_else(|e| panic!("cannot apply: {e}"))
}

#[test]
fn codings_follow_typing() {
    //                      0123456789012345678901234
    let (mut p, doc, ids) = project("we met at the cafe today", &[(3, 6), (14, 18)]);
    let before = saved(&p);
    // Before a coding: it shifts.
    let u1 = type_at(&mut p, doc, 0, 0, "So ");
    assert_eq!(text_of(&p, ids[0]), "met");
    assert_eq!(text_of(&p, ids[1]), "cafe");
    // Inside: it grows.
    let u2 = type_at(&mut p, doc, 19, 19, "é-");
    assert_eq!(text_of(&p, ids[1]), "caé-fe");
    // At its edges: it does not.
    let u3 = type_at(&mut p, doc, 6, 6, "X");
    let u4 = type_at(&mut p, doc, 10, 10, "Y");
    assert_eq!(text_of(&p, ids[0]), "met");
    // Deleting inside shrinks.
    let u5 = type_at(&mut p, doc, 8, 10, "");
    assert_eq!(text_of(&p, ids[0]), "m");
    assert!(validate(&p).is_empty(), "{:?}", validate(&p));
    check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
    for u in [u5, u4, u3, u2, u1] {
        apply(&mut p, u).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(saved(&p), before);
    check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn deleting_a_whole_passage_asks_first_and_undo_brings_it_back() {
    let (mut p, doc, ids) = project("we met at the cafe today", &[(3, 6), (0, 9)]);
    let theme = p.themes[1].id;
    apply(
        &mut p,
        Edit::AddExemplar {
            theme,
            coding: ids[0],
            index: 0,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = saved(&p);
    // The primitive refuses to leave a coding empty.
    let bare = Edit::ChangeText {
        doc,
        changes: vec![crate::edit::TextChange::new(2, 7, "")],
        restore: Vec::new(),
    };
    assert!(apply(&mut p, bare).is_err());
    assert_eq!(saved(&p), before, "a refused edit changes nothing");
    let (plan, _) =
        text_ops::replace(&p, doc, TextRange::new(2, 7), "").unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.needs_confirmation());
    assert_eq!(plan.lost, vec![ids[0]]);
    assert_eq!(plan.exemplars.len(), 1);
    let msg = plan.describe_loss(&p);
    assert!(
        msg.contains("1 coding") && msg.contains("met") && msg.contains("exemplar"),
        "{msg}"
    );
    let undo = apply(&mut p, plan.edit).unwrap_or_else(|e| panic!("{e}"));
    assert!(!p.codings.contains_key(&ids[0]));
    assert_eq!(text_of(&p, ids[1]), "weat");
    check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
    apply(&mut p, undo).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved(&p), before);
}

#[test]
fn split_and_join_keep_codings_on_their_words() {
    let (mut p, doc, ids) = project("one two three\nfour five", &[(4, 13), (8, 19), (14, 18)]);
    let before = saved(&p);
    let Some(e) = text_ops::split(&p, doc, 8) else {
        panic!("cannot split");
    };
    let u1 = apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
    let d = p.document(doc).unwrap_or_else(|| panic!("doc"));
    assert_eq!(d.turns().len(), 3);
    assert_eq!(d.turns()[1].text, "three");
    assert_eq!(d.turns()[1].speaker.as_deref(), Some("Kari"));
    assert_eq!(text_of(&p, ids[0]), "two \nthree");
    assert_eq!(text_of(&p, ids[1]), "three\nfour ");
    assert_eq!(text_of(&p, ids[2]), "four");
    check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
    let Some(plan) = text_ops::join(&p, doc, 1) else {
        panic!("cannot join");
    };
    let u2 = apply(&mut p, plan.edit).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text_of(&p, ids[1]), "threefour ");
    assert_eq!(text_of(&p, ids[2]), "four");
    check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
    for u in [u2, u1] {
        apply(&mut p, u).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(saved(&p), before);
}

#[test]
fn speakers_rename_merge_and_split() {
    let (mut p, doc, _) = project("a b\nc d\ne f\ng h", &[(0, 3), (4, 7)]);
    apply(
        &mut p,
        Edit::InsertParticipant {
            index: 0,
            participant: crate::model::Participant {
                name: "Kari".into(),
                interviewer: false,
                attributes: [("site".to_owned(), "North".to_owned())].into(),
            },
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = saved(&p);
    let mut h = History::new_saved();
    let e = text_ops::rename_speaker(&p, "Jonas", "Kari").unwrap_or_else(|e| panic!("{e}"));
    h.apply(&mut p, e, "Merge speakers", "me")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(p.documents.iter().all(|d| {
        d.turns()
            .iter()
            .all(|t| t.speaker.as_deref() != Some("Jonas"))
    }));
    check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
    let e = text_ops::rename_speaker(&p, "Kari", "Katrine").unwrap_or_else(|e| panic!("{e}"));
    h.apply(&mut p, e, "Rename speaker", "me")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        p.participant("Katrine")
            .map(|x| x.attributes["site"].as_str()),
        Some("North")
    );
    let e = text_ops::split_speaker(&p, doc, &[1, 3], "Ola").unwrap_or_else(|e| panic!("{e}"));
    h.apply(&mut p, e, "Split speaker", "me")
        .unwrap_or_else(|e| panic!("{e}"));
    let d = p.document(doc).unwrap_or_else(|| panic!("doc"));
    assert_eq!(d.turns()[1].speaker.as_deref(), Some("Ola"));
    assert_eq!(
        p.participant("Ola").map(|x| x.attributes["site"].as_str()),
        Some("North")
    );
    check_derived(&p).unwrap_or_else(|e| panic!("{e}"));
    while h.can_undo() {
        h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(saved(&p), before);
}

#[test]
fn pasted_text_is_cleaned_with_a_note() {
    let c = text_ops::clean_input("a\0b\r\nc\u{7}\u{fffd}\td");
    assert_eq!(c.text, "ab c d");
    let note = c.note.unwrap_or_default();
    assert!(
        note.contains("line break") && note.contains("control") && note.contains("encoding"),
        "{note}"
    );
    assert_eq!(text_ops::clean_input("plain").note, None);
}

#[test]
fn off_boundary_edits_are_snapped() {
    let text = "x👨‍👩‍👧 e\u{301}y";
    let (mut p, doc, ids) = project(text, &[(0, 1)]);
    // A deletion starting inside the family emoji takes the whole emoji.
    let fam = text.find('👨').unwrap_or(0);
    type_at(&mut p, doc, fam + 2, fam + 5, "");
    let d = p.document(doc).unwrap_or_else(|| panic!("doc"));
    assert_eq!(d.turns()[0].text, "x e\u{301}y");
    // Typing a combining mark right after a coding: the coding takes the whole cluster.
    type_at(&mut p, doc, 1, 1, "\u{301}");
    assert_eq!(text_of(&p, ids[0]), "x\u{301}");
    assert!(validate(&p).is_empty(), "{:?}", validate(&p));
}

/// Random documents of hard text with random codings, then random typing, splitting and
/// joining.
#[derive(Clone, Debug)]
enum Step {
    Type { at: usize, del: usize, text: String },
    Split(usize),
    Join(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0usize..300, 0usize..20, typed()).prop_map(|(at, del, text)| Step::Type { at, del, text }),
        1 => (0usize..300).prop_map(Step::Split),
        1 => (0usize..8).prop_map(Step::Join),
    ]
}

fn hard_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(HARD_TEXT.split(' ').collect::<Vec<_>>());
    prop::collection::vec((words, prop::bool::weighted(0.15)), 1..40).prop_map(|v| {
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
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_keep_codings_and_undo_is_exact(
        text in hard_text(),
        spans in prop::collection::vec((0usize..300, 1usize..40), 0..8),
        steps in prop::collection::vec(step(), 1..12),
    ) {
        let mut p = fixture();
        let doc = Document::new("T", text.split('\n').map(|t| Turn::new(Some("Kari"), t)).collect());
        let id = doc.id;
        let e = crate::edit::ops::add_document(&p, doc);
        apply(&mut p, e).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (a, len) in spans {
            let len_doc = p.document(id).map_or(0, Document::len);
            let a = a % (len_doc + 1);
            if let Some(e) = crate::edit::ops::code_passage(&p, id, a, a + len, p.codes[0].id, "t") {
                let _ = apply(&mut p, e);
            }
        }
        let before = saved(&p);
        let mut undo = Vec::new();
        for s in steps {
            let Some(d) = p.document(id) else { break };
            let (edit, touched) = match &s {
                Step::Type { at, del, text } => {
                    let at = at % (d.len() + 1);
                    let Some((t, _)) = d.locate(at) else { continue };
                    let Some((_, end)) = d.turn_range(t) else { continue };
                    let r = TextRange::new(at, (at + del).min(end));
                    let Ok((plan, _)) = text_ops::replace(&p, id, r, text) else { continue };
                    let r = text_ops::snap_change(d, r).unwrap_or(r);
                    (plan.edit, (r.start, r.end, Some(t)))
                }
                Step::Split(at) => {
                    let at = at % (d.len() + 1);
                    let Some(e) = text_ops::split(&p, id, at) else { continue };
                    let t = d.locate(at).map(|x| x.0);
                    (e, (at, at, t))
                }
                Step::Join(t) => {
                    let t = t % d.turns().len().max(1);
                    let Some(plan) = text_ops::join(&p, id, t) else { continue };
                    (plan.edit, (0, 0, Some(t)))
                }
            };
            // Codings away from the changed paragraph(s): their text must not change.
            let turn_span = |d: &Document, t: Option<usize>, extra: usize| {
                let t = t.unwrap_or(0);
                let lo = d.turn_range(t).map_or(0, |r| r.0);
                let hi = d.turn_range(t + extra).or(d.turn_range(t)).map_or(0, |r| r.1);
                (lo, hi)
            };
            let (lo, hi) = turn_span(d, touched.2, usize::from(matches!(s, Step::Join(_))));
            let away: Vec<(CodingId, String)> = p
                .codings
                .values()
                .filter(|c: &Coding| c.document == id && (c.range.end < lo || c.range.start > hi))
                .map(|c| (c.id, text_of(&p, c.id)))
                .collect();
            let inverse = apply(&mut p, edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
            undo.push(inverse);
            for (c, t) in away {
                prop_assert_eq!(text_of(&p, c), t);
            }
            prop_assert!(validate(&p).is_empty(), "{:?}", validate(&p));
            check_derived(&p).map_err(TestCaseError::fail)?;
            if let Some(d) = p.document(id) {
                let recount: usize = d.turns().iter().map(|t| t.text.split_whitespace().count()).sum();
                prop_assert_eq!(d.word_count(), recount);
            }
        }
        for u in undo.into_iter().rev() {
            apply(&mut p, u).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(saved(&p), before);
        check_derived(&p).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn word_counts_stay_right_through_edits() {
    let (mut p, doc, _) = project("one two  three\nfour", &[]);
    let words = |p: &Project| p.document(doc).map_or(0, Document::word_count);
    assert_eq!(words(&p), 4);
    // Inside a word, splitting one, adding words at the start, deleting across words.
    for (a, b, text) in [(3, 3, "x"), (4, 5, " "), (0, 0, "a b "), (2, 8, "")] {
        type_at(&mut p, doc, a, b, text);
        let recount: usize = p
            .document(doc)
            .map(|d| {
                d.turns()
                    .iter()
                    .map(|t| t.text.split_whitespace().count())
                    .sum()
            })
            .unwrap_or(0);
        assert_eq!(words(&p), recount, "after {a}..{b} -> {text:?}");
    }
}
