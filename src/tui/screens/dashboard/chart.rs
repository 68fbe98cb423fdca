//! The dashboard's weekly bars: grouped by phase, each week's rate and logged nights, and the
//! weeks of weak evidence (fewer than 4 logged nights) hatched.

use crate::analysis::dashboard::Dashboard;
use crate::analysis::weekly::{PhaseKind, WeekBin};
use crate::tui::theme::Theme;
use crate::tui::widgets::fit::fit_words;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Widget};

/// A week with fewer logged nights than this is weak evidence and drawn so.
const WEAK_WEEK: u32 = 4;

pub fn weekly_chart(d: &Dashboard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    // The last row holds the weeks' first days, under the bars they belong to.
    let dates_y = area.bottom().saturating_sub(1);
    let area = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    let n = d.weeks.len().max(1) as u16;
    let groups = d.weeks.chunk_by(|a, b| a.phase == b.phase).count().max(1) as u16;
    let width = ((area.width.saturating_sub(2 + 2 * groups)) / n)
        .saturating_sub(1)
        .clamp(1, 14);
    // The bars' rows (less the title, the labels and the phase names), in eighths.
    let eighths = u64::from(area.height.saturating_sub(3).max(1)) * 8;
    let tallest = d
        .weeks
        .iter()
        .filter_map(|w| w.rate_per_week)
        .map(|r| (r * 10.0).round() as u64)
        .max()
        .unwrap_or(0);
    let sliver = tallest.div_ceil(eighths).max(1);
    // Phases are told apart by where they stand and the name under them, not by colour.
    let chart =
        d.weeks
            .chunk_by(|a, b| a.phase == b.phase)
            .fold(BarChart::default(), |chart, weeks| {
                let (style, name) = match weeks[0].phase {
                    PhaseKind::Baseline => (theme.baseline, "baseline"),
                    PhaseKind::Routine => (theme.routine, "routine ▸"),
                    PhaseKind::Other
                        if d.routine.as_ref().is_some_and(|r| weeks[0].from > r.end()) =>
                    {
                        (theme.text, "follow-up")
                    }
                    PhaseKind::Other => (theme.text, ""),
                };
                let bars: Vec<Bar> = weeks
                    .iter()
                    .map(|w| {
                        let before = d.began.is_some_and(|b| w.to < b);
                        week_bar(w, before, sliver, style, theme)
                    })
                    .collect();
                let mut group = BarGroup::default().bars(&bars);
                if !name.is_empty() && usize::from(width + 1) * weeks.len() > name.chars().count() {
                    group = group.label(Line::from(name));
                }
                chart.data(group)
            });
    let block = Block::new().title(fit_words(
        " Cramps per week; nights logged below; ▒ under 4 nights; * week not complete ",
        area.width as usize,
    ));
    let bars_area = block.inner(area);
    chart
        .block(block)
        .bar_width(width)
        .bar_gap(BAR_GAP)
        .group_gap(GROUP_GAP)
        .render(area, buf);
    hatch_weak_weeks(d, width, bars_area, buf);
    week_dates(d, width, bars_area, dates_y, theme, buf);
}

/// Each bar's first day on the row under the chart, where it fits without running into the
/// previous one (`14 Sep` under wide bars, `14/9` under narrow ones; with bars narrower than
/// a date, every second or third bar is dated).
fn week_dates(d: &Dashboard, width: u16, area: Rect, y: u16, theme: &Theme, buf: &mut Buffer) {
    if y < area.bottom() || y >= buf.area.bottom() {
        return;
    }
    let format = if width >= 6 { "%-d %b" } else { "%-d/%-m" };
    let mut x = area.left();
    let mut free = area.left();
    for weeks in d.weeks.chunk_by(|a, b| a.phase == b.phase) {
        for w in weeks {
            let text = w.from.format(format).to_string();
            let len = text.chars().count() as u16;
            if x >= free && x + len <= area.right() {
                buf.set_string(x, y, &text, theme.muted);
                free = x + len + 1;
            }
            x = x.saturating_add(width + BAR_GAP);
        }
        x = x.saturating_add(GROUP_GAP);
    }
}

/// Columns between bars, and the extra columns between phases.
const BAR_GAP: u16 = 1;
const GROUP_GAP: u16 = 2;
/// What a weak week's bar is drawn with instead of solid blocks (legible without colour).
const HATCH: &str = "▒";

/// A week with some nights logged, but fewer than 4: weak evidence.
fn weak(w: &WeekBin) -> bool {
    w.rate_per_week.is_some() && w.logged < WEAK_WEEK
}

/// Redraws the bars of weak weeks hatched. `BarChart` draws every bar with the same blocks, so
/// the weak ones are found afterwards at the columns the chart gave them: bars `width` wide,
/// `BAR_GAP` apart, and `GROUP_GAP` more between phases, from the chart's left edge.
fn hatch_weak_weeks(d: &Dashboard, width: u16, area: Rect, buf: &mut Buffer) {
    const BLOCKS: [&str; 8] = ["█", "▇", "▆", "▅", "▄", "▃", "▂", "▁"];
    let mut x = area.left();
    for weeks in d.weeks.chunk_by(|a, b| a.phase == b.phase) {
        for w in weeks {
            if weak(w) {
                for col in x..(x + width).min(area.right()) {
                    for y in area.top()..area.bottom() {
                        let cell = &mut buf[(col, y)];
                        if BLOCKS.contains(&cell.symbol()) {
                            cell.set_symbol(HATCH);
                        }
                    }
                }
            }
            x = x.saturating_add(width + BAR_GAP);
        }
        x = x.saturating_add(GROUP_GAP);
    }
}

/// A week's bar: its rate on the bar, the nights logged under it (its date is on the row
/// below, [`week_dates`]);
/// a week of fewer than 4 logged nights shows its rate in brackets, as weak evidence (and its
/// bar is hatched afterwards, [`hatch_weak_weeks`]).
/// A week wholly `before` the diary's first night says so ("pre"), not "0n".
fn week_bar<'a>(w: &WeekBin, before: bool, sliver: u64, style: Style, theme: &Theme) -> Bar<'a> {
    // A logged week with no cramps gets the thinnest sliver the chart can draw (one eighth
    // of a row, whatever its height), so its 0.0 shows the same way at every size.
    let value = w
        .rate_per_week
        .map_or(0, |r| ((r * 10.0).round() as u64).max(sliver));
    let text = match w.rate_per_week {
        None if before => String::new(),
        None => "-".to_string(),
        Some(r) if weak(w) => format!("({r:.1})"),
        Some(r) => format!("{r:.1}"),
    };
    let star = if w.partial { "*" } else { "" };
    // The week's date is on its own row under the labels (`week_dates`).
    let label = if before {
        "pre".to_string()
    } else {
        format!("{}n{star}", w.logged)
    };
    Bar::default()
        .value(value)
        .text_value(text)
        .label(Line::from(label))
        .style(style)
        .value_style(theme.bar_label)
}
