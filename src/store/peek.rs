//! One read-only question for hooks that run often (a shell prompt, a morning timer): is this
//! night logged? The diary is never created, migrated or written, and no lock is taken for long.

use super::error::openable;
use super::{BUSY_TIMEOUT, LATEST_VERSION, StoreError, io_error, sql_error};
use crate::files::header::{self, FileKind};
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Whether `night_of` has a (not deleted) row. A diary that does not exist yet, or an empty
/// file, has no night logged; a file that is not a cramp diary is refused as [`super::Store::open`]
/// would refuse it.
pub fn is_logged_read_only(path: &Path, night_of: NaiveDate) -> Result<bool, StoreError> {
    let kind = header::inspect(path).map_err(|e| io_error(path, &e))?;
    match openable(kind, path, LATEST_VERSION)? {
        FileKind::New | FileKind::BlankSqlite => return Ok(false),
        // Created but not yet set up by a first open: nothing can be logged in it.
        FileKind::Diary { schema_version: 0 } => return Ok(false),
        _ => {}
    }
    // Only a SELECT runs, so nothing is ever written to the diary; a running writer's WAL is
    // still seen. A cleanly closed diary has no `-wal` beside it: a read-only connection would
    // then create `-wal` and `-shm` and could not remove them (a prompt would leave two files
    // the person never asked for), while an ordinary connection that only reads removes them
    // as it closes, its empty WAL having nothing to copy into the diary. Where a `-wal` exists
    // (the app is open, or was killed), read-only leaves everything as it was found.
    // Where the folder cannot take those files (or the file is write-protected), the read is
    // done again read-only, exactly as before.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if !Path::new(&wal).exists()
        && let Ok(logged) = read(path, night_of, OpenFlags::SQLITE_OPEN_READ_WRITE)
    {
        return Ok(logged);
    }
    read(path, night_of, OpenFlags::SQLITE_OPEN_READ_ONLY)
}

/// The one `SELECT`, on a connection opened with `access`.
fn read(path: &Path, night_of: NaiveDate, access: OpenFlags) -> Result<bool, StoreError> {
    let flags = access | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_error(path, &e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| sql_error(path, &e))?;
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM nights WHERE night_of = ?1 AND deleted_at IS NULL)",
        [night_of],
        |row| row.get(0),
    )
    .map_err(|e| sql_error(path, &e))
}
