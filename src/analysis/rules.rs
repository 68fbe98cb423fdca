//! The data rules that hold a verdict back (issues 10 and 21), each with one sentence saying
//! which rule and what is true or would fix it. The baseline's rules come first: the baseline
//! is over once the routine starts, so a failing one means no verdict can ever be reached.

use super::blocks::Block;
use super::phases::{PhaseStats, coverage_pct};
use super::rate::Verdict;
use crate::domain::dates::long_date;
use crate::domain::routine::Routine;
use chrono::{Duration, NaiveDate};

/// A baseline window shorter than this (calendar nights) gives no verdict.
pub const MIN_BASELINE_WINDOW: u16 = 28;
/// Each phase needs at least this share of its nights logged.
pub const MIN_COVERAGE: f64 = 0.75;
/// Fewer baseline cramps than this and even stopping completely could be chance.
pub const MIN_BASELINE_CRAMPS: u32 = 10;
/// A routine stopped early needs at least this many complete weeks for a verdict.
pub const MIN_WEEKS_IF_STOPPED: i64 = 4;

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
            coverage_pct(p.coverage),
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
pub(crate) fn rules(
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
