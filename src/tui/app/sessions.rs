//! Massage sessions, daily context and the routine: their screens and forms.

use super::form_screen::FormScreen;
use super::{App, Screen, Tone};
use crate::domain::context::DailyContext;
use crate::domain::dates::long_date;
use crate::domain::routine::{Fitted, MIN_BASELINE_NIGHTS, Routine};
use crate::domain::session::{MassageSession, TWIN_MINUTES};
use crate::tui::action::Action;
use crate::tui::screens::context_form::ContextForm;
use crate::tui::screens::experiment::Pending;
use crate::tui::screens::routine::RoutineForm;
use crate::tui::screens::session_form::SessionForm;
use color_eyre::eyre::Result;

impl App {
    /// `m`, `s`, `r` and `e` from the check-in, the history or the routine screen: the screen
    /// they open, or `None` when the key is not one of them.
    pub(super) fn open_logging_screen(&mut self, action: Action) -> Result<Option<Screen>> {
        let now = self.clock.now();
        let from_checkin = self.view.screen == Screen::CheckIn;
        Ok(Some(match action {
            Action::NewSession => {
                self.asked.rest_week_asked = false;
                let form = SessionForm::new(now, self.data.last_session.as_ref());
                Screen::SessionForm(SessionForm {
                    from_checkin,
                    ..form
                })
            }
            Action::RepeatSession => match &self.data.last_session {
                Some(last) => {
                    let form = SessionForm::repeat(now, last);
                    self.asked.rest_week_asked = false;
                    Screen::SessionForm(SessionForm {
                        from_checkin,
                        ..form
                    })
                }
                None => {
                    self.say(
                        Tone::Info,
                        "No session yet to repeat: m records the first one.",
                    );
                    self.view.screen.clone()
                }
            },
            Action::OpenRoutine => {
                self.view.page_scroll = 0;
                Screen::Routine {
                    confirm_stop: false,
                }
            }
            Action::OpenExperiment => {
                self.view.page_scroll = 0;
                self.refresh_plan()?;
                Screen::Experiment {
                    pending: Pending::Nothing,
                }
            }
            _ => return Ok(None),
        }))
    }

    pub(super) fn on_routine(&mut self, confirm_stop: bool, action: Action) -> Result<Screen> {
        let mut next = Screen::Routine {
            confirm_stop: false,
        };
        match action {
            Action::StartRoutine => {
                next = Screen::RoutineForm(RoutineForm::new(
                    self.clock.today(),
                    self.settings.weeks,
                    self.settings.per_week,
                    self.settings.baseline_nights,
                ));
            }
            Action::StopRoutine if confirm_stop => {
                let today = self.clock.today();
                let running = self
                    .data
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
                    .data
                    .routine
                    .as_ref()
                    .is_some_and(|r| r.stored.item.is_running(self.clock.today()));
                if running {
                    next = Screen::Routine { confirm_stop: true };
                } else {
                    self.say(Tone::Info, "No routine is running today.");
                }
            }
            Action::Cancel => next = Screen::Dashboard,
            Action::Down | Action::Up => self.scroll_page(action),
            _ => {}
        }
        Ok(next)
    }
}

impl FormScreen for SessionForm {
    type Written = ();

    /// A new deep-tissue session in an experiment's rest week, or the same session saved
    /// minutes ago (a double Enter?), asks first.
    fn ask_first(&mut self, app: &mut App, session: &MassageSession) -> Result<Option<String>> {
        // A new session, or an edit that makes it deep-tissue work in a rest week (it was not).
        let moved_in = self
            .editing
            .as_ref()
            .is_none_or(|e| !app.is_rest_week_work(&e.opened.before));
        if moved_in && app.asks_about_rest_week(session) {
            return Ok(Some(app.rest_week_question(session)));
        }
        app.asked.rest_week_asked = false;
        let since = app.clock.stamp_minutes_ago(TWIN_MINUTES);
        if self.editing.is_none()
            && !self.confirm_again
            && app.diary.store.saved_twin_since(session, &since)?
        {
            self.confirm_again = true;
            return Ok(Some(format!(
                "The same {} session was saved in the last {TWIN_MINUTES} minutes: Enter saves it again, Esc goes back.",
                session.technique.label()
            )));
        }
        Ok(None)
    }

    fn write(&mut self, app: &mut App, session: &MassageSession) -> Result<Option<()>> {
        app.save_row(
            self.editing.as_mut(),
            &mut self.form.error,
            session,
            MassageSession::summary,
            |s, stamp| s.add_session(session, stamp),
            |s, opened, stamp| s.edit_session_checked(opened, session, stamp),
        )
    }

    fn saved(self, app: &mut App, session: MassageSession, _: ()) -> Screen {
        let progress = app
            .data
            .routine
            .as_ref()
            .filter(|r| r.stored.item.is_running(app.clock.today()))
            .map(|r| format!(" · {}", r.progress.headline()))
            .unwrap_or_default();
        match session.warnings().first() {
            Some(w) => app.say(Tone::Warn, format!("Saved. Warning: {w}.")),
            None => app.say(
                Tone::Info,
                format!("Saved the {} session{progress}.", session.technique.label()),
            ),
        }
        app.data.history.select_date(session.at.date());
        app.back_from_session(self.from_checkin)
    }

    fn closed(self, app: &mut App) -> Screen {
        app.back_from_session(self.from_checkin)
    }
}

impl App {
    /// Where a session form goes when it is saved or closed: back to the check-in it was
    /// opened from while last night is still not logged, else the history.
    fn back_from_session(&self, from_checkin: bool) -> Screen {
        let due = self.clock.due_night();
        let unlogged = || !self.data.history.nights.iter().any(|n| n.night_of == due);
        if from_checkin && unlogged() {
            Screen::CheckIn
        } else {
            Screen::History
        }
    }
}

impl FormScreen for ContextForm {
    type Written = ();

    fn write(&mut self, app: &mut App, context: &DailyContext) -> Result<Option<()>> {
        let day = self.day;
        app.save_row(
            self.editing.as_mut(),
            &mut self.form.error,
            context,
            DailyContext::summary,
            |s, stamp| s.set_context(day, context, stamp),
            |s, opened, stamp| s.edit_context_checked(opened, context, stamp),
        )
    }

    fn saved(self, app: &mut App, _: DailyContext, _: ()) -> Screen {
        app.say(
            Tone::Info,
            format!("Saved the context of {}.", long_date(self.day)),
        );
        Screen::History
    }

    fn closed(self, _: &mut App) -> Screen {
        Screen::History
    }
}

impl FormScreen for RoutineForm {
    type Written = Fitted;

    fn write(&mut self, app: &mut App, routine: &Routine) -> Result<Option<Fitted>> {
        let written = app.write(|s, stamp| s.start_fitted_routine(routine, stamp))?;
        if written.is_none() {
            // Refused (an overlap): the status line says why, and so does the form.
            self.form.error = app.view.status.as_ref().map(|s| s.text.clone());
        }
        Ok(written.map(|(_, fitted)| fitted))
    }

    fn saved(self, app: &mut App, _: Routine, fitted: Fitted) -> Screen {
        let routine = fitted.routine;
        let baseline = app
            .data
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
            app.say(Tone::Info, started);
        } else {
            app.say(
                Tone::Warn,
                format!("{started} Warning: {}.", warnings.join("; ")),
            );
        }
        Screen::Routine {
            confirm_stop: false,
        }
    }

    fn closed(self, _: &mut App) -> Screen {
        Screen::Routine {
            confirm_stop: false,
        }
    }
}
