//! Self-massage sessions: reads, writes, soft deletes and undo.

use super::Store;
use super::shared::{bad_column, new_uid, soft_delete, undelete};
use crate::analysis::adherence::DaySessions;
use crate::domain::Score;
use crate::domain::Stored;
use crate::domain::session::{GunHead, GunSpeed, MassageSession, SideEffect, Technique};
use chrono::{NaiveDate, NaiveDateTime};
use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::{OptionalExtension, Row, params};
use std::collections::BTreeMap;

pub(super) const AT_FORMAT: &str = "%Y-%m-%dT%H:%M";
pub(super) const COLUMNS: &str = "uid, at, technique, legs, minutes_per_calf, pain, gun_speed, gun_head, \
     spots, seconds_per_spot, tight_before, tight_after, side_effects, note";

pub(super) fn session_from_row(row: &Row<'_>) -> rusqlite::Result<Stored<MassageSession>> {
    let at: String = row.get("at")?;
    let effects: String = row.get("side_effects")?;
    let small = |name: &str| -> rusqlite::Result<Option<i64>> { row.get(name) };
    Ok(Stored {
        uid: row.get("uid")?,
        item: MassageSession {
            at: NaiveDateTime::parse_from_str(&at, AT_FORMAT)
                .map_err(|e| bad_column(&at, e.to_string()))?,
            technique: row.get("technique")?,
            legs: row.get("legs")?,
            minutes_per_calf: small("minutes_per_calf")?.map(|v| v as u8),
            pain: row.get("pain")?,
            speed: row.get("gun_speed")?,
            head: row.get("gun_head")?,
            spots: small("spots")?.map(|v| v as u8),
            seconds_per_spot: small("seconds_per_spot")?.map(|v| v as u16),
            tight_before: row.get("tight_before")?,
            tight_after: row.get("tight_after")?,
            side_effects: effects
                .split(',')
                .filter(|w| !w.is_empty())
                .map(|w| SideEffect::parse(w).map_err(|e| bad_column(w, e.0)))
                .collect::<rusqlite::Result<_>>()?,
            note: row.get("note")?,
        },
    })
}

pub(super) fn effects_text(effects: &[SideEffect]) -> String {
    effects
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn score(s: Option<Score>) -> Option<i64> {
    s.map(|s| i64::from(s.value()))
}

/// A new session row: ?1 uid ... ?14 note, ?15 the stamp for created and updated.
pub(super) const INSERT_SESSION: &str = "INSERT INTO massage_sessions
     (uid, at, technique, legs, minutes_per_calf, pain, gun_speed, gun_head, spots,
      seconds_per_spot, tight_before, tight_after, side_effects, note, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)";

/// Runs `sql` with a session's fields in the one order both statements use.
pub(super) fn write_session(
    conn: &rusqlite::Connection,
    sql: &str,
    uid: &str,
    s: &MassageSession,
    stamp: &str,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params![
        uid,
        s.at.format(AT_FORMAT).to_string(),
        s.technique.as_str(),
        s.legs.as_str(),
        s.minutes_per_calf,
        score(s.pain),
        s.speed.map(GunSpeed::as_str),
        s.head.map(GunHead::as_str),
        s.spots,
        s.seconds_per_spot,
        score(s.tight_before),
        score(s.tight_after),
        effects_text(&s.side_effects),
        s.note,
        stamp
    ])
}

impl Store {
    pub fn add_session(&mut self, s: &MassageSession, stamp: &str) -> Result<String> {
        let tx = self.conn.transaction()?;
        let uid = new_uid();
        write_session(&tx, INSERT_SESSION, &uid, s, stamp)?;
        tx.commit().wrap_err("saving the session")?;
        Ok(uid)
    }

    pub fn edit_session(&mut self, uid: &str, s: &MassageSession, stamp: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        let changed = write_session(
            &tx,
            "UPDATE massage_sessions SET at = ?2, technique = ?3, legs = ?4, minutes_per_calf = ?5,
                 pain = ?6, gun_speed = ?7, gun_head = ?8, spots = ?9, seconds_per_spot = ?10,
                 tight_before = ?11, tight_after = ?12, side_effects = ?13, note = ?14,
                 updated_at = ?15
             WHERE uid = ?1 AND deleted_at IS NULL",
            uid,
            s,
            stamp,
        )?;
        if changed == 0 {
            return Err(eyre!("that session is no longer in the diary"));
        }
        tx.commit().wrap_err("saving the session")?;
        Ok(())
    }

    pub fn delete_session(&mut self, uid: &str, stamp: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        if soft_delete(&tx, "massage_sessions", uid, stamp)? == 0 {
            return Err(eyre!("that session is no longer in the diary"));
        }
        tx.commit().wrap_err("deleting the session")?;
        Ok(())
    }

    pub fn restore_session(&mut self, uid: &str, stamp: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        undelete(&tx, "massage_sessions", uid, stamp)?;
        tx.commit().wrap_err("undoing the delete")?;
        Ok(())
    }

    /// Sessions on the days `from`..=`to`, newest first.
    pub fn sessions_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Stored<MassageSession>>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM massage_sessions
             WHERE at >= ?1 AND at < ?2 AND deleted_at IS NULL ORDER BY at DESC, id DESC"
        ))?;
        let rows = stmt.query_map(day_bounds(from, to), session_from_row)?;
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
        let mut out = BTreeMap::new();
        for row in rows {
            let (day, count) = row?;
            let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map_err(|e| bad_column(&day, e.to_string()))?;
            out.insert(day, count);
        }
        Ok(out)
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
        let mut out = BTreeMap::new();
        for row in rows {
            let (day, counts) = row?;
            let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map_err(|e| bad_column(&day, e.to_string()))?;
            out.insert(day, counts);
        }
        Ok(out)
    }

    /// Whether a session with every recorded field equal to `s` (its time aside) was saved
    /// at or after `since` (a `created_at` stamp).
    pub fn saved_twin_since(&self, s: &MassageSession, since: &str) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM massage_sessions
             WHERE created_at >= ?1 AND technique = ?2 AND deleted_at IS NULL"
        ))?;
        let rows = stmt.query_map(params![since, s.technique.as_str()], session_from_row)?;
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
            "SELECT {COLUMNS} FROM massage_sessions WHERE deleted_at IS NULL
             ORDER BY at DESC, id DESC LIMIT 1"
        ))?;
        Ok(stmt
            .query_row([], session_from_row)
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
