//! Leaving a changed form: which form is open, whether it is showing a conflict, and asking
//! before its changes are discarded.

use super::{App, Screen, Tone};
use crate::tui::form::Form;

impl App {
    /// The form on screen, if any.
    pub(super) fn open_form(&self) -> Option<&Form> {
        match &self.screen {
            Screen::CrampForm(f) => Some(&f.form),
            Screen::Tightness(f) => Some(&f.form),
            Screen::NightForm(f) => Some(&f.form),
            Screen::SessionForm(f) => Some(&f.form),
            Screen::ContextForm(f) => Some(&f.form),
            Screen::RoutineForm(f) => Some(&f.form),
            _ => None,
        }
    }

    /// A form showing "theirs / yours": there `Esc` is the answer "keep theirs", not a slip.
    pub(super) fn form_in_conflict(&self) -> bool {
        match &self.screen {
            Screen::CrampForm(f) => f.editing.as_ref().is_some_and(|e| e.conflict.is_some()),
            Screen::NightForm(f) => f.editing.conflict.is_some(),
            Screen::SessionForm(f) => f.editing.as_ref().is_some_and(|e| e.conflict.is_some()),
            Screen::ContextForm(f) => f.editing.as_ref().is_some_and(|e| e.conflict.is_some()),
            _ => false,
        }
    }

    pub(super) fn ask_discard(&mut self) {
        let what = match &self.screen {
            Screen::CrampForm(_) => "this cramp",
            Screen::Tightness(_) => "this tightness",
            Screen::NightForm(_) => "these changes to the night",
            Screen::SessionForm(_) => "this session",
            Screen::ContextForm(_) => "this context",
            Screen::RoutineForm(_) => "this routine",
            _ => "these changes",
        };
        self.say(Tone::Warn, format!("Discard {what}? y/n"));
    }
}
