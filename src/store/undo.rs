//! The newest delete still in the diary (deletes are soft), so `u` can take it back after a
//! restart too, and again for the one before it.

use super::Store;
use super::nights::Deletion;
use crate::domain::Uid;
use chrono::NaiveDate;
use color_eyre::eyre::Result;
use rusqlite::OptionalExtension;

/// The newest delete: a night or cramps, a session or a day's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastDelete {
    Night(Deletion),
    Session { uid: Uid, date: NaiveDate },
    Context { uid: Uid, date: NaiveDate },
}

impl Store {
    /// The rows deleted at the newest `deleted_at` stamp, or `None` when nothing is deleted.
    pub fn last_delete(&self) -> Result<Option<LastDelete>> {
        let stamp: Option<String> = self.conn.query_row(
            "SELECT MAX(s) FROM (
                 SELECT MAX(deleted_at) AS s FROM nights
                 UNION ALL SELECT MAX(deleted_at) FROM cramp_episodes
                 UNION ALL SELECT MAX(deleted_at) FROM massage_sessions
                 UNION ALL SELECT MAX(deleted_at) FROM daily_context)",
            [],
            |row| row.get(0),
        )?;
        let Some(stamp) = stamp else {
            return Ok(None);
        };
        // A night deleted with its cramps: they share the stamp.
        let night: Option<(Uid, NaiveDate)> = self
            .conn
            .query_row(
                "SELECT uid, night_of FROM nights WHERE deleted_at = ?1 ORDER BY id DESC LIMIT 1",
                [&stamp],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let episodes = |night_filter: &str, arg: &str| -> Result<Vec<Uid>> {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT e.uid FROM cramp_episodes e JOIN nights n ON n.id = e.night_id
                 WHERE e.deleted_at = ?1 AND {night_filter} ORDER BY e.id"
            ))?;
            let uids = stmt.query_map([&stamp, arg], |row| row.get::<_, Uid>(0))?;
            Ok(uids.collect::<rusqlite::Result<Vec<_>>>()?)
        };
        if let Some((uid, night_of)) = night {
            return Ok(Some(LastDelete::Night(Deletion {
                episode_uids: episodes("n.uid = ?2", &uid)?,
                night_uid: Some(uid),
                night_of,
            })));
        }
        let cramp_night: Option<NaiveDate> = self
            .conn
            .query_row(
                "SELECT n.night_of FROM cramp_episodes e JOIN nights n ON n.id = e.night_id
                 WHERE e.deleted_at = ?1 ORDER BY e.id DESC LIMIT 1",
                [&stamp],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(night_of) = cramp_night {
            return Ok(Some(LastDelete::Night(Deletion {
                episode_uids: episodes("n.night_of = ?2", &night_of.to_string())?,
                night_uid: None,
                night_of,
            })));
        }
        let session: Option<(Uid, NaiveDate)> = self
            .conn
            .query_row(
                "SELECT uid, substr(at, 1, 10) FROM massage_sessions WHERE deleted_at = ?1
                 ORDER BY id DESC LIMIT 1",
                [&stamp],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((uid, day)) = session {
            return Ok(Some(LastDelete::Session { uid, date: day }));
        }
        let context: Option<(Uid, NaiveDate)> = self
            .conn
            .query_row(
                "SELECT uid, day FROM daily_context WHERE deleted_at = ?1 ORDER BY id DESC LIMIT 1",
                [&stamp],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        Ok(context.map(|(uid, day)| LastDelete::Context { uid, date: day }))
    }
}
