//! On/off-week experiments: started once with their schedule, stopped early, read. The schema's
//! triggers refuse any change to a stored plan or schedule, and any delete.

use super::Store;
use super::import::Outcome;
use super::rows::{bad_column, new_uid};
use crate::analysis::experiment::{ExperimentData, SessionFact};
use crate::domain::Invalid;
use crate::domain::experiment::{Experiment, OUTCOME, TEST, THRESHOLD, is_deep_tissue};
use crate::domain::routine::Routine;
use crate::export::rows::ExperimentRow;
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{Connection, Row, Transaction, params};

#[derive(Debug, Clone, PartialEq)]
pub struct StoredExperiment {
    pub uid: String,
    pub experiment: Experiment,
    /// As written in the plan when it started.
    pub outcome: String,
    pub test: String,
    pub threshold: f64,
}

const COLUMNS: &str =
    "uid, start_on, pairs, washout_nights, schedule, stopped_on, outcome, test, threshold";

fn date(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| bad_column(text, e.to_string()))
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn experiment_from_row(row: &Row<'_>) -> rusqlite::Result<StoredExperiment> {
    let start: String = row.get(1)?;
    let pairs: u8 = row.get(2)?;
    let schedule: String = row.get(4)?;
    let stopped: Option<String> = row.get(5)?;
    Ok(StoredExperiment {
        uid: row.get(0)?,
        experiment: Experiment {
            start: date(&start)?,
            pairs,
            washout_nights: row.get(3)?,
            schedule: Experiment::parse_schedule(&schedule, pairs)
                .map_err(|e| bad_column(&schedule, e.0))?,
            stopped_on: stopped.as_deref().map(date).transpose()?,
        },
        outcome: row.get(6)?,
        test: row.get(7)?,
        threshold: row.get(8)?,
    })
}

fn all_experiments(conn: &Connection) -> Result<Vec<StoredExperiment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM experiments ORDER BY start_on"
    ))?;
    let rows = stmt.query_map([], experiment_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The experiment sharing a day with `from..=to`, refused in words naming it.
pub(super) fn experiment_clash(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<()> {
    if let Some(clash) = all_experiments(conn)?
        .into_iter()
        .find(|e| e.experiment.overlaps(from, to))
    {
        let e = &clash.experiment;
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
    pub fn experiments(&self) -> Result<Vec<StoredExperiment>> {
        all_experiments(&self.conn)
    }

    /// The experiment `today` is in, else the latest one that has started, else the next one.
    pub fn current_experiment(&self, today: NaiveDate) -> Result<Option<StoredExperiment>> {
        let all = self.experiments()?;
        let started = all
            .iter()
            .rev()
            .find(|e| e.experiment.start <= today)
            .cloned();
        Ok(started.or_else(|| all.into_iter().next()))
    }

    /// Stores a drawn experiment with its plan. Refused as [`Invalid`] when a night on or after
    /// its start is already logged (the schedule must exist before any of its nights), or when it
    /// shares a day with another experiment or a routine.
    pub fn start_experiment(&mut self, exp: &Experiment, stamp: &str) -> Result<String> {
        let tx = self.conn.transaction()?;
        let (from, to) = (exp.start, exp.planned_end());
        let logged: Option<String> = tx.query_row(
            "SELECT max(night_of) FROM nights WHERE night_of >= ?1 AND deleted_at IS NULL",
            [day(from)],
            |row| row.get(0),
        )?;
        if let Some(last) = logged {
            let next = date(&last)?.succ_opt().unwrap_or(exp.start);
            return Err(Invalid::new(format!(
                "start date (--on) must come after the last logged night ({last}), so the schedule exists before any of its nights; got {from}, try {next} or later"
            ))
            .into());
        }
        experiment_clash(&tx, from, to)?;
        let routines: Vec<Routine> = super::routines::all_routines(&tx)?
            .into_iter()
            .map(|r| r.routine)
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
        let uid = new_uid();
        tx.execute(
            "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
                                      threshold, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![
                uid,
                day(exp.start),
                exp.pairs,
                exp.washout_nights,
                exp.schedule_words(),
                OUTCOME,
                TEST,
                THRESHOLD,
                stamp
            ],
        )?;
        tx.commit().wrap_err("saving the experiment")?;
        Ok(uid)
    }

    /// Ends an experiment early: `on` is its last day. It is kept, marked stopped.
    pub fn stop_experiment(&mut self, uid: &str, on: NaiveDate, stamp: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE experiments SET stopped_on = ?2, updated_at = ?3 WHERE uid = ?1",
            params![uid, day(on), stamp],
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
                day: s.session.at.date(),
                deep: is_deep_tissue(s.session.technique),
                side_effect: !s.session.side_effects.is_empty(),
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

/// Every experiment as a plain row, for the JSON export.
pub(super) fn experiment_rows(conn: &Connection) -> Result<Vec<ExperimentRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, start_on, pairs, washout_nights, schedule, outcome, test, threshold,
                stopped_on, created_at, updated_at
         FROM experiments ORDER BY start_on, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ExperimentRow {
            uid: r.get(0)?,
            start_on: r.get(1)?,
            pairs: r.get(2)?,
            washout_nights: r.get(3)?,
            schedule: r.get(4)?,
            outcome: r.get(5)?,
            test: r.get(6)?,
            threshold: r.get(7)?,
            stopped_on: r.get(8)?,
            created_at: r.get(9)?,
            updated_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Imports one (validated) experiment. A new one is added unless it shares a day with another
/// experiment or a routine; a known one may only bring an early stop the diary lacks, from a
/// newer copy; a different plan or schedule under the same uid is refused, since neither can
/// ever change.
pub(super) fn import_experiment(tx: &Transaction<'_>, e: &ExperimentRow) -> Result<Outcome> {
    let existing = experiment_rows(tx)?.into_iter().find(|x| x.uid == e.uid);
    let Some(ours) = existing else {
        let pairs = e.pairs as u8;
        let exp = Experiment {
            start: date(&e.start_on)?,
            pairs,
            washout_nights: e.washout_nights as u8,
            schedule: Experiment::parse_schedule(&e.schedule, pairs)?,
            stopped_on: e.stopped_on.as_deref().map(date).transpose()?,
        };
        let (from, to) = (exp.start, exp.end());
        experiment_clash(tx, from, to)?;
        if let Some(r) = super::routines::all_routines(tx)?
            .into_iter()
            .map(|r| r.routine)
            .find(|r| r.start <= to && from <= r.end())
        {
            return Err(Invalid::new(format!(
                "it runs from {from} to {to}, which overlaps this diary's routine from {} to {}; only one experiment or routine runs at a time",
                r.start,
                r.end()
            ))
            .into());
        }
        tx.execute(
            "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
                                      threshold, stopped_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                e.uid,
                e.start_on,
                e.pairs,
                e.washout_nights,
                e.schedule,
                e.outcome,
                e.test,
                e.threshold,
                e.stopped_on,
                e.created_at,
                e.updated_at
            ],
        )?;
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
