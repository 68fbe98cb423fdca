//! What a form screen is before the app saves it: its fields, the diary value they make, and
//! how it is drawn ([`FormModel`]); and any form, whichever it is, behind one [`OpenForm`].
//! The app's `FormScreen` adds how the value is saved and what comes next.

use super::{Check, Editing, FieldKey, Fields, Form};
use crate::domain::Invalid;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// What every form declares alike: the enum naming its fields, the noun "Discard ...?" asks
/// about, and its fields (a `form: Form<Field>`). Written with one line of [`form_parts!`].
pub trait FormParts {
    /// Names the form's fields.
    type Field: FieldKey;

    /// What "Discard {NOUN}? y/n" asks about.
    const NOUN: &'static str;

    fn form(&self) -> &Form<Self::Field>;
    fn form_mut(&mut self) -> &mut Form<Self::Field>;
}

/// `form_parts!(CrampForm, CrampField, "this cramp")`: a form's [`FormParts`], for a struct
/// that keeps its fields in `form`.
macro_rules! form_parts {
    ($form:ty, $field:ty, $noun:literal) => {
        impl $crate::tui::form::FormParts for $form {
            type Field = $field;
            const NOUN: &'static str = $noun;

            fn form(&self) -> &$crate::tui::form::Form<$field> {
                &self.form
            }

            fn form_mut(&mut self) -> &mut $crate::tui::form::Form<$field> {
                &mut self.form
            }
        }
    };
}
pub(crate) use form_parts;

pub trait FormModel: FormParts {
    /// What valid fields make: a cramp, a night's details, a session, a routine...
    type Value;

    /// Reads every field once into the value the form makes: each field through
    /// [`Check::field`] (which keeps its error and gives `None`), then `?` on each, then the
    /// rules across fields. `None` when a field or a rule is at fault.
    fn read(&self, check: &mut Check<Self::Field>) -> Option<Self::Value>;

    /// The value as typed, or the first field at fault with its one-sentence error.
    fn value(&self) -> Result<Self::Value, (Self::Field, Invalid)> {
        let mut check = Check::default();
        let value = self.read(&mut check);
        match (value, check.errors().into_iter().next()) {
            (Some(value), None) => Ok(value),
            (_, Some(first)) => Err(first),
            // A form that gives no value names the field at fault; this is a slip in its `read`.
            (None, None) => unreachable!("{} gave no value and no error", Self::NOUN),
        }
    }

    /// Every field's error at once, in the form's order; empty when the value is valid.
    fn errors(&self) -> Vec<(Self::Field, Invalid)> {
        let mut check = Check::default();
        self.read(&mut check);
        check.errors()
    }

    /// The stored row the form edits, if it edits one.
    fn editing(&self) -> Option<&Editing<Self::Value>> {
        None
    }

    /// A key changed the fields: a form whose fields depend on another's value rebuilds them.
    fn edited(&mut self) {}

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer);
}

/// Whichever form is on screen, as the "Discard ...?" question, keys, pastes and drawing see it.
pub trait OpenForm {
    fn noun(&self) -> &'static str;
    /// Showing "theirs / yours": there Esc is the answer "keep theirs", not a slip to ask about.
    fn in_conflict(&self) -> bool;
    fn fields(&self) -> &dyn Fields;
    fn fields_mut(&mut self) -> &mut dyn Fields;
    fn draw(&self, theme: &Theme, area: Rect, buf: &mut Buffer);
    /// After a change to a field (a key or a paste): once the form has shown its errors, each
    /// goes as soon as its field is fixed.
    fn recheck(&mut self);
}

impl<F: FormModel> OpenForm for F {
    fn noun(&self) -> &'static str {
        F::NOUN
    }

    fn in_conflict(&self) -> bool {
        self.editing().is_some_and(|e| e.conflict.is_some())
    }

    fn fields(&self) -> &dyn Fields {
        self.form()
    }

    fn fields_mut(&mut self) -> &mut dyn Fields {
        self.form_mut()
    }

    fn draw(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        self.render(theme, area, buf);
    }

    fn recheck(&mut self) {
        if self.form().invalid {
            let error = super::error_lines(&self.errors());
            let f = self.form_mut();
            f.invalid = error.is_some();
            f.error = error;
        }
    }
}
