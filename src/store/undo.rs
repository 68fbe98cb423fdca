//! Deletes are soft, so `u` can take back the newest one even after a restart, and again the
//! one before it. A night is deleted and restored with its cramps (`nights`); a row of any table
//! whose declaration says so ([`Table::UNDO`]: sessions, days of context) is deleted and
//! restored one by one, by the steps written here once.

use super::Store;
use super::nights::Deletion;
use super::shared::{soft_delete, undelete};
use super::table::{EachTable, Table};
use super::tables::{ContextRow, SessionRow, each_table};
use crate::domain::{Invalid, Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Report, Result, WrapErr, eyre};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// A delete that `u` can undo: a night or cramps, or one row of a table undone one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastDelete {
    Night(Deletion),
    /// A row of the table whose list is `list` (`sessions`, `context`), of the day `date`.
    Row {
        list: &'static str,
        uid: Uid,
        date: NaiveDate,
    },
}

impl LastDelete {
    /// The day of what was deleted.
    pub fn date(&self) -> NaiveDate {
        match self {
            Self::Night(d) => d.night_of,
            Self::Row { date, .. } => *date,
        }
    }
}

/// `MAX(deleted_at)` of each table undone one by one, as SQL to unite with the nights'.
struct NewestDeletes(Vec<String>);

impl EachTable for NewestDeletes {
    type Error = Report;

    fn table<T: Table>(&mut self, _: usize, _: &[T]) -> Result<()> {
        if T::UNDO {
            self.0
                .push(format!("SELECT MAX(deleted_at) FROM main.{}", T::TABLE));
        }
        Ok(())
    }
}

/// The newest row deleted at `stamp` among the tables undone one by one, in the list's order.
struct DeletedAt<'a> {
    conn: &'a Connection,
    stamp: &'a str,
    found: Option<LastDelete>,
}

impl EachTable for DeletedAt<'_> {
    type Error = Report;

    fn table<T: Table>(&mut self, _: usize, _: &[T]) -> Result<()> {
        let Some(day) = T::DAY.filter(|_| T::UNDO && self.found.is_none()) else {
            return Ok(());
        };
        self.found = self
            .conn
            .query_row(
                &format!(
                    "SELECT t.uid, {day} FROM main.{} t WHERE t.deleted_at = ?1
                     ORDER BY t.id DESC LIMIT 1",
                    T::TABLE
                ),
                [self.stamp],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .map(|(uid, date)| LastDelete::Row {
                list: T::LIST,
                uid,
                date,
            });
        Ok(())
    }
}

/// Restores one row of the table whose list is `list`, unless its date has a live row again.
struct Restore<'a, 't> {
    tx: &'a Transaction<'t>,
    list: &'a str,
    uid: &'a Uid,
    stamp: &'a Stamp,
}

impl EachTable for Restore<'_, '_> {
    type Error = Report;

    fn table<T: Table>(&mut self, _: usize, _: &[T]) -> Result<()> {
        if T::LIST != self.list {
            return Ok(());
        }
        if let Some(one) = T::ONE_LIVE {
            let taken: Option<String> = self
                .tx
                .query_row(
                    &format!(
                        "SELECT t.{0} FROM main.{1} t WHERE t.uid = ?1 AND EXISTS
                         (SELECT 1 FROM main.{1} o WHERE o.deleted_at IS NULL AND o.{0} = t.{0})",
                        one.column,
                        T::TABLE
                    ),
                    [self.uid],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(date) = taken {
                return Err(Invalid::new(format!(
                    "cannot undo: {} {date} {} since",
                    one.date, one.again
                ))
                .into());
            }
        }
        undelete(self.tx, T::TABLE, self.uid, self.stamp)?;
        Ok(())
    }
}

impl Store {
    /// The rows deleted at the newest `deleted_at` stamp, or `None` when nothing is deleted.
    pub fn last_delete(&self) -> Result<Option<LastDelete>> {
        let mut newest = NewestDeletes(vec![
            "SELECT MAX(deleted_at) AS s FROM main.nights".to_string(),
            "SELECT MAX(deleted_at) FROM main.cramp_episodes".to_string(),
        ]);
        each_table(&mut newest)?;
        let stamp: Option<String> = self.conn.query_row(
            &format!("SELECT MAX(s) FROM ({})", newest.0.join(" UNION ALL ")),
            [],
            |row| row.get(0),
        )?;
        let Some(stamp) = stamp else {
            return Ok(None);
        };
        if let Some(night) = self.night_deleted_at(&stamp)? {
            return Ok(Some(LastDelete::Night(night)));
        }
        let mut row = DeletedAt {
            conn: &self.conn,
            stamp: &stamp,
            found: None,
        };
        each_table(&mut row)?;
        Ok(row.found)
    }

    /// Undoes a delete; refused when the night or the day has been logged again since.
    pub fn undo(&mut self, what: &LastDelete, stamp: &Stamp) -> Result<()> {
        let (list, uid) = match what {
            LastDelete::Night(deletion) => return self.restore(deletion, stamp),
            LastDelete::Row { list, uid, .. } => (*list, uid),
        };
        let tx = self.conn.transaction()?;
        each_table(&mut Restore {
            tx: &tx,
            list,
            uid,
            stamp,
        })?;
        tx.commit().wrap_err("undoing the delete")?;
        Ok(())
    }

    /// Deletes a session (soft): `u` undoes it ([`Store::undo`]).
    pub fn delete_session(&mut self, uid: &Uid, stamp: &Stamp) -> Result<LastDelete> {
        self.delete_row::<SessionRow>(uid, stamp, "that session is no longer in the diary")
    }

    /// Deletes a day's context (soft): `u` undoes it ([`Store::undo`]), unless the day has
    /// context again by then.
    pub fn delete_context(&mut self, uid: &Uid, stamp: &Stamp) -> Result<LastDelete> {
        self.delete_row::<ContextRow>(uid, stamp, "that day's context is no longer in the diary")
    }

    /// Soft-deletes one live row of `T`, a table undone one by one; `gone` says it is no
    /// longer there.
    fn delete_row<T: Table>(&mut self, uid: &Uid, stamp: &Stamp, gone: &str) -> Result<LastDelete> {
        debug_assert!(T::UNDO);
        let tx = self.conn.transaction()?;
        if soft_delete(&tx, T::TABLE, uid, stamp)? == 0 {
            return Err(eyre!("{gone}"));
        }
        let date = tx.query_row(
            &format!(
                "SELECT {} FROM main.{} t WHERE t.uid = ?1",
                T::DAY.unwrap_or("NULL"),
                T::TABLE
            ),
            params![uid],
            |row| row.get(0),
        )?;
        tx.commit()
            .wrap_err_with(|| format!("deleting the {}", T::NOUN.0))?;
        Ok(LastDelete::Row {
            list: T::LIST,
            uid: uid.clone(),
            date,
        })
    }
}
