//! The change in cramp rate between two phases, and the verdict words.
//!
//! The interval is the daily line's ([`super::sequence`] at the critical value of
//! [`super::boundary`]): weeks, not single cramps, are the units, because cramps cluster, and
//! the interval stays honest however often it is looked at. The former exact Poisson interval
//! ([`exact_interval`]) is kept only so the calibration test can show why it was replaced.

use super::sequence::LookInterval;
use chrono::NaiveDate;
use serde::Serialize;
use statrs::distribution::{Beta, ContinuousCDF};

/// The method named in the report's JSON.
pub const METHOD: &str = "weekly-confidence-sequence";
/// The confidence level of the daily line and the verdict, in %.
pub const LEVEL_PCT: u32 = 96;

/// Routine rate over reference rate with the daily line's 96% interval at one look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatio {
    /// The daily line's interval at this look.
    pub interval: LookInterval,
    /// Whole routine weeks in this look, and the planned weeks (the looks there will be).
    pub look: u8,
    pub looks: u8,
    /// The last night this look includes.
    pub through: NaiveDate,
}

/// Counts for one phase: cramps over usable (logged, not excluded) nights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub cramps: u32,
    pub nights: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    NotEnoughData,
    TooEarly,
    NoClearChange,
    FewerCramps,
    MoreCramps,
}

impl Verdict {
    pub fn words(self) -> &'static str {
        match self {
            Verdict::NotEnoughData => "not enough data",
            Verdict::TooEarly => "too early to tell",
            Verdict::NoClearChange => "no clear change: can't tell yet",
            Verdict::FewerCramps => "fewer cramps than in your baseline weeks",
            Verdict::MoreCramps => "more cramps than in your baseline weeks",
        }
    }
}

impl RateRatio {
    /// The line at look `look` of `looks`, through the night `through`.
    pub fn from_look(interval: LookInterval, look: u8, looks: u8, through: NaiveDate) -> Self {
        Self {
            interval,
            look,
            looks,
            through,
        }
    }

    /// The interval excludes 1 on one side or the other.
    pub fn verdict(&self) -> Verdict {
        if self.interval.hi < 1.0 {
            Verdict::FewerCramps
        } else if self.interval.lo > 1.0 {
            Verdict::MoreCramps
        } else {
            Verdict::NoClearChange
        }
    }

    /// % reduction (1 - ratio) with its interval: (estimate, low end, high end). The estimate is
    /// `None` when the reference had no cramps; the low end is `-inf` when the ratio is
    /// unbounded.
    pub fn reduction_pct(&self) -> (Option<f64>, f64, f64) {
        let pct = |r: f64| (1.0 - r) * 100.0;
        let i = &self.interval;
        (i.estimate.map(pct), pct(i.hi), pct(i.lo))
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

/// The former method: the exact 95% interval for the ratio if every cramp were an independent
/// Poisson event (conditional binomial / Clopper-Pearson, as R's `poisson.test`). Returns
/// `(lo, hi)`, `hi` `None` when unbounded; `None` with no nights in a phase or no cramps at all.
/// Not used for any verdict: cramps cluster, and then this interval is far too narrow.
pub fn exact_interval(baseline: Counts, routine: Counts) -> Option<(f64, Option<f64>)> {
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
    Some((odds(p_lo).unwrap_or(0.0), odds(p_hi)))
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
    fn the_former_exact_interval_matches_scipy() {
        let cases = [
            // (x1, n1, x0, n0), (lo, hi)
            ((10, 28, 20, 28), (0.209006, 1.119183)),
            ((5, 28, 24, 28), (0.062085, 0.557020)),
            ((12, 26, 15, 27), (0.355070, 1.901155)),
            ((30, 28, 30, 28), (0.582434, 1.716933)),
            ((0, 20, 10, 28), (0.0, 0.624576)),
        ];
        for ((x1, n1, x0, n0), (lo, hi)) in cases {
            let (l, h) = exact_interval(counts(x0, n0), counts(x1, n1)).unwrap();
            assert!(close(l, lo), "{l} lo {lo}");
            assert!(close(h.unwrap(), hi), "{h:?} hi {hi}");
        }
        // SciPy: x1=10, n1=20, x0=0, n0=28 -> (3.138130, inf)
        let (l, h) = exact_interval(counts(0, 28), counts(10, 20)).unwrap();
        assert!(close(l, 3.138130) && h.is_none());
        assert_eq!(exact_interval(counts(0, 28), counts(0, 28)), None);
        assert_eq!(exact_interval(counts(5, 0), counts(3, 10)), None);
    }

    fn ratio(lo: f64, hi: f64) -> RateRatio {
        RateRatio {
            interval: LookInterval {
                estimate: Some((lo * hi).sqrt()),
                lo,
                hi,
                dispersion: 1.0,
                design_effect: [1.0, 1.0],
                weeks: 8,
                critical: 2.0,
            },
            look: 4,
            looks: 4,
            through: NaiveDate::from_ymd_opt(2026, 11, 8).unwrap(),
        }
    }

    #[test]
    fn the_interval_gives_the_verdict_and_the_reduction() {
        assert_eq!(ratio(0.2, 0.9).verdict(), Verdict::FewerCramps);
        assert_eq!(ratio(0.6, 1.2).verdict(), Verdict::NoClearChange);
        assert_eq!(ratio(1.1, 3.0).verdict(), Verdict::MoreCramps);
        let (est, lo, hi) = ratio(0.2, 0.8).reduction_pct();
        assert!(close(est.unwrap(), 60.0));
        assert!(close(lo, 20.0) && close(hi, 80.0));
        let mut unbounded = ratio(1.2, 2.0);
        unbounded.interval.estimate = None;
        unbounded.interval.hi = f64::INFINITY;
        assert_eq!(unbounded.verdict(), Verdict::MoreCramps);
        assert_eq!(unbounded.reduction_pct().1, f64::NEG_INFINITY);
    }
}
