//! The agreement statistics as pure functions over counts: percentage agreement, Cohen's kappa
//! and Krippendorff's alpha for nominal data (any number of coders, missing values allowed).
//!
//! Alpha follows Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): from the
//! reliability data (units by coders) build the coincidence matrix `o[c][k]`, where every unit
//! coded by `m >= 2` coders adds `1 / (m - 1)` for each ordered pair of its values coded by
//! different coders; with `n_c` its margins and `n` their total,
//! `alpha = 1 - (n - 1) * sum_{c != k} o[c][k] / sum_{c != k} n_c * n_k` (nominal metric).
//! Units coded by fewer than two coders are not pairable and drop out. Alpha is undefined (`None`)
//! when fewer than two values are pairable or every pairable value is the same category.
//!
//! Kappa follows Cohen (1960): `kappa = (p_o - p_e) / (1 - p_e)` from the two coders' contingency
//! table, where `p_o` is the share on the diagonal and `p_e` the sum over categories of the
//! product of the two coders' marginal shares; undefined (`None`) when `p_e` is 1 (both coders
//! used one and the same category for every unit) or the table is empty.

/// Cohen's kappa from a square contingency table: `table[a][b]` is the number (or weight) of
/// units the first coder put in category `a` and the second in `b`.
pub fn cohen_kappa(table: &[Vec<f64>]) -> Option<f64> {
    let k = table.len();
    if table.iter().any(|row| row.len() != k) {
        return None;
    }
    let n: f64 = table.iter().flatten().sum();
    if n <= 0.0 {
        return None;
    }
    let po = (0..k).map(|i| table[i][i]).sum::<f64>() / n;
    let pe = (0..k)
        .map(|i| {
            let row: f64 = table[i].iter().sum();
            let col: f64 = table.iter().map(|r| r[i]).sum();
            (row / n) * (col / n)
        })
        .sum::<f64>();
    if (1.0 - pe).abs() < 1e-12 {
        return None;
    }
    Some((po - pe) / (1.0 - pe))
}

/// Krippendorff's alpha (nominal) from a coincidence matrix.
pub fn alpha_from_coincidences(o: &[Vec<f64>]) -> Option<f64> {
    let k = o.len();
    if o.iter().any(|row| row.len() != k) {
        return None;
    }
    let margins: Vec<f64> = o.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = margins.iter().sum();
    if n < 2.0 {
        return None;
    }
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..k {
        for j in 0..k {
            if c != j {
                observed += o[c][j];
                expected += margins[c] * margins[j];
            }
        }
    }
    if expected <= 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// The coincidence matrix of reliability data: `data[coder][unit]` is the category (an index
/// below `categories`) the coder gave the unit, `None` where the coder did not code it.
pub fn coincidences(data: &[Vec<Option<usize>>], categories: usize) -> Vec<Vec<f64>> {
    let mut o = vec![vec![0.0; categories]; categories];
    let units = data.iter().map(Vec::len).max().unwrap_or(0);
    for u in 0..units {
        let values: Vec<usize> = data
            .iter()
            .filter_map(|coder| coder.get(u).copied().flatten())
            .filter(|&v| v < categories)
            .collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        let share = 1.0 / (m - 1) as f64;
        for (i, &a) in values.iter().enumerate() {
            for (j, &b) in values.iter().enumerate() {
                if i != j {
                    o[a][b] += share;
                }
            }
        }
    }
    o
}

/// Krippendorff's alpha for nominal reliability data (see [`coincidences`]).
pub fn krippendorff_alpha_nominal(data: &[Vec<Option<usize>>], categories: usize) -> Option<f64> {
    alpha_from_coincidences(&coincidences(data, categories))
}

/// Binary reliability data for one code, aggregated: how many units (or characters) were coded
/// by `m` coders of whom `c` applied the code, and for the first two coders (A and B) the 2 x 2
/// table of the units both coded. Adding units costs a few array writes, so the figures of a
/// whole project come from one pass over its units.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Binary {
    /// `hist[m][c]`: weight of units coded by `m` coders, `c` of whom applied the code.
    pub hist: Vec<Vec<u64>>,
    /// `pair[a][b]`: weight of units both A and B coded, `a`/`b` whether each applied the code.
    pub pair: [[u64; 2]; 2],
}

impl Binary {
    /// Empty counts for `coders` coders.
    pub fn new(coders: usize) -> Self {
        Self {
            hist: (0..=coders).map(|m| vec![0; m + 1]).collect(),
            pair: [[0; 2]; 2],
        }
    }

    /// Adds `weight` units coded by `m` coders, `c` of whom applied the code.
    pub fn add(&mut self, m: usize, c: usize, weight: u64) {
        if let Some(n) = self.hist.get_mut(m).and_then(|row| row.get_mut(c)) {
            *n += weight;
        }
    }

    /// Adds another code's counts (for the pooled overall figures).
    pub fn absorb(&mut self, other: &Binary) {
        for (row, o) in self.hist.iter_mut().zip(&other.hist) {
            for (n, x) in row.iter_mut().zip(o) {
                *n += x;
            }
        }
        for a in 0..2 {
            for b in 0..2 {
                self.pair[a][b] += other.pair[a][b];
            }
        }
    }

    /// Pairable units: coded by at least two coders.
    pub fn units(&self) -> u64 {
        self.hist.iter().skip(2).flatten().sum()
    }

    /// Share of pairable units on which every coder who coded the unit agrees (all applied the
    /// code, or none did), in percent.
    pub fn percent(&self) -> Option<f64> {
        let units = self.units();
        if units == 0 {
            return None;
        }
        let agree: u64 = self
            .hist
            .iter()
            .enumerate()
            .skip(2)
            .map(|(m, row)| row.first().copied().unwrap_or(0) + row.get(m).copied().unwrap_or(0))
            .sum();
        Some(100.0 * agree as f64 / units as f64)
    }

    /// Cohen's kappa between A and B over the units both coded.
    pub fn kappa(&self) -> Option<f64> {
        let t: Vec<Vec<f64>> = self
            .pair
            .iter()
            .map(|row| row.iter().map(|&n| n as f64).collect())
            .collect();
        cohen_kappa(&t)
    }

    /// The coincidence matrix (absent = 0, present = 1).
    pub fn coincidences(&self) -> Vec<Vec<f64>> {
        let mut o = vec![vec![0.0; 2]; 2];
        for (m, row) in self.hist.iter().enumerate().skip(2) {
            let share = 1.0 / (m - 1) as f64;
            for (c1, &w) in row.iter().enumerate() {
                let (w, c1, c0) = (w as f64, c1 as f64, (m - c1) as f64);
                o[0][0] += w * c0 * (c0 - 1.0) * share;
                o[1][1] += w * c1 * (c1 - 1.0) * share;
                o[0][1] += w * c0 * c1 * share;
                o[1][0] += w * c0 * c1 * share;
            }
        }
        o
    }

    /// Krippendorff's alpha (nominal: applied or not), over all coders.
    pub fn alpha(&self) -> Option<f64> {
        alpha_from_coincidences(&self.coincidences())
    }
}
