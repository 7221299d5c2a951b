//! Tests of [`super`]: the derived module of the reading pane.

use super::super::lanes::doc_cmp;
use super::*;
use crate::edit::Edit;
use crate::model::{Code, CodeId, CoderId, Coding, Turn};
use proptest::prelude::*;

fn project() -> (Project, DocId, Vec<CodeId>) {
    let mut p = Project::default();
    let doc = Document::new(
        "d",
        vec![
            Turn::new(Some("A"), "one two three"),
            Turn::new(None, "four five"),
            Turn::new(None, "six"),
        ],
    );
    let id = doc.id;
    p.documents.push(std::sync::Arc::new(doc));
    let mut codes = Vec::new();
    for (i, name) in ["x", "y", "z"].iter().enumerate() {
        let c = Code::new(name, Rgb::palette(i));
        codes.push(c.id);
        p.codes.push(c);
    }
    (p, id, codes)
}

fn add(p: &mut Project, doc: DocId, code: CodeId, a: usize, b: usize) {
    let c = Coding {
        id: CodingId::new(),
        document: doc,
        code,
        range: TextRange::new(a, b),
        coder: CoderId::default(),
        created: Default::default(),
    };
    p.codings.insert(c.id, c);
}

#[test]
fn paragraphs_and_lanes() {
    let (mut p, doc, codes) = project();
    // "one two three\nfour five\nsix": paragraph starts 0, 14, 24.
    add(&mut p, doc, codes[0], 0, 3); // one
    add(&mut p, doc, codes[1], 4, 18); // two .. four (two paragraphs)
    add(&mut p, doc, codes[0], 8, 13); // three: overlaps y, not the first x
    add(&mut p, doc, codes[2], 24, 27); // six
    let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
    let dv = Derived::build(&p, &d);
    assert_eq!(dv.starts, vec![0, 14, 24]);
    assert_eq!(dv.in_para(0).len(), 3);
    assert_eq!(dv.in_para(1).len(), 1);
    assert_eq!(dv.in_para(2).len(), 1);
    let mut lanes: Vec<(usize, usize)> = dv
        .marks
        .iter()
        .map(|m| (dv.range(m).start, m.lane))
        .collect();
    lanes.sort_unstable();
    // x at 0 takes lane 0; y overlaps nothing at 4 (x ended at 3), so it starts a new
    // cluster with every lane free and takes lane 0; x's second coding at 8 overlaps y, and
    // x has no lane in this cluster yet, so it takes the lowest free one: lane 1.
    assert_eq!(lanes, vec![(0, 0), (4, 0), (8, 1), (24, 0)]);
    assert_eq!(dv.lanes, 2);
    assert_eq!(dv.marks_at(0, 9).count(), 2);
    assert_eq!(dv.marks_at(1, 15).count(), 1);
    assert_eq!(dv.para_of(0), 0);
    assert_eq!(dv.para_of(14), 1);
    assert_eq!(dv.para_of(13), 0);
    assert_eq!(dv.para_of(100), 2);
}

#[test]
fn word_count_matches_the_document() {
    for t in [
        "",
        " a  b\tc\n",
        "one",
        "x\u{b}y",
        "café au lait",
        "a\u{3000}b",
        "  ",
        "naïve  日本 語\tx ",
        "\u{a0}x\u{2009}y",
        &"café  au\tlait naïve ".repeat(40),
        &format!("{}\u{3000}end", "word ".repeat(30)),
    ] {
        let (chars, words) = text_stats(t);
        assert_eq!(words, t.split_whitespace().count(), "{t:?}");
        assert_eq!(chars as usize, t.chars().count(), "{t:?}");
    }
}

/// The marks in document order with their lanes, and the lane count, after checking the
/// paragraph lists against the marks.
fn summary(d: &Derived, paragraphs: usize) -> (Vec<(CodingId, TextRange, usize, u32)>, usize) {
    let mut sorted: Vec<&Mark> = d.marks.iter().collect();
    sorted.sort_by(|a, b| doc_cmp((d.range(a), a), (d.range(b), b)));
    let marks = sorted
        .iter()
        .map(|m| (m.id, d.range(m), m.lane, m.code_ix))
        .collect();
    for (i, a) in d.marks.iter().enumerate() {
        for b in &d.marks[i + 1..] {
            if d.range(a).overlaps(&d.range(b)) {
                assert_ne!(a.lane, b.lane, "{a:?} {b:?}");
            }
        }
    }
    assert_eq!(
        d.lanes,
        d.marks.iter().map(|m| m.lane + 1).max().unwrap_or(0)
    );
    for p in 0..paragraphs {
        let here: Vec<CodingId> = d
            .in_para(p)
            .iter()
            .map(|k| d.marks[*k as usize].id)
            .collect();
        let mut expect: Vec<CodingId> = d
            .marks
            .iter()
            .filter(|m| {
                let a = d.starts[p];
                let b = d.starts.get(p + 1).copied().unwrap_or(usize::MAX);
                d.range(m).start < b && d.range(m).end > a
            })
            .map(|m| m.id)
            .collect();
        expect.sort_by_key(|id| sorted.iter().position(|m| m.id == *id));
        assert_eq!(here, expect, "paragraph {p}");
    }
    (marks, d.lanes)
}

#[test]
fn updates_in_place_match_a_rebuild() {
    let (mut p, doc, codes) = project();
    for i in 0..12 {
        add(
            &mut p,
            doc,
            codes[i % 3],
            i * 2,
            (i * 2 + 3 + i % 5).min(27),
        );
    }
    let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
    let mut live = Derived::default();
    live.refresh(&p, &d, 0);
    let mut generation = 0;
    let mut check = |p: &Project, live: &mut Derived| {
        generation += 1;
        live.refresh(p, &d, generation);
        assert_eq!(summary(live, 3), summary(&Derived::build(p, &d), 3));
    };
    // Add one, at the start, the end and between equal starts.
    add(&mut p, doc, codes[1], 0, 27);
    check(&p, &mut live);
    add(&mut p, doc, codes[2], 26, 27);
    check(&p, &mut live);
    add(&mut p, doc, codes[0], 4, 9);
    add(&mut p, doc, codes[0], 4, 9);
    check(&p, &mut live);
    // Remove one, change one's range and code.
    let first = p
        .codings
        .keys()
        .next()
        .copied()
        .unwrap_or_else(|| panic!("coding"));
    p.codings.remove(&first);
    check(&p, &mut live);
    let fourth = p.codings.keys().nth(3).copied();
    if let Some(id) = fourth {
        p.codings.update(&id, |c| {
            c.range = TextRange::new(15, 25);
            c.code = codes[2];
        });
    }
    check(&p, &mut live);
    // A rebuild sorts many marks that start anywhere, some at the same offset.
    for i in 0..40 {
        add(
            &mut p,
            doc,
            codes[(i * 7) % 3],
            (i * 13) % 26,
            (i * 13) % 26 + 1 + i % 2,
        );
    }
    assert_eq!(summary(&Derived::build(&p, &d), 3).0.len(), p.codings.len());
    // A recoloured code and many changes at once rebuild.
    p.codes[0].color = Rgb([1, 2, 3]);
    check(&p, &mut live);
    for i in 0..100 {
        add(&mut p, doc, codes[i % 3], i % 20, i % 20 + 4);
    }
    check(&p, &mut live);
    p.codings.clear();
    check(&p, &mut live);
}

#[test]
fn edits_undo_and_redo_through_the_history_match_a_rebuild() {
    let (mut p, d, mut h, coding, codes) = with_history();
    for i in 0..8 {
        add(&mut p, d.id, codes[i % 3], i * 3, (i * 3 + 4).min(27));
    }
    let mut live = Derived::default();
    let check = |p: &Project, h: &History, live: &mut Derived| {
        live.refresh_with(p, &d, h);
        assert_eq!(summary(live, 3), summary(&Derived::build(p, &d), 3));
    };
    check(&p, &h, &mut live);
    let first = coding(codes[1], 2, 20);
    let first_id = first.id;
    let edits = vec![
        Edit::AddCoding(first),
        Edit::AddCoding(coding(codes[0], 0, 27)),
        Edit::SetCodingRange {
            id: first_id,
            range: TextRange::new(5, 6),
        },
        Edit::SetCodingCode {
            id: first_id,
            code: codes[2],
        },
        Edit::Batch(vec![
            Edit::RemoveCoding(first_id),
            Edit::AddCoding(coding(codes[2], 14, 18)),
        ]),
        Edit::SetCode {
            id: codes[0],
            field: crate::edit::CodeField::Color(Rgb([9, 9, 9])),
        },
    ];
    for e in edits {
        h.apply(&mut p, e, "edit", "me")
            .unwrap_or_else(|e| panic!("{e}"));
        check(&p, &h, &mut live);
    }
    while h.can_undo() {
        h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        check(&p, &h, &mut live);
    }
    while h.can_redo() {
        h.redo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        check(&p, &h, &mut live);
    }
    // Two steps between refreshes: compared with the last codings instead.
    h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
    h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
    check(&p, &h, &mut live);
}

/// Every document's data from one pass equals each built alone, and kept current with
/// `refresh_local` through edits in several documents, undo and redo, it still does; a step
/// that recolours a code is declined (left for a rebuild).
#[test]
fn prepared_documents_stay_equal_to_a_rebuild() {
    let (mut p, first, mut h, coding, codes) = with_history();
    let d1 = first.id;
    let other = Document::new(
        "e",
        vec![
            Turn::new(None, "alpha beta gamma"),
            Turn::new(None, "delta"),
        ],
    );
    let d2 = other.id;
    p.documents.push(std::sync::Arc::new(other));
    add(&mut p, d1, codes[0], 0, 7);
    add(&mut p, d2, codes[1], 2, 12);
    let in_doc = |doc: DocId, code: CodeId, a: usize, b: usize| {
        let mut c = coding(code, a, b);
        c.document = doc;
        c
    };
    let mut all: Vec<(DocId, Derived)> = Derived::build_all(&p, &h, None);
    let check = |p: &Project, all: &[(DocId, Derived)]| {
        for (id, d) in all {
            let doc = p.document(*id).unwrap_or_else(|| panic!("doc"));
            assert_eq!(
                summary(d, doc.turns().len()),
                summary(&Derived::build(p, doc), doc.turns().len())
            );
        }
    };
    check(&p, &all);
    let edits = vec![
        Edit::AddCoding(in_doc(d2, codes[2], 0, 16)),
        Edit::AddCoding(in_doc(d1, codes[1], 4, 9)),
        Edit::AddCoding(in_doc(d2, codes[0], 6, 22)),
    ];
    let refresh = |p: &Project, h: &History, all: &mut [(DocId, Derived)]| {
        for (id, d) in all.iter_mut() {
            let doc = p.document(*id).unwrap_or_else(|| panic!("doc"));
            assert!(
                d.refresh_local(p, doc, h),
                "a step adding a coding is local"
            );
        }
    };
    for e in edits {
        h.apply(&mut p, e, "edit", "me")
            .unwrap_or_else(|e| panic!("{e}"));
        refresh(&p, &h, &mut all);
        check(&p, &all);
    }
    while h.can_undo() {
        h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        refresh(&p, &h, &mut all);
        check(&p, &all);
    }
    h.apply(
        &mut p,
        Edit::SetCode {
            id: codes[0],
            field: crate::edit::CodeField::Color(Rgb([9, 9, 9])),
        },
        "recolour",
        "me",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for (id, d) in all.iter_mut() {
        let doc = p.document(*id).unwrap_or_else(|| panic!("doc"));
        // Marks look their colour up, so a recolour changes no mark.
        assert!(d.refresh_local(&p, doc, &h), "a recolour is local");
        for m in &d.marks {
            let code = p.codes.get(m.code_ix as usize).map(|c| c.id);
            let want = if code == Some(codes[0]) {
                Rgb([9, 9, 9])
            } else {
                p.codes[m.code_ix as usize].color
            };
            assert_eq!(d.color(m), want);
        }
    }
    check(&p, &all);
}

#[test]
fn overlapping_codings_never_share_a_lane() {
    let (mut p, doc, codes) = project();
    for i in 0..20 {
        add(&mut p, doc, codes[i % 3], i, (i + 1 + (i * 7) % 9).min(27));
    }
    let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
    let dv = Derived::build(&p, &d);
    for (i, a) in dv.marks.iter().enumerate() {
        for b in &dv.marks[i + 1..] {
            if dv.range(a).overlaps(&dv.range(b)) {
                assert_ne!(a.lane, b.lane, "{a:?} {b:?}");
            }
        }
    }
}

/// The slots of the cluster holding the coding over `range`, as ranges in document order.
fn cluster_at(d: &Derived, range: TextRange) -> Vec<TextRange> {
    let slot = d.marks.iter().position(|m| d.range(m) == range);
    let mut out = Vec::new();
    d.cluster_of(
        slot.unwrap_or_else(|| panic!("no mark at {range:?}")) as u32,
        &mut out,
    );
    out.iter()
        .map(|e| TextRange::new(e.start as usize, e.end as usize))
        .collect()
}

fn lane_at(d: &Derived, range: TextRange) -> usize {
    d.marks
        .iter()
        .find(|m| d.range(m) == range)
        .map_or(usize::MAX, |m| m.lane)
}

/// A history over `project()` with a coder, and a function making a coding of its document.
fn with_history() -> (
    Project,
    Document,
    History,
    impl Fn(CodeId, usize, usize) -> Coding,
    Vec<CodeId>,
) {
    let (mut p, doc, codes) = project();
    let coder = crate::model::Coder {
        id: CoderId::new(),
        name: "me".into(),
        machine: String::new(),
    };
    let coder_id = coder.id;
    p.coders.push(coder);
    let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
    let coding = move |code: CodeId, a: usize, b: usize| Coding {
        id: CodingId::new(),
        document: doc,
        code,
        range: TextRange::new(a, b),
        coder: coder_id,
        created: Default::default(),
    };
    (p, d, History::new_saved(), coding, codes)
}

#[test]
fn a_coding_that_bridges_two_clusters_merges_them_and_its_removal_splits_them() {
    let (mut p, d, mut h, coding, codes) = with_history();
    let (a, b, bridge) = (
        TextRange::new(0, 5),
        TextRange::new(10, 15),
        TextRange::new(3, 12),
    );
    for r in [a, b] {
        h.apply(
            &mut p,
            Edit::AddCoding(coding(codes[0], r.start, r.end)),
            "add",
            "me",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut live = Derived::default();
    live.refresh_with(&p, &d, &h);
    assert_eq!(cluster_at(&live, a), vec![a]);
    assert_eq!(cluster_at(&live, b), vec![b]);
    assert_eq!(
        (lane_at(&live, a), lane_at(&live, b), live.lanes),
        (0, 0, 1)
    );

    h.apply(
        &mut p,
        Edit::AddCoding(coding(codes[1], 3, 12)),
        "add",
        "me",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    live.refresh_with(&p, &d, &h);
    assert_eq!(cluster_at(&live, b), vec![a, bridge, b]);
    // The bridge overlaps `a` so it takes lane 1; `b` starts after `a` ended and its code
    // last used lane 0 in this cluster.
    assert_eq!(
        (
            lane_at(&live, a),
            lane_at(&live, bridge),
            lane_at(&live, b),
            live.lanes
        ),
        (0, 1, 0, 2)
    );
    assert_eq!(summary(&live, 3), summary(&Derived::build(&p, &d), 3));

    h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
    live.refresh_with(&p, &d, &h);
    assert_eq!(cluster_at(&live, a), vec![a]);
    assert_eq!(cluster_at(&live, b), vec![b]);
    assert_eq!(live.lanes, 1);
    assert_eq!(summary(&live, 3), summary(&Derived::build(&p, &d), 3));
}

#[test]
fn removing_the_long_coding_of_a_cluster_splits_it_into_several() {
    let (mut p, d, mut h, coding, codes) = with_history();
    let long = coding(codes[2], 0, 27);
    let long_id = long.id;
    let mut edits = vec![Edit::AddCoding(long)];
    for i in 0..5 {
        edits.push(Edit::AddCoding(coding(codes[i % 2], i * 5, i * 5 + 3)));
    }
    h.apply(&mut p, Edit::Batch(edits), "add", "me")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut live = Derived::default();
    live.refresh_with(&p, &d, &h);
    assert_eq!(cluster_at(&live, TextRange::new(0, 27)).len(), 6);
    assert_eq!(live.lanes, 2);
    h.apply(&mut p, Edit::RemoveCoding(long_id), "remove", "me")
        .unwrap_or_else(|e| panic!("{e}"));
    live.refresh_with(&p, &d, &h);
    for i in 0..5 {
        let r = TextRange::new(i * 5, i * 5 + 3);
        assert_eq!(cluster_at(&live, r), vec![r]);
        assert_eq!(lane_at(&live, r), 0);
    }
    assert_eq!(live.lanes, 1);
    assert_eq!(summary(&live, 3), summary(&Derived::build(&p, &d), 3));
}

#[test]
fn a_codes_lane_carries_over_within_a_cluster_only() {
    let (mut p, doc, codes) = project();
    add(&mut p, doc, codes[1], 0, 10); // y, lane 0
    add(&mut p, doc, codes[0], 2, 8); // x overlaps y: lane 1
    add(&mut p, doc, codes[0], 9, 12); // x again, same cluster: its lane 1 is free again
    add(&mut p, doc, codes[0], 20, 25); // x in a new cluster: every lane free, lowest wins
    let d = p.document(doc).cloned().unwrap_or_else(|| panic!("doc"));
    let dv = Derived::build(&p, &d);
    let lanes: Vec<usize> = [(0, 10), (2, 8), (9, 12), (20, 25)]
        .iter()
        .map(|&(a, b)| lane_at(&dv, TextRange::new(a, b)))
        .collect();
    assert_eq!(lanes, vec![0, 1, 1, 0]);
    assert_eq!(cluster_at(&dv, TextRange::new(9, 12)).len(), 3);
}

#[test]
fn document_order_sorts_crowded_and_sparse_starts() {
    let mut marks = Vec::new();
    for i in 0..300usize {
        // A crowd at offset 40 (one big bucket), pairs with equal ranges, and spread ones.
        let (a, b) = match i % 3 {
            0 => (40, 41 + i % 7),
            1 => ((i * 37) % 500, (i * 37) % 500 + 1 + i % 4),
            _ => ((i * 11) % 500, (i * 11) % 500 + 3),
        };
        marks.push(Mark {
            id: CodingId::new(),
            para: 0,
            local: TextRange::new(a, b),
            lane: 0,
            code_ix: (i % 2) as u32,
            coder: Default::default(),
        });
    }
    let (mut ents, mut counts) = (Vec::new(), Vec::new());
    doc_order(&marks, &[0], 510, &mut ents, &mut counts);
    let got: Vec<CodingId> = ents.iter().map(|e| marks[e.slot as usize].id).collect();
    let mut want: Vec<&Mark> = marks.iter().collect();
    want.sort_by(|a, b| doc_cmp((a.local, a), (b.local, b)));
    assert_eq!(got, want.iter().map(|m| m.id).collect::<Vec<_>>());
}

/// One step applied to the document's codings through the history.
#[derive(Clone, Debug)]
enum Step {
    Add { at: usize, len: usize, code: usize },
    Remove(usize),
    Range { k: usize, at: usize, len: usize },
    Code { k: usize, code: usize },
    Batch(Vec<(usize, usize, usize)>),
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..TEXT_LEN, 1..16usize, 0..3usize)
            .prop_map(|(at, len, code)| Step::Add { at, len, code }),
        2 => any::<usize>().prop_map(Step::Remove),
        2 => (any::<usize>(), 0..TEXT_LEN, 1..16usize)
            .prop_map(|(k, at, len)| Step::Range { k, at, len }),
        1 => (any::<usize>(), 0..3usize).prop_map(|(k, code)| Step::Code { k, code }),
        1 => prop::collection::vec((0..TEXT_LEN, 1..30usize, 0..3usize), 1..6)
            .prop_map(Step::Batch),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

/// Length of the proptest's document: "0123456789 abcdefghijklmnopqrstuvwxyz" and friends.
const TEXT_LEN: usize = 89;

fn paragraphs() -> Vec<Turn> {
    [
        "0123456789 abcdefghij",
        "klmnopqrst",
        "u",
        "vwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789 0123456789",
    ]
    .iter()
    .map(|t| Turn::new(None, t))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Codings added, removed, moved, recoded, batched, undone and redone in place always
    /// give what a rebuild from scratch gives: the same marks per paragraph, in order, and
    /// the same lanes.
    #[test]
    fn in_place_steps_match_a_rebuild(
        initial in prop::collection::vec((0..TEXT_LEN, 1..20usize, 0..3usize), 0..25),
        steps in prop::collection::vec(step(), 1..40),
    ) {
        let (mut p, _, mut h, _, codes) = with_history();
        let d = Document::new("p", paragraphs());
        prop_assert_eq!(d.len(), TEXT_LEN);
        p.documents.push(std::sync::Arc::new(d.clone()));
        let coder = p.coders[0].id;
        let coding = |at: usize, len: usize, code: usize| Coding {
            id: CodingId::new(),
            document: d.id,
            code: codes[code % codes.len()],
            range: TextRange::new(at.min(TEXT_LEN - 1), (at + len).min(TEXT_LEN)),
            coder,
            created: Default::default(),
        };
        for &(at, len, code) in &initial {
            let c = coding(at, len, code);
            p.codings.insert(c.id, c);
        }
        let mut live = Derived::default();
        live.refresh_with(&p, &d, &h);
        let n = d.turns().len();
        prop_assert_eq!(summary(&live, n), summary(&Derived::build(&p, &d), n));
        for s in steps {
            let ids: Vec<CodingId> = p.codings.keys().copied().collect();
            let pick = |k: usize| ids.get(k % ids.len().max(1)).copied();
            let edit = match s {
                Step::Add { at, len, code } => Some(Edit::AddCoding(coding(at, len, code))),
                Step::Remove(k) => pick(k).map(Edit::RemoveCoding),
                Step::Range { k, at, len } => pick(k).map(|id| Edit::SetCodingRange {
                    id,
                    range: coding(at, len, 0).range,
                }),
                Step::Code { k, code } => pick(k).map(|id| Edit::SetCodingCode {
                    id,
                    code: codes[code % codes.len()],
                }),
                Step::Batch(v) => Some(Edit::Batch(
                    v.iter().map(|&(at, len, code)| Edit::AddCoding(coding(at, len, code))).collect(),
                )),
                Step::Undo => {
                    if h.can_undo() {
                        h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
                    }
                    None
                }
                Step::Redo => {
                    if h.can_redo() {
                        h.redo(&mut p).unwrap_or_else(|e| panic!("{e}"));
                    }
                    None
                }
            };
            if let Some(e) = edit {
                // A no-op (the same range or code again) is refused; that is fine.
                let _ = h.apply(&mut p, e, "step", "me");
            }
            live.refresh_with(&p, &d, &h);
            prop_assert_eq!(summary(&live, n), summary(&Derived::build(&p, &d), n));
        }
    }
}
