//! Plain files only: what the diary, the config, an import and an export may be, and writing an
//! export so that a crash or a full disk never leaves half a file in place of the old one.

use crate::domain::Invalid;
use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The largest file `cramp import` reads. A ten-year diary exported as JSON is about 10 MiB.
pub const IMPORT_MAX_BYTES: u64 = 64 * 1024 * 1024;
pub const IMPORT_MAX_TEXT: &str = "64 MiB";

/// Owner-only: the diary and everything written from it is health data.
pub const PRIVATE_MODE: u32 = 0o600;

/// What kind of non-regular thing stands at a path, in words.
fn kind_of(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a folder")
    } else if t.is_fifo() {
        Some("a named pipe")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        Some("not a regular file")
    }
}

/// Checks, without opening it, that `path` is a regular file or absent (`Ok(None)`): a FIFO
/// would hang an open, a device would never end. `role` names it in the refusal.
pub fn plain_file(role: &str, path: &Path) -> Result<Option<Metadata>, Invalid> {
    if path.as_os_str() == ":memory:" || path.as_os_str().is_empty() {
        return Err(Invalid::new(format!(
            "{role} must be a file, got '{}' (an in-memory diary would keep nothing)",
            path.display()
        )));
    }
    match fs::metadata(path) {
        Ok(meta) => match kind_of(&meta) {
            None => Ok(Some(meta)),
            Some(kind) => Err(Invalid::new(format!(
                "{role} must be a regular file, and {} is {kind}",
                path.display()
            ))),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Invalid::new(format!(
            "{role} {} cannot be read ({})",
            path.display(),
            e.to_string().to_lowercase()
        ))),
    }
}

/// A path SQLite reads as a plain file name, never as a `file:` URI.
pub fn sqlite_name(path: &Path) -> PathBuf {
    if path.is_absolute() || path.starts_with(".") {
        path.to_path_buf()
    } else {
        Path::new(".").join(path)
    }
}

/// Takes group and other permissions off an existing diary (0644 becomes 0600); the old mode
/// when it changed it.
pub fn tighten(path: &Path) -> io::Result<Option<u32>> {
    let meta = match fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return Ok(None);
    }
    // Only a diary (or an empty file about to become one): another program's file is left as
    // it is, like its bytes.
    use crate::store::header::{FileKind, inspect};
    if !matches!(
        inspect(path)?,
        FileKind::New | FileKind::Diary { .. } | FileKind::BlankSqlite
    ) {
        return Ok(None);
    }
    // Group and other bits off; the owner's own bits (a read-only diary stays read-only) kept.
    fs::set_permissions(path, fs::Permissions::from_mode(mode & 0o700))?;
    Ok(Some(mode))
}

/// Reads an import file: a regular file, at most [`IMPORT_MAX_BYTES`].
pub fn read_import(path: &Path) -> Result<String, Invalid> {
    let cannot = |e: io::Error| {
        Invalid::new(format!(
            "cannot read {}: {}",
            path.display(),
            e.to_string().to_lowercase()
        ))
    };
    if plain_file("the import file", path)?.is_none() {
        return Err(Invalid::new(format!(
            "cannot read {}: there is no such file; check the name",
            path.display()
        )));
    }
    let too_big = || {
        Invalid::new(format!(
            "the import file must be at most {IMPORT_MAX_TEXT}, and {} is larger",
            path.display()
        ))
    };
    let file = File::open(path).map_err(cannot)?;
    // Checked again on the open file: it could have been swapped since.
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(Invalid::new(format!(
            "the import file must be a regular file, and {} is not",
            path.display()
        )));
    }
    if meta.len() > IMPORT_MAX_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(IMPORT_MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > IMPORT_MAX_BYTES {
        return Err(too_big());
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        Invalid::new(format!(
            "{} is not a cramp diary export (it is not UTF-8 text)",
            path.display()
        ))
    })?;
    // An editor that saved the file may have put a byte-order mark in front.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Follows symbolic links at `path` itself (even dangling ones) to the name finally meant.
fn follow_links(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&p) {
                Ok(target) => {
                    p = match p.parent() {
                        Some(dir) => dir.join(target),
                        None => target,
                    }
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// The absolute, link-free name of `path`, whether or not the file itself exists yet.
pub fn resolved(path: &Path) -> PathBuf {
    let p = follow_links(path);
    if let Ok(c) = fs::canonicalize(&p) {
        return c;
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = fs::canonicalize(&dir).unwrap_or(dir);
    match p.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// The diary and the files SQLite and cramp keep beside it.
fn companions(db: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    // SQLite names the journal after the file the link points to; the link's own name too.
    for base in [resolved(db), resolved_dir(db)] {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = base.clone().into_os_string();
            name.push(suffix);
            out.push(PathBuf::from(name));
        }
    }
    out
}

/// `path` with only its folder resolved (the last component may be a link).
fn resolved_dir(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .join(name),
        (_, Some(name)) => fs::canonicalize(".").unwrap_or_default().join(name),
        _ => path.to_path_buf(),
    }
}

fn is_backup_of(db: &Path, target: &Path) -> bool {
    let db = resolved(db);
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return false;
    };
    let prefix = format!("{}.before-v", name.to_string_lossy());
    target.parent() == Some(dir)
        && target.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with(&prefix) && n.ends_with(".bak")
        })
}

fn same_file(a: &Metadata, b: &Path) -> bool {
    fs::metadata(b).is_ok_and(|m| m.dev() == a.dev() && m.ino() == a.ino())
}

fn is_sqlite(path: &Path) -> bool {
    let mut head = [0u8; 16];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// Refuses an output (`--out`, a CSV entry, a backup) that is the diary, its `-wal`, `-shm` or
/// `-journal`, a pre-upgrade backup, or any other SQLite database, through links and relative
/// names alike; or a file another user owns, or something that is not a regular file.
pub fn check_output(flag: &str, out: &Path, db: &Path) -> Result<(), Invalid> {
    check_target(flag, out, db, false, true)
}

/// Like [`check_output`], for a file in a CSV folder that may not have been made yet.
pub fn check_output_in_new_folder(flag: &str, out: &Path, db: &Path) -> Result<(), Invalid> {
    check_target(flag, out, db, false, false)
}

/// Refuses `--out -` when standard output was sent to the diary or its journal
/// (`cramp export --out - >> diary.db`): the export would be written into the diary.
pub fn check_stdout(db: &Path) -> Result<(), Invalid> {
    let Ok(meta) = fs::metadata("/proc/self/fd/1") else {
        return Ok(());
    };
    if meta.is_file() && companions(db).iter().any(|c| same_file(&meta, c)) {
        return Err(Invalid::new(
            "--out - must not send the export into the diary or its journal (standard output is the diary file); choose another file",
        ));
    }
    Ok(())
}

/// Like [`check_output`], for `cramp backup`: an older backup (a cramp diary) may be replaced.
pub fn check_backup_target(out: &Path, db: &Path) -> Result<(), Invalid> {
    check_target("the backup file", out, db, true, true)
}

fn check_target(
    flag: &str,
    out: &Path,
    db: &Path,
    may_replace_diary: bool,
    folder_must_exist: bool,
) -> Result<(), Invalid> {
    let target = resolved(out);
    let refuse = || {
        Invalid::new(format!(
            "{flag} must not be the diary, its journal or a backup of it, got {}; choose another file",
            out.display()
        ))
    };
    if companions(db).contains(&target) || is_backup_of(db, &target) {
        return Err(refuse());
    }
    if out.as_os_str().as_encoded_bytes().ends_with(b"/") {
        return Err(Invalid::new(format!(
            "{flag} must name a file, got {}; add a file name",
            out.display()
        )));
    }
    if let Some(dir) = target.parent()
        && folder_must_exist
        && !dir.is_dir()
    {
        let shown = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(dir);
        return Err(Invalid::new(format!(
            "{flag} must be in an existing folder, and {} is not one; create it first or choose another place",
            shown.display()
        )));
    }
    if may_replace_diary {
        // SQLite would read a -wal or -journal left beside the name into the new copy.
        for suffix in ["-wal", "-journal"] {
            let mut name = target.clone().into_os_string();
            name.push(suffix);
            if fs::symlink_metadata(&name).is_ok() {
                return Err(Invalid::new(format!(
                    "{flag} must not have a {suffix} file beside it (SQLite would mix it into the copy), got {}; quit any program using it and remove {}, or choose another file",
                    out.display(),
                    Path::new(&name).display()
                )));
            }
        }
    }
    let Ok(meta) = fs::metadata(&target) else {
        return Ok(());
    };
    if companions(db).iter().any(|c| same_file(&meta, c)) {
        return Err(refuse());
    }
    if let Some(kind) = kind_of(&meta) {
        return Err(Invalid::new(format!(
            "{flag} must be a regular file, and {} is {kind}",
            out.display()
        )));
    }
    let replaceable = may_replace_diary
        && matches!(
            crate::store::header::inspect(&target),
            Ok(crate::store::header::FileKind::Diary { .. })
        );
    if is_sqlite(&target) && !replaceable {
        return Err(Invalid::new(format!(
            "{flag} must not overwrite an SQLite database (a diary or a backup), got {}; choose another file",
            out.display()
        )));
    }
    if meta.uid() != own_uid() {
        return Err(Invalid::new(format!(
            "{flag} must be a file you own, and {} belongs to another user; choose another file",
            out.display()
        )));
    }
    Ok(())
}

/// The effective user: the owner of anything this process creates.
fn own_uid() -> u32 {
    fs::metadata("/proc/self").map_or(u32::MAX, |m| m.uid())
}

/// Writes `bytes` to a new owner-only file beside `target`, fsyncs it, renames it over
/// `target` and fsyncs the folder: a kill or a full disk leaves the old file or the new one,
/// never a mix. Check the target with [`check_output`] first.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // tempfile creates it 0600 and removes it if anything below fails.
    let mut temp = tempfile::Builder::new()
        .prefix(".cramp-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    let target = follow_links(target);
    temp.persist(&target).map_err(|e| e.error)?;
    sync_dir(dir);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names_never_read_as_uris() {
        assert_eq!(
            sqlite_name(Path::new("file:x.db")),
            Path::new("./file:x.db")
        );
        assert_eq!(sqlite_name(Path::new("/a/b.db")), Path::new("/a/b.db"));
    }

    #[test]
    fn memory_is_refused() {
        assert!(plain_file("--db", Path::new(":memory:")).is_err());
    }
}
