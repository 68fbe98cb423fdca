//! Cramp episodes: add, edit, delete (un-logging a night left without cramps), latest.

use super::{
    Deletion, EpisodeRow, delete_night, insert_night, live_episode_count, live_night, set_status,
};
use crate::domain::{CrampEpisode, NightStatus};
use crate::domain::{Stamp, Uid};
use crate::store::Store;
use crate::store::convert::read;
use crate::store::rows::TableRow;
use crate::store::shared::new_uid;
use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::{OptionalExtension, params};

/// What adding an episode did to its night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpisodeAdded {
    /// The night was not logged; it now is, with status `cramps`.
    NewNight,
    /// The night already had cramps.
    AnotherCramp,
    /// The night had been marked cramp-free; it now has cramps.
    WasCrampFree,
    /// The night is excluded from analysis and stays so.
    StillExcluded,
}

impl Store {
    /// Adds one cramp to a night, logging the night if it was not.
    pub fn add_episode(
        &mut self,
        night_of: NaiveDate,
        episode: &CrampEpisode,
        stamp: &Stamp,
    ) -> Result<(Uid, EpisodeAdded)> {
        let tx = self.conn.transaction()?;
        let (night_uid, outcome) = match live_night(&tx, night_of)? {
            None => (
                insert_night(&tx, night_of, NightStatus::Cramps, None, stamp)?.1,
                EpisodeAdded::NewNight,
            ),
            Some(row) => {
                let outcome = match row.night.status {
                    NightStatus::Cramps => EpisodeAdded::AnotherCramp,
                    NightStatus::Excluded => EpisodeAdded::StillExcluded,
                    NightStatus::None => {
                        set_status(&tx, row.id, NightStatus::Cramps, None, stamp)?;
                        EpisodeAdded::WasCrampFree
                    }
                };
                (row.night.uid, outcome)
            }
        };
        let row = EpisodeRow::new(new_uid(), &night_uid, episode, stamp);
        tx.execute(&EpisodeRow::insert_sql(), row.params().as_slice())?;
        let uid = row.uid;
        tx.commit().wrap_err("saving the cramp")?;
        Ok((uid, outcome))
    }

    /// Soft-deletes one cramp. Deleting a night's only cramp un-logs the night too, so the
    /// diary never claims a cramp night without a cramp.
    pub fn delete_episode(&mut self, uid: &Uid, stamp: &Stamp) -> Result<Deletion> {
        let tx = self.conn.transaction()?;
        let (night_id, night_uid, night_of): (i64, Uid, NaiveDate) = tx
            .query_row(
                "SELECT n.id, n.uid, n.night_of FROM cramp_episodes e JOIN nights n ON n.id = e.night_id
                 WHERE e.uid = ?1 AND e.deleted_at IS NULL",
                [uid],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| eyre!("that cramp is no longer in the diary"))?;
        tx.execute(
            "UPDATE cramp_episodes SET deleted_at = ?2 WHERE uid = ?1",
            params![uid, stamp],
        )?;
        let remaining = live_episode_count(&tx, night_id)?;
        let status: String =
            tx.query_row("SELECT status FROM nights WHERE id = ?1", [night_id], |r| {
                r.get(0)
            })?;
        let night_deleted = remaining == 0 && status == NightStatus::Cramps.as_str();
        if night_deleted {
            delete_night(&tx, night_id, stamp)?;
        }
        tx.commit().wrap_err("deleting the cramp")?;
        Ok(Deletion {
            night_uid: night_deleted.then_some(night_uid),
            night_of,
            episode_uids: vec![uid.clone()],
        })
    }

    /// The most recently entered cramp: the cramp form starts from it.
    pub fn latest_episode(&self) -> Result<Option<CrampEpisode>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM cramp_episodes e
             WHERE e.deleted_at IS NULL ORDER BY e.id DESC LIMIT 1",
            EpisodeRow::select("e")
        ))?;
        let found = stmt.query_row([], read::<EpisodeRow>).optional()?;
        Ok(found.map(|s| s.item))
    }
}
