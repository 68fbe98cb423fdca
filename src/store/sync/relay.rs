//! Relays: when a device this diary has read from no longer has files in the folder holding the
//! changes this diary applied from it (its folder deleted or emptied by a sync tool, a phone lost
//! for good, a move to a new, empty folder), this device keeps them for it in its own folder,
//! `cramp-<this device>/relay-<that device>-<n>.json`: that device's changes 1 to `n` exactly as
//! this diary applied them (its id, sequence numbers, clocks), in a snapshot's container
//! (DEFLATE, base64, sealed with `age` when `sync.key_file` is set). A device joining later reads
//! a relay like the device's own snapshot, so it gets those changes, and every change made after
//! them that waits for them. A change held both in a relay and in its device's own file (or in two
//! relays) must be the same change in each, or the sync is refused naming the file.
//!
//! A relay is written whole (renamed into place) and read back before it counts; a newer relay of
//! the same device replaces this device's older one, and it goes once that device's own files
//! hold its changes again (unless it is retired). Nothing here touches another device's files.
//!
//! Retiring a device (`cramp sync retire`) relays it too, even while its folder is still there, so
//! its folder can be removed; the retirement travels in this device's `device.json`, and every
//! device that reads it stops waiting for the retired device's acknowledgement to compact (while
//! it has made no change past the point it was retired at).

use super::folder::{Found, Relayed, Retired};
use super::ops::{self, SyncState};
use super::snapshot::{Unpacked, pack, snapshot_text, unpack};
use crate::crypt::SyncKey;
use crate::domain::Invalid;
use crate::files::sync_folder::{self as folder, DEVICE_PREFIX, DeviceFolder, Kind, relay_name};
use crate::sync::DeviceId;
use color_eyre::eyre::Result;
use rusqlite::Connection;
use std::path::Path;

/// How far a device's own files in the folder hold its changes from its first without a gap
/// (its snapshot, then its operation files as this sync read them).
fn own_coverage(folders: &[DeviceFolder], device: &DeviceId, found: &Found) -> u64 {
    let Some(f) = folders.iter().find(|f| f.id == device.as_str()) else {
        return 0;
    };
    let name = format!("{DEVICE_PREFIX}{device}");
    let mut upto = 0;
    let mut segments: Vec<(u64, u64)> = Vec::new();
    for (fname, kind, _) in &f.files {
        match kind {
            Kind::Snapshot(n) => upto = upto.max(*n),
            Kind::Ops(first) => {
                let lines = found
                    .progress
                    .get(&format!("{name}/{fname}"))
                    .map_or(0, |(_, p)| p.lines);
                if lines > 1 {
                    segments.push((*first, first + lines - 2));
                }
            }
            _ => {}
        }
    }
    segments.sort_unstable();
    for (first, last) in segments {
        if first <= upto + 1 {
            upto = upto.max(last);
        }
    }
    upto
}

/// Whether a device counts as retired: retired here (or by a device whose `device.json` was
/// read) and no change of it known past that point.
pub(super) fn is_retired(retired: &Retired, device: &DeviceId, highest: u64) -> bool {
    retired.get(device).is_some_and(|n| highest <= *n)
}

/// This device's retirements joined with those every `device.json` read now says (the
/// larger point of each device), this device itself left out.
pub(super) fn all_retired(conn: &Connection, me: &DeviceId, found: &Found) -> Result<Retired> {
    let mut all = ops::retired(conn)?;
    for note in found.notes.values() {
        for (d, n) in &note.retired {
            let at = all.entry(d.clone()).or_default();
            *at = (*at).max(*n);
        }
    }
    all.remove(me);
    Ok(all)
}

/// How a relay stands against this diary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Holds {
    /// It reads whole and holds the changes this diary applied (or, where this diary lacks
    /// some of them, it reads whole: there is nothing here to compare it with).
    Whole,
    /// It cannot be read whole (cut short, emptied, damaged, from a newer cramp).
    NotWhole,
    /// It reads whole but holds other changes than this diary applied from that device.
    Differs,
}

/// Reads a relay back and compares it with the changes this diary applied from its device.
pub(super) fn check_relay(conn: &Connection, r: &Relayed, key: Option<&SyncKey>) -> Holds {
    let back = unpack(&r.path, &r.device, r.upto, key, |p| {
        Invalid::new(format!("{} cannot be opened", p.display()))
    });
    let Ok(Unpacked::Text(text)) = back else {
        return Holds::NotWhole;
    };
    match diary_text(conn, &r.device, r.upto) {
        Some(mine) if mine != text => Holds::Differs,
        _ => Holds::Whole,
    }
}

/// A relay's text of `device`'s changes 1 to `n` as this diary applied them, if it has all.
fn diary_text(conn: &Connection, device: &DeviceId, n: u64) -> Option<String> {
    let theirs = ops::device_ops(conn, device, n).ok()?;
    let whole = theirs.len() as u64 == n && theirs.iter().zip(1..).all(|(o, k)| o.seq == k);
    whole.then(|| snapshot_text(device, &theirs))
}

/// Writes a relay into this device's folder for each device whose changes applied here the
/// folder no longer holds whole (or that is retired and relayed by no device yet). Returns the
/// devices relayed now, each with how many of its changes.
///
/// First this device's own relays are read back against its diary: one that cannot be read
/// whole, or holds other changes than this diary applied (where it has them all to compare),
/// is removed, named in `remarks`, and counts for nothing, so it is written again below.
pub(super) fn relay(
    conn: &Connection,
    dir: &Path,
    s: &SyncState,
    found: &Found,
    retired: &Retired,
    key: Option<&SyncKey>,
    remarks: &mut Vec<String>,
) -> Result<Vec<(DeviceId, u64)>> {
    let (folders, _) = folder::scan(dir)?;
    let own = dir.join(format!("{DEVICE_PREFIX}{}", s.device));
    let mut out = Vec::new();
    let mut bad: Vec<&Relayed> = Vec::new();
    for r in found.relays.iter().filter(|r| r.holder == s.device) {
        // Only what this diary holds whole can be judged (and written again).
        if diary_text(conn, &r.device, r.upto).is_none() {
            continue;
        }
        let why = match check_relay(conn, r, key) {
            Holds::Whole => continue,
            Holds::NotWhole => "could not be read whole (cut short or damaged)",
            Holds::Differs => {
                "held other changes than this diary applied from that device (changed by hand or damaged)"
            }
        };
        let _ = folder::remove(&r.path);
        remarks.push(format!(
            "{} {why}; it was removed, and this device writes its relays again from its diary",
            r.path.display()
        ));
        bad.push(r);
    }
    let relays: Vec<&Relayed> = found.relays.iter().filter(|r| !bad.contains(r)).collect();
    for (device, n) in s.applied.iter() {
        if *device == s.device || n == 0 {
            continue;
        }
        let relayed = relays
            .iter()
            .filter(|r| &r.device == device)
            .map(|r| r.upto)
            .max()
            .unwrap_or(0);
        // A retired device's folder may be removed at any time: only relays count for it.
        let is_retired = retired.contains_key(device);
        let own_files = own_coverage(&folders, device, found);
        if !is_retired && own_files >= n {
            // Its own files hold them again (a folder copied back; a snapshot that arrived
            // after the files it replaced were removed): this device's relays of it go.
            for r in relays
                .iter()
                .filter(|r| &r.device == device && r.holder == s.device)
            {
                let _ = folder::remove(&r.path);
            }
            continue;
        }
        if relayed >= n {
            continue;
        }
        let theirs = ops::device_ops(conn, device, n)?;
        let whole = theirs.len() as u64 == n && theirs.iter().zip(1..).all(|(o, k)| o.seq == k);
        if !whole {
            continue; // this diary lacks some of them itself: it has nothing whole to relay
        }
        folder::ensure_folder(&own)?;
        let text = snapshot_text(device, &theirs);
        let path = own.join(relay_name(device.as_str(), n));
        folder::replace(&path, &pack(device, n, &text, key))?;
        let back = unpack(&path, device, n, key, |p| {
            Invalid::new(format!("{} cannot be opened", p.display()))
        })?;
        if !matches!(back, Unpacked::Text(t) if t == text) {
            let _ = folder::remove(&path);
            continue;
        }
        // This device's older relays of the same device: the new one holds all they did.
        for r in relays
            .iter()
            .filter(|r| &r.device == device && r.holder == s.device && r.upto < n)
        {
            let _ = folder::remove(&r.path);
        }
        out.push((device.clone(), n));
    }
    Ok(out)
}
