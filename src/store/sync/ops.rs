//! The operation log in the diary (`sync_ops`) and this device's sync state (`sync_state`):
//! reading and writing them as [`Op`]s.

use crate::sync::op::Fields;
use crate::sync::{DeviceId, Hlc, Op, Vector};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// This diary as a sync device.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncState {
    pub device: DeviceId,
    /// Changes are recorded (sync was set up once).
    pub recording: bool,
    /// This device's last change.
    pub seq: u64,
    pub hlc: Hlc,
    /// Applied of the other devices.
    pub applied: Vector,
    /// This device's changes written to the folder.
    pub sent: u64,
}

impl SyncState {
    /// What this device has applied, its own changes included.
    pub fn have(&self) -> Vector {
        let mut v = self.applied.clone();
        v.set(&self.device, self.seq);
        v
    }
}

fn bad(what: &str, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{what}: {e}").into(),
    )
}

pub(crate) fn state(conn: &Connection) -> rusqlite::Result<SyncState> {
    conn.prepare_cached(
        "SELECT device, recording, seq, hlc_wall, hlc_count, applied, sent FROM sync_state",
    )?
    .query_row([], |r| {
        let device: String = r.get(0)?;
        let applied: String = r.get(5)?;
        Ok(SyncState {
            device: DeviceId::parse(&device).ok_or_else(|| bad("device id", &device))?,
            recording: r.get(1)?,
            seq: r.get::<_, i64>(2)? as u64,
            hlc: Hlc::new(r.get(3)?, r.get(4)?),
            applied: serde_json::from_str(&applied).map_err(|e| bad("applied", e))?,
            sent: r.get::<_, i64>(6)? as u64,
        })
    })
}

pub(crate) const OP_COLUMNS: &str =
    "device, seq, hlc_wall, hlc_count, schema, seen, tbl, uid, is_create, fields, at";

pub(crate) fn op_from_row(r: &Row<'_>) -> rusqlite::Result<Op> {
    let device: String = r.get(0)?;
    let seen: String = r.get(5)?;
    let fields: String = r.get(9)?;
    Ok(Op {
        device: DeviceId::parse(&device).ok_or_else(|| bad("device id", &device))?,
        seq: r.get::<_, i64>(1)? as u64,
        hlc: Hlc::new(r.get(2)?, r.get(3)?),
        schema: r.get(4)?,
        seen: serde_json::from_str(&seen).map_err(|e| bad("seen", e))?,
        table: r.get(6)?,
        uid: r.get(7)?,
        create: r.get(8)?,
        fields: serde_json::from_str::<Fields>(&fields).map_err(|e| bad("fields", e))?,
        at: r.get(10)?,
    })
}

pub(crate) fn insert_op(conn: &Connection, op: &Op, family: Option<&str>) -> rusqlite::Result<()> {
    let seen = serde_json::to_string(&op.seen).map_err(|e| bad("seen", e))?;
    let fields = serde_json::to_string(&op.fields).map_err(|e| bad("fields", e))?;
    conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO sync_ops ({OP_COLUMNS}, family)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?
    .execute(params![
        op.device.as_str(),
        op.seq as i64,
        op.hlc.wall,
        op.hlc.count,
        op.schema,
        seen,
        op.table,
        op.uid,
        op.create,
        fields,
        op.at,
        family
    ])?;
    Ok(())
}

/// One operation by its id.
pub(crate) fn op(conn: &Connection, device: &DeviceId, seq: u64) -> rusqlite::Result<Option<Op>> {
    conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM sync_ops WHERE device = ?1 AND seq = ?2"
    ))?
    .query_row(params![device.as_str(), seq as i64], op_from_row)
    .optional()
}

/// This device's operations after `after`, in order.
pub(crate) fn own_after(conn: &Connection, s: &SyncState, after: u64) -> rusqlite::Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM sync_ops WHERE device = ?1 AND seq > ?2 ORDER BY seq"
    ))?;
    stmt.query_map(params![s.device.as_str(), after as i64], op_from_row)?
        .collect()
}

/// The operations of one family.
pub(crate) fn family_ops(conn: &Connection, family: &str) -> rusqlite::Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM sync_ops WHERE family = ?1"
    ))?;
    stmt.query_map([family], op_from_row)?.collect()
}

/// The family a record was placed in (by any of its operations).
pub(crate) fn family_of_record(
    conn: &Connection,
    table: &str,
    uid: &str,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT family FROM sync_ops WHERE tbl = ?1 AND uid = ?2 AND family IS NOT NULL LIMIT 1",
    )?
    .query_row([table, uid], |r| r.get(0))
    .optional()
}

pub(crate) fn set_family(
    conn: &Connection,
    device: &DeviceId,
    seq: u64,
    family: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE sync_ops SET family = ?3 WHERE device = ?1 AND seq = ?2")?
        .execute(params![device.as_str(), seq as i64, family])?;
    Ok(())
}

/// Records a change made by this device outside the triggers (a choice the person made): the
/// next sequence number, the clock ticked with `wall`, what this device has applied.
pub(crate) fn record_own(
    conn: &Connection,
    table: &str,
    uid: &str,
    create: bool,
    fields: Fields,
    at: &str,
    wall: i64,
) -> rusqlite::Result<Op> {
    let s = state(conn)?;
    let hlc = s.hlc.tick(wall);
    let op = Op {
        device: s.device.clone(),
        seq: s.seq + 1,
        hlc,
        schema: crate::store::LATEST_VERSION,
        seen: s.applied.clone(),
        table: table.to_string(),
        uid: uid.to_string(),
        create,
        fields,
        at: at.to_string(),
    };
    conn.execute(
        "UPDATE sync_state SET seq = ?1, hlc_wall = ?2, hlc_count = ?3",
        params![op.seq as i64, hlc.wall, hlc.count],
    )?;
    insert_op(conn, &op, None)?;
    Ok(op)
}

/// A device's operations 1 to `upto`, in order (all of them only if this diary holds them all).
pub(crate) fn device_ops(
    conn: &Connection,
    device: &DeviceId,
    upto: u64,
) -> rusqlite::Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM sync_ops WHERE device = ?1 AND seq <= ?2 ORDER BY seq"
    ))?;
    stmt.query_map(params![device.as_str(), upto as i64], op_from_row)?
        .collect()
}

/// The devices retired here (by this device or read from another's `device.json`): each with
/// the last of its changes when it was retired.
pub(crate) fn retired(conn: &Connection) -> rusqlite::Result<super::folder::Retired> {
    let text: String = conn
        .prepare_cached("SELECT retired FROM sync_state")?
        .query_row([], |r| r.get(0))?;
    serde_json::from_str(&text).map_err(|e| bad("retired", e))
}

pub(crate) fn set_retired(
    conn: &Connection,
    retired: &super::folder::Retired,
) -> rusqlite::Result<()> {
    let text = serde_json::to_string(retired).map_err(|e| bad("retired", e))?;
    conn.prepare_cached("UPDATE sync_state SET retired = ?1")?
        .execute([text])?;
    Ok(())
}
