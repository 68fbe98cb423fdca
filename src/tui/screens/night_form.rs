//! Editing a logged night: tightness, sleep, soreness, note, and excluding it from analysis.

use crate::domain::dates::long_date;
use crate::domain::night::{Sides, parse_exclude_reason};
use crate::domain::{Invalid, Night, NightDetails, NightStatus, Score, parse_note};
use crate::store::NightEdit;
use crate::tui::form::{Editing, Field, Form, all_errors};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const LEFT: &str = "tight left";
const RIGHT: &str = "tight right";
const SLEEP: &str = "sleep disturbance";
const SORENESS: &str = "soreness";
const NUMBNESS: &str = "numbness";
const SWELLING: &str = "swelling";
/// Not noted.
const NOT_NOTED: &str = "-";
const SIDES: [&str; 5] = [NOT_NOTED, "none", "left", "right", "both"];
const NOTE: &str = "note";
const EXCLUDE: &str = "exclude because";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightForm {
    pub editing: Editing<NightEdit>,
    pub night_of: NaiveDate,
    pub form: Form,
    pub error: Option<String>,
    /// The error shown is the fields' own (not a save's): it follows the fields as they change.
    pub invalid: bool,
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
                Field::number(LEFT, v(d.tight_left), true, "0-10, empty if not noted"),
                Field::number(RIGHT, v(d.tight_right), true, "0-10, empty if not noted"),
                Field::number(
                    SLEEP,
                    v(d.sleep_disturbance),
                    true,
                    "0-10, empty if not noted",
                ),
                Field::number(SORENESS, v(d.soreness), true, "0-10, empty if not noted"),
                Field::choice(
                    NUMBNESS,
                    SIDES.to_vec(),
                    d.numbness.map_or(NOT_NOTED, Sides::as_str),
                    "in a leg this morning",
                ),
                Field::choice(
                    SWELLING,
                    SIDES.to_vec(),
                    d.swelling.map_or(NOT_NOTED, Sides::as_str),
                    "in a leg this morning",
                ),
                Field::note(NOTE, d.note.as_deref().unwrap_or(""), "optional"),
                Field::text(
                    EXCLUDE,
                    &reason,
                    100,
                    "illness, travel...: leaves the night out of the analysis",
                ),
            ]),
            error: None,
            invalid: false,
        }
    }

    /// The night's fields and exclusion reason, or the field at fault.
    pub fn values(&self) -> Result<NightEdit, (&'static str, Invalid)> {
        let f = &self.form;
        let score = |label: &'static str| {
            f.number(label)
                .map(|v| Score::new(label, i64::from(v)))
                .transpose()
                .map_err(|e| (label, e))
        };
        let reason = f.text(EXCLUDE);
        let exclusion = if reason.trim().is_empty() {
            None
        } else {
            Some(parse_exclude_reason(&reason).map_err(|e| (EXCLUDE, e))?)
        };
        let sides = |label: &'static str| match f.text(label).as_str() {
            NOT_NOTED => Ok(None),
            word => Sides::parse_as(label, word)
                .map(Some)
                .map_err(|e| (label, e)),
        };
        Ok(NightEdit {
            details: NightDetails {
                numbness: sides(NUMBNESS)?,
                swelling: sides(SWELLING)?,
                tight_left: score(LEFT)?,
                tight_right: score(RIGHT)?,
                sleep_disturbance: score(SLEEP)?,
                soreness: score(SORENESS)?,
                note: parse_note(NOTE, &f.text(NOTE)).map_err(|e| (NOTE, e))?,
            },
            exclusion,
        })
    }

    /// Every field's error at once, in the form's order (empty when the night is valid).
    pub fn errors(&self) -> Vec<(&'static str, Invalid)> {
        let f = &self.form;
        let reason = f.text(EXCLUDE);
        all_errors(
            vec![
                (NOTE, parse_note(NOTE, &f.text(NOTE)).map(drop)),
                (
                    EXCLUDE,
                    if reason.trim().is_empty() {
                        Ok(())
                    } else {
                        parse_exclude_reason(&reason).map(drop)
                    },
                ),
            ],
            || self.values(),
        )
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let title = format!("Edit night of {}", long_date(self.night_of));
        form_view::render(&title, &self.form, self.error.as_deref(), theme, area, buf);
    }
}
