//! Tags on a night: what happened the evening and day before it, in the diary's built-in words
//! or the person's own. A tag is kept in lower case with single spaces, at most 40 characters,
//! without control characters or commas (a comma separates tags where they are typed as a
//! list); a night has at most 20.

use super::Invalid;

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

/// One tag as typed, pasted or imported: trimmed, spaces collapsed, lower case.
pub fn parse_tag(raw: &str) -> Result<String, Invalid> {
    if raw.chars().any(char::is_control) {
        return Err(Invalid::new(
            "tag must be plain text without control characters or line breaks",
        ));
    }
    if raw.contains(',') {
        return Err(Invalid::new(format!(
            "tag must be words without commas (commas separate tags), got '{}'",
            raw.trim()
        )));
    }
    let tag = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let chars = tag.chars().count();
    if chars == 0 || chars > TAG_MAX_CHARS {
        return Err(Invalid::new(format!(
            "tag must be 1-{TAG_MAX_CHARS} characters, got {chars}"
        )));
    }
    Ok(tag)
}

/// A night's tags: each checked, repeats dropped, first use kept in order.
pub fn parse_tags<S: AsRef<str>>(raw: &[S]) -> Result<Vec<String>, Invalid> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let tag = parse_tag(r.as_ref())?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    check_count(out.len())?;
    Ok(out)
}

/// Tags typed as one line, separated by commas (`alcohol, long shift`); empty means none.
pub fn parse_tag_list(text: &str) -> Result<Vec<String>, Invalid> {
    if text.chars().any(char::is_control) {
        return Err(Invalid::new(
            "tag must be plain text without control characters or line breaks",
        ));
    }
    let parts: Vec<&str> = text.split(',').filter(|p| !p.trim().is_empty()).collect();
    parse_tags(&parts)
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
        assert_eq!(
            parse_tag(&long).unwrap_err().0,
            "tag must be 1-40 characters, got 41"
        );
        assert!(parse_tag(&"x".repeat(40)).is_ok());
        assert_eq!(
            parse_tag("wine\u{1b}[2J").unwrap_err().0,
            "tag must be plain text without control characters or line breaks"
        );
        assert!(parse_tag("two\nlines").is_err());
        assert_eq!(
            parse_tag("a, b").unwrap_err().0,
            "tag must be words without commas (commas separate tags), got 'a, b'"
        );
        assert_eq!(
            parse_tag(" ").unwrap_err().0,
            "tag must be 1-40 characters, got 0"
        );
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert_eq!(
            parse_tags(&many).unwrap_err().0,
            "tags must be at most 20 on a night, got 21"
        );
        assert!(parse_tags(&many[..20]).is_ok());
    }
}
