//! Reading the sync folder: every device's files, from where the last sync stopped, each line
//! checked (its checksum, its device, its place in the sequence) before anything is applied.
//! A file that is not ours, changed by hand or from a newer cramp stops the sync with one
//! sentence naming it; a last line still being copied waits for the next sync.

use crate::domain::Invalid;
use crate::files::sync_folder::{self as folder, DeviceFolder, Kind};
use crate::sync::line::{self, Bad};
use crate::sync::{DeviceId, Op, Vector};
use std::collections::BTreeMap;
use std::path::Path;

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
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub schema: u32,
    /// What it had applied (its own changes included): its acknowledgement.
    #[serde(default)]
    pub applied: Vector,
    #[serde(default)]
    pub written: String,
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
}

fn refuse(path: &Path, what: impl std::fmt::Display) -> Invalid {
    Invalid::new(format!("{} {what}", path.display()))
}

const WHAT_TO_DO_CHANGED: &str = "was changed by hand or damaged; restore it from the device that wrote it (or move it out of the sync folder: every diary that read it keeps its changes)";
const WHAT_TO_DO_FOREIGN: &str = "move it out of the sync folder";

/// Reads every device folder in `dir` from the progress `done` (by file name `cramp-x/file`).
pub(crate) fn read_all(
    dir: &Path,
    done: &BTreeMap<String, Progress>,
    known_schema: u32,
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
        read_device(f, done, known_schema, &mut found)?;
    }
    Ok(found)
}

fn read_device(
    f: &DeviceFolder,
    done: &BTreeMap<String, Progress>,
    known: u32,
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
            Kind::Temporary | Kind::Snapshot(_) | Kind::ConflictCopy(_) if !is_ops(kind) => {
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
                let text = folder::read_from(&path, 0).unwrap_or_default();
                match serde_json::from_slice::<DeviceNote>(&text) {
                    Ok(n) if n.format == DEVICE_FORMAT && n.device == f.id => {
                        found.notes.insert(device.clone(), n);
                    }
                    // Being replaced as we read, or torn: next time.
                    _ if text.is_empty() => {}
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
                let p = read_ops_file(&path, &device, first, *len, &before, known, found)?;
                found.progress.insert(key, (device.clone(), p));
            }
        }
    }
    Ok(())
}

fn is_ops(kind: &Kind) -> bool {
    match kind {
        Kind::Ops(_) => true,
        Kind::ConflictCopy(k) => matches!(**k, Kind::Ops(_)),
        _ => false,
    }
}

/// Reads one operation file from where it was left (or from the start if it changed under us).
fn read_ops_file(
    path: &Path,
    device: &DeviceId,
    first: u64,
    len: u64,
    before: &Progress,
    known: u32,
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
        let tail = folder::read_from(path, before.read_to - 17).map_err(io)?;
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
    let bytes = folder::read_from(path, start.read_to).map_err(io)?;
    let text = String::from_utf8_lossy(&bytes);
    let (lines, used) = line::complete_lines(&text);
    if used < text.len() {
        found.remarks.push(format!(
            "{} ends in a line still being copied; it is read when it is whole",
            path.display()
        ));
    }
    let mut p = start.clone();
    for l in lines {
        p.lines += 1;
        let at = p.lines;
        let bad = |b: Bad| -> Invalid {
            match b {
                Bad::Changed => refuse(path, format!("line {at} {WHAT_TO_DO_CHANGED}")),
                Bad::NotOurs(why) => refuse(
                    path,
                    format!("line {at} is not a cramp sync line ({why}); {WHAT_TO_DO_FOREIGN}"),
                ),
                Bad::Newer { found, known, what } => refuse(
                    path,
                    format!(
                        "holds changes from a newer cramp ({what} {found}; this cramp knows {known}): update cramp on this device, then sync again (they wait in the folder until then; nothing was changed)"
                    ),
                ),
            }
        };
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
            let op = line::read_op(l, known).map_err(bad)?;
            // Line 2 holds the file's first operation, and so on with no gaps.
            if &op.device != device || op.seq != first + at - 2 {
                return Err(refuse(
                    path,
                    format!("line {at} is out of its device's sequence; {WHAT_TO_DO_CHANGED}"),
                ));
            }
            let high = found.highest.entry(device.clone()).or_default();
            *high = (*high).max(op.seq);
            found.ops.push(Read {
                op,
                file: path.display().to_string(),
                line: at,
            });
        }
        p.last = l
            .rsplit_once(' ')
            .map(|(_, s)| s.to_string())
            .unwrap_or_default();
    }
    p.read_to = start.read_to + used as u64;
    Ok(p)
}
