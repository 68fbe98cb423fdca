//! Nights: reads, writes, soft deletes and undo, and the readers of nights and their cramps
//! that the cramp and edit modules share.

mod episode_row;
mod episodes;
mod row;

pub use episode_row::EpisodeRow;
pub use episodes::EpisodeAdded;
pub use row::NightRow;

use super::Store;
use super::convert::read;
use super::rows::TableRow;
use super::shared::new_uid;
use super::tags::{TagChange, change_tags};
use crate::domain::{Invalid, Night, NightDetails, NightStatus};
use crate::domain::{Stamp, Uid};
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::{OptionalExtension, Row, Transaction, params};

/// A status to set on a night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NightChange {
    CrampFree,
    Excluded(String),
}

/// What to record about a night: an optional status and the fields to set (`Some` = set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NightEntry {
    pub change: Option<NightChange>,
    pub details: NightDetails,
}

impl NightEntry {
    /// A night logged as cramp-free, nothing else set.
    pub fn cramp_free() -> Self {
        Self {
            change: Some(NightChange::CrampFree),
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NightLogged {
    Created,
    Updated,
}

/// Rows soft-deleted together, so they can be restored together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub night_uid: Option<Uid>,
    pub night_of: NaiveDate,
    pub episode_uids: Vec<Uid>,
}

/// A live night and its row id (which its cramps point at).
pub(super) struct LiveNight {
    pub(super) id: i64,
    pub(super) night: Night,
}

/// Reads `SELECT id, {NightRow::select}` through the night's codec.
pub(super) fn live_night_from_row(row: &Row<'_>) -> rusqlite::Result<LiveNight> {
    Ok(LiveNight {
        id: row.get("id")?,
        night: read::<NightRow>(row)?,
    })
}

pub(super) fn live_night(
    tx: &Transaction<'_>,
    night_of: NaiveDate,
) -> rusqlite::Result<Option<LiveNight>> {
    tx.query_row(
        &format!(
            "SELECT t.id, {} FROM nights t WHERE night_of = ?1 AND deleted_at IS NULL",
            NightRow::select("t")
        ),
        [night_of],
        live_night_from_row,
    )
    .optional()
}

/// Marks the night deleted (its cramps are the caller's).
pub(super) fn delete_night(
    tx: &Transaction<'_>,
    night_id: i64,
    stamp: &Stamp,
) -> rusqlite::Result<usize> {
    tx.execute(
        "UPDATE nights SET deleted_at = ?2 WHERE id = ?1",
        params![night_id, stamp],
    )
}

pub(super) fn live_episode_count(tx: &Transaction<'_>, night_id: i64) -> rusqlite::Result<i64> {
    tx.query_row(
        "SELECT count(*) FROM cramp_episodes WHERE night_id = ?1 AND deleted_at IS NULL",
        [night_id],
        |row| row.get(0),
    )
}

/// Logs a night with no details yet; returns its row id and uid.
pub(super) fn insert_night(
    tx: &Transaction<'_>,
    night_of: NaiveDate,
    status: NightStatus,
    reason: Option<&str>,
    stamp: &Stamp,
) -> rusqlite::Result<(i64, Uid)> {
    let row = NightRow::new(
        new_uid(),
        night_of,
        status,
        reason.map(str::to_string),
        &NightDetails::default(),
        stamp,
    );
    insert(tx, row)
}

/// Writes a new night row; returns its row id and uid.
fn insert(tx: &Transaction<'_>, row: NightRow) -> rusqlite::Result<(i64, Uid)> {
    tx.execute(&NightRow::insert_sql(), row.params().as_slice())?;
    Ok((tx.last_insert_rowid(), row.uid))
}

pub(super) fn set_status(
    tx: &Transaction<'_>,
    night_id: i64,
    status: NightStatus,
    reason: Option<&str>,
    stamp: &Stamp,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE nights SET status = ?2, exclude_reason = ?3, updated_at = ?4 WHERE id = ?1",
        params![night_id, status.as_str(), reason, stamp],
    )?;
    Ok(())
}

impl NightChange {
    /// The status and exclusion reason the change gives a night.
    fn status(&self) -> (NightStatus, Option<String>) {
        match self {
            NightChange::CrampFree => (NightStatus::None, None),
            NightChange::Excluded(reason) => (NightStatus::Excluded, Some(reason.clone())),
        }
    }
}

impl Store {
    /// Sets a night's status and/or fields in one transaction. Refuses (as [`Invalid`]) marking
    /// a night with cramps cramp-free, and setting fields on a night that is not logged.
    pub fn log_night(
        &mut self,
        night_of: NaiveDate,
        entry: &NightEntry,
        stamp: &Stamp,
    ) -> Result<NightLogged> {
        self.log_night_tagged(night_of, entry, &TagChange::default(), stamp)
    }

    /// As [`Store::log_night`], adding and taking off tags in the same transaction.
    pub fn log_night_tagged(
        &mut self,
        night_of: NaiveDate,
        entry: &NightEntry,
        tags: &TagChange,
        stamp: &Stamp,
    ) -> Result<NightLogged> {
        let tx = self.conn.transaction()?;
        let outcome = match (live_night(&tx, night_of)?, &entry.change) {
            (None, None) => {
                return Err(Invalid::new(format!(
                    "night {night_of} is not logged yet: add --none, --exclude REASON or log a cramp first"
                ))
                .into());
            }
            (None, Some(change)) => {
                let (status, reason) = change.status();
                let row = NightRow::new(new_uid(), night_of, status, reason, &entry.details, stamp);
                let (id, uid) = insert(&tx, row)?;
                change_tags(&tx, id, &uid, tags, stamp)?;
                NightLogged::Created
            }
            (Some(LiveNight { id, night }), change) => {
                if change == &Some(NightChange::CrampFree) {
                    let count = live_episode_count(&tx, id)?;
                    if count > 0 {
                        return Err(Invalid::new(format!(
                            "night {night_of} has {count} cramp{} recorded, so it cannot be marked cramp-free; delete {} in the history screen first",
                            if count == 1 { "" } else { "s" },
                            if count == 1 { "it" } else { "them" },
                        ))
                        .into());
                    }
                }
                let (status, reason) = change
                    .as_ref()
                    .map_or((night.status, night.exclude_reason), NightChange::status);
                // The whole row through its codec: the fields the entry sets, the rest as stored.
                let details = night.details.patched(&entry.details);
                let row = NightRow::new(night.uid, night_of, status, reason, &details, stamp);
                tx.execute(&NightRow::update_sql(), row.params().as_slice())?;
                change_tags(&tx, id, &row.uid, tags, stamp)?;
                NightLogged::Updated
            }
        };
        tx.commit().wrap_err("saving the night")?;
        Ok(outcome)
    }

    /// Soft-deletes a night with all its cramps.
    pub fn delete_night(&mut self, night_uid: &Uid, stamp: &Stamp) -> Result<Deletion> {
        let tx = self.conn.transaction()?;
        let (night_id, night_of): (i64, NaiveDate) = tx
            .query_row(
                "SELECT id, night_of FROM nights WHERE uid = ?1 AND deleted_at IS NULL",
                [night_uid],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| eyre!("that night is no longer in the diary"))?;
        let episode_uids = {
            let mut stmt = tx.prepare(
                "SELECT uid FROM cramp_episodes WHERE night_id = ?1 AND deleted_at IS NULL",
            )?;
            let uids = stmt.query_map([night_id], |row| row.get::<_, Uid>(0))?;
            uids.collect::<rusqlite::Result<Vec<_>>>()?
        };
        tx.execute(
            "UPDATE cramp_episodes SET deleted_at = ?2 WHERE night_id = ?1 AND deleted_at IS NULL",
            params![night_id, stamp],
        )?;
        delete_night(&tx, night_id, stamp)?;
        tx.commit().wrap_err("deleting the night")?;
        Ok(Deletion {
            night_uid: Some(night_uid.clone()),
            night_of,
            episode_uids,
        })
    }

    /// The night, or the cramps of one night, deleted at `stamp`: restored together.
    pub(super) fn night_deleted_at(&self, stamp: &str) -> Result<Option<Deletion>> {
        // A night deleted with its cramps: they share the stamp.
        let night: Option<(Uid, NaiveDate)> = self
            .conn
            .query_row(
                "SELECT uid, night_of FROM nights WHERE deleted_at = ?1 ORDER BY id DESC LIMIT 1",
                [stamp],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let episodes = |night_filter: &str, arg: &str| -> Result<Vec<Uid>> {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT e.uid FROM cramp_episodes e JOIN nights n ON n.id = e.night_id
                 WHERE e.deleted_at = ?1 AND {night_filter} ORDER BY e.id"
            ))?;
            let uids = stmt.query_map([stamp, arg], |row| row.get::<_, Uid>(0))?;
            Ok(uids.collect::<rusqlite::Result<Vec<_>>>()?)
        };
        if let Some((uid, night_of)) = night {
            return Ok(Some(Deletion {
                episode_uids: episodes("n.uid = ?2", uid.as_str())?,
                night_uid: Some(uid),
                night_of,
            }));
        }
        let cramp_night: Option<NaiveDate> = self
            .conn
            .query_row(
                "SELECT n.night_of FROM cramp_episodes e JOIN nights n ON n.id = e.night_id
                 WHERE e.deleted_at = ?1 ORDER BY e.id DESC LIMIT 1",
                [stamp],
                |row| row.get(0),
            )
            .optional()?;
        cramp_night
            .map(|night_of| {
                Ok(Deletion {
                    episode_uids: episodes("n.night_of = ?2", &night_of.to_string())?,
                    night_uid: None,
                    night_of,
                })
            })
            .transpose()
    }

    /// Undoes a [`Deletion`]. Refused if the night has been logged again since.
    pub fn restore(&mut self, deletion: &Deletion, stamp: &Stamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        if let Some(night_uid) = &deletion.night_uid {
            if live_night(&tx, deletion.night_of)?.is_some() {
                return Err(Invalid::new(format!(
                    "cannot undo: night {} has been logged again since",
                    deletion.night_of
                ))
                .into());
            }
            tx.execute(
                "UPDATE nights SET deleted_at = NULL, updated_at = ?2 WHERE uid = ?1",
                params![night_uid, stamp],
            )?;
        }
        for uid in &deletion.episode_uids {
            tx.execute(
                "UPDATE cramp_episodes SET deleted_at = NULL, updated_at = ?2 WHERE uid = ?1",
                params![uid, stamp],
            )?;
        }
        // A restored cramp on a night since marked cramp-free turns it back into a cramp night.
        tx.execute(
            "UPDATE nights SET status = 'cramps', updated_at = ?2
             WHERE night_of = ?1 AND deleted_at IS NULL AND status = 'none'
               AND EXISTS (SELECT 1 FROM cramp_episodes e WHERE e.night_id = nights.id
                           AND e.deleted_at IS NULL)",
            params![deletion.night_of, stamp],
        )?;
        tx.commit().wrap_err("undoing the delete")?;
        Ok(())
    }

    pub fn is_logged(&self, night_of: NaiveDate) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM nights WHERE night_of = ?1 AND deleted_at IS NULL)",
            [night_of],
            |row| row.get(0),
        )?)
    }

    /// The first night the diary has (where it began), if any.
    pub fn first_night(&self) -> Result<Option<NaiveDate>> {
        Ok(self.conn.query_row(
            "SELECT MIN(night_of) FROM nights WHERE deleted_at IS NULL",
            [],
            |row| row.get(0),
        )?)
    }

    pub fn night(&self, night_of: NaiveDate) -> Result<Option<Night>> {
        Ok(self.nights_between(night_of, night_of)?.pop())
    }

    /// Logged nights from `from` to `to` inclusive, newest first, each with its cramps in night
    /// order (23:30 before 01:05; untimed ones last, in the order they were entered).
    pub fn nights_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Night>> {
        let mut rows = self.live_nights(from, to)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT e.night_id, {} FROM cramp_episodes e
             JOIN nights n ON n.id = e.night_id
             WHERE n.night_of BETWEEN ?1 AND ?2 AND n.deleted_at IS NULL AND e.deleted_at IS NULL
             ORDER BY e.id",
            EpisodeRow::select("e")
        ))?;
        let episodes = stmt.query_map([&from, &to], |row| {
            let night_id: i64 = row.get("night_id")?;
            Ok((night_id, read::<EpisodeRow>(row)?))
        })?;
        for item in episodes {
            let (night_id, episode) = item?;
            if let Some(row) = rows.iter_mut().find(|r| r.id == night_id) {
                row.night.episodes.push(episode);
            }
        }
        for row in &mut rows {
            row.night
                .episodes
                .sort_by_key(|e| crate::domain::night::night_order(e.item.at));
        }
        Ok(rows.into_iter().map(|r| r.night).collect())
    }

    /// Logged nights from `from` to `to` inclusive without their cramps, newest first.
    pub(super) fn live_nights(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> rusqlite::Result<Vec<LiveNight>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT t.id, {} FROM nights t
             WHERE night_of BETWEEN ?1 AND ?2 AND deleted_at IS NULL
             ORDER BY night_of DESC",
            NightRow::select("t")
        ))?;
        stmt.query_map([&from, &to], live_night_from_row)?.collect()
    }
}
