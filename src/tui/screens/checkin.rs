//! The morning question: "Any cramps last night?"

use crate::domain::dates::long_date;
use crate::tui::theme::Theme;
use crate::tui::widgets::keys::hint_line;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// `flag`: a red flag of the last nights (a cramp over 10 minutes, numbness or swelling), in a
/// few words; it stands right under the question at every size.
pub fn render(
    night: NaiveDate,
    routine: Option<String>,
    missed: &[NaiveDate],
    flag: Option<&str>,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let flag = flag.map(|f| Line::from(Span::styled(f.to_string(), theme.error)));
    if area.width < 60 || area.height < 14 {
        return render_compact(night, routine, missed, flag, theme, area, buf);
    }
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled("Any cramps last night?", theme.title)),
        Line::from(Span::styled(
            format!("Night of {}", long_date(night)),
            theme.muted,
        )),
        Line::from(""),
        hint_line(
            theme,
            &[("  y ", "Yes: log a cramp (leg, intensity, how long)")],
        ),
        hint_line(theme, &[("  n ", "No: save a cramp-free night now")]),
        Line::from(""),
        Line::from(Span::styled(
            "A night you skip stays \"not logged\": it is never counted as cramp-free.",
            theme.muted,
        )),
    ];
    if let Some(line) = missed_line(missed, theme) {
        lines.insert(3, line);
    }
    lines.splice(3..3, flag);
    if let Some(routine) = routine {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(capitalised(&routine), theme.ok)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("  m ", theme.key),
        Span::raw(" record a massage session   "),
        Span::styled("s ", theme.key),
        Span::raw(" same as last time"),
    ]));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Morning check-in "),
        )
        .render(area, buf);
}

/// A phone-sized check-in: the question and its two keys first, nothing blank between.
fn render_compact(
    night: NaiveDate,
    routine: Option<String>,
    missed: &[NaiveDate],
    flag: Option<Line<'static>>,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut lines = vec![
        Line::from(Span::styled("Any cramps last night?", theme.title)),
        Line::from(Span::styled(
            format!("Night of {}", long_date(night)),
            theme.muted,
        )),
        hint_line(theme, &[("y", "yes: log a cramp")]),
        hint_line(theme, &[("n", "no: a cramp-free night")]),
        hint_line(theme, &[("m", "massage session"), ("s", "same again")]),
        Line::from(Span::styled(
            "A skipped night stays \"not logged\".",
            theme.muted,
        )),
    ];
    if let Some(line) = missed_line(missed, theme) {
        lines.insert(4, line);
    }
    lines.splice(2..2, flag);
    if let Some(routine) = routine {
        lines.push(Line::from(Span::styled(capitalised(&routine), theme.ok)));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::new().borders(Borders::ALL).title(" Check-in "))
        .render(area, buf);
}

/// "Also not logged: Sun 6 Dec, Mon 7 Dec", offered one by one after last night.
fn missed_line(missed: &[NaiveDate], theme: &Theme) -> Option<Line<'static>> {
    if missed.is_empty() {
        return None;
    }
    let days: Vec<String> = missed
        .iter()
        .map(|d| d.format("%a %-d %b").to_string())
        .collect();
    Some(Line::from(Span::styled(
        format!("Also not logged: {}", days.join(", ")),
        theme.warn,
    )))
}

/// After the check-in: one missed night at a time.
pub fn render_missed(night: NaiveDate, left: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let more = match left.saturating_sub(1) {
        0 => String::new(),
        1 => " (1 more after this)".to_string(),
        n => format!(" ({n} more after this)"),
    };
    let lines = vec![
        Line::from(Span::styled(
            format!("Any cramps on the night of {}?", long_date(night)),
            theme.title,
        )),
        Line::from(Span::styled(
            format!("It is not logged yet{more}."),
            theme.muted,
        )),
        hint_line(theme, &[("y", "yes: log a cramp")]),
        hint_line(theme, &[("n", "no: it was cramp-free")]),
        hint_line(theme, &[("s", "skip: leave it not logged")]),
        hint_line(theme, &[("Esc", "stop asking")]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::new().borders(Borders::ALL).title(" A missed night "))
        .render(area, buf);
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
