//! Changed codings applied in place: a mark removed or added moves only its paragraphs' lists
//! and re-packs only the cluster it lands in.

use super::super::lanes::{Ent, for_each_cluster, hist_sub, lanes_in};
use super::super::steps::{INCREMENTAL_MAX, codings_by_id};
use super::{Derived, Mark};
use crate::model::{CodingId, DocId, Project};

/// Whether a mark still shows a coding as `new` does (both on their paragraphs).
pub(super) fn same(old: &Mark, new: &Mark) -> bool {
    (old.para, old.local) == (new.para, new.local)
        && old.code_ix == new.code_ix
        && old.coder == new.coder
}

impl Derived {
    /// `by_id` is left empty by a rebuild until an edit needs it.
    pub(super) fn index_by_id(&mut self) {
        if self.by_id.len() != self.marks.len() {
            self.by_id.clear();
            self.by_id
                .extend(self.marks.iter().enumerate().map(|(i, m)| (m.id, i as u32)));
        }
    }

    /// The codings of `doc` whose marks are missing, stale or left over, or `None` if more than
    /// [`INCREMENTAL_MAX`].
    pub(super) fn changed_codings(&self, project: &Project, doc: DocId) -> Option<Vec<CodingId>> {
        let mut out = Vec::new();
        let mut in_order: Vec<&Mark> = self.marks.iter().collect();
        // Already in id order after a rebuild (the sort then only checks it).
        in_order.sort_unstable_by_key(|m| m.id);
        let mut old = in_order.into_iter().peekable();
        for c in codings_by_id(project, doc) {
            while let Some(m) = old.next_if(|m| m.id < c.id) {
                out.push(m.id);
            }
            let was = old.next_if(|m| m.id == c.id);
            let now = self.palette.mark_of(&c).map(|m| self.anchor(m));
            match (was, now) {
                (Some(a), Some(b)) if same(a, &b) => {}
                (None, None) => {}
                _ => out.push(c.id),
            }
            if out.len() > INCREMENTAL_MAX {
                return None;
            }
        }
        out.extend(old.map(|m| m.id));
        (out.len() <= INCREMENTAL_MAX).then_some(out)
    }

    /// Brings the mark of coding `id` up to date with the project.
    pub(super) fn update_coding(&mut self, project: &Project, doc: DocId, id: CodingId) {
        let old = self.slot_of(id);
        let new = project
            .codings
            .get(&id)
            .filter(|c| c.document == doc)
            .and_then(|c| self.palette.mark(&c))
            .map(|m| self.anchor(m));
        if let (Some(s), Some(m)) = (old, &new)
            && self.marks.get(s as usize).is_some_and(|o| same(o, m))
        {
            return;
        }
        if let Some(s) = old {
            self.remove_mark(s);
        }
        if let Some(m) = new {
            self.add_mark(m);
        }
    }

    pub(super) fn slot_of(&self, id: CodingId) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    pub(super) fn add_mark(&mut self, m: Mark) {
        let slot = self.marks.len() as u32;
        let (first, last) = self.para_span(&m);
        self.by_id.insert(m.id, slot);
        self.marks.push(m);
        for p in first..=last {
            self.list_insert(p, slot);
        }
        self.repack_around(slot, false);
    }

    pub(super) fn remove_mark(&mut self, slot: u32) {
        self.repack_around(slot, true);
        let Some(m) = self.marks.get(slot as usize) else {
            return;
        };
        let (first, last) = self.para_span(m);
        self.by_id.remove(&m.id);
        for p in first..=last {
            self.list_remove(p, slot);
        }
        // The last mark moves into the freed slot: point its references there.
        let moved = self.marks.len() as u32 - 1;
        if let Some(m) = self.marks.get(moved as usize)
            && moved != slot
        {
            let id = m.id;
            let (first, last) = self.para_span(m);
            if let Some(s) = self.by_id.get_mut(&id) {
                *s = slot;
            }
            for p in first..=last {
                self.list_replace(p, moved, slot);
            }
        }
        self.marks.swap_remove(slot as usize);
    }

    /// Re-packs the cluster of mark `slot` after it was added, or before it is removed (leaving
    /// it out): the clusters it joined or splits into replace it in the lane counts.
    pub(super) fn repack_around(&mut self, slot: u32, removing: bool) {
        let mut with = std::mem::take(&mut self.ents);
        let mut without = std::mem::take(&mut self.ents_other);
        self.cluster_of(slot, &mut with);
        without.clear();
        without.extend(with.iter().filter(|e| e.slot != slot));
        let (before, after) = if removing {
            (&with, &without)
        } else {
            (&without, &with)
        };
        let (packer, marks, hist) = (&mut self.packer, &mut self.marks, &mut self.lane_hist);
        for_each_cluster(before, |c| hist_sub(hist, lanes_in(c, marks)));
        packer.pack(after, marks, hist);
        self.ents = with;
        self.ents_other = without;
    }

    /// The cluster holding mark `slot`, in document order. Any mark that straddles a point lies
    /// in that point's paragraph list, so both ends are found from the lists near the cluster.
    pub(super) fn cluster_of(&self, slot: u32, out: &mut Vec<Ent>) {
        out.clear();
        let Some(m) = self.marks.get(slot as usize) else {
            return;
        };
        // Back to the first point no earlier mark reaches past.
        let mut start = self.range(m).start;
        while let Some(s) = self
            .marks_of(self.para_of(start))
            .map(|x| self.range(x))
            .filter(|r| r.start < start && r.end > start)
            .map(|r| r.start)
            .min()
        {
            start = s;
        }
        // Forward through the marks starting from there, until one starts past them all.
        let mut reach = start;
        for p in self.para_of(start)..self.paras.len() {
            let from = self.starts.get(p).copied().unwrap_or(0).max(start);
            if from > start && from >= reach {
                return;
            }
            for &k in self.in_para(p) {
                let Some(x) = self.marks.get(k as usize) else {
                    continue;
                };
                let r = self.range(x);
                if r.start < from {
                    // Listed where it starts, or before the cluster.
                    continue;
                }
                if !out.is_empty() && r.start >= reach {
                    return;
                }
                reach = reach.max(r.end);
                out.push(Ent::of(r, x, k));
            }
        }
    }
}
