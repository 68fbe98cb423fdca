//! The on/off experiment's screen, the question a session of its intervention in an off week
//! asks, and a daily habit's morning question.

use super::{App, Screen, Tone};
use crate::domain::dates::long_date;
use crate::domain::experiment::{Answer, Arm};
use crate::domain::intervention::{Intervention, SUGGESTED_DAILY};
use crate::domain::session::{MassageSession, Technique};
use crate::tui::action::Action;
use crate::tui::screens::experiment::Pending;
use chrono::NaiveDate;
use color_eyre::eyre::Result;

/// What the `i` key cycles through on the plan: the routine, each technique, the suggested
/// daily habits (any other name: `cramp experiment start --daily NAME`).
pub fn intervention_choices() -> Vec<Intervention> {
    std::iter::once(Intervention::Routine)
        .chain(Technique::ALL.iter().map(|t| Intervention::Technique(*t)))
        .chain(
            SUGGESTED_DAILY
                .iter()
                .map(|n| Intervention::Daily((*n).to_string())),
        )
        .collect()
}

impl App {
    /// Whether the screen offers a new experiment: none yet, or the live one is over.
    pub(super) fn offers_new_experiment(&self) -> bool {
        self.data.experiment.as_ref().is_none_or(|v| v.is_over())
    }

    /// The plan's figures (with its simulated power) for the experiment screen, when a new
    /// experiment is offered and they are not worked out yet.
    pub(super) fn refresh_plan(&mut self) -> Result<()> {
        if self.offers_new_experiment() && self.data.experiment_plan.is_none() {
            let (due, today) = (self.clock.due_night(), self.clock.today());
            let plan = crate::experiment::plan_figures(
                Some(&self.diary.store),
                due,
                today,
                crate::domain::experiment::DEFAULT_PAIRS,
                0,
            )?;
            // Start the length the plan recommends, with its own figures.
            let plan = if plan.recommended == plan.pairs {
                plan
            } else {
                crate::analysis::experiment_plan::PlanFigures {
                    pairs: plan.recommended,
                    weeks: plan.recommended * 2,
                    smallest_p: crate::domain::experiment::smallest_p(plan.recommended),
                    ..plan
                }
            };
            self.data.experiment_plan = Some(plan);
        }
        Ok(())
    }

    pub(super) fn on_experiment(&mut self, pending: Pending, action: Action) -> Result<Screen> {
        let mut next = Screen::Experiment {
            pending: Pending::Nothing,
        };
        match action {
            Action::StartExperiment if self.experiment_blocks_start() => {}
            Action::StartExperiment if pending == Pending::Start => self.start_planned()?,
            Action::StartExperiment => {
                next = Screen::Experiment {
                    pending: Pending::Start,
                };
            }
            Action::CycleIntervention if self.offers_new_experiment() => {
                let choices = intervention_choices();
                let at = choices
                    .iter()
                    .position(|i| *i == self.view.plan_intervention)
                    .map_or(0, |i| (i + 1) % choices.len());
                self.view.plan_intervention = choices[at].clone();
            }
            Action::StopExperiment => self.stop_running(pending, &mut next)?,
            Action::Cancel => next = Screen::Dashboard,
            Action::Down | Action::Up => self.scroll_page(action),
            _ => {}
        }
        Ok(next)
    }

    fn start_planned(&mut self) -> Result<()> {
        let today = self.clock.today();
        let pairs = self
            .data
            .experiment_plan
            .as_ref()
            .map_or(crate::domain::experiment::DEFAULT_PAIRS, |p| p.pairs);
        let exp = crate::experiment::draw(self.view.plan_intervention.clone(), today, pairs, 0)?;
        if self
            .write(|s, stamp| s.start_experiment(&exp, stamp))?
            .is_some()
        {
            self.say(
                Tone::Info,
                format!(
                    "Started: {} pairs of {} from {} to {}. Week 1 is an {}.",
                    exp.pairs,
                    exp.intervention.name(),
                    long_date(exp.start),
                    long_date(exp.planned_end()),
                    exp.schedule[0].instruction(&exp.intervention)
                ),
            );
        }
        Ok(())
    }

    fn stop_running(&mut self, pending: Pending, next: &mut Screen) -> Result<()> {
        let today = self.clock.today();
        let running = self
            .data
            .experiment
            .as_ref()
            .filter(|v| v.now.can_stop())
            .map(|v| v.stored.uid.clone());
        let stop = self
            .data
            .experiment
            .as_ref()
            .filter(|v| !v.is_over())
            .and_then(|v| v.experiment().stopped_on);
        match (running, stop) {
            (None, Some(stop)) => self.say(
                Tone::Info,
                format!(
                    "The experiment already has a stop: its last day is {}; a stop is final.",
                    long_date(stop)
                ),
            ),
            (None, None) => self.say(Tone::Info, "No experiment is running today."),
            (Some(_), _) if pending != Pending::Stop => {
                *next = Screen::Experiment {
                    pending: Pending::Stop,
                };
            }
            (Some(uid), _) => {
                if self
                    .write(|s, stamp| s.stop_experiment(&uid, today, stamp))?
                    .is_some()
                {
                    self.say(
                        Tone::Info,
                        format!(
                            "Stopped the experiment: its last day is {}; the stop is final.",
                            long_date(today)
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    /// An experiment that has not ended yet cannot be joined by another; says so.
    fn experiment_blocks_start(&mut self) -> bool {
        if self.offers_new_experiment() {
            return false;
        }
        let end = self.data.experiment.as_ref().map(|v| v.experiment().end());
        if let Some(end) = end {
            self.say(
                Tone::Info,
                format!(
                    "An experiment is already planned or running until {}.",
                    long_date(end)
                ),
            );
        }
        true
    }

    /// A session of the experiment's intervention on a day of an off week: a deviation.
    pub(super) fn is_rest_week_work(&self, session: &MassageSession) -> bool {
        self.data.experiment.as_ref().is_some_and(|v| {
            v.arm_on(session.at.date()) == Some(Arm::Off)
                && v.intervention().counts_session(session.technique)
        })
    }

    pub(super) fn asks_about_rest_week(&mut self, session: &MassageSession) -> bool {
        let ask = self.is_rest_week_work(session) && !self.asked.rest_week_asked;
        if ask {
            self.asked.rest_week_asked = true;
        }
        ask
    }

    pub(super) fn rest_week_question(&self, session: &MassageSession) -> String {
        let (week, off) = self
            .data
            .experiment
            .as_ref()
            .map_or((1, String::new()), |v| {
                (
                    v.experiment().week_of(session.at.date()).unwrap_or(1),
                    Arm::Off.instruction(v.intervention()),
                )
            });
        format!(
            "Week {week} of your experiment is an {off}. Press Enter again to save it anyway (it counts as a deviation), or Esc to leave it."
        )
    }

    /// The daily habit's question for `night`, when a daily-habit experiment holds that night.
    pub fn habit_question(&self, night: NaiveDate) -> Option<String> {
        let v = self.data.experiment.as_ref()?;
        v.experiment().check_answer_night("night", night).ok()?;
        v.intervention().question_for(night, self.clock.today())
    }

    /// The answer already given for `night`, if any.
    pub fn habit_answer(&self, night: NaiveDate) -> Option<bool> {
        self.data
            .experiment
            .as_ref()?
            .answers
            .iter()
            .copied()
            .find(|(d, _)| *d == night)
            .map(|(_, done)| done)
    }

    /// `y`/`n` on the habit question: saved, then on to `then`.
    pub(super) fn on_habit(
        &mut self,
        night: NaiveDate,
        then: Screen,
        action: Action,
    ) -> Result<Screen> {
        let done = match action {
            Action::AnswerYes => true,
            Action::AnswerNo => false,
            Action::Cancel => return Ok(then),
            _ => {
                return Ok(Screen::Habit {
                    night,
                    then: Box::new(then),
                });
            }
        };
        let Some(uid) = self.data.experiment.as_ref().map(|v| v.stored.uid.clone()) else {
            return Ok(then);
        };
        let answer = Answer {
            experiment: uid,
            night_of: night,
            done,
        };
        let done_on = self
            .data
            .experiment
            .as_ref()
            .map(|v| v.intervention().done_on(night))
            .unwrap_or_default();
        if self.write(|s, stamp| s.answer(&answer, stamp))?.is_some() {
            self.say(
                Tone::Info,
                format!("Saved: {done_on}: {}.", if done { "yes" } else { "no" }),
            );
        }
        Ok(then)
    }
}
