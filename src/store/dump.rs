//! Reading every row of a date range, deleted rows included: a lossless copy of the diary.

use super::Store;
use super::rows::{ContextRow, EpisodeRow, NightRow, RoutineRow, Rows, SessionRow, TableRow};
use color_eyre::eyre::{Result, eyre};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};

/// Dates `from..=to` limit nights, sessions, context and the cramps of those nights; routines
/// are always read whole.
pub type Range = Option<(String, String)>;

/// Every row of one table `t` (joined as the query says), in the query's order.
fn read<T: TableRow>(c: &Connection, rest: &str, from: &str, to: &str) -> Result<Vec<T>> {
    let sql = format!("SELECT {} FROM {} t {rest}", T::select("t"), T::TABLE);
    let mut stmt = c.prepare(&sql)?;
    let rows: Vec<_> = if sql.contains("?1") {
        stmt.query_map([from, to], copied::<T>)?
            .collect::<rusqlite::Result<_>>()?
    } else {
        stmt.query_map([], copied::<T>)?
            .collect::<rusqlite::Result<_>>()?
    };
    rows.into_iter().collect()
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
        let c = &self.conn;
        Ok(Rows {
            nights: read::<NightRow>(
                c,
                "WHERE night_of BETWEEN ?1 AND ?2 ORDER BY night_of, id",
                from,
                to,
            )?,
            episodes: read::<EpisodeRow>(
                c,
                "JOIN nights n ON n.id = t.night_id
                 WHERE n.night_of BETWEEN ?1 AND ?2 ORDER BY n.night_of, t.id",
                from,
                to,
            )?,
            sessions: read::<SessionRow>(
                c,
                "WHERE substr(at, 1, 10) BETWEEN ?1 AND ?2 ORDER BY at, id",
                from,
                to,
            )?,
            routines: read::<RoutineRow>(c, "ORDER BY start_on, id", from, to)?,
            context: read::<ContextRow>(
                c,
                "WHERE day BETWEEN ?1 AND ?2 ORDER BY day, id",
                from,
                to,
            )?,
            experiments: super::experiments::experiment_rows(c)?,
        })
    }
}
