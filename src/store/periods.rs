//! Routines and on/off experiments run over days, one at a time: every live one as the days it
//! runs, and starting either, checked (as every import is) against the one rule of [`Period`]
//! (only one runs on any day).

use super::Store;
use super::convert::read;
use super::experiments::all_experiments;
use super::routines::all_routines;
use super::rows::TableRow;
use super::shared::new_uid;
use super::table::Listed;
use super::tables::{ExperimentRow, RoutineRow};
use crate::domain::experiment::{Experiment, refuses_redraw};
use crate::domain::period::{Period, Plan, first_clash};
use crate::domain::routine::{Fitted, Routine};
use crate::domain::{Invalid, Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::Connection;

/// A live routine or experiment, with its position in the import being merged, if it has it.
pub(super) struct Planned {
    pub(super) period: Period,
    pub(super) uid: Uid,
    pub(super) list: &'static str,
    pub(super) pos: Option<i64>,
}

/// Every live routine and experiment (an experiment cancelled before it began runs on no day).
/// With `staged`, each is matched to its copy staged by an import (`temp.import_<list>`).
pub(super) fn planned(conn: &Connection, staged: bool) -> Result<Vec<Planned>> {
    let query = |table: &str, list: &str, select: String| {
        if staged {
            format!(
                "SELECT s.pos, {select} FROM main.{table} t
                 LEFT JOIN temp.import_{list} s ON s.uid = t.uid"
            )
        } else {
            format!("SELECT NULL AS pos, {select} FROM main.{table} t")
        }
    };
    let mut all = Vec::new();
    let mut stmt = conn.prepare(&format!(
        "{} WHERE t.deleted_at IS NULL",
        query(RoutineRow::TABLE, RoutineRow::LIST, RoutineRow::select("t"))
    ))?;
    let routines = stmt.query_map([], |row| {
        let routine = read::<RoutineRow>(row)?;
        Ok(Planned {
            period: Period::of_routine(&routine.item),
            uid: routine.uid,
            list: RoutineRow::LIST,
            pos: row.get("pos")?,
        })
    })?;
    all.extend(routines.collect::<rusqlite::Result<Vec<_>>>()?);
    let mut stmt = conn.prepare(&query(
        ExperimentRow::TABLE,
        ExperimentRow::LIST,
        ExperimentRow::select("t"),
    ))?;
    let experiments = stmt.query_map([], |row| {
        let experiment = read::<ExperimentRow>(row)?;
        let pos = row.get("pos")?;
        Ok(
            Period::of_experiment(&experiment.item.experiment).map(|period| Planned {
                period,
                uid: experiment.uid,
                list: ExperimentRow::LIST,
                pos,
            }),
        )
    })?;
    all.extend(
        experiments
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .flatten(),
    );
    all.sort_by_key(|p| (p.period.first, p.period.last));
    Ok(all)
}

/// The days every live routine and experiment runs, in order.
pub(super) fn periods(conn: &Connection) -> Result<Vec<Period>> {
    Ok(planned(conn, false)?
        .into_iter()
        .map(|p| p.period)
        .collect())
}

impl Store {
    /// Starts a routine; one that shares a day with another is refused as [`Invalid`].
    pub fn start_routine(&mut self, routine: &Routine, stamp: &Stamp) -> Result<Uid> {
        self.start_fitted_routine(routine, stamp)
            .map(|(uid, _)| uid)
    }

    /// As [`Store::start_routine`], with the baseline kept clear of earlier routines and their
    /// follow-up fortnights (see [`Routine::fit_baseline`]): returns the routine as saved and
    /// the warnings about its baseline.
    pub fn start_fitted_routine(
        &mut self,
        routine: &Routine,
        stamp: &Stamp,
    ) -> Result<(Uid, Fitted)> {
        let tx = self.conn.transaction()?;
        let new = Period::of_routine(routine);
        if let Some(clash) = first_clash(&periods(&tx)?, &new) {
            return Err(clash.refuses_start(&new).into());
        }
        let existing = all_routines(&tx)?;
        let others: Vec<Routine> = existing.into_iter().map(|r| r.item).collect();
        let fitted = routine.fit_baseline(&others)?;
        let routine = &fitted.routine;
        let row = RoutineRow::new(new_uid(), routine, stamp);
        tx.execute(&RoutineRow::insert_sql(), row.params().as_slice())?;
        tx.commit().wrap_err("saving the routine")?;
        Ok((row.uid, fitted))
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
            // A start may be at most 30 days ahead: say when that first day can be chosen.
            let from_day = after - chrono::Duration::days(crate::domain::dates::START_DAYS_AHEAD);
            let when = if from_day > stamp.date().unwrap_or(from_day) {
                format!(" (a start that far ahead can be chosen from {from_day})")
            } else {
                String::new()
            };
            return Err(Invalid::new(format!(
                "{}, try {after} or later{when}",
                refuses_redraw(
                    "start date (--on)",
                    cancelled.start,
                    cancelled.planned_end(),
                    from
                )
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
}
