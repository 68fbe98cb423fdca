//! What opening a diary file involves before and after SQLite has it: creating it owner-only,
//! reading a header that may be mid-checkpoint, recovering through the `-wal`, the pragmas.

use super::{BUSY_TIMEOUT, StoreError, io_error};
use crate::files::header::{self, FileKind};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::fs::{self, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Owner-only: the diary is health data.
const FILE_MODE: u32 = 0o600;
const DIR_MODE: u32 = 0o700;

/// The file SQLite keeps beside the diary under `suffix` (`-wal`, `-shm`, `-journal`).
pub(super) fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(super) fn has_wal(path: &Path) -> bool {
    fs::metadata(companion(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

/// A URI that opens `name` (as [`crate::files::sqlite_name`] gives it) as unchangeable:
/// SQLite then takes no lock and needs no `-shm` index beside it.
pub(super) fn immutable_uri(name: &Path) -> String {
    let escaped = name
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    format!("file:{escaped}?immutable=1")
}

/// Lets SQLite read a file whose header is ahead of its length through its `-wal` (read-only:
/// nothing is written unless it proves to be a sound diary); what it then is.
pub(super) fn recovered_kind(path: &Path) -> Option<FileKind> {
    let conn = Connection::open_with_flags(
        crate::files::sqlite_name(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.busy_timeout(BUSY_TIMEOUT).ok()?;
    let app: u32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .ok()?;
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .ok()?;
    let check: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .ok()?;
    (app == header::APPLICATION_ID && check == "ok").then_some(FileKind::Diary {
        schema_version: version,
    })
}

/// Pragmas live here, not in migrations: they are per connection.
pub(super) fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode = wal_mode(conn)?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal mode {mode}"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Touch the schema so a damaged first page is found now, not mid-save.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
        row.get::<_, i64>(0)
    })?;
    Ok(())
}

/// Switches to WAL. On a brand-new file a second process doing the same gets SQLITE_BUSY at
/// once (SQLite skips the busy handler there to avoid a deadlock), so retry within the timeout.
pub(super) fn wal_mode(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0)) {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

pub(super) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked)
    )
}

/// Reads the header. While another process checkpoints (a `-wal` file exists) the main file
/// can be caught half-written: SQLite may write the first page before the rest. So a foreign
/// or corrupt header seen with a `-wal` beside the file is read again until it holds or 2
/// seconds pass. A file shorter than its header is not waited on: `open_with` lets SQLite read
/// it through the `-wal`, under SQLite's own locks.
pub(super) fn inspect_settled(path: &Path) -> std::io::Result<FileKind> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let kind = header::inspect(path)?;
        // A file shorter than its header is left to SQLite's recovery (see `open_with`).
        let refusal = matches!(kind, FileKind::Foreign | FileKind::Corrupt(_));
        if !refusal || !Path::new(&wal).exists() || Instant::now() >= deadline {
            return Ok(kind);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub(super) fn create_file(path: &Path) -> Result<(), StoreError> {
    // Every folder made on the way is owner-only, not just the last (the umask would leave
    // the others readable, 0777 under umask 000); folders that exist are left as they are.
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        // Recursive: another process making it at the same moment is no error.
        fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(dir)
            .map_err(|e| io_error(dir, &e))?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)
    {
        Ok(_) => Ok(()),
        // Another process made it first, or it is an empty file we will initialise.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_error(path, &e)),
    }
}
