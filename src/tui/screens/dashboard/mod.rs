//! The dashboard: did cramps get less frequent during the routine, by how much, and how sure
//! can we be. Compact below 120x40; charts grow with the room.

pub mod chart;
pub mod compact;
mod lines;
pub mod verdict;

use crate::analysis::dashboard::Dashboard;
use crate::analysis::weekly::{StripMark, TightnessPoint};
use crate::report::lasting_medium;
use crate::tui::theme::Theme;
use crate::tui::widgets::fit::{fit_line, fit_words};
use crate::tui::widgets::page;
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
/// started and the body says where the experiment's results are instead. `scroll`: how far
/// `j` has moved the page down. Nothing is cut or left out: at every size the headline (with
/// the newest red flag) comes first, and what does not fit below it is `↓n more` away.
pub fn render(
    d: &Dashboard,
    experiment: bool,
    scroll: u16,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.width < COMPACT.0 || area.height < COMPACT.1 {
        let block = Block::new().borders(Borders::ALL).title(compact::title(d));
        return page::render(
            compact::lines(d, experiment, theme),
            block,
            scroll,
            area,
            buf,
        );
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
    let block = Block::new()
        .borders(Borders::ALL)
        .title(fit_words(&title, usize::from(area.width.saturating_sub(2))));
    let inner = block.inner(area);
    let head = headline(d, experiment, theme, inner.width);
    let head_rows = wrapped_rows(&head, inner.width);
    if roomy {
        block.render(area, buf);
        let [head_area, rest] =
            Layout::vertical([Constraint::Length(head_rows), Constraint::Min(0)]).areas(inner);
        Paragraph::new(head)
            .wrap(Wrap { trim: true })
            .render(head_area, buf);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(rest);
        let [chart_area, strip_area, tight_area] = Layout::vertical([
            Constraint::Fill(3),
            Constraint::Length(strip_rows(d, left.width)),
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
        // The side panel scrolls on its own (j/k) when its sentences need more rows.
        page::render(
            lines,
            Block::new().borders(Borders::LEFT).title(" Per phase "),
            scroll,
            right,
            buf,
        );
        return;
    }
    // "Did it last?" (issue 21) takes the follow-up line's place once it has an answer, in
    // its two-line form with both intervals.
    let (follow_up, lasting) = match lasting_medium(d) {
        Some(l) => (Some(Line::from(Span::styled(l, theme.title))), true),
        None => (follow_up_line(d, theme), false),
    };
    let follow_rows = match &follow_up {
        Some(f) if lasting => wrapped_rows(std::slice::from_ref(f), inner.width),
        Some(_) => 1,
        None => 0,
    };
    let footer = footer_lines(d, theme, false);
    let footer_rows = wrapped_rows(&footer, inner.width);
    let strip_rows = strip_rows(d, inner.width);
    let fixed = strip_rows + 1 + 1 + follow_rows + 1;
    // The chart gives up rows (down to two rows of bars under its title, over its labels and
    // its row of dates) before the sentences under it go below the fold; what does not fit
    // then scrolls (the newest red flag is in the headline), never left out.
    let chart_rows = inner
        .height
        .saturating_sub(head_rows + fixed + footer_rows)
        .clamp(5 + CHART_LABEL_ROWS, 9 + CHART_LABEL_ROWS);
    let total = head_rows + chart_rows + fixed + footer_rows;
    page::render_canvas(block, scroll, total, area, buf, |canvas, buf| {
        let [
            head_area,
            chart_area,
            strip_area,
            tight_area,
            detail_area,
            follow_area,
            adherence_area,
            tail_area,
        ] = Layout::vertical([
            Constraint::Length(head_rows),
            Constraint::Length(chart_rows),
            Constraint::Length(strip_rows),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(follow_rows),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(canvas);
        Paragraph::new(head)
            .wrap(Wrap { trim: true })
            .render(head_area, buf);
        match follow_up {
            Some(f) if lasting => Paragraph::new(f)
                .wrap(Wrap { trim: true })
                .render(follow_area, buf),
            Some(f) => {
                Paragraph::new(fit_line(f, usize::from(canvas.width))).render(follow_area, buf)
            }
            None => {}
        }
        weekly_chart(d, theme, chart_area, buf);
        strip(d, theme, strip_area, buf);
        tightness(d, theme, false, tight_area, buf);
        let summary = details(d, theme).into_iter().next().unwrap_or_default();
        Paragraph::new(fit_line(summary, usize::from(canvas.width))).render(detail_area, buf);
        Paragraph::new(fit_line(
            adherence_line(d, theme, false),
            usize::from(canvas.width),
        ))
        .render(adherence_area, buf);
        Paragraph::new(footer)
            .wrap(Wrap { trim: true })
            .render(tail_area, buf);
    });
}

/// The row of dates under the bars' labels.
const CHART_LABEL_ROWS: u16 = 1;

/// Rows the strip of nights takes at `width`: every night of its window, on as many rows as
/// it needs, and the legend.
fn strip_rows(d: &Dashboard, width: u16) -> u16 {
    let room = usize::from(width.saturating_sub(STRIP_LABEL)).max(1);
    d.strip.len().div_ceil(room).max(1) as u16 + 1
}

/// "Nights " before the marks (and as much space on their further rows).
const STRIP_LABEL: u16 = 8;

fn strip(d: &Dashboard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let room = usize::from(area.width.saturating_sub(STRIP_LABEL)).max(1);
    let routine_start = d.routine.as_ref().map(|r| r.start);
    // Nights get a column of space each when the room allows, which reads more easily.
    let gap = if room >= d.strip.len() * 2 { " " } else { "" };
    let per_row = if gap.is_empty() {
        room
    } else {
        d.strip.len().max(1)
    };
    let mut lines = Vec::new();
    for (i, row) in d.strip.chunks(per_row).enumerate() {
        let mut spans = vec![Span::raw(if i == 0 { "Nights " } else { "       " })];
        for (day, mark) in row {
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
        lines.push(Line::from(spans));
    }
    lines.push(fit_line(
        Line::from(Span::styled(
            "       ● cramps  ○ cramp-free  × excluded  · not logged",
            theme.muted,
        )),
        usize::from(area.width),
    ));
    Paragraph::new(lines).render(area, buf);
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
