//! A page of wrapped text that scrolls when the terminal is too short for it (the routine and
//! experiment screens and the help overlay on a phone), with `↑n`/`↓n more` on its frame.

use super::wrap::wrapped_rows_as;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// How a page wraps its lines (indents kept), and so how its rows are counted.
pub const PAGE_WRAP: Wrap = Wrap { trim: false };

/// How far a page can be scrolled by key before the drawing clamps it to its real length.
pub const MOST_SCROLL: u16 = 60;

/// Draws `lines` in `block`, starting `offset` wrapped rows down (clamped so the last row stays
/// at the bottom), and says on the bottom edge how many rows are above and below.
pub fn render(
    lines: Vec<Line<'static>>,
    block: Block<'static>,
    offset: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let inner = block.inner(area);
    let total = wrapped_rows_as(&lines, inner.width, PAGE_WRAP);
    let offset = offset.min(total.saturating_sub(inner.height));
    let below = total.saturating_sub(offset + inner.height);
    let block = with_marker(block, offset, below);
    Paragraph::new(lines)
        .wrap(PAGE_WRAP)
        .scroll((offset, 0))
        .block(block)
        .render(area, buf);
}

/// Draws a screen taller than `area` (its inside is `content_height` rows): `draw` paints the
/// whole of it on a canvas the width of `block`'s inside, and rows from `offset` on (clamped
/// so the last row stays at the bottom) are shown, with `↑n`/`↓n more` on the bottom edge as
/// [`render`] does. Nothing is cut or left out: what does not fit is a key away.
pub fn render_canvas(
    block: Block<'static>,
    offset: u16,
    content_height: u16,
    area: Rect,
    buf: &mut Buffer,
    draw: impl FnOnce(Rect, &mut Buffer),
) {
    let inner = block.inner(area);
    let total = content_height.max(inner.height);
    let canvas_area = Rect::new(0, 0, inner.width, total);
    let mut canvas = Buffer::empty(canvas_area);
    draw(canvas_area, &mut canvas);
    let offset = offset.min(total.saturating_sub(inner.height));
    let below = total.saturating_sub(offset + inner.height);
    let block = with_marker(block, offset, below);
    block.render(area, buf);
    for y in 0..inner.height {
        for x in 0..inner.width {
            buf[(inner.x + x, inner.y + y)] = canvas[(x, y + offset)].clone();
        }
    }
}

/// `block` with `↑n`/`↓n more` on its bottom edge when `offset` rows lie above the frame and
/// `below` rows under it (nothing when all of it shows).
fn with_marker(block: Block<'static>, offset: u16, below: u16) -> Block<'static> {
    let marker = match (offset, below) {
        (0, 0) => return block,
        (0, b) => format!(" ↓{b} more (j/k) "),
        (a, 0) => format!(" ↑{a} "),
        (a, b) => format!(" ↑{a} ↓{b} more "),
    };
    block.title_bottom(Line::from(marker).right_aligned())
}
