//! Tags on nights: a night's set of tags read and changed, and the tags used most recently
//! (the picker offers them first).

mod row;

pub use row::TagRow;

use super::Store;
use super::convert::day_at;
use super::rows::TableRow;
use super::shared::new_uid;
use crate::domain::tags::check_change;
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

/// Tags to add to a night and tags to take off it (both already checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagChange {
    pub add: Vec<String>,
    pub remove: Vec<String>,
}

impl TagChange {
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }

    /// What turns the set `before` into the set `after`.
    pub fn between(before: &[String], after: &[String]) -> Self {
        Self {
            add: after
                .iter()
                .filter(|t| !before.contains(t))
                .cloned()
                .collect(),
            remove: before
                .iter()
                .filter(|t| !after.contains(t))
                .cloned()
                .collect(),
        }
    }
}

/// A night's live tags, in the order first added.
pub(super) fn night_tags(conn: &Connection, night_id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tag FROM night_tags WHERE night_id = ?1 AND deleted_at IS NULL
         GROUP BY tag ORDER BY min(id)",
    )?;
    let rows = stmt.query_map([night_id], |row| row.get(0))?;
    rows.collect()
}

/// Applies `change` to the night (row `night_id`, uid `night_uid`) inside the caller's
/// transaction; refuses a change that takes the night past 20 tags.
pub(super) fn change_tags(
    conn: &Connection,
    night_id: i64,
    night_uid: &Uid,
    change: &TagChange,
    stamp: &Stamp,
) -> Result<()> {
    if change.is_empty() {
        return Ok(());
    }
    let now = night_tags(conn, night_id)?;
    for tag in &change.remove {
        conn.execute(
            "UPDATE night_tags SET deleted_at = ?3, updated_at = ?3
             WHERE night_id = ?1 AND tag = ?2 AND deleted_at IS NULL",
            params![night_id, tag, stamp],
        )?;
    }
    for tag in change.add.iter().filter(|t| !now.contains(t)) {
        let row = TagRow::new(new_uid(), night_uid, tag, stamp);
        conn.execute(&TagRow::insert_sql(), row.params().as_slice())?;
    }
    let after = night_tags(conn, night_id)?.len();
    check_change(now.len(), after)?;
    Ok(())
}

impl Store {
    /// The tags of every live night in `from..=to`.
    pub fn tags_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, Vec<String>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.night_of, t.tag FROM night_tags t JOIN nights n ON n.id = t.night_id
             WHERE n.night_of BETWEEN ?1 AND ?2
               AND t.deleted_at IS NULL AND n.deleted_at IS NULL
             GROUP BY n.night_of, t.tag ORDER BY n.night_of, min(t.id)",
        )?;
        let rows = stmt.query_map([from, to], |row| {
            Ok((day_at(row, 0)?, row.get::<_, String>(1)?))
        })?;
        let mut out: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        for row in rows {
            let (night, tag) = row?;
            out.entry(night).or_default().push(tag);
        }
        Ok(out)
    }

    /// Tags used before, the most recently added first (at most `limit`).
    pub fn recent_tags(&self, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.tag FROM night_tags t JOIN nights n ON n.id = t.night_id
             WHERE t.deleted_at IS NULL AND n.deleted_at IS NULL
             GROUP BY t.tag ORDER BY max(n.night_of) DESC, max(t.id) DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
