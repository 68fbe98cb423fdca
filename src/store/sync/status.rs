//! What `cramp sync status` shows: this device, and per other device what it has written, what
//! this diary applied of it, what waits, when it was last read and whether it has our changes.

use super::ops::state;
use crate::store::Store;
use crate::sync::{DeviceId, Vector};
use color_eyre::eyre::Result;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct DeviceStatus {
    pub device: DeviceId,
    pub host: String,
    /// The diary format it writes.
    pub schema: u32,
    /// Its changes, as many as it says it has made.
    pub made: u64,
    /// Of them, applied here.
    pub applied: u64,
    /// Read here but waiting for a change they depend on (or for an update of cramp).
    pub waiting: u64,
    /// How many of this device's changes it has applied (its acknowledgement).
    pub has_ours: u64,
    /// When it last wrote to the folder, and when this diary last read it (its clocks).
    pub written: String,
    pub read_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SyncStatus {
    pub device: DeviceId,
    /// Changes are recorded (it has synced once).
    pub recording: bool,
    /// This device's changes, and of them written to the folder.
    pub changes: u64,
    pub sent: u64,
    pub conflicts: usize,
    pub devices: Vec<DeviceStatus>,
    /// Changes the merge left out, and why.
    pub refused: Vec<String>,
}

impl Store {
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let s = state(&self.conn)?;
        let mut stmt = self.conn.prepare(
            "SELECT d.device, d.host, d.schema, d.applied, d.written, d.read_at,
                    (SELECT count(*) FROM sync_waiting w WHERE w.device = d.device)
             FROM sync_devices d WHERE d.device <> ?1 ORDER BY d.device",
        )?;
        let rows = stmt.query_map([s.device.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)? as u64,
            ))
        })?;
        let mut devices = Vec::new();
        for row in rows {
            let (device, host, schema, applied, written, read_at, waiting) = row?;
            let Some(device) = DeviceId::parse(&device) else {
                continue;
            };
            let theirs: Vector = serde_json::from_str(&applied).unwrap_or_default();
            devices.push(DeviceStatus {
                made: theirs.get(&device),
                applied: s.applied.get(&device),
                has_ours: theirs.get(&s.device),
                device,
                host,
                schema,
                waiting,
                written,
                read_at,
            });
        }
        let mut stmt = self
            .conn
            .prepare("SELECT device, seq, why FROM sync_refused ORDER BY device, seq")?;
        let refused = stmt
            .query_map([], |r| {
                Ok(format!(
                    "change {} of device {} was left out: {}",
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SyncStatus {
            recording: s.recording,
            changes: s.seq,
            sent: s.sent,
            conflicts: self.sync_conflict_count()?,
            devices,
            refused,
            device: s.device,
        })
    }
}

impl Store {
    /// A record in a few words, as the conflicts name it: "night 2026-03-05", "cramp on the
    /// night of 2026-03-05 (left calf, 02:10)".
    pub fn sync_label(&self, table: &str, uid: &str) -> String {
        let Some(t) = super::tables::synced_table(table) else {
            return format!("{table} {uid}");
        };
        let tx = self.conn.unchecked_transaction();
        let row = tx
            .ok()
            .and_then(|tx| super::apply::current(&tx, t, uid).ok().flatten());
        let Some(row) = row else {
            return format!("{} {uid}", crate::sync::rules::rules(table).noun);
        };
        let s = |k: &str| {
            row.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let gone = if row.get("deleted_at").is_some_and(|v| !v.is_null()) {
            " (deleted)"
        } else {
            ""
        };
        let what = match table {
            "nights" => format!("night {}", s("night_of")),
            "cramp_episodes" => {
                let night = self
                    .conn
                    .query_row(
                        "SELECT night_of FROM nights WHERE uid = ?1",
                        [s("night_uid")],
                        |r| r.get::<_, String>(0),
                    )
                    .unwrap_or_default();
                let at = s("at_time");
                format!(
                    "cramp on the night of {night} ({} {}{})",
                    s("leg"),
                    s("muscle"),
                    if at.is_empty() {
                        String::new()
                    } else {
                        format!(", {at}")
                    }
                )
            }
            "massage_sessions" => {
                format!("session {} ({})", s("at").replace('T', " "), s("technique"))
            }
            "daily_context" => format!("context of {}", s("day")),
            "routines" => format!("routine from {}", s("start_on")),
            "experiments" => format!("experiment from {}", s("start_on")),
            other => format!("{other} {uid}"),
        };
        format!("{what}{gone}")
    }

    /// A device as the person knows it: its host name and the start of its id, or "this
    /// device".
    pub fn sync_device_name(&self, device: &DeviceId) -> String {
        if state(&self.conn).is_ok_and(|s| &s.device == device) {
            return format!("this device ({})", device.short());
        }
        let host: String = self
            .conn
            .query_row(
                "SELECT host FROM sync_devices WHERE device = ?1",
                [device.as_str()],
                |r| r.get(0),
            )
            .unwrap_or_default();
        if host.is_empty() {
            format!("device {}", device.short())
        } else {
            format!("{host} ({})", device.short())
        }
    }

    /// Reads the sync folder as a sync would, applying nothing: `Err` with the sentence a sync
    /// would refuse with.
    pub fn sync_check_folder(&self, dir: &std::path::Path) -> Result<()> {
        let done = BTreeMap::new();
        super::folder::read_all(dir, &done, crate::store::LATEST_VERSION)?;
        Ok(())
    }
}
