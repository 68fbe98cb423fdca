//! Editing a logged night: tightness, sleep, soreness, note, and excluding it from analysis.

use super::night_details::{self, Asked, DetailField};
use crate::domain::dates::long_date;
use crate::domain::night::parse_exclude_reason;
use crate::domain::tags::{TAG_MAX_CHARS, TAGS_PER_NIGHT, check_change, parse_tag_list};
use crate::domain::{Invalid, Night, NightStatus, Stamp};
use crate::store::NightEdit;
use crate::tui::form::{Check, Editing, Field, FieldKey, Form, FormModel, form_parts};
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
    Tags,
}

impl FieldKey for NightField {
    fn label(self) -> &'static str {
        match self {
            NightField::Detail(detail) => detail.label(),
            NightField::Exclude => "exclude because",
            NightField::Tags => "tags",
        }
    }
}

impl From<DetailField> for NightField {
    fn from(detail: DetailField) -> Self {
        NightField::Detail(detail)
    }
}

/// Room for every tag a night can hold, with ", " between them.
const TAGS_TEXT_MAX: usize = TAGS_PER_NIGHT * (TAG_MAX_CHARS + 2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightForm {
    pub editing: Editing<NightEdit>,
    pub night_of: NaiveDate,
    pub form: Form<NightField>,
}

impl NightForm {
    /// `version`: the night's `updated_at` as loaded, for noticing a change made elsewhere;
    /// `tags`: the night's tags as loaded.
    pub fn new(night: &Night, version: &Stamp, tags: &[String]) -> Self {
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
        // Room for a night a sync left with more than 20 tags too: none is cut off.
        let joined = tags.join(", ");
        fields.push(Field::text(
            NightField::Tags,
            &joined,
            TAGS_TEXT_MAX.max(joined.chars().count()),
            "what happened the evening and day before, separated by commas: alcohol, long shift",
        ));
        let before = NightEdit {
            tags: tags.to_vec(),
            ..NightEdit::of(night)
        };
        Self {
            editing: Editing::new(&night.uid, version, before),
            night_of: night.night_of,
            form: Form::new(fields),
        }
    }

    /// The tags typed, or why they are refused: more than 20 only when the night had fewer
    /// (a night a sync left with more can be taken down).
    fn tags(&self) -> Result<Vec<String>, Invalid> {
        let tags = parse_tag_list(&self.form.text(NightField::Tags))?;
        check_change(self.editing.opened.before.tags.len(), tags.len())?;
        Ok(tags)
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

form_parts!(NightForm, NightField, "these changes to the night");

impl FormModel for NightForm {
    type Value = NightEdit;

    /// The night's details, exclusion reason and tags.
    fn read(&self, c: &mut Check<NightField>) -> Option<NightEdit> {
        let details = night_details::read(&self.form, Asked::All, c);
        let exclusion = c.field(NightField::Exclude, self.exclusion());
        let tags = c.field(NightField::Tags, self.tags());
        Some(NightEdit {
            details: details?,
            exclusion: exclusion?,
            tags: tags?,
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
