//! Massage sessions, daily context and the routine screens.

use super::{App, Screen, Tone, edit_form};
use crate::domain::context::DailyContext;
use crate::domain::dates::long_date;
use crate::domain::routine::MIN_BASELINE_NIGHTS;
use crate::domain::session::{MassageSession, TWIN_MINUTES};
use crate::tui::action::Action;
use crate::tui::form::error_lines;
use crate::tui::screens::context_form::ContextForm;
use crate::tui::screens::experiment::Pending;
use crate::tui::screens::routine::RoutineForm;
use crate::tui::screens::session_form::SessionForm;
use color_eyre::eyre::Result;

impl App {
    /// `m`, `s` and `r` from the check-in, the history or the routine screen. True if handled.
    pub(super) fn open_logging_screen(&mut self, action: Action) -> Result<bool> {
        let now = self.clock.now();
        match action {
            Action::NewSession => {
                self.rest_week_asked = false;
                self.screen =
                    Screen::SessionForm(SessionForm::new(now, self.last_session.as_ref()));
            }
            Action::RepeatSession => match &self.last_session {
                Some(last) => {
                    self.rest_week_asked = false;
                    self.screen = Screen::SessionForm(SessionForm::repeat(now, last));
                }
                None => {
                    self.say(
                        Tone::Info,
                        "No session yet to repeat: m records the first one.",
                    );
                }
            },
            Action::OpenRoutine => {
                self.screen = Screen::Routine {
                    confirm_stop: false,
                };
                self.page_scroll = 0;
            }
            Action::OpenExperiment => {
                self.screen = Screen::Experiment {
                    pending: Pending::Nothing,
                };
                self.page_scroll = 0;
                self.refresh_plan()?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    pub(super) fn on_session_form(&mut self, mut form: SessionForm, action: Action) -> Result<()> {
        match action {
            Action::Save => match form.to_session() {
                Err((field, _)) => {
                    // Every field at fault is named at once; the focus goes to the first.
                    let errors = form.errors();
                    form.form
                        .focus_on(errors.first().map_or(field, |(first, _)| first));
                    form.error = error_lines(&errors);
                    form.invalid = true;
                }
                Ok(session) if form.editing.is_none() && self.asks_about_rest_week(&session) => {
                    form.invalid = false;
                    form.error = Some(self.rest_week_question(&session));
                }
                Ok(session) => {
                    form.invalid = false;
                    self.rest_week_asked = false;
                    let since = self.clock.stamp_minutes_ago(TWIN_MINUTES);
                    if form.editing.is_none()
                        && !form.confirm_again
                        && self.store.saved_twin_since(&session, &since)?
                    {
                        form.confirm_again = true;
                        form.error = Some(format!(
                            "The same {} session was saved in the last {TWIN_MINUTES} minutes: Enter saves it again, Esc goes back.",
                            session.technique.label()
                        ));
                        self.screen = Screen::SessionForm(form);
                        return Ok(());
                    }
                    let saved = match form.editing.as_mut() {
                        Some(edit) => self.save_checked(
                            edit,
                            &mut form.error,
                            &session.summary(),
                            MassageSession::summary,
                            |s, opened, stamp| s.edit_session_checked(opened, &session, stamp),
                        )?,
                        None => self
                            .write(|s, stamp| s.add_session(&session, stamp))?
                            .is_some(),
                    };
                    if saved {
                        let progress = self
                            .routine
                            .as_ref()
                            .filter(|r| r.stored.item.is_running(self.clock.today()))
                            .map(|r| format!(" · {}", r.progress.headline()))
                            .unwrap_or_default();
                        match session.warnings().first() {
                            Some(w) => self.say(Tone::Warn, format!("Saved. Warning: {w}.")),
                            None => self.say(
                                Tone::Info,
                                format!(
                                    "Saved the {} session{progress}.",
                                    session.technique.label()
                                ),
                            ),
                        }
                        self.history.select_date(session.at.date());
                        self.screen = Screen::History;
                        return Ok(());
                    }
                }
            },
            Action::Cancel => {
                self.closed_form(form.editing.as_ref());
                self.screen = Screen::History;
                return Ok(());
            }
            other => {
                form.confirm_again = false;
                edit_form(&mut form.form, other);
                form.sync_fields();
                if form.invalid {
                    // An error goes as soon as its field is fixed.
                    form.error = error_lines(&form.errors());
                    form.invalid = form.error.is_some();
                }
            }
        }
        self.screen = Screen::SessionForm(form);
        Ok(())
    }

    pub(super) fn on_context_form(&mut self, mut form: ContextForm, action: Action) -> Result<()> {
        match action {
            Action::Save => match form.to_context() {
                Err((field, _)) => {
                    // Every field at fault is named at once; the focus goes to the first.
                    let errors = form.errors();
                    form.form
                        .focus_on(errors.first().map_or(field, |(first, _)| first));
                    form.error = error_lines(&errors);
                    form.invalid = true;
                }
                Ok(context) => {
                    form.invalid = false;
                    let day = form.day;
                    let saved = match form.editing.as_mut() {
                        Some(edit) => self.save_checked(
                            edit,
                            &mut form.error,
                            &context.summary(),
                            DailyContext::summary,
                            |s, opened, stamp| s.edit_context_checked(opened, &context, stamp),
                        )?,
                        None => self
                            .write(|s, stamp| s.set_context(day, &context, stamp))?
                            .is_some(),
                    };
                    if saved {
                        self.say(
                            Tone::Info,
                            format!("Saved the context of {}.", long_date(day)),
                        );
                        self.screen = Screen::History;
                        return Ok(());
                    }
                }
            },
            Action::Cancel => {
                self.closed_form(form.editing.as_ref());
                self.screen = Screen::History;
                return Ok(());
            }
            other => {
                edit_form(&mut form.form, other);
                if form.invalid {
                    // An error goes as soon as its field is fixed.
                    form.error = error_lines(&form.errors());
                    form.invalid = form.error.is_some();
                }
            }
        }
        self.screen = Screen::ContextForm(form);
        Ok(())
    }

    pub(super) fn on_routine(&mut self, confirm_stop: bool, action: Action) -> Result<()> {
        self.screen = Screen::Routine {
            confirm_stop: false,
        };
        match action {
            Action::StartRoutine => {
                self.screen = Screen::RoutineForm(RoutineForm::new(
                    self.clock.today(),
                    self.settings.weeks,
                    self.settings.per_week,
                    self.settings.baseline_nights,
                ));
            }
            Action::StopRoutine if confirm_stop => {
                let today = self.clock.today();
                let running = self
                    .routine
                    .as_ref()
                    .filter(|r| r.stored.item.is_running(today))
                    .map(|r| r.stored.uid.clone());
                if let Some(uid) = running
                    && self
                        .write(|s, stamp| s.stop_routine(&uid, today, stamp))?
                        .is_some()
                {
                    self.say(
                        Tone::Info,
                        format!("Stopped the routine: its last day is {}.", long_date(today)),
                    );
                }
            }
            Action::StopRoutine => {
                let running = self
                    .routine
                    .as_ref()
                    .is_some_and(|r| r.stored.item.is_running(self.clock.today()));
                if running {
                    self.screen = Screen::Routine { confirm_stop: true };
                } else {
                    self.say(Tone::Info, "No routine is running today.");
                }
            }
            Action::Cancel => self.screen = Screen::Dashboard,
            Action::Down | Action::Up => self.scroll_page(action),
            _ => {}
        }
        Ok(())
    }

    pub(super) fn on_routine_form(&mut self, mut form: RoutineForm, action: Action) -> Result<()> {
        match action {
            Action::Save => match form.to_routine() {
                Err((field, _)) => {
                    // Every field at fault is named at once; the focus goes to the first.
                    let errors = form.errors();
                    form.form
                        .focus_on(errors.first().map_or(field, |(first, _)| first));
                    form.error = error_lines(&errors);
                    form.invalid = true;
                }
                Ok(routine) => {
                    form.invalid = false;
                    if let Some((_, fitted)) =
                        self.write(|s, stamp| s.start_fitted_routine(&routine, stamp))?
                    {
                        let routine = fitted.routine;
                        let baseline = self
                            .routine
                            .as_ref()
                            .map_or(0, |r| r.progress.baseline_logged);
                        let mut warnings = fitted.warnings;
                        if (baseline as usize) < MIN_BASELINE_NIGHTS {
                            warnings.push(format!(
                                "only {baseline} baseline nights are logged: the before/after comparison will be weak until {MIN_BASELINE_NIGHTS} are"
                            ));
                        }
                        let started = format!(
                            "Started: {} to {}.",
                            long_date(routine.start),
                            long_date(routine.end())
                        );
                        if warnings.is_empty() {
                            self.say(Tone::Info, started);
                        } else {
                            self.say(
                                Tone::Warn,
                                format!("{started} Warning: {}.", warnings.join("; ")),
                            );
                        }
                        self.screen = Screen::Routine {
                            confirm_stop: false,
                        };
                        return Ok(());
                    }
                    // Refused (overlap): the status line says why; the form stays open.
                    form.error = self.status.as_ref().map(|s| s.text.clone());
                }
            },
            Action::Cancel => {
                self.screen = Screen::Routine {
                    confirm_stop: false,
                };
                return Ok(());
            }
            other => {
                edit_form(&mut form.form, other);
                if form.invalid {
                    // An error goes as soon as its field is fixed.
                    form.error = error_lines(&form.errors());
                    form.invalid = form.error.is_some();
                }
            }
        }
        self.screen = Screen::RoutineForm(form);
        Ok(())
    }
}
