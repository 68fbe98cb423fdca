//! Draws the whole app from its state: `impl Widget for &App`. Nothing here changes anything.

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Screen, Tone};
use super::keymap::footer_hints;
use super::screens::{checkin, dashboard, experiment, habit, insights, routine, sync_conflicts};
use super::widgets::wrap::wrapped_rows;
use super::widgets::{form_view, help};
use crate::domain::dates::long_date;
use crate::experiment::text::one_line;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let mut text = too_small_text(area, self.clock.due_night());
            if self.view.ignored_while_small {
                text.insert_str(0, "That key did nothing. ");
            }
            Paragraph::new(text)
                .style(self.theme.warn)
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        }
        // A message is never cut: it takes the lines it needs (up to a third of the screen).
        let status_lines = self.view.status.as_ref().map_or(1, |s| {
            wrapped_rows(&[Line::from(s.text.clone())], area.width)
                .clamp(1, (area.height / 3).max(1))
        });
        let [header, body, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(status_lines),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_header(header, buf);
        match &self.view.screen {
            Screen::CheckIn => {
                let routine = self
                    .data
                    .routine
                    .as_ref()
                    .filter(|r| r.stored.item.is_running(self.clock.today()))
                    .map(|r| r.progress.headline());
                // Only one of the two runs at a time; the experiment's week says what to do.
                let line = self.experiment_headline().or(routine);
                let missed = self.missed_nights();
                // The morning after a red-flag night (or the one after that), it is said here.
                let due = self.checkin_night();
                let flag = self
                    .data
                    .dashboard
                    .newest_red_flag
                    .as_ref()
                    .filter(|f| f.date + chrono::Duration::days(1) >= due)
                    .map(|f| f.short.as_str());
                checkin::render(due, line, &missed, flag, &self.theme, body, buf)
            }
            Screen::History => self.data.history.render(&self.theme, body, buf),
            Screen::Missed(night) => {
                let left = self.missed_nights().len();
                checkin::render_missed(*night, left, &self.theme, body, buf)
            }
            Screen::Jump(form) => {
                self.data.history.render(&self.theme, body, buf);
                form_view::render("Go to a date", form, &self.theme, body, buf);
            }
            Screen::SyncConflicts { at, choice } => sync_conflicts::render(
                &self.data.sync_questions,
                *at,
                *choice,
                &self.theme,
                body,
                buf,
            ),
            Screen::Dashboard => {
                let width = usize::from(body.width);
                let line = self
                    .data
                    .experiment
                    .as_ref()
                    .and_then(|v| one_line(v, width));
                let running = self
                    .data
                    .experiment
                    .as_ref()
                    .is_some_and(|v| v.live_headline(self.clock.today()).is_some());
                // Sync conflicts first: until they are answered the diary shows one side.
                let conflicts = conflicts_line(self.data.sync_conflicts, width);
                let mut heads: Vec<Line<'_>> = Vec::new();
                if let Some(c) = conflicts {
                    heads.push(Line::styled(c, self.theme.warn));
                }
                if let Some(line) = line {
                    // One line at every size: where a running experiment stands, or a
                    // finished one's result.
                    heads.push(Line::styled(line, self.theme.ok));
                }
                let rows = u16::try_from(heads.len()).unwrap_or(0);
                let [top, rest] =
                    Layout::vertical([Constraint::Length(rows), Constraint::Fill(1)]).areas(body);
                Paragraph::new(heads).render(top, buf);
                dashboard::render(
                    &self.data.dashboard,
                    running,
                    self.view.page_scroll,
                    &self.theme,
                    rest,
                    buf,
                )
            }
            Screen::Experiment { pending } => experiment::render(
                self.data.experiment.as_ref(),
                self.data.experiment_plan.as_ref(),
                &self.view.plan_intervention,
                *pending,
                self.view.page_scroll,
                &self.theme,
                body,
                buf,
            ),
            Screen::Habit { night, .. } => habit::render(
                *night,
                self.habit_question(*night).unwrap_or_default(),
                self.habit_answer(*night),
                self.data.experiment.as_ref(),
                &self.theme,
                body,
                buf,
            ),
            Screen::Routine { confirm_stop } => routine::render(
                self.data.routine.as_ref(),
                self.clock.today(),
                *confirm_stop,
                self.view.page_scroll,
                &self.theme,
                body,
                buf,
            ),
            Screen::TagPicker(picker) => picker.render(&self.theme, body, buf),
            Screen::Insights { selected } => {
                if let Some(page) = &self.data.insights {
                    insights::render(
                        page,
                        *selected,
                        self.view.insights_at,
                        &self.theme,
                        body,
                        buf,
                    );
                }
            }
            Screen::Patterns { .. } => {
                if let Some(page) = &self.data.insights {
                    insights::render_patterns(page, self.view.page_scroll, body, buf);
                }
            }
            Screen::Year { year, .. } => {
                if let Some(page) = &self.data.insights {
                    let view = page.year(*year);
                    insights::render_year(&view, self.view.page_scroll, &self.theme, body, buf);
                }
            }
            Screen::TestIt { lines, .. } => {
                insights::render_test(lines, self.view.page_scroll, &self.theme, body, buf)
            }
            form => {
                if let Some(form) = form.form() {
                    form.draw(&self.theme, body, buf);
                }
            }
        }
        if let Some(s) = &self.view.status {
            let style = match s.tone {
                Tone::Info => self.theme.ok,
                Tone::Warn => self.theme.warn,
                Tone::Error => self.theme.error,
            };
            Paragraph::new(s.text.as_str())
                .style(style)
                .wrap(Wrap { trim: true })
                .render(status, buf);
        }
        self.render_footer(footer, buf);
        if self.view.help {
            let under = self.screen_context(false);
            help::render(under, self.view.page_scroll, &self.theme, body, buf);
        }
    }
}

/// What a too-small terminal shows: the size needed, and that the commands work at any size.
fn too_small_text(area: Rect, due: chrono::NaiveDate) -> String {
    format!(
        "Terminal too small ({}x{}): make it at least {MIN_WIDTH}x{MIN_HEIGHT}. Keys do nothing here but q (quit) and ? (help). `cramp night --none --night {due}` and `cramp cramp ... --night {due}` work at any size.",
        area.width, area.height
    )
}

impl App {
    /// This week of the experiment in words, while it runs or is about to start.
    fn experiment_headline(&self) -> Option<String> {
        self.data
            .experiment
            .as_ref()
            .and_then(|v| v.live_headline(self.clock.today()))
    }

    fn render_header(&self, area: Rect, buf: &mut Buffer) {
        let now = self.clock.now();
        let line = Line::from(vec![
            Span::styled("cramp diary", self.theme.title),
            Span::styled(
                format!("  {} {}", long_date(now.date()), now.format("%H:%M")),
                self.theme.muted,
            ),
        ]);
        Paragraph::new(line).render(area, buf);
    }

    /// The keys of this screen, as many as fit whole; "?" (all keys) is kept when some do not.
    fn render_footer(&self, area: Rect, buf: &mut Buffer) {
        let hints = footer_hints(self.context());
        let width = |h: &[(&str, &str)]| -> usize {
            h.iter()
                .map(|(k, w)| k.chars().count() + 1 + w.chars().count())
                .sum::<usize>()
                + 3 * h.len().saturating_sub(1)
        };
        let room = area.width as usize;
        let mut shown = hints.clone();
        if width(&shown) > room {
            let help = hints.iter().find(|(k, _)| *k == "?").copied();
            shown.retain(|(k, _)| *k != "?");
            let tail = help.map_or(2, |h| width(&[h]) + 5);
            while !shown.is_empty() && width(&shown) + tail > room {
                shown.pop();
            }
            shown.push(("…", ""));
            shown.extend(help);
        }
        let mut spans = Vec::new();
        for (i, (keys, help)) in shown.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(
                    if keys == "…" { " " } else { " · " },
                    self.theme.muted,
                ));
            }
            spans.push(Span::styled(keys, self.theme.key));
            if !help.is_empty() {
                spans.push(Span::styled(format!(" {help}"), self.theme.muted));
            }
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
    }
}

/// The dashboard's sync line: "2 sync conflicts wait: press C to see both sides and choose.",
/// shorter where that does not fit on one row; none without conflicts.
fn conflicts_line(n: usize, width: usize) -> Option<String> {
    if n == 0 {
        return None;
    }
    let long = format!(
        "{}: press C to see both sides and choose.",
        crate::format::conflicts_wait(n)
    );
    if long.chars().count() <= width {
        return Some(long);
    }
    let short = format!("{}: press C", crate::format::conflicts_wait(n));
    Some(if short.chars().count() <= width {
        short
    } else {
        crate::format::count(
            i64::try_from(n).unwrap_or(i64::MAX),
            "sync conflict",
            "sync conflicts",
        )
    })
}
