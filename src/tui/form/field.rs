//! One field of a form: a choice, a number, yes/no or text, and how keys and pastes change it.

use super::FieldKey;
use crate::domain::Bound;
use std::borrow::Cow;

/// Where a cursor key moves a text field's cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorMove {
    Left,
    Right,
    Start,
    End,
}

/// What a field holds and how keys change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Choice {
        options: Vec<&'static str>,
        index: usize,
    },
    /// 0..=max, or empty when `optional`.
    Number {
        value: Option<u16>,
        max: u16,
        optional: bool,
        typed: bool,
    },
    YesNo(bool),
    /// `typed` is false until the first key since focus: that key replaces the prefilled text.
    /// A `multiline` field (a note) keeps the line breaks of a paste.
    Text {
        text: String,
        max_chars: usize,
        typed: bool,
        multiline: bool,
        /// Where typing goes, in characters from the start (at the end until moved).
        cursor: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<K> {
    /// Which field this is, for the code; `key.label()` is what the person sees.
    pub key: K,
    pub value: Value,
    /// A short line shown beside the focused field.
    pub hint: Cow<'static, str>,
}

impl<K: FieldKey> Field<K> {
    pub fn choice(key: K, options: Vec<&'static str>, current: &str, hint: &'static str) -> Self {
        let index = options.iter().position(|o| *o == current).unwrap_or(0);
        Self {
            key,
            value: Value::Choice { options, index },
            hint: hint.into(),
        }
    }

    pub fn number(key: K, value: Option<u8>, optional: bool, hint: &'static str) -> Self {
        Self {
            key,
            value: Value::Number {
                value: value.map(u16::from),
                max: 10,
                optional,
                typed: false,
            },
            hint: hint.into(),
        }
    }

    /// A count with its own range (minutes, seconds, milligrams), shown without "/max".
    pub fn count(
        key: K,
        value: Option<u16>,
        bound: Bound,
        optional: bool,
        hint: impl Into<Cow<'static, str>>,
    ) -> Self {
        let max = bound.max as u16;
        Self {
            key,
            value: Value::Number {
                value: value.map(|v| v.min(max)),
                max,
                optional,
                typed: false,
            },
            hint: hint.into(),
        }
    }

    pub fn yes_no(key: K, value: bool, hint: &'static str) -> Self {
        Self {
            key,
            value: Value::YesNo(value),
            hint: hint.into(),
        }
    }

    pub fn text(key: K, text: &str, max_chars: usize, hint: &'static str) -> Self {
        Self {
            key,
            value: Value::Text {
                text: text.to_string(),
                max_chars,
                typed: false,
                multiline: false,
                cursor: text.chars().count(),
            },
            hint: hint.into(),
        }
    }

    /// Free text that may hold several lines (a pasted note keeps its line breaks).
    pub fn note(key: K, text: &str, hint: &'static str) -> Self {
        Self {
            key,
            value: Value::Text {
                text: text.to_string(),
                max_chars: crate::domain::NOTE_MAX_CHARS,
                typed: false,
                multiline: true,
                cursor: text.chars().count(),
            },
            hint: hint.into(),
        }
    }

    /// What the person sees beside the value.
    pub fn label(&self) -> &'static str {
        self.key.label()
    }

    /// A choice field with a choice starting with `c` (typing it selects that choice).
    pub fn selects_on(&self, c: char) -> bool {
        let lower = c.to_ascii_lowercase();
        matches!(&self.value, Value::Choice { options, .. } if options.iter().any(|o| o.starts_with(lower)))
    }

    pub fn is_text(&self) -> bool {
        matches!(self.value, Value::Text { .. })
    }

    /// The value as shown in the form.
    pub fn display(&self) -> String {
        match &self.value {
            Value::Choice { options, index } => {
                options.get(*index).copied().unwrap_or("").to_string()
            }
            Value::Number {
                value: Some(v),
                max: 10,
                ..
            } => format!("{v}/10"),
            Value::Number { value: Some(v), .. } => v.to_string(),
            Value::Number { value: None, .. } => "-".to_string(),
            Value::YesNo(true) => "yes".to_string(),
            Value::YesNo(false) => "no".to_string(),
            // Stored text never reaches the terminal raw; line breaks show as ⏎.
            Value::Text { text, .. } => crate::format::escaped(text),
        }
    }

    /// The value as shown with the cursor `▏` where typing goes (text fields only).
    pub fn display_with_cursor(&self) -> (String, usize) {
        match &self.value {
            Value::Text { text, cursor, .. } => {
                let before: String = text.chars().take(*cursor).collect();
                let after: String = text.chars().skip(*cursor).collect();
                let before = crate::format::escaped(&before);
                let at = before.chars().count();
                (format!("{before}▏{}", crate::format::escaped(&after)), at)
            }
            _ => {
                let shown = self.display();
                let at = shown.chars().count();
                (shown, at)
            }
        }
    }

    /// Moves the cursor of a text field: by `step` characters, or to the start or the end.
    /// Moving it means editing the text as it is, so the next key no longer replaces it.
    pub(super) fn move_cursor(&mut self, to: CursorMove) -> bool {
        let Value::Text {
            text,
            cursor,
            typed,
            ..
        } = &mut self.value
        else {
            return false;
        };
        let len = text.chars().count();
        *cursor = match to {
            CursorMove::Left => cursor.saturating_sub(1),
            CursorMove::Right => (*cursor + 1).min(len),
            CursorMove::Start => 0,
            CursorMove::End => len,
        };
        *typed = true;
        true
    }

    /// Deletes the character under the cursor (the `Delete` key).
    pub(super) fn delete_forward(&mut self) {
        if let Value::Text {
            text,
            cursor,
            typed,
            ..
        } = &mut self.value
        {
            *typed = true;
            if let Some((at, c)) = text.char_indices().nth(*cursor) {
                text.replace_range(at..at + c.len_utf8(), "");
            }
        }
    }

    /// Puts a paste into a text field whole, or refuses it with one sentence and leaves the
    /// field as it was: line breaks only in notes, no control characters, within the limit.
    pub(super) fn paste(&mut self, pasted: &str) -> Result<(), String> {
        let label = self.label();
        let Value::Text {
            text,
            max_chars,
            typed,
            multiline,
            cursor,
        } = &mut self.value
        else {
            return Err("Pasted text goes into a text field; nothing was changed.".into());
        };
        let mut clean = pasted.replace("\r\n", "\n").replace('\r', "\n");
        if !*multiline {
            // A copied line often brings its line break along.
            clean.truncate(clean.trim_end_matches('\n').len());
        }
        crate::domain::plain_text(label, &clean, *multiline)
            .map_err(|e| format!("The paste was not put in: {e}."))?;
        let kept = if *typed { text.chars().count() } else { 0 };
        let total = kept + clean.chars().count();
        if total > *max_chars {
            return Err(format!(
                "The paste was not put in: {label} must be at most {max_chars} characters, got {total}."
            ));
        }
        if !*typed {
            text.clear();
            *cursor = 0;
            *typed = true;
        }
        // Into the text at the cursor, as typing would.
        let at = text
            .char_indices()
            .nth(*cursor)
            .map_or(text.len(), |(i, _)| i);
        text.insert_str(at, &clean);
        *cursor += clean.chars().count();
        Ok(())
    }

    pub(super) fn step(&mut self, step: i32) {
        match &mut self.value {
            Value::Choice { options, index } => {
                let len = options.len() as i32;
                *index = (*index as i32 + step).rem_euclid(len.max(1)) as usize;
            }
            Value::Number {
                value,
                max,
                optional,
                typed,
            } => {
                *typed = false;
                *value = match (*value, step > 0) {
                    (None, true) => Some(0),
                    (None, false) => (!*optional).then_some(0),
                    (Some(0), false) if *optional => None,
                    (Some(v), true) => Some((v + 1).min(*max)),
                    (Some(v), false) => Some(v.saturating_sub(1)),
                };
            }
            Value::YesNo(b) => *b = !*b,
            Value::Text { .. } => {}
        }
    }

    pub(super) fn input(&mut self, c: char) {
        match &mut self.value {
            Value::Number {
                value, max, typed, ..
            } => {
                let Some(d) = c.to_digit(10) else { return };
                let d = d as u16;
                // Typing "1" then "0" gives 10; a fresh digit replaces the value.
                let joined = value.filter(|_| *typed).map(|v| v * 10 + d);
                *value = Some(match joined {
                    Some(j) if j <= *max => j,
                    _ => d.min(*max),
                });
                *typed = true;
            }
            Value::Text {
                text,
                max_chars,
                typed,
                cursor,
                ..
            } => {
                if !*typed {
                    text.clear();
                    *cursor = 0;
                    *typed = true;
                }
                if text.chars().count() < *max_chars {
                    let at = text
                        .char_indices()
                        .nth(*cursor)
                        .map_or(text.len(), |(i, _)| i);
                    text.insert(at, c);
                    *cursor += 1;
                }
            }
            Value::YesNo(b) => match c.to_ascii_lowercase() {
                'y' => *b = true,
                'n' => *b = false,
                _ => {}
            },
            Value::Choice { options, index } => {
                // Typing a choice's first letter selects it.
                let lower = c.to_ascii_lowercase();
                if let Some(i) = options.iter().position(|o| o.starts_with(lower)) {
                    *index = i;
                }
            }
        }
    }

    pub(super) fn backspace(&mut self) {
        match &mut self.value {
            Value::Text {
                text,
                typed,
                cursor,
                ..
            } => {
                *typed = true;
                if *cursor > 0
                    && let Some((at, c)) = text.char_indices().nth(*cursor - 1)
                {
                    text.replace_range(at..at + c.len_utf8(), "");
                    *cursor -= 1;
                }
            }
            Value::Number {
                value,
                optional,
                typed,
                ..
            } => {
                *typed = false;
                if *optional {
                    *value = None;
                }
            }
            _ => {}
        }
    }
}
