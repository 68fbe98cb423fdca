//! Writing a file whole or not at all, and saying why a write failed.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to a new owner-only file beside `target`, fsyncs it, renames it over
/// `target` and fsyncs the folder: a kill or a full disk leaves the old file or the new one,
/// never a mix. Check the target with [`check_output`](super::check_output) first.
/// A symbolic link at `target` is replaced, never written through: `rename(2)` replaces the
/// name itself, so a link planted there (even between the check and the write) cannot steer
/// the export onto a file it points to; in a sticky shared folder another user's link cannot
/// be replaced at all, and the write fails instead.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_lazy(target, bytes)?;
    sync_dir(&super::folder_of(target));
    Ok(())
}

/// [`write_atomic`] without waiting for the folder's new entry to reach the disk: after a power
/// cut the name holds the old file or the new one, each whole. For a file whose older copy does
/// as well until it is written again (a sync device's `device.json`).
pub fn write_atomic_lazy(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = super::folder_of(target);
    // tempfile creates it 0600 and removes it if anything below fails.
    let mut temp = tempfile::Builder::new()
        .prefix(".cramp-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Makes a rename durable. Best effort: some filesystems refuse to fsync a folder.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Whether the disk holding `dir` is full: a failed SQLite write says only "disk I/O error",
/// so try a write there the size of SQLite's `-shm` index (32 KiB) and a few pages, and see
/// whether it fails for want of space.
pub fn disk_is_full(dir: &Path) -> bool {
    let mut probe = match tempfile::Builder::new()
        .prefix(".cramp-space-")
        .tempfile_in(dir)
    {
        Ok(probe) => probe,
        Err(e) => return e.raw_os_error() == Some(ENOSPC),
    };
    // Through the File itself: tempfile's own Write hides the OS error code behind the path.
    let wrote = probe
        .as_file_mut()
        .write_all(&[0u8; 64 * 1024])
        .and_then(|()| probe.as_file().sync_all());
    matches!(wrote, Err(e) if e.raw_os_error() == Some(ENOSPC))
}

const ENOSPC: i32 = 28;

/// One sentence for an I/O failure while writing `path`: a full disk and a read-only
/// filesystem are named as such.
pub fn write_error(path: &Path, e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(ENOSPC) => format!(
            "cannot write {}: the disk is full; free some space and try again (nothing was changed)",
            path.display()
        ),
        Some(30) => format!(
            "cannot write {}: the filesystem is mounted read-only; choose a file on another disk",
            path.display()
        ),
        Some(27) => format!(
            "cannot write {}: the file would be larger than this process may write; nothing was changed",
            path.display()
        ),
        _ => format!(
            "cannot write {}: {}",
            path.display(),
            e.to_string().to_lowercase()
        ),
    }
}
