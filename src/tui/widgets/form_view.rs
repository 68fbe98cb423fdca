//! Draws a [`Form`]: one row per field, the focused one highlighted, its hint on the row when
//! there is room and on a line of its own below the fields when not. When the fields do not
//! fit, they scroll so the focused one is always on screen.

use super::fit::fit_words;
use crate::tui::form::{FieldKey, Form};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

const LABEL_WIDTH: usize = 18;
/// Below this inner width the hint leaves the field's row.
const HINT_BESIDE: usize = 60;

pub fn render<K: FieldKey>(
    title: &str,
    form: &Form<K>,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let error = form.error.as_deref();
    let width = area.width.saturating_sub(2).max(1) as usize;
    let hint = form.focused().map_or("", |f| f.hint.as_ref());
    let label_width = label_width(form, width);
    let value_width = width.saturating_sub(label_width + 2).max(1);
    // The hint goes below the fields on a narrow screen, and wherever it would not fit beside
    // the focused field as typed: a row that wrapped would push the messages out of the box.
    let beside = form.focused().map_or(0, |f| {
        let typed = if f.is_text() {
            f.display_with_cursor().0
        } else {
            f.display()
        };
        label_width + typed.chars().count().min(value_width) + 2 + 2 + hint.chars().count()
    });
    let hint_below = !hint.is_empty() && (width < HINT_BESIDE || beside > width);
    // The box is as tall as its fields and its messages, so the form reads as one block at
    // the top; in a short terminal the fields give way and scroll.
    let error_lines: Vec<String> = error.map_or(Vec::new(), |e| {
        e.lines().flat_map(|line| wrap_words(line, width)).collect()
    });
    let extra = error_lines.len() + usize::from(hint_below);
    let wanted = form.fields.len() + extra + 2;
    let area = Rect {
        height: area.height.min(wanted.min(u16::MAX as usize) as u16),
        ..area
    };
    let field_rows = (area.height as usize)
        .saturating_sub(2 + extra)
        .max(1)
        .min(form.fields.len().max(1));
    // The focused field is kept on screen: the window ends at it when it is further down.
    let first = (form.focus + 1).saturating_sub(field_rows);
    let hidden_below = form.fields.len().saturating_sub(first + field_rows);
    let mut block = Block::new()
        .borders(Borders::ALL)
        .title(fit_words(&format!(" {title} "), width));
    let scrolled = match (first, hidden_below) {
        (0, 0) => None,
        (0, below) => Some(format!(" ↓{below} more ")),
        (above, 0) => Some(format!(" ↑{above} more ")),
        (above, below) => Some(format!(" ↑{above} ↓{below} more ")),
    };
    if let Some(more) = scrolled {
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines: Vec<Line> = Vec::new();
    for (i, field) in form.fields.iter().enumerate().skip(first).take(field_rows) {
        let focused = i == form.focus;
        let (value, cursor) = if focused && field.is_text() {
            field.display_with_cursor()
        } else {
            let shown = field.display();
            let end = shown.chars().count();
            (shown, end)
        };
        // Long text shows the part where the typing happens: its end, or around the cursor.
        let chars: Vec<char> = value.chars().collect();
        let shown: String = if chars.len() > value_width {
            let start = (cursor + 1)
                .saturating_sub(value_width)
                .max(chars.len().saturating_sub(value_width).min(cursor));
            chars[start..(start + value_width).min(chars.len())]
                .iter()
                .collect()
        } else {
            value
        };
        let marker = if focused { "›" } else { " " };
        let label: String = field.label().chars().take(label_width - 2).collect();
        let mut spans = vec![
            Span::styled(
                format!("{marker} {label:<w$}", w = label_width - 2),
                theme.text,
            ),
            Span::styled(
                format!(" {shown} "),
                if focused { theme.focus } else { theme.text },
            ),
        ];
        if focused && !hint_below && !field.hint.is_empty() {
            spans.push(Span::styled(format!("  {}", field.hint), theme.muted));
        }
        lines.push(Line::from(spans));
    }
    if hint_below {
        lines.push(Line::from(Span::styled(
            fit_words(&format!("  {hint}"), width),
            theme.muted,
        )));
    }
    for line in error_lines {
        lines.push(Line::from(Span::styled(line, theme.error)));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// The labels' column: wide enough for the longest label where there is room.
fn label_width<K: FieldKey>(form: &Form<K>, width: usize) -> usize {
    let longest = form
        .fields
        .iter()
        .map(|f| f.label().chars().count())
        .max()
        .unwrap_or(0);
    if width < HINT_BESIDE {
        // A label is cut only when it would take more than half the row.
        (longest + 3)
            .min(LABEL_WIDTH)
            .max((longest + 2).min(width / 2))
    } else {
        // Wide enough for the longest label ("sleep disturbance"), never cut on a wide screen.
        LABEL_WIDTH.max((longest + 2).min(width / 3))
    }
}

/// Splits text into lines of at most `width` characters at spaces.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| fit_words(&l, width)).collect()
}
