//! Sets of text as sorted, disjoint byte ranges per document: what coding queries combine. A set
//! is kept canonical (sorted, no empty range, touching ranges joined), so two equal sets are equal
//! values and AND, OR and NOT obey the laws of sets exactly.

use crate::model::{CodeId, Project, TextRange};
use std::collections::BTreeSet;

/// A set of text in one document: sorted, disjoint, non-touching, non-empty ranges.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Ranges(Vec<(usize, usize)>);

impl Ranges {
    pub fn empty() -> Self {
        Self(Vec::new())
    }

    /// The set covering `ranges` (any order, overlapping or not).
    pub fn from_unsorted(mut ranges: Vec<(usize, usize)>) -> Self {
        ranges.retain(|(a, b)| a < b);
        ranges.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match out.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        Self(out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ranges, in order.
    pub fn spans(&self) -> &[(usize, usize)] {
        &self.0
    }

    pub fn iter(&self) -> impl Iterator<Item = TextRange> + '_ {
        self.0.iter().map(|&(start, end)| TextRange { start, end })
    }

    /// Bytes covered.
    pub fn len(&self) -> usize {
        self.0.iter().map(|(a, b)| b - a).sum()
    }

    pub fn union(&self, other: &Ranges) -> Ranges {
        let mut all = Vec::with_capacity(self.0.len() + other.0.len());
        all.extend_from_slice(&self.0);
        all.extend_from_slice(&other.0);
        Ranges::from_unsorted(all)
    }

    pub fn intersect(&self, other: &Ranges) -> Ranges {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while let (Some(&(a1, b1)), Some(&(a2, b2))) = (self.0.get(i), other.0.get(j)) {
            let (a, b) = (a1.max(a2), b1.min(b2));
            if a < b {
                out.push((a, b));
            }
            if b1 < b2 {
                i += 1;
            } else {
                j += 1;
            }
        }
        Ranges(out)
    }

    /// Everything in `0..len` that is not in the set.
    pub fn complement(&self, len: usize) -> Ranges {
        let mut out = Vec::new();
        let mut at = 0;
        for &(a, b) in &self.0 {
            let a = a.min(len);
            if at < a {
                out.push((at, a));
            }
            at = at.max(b.min(len));
        }
        if at < len {
            out.push((at, len));
        }
        Ranges(out)
    }

    /// Does any range of the set overlap `a..b`?
    pub fn meets(&self, a: usize, b: usize) -> bool {
        let i = self.0.partition_point(|&(_, e)| e <= a);
        self.0.get(i).is_some_and(|&(s, _)| s < b)
    }

    /// The ranges of the set for which `keep` holds (whole ranges: a passage is kept or not).
    pub fn filter(&self, mut keep: impl FnMut(usize, usize) -> bool) -> Ranges {
        Ranges(
            self.0
                .iter()
                .copied()
                .filter(|&(a, b)| keep(a, b))
                .collect(),
        )
    }
}

/// The codes a code term stands for: the code and, unless `only`, every code below it.
pub fn code_closure(project: &Project, code: CodeId, only: bool) -> BTreeSet<CodeId> {
    let mut out = BTreeSet::from([code]);
    if only {
        return out;
    }
    loop {
        let before = out.len();
        for c in &project.codes {
            if c.parent.is_some_and(|p| out.contains(&p)) {
                out.insert(c.id);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// The text coded with any of `codes`, per document (in the project's document order).
pub fn coded(project: &Project, codes: &BTreeSet<CodeId>) -> Vec<Ranges> {
    project
        .documents
        .iter()
        .map(|d| {
            let spans: Vec<(usize, usize)> = match project.tally() {
                Some(_) => project
                    .codings
                    .in_document(d.id)
                    .filter(|c| codes.contains(&c.code))
                    .map(|c| (c.range.start, c.range.end))
                    .collect(),
                None => project
                    .codings
                    .values()
                    .filter(|c| c.document == d.id && codes.contains(&c.code))
                    .map(|c| (c.range.start, c.range.end))
                    .collect(),
            };
            Ranges::from_unsorted(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_and_set_operations() {
        let a = Ranges::from_unsorted(vec![(5, 8), (0, 2), (2, 3), (7, 10), (4, 4)]);
        assert_eq!(a.spans(), &[(0, 3), (5, 10)]);
        let b = Ranges::from_unsorted(vec![(1, 6), (9, 12)]);
        assert_eq!(a.intersect(&b).spans(), &[(1, 3), (5, 6), (9, 10)]);
        assert_eq!(a.union(&b).spans(), &[(0, 12)]);
        assert_eq!(a.complement(12).spans(), &[(3, 5), (10, 12)]);
        assert_eq!(a.complement(12).complement(12), a);
        assert!(a.meets(2, 4));
        assert!(!a.meets(3, 5));
        assert_eq!(a.len(), 8);
    }
}
