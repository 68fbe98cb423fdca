//! How values are written, the same on the screen and in the report: numbers that may be
//! missing, and stored text made safe to show.

pub mod json;

/// `1 day`, `21 days`: a count with its noun, never `day(s)`.
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 sync conflict waits", "2 sync conflicts wait".
pub fn conflicts_wait(n: usize) -> String {
    if n == 1 {
        "1 sync conflict waits".into()
    } else {
        format!("{n} sync conflicts wait")
    }
}

/// `a, b and c`: words listed as a sentence lists them.
pub fn and_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `43%`, or `-` when there is no value.
pub fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.0}%"))
}

/// `6.5` (one decimal), or `-`.
pub fn num(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.1}"))
}

/// `1m05s` or `45s`, or `-`.
pub fn secs(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| {
        let s = v.round() as u32;
        if s >= 60 {
            format!("{}m{:02}s", s / 60, s % 60)
        } else {
            format!("{s}s")
        }
    })
}

/// Stored text as it may reach a terminal or a one-line view: a line break shows as `⏎`, a
/// tab as a space, and every other control character (escape, bell, carriage return, C1
/// codes), bidirectional override or mark, and line or paragraph separator as a visible escape
/// such as `\x1b` or `\u{202e}`, so what a note holds can never move the cursor, recolour the
/// screen, break the line or reorder it.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('⏎'),
            '\t' => out.push(' '),
            c if c.is_control() && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
            | '\u{2028}'
            | '\u{2029}' => {
                out.push_str(&format!("\\u{{{:04x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "context day", "context days"), "1 context day");
        assert_eq!(count(0, "cramp", "cramps"), "0 cramps");
        assert_eq!(count(21u32, "day", "days"), "21 days");
    }

    #[test]
    fn stored_text_is_shown_escaped_on_one_line() {
        assert_eq!(
            escaped("a\u{1b}[2Jb\u{7}\r\nnext\tline\u{9b}\u{202e}"),
            "a\\x1b[2Jb\\x07\\x0d⏎next line\\x9b\\u{202e}"
        );
        assert_eq!(escaped("plain café"), "plain café");
        assert_eq!(
            escaped("a\u{200f}b\u{61c}c\u{2028}d\u{2029}"),
            "a\\u{200f}b\\u{061c}c\\u{2028}d\\u{2029}"
        );
    }

    #[test]
    fn missing_values_show_as_a_dash() {
        assert_eq!(
            (pct(None), num(None), secs(None)),
            ("-".into(), "-".into(), "-".into())
        );
        assert_eq!(
            (
                pct(Some(42.6)),
                num(Some(6.25)),
                secs(Some(65.0)),
                secs(Some(45.2))
            ),
            ("43%".into(), "6.2".into(), "1m05s".into(), "45s".into())
        );
    }
}
