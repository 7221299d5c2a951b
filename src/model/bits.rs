//! A growable set of small numbers (document and speaker slots) as a bit vector: union, and
//! counting what one set holds that another does not, cost a word per 64 members.

#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    pub fn get(&self, i: u32) -> bool {
        let i = i as usize;
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Sets bit `i`; returns whether it was clear before.
    pub fn set(&mut self, i: u32) -> bool {
        let i = i as usize;
        if self.0.len() <= i / 64 {
            self.0.resize(i / 64 + 1, 0);
        }
        let w = &mut self.0[i / 64];
        let was = *w & (1 << (i % 64)) != 0;
        *w |= 1 << (i % 64);
        !was
    }

    /// Clears bit `i`; returns whether it was set before.
    pub fn clear(&mut self, i: u32) -> bool {
        let i = i as usize;
        match self.0.get_mut(i / 64) {
            Some(w) => {
                let was = *w & (1 << (i % 64)) != 0;
                *w &= !(1 << (i % 64));
                was
            }
            None => false,
        }
    }

    pub fn union_with(&mut self, other: &Bits) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }

    pub fn count(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// Members of `self` that are not in `other`.
    pub fn count_without(&self, other: &Bits) -> u32 {
        self.0
            .iter()
            .enumerate()
            .map(|(i, w)| (w & !other.0.get(i).copied().unwrap_or(0)).count_ones())
            .sum()
    }

    /// The members, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &w)| {
            (0..64u32)
                .filter(move |b| w & (1 << b) != 0)
                .map(move |b| i as u32 * 64 + b)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn set_clear_count() {
        let mut a = Bits::default();
        assert!(a.set(3));
        assert!(!a.set(3));
        assert!(a.set(130));
        assert_eq!(a.count(), 2);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![3, 130]);
        let mut b = Bits::default();
        b.set(130);
        assert_eq!(a.count_without(&b), 1);
        assert!(a.clear(3));
        assert!(!a.clear(3));
        assert!(!a.clear(9_999));
        assert!(!a.get(3) && a.get(130));
        b.set(5);
        a.union_with(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![5, 130]);
    }
}
