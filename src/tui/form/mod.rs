//! A small form model shared by every form: fields that are choices, numbers, yes/no or text,
//! each named by a key of the form's own enum (its label is only what the person sees).

mod field;
mod keys;
mod model;

pub use field::{CursorMove, Field, Value};
pub(crate) use keys::field_keys;
pub use keys::{FieldKey, Fields};
pub(crate) use model::form_parts;
pub use model::{FormModel, FormParts, OpenForm};
// `Check` is defined here, beside `Form`.

use crate::domain::{Invalid, Stamp, Uid};
use crate::store::Opened;

/// A form's fields read into diary values: every field's error is kept, in the order the
/// fields are read, so a form shows them all at once. A form reads each field once
/// ([`FormModel::read`]); the rules across fields come last, on fields that are each valid.
#[derive(Debug)]
pub struct Check<K> {
    errors: Vec<(K, Invalid)>,
}

impl<K> Default for Check<K> {
    fn default() -> Self {
        Self { errors: Vec::new() }
    }
}

impl<K: Copy> Check<K> {
    /// The field's value, or `None` with its error kept.
    pub fn field<T>(&mut self, key: K, read: Result<T, Invalid>) -> Option<T> {
        read.map_err(|e| self.errors.push((key, e))).ok()
    }

    /// Every error kept so far, in the order the fields were read.
    pub fn errors(self) -> Vec<(K, Invalid)> {
        self.errors
    }
}

/// The errors as shown under a form's fields, one line each; `None` once all are fixed.
pub fn error_lines<K>(errors: &[(K, Invalid)]) -> Option<String> {
    (!errors.is_empty()).then(|| {
        errors
            .iter()
            .map(|(_, e)| e.0.clone())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A form editing a stored row: what it started from, and a change made elsewhere that is
/// waiting for the person's choice (its `updated_at` and values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editing<T> {
    pub opened: Opened<T>,
    pub conflict: Option<(Stamp, T)>,
}

impl<T: Clone> Editing<T> {
    pub fn new(uid: &Uid, version: &Stamp, before: T) -> Self {
        Self {
            opened: Opened::new(uid, version, before),
            conflict: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form<K> {
    pub fields: Vec<Field<K>>,
    pub focus: usize,
    /// The line(s) under the fields: every field's error, why a save did not happen, or a
    /// question to answer before saving.
    pub error: Option<String>,
    /// The error shown is the fields' own (not a save's): it follows the fields as they change.
    pub invalid: bool,
    /// The values as the form opened, for asking before changes are thrown away.
    start: Vec<(K, String)>,
}

impl<K: FieldKey> Form<K> {
    pub fn new(fields: Vec<Field<K>>) -> Self {
        let start = shown(&fields);
        Self {
            fields,
            focus: 0,
            error: None,
            invalid: false,
            start,
        }
    }

    /// Whether any value differs from what the form opened with.
    pub fn changed(&self) -> bool {
        shown(&self.fields) != self.start
    }

    pub fn focused(&self) -> Option<&Field<K>> {
        self.fields.get(self.focus)
    }

    pub fn focused_is_text(&self) -> bool {
        self.focused().is_some_and(Field::is_text)
    }

    pub fn next(&mut self) {
        self.leave_focus();
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn prev(&mut self) {
        self.leave_focus();
        let len = self.fields.len().max(1);
        self.focus = (self.focus + len - 1) % len;
    }

    fn leave_focus(&mut self) {
        if let Some(Field {
            value: Value::Number { typed, .. },
            ..
        }) = self.fields.get_mut(self.focus)
        {
            *typed = false;
        }
    }

    /// `→`: the next choice, one more, or (in a text field) the cursor one to the right.
    pub fn increase(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && !f.move_cursor(CursorMove::Right)
        {
            f.step(1);
        }
    }

    /// `←`: the previous choice, one less, or the cursor one to the left.
    pub fn decrease(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && !f.move_cursor(CursorMove::Left)
        {
            f.step(-1);
        }
    }

    /// `Home`/`End` in a text field.
    pub fn cursor_to(&mut self, to: CursorMove) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.move_cursor(to);
        }
    }

    /// `Delete` in a text field: the character under the cursor.
    pub fn delete_forward(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.delete_forward();
        }
    }

    pub fn toggle(&mut self) {
        self.increase();
    }

    pub fn input(&mut self, c: char) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input(c);
        }
    }

    pub fn backspace(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.backspace();
        }
    }

    /// A paste into the focused field: whole, or refused with one sentence.
    pub fn paste(&mut self, text: &str) -> Result<(), String> {
        match self.fields.get_mut(self.focus) {
            Some(f) => f.paste(text),
            None => Err("Pasted text goes into a text field; nothing was changed.".into()),
        }
    }

    pub fn field(&self, key: K) -> Option<&Field<K>> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Moves the focus to a field, e.g. the one a validation error names.
    pub fn focus_on(&mut self, key: K) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.leave_focus();
            self.focus = i;
        }
    }

    pub fn text(&self, key: K) -> String {
        match self.field(key).map(|f| &f.value) {
            Some(Value::Text { text, .. }) => text.clone(),
            Some(_) => self.field(key).map(Field::display).unwrap_or_default(),
            None => String::new(),
        }
    }

    pub fn number(&self, key: K) -> Option<u16> {
        match self.field(key).map(|f| &f.value) {
            Some(Value::Number { value, .. }) => *value,
            _ => None,
        }
    }

    pub fn yes(&self, key: K) -> bool {
        matches!(self.field(key).map(|f| &f.value), Some(Value::YesNo(true)))
    }
}

fn shown<K: FieldKey>(fields: &[Field<K>]) -> Vec<(K, String)> {
    fields.iter().map(|f| (f.key, f.display())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    field_keys! {
        enum Test {
            Intensity => "intensity",
            Left => "left",
            Leg => "leg",
            Duration => "duration",
            Note => "note",
            Time => "time",
        }
    }
    use Test::*;

    fn intensity() -> Form<Test> {
        Form::new(vec![Field::number(Intensity, Some(5), false, "")])
    }

    #[test]
    fn typing_digits_sets_a_number_and_1_0_makes_10() {
        let mut f = intensity();
        f.input('7');
        assert_eq!(f.number(Intensity), Some(7));
        let mut f = intensity();
        f.input('1');
        f.input('0');
        assert_eq!(f.number(Intensity), Some(10));
        f.input('3');
        assert_eq!(f.number(Intensity), Some(3), "a digit past 10 starts over");
    }

    #[test]
    fn a_form_knows_when_a_value_changed_and_when_it_is_back() {
        let mut f = intensity();
        f.next();
        assert!(!f.changed(), "moving between fields changes nothing");
        f.input('7');
        assert!(f.changed());
        f.input('5');
        assert!(!f.changed(), "typed back to the start");
    }

    #[test]
    fn numbers_stay_within_0_to_10() {
        let mut f = intensity();
        for _ in 0..20 {
            f.increase();
        }
        assert_eq!(f.number(Intensity), Some(10));
        for _ in 0..20 {
            f.decrease();
        }
        assert_eq!(f.number(Intensity), Some(0));
    }

    #[test]
    fn optional_numbers_can_be_cleared() {
        let mut f = Form::new(vec![Field::number(Left, Some(0), true, "")]);
        f.decrease();
        assert_eq!(f.number(Left), None);
        f.increase();
        assert_eq!(f.number(Left), Some(0));
        f.backspace();
        assert_eq!(f.number(Left), None);
    }

    #[test]
    fn choices_cycle_and_jump_by_first_letter() {
        let mut f = Form::new(vec![Field::choice(
            Leg,
            vec!["left", "right", "both"],
            "right",
            "",
        )]);
        f.increase();
        assert_eq!(f.text(Leg), "both");
        f.increase();
        assert_eq!(f.text(Leg), "left");
        f.input('r');
        assert_eq!(f.text(Leg), "right");
    }

    #[test]
    fn typing_into_a_prefilled_text_field_replaces_it_but_backspace_edits() {
        let mut f = Form::new(vec![
            Field::text(Duration, "1m", 8, ""),
            Field::text(Note, "", 9, ""),
        ]);
        f.input('4');
        f.input('5');
        f.input('s');
        assert_eq!(f.text(Duration), "45s");
        f.next();
        f.prev();
        f.backspace();
        f.input('m');
        assert_eq!(f.text(Duration), "45m");
    }

    #[test]
    fn a_paste_goes_in_whole_and_a_note_keeps_its_line_breaks() {
        let mut f = Form::new(vec![
            Field::note(Note, "old", ""),
            Field::text(Time, "", 5, ""),
        ]);
        f.paste("d\r\na\nq").unwrap();
        assert_eq!(
            f.text(Note),
            "d\na\nq",
            "the paste replaced the prefilled note"
        );
        assert_eq!(f.fields[0].display(), "d⏎a⏎q");
        f.next();
        let before = f.clone();
        let err = f.paste("03:\n15").unwrap_err();
        assert_eq!(
            err,
            "The paste was not put in: time must be one line, without line breaks."
        );
        assert_eq!(f, before, "a refused paste changes nothing");
        assert!(f.paste("a\u{1b}[2J").is_err());
        assert!(f.paste("03:150").is_err(), "over the limit");
        f.paste("03:15\n").unwrap();
        assert_eq!(
            f.text(Time),
            "03:15",
            "a copied line's line break is dropped"
        );
    }

    #[test]
    fn a_text_cursor_moves_and_typing_backspace_delete_and_paste_work_in_place() {
        let mut f = Form::new(vec![Field::note(Note, "walk hills", "")]);
        assert_eq!(f.fields[0].display_with_cursor().0, "walk hills▏");
        f.cursor_to(CursorMove::Start);
        for _ in 0..4 {
            f.increase();
        }
        f.input('e');
        f.input('d');
        assert_eq!(
            f.text(Note),
            "walked hills",
            "typed at the cursor, nothing replaced"
        );
        assert_eq!(f.fields[0].display_with_cursor().0, "walked▏ hills");
        f.backspace();
        f.delete_forward();
        assert_eq!(f.text(Note), "walkehills");
        f.paste("d in the ").unwrap();
        assert_eq!(
            f.text(Note),
            "walked in the hills",
            "a paste goes in at the cursor"
        );
        f.cursor_to(CursorMove::End);
        f.decrease();
        f.input('!');
        assert_eq!(f.text(Note), "walked in the hill!s");
    }

    #[test]
    fn text_fields_take_characters_up_to_their_limit() {
        let mut f = Form::new(vec![Field::text(Time, "", 5, "")]);
        for c in "03:150".chars() {
            f.input(c);
        }
        assert_eq!(f.text(Time), "03:15");
        f.backspace();
        assert_eq!(f.text(Time), "03:1");
    }
}
