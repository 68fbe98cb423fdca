//! Self-massage sessions: reads, writes, soft deletes and undo.

mod row;

pub use row::SessionRow;

use super::Store;
use super::convert::read;
use super::rows::TableRow;
use super::shared::{bad_column, new_uid};
use crate::analysis::adherence::DaySessions;
use crate::domain::Stored;
use crate::domain::session::{MassageSession, Technique};
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::{OptionalExtension, params};

/// The codec's select list, for `SELECT {columns()} FROM massage_sessions t`.
fn columns() -> String {
    SessionRow::select("t")
}
use std::collections::BTreeMap;

impl Store {
    pub fn add_session(&mut self, s: &MassageSession, stamp: &Stamp) -> Result<Uid> {
        let tx = self.conn.transaction()?;
        let row = SessionRow::new(new_uid(), s, stamp);
        tx.execute(&SessionRow::insert_sql(), row.params().as_slice())?;
        tx.commit().wrap_err("saving the session")?;
        Ok(row.uid)
    }

    pub fn edit_session(&mut self, uid: &Uid, s: &MassageSession, stamp: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        let row = SessionRow::new(uid.clone(), s, stamp);
        let changed = tx.execute(&SessionRow::update_sql(), row.params().as_slice())?;
        if changed == 0 {
            return Err(eyre!("that session is no longer in the diary"));
        }
        tx.commit().wrap_err("saving the session")?;
        Ok(())
    }

    /// Sessions on the days `from`..=`to`, newest first.
    pub fn sessions_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Stored<MassageSession>>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM massage_sessions t
             WHERE at >= ?1 AND at < ?2 AND deleted_at IS NULL ORDER BY at DESC, id DESC",
            columns()
        ))?;
        let rows = stmt.query_map(day_bounds(from, to), read::<SessionRow>)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many sessions each day had, counted by SQLite.
    pub fn session_counts_by_day(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(at, 1, 10) AS day, count(*) FROM massage_sessions
             WHERE at >= ?1 AND at < ?2 AND deleted_at IS NULL GROUP BY day",
        )?;
        let rows = stmt.query_map(day_bounds(from, to), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
        })?;
        by_day(rows)
    }

    /// Per day, deep-tissue self-massage sessions and the others (stretching, professional).
    pub fn session_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, DaySessions>> {
        let deep: Vec<String> = Technique::DEEP_TISSUE
            .iter()
            .map(|t| format!("'{}'", t.as_str()))
            .collect();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT substr(at, 1, 10) AS day, sum(technique IN ({list})),
                    sum(technique NOT IN ({list}))
             FROM massage_sessions
             WHERE at >= ?1 AND at < ?2 AND deleted_at IS NULL GROUP BY day",
            list = deep.join(", ")
        ))?;
        let rows = stmt.query_map(day_bounds(from, to), |row| {
            Ok((
                row.get::<_, String>(0)?,
                DaySessions {
                    deep: row.get(1)?,
                    other: row.get(2)?,
                },
            ))
        })?;
        by_day(rows)
    }

    /// Whether a session with every recorded field equal to `s` (its time aside) was saved
    /// at or after `since` (a `created_at` stamp).
    pub fn saved_twin_since(&self, s: &MassageSession, since: &Stamp) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM massage_sessions t
             WHERE created_at >= ?1 AND technique = ?2 AND deleted_at IS NULL",
            columns()
        ))?;
        let rows = stmt.query_map(params![since, s.technique], read::<SessionRow>)?;
        for row in rows {
            if row?.item.same_record_as(s) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The most recent session: "same as last time" starts from it.
    pub fn latest_session(&self) -> Result<Option<MassageSession>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM massage_sessions t WHERE deleted_at IS NULL
             ORDER BY at DESC, id DESC LIMIT 1",
            columns()
        ))?;
        Ok(stmt
            .query_row([], read::<SessionRow>)
            .optional()?
            .map(|s| s.item))
    }
}

/// `[from 00:00, the day after to 00:00)` as text bounds on the `at` column.
fn day_bounds(from: NaiveDate, to: NaiveDate) -> [String; 2] {
    let after = to.succ_opt().unwrap_or(to);
    [
        format!("{}", from.format("%Y-%m-%d")),
        format!("{}", after.format("%Y-%m-%d")),
    ]
}

/// Rows of (day as `YYYY-MM-DD`, value) keyed by the day.
fn by_day<V>(
    rows: impl Iterator<Item = rusqlite::Result<(String, V)>>,
) -> Result<BTreeMap<NaiveDate, V>> {
    let mut out = BTreeMap::new();
    for row in rows {
        let (day, value) = row?;
        let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .map_err(|e| bad_column(&day, e.to_string()))?;
        out.insert(date, value);
    }
    Ok(out)
}
