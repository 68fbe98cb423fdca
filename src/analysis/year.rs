//! A year at a glance: every night of one calendar year as cramps (by count), cramp-free, not
//! logged or excluded, with the routines' phases and the experiments' on and off weeks marked.

use super::phases::NightSummary;
use crate::domain::NightStatus;
use crate::domain::experiment::{Arm, Experiment};
use crate::domain::routine::Routine;
use chrono::{Datelike, Duration, NaiveDate};

/// What one night of the calendar holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Logged with this many cramps (one or more).
    Cramps(u32),
    CrampFree,
    Excluded,
    /// Over, after the diary began, and not logged: missing, never zero.
    NotLogged,
    /// Before the diary's first night.
    BeforeDiary,
    /// Not over yet.
    NotOver,
}

/// What the person was doing on a night, when anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    Baseline,
    Routine,
    /// An experiment's "on" week (the routine or the intervention).
    ExperimentOn,
    /// An experiment's "off" week (rest).
    ExperimentOff,
}

impl SpanKind {
    pub fn words(self) -> &'static str {
        match self {
            SpanKind::Baseline => "baseline",
            SpanKind::Routine => "routine",
            SpanKind::ExperimentOn => "experiment on-week",
            SpanKind::ExperimentOff => "experiment off-week",
        }
    }
}

/// Nights `from..=to` marked as `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: SpanKind,
}

/// The baselines and routines of every routine, and every experiment week that ran.
pub fn spans(routines: &[Routine], experiments: &[Experiment]) -> Vec<Span> {
    let mut out = Vec::new();
    for r in routines {
        out.push(Span {
            from: r.baseline_start(),
            to: r.baseline_end(),
            kind: SpanKind::Baseline,
        });
        out.push(Span {
            from: r.start,
            to: r.end(),
            kind: SpanKind::Routine,
        });
    }
    for e in experiments.iter().filter(|e| !e.is_cancelled()) {
        for week in 1..=e.weeks() {
            let (from, to) = e.week_range(week);
            let Some(arm) = e.arm_on(from) else { break };
            out.push(Span {
                from,
                to: to.min(e.end()),
                kind: match arm {
                    Arm::On => SpanKind::ExperimentOn,
                    Arm::Off => SpanKind::ExperimentOff,
                },
            });
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearNight {
    pub date: NaiveDate,
    pub mark: Mark,
    pub span: Option<SpanKind>,
}

/// Totals for the year, so the calendar can say what it shows in words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearCounts {
    pub cramps: u32,
    pub cramp_nights: u32,
    pub cramp_free: u32,
    pub excluded: u32,
    pub not_logged: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearView {
    pub year: i32,
    /// Twelve months, each its nights from the 1st.
    pub months: Vec<Vec<YearNight>>,
    pub counts: YearCounts,
}

impl YearView {
    /// `nights` holds the year's logged nights (others are ignored); `began` is the diary's
    /// first night and `due` the last night that is over.
    pub fn compute(
        year: i32,
        nights: &[NightSummary],
        began: Option<NaiveDate>,
        due: NaiveDate,
        spans: &[Span],
    ) -> Self {
        let mut counts = YearCounts::default();
        let mut logged = nights
            .iter()
            .filter(|n| n.night_of.year() == year)
            .peekable();
        let months = (1..=12)
            .map(|m| {
                let first = NaiveDate::from_ymd_opt(year, m, 1).unwrap_or(NaiveDate::MIN);
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, m + 1, 1)
                }
                .unwrap_or(first);
                let days = (next - first).num_days();
                (0..days)
                    .map(|i| {
                        let date = first + Duration::days(i);
                        while logged.peek().is_some_and(|n| n.night_of < date) {
                            logged.next();
                        }
                        let row = logged.peek().filter(|n| n.night_of == date);
                        let mark = match row.map(|n| (n.status, n.cramps)) {
                            Some((NightStatus::Cramps, c)) => Mark::Cramps(c.max(1)),
                            Some((NightStatus::None, _)) => Mark::CrampFree,
                            Some((NightStatus::Excluded, _)) => Mark::Excluded,
                            None if date > due => Mark::NotOver,
                            None if began.is_none_or(|b| date < b) => Mark::BeforeDiary,
                            None => Mark::NotLogged,
                        };
                        match mark {
                            Mark::Cramps(c) => {
                                counts.cramps += c;
                                counts.cramp_nights += 1;
                            }
                            Mark::CrampFree => counts.cramp_free += 1,
                            Mark::Excluded => counts.excluded += 1,
                            Mark::NotLogged => counts.not_logged += 1,
                            Mark::BeforeDiary | Mark::NotOver => {}
                        }
                        let span = spans
                            .iter()
                            .find(|s| s.from <= date && date <= s.to)
                            .map(|s| s.kind);
                        YearNight { date, mark, span }
                    })
                    .collect()
            })
            .collect();
        Self {
            year,
            months,
            counts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    fn mark(v: &YearView, d: &str) -> YearNight {
        let d = day(d);
        v.months[d.month0() as usize][d.day0() as usize]
    }

    #[test]
    fn every_kind_of_night_is_told_apart() {
        let nights = vec![
            NightSummary::counted(day("2026-03-02"), 3),
            NightSummary::counted(day("2026-03-03"), 0),
            NightSummary {
                status: NightStatus::Excluded,
                ..NightSummary::counted(day("2026-03-05"), 0)
            },
        ];
        let v = YearView::compute(
            2026,
            &nights,
            Some(day("2026-03-02")),
            day("2026-03-06"),
            &[],
        );
        assert_eq!(v.months.len(), 12);
        assert_eq!(v.months[1].len(), 28);
        assert_eq!(mark(&v, "2026-03-01").mark, Mark::BeforeDiary);
        assert_eq!(mark(&v, "2026-03-02").mark, Mark::Cramps(3));
        assert_eq!(mark(&v, "2026-03-03").mark, Mark::CrampFree);
        assert_eq!(mark(&v, "2026-03-04").mark, Mark::NotLogged);
        assert_eq!(mark(&v, "2026-03-05").mark, Mark::Excluded);
        assert_eq!(mark(&v, "2026-03-06").mark, Mark::NotLogged);
        assert_eq!(mark(&v, "2026-03-07").mark, Mark::NotOver);
        assert_eq!(
            v.counts,
            YearCounts {
                cramps: 3,
                cramp_nights: 1,
                cramp_free: 1,
                excluded: 1,
                not_logged: 2
            }
        );
    }

    #[test]
    fn routines_and_experiments_are_marked() {
        let routine = Routine::new(day("2026-02-02"), 4, 5, 28);
        let experiment = Experiment {
            intervention: crate::domain::intervention::Intervention::Routine,
            start: day("2026-06-01"),
            pairs: 2,
            washout_nights: 0,
            schedule: vec![Arm::Off, Arm::On, Arm::On, Arm::Off],
            stopped_on: Some(day("2026-06-17")),
        };
        let s = spans(&[routine], &[experiment]);
        let v = YearView::compute(2026, &[], Some(day("2026-01-01")), day("2026-12-31"), &s);
        assert_eq!(mark(&v, "2026-01-04").span, None);
        assert_eq!(mark(&v, "2026-01-05").span, Some(SpanKind::Baseline));
        assert_eq!(mark(&v, "2026-02-02").span, Some(SpanKind::Routine));
        assert_eq!(mark(&v, "2026-03-01").span, Some(SpanKind::Routine));
        assert_eq!(mark(&v, "2026-03-02").span, None);
        assert_eq!(mark(&v, "2026-06-01").span, Some(SpanKind::ExperimentOff));
        assert_eq!(mark(&v, "2026-06-08").span, Some(SpanKind::ExperimentOn));
        assert_eq!(mark(&v, "2026-06-17").span, Some(SpanKind::ExperimentOn));
        // Stopped on the 17th: nothing after it is marked.
        assert_eq!(mark(&v, "2026-06-18").span, None);
    }
}
