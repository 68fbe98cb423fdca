//! Every calendar day newest first: the night with its cramps (or "not logged"), the day's
//! self-massage sessions, and its context.

use crate::domain::Stored;
use crate::domain::context::DayContext;
use crate::domain::session::MassageSession;
use crate::domain::{Night, NightStatus, Uid};
use crate::tui::form::field_keys;
use crate::tui::theme::Theme;
use crate::tui::widgets::fit::fit_line;
use chrono::{Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, StatefulWidget};
use std::collections::BTreeMap;

/// How many calendar nights the history shows at first, and adds when scrolled past the end.
pub const PAGE_DAYS: i64 = 60;
/// Beside the selected row (every row keeps its width free for it).
pub const SELECTED_MARK: &str = "› ";

field_keys! {
    /// The one field of `/` in the history: the date to go to.
    pub enum DateField {
        Date => "date",
    }
}

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
    Session {
        date: NaiveDate,
        session: usize,
    },
    Context {
        date: NaiveDate,
        context: usize,
    },
}

/// What the history shows, loaded together after each write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub nights: Vec<Night>,
    pub sessions: Vec<Stored<MassageSession>>,
    pub contexts: Vec<Stored<DayContext>>,
    /// Each night's tags.
    pub tags: BTreeMap<NaiveDate, Vec<String>>,
    /// The diary's first night: the days before it are not listed as "not logged".
    pub began: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub began: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Nights after this one are not over yet.
    pub due: Option<NaiveDate>,
    pub days: i64,
    pub nights: Vec<Night>,
    pub sessions: Vec<Stored<MassageSession>>,
    pub contexts: Vec<Stored<DayContext>>,
    pub tags: BTreeMap<NaiveDate, Vec<String>>,
    pub rows: Vec<Row>,
    pub selected: usize,
}

impl History {
    /// Rebuilds the rows from freshly loaded data (each list newest first), keeping the selection.
    pub fn set(&mut self, end: NaiveDate, due: NaiveDate, days: i64, loaded: Loaded) {
        self.end = Some(end);
        self.due = Some(due);
        self.days = days;
        // Each night's cramps come in night order (the store's).
        self.nights = loaded.nights;
        self.sessions = loaded.sessions;
        self.contexts = loaded.contexts;
        self.tags = loaded.tags;
        self.began = loaded.began;
        self.rows.clear();
        for offset in 0..days {
            let date = end - Duration::days(offset);
            // One row marks the day before the diary began; earlier empty days are left out.
            let long_before = self.began.is_some_and(|b| date < b - Duration::days(1));
            if long_before
                && !self.sessions.iter().any(|s| s.item.at.date() == date)
                && !self.contexts.iter().any(|c| c.item.day == date)
            {
                continue;
            }
            let night = self.nights.iter().position(|n| n.night_of == date);
            self.rows.push(Row::Night { date, night });
            if let Some(i) = night {
                let count = self.nights[i].episodes.len();
                self.rows.extend((0..count).map(|e| Row::Episode {
                    night: i,
                    episode: e,
                }));
            }
            for (i, s) in self.sessions.iter().enumerate() {
                if s.item.at.date() == date {
                    self.rows.push(Row::Session { date, session: i });
                }
            }
            if let Some(i) = self.contexts.iter().position(|c| c.item.day == date) {
                self.rows.push(Row::Context { date, context: i });
            }
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_row(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    /// The calendar day of the selected row.
    pub fn selected_date(&self) -> Option<NaiveDate> {
        match self.selected_row()? {
            Row::Night { date, .. } | Row::Session { date, .. } | Row::Context { date, .. } => {
                Some(date)
            }
            Row::Episode { night, .. } => self.nights.get(night).map(|n| n.night_of),
        }
    }

    /// Selects a cramp's row by its uid, or its night's row when it is not listed.
    pub fn select_episode(&mut self, uid: &Uid, night_of: NaiveDate) {
        let at = self.rows.iter().position(|r| match *r {
            Row::Episode { night, episode } => self
                .nights
                .get(night)
                .and_then(|n| n.episodes.get(episode))
                .is_some_and(|e| &e.uid == uid),
            _ => false,
        });
        match at {
            Some(i) => self.selected = i,
            None => self.select_date(night_of),
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
        let narrow = area.width < 60;
        let room = area
            .width
            .saturating_sub(2 + SELECTED_MARK.chars().count() as u16) as usize;
        let items: Vec<ListItem> = self
            .rows
            .iter()
            .map(|row| ListItem::new(fit_line(self.item(*row, narrow, theme), room)))
            .collect();
        let title = if narrow {
            format!(" History · {}/{} logged ", self.nights.len(), self.days)
        } else {
            format!(
                " History · {} of the last {} logged · {} ",
                self.nights.len(),
                crate::format::count(self.days, "night", "nights"),
                crate::format::count(self.sessions.len() as i64, "session", "sessions")
            )
        };
        // The selected row: a marker and reverse bold, so it shows on any palette.
        let list = List::new(items)
            .block(Block::new().borders(Borders::ALL).title(title))
            .highlight_symbol(Line::from(Span::styled(SELECTED_MARK, theme.selected)))
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .highlight_style(theme.selected);
        // A fresh state each frame keeps drawing free of side effects; List scrolls to the selection.
        let mut state = ListState::default().with_selected(Some(self.selected));
        StatefulWidget::render(list, area, buf, &mut state);
    }

    fn item(&self, row: Row, narrow: bool, theme: &Theme) -> Line<'static> {
        let date_format = if narrow {
            "%a %d %b  "
        } else {
            "%a %d %b %Y  "
        };
        let indent = if narrow { "  " } else { "      " };
        match row {
            Row::Night { date, night: None } => {
                let over = self.due.is_none_or(|due| date <= due);
                let words = if self.began.is_some_and(|b| date < b) {
                    "before the diary began"
                } else if over {
                    "not logged"
                } else {
                    // Today's row holds today's sessions (a morning one too): it is the day,
                    // whose night has not begun or is not over.
                    "today"
                };
                Line::from(vec![
                    Span::raw(date.format(date_format).to_string()),
                    Span::styled(words, theme.not_logged),
                ])
            }
            Row::Night {
                date,
                night: Some(i),
            } => {
                let Some(n) = self.nights.get(i) else {
                    return Line::from("");
                };
                let (status, style) = match n.status {
                    NightStatus::Cramps => {
                        let c = n.episodes.len();
                        (
                            format!("{c} cramp{}", if c == 1 { "" } else { "s" }),
                            theme.cramps,
                        )
                    }
                    NightStatus::None => ("no cramps".to_string(), theme.cramp_free),
                    NightStatus::Excluded => (
                        format!(
                            "excluded ({})",
                            crate::format::escaped(n.exclude_reason.as_deref().unwrap_or(""))
                        ),
                        theme.excluded,
                    ),
                };
                let details = n.details.summary();
                let mut spans = vec![
                    Span::raw(date.format(date_format).to_string()),
                    Span::styled(status, style),
                ];
                if !details.is_empty() {
                    spans.push(Span::styled(format!("  {details}"), theme.muted));
                }
                if let Some(tags) = self.tags.get(&date) {
                    spans.push(Span::styled(
                        format!("  tags: {}", crate::format::escaped(&tags.join(", "))),
                        theme.muted,
                    ));
                }
                Line::from(spans)
            }
            Row::Episode { night, episode } => {
                let text = self
                    .nights
                    .get(night)
                    .and_then(|n| n.episodes.get(episode))
                    .map(|e| e.item.summary())
                    .unwrap_or_default();
                Line::from(format!("{indent}• {text}"))
            }
            Row::Session { session, .. } => {
                let text = self
                    .sessions
                    .get(session)
                    .map(|s| format!("{} {}", s.item.at.format("%H:%M"), s.item.summary()))
                    .unwrap_or_default();
                Line::from(vec![
                    Span::styled(format!("{indent}massage "), theme.ok),
                    Span::raw(text),
                ])
            }
            Row::Context { context, .. } => {
                let text = self
                    .contexts
                    .get(context)
                    .map(|c| c.item.context.summary())
                    .unwrap_or_default();
                Line::from(vec![
                    Span::styled(format!("{indent}context "), theme.excluded),
                    Span::styled(text, theme.muted),
                ])
            }
        }
    }
}
