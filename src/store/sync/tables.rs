//! The tables a sync records and applies: every table of the list of tables, each with its
//! columns (from its codec) and a check that reads a written row back through its conversion,
//! so a change from another device meets the same rules as a row this diary reads. A table
//! added to the list syncs with no code here.

use crate::domain::Invalid;
use crate::store::convert::read;
use crate::store::table::{EachTable, Table};
use crate::store::tables::each_table;
use rusqlite::{OptionalExtension, Transaction};
use std::sync::OnceLock;

/// A table that syncs.
pub(crate) struct Synced {
    pub name: &'static str,
    /// Its columns as its codec lists them, `uid` first (`night_uid` for `night_id`).
    pub columns: &'static [&'static str],
    /// Reads the row `uid` back through the table's conversion.
    pub check: fn(&Transaction<'_>, &str) -> Result<(), Invalid>,
}

fn check<T: Table>(tx: &Transaction<'_>, uid: &str) -> Result<(), Invalid> {
    let sql = format!(
        "SELECT {} FROM main.{} t WHERE t.uid = ?1",
        T::select("t"),
        T::TABLE
    );
    tx.prepare_cached(&sql)
        .and_then(|mut stmt| {
            stmt.query_row([uid], |row| read::<T>(row).map(|_| ()))
                .optional()
        })
        .map_err(|e| Invalid::new(crate::store::error::first_line(&e.to_string())))?
        .ok_or_else(|| Invalid::new(format!("{uid} was not written")))
}

struct Collect(Vec<Synced>);

impl EachTable for Collect {
    type Error = std::convert::Infallible;
    fn table<T: Table>(&mut self, _position: usize, _rows: &[T]) -> Result<(), Self::Error> {
        self.0.push(Synced {
            name: T::TABLE,
            columns: T::COLUMNS,
            check: check::<T>,
        });
        Ok(())
    }
}

/// Every table of the list of tables, in its order (a night before its cramps).
pub(crate) fn synced() -> &'static [Synced] {
    static LIST: OnceLock<Vec<Synced>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut c = Collect(Vec::new());
        let Ok(()) = each_table(&mut c);
        c.0
    })
}

pub(crate) fn synced_table(name: &str) -> Option<&'static Synced> {
    synced().iter().find(|t| t.name == name)
}

/// A column as the table stores it.
pub(crate) fn stored(column: &str) -> &str {
    if column == "night_uid" {
        "night_id"
    } else {
        column
    }
}
