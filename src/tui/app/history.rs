//! The history: moving, editing, deleting and undoing.

use super::form_screen::edit_form;
use super::{App, Screen, Tone};
use crate::domain::context::DailyContext;
use crate::domain::dates::{long_date, parse_jump};
use crate::store::{LastDelete, NightEntry};
use crate::tui::action::Action;
use crate::tui::form::{Editing, Field, Form};
use crate::tui::screens::context_form::ContextForm;
use crate::tui::screens::cramp_form::{AfterSave, CrampForm};
use crate::tui::screens::history::{DateField, PAGE_DAYS, Row};
use crate::tui::screens::night_form::NightForm;
use crate::tui::screens::session_form::SessionForm;
use color_eyre::eyre::Result;

/// Rows a page key moves by.
const PAGE_ROWS: usize = 10;

impl App {
    pub(super) fn on_history(&mut self, action: Action) -> Result<Screen> {
        let confirmed =
            std::mem::take(&mut self.asked.confirm_delete) == Some(self.data.history.selected);
        let h = &mut self.data.history;
        match action {
            Action::Up => h.selected = h.selected.saturating_sub(1),
            Action::Down => {
                if h.selected + 1 < h.rows.len() {
                    h.selected += 1;
                } else {
                    let days = h.days + PAGE_DAYS;
                    self.reload(days)?;
                    let h = &mut self.data.history;
                    h.selected = (h.selected + 1).min(h.rows.len().saturating_sub(1));
                }
            }
            Action::PageUp | Action::PageDown => {
                let page = PAGE_ROWS;
                if action == Action::PageUp {
                    h.selected = h.selected.saturating_sub(page);
                } else {
                    if h.selected + page >= h.rows.len() {
                        let days = h.days + PAGE_DAYS;
                        self.reload(days)?;
                    }
                    let h = &mut self.data.history;
                    h.selected = (h.selected + page).min(h.rows.len().saturating_sub(1));
                }
            }
            Action::First => h.selected = 0,
            Action::Last => {
                let today = self.clock.today();
                let began = self.diary.store.first_night()?.unwrap_or(today);
                let days = ((today - began).num_days() + 1).max(self.data.history.days);
                self.reload(days)?;
                self.data.history.select_date(began);
            }
            Action::JumpTo => {
                return Ok(Screen::Jump(Form::new(vec![Field::text(
                    DateField::Date,
                    "",
                    10,
                    "YYYY-MM-DD, yesterday or 3 days ago",
                )])));
            }
            Action::Edit => return Ok(self.edit_selected().unwrap_or(Screen::History)),
            Action::AddCramp => {
                if let Some(date) = self.data.history.selected_date() {
                    return Ok(Screen::CrampForm(CrampForm::new(
                        date,
                        self.data.last_episode.as_ref(),
                        AfterSave::History,
                    )));
                }
            }
            Action::MarkCrampFree => {
                if let Some(date) = self.data.history.selected_date() {
                    if !self.clock.is_over(date) {
                        self.say(
                            Tone::Error,
                            format!(
                                "The night of {} is not over yet, so it cannot be marked cramp-free; mark last night ({}) instead.",
                                long_date(date),
                                long_date(self.clock.due_night())
                            ),
                        );
                        return Ok(Screen::History);
                    }
                    let entry = NightEntry::cramp_free();
                    if self
                        .write(|s, stamp| s.log_night(date, &entry, stamp))?
                        .is_some()
                    {
                        self.say(
                            Tone::Info,
                            format!("Saved to the night of {}: no cramps.", long_date(date)),
                        );
                    }
                }
            }
            Action::AnswerHabit => {
                if let Some(date) = self.data.history.selected_date() {
                    if self.habit_question(date).is_some() {
                        return Ok(Screen::Habit {
                            night: date,
                            then: Box::new(Screen::History),
                        });
                    }
                    self.say(
                        Tone::Info,
                        "No daily-habit experiment covers that night, so there is no question to answer.",
                    );
                }
            }
            Action::EditContext => {
                if let Some(date) = self.data.history.selected_date() {
                    let existing = self
                        .data
                        .history
                        .contexts
                        .iter()
                        .find(|c| c.item.day == date);
                    return Ok(Screen::ContextForm(match existing {
                        Some(c) => ContextForm::new(
                            date,
                            Some(Editing::new(
                                &c.uid,
                                &self.version(&c.uid),
                                c.item.context.clone(),
                            )),
                            &c.item.context,
                        ),
                        None => ContextForm::new(date, None, &DailyContext::default()),
                    }));
                }
            }
            Action::Delete => match self.cramps_on_selected_night() {
                Some((date, count)) if !confirmed => {
                    self.asked.confirm_delete = Some(self.data.history.selected);
                    let cramps = if count == 1 {
                        "its cramp".to_string()
                    } else {
                        format!("its {count} cramps")
                    };
                    self.say(
                        Tone::Warn,
                        format!(
                            "Delete the night of {} and {cramps}? d again deletes; any other key keeps it.",
                            long_date(date)
                        ),
                    );
                }
                _ => self.delete_selected()?,
            },
            Action::SwitchView => return Ok(Screen::Dashboard),
            Action::Undo => self.undo_last()?,
            _ => {}
        }
        Ok(Screen::History)
    }

    pub(super) fn on_jump(&mut self, mut form: Form<DateField>, action: Action) -> Result<Screen> {
        match action {
            Action::Save => match parse_jump(&form.text(DateField::Date), self.clock.today()) {
                Ok(date) => {
                    let days = (self.clock.today() - date).num_days() + 1;
                    if days > self.data.history.days {
                        self.reload(days)?;
                    }
                    self.data.history.select_date(date);
                    return Ok(Screen::History);
                }
                Err(e) => self.say(Tone::Error, format!("{}.", e.0)),
            },
            Action::Cancel => return Ok(Screen::History),
            other => edit_form(&mut form, other),
        }
        Ok(Screen::Jump(form))
    }

    /// The selected night and how many cramps it has, when it has any.
    fn cramps_on_selected_night(&self) -> Option<(chrono::NaiveDate, usize)> {
        match self.data.history.selected_row()? {
            Row::Night {
                night: Some(i),
                date,
            } => {
                let count = self.data.history.nights.get(i)?.episodes.len();
                (count > 0).then_some((date, count))
            }
            _ => None,
        }
    }

    /// The form that edits the selected row.
    fn edit_selected(&mut self) -> Option<Screen> {
        let now = self.clock.now();
        let h = &self.data.history;
        match h.selected_row() {
            Some(Row::Night { night: Some(i), .. }) => h.nights.get(i).map(|n| {
                let tags = h.tags.get(&n.night_of).cloned().unwrap_or_default();
                Screen::NightForm(NightForm::new(n, &self.version(&n.uid), &tags))
            }),
            Some(Row::Episode { night, episode }) => h.nights.get(night).and_then(|n| {
                n.episodes.get(episode).map(|e| {
                    Screen::CrampForm(CrampForm::edit(n.night_of, e, &self.version(&e.uid)))
                })
            }),
            Some(Row::Session { session, .. }) => h.sessions.get(session).map(|s| {
                let version = self.version(&s.uid);
                Screen::SessionForm(SessionForm::edit(&s.uid, &s.item, &version, now))
            }),
            Some(Row::Context { context, date }) => h.contexts.get(context).map(|c| {
                let edit = Editing::new(&c.uid, &self.version(&c.uid), c.item.context.clone());
                Screen::ContextForm(ContextForm::new(date, Some(edit), &c.item.context))
            }),
            Some(Row::Night { night: None, .. }) => {
                self.say(
                    Tone::Info,
                    "That night is not logged: a adds a cramp, n marks it cramp-free.",
                );
                None
            }
            None => None,
        }
    }

    /// Says what was deleted ("Deleted …; u undoes it.") and keeps it for `u`.
    fn deleted(&mut self, what: String, undo: LastDelete) {
        self.say(Tone::Info, format!("Deleted {what}; u undoes it."));
        self.asked.undo.push(undo);
    }

    fn delete_selected(&mut self) -> Result<()> {
        let h = &self.data.history;
        match h.selected_row() {
            Some(Row::Night {
                night: Some(i),
                date,
            }) => {
                let Some((uid, what)) = h.nights.get(i).map(|n| (n.uid.clone(), night_words(n)))
                else {
                    return Ok(());
                };
                if let Some(d) = self.write(|s, stamp| s.delete_night(&uid, stamp))? {
                    self.deleted(
                        format!("the night of {} ({what})", long_date(date)),
                        LastDelete::Night(d),
                    );
                }
            }
            Some(Row::Episode { night, episode }) => {
                let Some((uid, date, what)) = h.nights.get(night).and_then(|n| {
                    n.episodes
                        .get(episode)
                        .map(|e| (e.uid.clone(), n.night_of, e.item.summary()))
                }) else {
                    return Ok(());
                };
                if let Some(d) = self.write(|s, stamp| s.delete_episode(&uid, stamp))? {
                    let unlogged = if d.night_uid.is_some() {
                        " (it was the only one, so the night is not logged now)"
                    } else {
                        ""
                    };
                    self.deleted(
                        format!(
                            "the cramp {what} on the night of {}{unlogged}",
                            long_date(date)
                        ),
                        LastDelete::Night(d),
                    );
                }
            }
            Some(Row::Session { session, date }) => {
                let Some((uid, what)) = h.sessions.get(session).map(|s| {
                    (
                        s.uid.clone(),
                        format!("{} {}", s.item.at.format("%H:%M"), s.item.summary()),
                    )
                }) else {
                    return Ok(());
                };
                if let Some(deleted) = self.write(|s, stamp| s.delete_session(&uid, stamp))? {
                    self.deleted(
                        format!("the session {what} on {}", long_date(date)),
                        deleted,
                    );
                }
            }
            Some(Row::Context { context, date }) => {
                let Some((uid, what)) = h
                    .contexts
                    .get(context)
                    .map(|c| (c.uid.clone(), c.item.context.summary()))
                else {
                    return Ok(());
                };
                if let Some(deleted) = self.write(|s, stamp| s.delete_context(&uid, stamp))? {
                    self.deleted(
                        format!("the context of {} ({what})", long_date(date)),
                        deleted,
                    );
                }
            }
            Some(Row::Night { night: None, .. }) | None => {}
        }
        Ok(())
    }

    fn undo_last(&mut self) -> Result<()> {
        // This session's deletes first; then, as after a restart, the newest one in the diary.
        let entry = match self.asked.undo.pop() {
            Some(entry) => entry,
            None => match self.diary.store.last_delete()? {
                Some(entry) => entry,
                None => {
                    self.say(Tone::Info, "Nothing to undo.");
                    return Ok(());
                }
            },
        };
        let date = entry.date();
        let done = self.write(|s, stamp| s.undo(&entry, stamp))?;
        if done.is_some() {
            self.data.history.select_date(date);
            self.say(
                Tone::Info,
                format!("Restored what was deleted on {}.", long_date(date)),
            );
        }
        Ok(())
    }
}

/// A night in a few words, for the line that says it was deleted: `2 cramps`, `no cramps`,
/// `excluded: flu`.
fn night_words(n: &crate::domain::Night) -> String {
    use crate::domain::NightStatus;
    match n.status {
        NightStatus::Cramps => crate::format::count(n.episodes.len() as i64, "cramp", "cramps"),
        NightStatus::None => "no cramps".to_string(),
        NightStatus::Excluded => match &n.exclude_reason {
            Some(why) => format!("excluded: {}", crate::format::escaped(why)),
            None => "excluded".to_string(),
        },
    }
}
