//! Text that must fit a width: cut at a word boundary, with an ellipsis saying it was cut.

use ratatui::text::{Line, Span};

/// `text` if it fits in `width` characters; otherwise its longest word-boundary prefix that
/// fits with a trailing `…` (mid-word only when a single word is wider than the line).
pub fn fit_words(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let prefix: String = text.chars().take(room).collect();
    let cut = match prefix.rfind(' ') {
        Some(i) if i > 0 => prefix[..i].trim_end().to_string(),
        _ => prefix,
    };
    format!("{cut}…")
}

/// A styled line cut to `width` as [`fit_words`] cuts text, each part keeping its style.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.chars().count() <= width {
        return line;
    }
    let mut left = fit_words(&text, width).chars().count();
    let mut spans = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let chars: Vec<char> = span.content.chars().collect();
        let take = chars.len().min(left);
        left -= take;
        spans.push(Span::styled(
            chars[..take].iter().collect::<String>(),
            span.style,
        ));
    }
    // The ellipsis replaces the last character taken.
    if let Some(last) = spans.last_mut() {
        let mut content = last.content.to_string();
        content.pop();
        content.push('…');
        last.content = content.into();
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_does_not_fit_ends_at_a_word_with_an_ellipsis() {
        assert_eq!(
            fit_words("no cramps last night", 40),
            "no cramps last night"
        );
        assert_eq!(fit_words("no cramps last night", 12), "no cramps…");
        assert_eq!(fit_words("unbreakable", 5), "unbr…");
        assert_eq!(fit_words("abc", 0), "");
    }
}
