//! `cramp sync retire DEVICE`: a device gone for good (a phone lost, a diary deleted) stops
//! holding compaction back. Only a device whose every change in the folder this diary has
//! applied can be retired; its changes are then relayed by this device (see
//! [`relay`](super::relay)), so its folder can be removed and a device joining later still gets
//! them, and the retirement travels in this device's `device.json`.

use super::compact::Compact;
use super::folder::check_key;
use super::ops::{self, state};
use super::run::SyncReport;
use super::status::read_from_start;
use crate::crypt::SyncKey;
use crate::domain::{Invalid, Stamp};
use crate::files::sync_folder as folder;
use crate::store::Store;
use crate::sync::DeviceId;
use color_eyre::eyre::Result;
use std::path::Path;

/// What retiring a device did.
#[derive(Debug, Clone, PartialEq)]
pub struct Retired {
    pub device: DeviceId,
    /// Its host name, as it last said ("" if none).
    pub host: String,
    /// How many of its changes this diary had applied, all relayed.
    pub changes: u64,
    /// The relay holding them (this device's, else another's); none when it made no change,
    /// or when none could be written yet (the next sync writes it).
    pub relay: Option<std::path::PathBuf>,
    /// The sync that wrote the relay and the retirement.
    pub report: SyncReport,
}

/// A relay in `dir` holding `device`'s changes 1 to `n` or more: this device's (`me`) if it has
/// one, else another device's.
fn relay_of(dir: &Path, device: &DeviceId, n: u64, me: &DeviceId) -> Option<std::path::PathBuf> {
    let (folders, _) = folder::scan(dir).ok()?;
    let mut found: Vec<(bool, std::path::PathBuf)> = folders
        .iter()
        .flat_map(|f| {
            f.files
                .iter()
                .filter_map(move |(name, kind, _)| match kind {
                    folder::Kind::Relay(id, upto) if id == device.as_str() && *upto >= n => {
                        Some((f.id != me.as_str(), f.path.join(name)))
                    }
                    _ => None,
                })
        })
        .collect();
    found.sort();
    found.into_iter().next().map(|(_, p)| p)
}

impl Store {
    /// Retires the device `who` (the start of its id, or its host name as `sync status` shows
    /// it): refused in one sentence, nothing written, when it is this device, unknown, named
    /// ambiguously, or has changes in the folder this diary has not applied.
    pub fn sync_retire(
        &mut self,
        dir: &Path,
        who: &str,
        now: &Stamp,
        host: &str,
        key: Option<&SyncKey>,
    ) -> Result<Retired> {
        if !dir.is_dir() {
            return Err(Invalid::new(format!(
                "the sync folder {} is not there; give the folder the devices sync through",
                dir.display()
            ))
            .into());
        }
        let s = state(&self.conn)?;
        let admitted = check_key(dir, key, false, Some(&s.device))?;
        let device = self.device_named(who, &s.device)?;
        let found = read_from_start(dir, key, &s, &admitted)?;
        let applied = s.applied.get(&device);
        let in_folder = found.highest.get(&device).copied().unwrap_or(0);
        let waiting: i64 = self.conn.query_row(
            "SELECT count(*) FROM sync_waiting WHERE device = ?1",
            [device.as_str()],
            |r| r.get(0),
        )?;
        let name = self.sync_device_name(&device);
        if in_folder > applied || waiting > 0 {
            return Err(Invalid::new(format!(
                "{name} has changes in the folder this diary has not applied yet ({applied} of {} applied); sync until they are (`cramp sync`), then retire it",
                in_folder.max(applied + waiting as u64)
            ))
            .into());
        }
        let mut retired = ops::retired(&self.conn)?;
        retired.insert(device.clone(), applied);
        ops::set_retired(&self.conn, &retired)?;
        let report = self.sync_then(dir, now, host, key, Compact::Auto)?;
        let host_name = self.sync_device_host(&device);
        let relay = if applied > 0 {
            relay_of(dir, &device, applied, &s.device)
        } else {
            None
        };
        Ok(Retired {
            device,
            host: host_name,
            changes: applied,
            relay,
            report,
        })
    }

    /// The device `who` names: the start of its id (4 digits or more) or its host name, among
    /// the devices this diary has read from.
    fn device_named(&self, who: &str, me: &DeviceId) -> Result<DeviceId> {
        let who = who.trim();
        let mut stmt = self
            .conn
            .prepare("SELECT device, host FROM sync_devices ORDER BY device")?;
        let mut known: Vec<(DeviceId, String)> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(d, h)| Some((DeviceId::parse(&d)?, h)))
            .collect();
        for (d, _) in state(&self.conn)?.applied.iter() {
            if !known.iter().any(|(k, _)| k == d) {
                known.push((d.clone(), String::new()));
            }
        }
        if !known.iter().any(|(k, _)| k == me) {
            known.push((me.clone(), String::new()));
        }
        let lower = who.to_lowercase();
        let by_id = lower.len() >= 4 && lower.bytes().all(|b| b.is_ascii_hexdigit());
        let hits: Vec<&(DeviceId, String)> = known
            .iter()
            .filter(|(d, h)| {
                (by_id && d.as_str().starts_with(&lower))
                    || (!h.is_empty() && h.to_lowercase() == lower)
                    || format!("{} ({})", h.to_lowercase(), d.short()) == lower
            })
            .collect();
        match hits.as_slice() {
            [] => Err(Invalid::new(format!(
                "device must be the start of a device's id (4 digits or more) or its host name as `cramp sync status` shows them, got '{who}'"
            ))
            .into()),
            [(d, _)] if d == me => Err(Invalid::new(format!(
                "device '{who}' is this device; retire a device that is gone from another one"
            ))
            .into()),
            [(d, _)] => Ok(d.clone()),
            many => Err(Invalid::new(format!(
                "device '{who}' names {} devices ({}); give more of its id",
                many.len(),
                many.iter()
                    .map(|(d, _)| d.short().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .into()),
        }
    }
}
