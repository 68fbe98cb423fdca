//! Deep-tissue routines: start (never overlapping), stop, and read.

mod row;

pub use row::RoutineRow;

use super::Store;
use super::convert::read;
use super::periods::periods;
use super::rows::TableRow;
use super::shared::new_uid;
use crate::domain::Stored;
use crate::domain::period::{Period, first_clash};
use crate::domain::routine::{Fitted, Routine};
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::params;

/// Routines through their codec: `SELECT {select()} FROM routines t ...`.
fn select() -> String {
    RoutineRow::select("t")
}

/// Every live routine, in no particular order.
pub(super) fn all_routines(conn: &rusqlite::Connection) -> Result<Vec<Stored<Routine>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM routines t WHERE deleted_at IS NULL",
        select()
    ))?;
    let rows = stmt.query_map([], read::<RoutineRow>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Every routine, oldest first.
    pub fn routines(&self) -> Result<Vec<Stored<Routine>>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM routines t WHERE deleted_at IS NULL ORDER BY start_on",
            select()
        ))?;
        let rows = stmt.query_map([], read::<RoutineRow>)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The routine `today` is in, else the latest one that has started, else the next one.
    pub fn current_routine(&self, today: NaiveDate) -> Result<Option<Stored<Routine>>> {
        let all = self.routines()?;
        let started = all.iter().rev().find(|r| r.item.start <= today).cloned();
        Ok(started.or_else(|| all.into_iter().next()))
    }

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

    /// Ends a routine early: `on` is its last day.
    pub fn stop_routine(&mut self, uid: &Uid, on: NaiveDate, stamp: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE routines SET stopped_on = ?2, updated_at = ?3 WHERE uid = ?1 AND deleted_at IS NULL",
            params![uid, on, stamp],
        )?;
        tx.commit().wrap_err("stopping the routine")?;
        Ok(())
    }

    /// How many nights in `from..=to` are logged (any status), counted by SQLite.
    pub fn logged_nights_between(&self, from: NaiveDate, to: NaiveDate) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM nights WHERE night_of BETWEEN ?1 AND ?2 AND deleted_at IS NULL",
            [from, to],
            |row| row.get(0),
        )?)
    }
}
