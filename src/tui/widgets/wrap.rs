//! How many rows wrapped text takes: the one count every screen uses to fit, scroll and cut.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Rows `lines` take when wrapped to `width` with leading spaces trimmed off wrapped rows.
pub fn wrapped_rows(lines: &[Line<'static>], width: u16) -> u16 {
    wrapped_rows_as(lines, width, Wrap { trim: true })
}

/// Rows `lines` take when wrapped to `width` as `wrap` wraps them (a page and what scrolls it
/// must count with the wrapping it draws with), found by drawing them on a scratch buffer tall
/// enough for all of them.
pub fn wrapped_rows_as(lines: &[Line<'static>], width: u16, wrap: Wrap) -> u16 {
    if lines.is_empty() || width == 0 {
        return 0;
    }
    let most: usize = lines
        .iter()
        .map(|l| l.width() / usize::from(width) + 2)
        .sum();
    let area = Rect::new(0, 0, width, most.min(4000) as u16);
    let mut scratch = Buffer::empty(area);
    Paragraph::new(lines.to_vec())
        .wrap(wrap)
        .render(area, &mut scratch);
    (0..area.height)
        .rev()
        .find(|&y| (0..width).any(|x| scratch[(x, y)].symbol() != " "))
        .map_or(0, |y| y + 1)
}
