//! Why a diary file could not be used, as one sentence that says what to do.

use crate::files::folder_of;
use rusqlite::ErrorCode;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum StoreError {
    NotSqlite(PathBuf),
    Foreign(PathBuf),
    Truncated {
        path: PathBuf,
        have: u64,
        expected: u64,
    },
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    Newer {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    ReadOnly(PathBuf),
    /// On a filesystem mounted read-only: chmod cannot help.
    ReadOnlyFs(PathBuf),
    DiskFull(PathBuf),
    /// A folder, a pipe, a device, `:memory:`: the sentence says which.
    NotAFile(String),
    FolderReadOnly {
        path: PathBuf,
        dir: PathBuf,
    },
    MigrationFailed {
        path: PathBuf,
        backup: Option<PathBuf>,
        detail: String,
    },
    Io {
        path: PathBuf,
        detail: String,
    },
    /// An encrypted diary this process cannot open: locked, never damaged.
    Locked {
        path: PathBuf,
        why: Locked,
    },
    /// The diary's identity and tables, but `user_version` 0: something other than cramp reset
    /// it (or rebuilt the file from a dump), so which migrations it has is unknown.
    Unversioned(PathBuf),
    /// Another program held the diary locked past the busy timeout.
    Busy(PathBuf),
    /// A folder stands where SQLite keeps the diary's `-wal`, `-shm` or `-journal`.
    CompanionFolder {
        path: PathBuf,
        folder: PathBuf,
    },
}

/// Why an encrypted diary stayed locked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locked {
    /// No key was given; the words say where one can come from here.
    NoKey(String),
    /// The key given (named) does not open it.
    WrongKey(String),
    /// This build has no SQLCipher.
    NotBuilt,
}

/// How to unlock, in one clause: the same on every command.
pub const HOW_TO_UNLOCK: &str = "set CRAMP_KEY_FILE to its key file, keep its key in the OS keyring (cramp key remember), or run cramp in a terminal to type its passphrase";

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSqlite(p) => write!(
                f,
                "{} is not a cramp diary (it is not an SQLite database); choose another file with --db",
                p.display()
            ),
            Self::Foreign(p) => write!(
                f,
                "{} is another program's SQLite database, not a cramp diary; it was left untouched, choose another file with --db",
                p.display()
            ),
            Self::Truncated {
                path,
                have,
                expected,
            } => write!(
                f,
                "{} is damaged (truncated: {have} of {expected} bytes); restore it from a backup, or choose another file with --db",
                path.display()
            ),
            Self::Corrupt { path, detail } => write!(
                f,
                "{} is damaged ({detail}); restore it from a backup, or choose another file with --db",
                path.display()
            ),
            Self::Newer { path, found, known } => write!(
                f,
                "{} was written by a newer cramp-diary (schema v{found}, this version knows up to v{known}); upgrade cramp-diary to open it",
                path.display()
            ),
            Self::ReadOnly(p) => write!(
                f,
                "{} is read-only; make it writable (chmod u+w) or choose another file with --db",
                p.display()
            ),
            Self::ReadOnlyFs(p) => write!(
                f,
                "{} is on a filesystem mounted read-only, so nothing can be saved; remount it read-write, or copy the diary to another disk and use --db",
                p.display()
            ),
            Self::DiskFull(p) => write!(
                f,
                "cannot save to {}: the disk is full; free some space and try again (what was saved before is safe)",
                p.display()
            ),
            Self::NotAFile(sentence) => f.write_str(sentence),
            Self::FolderReadOnly { path, dir } => write!(
                f,
                "{} cannot be written because its folder {} is not writable (SQLite keeps a journal beside the diary); fix the folder's permissions or choose another file with --db",
                path.display(),
                dir.display()
            ),
            Self::MigrationFailed {
                path,
                backup,
                detail,
            } => match backup {
                Some(b) => write!(
                    f,
                    "upgrading {} failed ({detail}); it was left at its old version and a copy is at {}",
                    path.display(),
                    b.display()
                ),
                None => write!(
                    f,
                    "setting up {} failed ({detail}); nothing was changed",
                    path.display()
                ),
            },
            Self::Io { path, detail } => {
                write!(f, "cannot use {}: {detail}", path.display())
            }
            Self::Unversioned(p) => write!(
                f,
                "{} has a cramp diary's tables but no schema version (its user_version is 0: another program changed it, or it was rebuilt from a dump), so it cannot be upgraded safely; it was left untouched: restore it from a backup, or choose another file with --db",
                p.display()
            ),
            Self::Busy(p) => write!(
                f,
                "{} is held locked by another program (a cramp screen saving, an import); try again in a moment",
                p.display()
            ),
            Self::CompanionFolder { path, folder } => write!(
                f,
                "cannot use {}: a folder, {}, stands where SQLite keeps the diary's journal; move or remove that folder (nothing in the diary depends on it) and try again",
                path.display(),
                folder.display()
            ),
            Self::Locked { path, why } => match why {
                Locked::NoKey(hint) => write!(
                    f,
                    "{} is an encrypted diary and no key was given{hint}; to unlock it, {HOW_TO_UNLOCK}",
                    path.display()
                ),
                Locked::WrongKey(source) => write!(
                    f,
                    "{} is an encrypted diary and {source} does not unlock it (another key or passphrase); nothing was changed, try again with its own key",
                    path.display()
                ),
                Locked::NotBuilt => write!(
                    f,
                    "{} is an encrypted diary, and this cramp was built without encryption; build it with: cargo install --path . --features sqlcipher",
                    path.display()
                ),
            },
        }
    }
}

impl std::error::Error for StoreError {}

/// errno for "read-only file system".
pub(super) const EROFS: i32 = 30;

/// errno for "no space left on device".
pub(super) const ENOSPC: i32 = 28;

pub(super) fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
    match e.raw_os_error() {
        Some(ENOSPC) => return StoreError::DiskFull(path.to_path_buf()),
        Some(EROFS) => return StoreError::ReadOnlyFs(path.to_path_buf()),
        _ => {}
    }
    StoreError::Io {
        path: path.to_path_buf(),
        detail: first_line(&e.to_string()),
    }
}

pub(crate) fn sql_error(path: &Path, e: &rusqlite::Error) -> StoreError {
    let code = e.sqlite_error_code();
    // A folder under a companion's name makes SQLite fail with "disk I/O error", "unable to
    // open" or "readonly database", whichever companion it is: name the folder instead.
    if matches!(
        code,
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    ) && let Some(folder) = crate::files::companion_folder(path)
    {
        return StoreError::CompanionFolder {
            path: path.to_path_buf(),
            folder,
        };
    }
    match code {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: first_line(&e.to_string()),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(path.to_path_buf()),
        Some(ErrorCode::DiskFull) => StoreError::DiskFull(path.to_path_buf()),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreError::Busy(path.to_path_buf())
        }
        // SQLite says "disk I/O error" when it cannot grow its -shm or -wal: ask the disk.
        Some(ErrorCode::SystemIoFailure) if crate::files::disk_is_full(&folder_of(path)) => {
            StoreError::DiskFull(path.to_path_buf())
        }
        _ => StoreError::Io {
            path: path.to_path_buf(),
            detail: first_line(&e.to_string()),
        },
    }
}

pub(super) fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_string()
}

/// The file as inspected, if this version can open it (`known`: the newest schema it knows): a
/// new file, a blank SQLite file or a diary no newer than `known`; otherwise why not.
pub(super) fn openable(
    kind: crate::files::header::FileKind,
    path: &Path,
    known: u32,
) -> Result<crate::files::header::FileKind, StoreError> {
    use crate::files::header::FileKind;
    let path = path.to_path_buf();
    match kind {
        FileKind::Diary { schema_version } if schema_version > known => Err(StoreError::Newer {
            path,
            found: schema_version,
            known,
        }),
        FileKind::New | FileKind::BlankSqlite | FileKind::Diary { .. } => Ok(kind),
        FileKind::NotSqlite => Err(StoreError::NotSqlite(path)),
        FileKind::Foreign => Err(StoreError::Foreign(path)),
        FileKind::Truncated { have, expected } => Err(StoreError::Truncated {
            path,
            have,
            expected,
        }),
        FileKind::Corrupt(detail) => Err(StoreError::Corrupt {
            path,
            detail: detail.to_string(),
        }),
        // Only the caller knows whether it holds a key (see `Store::open_with`).
        FileKind::Encrypted => Ok(kind),
    }
}
