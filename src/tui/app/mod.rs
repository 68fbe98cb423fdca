//! The app's state and its one `update`: the only place a key press changes anything.
//! Each family of screens handles its actions in its own file.

mod experiment;
mod form_screen;
mod history;
mod insights;
mod keys;
mod load;
mod missed;
mod nights;
mod saving;
mod sessions;
mod tags;

use super::action::Action;
use super::form::Form;
use super::keymap::Context;
use super::screens::context_form::ContextForm;
use super::screens::cramp_form::CrampForm;
use super::screens::experiment::Pending;
use super::screens::history::{DateField, History, PAGE_DAYS};
use super::screens::night_form::NightForm;
use super::screens::routine::{RoutineForm, RoutineState};
use super::screens::session_form::SessionForm;
use super::screens::tag_picker::TagPicker;
use super::screens::tightness::TightnessForm;
use super::theme::Theme;
use crate::analysis::dashboard::Dashboard;
use crate::analysis::experiment_plan::PlanFigures;
use crate::analysis::insights::page::InsightsPage;
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::session::MassageSession;
use crate::domain::{CrampEpisode, Stamp, Uid};
use crate::experiment::ExperimentView;
use crate::store::{LastDelete, Store};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    CheckIn,
    Dashboard,
    CrampForm(CrampForm),
    Tightness(TightnessForm),
    History,
    /// After the check-in: another night of the last 7 that is not logged, offered y/n/skip.
    Missed(NaiveDate),
    /// `/` in the history: the date to go to.
    Jump(Form<DateField>),
    NightForm(NightForm),
    SessionForm(SessionForm),
    ContextForm(ContextForm),
    Routine {
        confirm_stop: bool,
    },
    RoutineForm(RoutineForm),
    /// The on/off experiment: its week, schedule and result, or the plan before one exists.
    Experiment {
        pending: Pending,
    },
    /// `t` after a night is saved: its tags.
    TagPicker(TagPicker),
    /// `i`: the factors, `selected` opened up.
    Insights {
        selected: usize,
    },
    /// The patterns by leg, muscle, hour, weekday and month (back to factor `selected`).
    Patterns {
        selected: usize,
    },
    /// A year at a glance.
    Year {
        year: i32,
        selected: usize,
    },
    /// A factor's "Test it" plan, in words (worked out once, when asked for).
    TestIt {
        lines: Vec<String>,
        selected: usize,
    },
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

pub struct App {
    store: Store,
    pub clock: Clock,
    pub theme: Theme,
    pub screen: Screen,
    pub help: bool,
    /// How far the routine, experiment or help page is scrolled (a short terminal).
    pub page_scroll: u16,
    pub status: Option<Status>,
    pub history: History,
    /// The current routine, if any, as the check-in and routine screen show it.
    pub routine: Option<RoutineState>,
    pub dashboard: Dashboard,
    /// The current (or latest, or next) on/off experiment.
    pub experiment: Option<ExperimentView>,
    /// What a 6-pair experiment starting today could show, while there is none.
    pub experiment_plan: Option<PlanFigures>,
    /// The insights page: worked out when first opened, then after every save.
    pub insights: Option<InsightsPage>,
    /// A deep-tissue session in a rest week was asked about once: the next save goes ahead.
    rest_week_asked: bool,
    /// The newest cramp and session: forms start from them without a query per key.
    last_episode: Option<CrampEpisode>,
    last_session: Option<MassageSession>,
    /// This session's deletes, newest last: what `u` takes back first.
    undo: Vec<LastDelete>,
    /// `Esc` or `q` on a form with changes: the action waiting for "Discard ...? y/n".
    discard: Option<Action>,
    /// `d` on a night with cramps, at this history row: a second `d` deletes.
    confirm_delete: Option<usize>,
    /// The first night in the diary: missing nights before it are not "missed".
    began: Option<NaiveDate>,
    /// Missed nights passed over with `s` in this session: not offered again.
    skipped: Vec<NaiveDate>,
    running: bool,
    /// Something was saved: the diary is checkpointed when the app ends.
    wrote: bool,
    /// `updated_at` of each loaded row by uid: an edit form compares against it when saving.
    versions: HashMap<Uid, Stamp>,
    pub settings: Config,
    /// The terminal cannot show a screen: keys other than quit and help do nothing.
    pub too_small: bool,
    /// A key was ignored because the screen was too small: the message says so.
    pub ignored_while_small: bool,
    /// The diary file did not exist when the app opened: `store` is an empty stand-in in
    /// memory, and the first save creates the file here (nothing is created before) and says so.
    new_diary: Option<std::path::PathBuf>,
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
            page_scroll: 0,
            status: None,
            history: History::default(),
            routine: None,
            dashboard: Dashboard::compute(
                None,
                clock.today(),
                clock.due_night(),
                &Default::default(),
            ),
            experiment: None,
            experiment_plan: None,
            insights: None,
            rest_week_asked: false,
            last_episode: None,
            last_session: None,
            undo: Vec::new(),
            discard: None,
            confirm_delete: None,
            began: None,
            skipped: Vec::new(),
            running: true,
            wrote: false,
            versions: HashMap::new(),
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

    /// There is no diary at `path` yet and the app was given an empty stand-in (an in-memory
    /// store): the first save creates the diary at `path` (its folders too) and says so on the
    /// status line; leaving without a save leaves no file and no folder.
    pub fn create_on_first_save(&mut self, path: std::path::PathBuf) {
        self.new_diary = Some(path);
    }

    /// Keys are ignored (but quit and help) while the terminal is smaller than a screen needs.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.too_small = width < super::view::MIN_WIDTH || height < super::view::MIN_HEIGHT;
        self.ignored_while_small &= self.too_small;
    }

    /// The night the check-in asks about.
    pub fn checkin_night(&self) -> NaiveDate {
        self.clock.due_night()
    }

    pub fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        match &self.screen {
            Screen::CheckIn => Context::CheckIn,
            Screen::Dashboard => Context::Dashboard,
            Screen::Tightness(f) => Context::Tightness {
                text: f.form.focused_is_text(),
            },
            Screen::History => Context::History,
            Screen::Missed(_) => Context::Missed,
            Screen::Routine { .. } => Context::Routine,
            Screen::Experiment { .. } => Context::Experiment,
            Screen::TagPicker(p) => Context::Picker { typing: p.typing() },
            Screen::Insights { .. } => Context::Insights,
            Screen::Patterns { .. } => Context::Patterns,
            Screen::Year { .. } => Context::Year,
            Screen::TestIt { .. } => Context::TestIt,
            other => Context::Form {
                text: other.fields().is_some_and(|f| f.focused_is_text()),
            },
        }
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        let mut text = text.into();
        if let Some(path) = self.announce_new_diary.take() {
            text = format!("{text} Started a new diary at {path}.");
        }
        self.status = Some(Status { text, tone });
    }

    /// Folds what this app saved into the diary file itself (the `-wal` emptied), so a copy of
    /// the one file has every save. Run on every way out: quit, signal, error.
    pub fn checkpoint(&self) {
        if self.wrote {
            // Another process still using the diary keeps its part of the log; it checkpoints
            // when it ends. Nothing the user can act on here.
            let _ = self.store.checkpoint();
        }
    }

    /// A paste (bracketed: it never arrives as keys) goes whole into the focused text field;
    /// anywhere else it is ignored.
    pub fn paste(&mut self, text: &str) {
        if self.help {
            return;
        }
        // Own words pasted on the tag picker's last row (checked when added, as typed ones are).
        if let Screen::TagPicker(picker) = &mut self.screen
            && picker.typing()
        {
            text.trim_end_matches(['\n', '\r'])
                .chars()
                .for_each(|c| picker.input(c));
            return;
        }
        let result = match self.screen.fields_mut() {
            Some(form) if form.focused_is_text() => form.paste(text),
            _ => {
                self.say(
                    Tone::Info,
                    "Pasted text goes into a text field; nothing was changed.",
                );
                return;
            }
        };
        if let Some(form) = self.screen.form_mut() {
            form.recheck();
        }
        match result {
            Ok(()) => self.status = None,
            Err(why) => self.say(Tone::Error, why),
        }
    }

    pub fn update(&mut self, action: Action) -> Result<()> {
        if action == Action::Suspend {
            return Ok(());
        }
        // Ctrl-C: at once, from anywhere, whatever is being asked; nothing unsaved is saved.
        if action == Action::QuitNow {
            self.running = false;
            return Ok(());
        }
        if let Some(waiting) = self.discard.take() {
            self.status = None;
            match action {
                Action::Input('y' | 'Y') => return self.update_confirmed(waiting),
                Action::Quit | Action::Cancel | Action::Input('n' | 'N') => {
                    self.say(Tone::Info, "Kept: the form is as you left it.");
                }
                _ => {
                    self.discard = Some(waiting);
                    self.ask_discard();
                }
            }
            return Ok(());
        }
        let unsaved = match &self.screen {
            Screen::TagPicker(p) => p.changed(),
            screen => screen
                .form()
                .is_some_and(|f| !f.in_conflict() && f.fields().changed()),
        };
        if matches!(action, Action::Quit | Action::Cancel) && !self.help && unsaved {
            self.discard = Some(action);
            self.ask_discard();
            return Ok(());
        }
        self.update_confirmed(action)
    }

    /// An action once any "Discard ...?" has been answered yes.
    fn update_confirmed(&mut self, action: Action) -> Result<()> {
        if action == Action::Quit {
            self.running = false;
            return Ok(());
        }
        if action == Action::ToggleHelp {
            self.help = !self.help;
            self.page_scroll = 0;
            return Ok(());
        }
        if self.too_small {
            self.ignored_while_small = true;
            return Ok(());
        }
        if self.help {
            self.scroll_page(action);
            return Ok(());
        }
        self.status = None;
        // Keys that open the same screens from every browsing screen.
        let browsing = matches!(
            self.screen,
            Screen::CheckIn
                | Screen::Dashboard
                | Screen::History
                | Screen::Routine { .. }
                | Screen::Experiment { .. }
                | Screen::Insights { .. }
                | Screen::Patterns { .. }
                | Screen::Year { .. }
                | Screen::TestIt { .. }
        );
        if browsing && action == Action::OpenInsights {
            self.screen = self.open_insights()?;
            return Ok(());
        }
        if browsing && let Some(next) = self.open_logging_screen(action)? {
            self.screen = next;
            return Ok(());
        }
        // The screen stays what it is while its handler runs; the handler returns the next one.
        self.screen = match self.screen.clone() {
            Screen::CheckIn => self.on_checkin(action)?,
            Screen::Dashboard => match action {
                Action::OpenHistory | Action::SwitchView => Screen::History,
                _ => Screen::Dashboard,
            },
            Screen::CrampForm(form) => self.on_form(form, action)?,
            Screen::Tightness(form) if action == Action::AddAnother => {
                Screen::CrampForm(self.new_cramp(form.night))
            }
            Screen::Tightness(form) if action == Action::OpenTags => self.open_tags(form)?,
            Screen::Tightness(form) => self.on_form(form, action)?,
            Screen::NightForm(form) => self.on_form(form, action)?,
            Screen::History => self.on_history(action)?,
            Screen::Missed(night) => self.on_missed(night, action)?,
            Screen::Jump(form) => self.on_jump(form, action)?,
            Screen::SessionForm(form) => self.on_form(form, action)?,
            Screen::ContextForm(form) => self.on_form(form, action)?,
            Screen::Routine { confirm_stop } => self.on_routine(confirm_stop, action)?,
            Screen::RoutineForm(form) => self.on_form(form, action)?,
            Screen::Experiment { pending } => self.on_experiment(pending, action)?,
            Screen::TagPicker(picker) => self.on_tags(picker, action)?,
            Screen::Insights { selected } => self.on_insights(selected, action)?,
            page @ (Screen::Patterns { .. } | Screen::Year { .. } | Screen::TestIt { .. }) => {
                self.on_insight_page(page, action)
            }
        };
        Ok(())
    }
}
