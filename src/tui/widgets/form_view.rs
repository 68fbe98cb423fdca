//! Draws a [`Form`]: one row per field, the focused one highlighted with its hint.

use crate::tui::form::Form;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

const LABEL_WIDTH: usize = 18;

pub fn render(
    title: &str,
    form: &Form,
    error: Option<&str>,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    // The box is as tall as its fields and its message (wrapped to the box's width, with a
    // line to spare for word wrapping), so the form reads as one block at the top.
    let width = area.width.saturating_sub(2).max(1) as usize;
    let error_rows = error.map_or(0, |e| {
        let chars = e.chars().count();
        let lines = chars.div_ceil(width).max(1);
        1 + lines + usize::from(lines > 1)
    });
    let rows = (form.fields.len() + error_rows + 2).min(u16::MAX as usize) as u16;
    let area = Rect {
        height: area.height.min(rows),
        ..area
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "));
    let inner = block.inner(area);
    block.render(area, buf);
    let value_width = (inner.width as usize)
        .saturating_sub(LABEL_WIDTH + 2)
        .max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let mut value = field.display();
        if focused && field.is_text() {
            value.push('▏');
        }
        // Long text shows its end, where the typing happens.
        let chars: Vec<char> = value.chars().collect();
        let shown: String = if chars.len() > value_width {
            chars[chars.len() - value_width..].iter().collect()
        } else {
            value
        };
        let marker = if focused { "›" } else { " " };
        let mut spans = vec![
            Span::styled(
                format!("{marker} {:<w$}", field.label, w = LABEL_WIDTH - 2),
                theme.text,
            ),
            Span::styled(
                format!(" {shown} "),
                if focused { theme.focus } else { theme.text },
            ),
        ];
        if focused && !field.hint.is_empty() {
            spans.push(Span::styled(format!("  {}", field.hint), theme.muted));
        }
        lines.push(Line::from(spans));
    }
    if let Some(error) = error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(error.to_string(), theme.error)));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
