//! The only place SQL lives. Opening checks the file before SQLite touches it, sets the pragmas,
//! backs up and migrates; every write is one `BEGIN IMMEDIATE` transaction.

mod backup;
mod bulk;
#[cfg(feature = "sqlcipher")]
pub mod cipher;
mod context;
pub mod convert;
mod dashboard;
mod dump;
mod edits;
mod error;
mod experiments;
mod import;
mod insights;
pub mod key;
mod migrations;
mod nights;
mod opening;
mod peek;
mod periods;
mod routines;
pub mod rows;
mod sessions;
mod shared;
mod sql_types;
pub mod sync;
pub mod table;
pub mod tables;
mod tags;
mod undo;

pub use bulk::{Batch, BulkNight};
pub use dashboard::{load_dashboard, load_dashboard_weeks, load_progress};
pub use dump::Range;
pub use edits::{Checked, NightEdit, Opened, Stale, why_not_saved};
pub(crate) use error::sql_error;
pub use error::{HOW_TO_UNLOCK, Locked, StoreError};
pub use import::{ImportCounts, slow_down_staging};
pub use insights::load_insights;
pub use key::{DiaryKey, hold_key};
pub use migrations::{LATEST_VERSION, STEPS};
pub use nights::EpisodeAdded;
pub use nights::{Deletion, NightChange, NightEntry, NightLogged};
pub use peek::{PEEK_BUSY_TIMEOUT, Peek, is_logged_read_only};
pub use tables::{LISTS, NOUNS};
pub use tags::TagChange;
pub use undo::LastDelete;

use crate::files::folder_of;
use crate::files::header::{self, FileKind};
use error::{ENOSPC, EROFS, first_line, io_error, openable};
use opening::{configure, create_file, has_wal, inspect_settled, recovered_kind};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use rusqlite_migration::{M, Migrations};
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the diary at `path` at the latest schema.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, STEPS)
    }

    /// Like [`Store::open`] with a given migration list: lets tests exercise upgrades.
    #[doc(hidden)]
    pub fn open_with<'m>(path: &Path, steps: &'m [M<'m>]) -> Result<Self, StoreError> {
        let known = steps.len() as u32;
        crate::files::plain_file("the diary", path).map_err(|e| StoreError::NotAFile(e.0))?;
        let kind = match inspect_settled(path).map_err(|e| io_error(path, &e))? {
            // Killed while the file grew: the header is ahead of the file, the rest is in the
            // -wal. SQLite recovers that; only a file that then fails its check is damaged.
            FileKind::Truncated { have, expected } if has_wal(path) => {
                recovered_kind(path).unwrap_or(FileKind::Truncated { have, expected })
            }
            kind => kind,
        };
        let kind = openable(kind, path, known)?;
        if kind == FileKind::New {
            create_file(path)?;
        }
        if let Err(e) = OpenOptions::new().write(true).open(path) {
            return Err(match e.raw_os_error() {
                Some(EROFS) => StoreError::ReadOnlyFs(path.to_path_buf()),
                _ => StoreError::ReadOnly(path.to_path_buf()),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let name = crate::files::sqlite_name(path);
        let mut conn =
            Connection::open_with_flags(&name, flags).map_err(|e| sql_error(path, &e))?;
        #[cfg_attr(not(feature = "sqlcipher"), allow(unused_variables))]
        let held = unlock(&conn, path, &kind)?;
        configure(&mut conn).map_err(|e| match e.sqlite_error_code() {
            #[cfg(feature = "sqlcipher")]
            Some(ErrorCode::NotADatabase) if let Some(held) = &held => {
                cipher::wrong_key(path, held)
            }
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen)
                if crate::files::companion_folder(path).is_some() =>
            {
                sql_error(path, &e)
            }
            // The file itself is writable (checked above): the journal beside it is not.
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => StoreError::FolderReadOnly {
                path: path.to_path_buf(),
                dir: folder_of(path),
            },
            _ => sql_error(path, &e),
        })?;
        let mut store = Self {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(&Migrations::from_slice(steps), known)?;
        if known == LATEST_VERSION {
            sync::install_triggers(&store.conn).map_err(|e| sql_error(path, &e))?;
        }
        Ok(store)
    }

    /// Opens the diary for a command that only reads it. Like [`Store::open`], but on a full
    /// disk (where SQLite cannot even make its `-shm` index) it falls back to a read-only
    /// connection that keeps that index in memory, so a full disk never hides the diary.
    /// A diary it may not write is read through a read-only connection, as long as it needs
    /// no migration: a read-only file, or one on a filesystem mounted read-only (which nothing
    /// can change, so SQLite is told so and needs no `-shm` index) unless a crash left
    /// unsaved pages in its `-wal`.
    pub fn open_reading(path: &Path) -> Result<Self, StoreError> {
        match Self::open(path) {
            Err(StoreError::DiskFull(_)) => Self::open_read_only_in_memory_index(path),
            Err(e @ StoreError::ReadOnly(_)) => Self::open_read_only(path, false).map_err(|_| e),
            Err(e @ StoreError::ReadOnlyFs(_)) if !has_wal(path) => {
                Self::open_read_only(path, true).map_err(|_| e)
            }
            other => other,
        }
    }

    /// [`Store::open_reading`] the diary at `path`, or `None` when there is none yet: a
    /// command that only reads never creates one.
    pub fn open_reading_if_there(path: &Path) -> Result<Option<Self>, StoreError> {
        if path.exists() {
            Self::open_reading(path).map(Some)
        } else {
            Ok(None)
        }
    }

    fn open_read_only(path: &Path, immutable: bool) -> rusqlite::Result<Self> {
        let kind = header::inspect(path).unwrap_or(FileKind::NotSqlite);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if immutable {
            Connection::open_with_flags(
                opening::immutable_uri(&crate::files::sqlite_name(path)),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?
        } else {
            Connection::open_with_flags(crate::files::sqlite_name(path), flags)?
        };
        unlock(&conn, path, &kind).map_err(|_| rusqlite::Error::InvalidQuery)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let store = Self {
            conn,
            path: path.to_path_buf(),
        };
        match store.schema_version() {
            Ok(v) if v == LATEST_VERSION => Ok(store),
            _ => Err(rusqlite::Error::InvalidQuery),
        }
    }

    fn open_read_only_in_memory_index(path: &Path) -> Result<Self, StoreError> {
        let full = || StoreError::DiskFull(path.to_path_buf());
        // Read-write only so SQLite accepts the exclusive WAL mode; `query_only` forbids writes.
        let conn = Connection::open_with_flags(
            crate::files::sqlite_name(path),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|_| full())?;
        let kind = header::inspect(path).unwrap_or(FileKind::NotSqlite);
        unlock(&conn, path, &kind)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|_| full())?;
        // Before the first read: SQLite then never asks for the shared-memory file.
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .and_then(|()| conn.pragma_update(None, "query_only", "ON"))
            .map_err(|_| full())?;
        let store = Self {
            conn,
            path: path.to_path_buf(),
        };
        match store.schema_version() {
            Ok(v) if v == LATEST_VERSION => Ok(store),
            _ => Err(full()),
        }
    }

    /// A throwaway diary in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let path = PathBuf::from(":memory:");
        let mut conn = Connection::open_in_memory().map_err(|e| sql_error(&path, &e))?;
        configure(&mut conn).map_err(|e| sql_error(&path, &e))?;
        let mut store = Self { conn, path };
        store.migrate(&Migrations::from_slice(STEPS), LATEST_VERSION)?;
        sync::install_triggers(&store.conn).map_err(|e| sql_error(&store.path, &e))?;
        Ok(store)
    }

    /// Counts every SQL statement this connection runs from now on (see [`statements_run`]):
    /// lets a test prove that drawing and moving around read nothing.
    #[doc(hidden)]
    #[cfg(feature = "test-trace")]
    pub fn count_statements(&mut self) {
        self.conn.trace_v2(
            rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
            Some(count_statement),
        );
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key this diary was opened with, when it is encrypted.
    #[cfg(feature = "sqlcipher")]
    pub(crate) fn held_key(&self) -> Option<key::HeldKey> {
        match header::inspect(&self.path) {
            Ok(FileKind::Encrypted) => key::held_key(&self.path),
            _ => None,
        }
    }

    pub fn schema_version(&self) -> rusqlite::Result<u32> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
    }

    /// Copies everything in `-wal` into the main file and empties the `-wal`
    /// (`PRAGMA wal_checkpoint(TRUNCATE)`), so the diary is whole in one file. Call it when a
    /// process that wrote is about to end (every exit path). Another process reading or writing
    /// at the same time can keep part of the log in use; that is not an error (it checkpoints
    /// when it ends), so the answer says whether the log was emptied.
    pub fn checkpoint(&self) -> Result<bool, StoreError> {
        let (busy, _log, _moved): (i64, i64, i64) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|e| sql_error(&self.path, &e))?;
        Ok(busy == 0)
    }

    /// Whether the file holds any table: a diary at schema version 0 must not.
    fn has_tables(&self) -> rusqlite::Result<bool> {
        has_tables(&self.conn)
    }

    /// SQLite's own integrity check: `["ok"]` when the file is sound.
    pub fn integrity_check(&self) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check(20)")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        rows.collect()
    }

    fn migrate(&mut self, migrations: &Migrations<'_>, known: u32) -> Result<(), StoreError> {
        let path = self.path.clone();
        let version = self.schema_version().map_err(|e| sql_error(&path, &e))?;
        if version > known {
            return Err(StoreError::Newer {
                path,
                found: version,
                known,
            });
        }
        if version == known {
            return Ok(());
        }
        if version == 0 && self.has_tables().map_err(|e| sql_error(&path, &e))? {
            return Err(StoreError::Unversioned(path));
        }
        let backup = if version > 0 {
            Some(self.backup_before(version + 1)?)
        } else {
            None
        };
        if let Err(e) = migrations.to_latest(&mut self.conn) {
            // Another process may have migrated between our read and our lock: that is success.
            let now = self.schema_version().map_err(|e| sql_error(&path, &e))?;
            if now != known {
                return Err(StoreError::MigrationFailed {
                    path,
                    backup,
                    detail: first_line(&e.to_string()),
                });
            }
        }
        Ok(())
    }
}

/// Whether the database on `conn` holds any table.
fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
        [],
        |r| r.get(0),
    )
}

/// Keys a fresh connection to an encrypted diary with the key this process holds for it (see
/// [`key::hold_key`]); a plain diary needs nothing. Without a key, or in a build without
/// SQLCipher, the diary is locked: never "damaged".
fn unlock(
    conn: &Connection,
    path: &Path,
    kind: &FileKind,
) -> Result<Option<key::HeldKey>, StoreError> {
    if *kind != FileKind::Encrypted {
        return Ok(None);
    }
    #[cfg(feature = "sqlcipher")]
    {
        let Some(held) = key::held_key(path) else {
            return Err(StoreError::Locked {
                path: path.to_path_buf(),
                why: Locked::NoKey(key::missing_note(path)),
            });
        };
        cipher::apply_key(conn, &held.key).map_err(|e| sql_error(path, &e))?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| {
            if cipher::is_wrong_key(&e) {
                cipher::wrong_key(path, &held)
            } else {
                sql_error(path, &e)
            }
        })?;
        Ok(Some(held))
    }
    #[cfg(not(feature = "sqlcipher"))]
    {
        let _ = conn;
        Err(StoreError::Locked {
            path: path.to_path_buf(),
            why: Locked::NotBuilt,
        })
    }
}

#[cfg(feature = "test-trace")]
static STATEMENTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[cfg(feature = "test-trace")]
fn count_statement(_event: rusqlite::trace::TraceEvent<'_>) {
    STATEMENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// How many statements connections with [`Store::count_statements`] have run in this process.
#[doc(hidden)]
#[cfg(feature = "test-trace")]
pub fn statements_run() -> usize {
    STATEMENTS.load(std::sync::atomic::Ordering::Relaxed)
}
