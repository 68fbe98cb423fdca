//! Reading every row of a date range, deleted rows included: a lossless copy of the diary.

use super::Store;
use super::rows::TableRow;
use super::table::{FillTable, Table};
use super::tables::Rows;
use color_eyre::eyre::{Report, Result, eyre};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};

/// Dates `from..=to` limit the rows of the tables that belong to a day (nights, sessions,
/// context and the cramps of those nights); routines and experiments are always read whole.
pub type Range = Option<(String, String)>;

/// Every row of each table in its order, the days `from..=to` of those that belong to a day.
struct Dump<'a> {
    conn: &'a Connection,
    from: &'a str,
    to: &'a str,
}

impl FillTable for Dump<'_> {
    type Error = Report;

    fn table<T: Table>(&mut self, _: &'static str) -> Result<Vec<T>> {
        let select = format!("SELECT {} FROM main.{} t", T::select("t"), T::TABLE);
        let rows: Vec<_> = match T::DAY {
            Some(day) => self
                .conn
                .prepare(&format!(
                    "{select} WHERE {day} BETWEEN ?1 AND ?2 ORDER BY {}",
                    T::ORDER
                ))?
                .query_map([self.from, self.to], copied::<T>)?
                .collect::<rusqlite::Result<_>>()?,
            None => self
                .conn
                .prepare(&format!("{select} ORDER BY {}", T::ORDER))?
                .query_map([], copied::<T>)?
                .collect::<rusqlite::Result<_>>()?,
        };
        rows.into_iter().collect()
    }
}

/// One row through its codec. A value the diary's CHECK let in but the codec cannot read (a
/// date like 2026-02-30 or a time like 29:59, written outside cramp) is named by table, uid,
/// column and value, so the row can be found and corrected.
pub(super) fn copied<T: TableRow>(row: &Row<'_>) -> rusqlite::Result<Result<T>> {
    match T::from_row(row) {
        Err(rusqlite::Error::FromSqlConversionFailure(i, ..)) => {
            let uid: String = row.get("uid")?;
            let column = row.as_ref().column_name(i)?.to_string();
            let value = match row.get_ref(i)? {
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                other => format!("{other:?}"),
            };
            Ok(Err(eyre!(
                "the diary's {} row with uid {uid} holds {column} '{value}', which cramp cannot read; correct or remove that row and try again",
                T::TABLE
            )))
        }
        other => other.map(Ok),
    }
}

impl Store {
    pub fn rows_in(&self, range: &Range) -> Result<Rows> {
        let (from, to) = match range {
            Some((f, t)) => (f.as_str(), t.as_str()),
            None => ("0000-01-01", "9999-12-31"),
        };
        Rows::fill(&mut Dump {
            conn: &self.conn,
            from,
            to,
        })
    }
}
