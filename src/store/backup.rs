//! Copies of the diary: the backup before an upgrade and `cramp backup`. Each is written to a
//! temporary name, checked with SQLite's integrity check, fsynced and only then renamed, so a
//! failed attempt (a full disk, a kill) leaves nothing under the backup's name.

use super::{ENOSPC, Store, StoreError, first_line, io_error, sql_error};
use crate::files::folder_of;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};

impl Store {
    /// Copies the diary next to itself (`diary.db.before-v2.bak`) before an upgrade.
    pub(super) fn backup_before(&self, next_version: u32) -> Result<PathBuf, StoreError> {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "diary.db".into());
        let dir = folder_of(&self.path);
        let mut target = dir.join(format!("{name}.before-v{next_version}.bak"));
        let mut n = 2;
        while target.exists() {
            target = dir.join(format!("{name}.before-v{next_version}.{n}.bak"));
            n += 1;
        }
        self.copy_verified(&target, false)
            .map_err(|e| StoreError::MigrationFailed {
                path: self.path.clone(),
                backup: None,
                detail: format!("could not write the backup {}: {e}", target.display()),
            })?;
        Ok(target)
    }

    /// `cramp backup`: a complete, checked, owner-only copy of the diary at `target`, replacing
    /// an older copy there. Check that `target` is not the diary or its journal first.
    pub fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        self.copy_verified(target, true)
            .map_err(|e| e.into_store_error(target, &self.path))
    }

    /// The whole diary as one checked SQLite file, in memory: for a backup that is encrypted
    /// before it is written. The plain copy is made in the diary's own folder (which already
    /// holds the plain diary), never beside the target, and removed before this returns.
    pub fn verified_copy_bytes(&self) -> Result<Vec<u8>, StoreError> {
        let dir = folder_of(&self.path);
        let temp = self
            .verified_temp_copy(&dir, "diary-copy")
            .map_err(|e| e.into_store_error(&self.path, &self.path))?;
        std::fs::read(temp.path()).map_err(|e| io_error(&self.path, &e))
    }

    /// Writes the diary with `VACUUM INTO` to a temporary name beside `target` (0600), checks
    /// the copy's integrity, fsyncs it and only then renames it to `target`: a failure at any
    /// point (a full disk, a kill) leaves no file under the target's name.
    fn copy_verified(&self, target: &Path, replace: bool) -> Result<(), CopyError> {
        let dir = folder_of(target);
        let name = target
            .file_name()
            .map_or("diary-copy".into(), |n| n.to_string_lossy());
        let temp = self.verified_temp_copy(&dir, &name)?;
        temp.as_file().sync_all().map_err(CopyError::Io)?;
        let persisted = if replace {
            temp.persist(target)
        } else {
            temp.persist_noclobber(target)
        };
        persisted.map_err(|e| CopyError::Io(e.error))?;
        crate::files::sync_dir(&dir);
        Ok(())
    }

    /// A checked copy of the diary under a temporary name in `dir` (0600), removed when the
    /// handle is dropped unless it is persisted.
    fn verified_temp_copy(
        &self,
        dir: &Path,
        name: &str,
    ) -> Result<tempfile::NamedTempFile, CopyError> {
        // tempfile makes it 0600 and empty (VACUUM INTO accepts an empty file), and removes it
        // whenever this function returns early.
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(CopyError::Io)?;
        // An encrypted diary's copy is encrypted with the same key and salt (so its passphrase
        // opens it too), checked with that key.
        #[cfg(feature = "sqlcipher")]
        if let Some(held) = self.held_key() {
            let salt = super::key::file_salt(&self.path)
                .map_err(CopyError::Io)?
                .ok_or_else(|| CopyError::Unsound("the diary has no salt".into()))?;
            let counts = super::cipher::row_counts(&self.conn, "main").map_err(CopyError::Sql)?;
            super::cipher::export_into(&self.conn, temp.path(), Some((&held.key, &salt)))
                .map_err(CopyError::Sql)?;
            super::cipher::check_copy(temp.path(), Some(&held.key), &counts)
                .map_err(CopyError::Unsound)?;
            return Ok(temp);
        }
        let temp_name = crate::files::sqlite_name(temp.path());
        self.conn
            .execute("VACUUM INTO ?1", [temp_name.to_string_lossy()])
            .map_err(CopyError::Sql)?;
        let check = Connection::open_with_flags(
            &temp_name,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|copy| copy.query_row("PRAGMA integrity_check(1)", [], |r| r.get::<_, String>(0)))
        .map_err(CopyError::Sql)?;
        if check != "ok" {
            return Err(CopyError::Unsound(check));
        }
        Ok(temp)
    }
}

/// Why a copy of the diary could not be made.
#[derive(Debug)]
enum CopyError {
    Io(std::io::Error),
    Sql(rusqlite::Error),
    Unsound(String),
}

impl CopyError {
    /// The error of copying `diary` to `target`: damage is the diary's, the rest the target's.
    fn into_store_error(self, target: &Path, diary: &Path) -> StoreError {
        if let Self::Sql(e) = &self
            && matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
            )
        {
            return sql_error(diary, e);
        }
        if !matches!(self, Self::Unsound(_)) && crate::files::disk_is_full(&folder_of(target)) {
            return StoreError::DiskFull(target.to_path_buf());
        }
        match self {
            Self::Io(e) => io_error(target, &e),
            Self::Sql(e) => sql_error(target, &e),
            Self::Unsound(detail) => StoreError::Io {
                path: target.to_path_buf(),
                detail: format!("the copy failed its integrity check ({detail}) and was removed"),
            },
        }
    }
}

impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) if e.raw_os_error() == Some(ENOSPC) => f.write_str("the disk is full"),
            Self::Io(e) => write!(f, "{e}"),
            Self::Sql(e) if e.sqlite_error_code() == Some(ErrorCode::DiskFull) => {
                f.write_str("the disk is full")
            }
            Self::Sql(e) => write!(f, "{}", first_line(&e.to_string())),
            Self::Unsound(d) => write!(f, "the copy failed its integrity check ({d})"),
        }
    }
}
