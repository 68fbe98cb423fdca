//! The insights screens: opened with `i`, computed once when first opened and again after every
//! save (never per frame or key); `t` turns a factor into a "Test it" plan.

use super::{App, Screen, Tone};
use crate::analysis::insights::test_it::TestPlan;
use crate::report::insights::test_plan_lines;
use crate::tui::action::Action;
use chrono::Datelike;
use color_eyre::eyre::Result;

impl App {
    /// Works the page out from the diary (after a load or a save).
    pub(super) fn compute_insights(&mut self) -> Result<()> {
        self.data.insights = Some(crate::store::load_insights(
            &self.diary.store,
            self.clock.due_night(),
            self.clock.evening_hour(),
        )?);
        Ok(())
    }

    /// `i` from a browsing screen.
    pub(super) fn open_insights(&mut self) -> Result<Screen> {
        if self.data.insights.is_none() {
            self.compute_insights()?;
        }
        self.view.page_scroll = 0;
        Ok(Screen::Insights { selected: 0 })
    }

    pub(super) fn on_insights(&mut self, selected: usize, action: Action) -> Result<Screen> {
        let Some(page) = &self.data.insights else {
            return Ok(Screen::Dashboard);
        };
        let factors = &page.insights.factors;
        self.view.page_scroll = 0;
        Ok(match action {
            Action::Down => Screen::Insights {
                selected: (selected + 1).min(factors.len().saturating_sub(1)),
            },
            Action::Up => Screen::Insights {
                selected: selected.saturating_sub(1),
            },
            Action::OpenPatterns => Screen::Patterns { selected },
            Action::OpenYear => Screen::Year {
                year: page.due.year(),
                selected,
            },
            Action::TestIt => match factors.get(selected) {
                Some(f) => {
                    let recent = page.recent(page.due);
                    match TestPlan::for_factor(&f.factor, recent) {
                        Some(plan) => {
                            let mut lines = test_plan_lines(&plan);
                            if self.offers_new_experiment() {
                                // `o` shows this plan on the experiment screen; `n` starts it.
                                self.view.plan_intervention = plan.intervention.clone();
                                lines.push(
                                    "Or here: o opens the experiment screen with this plan, where n (twice) starts it."
                                        .into(),
                                );
                            } else {
                                lines.push(
                                    "An experiment is running (o shows it): one at a time, so this plan can start when it is over."
                                        .into(),
                                );
                            }
                            Screen::TestIt { lines, selected }
                        }
                        None => {
                            self.say(
                                Tone::Info,
                                format!(
                                    "{} is not something to switch on and off for a week at a time, so there is no experiment for it; medication changes are for your doctor.",
                                    capitalised(&f.factor.name())
                                ),
                            );
                            Screen::Insights { selected }
                        }
                    }
                }
                None => Screen::Insights { selected },
            },
            Action::Cancel => Screen::Dashboard,
            _ => Screen::Insights { selected },
        })
    }

    /// The patterns, the year and a plan: j/k scroll, Esc goes back to the factors.
    pub(super) fn on_insight_page(&mut self, screen: Screen, action: Action) -> Screen {
        let selected = match &screen {
            Screen::Patterns { selected }
            | Screen::Year { selected, .. }
            | Screen::TestIt { selected, .. } => *selected,
            _ => 0,
        };
        match action {
            Action::Cancel => {
                self.view.page_scroll = 0;
                Screen::Insights { selected }
            }
            Action::Down | Action::Up => {
                self.scroll_page(action);
                screen
            }
            Action::PreviousYear | Action::NextYear => {
                let Screen::Year { year, selected } = screen else {
                    return screen;
                };
                let years = self
                    .data
                    .insights
                    .as_ref()
                    .map_or(year..=year, |p| p.years());
                let next = if action == Action::NextYear {
                    year + 1
                } else {
                    year - 1
                };
                if years.contains(&next) {
                    self.view.page_scroll = 0;
                    Screen::Year {
                        year: next,
                        selected,
                    }
                } else {
                    self.say(
                        Tone::Info,
                        format!("The diary runs from {} to {}.", years.start(), years.end()),
                    );
                    Screen::Year { year, selected }
                }
            }
            _ => screen,
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
