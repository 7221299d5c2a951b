//! The height index of the virtualized reading pane: one height per paragraph (estimated until the
//! paragraph is first laid out), summed in a Fenwick tree so that the pane finds the paragraph at
//! any scroll offset, the offset of any paragraph, and records a measured height, each in
//! O(log n): a plain prefix-sum array would be re-summed from every newly measured paragraph to
//! the end of the document, which on a long transcript costs more than drawing the page.

/// Heights of a document's paragraphs for one text width and zoom.
#[derive(Clone, Debug, Default)]
pub struct HeightIndex {
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// Fenwick tree over `heights` (1-based; `tree[0]` unused), in f64 so that many corrections
    /// never drift.
    tree: Vec<f64>,
}

impl HeightIndex {
    /// An index of `estimates.len()` paragraphs with estimated heights.
    pub fn new(estimates: Vec<f32>) -> Self {
        let n = estimates.len();
        let mut tree = vec![0.0; n + 1];
        for (i, h) in estimates.iter().enumerate() {
            tree[i + 1] += f64::from(*h);
            let parent = (i + 1) + lowest_bit(i + 1);
            if parent <= n {
                tree[parent] += tree[i + 1];
            }
        }
        Self {
            measured: vec![false; n],
            heights: estimates,
            tree,
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
            let mut k = i + 1;
            while k < self.tree.len() {
                self.tree[k] += f64::from(delta);
                k += lowest_bit(k);
            }
        }
        if let Some(m) = self.measured.get_mut(i) {
            *m = true;
        }
        delta
    }

    /// The sum of the first `i` heights.
    fn prefix(&self, i: usize) -> f64 {
        let mut k = i.min(self.heights.len());
        let mut sum = 0.0;
        while k > 0 {
            sum += self.tree[k];
            k -= lowest_bit(k);
        }
        sum
    }

    /// The top of paragraph `i` (the total height for `i == len`).
    pub fn top(&mut self, i: usize) -> f32 {
        self.prefix(i) as f32
    }

    pub fn height(&self, i: usize) -> f32 {
        self.heights.get(i).copied().unwrap_or(0.0)
    }

    pub fn total(&mut self) -> f32 {
        self.prefix(self.heights.len()) as f32
    }

    /// The paragraph covering offset `y` (the last one past the end, 0 before the start).
    pub fn index_at(&mut self, y: f32) -> usize {
        let n = self.heights.len();
        if n == 0 {
            return 0;
        }
        // Descend the tree: the most paragraphs whose heights sum to at most `y` (the last
        // paragraph whose top is <= y).
        let mut pos = 0;
        let mut rest = f64::from(y);
        let mut step = n.next_power_of_two();
        while step > 0 {
            if let Some(t) = self.tree.get(pos + step)
                && *t <= rest
            {
                pos += step;
                rest -= *t;
            }
            step /= 2;
        }
        pos.min(n - 1)
    }
}

/// The lowest set bit of `k`: the span of Fenwick node `k`.
fn lowest_bit(k: usize) -> usize {
    k & k.wrapping_neg()
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

    /// Against plain sums, through many corrections, on offsets exactly at tops and between.
    #[test]
    fn matches_plain_sums() {
        let mut heights: Vec<f32> = (0..1000).map(|i| 20.0 + (i % 7) as f32 * 3.0).collect();
        let mut h = HeightIndex::new(heights.clone());
        for round in 0..5 {
            for i in (round..1000).step_by(37) {
                let v = 15.0 + ((i * 13 + round) % 50) as f32;
                h.set_measured(i, v);
                heights[i] = v;
            }
            let mut top = 0.0f64;
            for (i, v) in heights.iter().enumerate() {
                assert!((f64::from(h.top(i)) - top).abs() < 0.01, "top of {i}");
                assert_eq!(h.index_at(top as f32 + 0.5), i);
                top += f64::from(*v);
            }
            assert!((f64::from(h.total()) - top).abs() < 0.01);
        }
    }

    #[test]
    fn empty_index() {
        let mut h = HeightIndex::new(Vec::new());
        assert_eq!(h.total(), 0.0);
        assert_eq!(h.index_at(10.0), 0);
        assert!(h.is_empty());
    }
}
