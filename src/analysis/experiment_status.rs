//! Living with an experiment: this week's arm in words, days left, adherence so far.

use super::experiment::{WeekResult, WeekState};
use crate::domain::experiment::{Arm, Experiment};
use crate::domain::intervention::Intervention;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExperimentStage {
    NotStarted {
        days_until: i64,
        first: Arm,
    },
    Running {
        week: u8,
        weeks: u8,
        arm: Arm,
        /// Days after today in this week (to the stop, when it comes first).
        days_left: i64,
        /// Days with the intervention so far this week.
        done_days: u32,
        /// A stop already recorded for today or a later day: the experiment's last day.
        stop: Option<NaiveDate>,
    },
    Finished {
        ended: NaiveDate,
        stopped_early: bool,
    },
    /// Stopped before its first day: it never ran.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExperimentNow {
    pub intervention: Intervention,
    pub stage: ExperimentStage,
    /// Days with the intervention in on weeks that have begun, and the days asked for in them.
    pub on_days: (u32, u32),
    /// The intervention in off weeks that have begun (sessions, or days answered "yes").
    pub deviations: u32,
    /// A daily habit's nights that are over and not answered, in weeks that have begun.
    pub unanswered: u32,
}

use crate::format::count as plural;

/// "4 days left in this week", or with a stop recorded "stopped: today is its last day" /
/// "stopped: its last day is Sun 7 Feb 2027, 2 days left".
pub fn days_left_words(days_left: i64, stop: Option<NaiveDate>) -> String {
    match (stop, days_left) {
        (Some(_), 0) => "stopped: today is its last day".to_string(),
        (Some(s), n) => format!(
            "stopped: its last day is {}, {} left",
            crate::domain::dates::long_date(s),
            plural(n, "day", "days")
        ),
        (None, 0) => "last day of this week".to_string(),
        (None, n) => format!("{} left in this week", plural(n, "day", "days")),
    }
}

impl ExperimentNow {
    pub fn compute(exp: &Experiment, weeks: &[WeekResult], today: NaiveDate) -> Self {
        let begun = || {
            weeks
                .iter()
                .filter(|w| w.from <= today && w.state != WeekState::Cut)
        };
        let stage = if exp.is_cancelled() {
            ExperimentStage::Cancelled
        } else if today < exp.start {
            ExperimentStage::NotStarted {
                days_until: (exp.start - today).num_days(),
                first: exp.schedule[0],
            }
        } else if today > exp.end() {
            ExperimentStage::Finished {
                ended: exp.end(),
                stopped_early: exp.is_stopped_early(),
            }
        } else {
            let week = exp.week_of(today).unwrap_or(1);
            let current = &weeks[usize::from(week) - 1];
            let stop = exp.stopped_on;
            let last = stop.map_or(current.to, |s| s.min(current.to));
            ExperimentStage::Running {
                week,
                weeks: exp.weeks(),
                arm: current.arm,
                days_left: (last - today).num_days(),
                done_days: current.tally.done_days,
                stop,
            }
        };
        Self {
            intervention: exp.intervention.clone(),
            stage,
            on_days: begun()
                .filter(|w| w.arm == Arm::On)
                .fold((0, 0), |(d, t), w| {
                    (d + w.tally.done_days, t + w.tally.target_days)
                }),
            deviations: begun().map(|w| w.tally.deviations).sum(),
            unanswered: begun().map(|w| w.tally.unanswered).sum(),
        }
    }

    /// "Experiment (foam roller), week 3 of 16: on week — foam roller on about 5 days · 4 days
    /// left in this week"
    pub fn headline(&self) -> String {
        let name = self.intervention.name();
        match &self.stage {
            ExperimentStage::NotStarted { days_until, first } => format!(
                "Experiment ({name}) starts in {}: week 1 is an {}",
                plural(*days_until, "day", "days"),
                first.instruction(&self.intervention)
            ),
            ExperimentStage::Running {
                week,
                weeks,
                arm,
                days_left,
                stop,
                ..
            } => {
                let left = days_left_words(*days_left, *stop);
                format!(
                    "Experiment ({name}), week {week} of {weeks}: {} · {left}",
                    arm.instruction(&self.intervention)
                )
            }
            ExperimentStage::Finished {
                ended,
                stopped_early,
            } => format!(
                "Experiment ({name}) {} {}",
                if *stopped_early {
                    "stopped early; its last day was"
                } else {
                    "finished on"
                },
                crate::domain::dates::long_date(*ended)
            ),
            ExperimentStage::Cancelled => {
                format!("Experiment ({name}) cancelled before it began")
            }
        }
    }

    /// Whether a stop can still be recorded: it runs today and has none.
    pub fn can_stop(&self) -> bool {
        matches!(self.stage, ExperimentStage::Running { stop: None, .. })
    }

    /// The one adherence line: what it counts, over the weeks that have begun. "Adherence so
    /// far: 7 of 10 foam roller days asked for in on weeks (this week 2 of 5) · no foam roller
    /// in off weeks"
    pub fn adherence_line(&self) -> String {
        let (done, target) = self.on_days;
        let unit = self.intervention.unit();
        let this_week = match &self.stage {
            ExperimentStage::Running {
                arm: Arm::On,
                done_days,
                ..
            } => format!(
                " (this week {done_days} of {})",
                self.intervention.target_per_week()
            ),
            _ => String::new(),
        };
        let deviations = match (self.deviations, self.intervention.is_daily()) {
            (0, _) => format!("{} in off weeks", self.intervention.none()),
            (n, true) => format!("{} in off weeks", plural(n, "day with it", "days with it")),
            (n, false) => format!("{} in off weeks", plural(n, "session", "sessions")),
        };
        let unanswered = match self.unanswered {
            0 => String::new(),
            n => format!(" · {} not answered", plural(n, "night", "nights")),
        };
        let so_far = match self.stage {
            ExperimentStage::Finished { .. } => "",
            _ => " so far",
        };
        format!(
            "Adherence{so_far}: {done} of {target} {unit} asked for in on weeks{this_week} · {deviations}{unanswered}"
        )
    }
}
