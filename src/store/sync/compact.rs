//! Compaction: once every known device has acknowledged this device's changes up to some
//! point (each says what it has applied in its `device.json`), this device writes them all, from
//! its first, into one compressed snapshot, `snapshot-<last>.json`, checks it by reading it
//! back, and only then removes its own older files that the snapshot covers. It never touches
//! another device's files. A device that joins later reads the snapshot (and the files after
//! it), so it gets the whole history; a device that has applied it all never reads it.
//!
//! The snapshot's file is described in [`snapshot`](super::snapshot).
//!
//! Each step leaves the folder complete: the snapshot is written whole (renamed into place)
//! before anything is removed, a removal only drops changes the snapshot holds, and readers
//! skip a change they already have, so a compaction killed at any moment loses nothing and the
//! next one finishes the job.

use super::folder::{Found, Retired};
use super::ops::{self, SyncState};
use super::relay::is_retired;
use super::snapshot::{Unpacked, pack, snapshot_text, unpack};
use crate::crypt::SyncKey;
use crate::domain::Invalid;
use crate::files::sync_folder::{self as folder, DEVICE_PREFIX, Kind, snapshot_name};
use crate::sync::{DeviceId, Vector};
use color_eyre::eyre::Result;
use rusqlite::Connection;
use std::path::Path;

/// A sync compacts by itself once this many bytes of this device's files are acknowledged by
/// every known device (about eight months of daily use); `cramp sync compact` does it now.
pub(super) const AUTO_BYTES: u64 = 256 * 1024;

/// When a sync compacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compact {
    /// Once enough of this device's files are acknowledged ([`AUTO_BYTES`]).
    Auto,
    /// Whatever every known device has acknowledged (`cramp sync compact`).
    Now,
}

/// What a compaction did, or what it waits for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compacted {
    /// The snapshot holding this device's changes 1 to `upto` (0: none yet).
    pub upto: u64,
    /// This device's files removed now (older files and snapshots the new snapshot covers).
    pub removed: usize,
    /// The bytes of this device's folder before and after.
    pub bytes_before: u64,
    pub bytes_after: u64,
    /// The devices that have not acknowledged all of this device's changes in the folder:
    /// (device, how many of them it has applied).
    pub waiting_for: Vec<(DeviceId, u64)>,
    /// Of them, those whose folder is not in the sync folder now (gone, or not copied here).
    pub gone: Vec<DeviceId>,
}

/// The acknowledgement of every known device but this one: what it has applied of this
/// device's changes, from its `device.json` read now or, if it is not in the folder now, as it
/// was last read.
/// A retired device ([`super::relay`]) that has made no change past its retirement is left out.
fn acknowledged(
    conn: &Connection,
    s: &SyncState,
    found: &Found,
    retired: &Retired,
) -> Result<Vec<(DeviceId, u64)>> {
    let me = &s.device;
    let mut stmt = conn.prepare("SELECT device, applied FROM sync_devices")?;
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut acks: std::collections::BTreeMap<DeviceId, u64> = rows
        .into_iter()
        .filter_map(|(d, applied)| {
            let d = DeviceId::parse(&d)?;
            let v: Vector = serde_json::from_str(&applied).unwrap_or_default();
            Some((d.clone(), v.get(me)))
        })
        .collect();
    for (d, note) in &found.notes {
        acks.insert(d.clone(), note.applied.get(me));
    }
    acks.remove(me);
    acks.retain(|d, _| {
        let highest = found
            .highest
            .get(d)
            .copied()
            .unwrap_or(0)
            .max(s.applied.get(d));
        !is_retired(retired, d, highest)
    });
    Ok(acks.into_iter().collect())
}

/// Debug builds only (the test suite's): `CRAMP_TEST_COMPACT_PAUSE_MS` pauses after the
/// snapshot is written and after each file removed, so a test can kill a compaction at each
/// of its steps. Inert in release builds ([`crate::clock::test_ms`]).
fn pause_for_tests() {
    crate::clock::pause_for_tests("CRAMP_TEST_COMPACT_PAUSE_MS");
}

/// Debug builds only: `CRAMP_TEST_NO_COMPACT` turns compaction off, so
/// `tools/sync-folder-size.sh never` can measure the folder without it.
fn no_compaction_for_tests() -> bool {
    #[cfg(debug_assertions)]
    if std::env::var_os("CRAMP_TEST_NO_COMPACT").is_some() {
        return true;
    }
    false
}

/// Removes one of this device's files (already gone is as good).
fn gone(path: &Path) -> std::io::Result<()> {
    match folder::remove(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Compacts this device's own files in `dir` (after the folder was read into `found`, before
/// this sync writes its new changes).
pub(super) fn compact(
    conn: &Connection,
    dir: &Path,
    s: &SyncState,
    found: &Found,
    retired: &Retired,
    key: Option<&SyncKey>,
    when: Compact,
) -> Result<Compacted> {
    if no_compaction_for_tests() {
        return Ok(Compacted::default());
    }
    let name = format!("{DEVICE_PREFIX}{}", s.device);
    let own = dir.join(&name);
    let (folders, _) = folder::scan(dir)?;
    let Some(files) = folders.into_iter().find(|f| f.path == own).map(|f| f.files) else {
        return Ok(Compacted::default());
    };
    let acks = acknowledged(conn, s, found, retired)?;
    // Each operation file's range, as this sync read it (whole units only).
    let mut segments: Vec<(String, u64, u64, u64)> = Vec::new(); // name, first, last, bytes
    let mut snapshots: Vec<(String, u64)> = Vec::new();
    let bytes_before: u64 = files.iter().map(|(_, _, len)| *len).sum();
    for (fname, kind, len) in &files {
        match kind {
            Kind::Ops(first) => {
                let lines = found
                    .progress
                    .get(&format!("{name}/{fname}"))
                    .map_or(0, |(_, p)| p.lines);
                segments.push((fname.clone(), *first, first + lines.max(1) - 2, *len));
            }
            Kind::Snapshot(n) => snapshots.push((fname.clone(), *n)),
            _ => {}
        }
    }
    let had = snapshots.iter().map(|(_, n)| *n).max().unwrap_or(0);
    // This device's changes in the folder, and those everyone has (this device wrote them,
    // every known device applied them).
    let written = segments
        .iter()
        .map(|(_, _, last, _)| *last)
        .chain([had])
        .max()
        .unwrap_or(0);
    let settled = acks
        .iter()
        .map(|(_, n)| *n)
        .chain([s.sent, written])
        .min()
        .unwrap_or(0);
    let waiting_for: Vec<(DeviceId, u64)> =
        acks.iter().filter(|(_, n)| *n < written).cloned().collect();
    let upto = segments
        .iter()
        .map(|(_, _, last, _)| *last)
        .filter(|last| *last <= settled)
        .max()
        .unwrap_or(0)
        .max(had);
    let goes: Vec<&(String, u64, u64, u64)> = segments
        .iter()
        .filter(|(_, first, last, _)| *last <= upto && *first <= upto)
        .collect();
    let freed: u64 = goes.iter().map(|(_, _, _, len)| *len).sum();
    let present = |d: &DeviceId| {
        found.notes.contains_key(d) || found.progress.values().any(|(device, _)| device == d)
    };
    let missing = waiting_for
        .iter()
        .map(|(d, _)| d.clone())
        .filter(|d| !present(d))
        .collect();
    let mut out = Compacted {
        upto: had,
        gone: missing,
        bytes_before,
        bytes_after: bytes_before,
        waiting_for,
        ..Compacted::default()
    };
    let worth = match when {
        Compact::Auto => freed >= AUTO_BYTES,
        Compact::Now => !goes.is_empty() || upto > had,
    };
    if !worth || upto == 0 {
        return Ok(out);
    }
    if upto > had {
        let mine: Vec<_> = ops::own_after(conn, s, 0)?
            .into_iter()
            .take_while(|o| o.seq <= upto)
            .collect();
        let whole = mine.len() as u64 == upto && mine.iter().zip(1..).all(|(o, n)| o.seq == n);
        if !whole {
            return Ok(out); // the diary lacks some of its own changes: nothing to compact from
        }
        let text = snapshot_text(&s.device, &mine);
        let path = own.join(snapshot_name(upto));
        folder::replace(&path, &pack(&s.device, upto, &text, key))?;
        // Read back before anything goes.
        let back = unpack(&path, &s.device, upto, key, |p| {
            Invalid::new(format!("{} cannot be opened", p.display()))
        })?;
        if !matches!(back, Unpacked::Text(t) if t == text) {
            let _ = folder::remove(&path);
            return Ok(out);
        }
        out.upto = upto;
        pause_for_tests();
    }
    for (fname, ..) in goes {
        gone(&own.join(fname))?;
        out.removed += 1;
        pause_for_tests();
    }
    for (fname, n) in &snapshots {
        if *n < upto {
            gone(&own.join(fname))?;
            out.removed += 1;
        }
    }
    out.bytes_after = folder::scan(dir)?
        .0
        .into_iter()
        .find(|f| f.path == own)
        .map_or(0, |f| f.files.iter().map(|(_, _, len)| *len).sum());
    Ok(out)
}
