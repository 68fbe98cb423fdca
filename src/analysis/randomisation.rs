//! The exact randomisation test of an on/off experiment, and the interval that comes from
//! inverting it: every way the pairs could have been ordered, enumerated.
//!
//! A pair's weight is the harmonic mean of its two weeks' usable nights (the inverse of the
//! variance of its difference in rates when cramps come at a steady rate); the statistic is the
//! weighted mean over pairs of "cramps per usable night, on week minus off week". Swapping the
//! arms inside a pair turns its difference round, so the `2^N` orders give a distribution that is
//! symmetric around zero, and the two-sided test is exactly two one-sided tests at half the
//! level. Each one-sided count is monotone in a multiplicative effect `theta` on the cramp rate
//! (compare on weeks with `theta` times off weeks), so the effects the test does not reject form
//! one interval, and "fewer" is said exactly when that interval lies below 1.
//!
//! All of it is computed in integers (the weights' common denominator), so a verdict never
//! depends on rounding.

use super::rate::Counts;

/// One pair's counts, by arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PairCounts {
    pub on: Counts,
    pub off: Counts,
}

/// An end of the interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Finite(f64),
    /// No finite effect is kept on that side.
    Unbounded,
}

impl Bound {
    pub fn value(self) -> Option<f64> {
        match self {
            Bound::Finite(v) => Some(v),
            Bound::Unbounded => None,
        }
    }
}

/// Which way the test came out at the plan's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Fewer,
    More,
    Neither,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TestResult {
    /// Weighted mean over pairs of the difference in cramps per usable night (on - off).
    pub statistic: f64,
    /// Two-sided: the share of the `2^N` orders at least as far from zero as the observed one.
    pub p_value: f64,
    pub orders: u64,
    pub direction: Direction,
    /// On rate over off rate as the test weighs them: `sum w on-rate / sum w off-rate`; `None`
    /// without a cramp in any off week.
    pub estimate: Option<f64>,
    /// The smallest effect not rejected (0 when even "no cramps when on" is kept;
    /// `Unbounded` when no finite effect is).
    pub lo: Bound,
    /// The largest effect not rejected (`Unbounded`: no upper limit).
    pub hi: Bound,
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Largest number of the `2^N` orders a one-sided count may reach and still reject at
/// `level` (two-sided): `floor(level * 2^N / 2)`.
pub fn rejecting_count(level: f64, orders: u64) -> u64 {
    (level * orders as f64 / 2.0 + 1e-9).floor() as u64
}

/// The test and its interval at `level` (the plan's threshold). `None` without pairs, with
/// more than 20, or with an empty week.
pub fn randomisation_test(pairs: &[PairCounts], level: f64) -> Option<TestResult> {
    if pairs.is_empty() || pairs.len() > 20 {
        return None;
    }
    if pairs.iter().any(|p| p.on.nights == 0 || p.off.nights == 0) {
        return None;
    }
    // w (on rate) and w (off rate) times a common denominator, as integers:
    // w a/m = 2 n a / (m + n), w b/n = 2 m b / (m + n).
    let mut common: u64 = 1;
    for p in pairs {
        let total = u64::from(p.on.nights) + u64::from(p.off.nights);
        common = (common / gcd(common, total)).checked_mul(total)?;
    }
    let common = i128::from(common);
    let scaled = |weight: u32, cramps: u32, total: u32| -> i128 {
        2 * i128::from(weight) * i128::from(cramps) * (common / i128::from(total))
    };
    let xs: Vec<i128> = pairs
        .iter()
        .map(|p| scaled(p.off.nights, p.on.cramps, p.on.nights + p.off.nights))
        .collect();
    let ys: Vec<i128> = pairs
        .iter()
        .map(|p| scaled(p.on.nights, p.off.cramps, p.on.nights + p.off.nights))
        .collect();
    let weights: f64 = pairs
        .iter()
        .map(|p| {
            let (m, n) = (f64::from(p.on.nights), f64::from(p.off.nights));
            2.0 * m * n / (m + n)
        })
        .sum();
    let (sum_x, sum_y): (i128, i128) = (xs.iter().sum(), ys.iter().sum());
    let statistic = (sum_x - sum_y) as f64 / common as f64 / weights;

    // Every subset S of pairs swapped: the observed order is at least as "fewer" as the one
    // swapping S exactly when sum_S (x - theta y) >= 0 (and as "more" when <= 0).
    let orders: u64 = 1 << pairs.len();
    let (mut fewer, mut more) = (0u64, 0u64);
    let (mut no_off, mut nothing) = (0u64, 0u64);
    let mut ratios: Vec<(i128, i128)> = Vec::with_capacity(orders as usize);
    let mut inside = vec![false; pairs.len()];
    let (mut sx, mut sy) = (0i128, 0i128);
    // Gray code: each step adds or removes exactly one pair.
    for step in 0..orders {
        if step > 0 {
            let k = step.trailing_zeros() as usize;
            let sign = if inside[k] { -1 } else { 1 };
            sx += sign * xs[k];
            sy += sign * ys[k];
            inside[k] = !inside[k];
        }
        fewer += u64::from(sx >= sy);
        more += u64::from(sx <= sy);
        if sy == 0 {
            no_off += 1;
            nothing += u64::from(sx == 0);
        } else {
            ratios.push((sx, sy));
        }
    }
    let reject = rejecting_count(level, orders);
    let direction = if fewer <= reject {
        Direction::Fewer
    } else if more <= reject {
        Direction::More
    } else {
        Direction::Neither
    };
    // The j-th largest (or smallest) subset ratio sx/sy, compared exactly.
    let by_value = |a: &(i128, i128), b: &(i128, i128)| (a.0 * b.1).cmp(&(b.0 * a.1));
    let ratio = |r: (i128, i128)| r.0 as f64 / r.1 as f64;
    let hi = if no_off > reject {
        Bound::Unbounded
    } else {
        let j = (reject + 1 - no_off) as usize;
        let (_, r, _) = ratios.select_nth_unstable_by(j - 1, |a, b| by_value(b, a));
        Bound::Finite(ratio(*r))
    };
    let lo = if nothing > reject {
        Bound::Finite(0.0)
    } else {
        let j = (reject + 1 - nothing) as usize;
        if j > ratios.len() {
            Bound::Unbounded
        } else {
            let (_, r, _) = ratios.select_nth_unstable_by(j - 1, by_value);
            Bound::Finite(ratio(*r))
        }
    };
    Some(TestResult {
        statistic,
        p_value: (2.0 * fewer.min(more) as f64 / orders as f64).min(1.0),
        orders,
        direction,
        estimate: (sum_y > 0).then(|| ratio((sum_x, sum_y))),
        lo,
        hi,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(on: u32, off: u32) -> PairCounts {
        PairCounts {
            on: Counts {
                cramps: on,
                nights: 7,
            },
            off: Counts {
                cramps: off,
                nights: 7,
            },
        }
    }

    #[test]
    fn the_rejecting_count_is_the_plan_level_halved() {
        // 6 pairs: 64 orders, 1.6 -> 1 (p = 2/64); 8 pairs: 6.4 -> 6; 5 pairs: none.
        assert_eq!(rejecting_count(0.05, 64), 1);
        assert_eq!(rejecting_count(0.05, 256), 6);
        assert_eq!(rejecting_count(0.05, 32), 0);
        assert_eq!(rejecting_count(0.05, 4096), 102);
    }

    #[test]
    fn the_observed_ratio_is_always_inside_the_interval() {
        let r =
            randomisation_test(&[pair(1, 4), pair(3, 2), pair(0, 5), pair(2, 3)], 0.05).unwrap();
        let est = r.estimate.unwrap();
        assert!(r.lo.value().unwrap() <= est);
        assert!(r.hi.value().is_none_or(|hi| est <= hi));
    }
}
