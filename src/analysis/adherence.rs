//! Where a routine stands: which day it is, and per routine week the days with a deep-tissue
//! self-massage session against the target days.

use super::phases::PhaseStats;
use crate::domain::dates::long_date;
use crate::domain::routine::Routine;
use crate::format::json;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekState {
    Done,
    Current,
    Upcoming,
}

/// Sessions on one day: deep-tissue self-massage (counted toward the routine) and the rest
/// (stretching, professional treatment: recorded and shown, not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DaySessions {
    pub deep: u32,
    pub other: u32,
}

/// Serialized, a week of the report JSON's `adherence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekAdherence {
    /// 1-based routine week.
    pub week: u8,
    #[serde(serialize_with = "json::with_iso")]
    pub from: NaiveDate,
    #[serde(serialize_with = "json::with_iso")]
    pub to: NaiveDate,
    /// Days with at least one deep-tissue self-massage session.
    pub days: u32,
    /// Deep-tissue self-massage sessions (a day may have more than one).
    pub sessions: u32,
    /// Stretching and professional sessions: shown, not counted.
    #[serde(rename = "other_sessions")]
    pub other: u32,
    /// Target days this week.
    pub target: u8,
    /// Written as `complete`: whether the week is over.
    #[serde(rename = "complete", serialize_with = "with_done")]
    pub state: WeekState,
}

fn with_done<S: serde::Serializer>(state: &WeekState, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bool(*state == WeekState::Done)
}

/// Days with a deep-tissue session against target days, over the weeks that have begun.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Adherence {
    pub sessions: u32,
    pub days: u32,
    pub target: u32,
    pub other: u32,
}

fn plural(n: u32, word: &str) -> String {
    crate::format::count(n, word, &format!("{word}s"))
}

impl Adherence {
    /// `22 sessions on 19 days · target 20 days`
    pub fn words(&self) -> String {
        format!(
            "{} on {} · target {}",
            plural(self.sessions, "session"),
            plural(self.days, "day"),
            plural(self.target, "day")
        )
    }

    /// `5 sessions on 4 days, target 5`: for lists of weeks.
    pub fn short_words(&self) -> String {
        format!(
            "{} on {}, target {}",
            plural(self.sessions, "session"),
            plural(self.days, "day"),
            self.target
        )
    }

    /// `2 stretching or professional sessions not counted`, when there were any.
    pub fn other_words(&self) -> Option<String> {
        (self.other > 0).then(|| {
            format!(
                "{} of stretching or professional treatment not counted",
                plural(self.other, "session")
            )
        })
    }

    /// Share of target days with a session, 0-1; `None` before any target.
    pub fn share(&self) -> Option<f64> {
        (self.target > 0).then(|| f64::from(self.days) / f64::from(self.target))
    }
}

impl WeekAdherence {
    pub fn adherence(&self) -> Adherence {
        Adherence {
            sessions: self.sessions,
            days: self.days,
            target: u32::from(self.target),
            other: self.other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    NotStarted {
        days_until: i64,
    },
    Running {
        day: i64,
        total_days: i64,
        week: u8,
        days_left: i64,
    },
    Finished {
        ended: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineProgress {
    pub stage: Stage,
    pub weeks: Vec<WeekAdherence>,
    /// Usable baseline nights (cramps or cramp-free) and the baseline nights that are over and
    /// not excluded: coverage is the one over the other, as everywhere.
    pub baseline_logged: u32,
    pub baseline_open: u32,
    pub baseline_nights: u16,
}

impl RoutineProgress {
    /// `sessions_by_day` needs to cover the routine's days; other days are ignored.
    pub fn compute(
        routine: &Routine,
        today: NaiveDate,
        sessions_by_day: &BTreeMap<NaiveDate, DaySessions>,
        baseline: &PhaseStats,
    ) -> Self {
        let end = routine.end();
        let stage = if today < routine.start {
            Stage::NotStarted {
                days_until: (routine.start - today).num_days(),
            }
        } else if today > end {
            Stage::Finished { ended: end }
        } else {
            let day = (today - routine.start).num_days() + 1;
            let total_days = (end - routine.start).num_days() + 1;
            Stage::Running {
                day,
                total_days,
                week: ((day - 1) / 7 + 1) as u8,
                days_left: total_days - day,
            }
        };
        let mut weeks = Vec::new();
        let mut from = routine.start;
        let mut week = 1u8;
        while from <= end {
            let to = (from + Duration::days(6)).min(end);
            let in_week = || sessions_by_day.range(from..=to).map(|(_, n)| *n);
            let state = if to < today {
                WeekState::Done
            } else if from <= today {
                WeekState::Current
            } else {
                WeekState::Upcoming
            };
            weeks.push(WeekAdherence {
                week,
                from,
                to,
                days: in_week().filter(|n| n.deep > 0).count() as u32,
                sessions: in_week().map(|n| n.deep).sum(),
                other: in_week().map(|n| n.other).sum(),
                target: routine.per_week,
                state,
            });
            from += Duration::days(7);
            week = week.saturating_add(1);
        }
        Self {
            stage,
            weeks,
            baseline_logged: baseline.logged,
            baseline_open: baseline.open_nights(),
            baseline_nights: routine.baseline_nights,
        }
    }

    /// `20 of 28 nights logged (71%)`: usable nights over nights that are over and not excluded.
    pub fn baseline_words(&self) -> String {
        if self.baseline_open == 0 {
            return "no night of it is over yet".to_string();
        }
        format!(
            "{} of {} logged ({})",
            self.baseline_logged,
            crate::format::count(self.baseline_open, "night", "nights"),
            super::phases::coverage_pct(
                f64::from(self.baseline_logged) / f64::from(self.baseline_open)
            )
        )
    }

    pub fn current_week(&self) -> Option<&WeekAdherence> {
        self.weeks.iter().find(|w| w.state == WeekState::Current)
    }

    /// Days with a session over target days, in the weeks that have begun.
    pub fn adherence(&self) -> Adherence {
        self.weeks
            .iter()
            .filter(|w| w.state != WeekState::Upcoming)
            .fold(Adherence::default(), |a, w| Adherence {
                sessions: a.sessions + w.sessions,
                days: a.days + w.days,
                target: a.target + u32::from(w.target),
                other: a.other + w.other,
            })
    }

    /// `routine day 9 of 28 · this week 3 sessions on 2 days · target 5 days`
    pub fn headline(&self) -> String {
        match self.stage {
            Stage::NotStarted { days_until } => format!(
                "routine starts in {days_until} day{}",
                if days_until == 1 { "" } else { "s" }
            ),
            Stage::Running {
                day, total_days, ..
            } => {
                let week = self
                    .current_week()
                    .map(WeekAdherence::adherence)
                    .unwrap_or_default();
                format!(
                    "routine day {day} of {total_days} · this week {}",
                    week.words()
                )
            }
            Stage::Finished { ended } => {
                format!(
                    "routine finished {} · {}",
                    long_date(ended),
                    self.adherence().words()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    fn sessions(deep: &[&str], other: &[&str]) -> BTreeMap<NaiveDate, DaySessions> {
        let mut m: BTreeMap<NaiveDate, DaySessions> = BTreeMap::new();
        for d in deep {
            m.entry(day(d)).or_default().deep += 1;
        }
        for d in other {
            m.entry(day(d)).or_default().other += 1;
        }
        m
    }

    fn no_baseline() -> PhaseStats {
        PhaseStats::compute(day("2026-10-05"), day("2026-11-01"), &[])
    }

    #[test]
    fn adherence_counts_days_with_a_deep_tissue_session_not_sessions() {
        let r = Routine::new(day("2026-11-02"), 4, 5, 28);
        let s = sessions(
            &[
                "2026-11-02",
                "2026-11-03",
                "2026-11-05",
                "2026-11-07",
                "2026-11-08", // week 1: 5 days
                "2026-11-10",
                "2026-11-12", // week 2: 2
                "2026-11-16",
                "2026-11-17",
                "2026-11-18", // week 3: 3
                "2026-11-23",
                "2026-11-23", // week 4: two sessions on one day
                "2026-10-30", // before the routine: not counted
            ],
            &["2026-11-24", "2026-11-10"], // stretching: shown, not counted
        );
        let p = RoutineProgress::compute(&r, day("2026-11-23"), &s, &no_baseline());
        assert_eq!(
            p.stage,
            Stage::Running {
                day: 22,
                total_days: 28,
                week: 4,
                days_left: 6
            }
        );
        let days: Vec<u32> = p.weeks.iter().map(|w| w.days).collect();
        assert_eq!(days, vec![5, 2, 3, 1]);
        assert_eq!(p.weeks[3].sessions, 2);
        assert_eq!(p.weeks[3].other, 1);
        assert_eq!(p.weeks[3].state, WeekState::Current);
        let a = p.adherence();
        assert_eq!((a.sessions, a.days, a.target, a.other), (12, 11, 20, 2));
        assert_eq!(
            p.headline(),
            "routine day 22 of 28 · this week 2 sessions on 1 day · target 5 days"
        );
        assert_eq!(a.words(), "12 sessions on 11 days · target 20 days");
        assert_eq!(
            a.other_words().unwrap(),
            "2 sessions of stretching or professional treatment not counted"
        );
    }

    #[test]
    fn before_and_after_the_routine() {
        let r = Routine::new(day("2026-11-02"), 4, 5, 28);
        let none = BTreeMap::new();
        let before = RoutineProgress::compute(&r, day("2026-10-31"), &none, &no_baseline());
        assert_eq!(before.stage, Stage::NotStarted { days_until: 2 });
        assert!(before.weeks.iter().all(|w| w.state == WeekState::Upcoming));
        let after = RoutineProgress::compute(&r, day("2026-12-05"), &none, &no_baseline());
        assert_eq!(
            after.stage,
            Stage::Finished {
                ended: day("2026-11-29")
            }
        );
        assert_eq!(
            after.headline(),
            "routine finished Sun 29 Nov 2026 · 0 sessions on 0 days · target 20 days"
        );
    }

    #[test]
    fn a_stopped_routine_ends_with_a_short_week() {
        let mut r = Routine::new(day("2026-11-02"), 4, 5, 28);
        r.stopped_on = Some(day("2026-11-10"));
        let p = RoutineProgress::compute(&r, day("2026-11-20"), &BTreeMap::new(), &no_baseline());
        assert_eq!(p.weeks.len(), 2);
        assert_eq!(p.weeks[1].to, day("2026-11-10"));
    }
}
