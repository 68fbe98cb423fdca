//! Forms as one idea: a [`FormScreen`] says what its fields make, how that is saved and which
//! screen comes next; one driver, [`App::on_form`], handles the keys of every form the same way.

use super::{App, Screen, Tone};
use crate::tui::action::Action;
use crate::tui::form::{CursorMove, FieldKey, Fields, Form, FormModel, OpenForm, error_lines};
use crate::tui::screens::context_form::ContextForm;
use crate::tui::screens::cramp_form::CrampForm;
use crate::tui::screens::night_form::NightForm;
use crate::tui::screens::routine::RoutineForm;
use crate::tui::screens::session_form::SessionForm;
use crate::tui::screens::tightness::TightnessForm;
use color_eyre::eyre::Result;

/// A form on screen as the app drives it: its [`FormModel`] (fields, the value they make,
/// how it is drawn), plus how that value is saved and the screen after a save or a cancel. The
/// driver gives every form the same keys, the same "Discard ...? y/n" before changes are thrown
/// away, every field's error at once, "theirs / yours" after a change made elsewhere, and a form
/// kept open with what was typed when a save does not happen.
pub(crate) trait FormScreen: FormModel + Clone + Into<Screen> {
    /// What a write hands on to [`FormScreen::saved`] (a routine as fitted; mostly nothing).
    type Written;

    /// A question to answer before saving (Enter again saves, Esc leaves), or `None`.
    fn ask_first(&mut self, _app: &mut App, _value: &Self::Value) -> Result<Option<String>> {
        Ok(None)
    }

    /// Writes the value. `None`: not saved (refused, failed, or changed elsewhere meanwhile),
    /// and the status line or the form says why.
    fn write(&mut self, app: &mut App, value: &Self::Value) -> Result<Option<Self::Written>>;

    /// After a save: what to say, and the screen to show next.
    fn saved(self, app: &mut App, value: Self::Value, written: Self::Written) -> Screen;

    /// After Esc (or "y" to "Discard ...?"): the screen to show next.
    fn closed(self, app: &mut App) -> Screen;
}

/// The screens that are forms, each with its form: the one list a new form joins (beside its
/// `Screen` variant and its line in `App::update`).
macro_rules! form_screens {
    ($($variant:ident($form:ty)),+ $(,)?) => {
        $(impl From<$form> for Screen {
            fn from(form: $form) -> Self {
                Screen::$variant(form)
            }
        })+

        impl Screen {
            /// The form on screen, if any.
            pub(crate) fn form(&self) -> Option<&dyn OpenForm> {
                match self {
                    $(Screen::$variant(f) => Some(f),)+
                    _ => None,
                }
            }

            pub(super) fn form_mut(&mut self) -> Option<&mut dyn OpenForm> {
                match self {
                    $(Screen::$variant(f) => Some(f),)+
                    _ => None,
                }
            }
        }
    };
}

form_screens! {
    CrampForm(CrampForm),
    Tightness(TightnessForm),
    NightForm(NightForm),
    SessionForm(SessionForm),
    ContextForm(ContextForm),
    RoutineForm(RoutineForm),
}

impl Screen {
    /// The fields keys and pastes go into: a form's, or the date to go to.
    pub(crate) fn fields(&self) -> Option<&dyn Fields> {
        match self {
            Screen::Jump(f) => Some(f),
            other => other.form().map(OpenForm::fields),
        }
    }

    pub(super) fn fields_mut(&mut self) -> Option<&mut dyn Fields> {
        match self {
            Screen::Jump(f) => Some(f),
            other => other.form_mut().map(OpenForm::fields_mut),
        }
    }
}

impl App {
    /// A key on a form, whichever it is: Enter saves, Esc closes, any other key edits a field.
    /// Returns the screen to show next: the form itself while it stays open.
    pub(super) fn on_form<F: FormScreen>(&mut self, mut form: F, action: Action) -> Result<Screen> {
        match action {
            Action::Save => self.save_form(form),
            Action::Cancel => {
                if form.in_conflict() {
                    self.say(
                        Tone::Info,
                        "Kept the version saved elsewhere; your changes were not saved.",
                    );
                }
                Ok(form.closed(self))
            }
            other => {
                edit_form(form.form_mut(), other);
                form.edited();
                form.recheck();
                Ok(form.into())
            }
        }
    }

    /// Enter on a form: every field's error at once, or the question to answer first, or the
    /// save and the next screen. A save that did not happen keeps the form open as typed.
    fn save_form<F: FormScreen>(&mut self, mut form: F) -> Result<Screen> {
        let value = match form.value() {
            Ok(value) => value,
            Err((first, _)) => {
                // Every field at fault is named at once; the focus goes to the first.
                let errors = form.errors();
                let f = form.form_mut();
                f.focus_on(errors.first().map_or(first, |(key, _)| *key));
                f.error = error_lines(&errors);
                f.invalid = true;
                return Ok(form.into());
            }
        };
        form.form_mut().invalid = false;
        if let Some(question) = form.ask_first(self, &value)? {
            form.form_mut().error = Some(question);
            return Ok(form.into());
        }
        Ok(match form.write(self, &value)? {
            Some(written) => form.saved(self, value, written),
            None => form.into(),
        })
    }

    pub(super) fn ask_discard(&mut self) {
        let what = self
            .view
            .screen
            .form()
            .map_or("these changes", OpenForm::noun);
        self.say(Tone::Warn, format!("Discard {what}? y/n"));
    }
}

/// A key that changes a field: moving between fields, choosing, typing, deleting.
pub(super) fn edit_form<K: FieldKey>(form: &mut Form<K>, action: Action) {
    match action {
        Action::NextField => form.next(),
        Action::PrevField => form.prev(),
        Action::Increase => form.increase(),
        Action::Decrease => form.decrease(),
        Action::Toggle => form.toggle(),
        Action::Input(c) => form.input(c),
        Action::Backspace => form.backspace(),
        Action::DeleteForward => form.delete_forward(),
        Action::LineStart => form.cursor_to(CursorMove::Start),
        Action::LineEnd => form.cursor_to(CursorMove::End),
        _ => {}
    }
}
