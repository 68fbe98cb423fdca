//! What the planned comparison can see: the smallest fall it detects half the time, and how
//! often it would detect a true halving, from the reference's own rate and spread and the
//! daily line's final critical value.

use super::blocks::{Block, blocks_before};
use super::boundary::{routine_boundary, t_critical};
use super::phases::{NightSummary, PhaseStats};
use super::rules::verdict_reachable;
use super::sequence::design_effect;
use crate::domain::routine::Routine;
use statrs::distribution::{ContinuousCDF, Normal};

/// The smallest fall the planned comparison could detect, from the baseline's own rate and
/// spread (computed before the routine's numbers are known).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detectable {
    /// The reference's cramps a week (the baseline's, or the longer history's).
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
    /// The daily line's score statistic at "no change", at its last look and at the expected
    /// counts: reference cramps `x0` on `n0` usable nights, routine cramps `m1 = R · rate · n1`
    /// on its planned nights `n1` (logged as well as the reference was), the reference's
    /// moderated dispersion `phi` and the bad-spell design effects at that `phi`:
    /// `z(R) = (p0 − p̂) / sqrt(phi · p0(1−p0) · ((1−p0)·D1 + p0·D0) / (x0 + m1))` with
    /// `p0 = n1/(n0 + n1)` and `p̂ = m1/(x0 + m1)`. "Fewer" when `z(R)` passes the final look's
    /// critical value `q`: half the time where they are equal, and a halving is found with
    /// chance `Φ(z(0.5) − q)`.
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
        // Moderated towards 1 with 2 pseudo-weeks, as the line moderates it (so the stated
        // power matches the simulated one; see the calibration test).
        let phi = (2.0 + chi) / (wb + 1.0);
        let rate = x0 / n0;
        let n1 = r.planned_days() as f64 * (n0 / calendar).min(1.0);
        let looks = usize::from(r.weeks);
        let z = *routine_boundary(calendar_nights(baseline), r.weeks).last()?;
        let t = t_critical(z, (used.len() + looks) as f64 - 2.0);
        let (d0, d1) = (design_effect(used.len(), phi), design_effect(looks, phi));
        let p0 = n1 / (n0 + n1);
        let score = |ratio: f64| {
            let m1 = ratio * rate * n1;
            let total = x0 + m1;
            let var = phi * p0 * (1.0 - p0) * ((1.0 - p0) * d1 + p0 * d0) / total;
            (p0 - m1 / total) / var.sqrt()
        };
        let margin = |ratio: f64| score(ratio) - t;
        let normal = Normal::standard();
        let halving_power = normal.cdf(margin(0.5));
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

fn calendar_nights(blocks: &[Block]) -> u32 {
    blocks.iter().map(Block::calendar_nights).sum()
}

/// What the planned comparison can detect, said when a routine starts: `None` when the
/// baseline already rules out a verdict (too short, too thinly logged, too few cramps).
/// `nights` holds at least the baseline's nights.
pub fn design_sentence(r: &Routine, nights: &[NightSummary]) -> Option<String> {
    let blocks = blocks_before(nights, r.baseline_start(), r.start);
    let baseline = PhaseStats::compute(r.baseline_start(), r.baseline_end(), nights);
    verdict_reachable(r, &baseline, &blocks)
        .then(|| Detectable::compute(r, &blocks))
        .flatten()
        .map(|d| d.sentence())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;
    use chrono::{Duration, NaiveDate};

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
        // tools/sequence_reference.py (SciPy 1.17.1): even weeks, dispersion (2 + 0)/5 = 0.4,
        // x0 = 12, expected m1 = 6, q = t.ppf(norm.cdf(C), 6) with C the O'Brien-Fleming
        // value for 4 looks against 28 nights: power 0.296755, smallest fall 59.9%.
        assert!((sparse.halving_power - 0.296755).abs() < 1e-3, "{sparse:?}");
        assert!((s - 59.9).abs() < 0.11, "{s}");
        assert!((busy.halving_power - 0.740804).abs() < 1e-3, "{busy:?}");
        assert_eq!(
            sparse.sentence(),
            "With about 3 cramps a week, a 4-week comparison detects a halving only about 3 times in 10; it detects a fall of 60% or more half the time."
        );
    }

    #[test]
    fn weeks_in_spells_make_a_short_comparison_nearly_blind() {
        // Weeks of 0, 9, 1 and 6 cramps: dispersion 3.1, and the spells' design effect.
        // SciPy: halving power 0.014867, no fall detected half the time.
        let r = Routine::new(day("2026-11-02"), 4, 5, 28);
        let weekly = [6u32, 1, 9, 0]; // newest week first, as the nights below run backwards
        let nights: Vec<NightSummary> = (1..=28)
            .map(|i| {
                let w = weekly[((i - 1) / 7) as usize];
                night(
                    r.start - Duration::days(i),
                    u32::from(((i - 1) % 7) < i64::from(w.min(7)))
                        + u32::from(w > 7 && (i - 1) % 7 < i64::from(w - 7)),
                )
            })
            .collect();
        let x =
            Detectable::compute(&r, &blocks_before(&nights, r.baseline_start(), r.start)).unwrap();
        assert!((x.halving_power - 0.014867).abs() < 1e-3, "{x:?}");
        assert_eq!(x.reduction_pct, None);
        assert!(
            x.sentence()
                .ends_with("even stopping completely would usually not show."),
            "{}",
            x.sentence()
        );
    }

    #[test]
    fn the_design_sentence_is_said_only_where_a_verdict_can_be_reached() {
        let r = Routine::new(day("2026-11-02"), 4, 5, 28);
        let nights = |cramps: fn(i64) -> u32| -> Vec<NightSummary> {
            (1..=28)
                .map(|i| night(r.start - Duration::days(i), cramps(i)))
                .collect()
        };
        // 12 cramps: a verdict is reachable, the sentence is said.
        assert!(design_sentence(&r, &nights(|i| u32::from(i % 7 < 3))).is_some());
        // 8 cramps (fewer than 10): no verdict can be, so no sentence.
        assert_eq!(design_sentence(&r, &nights(|i| u32::from(i % 7 < 2))), None);
        // A 21-night baseline: none either.
        let short = Routine::new(day("2026-11-02"), 4, 5, 21);
        let all: Vec<NightSummary> = (1..=21)
            .map(|i| night(short.start - Duration::days(i), 2))
            .collect();
        assert_eq!(design_sentence(&short, &all), None);
    }
}
