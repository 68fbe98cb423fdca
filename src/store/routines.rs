//! Deep-tissue routines: start (never overlapping), stop, and read.

mod row;

pub use row::RoutineRow;

use super::Store;
use super::convert::read;
use super::rows::TableRow;
use crate::domain::Stored;
use crate::domain::routine::Routine;
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
