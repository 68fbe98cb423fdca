//! Reading a diary file straight with SQLite, past the app, to see what it really holds.
#![allow(dead_code)]

use rusqlite::types::FromSql;
use std::path::Path;
use std::time::Duration;

/// The one value `sql` reads from the diary file at `db` (a count, a pragma...), waiting up to
/// 5 seconds for another process's lock.
pub fn value<T: FromSql>(db: &Path, sql: &str) -> T {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}
