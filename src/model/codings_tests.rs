//! [`Codings`] against a plain map whose ranges move eagerly.

use super::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Insert {
        id: u16,
        doc: u8,
        start: usize,
        len: usize,
        code: u8,
    },
    Remove(u16),
    Recode(u16, u8),
    Move(u16, usize, usize),
    /// A text edit: replacing `after - gone .. after` by `put` bytes moves what starts after
    /// `after`; what starts inside the replaced stretch is taken out first.
    Shift {
        doc: u8,
        after: usize,
        gone: usize,
        put: usize,
    },
    /// Every coding of a document put on a new range at once.
    Relist(u8, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0u16..1000, 0u8..2, 0usize..3000, 0usize..200, 0u8..4).prop_map(
            |(id, doc, start, len, code)| Op::Insert { id, doc, start, len, code }
        ),
        2 => (0u16..1000).prop_map(Op::Remove),
        1 => (0u16..1000, 0u8..4).prop_map(|(id, c)| Op::Recode(id, c)),
        1 => (0u16..1000, 0usize..3000, 0usize..200).prop_map(|(id, s, l)| Op::Move(id, s, l)),
        4 => (0u8..2, 0usize..3000, 0usize..40, 0usize..40)
            .prop_map(|(doc, after, gone, put)| Op::Shift { doc, after, gone, put }),
        1 => (0u8..2, 0usize..50).prop_map(|(doc, k)| Op::Relist(doc, k)),
    ]
}

fn doc(i: u8) -> DocId {
    DocId::from_u128(1000 + u128::from(i))
}

fn code(i: u8) -> CodeId {
    CodeId::from_u128(2000 + u128::from(i))
}

fn coding(id: u16, d: u8, start: usize, len: usize, c: u8) -> Coding {
    Coding {
        id: CodingId::from_u128(u128::from(id)),
        document: doc(d),
        code: code(c),
        range: TextRange {
            start,
            end: start + len,
        },
        coder: CoderId::from_u128(7),
        created: Timestamp(i64::from(id)),
    }
}

fn apply(store: &mut Codings, model: &mut BTreeMap<CodingId, Coding>, op: &Op) {
    match *op {
        Op::Insert {
            id,
            doc,
            start,
            len,
            code,
        } => {
            let c = coding(id, doc, start, len, code);
            assert_eq!(store.insert(c.id, c), model.insert(c.id, c));
        }
        Op::Remove(id) => {
            let id = CodingId::from_u128(u128::from(id));
            assert_eq!(store.remove(&id), model.remove(&id));
        }
        Op::Recode(id, c) => {
            let id = CodingId::from_u128(u128::from(id));
            let found = store.update(&id, |x| x.code = code(c));
            assert_eq!(found, model.contains_key(&id));
            if let Some(m) = model.get_mut(&id) {
                m.code = code(c);
            }
        }
        Op::Move(id, start, len) => {
            let id = CodingId::from_u128(u128::from(id));
            let r = TextRange {
                start,
                end: start + len,
            };
            store.update(&id, |x| x.range = r);
            if let Some(m) = model.get_mut(&id) {
                m.range = r;
            }
        }
        Op::Relist(d, k) => {
            // A new range from the old one and the id (so that the order changes).
            let to = |c: &Coding| {
                let start = (c.range.start * 7 + k + (c.id.0.as_u128() % 13) as usize) % 3000;
                TextRange {
                    start,
                    end: start + c.range.len(),
                }
            };
            store.relist(doc(d), |id, range| {
                let c = model.get(&id).copied();
                c.map_or(range, |mut c| {
                    c.range = range;
                    to(&c)
                })
            });
            for c in model.values_mut() {
                if c.document == doc(d) {
                    c.range = to(c);
                }
            }
        }
        Op::Shift {
            doc: d,
            after,
            gone,
            put,
        } => {
            let gone = gone.min(after);
            let from = after - gone;
            let inside: Vec<CodingId> = model
                .values()
                .filter(|c| c.document == doc(d) && c.range.start > from && c.range.start <= after)
                .map(|c| c.id)
                .collect();
            for id in inside {
                model.remove(&id);
                store.remove(&id);
            }
            let delta = put as isize - gone as isize;
            store.shift(doc(d), after, delta);
            for c in model.values_mut() {
                if c.document == doc(d) && c.range.start > after {
                    c.range.start = c.range.start.wrapping_add_signed(delta);
                    c.range.end = c.range.end.wrapping_add_signed(delta);
                }
            }
        }
    }
}

fn same(store: &Codings, model: &BTreeMap<CodingId, Coding>) -> Result<(), TestCaseError> {
    store.check().map_err(TestCaseError::fail)?;
    prop_assert_eq!(store.len(), model.len());
    let a: Vec<(CodingId, Coding)> = store.iter().map(|(k, v)| (*k, v)).collect();
    let b: Vec<(CodingId, Coding)> = model.iter().map(|(k, v)| (*k, *v)).collect();
    prop_assert_eq!(a, b);
    for d in 0..3 {
        let listed: Vec<DocCoding> = store.in_document(doc(d)).collect();
        prop_assert!(
            listed
                .windows(2)
                .all(|w| w[0].range.start <= w[1].range.start)
        );
        let mut listed: Vec<_> = listed.iter().map(|c| (c.id, c.code, c.range)).collect();
        listed.sort();
        let want: Vec<_> = model
            .values()
            .filter(|c| c.document == doc(d))
            .map(|c| (c.id, c.code, c.range))
            .collect();
        prop_assert_eq!(&listed, &want);
        prop_assert_eq!(store.count_in(doc(d)), want.len());
        for (lo, hi) in [(0, 0), (100, 180), (1500, 1500), (2900, usize::MAX)] {
            let mut near: Vec<_> = store.touching(doc(d), lo, hi).map(|c| c.id).collect();
            near.sort();
            let want: Vec<_> = model
                .values()
                .filter(|c| c.document == doc(d) && c.range.start <= hi && c.range.end >= lo)
                .map(|c| c.id)
                .collect();
            prop_assert_eq!(near, want);
        }
    }
    for (id, c) in model {
        prop_assert_eq!(store.get(id), Some(*c));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// Long runs (blocks split past 128 codings a document and merge again as they go).
    #[test]
    fn codings_match_an_eager_map(ops in proptest::collection::vec(op(), 1..1500)) {
        let mut store = Codings::new();
        let mut model = BTreeMap::new();
        for (i, op) in ops.iter().enumerate() {
            apply(&mut store, &mut model, op);
            if i % 100 == 0 {
                same(&store, &model)?;
            }
        }
        same(&store, &model)?;
        let copy = store.clone();
        prop_assert!(copy == store);
        // Built in one go (as a project is opened), then changed further.
        let mut bulk = Codings::from(model.clone());
        same(&bulk, &model)?;
        for op in ops.iter().take(200) {
            apply(&mut bulk, &mut model, op);
        }
        same(&bulk, &model)?;
    }
}

/// Many codings in one document: blocks split, shift as wholes, and merge again as codings go.
#[test]
fn blocks_split_shift_and_merge() {
    let mut store = Codings::new();
    let mut model = BTreeMap::new();
    for i in 0..2000u16 {
        let op = Op::Insert {
            id: i,
            doc: 0,
            start: usize::from(i) * 7 % 9000,
            len: usize::from(i % 13),
            code: 0,
        };
        apply(&mut store, &mut model, &op);
    }
    if let Err(e) = same(&store, &model) {
        panic!("{e}");
    }
    let blocks = store.doc_list(doc(0)).map_or(0, |l| l.order.len());
    assert!(blocks >= 2000 / (2 * BLOCK), "{blocks} blocks");
    let bulk = Codings::from(model.clone());
    if let Err(e) = same(&bulk, &model) {
        panic!("built in one go: {e}");
    }
    for k in 0..50 {
        let op = Op::Shift {
            doc: 0,
            after: k * 3,
            gone: 0,
            put: 1,
        };
        apply(&mut store, &mut model, &op);
    }
    for i in 0..1990u16 {
        apply(&mut store, &mut model, &Op::Remove(i));
    }
    if let Err(e) = same(&store, &model) {
        panic!("{e}");
    }
    let blocks = store.doc_list(doc(0)).map_or(0, |l| l.order.len());
    assert!(blocks <= 3, "{blocks} blocks for 10 codings");
}
