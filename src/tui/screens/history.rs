//! Nights newest first, each with its cramps; unlogged nights shown as such.

use crate::domain::Night;
use crate::tui::theme::Theme;
use chrono::{Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, StatefulWidget};

/// How many calendar nights the history shows at first, and adds when scrolled past the end.
pub const PAGE_DAYS: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A calendar night; `Some(i)` when logged, indexing `History::nights`.
    Night {
        date: NaiveDate,
        night: Option<usize>,
    },
    Episode {
        night: usize,
        episode: usize,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub end: Option<NaiveDate>,
    pub days: i64,
    pub nights: Vec<Night>,
    pub rows: Vec<Row>,
    pub selected: usize,
}

impl History {
    /// Rebuilds the rows from freshly loaded nights (newest first), keeping the selection.
    pub fn set(&mut self, end: NaiveDate, days: i64, nights: Vec<Night>) {
        self.end = Some(end);
        self.days = days;
        self.nights = nights;
        self.rows.clear();
        let mut logged = self.nights.iter().enumerate().peekable();
        for offset in 0..days {
            let date = end - Duration::days(offset);
            match logged.peek() {
                Some((i, n)) if n.night_of == date => {
                    let i = *i;
                    self.rows.push(Row::Night {
                        date,
                        night: Some(i),
                    });
                    for e in 0..n.episodes.len() {
                        self.rows.push(Row::Episode {
                            night: i,
                            episode: e,
                        });
                    }
                    logged.next();
                }
                _ => self.rows.push(Row::Night { date, night: None }),
            }
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_row(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    /// The calendar night of the selected row.
    pub fn selected_date(&self) -> Option<NaiveDate> {
        match self.selected_row()? {
            Row::Night { date, .. } => Some(date),
            Row::Episode { night, .. } => self.nights.get(night).map(|n| n.night_of),
        }
    }

    pub fn select_date(&mut self, date: NaiveDate) {
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Night { date: d, .. } if *d == date))
        {
            self.selected = i;
        }
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let items: Vec<ListItem> = self.rows.iter().map(|row| self.item(*row, theme)).collect();
        let logged = self.nights.len();
        let title = format!(
            " History · {logged} of the last {} nights logged ",
            self.days
        );
        let list = List::new(items)
            .block(Block::new().borders(Borders::ALL).title(title))
            .highlight_style(theme.selected);
        // A fresh state each frame keeps drawing free of side effects; List scrolls to the selection.
        let mut state = ListState::default().with_selected(Some(self.selected));
        StatefulWidget::render(list, area, buf, &mut state);
    }

    fn item(&self, row: Row, theme: &Theme) -> ListItem<'static> {
        match row {
            Row::Night { date, night: None } => ListItem::new(Line::from(vec![
                Span::raw(date.format("%a %d %b %Y  ").to_string()),
                Span::styled("not logged", theme.not_logged),
            ])),
            Row::Night {
                date,
                night: Some(i),
            } => {
                let Some(n) = self.nights.get(i) else {
                    return ListItem::new("");
                };
                let (status, style) = match n.status {
                    crate::domain::NightStatus::Cramps => {
                        let c = n.episodes.len();
                        (
                            format!("{c} cramp{}", if c == 1 { "" } else { "s" }),
                            theme.cramps,
                        )
                    }
                    crate::domain::NightStatus::None => ("no cramps".to_string(), theme.cramp_free),
                    crate::domain::NightStatus::Excluded => (
                        format!("excluded ({})", n.exclude_reason.as_deref().unwrap_or("")),
                        theme.excluded,
                    ),
                };
                let details = n.details.summary();
                let mut spans = vec![
                    Span::raw(date.format("%a %d %b %Y  ").to_string()),
                    Span::styled(status, style),
                ];
                if !details.is_empty() {
                    spans.push(Span::styled(format!("  {details}"), theme.muted));
                }
                ListItem::new(Line::from(spans))
            }
            Row::Episode { night, episode } => {
                let text = self
                    .nights
                    .get(night)
                    .and_then(|n| n.episodes.get(episode))
                    .map(|e| e.episode.summary())
                    .unwrap_or_default();
                ListItem::new(Line::from(format!("      • {text}")))
            }
        }
    }
}
