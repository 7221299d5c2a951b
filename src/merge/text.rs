//! Transcripts corrected on one side of a merge: the merged document takes the corrected text,
//! and every coding made or resized against another version of the text is carried to the same
//! words in it (through a word-level alignment, as re-importing a corrected transcript does,
//! refined by characters inside rewritten stretches).
//! A coding whose words are gone on the way is dropped with a conflict record, never left off
//! its text.

use super::Cx;
use crate::model::{Coding, CodingId, DocId, Document, Project, Subject, TextRange};
use similar::{DiffOp, TextDiff};
use std::collections::BTreeMap;

type Op = (usize, usize, usize, usize, bool);

/// Old offset to new offset through a word diff of two texts, refined by characters inside
/// each rewritten stretch (so a turn joined to the next, or letters typed onto a word, moves
/// no passage edge in the words that stayed).
struct Alignment {
    /// (old start, old end, new start, new end, equal) per diff op, in order.
    ops: Vec<Op>,
    /// The word diff's ops alone (what a correction may have done to a position).
    words: Vec<Op>,
}

/// The ops of a diff as byte ranges, shifted by `at` (old) and `nat` (new).
fn byte_ops(diff: &TextDiff<'_, '_, str>, at: usize, nat: usize) -> Vec<Op> {
    let offsets = |slices: Vec<&str>| {
        let mut out = vec![0];
        let mut pos = 0;
        for s in slices {
            pos += s.len();
            out.push(pos);
        }
        out
    };
    let oo = offsets(diff.iter_old_slices().collect());
    let no = offsets(diff.iter_new_slices().collect());
    diff.ops()
        .iter()
        .map(|op| {
            let (_, o, n) = op.as_tag_tuple();
            (
                at + oo[o.start],
                at + oo[o.end],
                nat + no[n.start],
                nat + no[n.end],
                matches!(op, DiffOp::Equal { .. }),
            )
        })
        .collect()
}

impl Alignment {
    fn new(old: &str, new: &str) -> Self {
        let diff = TextDiff::configure()
            .timeout(std::time::Duration::from_secs(5))
            .diff_words(old, new);
        let words = byte_ops(&diff, 0, 0);
        let mut ops = Vec::with_capacity(words.len());
        for &(a, b, na, nb, equal) in &words {
            let (Some(o), Some(n)) = (old.get(a..b), new.get(na..nb)) else {
                ops.push((a, b, na, nb, equal));
                continue;
            };
            if equal || o.is_empty() || n.is_empty() {
                ops.push((a, b, na, nb, equal));
                continue;
            }
            let fine = TextDiff::configure()
                .timeout(std::time::Duration::from_millis(200))
                .diff_chars(o, n);
            ops.extend(byte_ops(&fine, a, na));
        }
        Self { ops, words }
    }

    /// Where `x` goes: inside unchanged text, to the same character; inside a rewritten stretch,
    /// to its start (`start`: the passage keeps the rewritten words) or its end. Text inserted
    /// right at a passage's edge stays outside it, as typing there does.
    fn map(&self, x: usize, start: bool) -> usize {
        let k = if start {
            self.ops.partition_point(|o| o.1 <= x)
        } else {
            self.ops.partition_point(|o| o.1 < x)
        };
        match self.ops.get(k) {
            Some(&(a, _, na, nb, equal)) => {
                if equal {
                    na + (x - a).min(nb - na)
                } else if x == a || start {
                    na
                } else {
                    nb
                }
            }
            None => self.ops.last().map_or(x, |o| o.3),
        }
    }

    /// Could a correction of the text have put old position `x` at `p`? In unchanged text only
    /// at the same character; at or inside a rewritten stretch, anywhere in what replaced it.
    fn admits(&self, x: usize, p: usize) -> bool {
        if self.words.is_empty() {
            return x == p;
        }
        let k = self.words.partition_point(|o| o.1 < x);
        self.words[k..]
            .iter()
            .take_while(|o| o.0 <= x)
            .any(|&(a, _, na, nb, equal)| {
                if equal {
                    p == na + (x - a)
                } else {
                    na <= p && p <= nb
                }
            })
    }
}

/// Alignments of the base text of a document with a side's, kept while codings are merged.
#[derive(Default)]
pub(super) struct Moves {
    alignments: BTreeMap<(DocId, usize), Alignment>,
}

/// Is side `i`'s range of coding `c` (on the side's text `side`) the base's range of it (`b`
/// on the base's text `bd`), but for where the side's own corrections of the text moved it?
pub(super) fn moved_only(
    moves: &mut Moves,
    i: usize,
    bd: &Document,
    side: &Document,
    b: &Coding,
    c: &Coding,
) -> bool {
    if c.document != b.document {
        return false;
    }
    if side.turns() == bd.turns() {
        return c.range == b.range;
    }
    let align = moves
        .alignments
        .entry((b.document, i))
        .or_insert_with(|| Alignment::new(&joined(bd), &joined(side)));
    align.admits(b.range.start, c.range.start) && align.admits(b.range.end, c.range.end)
}

/// A coding the base and both sides hold, with its range as the three-way rule should see it.
/// A side whose range differs from the base's only as its own corrections of the text moved it
/// has not changed the range: it takes the base's, so the other side's change wins (and is
/// carried to the final text later). Where neither side changed it, all three take the range
/// of the side that has the final text. `docs`: the document in the base, ours, theirs and the
/// merge.
pub(super) fn ranges_for_rule(
    moves: &mut Moves,
    docs: [Option<&Document>; 4],
    (b, o, t): (&Coding, &Coding, &Coding),
) -> Option<(Coding, Coding, Coding)> {
    let [Some(bd), Some(od), Some(td), Some(fin)] = docs else {
        return None;
    };
    if o.document != b.document || t.document != b.document {
        return None;
    }
    let (ou, tu) = (
        moved_only(moves, 0, bd, od, b, o),
        moved_only(moves, 1, bd, td, b, t),
    );
    let (mut b2, mut o2, mut t2) = (*b, *o, *t);
    match (ou, tu) {
        (true, true) => {
            let r = if od.turns() == fin.turns() {
                o.range
            } else if td.turns() == fin.turns() {
                t.range
            } else {
                b.range
            };
            (b2.range, o2.range, t2.range) = (r, r, r);
        }
        (true, false) => o2.range = b.range,
        (false, true) => t2.range = b.range,
        (false, false) => {}
    }
    Some((b2, o2, t2))
}

/// Carries codings of `merged` to its documents' final text. `sides` are the versions whose
/// ranges a coding may hold (ours, theirs, base), in that order of preference.
pub(super) fn carry_codings(cx: &mut Cx, sides: [&Project; 3], merged: &mut Project) {
    let mut alignments: BTreeMap<(DocId, usize), Option<Alignment>> = BTreeMap::new();
    // The merged project's lists are still being put together: no lookups kept with it yet.
    let docs: BTreeMap<DocId, std::sync::Arc<Document>> =
        merged.documents.iter().map(|d| (d.id, d.clone())).collect();
    let mut dropped: Vec<CodingId> = Vec::new();
    let mut moved: Vec<(CodingId, TextRange)> = Vec::new();
    for c in merged.codings.values() {
        let Some(fin) = docs.get(&c.document) else {
            continue;
        };
        // The side whose copy of this coding has this range, with this document's text: one
        // with the final text first (then the range needs no carrying).
        fn holds<'a>(side: &'a Project, c: &Coding) -> Option<&'a Document> {
            side.codings
                .get(&c.id)
                .is_some_and(|x| x.range == c.range)
                .then(|| side.document(c.document))
                .flatten()
        }
        let as_final = sides
            .iter()
            .any(|side| holds(side, &c).is_some_and(|d| d.turns() == fin.turns()));
        if as_final {
            continue;
        }
        let source = sides
            .iter()
            .enumerate()
            .find_map(|(i, side)| holds(side, &c).map(|d| (i, d)));
        let Some((i, from)) = source else {
            if !fin.is_valid_range(c.range) {
                dropped.push(c.id);
            }
            continue;
        };
        if from.turns() == fin.turns() {
            continue;
        }
        let align = alignments
            .entry((c.document, i))
            .or_insert_with(|| Some(Alignment::new(&joined(from), &joined(fin))));
        let Some(align) = align else { continue };
        match carried(align, fin, &c) {
            Some(r) => moved.push((c.id, r)),
            None => dropped.push(c.id),
        }
    }
    for (id, r) in moved {
        merged.codings.update(&id, |c| c.range = r);
    }
    // Comments and memos on passages follow the words the same way (from a side that has
    // them as they are now: one with the final text first, then the range needs no carrying),
    // and never lie past the text's end.
    let mut place = |doc: DocId, range: TextRange, holders: &[usize]| -> TextRange {
        let Some(fin) = docs.get(&doc) else {
            return range;
        };
        let with_final = holders.iter().copied().find(|&i| {
            sides[i]
                .document(doc)
                .is_some_and(|d| d.turns() == fin.turns())
        });
        let side = with_final.or_else(|| holders.first().copied());
        let from = side.and_then(|i| sides[i].document(doc));
        let r = match from {
            Some(from) if from.turns() != fin.turns() => {
                let key = (doc, side.unwrap_or(0));
                let align = alignments
                    .entry(key)
                    .or_insert_with(|| Some(Alignment::new(&joined(from), &joined(fin))));
                match align {
                    Some(a) => TextRange {
                        start: a.map(range.start, true),
                        end: a.map(range.end, false),
                    },
                    None => range,
                }
            }
            _ => range,
        };
        let len = fin.len();
        TextRange {
            start: r.start.min(len),
            end: r.end.min(len).max(r.start.min(len)),
        }
    };
    let comments: Vec<(usize, DocId, TextRange, Vec<usize>)> = merged
        .comments
        .iter()
        .enumerate()
        .filter_map(|(k, c)| match c.anchor {
            crate::model::Anchor::Passage { document, range } => {
                let holders = (0..sides.len())
                    .filter(|&i| {
                        sides[i]
                            .comments
                            .iter()
                            .any(|x| x.id == c.id && x.anchor == c.anchor)
                    })
                    .collect();
                Some((k, document, range, holders))
            }
            _ => None,
        })
        .collect();
    let comments: Vec<(usize, DocId, TextRange)> = comments
        .into_iter()
        .map(|(k, doc, range, holders)| (k, doc, place(doc, range, &holders)))
        .collect();
    let memos: Vec<(usize, Vec<usize>)> = merged
        .memos
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let holders = (0..sides.len())
                .filter(|&i| sides[i].memos.iter().any(|x| x == m))
                .collect();
            (k, holders)
        })
        .collect();
    let mut new_memos = Vec::new();
    for (k, holders) in memos {
        let Some(m) = merged.memos.get(k).cloned() else {
            continue;
        };
        let mut m2 = m.clone();
        if let crate::model::Anchor::Passage { document, range } = m.anchor {
            m2.anchor = crate::model::Anchor::Passage {
                document,
                range: place(document, range, &holders),
            };
        }
        for l in &mut m2.links {
            l.range = place(l.document, l.range, &holders);
        }
        new_memos.push((k, m2));
    }
    for (k, doc, range) in comments {
        if let Some(c) = merged.comments.get_mut(k) {
            c.anchor = crate::model::Anchor::Passage {
                document: doc,
                range,
            };
        }
    }
    for (k, m) in new_memos {
        if let Some(slot) = merged.memos.get_mut(k) {
            *slot = m;
        }
    }
    for id in dropped {
        if let Some(c) = merged.codings.remove(&id) {
            cx.conflict(
                &Subject::Coding(id),
                "item",
                None,
                Some(super::text(&(c.code, c.range))),
                None,
            );
            for t in &mut merged.themes {
                t.exemplars.retain(|e| *e != id);
            }
        }
    }
}

fn carried(align: &Alignment, fin: &Document, c: &Coding) -> Option<TextRange> {
    let (a, b) = (
        align.map(c.range.start, true),
        align.map(c.range.end, false),
    );
    if b <= a {
        return None;
    }
    fin.snap_range(a, b).filter(|r| fin.is_valid_range(*r))
}

fn joined(d: &Document) -> String {
    let mut s = String::with_capacity(d.len());
    for (i, t) in d.turns().iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&t.text);
    }
    s
}
