//! The verdict and what the data can and cannot tell (issues 10 and 21): the weekly blocks, the
//! data rules, the daily line (a confidence sequence over the routine's whole weeks, whose last
//! look is the verdict), the comparison with the longer history when the baseline was unusually
//! bad, the smallest fall the design can detect, and "did it last?".
//!
//! Blocks are 7-night weeks aligned to the routine's start: backwards through the baseline,
//! forwards through the routine; the edge block of a phase may be shorter.

pub use super::blocks::{Block, MIN_WEEK_NIGHTS, blocks_before, blocks_from};
use super::boundary::routine_boundary;
use super::detectable::Detectable;
use super::lasting::{Lasting, did_it_last};
use super::phases::{NightSummary, PhaseStats};
use super::rate::{RateRatio, Verdict};
pub use super::rtm::{BaselineCheck, MIN_PRIOR_WEEKS, PRIOR_WEEKS};
use super::rules::rules;
pub use super::rules::{
    MIN_BASELINE_CRAMPS, MIN_BASELINE_WINDOW, MIN_COVERAGE, MIN_WEEKS_IF_STOPPED, verdict_reachable,
};
use super::sequence::look;
use super::weekly_ci::WeekCount;
use crate::domain::routine::Routine;
use crate::format::json;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Placebo groups in four-week cramp trials improve by this much (% fewer cramps).
pub const PLACEBO_REDUCTION_PCT: [u32; 2] = [28, 36];
/// "A bigger fall than people usually see without an effective treatment" needs the interval's
/// upper end below this ratio.
pub const BIG_FALL_RATIO: f64 = 0.70;

pub const NOT_PROOF: &str = "A change over time is not proof that the routine caused it.";
/// [`NOT_PROOF`] in one phone-width line, for the 40-column dashboard.
pub const NOT_PROOF_SHORT: &str = "Not proof the routine caused it.";
pub const CANT_TELL_ADVICE: &str = "\"Can't tell yet\" is not \"it doesn't work\": an 8-week baseline (it halves the regression-to-the-mean error) or a randomised on/off-week experiment would tell more.";
pub const BIG_FALL: &str = "a bigger fall than people usually see without an effective treatment";
/// What the daily line means, in one line for the screens.
pub const LINE_MEANING: &str = "The interval holds however often you look and whenever you stop: it wrongly leaves out \"no change\" at most 4 times in 100.";
/// [`PLACEBO_NOTE`] in one line under the dashboard's gauge.
pub const PLACEBO_NOTE_SHORT: &str =
    "░ = the average fall of placebo groups in trials, not a range for one person";
/// Under the placebo gauge, wherever it is drawn.
pub const PLACEBO_NOTE: &str = "The placebo band is the average fall of groups in placebo arms of trials (their regression to the mean after screening included), not a range for one person.";

fn counts(blocks: &[Block]) -> Vec<WeekCount> {
    blocks.iter().map(Block::count).collect()
}

/// What the routine is compared with: its baseline, or (after an unusually bad baseline) the
/// 8 weeks before it as well. Serialized, the report JSON's `reference`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    #[serde(serialize_with = "json::with_iso")]
    pub from: NaiveDate,
    /// Calendar nights (the plan's information, as if every night were logged).
    pub nights: u32,
    /// Written as their number, `weeks` (see [`Reference::weeks`]).
    #[serde(rename = "weeks", serialize_with = "with_count")]
    pub blocks: Vec<Block>,
    /// Cramps a week over its usable nights.
    #[serde(serialize_with = "json::with_round_opt")]
    pub rate_per_week: Option<f64>,
    /// It reaches back before the baseline.
    pub longer: bool,
}

impl Reference {
    fn new(from: NaiveDate, blocks: Vec<Block>, longer: bool) -> Self {
        let (cramps, usable) = blocks
            .iter()
            .fold((0u32, 0u32), |(c, u), b| (c + b.cramps, u + b.usable));
        let nights = blocks.iter().map(Block::calendar_nights).sum();
        Self {
            from,
            nights,
            rate_per_week: (usable > 0).then(|| f64::from(cramps) * 7.0 / f64::from(usable)),
            blocks,
            longer,
        }
    }

    pub fn weeks(&self) -> usize {
        self.blocks.len()
    }
}

fn with_count<S: serde::Serializer>(blocks: &[Block], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(blocks.len() as u64)
}

/// The ratio, verdict and everything said around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The daily line at its newest look (the routine's whole weeks so far); at the routine's
    /// end, the verdict's interval.
    pub ratio: Option<RateRatio>,
    pub verdict: Verdict,
    /// Which rule held the verdict back and what would fix it.
    pub reason: Option<String>,
    /// The ratio is the daily line of a routine that is not over.
    pub provisional: bool,
    /// The morning the first look comes (the routine's first whole week is over).
    pub first_look: NaiveDate,
    pub reference: Reference,
    pub detectable: Option<Detectable>,
    /// The regression-to-the-mean check; `None` when the weeks before are too thinly logged.
    pub baseline_check: Option<BaselineCheck>,
    /// The check's sentence when the baseline was unusually bad.
    pub baseline_warning: Option<String>,
    /// Once the follow-up has a whole week.
    pub lasting: Option<Lasting>,
}

/// Whole routine weeks that are over by `due` (up to the routine's end).
pub fn whole_weeks(r: &Routine, due: NaiveDate) -> u8 {
    let last = r.end().min(due);
    let days = (last - r.start).num_days() + 1;
    (days.max(0) / 7).min(i64::from(r.weeks)) as u8
}

impl Assessment {
    /// `nights` holds at least the baseline and routine nights (and the follow-up's);
    /// `before_baseline` the `PRIOR_WEEKS` weeks before the baseline (only those are read
    /// for the check).
    pub fn compute(
        r: &Routine,
        due: NaiveDate,
        baseline: &PhaseStats,
        routine: &PhaseStats,
        nights: &[NightSummary],
        before_baseline: &[NightSummary],
    ) -> Self {
        let base_blocks = blocks_before(nights, r.baseline_start(), r.start);
        let baseline_check = super::rtm::check(r, nights, before_baseline);
        let reference = if baseline_check.is_some_and(|c| c.unusually_bad) {
            let from = r.baseline_start() - Duration::days(PRIOR_WEEKS * 7);
            let mut blocks = blocks_before(before_baseline, from, r.baseline_start());
            blocks.extend(base_blocks.iter().copied());
            Reference::new(from, blocks, true)
        } else {
            Reference::new(r.baseline_start(), base_blocks.clone(), false)
        };
        let weeks = whole_weeks(r, due);
        let routine_blocks = if weeks == 0 {
            Vec::new()
        } else {
            blocks_from(
                nights,
                r.start,
                r.start + Duration::days(7 * i64::from(weeks) - 1),
            )
        };
        // The line is shown only while a verdict can still be reached: a baseline that
        // already rules one out (too short, too thin, too few cramps) supports no claim.
        let reachable = verdict_reachable(r, baseline, &base_blocks);
        let ratio = (weeks > 0 && reachable)
            .then(|| {
                let z = routine_boundary(reference.nights, r.weeks)[usize::from(weeks) - 1];
                look(&counts(&reference.blocks), &counts(&routine_blocks), z)
            })
            .flatten()
            .map(|l| {
                RateRatio::from_look(
                    l,
                    weeks,
                    r.weeks,
                    routine_blocks[routine_blocks.len() - 1].to,
                )
            });
        let (verdict, reason) = rules(r, due, baseline, routine, &base_blocks, &routine_blocks)
            .map(|(v, why)| (v, Some(why)))
            .unwrap_or_else(|| match ratio {
                Some(ratio) => (ratio.verdict(), None),
                None => (
                    Verdict::NotEnoughData,
                    Some("no cramps in either phase, so there is no rate to compare".into()),
                ),
            });
        let detectable = reachable
            .then(|| Detectable::compute(r, &reference.blocks))
            .flatten();
        let baseline_warning = baseline_check.and_then(|c| {
            c.sentence(
                reference.weeks(),
                reference.rate_per_week.unwrap_or_default(),
            )
        });
        let lasting = (due > r.end())
            .then(|| {
                let after = r.end() + Duration::days(1);
                let follow: Vec<Block> = blocks_from(nights, after, due)
                    .into_iter()
                    .filter(|b| b.calendar_nights() == 7)
                    .collect();
                did_it_last(
                    &counts(&reference.blocks),
                    reference.nights,
                    &counts(&routine_blocks),
                    &counts(&follow),
                )
            })
            .flatten();
        Self {
            ratio,
            verdict,
            reason,
            provisional: due < r.end() && ratio.is_some(),
            first_look: r.start + Duration::days(6),
            reference,
            detectable,
            baseline_check,
            baseline_warning,
            lasting,
        }
    }
}
