//! Helpers shared by the table modules: ids, column conversion, soft delete.

use crate::domain::{Stamp, Uid};
use rusqlite::{Transaction, params};

pub(super) fn new_uid() -> Uid {
    Uid::new(uuid::Uuid::new_v4().to_string())
}

pub(super) fn bad_column(value: &str, why: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored value '{value}': {why}").into(),
    )
}

/// Marks one live row deleted; returns how many rows changed (0 or 1).
pub(super) fn soft_delete(
    tx: &Transaction<'_>,
    table: &'static str,
    uid: &Uid,
    stamp: &Stamp,
) -> rusqlite::Result<usize> {
    tx.execute(
        &format!("UPDATE {table} SET deleted_at = ?2 WHERE uid = ?1 AND deleted_at IS NULL"),
        params![uid, stamp],
    )
}

pub(super) fn undelete(
    tx: &Transaction<'_>,
    table: &'static str,
    uid: &Uid,
    stamp: &Stamp,
) -> rusqlite::Result<usize> {
    tx.execute(
        &format!(
            "UPDATE {table} SET deleted_at = NULL, updated_at = ?2
             WHERE uid = ?1 AND deleted_at IS NOT NULL"
        ),
        params![uid, stamp],
    )
}
