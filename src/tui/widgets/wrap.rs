//! How many rows wrapped text takes: the one count every screen uses to fit, scroll and cut.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Rows `lines` take when wrapped to `width` with leading spaces trimmed off wrapped rows.
pub fn wrapped_rows(lines: &[Line<'static>], width: u16) -> u16 {
    wrapped_rows_as(lines, width, Wrap { trim: true })
}

/// Rows `lines` take when wrapped to `width` as `wrap` wraps them (a page and what scrolls it
/// must count with the wrapping it draws with), found by drawing them on a scratch buffer tall
/// enough for all of them.
pub fn wrapped_rows_as(lines: &[Line<'static>], width: u16, wrap: Wrap) -> u16 {
    if lines.is_empty() || width == 0 {
        return 0;
    }
    let most: usize = lines
        .iter()
        .map(|l| l.width() / usize::from(width) + 2)
        .sum();
    let area = Rect::new(0, 0, width, most.min(4000) as u16);
    let mut scratch = Buffer::empty(area);
    Paragraph::new(lines.to_vec())
        .wrap(wrap)
        .render(area, &mut scratch);
    (0..area.height)
        .rev()
        .find(|&y| (0..width).any(|x| scratch[(x, y)].symbol() != " "))
        .map_or(0, |y| y + 1)
}

/// `line` wrapped by words to `width`, each row after the first indented to where its text
/// begins (its leading spaces and a `▶ ` marker), so a wrapped line hangs under its first row
/// instead of running back to the edge. Rows are cut in a word only when a word is wider than
/// the row; the spaces where a row breaks are dropped.
pub fn hanging(line: Line<'static>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    if width == 0 || line.width() <= width {
        return vec![line];
    }
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let spaces = cells.iter().take_while(|(c, _)| *c == ' ').count();
    let marker = matches!(&cells[spaces..], [('▶', _), (' ', _), ..]);
    let mut indent = spaces + if marker { 2 } else { 0 };
    // A hang that leaves less than half the row for text reads worse than none.
    if indent * 2 > width {
        indent = 0;
    }
    // The hang takes the line's first style, so a highlighted line stays one block.
    let lead = (' ', cells.first().map_or(Style::default(), |c| c.1));
    let mut rows: Vec<Vec<(char, Style)>> = Vec::new();
    let mut row: Vec<(char, Style)> = Vec::new();
    let mut used = 0;
    let mut gap: Vec<(char, Style)> = Vec::new();
    for (word, is_space) in runs(&cells) {
        if is_space {
            if rows.is_empty() && row.is_empty() {
                // The first row's own indent.
                used += word.len();
                row.extend_from_slice(word);
            } else {
                gap = word.to_vec();
            }
            continue;
        }
        let word_width: usize = word.iter().map(|(c, _)| cell_width(*c)).sum();
        if used + gap.len() + word_width > width && used > indent {
            rows.push(std::mem::take(&mut row));
            row.extend(std::iter::repeat_n(lead, indent));
            used = indent;
            gap.clear();
        }
        used += gap.len();
        row.append(&mut gap);
        for &(c, style) in word {
            let w = cell_width(c);
            if used + w > width && used > indent {
                rows.push(std::mem::take(&mut row));
                row.extend(std::iter::repeat_n(lead, indent));
                used = indent;
            }
            row.push((c, style));
            used += w;
        }
    }
    rows.push(row);
    rows.into_iter()
        .map(|cells| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for (c, style) in cells {
                match spans.last_mut() {
                    Some(s) if s.style == style => s.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            let mut out = Line::from(spans).style(line.style);
            out.alignment = line.alignment;
            out
        })
        .collect()
}

/// The line's runs of spaces and of other characters, in order, each marked whether spaces.
fn runs(cells: &[(char, Style)]) -> Vec<(&[(char, Style)], bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=cells.len() {
        let space = |k: usize| cells[k].0 == ' ';
        if i == cells.len() || space(i) != space(start) {
            out.push((&cells[start..i], space(start)));
            start = i;
        }
    }
    out
}

/// Columns a character takes on the terminal.
fn cell_width(c: char) -> usize {
    Span::raw(c.encode_utf8(&mut [0; 4]) as &str).width()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'static>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_wrapped_line_hangs_under_its_text() {
        let line = Line::from("    20.7 cramps/week with it (52 nights) · 5.9 without");
        assert_eq!(
            texts(&hanging(line, 30)),
            [
                "    20.7 cramps/week with it",
                "    (52 nights) · 5.9 without",
            ]
        );
        let marked = Line::from("▶ tag: alcohol — linked: more cramps");
        assert_eq!(
            texts(&hanging(marked, 20)),
            ["▶ tag: alcohol —", "  linked: more", "  cramps"]
        );
    }

    #[test]
    fn a_line_that_fits_or_a_word_too_long_for_a_row() {
        let fits = Line::from("  fluids — no clear link");
        assert_eq!(texts(&hanging(fits.clone(), 40)), [fits.to_string()]);
        let long = Line::from("  abcdefghijkl");
        assert_eq!(texts(&hanging(long, 8)), ["  abcdef", "  ghijkl"]);
        // No hang that would leave less than half the row.
        let deep = Line::from("          a b c d e");
        assert_eq!(texts(&hanging(deep, 14)), ["          a b", "c d e"]);
    }

    #[test]
    fn styles_stay_with_their_words() {
        let key = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![
            Span::styled("  t", key),
            Span::raw(" Test it: an on/off experiment"),
        ]);
        let rows = hanging(line, 20);
        assert_eq!(texts(&rows), ["  t Test it: an", "  on/off experiment"]);
        assert_eq!(rows[0].spans[0], Span::styled("  t", key));
        assert_eq!(rows[1].spans[1], Span::raw("on/off experiment"));
        // A highlighted line stays one block, its hang included.
        let selected = Style::default().add_modifier(ratatui::style::Modifier::REVERSED);
        let line = Line::from(Span::styled("▶ tag: alcohol — linked: more", selected));
        let rows = hanging(line, 20);
        assert_eq!(texts(&rows), ["▶ tag: alcohol —", "  linked: more"]);
        assert!(
            rows.iter()
                .flat_map(|r| &r.spans)
                .all(|s| s.style == selected)
        );
    }
}
