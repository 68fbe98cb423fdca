//! The dashboard: did cramps get less frequent during the routine, by how much, and how sure
//! can we be. Compact below 120x40; charts grow with the room.

pub mod chart;
pub mod compact;
mod lines;
pub mod verdict;

use crate::analysis::dashboard::Dashboard;
use crate::analysis::weekly::{StripMark, TightnessPoint};
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrapped_rows;
use chart::weekly_chart;
use compact::COMPACT;
use lines::{adherence_line, details, follow_up_line, headline, stage_words};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline, Widget, Wrap};
use verdict::footer_lines;

/// From a 120x40 terminal on, the charts get their own rows: the body is the terminal less
/// its header, status and footer rows.
const ROOMY: (u16, u16) = (120, 40 - 3);

/// `experiment`: an on/off experiment is running or about to start, so no routine can be
/// started and the body says where the experiment's results are instead.
pub fn render(d: &Dashboard, experiment: bool, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < COMPACT.0 || area.height < COMPACT.1 {
        return compact::render(d, experiment, theme, area, buf);
    }
    let roomy = area.width >= ROOMY.0 && area.height >= ROOMY.1;
    let title = match &d.routine {
        Some(r) => {
            let progress = d.progress.as_ref().map(stage_words).unwrap_or_default();
            format!(
                " Routine {} to {}{progress} ",
                r.start.format("%-d %b"),
                r.end().format("%-d %b %Y")
            )
        }
        None => format!(" Cramps since {} ", d.from.format("%a %-d %b")),
    };
    let block = Block::new().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let head = headline(d, experiment, theme, inner.width);
    let [head_area, rest] =
        Layout::vertical([Constraint::Length(head.len() as u16), Constraint::Min(0)]).areas(inner);
    Paragraph::new(head).render(head_area, buf);
    if roomy {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(rest);
        let [chart_area, strip_area, tight_area] = Layout::vertical([
            Constraint::Fill(3),
            Constraint::Length(3),
            Constraint::Fill(2),
        ])
        .areas(left);
        weekly_chart(d, theme, chart_area, buf);
        strip(d, theme, strip_area, buf);
        tightness(d, theme, true, tight_area, buf);
        let mut lines = details(d, theme);
        if lines.len() > 1 {
            // The first line is the compact summary of the rows below it.
            lines.remove(0);
        }
        if let Some(f) = follow_up_line(d, theme) {
            lines.push(Line::from(""));
            lines.push(f);
        }
        lines.push(Line::from(""));
        lines.push(adherence_line(d, theme, true));
        lines.push(Line::from(""));
        lines.extend(footer_lines(d, theme, true));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::LEFT).title(" Per phase "))
            .render(right, buf);
    } else {
        let follow_up = follow_up_line(d, theme);
        let mut footer = footer_lines(d, theme, false);
        // The chart gives up rows (down to 4) before the lines under it are cut: red flags
        // and the reason for no verdict matter more than a taller bar. Lines that still do
        // not fit are left out whole, the least important (the last) first, never cut
        // mid-sentence.
        let fixed = 2 + 1 + 1 + u16::from(follow_up.is_some()) + 1;
        let most = rest.height.saturating_sub(fixed + 4);
        while wrapped_rows(&footer, rest.width) > most {
            footer.pop();
        }
        let chart_rows = rest
            .height
            .saturating_sub(fixed + wrapped_rows(&footer, rest.width))
            .clamp(4, 6);
        let [
            chart_area,
            strip_area,
            tight_area,
            detail_area,
            follow_area,
            adherence_area,
            tail_area,
        ] = Layout::vertical([
            Constraint::Length(chart_rows),
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(u16::from(follow_up.is_some())),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(rest);
        if let Some(f) = follow_up {
            Paragraph::new(f).render(follow_area, buf);
        }
        weekly_chart(d, theme, chart_area, buf);
        strip(d, theme, strip_area, buf);
        tightness(d, theme, false, tight_area, buf);
        Paragraph::new(details(d, theme).into_iter().next().unwrap_or_default())
            .render(detail_area, buf);
        Paragraph::new(adherence_line(d, theme, false)).render(adherence_area, buf);
        Paragraph::new(footer)
            .wrap(Wrap { trim: true })
            .render(tail_area, buf);
    }
}

fn strip(d: &Dashboard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let room = area.width.saturating_sub(8) as usize;
    let start = d.strip.len().saturating_sub(room);
    let routine_start = d.routine.as_ref().map(|r| r.start);
    // Nights get a column of space each when the room allows, which reads more easily.
    let gap = if room >= d.strip.len() * 2 { " " } else { "" };
    let mut spans = vec![Span::raw("Nights ")];
    for (day, mark) in &d.strip[start..] {
        let (c, style) = match mark {
            StripMark::Cramps => ("●", theme.cramps),
            StripMark::CrampFree => ("○", theme.cramp_free),
            StripMark::Excluded => ("×", theme.excluded),
            // Before the diary began nothing could be logged: blank, not "missing".
            StripMark::NotLogged if d.began.is_some_and(|b| *day < b) => (" ", theme.text),
            StripMark::NotLogged => ("·", theme.not_logged),
        };
        let style = if Some(*day) == routine_start {
            style.patch(theme.selected)
        } else {
            style
        };
        spans.push(Span::styled(c, style));
        spans.push(Span::raw(gap));
    }
    let legend = Line::from(Span::styled(
        "       ● cramps  ○ cramp-free  × excluded  · not logged",
        theme.muted,
    ));
    Paragraph::new(vec![Line::from(spans), legend]).render(area, buf);
}

fn tightness(d: &Dashboard, theme: &Theme, roomy: bool, area: Rect, buf: &mut Buffer) {
    let first = |pick: fn(&TightnessPoint) -> Option<f64>| d.tightness.iter().find_map(pick);
    let last = |pick: fn(&TightnessPoint) -> Option<f64>| d.tightness.iter().rev().find_map(pick);
    let fmt = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => format!("{a:.1} → {b:.1}"),
        _ => "-".to_string(),
    };
    let sessions = d.tightness.iter().filter(|t| t.session).count();
    let line = Line::from(vec![
        Span::raw(match (d.tightness.first(), d.tightness.last()) {
            // The scale and the dates the chart's columns span, so its height and width read.
            (Some(a), Some(b)) if roomy => format!(
                "Tightness 0-10 (7-night avg, {} to {}) ",
                a.night_of.format("%-d %b"),
                b.night_of.format("%-d %b")
            ),
            _ => "Tightness (7-night avg) ".to_string(),
        }),
        Span::styled(
            format!(
                "L {}  R {}",
                fmt(first(|t| t.left_7d), last(|t| t.left_7d)),
                fmt(first(|t| t.right_7d), last(|t| t.right_7d))
            ),
            theme.title,
        ),
        // Any session, every phase: not the adherence count (deep-tissue, routine weeks).
        Span::styled(
            format!(
                "  · ▴ any session: {}",
                crate::format::count(sessions as i64, "day", "days")
            ),
            theme.muted,
        ),
    ]);
    // A second row rather than a cut when the count does not fit beside the averages.
    let rows = if line.width() > usize::from(area.width) {
        2
    } else {
        1
    };
    let [text, chart] =
        Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(area);
    Paragraph::new(line)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(text, buf);
    if roomy && chart.height >= 3 {
        // Each column shows the night under it, so the trend fills the width whatever its length.
        let label = 2u16;
        let room = chart.width.saturating_sub(label) as usize;
        let shown = &d.tightness[d.tightness.len().saturating_sub(room)..];
        let columns: Vec<&TightnessPoint> = (0..room)
            .filter_map(|col| shown.get(col * shown.len() / room.max(1)))
            .collect();
        let half = (chart.height - 1) / 2;
        let [left_row, right_row, marks] = Layout::vertical([
            Constraint::Length(half),
            Constraint::Length(half),
            Constraint::Length(1),
        ])
        .areas(chart);
        for (row, name, pick) in [
            (
                left_row,
                "L",
                (|t: &TightnessPoint| t.left_7d) as fn(&TightnessPoint) -> Option<f64>,
            ),
            (right_row, "R", |t: &TightnessPoint| t.right_7d),
        ] {
            let [tag, line] =
                Layout::horizontal([Constraint::Length(label), Constraint::Min(0)]).areas(row);
            Paragraph::new(name).style(theme.muted).render(tag, buf);
            // On the 0-10 scale itself, so a small change looks small.
            let values: Vec<u64> = columns
                .iter()
                .map(|t| pick(t).map_or(0, |v| (v * 10.0).round() as u64))
                .collect();
            Sparkline::default()
                .data(&values)
                .max(100)
                .style(theme.warn)
                .render(line, buf);
        }
        let marks_line: String = std::iter::repeat_n(' ', label as usize)
            .chain(columns.iter().map(|t| if t.session { '▴' } else { ' ' }))
            .collect();
        Paragraph::new(Line::from(vec![Span::styled(marks_line, theme.ok)])).render(marks, buf);
    }
}
