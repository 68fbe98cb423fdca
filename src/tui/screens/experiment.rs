//! The on/off experiment: the plain-words result (or where it stands) first, then how it was set
//! up, the numbers and the schedule; before one exists or once it is over, the plan of the next.

use crate::analysis::experiment_plan::PlanFigures;
use crate::domain::intervention::Intervention;
use crate::experiment::ExperimentView;
use crate::experiment::text::{Next, plan_lines, status_lines};
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

#[allow(clippy::too_many_arguments)]
pub fn render(
    view: Option<&ExperimentView>,
    plan: Option<&PlanFigures>,
    intervention: &Intervention,
    pending: Pending,
    scroll: u16,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut lines: Vec<Line> = Vec::new();
    let offers_new = view.is_none_or(|v| v.is_over());
    match view {
        Some(view) => {
            // Under 100 columns the wide schedule would wrap every row.
            let status = status_lines(view, area.width < 100, Next::Keys);
            let summary = crate::experiment::text::summary_lines(view).len();
            for (i, text) in status.into_iter().enumerate() {
                let style = if i == 0 {
                    theme.title
                } else if i < summary {
                    theme.ok
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
        }
        None => {
            lines.push(Line::from(Span::styled(
                "No experiment yet. An on/off experiment switches one thing on and off in weeks drawn at random, to learn whether it changes your cramps.",
                theme.title,
            )));
        }
    }
    if offers_new {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            if view.is_some() {
                "The next experiment: n (twice) starts this plan today; i changes what is tested."
            } else {
                "The plan below starts with n (twice); i changes what is tested: the deep-tissue routine, one technique, or a daily habit answered y/n each morning."
            },
            theme.ok,
        )));
        if let Some(plan) = plan {
            lines.extend(plan_lines(plan, intervention).into_iter().map(Line::from));
        }
        lines.push(Line::from(Span::styled(
            "Other lengths, a later start, washout nights or a habit of your own naming: cramp experiment plan / start --help.",
            theme.muted,
        )));
    }
    let ask = match pending {
        Pending::Nothing => None,
        Pending::Start => Some(
            "Press n again to draw the schedule and start today; it cannot be changed or re-drawn afterwards.",
        ),
        Pending::Stop => Some(
            "Press x again to stop the experiment today; the stop is final, and it is analysed on complete pairs only.",
        ),
    };
    if let Some(ask) = ask {
        // Where it is seen: at the top.
        lines.insert(0, Line::from(Span::styled(ask, theme.warn)));
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" On/off experiment ");
    crate::tui::widgets::page::render(lines, block, scroll, area, buf);
}
