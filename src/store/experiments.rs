//! On/off-week experiments: started once with their schedule, stopped early, read. The schema's
//! triggers refuse any change to a stored plan or schedule, and any delete.

use super::Store;
use super::convert::{ToDomain, read};
use super::import::Outcome;
use super::rows::{ExperimentRow, TableRow};
use super::shared::new_uid;
use crate::analysis::experiment::{ExperimentData, SessionFact};
use crate::domain::experiment::Experiment;
use crate::domain::experiment::{Planned, ScheduleSource};
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

    /// Stores a drawn experiment with its plan. Refused as [`Invalid`] when a night on or after
    /// its start is already logged (the schedule must exist before any of its nights), when it
    /// shares a day with another experiment or a routine, or when it would re-draw weeks a
    /// cancelled draw covered.
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
        if let Some(cancelled) = all_experiments(&tx)?
            .into_iter()
            .map(|e| e.item.experiment)
            .filter(|e| e.is_cancelled() && e.start <= to && from <= e.planned_end())
            .max_by_key(|e| e.planned_end())
        {
            let after = cancelled
                .planned_end()
                .succ_opt()
                .unwrap_or(cancelled.start);
            return Err(Invalid::new(format!(
                "start date (--on) must be after {}: a schedule drawn for {} to {} was cancelled before it began, and its weeks are not drawn again (a schedule re-drawn until it suits proves nothing); got {from}, try {after} or later",
                cancelled.planned_end(),
                cancelled.start,
                cancelled.planned_end()
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

/// The stop an import may bring, checked against the diary's own nights (the file's nights are
/// merged after the experiments): never before the last night the diary logged inside the
/// experiment, never after its last day, never before the day it was recorded.
fn check_imported_stop(tx: &Transaction<'_>, e: &ExperimentRow, exp: &Experiment) -> Result<()> {
    let Some(stop) = e.stopped_on else {
        return Ok(());
    };
    if stop > exp.planned_end() {
        return Err(Invalid::new(format!(
            "stopped_on must be no later than the experiment's last day ({}), got {stop}",
            exp.planned_end()
        ))
        .into());
    }
    let recorded = e.stopped_at.as_ref().and_then(|s| s.date());
    if let Some(day) = recorded
        && stop < day
    {
        return Err(Invalid::new(format!(
            "stopped_on must not be before the day the stop was recorded ({day}), got {stop}"
        ))
        .into());
    }
    let last: Option<NaiveDate> = tx.query_row(
        "SELECT max(night_of) FROM main.nights WHERE night_of >= ?1 AND night_of <= ?2",
        params![exp.start, exp.planned_end()],
        |row| row.get(0),
    )?;
    if let Some(last) = last
        && last > stop
    {
        return Err(Invalid::new(format!(
            "stopped_on must not be before the last night this diary logged inside the experiment ({last}), got {stop}"
        ))
        .into());
    }
    Ok(())
}

/// Imports one (validated) experiment, before the file's nights are merged. A new one is added
/// unless it shares a day with another experiment or a routine, marked as imported now, and as
/// not pre-registered when the diary already held a night on or after its start, or the file
/// holds such a night created before it. A known one may only bring the stop the diary lacks;
/// a different plan, schedule or stop under the same uid is refused, since none can change.
pub(super) fn import_experiment(
    tx: &Transaction<'_>,
    e: &ExperimentRow,
    now: &Stamp,
) -> Result<Outcome> {
    let existing = experiment_rows(tx)?.into_iter().find(|x| x.uid == e.uid);
    let exp = e.to_domain()?.item.experiment;
    let Some(ours) = existing else {
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
        check_imported_stop(tx, e, &exp)?;
        let nights_before: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM main.nights WHERE night_of >= ?1)
                 OR EXISTS (SELECT 1 FROM temp.import_nights
                            WHERE night_of >= ?1 AND created_at < ?2)",
            params![exp.start, e.created_at],
            |row| row.get(0),
        )?;
        let mut row = e.clone();
        row.schedule_source = ScheduleSource::Imported.as_str().to_string();
        row.imported_at = Some(now.clone());
        row.preregistered = e.preregistered && !nights_before;
        if row.stopped_on.is_some() && row.stopped_at.is_none() {
            row.stopped_at = Some(e.updated_at.clone());
        }
        tx.execute(&ExperimentRow::insert_sql(), row.params().as_slice())?;
        return Ok(Outcome::Added);
    };
    let same_plan = (
        &ours.start_on,
        ours.pairs,
        ours.washout_nights,
        &ours.schedule,
    ) == (&e.start_on, e.pairs, e.washout_nights, &e.schedule)
        && (&ours.outcome, &ours.test, ours.threshold) == (&e.outcome, &e.test, e.threshold)
        && (&ours.intervention_kind, &ours.intervention_name)
            == (&e.intervention_kind, &e.intervention_name);
    if !same_plan {
        return Err(Invalid::new(
            "its plan or schedule differs from the same experiment in this diary, and neither can change once it has started",
        )
        .into());
    }
    match (ours.stopped_on, e.stopped_on) {
        (Some(a), Some(b)) if a != b => Err(Invalid::new(format!(
            "stopped_on must be {a}, the stop this diary holds: a stop is final and an import cannot move it, got {b}"
        ))
        .into()),
        (None, Some(stop)) => {
            check_imported_stop(tx, e, &exp)?;
            let recorded = e.stopped_at.clone().unwrap_or_else(|| e.updated_at.clone());
            tx.execute(
                "UPDATE experiments SET stopped_on = ?2, stopped_at = ?3, updated_at = ?4 WHERE uid = ?1",
                params![e.uid, stop, recorded, e.updated_at.clone().max(ours.updated_at)],
            )?;
            Ok(Outcome::Updated)
        }
        // The file lacks the stop (an older copy): the diary keeps it.
        _ => Ok(Outcome::Unchanged),
    }
}

/// After the file's routines are merged: an experiment of the file may not share a day with a
/// routine of either.
pub(super) fn clash_after_merge(tx: &Transaction<'_>, e: &ExperimentRow) -> Result<()> {
    let exp = e.to_domain()?.item.experiment;
    if exp.is_cancelled() {
        return Ok(());
    }
    let (from, to) = (exp.start, exp.end());
    if let Some(r) = super::routines::all_routines(tx)?
        .into_iter()
        .map(|r| r.item)
        .find(|r| r.start <= to && from <= r.end())
    {
        return Err(Invalid::new(format!(
            "it runs from {from} to {to}, which overlaps the routine from {} to {}; only one experiment or routine runs at a time",
            r.start,
            r.end()
        ))
        .into());
    }
    Ok(())
}
