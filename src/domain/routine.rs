//! The deep-tissue routine: a start date, a length in weeks, a weekly session target, and the
//! baseline nights before it that it is compared with.

use super::Invalid;
use super::session::parse_count;
use chrono::{Duration, NaiveDate};

pub const DEFAULT_WEEKS: u8 = 4;
pub const DEFAULT_PER_WEEK: u8 = 5;
pub const DEFAULT_BASELINE_NIGHTS: u16 = 28;
/// Fewer logged baseline nights than this make the before/after comparison weak.
pub const MIN_BASELINE_NIGHTS: usize = 14;

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
        parse_count("weeks", raw, 1, 12).map(|v| v as u8)
    }

    pub fn parse_per_week(raw: &str) -> Result<u8, Invalid> {
        parse_count("sessions per week (--per-week)", raw, 1, 14).map(|v| v as u8)
    }

    pub fn parse_baseline_nights(raw: &str) -> Result<u16, Invalid> {
        parse_count("baseline nights", raw, 7, 365).map(|v| v as u16)
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

    /// Whether the two routines share a day.
    pub fn overlaps(&self, other: &Routine) -> bool {
        self.start <= other.end() && other.start <= self.end()
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

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

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
    fn overlap_is_any_shared_day() {
        let a = Routine::new(day("2026-11-02"), 4, 5, 28);
        assert!(a.overlaps(&Routine::new(day("2026-11-29"), 4, 5, 28)));
        assert!(!a.overlaps(&Routine::new(day("2026-11-30"), 4, 5, 28)));
        assert!(a.overlaps(&Routine::new(day("2026-10-10"), 4, 5, 28)));
    }

    #[test]
    fn parameters_have_ranges() {
        assert_eq!(
            Routine::parse_weeks("0").unwrap_err().0,
            "weeks must be 1-12, got 0"
        );
        assert!(Routine::parse_per_week("15").is_err());
        assert!(Routine::parse_baseline_nights("3").is_err());
        assert_eq!(Routine::parse_baseline_nights("28"), Ok(28));
    }
}
