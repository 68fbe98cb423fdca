//! The rate ratio between two phases with a weekly quasi-Poisson 95% interval (issue 10).
//!
//! Cramps cluster (bad nights, bad spells), so single cramps are not independent; 7-night blocks
//! ("weeks") are treated as the independent units instead. For each block `w` with `y_w` cramps
//! on `n_w` usable nights, `mu_w = n_w · x_p / n_p` is what its phase's rate predicts. The
//! dispersion is `phi_hat = Σ (y_w − mu_w)² / mu_w / (W − 2)` over blocks with `mu_w > 0`,
//! moderated towards Poisson with 2 pseudo-degrees of freedom: `phi = (2 + (W − 2)·phi_hat) / W`
//! (no floor, so equal weeks still give an interval of non-zero width). The interval is
//! `exp(log RR ± t(0.975, W) · sqrt(phi · (1/x0 + 1/x1)))`.
//!
//! Edge cases (decided here, documented in the README):
//! - blocks with no usable nights are dropped before anything is counted;
//! - `None` when either phase has no usable nights, when `W ≤ 2` (one week per phase cannot
//!   estimate a dispersion), or when neither phase had a cramp (the ratio is undefined, not 1);
//! - when either phase had no cramps, 0.5 is added to both phase counts for the interval only;
//!   the estimate stays the raw ratio: `0.0` when the treated phase had none, `f64::INFINITY`
//!   when the reference phase had none.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Cramps on the usable nights of one 7-night block (an edge block may be shorter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekCount {
    pub cramps: u32,
    pub nights: u32,
}

/// Treated rate over reference rate, its 95% interval, the moderated dispersion `phi` and the
/// number of blocks `W` it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeeklyRatio {
    pub estimate: f64,
    pub lo: f64,
    pub hi: f64,
    pub dispersion: f64,
    pub weeks: usize,
}

/// Two phases over their weeks with a usable night: the cramps `x` and usable nights `n` of
/// each (reference 0, treated 1), the moderated dispersion `phi` (the formula is in
/// [`super::sequence`]'s notes) and how many weeks each phase has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pooled {
    pub x0: f64,
    pub n0: f64,
    pub x1: f64,
    pub n1: f64,
    pub dispersion: f64,
    pub weeks: [usize; 2],
}

/// The two phases pooled; `None` when a phase has no usable night, there are two weeks or
/// fewer in all, or neither phase had a cramp.
pub fn pooled(reference: &[WeekCount], treated: &[WeekCount]) -> Option<Pooled> {
    let used = |p: &[WeekCount]| -> Vec<WeekCount> {
        p.iter().copied().filter(|w| w.nights > 0).collect()
    };
    let (reference, treated) = (used(reference), used(treated));
    let ((x0, n0), (x1, n1)) = (sums(&reference), sums(&treated));
    let weeks = reference.len() + treated.len();
    if n0 == 0.0 || n1 == 0.0 || weeks <= 2 || x0 + x1 == 0.0 {
        return None;
    }
    let w = weeks as f64;
    let phi_hat = (chi_square(&reference) + chi_square(&treated)) / (w - 2.0);
    Some(Pooled {
        x0,
        n0,
        x1,
        n1,
        dispersion: (2.0 + (w - 2.0) * phi_hat) / w,
        weeks: [reference.len(), treated.len()],
    })
}

fn sums(phase: &[WeekCount]) -> (f64, f64) {
    phase.iter().fold((0.0, 0.0), |(x, n), w| {
        (x + f64::from(w.cramps), n + f64::from(w.nights))
    })
}

/// Pearson's chi-square of a phase's weeks around the phase's own rate.
fn chi_square(phase: &[WeekCount]) -> f64 {
    let (x, n) = sums(phase);
    phase
        .iter()
        .map(|w| {
            let mu = f64::from(w.nights) * x / n;
            if mu > 0.0 {
                (f64::from(w.cramps) - mu).powi(2) / mu
            } else {
                0.0
            }
        })
        .sum()
}

/// Rate ratio treated/reference with the weekly quasi-Poisson 95% interval (issue 10's formula).
pub fn weekly_rate_ratio(reference: &[WeekCount], treated: &[WeekCount]) -> Option<WeeklyRatio> {
    let Pooled {
        x0,
        n0,
        x1,
        n1,
        dispersion,
        weeks,
    } = pooled(reference, treated)?;
    let weeks = weeks[0] + weeks[1];
    let w = weeks as f64;
    let estimate = if x0 == 0.0 {
        f64::INFINITY
    } else {
        (x1 / n1) / (x0 / n0)
    };
    let (a0, a1) = if x0 == 0.0 || x1 == 0.0 {
        (x0 + 0.5, x1 + 0.5)
    } else {
        (x0, x1)
    };
    let centre = ((a1 / n1) / (a0 / n0)).ln();
    let t = StudentsT::new(0.0, 1.0, w).ok()?.inverse_cdf(0.975);
    let half = t * (dispersion * (1.0 / a0 + 1.0 / a1)).sqrt();
    Some(WeeklyRatio {
        estimate,
        lo: (centre - half).exp(),
        hi: (centre + half).exp(),
        dispersion,
        weeks,
    })
}

/// Whole weeks (7 nights each) with these cramp counts; for the analysis's unit tests.
#[cfg(test)]
pub(crate) fn full(counts: &[u32]) -> Vec<WeekCount> {
    counts
        .iter()
        .map(|&cramps| WeekCount { cramps, nights: 7 })
        .collect()
}

/// Weeks of (cramps, usable nights); for the analysis's unit tests.
#[cfg(test)]
pub(crate) fn weeks(pairs: &[(u32, u32)]) -> Vec<WeekCount> {
    pairs
        .iter()
        .map(|&(cramps, nights)| WeekCount { cramps, nights })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-5
    }

    fn check(r: Option<WeeklyRatio>, (est, lo, hi, phi, w): (f64, f64, f64, f64, usize)) {
        let r = r.expect("a ratio");
        assert!(
            (r.estimate.is_infinite() && est.is_infinite()) || close(r.estimate, est),
            "{r:?}"
        );
        assert!(close(r.lo, lo), "{r:?} lo {lo}");
        assert!(close(r.hi, hi), "{r:?} hi {hi}");
        assert!(close(r.dispersion, phi), "{r:?} phi {phi}");
        assert_eq!(r.weeks, w);
    }

    // Every expected value below was computed independently with SciPy 1.17.1 by
    // tools/weekly_ci_reference.py (which re-implements issue 10's formula with scipy.stats.t).

    #[test]
    fn issue_reference_clear_fall() {
        // Issue 10's example: 5, 4, 6, 5 against 1, 2, 1, 2, every night logged.
        let r = weekly_rate_ratio(&full(&[5, 4, 6, 5]), &full(&[1, 2, 1, 2]));
        check(r, (0.3, 0.154348, 0.583100, 0.383333, 8));
    }

    #[test]
    fn all_weeks_equal_still_give_a_real_interval() {
        // No spread between weeks: phi_hat = 0, moderated phi = 2/W, interval not zero-width.
        let r = weekly_rate_ratio(&full(&[3, 3, 3, 3]), &full(&[2, 2, 2, 2]));
        check(r, (0.666667, 0.393869, 1.128406, 0.25, 8));
    }

    #[test]
    fn bad_spells_widen_the_interval() {
        let r = weekly_rate_ratio(&full(&[0, 9, 1, 12, 2, 0, 8, 3]), &full(&[1, 0, 6, 2]));
        check(r, (0.514286, 0.105372, 2.510067, 3.789947, 12));
    }

    #[test]
    fn partial_weeks_weigh_by_their_nights() {
        let r = weekly_rate_ratio(
            &weeks(&[(4, 5), (6, 7), (2, 3), (7, 7)]),
            &weeks(&[(3, 7), (1, 4), (2, 6), (0, 2)]),
        );
        check(r, (0.365651, 0.183066, 0.730340, 0.410435, 8));
    }

    #[test]
    fn no_routine_cramps_add_a_half_for_the_interval_only() {
        let r = weekly_rate_ratio(&full(&[3, 4, 2, 5]), &full(&[0, 0, 0, 0]));
        check(r, (0.0, 0.003931, 0.302446, 0.428571, 8));
    }

    #[test]
    fn no_baseline_cramps_give_an_unbounded_estimate_and_a_finite_interval() {
        let r = weekly_rate_ratio(&full(&[0, 0, 0, 0]), &full(&[1, 2, 0, 1]));
        check(r, (f64::INFINITY, 0.791744, 102.305800, 0.5, 8));
    }

    #[test]
    fn three_weeks_is_the_fewest_that_give_an_interval() {
        let r = weekly_rate_ratio(&full(&[4, 6]), &full(&[2]));
        check(r, (0.4, 0.044106, 3.627605, 0.8, 3));
    }

    #[test]
    fn one_week_per_phase_gives_none() {
        assert_eq!(weekly_rate_ratio(&full(&[5]), &full(&[2])), None);
    }

    #[test]
    fn weeks_without_usable_nights_are_dropped() {
        let r = weekly_rate_ratio(
            &weeks(&[(5, 7), (0, 0), (4, 7), (6, 7), (5, 7)]),
            &weeks(&[(1, 7), (2, 7), (1, 7), (2, 7), (0, 0)]),
        );
        check(r, (0.3, 0.154348, 0.583100, 0.383333, 8));
    }

    #[test]
    fn no_nights_or_no_cramps_anywhere_give_none() {
        assert_eq!(
            weekly_rate_ratio(&full(&[0, 0, 0]), &full(&[0, 0, 0])),
            None
        );
        assert_eq!(weekly_rate_ratio(&[], &full(&[1, 2, 3])), None);
        assert_eq!(
            weekly_rate_ratio(&weeks(&[(0, 0), (0, 0)]), &full(&[1, 2, 3])),
            None
        );
        assert_eq!(weekly_rate_ratio(&full(&[1, 2, 3]), &[]), None);
    }
}
