//! Everything the dashboard and `cramp report` show, computed from plain data in one place.

use super::adherence::{DaySessions, RoutineProgress};
use super::detectable::Detectable;
use super::lasting::Lasting;
use super::phases::{NightSummary, PhaseStats};
use super::rate::{RateRatio, Verdict};
use super::season::Season;
use super::verdict::{Assessment, BaselineCheck, PLACEBO_REDUCTION_PCT, Reference};
use super::weekly::{
    PhaseKind, StripMark, TightnessPoint, WeekBin, night_strip, tightness_trend, week_bins,
};
pub use crate::domain::dates::Calendar;
use crate::domain::dates::long_date;
use crate::domain::routine::Routine;
use crate::domain::season::Hemisphere;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::BTreeMap;

pub use super::verdict::MIN_COVERAGE;
/// Without a routine the dashboard shows this many weeks.
pub const WEEKS_WITHOUT_ROUTINE: i64 = 8;
/// A completed routine with a session on at least this share of target days counts as a fair try.
pub const GOOD_ADHERENCE: f64 = 0.80;

pub const CONTEXT_LINE: &str = "For comparison: the often-quoted claim is 68% fewer cramps in four weeks; placebo groups in four-week cramp trials improve by about 28-36% (Cochrane magnesium review 2020; Roguin Maor 2017); the one positive non-drug trial, nightly stretching (Hallegraeff 2012), found about 35%.";

/// Red flags come from at least this many of the newest nights, whatever the routine window.
pub const RED_FLAG_NIGHTS: i64 = 28;

/// Facts from the diary that call for a professional, found by SQL in the dashboard's window
/// and the last 28 nights.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedFlagFacts {
    /// Nights with a cramp over 10 minutes, and the longest that night (seconds).
    pub long_cramps: Vec<(NaiveDate, u32)>,
    /// Days a session left numbness or tingling.
    pub numbness_or_tingling: Vec<NaiveDate>,
    /// Mornings (by night) with numbness or swelling in a leg.
    pub numb_or_swollen: Vec<NaiveDate>,
}

/// The diary data the dashboard needs, loaded once per write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardData {
    pub nights: Vec<NightSummary>,
    /// Deep-tissue and other sessions per day.
    pub sessions_by_day: BTreeMap<NaiveDate, DaySessions>,
    pub red_flags: RedFlagFacts,
    /// The `PRIOR_WEEKS` weeks before the baseline, for the regression-to-the-mean check.
    pub before_baseline: Vec<NightSummary>,
    /// Without a routine, weeks start on this day (the configured first day of the week);
    /// `None` ends the last week on the newest night.
    pub week_start: Option<Weekday>,
    /// From the configuration: which turn of the year is spring.
    pub hemisphere: Hemisphere,
    /// The nights a year before the baseline and routine, for the same dates a year earlier.
    pub year_before: Vec<NightSummary>,
    /// The last night of the follow-up when a later routine starts after it (the night
    /// before that routine's start); `None` runs the follow-up to last night.
    pub follow_up_until: Option<NaiveDate>,
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
    /// The nights after a routine that has ended, up to last night (or the night before a
    /// later routine starts).
    pub follow_up: Option<PhaseStats>,
    /// Without a routine: the whole window.
    pub overall: PhaseStats,
    /// The routine's ratio, verdict and everything said around it; `None` without a routine
    /// ([`Dashboard::verdict`] and [`Dashboard::verdict_reason`] then say why).
    pub assessment: Option<Assessment>,
    /// Each phase's months, the season caveat, the same dates a year earlier.
    pub season: Option<Season>,
    pub weeks: Vec<WeekBin>,
    pub tightness: Vec<TightnessPoint>,
    pub strip: Vec<(NaiveDate, StripMark)>,
    pub progress: Option<RoutineProgress>,
    pub red_flags: Vec<String>,
    /// The newest red flag in a few words, for the top of every screen size and the check-in.
    pub newest_red_flag: Option<RedFlag>,
    pub see_professional: Option<String>,
    /// The diary's first night, when the caller knows it: weeks and nights before it are drawn
    /// as "before the diary", not as missing.
    pub began: Option<NaiveDate>,
}

/// The window of nights a dashboard reads: the routine's baseline to last night (the routine
/// and, once it has ended, its follow-up), or the last eight weeks without a routine.
pub fn window(
    routine: Option<&Routine>,
    due: NaiveDate,
    week_start: Option<Weekday>,
) -> (NaiveDate, NaiveDate) {
    match routine {
        Some(r) => (r.baseline_start(), due.max(r.baseline_end())),
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

/// The verdict's reason without a routine.
pub const NO_ROUTINE: &str = "no routine yet: start one to compare before and during";

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
        let (red_flags, newest_red_flag) = red_flags(&data.red_flags);
        let Some(r) = routine else {
            let weeks = week_bins(&data.nights, from, to, |_| PhaseKind::Other);
            return Self {
                routine: None,
                due,
                from,
                to,
                baseline: None,
                routine_phase: None,
                follow_up: None,
                overall,
                assessment: None,
                season: None,
                weeks,
                tightness,
                strip,
                progress: None,
                red_flags,
                newest_red_flag,
                see_professional: None,
                began: None,
            };
        };
        // Only nights that are over: a baseline planned ahead of the start is not "unlogged".
        let baseline =
            PhaseStats::compute(r.baseline_start(), r.baseline_end().min(due), &data.nights);
        let routine_phase = PhaseStats::compute(r.start, r.end().min(due), &data.nights);
        // The follow-up stops the night before a later routine starts.
        let follow_to = data.follow_up_until.map_or(due, |u| u.min(due));
        let assessment = Assessment::compute(
            r,
            follow_to,
            &baseline,
            &routine_phase,
            &data.nights,
            &data.before_baseline,
        );
        let follow_up = (follow_to > r.end())
            .then(|| PhaseStats::compute(r.end() + Duration::days(1), follow_to, &data.nights));
        let season = Season::compute(r, r.end(), data.hemisphere, &data.year_before);
        // Bins line up with the routine's weeks: baseline bins end the night before the start.
        // Nights after the routine (the follow-up) keep going in weeks of their own.
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
        .map(|mut b| {
            // The first baseline week, cut by the baseline's start, is partial like the last.
            if b.from < from {
                b = clipped(b, from, &data.nights);
            }
            b
        })
        .collect();
        let progress = RoutineProgress::compute(r, today, &data.sessions_by_day, &baseline);
        let see_professional = professional(r, today, &progress, assessment.ratio);
        Self {
            routine: Some(r.clone()),
            due,
            from,
            to,
            baseline: Some(baseline),
            routine_phase: Some(routine_phase),
            follow_up,
            overall,
            assessment: Some(assessment),
            season: Some(season),
            weeks,
            tightness,
            strip,
            progress: Some(progress),
            red_flags,
            newest_red_flag,
            see_professional,
            began: None,
        }
    }

    /// The daily line at its newest look (at the routine's end, the verdict's interval).
    pub fn ratio(&self) -> Option<RateRatio> {
        self.assessment.as_ref().and_then(|a| a.ratio)
    }

    /// The ratio is the daily line of a routine that is not over.
    pub fn provisional(&self) -> bool {
        self.assessment.as_ref().is_some_and(|a| a.provisional)
    }

    /// "Not enough data" without a routine.
    pub fn verdict(&self) -> Verdict {
        self.assessment
            .as_ref()
            .map_or(Verdict::NotEnoughData, |a| a.verdict)
    }

    /// Why there is no verdict yet (no routine, too early, or which data rule failed), in words.
    pub fn verdict_reason(&self) -> Option<&str> {
        match &self.assessment {
            None => Some(NO_ROUTINE),
            Some(a) => a.reason.as_deref(),
        }
    }

    /// What the routine is compared with (the baseline, or the longer history).
    pub fn reference(&self) -> Option<&Reference> {
        self.assessment.as_ref().map(|a| &a.reference)
    }

    /// The smallest fall the data could show, and the power to see a halving.
    pub fn detectable(&self) -> Option<Detectable> {
        self.assessment.as_ref().and_then(|a| a.detectable)
    }

    /// The regression-to-the-mean check, when the weeks before the baseline allow it.
    pub fn baseline_check(&self) -> Option<BaselineCheck> {
        self.assessment.as_ref().and_then(|a| a.baseline_check)
    }

    /// The baseline was unusually bad against the weeks before it, and what the verdict does.
    pub fn baseline_warning(&self) -> Option<&str> {
        self.assessment.as_ref()?.baseline_warning.as_deref()
    }

    /// The morning the daily line's first look comes (the first whole routine week is over).
    pub fn first_look(&self) -> Option<NaiveDate> {
        self.assessment.as_ref().map(|a| a.first_look)
    }

    /// "Did it last?", once the follow-up has a whole week.
    pub fn lasting(&self) -> Option<&Lasting> {
        self.assessment.as_ref()?.lasting.as_ref()
    }

    /// % reduction with its interval (estimate, lo, hi); the estimate is `None` when unbounded.
    pub fn reduction(&self) -> Option<(Option<f64>, f64, f64)> {
        self.ratio().map(|r| r.reduction_pct())
    }

    /// The verdict in words, with the placebo comparison for a clear, big fall.
    pub fn verdict_words(&self) -> String {
        match (self.verdict(), self.ratio()) {
            (Verdict::FewerCramps, Some(r)) if r.interval.hi < super::verdict::BIG_FALL_RATIO => {
                format!("{}: {}", self.verdict_short(), super::verdict::BIG_FALL)
            }
            _ => self.verdict_short(),
        }
    }

    /// The verdict in words, naming what the routine was compared with when the comparison
    /// reaches back before the baseline: "fewer cramps than in the 12 weeks before".
    pub fn verdict_short(&self) -> String {
        let words = self.verdict().words();
        match self.reference() {
            Some(r) if r.longer => words.replace(
                "your baseline weeks",
                &format!("the {} weeks before", r.weeks()),
            ),
            _ => words.to_string(),
        }
    }
}

/// The newest red flag: its night or day, and a few words that fit a phone's line
/// (`⚠ 12-min cramp, Sat 21 Nov: see a GP`).
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlag {
    pub date: NaiveDate,
    pub short: String,
}

/// One sentence per night or day, newest first, each naming its date; and the newest in short.
fn red_flags(facts: &RedFlagFacts) -> (Vec<String>, Option<RedFlag>) {
    let day = |d: NaiveDate| d.format("%a %-d %b").to_string();
    let mut dated: Vec<(NaiveDate, u8, String, String)> = facts
        .long_cramps
        .iter()
        .map(|(night, longest)| {
            (*night, 0, format!(
                "A cramp lasted {} min on the night of {}: cramps over 10 minutes are a reason to see a GP or physiotherapist.",
                longest / 60,
                long_date(*night)
            ), format!("⚠ {}-min cramp, {}: see a GP", longest / 60, day(*night)))
        })
        .chain(facts.numbness_or_tingling.iter().map(|d| {
            (*d, 1, format!(
                "Numbness or tingling after a session on {}: stop deep-tissue work and ask a GP or physiotherapist.",
                long_date(*d)
            ), format!("⚠ Numb or tingling, {}: ask a GP", day(*d)))
        }))
        .chain(facts.numb_or_swollen.iter().map(|night| {
            (*night, 2, format!(
                "Numbness or swelling in the morning after the night of {}: see a GP.",
                long_date(*night)
            ), format!("⚠ Numb or swollen, {}: see a GP", day(*night)))
        }))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    dated.dedup();
    let newest = dated.first().map(|(date, _, _, short)| RedFlag {
        date: *date,
        short: short.clone(),
    });
    (
        dated.into_iter().map(|(_, _, text, _)| text).collect(),
        newest,
    )
}

/// A week bin cut to start at `from`: counted again over its remaining nights, and partial.
fn clipped(mut bin: WeekBin, from: NaiveDate, nights: &[NightSummary]) -> WeekBin {
    let usable = nights
        .iter()
        .filter(|n| n.night_of >= from && n.night_of <= bin.to)
        .filter(|n| n.status != crate::domain::NightStatus::Excluded);
    let (logged, cramps) = usable.fold((0u32, 0u32), |(l, c), n| (l + 1, c + n.cramps));
    bin.from = from;
    bin.logged = logged;
    bin.cramps = cramps;
    bin.rate_per_week = (logged > 0).then(|| f64::from(cramps) * 7.0 / f64::from(logged));
    bin.partial = true;
    bin
}

/// A routine kept to (a session on at least 80% of its target days) whose interval does not
/// rule out a fall smaller than the placebo band (the upper end at or above 1 - 28%),
/// whatever the verdict.
fn professional(
    r: &Routine,
    today: NaiveDate,
    progress: &RoutineProgress,
    ratio: Option<RateRatio>,
) -> Option<String> {
    let adherence = progress.adherence();
    let kept = adherence.share().is_some_and(|s| s >= GOOD_ADHERENCE);
    let finished = today > r.end();
    let small_fall_possible =
        ratio.is_some_and(|q| q.interval.hi >= 1.0 - f64::from(PLACEBO_REDUCTION_PCT[0]) / 100.0);
    (finished && kept && small_fall_possible).then(|| {
        format!(
            "You kept to the routine ({}) and a fall smaller than placebo groups see is not ruled out: a licensed massage therapist or physical therapist can look at what else may help.",
            adherence.words()
        )
    })
}
