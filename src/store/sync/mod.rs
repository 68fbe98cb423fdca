//! Sync in the store: the operations every change records (the triggers), a sync that sends
//! them and applies the other devices' (`run`), the questions waiting for the person and their
//! answers, and what `cramp sync status` shows. The merge rules themselves are in
//! [`crate::sync`]; the folder's files are read and written only by
//! [`crate::files::sync_folder`].

mod apply;
mod compact;
mod folder;
mod ops;
mod rebuild;
mod relay;
mod retire;
mod run;
mod snapshot;
mod status;
mod tables;
mod triggers;

pub use compact::{Compact, Compacted};
pub use ops::SyncState;
pub use rebuild::Rebuilt;
pub use retire::Retired;
pub use run::SyncReport;
pub use status::{Answer, DeviceStatus, FolderCheck, Question, SyncStatus};
pub(crate) use triggers::install as install_triggers;

use super::Store;
use crate::domain::{Invalid, Stamp};
use crate::sync::Conflict;
use crate::sync::conflict::NOW;
use color_eyre::eyre::{Result, WrapErr};
use serde_json::Value;

impl Store {
    /// How many questions from syncing wait for the person (the dashboard's line).
    pub fn sync_conflict_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sync_conflicts", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The questions from syncing, in a fixed order.
    pub fn sync_conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM sync_conflicts ORDER BY family, id")?;
        let bodies: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(bodies
            .iter()
            .filter_map(|b| serde_json::from_str(b).ok())
            .collect())
    }

    /// This diary as a sync device.
    pub fn sync_state(&self) -> Result<SyncState> {
        Ok(ops::state(&self.conn)?)
    }

    /// Answers the question `id` with its choice `choice` (0-based): a change of this device,
    /// made after it had seen both sides, so every device settles it the same way.
    pub fn sync_choose(&mut self, id: &str, choice: usize, now: &Stamp) -> Result<()> {
        let conflicts = self.sync_conflicts()?;
        let Some(conflict) = conflicts.iter().find(|c| c.id() == id) else {
            return Err(Invalid::new(format!(
                "no sync conflict {id} is waiting (`cramp sync conflicts` lists them)"
            ))
            .into());
        };
        let Some(chosen) = conflict.choices.get(choice) else {
            return Err(Invalid::new(format!(
                "conflict {id} has choices 1-{}, got {}",
                conflict.choices.len(),
                choice + 1
            ))
            .into());
        };
        let wall = crate::sync::clock::wall_of(now.as_str()).unwrap_or(0);
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE sync_state SET applying = 1", [])?;
        let mut families = std::collections::BTreeSet::new();
        for change in &chosen.changes {
            let fields = change
                .fields
                .iter()
                .map(|(k, v)| {
                    let v = if v == NOW {
                        Value::from(now.as_str())
                    } else {
                        v.clone()
                    };
                    (k.clone(), v)
                })
                .collect();
            let known = ops::family_of_record(&tx, &change.table, &change.uid)?;
            let op = ops::record_own(
                &tx,
                &change.table,
                &change.uid,
                known.is_none(),
                fields,
                now.as_str(),
                wall,
            )?;
            let family = match known {
                Some(f) => f,
                None => crate::sync::rules::family_of(&op.table, &op.uid, &op.fields, |_| None)
                    .unwrap_or_else(|| format!("{}:{}", op.table, op.uid)),
            };
            ops::set_family(&tx, &op.device, op.seq, &family)?;
            families.insert(family);
        }
        for family in &families {
            apply::materialize(&tx, family).map_err(|e| match e {
                Ok(u) => color_eyre::eyre::eyre!("{} {}: {}", u.table, u.uid, u.why),
                Err(e) => e.into(),
            })?;
        }
        tx.execute("UPDATE sync_state SET applying = 0", [])?;
        tx.commit().wrap_err("saving the choice")?;
        Ok(())
    }
}

/// Whether this device's key (or its lack of one) fits the sync folder `dir`: `Err` is the
/// sentence a sync would refuse with (encrypted and no key here, or another key). Reads only.
/// `own` is this device (its own sealed folder keeps it from being locked out).
pub fn check_folder_key(
    dir: &std::path::Path,
    key: Option<&crate::crypt::SyncKey>,
    own: Option<&crate::sync::DeviceId>,
) -> Result<(), crate::domain::Invalid> {
    folder::check_key(dir, key, false, own).map(|_| ())
}
