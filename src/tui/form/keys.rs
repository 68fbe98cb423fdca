//! Naming a form's fields: each form has its own enum of keys, and each key its label.

use super::Form;
use std::fmt::Debug;

/// A form's field as the code names it; `label` is what the person sees (and what an error
/// about the field says).
pub trait FieldKey: Copy + Eq + Debug {
    fn label(self) -> &'static str;
}

/// An enum of a form's fields, each with its label: `Leg => "leg"`.
macro_rules! field_keys {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$vmeta:meta])* $key:ident => $label:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $($(#[$vmeta])* $key),+
        }

        impl $crate::tui::form::FieldKey for $name {
            fn label(self) -> &'static str {
                match self {
                    $(Self::$key => $label),+
                }
            }
        }
    };
}
pub(crate) use field_keys;

/// Any form's fields, whichever enum names them: what the app's keys, pastes and "Discard?"
/// question need without knowing which form is open.
pub trait Fields {
    /// Whether any value differs from what the form opened with.
    fn changed(&self) -> bool;
    fn focused_is_text(&self) -> bool;
    /// The focused field is a choice with a choice starting with `c`.
    fn focused_selects_on(&self, c: char) -> bool;
    /// A paste into the focused field: whole, or refused with one sentence.
    fn paste(&mut self, text: &str) -> Result<(), String>;
}

impl<K: FieldKey> Fields for Form<K> {
    fn changed(&self) -> bool {
        Form::changed(self)
    }

    fn focused_is_text(&self) -> bool {
        Form::focused_is_text(self)
    }

    fn focused_selects_on(&self, c: char) -> bool {
        self.focused().is_some_and(|f| f.selects_on(c))
    }

    fn paste(&mut self, text: &str) -> Result<(), String> {
        Form::paste(self, text)
    }
}
