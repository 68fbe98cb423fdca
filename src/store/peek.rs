//! One read-only question for hooks that run often (a shell prompt, a morning timer): is this
//! night logged? The diary is never created, migrated or written, no file is left beside it,
//! and a lock held by another program is waited on for at most [`PEEK_BUSY_TIMEOUT`].

use super::error::openable;
use super::opening::is_busy;
use super::{LATEST_VERSION, StoreError, io_error, sql_error};
use crate::files::header::{self, FileKind};
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// How long the prompt waits on a diary another program holds locked: a shell prompt must
/// not stall (the design's "under 100 ms"; two reads at most, see below).
pub const PEEK_BUSY_TIMEOUT: Duration = Duration::from_millis(45);

/// What the diary says about a night, as far as a hook may ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peek {
    Logged,
    NotLogged,
    /// The hook cannot tell: another program held the diary locked for longer than
    /// [`PEEK_BUSY_TIMEOUT`], or it is an encrypted diary whose key this process does not hold
    /// (a hook never asks for one).
    Locked,
}

/// Whether `night_of` has a (not deleted) row. A diary that does not exist yet, or an empty
/// file, has no night logged; a file that is not a cramp diary is refused as [`super::Store::open`]
/// would refuse it.
pub fn is_logged_read_only(path: &Path, night_of: NaiveDate) -> Result<Peek, StoreError> {
    let kind = header::inspect(path).map_err(|e| io_error(path, &e))?;
    let unversioned = match openable(kind.clone(), path, LATEST_VERSION)? {
        FileKind::New | FileKind::BlankSqlite => return Ok(Peek::NotLogged),
        FileKind::Diary { schema_version: 0 } => true,
        // Locked, never damaged: without a key held (or without SQLCipher) the hook says nothing.
        FileKind::Encrypted
            if !cfg!(feature = "sqlcipher") || super::key::held_key(path).is_none() =>
        {
            return Ok(Peek::Locked);
        }
        _ => false,
    };
    // Only a SELECT runs, so nothing is ever written to the diary. A cleanly closed diary has
    // no `-wal` beside it, so nothing but its one file holds saves: it is read as unchangeable
    // (`immutable=1`), which needs no lock, no `-wal` and no `-shm`, so nothing is created
    // beside it (a damaged diary included) and a read-only filesystem reads as `list` reads it.
    // If a `-wal` appeared meanwhile (the app started saving), the read is done again the
    // other way. Where a `-wal` exists (the app is open, or was killed), a read-only
    // connection sees its saves and leaves the companions as it found them.
    let wal = super::opening::companion(path, "-wal");
    if !wal.exists() {
        let read = read(path, &kind, night_of, true, unversioned);
        if !wal.exists() {
            return read;
        }
    }
    read(path, &kind, night_of, false, unversioned)
}

/// The one `SELECT`, read-only; `immutable` tells SQLite that nothing else writes the file.
fn read(
    path: &Path,
    kind: &FileKind,
    night_of: NaiveDate,
    immutable: bool,
    unversioned: bool,
) -> Result<Peek, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let name = crate::files::sqlite_name(path);
    let conn = if immutable {
        Connection::open_with_flags(
            super::opening::immutable_uri(&name),
            flags | OpenFlags::SQLITE_OPEN_URI,
        )
    } else {
        Connection::open_with_flags(&name, flags)
    }
    .map_err(|e| sql_error(path, &e))?;
    super::unlock(&conn, path, kind)?;
    conn.busy_timeout(PEEK_BUSY_TIMEOUT)
        .map_err(|e| sql_error(path, &e))?;
    if unversioned {
        // Created but never set up (nothing can be logged in it), or tables whose version
        // another program reset: refused as opening would refuse it.
        return match super::has_tables(&conn) {
            Ok(false) => Ok(Peek::NotLogged),
            Ok(true) => Err(StoreError::Unversioned(path.to_path_buf())),
            Err(e) if is_busy(&e) => Ok(Peek::Locked),
            Err(e) => Err(sql_error(path, &e)),
        };
    }
    let logged = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM nights WHERE night_of = ?1 AND deleted_at IS NULL)",
        [night_of],
        |row| row.get::<_, bool>(0),
    );
    match logged {
        Ok(true) => Ok(Peek::Logged),
        Ok(false) => Ok(Peek::NotLogged),
        Err(e) if is_busy(&e) => Ok(Peek::Locked),
        Err(e) => Err(sql_error(path, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_reads_stay_under_the_prompts_100_ms() {
        assert!(PEEK_BUSY_TIMEOUT * 2 < Duration::from_millis(100));
    }
}
