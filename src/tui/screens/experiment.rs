//! The on/off experiment: this week's arm, the schedule and the result; before one exists,
//! what a 6-pair experiment could show.

use crate::analysis::experiment_plan::PlanFigures;
use crate::experiment::ExperimentView;
use crate::experiment::text::{compact_status_lines, plan_lines, status_lines};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

/// A key that must be pressed twice, pressed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Nothing,
    Start,
    Stop,
}

pub fn render(
    view: Option<&ExperimentView>,
    plan: Option<&PlanFigures>,
    pending: Pending,
    scroll: u16,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut lines: Vec<Line> = Vec::new();
    match view {
        Some(view) => {
            // Under 100 columns the wide schedule would wrap every row.
            let status = if area.width < 100 {
                compact_status_lines(view)
            } else {
                status_lines(view)
            };
            for (i, text) in status.into_iter().enumerate() {
                let style = match i {
                    0 => theme.title,
                    1 => theme.ok,
                    _ if text.starts_with("Result") => theme.title,
                    _ => ratatui::style::Style::default(),
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
        }
        None => {
            lines.push(Line::from(Span::styled(
                "No experiment yet. An on/off experiment alternates routine weeks and rest weeks in random order, to learn whether the routine itself changes your cramps.",
                theme.title,
            )));
            lines.push(Line::from(""));
            if let Some(plan) = plan {
                lines.extend(plan_lines(plan).into_iter().map(Line::from));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "Other lengths, a later start or washout nights: cramp experiment plan / start --help.",
                theme.muted,
            )));
        }
    }
    let ask = match pending {
        Pending::Nothing => None,
        Pending::Start => Some(
            "Press n again to draw the schedule and start today; it cannot be changed afterwards.",
        ),
        Pending::Stop => Some(
            "Press x again to stop the experiment today; it is kept and analysed on complete pairs only.",
        ),
    };
    if let Some(ask) = ask {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(ask, theme.warn)));
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" On/off experiment ");
    crate::tui::widgets::page::render(lines, block, scroll, area, buf);
}
