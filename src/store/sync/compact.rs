//! Compaction: once every known device has acknowledged this device's changes up to some
//! point (each says what it has applied in its `device.json`), this device writes them all, from
//! its first, into one compressed snapshot, `snapshot-<last>.json`, checks it by reading it
//! back, and only then removes its own older files that the snapshot covers. It never touches
//! another device's files. A device that joins later reads the snapshot (and the files after
//! it), so it gets the whole history; a device that has applied it all never reads it.
//!
//! A snapshot is a JSON object naming the device and its last change, whose `ops` are the
//! lines of an operation file (file layout 2, one unit) compressed with DEFLATE and in base64;
//! with `sync.key_file` the whole file is sealed with `age`, like `device.json`. Every line
//! keeps its checksum, so a snapshot changed by hand is refused like any changed line.
//!
//! Each step leaves the folder complete: the snapshot is written whole (renamed into place)
//! before anything is removed, a removal only drops changes the snapshot holds, and readers
//! skip a change they already have, so a compaction killed at any moment loses nothing and the
//! next one finishes the job.

use super::folder::Found;
use super::ops::{self, SyncState};
use crate::crypt::SyncKey;
use crate::crypt::sync_key::is_sealed;
use crate::domain::Invalid;
use crate::files::sync_folder::{self as folder, DEVICE_PREFIX, Kind, snapshot_name};
use crate::sync::line::{Header, header_line, op_line_in};
use crate::sync::{DeviceId, Vector};
use base64::Engine;
use color_eyre::eyre::Result;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A sync compacts by itself once this many bytes of this device's files are acknowledged by
/// every known device (about eight months of daily use); `cramp sync compact` does it now.
pub(super) const AUTO_BYTES: u64 = 256 * 1024;

pub(crate) const SNAPSHOT_FORMAT: &str = "cramp-sync-snapshot";
/// The snapshot layout this program writes and reads.
pub(crate) const SNAPSHOT_VERSION: u32 = 1;
/// A snapshot never inflates past this (a damaged or hostile one cannot fill the memory).
const INFLATED_MAX: usize = 512 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotFile {
    format: String,
    version: u32,
    device: String,
    /// The last of the device's changes it holds (from its first).
    upto: u64,
    /// The operation lines, DEFLATE-compressed, in base64.
    ops: String,
}

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
}

/// The text of a snapshot: a file of this device's changes 1 to `ops.len()`, one unit.
fn snapshot_text(device: &DeviceId, ops: &[crate::sync::Op]) -> String {
    let end = ops.last().map_or(0, |o| o.seq);
    let mut text = header_line(&Header::new(device, 1));
    for op in ops {
        text.push_str(&op_line_in(op, end));
    }
    text
}

fn pack(device: &DeviceId, upto: u64, text: &str, key: Option<&SyncKey>) -> Vec<u8> {
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    let file = SnapshotFile {
        format: SNAPSHOT_FORMAT.into(),
        version: SNAPSHOT_VERSION,
        device: device.to_string(),
        upto,
        ops: base64::engine::general_purpose::STANDARD.encode(deflated),
    };
    let json = serde_json::to_vec(&file).unwrap_or_default();
    match key {
        Some(k) => k.seal(&json).unwrap_or_default(),
        None => json,
    }
}

/// What reading a snapshot gave.
pub(crate) enum Unpacked {
    /// Its operation lines.
    Text(String),
    /// It cannot be read as a whole snapshot (still being copied, or damaged): its changes wait.
    NotWhole,
    /// Written by a newer cramp (this layout): its changes wait for an update.
    Newer(String),
}

/// Opens the snapshot `path` of `device`, named as holding its changes to `upto`. A newer
/// layout, or one naming another device or place, is refused in one sentence.
pub(crate) fn unpack(
    path: &Path,
    device: &DeviceId,
    upto: u64,
    key: Option<&SyncKey>,
    locked: impl Fn(&Path) -> Invalid,
) -> Result<Unpacked, Invalid> {
    let Ok(mut bytes) = folder::read_from(path, 0) else {
        return Ok(Unpacked::NotWhole);
    };
    if is_sealed(&bytes) {
        let k = key.ok_or_else(|| locked(path))?;
        match k.open(&bytes, &path.display().to_string()) {
            Ok(plain) => bytes = plain,
            Err(_) => return Ok(Unpacked::NotWhole),
        }
    }
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Ok(Unpacked::NotWhole),
    };
    if value.get("format").and_then(|f| f.as_str()) != Some(SNAPSHOT_FORMAT) {
        return Err(Invalid::new(format!(
            "{} is not a cramp snapshot; move it out of the sync folder",
            path.display()
        )));
    }
    if let Some(found) = value.get("version").and_then(|v| v.as_u64())
        && found > u64::from(SNAPSHOT_VERSION)
    {
        return Ok(Unpacked::Newer(format!("snapshot layout {found}")));
    }
    let Ok(file) = serde_json::from_value::<SnapshotFile>(value) else {
        return Ok(Unpacked::NotWhole);
    };
    if file.device != device.as_str() || file.upto != upto {
        return Err(Invalid::new(format!(
            "{} names another device or place than its file name says; restore it from the device that wrote it (or move it out of the sync folder)",
            path.display()
        )));
    }
    let Ok(deflated) = base64::engine::general_purpose::STANDARD.decode(file.ops) else {
        return Ok(Unpacked::NotWhole);
    };
    match miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, INFLATED_MAX) {
        Ok(text) => Ok(String::from_utf8(text).map_or(Unpacked::NotWhole, Unpacked::Text)),
        Err(_) => Ok(Unpacked::NotWhole),
    }
}

/// The acknowledgement of every known device but this one: what it has applied of this
/// device's changes, from its `device.json` read now or, if it is not in the folder now, as it
/// was last read.
fn acknowledged(conn: &Connection, me: &DeviceId, found: &Found) -> Result<Vec<(DeviceId, u64)>> {
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
    Ok(acks.into_iter().collect())
}

/// Debug builds only (the test suite's): `CRAMP_TEST_COMPACT_PAUSE_MS` pauses after the
/// snapshot is written and after each file removed, so a test can kill a compaction at each
/// of its steps. Release builds do not contain it.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("CRAMP_TEST_COMPACT_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
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
    let acks = acknowledged(conn, &s.device, found)?;
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
    let mut out = Compacted {
        upto: had,
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
