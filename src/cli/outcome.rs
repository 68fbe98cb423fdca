//! How a command ends: a command that wrote checkpoints, and a failure is told as what it is.

use std::path::{Path, PathBuf};

/// After a command that wrote: fold the `-wal` into the diary, so the file alone holds every
/// save. Its failure is not the command's: the save is already safe in the `-wal`.
pub(super) fn finish_write(store: &crate::store::Store) {
    let _ = store.checkpoint();
}

/// The diary a one-shot command saved to, handed back to [`crate::cli::run`], which syncs
/// through the same connection when `sync.dir` is set (opening the diary a second time cost
/// as much CPU as the save itself) and checkpoints it either way.
static SAVED: std::sync::Mutex<Option<crate::store::Store>> = std::sync::Mutex::new(None);

/// Ends a command that saved: like [`finish_write`], but the checkpoint waits for the sync
/// that may follow (see [`take_saved`]).
pub(super) fn saved(store: crate::store::Store) {
    if let Ok(mut slot) = SAVED.lock() {
        *slot = Some(store);
    }
}

/// The diary the command saved to, if it handed it back with [`saved`].
pub(super) fn take_saved() -> Option<crate::store::Store> {
    SAVED.lock().ok().and_then(|mut slot| slot.take())
}

/// A failure SQLite reports as "disk I/O error" (or "database or disk is full") while saving
/// is told as what it is when the disk is full.
pub(super) fn explain(report: color_eyre::eyre::Report, db: &Path) -> color_eyre::eyre::Report {
    use crate::store::StoreError;
    if report.downcast_ref::<crate::domain::Invalid>().is_some()
        || report.downcast_ref::<StoreError>().is_some()
    {
        return report;
    }
    let code_is = |wanted: rusqlite::ErrorCode| {
        report.chain().any(|cause| {
            cause
                .downcast_ref::<rusqlite::Error>()
                .and_then(rusqlite::Error::sqlite_error_code)
                .is_some_and(|code| code == wanted)
        })
    };
    // SQLITE_FULL is the disk being full whatever the disk says a moment later (another
    // program may have freed space since).
    if code_is(rusqlite::ErrorCode::DiskFull) {
        return StoreError::DiskFull(db.to_path_buf()).into();
    }
    // Damage found while reading (a page in the middle of the file): say which file and what
    // to do, not SQLite's "database disk image is malformed: Error code 11".
    if code_is(rusqlite::ErrorCode::DatabaseCorrupt) || code_is(rusqlite::ErrorCode::NotADatabase) {
        return StoreError::Corrupt {
            path: db.to_path_buf(),
            detail: "database disk image is malformed".into(),
        }
        .into();
    }
    if code_is(rusqlite::ErrorCode::DatabaseBusy) || code_is(rusqlite::ErrorCode::DatabaseLocked) {
        return StoreError::Busy(db.to_path_buf()).into();
    }
    let sqlite_io = code_is(rusqlite::ErrorCode::SystemIoFailure);
    let refused = sqlite_io
        || code_is(rusqlite::ErrorCode::ReadOnly)
        || code_is(rusqlite::ErrorCode::CannotOpen);
    if refused && let Some(folder) = crate::files::companion_folder(db) {
        return StoreError::CompanionFolder {
            path: db.to_path_buf(),
            folder,
        }
        .into();
    }
    let folder = match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if sqlite_io && crate::files::disk_is_full(&folder) {
        return StoreError::DiskFull(db.to_path_buf()).into();
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use color_eyre::eyre::WrapErr;

    #[test]
    fn sqlite_full_is_told_as_a_full_disk_even_when_space_came_back() {
        let full: Result<(), rusqlite::Error> = Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("database or disk is full".into()),
        ));
        let report = full.wrap_err("saving the cramp").unwrap_err();
        // A folder with room in it: the disk is not full any more when the error is told.
        let told = explain(report, Path::new("/tmp/diary.db")).to_string();
        assert!(told.contains("the disk is full"), "{told}");
        assert!(!told.contains("Error code"), "{told}");
    }
}
