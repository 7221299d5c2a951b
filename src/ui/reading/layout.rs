//! The height index of the virtualized reading pane: one height per paragraph (estimated until the
//! paragraph is first laid out), with prefix sums recomputed lazily from the first change, so the
//! pane can find the paragraph at any scroll offset (and the offset of any paragraph) without laying
//! out the document.

/// Heights of a document's paragraphs for one text width and zoom.
#[derive(Clone, Debug, Default)]
pub struct HeightIndex {
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `tops[i]` is the top of paragraph `i`; `tops[n]` the total height. Valid below `dirty_from`.
    tops: Vec<f32>,
    dirty_from: usize,
}

impl HeightIndex {
    /// An index of `estimates.len()` paragraphs with estimated heights.
    pub fn new(estimates: Vec<f32>) -> Self {
        let n = estimates.len();
        Self {
            measured: vec![false; n],
            tops: vec![0.0; n + 1],
            heights: estimates,
            dirty_from: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.heights.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.heights.is_empty()
    }

    #[cfg(test)]
    pub fn is_measured(&self, i: usize) -> bool {
        self.measured.get(i).copied().unwrap_or(false)
    }

    /// Records the laid-out height of paragraph `i`. Returns by how much it differed.
    pub fn set_measured(&mut self, i: usize, height: f32) -> f32 {
        let Some(h) = self.heights.get_mut(i) else {
            return 0.0;
        };
        let delta = height - *h;
        if delta != 0.0 {
            *h = height;
            self.dirty_from = self.dirty_from.min(i + 1);
        }
        if let Some(m) = self.measured.get_mut(i) {
            *m = true;
        }
        delta
    }

    fn refresh(&mut self) {
        let n = self.heights.len();
        if self.dirty_from > n {
            return;
        }
        let mut at = if self.dirty_from == 0 {
            0.0
        } else {
            self.tops[self.dirty_from - 1] + self.heights[self.dirty_from - 1]
        };
        for i in self.dirty_from..n {
            self.tops[i] = at;
            at += self.heights[i];
        }
        self.tops[n] = at;
        self.dirty_from = n + 1;
    }

    /// The top of paragraph `i` (the total height for `i == len`).
    pub fn top(&mut self, i: usize) -> f32 {
        self.refresh();
        self.tops
            .get(i.min(self.heights.len()))
            .copied()
            .unwrap_or(0.0)
    }

    pub fn height(&self, i: usize) -> f32 {
        self.heights.get(i).copied().unwrap_or(0.0)
    }

    pub fn total(&mut self) -> f32 {
        self.top(self.heights.len())
    }

    /// The paragraph covering offset `y` (the last one past the end, 0 before the start).
    pub fn index_at(&mut self, y: f32) -> usize {
        self.refresh();
        let n = self.heights.len();
        if n == 0 {
            return 0;
        }
        // The last paragraph whose top is <= y.
        let i = self.tops[..n].partition_point(|t| *t <= y);
        i.saturating_sub(1).min(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_sums_follow_measurements() {
        let mut h = HeightIndex::new(vec![10.0, 20.0, 30.0]);
        assert_eq!(h.total(), 60.0);
        assert_eq!(h.top(2), 30.0);
        assert_eq!(h.index_at(0.0), 0);
        assert_eq!(h.index_at(29.9), 1);
        assert_eq!(h.index_at(30.0), 2);
        assert_eq!(h.index_at(1e6), 2);
        assert_eq!(h.index_at(-5.0), 0);
        assert!(!h.is_measured(1));
        assert_eq!(h.set_measured(1, 25.0), 5.0);
        assert!(h.is_measured(1));
        assert_eq!(h.top(2), 35.0);
        assert_eq!(h.top(1), 10.0);
        assert_eq!(h.total(), 65.0);
        assert_eq!(h.set_measured(0, 5.0), -5.0);
        assert_eq!(h.top(1), 5.0);
        assert_eq!(h.total(), 60.0);
        assert_eq!(h.set_measured(9, 5.0), 0.0);
    }

    #[test]
    fn empty_index() {
        let mut h = HeightIndex::new(Vec::new());
        assert_eq!(h.total(), 0.0);
        assert_eq!(h.index_at(10.0), 0);
        assert!(h.is_empty());
    }
}
