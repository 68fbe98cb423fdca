//! Routines and on/off experiments each run over days, and only one of them runs on any day:
//! the one home of that rule, applied when either is started and on every import.

use super::Invalid;
use super::experiment::Experiment;
use super::routine::Routine;
use chrono::NaiveDate;

/// What runs over the days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    Routine,
    Experiment,
}

impl Plan {
    /// As a sentence names one that is already there.
    fn named(self) -> &'static str {
        match self {
            Self::Routine => "routine",
            Self::Experiment => "on/off experiment",
        }
    }

    /// The command that stops it.
    fn command(self) -> &'static str {
        match self {
            Self::Routine => "routine",
            Self::Experiment => "experiment",
        }
    }
}

/// The days a routine or an experiment runs, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub plan: Plan,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// A routine's days, to its stop if it was stopped early.
    pub fn of_routine(r: &Routine) -> Self {
        Self {
            plan: Plan::Routine,
            first: r.start,
            last: r.end(),
        }
    }

    /// An experiment's days, to its stop; none when it was cancelled before it began.
    pub fn of_experiment(e: &Experiment) -> Option<Self> {
        (!e.is_cancelled()).then(|| Self {
            plan: Plan::Experiment,
            first: e.start,
            last: e.end(),
        })
    }

    /// Whether the two share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    /// Refuses `new`, which would share a day with this one, already in the diary.
    pub fn refuses_start(&self, new: &Period) -> Invalid {
        Invalid::new(format!(
            "a{} {} runs from {} to {}, which overlaps {} to {}; only one routine or experiment runs at a time, so stop it (`cramp {} stop`) or start after {}",
            if self.plan == Plan::Routine { "" } else { "n" },
            self.plan.named(),
            self.first,
            self.last,
            new.first,
            new.last,
            self.plan.command(),
            self.last
        ))
    }

    /// Why an imported one cannot join `other` (`where` says where that one is).
    pub fn refuses_import(&self, other: &Period, place: &str) -> String {
        format!(
            "it runs from {} to {}, which overlaps the {} from {} to {} {place}; only one routine or experiment runs at a time",
            self.first,
            self.last,
            other.plan.named(),
            other.first,
            other.last
        )
    }
}

/// The first one of `existing` that shares a day with `new`.
pub fn first_clash<'a>(existing: &'a [Period], new: &Period) -> Option<&'a Period> {
    existing.iter().find(|p| p.overlaps(new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::day;

    #[test]
    fn a_routine_and_an_experiment_clash_on_any_shared_day_either_way() {
        let routine = Period::of_routine(&Routine::new(day("2026-11-02"), 4, 5, 28));
        let mut exp = Experiment {
            intervention: crate::domain::intervention::Intervention::Routine,
            start: day("2026-11-29"),
            pairs: 2,
            washout_nights: 0,
            schedule: Experiment::parse_schedule("routine,rest,rest,routine", 2).unwrap(),
            stopped_on: None,
        };
        let experiment = Period::of_experiment(&exp).unwrap();
        assert!(routine.overlaps(&experiment) && experiment.overlaps(&routine));
        assert_eq!(first_clash(&[routine], &experiment), Some(&routine));
        assert_eq!(
            routine.refuses_start(&experiment).0,
            "a routine runs from 2026-11-02 to 2026-11-29, which overlaps 2026-11-29 to 2026-12-26; only one routine or experiment runs at a time, so stop it (`cramp routine stop`) or start after 2026-11-29"
        );
        assert_eq!(
            experiment.refuses_start(&routine).0,
            "an on/off experiment runs from 2026-11-29 to 2026-12-26, which overlaps 2026-11-02 to 2026-11-29; only one routine or experiment runs at a time, so stop it (`cramp experiment stop`) or start after 2026-12-26"
        );
        // The day after the routine's end is free; an experiment cancelled before it began
        // takes no day at all.
        exp.start = day("2026-11-30");
        assert!(!routine.overlaps(&Period::of_experiment(&exp).unwrap()));
        exp.start = day("2026-11-10");
        exp.stopped_on = Some(day("2026-11-10"));
        assert_eq!(Period::of_experiment(&exp), None);
    }

    #[test]
    fn two_routines_overlap_on_any_shared_day() {
        let a = Period::of_routine(&Routine::new(day("2026-11-02"), 4, 5, 28));
        let b = |start| Period::of_routine(&Routine::new(day(start), 4, 5, 28));
        assert!(a.overlaps(&b("2026-11-29")));
        assert!(!a.overlaps(&b("2026-11-30")));
        assert!(a.overlaps(&b("2026-10-10")));
        // Stopped early, the days after its stop are free.
        let mut stopped = Routine::new(day("2026-11-02"), 4, 5, 28);
        stopped.stopped_on = Some(day("2026-11-10"));
        assert!(!Period::of_routine(&stopped).overlaps(&b("2026-11-11")));
    }
}
