//! A line of key hints inside a screen: `y yes · n no · Esc skip`.

use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// Each key in the key style, then what it does, the pairs joined by ` · `.
pub fn hint_line(theme: &Theme, hints: &[(&'static str, &'static str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, what)) in hints.iter().enumerate() {
        let sep = if i + 1 < hints.len() { " · " } else { "" };
        spans.push(Span::styled(*key, theme.key));
        spans.push(Span::raw(format!(" {what}{sep}")));
    }
    Line::from(spans)
}
