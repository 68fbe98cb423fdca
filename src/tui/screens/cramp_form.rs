//! The cramp form: prefilled so a typical cramp is logged with one Enter.

use crate::domain::dates::long_date;
use crate::domain::dates::parse_clock_time;
use crate::domain::{CrampDuration, CrampEpisode, Leg, Muscle, Score, Stamp, Stored, parse_note};
use crate::tui::form::{Check, Editing, Field, FieldKey, Form, FormModel, field_keys, form_parts};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

field_keys! {
    /// The cramp form's fields.
    pub enum CrampField {
        Leg => "leg",
        Muscle => "muscle",
        Intensity => "intensity",
        Duration => "duration",
        Time => "time",
        Woke => "woke me",
        Note => "note",
    }
}

/// Where the form goes after a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSave {
    /// Morning check-in: on to calf tightness, with "add another".
    Tightness,
    History,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrampForm {
    pub night: NaiveDate,
    /// The episode being edited, or `None` for a new one.
    pub editing: Option<Editing<CrampEpisode>>,
    pub after_save: AfterSave,
    pub form: Form<CrampField>,
}

impl CrampForm {
    /// A new cramp, starting from the last one logged (leg, intensity, duration), calf, woke me.
    pub fn new(night: NaiveDate, last: Option<&CrampEpisode>, after_save: AfterSave) -> Self {
        let leg = last.map_or(Leg::Left, |e| e.leg);
        let intensity = last.map_or(5, |e| e.intensity.value());
        let duration = last.map_or_else(|| "1m".to_string(), |e| e.duration.to_string());
        Self {
            night,
            editing: None,
            after_save,
            form: fields(leg, Muscle::Calf, intensity, &duration, "", true, ""),
        }
    }

    /// `version`: the cramp's `updated_at` as loaded, for noticing a change made elsewhere.
    pub fn edit(night: NaiveDate, stored: &Stored<CrampEpisode>, version: &Stamp) -> Self {
        let e = &stored.item;
        let at =
            e.at.map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default();
        Self {
            night,
            editing: Some(Editing::new(&stored.uid, version, e.clone())),
            after_save: AfterSave::History,
            form: fields(
                e.leg,
                e.muscle,
                e.intensity.value(),
                &e.duration.to_string(),
                &at,
                e.woke,
                e.note.as_deref().unwrap_or(""),
            ),
        }
    }

    pub fn title(&self) -> String {
        let verb = if self.editing.is_some() {
            "Edit cramp"
        } else {
            "New cramp"
        };
        format!("{verb} · night of {}", long_date(self.night))
    }
}

form_parts!(CrampForm, CrampField, "this cramp");

impl FormModel for CrampForm {
    type Value = CrampEpisode;

    fn read(&self, c: &mut Check<CrampField>) -> Option<CrampEpisode> {
        let f = &self.form;
        let time = f.text(CrampField::Time);
        let leg = c.field(CrampField::Leg, Leg::parse(&f.text(CrampField::Leg)));
        let muscle = c.field(
            CrampField::Muscle,
            Muscle::parse(&f.text(CrampField::Muscle)),
        );
        let intensity = c.field(
            CrampField::Intensity,
            Score::new(
                CrampField::Intensity.label(),
                i64::from(f.number(CrampField::Intensity).unwrap_or(0)),
            ),
        );
        let duration = c.field(
            CrampField::Duration,
            CrampDuration::parse(&f.text(CrampField::Duration)),
        );
        let at = c.field(
            CrampField::Time,
            if time.trim().is_empty() {
                Ok(None)
            } else {
                parse_clock_time(CrampField::Time.label(), &time).map(Some)
            },
        );
        let note = c.field(
            CrampField::Note,
            parse_note(CrampField::Note.label(), &f.text(CrampField::Note)),
        );
        Some(CrampEpisode {
            leg: leg?,
            muscle: muscle?,
            intensity: intensity?,
            duration: duration?,
            at: at?,
            woke: f.yes(CrampField::Woke),
            note: note?,
        })
    }

    fn editing(&self) -> Option<&Editing<CrampEpisode>> {
        self.editing.as_ref()
    }

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        form_view::render(&self.title(), &self.form, theme, area, buf);
    }
}

fn fields(
    leg: Leg,
    muscle: Muscle,
    intensity: u8,
    duration: &str,
    at: &str,
    woke: bool,
    note: &str,
) -> Form<CrampField> {
    Form::new(vec![
        Field::choice(
            CrampField::Leg,
            Leg::ALL.iter().map(|l| l.as_str()).collect(),
            leg.as_str(),
            "←/→ left, right, both",
        ),
        Field::choice(
            CrampField::Muscle,
            Muscle::ALL.iter().map(|m| m.as_str()).collect(),
            muscle.as_str(),
            "←/→ calf, foot, shin, thigh, other",
        ),
        Field::number(
            CrampField::Intensity,
            Some(intensity),
            false,
            "0-10: type a number or ←/→",
        ),
        Field::text(CrampField::Duration, duration, 8, "like 45s, 2m or 1m30s"),
        Field::text(CrampField::Time, at, 5, "like 3:10 or 03:10, optional"),
        Field::yes_no(CrampField::Woke, woke, "Space, y or n"),
        Field::note(CrampField::Note, note, "optional"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn night() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn defaults_make_a_valid_cramp() {
        let form = CrampForm::new(night(), None, AfterSave::Tightness);
        let ep = form.value().unwrap();
        assert_eq!(
            (ep.leg, ep.muscle, ep.intensity.value()),
            (Leg::Left, Muscle::Calf, 5)
        );
        assert_eq!(ep.duration.seconds(), 60);
        assert!(ep.woke);
    }

    #[test]
    fn a_bad_duration_names_the_field() {
        let mut form = CrampForm::new(night(), None, AfterSave::Tightness);
        form.form.focus_on(CrampField::Duration);
        form.form.backspace();
        form.form.backspace();
        form.form.input('0');
        form.form.input('s');
        let (field, err) = form.value().unwrap_err();
        assert_eq!(field, CrampField::Duration);
        assert_eq!(err.0, "duration must be 1s-60m, got 0s");
    }
}
