//! On/off-week experiments: started once with their schedule, stopped early, read. The schema's
//! triggers refuse any change to a stored plan or schedule, and any delete.

mod answers;
mod row;

pub use answers::AnswerRow;
pub use row::ExperimentRow;

use super::Store;
use super::convert::read;
use super::rows::TableRow;
use crate::analysis::experiment::{ExperimentData, SessionFact};
use crate::domain::Stored;
use crate::domain::experiment::{Experiment, Planned};
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, params};

/// Every experiment, oldest first, each judged pre-registered or not on the diary as it is: a
/// live night it covers logged before its schedule was drawn makes it not pre-registered,
/// whichever arrived first (an import, `sqlite3`).
pub(super) fn all_experiments(conn: &Connection) -> Result<Vec<Stored<Planned>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {}, EXISTS (
             SELECT 1 FROM nights n
             WHERE n.deleted_at IS NULL AND n.night_of >= t.start_on
               AND n.night_of <= date(t.start_on, '+' || (14 * t.pairs - 1) || ' days')
               AND n.created_at < t.created_at) AS nights_logged_first
         FROM experiments t ORDER BY start_on",
        ExperimentRow::select("t")
    ))?;
    let rows = stmt.query_map([], |row| {
        let mut e = read::<ExperimentRow>(row)?;
        if row.get::<_, bool>("nights_logged_first")? {
            let stored = e.item.origin.unregistered;
            e.item.origin.judge(e.item.experiment.start, true, stored);
        }
        Ok(e)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Every experiment, oldest first.
    pub fn experiments(&self) -> Result<Vec<Stored<Planned>>> {
        all_experiments(&self.conn)
    }

    /// The live experiment: the one `today` is in, else the next one planned, else the latest
    /// one that ran; a draw cancelled before it began only when there is nothing else.
    pub fn current_experiment(&self, today: NaiveDate) -> Result<Option<Stored<Planned>>> {
        let all = self.experiments()?;
        let live = |e: &&Stored<Planned>| !e.item.experiment.is_cancelled();
        let running = all
            .iter()
            .filter(live)
            .find(|e| e.item.experiment.is_running(today));
        let next = all
            .iter()
            .filter(live)
            .find(|e| e.item.experiment.start > today);
        let latest = all
            .iter()
            .filter(live)
            .rev()
            .find(|e| e.item.experiment.start <= today);
        Ok(running
            .or(next)
            .or(latest)
            .or_else(|| all.iter().max_by_key(|e| e.item.origin.drawn_at.clone()))
            .cloned())
    }

    /// Draws cancelled before they began, drawn before `exp` and after the experiment that ran
    /// before it: the draws it replaced.
    pub fn cancelled_draws_before(&self, exp: &Stored<Planned>) -> Result<Vec<Stored<Planned>>> {
        let all = self.experiments()?;
        let drawn = &exp.item.origin.drawn_at;
        let previous = all
            .iter()
            .filter(|e| !e.item.experiment.is_cancelled() && e.item.origin.drawn_at < *drawn)
            .map(|e| e.item.origin.drawn_at.clone())
            .max();
        Ok(all
            .into_iter()
            .filter(|e| e.uid != exp.uid && e.item.experiment.is_cancelled())
            .filter(|e| e.item.origin.drawn_at < *drawn || exp.item.experiment.is_cancelled())
            .filter(|e| {
                previous
                    .as_ref()
                    .is_none_or(|p| e.item.origin.drawn_at > *p)
            })
            .collect())
    }

    /// The latest night logged (deleted or not) inside the experiment's planned days: a stop
    /// is never dated before it.
    pub fn last_logged_night_in(&self, exp: &Experiment) -> Result<Option<NaiveDate>> {
        Ok(self.conn.query_row(
            "SELECT max(night_of) FROM nights WHERE night_of >= ?1 AND night_of <= ?2",
            params![exp.start, exp.planned_end()],
            |row| row.get(0),
        )?)
    }

    /// Records an experiment's one stop: `on` is its last day (its first day for one stopped
    /// before it began). The diary refuses a second stop, and a stop before a logged night
    /// inside it, before the day it is recorded or after its last day.
    pub fn stop_experiment(&mut self, uid: &Uid, on: NaiveDate, stamp: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE experiments SET stopped_on = ?2, stopped_at = ?3, updated_at = ?3 WHERE uid = ?1",
            params![uid, on, stamp],
        )?;
        tx.commit().wrap_err("stopping the experiment")?;
        Ok(())
    }

    /// Nights, sessions, answers and red flags in the experiment's planned days.
    pub fn experiment_data(&self, stored: &Stored<Planned>) -> Result<ExperimentData> {
        let exp = &stored.item.experiment;
        let (from, to) = (exp.start, exp.planned_end());
        let sessions = self
            .sessions_between(from, to)?
            .into_iter()
            .map(|s| SessionFact {
                day: s.item.at.date(),
                technique: s.item.technique,
                side_effect: !s.item.side_effects.is_empty(),
            })
            .collect();
        let answers = if exp.intervention.is_daily() {
            self.answers(&stored.uid)?
                .into_iter()
                .map(|a| (a.item.night_of, a.item.done))
                .collect()
        } else {
            Vec::new()
        };
        Ok(ExperimentData {
            nights: self.night_summaries(from, to)?,
            sessions,
            answers,
            long_cramp_nights: self
                .red_flag_facts(from, to)?
                .long_cramps
                .into_iter()
                .map(|(d, _)| d)
                .collect(),
        })
    }
}
