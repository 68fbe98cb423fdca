//! After the check-in: what was saved for the night, "add another", and calf tightness.

use crate::domain::dates::long_date;
use crate::domain::night::Sides;
use crate::domain::{Invalid, NightDetails, Score};
use crate::tui::form::{Field, FieldKey, Form, FormModel, field_keys};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

field_keys! {
    /// The morning tightness step's fields.
    pub enum TightnessField {
        LeftCalf => "left calf",
        RightCalf => "right calf",
        Numbness => "numbness",
        Swelling => "swelling",
    }
}
use TightnessField::*;

/// Not noted: the night keeps what it had.
const NOT_NOTED: &str = "-";
const SIDES: [&str; 5] = [NOT_NOTED, "none", "left", "right", "both"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TightnessForm {
    pub night: NaiveDate,
    /// One line per cramp saved for the night so far; empty for a cramp-free night.
    pub saved: Vec<String>,
    pub form: Form<TightnessField>,
    /// The tightness the form started with: a value left as it was is not written again, so
    /// a change saved elsewhere meanwhile is not overwritten with the old value.
    start: (Option<Score>, Option<Score>),
}

impl TightnessForm {
    pub fn new(
        night: NaiveDate,
        saved: Vec<String>,
        left: Option<Score>,
        right: Option<Score>,
    ) -> Self {
        let hint = "0-10 this morning; empty to skip";
        Self {
            night,
            saved,
            form: Form::new(vec![
                Field::number(LeftCalf, left.map(Score::value), true, hint),
                Field::number(RightCalf, right.map(Score::value), true, hint),
                Field::choice(Numbness, SIDES.to_vec(), NOT_NOTED, "in a leg this morning"),
                Field::choice(Swelling, SIDES.to_vec(), NOT_NOTED, "in a leg this morning"),
            ]),
            start: (left, right),
        }
    }
}

impl FormModel for TightnessForm {
    type Field = TightnessField;
    type Value = NightDetails;
    const NOUN: &'static str = "this tightness";

    fn form(&self) -> &Form<TightnessField> {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form<TightnessField> {
        &mut self.form
    }

    /// The tightness to save, as a patch (empty and unchanged fields are left alone), or the
    /// field at fault.
    fn value(&self) -> Result<NightDetails, (TightnessField, Invalid)> {
        let score = |key: TightnessField| {
            self.form
                .number(key)
                .map(|v| Score::new(key.label(), i64::from(v)))
                .transpose()
                .map_err(|e| (key, e))
        };
        let (left, right) = (score(LeftCalf)?, score(RightCalf)?);
        let sides = |key: TightnessField| match self.form.text(key).as_str() {
            NOT_NOTED => Ok(None),
            word => Sides::parse_as(key.label(), word)
                .map(Some)
                .map_err(|e| (key, e)),
        };
        Ok(NightDetails {
            tight_left: left.filter(|_| left != self.start.0),
            tight_right: right.filter(|_| right != self.start.1),
            numbness: sides(Numbness)?,
            swelling: sides(Swelling)?,
            ..NightDetails::default()
        })
    }

    fn errors(&self) -> Vec<(TightnessField, Invalid)> {
        self.value().err().into_iter().collect()
    }

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let summary_height = (self.saved.len().max(1) as u16 + 2).min(area.height / 2);
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
        lines.push(Line::from(vec![
            Span::styled("a", theme.key),
            Span::styled(" adds another cramp", theme.muted),
        ]));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(summary, buf);
        form_view::render("Calf tightness this morning", &self.form, theme, rest, buf);
    }
}
