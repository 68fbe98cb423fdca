//! The verdict and what the data can and cannot tell (issues 10 and 21): the weekly blocks, the
//! data rules, the daily line (a confidence sequence over the routine's whole weeks, whose last
//! look is the verdict), the comparison with the longer history when the baseline was unusually
//! bad, the smallest fall the design can detect, and "did it last?".
//!
//! Blocks are 7-night weeks aligned to the routine's start: backwards through the baseline,
//! forwards through the routine; the edge block of a phase may be shorter.

use super::boundary::routine_boundary;
pub use super::detectable::{Detectable, design_sentence};
use super::lasting::{Lasting, did_it_last};
use super::phases::{NightSummary, PhaseStats};
use super::rate::{RateRatio, Verdict};
pub use super::rtm::{BaselineCheck, MIN_PRIOR_WEEKS, PRIOR_WEEKS};
use super::sequence::look;
use super::weekly_ci::WeekCount;
use crate::domain::NightStatus;
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
/// Every week needs this many usable nights (or all its nights, if it is shorter).
pub const MIN_WEEK_NIGHTS: u32 = 4;
/// Fewer baseline cramps than this and even stopping completely could be chance.
pub const MIN_BASELINE_CRAMPS: u32 = 10;
/// A routine stopped early needs at least this many complete weeks for a verdict.
pub const MIN_WEEKS_IF_STOPPED: i64 = 4;

pub const NOT_PROOF: &str = "A change over time is not proof that the routine caused it.";
/// [`NOT_PROOF`] in one phone-width line, for the 40-column dashboard.
pub const NOT_PROOF_SHORT: &str = "Not proof the routine caused it.";
pub const CANT_TELL_ADVICE: &str = "\"Can't tell yet\" is not \"it doesn't work\": an 8-week baseline (it halves the regression-to-the-mean error) or a randomised on/off-week experiment would tell more.";
pub const BIG_FALL: &str = "a bigger fall than people usually see without an effective treatment";
/// What the daily line means, in one line for the screens.
pub const LINE_MEANING: &str = "The interval holds however often you look and whenever you stop: it wrongly leaves out \"no change\" at most 4 times in 100.";
/// [`LINE_MEANING`] for the 40-column dashboard.
pub const LINE_MEANING_SHORT: &str = "Valid whenever you look.";
/// [`PLACEBO_NOTE`] in one line under the dashboard's gauge.
pub const PLACEBO_NOTE_SHORT: &str =
    "░ = the average fall of placebo groups in trials, not a range for one person";
/// Under the placebo gauge, wherever it is drawn.
pub const PLACEBO_NOTE: &str = "The placebo band is the average fall of groups in placebo arms of trials (their regression to the mean after screening included), not a range for one person.";

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

    /// At least 4 usable nights, or all of them if the block is shorter (excluded nights
    /// are not usable, as everywhere else).
    pub fn well_logged(&self) -> bool {
        self.usable >= self.needed()
    }

    /// Usable nights the block needs.
    pub fn needed(&self) -> u32 {
        MIN_WEEK_NIGHTS.min(self.calendar_nights())
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

/// What the routine is compared with: its baseline, or (after an unusually bad baseline) the
/// 8 weeks before it as well.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub from: NaiveDate,
    /// Calendar nights (the plan's information, as if every night were logged).
    pub nights: u32,
    pub blocks: Vec<Block>,
    /// Cramps a week over its usable nights.
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

/// No baseline rule fails, so a verdict can still be reached (the baseline is over once the
/// routine starts).
pub fn verdict_reachable(r: &Routine, baseline: &PhaseStats, base_blocks: &[Block]) -> bool {
    baseline_rule(r, baseline, base_blocks).is_none()
}

/// The first baseline rule that fails, as its reason: the baseline is over once the routine
/// starts, so a failing one means no verdict can ever be reached.
fn baseline_rule(r: &Routine, baseline: &PhaseStats, base_blocks: &[Block]) -> Option<String> {
    if r.baseline_nights < MIN_BASELINE_WINDOW {
        return Some(format!(
            "baseline shorter than 4 weeks: {} nights; a fair comparison needs at least {MIN_BASELINE_WINDOW} nights before the routine, and 8 weeks is better",
            r.baseline_nights
        ));
    }
    if let Some(why) = phase_coverage(baseline, "baseline") {
        return Some(why);
    }
    if let Some(b) = base_blocks.iter().find(|b| !b.well_logged()) {
        return Some(week_words(*b, "baseline"));
    }
    if baseline.cramps < MIN_BASELINE_CRAMPS {
        return Some(format!(
            "your baseline had {} cramp{}; with so few, even stopping completely could be chance ({MIN_BASELINE_CRAMPS} needed: a longer baseline would gather them)",
            baseline.cramps,
            if baseline.cramps == 1 { "" } else { "s" }
        ));
    }
    None
}

/// Coverage below 75%, said as what is true: every night excluded, or nights not logged.
fn phase_coverage(p: &PhaseStats, phase: &str) -> Option<String> {
    if p.nights > 0 && p.open_nights() == 0 {
        return Some(format!(
            "every {phase} night so far is excluded, so there is nothing to compare"
        ));
    }
    (p.coverage < MIN_COVERAGE).then(|| {
        format!(
            "only {} of {phase} nights are logged ({:.0}% needed): log the nights you remember",
            super::dashboard::coverage_pct(p.coverage),
            MIN_COVERAGE * 100.0
        )
    })
}

/// A week with too few usable nights, and what (if anything) would fix it.
fn week_words(b: Block, phase: &str) -> String {
    let unlogged = b.calendar_nights() - b.logged();
    let fix = if b.usable + unlogged >= b.needed() {
        ": log the nights you remember"
    } else if b.excluded > 0 {
        ": excluded nights cannot count"
    } else {
        ""
    };
    let excluded = if b.excluded > 0 {
        format!(" and {} excluded", b.excluded)
    } else {
        String::new()
    };
    format!(
        "the {phase} week from {} had only {} usable night{}{excluded} ({} needed in every week){fix}",
        b.from.format("%a %-d %b"),
        b.usable,
        if b.usable == 1 { "" } else { "s" },
        b.needed()
    )
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
    if let Some(why) = baseline_rule(r, baseline, base_blocks) {
        return not_enough(why);
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
    if let Some(why) = phase_coverage(routine, "routine") {
        return not_enough(why);
    }
    if let Some(b) = routine_blocks.iter().find(|b| !b.well_logged()) {
        return not_enough(week_words(*b, "routine"));
    }
    None
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
