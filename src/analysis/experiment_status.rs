//! Living with an experiment: this week's arm in words, days left, adherence so far.

use super::experiment::{WeekResult, WeekState};
use crate::domain::experiment::{Arm, Experiment};
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
        /// Days after today in this week.
        days_left: i64,
        /// Deep-tissue days so far this week.
        deep_days: u32,
    },
    Finished {
        ended: NaiveDate,
        stopped_early: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExperimentNow {
    pub stage: ExperimentStage,
    /// Deep-tissue days in routine weeks that have begun, and the days asked for in them.
    pub routine_days: (u32, u32),
    /// Deep-tissue sessions logged in rest weeks.
    pub deviations: u32,
}

use crate::format::count as plural;

impl ExperimentNow {
    pub fn compute(exp: &Experiment, weeks: &[WeekResult], today: NaiveDate) -> Self {
        let begun = || {
            weeks
                .iter()
                .filter(|w| w.from <= today && w.state != WeekState::Cut)
        };
        let stage = if exp.is_cancelled() {
            ExperimentStage::Finished {
                ended: exp.start,
                stopped_early: true,
            }
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
            ExperimentStage::Running {
                week,
                weeks: exp.weeks(),
                arm: current.arm,
                days_left: (current.to - today).num_days(),
                deep_days: current.deep_days,
            }
        };
        Self {
            stage,
            routine_days: begun()
                .filter(|w| w.arm == Arm::Routine)
                .fold((0, 0), |(d, t), w| (d + w.deep_days, t + w.target_days)),
            deviations: begun().map(|w| w.deviations).sum(),
        }
    }

    /// "Experiment week 3 of 12: routine week — about 5 sessions · 2 of 5 days done · 4 days left"
    pub fn headline(&self) -> String {
        match &self.stage {
            ExperimentStage::NotStarted { days_until, first } => format!(
                "Experiment starts in {}: week 1 is a {}",
                plural(*days_until, "day", "days"),
                first.instruction()
            ),
            ExperimentStage::Running {
                week,
                weeks,
                arm,
                days_left,
                deep_days,
            } => {
                let done = match arm {
                    Arm::Routine => format!(
                        " · {deep_days} of {} days done",
                        crate::domain::experiment::ROUTINE_DAYS_PER_WEEK
                    ),
                    Arm::Rest => String::new(),
                };
                let left = match days_left {
                    0 => "last day of this week".to_string(),
                    n => format!("{} left in this week", plural(*n, "day", "days")),
                };
                format!(
                    "Experiment week {week} of {weeks}: {}{done} · {left}",
                    arm.instruction()
                )
            }
            ExperimentStage::Finished {
                ended,
                stopped_early,
            } => format!(
                "Experiment {} {ended}: see `cramp experiment` for the result",
                if *stopped_early {
                    "stopped"
                } else {
                    "finished"
                }
            ),
        }
    }

    /// "adherence so far: 7 of 10 routine days · 1 deviation": the short form under the week's
    /// arm on the check-in and the dashboard.
    pub fn adherence_short(&self) -> String {
        let (done, target) = self.routine_days;
        let deviations = match self.deviations {
            0 => "no deviations".to_string(),
            n => plural(n, "deviation", "deviations"),
        };
        format!("adherence so far: {done} of {target} routine days · {deviations}")
    }

    /// "Adherence so far: 7 of 10 routine days · 1 deep-tissue session in rest weeks (deviation)"
    pub fn adherence_line(&self) -> String {
        let (done, target) = self.routine_days;
        let deviations = match self.deviations {
            0 => "no deep-tissue sessions in rest weeks".to_string(),
            n => format!(
                "{} in rest weeks (deviations)",
                plural(n, "deep-tissue session", "deep-tissue sessions")
            ),
        };
        format!("Adherence so far: {done} of {target} routine days · {deviations}")
    }
}
