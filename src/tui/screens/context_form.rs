//! A day's context: fluids, magnesium, potassium-rich food, exercise, a medication change.

use crate::domain::bounds;
use crate::domain::context::DailyContext;
use crate::domain::dates::long_date;
use crate::domain::parse_note;
use crate::tui::form::{Check, Editing, Field, FieldKey, Form, FormModel, field_keys, form_parts};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

field_keys! {
    /// The daily context form's fields.
    pub enum ContextField {
        Fluids => "fluids (litres)",
        Magnesium => "magnesium (mg)",
        Potassium => "potassium food",
        Exercise => "exercise (min)",
        Medication => "medication",
    }
}
use ContextField::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextForm {
    pub day: NaiveDate,
    /// The row being edited, or `None` when the day has no context yet.
    pub editing: Option<Editing<DailyContext>>,
    pub form: Form<ContextField>,
}

impl ContextForm {
    pub fn new(day: NaiveDate, editing: Option<Editing<DailyContext>>, c: &DailyContext) -> Self {
        let fluids = c
            .fluids_dl
            .map(|dl| format!("{}.{}", dl / 10, dl % 10))
            .unwrap_or_default();
        let potassium = match c.potassium {
            Some(true) => "yes",
            Some(false) => "no",
            None => "-",
        };
        Self {
            day,
            editing,
            form: Form::new(vec![
                Field::text(Fluids, &fluids, 4, "like 1.5; empty if not noted"),
                Field::count(
                    Magnesium,
                    c.magnesium_mg,
                    bounds::MAGNESIUM_MG,
                    true,
                    format!("{} mg", bounds::MAGNESIUM_MG.range_text()),
                ),
                Field::choice(
                    Potassium,
                    vec!["-", "yes", "no"],
                    potassium,
                    "banana, potato, beans...",
                ),
                Field::count(
                    Exercise,
                    c.exercise_min,
                    bounds::EXERCISE_MIN,
                    true,
                    format!("{} minutes", bounds::EXERCISE_MIN.range_text()),
                ),
                Field::note(
                    Medication,
                    c.medication.as_deref().unwrap_or(""),
                    "a new or changed medication",
                ),
            ]),
        }
    }
}

form_parts!(ContextForm, ContextField, "this context");

impl FormModel for ContextForm {
    type Value = DailyContext;

    fn read(&self, c: &mut Check<ContextField>) -> Option<DailyContext> {
        let f = &self.form;
        let fluids = f.text(Fluids);
        let fluids = c.field(
            Fluids,
            if fluids.trim().is_empty() {
                Ok(None)
            } else {
                DailyContext::parse_fluids(&fluids).map(Some)
            },
        );
        let medication = c.field(
            Medication,
            parse_note(Medication.label(), &f.text(Medication)),
        );
        Some(DailyContext {
            fluids_dl: fluids?,
            magnesium_mg: f.number(Magnesium),
            potassium: match f.text(Potassium).as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            exercise_min: f.number(Exercise),
            medication: medication?,
        })
    }

    fn editing(&self) -> Option<&Editing<DailyContext>> {
        self.editing.as_ref()
    }

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let title = format!("Context for {}", long_date(self.day));
        form_view::render(&title, &self.form, theme, area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wrong_field_of_the_context_form_is_named_at_once() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let mut f = ContextForm::new(day, None, &DailyContext::default());
        f.form.focus_on(Fluids);
        for c in "lots".chars() {
            f.form.input(c);
        }
        f.form.focus_on(Medication);
        f.form.input('\u{7}');
        let fields: Vec<ContextField> = f.errors().iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, [Fluids, Medication]);
        f.form.backspace();
        let fields: Vec<ContextField> = f.errors().iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, [Fluids], "a fixed field's error goes");
    }
}
