//! The routine screen: where you are in the four weeks, sessions against the weekly target, and
//! a calendar of routine days; plus the form that starts a routine.

use crate::analysis::adherence::{DaySessions, RoutineProgress, Stage, WeekState};
use crate::domain::Stored;
use crate::domain::bounds;
use crate::domain::dates::long_date;
use crate::domain::routine::{
    DEFAULT_BASELINE_NIGHTS, DEFAULT_PER_WEEK, DEFAULT_WEEKS, MIN_BASELINE_NIGHTS, Routine,
};
use crate::tui::form::{Check, Field, FieldKey, Form, FormModel, field_keys, form_parts};
use crate::tui::theme::Theme;
use crate::tui::widgets::form_view;
use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use std::collections::BTreeMap;

/// The current routine with what the screen shows of it, computed once per write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineState {
    pub stored: Stored<Routine>,
    pub progress: RoutineProgress,
    pub sessions_by_day: BTreeMap<NaiveDate, DaySessions>,
}

pub fn render(
    state: Option<&RoutineState>,
    today: NaiveDate,
    confirm_stop: bool,
    scroll: u16,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" Deep-tissue routine ");
    let Some(state) = state else {
        let lines = vec![
            Line::from(""),
            Line::from("No routine yet."),
            Line::from(""),
            Line::from(vec![
                Span::styled("n", theme.key),
                Span::raw(format!(
                    " starts one: {DEFAULT_WEEKS} weeks, {DEFAULT_PER_WEEK} sessions a week, compared with the {DEFAULT_BASELINE_NIGHTS} nights before it."
                )),
            ]),
            Line::from(Span::styled(
                "Log a few weeks of nights first: the comparison needs at least 14 baseline nights.",
                theme.muted,
            )),
        ];
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(area, buf);
        return;
    };
    let r = &state.stored.item;
    let p = &state.progress;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{} to {}", long_date(r.start), long_date(r.end())),
            theme.title,
        ),
        Span::styled(
            format!(
                " · {} a week",
                crate::format::count(r.per_week, "session", "sessions")
            ),
            theme.muted,
        ),
    ])];
    let stage = match p.stage {
        Stage::NotStarted { days_until } => format!(
            "Starts in {}.",
            crate::format::count(days_until, "day", "days")
        ),
        Stage::Running {
            day,
            total_days,
            days_left,
            ..
        } => {
            format!(
                "Day {day} of {total_days} · {} left.",
                crate::format::count(days_left, "day", "days")
            )
        }
        Stage::Finished { ended } => format!("Finished {}.", long_date(ended)),
    };
    lines.push(Line::from(stage));
    let coverage = p.baseline_words();
    let baseline_style = if (p.baseline_logged as usize) < MIN_BASELINE_NIGHTS {
        theme.warn
    } else {
        theme.muted
    };
    lines.push(Line::from(Span::styled(
        format!("Baseline: {coverage} before the start."),
        baseline_style,
    )));
    lines.push(Line::from(""));
    // Weekday initials over the marks: routine weeks start on the routine's own weekday.
    if let Some(first) = p.weeks.first() {
        let prefix = format!("week {}  {}  ", first.week, first.from.format("%d %b"));
        let days: String = (0..7)
            .map(|i| {
                let d = first.from + Duration::days(i);
                let initial = ["M", "T", "W", "T", "F", "S", "S"]
                    [d.weekday().num_days_from_monday() as usize];
                format!("{initial} ")
            })
            .collect();
        lines.push(Line::from(Span::styled(
            format!("{}{days}", " ".repeat(prefix.chars().count())),
            theme.muted,
        )));
    }
    for week in &p.weeks {
        let mut spans = vec![Span::raw(format!(
            "week {}  {}  ",
            week.week,
            week.from.format("%d %b")
        ))];
        let mut day = week.from;
        while day <= week.to {
            let had = state.sessions_by_day.get(&day).is_some_and(|s| s.deep > 0);
            let (mark, style) = match (had, day <= today) {
                (true, _) => ("●", theme.ok),
                (false, true) => ("○", theme.muted),
                (false, false) => ("·", theme.muted),
            };
            let style = if day == today {
                style.patch(theme.selected)
            } else {
                style
            };
            spans.push(Span::styled(mark, style));
            spans.push(Span::raw(" "));
            day += Duration::days(1);
        }
        let tally = match week.state {
            WeekState::Upcoming => String::new(),
            WeekState::Current => format!(" {} so far", week.adherence().short_words()),
            WeekState::Done => format!(" {}", week.adherence().short_words()),
        };
        let tally_style = if week.state == WeekState::Done && week.days < u32::from(week.target) {
            theme.warn
        } else {
            theme.text
        };
        spans.push(Span::styled(tally, tally_style));
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "● a session that day   ○ none   · still to come",
        theme.muted,
    )));
    if confirm_stop {
        lines.push(Line::from(Span::styled(
            format!("Press x again to stop the routine today ({today}); any other key keeps it."),
            theme.warn,
        )));
    }
    crate::tui::widgets::page::render(lines, block, scroll, area, buf);
}

field_keys! {
    /// The fields of the form that starts a routine.
    pub enum RoutineField {
        Start => "first day",
        Weeks => "weeks",
        PerWeek => "sessions a week",
        Baseline => "baseline nights",
    }
}
use RoutineField::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineForm {
    pub today: NaiveDate,
    pub form: Form<RoutineField>,
}

impl RoutineForm {
    /// Starts today with the configured defaults (`weeks`, sessions a week, baseline nights).
    pub fn new(today: NaiveDate, weeks: u8, per_week: u8, baseline: u16) -> Self {
        Self {
            today,
            form: Form::new(vec![
                Field::text(
                    Start,
                    &today.format("%Y-%m-%d").to_string(),
                    10,
                    "YYYY-MM-DD, up to 30 days ahead",
                ),
                Field::count(
                    Weeks,
                    Some(u16::from(weeks)),
                    bounds::ROUTINE_WEEKS,
                    false,
                    bounds::ROUTINE_WEEKS.range_text(),
                ),
                Field::count(
                    PerWeek,
                    Some(u16::from(per_week)),
                    bounds::SESSIONS_PER_WEEK,
                    false,
                    bounds::SESSIONS_PER_WEEK.range_text(),
                ),
                Field::count(
                    Baseline,
                    Some(baseline),
                    bounds::BASELINE_NIGHTS,
                    false,
                    bounds::BASELINE_NIGHTS.help("nights before the start to compare with"),
                ),
            ]),
        }
    }
}

form_parts!(RoutineForm, RoutineField, "this routine");

impl FormModel for RoutineForm {
    type Value = Routine;

    fn read(&self, c: &mut Check<RoutineField>) -> Option<Routine> {
        let f = &self.form;
        let n = |key: RoutineField| f.number(key).unwrap_or(0).to_string();
        let start = c.field(
            Start,
            crate::domain::dates::parse_start(Start.label(), &f.text(Start), self.today),
        );
        let weeks = c.field(Weeks, Routine::parse_weeks(&n(Weeks)));
        let per_week = c.field(PerWeek, Routine::parse_per_week(&n(PerWeek)));
        let baseline = c.field(Baseline, Routine::parse_baseline_nights(&n(Baseline)));
        Some(Routine::new(start?, weeks?, per_week?, baseline?))
    }

    fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        form_view::render("Start a routine", &self.form, theme, area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wrong_field_of_the_routine_form_is_named_at_once() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let mut f = RoutineForm::new(today, 4, 5, 28);
        f.form.focus_on(Start);
        for c in "2026-13-40".chars() {
            f.form.input(c);
        }
        f.form.focus_on(Weeks);
        f.form.input('0');
        f.form.focus_on(Baseline);
        f.form.input('3');
        let fields: Vec<RoutineField> = f.errors().iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, [Start, Weeks, Baseline]);
    }
}
