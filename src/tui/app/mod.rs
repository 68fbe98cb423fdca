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
mod sync;
mod tags;

pub use sync::Why as SyncWhy;

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
use crate::domain::intervention::Intervention;
use crate::domain::session::MassageSession;
use crate::domain::{CrampEpisode, Stamp, Uid};
use crate::experiment::ExperimentView;
use crate::store::sync::Question;
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
    /// A daily-habit experiment's question for a night ("Magnesium yesterday? y/n"), then on to
    /// `then`.
    Habit {
        night: NaiveDate,
        then: Box<Screen>,
    },
    /// The conflicts between devices: the one shown, and the answer picked.
    SyncConflicts {
        at: usize,
        choice: usize,
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

/// Below this the layout cannot hold a form; a one-line message is shown instead (and keys but
/// `q` and `?` do nothing). A phone held upright with its keyboard open: every screen works from
/// here.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

/// The app's state, in named parts: the diary it writes to, what it runs with (clock, colours,
/// configuration), what is on the screen, what it has read from the diary, and the questions
/// asked during this run.
pub struct App {
    diary: DiaryFile,
    pub clock: Clock,
    pub theme: Theme,
    pub settings: Config,
    pub view: View,
    pub data: Loaded,
    asked: Asked,
    running: bool,
}

/// The diary the app writes to, and what its first save and the end of the app do with it.
struct DiaryFile {
    store: Store,
    /// The diary file did not exist when the app opened: `store` is an empty stand-in in
    /// memory, and the first save creates the file here (nothing is created before) and says so.
    new_diary: Option<std::path::PathBuf>,
    announce_new_diary: Option<String>,
    /// Something was saved: the diary is checkpointed when the app ends.
    wrote: bool,
    /// Its background syncs with the sync folder (`sync.dir`).
    sync: sync::SyncLink,
}

/// What is on the screen.
pub struct View {
    pub screen: Screen,
    /// The help overlay is open.
    pub help: bool,
    /// How far the routine, experiment or help page is scrolled (a short terminal).
    pub page_scroll: u16,
    /// Where the insights' factors page is scrolled to.
    pub insights_at: crate::tui::screens::insights::PageAt,
    pub status: Option<Status>,
    /// The terminal cannot show a screen: keys other than quit and help do nothing.
    pub too_small: bool,
    /// A key was ignored because the screen was too small: the message says so.
    pub ignored_while_small: bool,
    /// What a new experiment started from the screen tests (`i` cycles it).
    pub plan_intervention: Intervention,
}

/// What the app has read from the diary: read once at the start and again after every write,
/// never per frame or per key.
pub struct Loaded {
    /// The history's days and its selection.
    pub history: History,
    /// The current routine, if any, as the check-in and routine screen show it.
    pub routine: Option<RoutineState>,
    pub dashboard: Dashboard,
    /// The current (or latest, or next) on/off experiment.
    pub experiment: Option<ExperimentView>,
    /// What a new experiment starting today could show, while none runs (worked out only when
    /// the experiment screen is open).
    pub experiment_plan: Option<PlanFigures>,
    /// The insights page: worked out when first opened, then after every save.
    pub insights: Option<InsightsPage>,
    /// The first night in the diary: missing nights before it are not "missed".
    began: Option<NaiveDate>,
    /// The newest cramp and session: forms start from them without a query per key.
    last_episode: Option<CrampEpisode>,
    last_session: Option<MassageSession>,
    /// `updated_at` of each loaded row by uid: an edit form compares against it when saving.
    versions: HashMap<Uid, Stamp>,
    /// The sync conflicts waiting for the person, as the dashboard counts them.
    pub sync_conflicts: usize,
    /// The conflicts' questions, as the conflicts screen shows them (read when it opens or
    /// after a write while it is open).
    pub sync_questions: Vec<Question>,
}

/// Questions asked, and answers remembered, during this run.
struct Asked {
    /// `Esc` or `q` on a form with changes: the action waiting for "Discard ...? y/n".
    discard: Option<Action>,
    /// `d` on a night with cramps, at this history row: a second `d` deletes.
    confirm_delete: Option<usize>,
    /// A deep-tissue session in a rest week was asked about once: the next save goes ahead.
    rest_week_asked: bool,
    /// Missed nights passed over with `s` in this session: not offered again.
    skipped: Vec<NaiveDate>,
    /// This session's deletes, newest last: what `u` takes back first.
    undo: Vec<LastDelete>,
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
        let sync = sync::SyncLink::new(settings.sync_dir.clone(), settings.sync_key_file.clone());
        let mut app = Self {
            diary: DiaryFile {
                store,
                new_diary: None,
                announce_new_diary: None,
                wrote: false,
                sync,
            },
            clock,
            theme,
            settings,
            view: View {
                screen: if due_logged {
                    Screen::Dashboard
                } else {
                    Screen::CheckIn
                },
                help: false,
                page_scroll: 0,
                insights_at: Default::default(),
                status: None,
                too_small: false,
                ignored_while_small: false,
                plan_intervention: Intervention::Routine,
            },
            data: Loaded {
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
                began: None,
                last_episode: None,
                last_session: None,
                versions: HashMap::new(),
                sync_conflicts: 0,
                sync_questions: Vec::new(),
            },
            asked: Asked {
                discard: None,
                confirm_delete: None,
                rest_week_asked: false,
                skipped: Vec::new(),
                undo: Vec::new(),
            },
            running: true,
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
        self.diary.new_diary = Some(path);
    }

    /// Keys are ignored (but quit and help) while the terminal is smaller than a screen needs.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.view.too_small = width < MIN_WIDTH || height < MIN_HEIGHT;
        self.view.ignored_while_small &= self.view.too_small;
    }

    /// The night the check-in asks about.
    pub fn checkin_night(&self) -> NaiveDate {
        self.clock.due_night()
    }

    pub fn context(&self) -> Context {
        if self.view.help {
            return Context::Help;
        }
        self.screen_context(true)
    }

    /// The keys of the screen itself. With `typing`, a focused text field (or the tag picker's
    /// search) takes the letter keys; the help lists the screen's keys as if nothing were typed.
    pub fn screen_context(&self, typing: bool) -> Context {
        match &self.view.screen {
            Screen::CheckIn => Context::CheckIn,
            Screen::Dashboard => Context::Dashboard,
            Screen::Tightness(f) => Context::Tightness {
                text: typing && f.form.focused_is_text(),
            },
            Screen::History => Context::History,
            Screen::Missed(_) => Context::Missed,
            Screen::Routine { .. } => Context::Routine,
            Screen::Experiment { .. } => Context::Experiment {
                running: !self.offers_new_experiment(),
                stoppable: self
                    .data
                    .experiment
                    .as_ref()
                    .is_some_and(|v| v.now.can_stop()),
            },
            Screen::Habit { .. } => Context::Habit,
            Screen::TagPicker(p) => Context::Picker {
                typing: typing && p.typing(),
            },
            Screen::Insights { .. } => Context::Insights,
            Screen::Patterns { .. } => Context::Patterns,
            Screen::Year { .. } => Context::Year,
            Screen::TestIt { .. } => Context::TestIt,
            Screen::SyncConflicts { .. } => Context::SyncConflicts,
            // The forms and the date to go to.
            other => Context::Form {
                text: typing && other.fields().is_some_and(|f| f.focused_is_text()),
            },
        }
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        let mut text = text.into();
        if let Some(path) = self.diary.announce_new_diary.take() {
            text = format!("{text} Started a new diary at {path}.");
        }
        self.view.status = Some(Status { text, tone });
    }

    /// Folds what this app saved into the diary file itself (the `-wal` emptied), so a copy of
    /// the one file has every save. Run on every way out: quit, signal, error.
    pub fn checkpoint(&self) {
        if self.diary.wrote {
            // Another process still using the diary keeps its part of the log; it checkpoints
            // when it ends. Nothing the user can act on here.
            let _ = self.diary.store.checkpoint();
        }
    }

    /// A paste (bracketed: it never arrives as keys) goes whole into the focused text field;
    /// anywhere else it is ignored.
    pub fn paste(&mut self, text: &str) {
        if self.view.help {
            return;
        }
        // Own words pasted on the tag picker's last row (checked when added, as typed ones are).
        if let Screen::TagPicker(picker) = &mut self.view.screen
            && picker.typing()
        {
            text.trim_end_matches(['\n', '\r'])
                .chars()
                .for_each(|c| picker.input(c));
            return;
        }
        let result = match self.view.screen.fields_mut() {
            Some(form) if form.focused_is_text() => form.paste(text),
            _ => {
                self.say(
                    Tone::Info,
                    "Pasted text goes into a text field; nothing was changed.",
                );
                return;
            }
        };
        if let Some(form) = self.view.screen.form_mut() {
            form.recheck();
        }
        match result {
            Ok(()) => self.view.status = None,
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
        if let Some(waiting) = self.asked.discard.take() {
            self.view.status = None;
            match action {
                Action::Input('y' | 'Y') => return self.update_confirmed(waiting),
                Action::Quit | Action::Cancel | Action::Input('n' | 'N') => {
                    self.say(Tone::Info, "Kept: the form is as you left it.");
                }
                _ => {
                    self.asked.discard = Some(waiting);
                    self.ask_discard();
                }
            }
            return Ok(());
        }
        let unsaved = match &self.view.screen {
            Screen::TagPicker(p) => p.changed(),
            screen => screen
                .form()
                .is_some_and(|f| !f.in_conflict() && f.fields().changed()),
        };
        if matches!(action, Action::Quit | Action::Cancel) && !self.view.help && unsaved {
            self.asked.discard = Some(action);
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
            self.view.help = !self.view.help;
            self.view.page_scroll = 0;
            return Ok(());
        }
        if self.view.too_small {
            self.view.ignored_while_small = true;
            return Ok(());
        }
        if self.view.help {
            self.scroll_page(action);
            return Ok(());
        }
        self.view.status = None;
        // Keys that open the same screens from every browsing screen.
        let browsing = matches!(
            self.view.screen,
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
            self.view.screen = self.open_insights()?;
            return Ok(());
        }
        if browsing && let Some(next) = self.open_logging_screen(action)? {
            self.view.screen = next;
            return Ok(());
        }
        if browsing && let Some(next) = self.open_sync(action)? {
            self.view.screen = next;
            return Ok(());
        }
        // The screen stays what it is while its handler runs; the handler returns the next one.
        let before = std::mem::discriminant(&self.view.screen);
        self.view.screen = match self.view.screen.clone() {
            Screen::CheckIn => self.on_checkin(action)?,
            Screen::Dashboard => match action {
                Action::OpenHistory | Action::SwitchView => Screen::History,
                Action::Down | Action::Up => {
                    self.scroll_page(action);
                    Screen::Dashboard
                }
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
            Screen::Habit { night, then } => self.on_habit(night, *then, action)?,
            Screen::TagPicker(picker) => self.on_tags(picker, action)?,
            Screen::Insights { selected } => self.on_insights(selected, action)?,
            page @ (Screen::Patterns { .. } | Screen::Year { .. } | Screen::TestIt { .. }) => {
                self.on_insight_page(page, action)
            }
            Screen::SyncConflicts { at, choice } => self.on_sync_conflicts(at, choice, action)?,
        };
        // A page scrolled down on one screen starts at the top on the next.
        if std::mem::discriminant(&self.view.screen) != before {
            self.view.page_scroll = 0;
        }
        Ok(())
    }
}
