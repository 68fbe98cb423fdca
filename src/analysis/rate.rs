//! The change in cramp rate between two phases: the rate ratio with an exact 95% interval.
//!
//! Cramps are counted as Poisson events. Conditional on the total `N = x0 + x1`, the routine's
//! share `x1` is Binomial(N, p) with `p = n1·R / (n0 + n1·R)`, so a Clopper-Pearson interval for
//! `p` maps to an exact interval for the ratio `R = (x1/n1) / (x0/n0)` (as R's `poisson.test`).

use serde::Serialize;
use statrs::distribution::{Beta, ContinuousCDF};

/// Routine rate over baseline rate. `None` stands for "unbounded" (division by zero cramps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatio {
    pub estimate: Option<f64>,
    pub lo: f64,
    pub hi: Option<f64>,
}

/// Counts for one phase: cramps over usable (logged, not excluded) nights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub cramps: u32,
    pub nights: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    NotEnoughData,
    NoClearChange,
    FewerCramps,
    MoreCramps,
}

impl Verdict {
    pub fn words(self) -> &'static str {
        match self {
            Verdict::NotEnoughData => "not enough data yet",
            Verdict::NoClearChange => "no clear change",
            Verdict::FewerCramps => "fewer cramps",
            Verdict::MoreCramps => "more cramps",
        }
    }
}

/// The 95% interval of a binomial proportion (Clopper-Pearson), `k` of `n`.
fn clopper_pearson(k: u32, n: u32) -> (f64, f64) {
    let (k, n) = (f64::from(k), f64::from(n));
    let quantile = |a: f64, b: f64, q: f64| {
        Beta::new(a, b)
            .ok()
            .and_then(|d| d.try_inverse_cdf(q).ok())
            .filter(|v| v.is_finite())
    };
    let lo = if k == 0.0 {
        0.0
    } else {
        quantile(k, n - k + 1.0, 0.025).unwrap_or(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        quantile(k + 1.0, n - k, 0.975).unwrap_or(1.0)
    };
    (lo, hi)
}

impl RateRatio {
    /// `None` when either phase has no usable nights, or neither phase had a cramp (the ratio
    /// is then undefined, not 1).
    pub fn compute(baseline: Counts, routine: Counts) -> Option<Self> {
        if baseline.nights == 0 || routine.nights == 0 {
            return None;
        }
        let total = baseline.cramps + routine.cramps;
        if total == 0 {
            return None;
        }
        let scale = f64::from(baseline.nights) / f64::from(routine.nights);
        let odds = |p: f64| (p < 1.0).then(|| p / (1.0 - p) * scale);
        let (p_lo, p_hi) = clopper_pearson(routine.cramps, total);
        let estimate = (baseline.cramps > 0).then(|| {
            (f64::from(routine.cramps) / f64::from(routine.nights))
                / (f64::from(baseline.cramps) / f64::from(baseline.nights))
        });
        Some(Self {
            estimate,
            lo: odds(p_lo).unwrap_or(0.0),
            hi: odds(p_hi),
        })
    }

    /// The interval excludes 1 on one side or the other.
    pub fn verdict(&self) -> Verdict {
        match self.hi {
            Some(hi) if hi < 1.0 => Verdict::FewerCramps,
            _ if self.lo > 1.0 => Verdict::MoreCramps,
            _ => Verdict::NoClearChange,
        }
    }

    /// % reduction (1 - ratio) with its interval; `None` entries are unbounded below.
    pub fn reduction_pct(&self) -> (Option<f64>, Option<f64>, f64) {
        let pct = |r: f64| (1.0 - r) * 100.0;
        (self.estimate.map(pct), self.hi.map(pct), pct(self.lo))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(cramps: u32, nights: u32) -> Counts {
        Counts { cramps, nights }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-5
    }

    // Reference values computed independently with SciPy 1.x:
    //   lo = beta.ppf(0.025, x1, N-x1+1), hi = beta.ppf(0.975, x1+1, N-x1)  (Clopper-Pearson)
    //   ratio = p/(1-p) * n0/n1;  binomtest(10, 30).proportion_ci('exact') = [0.172874, 0.528120]
    #[test]
    fn matches_scipy_reference_values() {
        let cases = [
            // (x1, n1, x0, n0), (estimate, lo, hi)
            ((10, 28, 20, 28), (0.5, 0.209006, 1.119183)),
            ((5, 28, 24, 28), (0.208333, 0.062085, 0.557020)),
            ((12, 26, 15, 27), (0.830769, 0.355070, 1.901155)),
            ((30, 28, 30, 28), (1.0, 0.582434, 1.716933)),
        ];
        for ((x1, n1, x0, n0), (est, lo, hi)) in cases {
            let r = RateRatio::compute(counts(x0, n0), counts(x1, n1)).unwrap();
            assert!(close(r.estimate.unwrap(), est), "{r:?}");
            assert!(close(r.lo, lo), "{r:?} lo {lo}");
            assert!(close(r.hi.unwrap(), hi), "{r:?} hi {hi}");
        }
    }

    #[test]
    fn zero_routine_cramps_give_a_zero_estimate_and_a_finite_upper_bound() {
        // SciPy: x1=0, n1=20, x0=10, n0=28 -> (0, 0, 0.624576)
        let r = RateRatio::compute(counts(10, 28), counts(0, 20)).unwrap();
        assert_eq!(r.estimate, Some(0.0));
        assert_eq!(r.lo, 0.0);
        assert!(close(r.hi.unwrap(), 0.624576));
        assert_eq!(r.verdict(), Verdict::FewerCramps);
    }

    #[test]
    fn zero_baseline_cramps_leave_the_ratio_unbounded_above() {
        // SciPy: x1=10, n1=20, x0=0, n0=28 -> (inf, 3.138130, inf)
        let r = RateRatio::compute(counts(0, 28), counts(10, 20)).unwrap();
        assert_eq!((r.estimate, r.hi), (None, None));
        assert!(close(r.lo, 3.138130));
        assert_eq!(r.verdict(), Verdict::MoreCramps);
        let (est, lo, hi) = r.reduction_pct();
        assert_eq!((est, lo), (None, None));
        assert!(hi < 0.0);
    }

    #[test]
    fn no_cramps_anywhere_or_no_nights_has_no_ratio() {
        assert_eq!(RateRatio::compute(counts(0, 28), counts(0, 28)), None);
        assert_eq!(RateRatio::compute(counts(5, 0), counts(3, 10)), None);
        assert_eq!(RateRatio::compute(counts(5, 10), counts(3, 0)), None);
    }

    #[test]
    fn reduction_is_one_minus_the_ratio() {
        let r = RateRatio::compute(counts(20, 28), counts(10, 28)).unwrap();
        let (est, lo, hi) = r.reduction_pct();
        assert!(close(est.unwrap(), 50.0));
        assert!(close(lo.unwrap(), (1.0 - 1.119183) * 100.0));
        assert!(close(hi, (1.0 - 0.209006) * 100.0));
        assert_eq!(r.verdict(), Verdict::NoClearChange);
    }
}
