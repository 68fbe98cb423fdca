//! On/off-week experiments: started once with their schedule, stopped early, read. The schema's
//! triggers refuse any change to a stored plan or schedule, and any delete.

use super::Store;
use super::convert::{ToDomain, read};
use super::import::Outcome;
use super::rows::{ExperimentRow, TableRow};
use super::shared::new_uid;
use crate::analysis::experiment::{ExperimentData, SessionFact};
use crate::domain::experiment::Planned;
use crate::domain::experiment::{Experiment, is_deep_tissue};
use crate::domain::routine::Routine;
use crate::domain::{Invalid, Stored};
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, Transaction, params};

fn all_experiments(conn: &Connection) -> Result<Vec<Stored<Planned>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM experiments t ORDER BY start_on",
        ExperimentRow::select("t")
    ))?;
    let rows = stmt.query_map([], read::<ExperimentRow>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The experiment sharing a day with `from..=to`, refused in words naming it.
pub(super) fn experiment_clash(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<()> {
    if let Some(clash) = all_experiments(conn)?
        .into_iter()
        .find(|e| e.item.experiment.overlaps(from, to))
    {
        let e = &clash.item.experiment;
        return Err(Invalid::new(format!(
            "an on/off experiment runs from {} to {}, which overlaps {from} to {to}; only one experiment or routine runs at a time, so stop it (`cramp experiment stop`) or start after {}",
            e.start,
            e.end(),
            e.end()
        ))
        .into());
    }
    Ok(())
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
        experiment_clash(&tx, from, to)?;
        let routines: Vec<Routine> = super::routines::all_routines(&tx)?
            .into_iter()
            .map(|r| r.item)
            .collect();
        if let Some(r) = routines.iter().find(|r| r.start <= to && from <= r.end()) {
            return Err(Invalid::new(format!(
                "a routine runs from {} to {}, which overlaps the experiment's {from} to {to}; only one experiment or routine runs at a time, so stop it (`cramp routine stop`) or start after {}",
                r.start,
                r.end(),
                r.end()
            ))
            .into());
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

/// Every experiment as a plain row.
pub(super) fn experiment_rows(conn: &Connection) -> Result<Vec<ExperimentRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM experiments t ORDER BY start_on, id",
        ExperimentRow::select("t")
    ))?;
    let rows: Vec<_> = stmt
        .query_map([], super::dump::copied::<ExperimentRow>)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().collect()
}

/// Imports one (validated) experiment. A new one is added unless it shares a day with another
/// experiment or a routine; a known one may only bring an early stop the diary lacks, from a
/// newer copy; a different plan or schedule under the same uid is refused, since neither can
/// ever change.
pub(super) fn import_experiment(tx: &Transaction<'_>, e: &ExperimentRow) -> Result<Outcome> {
    let existing = experiment_rows(tx)?.into_iter().find(|x| x.uid == e.uid);
    let Some(ours) = existing else {
        let exp = e.to_domain()?.item.experiment;
        let (from, to) = (exp.start, exp.end());
        experiment_clash(tx, from, to)?;
        if let Some(r) = super::routines::all_routines(tx)?
            .into_iter()
            .map(|r| r.item)
            .find(|r| r.start <= to && from <= r.end())
        {
            return Err(Invalid::new(format!(
                "it runs from {from} to {to}, which overlaps this diary's routine from {} to {}; only one experiment or routine runs at a time",
                r.start,
                r.end()
            ))
            .into());
        }
        tx.execute(&ExperimentRow::insert_sql(), e.params().as_slice())?;
        return Ok(Outcome::Added);
    };
    let same_plan = (
        &ours.start_on,
        ours.pairs,
        ours.washout_nights,
        &ours.schedule,
    ) == (&e.start_on, e.pairs, e.washout_nights, &e.schedule)
        && (&ours.outcome, &ours.test, ours.threshold) == (&e.outcome, &e.test, e.threshold);
    if !same_plan {
        return Err(Invalid::new(
            "its plan or schedule differs from the same experiment in this diary, and neither can change once it has started",
        )
        .into());
    }
    if ours.stopped_on.is_none() && e.stopped_on.is_some() && e.updated_at > ours.updated_at {
        tx.execute(
            "UPDATE experiments SET stopped_on = ?2, updated_at = ?3 WHERE uid = ?1",
            params![e.uid, e.stopped_on, e.updated_at],
        )?;
        return Ok(Outcome::Updated);
    }
    Ok(Outcome::Unchanged)
}
