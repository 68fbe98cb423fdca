//! The verdict and what the data can and cannot tell (issue 10): the data rules over the
//! weekly blocks, the smallest fall the design can detect, and the regression-to-the-mean
//! check.

use super::blocks::{Block, blocks_before, blocks_from};
use super::detectable::Detectable;
use super::phases::{NightSummary, PhaseStats};
use super::rate::{RateRatio, Verdict};
use super::weekly_ci::{WeekCount, weekly_rate_ratio};
use crate::domain::dates::long_date;
use crate::domain::routine::Routine;
use chrono::{Duration, NaiveDate};

/// Placebo groups in four-week cramp trials improve by this much (% fewer cramps).
pub const PLACEBO_REDUCTION_PCT: [u32; 2] = [28, 36];
/// "A bigger fall than people usually see without an effective treatment" needs the interval's
/// upper end below this ratio.
pub const BIG_FALL_RATIO: f64 = 0.70;
/// A baseline window shorter than this (calendar nights) gives no verdict.
pub const MIN_BASELINE_WINDOW: u16 = 28;
/// Each phase needs at least this share of its nights logged.
pub const MIN_COVERAGE: f64 = 0.75;
pub use super::blocks::MIN_WEEK_NIGHTS;
/// Fewer baseline cramps than this and even stopping completely could be chance.
pub const MIN_BASELINE_CRAMPS: u32 = 10;
/// A routine stopped early needs at least this many complete weeks for a verdict.
pub const MIN_WEEKS_IF_STOPPED: i64 = 4;
/// Weeks before the baseline read for the regression-to-the-mean check.
pub const PRIOR_WEEKS: i64 = 8;
/// ... of which at least this many must be logged (each with `MIN_WEEK_NIGHTS` nights).
pub const MIN_PRIOR_WEEKS: usize = 4;

pub const NOT_PROOF: &str = "A change over time is not proof that the routine caused it.";
/// [`NOT_PROOF`] in one phone-width line, for the 40-column dashboard.
pub const NOT_PROOF_SHORT: &str = "Not proof the routine caused it.";
pub const CANT_TELL_ADVICE: &str = "\"Can't tell yet\" is not \"it doesn't work\": an 8-week baseline (it halves the regression-to-the-mean error) or a randomised on/off-week experiment would tell more.";
pub const BIG_FALL: &str = "a bigger fall than people usually see without an effective treatment";
pub const RTM_WARNING: &str =
    "You started after a worse-than-usual spell: part of any fall is expected anyway.";

fn counts(blocks: &[Block]) -> Vec<WeekCount> {
    blocks.iter().map(Block::count).collect()
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
            // A running routine's ratio is provisional whatever held the verdict back.
            provisional: due < r.end() && ratio.is_some(),
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
            "only {} of baseline nights are logged ({:.0}% needed): log the nights you remember",
            super::phases::coverage_pct(baseline.coverage),
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
            "only {} of routine nights are logged ({:.0}% needed): log the nights you remember",
            super::phases::coverage_pct(routine.coverage),
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
        NightSummary::counted(d, cramps)
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
}
