//! Paragraph -> marks: each paragraph's marks in document order, as lists in one flat vector
//! with room to grow, so that a mark added or removed moves only its paragraphs' lists.

use super::super::lanes::{Ent, doc_cmp};
use super::{Derived, Mark};
use std::cmp::Ordering;

/// One paragraph's list of mark slots in [`Derived::para_marks`](super::Derived), with room to grow to `cap`
/// in place; a list that outgrows it moves to the end.
#[derive(Clone, Copy, Default)]
pub(super) struct ParaList {
    pub(super) at: u32,
    pub(super) len: u32,
    pub(super) cap: u32,
}

impl Derived {
    /// Paragraph -> marks, as lists in one flat vector, each with some room to grow. `ents` are
    /// in document order, so one sweep finds each mark's first paragraph; the marks, relative to
    /// the document's start when this is called, are put on it.
    pub(super) fn index_paragraphs(&mut self, ents: &[Ent]) {
        let n = self.starts.len();
        self.paras.clear();
        self.paras.resize(n, ParaList::default());
        self.para_marks.clear();
        let paras = &mut self.paras;
        for_each_span(&self.starts, ents, |first, last, _| {
            for l in &mut paras[first..=last] {
                l.len += 1;
            }
        });
        let mut at = 0;
        for l in paras.iter_mut() {
            l.at = at;
            l.cap = l.len + l.len / 4 + 2;
            l.len = 0;
            at += l.cap;
        }
        let flat = &mut self.para_marks;
        flat.resize(at as usize, u32::MAX);
        let (starts, marks) = (&self.starts, &mut self.marks);
        for_each_span(starts, ents, |first, last, slot| {
            for l in &mut paras[first..=last] {
                flat[(l.at + l.len) as usize] = slot;
                l.len += 1;
            }
            if let Some(m) = marks.get_mut(slot as usize) {
                let at = starts.get(first).copied().unwrap_or(0);
                m.para = first as u32;
                m.local = crate::model::TextRange {
                    start: m.local.start - at,
                    end: m.local.end - at,
                };
            }
        });
    }

    /// Indices into `marks` of the codings touching paragraph `p`, in document order.
    pub fn in_para(&self, p: usize) -> &[u32] {
        let Some(l) = self.paras.get(p) else {
            return &[];
        };
        let at = l.at as usize;
        self.para_marks.get(at..at + l.len as usize).unwrap_or(&[])
    }

    /// The codings covering document offset `at`.
    pub fn marks_at(&self, para: usize, at: usize) -> impl Iterator<Item = &Mark> {
        self.in_para(para)
            .iter()
            .filter_map(|k| self.marks.get(*k as usize))
            .filter(move |m| {
                let r = self.range(m);
                r.start <= at && at < r.end
            })
    }

    /// The paragraph holding document offset `at`.
    pub fn para_of(&self, at: usize) -> usize {
        self.starts.partition_point(|s| *s <= at).saturating_sub(1)
    }

    /// The first and last paragraph a mark is listed in.
    pub(super) fn para_span(&self, m: &Mark) -> (usize, usize) {
        let r = self.range(m);
        let first = self.para_of(r.start);
        let last = self.starts.partition_point(|s| *s < r.end);
        (first, last.saturating_sub(1).max(first))
    }

    pub(super) fn marks_of(&self, p: usize) -> impl Iterator<Item = &Mark> {
        self.in_para(p)
            .iter()
            .filter_map(|k| self.marks.get(*k as usize))
    }

    /// Where mark `slot` is or belongs in paragraph `p`'s list.
    pub(super) fn list_pos(&self, p: usize, slot: u32) -> Result<usize, usize> {
        let Some(m) = self.marks.get(slot as usize) else {
            return Err(0);
        };
        let rm = self.range(m);
        self.in_para(p).binary_search_by(|k| {
            self.marks
                .get(*k as usize)
                .map_or(Ordering::Less, |x| doc_cmp((self.range(x), x), (rm, m)))
        })
    }

    pub(super) fn list_insert(&mut self, p: usize, slot: u32) {
        let Err(pos) = self.list_pos(p, slot) else {
            return;
        };
        let Some(&l) = self.paras.get(p) else {
            return;
        };
        let l = if l.len == l.cap {
            self.grow_list(p, l)
        } else {
            l
        };
        let (at, len) = (l.at as usize, l.len as usize);
        self.para_marks
            .copy_within(at + pos..at + len, at + pos + 1);
        self.para_marks[at + pos] = slot;
        self.paras[p].len += 1;
    }

    /// Moves a full list to the end of the flat vector with twice the room (its old place stays
    /// unused until the next rebuild).
    pub(super) fn grow_list(&mut self, p: usize, l: ParaList) -> ParaList {
        let at = self.para_marks.len();
        let cap = (l.cap * 2).max(4);
        self.para_marks
            .extend_from_within(l.at as usize..(l.at + l.len) as usize);
        self.para_marks.resize(at + cap as usize, u32::MAX);
        let moved = ParaList {
            at: at as u32,
            len: l.len,
            cap,
        };
        self.paras[p] = moved;
        moved
    }

    pub(super) fn list_remove(&mut self, p: usize, slot: u32) {
        let (Ok(pos), Some(l)) = (self.list_pos(p, slot), self.paras.get_mut(p)) else {
            return;
        };
        let (at, len) = (l.at as usize, l.len as usize);
        l.len -= 1;
        self.para_marks
            .copy_within(at + pos + 1..at + len, at + pos);
    }

    pub(super) fn list_replace(&mut self, p: usize, from: u32, to: u32) {
        if let (Ok(pos), Some(l)) = (self.list_pos(p, from), self.paras.get(p))
            && let Some(k) = self.para_marks.get_mut(l.at as usize + pos)
        {
            *k = to;
        }
    }
}

/// Calls `f(first, last, slot)` with the paragraphs each mark of `ents` (in document order)
/// touches: from the one holding its start to the last one starting before its end.
fn for_each_span(starts: &[usize], ents: &[Ent], mut f: impl FnMut(usize, usize, u32)) {
    let n = starts.len();
    if n == 0 {
        return;
    }
    let mut first = 0;
    for e in ents {
        while first + 1 < n && starts[first + 1] <= e.start as usize {
            first += 1;
        }
        let mut last = first;
        while last + 1 < n && starts[last + 1] < e.end as usize {
            last += 1;
        }
        f(first, last, e.slot);
    }
}
