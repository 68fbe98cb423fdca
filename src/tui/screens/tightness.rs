//! After the check-in: what was saved for the night, "add another", and calf tightness.

use super::night_details::{self, Asked, DetailField};
use crate::domain::dates::long_date;
use crate::domain::{NightDetails, Score};
use crate::tui::form::{Check, FieldKey, Form, FormModel, form_parts};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// The morning tightness step's fields: the night's morning details, the calves named as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TightnessField(pub DetailField);

impl FieldKey for TightnessField {
    fn label(self) -> &'static str {
        match self.0 {
            DetailField::TightLeft => "left calf",
            DetailField::TightRight => "right calf",
            detail => detail.label(),
        }
    }
}

impl From<DetailField> for TightnessField {
    fn from(detail: DetailField) -> Self {
        Self(detail)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TightnessForm {
    pub night: NaiveDate,
    /// One line per cramp saved for the night so far; empty for a cramp-free night.
    pub saved: Vec<String>,
    pub form: Form<TightnessField>,
    /// Tags saved for the night from this step (`t`).
    pub tags: Vec<String>,
    /// The details the form started with (the tightness already saved): only what differs is
    /// written.
    start: NightDetails,
}

impl TightnessForm {
    pub fn new(
        night: NaiveDate,
        saved: Vec<String>,
        left: Option<Score>,
        right: Option<Score>,
    ) -> Self {
        let start = NightDetails {
            tight_left: left,
            tight_right: right,
            ..NightDetails::default()
        };
        Self {
            night,
            saved,
            form: Form::new(night_details::fields(Asked::Morning, &start)),
            tags: Vec::new(),
            start,
        }
    }
}

form_parts!(TightnessForm, TightnessField, "this tightness");

impl FormModel for TightnessForm {
    type Value = NightDetails;

    /// The details to save, as a patch (empty and unchanged fields are left alone).
    fn read(&self, c: &mut Check<TightnessField>) -> Option<NightDetails> {
        let typed = night_details::read(&self.form, Asked::Morning, c)?;
        Some(night_details::changed(typed, &self.start))
    }

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let tag_line = u16::from(!self.tags.is_empty());
        let summary_height = (self.saved.len().max(1) as u16 + 2 + tag_line).min(area.height / 2);
        let [summary, rest] =
            Layout::vertical([Constraint::Length(summary_height), Constraint::Fill(1)]).areas(area);
        let mut lines = vec![Line::from(Span::styled(
            format!("Saved for the night of {}:", long_date(self.night)),
            theme.ok,
        ))];
        if self.saved.is_empty() {
            lines.push(Line::from("  no cramps"));
        } else {
            lines.extend(self.saved.iter().map(|s| Line::from(format!("  • {s}"))));
        }
        if !self.tags.is_empty() {
            lines.push(Line::from(format!(
                "  tags: {}",
                crate::format::escaped(&self.tags.join(", "))
            )));
        }
        lines.push(Line::from(vec![
            Span::styled("a", theme.key),
            Span::styled(" adds another cramp · ", theme.muted),
            Span::styled("t", theme.key),
            Span::styled(" tags", theme.muted),
        ]));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(summary, buf);
        form_view::render("Calf tightness this morning", &self.form, theme, rest, buf);
    }
}
