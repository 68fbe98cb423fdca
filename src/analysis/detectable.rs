//! What the planned comparison can see: the smallest fall it detects half the time, and how
//! often it would detect a true halving, from the baseline's own rate and spread.

use super::blocks::{Block, blocks_before};
use super::phases::NightSummary;
use crate::domain::routine::Routine;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// The smallest fall the planned comparison could detect, from the baseline's own rate and
/// spread (computed before the routine's numbers are known).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detectable {
    /// The baseline's cramps a week.
    pub rate_per_week: f64,
    /// The routine's planned weeks.
    pub weeks: u8,
    /// The chance that a true halving gives the verdict "fewer cramps", 0-1.
    pub halving_power: f64,
    /// The smallest fall (%) that gives "fewer cramps" half the time; `None` when even
    /// stopping completely would not.
    pub reduction_pct: Option<f64>,
}

impl Detectable {
    /// Normal approximation for the log ratio with the weekly method's variance: expected
    /// cramps `m0 = x0` and `m1 = R · rate · n1` (the routine's planned nights, logged as well
    /// as the baseline was), the baseline's moderated dispersion (at least 1), `t(0.975, W)`
    /// over the planned weeks. "Fewer" when `log R + t·se < 0`; it happens half the time where equality holds.
    pub fn compute(r: &Routine, baseline: &[Block]) -> Option<Self> {
        let used: Vec<&Block> = baseline.iter().filter(|b| b.usable > 0).collect();
        let x0: f64 = used.iter().map(|b| f64::from(b.cramps)).sum();
        let n0: f64 = used.iter().map(|b| f64::from(b.usable)).sum();
        let calendar: f64 = baseline
            .iter()
            .map(|b| f64::from(b.calendar_nights() - b.excluded))
            .sum();
        if x0 == 0.0 || n0 == 0.0 || used.len() < 2 {
            return None;
        }
        let wb = used.len() as f64;
        let chi: f64 = used
            .iter()
            .map(|b| {
                let mu = f64::from(b.usable) * x0 / n0;
                (f64::from(b.cramps) - mu).powi(2) / mu
            })
            .sum();
        // Never below Poisson: four weeks that happen to be even say little about the future.
        let phi = ((2.0 + chi) / (wb + 1.0)).max(1.0);
        let rate = x0 / n0;
        let n1 = r.planned_days() as f64 * (n0 / calendar).min(1.0);
        let weeks = wb + ((r.planned_days() + 6) / 7) as f64;
        let t = StudentsT::new(0.0, 1.0, weeks).ok()?.inverse_cdf(0.975);
        let se = |ratio: f64| (phi * (1.0 / x0 + 1.0 / (ratio * rate * n1))).sqrt();
        let margin = |ratio: f64| -ratio.ln() - t * se(ratio);
        let normal = Normal::standard();
        let halving_power = normal.cdf(margin(0.5) / se(0.5));
        // The largest ratio (smallest fall) on a 0.1% grid that is detected half the time.
        let reduction_pct = (1..1000)
            .rev()
            .map(|k| f64::from(k) / 1000.0)
            .find(|&ratio| margin(ratio) >= 0.0)
            .map(|ratio| (1.0 - ratio) * 100.0);
        Some(Self {
            rate_per_week: rate * 7.0,
            weeks: r.weeks,
            halving_power,
            reduction_pct,
        })
    }

    /// "With about 3 cramps a week, a 4-week comparison detects a halving only about 1 time
    /// in 5; it detects a fall of 62% half the time."
    pub fn sentence(&self) -> String {
        let p = self.halving_power;
        let odds = if p >= 0.95 {
            "almost every time".to_string()
        } else {
            let tenths = ((p * 10.0).round() as u32).clamp(1, 9);
            let words = match tenths {
                1 => "about 1 time in 10".to_string(),
                2 => "about 1 time in 5".to_string(),
                5 => "about 1 time in 2".to_string(),
                k => format!("about {k} times in 10"),
            };
            if p < 0.5 {
                format!("only {words}")
            } else {
                words
            }
        };
        let fall = match self.reduction_pct {
            Some(f) => format!("it detects a fall of {f:.0}% or more half the time"),
            None => "even stopping completely would usually not show".to_string(),
        };
        format!(
            "With about {:.0} cramps a week, a {}-week comparison detects a halving {odds}; {fall}.",
            self.rate_per_week, self.weeks
        )
    }
}

/// What the planned comparison can detect, said when a routine starts: `None` without a
/// baseline cramp. `nights` holds at least the baseline's nights.
pub fn design_sentence(r: &Routine, nights: &[NightSummary]) -> Option<String> {
    let blocks = blocks_before(nights, r.baseline_start(), r.start);
    Detectable::compute(r, &blocks).map(|d| d.sentence())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn night(d: NaiveDate, cramps: u32) -> NightSummary {
        NightSummary::counted(d, cramps)
    }

    #[test]
    fn the_power_for_a_halving_grows_with_the_rate() {
        let r = Routine::new(day("2026-11-02"), 4, 5, 28);
        let baseline = |per_night: i64| {
            let nights: Vec<NightSummary> = (1..=28)
                .map(|i| night(r.start - Duration::days(i), u32::from(i % 7 < per_night)))
                .collect();
            Detectable::compute(&r, &blocks_before(&nights, r.baseline_start(), r.start)).unwrap()
        };
        let (sparse, busy) = (baseline(3), baseline(7));
        assert!((sparse.rate_per_week - 3.0).abs() < 1e-9);
        assert!(sparse.halving_power < busy.halving_power);
        assert!(sparse.halving_power < 0.6, "{sparse:?}");
        let (s, b) = (sparse.reduction_pct.unwrap(), busy.reduction_pct.unwrap());
        assert!(s > b, "{s} {b}");
        // SciPy 1.17.1 (even weeks, so dispersion 1; x0 = 12, expected m1 = 6, W = 8):
        //   norm.cdf((log(2) - t.ppf(.975, 8) * sqrt(1/12 + 1/6)) / sqrt(1/12 + 1/6)) = 0.178862
        //   largest R on a 0.001 grid with -log(R) >= t.ppf(.975, 8)*sqrt(1/12 + 1/(12 R)): 0.186
        assert!((sparse.halving_power - 0.178862).abs() < 1e-4, "{sparse:?}");
        assert!((s - 81.4).abs() < 1e-9, "{s}");
        assert_eq!(
            sparse.sentence(),
            "With about 3 cramps a week, a 4-week comparison detects a halving only about 1 time in 5; it detects a fall of 81% or more half the time."
        );
    }
}
