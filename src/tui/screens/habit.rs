//! A daily-habit experiment's morning question: "Magnesium yesterday? y/n", one key.

use crate::domain::dates::long_date;
use crate::experiment::ExperimentView;
use crate::tui::theme::Theme;
use crate::tui::widgets::keys::hint_line;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

pub fn render(
    night: NaiveDate,
    question: String,
    answered: Option<bool>,
    view: Option<&ExperimentView>,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut lines = vec![
        Line::from(Span::styled(question, theme.title)),
        Line::from(Span::styled(
            format!("For the night of {}", long_date(night)),
            theme.muted,
        )),
        hint_line(theme, &[("y", "yes"), ("n", "no"), ("Esc", "skip")]),
    ];
    if let Some(done) = answered {
        lines.push(Line::from(Span::styled(
            format!(
                "Answered {} already: a key changes it.",
                if done { "yes" } else { "no" }
            ),
            theme.muted,
        )));
    }
    if let Some(v) = view {
        let week = v
            .experiment()
            .arm_on(night)
            .map(|arm| arm.instruction(v.intervention()));
        if let Some(week) = week {
            lines.push(Line::from(Span::styled(
                format!("That day was in an {week}."),
                theme.muted,
            )));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::new().borders(Borders::ALL).title(" Experiment "))
        .render(area, buf);
}
