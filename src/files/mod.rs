//! Plain files only: what the diary, the config, an import and an export may be, and writing an
//! export so that a crash or a full disk never leaves half a file in place of the old one.
//! Here: what a path may be and reading an import; where an output may go is in `targets`,
//! writing it in `atomic`.

mod atomic;
pub mod header;
pub mod sync_folder;
mod targets;

pub use atomic::{disk_is_full, sync_dir, write_atomic, write_atomic_lazy, write_error};
pub use targets::{
    check_backup_target, check_output, check_output_folder, check_output_in_new_folder,
    check_stdout, companion_folder,
};

use crate::domain::Invalid;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The largest file `cramp import` reads. A ten-year diary exported as JSON is about 10 MiB.
pub const IMPORT_MAX_BYTES: u64 = 64 * 1024 * 1024;
pub const IMPORT_MAX_TEXT: &str = "64 MiB";

/// Owner-only: the diary and everything written from it is health data.
pub const PRIVATE_MODE: u32 = 0o600;

/// What kind of non-regular thing stands at a path, in words.
pub(super) fn kind_of(meta: &Metadata) -> Option<&'static str> {
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
            None if on_a_kernel_filesystem(path) => Err(Invalid::new(format!(
                "{role} must be a regular file on a disk, and {} is a file the kernel makes up (under /proc, /sys or the like)",
                path.display()
            ))),
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

/// Whether `path` lies on a filesystem the kernel makes up as it is read (`/proc`, `/sys`,
/// debugfs...): its "regular files" (`/proc/self/mem`, `/proc/version`) are no diary, and
/// reading or changing their mode does things no diary should.
pub fn on_a_kernel_filesystem(path: &Path) -> bool {
    rustix::fs::statfs(path).is_ok_and(|fs| {
        matches!(
            fs.f_type,
            0x9fa0 // proc
                | 0x6265_6572 // sysfs
                | 0x6462_6720 // debugfs
                | 0x7472_6163 // tracefs
                | 0x7363_6673 // securityfs
                | 0x0027_e0eb // cgroup
                | 0x6367_7270 // cgroup2
                | 0x1cd1 // devpts
                | 0xcafe_4a11 // bpf
                | 0xde5e_81e4 // efivarfs
                | 0x6265_6570 // configfs
                | 0x6165_676c // pstore
                | 0x4249_4e4d // binfmt_misc
                | 0x6573_5543 // fusectl
                | 0x1980_0202 // mqueue
                | 0x6e73_6673 // nsfs
        )
    })
}

/// Refuses a symbolic link at `path` that leads nowhere: opening it would neither find a
/// diary nor be able to make one (the error would wrongly say "read-only").
pub fn refuse_dangling_link(role: &str, path: &Path) -> Result<(), Invalid> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link || fs::metadata(path).is_ok() {
        return Ok(());
    }
    let target = fs::read_link(path).unwrap_or_default();
    Err(Invalid::new(format!(
        "{role} {} is a symbolic link to {}, which does not exist (a dangling link); point the link at your diary, or remove it to start a new diary there",
        path.display(),
        target.display()
    )))
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
    use crate::files::header::{FileKind, inspect};
    if !matches!(
        inspect(path)?,
        FileKind::New | FileKind::Diary { .. } | FileKind::BlankSqlite | FileKind::Encrypted
    ) {
        return Ok(None);
    }
    // Group and other bits off; the owner's own bits (a read-only diary stays read-only) kept.
    fs::set_permissions(path, fs::Permissions::from_mode(mode & 0o700))?;
    Ok(Some(mode))
}

/// Reads an import file: a regular file of UTF-8 text, at most [`IMPORT_MAX_BYTES`].
pub fn read_import(path: &Path) -> Result<String, Invalid> {
    import_text(path, read_import_bytes(path)?)
}

/// An import file's bytes as text (a byte-order mark in front dropped).
pub fn import_text(path: &Path, bytes: Vec<u8>) -> Result<String, Invalid> {
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

/// Reads an import file's bytes: a regular file, at most [`IMPORT_MAX_BYTES`].
pub fn read_import_bytes(path: &Path) -> Result<Vec<u8>, Invalid> {
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
    Ok(bytes)
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
/// The folder a file is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

pub fn resolved(path: &Path) -> PathBuf {
    let p = follow_links(path);
    if let Ok(c) = fs::canonicalize(&p) {
        return c;
    }
    let dir = folder_of(&p);
    let dir = fs::canonicalize(&dir).unwrap_or(dir);
    match p.file_name() {
        Some(name) => dir.join(name),
        None => dir,
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
