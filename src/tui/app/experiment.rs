//! The on/off experiment's screen, and the question a deep-tissue session in a rest week asks.

use super::{App, Screen, Tone};
use crate::domain::dates::long_date;
use crate::domain::experiment::{Arm, DEFAULT_PAIRS, is_deep_tissue};
use crate::domain::session::MassageSession;
use crate::tui::action::Action;
use crate::tui::screens::experiment::Pending;
use color_eyre::eyre::Result;

impl App {
    /// The plan's figures (with its simulated power) for the experiment screen, when there is
    /// no experiment and they are not worked out yet.
    pub(super) fn refresh_plan(&mut self) -> Result<()> {
        if self.experiment.is_none() && self.experiment_plan.is_none() {
            let (due, today) = (self.clock.due_night(), self.clock.today());
            self.experiment_plan = Some(crate::experiment::plan_figures(
                Some(&self.store),
                due,
                today,
                DEFAULT_PAIRS,
                0,
            )?);
        }
        Ok(())
    }

    pub(super) fn on_experiment(&mut self, pending: Pending, action: Action) -> Result<Screen> {
        let mut next = Screen::Experiment {
            pending: Pending::Nothing,
        };
        match action {
            Action::StartExperiment if self.experiment_blocks_start() => {}
            Action::StartExperiment if pending == Pending::Start => {
                let today = self.clock.today();
                let exp = crate::experiment::draw(today, DEFAULT_PAIRS, 0)?;
                if self
                    .write(|s, stamp| s.start_experiment(&exp, stamp))?
                    .is_some()
                {
                    self.say(
                        Tone::Info,
                        format!(
                            "Started: {} pairs from {} to {}. Week 1 is a {}.",
                            exp.pairs,
                            long_date(exp.start),
                            long_date(exp.planned_end()),
                            exp.schedule[0].instruction()
                        ),
                    );
                }
            }
            Action::StartExperiment => {
                next = Screen::Experiment {
                    pending: Pending::Start,
                };
            }
            Action::StopExperiment => {
                let today = self.clock.today();
                let running = self
                    .experiment
                    .as_ref()
                    .filter(|v| v.stored.item.experiment.is_running(today))
                    .map(|v| v.stored.uid.clone());
                match running {
                    None => self.say(Tone::Info, "No experiment is running today."),
                    Some(_) if pending != Pending::Stop => {
                        next = Screen::Experiment {
                            pending: Pending::Stop,
                        };
                    }
                    Some(uid) => {
                        if self
                            .write(|s, stamp| s.stop_experiment(&uid, today, stamp))?
                            .is_some()
                        {
                            self.say(
                                Tone::Info,
                                format!(
                                    "Stopped the experiment: its last day is {}.",
                                    long_date(today)
                                ),
                            );
                        }
                    }
                }
            }
            Action::Cancel => next = Screen::Dashboard,
            Action::Down | Action::Up => self.scroll_page(action),
            _ => {}
        }
        Ok(next)
    }

    /// An experiment that has not ended yet cannot be joined by another; says so.
    fn experiment_blocks_start(&mut self) -> bool {
        let today = self.clock.today();
        let open = self
            .experiment
            .as_ref()
            .filter(|v| v.stored.item.experiment.end() >= today)
            .map(|v| v.stored.item.experiment.end());
        if let Some(end) = open {
            self.say(
                Tone::Info,
                format!(
                    "An experiment is already planned or running until {}.",
                    long_date(end)
                ),
            );
        }
        open.is_some()
    }

    /// A new deep-tissue session on a day of a rest week, not yet asked about.
    /// Deep-tissue work on a day of a rest week of the experiment: a deviation.
    pub(super) fn is_rest_week_work(&self, session: &MassageSession) -> bool {
        let rest = self
            .experiment
            .as_ref()
            .and_then(|v| v.arm_on(session.at.date()))
            == Some(Arm::Rest);
        rest && is_deep_tissue(session.technique)
    }

    pub(super) fn asks_about_rest_week(&mut self, session: &MassageSession) -> bool {
        let ask = self.is_rest_week_work(session) && !self.rest_week_asked;
        if ask {
            self.rest_week_asked = true;
        }
        ask
    }

    pub(super) fn rest_week_question(&self, session: &MassageSession) -> String {
        let week = self
            .experiment
            .as_ref()
            .and_then(|v| v.stored.item.experiment.week_of(session.at.date()))
            .unwrap_or(1);
        format!(
            "Week {week} of your experiment is a rest week (no deep-tissue work). Press Enter again to save it anyway (it counts as a deviation), or Esc to leave it."
        )
    }
}
