//! Editing a logged night: tightness, sleep, soreness, note, and excluding it from analysis.

use crate::domain::dates::long_date;
use crate::domain::night::{Sides, parse_exclude_reason};
use crate::domain::{Invalid, Night, NightDetails, NightStatus, Score, parse_note};
use crate::store::NightEdit;
use crate::tui::form::{Editing, Field, FieldKey, Form, FormModel, all_errors, field_keys};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

field_keys! {
    /// The night form's fields.
    pub enum NightField {
        TightLeft => "tight left",
        TightRight => "tight right",
        Sleep => "sleep disturbance",
        Soreness => "soreness",
        Numbness => "numbness",
        Swelling => "swelling",
        Note => "note",
        Exclude => "exclude because",
    }
}
use NightField::*;

/// Not noted.
const NOT_NOTED: &str = "-";
const SIDES: [&str; 5] = [NOT_NOTED, "none", "left", "right", "both"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightForm {
    pub editing: Editing<NightEdit>,
    pub night_of: NaiveDate,
    pub form: Form<NightField>,
}

impl NightForm {
    /// `version`: the night's `updated_at` as loaded, for noticing a change made elsewhere.
    pub fn new(night: &Night, version: &str) -> Self {
        let d = &night.details;
        let v = |s: Option<Score>| s.map(Score::value);
        let reason = match night.status {
            NightStatus::Excluded => night.exclude_reason.clone().unwrap_or_default(),
            _ => String::new(),
        };
        Self {
            editing: Editing::new(&night.uid, version, NightEdit::of(night)),
            night_of: night.night_of,
            form: Form::new(vec![
                Field::number(TightLeft, v(d.tight_left), true, "0-10, empty if not noted"),
                Field::number(
                    TightRight,
                    v(d.tight_right),
                    true,
                    "0-10, empty if not noted",
                ),
                Field::number(
                    Sleep,
                    v(d.sleep_disturbance),
                    true,
                    "0-10, empty if not noted",
                ),
                Field::number(Soreness, v(d.soreness), true, "0-10, empty if not noted"),
                Field::choice(
                    Numbness,
                    SIDES.to_vec(),
                    d.numbness.map_or(NOT_NOTED, Sides::as_str),
                    "in a leg this morning",
                ),
                Field::choice(
                    Swelling,
                    SIDES.to_vec(),
                    d.swelling.map_or(NOT_NOTED, Sides::as_str),
                    "in a leg this morning",
                ),
                Field::note(Note, d.note.as_deref().unwrap_or(""), "optional"),
                Field::text(
                    Exclude,
                    &reason,
                    100,
                    "illness, travel...: leaves the night out of the analysis",
                ),
            ]),
        }
    }
}

impl FormModel for NightForm {
    type Field = NightField;
    type Value = NightEdit;
    const NOUN: &'static str = "these changes to the night";

    fn form(&self) -> &Form<NightField> {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form<NightField> {
        &mut self.form
    }

    /// The night's fields and exclusion reason, or the field at fault.
    fn value(&self) -> Result<NightEdit, (NightField, Invalid)> {
        let f = &self.form;
        let score = |key: NightField| {
            f.number(key)
                .map(|v| Score::new(key.label(), i64::from(v)))
                .transpose()
                .map_err(|e| (key, e))
        };
        let reason = f.text(Exclude);
        let exclusion = if reason.trim().is_empty() {
            None
        } else {
            Some(parse_exclude_reason(&reason).map_err(|e| (Exclude, e))?)
        };
        let sides = |key: NightField| match f.text(key).as_str() {
            NOT_NOTED => Ok(None),
            word => Sides::parse_as(key.label(), word)
                .map(Some)
                .map_err(|e| (key, e)),
        };
        Ok(NightEdit {
            details: NightDetails {
                numbness: sides(Numbness)?,
                swelling: sides(Swelling)?,
                tight_left: score(TightLeft)?,
                tight_right: score(TightRight)?,
                sleep_disturbance: score(Sleep)?,
                soreness: score(Soreness)?,
                note: parse_note(Note.label(), &f.text(Note)).map_err(|e| (Note, e))?,
            },
            exclusion,
        })
    }

    fn errors(&self) -> Vec<(NightField, Invalid)> {
        let f = &self.form;
        let reason = f.text(Exclude);
        all_errors(
            vec![
                (Note, parse_note(Note.label(), &f.text(Note)).map(drop)),
                (
                    Exclude,
                    if reason.trim().is_empty() {
                        Ok(())
                    } else {
                        parse_exclude_reason(&reason).map(drop)
                    },
                ),
            ],
            || self.value(),
        )
    }

    fn editing(&self) -> Option<&Editing<NightEdit>> {
        Some(&self.editing)
    }

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let title = format!("Edit night of {}", long_date(self.night_of));
        form_view::render(&title, &self.form, theme, area, buf);
    }
}
