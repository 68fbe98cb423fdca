//! The insights screens: opened with `i`, computed once when first opened and again after every
//! save (never per frame or key); `t` turns a factor into a "Test it" plan.

use super::{App, Screen, Tone};
use crate::analysis::insights::test_it::TestPlan;
use crate::report::insights::test_plan_lines;
use crate::tui::action::Action;
use crate::tui::screens::insights::PageAt;
use crate::tui::widgets::page::MOST_SCROLL;
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
        self.view.insights_at = PageAt::default();
        Ok(Screen::Insights { selected: 0 })
    }

    pub(super) fn on_insights(&mut self, selected: usize, action: Action) -> Result<Screen> {
        let Some(page) = &self.data.insights else {
            return Ok(Screen::Dashboard);
        };
        let factors = &page.insights.factors;
        self.view.page_scroll = 0;
        let last = factors.len().saturating_sub(1);
        // j/k go from factor to factor, and past the first to the page's top (what the figures
        // mean) and past the last to its end; PgDn/PgUp page through a factor taller than the
        // screen; g/Home and G/End go to the top and the end.
        let at = self.view.insights_at;
        let (selected, at) = match (action, at) {
            (Action::Down, PageAt::Top(_)) => (selected, PageAt::Selected(0)),
            (Action::Down, PageAt::End) => (selected, PageAt::End),
            (Action::Down, PageAt::Selected(_)) if selected >= last => (selected, PageAt::End),
            (Action::Down, PageAt::Selected(_)) => (selected + 1, PageAt::Selected(0)),
            (Action::Up, PageAt::Top(down)) => (selected, PageAt::Top(down.saturating_sub(1))),
            (Action::Up, PageAt::End) => (selected, PageAt::Selected(0)),
            (Action::Up, PageAt::Selected(0)) if selected == 0 => (0, PageAt::Top(0)),
            (Action::Up, PageAt::Selected(0)) => (selected - 1, PageAt::Selected(0)),
            (Action::Up, PageAt::Selected(_)) => (selected, PageAt::Selected(0)),
            (Action::PageDown, PageAt::Top(down)) => (selected, PageAt::Top(further(down))),
            (Action::PageDown, PageAt::Selected(down)) => {
                (selected, PageAt::Selected(further(down)))
            }
            (Action::PageUp, PageAt::End) => (selected, PageAt::Selected(0)),
            (Action::PageUp, PageAt::Selected(0)) => (selected, PageAt::Top(0)),
            (Action::PageUp, PageAt::Selected(down) | PageAt::Top(down)) => (
                selected,
                match at {
                    PageAt::Top(_) => PageAt::Top(down.saturating_sub(PAGE_STEP)),
                    _ => PageAt::Selected(down.saturating_sub(PAGE_STEP)),
                },
            ),
            (Action::First, _) => (0, PageAt::Top(0)),
            (Action::Last, _) => (last, PageAt::End),
            _ => (selected, at),
        };
        self.view.insights_at = at;
        Ok(match action {
            Action::Down | Action::Up | Action::PageDown | Action::PageUp => {
                Screen::Insights { selected }
            }
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

/// Rows PgDn and PgUp move the factors page by.
const PAGE_STEP: u16 = 5;

/// A page further down, as far as a page can be scrolled by key.
fn further(down: u16) -> u16 {
    (down + PAGE_STEP).min(MOST_SCROLL)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
