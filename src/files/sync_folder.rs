//! The sync folder on disk: the one place sync files are read and written (so the privacy
//! work can wrap them in encryption here). Each device has a folder of its own,
//! `DIR/cramp-<device id>/`, that only it writes: its operation files
//! (`ops-<first sequence number>.log`, appended to), `device.json` (what it has applied, its
//! host name; replaced whole) and compaction snapshots. Everything is owner-only.

use crate::domain::Invalid;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

const DIR_MODE: u32 = 0o700;
/// A device's folder name: this prefix and its 16-digit id.
pub const DEVICE_PREFIX: &str = "cramp-";
pub const DEVICE_FILE: &str = "device.json";

/// What a file in a device's folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Operations, the first with this sequence number.
    Ops(u64),
    Device,
    /// A snapshot of everything up to this device's change `n`.
    Snapshot(u64),
    /// A relay: another device's changes 1 to `n`, as this device applied them, kept here
    /// because that device's own files no longer hold them (`relay-<id>-<n>.json`).
    Relay(String, u64),
    /// A copy a sync tool made when two versions of a file met (`*.sync-conflict-*`,
    /// `* (conflicted copy ...)`): of this kind of file.
    ConflictCopy(Box<Kind>),
    /// A file this program is still writing (`.cramp-*.tmp`).
    Temporary,
    /// A sync tool's or the system's own file (a transfer in progress, folder metadata):
    /// `.syncthing.*.tmp`, `~syncthing~*.tmp`, `.DS_Store`, `._*`, `desktop.ini`, `Thumbs.db`,
    /// `*.part`, `*.!sync`, `*~`. Passed over, as hidden files are in the sync folder itself.
    ToolFile,
    /// Not a file of ours.
    Foreign,
}

pub fn ops_name(first: u64) -> String {
    format!("ops-{first:09}.log")
}

pub fn snapshot_name(upto: u64) -> String {
    format!("snapshot-{upto:09}.json")
}

pub fn relay_name(device: &str, upto: u64) -> String {
    format!("relay-{device}-{upto:09}.json")
}

/// The device and last change a relay's name says it holds.
fn relay_of_name(name: &str) -> Option<(String, u64)> {
    let rest = name.strip_prefix("relay-")?;
    let (id, n) = rest.split_once('-')?;
    let hex = id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit());
    let n = number(&format!("-{n}"), "-", ".json")?;
    hex.then(|| (id.to_string(), n))
}

fn number(s: &str, prefix: &str, suffix: &str) -> Option<u64> {
    let n = s.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (n.len() == 9 && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| n.parse().ok())
        .flatten()
}

/// The kind of a file by its name.
pub fn kind_of_name(name: &str) -> Kind {
    if name.starts_with(".cramp-") && name.ends_with(".tmp") {
        return Kind::Temporary;
    }
    if name == DEVICE_FILE {
        return Kind::Device;
    }
    if is_tool_file(name) {
        return Kind::ToolFile;
    }
    if let Some(n) = number(name, "ops-", ".log") {
        return Kind::Ops(n);
    }
    if let Some(n) = number(name, "snapshot-", ".json") {
        return Kind::Snapshot(n);
    }
    if let Some((id, n)) = relay_of_name(name) {
        return Kind::Relay(id, n);
    }
    // Syncthing: `ops-000000001.sync-conflict-20260301-101010-ABCDEFG.log`;
    // Dropbox and Nextcloud: `ops-000000001 (Laptop's conflicted copy 2026-03-01).log`.
    let base = if let Some(i) = name.find(".sync-conflict-") {
        let ext = name
            .rfind('.')
            .filter(|e| *e > i)
            .map_or("", |e| &name[e..]);
        Some(format!("{}{ext}", &name[..i]))
    } else if let (Some(i), Some(j)) = (name.find(" ("), name.find("conflicted copy")) {
        let close = name[j..].find(')').map(|k| j + k + 1);
        close.map(|k| format!("{}{}", &name[..i], &name[k..]))
    } else {
        None
    };
    match base.map(|b| kind_of_name(&b)) {
        Some(k @ (Kind::Ops(_) | Kind::Device | Kind::Snapshot(_) | Kind::Relay(..))) => {
            Kind::ConflictCopy(Box::new(k))
        }
        _ => Kind::Foreign,
    }
}

/// Whether `name` is a file a sync tool or the system keeps beside ours: hidden files (Syncthing's
/// `.syncthing.NAME.tmp` while it copies, `.DS_Store`, `._NAME`, Nextcloud's `.~lock`), Syncthing's
/// `~syncthing~NAME.tmp` on Windows, `desktop.ini`, `Thumbs.db`, partial downloads (`*.part`,
/// Resilio's `*.!sync`) and editors' backups (`NAME~`).
fn is_tool_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || lower.starts_with("~syncthing~")
        || lower == "desktop.ini"
        || lower == "thumbs.db"
        || lower.ends_with(".part")
        || lower.ends_with(".!sync")
        || name.ends_with('~')
}

/// A device's folder as found in DIR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceFolder {
    /// The device id in its name.
    pub id: String,
    pub path: PathBuf,
    /// Its files: name, kind, length in bytes.
    pub files: Vec<(String, Kind, u64)>,
}

/// The device folders in `dir`, and anything else there that is not a sync tool's own file.
pub fn scan(dir: &Path) -> io::Result<(Vec<DeviceFolder>, Vec<PathBuf>)> {
    let mut folders = Vec::new();
    let mut others = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let is_dir = entry.file_type()?.is_dir();
        match name.strip_prefix(DEVICE_PREFIX) {
            Some(id) if is_dir => {
                let mut files = Vec::new();
                let mut inner: Vec<_> = fs::read_dir(&path)?.collect::<io::Result<_>>()?;
                inner.sort_by_key(fs::DirEntry::file_name);
                for f in inner {
                    let fname = f.file_name().to_string_lossy().into_owned();
                    let meta = f.metadata()?;
                    let kind = if meta.is_file() {
                        kind_of_name(&fname)
                    } else if fname.starts_with('.') {
                        Kind::ToolFile
                    } else {
                        Kind::Foreign
                    };
                    files.push((fname, kind, meta.len()));
                }
                folders.push(DeviceFolder {
                    id: id.to_string(),
                    path,
                    files,
                });
            }
            // Hidden files are the sync tools' own (.stfolder, .git, .dropbox...).
            _ if name.starts_with('.') => {}
            _ => others.push(path),
        }
    }
    Ok((folders, others))
}

/// The bytes of `path` from `offset` on.
pub fn read_from(path: &Path, offset: u64) -> io::Result<Vec<u8>> {
    let mut f = File::open(path)?;
    f.seek(SeekFrom::Start(offset))?;
    let mut out = Vec::new();
    f.read_to_end(&mut out)?;
    Ok(out)
}

/// The first line of `path` (without its break), read from at most its first `max` bytes.
pub fn first_line(path: &Path, max: u64) -> io::Result<Option<String>> {
    let mut out = Vec::new();
    File::open(path)?.take(max).read_to_end(&mut out)?;
    Ok(out
        .iter()
        .position(|b| *b == b'\n')
        .map(|i| String::from_utf8_lossy(&out[..i]).into_owned()))
}

/// The lock a device holds in its own folder while it writes or removes its files there, so
/// two syncs of one diary at once (the screen's and a command's) never append to a file the
/// other removes. Hidden, and named like a file still being written: every reader skips it.
pub const LOCK_NAME: &str = ".cramp-lock.tmp";

/// The lock of a device folder, as asked for.
#[derive(Debug)]
pub enum OwnLock {
    /// Held until dropped.
    Held(File),
    /// Another sync of this device holds it (asked without waiting).
    Busy,
    /// The filesystem has no locks (then nothing is removed).
    NoLocks,
}

/// Takes the lock of the device folder `own`; with `wait`, waiting for another sync of this
/// device to finish its writes (the screen's background sync), without it giving up at once
/// (a command that saved must end, whatever another sync is doing).
pub fn lock_own(own: &Path, wait: bool) -> OwnLock {
    use rustix::fs::FlockOperation::{LockExclusive, NonBlockingLockExclusive};
    let Ok(f) = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(super::PRIVATE_MODE)
        .open(own.join(LOCK_NAME))
    else {
        return OwnLock::NoLocks;
    };
    match rustix::fs::flock(
        &f,
        if wait {
            LockExclusive
        } else {
            NonBlockingLockExclusive
        },
    ) {
        Ok(()) => OwnLock::Held(f),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => OwnLock::Busy,
        Err(_) => OwnLock::NoLocks,
    }
}

/// Appends `bytes` to `path` (made owner-only if new) and waits until they are on disk.
pub fn append(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let new = !path.exists();
    let mut f = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(super::PRIVATE_MODE)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    if new && let Some(dir) = path.parent() {
        super::sync_dir(dir);
    }
    Ok(())
}

/// Cuts `path` to its first `len` bytes (a device's own file ending in a write cut short).
pub fn cut_to(path: &Path, len: u64) -> io::Result<()> {
    let f = OpenOptions::new().write(true).open(path)?;
    f.set_len(len)?;
    f.sync_all()
}

/// Replaces `path` whole (a new owner-only file renamed over it).
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    super::write_atomic(path, bytes)
}

/// Replaces a device's `device.json` whole, without waiting for the folder's entry to reach the
/// disk: after a power cut it is the old note or the new one, and a stale note is written again
/// at the next sync.
pub fn replace_note(path: &Path, bytes: &[u8]) -> io::Result<()> {
    super::write_atomic_lazy(path, bytes)
}

/// Makes this device's own folder (owner-only) if it is missing.
/// Refuses this device's own folder when it is a link: writing through it would append to
/// another device's files or another folder's.
pub fn check_own_folder(own: &Path) -> Result<(), Invalid> {
    match fs::symlink_metadata(own) {
        Ok(m) if m.file_type().is_symlink() => Err(Invalid::new(format!(
            "this device's folder {} is a link, and cramp writes only into a folder of its own; remove the link and sync again",
            own.display()
        ))),
        _ => Ok(()),
    }
}

pub fn ensure_folder(path: &Path) -> io::Result<()> {
    match fs::DirBuilder::new().mode(DIR_MODE).create(path) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

/// This computer's name, shown to the person beside a device id.
pub fn host_name() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

pub fn remove(path: &Path) -> io::Result<()> {
    fs::remove_file(path)
}

fn is_device_folder_name(name: &str) -> bool {
    name.strip_prefix(DEVICE_PREFIX)
        .is_some_and(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Checks that `dir` can be the sync folder of the diary at `diary`, making it (one level) if it
/// is missing: a folder of its own, not the diary's, not inside a device's folder, writable.
pub fn check_dir(dir: &Path, diary: &Path) -> Result<PathBuf, Invalid> {
    let shown = dir.display();
    // Asked before anything is made: a folder made inside a device's folder would be a stranger
    // there for every device that reads it.
    inside_device_folder(
        &std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
        dir,
    )?;
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(m) => {
            let what = if m.file_type().is_fifo() {
                "a named pipe"
            } else if m.is_file() {
                "a file"
            } else {
                "not a folder"
            };
            return Err(Invalid::new(format!(
                "the sync folder {shown} is {what}; give a folder (one your sync tool copies)"
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::DirBuilder::new().mode(DIR_MODE).create(dir).map_err(|e| {
                Invalid::new(format!(
                    "the sync folder {shown} does not exist and cannot be made ({}); make it first",
                    e.to_string().to_lowercase()
                ))
            })?;
        }
        Err(e) => {
            return Err(Invalid::new(format!(
                "the sync folder {shown} cannot be read ({})",
                e.to_string().to_lowercase()
            )));
        }
    }
    let real = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let diary = super::resolved(diary);
    if diary.parent() == Some(real.as_path()) || diary.starts_with(&real) {
        return Err(Invalid::new(format!(
            "the sync folder {shown} holds the diary itself; choose an empty folder of its own (a live diary in a synced folder loses entries)"
        )));
    }
    inside_device_folder(&real, dir)?;
    let probe = tempfile::Builder::new()
        .prefix(".cramp-")
        .suffix(".tmp")
        .tempfile_in(&real);
    if let Err(e) = probe {
        let why = match e.raw_os_error() {
            Some(30) => "it is on a read-only filesystem".to_string(),
            Some(28) => "its disk is full".to_string(),
            _ => e.to_string().to_lowercase(),
        };
        return Err(Invalid::new(format!(
            "the sync folder {shown} cannot be written ({why}); give a folder you can write to"
        )));
    }
    Ok(real)
}

/// Refuses `dir` (as `path`, absolute) when it is inside a device's own folder.
fn inside_device_folder(path: &Path, dir: &Path) -> Result<(), Invalid> {
    match path.ancestors().find(|a| {
        a.file_name()
            .is_some_and(|n| is_device_folder_name(&n.to_string_lossy()))
    }) {
        Some(inside) => Err(Invalid::new(format!(
            "the sync folder {} is inside a device's own folder ({}); give the folder above it",
            dir.display(),
            inside.display()
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_names() {
        assert_eq!(kind_of_name("ops-000000001.log"), Kind::Ops(1));
        assert_eq!(kind_of_name("device.json"), Kind::Device);
        assert_eq!(kind_of_name("snapshot-000000120.json"), Kind::Snapshot(120));
        assert_eq!(
            kind_of_name("relay-00112233aabbccdd-000000007.json"),
            Kind::Relay("00112233aabbccdd".into(), 7)
        );
        assert_eq!(
            relay_name("00112233aabbccdd", 7),
            "relay-00112233aabbccdd-000000007.json"
        );
        assert_eq!(kind_of_name("relay-0011-000000007.json"), Kind::Foreign);
        assert_eq!(
            kind_of_name("ops-000000001.sync-conflict-20260301-101010-ABCDEFG.log"),
            Kind::ConflictCopy(Box::new(Kind::Ops(1)))
        );
        assert_eq!(
            kind_of_name("ops-000000001 (Laptop's conflicted copy 2026-03-01).log"),
            Kind::ConflictCopy(Box::new(Kind::Ops(1)))
        );
        assert_eq!(
            kind_of_name("device (conflicted copy 2026-03-01 101010).json"),
            Kind::ConflictCopy(Box::new(Kind::Device))
        );
        assert_eq!(kind_of_name(".cramp-a1b2.tmp"), Kind::Temporary);
        for tools in [
            ".syncthing.ops-000000001.log.tmp",
            "~syncthing~ops-000000001.log.tmp",
            ".DS_Store",
            "desktop.ini",
            "Thumbs.db",
            "ops-000000001.log.part",
            "ops-000000001.log.!sync",
            "device.json~",
        ] {
            assert_eq!(kind_of_name(tools), Kind::ToolFile, "{tools}");
        }
        assert_eq!(kind_of_name("notes.txt"), Kind::Foreign);
        assert_eq!(kind_of_name("ops-1.log"), Kind::Foreign);
    }
}
