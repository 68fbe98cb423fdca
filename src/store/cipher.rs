//! An encrypted diary (SQLCipher): keying a connection, and converting a diary between plain and
//! encrypted (or from one key to another) safely: the new file is written beside the old,
//! checked (integrity, and every table's row count equal to the old's), fsynced, and only then
//! renamed over it. A kill at any moment leaves one whole diary under the diary's name: the
//! old one until the rename, the new one after it.

use super::error::{Locked, StoreError, sql_error};
use super::key::{DiaryKey, HeldKey, SALT_LEN, file_salt};
use super::opening::configure;
use super::{BUSY_TIMEOUT, io_error};
use crate::files::folder_of;
use crate::files::header::{self, FileKind};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// Keys a fresh connection; must run before anything else reads the file.
pub(super) fn apply_key(conn: &Connection, key: &DiaryKey) -> rusqlite::Result<()> {
    // A wrong key is told in one sentence; SQLCipher's own log lines would add three more.
    conn.execute_batch(&format!(
        "PRAGMA cipher_log_level = NONE; PRAGMA key = \"{}\";",
        key.literal(None)
    ))
}

/// Whether `e` is what SQLCipher says to a key that does not fit (page 1 fails its check).
pub(super) fn is_wrong_key(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::NotADatabase)
}

/// The error for a held key that does not open `path`.
pub(super) fn wrong_key(path: &Path, held: &HeldKey) -> StoreError {
    StoreError::Locked {
        path: path.to_path_buf(),
        why: Locked::WrongKey(held.source.clone()),
    }
}

/// Opens `path` read-write with `key` (or plain with `None`) and checks the key fits.
fn open_keyed(
    path: &Path,
    key: Option<&DiaryKey>,
    flags: OpenFlags,
) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(crate::files::sqlite_name(path), flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
    }
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(conn)
}

/// Every table's name and row count, in name order.
pub(super) fn row_counts(conn: &Connection, schema: &str) -> rusqlite::Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM \"{schema}\".sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let n = conn.query_row(
                &format!(
                    "SELECT count(*) FROM \"{schema}\".\"{}\"",
                    name.replace('"', "\"\"")
                ),
                [],
                |r| r.get(0),
            )?;
            Ok((name, n))
        })
        .collect()
}

/// Writes the whole of `conn`'s main database into the empty file `target` with `to` (a key
/// and the salt to write, or `None` for plain), keeping `user_version` and `application_id`.
pub(super) fn export_into(
    conn: &Connection,
    target: &Path,
    to: Option<(&DiaryKey, &[u8; SALT_LEN])>,
) -> rusqlite::Result<()> {
    let literal = match to {
        Some((key, salt)) => key.literal(Some(salt)),
        None => String::new(),
    };
    let name = crate::files::sqlite_name(target);
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS cramp_copy KEY \"{literal}\""),
        [name.to_string_lossy()],
    )?;
    let copied = (|| {
        conn.query_row("SELECT sqlcipher_export('cramp_copy')", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        let app: i64 = conn.query_row("PRAGMA main.application_id", [], |r| r.get(0))?;
        conn.execute_batch(&format!(
            "PRAGMA cramp_copy.user_version = {version}; PRAGMA cramp_copy.application_id = {app};"
        ))
    })();
    let detached = conn.execute_batch("DETACH DATABASE cramp_copy");
    copied.and(detached)
}

/// Checks a copy at `target` opened with `key`: integrity, and the same tables with the same
/// row counts as `expected`.
pub(super) fn check_copy(
    target: &Path,
    key: Option<&DiaryKey>,
    expected: &[(String, i64)],
) -> Result<(), String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let copy = open_keyed(target, key, flags).map_err(|e| e.to_string())?;
    let check: String = copy
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if check != "ok" {
        return Err(format!("the new file failed its integrity check ({check})"));
    }
    let counts = row_counts(&copy, "main").map_err(|e| e.to_string())?;
    if counts != expected {
        return Err("the new file's tables or row counts differ from the diary's".to_string());
    }
    Ok(())
}

/// The diary at `path` converted: `from` opens it (`None`: it is plain), `to` is the new key
/// (`None`: plain). `to`'s salt is written into the new file. Refuses while another program
/// has the diary open (its saves would go to the old file after the rename).
pub fn convert(
    path: &Path,
    from: Option<&DiaryKey>,
    to: Option<(&DiaryKey, [u8; SALT_LEN])>,
) -> Result<(), StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = open_keyed(path, from, flags).map_err(|e| sql_error(path, &e))?;
    configure(&mut conn).map_err(|e| sql_error(path, &e))?;
    // Everything into the main file, then out of WAL: leaving WAL needs the diary to ourselves,
    // so another program with it open is found here (and refused), and no `-wal` from the old
    // file can be replayed onto the new one.
    let in_use = || StoreError::Io {
        path: path.to_path_buf(),
        detail:
            "another program has it open (the screen, a sync, an import); quit it and try again"
                .to_string(),
    };
    let busy_or_error = |e: &rusqlite::Error| {
        if super::opening::is_busy(e) {
            in_use()
        } else {
            sql_error(path, e)
        }
    };
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| busy_or_error(&e))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use());
    }
    // An exclusive lock taken by a write and held until the connection closes (after the
    // rename): nobody reads or writes the old file meanwhile.
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sql_error(path, &e))?;
    conn.execute_batch(&format!(
        "PRAGMA locking_mode = EXCLUSIVE; PRAGMA user_version = {version};"
    ))
    .map_err(|e| busy_or_error(&e))?;
    let expected = row_counts(&conn, "main").map_err(|e| sql_error(path, &e))?;
    let dir = folder_of(path);
    remove_stale_temps(path, &dir);
    let name = path
        .file_name()
        .map_or("diary".into(), |n| n.to_string_lossy());
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.converting-"))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| io_error(path, &e))?;
    pause("locked");
    export_into(&conn, temp.path(), to.as_ref().map(|(k, s)| (*k, s)))
        .map_err(|e| sql_error(path, &e))?;
    pause("written");
    check_copy(temp.path(), to.as_ref().map(|(k, _)| *k), &expected).map_err(|detail| {
        StoreError::Io {
            path: path.to_path_buf(),
            detail: format!("{detail}; the diary was left as it was"),
        }
    })?;
    temp.as_file().sync_all().map_err(|e| io_error(path, &e))?;
    pause("checked");
    // A handle on the old file, to overwrite its pages once it is no longer the diary.
    let old = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| io_error(path, &e))?;
    temp.persist(path).map_err(|e| io_error(path, &e.error))?;
    crate::files::sync_dir(&dir);
    pause("renamed");
    // The old file is unreachable by name now. Its pages are overwritten with zeros: what can
    // be (a copy-on-write or flash disk may keep old blocks), and a program that opened it just
    // before the rename reads "not a database" instead of saving into a file nobody will read.
    wipe(&old);
    drop(conn);
    Ok(())
}

/// Zeros over a file's whole length, fsynced; best effort.
fn wipe(file: &File) {
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return;
    };
    let mut file = file;
    if file.seek(SeekFrom::Start(0)).is_err() {
        return;
    }
    let zeros = vec![0u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        if file.write_all(&zeros[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
    let _ = file.sync_all();
}

/// Removes what a killed conversion left: `.diary.db.converting-*.tmp` beside the diary.
fn remove_stale_temps(path: &Path, dir: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.converting-");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let n = entry.file_name().to_string_lossy().into_owned();
            if n.starts_with(&prefix) && n.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// A test hook (debug builds): `CRAMP_TEST_CONVERT_PAUSE=written` stops there for a kill test.
fn pause(step: &str) {
    if cfg!(debug_assertions) && std::env::var("CRAMP_TEST_CONVERT_PAUSE").is_ok_and(|s| s == step)
    {
        eprintln!("paused after {step}");
        std::thread::sleep(std::time::Duration::from_secs(600));
    }
}

/// A new random salt for a file about to be encrypted.
pub fn new_salt() -> Result<[u8; SALT_LEN], StoreError> {
    use rand::TryRng;
    let mut salt = [0u8; SALT_LEN];
    rand::rngs::SysRng
        .try_fill_bytes(&mut salt)
        .map_err(|e| StoreError::Io {
            path: "the system's random numbers".into(),
            detail: e.to_string(),
        })?;
    Ok(salt)
}

/// The salt of the encrypted diary at `path`, to derive its key from a passphrase.
pub fn salt_of(path: &Path) -> Result<[u8; SALT_LEN], StoreError> {
    match header::inspect(path).map_err(|e| io_error(path, &e))? {
        FileKind::Encrypted => file_salt(path)
            .map_err(|e| io_error(path, &e))?
            .ok_or_else(|| StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: "too short to hold its salt".into(),
            }),
        _ => Err(StoreError::Io {
            path: path.to_path_buf(),
            detail: "it is not encrypted".into(),
        }),
    }
}
