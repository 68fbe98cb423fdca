//! Editing a logged night: tightness, sleep, soreness, note, and excluding it from analysis.

use super::night_details::{self, Asked, DetailField};
use crate::domain::dates::long_date;
use crate::domain::night::parse_exclude_reason;
use crate::domain::{Invalid, Night, NightStatus, Stamp};
use crate::store::NightEdit;
use crate::tui::form::{Check, Editing, Field, FieldKey, Form, FormModel};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The night form's fields: every night detail, then the reason for excluding the night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NightField {
    Detail(DetailField),
    Exclude,
}

impl FieldKey for NightField {
    fn label(self) -> &'static str {
        match self {
            NightField::Detail(detail) => detail.label(),
            NightField::Exclude => "exclude because",
        }
    }
}

impl From<DetailField> for NightField {
    fn from(detail: DetailField) -> Self {
        NightField::Detail(detail)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightForm {
    pub editing: Editing<NightEdit>,
    pub night_of: NaiveDate,
    pub form: Form<NightField>,
}

impl NightForm {
    /// `version`: the night's `updated_at` as loaded, for noticing a change made elsewhere.
    pub fn new(night: &Night, version: &Stamp) -> Self {
        let reason = match night.status {
            NightStatus::Excluded => night.exclude_reason.clone().unwrap_or_default(),
            _ => String::new(),
        };
        let mut fields = night_details::fields(Asked::All, &night.details);
        fields.push(Field::text(
            NightField::Exclude,
            &reason,
            100,
            "illness, travel...: leaves the night out of the analysis",
        ));
        Self {
            editing: Editing::new(&night.uid, version, NightEdit::of(night)),
            night_of: night.night_of,
            form: Form::new(fields),
        }
    }

    /// The exclusion reason, if one is typed, or why it is refused.
    fn exclusion(&self) -> Result<Option<String>, Invalid> {
        let reason = self.form.text(NightField::Exclude);
        if reason.trim().is_empty() {
            Ok(None)
        } else {
            parse_exclude_reason(&reason).map(Some)
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

    /// The night's details and exclusion reason.
    fn read(&self, c: &mut Check<NightField>) -> Option<NightEdit> {
        let details = night_details::read(&self.form, Asked::All, c);
        let exclusion = c.field(NightField::Exclude, self.exclusion());
        Some(NightEdit {
            details: details?,
            exclusion: exclusion?,
        })
    }

    fn editing(&self) -> Option<&Editing<NightEdit>> {
        Some(&self.editing)
    }

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let title = format!("Edit night of {}", long_date(self.night_of));
        form_view::render(&title, &self.form, theme, area, buf);
    }
}
