//! The verdict and what the data can and cannot tell (issue 10): the weekly blocks, the data
//! rules, the smallest fall the design can detect, and the regression-to-the-mean check.
//!
//! Blocks are 7-night weeks aligned to the routine's start: backwards through the baseline,
//! forwards through the routine; the edge block of a phase may be shorter.

use super::phases::{NightSummary, PhaseStats};
use super::rate::{RateRatio, Verdict};
use super::weekly_ci::{WeekCount, weekly_rate_ratio};
use crate::domain::NightStatus;
use crate::domain::dates::long_date;
use crate::domain::routine::Routine;
use chrono::{Duration, NaiveDate};
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// Placebo groups in four-week cramp trials improve by this much (% fewer cramps).
pub const PLACEBO_REDUCTION_PCT: [u32; 2] = [28, 36];
/// "A bigger fall than people usually see without an effective treatment" needs the interval's
/// upper end below this ratio.
pub const BIG_FALL_RATIO: f64 = 0.70;
/// A baseline window shorter than this (calendar nights) gives no verdict.
pub const MIN_BASELINE_WINDOW: u16 = 28;
/// Each phase needs at least this share of its nights logged.
pub const MIN_COVERAGE: f64 = 0.75;
/// Every week needs this many nights logged (or all its nights, if it is shorter).
pub const MIN_WEEK_NIGHTS: u32 = 4;
/// Fewer baseline cramps than this and even stopping completely could be chance.
pub const MIN_BASELINE_CRAMPS: u32 = 10;
/// A routine stopped early needs at least this many complete weeks for a verdict.
pub const MIN_WEEKS_IF_STOPPED: i64 = 4;
/// Weeks before the baseline read for the regression-to-the-mean check.
pub const PRIOR_WEEKS: i64 = 8;
/// ... of which at least this many must be logged (each with `MIN_WEEK_NIGHTS` nights).
pub const MIN_PRIOR_WEEKS: usize = 4;

pub const NOT_PROOF: &str = "A change over time is not proof that the routine caused it.";
pub const CANT_TELL_ADVICE: &str = "\"Can't tell yet\" is not \"it doesn't work\": an 8-week baseline (it halves the regression-to-the-mean error) or a randomised on/off-week experiment would tell more.";
pub const BIG_FALL: &str = "a bigger fall than people usually see without an effective treatment";
pub const RTM_WARNING: &str =
    "You started after a worse-than-usual spell: part of any fall is expected anyway.";

/// One 7-night block of a phase (the edge block may be shorter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Logged and not excluded.
    pub usable: u32,
    pub excluded: u32,
    pub cramps: u32,
}

impl Block {
    fn compute(nights: &[NightSummary], from: NaiveDate, to: NaiveDate) -> Self {
        let mut b = Block {
            from,
            to,
            usable: 0,
            excluded: 0,
            cramps: 0,
        };
        for n in nights
            .iter()
            .filter(|n| n.night_of >= from && n.night_of <= to)
        {
            if n.status == NightStatus::Excluded {
                b.excluded += 1;
            } else {
                b.usable += 1;
                b.cramps += n.cramps;
            }
        }
        b
    }

    pub fn calendar_nights(&self) -> u32 {
        ((self.to - self.from).num_days() + 1) as u32
    }

    /// Nights with an entry (usable or excluded).
    pub fn logged(&self) -> u32 {
        self.usable + self.excluded
    }

    /// Logged on at least 4 nights, or on all of them if the block is shorter.
    pub fn well_logged(&self) -> bool {
        self.logged() >= MIN_WEEK_NIGHTS.min(self.calendar_nights())
    }

    pub fn count(&self) -> WeekCount {
        WeekCount {
            cramps: self.cramps,
            nights: self.usable,
        }
    }
}

/// Blocks ending the night before `anchor`, going back to `from`; oldest first.
pub fn blocks_before(nights: &[NightSummary], from: NaiveDate, anchor: NaiveDate) -> Vec<Block> {
    let mut out = Vec::new();
    let mut to = anchor - Duration::days(1);
    while to >= from {
        let start = (to - Duration::days(6)).max(from);
        out.push(Block::compute(nights, start, to));
        to = start - Duration::days(1);
    }
    out.reverse();
    out
}

/// Blocks from `start` forwards to `to`.
pub fn blocks_from(nights: &[NightSummary], start: NaiveDate, to: NaiveDate) -> Vec<Block> {
    let mut out = Vec::new();
    let mut from = start;
    while from <= to {
        let end = (from + Duration::days(6)).min(to);
        out.push(Block::compute(nights, from, end));
        from = end + Duration::days(1);
    }
    out
}

fn counts(blocks: &[Block]) -> Vec<WeekCount> {
    blocks.iter().map(Block::count).collect()
}

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

/// The ratio, verdict and everything said around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub ratio: Option<RateRatio>,
    pub verdict: Verdict,
    /// Which rule held the verdict back and what would fix it.
    pub reason: Option<String>,
    /// The ratio is a running estimate: the routine is not complete.
    pub provisional: bool,
    pub detectable: Option<Detectable>,
    /// Set when the baseline was clearly worse than the weeks before it.
    pub baseline_warning: Option<String>,
}

impl Assessment {
    /// `nights` holds at least the baseline and routine nights; `before_baseline` the
    /// `PRIOR_WEEKS` weeks before the baseline (only those are read for the check).
    pub fn compute(
        r: &Routine,
        due: NaiveDate,
        baseline: &PhaseStats,
        routine: &PhaseStats,
        nights: &[NightSummary],
        before_baseline: &[NightSummary],
    ) -> Self {
        let base_blocks = blocks_before(nights, r.baseline_start(), r.start);
        let last = r.end().min(due);
        let routine_blocks = blocks_from(nights, r.start, last);
        let ratio = RateRatio::weekly(&counts(&base_blocks), &counts(&routine_blocks));
        let (verdict, reason) = rules(r, due, baseline, routine, &base_blocks, &routine_blocks)
            .map(|(v, why)| (v, Some(why)))
            .unwrap_or_else(|| match ratio {
                Some(ratio) => (ratio.verdict(), None),
                None => (
                    Verdict::NotEnoughData,
                    Some("no cramps in either phase, so there is no rate to compare".into()),
                ),
            });
        Self {
            ratio,
            verdict,
            reason,
            provisional: verdict == Verdict::TooEarly && ratio.is_some(),
            detectable: Detectable::compute(r, &base_blocks),
            baseline_warning: regression_warning(r, &base_blocks, before_baseline),
        }
    }
}

/// The first data rule that fails, as (verdict, reason); `None` when the data is enough.
fn rules(
    r: &Routine,
    due: NaiveDate,
    baseline: &PhaseStats,
    routine: &PhaseStats,
    base_blocks: &[Block],
    routine_blocks: &[Block],
) -> Option<(Verdict, String)> {
    let verdict_on = long_date(r.end() + Duration::days(1));
    let thin = |blocks: &[Block]| blocks.iter().find(|b| !b.well_logged()).copied();
    let week_words = |b: Block, phase: &str| {
        format!(
            "the {phase} week from {} had only {} of its nights logged ({} needed in every week): log the nights you remember",
            b.from.format("%a %-d %b"),
            b.logged(),
            MIN_WEEK_NIGHTS.min(b.calendar_nights())
        )
    };
    let not_enough = |why: String| Some((Verdict::NotEnoughData, why));
    if due < r.start {
        return Some((
            Verdict::TooEarly,
            format!(
                "the routine starts on {}; verdict on {verdict_on}",
                long_date(r.start)
            ),
        ));
    }
    if r.baseline_nights < MIN_BASELINE_WINDOW {
        return not_enough(format!(
            "baseline shorter than 4 weeks: {} nights; a fair comparison needs at least {MIN_BASELINE_WINDOW} nights before the routine, and 8 weeks is better",
            r.baseline_nights
        ));
    }
    if baseline.coverage < MIN_COVERAGE {
        return not_enough(format!(
            "only {:.0}% of baseline nights are logged ({:.0}% needed): log the nights you remember",
            baseline.coverage * 100.0,
            MIN_COVERAGE * 100.0
        ));
    }
    if let Some(b) = thin(base_blocks) {
        return not_enough(week_words(b, "baseline"));
    }
    if baseline.cramps < MIN_BASELINE_CRAMPS {
        return not_enough(format!(
            "your baseline had {} cramp{}; with so few, even stopping completely could be chance ({MIN_BASELINE_CRAMPS} needed: a longer baseline would gather them)",
            baseline.cramps,
            if baseline.cramps == 1 { "" } else { "s" }
        ));
    }
    let stopped_early = r.end() < r.planned_end();
    let complete_weeks = ((r.end() - r.start).num_days() + 1) / 7;
    if stopped_early && complete_weeks < MIN_WEEKS_IF_STOPPED {
        return not_enough(format!(
            "the routine stopped after {complete_weeks} complete week{}; a verdict needs at least {MIN_WEEKS_IF_STOPPED}",
            if complete_weeks == 1 { "" } else { "s" }
        ));
    }
    if due < r.end() {
        return Some((
            Verdict::TooEarly,
            format!("the routine is not over; verdict on {verdict_on}"),
        ));
    }
    if routine.coverage < MIN_COVERAGE {
        return not_enough(format!(
            "only {:.0}% of routine nights are logged ({:.0}% needed): log the nights you remember",
            routine.coverage * 100.0,
            MIN_COVERAGE * 100.0
        ));
    }
    if let Some(b) = thin(routine_blocks) {
        return not_enough(week_words(b, "routine"));
    }
    None
}

/// Baseline against the logged weeks just before it, by the same weekly method.
fn regression_warning(
    r: &Routine,
    base_blocks: &[Block],
    before_baseline: &[NightSummary],
) -> Option<String> {
    let start = r.baseline_start();
    let prior: Vec<WeekCount> = blocks_before(
        before_baseline,
        start - Duration::days(PRIOR_WEEKS * 7),
        start,
    )
    .into_iter()
    .filter(|b| b.calendar_nights() == 7 && b.well_logged() && b.usable > 0)
    .map(|b| b.count())
    .collect();
    if prior.len() < MIN_PRIOR_WEEKS {
        return None;
    }
    let worse = weekly_rate_ratio(&prior, &counts(base_blocks))?;
    (worse.lo > 1.0).then(|| RTM_WARNING.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn night(d: NaiveDate, cramps: u32) -> NightSummary {
        NightSummary {
            night_of: d,
            status: if cramps > 0 {
                NightStatus::Cramps
            } else {
                NightStatus::None
            },
            cramps,
            worst_intensity: None,
            longest_s: None,
            sleep_disturbance: None,
            tight_left: None,
            tight_right: None,
        }
    }

    #[test]
    fn blocks_align_to_the_routine_start_with_short_edges() {
        let start = day("2026-11-02");
        let nights: Vec<NightSummary> = (1..=40)
            .map(|i| night(start - Duration::days(i), 1))
            .collect();
        let b = blocks_before(&nights, start - Duration::days(31), start);
        assert_eq!(b.len(), 5);
        assert_eq!((b[0].from, b[0].to), (day("2026-10-02"), day("2026-10-04")));
        assert_eq!(b[0].calendar_nights(), 3);
        assert_eq!((b[4].from, b[4].to), (day("2026-10-26"), day("2026-11-01")));
        assert!(b.iter().all(|b| b.cramps == b.calendar_nights()));
        let f = blocks_from(&[], start, start + Duration::days(9));
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].calendar_nights(), 3);
        assert!(!f[1].well_logged());
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
