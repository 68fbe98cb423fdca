//! The dashboard: did cramps get less frequent during the routine, by how much, and how sure
//! can we be. Compact below 120x40; charts grow with the room.

use super::dashboard_chart::weekly_chart;
use super::dashboard_compact::{self, COMPACT};
use super::dashboard_verdict::{footer_lines, gauge_line};
use crate::analysis::adherence::{RoutineProgress, Stage, WeekState};
use crate::analysis::dashboard::coverage_pct;
use crate::analysis::dashboard::{Dashboard, MIN_COVERAGE};
use crate::analysis::phases::PhaseStats;
use crate::analysis::rate::Verdict;
use crate::analysis::verdict::NOT_PROOF;
use crate::analysis::weekly::{StripMark, TightnessPoint};
use crate::format::{count, num, pct, secs};
use crate::report::{change_words, no_change_words};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline, Widget, Wrap};

/// From a 120x40 terminal on, the charts get their own rows: the body is the terminal less
/// its header, status and footer rows.
const ROOMY: (u16, u16) = (120, 40 - 3);

pub fn render(d: &Dashboard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < COMPACT.0 || area.height < COMPACT.1 {
        return dashboard_compact::render(d, theme, area, buf);
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
        None => " Cramps, last 8 weeks ".to_string(),
    };
    let block = Block::new().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let head = headline(d, theme, inner.width);
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

/// Rows `lines` take when wrapped to `width`, found by drawing them on a scratch buffer.
pub(crate) fn wrapped_rows(lines: &[Line<'static>], width: u16) -> u16 {
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

/// Baseline → routine for the secondary numbers; the first line is the compact summary.
fn details(d: &Dashboard, theme: &Theme) -> Vec<Line<'static>> {
    let (Some(b), Some(r)) = (&d.baseline, &d.routine_phase) else {
        let o = &d.overall;
        return vec![Line::from(Span::styled(
            format!(
                "cramp-free {} · worst intensity {} · longest {} (medians of {} nights)",
                pct(o.cramp_free_pct),
                num(o.median_worst_intensity),
                secs(o.median_longest_s),
                o.cramp_nights
            ),
            theme.muted,
        ))];
    };
    let row = |name: &str, f: fn(&PhaseStats) -> String| {
        Line::from(vec![
            Span::styled(format!("{name:<24}"), theme.muted),
            Span::raw(format!("{} → {}", f(b), f(r))),
        ])
    };
    vec![
        Line::from(Span::styled(
            format!(
                "cramp-free {} → {} · worst {} → {} · longest {} → {}",
                pct(b.cramp_free_pct),
                pct(r.cramp_free_pct),
                num(b.median_worst_intensity),
                num(r.median_worst_intensity),
                secs(b.median_longest_s),
                secs(r.median_longest_s)
            ),
            theme.muted,
        )),
        row("cramps", |p| p.cramps.to_string()),
        row("cramp-free nights", |p| pct(p.cramp_free_pct)),
        row("cramp nights a week", |p| {
            p.cramp_nights_per_week
                .map_or("-".into(), |v| format!("{v:.1}"))
        }),
        row("median worst intensity", |p| num(p.median_worst_intensity)),
        row("median longest cramp", |p| secs(p.median_longest_s)),
        row("medians from", |p| format!("{} nights", p.cramp_nights)),
        row("sleep disturbance", |p| num(p.mean_sleep_disturbance)),
        row("calf tightness", |p| num(p.mean_tightness)),
    ]
}

/// ` · day 10 of 28 · session days 2/5 this week`, ` · finished · session days 21 (target 20)`.
fn stage_words(p: &RoutineProgress) -> String {
    match p.stage {
        Stage::Running {
            day, total_days, ..
        } => {
            let week = p
                .current_week()
                .map(|w| (w.days, w.target))
                .unwrap_or_default();
            format!(
                " · day {day} of {total_days} · session days {}/{} this week",
                week.0, week.1
            )
        }
        Stage::Finished { .. } => {
            let a = p.adherence();
            format!(
                " · finished · session days {} (target {})",
                a.days, a.target
            )
        }
        Stage::NotStarted { days_until } => {
            format!(" · starts in {}", count(days_until, "day", "days"))
        }
    }
}

fn rate(p: &PhaseStats) -> String {
    p.rate_per_week
        .map_or("-".to_string(), |r| format!("{r:.1}/wk"))
}

fn coverage_span(name: &str, p: &PhaseStats, theme: &Theme) -> Span<'static> {
    let style = if p.coverage < MIN_COVERAGE {
        theme.warn
    } else {
        theme.muted
    };
    let sep = if name.is_empty() { "" } else { " " };
    let text = if p.nights == 0 {
        format!("{name}{sep}no night over yet")
    } else if p.open_nights() == 0 {
        format!("{name}{sep}no usable nights (all excluded)")
    } else {
        format!(
            "{name}{sep}{}/{} nights logged ({})",
            p.logged,
            p.open_nights(),
            coverage_pct(p.coverage)
        )
    };
    Span::styled(text, style)
}

/// `After the routine 30 Nov to 20 Dec: 1.2/wk · 15/21 nights logged (71%)`
fn follow_up_line(d: &Dashboard, theme: &Theme) -> Option<Line<'static>> {
    let f = d.follow_up.as_ref()?;
    let rate = if f.logged == 0 {
        "no usable nights yet".to_string()
    } else {
        rate(f)
    };
    Some(Line::from(vec![
        Span::styled(
            format!(
                "Follow-up {} to {}: {rate} · ",
                f.from.format("%-d %b"),
                f.to.format("%-d %b")
            ),
            theme.text,
        ),
        coverage_span("", f, theme),
    ]))
}

fn headline(d: &Dashboard, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let (Some(b), Some(r)) = (&d.baseline, &d.routine_phase) else {
        let o = &d.overall;
        return vec![
            Line::from(vec![
                Span::styled(
                    format!(
                        "{} cramps a week",
                        o.rate_per_week
                            .map_or("-".to_string(), |r| format!("{r:.1}"))
                    ),
                    theme.title,
                ),
                Span::styled(" · ", theme.muted),
                coverage_span("", o, theme),
            ]),
            Line::from(vec![
                Span::raw("No routine yet: press "),
                Span::styled("r", theme.key),
                Span::raw(", then "),
                Span::styled("n", theme.key),
                Span::raw(", to start a 4-week routine."),
            ]),
        ];
    };
    let verdict_style = match d.verdict {
        Verdict::FewerCramps => theme.ok,
        Verdict::MoreCramps => theme.error,
        Verdict::NoClearChange | Verdict::NotEnoughData | Verdict::TooEarly => theme.warn,
    };
    let change = vec![
        Span::styled(
            format!("Baseline {} → routine {}", rate(b), rate(r)),
            theme.title,
        ),
        Span::raw("   "),
        Span::raw(
            change_words(d)
                .map(|c| format!("change {c}"))
                .unwrap_or_else(|| no_change_words(d)),
        ),
    ];
    let provisional = if d.provisional {
        " (the change so far is provisional)"
    } else {
        ""
    };
    let mut lines = vec![
        Line::from(change),
        Line::from(Span::styled(
            format!("Verdict: {}{provisional}", d.verdict.words()),
            verdict_style,
        )),
        // Right under the verdict, so red flags and warnings below the charts never push it off.
        Line::from(Span::styled(NOT_PROOF, theme.text)),
    ];
    lines.extend(gauge_line(d, theme, width));
    lines.push(Line::from(vec![
        coverage_span("baseline", b, theme),
        Span::styled(" · ", theme.muted),
        coverage_span("routine", r, theme),
    ]));
    lines
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
        Span::styled(format!("  · {sessions} session days (▴)"), theme.muted),
    ]);
    let [text, chart] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    Paragraph::new(line).render(text, buf);
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

fn adherence_line(d: &Dashboard, theme: &Theme, totals: bool) -> Line<'static> {
    let Some(p) = &d.progress else {
        return Line::from(Span::styled("Adherence: no routine", theme.muted));
    };
    // Days with a deep-tissue session against target days, per routine week.
    let mut spans = vec![Span::raw("Session days ")];
    for w in p.weeks.iter().filter(|w| w.state != WeekState::Upcoming) {
        let short = w.state == WeekState::Done && w.days < u32::from(w.target);
        let style: Style = if short { theme.warn } else { theme.ok };
        let so_far = if w.state == WeekState::Current {
            " so far"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!("wk{} {}/{}{so_far}  ", w.week, w.days, w.target),
            style,
        ));
    }
    let all = p.adherence();
    if totals && all.target > 0 {
        spans.push(Span::styled(format!("· {}", all.words()), theme.muted));
    }
    Line::from(spans)
}
