//! The help overlay, generated from the keymap table.

use crate::tui::keymap::{Context, bindings_for};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// Draws the keys of `context` (the screen under the overlay) in a centred box.
pub fn render(context: Context, scroll: u16, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut lines: Vec<Line> = Vec::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for b in bindings_for(context).chain(bindings_for(Context::Help)) {
        if seen.contains(&(b.label, b.help)) {
            continue;
        }
        seen.push((b.label, b.help));
        lines.push(Line::from(vec![
            Span::styled(format!("{:>10}  ", b.label), theme.key),
            Span::raw(b.help),
        ]));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = 56.min(area.width);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    Clear.render(popup, buf);
    let block = Block::new().borders(Borders::ALL).title(" Keys ");
    super::page::render(lines, block, scroll, popup, buf);
}
