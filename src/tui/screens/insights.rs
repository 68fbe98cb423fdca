//! The insights screens: the factors (one line each, the selected one opened up), the patterns,
//! a year at a glance and a "Test it" plan. Each draws the words of `report::insights`, so the
//! screen, `cramp insights` and the HTML report say the same.

use crate::analysis::insights::page::InsightsPage;
use crate::analysis::insights::{FactorInsight, Link};
use crate::analysis::year::{Mark, YearView};
use crate::report::insights::{
    MONTH_NAMES, YEAR_LEGEND, factor_lines, intro_lines, mark_glyph, month_marks, pattern_lines,
    ratio_words, verdict_words, year_cell, year_ruler, year_totals,
};
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::hanging;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

/// A factor in one line: name, verdict and, when tested, its ratio.
fn summary(f: &FactorInsight) -> String {
    match (&f.association, f.link) {
        (Some(a), Link::Linked | Link::NoClearLink) => {
            format!(
                "{} — {} · {}",
                f.factor.name(),
                verdict_words(f),
                ratio_words(a)
            )
        }
        _ => format!("{} — {}", f.factor.name(), verdict_words(f)),
    }
}

/// Every line wrapped so that its wrapped rows hang under its text.
fn hang_all(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    lines.into_iter().flat_map(|l| hanging(l, width)).collect()
}

/// Where the factors page is scrolled to: every line of it is a key away at any size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAt {
    /// The selected factor's first row a third of the way down, then `n` rows further (PgDn
    /// pages through a factor taller than the screen).
    Selected(u16),
    /// `n` rows down from the top, which holds how many nights, "an association in your diary,
    /// not proof of cause" and the method.
    Top(u16),
    /// The last rows (the last factor's gate sentence).
    End,
}

impl Default for PageAt {
    fn default() -> Self {
        PageAt::Selected(0)
    }
}

/// The factors, the selected one with its figures; scrolled so the selected one shows, or to
/// the page's top or end.
pub fn render(
    page: &InsightsPage,
    selected: usize,
    at: PageAt,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut lines: Vec<Line<'static>> = intro_lines(&page.insights)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            Line::from(Span::styled(
                l,
                if i == 0 { theme.title } else { theme.muted },
            ))
        })
        .collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" Insights: what goes with your cramps ");
    let inner = block.inner(area);
    let mut selected_line = 0;
    let mut group = None;
    for (i, f) in page.insights.factors.iter().enumerate() {
        if group != Some(f.link) {
            group = Some(f.link);
            lines.push(Line::from(Span::styled(
                match f.link {
                    Link::Linked => "Linked",
                    Link::NoClearLink => "No clear link",
                    Link::NotEnoughNights => "Not enough nights yet",
                },
                theme.title,
            )));
        }
        if i == selected {
            selected_line = lines.len();
            lines.push(Line::from(Span::styled(
                format!("▶ {}", summary(f)),
                theme.selected,
            )));
            lines.extend(
                factor_lines(f)
                    .into_iter()
                    .skip(1)
                    .map(|l| Line::from(format!("  {l}"))),
            );
            if f.factor.changeable() {
                lines.push(Line::from(vec![
                    Span::styled("  t", theme.key),
                    Span::raw(" Test it: an on/off experiment that can tell"),
                ]));
            }
        } else {
            lines.push(Line::from(format!("  {}", summary(f))));
        }
    }
    let mut rows = Vec::new();
    let mut selected_at = 0;
    for (i, line) in lines.into_iter().enumerate() {
        if i == selected_line {
            selected_at = u16::try_from(rows.len()).unwrap_or(u16::MAX);
        }
        rows.extend(hanging(line, inner.width));
    }
    // The selected factor's first row a third of the way down, when there is room above it;
    // the page's drawing keeps the last row at the bottom.
    let offset = match at {
        PageAt::Top(down) => down,
        PageAt::End => u16::MAX,
        PageAt::Selected(down) => selected_at
            .saturating_sub(inner.height / 3)
            .saturating_add(down),
    };
    crate::tui::widgets::page::render(rows, block, offset, area, buf);
}

/// The patterns as bars sized to the screen.
pub fn render_patterns(page: &InsightsPage, scroll: u16, area: Rect, buf: &mut Buffer) {
    // Room for the label, the bar and what is behind it ("12 cramps · 9 nights").
    let width = usize::from(area.width.saturating_sub(34)).clamp(4, 30);
    let lines: Vec<Line<'static>> = pattern_lines(&page.patterns, width)
        .into_iter()
        .map(Line::from)
        .collect();
    let block = Block::new().borders(Borders::ALL).title(" Patterns ");
    let lines = hang_all(lines, block.inner(area).width);
    crate::tui::widgets::page::render(lines, block, scroll, area, buf);
}

fn mark_style(mark: Mark, theme: &Theme) -> ratatui::style::Style {
    match mark {
        Mark::Cramps(_) => theme.cramps,
        Mark::CrampFree => theme.cramp_free,
        Mark::Excluded => theme.excluded,
        Mark::NotLogged => theme.not_logged,
        Mark::BeforeDiary | Mark::NotOver => theme.text,
    }
}

/// The calendar: a row of nights per month, the routines' and experiments' marks under it.
pub fn render_year(view: &YearView, scroll: u16, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {} at a glance (←/→ other years) ", view.year));
    let cell = year_cell(usize::from(block.inner(area).width));
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(
        year_ruler(view, cell),
        theme.title,
    ))];
    for (name, month) in MONTH_NAMES.iter().zip(&view.months) {
        let mut spans = vec![Span::styled(format!("{name}  "), theme.title)];
        spans.extend(month.iter().map(|n| {
            Span::styled(
                format!("{:<cell$}", mark_glyph(n.mark)),
                mark_style(n.mark, theme),
            )
        }));
        lines.push(Line::from(spans));
        if let Some(marks) = month_marks(month, cell) {
            lines.push(Line::from(Span::styled(marks, theme.muted)));
        }
    }
    lines.push(Line::from(year_totals(view)));
    lines.push(Line::from(Span::styled(YEAR_LEGEND, theme.muted)));
    crate::tui::widgets::page::render(lines, block, scroll, area, buf);
}

/// A "Test it" plan in its words.
pub fn render_test(lines: &[String], scroll: u16, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line<'static>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Line::from(Span::styled(
                l.clone(),
                if i == 0 { theme.title } else { theme.text },
            ))
        })
        .collect();
    let block = Block::new().borders(Borders::ALL).title(" Test it ");
    let lines = hang_all(lines, block.inner(area).width);
    crate::tui::widgets::page::render(lines, block, scroll, area, buf);
}
