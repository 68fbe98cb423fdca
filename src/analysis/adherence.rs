//! Where a routine stands: which day it is, and sessions done per routine week against the target.

use crate::domain::routine::Routine;
use chrono::{Duration, NaiveDate};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekState {
    Done,
    Current,
    Upcoming,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekAdherence {
    /// 1-based routine week.
    pub week: u8,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sessions: u32,
    pub target: u8,
    pub state: WeekState,
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
    /// Logged nights in the baseline window, and the window's length.
    pub baseline_logged: u32,
    pub baseline_nights: u16,
}

impl RoutineProgress {
    /// `sessions_by_day` needs to cover the routine's days; other days are ignored.
    pub fn compute(
        routine: &Routine,
        today: NaiveDate,
        sessions_by_day: &BTreeMap<NaiveDate, u32>,
        baseline_logged: u32,
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
            let sessions = sessions_by_day.range(from..=to).map(|(_, n)| *n).sum();
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
                sessions,
                target: routine.per_week,
                state,
            });
            from += Duration::days(7);
            week = week.saturating_add(1);
        }
        Self {
            stage,
            weeks,
            baseline_logged,
            baseline_nights: routine.baseline_nights,
        }
    }

    pub fn current_week(&self) -> Option<&WeekAdherence> {
        self.weeks.iter().find(|w| w.state == WeekState::Current)
    }

    /// Sessions done over sessions planned in the weeks that have begun.
    pub fn adherence(&self) -> (u32, u32) {
        self.weeks
            .iter()
            .filter(|w| w.state != WeekState::Upcoming)
            .fold((0, 0), |(done, planned), w| {
                (done + w.sessions, planned + u32::from(w.target))
            })
    }

    /// `routine day 9 of 28 · 3 of 5 sessions this week`
    pub fn headline(&self) -> String {
        match self.stage {
            Stage::NotStarted { days_until } => format!(
                "routine starts in {days_until} day{}",
                if days_until == 1 { "" } else { "s" }
            ),
            Stage::Running {
                day, total_days, ..
            } => {
                let week = self.current_week();
                let (done, target) = week.map_or((0, 0), |w| (w.sessions, w.target));
                format!("routine day {day} of {total_days} · {done} of {target} sessions this week")
            }
            Stage::Finished { ended } => {
                let (done, planned) = self.adherence();
                format!("routine finished {ended} · {done} of {planned} sessions done")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sessions(days: &[&str]) -> BTreeMap<NaiveDate, u32> {
        let mut m = BTreeMap::new();
        for d in days {
            *m.entry(day(d)).or_insert(0) += 1;
        }
        m
    }

    #[test]
    fn day_22_of_28_with_sessions_per_week() {
        let r = Routine::new(day("2026-11-02"), 4, 5, 28);
        let s = sessions(&[
            "2026-11-02",
            "2026-11-03",
            "2026-11-05",
            "2026-11-07",
            "2026-11-08", // week 1: 5
            "2026-11-10",
            "2026-11-12", // week 2: 2
            "2026-11-16",
            "2026-11-17",
            "2026-11-18", // week 3: 3
            "2026-11-23",
            "2026-11-23", // week 4: 2 (same day twice)
            "2026-10-30", // before the routine: not counted
        ]);
        let p = RoutineProgress::compute(&r, day("2026-11-23"), &s, 20);
        assert_eq!(
            p.stage,
            Stage::Running {
                day: 22,
                total_days: 28,
                week: 4,
                days_left: 6
            }
        );
        let counts: Vec<u32> = p.weeks.iter().map(|w| w.sessions).collect();
        assert_eq!(counts, vec![5, 2, 3, 2]);
        assert_eq!(p.weeks[3].state, WeekState::Current);
        assert_eq!(p.adherence(), (12, 20));
        assert_eq!(
            p.headline(),
            "routine day 22 of 28 · 2 of 5 sessions this week"
        );
    }

    #[test]
    fn before_and_after_the_routine() {
        let r = Routine::new(day("2026-11-02"), 4, 5, 28);
        let none = BTreeMap::new();
        let before = RoutineProgress::compute(&r, day("2026-10-31"), &none, 0);
        assert_eq!(before.stage, Stage::NotStarted { days_until: 2 });
        assert!(before.weeks.iter().all(|w| w.state == WeekState::Upcoming));
        let after = RoutineProgress::compute(&r, day("2026-12-05"), &none, 0);
        assert_eq!(
            after.stage,
            Stage::Finished {
                ended: day("2026-11-29")
            }
        );
        assert_eq!(after.adherence(), (0, 20));
    }

    #[test]
    fn a_stopped_routine_ends_with_a_short_week() {
        let mut r = Routine::new(day("2026-11-02"), 4, 5, 28);
        r.stopped_on = Some(day("2026-11-10"));
        let p = RoutineProgress::compute(&r, day("2026-11-20"), &BTreeMap::new(), 0);
        assert_eq!(p.weeks.len(), 2);
        assert_eq!(p.weeks[1].to, day("2026-11-10"));
    }
}
