//! The tag picker: a night's tags chosen from the person's recent tags (first), the built-in
//! ones, or their own words typed on the last row.

use super::tightness::TightnessForm;
use crate::domain::Invalid;
use crate::domain::dates::long_date;
use crate::domain::tags::{BUILT_IN, TAG_MAX_CHARS, check_count, parse_tag};
use crate::store::TagChange;
use crate::tui::theme::Theme;
use crate::tui::widgets::page::PAGE_WRAP;
use crate::tui::widgets::wrap::wrapped_rows_as;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPicker {
    pub night: NaiveDate,
    /// Every tag offered: the night's own, the recent ones, then the built-in ones.
    pub options: Vec<String>,
    pub chosen: Vec<String>,
    /// The night's tags when the picker opened: saving writes the difference.
    before: Vec<String>,
    /// The row with the cursor; one past the options is the "your own words" row.
    pub cursor: usize,
    pub typed: String,
    pub error: Option<String>,
    /// The check-in step to go back to.
    pub back: Box<TightnessForm>,
}

impl TagPicker {
    pub fn new(
        night: NaiveDate,
        current: Vec<String>,
        recent: Vec<String>,
        back: TightnessForm,
    ) -> Self {
        let mut options: Vec<String> = Vec::new();
        let offered = current
            .iter()
            .chain(&recent)
            .cloned()
            .chain(BUILT_IN.iter().map(|t| (*t).to_string()));
        for tag in offered {
            if !options.contains(&tag) {
                options.push(tag);
            }
        }
        Self {
            night,
            options,
            chosen: current.clone(),
            before: current,
            cursor: 0,
            typed: String::new(),
            error: None,
            back: Box::new(back),
        }
    }

    /// The cursor is on the last row, where own words are typed.
    pub fn typing(&self) -> bool {
        self.cursor == self.options.len()
    }

    pub fn down(&mut self) {
        self.cursor = (self.cursor + 1).min(self.options.len());
    }

    pub fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Picks or drops the tag under the cursor.
    pub fn toggle(&mut self) {
        self.error = None;
        let Some(tag) = self.options.get(self.cursor).cloned() else {
            return;
        };
        if let Some(at) = self.chosen.iter().position(|t| *t == tag) {
            self.chosen.remove(at);
        } else if let Err(e) = check_count(self.chosen.len() + 1) {
            self.error = Some(e.0);
        } else {
            self.chosen.push(tag);
        }
    }

    /// A character of own words; one past the longest tag is refused and the picker says why
    /// (the words are not cut short without a word).
    pub fn input(&mut self, c: char) {
        self.error = None;
        if !self.typing() {
            return;
        }
        let typed = self.typed.chars().count();
        if typed < TAG_MAX_CHARS {
            self.typed.push(c);
        } else {
            self.error = Some(format!(
                "tag must be 1-{TAG_MAX_CHARS} characters, got {}",
                typed + 1
            ));
        }
    }

    pub fn backspace(&mut self) {
        self.typed.pop();
    }

    /// The words typed on the last row become a chosen tag (offered above it from now on).
    pub fn add_typed(&mut self) -> Result<(), Invalid> {
        let tag = parse_tag(&self.typed)?;
        if !self.chosen.contains(&tag) {
            check_count(self.chosen.len() + 1)?;
            self.chosen.push(tag.clone());
        }
        if !self.options.contains(&tag) {
            self.options.push(tag);
        }
        self.typed.clear();
        self.cursor = self.options.len();
        Ok(())
    }

    /// Picks or words that saving would write and leaving would lose.
    pub fn changed(&self) -> bool {
        !self.change().is_empty() || !self.typed.trim().is_empty()
    }

    /// What saving writes.
    pub fn change(&self) -> TagChange {
        TagChange::between(&self.before, &self.chosen)
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let mut lines = vec![Line::from(Span::styled(
            "What happened the evening and day before? Space picks, Enter saves.",
            theme.muted,
        ))];
        for (i, tag) in self.options.iter().enumerate() {
            let mark = if self.chosen.contains(tag) {
                "[x]"
            } else {
                "[ ]"
            };
            let style = if i == self.cursor {
                theme.selected
            } else {
                theme.text
            };
            let pointer = if i == self.cursor { "▶" } else { " " };
            lines.push(Line::from(Span::styled(
                format!("{pointer}{mark} {}", crate::format::escaped(tag)),
                style,
            )));
        }
        let own = format!(
            "{}+ your own words: {}{}",
            if self.typing() { "▶" } else { " " },
            crate::format::escaped(&self.typed),
            if self.typing() { "▏" } else { "" }
        );
        lines.push(Line::from(Span::styled(
            own,
            if self.typing() {
                theme.focus
            } else {
                theme.text
            },
        )));
        let block = Block::new()
            .borders(Borders::ALL)
            .title(format!(" Tags for the night of {} ", long_date(self.night)));
        let inner = block.inner(area);
        block.render(area, buf);
        // Why a pick or own words were refused stays at the bottom of the box, whatever the
        // list scrolls to, so it shows at 40x12 too.
        let error: Vec<Line<'static>> = self
            .error
            .iter()
            .map(|e| Line::from(Span::styled(e.clone(), theme.error)))
            .collect();
        let error_rows = wrapped_rows_as(&error, inner.width, PAGE_WRAP).min(inner.height / 2);
        let [list, under] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(error_rows)]).areas(inner);
        // Keep the cursor's row and the one after it on screen.
        let cursor_line = self.cursor + 1;
        let upto = (cursor_line + 2).min(lines.len());
        let needed = wrapped_rows_as(&lines[..upto], list.width, PAGE_WRAP);
        let offset = needed.saturating_sub(list.height);
        Paragraph::new(lines)
            .wrap(PAGE_WRAP)
            .scroll((offset, 0))
            .render(list, buf);
        Paragraph::new(error).wrap(PAGE_WRAP).render(under, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker(current: &[&str], recent: &[&str]) -> TagPicker {
        let night = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        TagPicker::new(
            night,
            current.iter().map(|s| s.to_string()).collect(),
            recent.iter().map(|s| s.to_string()).collect(),
            TightnessForm::new(night, Vec::new(), None, None),
        )
    }

    #[test]
    fn recent_tags_come_first_then_the_built_in_ones() {
        let p = picker(&[], &["long shift", "heat"]);
        assert_eq!(&p.options[..3], ["long shift", "heat", "alcohol"]);
        assert_eq!(p.options.len(), 2 + BUILT_IN.len() - 1);
    }

    #[test]
    fn space_picks_and_own_words_are_added() {
        let mut p = picker(&["alcohol"], &[]);
        p.toggle(); // alcohol off
        p.down();
        p.toggle(); // long standing on
        p.cursor = p.options.len();
        for c in "Night Shift".chars() {
            p.input(c);
        }
        p.add_typed().expect("a tag");
        assert_eq!(p.chosen, ["long standing", "night shift"]);
        let change = p.change();
        assert_eq!(change.add, ["long standing", "night shift"]);
        assert_eq!(change.remove, ["alcohol"]);
        p.typed = "a,b".into();
        assert!(p.add_typed().is_err());
    }

    /// The picker as a 40x12 terminal shows it (its box is 9 rows there), as one string.
    fn drawn(p: &TagPicker) -> String {
        let area = Rect::new(0, 0, 40, 9);
        let mut buf = Buffer::empty(area);
        p.render(&Theme::plain(), area, &mut buf);
        (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_refusal_shows_in_the_box_at_40x12_and_long_own_words_are_refused_not_cut() {
        let tags: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
        let refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let mut p = picker(&refs, &[]);
        p.cursor = p.options.len();
        p.input('x');
        p.input('a');
        p.error = p.add_typed().err().map(|e| e.0);
        let screen = drawn(&p);
        assert!(
            screen.contains("tags must be at most 20 on a night,") && screen.contains("got 21"),
            "{screen}"
        );
        assert!(screen.contains("your own words: xa"), "{screen}");
        // A 21st pick, the list scrolled to its row: the sentence still shows.
        p.cursor = p.options.len() - 1;
        p.toggle();
        assert!(drawn(&p).contains("got 21"), "{}", drawn(&p));
        // The 41st character of own words is refused, with the sentence.
        let mut p = picker(&[], &[]);
        p.cursor = p.options.len();
        for _ in 0..41 {
            p.input('b');
        }
        assert_eq!(p.typed, "b".repeat(40));
        assert_eq!(
            p.error.as_deref(),
            Some("tag must be 1-40 characters, got 41")
        );
        assert!(drawn(&p).contains("tag must be 1-40 characters, got 41"));
    }
}
