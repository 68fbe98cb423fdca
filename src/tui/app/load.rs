//! Reading the diary into the app: after every write and when the clock moves on.

use super::{App, Screen};
use crate::clock::Clock;
use crate::domain::{Night, Stamp, Uid};
use crate::store::{load_dashboard_weeks, load_progress};
use crate::tui::screens::history::{Loaded, PAGE_DAYS};
use crate::tui::screens::routine::RoutineState;
use chrono::{Duration, NaiveDate};
use color_eyre::eyre::Result;

impl App {
    /// Moves the app to a new time (the real clock re-read, or a test clock advanced): the
    /// header, last night, the check-in, form defaults and the routine day follow it. When a new
    /// night is over and not logged, the dashboard gives way to the check-in. Returns whether
    /// the screen changed, so the key that woke the app is not applied to a screen not yet seen.
    pub fn follow_clock(&mut self, clock: Clock) -> Result<bool> {
        let before = (
            self.clock.today(),
            self.clock.due_night(),
            self.clock.last_night(),
        );
        self.clock = clock;
        if before == (clock.today(), clock.due_night(), clock.last_night()) {
            return Ok(false);
        }
        self.reload(self.data.history.days.max(PAGE_DAYS))?;
        let browsing = matches!(self.view.screen, Screen::Dashboard | Screen::CheckIn);
        if browsing && !self.view.help && !self.diary.store.is_logged(clock.due_night())? {
            let changed = self.view.screen != Screen::CheckIn;
            self.view.screen = Screen::CheckIn;
            return Ok(changed);
        }
        Ok(false)
    }

    /// Reads the diary again, as after a save (for benchmarks and callers that wrote elsewhere).
    pub fn refresh(&mut self) -> Result<()> {
        self.reload(self.data.history.days.max(PAGE_DAYS))
    }

    /// Reads what the screens show: after every write, and never per frame or key.
    pub(super) fn reload(&mut self, days: i64) -> Result<()> {
        // Today is the top row: its sessions and context belong there, and its night is "tonight".
        let today = self.clock.today();
        let start = today - Duration::days(days - 1);
        self.data.began = self.diary.store.first_night()?;
        let loaded = Loaded {
            nights: self.diary.store.nights_between(start, today)?,
            sessions: self.diary.store.sessions_between(start, today)?,
            contexts: self.diary.store.context_between(start, today)?,
            tags: self.diary.store.tags_between(start, today)?,
            began: self.data.began,
        };
        self.data
            .history
            .set(today, self.clock.due_night(), days, loaded);
        self.data.versions = self.diary.store.versions_between(start, today)?;
        self.data.routine = match self.diary.store.current_routine(today)? {
            None => None,
            Some(stored) => {
                let r = &stored.item;
                let (progress, sessions_by_day) =
                    load_progress(&self.diary.store, r, today, self.clock.due_night())?;
                Some(RoutineState {
                    stored,
                    progress,
                    sessions_by_day,
                })
            }
        };
        let due = self.clock.due_night();
        self.data.experiment = crate::experiment::load(&self.diary.store, today, due)?;
        // The plan's power is a 400-run simulation: worked out only for the experiment screen,
        // not on every start and save.
        self.data.experiment_plan = None;
        if matches!(self.view.screen, Screen::Experiment { .. }) {
            self.refresh_plan()?;
        }
        // Insights once opened stay current: worked out again after every save.
        if self.data.insights.is_some() {
            self.compute_insights()?;
        }
        self.data.last_episode = self.diary.store.latest_episode()?;
        self.data.last_session = self.diary.store.latest_session()?;
        let routine = self.data.routine.as_ref().map(|r| &r.stored.item);
        self.data.dashboard = load_dashboard_weeks(
            &self.diary.store,
            routine,
            today,
            self.clock.due_night(),
            self.settings.calendar(),
        )?;
        self.data.dashboard.began = self.data.began;
        self.reload_sync()
    }

    /// A loaded row's `updated_at` (empty if unknown, which any save will see as changed).
    pub(super) fn version(&self, uid: &Uid) -> Stamp {
        self.data
            .versions
            .get(uid)
            .cloned()
            .unwrap_or_else(|| Stamp::stored(""))
    }

    /// A night as last loaded (the history holds the last 60 nights and more when scrolled).
    pub(super) fn loaded_night(&self, night: NaiveDate) -> Option<&Night> {
        self.data
            .history
            .nights
            .iter()
            .find(|n| n.night_of == night)
    }
}
