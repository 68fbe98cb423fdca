//! Pure diary types and their validation: no IO, shared by the CLI, the TUI and import.

pub mod bounds;
pub mod context;
pub mod dates;
pub mod experiment;
pub mod ids;
pub mod intervention;
pub mod minutes;
pub mod night;
pub mod period;
pub mod routine;
pub mod season;
pub mod session;
pub mod tags;
pub mod units;
pub mod words;

pub use bounds::Bound;
pub use ids::{Stamp, Stored, Uid};
pub use minutes::{ClockTime, LocalMinute};
pub use night::{CrampEpisode, Leg, Muscle, Night, NightDetails, NightStatus};
pub use units::{CrampDuration, Score};

use std::fmt;

/// A value a user typed that the diary refuses: one sentence naming the field and the allowed range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

/// For unit tests: `parse` refuses each `(typed, sentence)` with exactly that one sentence; a
/// failure names what was typed.
#[cfg(test)]
pub(crate) fn assert_refusals<T: fmt::Debug>(
    parse: impl Fn(&str) -> Result<T, Invalid>,
    cases: &[(&str, &str)],
) {
    for &(typed, sentence) in cases {
        match parse(typed) {
            Ok(taken) => panic!("{typed:?} was taken as {taken:?}, not refused with {sentence:?}"),
            Err(refused) => assert_eq!(refused.0, sentence, "refusal of {typed:?}"),
        }
    }
}

/// Quotes what the user typed, shortened so an error stays one line, and escaped
/// ([`crate::format::escaped`]) so a control character or direction mark in it never reaches
/// the terminal raw.
pub(crate) fn shown(text: &str) -> String {
    let short: String = text.chars().take(24).collect();
    let cut = short.len() < text.len();
    let short = crate::format::escaped(&short);
    if short.is_empty() {
        "nothing".to_string()
    } else if cut {
        format!("'{short}...'")
    } else {
        format!("'{short}'")
    }
}

/// Longest free-text note we keep, in characters.
pub const NOTE_MAX_CHARS: usize = 500;

/// Trims a free-text field; empty means "no note". Refuses overlong text.
pub fn parse_note(field: &str, raw: &str) -> Result<Option<String>, Invalid> {
    let text = raw.trim();
    let chars = text.chars().count();
    if chars > NOTE_MAX_CHARS {
        return Err(Invalid::new(format!(
            "{field} must be at most {NOTE_MAX_CHARS} characters, got {chars}"
        )));
    }
    plain_text(field, text, true)?;
    Ok((!text.is_empty()).then(|| text.to_string()))
}

/// A `--note` that may be absent: absent or blank is no note, else as [`parse_note`].
pub fn parse_note_flag(field: &str, raw: Option<&str>) -> Result<Option<String>, Invalid> {
    raw.map(|n| parse_note(field, n))
        .transpose()
        .map(Option::flatten)
}

/// The one rule for text a person enters (typed, pasted or imported): no escape sequences,
/// bells, carriage returns or other control characters; tabs allowed; line breaks only where
/// the field holds several lines (`multiline`).
pub fn plain_text(field: &str, text: &str, multiline: bool) -> Result<(), Invalid> {
    if !multiline && text.contains('\n') {
        return Err(Invalid::new(format!(
            "{field} must be one line, without line breaks"
        )));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Invalid::new(format!(
            "{field} must be plain text without control characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_typed_is_quoted_short_and_escaped() {
        assert_eq!(shown("5\u{1b}[2J\u{200f}"), "'5\\x1b[2J\\u{200f}'");
        assert_eq!(
            shown(&"\u{202e}".repeat(30)),
            format!("'{}...'", "\\u{202e}".repeat(24))
        );
        assert_eq!(shown("twenty"), "'twenty'");
        assert_eq!(shown(""), "nothing");
    }

    #[test]
    fn notes_are_trimmed_and_empty_means_none() {
        assert_eq!(parse_note("note", "  sore  "), Ok(Some("sore".into())));
        assert_eq!(parse_note("note", "   "), Ok(None));
    }

    #[test]
    fn overlong_notes_are_refused_with_the_count() {
        let long = "x".repeat(NOTE_MAX_CHARS + 1);
        let err = parse_note("note", &long).unwrap_err();
        assert_eq!(err.0, "note must be at most 500 characters, got 501");
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(parse_note("note", "a\u{1b}[2Jb").is_err());
        for bad in ["bell\u{7}", "back\rspace", "c1\u{9b}2J", "del\u{7f}"] {
            assert!(parse_note("note", bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            parse_note("note", "two\nlines\tand a tab"),
            Ok(Some("two\nlines\tand a tab".into()))
        );
        assert_refusals(
            |typed| plain_text("reason", typed, false),
            &[("a\nb", "reason must be one line, without line breaks")],
        );
    }
}
