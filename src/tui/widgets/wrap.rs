//! How many rows wrapped text takes: the one count every screen uses to fit, scroll and cut.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Rows `lines` take when wrapped to `width`, found by drawing them on a scratch buffer.
pub fn wrapped_rows(lines: &[Line<'static>], width: u16) -> u16 {
    if lines.is_empty() || width == 0 {
        return 0;
    }
    let area = Rect::new(0, 0, width, 200);
    let mut scratch = Buffer::empty(area);
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: true })
        .render(area, &mut scratch);
    (0..area.height)
        .rev()
        .find(|&y| (0..width).any(|x| scratch[(x, y)].symbol() != " "))
        .map_or(0, |y| y + 1)
}
