//! The only place SQL lives. Opening checks the file before SQLite touches it, sets the pragmas,
//! backs up and migrates; every write is one `BEGIN IMMEDIATE` transaction.

mod backup;
mod bulk;
mod context;
mod dashboard;
mod dump;
mod edits;
mod episodes;
mod error;
mod experiments;
pub mod header;
mod import;
mod import_checks;
mod import_tables;
mod migrations;
mod nights;
mod peek;
mod routines;
pub mod rows;
mod sessions;
mod shared;
mod sql_types;
mod undo;

pub use bulk::{Batch, BulkNight};
pub use dashboard::{load_dashboard, load_dashboard_weeks, load_progress};
pub use dump::Range;
pub use edits::{Checked, NightEdit, Opened, Stale, why_not_saved};
pub use episodes::EpisodeAdded;
pub use error::StoreError;
pub use import::{ImportCounts, TABLES, slow_down_staging};
pub use migrations::{LATEST_VERSION, STEPS};
pub use nights::{Deletion, NightChange, NightEntry, NightLogged};
pub use peek::is_logged_read_only;
pub use undo::LastDelete;

use header::FileKind;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use rusqlite_migration::{M, Migrations};
use std::fs::{self, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// errno for "read-only file system".
const EROFS: i32 = 30;

/// Owner-only: the diary is health data.
const FILE_MODE: u32 = 0o600;
const DIR_MODE: u32 = 0o700;

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
        match kind {
            FileKind::New => create_file(path)?,
            FileKind::BlankSqlite => {}
            FileKind::Diary { schema_version } if schema_version > known => {
                return Err(StoreError::Newer {
                    path: path.to_path_buf(),
                    found: schema_version,
                    known,
                });
            }
            FileKind::Diary { .. } => {}
            FileKind::NotSqlite => return Err(StoreError::NotSqlite(path.to_path_buf())),
            FileKind::Foreign => return Err(StoreError::Foreign(path.to_path_buf())),
            FileKind::Truncated { have, expected } => {
                return Err(StoreError::Truncated {
                    path: path.to_path_buf(),
                    have,
                    expected,
                });
            }
            FileKind::Corrupt(detail) => {
                return Err(StoreError::Corrupt {
                    path: path.to_path_buf(),
                    detail: detail.to_string(),
                });
            }
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
        configure(&mut conn).map_err(|e| match e.sqlite_error_code() {
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
        Ok(store)
    }

    /// Opens the diary for a command that only reads it. Like [`Store::open`], but on a full
    /// disk (where SQLite cannot even make its `-shm` index) it falls back to a read-only
    /// connection that keeps that index in memory, so a full disk never hides the diary.
    pub fn open_reading(path: &Path) -> Result<Self, StoreError> {
        match Self::open(path) {
            Err(StoreError::DiskFull(_)) => Self::open_read_only_in_memory_index(path),
            other => other,
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

/// errno for "no space left on device".
const ENOSPC: i32 = 28;

fn has_wal(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    fs::metadata(Path::new(&wal)).is_ok_and(|m| m.len() > 0)
}

/// Lets SQLite read a file whose header is ahead of its length through its `-wal` (read-only:
/// nothing is written unless it proves to be a sound diary); what it then is.
fn recovered_kind(path: &Path) -> Option<FileKind> {
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

/// Pragmas live here, not in migrations: they are per connection.
fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
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
fn wal_mode(conn: &Connection) -> rusqlite::Result<String> {
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

fn is_busy(e: &rusqlite::Error) -> bool {
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
fn inspect_settled(path: &Path) -> std::io::Result<FileKind> {
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

fn create_file(path: &Path) -> Result<(), StoreError> {
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        if let Some(grandparent) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(grandparent).map_err(|e| io_error(grandparent, &e))?;
        }
        match fs::DirBuilder::new().mode(DIR_MODE).create(dir) {
            Ok(()) => {}
            // Another process made it first.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_error(dir, &e)),
        }
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

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> StoreError {
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
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: first_line(&e.to_string()),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(path.to_path_buf()),
        Some(ErrorCode::DiskFull) => StoreError::DiskFull(path.to_path_buf()),
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

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_string()
}
