//! The app's state and its one `update`: the only place a key press changes anything.

use super::action::Action;
use super::keymap::Context;
use super::screens::cramp_form::{AfterSave, CrampForm};
use super::screens::history::{History, PAGE_DAYS, Row};
use super::screens::night_form::NightForm;
use super::screens::tightness::TightnessForm;
use super::theme::Theme;
use crate::clock::Clock;
use crate::domain::dates::long_date;
use crate::domain::{Invalid, NightDetails};
use crate::store::{Deletion, NightChange, NightEntry, Store};
use chrono::{Duration, NaiveDate};
use color_eyre::eyre::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    CheckIn,
    CrampForm(CrampForm),
    Tightness(TightnessForm),
    History,
    NightForm(NightForm),
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
    pub status: Option<Status>,
    pub history: History,
    undo: Vec<Deletion>,
    running: bool,
}

impl App {
    /// Opens on the check-in when last night is not logged, else on the history.
    pub fn new(store: Store, clock: Clock, theme: Theme) -> Result<Self> {
        let due_logged = store.is_logged(clock.due_night())?;
        let mut app = Self {
            store,
            clock,
            theme,
            screen: if due_logged {
                Screen::History
            } else {
                Screen::CheckIn
            },
            help: false,
            status: None,
            history: History::default(),
            undo: Vec::new(),
            running: true,
        };
        app.reload(PAGE_DAYS)?;
        Ok(app)
    }

    pub fn is_running(&self) -> bool {
        self.running
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
            Screen::CrampForm(f) => Context::Form {
                text: f.form.focused_is_text(),
            },
            Screen::NightForm(f) => Context::Form {
                text: f.form.focused_is_text(),
            },
            Screen::Tightness(f) => Context::Tightness {
                text: f.form.focused_is_text(),
            },
            Screen::History => Context::History,
        }
    }

    /// Reads the history window again: after every write, and never per frame or key.
    fn reload(&mut self, days: i64) -> Result<()> {
        let end = if self.store.is_logged(self.clock.today())? {
            self.clock.today()
        } else {
            self.clock.last_night()
        };
        let nights = self
            .store
            .nights_between(end - Duration::days(days - 1), end)?;
        self.history.set(end, days, nights);
        Ok(())
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone,
        });
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
        if self.help {
            return Ok(());
        }
        self.status = None;
        match std::mem::replace(&mut self.screen, Screen::History) {
            Screen::CheckIn => self.on_checkin(action),
            Screen::CrampForm(form) => self.on_cramp_form(form, action),
            Screen::Tightness(form) => self.on_tightness(form, action),
            Screen::NightForm(form) => self.on_night_form(form, action),
            Screen::History => self.on_history(action),
        }
    }

    fn on_checkin(&mut self, action: Action) -> Result<()> {
        let night = self.checkin_night();
        match action {
            Action::HaveCramps => {
                let last = self.store.latest_episode()?;
                self.screen =
                    Screen::CrampForm(CrampForm::new(night, last.as_ref(), AfterSave::Tightness));
            }
            Action::NoCramps => {
                let entry = NightEntry {
                    change: Some(NightChange::CrampFree),
                    ..NightEntry::default()
                };
                match self.write(|s, stamp| s.log_night(night, &entry, stamp))? {
                    Some(_) => {
                        self.say(
                            Tone::Info,
                            format!("Saved: no cramps on the night of {}.", long_date(night)),
                        );
                        self.screen =
                            Screen::Tightness(TightnessForm::new(night, Vec::new(), None, None));
                    }
                    None => self.screen = Screen::CheckIn,
                }
            }
            Action::OpenHistory => self.screen = Screen::History,
            _ => self.screen = Screen::CheckIn,
        }
        Ok(())
    }

    fn on_cramp_form(&mut self, mut form: CrampForm, action: Action) -> Result<()> {
        match action {
            Action::Save => match form.to_episode() {
                Err((field, invalid)) => {
                    form.form.focus_on(field);
                    form.error = Some(invalid.0);
                }
                Ok(episode) => {
                    let night = form.night;
                    let saved = match &form.editing {
                        Some(uid) => self
                            .write(|s, stamp| s.edit_episode(uid, &episode, stamp))?
                            .is_some(),
                        None => self
                            .write(|s, stamp| s.add_episode(night, &episode, stamp))?
                            .is_some(),
                    };
                    if !saved {
                        self.screen = Screen::CrampForm(form);
                        return Ok(());
                    }
                    let warnings = episode.warnings();
                    match warnings.first() {
                        Some(w) => self.say(Tone::Warn, format!("Saved. Warning: {w}.")),
                        None => self.say(Tone::Info, format!("Saved: {}.", episode.summary())),
                    }
                    self.history.select_date(night);
                    if form.after_save == AfterSave::Tightness {
                        self.screen = Screen::Tightness(self.tightness_for(night)?);
                    }
                    return Ok(());
                }
            },
            Action::Cancel => {
                self.screen = match form.after_save {
                    AfterSave::Tightness if !self.store.is_logged(form.night)? => Screen::CheckIn,
                    AfterSave::Tightness => Screen::Tightness(self.tightness_for(form.night)?),
                    AfterSave::History => Screen::History,
                };
                return Ok(());
            }
            other => edit_form(&mut form.form, other),
        }
        self.screen = Screen::CrampForm(form);
        Ok(())
    }

    fn tightness_for(&self, night: NaiveDate) -> Result<TightnessForm> {
        let logged = self.store.night(night)?;
        let saved = logged
            .as_ref()
            .map(|n| n.episodes.iter().map(|e| e.episode.summary()).collect())
            .unwrap_or_default();
        let (left, right) = logged.as_ref().map_or((None, None), |n| {
            (n.details.tight_left, n.details.tight_right)
        });
        Ok(TightnessForm::new(night, saved, left, right))
    }

    fn on_tightness(&mut self, mut form: TightnessForm, action: Action) -> Result<()> {
        match action {
            Action::AddAnother => {
                let last = self.store.latest_episode()?;
                self.screen = Screen::CrampForm(CrampForm::new(
                    form.night,
                    last.as_ref(),
                    AfterSave::Tightness,
                ));
                return Ok(());
            }
            Action::Save => {
                let details = match form.details() {
                    Ok(d) => d,
                    Err(e) => {
                        form.error = Some(e.0);
                        self.screen = Screen::Tightness(form);
                        return Ok(());
                    }
                };
                if !details.is_empty() {
                    let entry = NightEntry {
                        change: None,
                        details,
                    };
                    if self
                        .write(|s, stamp| s.log_night(form.night, &entry, stamp))?
                        .is_none()
                    {
                        self.screen = Screen::Tightness(form);
                        return Ok(());
                    }
                }
                self.finish_checkin(form.night)?;
                return Ok(());
            }
            Action::Cancel => {
                self.finish_checkin(form.night)?;
                return Ok(());
            }
            other => edit_form(&mut form.form, other),
        }
        self.screen = Screen::Tightness(form);
        Ok(())
    }

    fn finish_checkin(&mut self, night: NaiveDate) -> Result<()> {
        if let Some(n) = self.store.night(night)? {
            let details = n.details.summary();
            let summary = if details.is_empty() {
                n.status_line()
            } else {
                format!("{} · {details}", n.status_line())
            };
            let red_flag = n.episodes.iter().flat_map(|e| e.episode.warnings()).next();
            match red_flag {
                Some(w) => self.say(Tone::Warn, format!("Saved. Warning: {w}.")),
                None => self.say(
                    Tone::Info,
                    format!("Night of {} saved: {summary}.", long_date(night)),
                ),
            }
        }
        self.history.select_date(night);
        self.screen = Screen::History;
        Ok(())
    }

    fn on_night_form(&mut self, mut form: NightForm, action: Action) -> Result<()> {
        match action {
            Action::Save => match form.values() {
                Err((field, invalid)) => {
                    form.form.focus_on(field);
                    form.error = Some(invalid.0);
                }
                Ok((details, exclusion)) => {
                    let uid = form.night_uid.clone();
                    let done = self.write(|s, stamp| {
                        s.edit_night(&uid, &details, exclusion.as_deref(), stamp)
                    })?;
                    if done.is_some() {
                        self.say(
                            Tone::Info,
                            format!("Saved the night of {}.", long_date(form.night_of)),
                        );
                        return Ok(());
                    }
                }
            },
            Action::Cancel => return Ok(()),
            other => edit_form(&mut form.form, other),
        }
        self.screen = Screen::NightForm(form);
        Ok(())
    }

    fn on_history(&mut self, action: Action) -> Result<()> {
        let h = &mut self.history;
        match action {
            Action::Up => h.selected = h.selected.saturating_sub(1),
            Action::Down => {
                if h.selected + 1 < h.rows.len() {
                    h.selected += 1;
                } else {
                    let days = h.days + PAGE_DAYS;
                    self.reload(days)?;
                    let h = &mut self.history;
                    h.selected = (h.selected + 1).min(h.rows.len().saturating_sub(1));
                }
            }
            Action::Edit => self.edit_selected(),
            Action::AddCramp => {
                if let Some(date) = self.history.selected_date() {
                    let last = self.store.latest_episode()?;
                    self.screen =
                        Screen::CrampForm(CrampForm::new(date, last.as_ref(), AfterSave::History));
                }
            }
            Action::MarkCrampFree => {
                if let Some(date) = self.history.selected_date() {
                    let entry = NightEntry {
                        change: Some(NightChange::CrampFree),
                        ..NightEntry::default()
                    };
                    if self
                        .write(|s, stamp| s.log_night(date, &entry, stamp))?
                        .is_some()
                    {
                        self.say(
                            Tone::Info,
                            format!("Saved: no cramps on the night of {}.", long_date(date)),
                        );
                    }
                }
            }
            Action::Delete => self.delete_selected()?,
            Action::Undo => match self.undo.pop() {
                None => self.say(Tone::Info, "Nothing to undo."),
                Some(deletion) => {
                    if self
                        .write(|s, stamp| s.restore(&deletion, stamp))?
                        .is_some()
                    {
                        self.history.select_date(deletion.night_of);
                        self.say(
                            Tone::Info,
                            format!("Restored the night of {}.", long_date(deletion.night_of)),
                        );
                    }
                }
            },
            _ => {}
        }
        Ok(())
    }

    fn edit_selected(&mut self) {
        match self.history.selected_row() {
            Some(Row::Night { night: Some(i), .. }) => {
                if let Some(n) = self.history.nights.get(i) {
                    self.screen = Screen::NightForm(NightForm::new(n));
                }
            }
            Some(Row::Episode { night, episode }) => {
                let found = self.history.nights.get(night).and_then(|n| {
                    n.episodes
                        .get(episode)
                        .map(|e| CrampForm::edit(n.night_of, e))
                });
                if let Some(form) = found {
                    self.screen = Screen::CrampForm(form);
                }
            }
            Some(Row::Night { night: None, .. }) => self.say(
                Tone::Info,
                "That night is not logged: a adds a cramp, n marks it cramp-free.",
            ),
            None => {}
        }
    }

    fn delete_selected(&mut self) -> Result<()> {
        let (result, what) = match self.history.selected_row() {
            Some(Row::Night {
                night: Some(i),
                date,
            }) => {
                let Some(uid) = self.history.nights.get(i).map(|n| n.uid.clone()) else {
                    return Ok(());
                };
                (
                    self.write(|s, stamp| s.delete_night(&uid, stamp))?,
                    format!("the night of {}", long_date(date)),
                )
            }
            Some(Row::Episode { night, episode }) => {
                let Some((uid, date)) = self
                    .history
                    .nights
                    .get(night)
                    .and_then(|n| n.episodes.get(episode).map(|e| (e.uid.clone(), n.night_of)))
                else {
                    return Ok(());
                };
                (
                    self.write(|s, stamp| s.delete_episode(&uid, stamp))?,
                    format!("a cramp on {}", long_date(date)),
                )
            }
            _ => return Ok(()),
        };
        if let Some(deletion) = result {
            let unlogged = if deletion.night_uid.is_some() && what.starts_with('a') {
                " (it was the only one, so the night is not logged now)"
            } else {
                ""
            };
            self.say(Tone::Info, format!("Deleted {what}{unlogged}. u undoes."));
            self.undo.push(deletion);
        }
        Ok(())
    }

    /// Runs one write, then reloads. A refusal (invalid input) becomes a status line and `None`;
    /// nothing was written in that case.
    fn write<T>(&mut self, op: impl FnOnce(&mut Store, &str) -> Result<T>) -> Result<Option<T>> {
        let stamp = self.clock.stamp();
        match op(&mut self.store, &stamp) {
            Ok(value) => {
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

    /// Tightness and other fields of the night the check-in is about (for tests and display).
    pub fn night_details(&self, night: NaiveDate) -> Result<Option<NightDetails>> {
        Ok(self.store.night(night)?.map(|n| n.details))
    }
}

fn edit_form(form: &mut super::form::Form, action: Action) {
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
