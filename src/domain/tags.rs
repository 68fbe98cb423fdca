//! Tags on a night: what happened the evening and day before it, in the diary's built-in words
//! or the person's own. A tag is kept in Unicode NFC (an "é" typed as one character or as "e"
//! and an accent is one tag), in lower case with single spaces, at most 40 characters (code
//! points after NFC, as the diary's SQL check counts them), without control characters,
//! text-direction controls or commas (a comma separates tags where they are typed as a list),
//! and with something to see; a night has at most 20.

use super::Invalid;
use super::bounds::{is_direction_control, is_invisible};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// The built-in tags, in the order the picker offers them.
pub const BUILT_IN: &[&str] = &[
    "alcohol",
    "long standing",
    "heat",
    "hard exercise",
    "new shoes",
    "new or changed medication",
];

/// Longest tag, in characters.
pub const TAG_MAX_CHARS: usize = 40;
/// Most tags on one night.
pub const TAGS_PER_NIGHT: usize = 20;

/// One tag as typed, pasted or imported: NFC, trimmed, spaces collapsed, lower case.
pub fn parse_tag(raw: &str) -> Result<String, Invalid> {
    if raw.chars().any(char::is_control) {
        return Err(Invalid::new(
            "tag must be plain text without control characters or line breaks",
        ));
    }
    if raw.chars().any(is_direction_control) {
        return Err(Invalid::new(
            "tag must be plain text without text-direction controls (U+202A-U+202E, U+2066-U+2069)",
        ));
    }
    if raw.contains(',') {
        return Err(Invalid::new(format!(
            "tag must be words without commas (commas separate tags), got '{}'",
            crate::format::escaped(raw.trim())
        )));
    }
    let tag: String = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .nfc()
        .collect();
    let chars = tag.chars().count();
    if chars == 0 || chars > TAG_MAX_CHARS {
        // Emoji joined from several (a family, a flag) are seen as one and count as several.
        let seen = tag.graphemes(true).count();
        let note = if seen < chars {
            format!(" (seen as {seen}: some emoji count as several)")
        } else {
            String::new()
        };
        return Err(Invalid::new(format!(
            "tag must be 1-{TAG_MAX_CHARS} characters, got {chars}{note}"
        )));
    }
    if tag.chars().all(|c| is_invisible(c) || c.is_whitespace()) {
        return Err(Invalid::new(format!(
            "tag must be 1-{TAG_MAX_CHARS} characters you can see, got only invisible ones (such as a zero-width space)"
        )));
    }
    Ok(tag)
}

/// A night's tags: each checked, repeats dropped, first use kept in order; at most 20.
pub fn parse_tags<S: AsRef<str>>(raw: &[S]) -> Result<Vec<String>, Invalid> {
    let out = parse_each(raw)?;
    check_count(out.len())?;
    Ok(out)
}

/// Tags each checked, repeats dropped, first use kept in order, however many (tags to take
/// off a night, or a list whose count is checked against what the night had).
pub fn parse_each<S: AsRef<str>>(raw: &[S]) -> Result<Vec<String>, Invalid> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let tag = parse_tag(r.as_ref())?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}

/// Tags typed as one line, separated by commas (`alcohol, long shift`); empty means none. The
/// count is the caller's to check ([`check_change`]: against what the night had).
pub fn parse_tag_list(text: &str) -> Result<Vec<String>, Invalid> {
    if text.chars().any(char::is_control) {
        return Err(Invalid::new(
            "tag must be plain text without control characters or line breaks",
        ));
    }
    let parts: Vec<&str> = text.split(',').filter(|p| !p.trim().is_empty()).collect();
    parse_each(&parts)
}

/// A change that leaves a night with `after` tags where it had `before`: more than
/// [`TAGS_PER_NIGHT`] is refused only when the change adds to the count. A night that a sync
/// left with more (two devices' tags merged: nothing either saved is dropped) can still be
/// edited, swapped and taken down to 20.
pub fn check_change(before: usize, after: usize) -> Result<(), Invalid> {
    if after > before {
        check_count(after)
    } else {
        Ok(())
    }
}

/// At most [`TAGS_PER_NIGHT`] on a night.
pub fn check_count(n: usize) -> Result<(), Invalid> {
    if n > TAGS_PER_NIGHT {
        return Err(Invalid::new(format!(
            "tags must be at most {TAGS_PER_NIGHT} on a night, got {n}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assert_refusals;

    #[test]
    fn tags_are_tidied_to_one_spelling() {
        assert_eq!(parse_tag("  Long   Shift "), Ok("long shift".into()));
        assert_eq!(
            parse_tags(&["Alcohol", "alcohol", "heat"]),
            Ok(vec!["alcohol".to_string(), "heat".to_string()])
        );
        assert_eq!(
            parse_tag_list("alcohol,  long shift ,"),
            Ok(vec!["alcohol".to_string(), "long shift".to_string()])
        );
        assert_eq!(parse_tag_list("  "), Ok(vec![]));
    }

    #[test]
    fn bad_tags_are_refused_in_one_sentence_naming_the_field() {
        let long = "x".repeat(41);
        assert_refusals(parse_tag, &[(&long, "tag must be 1-40 characters, got 41")]);
        assert!(parse_tag(&"x".repeat(40)).is_ok());
        assert_refusals(
            parse_tag,
            &[(
                "wine\u{1b}[2J",
                "tag must be plain text without control characters or line breaks",
            )],
        );
        assert!(parse_tag("two\nlines").is_err());
        assert_refusals(
            parse_tag,
            &[
                (
                    "a, b",
                    "tag must be words without commas (commas separate tags), got 'a, b'",
                ),
                (" ", "tag must be 1-40 characters, got 0"),
            ],
        );
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert_eq!(
            parse_tags(&many).unwrap_err().0,
            "tags must be at most 20 on a night, got 21"
        );
        assert!(parse_tags(&many[..20]).is_ok());
        // Taking 21 off is no tag too many; a night a sync left at 30 can go down or stay.
        assert_eq!(parse_each(&many).map(|t| t.len()), Ok(21));
        assert!(check_change(30, 30).is_ok() && check_change(30, 25).is_ok());
        assert_eq!(
            check_change(30, 31).unwrap_err().0,
            "tags must be at most 20 on a night, got 31"
        );
        assert!(check_change(20, 21).is_err() && check_change(19, 20).is_ok());
    }

    #[test]
    fn direction_controls_and_invisible_only_tags_are_refused() {
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            assert_eq!(
                parse_tag(&format!("{c}loohocla")).unwrap_err().0,
                "tag must be plain text without text-direction controls (U+202A-U+202E, U+2066-U+2069)"
            );
        }
        for only in ["\u{200B}", "\u{200B} \u{FEFF}", "\u{2060}"] {
            assert_eq!(
                parse_tag(only).unwrap_err().0,
                "tag must be 1-40 characters you can see, got only invisible ones (such as a zero-width space)"
            );
        }
        // A joiner inside an emoji is part of what is seen.
        assert!(parse_tag("\u{1F468}\u{200D}\u{1F469}").is_ok());
    }

    #[test]
    fn a_tag_is_one_tag_however_its_accents_were_typed() {
        let composed = "caf\u{e9}";
        let decomposed = "cafe\u{301}";
        assert_eq!(parse_tag(decomposed), Ok(composed.to_string()));
        assert_eq!(
            parse_tags(&[composed, decomposed]),
            Ok(vec![composed.to_string()])
        );
        // 40 accented letters typed decomposed are 40 characters, not 80.
        assert!(parse_tag(&"e\u{301}".repeat(40)).is_ok());
        assert_refusals(
            parse_tag,
            &[(
                &"e\u{301}".repeat(41),
                "tag must be 1-40 characters, got 41",
            )],
        );
        // A family emoji is seen as one and counts as the seven it is made of.
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";
        assert_refusals(
            parse_tag,
            &[(
                &family.repeat(8),
                "tag must be 1-40 characters, got 56 (seen as 8: some emoji count as several)",
            )],
        );
    }
}
