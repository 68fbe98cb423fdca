//! The deep-tissue routine: a start date, a length in weeks, a weekly session target, and the
//! baseline nights before it that it is compared with.

use super::Invalid;
use super::bounds::{BASELINE_NIGHTS, ROUTINE_WEEKS, SESSIONS_PER_WEEK};
use chrono::{Duration, NaiveDate};

pub const DEFAULT_WEEKS: u8 = 4;
pub const DEFAULT_PER_WEEK: u8 = 5;
pub const DEFAULT_BASELINE_NIGHTS: u16 = 28;
/// Fewer logged baseline nights than this make the before/after comparison weak; a baseline
/// window shorter than this many calendar nights is refused.
pub const MIN_BASELINE_NIGHTS: usize = BASELINE_NIGHTS.min as usize;
/// A baseline window shorter than this is allowed, with a warning that the comparison is weak.
pub const FULL_BASELINE_NIGHTS: u16 = 28;
/// The nights after a routine that a later baseline leaves out: its follow-up fortnight.
pub const FOLLOW_UP_NIGHTS: i64 = 14;

/// A routine as it will be saved, with what the person should know about its baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted {
    pub routine: Routine,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    pub start: NaiveDate,
    pub weeks: u8,
    pub per_week: u8,
    pub baseline_nights: u16,
    /// Set when the routine was stopped before its planned end (the last day it ran).
    pub stopped_on: Option<NaiveDate>,
}

impl Routine {
    pub fn new(start: NaiveDate, weeks: u8, per_week: u8, baseline_nights: u16) -> Self {
        Self {
            start,
            weeks,
            per_week,
            baseline_nights,
            stopped_on: None,
        }
    }

    pub fn parse_weeks(raw: &str) -> Result<u8, Invalid> {
        ROUTINE_WEEKS.parse("weeks", raw).map(|v| v as u8)
    }

    pub fn parse_per_week(raw: &str) -> Result<u8, Invalid> {
        SESSIONS_PER_WEEK
            .parse("sessions per week (--per-week)", raw)
            .map(|v| v as u8)
    }

    pub fn parse_baseline_nights(raw: &str) -> Result<u16, Invalid> {
        BASELINE_NIGHTS
            .parse("baseline nights", raw)
            .map(|v| v as u16)
    }

    /// Keeps the baseline clear of earlier routines and their follow-up fortnights: when the
    /// window would reach into one it is shortened to the free nights, with a warning naming the
    /// dates; under 14 free nights the start is refused with the first date that leaves 14.
    /// (Nights not yet over are left out when the numbers are computed.)
    pub fn fit_baseline(&self, others: &[Routine]) -> Result<Fitted, Invalid> {
        let mut routine = self.clone();
        let mut warnings = Vec::new();
        let blocker = others
            .iter()
            .filter(|o| o.end() < self.start)
            .max_by_key(|o| o.end());
        if let Some(earlier) = blocker {
            let first_free = earlier.end() + Duration::days(FOLLOW_UP_NIGHTS + 1);
            let free = (self.start - first_free).num_days().max(0);
            if free < MIN_BASELINE_NIGHTS as i64 {
                return Err(Invalid::new(format!(
                    "the baseline needs at least {MIN_BASELINE_NIGHTS} nights free of the routine of {} to {} and the {FOLLOW_UP_NIGHTS} nights after it, but only {free} are before {}; start on {} or later",
                    earlier.start,
                    earlier.end(),
                    self.start,
                    first_free + Duration::days(MIN_BASELINE_NIGHTS as i64)
                )));
            }
            if free < i64::from(self.baseline_nights) {
                routine.baseline_nights = free as u16;
                warnings.push(format!(
                    "the baseline is shortened to {free} nights ({} to {}): the nights before belong to the routine of {} to {} or the {FOLLOW_UP_NIGHTS} nights after it",
                    routine.baseline_start(),
                    routine.baseline_end(),
                    earlier.start,
                    earlier.end()
                ));
            }
        }
        if routine.baseline_nights < FULL_BASELINE_NIGHTS {
            warnings.push(format!(
                "a baseline of {} nights makes the comparison weak: {FULL_BASELINE_NIGHTS} are needed for a verdict",
                routine.baseline_nights
            ));
        }
        Ok(Fitted { routine, warnings })
    }

    pub fn planned_days(&self) -> i64 {
        i64::from(self.weeks) * 7
    }

    pub fn planned_end(&self) -> NaiveDate {
        self.start + Duration::days(self.planned_days() - 1)
    }

    /// The last day of the routine: the planned end, or the day it was stopped.
    pub fn end(&self) -> NaiveDate {
        match self.stopped_on {
            Some(stop) if stop < self.planned_end() => stop,
            _ => self.planned_end(),
        }
    }

    pub fn baseline_start(&self) -> NaiveDate {
        self.start - Duration::days(i64::from(self.baseline_nights))
    }

    pub fn baseline_end(&self) -> NaiveDate {
        self.start - Duration::days(1)
    }

    /// Day 1 is the start date; `None` outside the routine.
    pub fn day_number(&self, date: NaiveDate) -> Option<i64> {
        (self.start..=self.end())
            .contains(&date)
            .then(|| (date - self.start).num_days() + 1)
    }

    /// Routine week 1 is days 1-7.
    pub fn week_of(&self, date: NaiveDate) -> Option<u8> {
        self.day_number(date).map(|d| ((d - 1) / 7 + 1) as u8)
    }

    pub fn is_running(&self, today: NaiveDate) -> bool {
        self.start <= today && today <= self.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;
    use crate::domain::dates::day;

    #[test]
    fn a_four_week_routine_runs_28_days() {
        let r = Routine::new(day("2026-11-02"), 4, 5, 28);
        assert_eq!(r.end(), day("2026-11-29"));
        assert_eq!(r.baseline_start(), day("2026-10-05"));
        assert_eq!(r.baseline_end(), day("2026-11-01"));
        assert_eq!(r.day_number(day("2026-11-23")), Some(22));
        assert_eq!(r.week_of(day("2026-11-23")), Some(4));
        assert_eq!(r.day_number(day("2026-11-30")), None);
        assert_eq!(r.week_of(day("2026-11-08")), Some(1));
        assert_eq!(r.week_of(day("2026-11-09")), Some(2));
    }

    #[test]
    fn stopping_early_moves_the_end() {
        let mut r = Routine::new(day("2026-11-02"), 4, 5, 28);
        r.stopped_on = Some(day("2026-11-10"));
        assert_eq!(r.end(), day("2026-11-10"));
        assert!(!r.is_running(day("2026-11-11")));
    }

    #[test]
    fn a_baseline_is_kept_clear_of_an_earlier_routine_and_its_fortnight() {
        // The first routine ends 29 Nov; its follow-up fortnight runs to 13 Dec.
        let first = Routine::new(day("2026-11-02"), 4, 5, 28);
        // Starting 10 Jan leaves 14 Dec..9 Jan: 27 free nights, one short of the default 28.
        let fitted = Routine::new(day("2027-01-10"), 4, 5, 28)
            .fit_baseline(std::slice::from_ref(&first))
            .unwrap();
        assert_eq!(fitted.routine.baseline_nights, 27);
        assert_eq!(fitted.routine.baseline_start(), day("2026-12-14"));
        assert_eq!(
            fitted.warnings,
            vec![
                "the baseline is shortened to 27 nights (2026-12-14 to 2027-01-09): the nights before belong to the routine of 2026-11-02 to 2026-11-29 or the 14 nights after it",
                "a baseline of 27 nights makes the comparison weak: 28 are needed for a verdict",
            ]
        );
        // 28 free nights: untouched, no warning.
        let fitted = Routine::new(day("2027-01-11"), 4, 5, 28)
            .fit_baseline(std::slice::from_ref(&first))
            .unwrap();
        assert_eq!(
            (fitted.routine.baseline_nights, fitted.warnings.len()),
            (28, 0)
        );
        // 14 free nights is the least allowed; 13 is refused with the first date that works.
        let fitted = Routine::new(day("2026-12-28"), 4, 5, 28)
            .fit_baseline(std::slice::from_ref(&first))
            .unwrap();
        assert_eq!(fitted.routine.baseline_nights, 14);
        let err = Routine::new(day("2026-12-27"), 4, 5, 28)
            .fit_baseline(&[first])
            .unwrap_err();
        assert_eq!(
            err.0,
            "the baseline needs at least 14 nights free of the routine of 2026-11-02 to 2026-11-29 and the 14 nights after it, but only 13 are before 2026-12-27; start on 2026-12-28 or later"
        );
    }

    #[test]
    fn parameters_have_ranges() {
        assert_refusals(Routine::parse_weeks, &[("0", "weeks must be 1-12, got 0")]);
        assert!(Routine::parse_per_week("15").is_err());
        assert!(Routine::parse_baseline_nights("3").is_err());
        assert_refusals(
            Routine::parse_baseline_nights,
            &[("13", "baseline nights must be 14-365, got 13")],
        );
        assert_eq!(Routine::parse_baseline_nights("14"), Ok(14));
        assert_eq!(Routine::parse_baseline_nights("28"), Ok(28));
    }
}
