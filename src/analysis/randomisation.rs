//! The exact randomisation test of an on/off experiment: every way the pairs could have been
//! ordered, the statistic recomputed for each.

use super::rate::Counts;

/// Two statistics closer than this are the same (the test counts ties as "as extreme").
pub const TOLERANCE: f64 = 1e-9;

/// One pair's counts, by arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairCounts {
    pub routine: Counts,
    pub rest: Counts,
}

/// Cramps per usable night in routine weeks minus rest weeks, pooled over the pairs given as
/// (routine cramps, routine nights, rest cramps, rest nights).
fn statistic(rc: i64, rn: i64, sc: i64, sn: i64) -> Option<f64> {
    (rn > 0 && sn > 0).then(|| rc as f64 / rn as f64 - sc as f64 / sn as f64)
}

/// The observed statistic and its exact two-sided p-value: the share of the `2^N` ways of
/// ordering the pairs (swap the arms within any subset) whose statistic is at least as far from
/// zero as the observed one. `None` without pairs, with more than 20, or with an empty week.
pub fn randomisation_test(pairs: &[PairCounts]) -> Option<(f64, f64)> {
    if pairs.is_empty() || pairs.len() > 20 {
        return None;
    }
    if pairs
        .iter()
        .any(|p| p.routine.nights == 0 || p.rest.nights == 0)
    {
        return None;
    }
    let sum = |f: fn(&PairCounts) -> u32| pairs.iter().map(|p| i64::from(f(p))).sum::<i64>();
    let (mut rc, mut rn) = (sum(|p| p.routine.cramps), sum(|p| p.routine.nights));
    let (mut sc, mut sn) = (sum(|p| p.rest.cramps), sum(|p| p.rest.nights));
    let observed = statistic(rc, rn, sc, sn)?;
    let mut swapped = vec![false; pairs.len()];
    let total: u64 = 1 << pairs.len();
    let mut extreme: u64 = 0;
    // Gray code: each step swaps exactly one pair, so all 2^N orders cost O(1) each.
    for step in 0..total {
        if step > 0 {
            let k = step.trailing_zeros() as usize;
            let (on, off) = if swapped[k] {
                (pairs[k].rest, pairs[k].routine)
            } else {
                (pairs[k].routine, pairs[k].rest)
            };
            let dc = i64::from(off.cramps) - i64::from(on.cramps);
            let dn = i64::from(off.nights) - i64::from(on.nights);
            rc += dc;
            rn += dn;
            sc -= dc;
            sn -= dn;
            swapped[k] = !swapped[k];
        }
        let s = statistic(rc, rn, sc, sn)?;
        if s.abs() >= observed.abs() - TOLERANCE {
            extreme += 1;
        }
    }
    Some((observed, extreme as f64 / total as f64))
}
