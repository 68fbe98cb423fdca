//! The on/off-week experiment's analysis: per-week outcomes and adherence, the exact
//! randomisation test over every pair order with the interval from inverting it, and the
//! verdict fixed in the plan.

use super::phases::NightSummary;
use super::rate::Counts;
use super::weekly_ci::{WeekCount, WeeklyRatio, weekly_rate_ratio};
use crate::domain::NightStatus;
use crate::domain::experiment::THRESHOLD;
use crate::domain::experiment::{Arm, Experiment, MIN_USABLE_NIGHTS};
use crate::domain::session::Technique;
use crate::format::json;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub use super::randomisation::{Bound, Direction, PairCounts, TestResult, randomisation_test};

/// One massage session, as far as the experiment cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFact {
    pub day: NaiveDate,
    pub technique: Technique,
    /// It left bruising, tingling or numbness.
    pub side_effect: bool,
}

/// What the analysis reads from the diary for the experiment's days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExperimentData {
    pub nights: Vec<NightSummary>,
    pub sessions: Vec<SessionFact>,
    /// A daily habit's answers: the night, and whether it was done the day before it.
    pub answers: Vec<(NaiveDate, bool)>,
    /// Nights with a cramp over 10 minutes (a red flag).
    pub long_cramp_nights: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekState {
    /// Every night of it is over.
    Over,
    Current,
    Upcoming,
    /// After an early stop: not run, or not run to its end.
    Cut,
}

impl WeekState {
    /// `over`, `current`, `upcoming`, `not_run`: how the JSON and the HTML report name it.
    pub fn word(self) -> &'static str {
        match self {
            WeekState::Over => "over",
            WeekState::Current => "current",
            WeekState::Upcoming => "upcoming",
            WeekState::Cut => "not_run",
        }
    }
}

/// One week's outcome and adherence; serialized, a week of the experiment JSON's `weeks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekResult {
    pub week: u8,
    pub pair: u8,
    #[serde(serialize_with = "with_arm")]
    pub arm: Arm,
    #[serde(serialize_with = "json::with_iso")]
    pub from: NaiveDate,
    #[serde(serialize_with = "json::with_iso")]
    pub to: NaiveDate,
    #[serde(serialize_with = "with_state")]
    pub state: WeekState,
    /// The week's counts, as fields of the week.
    #[serde(flatten)]
    pub tally: Tally,
}

fn with_arm<S: serde::Serializer>(arm: &Arm, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(arm.word())
}

fn with_state<S: serde::Serializer>(state: &WeekState, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(state.word())
}

/// What a week counts, or an arm's weeks together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    /// Logged, not excluded, not a washout night, and over.
    pub usable_nights: u32,
    pub cramps: u32,
    /// Days with the intervention: with a session it counts, or answered "yes".
    pub done_days: u32,
    /// Days asked for: 5 (sessions) or 7 (a daily habit) in an on week, none in an off week.
    pub target_days: u32,
    /// The intervention in an off week: its sessions, or days answered "yes".
    pub deviations: u32,
    /// A daily habit's nights that are over and not answered.
    pub unanswered: u32,
    pub long_cramps: u32,
    pub side_effect_sessions: u32,
}

impl std::ops::Add for Tally {
    type Output = Self;

    fn add(self, w: Self) -> Self {
        Self {
            usable_nights: self.usable_nights + w.usable_nights,
            cramps: self.cramps + w.cramps,
            done_days: self.done_days + w.done_days,
            target_days: self.target_days + w.target_days,
            deviations: self.deviations + w.deviations,
            unanswered: self.unanswered + w.unanswered,
            long_cramps: self.long_cramps + w.long_cramps,
            side_effect_sessions: self.side_effect_sessions + w.side_effect_sessions,
        }
    }
}

impl WeekResult {
    pub fn counts(&self) -> Counts {
        Counts {
            cramps: self.tally.cramps,
            nights: self.tally.usable_nights,
        }
    }
}

/// Every week of the schedule with what the diary holds for it.
pub fn week_results(
    exp: &Experiment,
    data: &ExperimentData,
    today: NaiveDate,
    due: NaiveDate,
) -> Vec<WeekResult> {
    let long: BTreeSet<NaiveDate> = data.long_cramp_nights.iter().copied().collect();
    let answers: BTreeMap<NaiveDate, bool> = data.answers.iter().copied().collect();
    let daily = exp.intervention.is_daily();
    (1..=exp.weeks())
        .map(|week| {
            let (from, to) = exp.week_range(week);
            let arm = exp.schedule[usize::from(week) - 1];
            let state = if to > exp.end() {
                if exp.is_stopped_early() {
                    WeekState::Cut
                } else if from <= today {
                    WeekState::Current
                } else {
                    WeekState::Upcoming
                }
            } else if to <= due {
                WeekState::Over
            } else if from <= today {
                WeekState::Current
            } else {
                WeekState::Upcoming
            };
            let first_counted = from + Duration::days(i64::from(exp.washout_nights));
            let usable: Vec<&NightSummary> = data
                .nights
                .iter()
                .filter(|n| n.night_of >= first_counted && n.night_of <= to.min(due))
                .filter(|n| n.night_of <= exp.end() && n.status != NightStatus::Excluded)
                .collect();
            let last = to.min(exp.end());
            let in_week = |d: NaiveDate| d >= from && d <= last;
            let (done, work, unanswered) = if daily {
                let yes = answers
                    .iter()
                    .filter(|(d, yes)| **yes && in_week(**d))
                    .count() as u32;
                let over = from
                    .iter_days()
                    .take_while(|d| *d <= last.min(due))
                    .filter(|d| !answers.contains_key(d))
                    .count() as u32;
                (yes, yes, over)
            } else {
                let work: Vec<&SessionFact> = data
                    .sessions
                    .iter()
                    .filter(|s| exp.intervention.counts_session(s.technique) && in_week(s.day))
                    .collect();
                let days = work.iter().map(|s| s.day).collect::<BTreeSet<_>>().len() as u32;
                (days, work.len() as u32, 0)
            };
            WeekResult {
                week,
                pair: week.div_ceil(2),
                arm,
                from,
                to,
                state,
                tally: Tally {
                    usable_nights: usable.len() as u32,
                    cramps: usable.iter().map(|n| n.cramps).sum(),
                    done_days: done,
                    target_days: match arm {
                        Arm::On => exp.intervention.target_per_week(),
                        Arm::Off => 0,
                    },
                    deviations: match arm {
                        Arm::Off => work,
                        Arm::On => 0,
                    },
                    unanswered,
                    long_cramps: long.iter().filter(|d| in_week(**d)).count() as u32,
                    side_effect_sessions: data
                        .sessions
                        .iter()
                        .filter(|s| s.side_effect && in_week(s.day))
                        .count() as u32,
                },
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExperimentVerdict {
    TooEarly,
    NotEnoughData,
    NoClearChange,
    FewerCramps,
    MoreCramps,
}

impl ExperimentVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TooEarly => "too_early",
            Self::NotEnoughData => "not_enough_data",
            Self::NoClearChange => "no_clear_change",
            Self::FewerCramps => "fewer_cramps",
            Self::MoreCramps => "more_cramps",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::TooEarly => "too early: the experiment is not over",
            Self::NotEnoughData => "not enough data",
            Self::NoClearChange => "no clear change between on and off weeks",
            Self::FewerCramps => "fewer cramps in on weeks than in off weeks",
            Self::MoreCramps => "more cramps in on weeks than in off weeks",
        }
    }
}

/// Totals for one arm over the analysed weeks.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ArmFigures {
    pub weeks: u32,
    pub tally: Tally,
}

impl ArmFigures {
    pub fn of<'a>(weeks: impl Iterator<Item = &'a WeekResult>) -> Self {
        weeks.fold(Self::default(), |a, w| Self {
            weeks: a.weeks + 1,
            tally: a.tally + w.tally,
        })
    }

    pub fn per_night(&self) -> Option<f64> {
        let t = &self.tally;
        (t.usable_nights > 0).then(|| f64::from(t.cramps) / f64::from(t.usable_nights))
    }

    /// Cramps per week: cramps per usable night times 7.
    pub fn per_week(&self) -> Option<f64> {
        self.per_night().map(|r| r * 7.0)
    }
}

/// Serialized, a pair of the experiment JSON's `pairs`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairResult {
    pub pair: u8,
    /// Written as `first`, the arm of the pair's first week.
    #[serde(rename = "first", serialize_with = "with_first")]
    pub on_first: bool,
    #[serde(flatten)]
    pub counts: PairCounts,
    /// Cramps per usable night, on week minus off week.
    #[serde(rename = "difference_per_night")]
    pub difference: Option<f64>,
}

fn with_first<S: serde::Serializer>(on_first: &bool, s: S) -> Result<S::Ok, S::Error> {
    with_arm(if *on_first { &Arm::On } else { &Arm::Off }, s)
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentAnalysis {
    pub weeks: Vec<WeekResult>,
    /// Pairs whose two weeks are both over (all of them, once the experiment is complete).
    pub analysed_pairs: u8,
    /// Stopped early: only complete pairs are analysed.
    pub complete_pairs_only: bool,
    /// The randomisation test with its interval (the effects on the cramp rate it does not
    /// reject); `None` while `too_early` or `not_enough_data`.
    pub test: Option<TestResult>,
    pub verdict: ExperimentVerdict,
    /// Why the verdict is "too early" or "not enough data", in words.
    pub reason: Option<String>,
    pub on: ArmFigures,
    pub off: ArmFigures,
    pub pairs: Vec<PairResult>,
    /// A secondary model: on rate over off rate with the weekly quasi-Poisson 95% interval
    /// (off weeks the reference), over the analysed weeks.
    pub weekly_ratio: Option<WeeklyRatio>,
}

impl ExperimentAnalysis {
    pub fn p_value(&self) -> Option<f64> {
        self.test.map(|t| t.p_value)
    }
}

/// The analysis as fixed in the plan; `None` before the first week is over.
pub fn analyse(
    exp: &Experiment,
    data: &ExperimentData,
    today: NaiveDate,
    due: NaiveDate,
) -> Option<ExperimentAnalysis> {
    let weeks = week_results(exp, data, today, due);
    if weeks.first().is_none_or(|w| w.state != WeekState::Over) {
        return None;
    }
    let complete: Vec<&[WeekResult]> = weeks
        .chunks(2)
        .filter(|p| p.iter().all(|w| w.state == WeekState::Over))
        .collect();
    let analysed = || complete.iter().flat_map(|p| p.iter());
    let pairs: Vec<PairResult> = complete
        .iter()
        .map(|p| {
            let none = Counts {
                cramps: 0,
                nights: 0,
            };
            let arm = |a: Arm| {
                p.iter()
                    .find(|w| w.arm == a)
                    .map_or(none, WeekResult::counts)
            };
            let counts = PairCounts {
                on: arm(Arm::On),
                off: arm(Arm::Off),
            };
            let rate =
                |c: Counts| (c.nights > 0).then(|| f64::from(c.cramps) / f64::from(c.nights));
            PairResult {
                pair: p[0].pair,
                on_first: p[0].arm == Arm::On,
                counts,
                difference: rate(counts.on).zip(rate(counts.off)).map(|(a, b)| a - b),
            }
        })
        .collect();
    let finished = due >= exp.planned_end() || exp.is_stopped_early() && due >= exp.end();
    let thin = analysed().find(|w| w.tally.usable_nights < MIN_USABLE_NIGHTS);
    let (verdict, reason) = if !finished {
        (
            ExperimentVerdict::TooEarly,
            Some(format!(
                "the last week ends {}; the test is run once every week is over",
                exp.planned_end()
            )),
        )
    } else if complete.len() < 2 {
        (
            ExperimentVerdict::NotEnoughData,
            Some(format!(
                "stopped with {}; at least 2 are needed",
                crate::format::count(complete.len() as i64, "complete pair", "complete pairs")
            )),
        )
    } else if let Some(w) = thin {
        (
            ExperimentVerdict::NotEnoughData,
            Some(format!(
                "week {} has {}; every week needs at least {MIN_USABLE_NIGHTS}",
                w.week,
                crate::format::count(w.tally.usable_nights, "usable night", "usable nights")
            )),
        )
    } else {
        (ExperimentVerdict::NoClearChange, None)
    };
    let test = (verdict == ExperimentVerdict::NoClearChange)
        .then(|| {
            randomisation_test(
                &pairs.iter().map(|p| p.counts).collect::<Vec<_>>(),
                THRESHOLD,
            )
        })
        .flatten();
    let verdict = match test.map(|t| t.direction) {
        Some(Direction::Fewer) => ExperimentVerdict::FewerCramps,
        Some(Direction::More) => ExperimentVerdict::MoreCramps,
        _ => verdict,
    };
    let week_counts = |arm: Arm| -> Vec<WeekCount> {
        analysed()
            .filter(|w| w.arm == arm)
            .map(|w| WeekCount {
                cramps: w.tally.cramps,
                nights: w.tally.usable_nights,
            })
            .collect()
    };
    let weekly_ratio = weekly_rate_ratio(&week_counts(Arm::Off), &week_counts(Arm::On));
    Some(ExperimentAnalysis {
        weekly_ratio,
        on: ArmFigures::of(analysed().filter(|w| w.arm == Arm::On)),
        off: ArmFigures::of(analysed().filter(|w| w.arm == Arm::Off)),
        analysed_pairs: complete.len() as u8,
        complete_pairs_only: exp.is_stopped_early(),
        test,
        verdict,
        reason,
        pairs,
        weeks,
    })
}
