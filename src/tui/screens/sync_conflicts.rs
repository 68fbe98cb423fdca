//! The sync conflicts screen: one question at a time (↑/↓ between them), the record and what
//! happened, then each answer with the device and time it came from; the answer the diary shows
//! meanwhile is marked, the one chosen is highlighted and marked with `>` (not by colour alone).

use crate::store::sync::Question;
use crate::tui::theme::Theme;
use crate::tui::widgets::keys::hint_line;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

pub fn render(
    questions: &[Question],
    at: usize,
    choice: usize,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let title = match questions.len() {
        0 => " Sync conflicts ".to_string(),
        n => format!(" Sync conflict {} of {n} ", at.min(n - 1) + 1),
    };
    let block = Block::new().borders(Borders::ALL).title(title);
    let Some(q) = questions.get(at.min(questions.len().saturating_sub(1))) else {
        Paragraph::new(vec![
            Line::from(""),
            Line::from("No sync conflicts: every device agrees."),
        ])
        .wrap(Wrap { trim: false })
        .block(block)
        .render(area, buf);
        return;
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(q.record.clone(), theme.title),
        Span::styled(format!(": {}", q.what), theme.text),
    ])];
    // The records a duplicate is about, named as its answers name them ("keep the first").
    for (i, about) in q.about.iter().enumerate() {
        let which = match i {
            0 => "first: ",
            1 => "second: ",
            _ => "",
        };
        lines.push(Line::from(Span::styled(
            format!("  {which}{about}"),
            theme.muted,
        )));
    }
    let mut chosen_at = 0;
    for (i, a) in q.answers.iter().enumerate() {
        if i == choice {
            chosen_at = lines.len();
        }
        let chosen = i == choice;
        let mark = if chosen { "> " } else { "  " };
        let style = if chosen { theme.selected } else { theme.text };
        let mut spans = vec![Span::styled(format!("{mark}{}. {}", i + 1, a.says), style)];
        if a.shown {
            spans.push(Span::styled(" (shown now)", theme.muted));
        }
        lines.push(Line::from(spans));
        if !a.who.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("     {}", a.who),
                theme.muted,
            )));
        }
    }
    lines.push(hint_line(
        theme,
        &[
            ("←/→", "pick"),
            ("Enter", "keep it"),
            ("↑/↓", "other conflicts"),
        ],
    ));
    // A short screen scrolls so the answer picked (and the one after it) stays in view.
    let inner = area.height.saturating_sub(2);
    let width = area.width.saturating_sub(2);
    let height = |ls: &[Line<'_>]| -> u16 {
        ls.iter()
            .map(|l| {
                crate::tui::widgets::wrap::wrapped_rows(
                    std::slice::from_ref(&Line::from(l.to_string())),
                    width,
                )
            })
            .sum()
    };
    let before = height(&lines[..chosen_at]);
    let upto = height(&lines[..(chosen_at + 2).min(lines.len())]);
    let scroll = upto.saturating_sub(inner).min(before);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block)
        .scroll((scroll, 0))
        .render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sync::Answer;

    /// A possible duplicate at the smallest size: both cramps' values are in view, named as
    /// the answers name them.
    #[test]
    fn a_duplicate_shows_both_records_values_at_40x12() {
        let answer = |says: &str| Answer {
            says: says.into(),
            who: String::new(),
            shown: false,
        };
        let q = Question {
            id: "fe1d69".into(),
            record: "cramp on the night of 2026-11-22 (left calf, 03:25)".into(),
            what: "possible duplicate? added on two devices, alike".into(),
            answers: vec![
                answer("keep both"),
                answer("keep the first"),
                answer("keep the second"),
            ],
            about: vec![
                "03:25 left calf 7/10 2m woke — phone (8fe464) at 2026-11-23 07:35".into(),
                "03:10 left calf 6/10 1m woke — this device (e5b100) at 2026-11-23 07:30".into(),
            ],
        };
        let area = Rect::new(0, 0, 40, 12);
        let mut buf = Buffer::empty(area);
        render(&[q], 0, 0, &Theme::plain(), area, &mut buf);
        let text: String = (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    + "\n"
            })
            .collect();
        for shown in [
            "first: 03:25 left calf 7/10 2m woke",
            "second: 03:10 left calf 6/10 1m woke",
            "> 1. keep both",
        ] {
            assert!(text.contains(shown), "{shown:?} in\n{text}");
        }
    }
}
