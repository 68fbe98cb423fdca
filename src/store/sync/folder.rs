//! Reading the sync folder: every device's files, from where the last sync stopped, each line
//! checked (its checksum, its device, its place in the sequence) before anything is applied.
//! A file that is not ours, changed by hand or from a newer cramp stops the sync with one
//! sentence naming it; a last line still being copied waits for the next sync.

use crate::crypt::SyncKey;
use crate::crypt::sync_key::{is_sealed, not_sealed};
use crate::domain::Invalid;
use crate::files::sync_folder::{self as folder, DEVICE_FILE, DeviceFolder, Kind};
use crate::sync::line::{self, Bad};
use crate::sync::{DeviceId, Op, Vector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where reading a file stopped: bytes of whole lines, how many lines, the last one's checksum.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Progress {
    pub read_to: u64,
    pub lines: u64,
    pub last: String,
}

/// An operation read, with the file and line it came from.
#[derive(Debug, Clone)]
pub(crate) struct Read {
    pub op: Op,
    pub file: String,
    pub line: u64,
}

/// What a device says of itself in its `device.json`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DeviceNote {
    pub format: String,
    pub device: String,
    /// The one place text from the folder that is shown to a person comes in: its control
    /// characters and bidirectional overrides become visible escapes (`\x1b`), as a note's do,
    /// so a hostile or damaged file cannot retitle, clear or reorder a terminal or the screen.
    #[serde(default, deserialize_with = "shown_safely")]
    pub host: String,
    #[serde(default)]
    pub schema: u32,
    /// What it had applied (its own changes included): its acknowledgement.
    #[serde(default)]
    pub applied: Vector,
    #[serde(default)]
    pub written: String,
    /// The devices it retired (`cramp sync retire`), each with the last of its changes then:
    /// every device that reads it stops waiting for theirs to compact.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub retired: Retired,
}

fn shown_safely<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let text: String = serde::Deserialize::deserialize(d)?;
    Ok(crate::format::escaped(&text))
}

/// Retired devices, each with the last of its changes when it was retired.
pub(crate) type Retired = BTreeMap<DeviceId, u64>;

/// A relay found in the folder: `holder` keeps `device`'s changes 1 to `upto` in `path`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Relayed {
    pub device: DeviceId,
    pub upto: u64,
    pub holder: DeviceId,
    pub path: std::path::PathBuf,
}

pub(crate) const DEVICE_FORMAT: &str = "cramp-sync-device";

/// Everything new in the folder.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub ops: Vec<Read>,
    pub progress: BTreeMap<String, (DeviceId, Progress)>,
    pub notes: BTreeMap<DeviceId, DeviceNote>,
    /// Things worth saying that stop nothing (a torn line, a conflict copy).
    pub remarks: Vec<String>,
    /// The highest sequence number of each device's files.
    pub highest: BTreeMap<DeviceId, u64>,
    /// The relays in the folder.
    pub relays: Vec<Relayed>,
    /// Devices whose folders were not read (see [`Admitted`]).
    pub skipped: BTreeSet<DeviceId>,
    /// Devices whose files hold changes from a newer cramp (read up to them).
    pub newer: BTreeSet<DeviceId>,
    /// This device's own files that end in a write cut short (killed, a full disk): the next
    /// sync cuts them back to their last whole unit (never "still being copied": only this
    /// device writes them).
    pub own_cut: Vec<String>,
}

fn refuse(path: &Path, what: impl std::fmt::Display) -> Invalid {
    Invalid::new(format!("{} {what}", path.display()))
}

const WHAT_TO_DO_CHANGED: &str = "was changed by hand or damaged; restore it from the device that wrote it (or move it out of the sync folder: every diary that read it keeps its changes)";
const WHAT_TO_DO_FOREIGN: &str = "move it out of the sync folder";

/// The file at the top of an encrypted sync folder: says it is encrypted, and which key
/// (the last characters of its public half, nothing secret), so a device without the key, or
/// with another one, knows before it reads or writes anything.
pub(crate) const LOCK_FILE: &str = "cramp-encrypted.txt";
const LOCK_HEAD: &str = "cramp-diary encrypted sync folder; key ";

const NO_KEY: &str = "set sync.key_file in the config to the folder's key file (the same file on every device) to sync; this diary keeps working on its own meanwhile";

/// What a sync may read of the folder, after its key was checked: sentences to say, and the
/// device folders (by id) whose files are not applied.
#[derive(Debug, Default)]
pub(crate) struct Admitted {
    pub remarks: Vec<String>,
    pub skip: BTreeSet<String>,
}

/// How a device folder's `device.json` stands against this device's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seal {
    /// Sealed to this device's key.
    Mine,
    /// Sealed to another key (or sealed, and this device has none).
    Another,
    /// Sealed, but cut before its header ends (still being copied).
    Cut,
    Plain,
    /// Missing or empty.
    Absent,
}

/// Every device folder's note, how it is sealed, and its bytes (folders holding no changes
/// left out).
fn survey(dir: &Path, key: Option<&SyncKey>) -> Vec<(String, PathBuf, Seal, Vec<u8>)> {
    let Ok((folders, _)) = folder::scan(dir) else {
        return Vec::new();
    };
    folders
        .into_iter()
        .filter(|f| {
            f.files.iter().any(|(_, kind, _)| {
                *kind == Kind::Device || is_ops(kind) || matches!(kind, Kind::Snapshot(_))
            })
        })
        .map(|f| {
            let note = f.path.join(DEVICE_FILE);
            let text = folder::read_part(&note, 0, line::LINE_MAX_BYTES).unwrap_or_default();
            let seal = if text.is_empty() {
                Seal::Absent
            } else if !is_sealed(&text) {
                Seal::Plain
            } else {
                match key.map(|k| k.sealed_to_me(&text)) {
                    Some(Some(true)) => Seal::Mine,
                    Some(None) => Seal::Cut,
                    _ => Seal::Another,
                }
            };
            (f.id, note, seal, text)
        })
        .collect()
}

/// Checks the folder's encryption against this device's key, before anything is read or
/// written. The devices' sealed notes (`device.json`) decide, not the marker file any device
/// can write. A device whose own note in the folder opens with its key has synced there with
/// it: it is never refused for other devices' notes sealed to another key (they are named and
/// their folders not applied, as plain ones are). Any other device with the key is refused
/// when the other devices' notes are sealed to another key (none to this one, or more to
/// another than to this), counting byte-identical notes (copies of one device's folder) once.
/// Otherwise the notes sealed to another key and the plain ones are named and their folders
/// not applied, and a marker that names another key is rewritten (`mark`) or said to be. Only
/// when no device note is sealed yet does the marker decide (and `mark` writes it for a device
/// with a key). A device without a key is refused when the folder is marked or holds sealed
/// notes. `own` is this device (its own folder is never skipped, nor counted as another
/// device's).
pub(crate) fn check_key(
    dir: &Path,
    key: Option<&SyncKey>,
    mark: bool,
    own: Option<&DeviceId>,
) -> Result<Admitted, Invalid> {
    let lock = dir.join(LOCK_FILE);
    let marked = folder::read_part(&lock, 0, 1024).ok().map(|b| {
        String::from_utf8_lossy(&b)
            .trim()
            .strip_prefix(LOCK_HEAD)
            .unwrap_or("?")
            .to_string()
    });
    let notes = survey(dir, key);
    let Some(k) = key else {
        if marked.is_some() {
            return Err(Invalid::new(format!(
                "the sync folder {} is encrypted and this device has no key: {NO_KEY}",
                dir.display()
            )));
        }
        return match notes
            .iter()
            .find(|n| matches!(n.2, Seal::Another | Seal::Cut))
        {
            Some((_, note, _, _)) => Err(locked(note)),
            None => Ok(Admitted::default()),
        };
    };
    let is_own = |id: &str| own.is_some_and(|o| o.as_str() == id);
    // Copies of one device's folder (byte-identical notes: a sealed note is never the same
    // twice) count once.
    let count = |seal: Seal, others: bool| {
        notes
            .iter()
            .filter(|n| n.2 == seal && !(others && is_own(&n.0)))
            .map(|n| n.3.as_slice())
            .collect::<BTreeSet<_>>()
            .len()
    };
    let (mine, another) = (count(Seal::Mine, false), count(Seal::Another, false));
    // This device synced here with its key: its own history holds the folder for it.
    let own_mine = notes.iter().any(|n| n.2 == Seal::Mine && is_own(&n.0));
    let fp = k.fingerprint();
    if !own_mine
        && count(Seal::Another, true) > 0
        && (count(Seal::Mine, true) == 0 || another > mine)
    {
        let note = notes
            .iter()
            .find(|n| n.2 == Seal::Another && !is_own(&n.0))
            .map(|n| n.1.display().to_string())
            .unwrap_or_default();
        return Err(Invalid::new(format!(
            "the sync folder {} holds files sealed with another key than sync.key_file holds (ending {fp}), {note} among them ({another} device folders sealed with another key, {mine} with this one); use the same key file on every device (nothing was read or written)",
            dir.display(),
        )));
    }
    let write_marker = || {
        folder::replace(&lock, format!("{LOCK_HEAD}{fp}\n").as_bytes())
            .map_err(|e| Invalid::new(crate::files::write_error(&lock, &e)))
    };
    let mut out = Admitted::default();
    if mine + another == 0 {
        // No device's note is sealed yet: the marker is all there is to go by.
        match marked {
            Some(f) if f != fp => {
                return Err(Invalid::new(format!(
                    "the sync folder {} is encrypted with another key (ending {f}) than sync.key_file holds (ending {fp}); use the same key file on every device (nothing was read or written)",
                    dir.display(),
                )));
            }
            None if mark => write_marker()?,
            _ => {}
        }
    } else if marked.as_deref() != Some(fp.as_str()) && mine > another {
        if mark {
            write_marker()?;
        }
        if let Some(f) = marked {
            out.remarks.push(format!(
                "{} named another key (ending {f}), but the devices' files here are sealed with this device's key (ending {fp}); {}",
                lock.display(),
                if mark { "it was rewritten" } else { "the next sync rewrites it" }
            ));
        }
    }
    for (id, note, seal, _) in notes.iter().filter(|n| !is_own(&n.0)) {
        let why = match seal {
            Seal::Mine => continue,
            Seal::Another if another >= mine => format!(
                "is sealed with another key than this device's (ending {fp}); nothing from that device is applied. The folder's devices use two keys ({mine} device folders sealed with this device's, {another} with another): give every device the same key file"
            ),
            Seal::Another => format!(
                "is sealed with another key than this folder's (ending {fp}); nothing from that device is applied: give it the same key file as the other devices"
            ),
            Seal::Plain => format!(
                "is not sealed with this folder's key (ending {fp}); nothing from that device is applied (a device folder copied in from elsewhere, or a device not given the key yet: set its sync.key_file to the folder's key file and sync there)"
            ),
            Seal::Absent => "is not there yet; nothing from that device is applied until it arrives sealed with this folder's key".to_string(),
            Seal::Cut => "cannot be read whole yet (still being copied); that device's changes are read at the next sync".to_string(),
        };
        out.remarks.push(format!("{} {why}", note.display()));
        out.skip.insert(id.clone());
    }
    Ok(out)
}

/// A sealed file or line read by a device without the key.
fn locked(path: &Path) -> Invalid {
    refuse(
        path,
        format!("is encrypted and this device has no key: {NO_KEY}"),
    )
}

/// Reads every device folder in `dir` from the progress `done` (by file name `cramp-x/file`),
/// opening sealed files and lines with `key`.
pub(crate) fn read_all(
    dir: &Path,
    done: &BTreeMap<String, Progress>,
    have: &Vector,
    known_schema: u32,
    key: Option<&SyncKey>,
    admitted: &Admitted,
    own: Option<&DeviceId>,
) -> Result<Found, Invalid> {
    let (folders, _others) = folder::scan(dir).map_err(|e| {
        Invalid::new(format!(
            "the sync folder {} cannot be read ({})",
            dir.display(),
            e.to_string().to_lowercase()
        ))
    })?;
    let mut found = Found::default();
    for f in &folders {
        if admitted.skip.contains(&f.id) {
            if let Some(d) = DeviceId::parse(&f.id) {
                found.skipped.insert(d);
            }
            continue;
        }
        let mine = own.is_some_and(|o| o.as_str() == f.id);
        read_device(f, done, have, known_schema, key, mine, &mut found)?;
    }
    agree(&found)?;
    Ok(found)
}

/// A change read from two files (a device's own and a relay, or two relays) must be the same
/// change in both: otherwise one of them was changed, and it is named (the relay if one is).
fn agree(found: &Found) -> Result<(), Invalid> {
    let mut first: BTreeMap<crate::sync::OpId, &Read> = BTreeMap::new();
    for r in &found.ops {
        let Some(other) = first.get(&r.op.id()) else {
            first.insert(r.op.id(), r);
            continue;
        };
        if other.op != r.op {
            let is_relay = |x: &Read| {
                Path::new(&x.file)
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("relay-"))
            };
            let (bad, good) = if is_relay(other) && !is_relay(r) {
                (*other, r)
            } else {
                (r, *other)
            };
            return Err(Invalid::new(format!(
                "{} line {} holds device {}'s change {} otherwise than {} line {} does, so one of them was changed by hand or damaged; restore it from the device that wrote it (or move it out of the sync folder: every diary that read it keeps its changes)",
                bad.file, bad.line, r.op.device, r.op.seq, good.file, good.line
            )));
        }
    }
    Ok(())
}

fn read_device(
    f: &DeviceFolder,
    done: &BTreeMap<String, Progress>,
    have: &Vector,
    known: u32,
    sync_key: Option<&SyncKey>,
    mine: bool,
    found: &mut Found,
) -> Result<(), Invalid> {
    let Some(device) = DeviceId::parse(&f.id) else {
        return Err(refuse(
            &f.path,
            format!(
                "is not a cramp device's folder (its name must be cramp- and 16 hex digits); {WHAT_TO_DO_FOREIGN}"
            ),
        ));
    };
    let folder_name = f
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for (name, kind, len) in &f.files {
        let path = f.path.join(name);
        let key = format!("{folder_name}/{name}");
        match kind {
            // A snapshot holds the device's changes from its first to `n`: read only by a
            // device that lacks some of them (one that joined after the files it replaced went).
            Kind::Snapshot(n) => {
                if *n > have.get(&device) {
                    read_snapshot(&path, &device, *n, known, sync_key, found)?;
                }
            }
            // Another device's changes relayed by this one: read like that device's snapshot,
            // only by a device that lacks some of them.
            Kind::Relay(id, n) => {
                let Some(of) = DeviceId::parse(id) else {
                    continue;
                };
                let head = folder::read_part(&path, 0, 64).unwrap_or_default();
                if let Some(said) = not_sealed(sync_key, &head, &path.display().to_string()) {
                    found.remarks.push(said);
                    continue;
                }
                found.relays.push(Relayed {
                    device: of.clone(),
                    upto: *n,
                    holder: device.clone(),
                    path: path.clone(),
                });
                if *n > have.get(&of) {
                    read_snapshot(&path, &of, *n, known, sync_key, found)?;
                }
            }
            // A sync tool's file mid-transfer, or the system's folder metadata: not ours to read.
            Kind::ToolFile => {}
            Kind::Temporary | Kind::ConflictCopy(_) if !is_ops(kind) => {
                if matches!(kind, Kind::ConflictCopy(_)) {
                    found.remarks.push(format!(
                        "{} is a sync tool's conflict copy; cramp reads what it needs from the device's own file",
                        path.display()
                    ));
                }
            }
            Kind::Foreign => {
                return Err(refuse(
                    &path,
                    format!("is not a cramp sync file; {WHAT_TO_DO_FOREIGN}"),
                ));
            }
            Kind::Device => {
                // A device note is small (what it applied, per device): never read past the
                // bound of a sync line.
                let mut text =
                    folder::read_part(&path, 0, line::LINE_MAX_BYTES).unwrap_or_default();
                if let Some(said) = not_sealed(sync_key, &text, &path.display().to_string()) {
                    found.remarks.push(said);
                    continue;
                }
                if is_sealed(&text) {
                    let k = sync_key.ok_or_else(|| locked(&path))?;
                    // Sealed to this key (checked before): one that does not open is cut short.
                    text = k
                        .open(&text, &path.display().to_string())
                        .unwrap_or_else(|_| b"{".to_vec());
                }
                match serde_json::from_slice::<DeviceNote>(&text) {
                    Ok(n) if n.format == DEVICE_FORMAT && n.device == f.id => {
                        found.notes.insert(device.clone(), n);
                    }
                    // Being replaced as we read: next time.
                    _ if text.is_empty() => {}
                    // Cut short: still being copied; read again at the next sync.
                    Err(e) if e.is_eof() => found.remarks.push(format!(
                        "{} cannot be read whole yet (still being copied); it is read again at the next sync",
                        path.display()
                    )),
                    _ => {
                        return Err(refuse(
                            &path,
                            format!("is not a cramp device file; {WHAT_TO_DO_FOREIGN}"),
                        ));
                    }
                }
            }
            _ => {
                if matches!(kind, Kind::ConflictCopy(_)) {
                    found.remarks.push(format!(
                        "{} is a sync tool's conflict copy; its changes are read too, and it may be deleted once every device has synced",
                        path.display()
                    ));
                }
                let first = match kind {
                    Kind::Ops(n) => *n,
                    Kind::ConflictCopy(k) => match **k {
                        Kind::Ops(n) => n,
                        _ => 0,
                    },
                    _ => 0,
                };
                let before = done.get(&key).cloned().unwrap_or_default();
                let from = From {
                    device: &device,
                    first,
                    mine,
                    copy: matches!(kind, Kind::ConflictCopy(_)),
                };
                let p = read_ops_file(&path, &from, *len, &before, known, sync_key, found)?;
                found.progress.insert(key, (device.clone(), p));
            }
        }
    }
    Ok(())
}

/// Reads a snapshot's changes into `found`; one that cannot be read whole yet (still being
/// copied) is named, and its changes wait for it.
fn read_snapshot(
    path: &Path,
    device: &DeviceId,
    upto: u64,
    known: u32,
    key: Option<&SyncKey>,
    found: &mut Found,
) -> Result<(), Invalid> {
    match super::snapshot::unpack(path, device, upto, key, locked)? {
        super::snapshot::Unpacked::Newer(what) => {
            found
                .remarks
                .push(newer(path, &what, super::snapshot::SNAPSHOT_VERSION));
            found.newer.insert(device.clone());
            Ok(())
        }
        super::snapshot::Unpacked::NotSealed(said) => {
            found.remarks.push(said);
            Ok(())
        }
        super::snapshot::Unpacked::NotWhole => {
            found.remarks.push(format!(
                "{} cannot be read whole yet (still being copied, or damaged); the changes in it wait until it can",
                path.display()
            ));
            Ok(())
        }
        super::snapshot::Unpacked::Text(text) => {
            let (lines, _) = line::complete_lines(&text);
            let (p, _) = read_lines(
                path,
                device,
                1,
                &lines,
                &Progress::default(),
                known,
                None,
                found,
            )?;
            if p.lines != upto + 1 {
                return Err(refuse(
                    path,
                    format!("holds other changes than its name says; {WHAT_TO_DO_CHANGED}"),
                ));
            }
            Ok(())
        }
    }
}

fn is_ops(kind: &Kind) -> bool {
    match kind {
        Kind::Ops(_) => true,
        Kind::ConflictCopy(k) => matches!(**k, Kind::Ops(_)),
        _ => false,
    }
}

/// Whose operation file is read: its device, its first change, whether it is this device's
/// own file, whether it is a sync tool's conflict copy of one.
struct From<'a> {
    device: &'a DeviceId,
    first: u64,
    mine: bool,
    copy: bool,
}

/// Reads one operation file from where it was left (or from the start if it changed under us).
fn read_ops_file(
    path: &Path,
    from: &From<'_>,
    len: u64,
    before: &Progress,
    known: u32,
    key: Option<&SyncKey>,
    found: &mut Found,
) -> Result<Progress, Invalid> {
    let io = |e: std::io::Error| {
        refuse(
            path,
            format!("cannot be read ({})", e.to_string().to_lowercase()),
        )
    };
    // Still as we left it? The checksum that ended the last line read must be where it was.
    let mut start = Progress::default();
    if before.read_to >= 17 && len >= before.read_to {
        let tail = folder::read_part(path, before.read_to - 17, 17).map_err(io)?;
        if tail.get(..16) == Some(before.last.as_bytes()) && tail.get(16) == Some(&b'\n') {
            start = before.clone();
        }
    }
    if start.read_to == 0 && before.read_to > 0 {
        found.remarks.push(format!(
            "{} was replaced by a different or shorter copy; it was read again from the start",
            path.display()
        ));
    }
    let read = folder::lines_from(path, start.read_to, line::LINE_MAX_BYTES).map_err(io)?;
    if read.too_long {
        return Err(refuse(
            path,
            format!(
                "line {} is longer than {} MiB (no cramp change is near that long); it {WHAT_TO_DO_CHANGED}",
                start.lines + read.lines.len() as u64 + 1,
                line::LINE_MAX_BYTES / (1024 * 1024)
            ),
        ));
    }
    let lines: Vec<&str> = read.lines.iter().map(String::as_str).collect();
    let device = from.device;
    let (whole, all) = read_lines(path, device, from.first, &lines, &start, known, key, found)?;
    // A newer cramp's change is whole: it waits for the update, never "still being copied".
    let held = found.newer.contains(device);
    let torn = read.rest;
    let part = !held && whole.lines < all.lines && !torn;
    if from.copy && part {
        // A conflict copy never grows: said once, and its part of a save is passed over (the
        // device's own file holds the whole save).
        found.remarks.push(format!(
            "{} is a sync tool's conflict copy holding only part of a save (lines {} to {}); a conflict copy never grows, so that part is passed over (the device's own file holds the whole save)",
            path.display(),
            whole.lines + 1,
            all.lines
        ));
        return Ok(all);
    } else if from.mine && !from.copy && (torn || part) {
        found.own_cut.push(format!(
            "{} ends in a write cut short (the process killed, or the disk full); the next sync cuts it back to its last whole save and writes those changes again",
            path.display()
        ));
    } else if torn && !held {
        found.remarks.push(format!(
            "{} ends in a line still being copied; it is read when it is whole",
            path.display()
        ));
    } else if part {
        found.remarks.push(format!(
            "{} ends in a save still being copied (lines {} to {} of it have arrived); it is applied when every line of it is there",
            path.display(),
            whole.lines + 1,
            all.lines
        ));
    }
    Ok(whole)
}

/// Reads the complete `lines` of an operation file, the first of them its line
/// `start.lines + 1`, into `found`: only whole units (the lines one sync wrote together), so
/// a save is read all of it or none of it. Returns where the last whole unit ends, and where
/// the last line read ends (the same unless a unit is still incomplete).
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_lines(
    path: &Path,
    device: &DeviceId,
    first: u64,
    lines: &[&str],
    start: &Progress,
    known: u32,
    key: Option<&SyncKey>,
    found: &mut Found,
) -> Result<(Progress, Progress), Invalid> {
    let mut p = start.clone();
    // The unit being read: its lines so far and the sequence number it ends with.
    let mut unit: Vec<Read> = Vec::new();
    let mut unit_end = 0;
    let mut whole = start.clone();
    for raw in lines {
        let raw = *raw;
        p.read_to += raw.len() as u64 + 1;
        p.lines += 1;
        let at = p.lines;
        // With the folder's key, a plain line is not applied: neither it nor what follows in
        // this file (its device's sequence stops there); it is named at every sync until its
        // device, syncing with the key, cuts it off its own file and writes its changes sealed.
        if let Some(said) = not_sealed(
            key,
            raw.as_bytes(),
            &format!("{} line {at}", path.display()),
        ) {
            found.remarks.push(said);
            return Ok((whole.clone(), whole));
        }
        // A sealed line is opened first; its last characters mark where reading stopped.
        let sealed = is_sealed(raw.as_bytes());
        let opened;
        let l = if sealed {
            let key = key.ok_or_else(|| locked(path))?;
            let plain = key.open_line(raw, &format!("{} line {at}", path.display()))?;
            opened = String::from_utf8_lossy(&plain).into_owned();
            opened.as_str()
        } else {
            raw
        };
        let bad = |b: Bad| -> Invalid {
            match b {
                Bad::Changed => refuse(path, format!("line {at} {WHAT_TO_DO_CHANGED}")),
                Bad::NotOurs(why) => refuse(
                    path,
                    format!("line {at} is not a cramp sync line ({why}); {WHAT_TO_DO_FOREIGN}"),
                ),
                // Taken apart below: it holds back this file only.
                Bad::Newer { .. } => refuse(path, "holds changes from a newer cramp"),
            }
        };
        let parsed = if at == 1 {
            line::read_header(l).map(|_| ())
        } else {
            line::read_op_in(l, known).map(|_| ())
        };
        if let Err(Bad::Newer {
            found: v,
            known,
            what,
        }) = parsed
        {
            // A device with a newer cramp: its changes from here wait in the folder (this
            // file is read from here again at every sync) while every other device's apply.
            found
                .remarks
                .push(newer(path, &format!("{what} {v}"), known));
            found.newer.insert(device.clone());
            return Ok((whole.clone(), whole));
        }
        if at == 1 {
            let h = line::read_header(l).map_err(bad)?;
            if &h.device != device || h.first != first {
                return Err(refuse(
                    path,
                    format!(
                        "line 1 names another device or place than its file name says; {WHAT_TO_DO_CHANGED}"
                    ),
                ));
            }
        } else {
            let (op, end) = line::read_op_in(l, known).map_err(bad)?;
            // Line 2 holds the file's first operation, and so on with no gaps; a unit's lines
            // all name the same end.
            if &op.device != device
                || op.seq != first + at - 2
                || (!unit.is_empty() && end != unit_end)
            {
                return Err(refuse(
                    path,
                    format!("line {at} is out of its device's sequence; {WHAT_TO_DO_CHANGED}"),
                ));
            }
            unit_end = end;
            let seq = op.seq;
            unit.push(Read {
                op,
                file: path.display().to_string(),
                line: at,
            });
            if seq < end {
                // More of this unit to come.
                p.last = checksum_of(raw, l, sealed);
                continue;
            }
            let high = found.highest.entry(device.clone()).or_default();
            *high = (*high).max(seq);
            found.ops.append(&mut unit);
        }
        p.last = checksum_of(raw, l, sealed);
        whole = p.clone();
    }
    Ok((whole, p))
}

/// What is said of a file holding changes from a newer cramp: `what` names the newer format.
pub(crate) fn newer(path: &Path, what: &str, known: u32) -> String {
    format!(
        "{} holds changes from a newer cramp ({what}; this cramp knows {known}): update cramp on this device to apply them (they wait in the folder; the other devices' changes were applied)",
        path.display()
    )
}

/// What marks where reading stopped: a line's checksum (or a sealed line's last characters).
fn checksum_of(raw: &str, plain: &str, sealed: bool) -> String {
    if sealed {
        raw[raw.len().saturating_sub(16)..].to_string()
    } else {
        plain
            .rsplit_once(' ')
            .map(|(_, s)| s.to_string())
            .unwrap_or_default()
    }
}
