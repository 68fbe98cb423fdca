//! The morning check-in, and the cramp, tightness and night forms.

use super::form_screen::FormScreen;
use super::{App, Screen, Tone};
use crate::domain::dates::long_date;
use crate::domain::{CrampEpisode, NightDetails};
use crate::store::{NightEdit, NightEntry};
use crate::tui::action::Action;
use crate::tui::screens::cramp_form::{AfterSave, CrampForm};
use crate::tui::screens::night_form::NightForm;
use crate::tui::screens::tightness::TightnessForm;
use chrono::NaiveDate;
use color_eyre::eyre::Result;

impl App {
    pub(super) fn on_checkin(&mut self, action: Action) -> Result<Screen> {
        let night = self.checkin_night();
        Ok(match action {
            Action::HaveCramps => Screen::CrampForm(self.new_cramp(night)),
            Action::NoCramps => {
                let entry = NightEntry::cramp_free();
                match self.write(|s, stamp| s.log_night(night, &entry, stamp))? {
                    Some(_) => {
                        self.say(
                            Tone::Info,
                            format!("Saved to the night of {}: no cramps.", long_date(night)),
                        );
                        self.habit_then(
                            night,
                            Screen::Tightness(TightnessForm::new(night, Vec::new(), None, None)),
                        )
                    }
                    None => Screen::CheckIn,
                }
            }
            Action::OpenHistory => Screen::History,
            _ => Screen::CheckIn,
        })
    }

    /// The daily habit's question for `night` first when a daily-habit experiment holds it and
    /// it is not answered yet (one key), then `then`.
    pub(super) fn habit_then(&self, night: NaiveDate, then: Screen) -> Screen {
        if self.habit_question(night).is_some() && self.habit_answer(night).is_none() {
            Screen::Habit {
                night,
                then: Box::new(then),
            }
        } else {
            then
        }
    }

    /// A new cramp for the morning check-in (on to tightness after it), from the last one.
    pub(super) fn new_cramp(&self, night: NaiveDate) -> CrampForm {
        CrampForm::new(night, self.data.last_episode.as_ref(), AfterSave::Tightness)
    }

    fn tightness_for(&self, night: NaiveDate) -> TightnessForm {
        let logged = self.loaded_night(night);
        let saved = logged
            .as_ref()
            .map(|n| n.episodes.iter().map(|e| e.item.summary()).collect())
            .unwrap_or_default();
        let (left, right) = logged.as_ref().map_or((None, None), |n| {
            (n.details.tight_left, n.details.tight_right)
        });
        TightnessForm::new(night, saved, left, right)
    }

    /// The check-in of a night is done (saved or left): say what the night holds now, then
    /// the next missed night or the dashboard.
    fn finish_checkin(&mut self, night: NaiveDate) -> Screen {
        if let Some(n) = self.loaded_night(night).cloned() {
            let details = n.details.summary();
            let summary = if details.is_empty() {
                n.status_line()
            } else {
                format!("{} · {details}", n.status_line())
            };
            let red_flag = n.episodes.iter().flat_map(|e| e.item.warnings()).next();
            match red_flag {
                Some(w) => self.say(
                    Tone::Warn,
                    format!("Saved to the night of {}. Warning: {w}.", long_date(night)),
                ),
                None => self.say(
                    Tone::Info,
                    format!("Saved to the night of {}: {summary}.", long_date(night)),
                ),
            }
        }
        self.data.history.select_date(night);
        self.next_missed_or_dashboard()
    }
}

impl FormScreen for CrampForm {
    type Written = ();

    fn write(&mut self, app: &mut App, episode: &CrampEpisode) -> Result<Option<()>> {
        let night = self.night;
        app.save_row(
            self.editing.as_mut(),
            &mut self.form.error,
            episode,
            CrampEpisode::summary,
            |s, stamp| s.add_episode(night, episode, stamp),
            |s, opened, stamp| s.edit_episode_checked(opened, episode, stamp),
        )
    }

    fn saved(self, app: &mut App, episode: CrampEpisode, _: ()) -> Screen {
        let to = long_date(self.night);
        match episode.warnings().first() {
            Some(w) => app.say(
                Tone::Warn,
                format!("Saved to the night of {to}. Warning: {w}."),
            ),
            None => app.say(
                Tone::Info,
                format!("Saved to the night of {to}: {}.", episode.summary()),
            ),
        }
        // An edited cramp stays selected; a new one selects its night.
        match &self.editing {
            Some(edit) => app
                .data
                .history
                .select_episode(&edit.opened.uid, self.night),
            None => app.data.history.select_date(self.night),
        }
        match self.after_save {
            AfterSave::Tightness => {
                let tightness = Screen::Tightness(app.tightness_for(self.night));
                app.habit_then(self.night, tightness)
            }
            AfterSave::History => Screen::History,
        }
    }

    fn closed(self, app: &mut App) -> Screen {
        let logged = app.loaded_night(self.night).is_some();
        match self.after_save {
            // Left before the night was logged: back to the question that opened the form.
            AfterSave::Tightness if !logged && self.night != app.checkin_night() => {
                Screen::Missed(self.night)
            }
            AfterSave::Tightness if !logged => Screen::CheckIn,
            AfterSave::Tightness => {
                let tightness = Screen::Tightness(app.tightness_for(self.night));
                app.habit_then(self.night, tightness)
            }
            AfterSave::History => Screen::History,
        }
    }
}

impl FormScreen for TightnessForm {
    type Written = ();

    fn write(&mut self, app: &mut App, details: &NightDetails) -> Result<Option<()>> {
        if details.is_empty() {
            return Ok(Some(()));
        }
        let entry = NightEntry {
            change: None,
            details: details.clone(),
        };
        let night = self.night;
        Ok(app
            .write(|s, stamp| s.log_night(night, &entry, stamp))?
            .map(drop))
    }

    fn saved(self, app: &mut App, _: NightDetails, _: ()) -> Screen {
        app.finish_checkin(self.night)
    }

    fn closed(self, app: &mut App) -> Screen {
        app.finish_checkin(self.night)
    }
}

impl FormScreen for NightForm {
    type Written = ();

    fn write(&mut self, app: &mut App, values: &NightEdit) -> Result<Option<()>> {
        let saved = app.save_checked(
            &mut self.editing,
            &mut self.form.error,
            &night_summary(values),
            night_summary,
            |s, opened, stamp| s.edit_night_checked(opened, values, stamp),
        )?;
        Ok(saved.then_some(()))
    }

    fn saved(self, app: &mut App, _: NightEdit, _: ()) -> Screen {
        app.say(
            Tone::Info,
            format!("Saved the night of {}.", long_date(self.night_of)),
        );
        Screen::History
    }

    fn closed(self, _: &mut App) -> Screen {
        Screen::History
    }
}

/// A night form's values in one line, for "theirs / yours".
fn night_summary(n: &NightEdit) -> String {
    let details = n.details.summary();
    let details = if details.is_empty() {
        "nothing noted".to_string()
    } else {
        details
    };
    let details = match &n.exclusion {
        Some(reason) => format!("{details} · excluded ({})", crate::format::escaped(reason)),
        None => details,
    };
    if n.tags.is_empty() {
        details
    } else {
        format!(
            "{details} · tags: {}",
            crate::format::escaped(&n.tags.join(", "))
        )
    }
}
