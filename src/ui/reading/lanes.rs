//! Stripe lanes: the document order of a document's codings (as compact entries), the clusters
//! they form (maximal runs of codings that overlap, transitively; between clusters every lane is
//! free) and the greedy packing of each cluster into lanes.

use super::derived::{Mark, range_in};
use crate::model::TextRange;
use std::cmp::Ordering;

/// What ordering, clustering and packing read of a mark, compact so that sorting and sweeping
/// touch little memory (offsets fit in 32 bits: no transcript is 4 GiB).
#[derive(Clone, Copy, Default)]
pub(super) struct Ent {
    pub start: u32,
    pub end: u32,
    pub slot: u32,
    pub code: u32,
}

impl Ent {
    /// The entry of mark `m` in slot `slot`, its range `range` in document offsets.
    pub fn of(range: TextRange, m: &Mark, slot: u32) -> Self {
        let off = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Ent {
            start: off(range.start),
            end: off(range.end),
            slot,
            code: m.code_ix,
        }
    }
}

/// Document order: by start, longer first, then by code, then by id (each mark with its range
/// in document offsets).
pub(super) fn doc_cmp((ra, a): (TextRange, &Mark), (rb, b): (TextRange, &Mark)) -> Ordering {
    ra.start
        .cmp(&rb.start)
        .then(rb.end.cmp(&ra.end))
        .then(a.code_ix.cmp(&b.code_ix))
        .then_with(|| a.id.cmp(&b.id))
}

/// Start, then end reversed, in one number.
pub(super) fn range_key(e: &Ent) -> u64 {
    (u64::from(e.start) << 32) | u64::from(!e.end)
}

/// [`doc_cmp`] on compact entries; only ties on range and code read the ids.
pub(super) fn ent_cmp(a: &Ent, b: &Ent, marks: &[Mark]) -> Ordering {
    range_key(a)
        .cmp(&range_key(b))
        .then(a.code.cmp(&b.code))
        .then_with(|| {
            let id = |e: &Ent| marks.get(e.slot as usize).map(|m| m.id);
            id(a).cmp(&id(b))
        })
}

/// The marks in document order, as entries: a counting sort on the start offset into buckets of
/// about one mark each, then each bucket's few marks sorted by the full order. `marks` is read
/// once, in slot order.
pub(super) fn doc_order(
    marks: &[Mark],
    starts: &[usize],
    len: usize,
    ents: &mut Vec<Ent>,
    counts: &mut Vec<u32>,
) {
    ents.clear();
    if marks.is_empty() {
        return;
    }
    let shift = (len / marks.len())
        .max(1)
        .next_power_of_two()
        .trailing_zeros();
    let buckets = (len >> shift) + 1;
    let bucket = |start: usize| (start >> shift).min(buckets - 1);
    counts.clear();
    counts.resize(buckets + 1, 0);
    for m in marks {
        counts[bucket(range_in(starts, m).start) + 1] += 1;
    }
    for b in 0..buckets {
        counts[b + 1] += counts[b];
    }
    ents.resize(marks.len(), Ent::default());
    for (slot, m) in marks.iter().enumerate() {
        let r = range_in(starts, m);
        let at = &mut counts[bucket(r.start)];
        ents[*at as usize] = Ent::of(r, m, slot as u32);
        *at += 1;
    }
    // `counts[b]` is now where bucket `b` ends. The rare big bucket (many codings starting
    // together) is sorted on its own; then one insertion pass over everything only moves
    // entries within their small buckets (cheaper than a sort call per bucket).
    let mut a = 0;
    for &z in &counts[..buckets] {
        let z = z as usize;
        if z - a > 16 {
            ents[a..z].sort_unstable_by(|x, y| ent_cmp(x, y, marks));
        }
        a = z;
    }
    for i in 1..ents.len() {
        let e = ents[i];
        let mut j = i;
        while j > 0 && ent_cmp(&e, &ents[j - 1], marks) == Ordering::Less {
            ents[j] = ents[j - 1];
            j -= 1;
        }
        ents[j] = e;
    }
}

/// Calls `f` with each cluster of `ents` (in document order): a maximal run in which each mark
/// starts before the ones before it in the run have all ended.
pub(super) fn for_each_cluster(ents: &[Ent], mut f: impl FnMut(&[Ent])) {
    let mut a = 0;
    let mut reach = 0;
    for (i, e) in ents.iter().enumerate() {
        if i > a && e.start >= reach {
            f(&ents[a..i]);
            a = i;
        }
        reach = if i == a { e.end } else { reach.max(e.end) };
    }
    if a < ents.len() {
        f(&ents[a..]);
    }
}

/// Lanes a packed cluster uses.
pub(super) fn lanes_in(cluster: &[Ent], marks: &[Mark]) -> usize {
    cluster
        .iter()
        .filter_map(|e| marks.get(e.slot as usize))
        .map(|m| m.lane + 1)
        .max()
        .unwrap_or(0)
}

fn hist_add(hist: &mut Vec<u32>, lanes: usize) {
    if hist.len() <= lanes {
        hist.resize(lanes + 1, 0);
    }
    hist[lanes] += 1;
}

pub(super) fn hist_sub(hist: &mut [u32], lanes: usize) {
    if let Some(n) = hist.get_mut(lanes) {
        *n = n.saturating_sub(1);
    }
}

/// Greedy lane packing, one cluster at a time.
#[derive(Default)]
pub(super) struct Packer {
    /// End offset of the last mark in each lane of the cluster.
    lane_end: Vec<u32>,
    /// Per code: the cluster (by `stamp`) and lane of its last mark, so that no per-cluster
    /// reset is needed.
    code_lane: Vec<(u32, u32)>,
    stamp: u32,
}

impl Packer {
    pub fn reset(&mut self, codes: usize) {
        self.code_lane.clear();
        self.code_lane.resize(codes, (0, 0));
        self.stamp = 0;
    }

    /// Packs `ents` (in document order, whole clusters) one cluster at a time: each mark takes
    /// the lowest lane free at its start, preferring the lane its code took last in the same
    /// cluster, so one code's codings tend to line up. Counts each cluster's lanes in `hist`.
    pub fn pack(&mut self, ents: &[Ent], marks: &mut [Mark], hist: &mut Vec<u32>) {
        self.lane_end.clear();
        let mut reach = 0;
        for e in ents {
            if self.lane_end.is_empty() || e.start >= reach {
                // Every lane is free again: a new cluster.
                self.close_cluster(hist);
            }
            reach = reach.max(e.end);
            let stamp = self.stamp;
            let ends = &mut self.lane_end;
            let preferred = self
                .code_lane
                .get(e.code as usize)
                .filter(|(s, _)| *s == stamp)
                .map(|(_, l)| *l as usize)
                .filter(|l| ends.get(*l).is_some_and(|end| *end <= e.start));
            let lane = preferred.unwrap_or_else(|| lowest_free(ends, e.start));
            ends[lane] = e.end;
            if let Some(c) = self.code_lane.get_mut(e.code as usize) {
                *c = (stamp, lane as u32);
            }
            if let Some(m) = marks.get_mut(e.slot as usize) {
                m.lane = lane;
            }
        }
        self.close_cluster(hist);
    }

    /// Counts the lanes of the cluster packed so far, if any, and starts another.
    fn close_cluster(&mut self, hist: &mut Vec<u32>) {
        if !self.lane_end.is_empty() {
            hist_add(hist, self.lane_end.len());
            self.lane_end.clear();
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // Wrapped: forget every code's lane rather than mistake an old cluster for this one.
            self.code_lane.fill((0, 0));
            self.stamp = 1;
        }
    }
}

/// The lowest lane free at `at`, adding one if none is. Up to 64 lanes are tested without a
/// branch per lane (which lane is free is unpredictable).
pub(super) fn lowest_free(ends: &mut Vec<u32>, at: u32) -> usize {
    let free = if ends.len() <= 64 {
        let mut mask = 0u64;
        for (l, end) in ends.iter().enumerate() {
            mask |= u64::from(*end <= at) << l;
        }
        (mask != 0).then(|| mask.trailing_zeros() as usize)
    } else {
        ends.iter().position(|end| *end <= at)
    };
    free.unwrap_or_else(|| {
        ends.push(0);
        ends.len() - 1
    })
}
