//! On/off-week experiments: started once with their schedule, stopped early, read. The schema's
//! triggers refuse any change to a stored plan or schedule, and any delete.

mod row;

pub use row::ExperimentRow;

use super::Store;
use super::convert::read;
use super::periods::periods;
use super::rows::TableRow;
use super::shared::new_uid;
use crate::analysis::experiment::{ExperimentData, SessionFact};
use crate::domain::experiment::Planned;
use crate::domain::experiment::{Experiment, is_deep_tissue};
use crate::domain::period::{Period, Plan, first_clash};
use crate::domain::{Invalid, Stored};
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, params};

fn all_experiments(conn: &Connection) -> Result<Vec<Stored<Planned>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM experiments t ORDER BY start_on",
        ExperimentRow::select("t")
    ))?;
    let rows = stmt.query_map([], read::<ExperimentRow>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Every experiment, oldest first.
    pub fn experiments(&self) -> Result<Vec<Stored<Planned>>> {
        all_experiments(&self.conn)
    }

    /// The experiment `today` is in, else the latest one that has started, else the next one.
    pub fn current_experiment(&self, today: NaiveDate) -> Result<Option<Stored<Planned>>> {
        let all = self.experiments()?;
        let started = all
            .iter()
            .rev()
            .find(|e| e.item.experiment.start <= today)
            .cloned();
        Ok(started.or_else(|| all.into_iter().next()))
    }

    /// Stores a drawn experiment with its plan. Refused as [`Invalid`] when a night on or after
    /// its start is already logged (the schedule must exist before any of its nights), or when it
    /// shares a day with another experiment or a routine.
    pub fn start_experiment(&mut self, exp: &Experiment, stamp: &Stamp) -> Result<Uid> {
        let tx = self.conn.transaction()?;
        let (from, to) = (exp.start, exp.planned_end());
        let logged: Option<NaiveDate> = tx.query_row(
            "SELECT max(night_of) FROM nights WHERE night_of >= ?1 AND deleted_at IS NULL",
            [from],
            |row| row.get(0),
        )?;
        if let Some(last) = logged {
            let next = last.succ_opt().unwrap_or(exp.start);
            return Err(Invalid::new(format!(
                "start date (--on) must come after the last logged night ({last}), so the schedule exists before any of its nights; got {from}, try {next} or later"
            ))
            .into());
        }
        let new = Period {
            plan: Plan::Experiment,
            first: from,
            last: to,
        };
        if let Some(clash) = first_clash(&periods(&tx)?, &new) {
            return Err(clash.refuses_start(&new).into());
        }
        let row = ExperimentRow::new(new_uid(), exp, stamp);
        tx.execute(&ExperimentRow::insert_sql(), row.params().as_slice())?;
        tx.commit().wrap_err("saving the experiment")?;
        Ok(row.uid)
    }

    /// Ends an experiment early: `on` is its last day. It is kept, marked stopped.
    pub fn stop_experiment(&mut self, uid: &Uid, on: NaiveDate, stamp: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE experiments SET stopped_on = ?2, updated_at = ?3 WHERE uid = ?1",
            params![uid, on, stamp],
        )?;
        tx.commit().wrap_err("stopping the experiment")?;
        Ok(())
    }

    /// Nights, sessions and red flags in the experiment's planned days.
    pub fn experiment_data(&self, exp: &Experiment) -> Result<ExperimentData> {
        let (from, to) = (exp.start, exp.planned_end());
        let sessions = self
            .sessions_between(from, to)?
            .into_iter()
            .map(|s| SessionFact {
                day: s.item.at.date(),
                deep: is_deep_tissue(s.item.technique),
                side_effect: !s.item.side_effects.is_empty(),
            })
            .collect();
        Ok(ExperimentData {
            nights: self.night_summaries(from, to)?,
            sessions,
            long_cramp_nights: self
                .red_flag_facts(from, to)?
                .long_cramps
                .into_iter()
                .map(|(d, _)| d)
                .collect(),
        })
    }
}
