//! The tag picker: a night's tags chosen from the person's recent tags (first), the built-in
//! ones, or their own words typed on the last row.

use super::tightness::TightnessForm;
use crate::domain::Invalid;
use crate::domain::dates::long_date;
use crate::domain::tags::{BUILT_IN, TAG_MAX_CHARS, check_count, parse_tag};
use crate::store::TagChange;
use crate::tui::theme::Theme;
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

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

    pub fn input(&mut self, c: char) {
        self.error = None;
        if self.typing() && self.typed.chars().count() < TAG_MAX_CHARS {
            self.typed.push(c);
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
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(e.clone(), theme.error)));
        }
        let block = Block::new()
            .borders(Borders::ALL)
            .title(format!(" Tags for the night of {} ", long_date(self.night)));
        // Keep the cursor's row on screen: scroll by whole rows (each row fits one line).
        let inner = block.inner(area).height as usize;
        let row = self.cursor + 1;
        let offset = (row + 2).saturating_sub(inner) as u16;
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((offset, 0))
            .block(block)
            .render(area, buf);
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
}
