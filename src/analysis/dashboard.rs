//! Everything the dashboard and `cramp report` show, computed from plain data in one place.

use super::adherence::RoutineProgress;
use super::phases::{NightSummary, PhaseStats};
use super::rate::{RateRatio, Verdict};
use super::verdict::{Assessment, Detectable, PLACEBO_REDUCTION_PCT};
use super::weekly::{
    PhaseKind, StripMark, TightnessPoint, WeekBin, night_strip, tightness_trend, week_bins,
};
use crate::domain::routine::Routine;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::BTreeMap;

pub use super::verdict::MIN_COVERAGE;
/// Without a routine the dashboard shows this many weeks.
pub const WEEKS_WITHOUT_ROUTINE: i64 = 8;
/// A completed routine kept to at least this share of sessions counts as a fair try.
pub const GOOD_ADHERENCE: f64 = 0.80;

pub const CONTEXT_LINE: &str = "For comparison: the often-quoted claim is 68% fewer cramps in four weeks; placebo groups in four-week cramp trials improve by about 28-36% (Cochrane magnesium review 2020; Roguin Maor 2017); the one positive non-drug trial, nightly stretching (Hallegraeff 2012), found about 35%.";

/// Facts from the diary that call for a professional, found by SQL in the dashboard's window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedFlagFacts {
    /// Nights with a cramp over 10 minutes, and the longest that night (seconds).
    pub long_cramps: Vec<(NaiveDate, u32)>,
    /// Days a session left numbness or tingling.
    pub numbness_or_tingling: Vec<NaiveDate>,
}

/// The diary data the dashboard needs, loaded once per write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardData {
    pub nights: Vec<NightSummary>,
    pub sessions_by_day: BTreeMap<NaiveDate, u32>,
    pub red_flags: RedFlagFacts,
    /// The `PRIOR_WEEKS` weeks before the baseline, for the regression-to-the-mean check.
    pub before_baseline: Vec<NightSummary>,
    /// Without a routine, weeks start on this day (the configured first day of the week);
    /// `None` ends the last week on the newest night.
    pub week_start: Option<Weekday>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub routine: Option<Routine>,
    /// The last night that is over (the newest night the numbers can include).
    pub due: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub baseline: Option<PhaseStats>,
    pub routine_phase: Option<PhaseStats>,
    /// Without a routine: the whole window.
    pub overall: PhaseStats,
    pub ratio: Option<RateRatio>,
    pub verdict: Verdict,
    /// Why there is no verdict yet (too early, or which data rule failed), in words.
    pub verdict_reason: Option<String>,
    /// The ratio is a running estimate (the routine is not complete).
    pub provisional: bool,
    pub detectable: Option<Detectable>,
    /// The baseline was clearly worse than the weeks before it (regression to the mean).
    pub baseline_warning: Option<String>,
    pub weeks: Vec<WeekBin>,
    pub tightness: Vec<TightnessPoint>,
    pub strip: Vec<(NaiveDate, StripMark)>,
    pub progress: Option<RoutineProgress>,
    pub red_flags: Vec<String>,
    pub see_professional: Option<String>,
}

/// The window of nights a dashboard reads: the routine's baseline to its end (or last night),
/// or the last eight weeks without a routine.
pub fn window(
    routine: Option<&Routine>,
    due: NaiveDate,
    week_start: Option<Weekday>,
) -> (NaiveDate, NaiveDate) {
    match routine {
        Some(r) => (r.baseline_start(), r.end().min(due).max(r.baseline_end())),
        None => {
            let from = due - Duration::days(WEEKS_WITHOUT_ROUTINE * 7 - 1);
            // Back to the first day of that week, so every bar is a calendar week.
            let back = week_start.map_or(0, |w| {
                (7 + from.weekday().num_days_from_monday() - w.num_days_from_monday()) % 7
            });
            (from - Duration::days(i64::from(back)), due)
        }
    }
}

impl Dashboard {
    pub fn compute(
        routine: Option<&Routine>,
        today: NaiveDate,
        due: NaiveDate,
        data: &DashboardData,
    ) -> Self {
        let (from, to) = window(routine, due, data.week_start);
        let overall = PhaseStats::compute(from, to, &data.nights);
        let strip = night_strip(&data.nights, from, to);
        let tightness = tightness_trend(&data.nights, from, to, &data.sessions_by_day);
        let red_flags = red_flags(&data.red_flags);
        let Some(r) = routine else {
            let weeks = week_bins(&data.nights, from, to, |_| PhaseKind::Other);
            return Self {
                routine: None,
                due,
                from,
                to,
                baseline: None,
                routine_phase: None,
                overall,
                ratio: None,
                verdict: Verdict::NotEnoughData,
                verdict_reason: Some(
                    "no routine yet: start one to compare before and during".into(),
                ),
                provisional: false,
                detectable: None,
                baseline_warning: None,
                weeks,
                tightness,
                strip,
                progress: None,
                red_flags,
                see_professional: None,
            };
        };
        let baseline = PhaseStats::compute(r.baseline_start(), r.baseline_end(), &data.nights);
        let routine_phase = PhaseStats::compute(r.start, r.end().min(due), &data.nights);
        let assessment = Assessment::compute(
            r,
            due,
            &baseline,
            &routine_phase,
            &data.nights,
            &data.before_baseline,
        );
        // Bins line up with the routine's weeks: baseline bins end the night before the start.
        let offset = (i64::from(r.baseline_nights) + 6) / 7 * 7;
        let weeks = week_bins(&data.nights, r.start - Duration::days(offset), to, |d| {
            if d < r.start {
                PhaseKind::Baseline
            } else if d <= r.end() {
                PhaseKind::Routine
            } else {
                PhaseKind::Other
            }
        })
        .into_iter()
        .filter(|b| b.to >= from)
        .collect();
        let baseline_logged = baseline.logged + baseline.excluded;
        let progress = RoutineProgress::compute(r, today, &data.sessions_by_day, baseline_logged);
        let see_professional =
            professional(r, today, &progress, &data.sessions_by_day, assessment.ratio);
        Self {
            routine: Some(r.clone()),
            due,
            from,
            to,
            baseline: Some(baseline),
            routine_phase: Some(routine_phase),
            overall,
            ratio: assessment.ratio,
            verdict: assessment.verdict,
            verdict_reason: assessment.reason.clone(),
            provisional: assessment.provisional,
            detectable: assessment.detectable,
            baseline_warning: assessment.baseline_warning.clone(),
            weeks,
            tightness,
            strip,
            progress: Some(progress),
            red_flags,
            see_professional,
        }
    }

    /// % reduction with its interval (estimate, lo, hi); the estimate is `None` when unbounded.
    pub fn reduction(&self) -> Option<(Option<f64>, f64, f64)> {
        self.ratio.map(|r| r.reduction_pct())
    }

    /// The verdict in words, with the placebo comparison for a clear, big fall.
    pub fn verdict_words(&self) -> String {
        match (self.verdict, self.ratio) {
            (Verdict::FewerCramps, Some(r)) if r.hi < super::verdict::BIG_FALL_RATIO => {
                format!("{}: {}", self.verdict.words(), super::verdict::BIG_FALL)
            }
            _ => self.verdict.words().to_string(),
        }
    }
}

fn red_flags(facts: &RedFlagFacts) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((night, longest)) = facts.long_cramps.last() {
        let more = facts.long_cramps.len() - 1;
        out.push(format!(
            "A cramp lasted {} min on the night of {night}{}: cramps over 10 minutes are a reason to see a GP or physiotherapist.",
            longest / 60,
            if more > 0 { format!(" (and on {more} other night(s))") } else { String::new() }
        ));
    }
    if let Some(day) = facts.numbness_or_tingling.last() {
        out.push(format!(
            "Numbness or tingling after a session on {day}: stop deep-tissue work and ask a GP or physiotherapist."
        ));
    }
    out
}

/// A routine kept to (a session on at least 80% of its target days) whose interval does not
/// rule out a fall smaller than the placebo band (the upper end at or above 1 - 28%),
/// whatever the verdict.
fn professional(
    r: &Routine,
    today: NaiveDate,
    progress: &RoutineProgress,
    sessions_by_day: &BTreeMap<NaiveDate, u32>,
    ratio: Option<RateRatio>,
) -> Option<String> {
    // Target days: the sessions planned in the weeks begun; several sessions on one day count
    // as one day.
    let (_, planned) = progress.adherence();
    let done = sessions_by_day
        .range(r.start..=r.end())
        .filter(|(_, n)| **n > 0)
        .count() as u32;
    let kept = planned > 0 && f64::from(done) / f64::from(planned) >= GOOD_ADHERENCE;
    let finished = today > r.end();
    let small_fall_possible =
        ratio.is_some_and(|q| q.hi >= 1.0 - f64::from(PLACEBO_REDUCTION_PCT[0]) / 100.0);
    (finished && kept && small_fall_possible).then(|| {
        format!(
            "You kept to the routine (sessions on {done} days, {planned} planned) and a fall smaller than placebo groups see is not ruled out: a licensed massage therapist or physical therapist can look at what else may help."
        )
    })
}
