//! Other nights of the last week that are not logged: named on the check-in, then offered one
//! by one after it (y / n / skip), so a gap is filled in seconds or left knowingly.

use super::{App, Screen, Tone};
use crate::domain::dates::long_date;
use crate::store::NightEntry;
use crate::tui::action::Action;
use chrono::{Duration, NaiveDate};
use color_eyre::eyre::Result;

/// How far back the check-in looks for nights left out.
const LOOK_BACK: i64 = 7;

impl App {
    /// Nights of the last week before the one the check-in asks about that are over, not
    /// logged, not before the diary began, and not skipped in this session; oldest first.
    pub fn missed_nights(&self) -> Vec<NaiveDate> {
        let due = self.checkin_night();
        let Some(began) = self.data.began else {
            return Vec::new();
        };
        (1..LOOK_BACK)
            .rev()
            .map(|back| due - Duration::days(back))
            .filter(|d| *d >= began && !self.asked.skipped.contains(d))
            .filter(|d| self.loaded_night(*d).is_none())
            .collect()
    }

    /// After a night is done: the next missed night, or the dashboard.
    pub(super) fn next_missed_or_dashboard(&self) -> Screen {
        match self.missed_nights().first() {
            Some(night) => Screen::Missed(*night),
            None => Screen::Dashboard,
        }
    }

    pub(super) fn on_missed(&mut self, night: NaiveDate, action: Action) -> Result<Screen> {
        Ok(match action {
            Action::HaveCramps => Screen::CrampForm(self.new_cramp(night)),
            Action::NoCramps => {
                let entry = NightEntry::cramp_free();
                if self
                    .write(|s, stamp| s.log_night(night, &entry, stamp))?
                    .is_none()
                {
                    return Ok(Screen::Missed(night));
                }
                self.say(
                    Tone::Info,
                    format!("Saved: no cramps on the night of {}.", long_date(night)),
                );
                // A daily habit's question for that night too, as on the check-in.
                self.habit_then(night, self.next_missed_or_dashboard())
            }
            Action::Skip => {
                self.asked.skipped.push(night);
                self.say(
                    Tone::Info,
                    format!("The night of {} stays not logged.", long_date(night)),
                );
                self.next_missed_or_dashboard()
            }
            Action::Cancel => {
                // Stop asking for this session: the rest stay not logged, knowingly.
                self.asked.skipped.extend(self.missed_nights());
                Screen::Dashboard
            }
            _ => Screen::Missed(night),
        })
    }
}
