//! The triggers that record every change as an operation, in the same transaction as the
//! change, whatever made it (a screen, a one-shot command, an import, `sqlite3`): written from
//! the list of synced tables and their columns, and rewritten when that list changes (a new
//! table, a new column), so a table added later is recorded with no code here.
//!
//! Each trigger ticks the diary's hybrid logical clock (the same arithmetic as
//! [`Hlc::tick`](crate::sync::Hlc::tick), with the change's own time as the wall clock: the
//! app's clock, `CRAMP_NOW` in tests), takes the next sequence number, and stores the changed
//! fields as JSON. A sync's own writes set `applying` and are not recorded again.

use super::tables::{Synced, stored, synced};
use crate::store::LATEST_VERSION;
use crate::sync::rules::{DELETED, rules};
use rusqlite::Connection;

/// The value of a column of the row `row` (NEW or OLD) as an operation holds it: a cramp's
/// night by its uid.
fn value(row: &str, column: &str) -> String {
    if column == "night_uid" {
        format!("(SELECT uid FROM nights WHERE id = {row}.night_id)")
    } else {
        format!("{row}.{column}")
    }
}

fn has(t: &Synced, column: &str) -> bool {
    t.columns.contains(&column)
}

/// When the change was made, as the row `row` says (its change or deletion time).
fn stamp(t: &Synced, row: &str) -> String {
    match (has(t, "updated_at"), has(t, DELETED)) {
        (true, true) => {
            format!("max(coalesce({row}.updated_at, ''), coalesce({row}.deleted_at, ''))")
        }
        (true, false) => format!("coalesce({row}.updated_at, '')"),
        _ => "strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')".into(),
    }
}

/// The tick of the clock and the insert of one operation, given its fields and creation flag.
fn record(t: &Synced, create: bool, fields: &str, at: &str) -> String {
    let wall = format!(
        "coalesce(CAST(round((julianday(substr({at}, 1, 19)) - 2440587.5) * 86400000) AS INTEGER), hlc_wall)"
    );
    format!(
        "UPDATE sync_state SET seq = seq + 1,
           hlc_count = CASE WHEN {wall} > hlc_wall THEN 0 ELSE hlc_count + 1 END,
           hlc_wall = max(hlc_wall, {wall});
         INSERT INTO sync_ops
           (device, seq, hlc_wall, hlc_count, schema, seen, tbl, uid, is_create, fields, at)
           SELECT device, seq, hlc_wall, hlc_count, {LATEST_VERSION}, applied, '{name}',
                  NEW.uid, {create}, {fields}, {at}
           FROM sync_state;",
        name = t.name,
        create = i32::from(create),
    )
}

const RECORDING: &str = "(SELECT recording = 1 AND applying = 0 FROM sync_state)";

/// Every column but `uid` of the row `row`, as an operation holds them (JSON).
pub(crate) fn all_fields(t: &Synced, row: &str) -> String {
    let pairs: Vec<String> = t
        .columns
        .iter()
        .filter(|c| **c != "uid")
        .map(|c| format!("'{c}', {}", value(row, c)))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// SQL true when a column's register (it and the columns linked with it) is unchanged.
fn unchanged(t: &Synced, column: &str) -> String {
    let r = rules(t.name);
    let register = r.register_of(column);
    let members: Vec<&str> = r
        .members(register)
        .map_or_else(|| vec![column], <[_]>::to_vec);
    members
        .iter()
        .filter(|m| has(t, m))
        .map(|m| {
            let c = stored(m);
            format!("OLD.{c} IS NEW.{c}")
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The triggers of one table: name -> SQL.
fn for_table(t: &Synced) -> Vec<(String, String)> {
    let name = t.name;
    let insert = format!(
        "CREATE TRIGGER sync_{name}_insert AFTER INSERT ON {name} WHEN {RECORDING}\nBEGIN\n{}\nEND",
        record(t, true, &all_fields(t, "NEW"), &stamp(t, "NEW"))
    );
    let columns: Vec<&str> = t.columns.iter().filter(|c| **c != "uid").copied().collect();
    let any_change = columns
        .iter()
        .map(|c| format!("OLD.{0} IS NOT NEW.{0}", stored(c)))
        .collect::<Vec<_>>()
        .join(" OR ");
    let removals: Vec<String> = columns
        .iter()
        .map(|c| format!("CASE WHEN {} THEN '$.{c}' ELSE '$.-' END", unchanged(t, c)))
        .collect();
    let changed = format!(
        "json_remove({}, {})",
        all_fields(t, "NEW"),
        removals.join(", ")
    );
    let update = format!(
        "CREATE TRIGGER sync_{name}_update AFTER UPDATE ON {name} WHEN {RECORDING} AND ({any_change})\nBEGIN\n{}\nEND",
        record(t, false, &changed, &stamp(t, "NEW"))
    );
    let mut out = vec![
        (format!("sync_{name}_insert"), insert),
        (format!("sync_{name}_update"), update),
    ];
    if has(t, DELETED) {
        let now = "strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')";
        let delete = format!(
            "CREATE TRIGGER sync_{name}_delete AFTER DELETE ON {name} WHEN {RECORDING}\nBEGIN\n{}\nEND",
            record(t, false, &format!("json_object('{DELETED}', {now})"), now)
                .replace("NEW.uid", "OLD.uid")
        );
        out.push((format!("sync_{name}_delete"), delete));
    }
    out
}

/// Every recording trigger: name -> SQL.
pub(crate) fn expected() -> Vec<(String, String)> {
    synced().iter().flat_map(for_table).collect()
}

/// Makes the diary's recording triggers those of this version (a no-op when they are):
/// called after opening, so a diary upgraded to a new table or column records it from then on.
/// A diary that has never synced has none: its saves pay nothing for sync.
pub(crate) fn install(conn: &Connection) -> rusqlite::Result<()> {
    let recording: bool = conn.query_row("SELECT recording FROM sync_state", [], |r| r.get(0))?;
    if !recording {
        return Ok(());
    }
    write_triggers(conn)
}

fn write_triggers(conn: &Connection) -> rusqlite::Result<()> {
    let want = expected();
    let mut stmt = conn.prepare_cached(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let have: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut want_sorted = want.clone();
    want_sorted.sort();
    if have == want_sorted {
        return Ok(());
    }
    let outside = conn.is_autocommit();
    let mut sql = String::from(if outside { "BEGIN IMMEDIATE;\n" } else { "" });
    for (name, _) in &have {
        sql.push_str(&format!("DROP TRIGGER IF EXISTS {name};\n"));
    }
    for (_, create) in &want {
        sql.push_str(create);
        sql.push_str(";\n");
    }
    if outside {
        sql.push_str("COMMIT;");
    }
    conn.execute_batch(&sql).inspect_err(|_| {
        if outside {
            let _ = conn.execute_batch("ROLLBACK");
        }
    })
}

/// Starts recording: every row already in the diary becomes this device's first operations
/// (each its record's first write, in the order of the list of tables), then every change is
/// recorded by the triggers. Inside the caller's transaction; a no-op once recording.
pub(crate) fn start_recording(conn: &Connection) -> rusqlite::Result<u64> {
    let mut s = super::ops::state(conn)?;
    if s.recording {
        return Ok(0);
    }
    let mut made = 0;
    for t in synced() {
        let sql = format!(
            "SELECT t.uid, {}, {} FROM main.{} t ORDER BY t.id",
            all_fields(t, "t"),
            stamp(t, "t"),
            t.name
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (uid, fields, at) in rows {
            let fields = serde_json::from_str(&fields).unwrap_or_default();
            let wall = crate::sync::clock::wall_of(&at).unwrap_or(s.hlc.wall);
            s.seq += 1;
            s.hlc = s.hlc.tick(wall);
            let op = crate::sync::Op {
                device: s.device.clone(),
                seq: s.seq,
                hlc: s.hlc,
                schema: LATEST_VERSION,
                seen: s.applied.clone(),
                table: t.name.to_string(),
                uid,
                create: true,
                fields,
                at,
            };
            super::ops::insert_op(conn, &op, None)?;
            made += 1;
        }
    }
    conn.execute(
        "UPDATE sync_state SET recording = 1, seq = ?1, hlc_wall = ?2, hlc_count = ?3",
        rusqlite::params![s.seq as i64, s.hlc.wall, s.hlc.count],
    )?;
    write_triggers(conn)?;
    Ok(made)
}
