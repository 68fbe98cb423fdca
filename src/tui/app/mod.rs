//! The app's state and its one `update`: the only place a key press changes anything.
//! Each family of screens handles its actions in its own file.

mod history;
mod nights;
mod sessions;

use super::action::Action;
use super::form::Form;
use super::keymap::Context;
use super::screens::context_form::ContextForm;
use super::screens::cramp_form::CrampForm;
use super::screens::history::{History, Loaded, PAGE_DAYS};
use super::screens::night_form::NightForm;
use super::screens::routine::{RoutineForm, RoutineState};
use super::screens::session_form::SessionForm;
use super::screens::tightness::TightnessForm;
use super::theme::Theme;
use crate::analysis::dashboard::Dashboard;
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::session::MassageSession;
use crate::domain::{CrampEpisode, Invalid, Night};
use crate::report::{load_dashboard_weeks, load_progress};
use crate::store::{Deletion, Store};
use chrono::{Duration, NaiveDate};
use color_eyre::eyre::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    CheckIn,
    Dashboard,
    CrampForm(CrampForm),
    Tightness(TightnessForm),
    History,
    NightForm(NightForm),
    SessionForm(SessionForm),
    ContextForm(ContextForm),
    Routine { confirm_stop: bool },
    RoutineForm(RoutineForm),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

/// A delete that `u` can take back.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Undo {
    Night(Deletion),
    Session { uid: String, date: NaiveDate },
    Context { uid: String, date: NaiveDate },
}

pub struct App {
    store: Store,
    pub clock: Clock,
    pub theme: Theme,
    pub screen: Screen,
    pub help: bool,
    pub status: Option<Status>,
    pub history: History,
    /// The current routine, if any, as the check-in and routine screen show it.
    pub routine: Option<RoutineState>,
    pub dashboard: Dashboard,
    /// The newest cramp and session: forms start from them without a query per key.
    last_episode: Option<CrampEpisode>,
    last_session: Option<MassageSession>,
    undo: Vec<Undo>,
    running: bool,
    pub settings: Config,
    /// The terminal cannot show a screen: keys other than quit and help do nothing.
    pub too_small: bool,
    /// A key was ignored because the screen was too small: the message says so.
    pub ignored_while_small: bool,
    /// The diary file did not exist when the app opened: the first save says so.
    new_diary: Option<String>,
    announce_new_diary: Option<String>,
}

impl App {
    /// Opens on the check-in when last night is not logged, else on the dashboard.
    pub fn new(store: Store, clock: Clock, theme: Theme) -> Result<Self> {
        Self::with_settings(store, clock, theme, Config::default())
    }

    /// As [`App::new`], with the configuration's routine defaults and first day of the week.
    pub fn with_settings(
        store: Store,
        clock: Clock,
        theme: Theme,
        settings: Config,
    ) -> Result<Self> {
        let due_logged = store.is_logged(clock.due_night())?;
        let mut app = Self {
            store,
            clock,
            theme,
            screen: if due_logged {
                Screen::Dashboard
            } else {
                Screen::CheckIn
            },
            help: false,
            status: None,
            history: History::default(),
            routine: None,
            dashboard: Dashboard::compute(
                None,
                clock.today(),
                clock.due_night(),
                &Default::default(),
            ),
            last_episode: None,
            last_session: None,
            undo: Vec::new(),
            running: true,
            settings,
            too_small: false,
            ignored_while_small: false,
            new_diary: None,
            announce_new_diary: None,
        };
        app.reload(PAGE_DAYS)?;
        Ok(app)
    }

    pub fn is_running(&self) -> bool {
        self.running
    }

    /// The diary at `path` was created by opening it: the first save will say so.
    pub fn mark_new_diary(&mut self, path: String) {
        self.new_diary = Some(path);
    }

    /// Keys are ignored (but quit and help) while the terminal is smaller than a screen needs.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.too_small = width < super::view::MIN_WIDTH || height < super::view::MIN_HEIGHT;
        self.ignored_while_small &= self.too_small;
    }

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
        self.reload(self.history.days.max(PAGE_DAYS))?;
        let browsing = matches!(self.screen, Screen::Dashboard | Screen::CheckIn);
        if browsing && !self.help && !self.store.is_logged(clock.due_night())? {
            let changed = self.screen != Screen::CheckIn;
            self.screen = Screen::CheckIn;
            return Ok(changed);
        }
        Ok(false)
    }

    /// The night the check-in asks about.
    pub fn checkin_night(&self) -> NaiveDate {
        self.clock.due_night()
    }

    pub fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        let form = |f: &Form| Context::Form {
            text: f.focused_is_text(),
        };
        match &self.screen {
            Screen::CheckIn => Context::CheckIn,
            Screen::Dashboard => Context::Dashboard,
            Screen::CrampForm(f) => form(&f.form),
            Screen::NightForm(f) => form(&f.form),
            Screen::SessionForm(f) => form(&f.form),
            Screen::ContextForm(f) => form(&f.form),
            Screen::RoutineForm(f) => form(&f.form),
            Screen::Tightness(f) => Context::Tightness {
                text: f.form.focused_is_text(),
            },
            Screen::History => Context::History,
            Screen::Routine { .. } => Context::Routine,
        }
    }

    /// Reads the diary again, as after a save (for benchmarks and callers that wrote elsewhere).
    pub fn refresh(&mut self) -> Result<()> {
        self.reload(self.history.days.max(PAGE_DAYS))
    }

    /// Reads what the screens show: after every write, and never per frame or key.
    fn reload(&mut self, days: i64) -> Result<()> {
        // Today is the top row: its sessions and context belong there, and its night is "tonight".
        let today = self.clock.today();
        let start = today - Duration::days(days - 1);
        let loaded = Loaded {
            nights: self.store.nights_between(start, today)?,
            sessions: self.store.sessions_between(start, today)?,
            contexts: self.store.context_between(start, today)?,
        };
        self.history
            .set(today, self.clock.due_night(), days, loaded);
        self.routine = match self.store.current_routine(today)? {
            None => None,
            Some(stored) => {
                let r = &stored.routine;
                let (progress, sessions_by_day) =
                    load_progress(&self.store, r, today, self.clock.due_night())?;
                Some(RoutineState {
                    stored,
                    progress,
                    sessions_by_day,
                })
            }
        };
        self.last_episode = self.store.latest_episode()?;
        self.last_session = self.store.latest_session()?;
        let routine = self.routine.as_ref().map(|r| &r.stored.routine);
        self.dashboard = load_dashboard_weeks(
            &self.store,
            routine,
            today,
            self.clock.due_night(),
            Some(self.settings.first_day_of_week),
        )?;
        Ok(())
    }

    /// A night as last loaded (the history holds the last 60 nights and more when scrolled).
    fn loaded_night(&self, night: NaiveDate) -> Option<&Night> {
        self.history.nights.iter().find(|n| n.night_of == night)
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        let mut text = text.into();
        if let Some(path) = self.announce_new_diary.take() {
            text = format!("{text} Started a new diary at {path}.");
        }
        self.status = Some(Status { text, tone });
    }

    pub fn update(&mut self, action: Action) -> Result<()> {
        if action == Action::Quit {
            self.running = false;
            return Ok(());
        }
        if action == Action::ToggleHelp {
            self.help = !self.help;
            return Ok(());
        }
        if self.too_small {
            self.ignored_while_small = true;
            return Ok(());
        }
        if self.help {
            return Ok(());
        }
        self.status = None;
        // Keys that open the same screens from every browsing screen.
        if matches!(
            self.screen,
            Screen::CheckIn | Screen::Dashboard | Screen::History | Screen::Routine { .. }
        ) && self.open_logging_screen(action)?
        {
            return Ok(());
        }
        match std::mem::replace(&mut self.screen, Screen::History) {
            Screen::CheckIn => self.on_checkin(action),
            Screen::Dashboard => {
                self.screen = match action {
                    Action::OpenHistory | Action::SwitchView => Screen::History,
                    _ => Screen::Dashboard,
                };
                Ok(())
            }
            Screen::CrampForm(form) => self.on_cramp_form(form, action),
            Screen::Tightness(form) => self.on_tightness(form, action),
            Screen::NightForm(form) => self.on_night_form(form, action),
            Screen::History => self.on_history(action),
            Screen::SessionForm(form) => self.on_session_form(form, action),
            Screen::ContextForm(form) => self.on_context_form(form, action),
            Screen::Routine { confirm_stop } => self.on_routine(confirm_stop, action),
            Screen::RoutineForm(form) => self.on_routine_form(form, action),
        }
    }

    /// Runs one write, then reloads. A refusal (invalid input) becomes a status line and `None`;
    /// nothing was written in that case.
    fn write<T>(&mut self, op: impl FnOnce(&mut Store, &str) -> Result<T>) -> Result<Option<T>> {
        let stamp = self.clock.stamp();
        match op(&mut self.store, &stamp) {
            Ok(value) => {
                self.announce_new_diary = self.new_diary.take();
                self.reload(self.history.days.max(PAGE_DAYS))?;
                Ok(Some(value))
            }
            Err(e) => match e.downcast_ref::<Invalid>() {
                Some(invalid) => {
                    self.say(Tone::Error, invalid.0.clone());
                    Ok(None)
                }
                None => Err(e),
            },
        }
    }
}

fn edit_form(form: &mut Form, action: Action) {
    match action {
        Action::NextField => form.next(),
        Action::PrevField => form.prev(),
        Action::Increase => form.increase(),
        Action::Decrease => form.decrease(),
        Action::Toggle => form.toggle(),
        Action::Input(c) => form.input(c),
        Action::Backspace => form.backspace(),
        _ => {}
    }
}
