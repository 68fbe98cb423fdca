//! The morning check-in, the cramp form, tightness, and editing a night.

use super::{App, Screen, Tone, edit_form};
use crate::domain::CrampEpisode;
use crate::domain::dates::long_date;
use crate::store::{NightChange, NightEdit, NightEntry};
use crate::tui::action::Action;
use crate::tui::form::error_lines;
use crate::tui::screens::cramp_form::{AfterSave, CrampForm};
use crate::tui::screens::night_form::NightForm;
use crate::tui::screens::tightness::TightnessForm;
use chrono::NaiveDate;
use color_eyre::eyre::Result;

impl App {
    pub(super) fn on_checkin(&mut self, action: Action) -> Result<()> {
        let night = self.checkin_night();
        match action {
            Action::HaveCramps => {
                self.screen = Screen::CrampForm(CrampForm::new(
                    night,
                    self.last_episode.as_ref(),
                    AfterSave::Tightness,
                ));
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
                            format!("Saved to the night of {}: no cramps.", long_date(night)),
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

    pub(super) fn on_cramp_form(&mut self, mut form: CrampForm, action: Action) -> Result<()> {
        match action {
            Action::Save => match form.to_episode() {
                Err((field, _)) => {
                    // Every field at fault is named at once; the focus goes to the first.
                    form.form.focus_on(field);
                    form.error = form.error_lines();
                    form.invalid = true;
                }
                Ok(episode) => {
                    form.invalid = false;
                    let night = form.night;
                    let saved = match form.editing.as_mut() {
                        Some(edit) => self.save_checked(
                            edit,
                            &mut form.error,
                            &episode.summary(),
                            CrampEpisode::summary,
                            |s, opened, stamp| s.edit_episode_checked(opened, &episode, stamp),
                        )?,
                        None => self
                            .write(|s, stamp| s.add_episode(night, &episode, stamp))?
                            .is_some(),
                    };
                    if !saved {
                        self.screen = Screen::CrampForm(form);
                        return Ok(());
                    }
                    let warnings = episode.warnings();
                    let to = long_date(night);
                    match warnings.first() {
                        Some(w) => self.say(
                            Tone::Warn,
                            format!("Saved to the night of {to}. Warning: {w}."),
                        ),
                        None => self.say(
                            Tone::Info,
                            format!("Saved to the night of {to}: {}.", episode.summary()),
                        ),
                    }
                    // An edited cramp stays selected; a new one selects its night.
                    match form.editing.as_ref() {
                        Some(edit) => self.history.select_episode(&edit.opened.uid, night),
                        None => self.history.select_date(night),
                    }
                    if form.after_save == AfterSave::Tightness {
                        self.screen = Screen::Tightness(self.tightness_for(night));
                    }
                    return Ok(());
                }
            },
            Action::Cancel => {
                self.closed_form(form.editing.as_ref());
                self.screen = match form.after_save {
                    AfterSave::Tightness
                        if self.loaded_night(form.night).is_none()
                            && form.night != self.checkin_night() =>
                    {
                        Screen::Missed(form.night)
                    }
                    AfterSave::Tightness if self.loaded_night(form.night).is_none() => {
                        Screen::CheckIn
                    }
                    AfterSave::Tightness => Screen::Tightness(self.tightness_for(form.night)),
                    AfterSave::History => Screen::History,
                };
                return Ok(());
            }
            other => {
                edit_form(&mut form.form, other);
                if form.invalid {
                    // An error goes as soon as its field is fixed.
                    form.error = form.error_lines();
                    form.invalid = form.error.is_some();
                }
            }
        }
        self.screen = Screen::CrampForm(form);
        Ok(())
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

    pub(super) fn on_tightness(&mut self, mut form: TightnessForm, action: Action) -> Result<()> {
        match action {
            Action::AddAnother => {
                self.screen = Screen::CrampForm(CrampForm::new(
                    form.night,
                    self.last_episode.as_ref(),
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
        self.history.select_date(night);
        self.next_missed_or_dashboard();
        Ok(())
    }

    pub(super) fn on_night_form(&mut self, mut form: NightForm, action: Action) -> Result<()> {
        match action {
            Action::Save => match form.values() {
                Err((field, _)) => {
                    // Every field at fault is named at once; the focus goes to the first.
                    let errors = form.errors();
                    form.form
                        .focus_on(errors.first().map_or(field, |(first, _)| first));
                    form.error = error_lines(&errors);
                    form.invalid = true;
                }
                Ok(values) => {
                    form.invalid = false;
                    let yours = night_summary(&values);
                    let done = self.save_checked(
                        &mut form.editing,
                        &mut form.error,
                        &yours,
                        night_summary,
                        |s, opened, stamp| s.edit_night_checked(opened, &values, stamp),
                    )?;
                    if done {
                        self.say(
                            Tone::Info,
                            format!("Saved the night of {}.", long_date(form.night_of)),
                        );
                        return Ok(());
                    }
                }
            },
            Action::Cancel => {
                self.closed_form(Some(&form.editing));
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
        self.screen = Screen::NightForm(form);
        Ok(())
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
    match &n.exclusion {
        Some(reason) => format!("{details} · excluded ({})", crate::format::escaped(reason)),
        None => details,
    }
}
