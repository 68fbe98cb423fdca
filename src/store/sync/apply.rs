//! Writes a family of records as its operations merge ([`merge_family`]): each row as the merge
//! gives it (only the columns that differ), records that are one with another folded into the
//! one kept, the conflicts waiting for the person, and the writes the merge left out. Runs
//! inside a sync's transaction with `applying` set, so nothing here is recorded again.

use super::ops::family_ops;
use super::tables::{Synced, stored, synced};
use crate::domain::Invalid;
use crate::sync::op::Fields;
use crate::sync::rules::{DELETED, rules};
use crate::sync::{Merged, Op, merge_family};
use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::Value;

/// A record a merge could not write, and why (it breaks the diary's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unwritable {
    pub table: String,
    pub uid: String,
    pub why: String,
}

fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .or_else(|| n.as_f64().map(Sql::Real))
            .unwrap_or(Sql::Null),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// The row `uid` of `t` as an operation would hold it, if it is in the diary.
pub(super) fn current(
    tx: &Transaction<'_>,
    t: &Synced,
    uid: &str,
) -> rusqlite::Result<Option<Fields>> {
    let pairs: Vec<String> = t
        .columns
        .iter()
        .map(|c| match *c {
            "night_uid" => {
                "'night_uid', (SELECT uid FROM main.nights WHERE id = t.night_id)".to_string()
            }
            c => format!("'{c}', t.{c}"),
        })
        .collect();
    let sql = format!(
        "SELECT json_object({}) FROM main.{} t WHERE t.uid = ?1",
        pairs.join(", "),
        t.name
    );
    let json: Option<String> = tx
        .prepare_cached(&sql)?
        .query_row([uid], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

fn value_sql(column: &str, i: usize) -> String {
    if column == "night_uid" {
        format!("(SELECT id FROM main.nights WHERE uid = ?{i})")
    } else {
        format!("?{i}")
    }
}

/// Writes `want` as the row `uid` of `t`: the columns it holds that differ (a column no
/// operation wrote, from a later version of the table, keeps its default).
fn write_row(tx: &Transaction<'_>, t: &Synced, uid: &str, want: &Fields) -> rusqlite::Result<bool> {
    let have = current(tx, t, uid)?;
    let r = rules(t.name);
    let columns: Vec<&str> = t
        .columns
        .iter()
        .filter(|c| **c != "uid" && want.contains_key(**c))
        .copied()
        .collect();
    match have {
        None => {
            let mut names = vec!["uid"];
            let mut values = vec!["?1".to_string()];
            let mut args = vec![Sql::Text(uid.to_string())];
            for c in &columns {
                names.push(stored(c));
                values.push(value_sql(c, args.len() + 1));
                args.push(to_sql(&want[*c]));
            }
            let sql = format!(
                "INSERT INTO main.{} ({}) VALUES ({})",
                t.name,
                names.join(", "),
                values.join(", ")
            );
            tx.prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(args))?;
            Ok(true)
        }
        Some(have) => {
            let mut sets = Vec::new();
            let mut args = vec![Sql::Text(uid.to_string())];
            for c in &columns {
                if have.get(*c) == want.get(*c) {
                    continue;
                }
                // A value recorded once (a stop) is never replaced here: the diary refuses it.
                let register = r.register_of(c);
                if r.first_wins.contains(&register)
                    && have.get(register).is_some_and(|v| !v.is_null())
                {
                    continue;
                }
                sets.push(format!("{} = {}", stored(c), value_sql(c, args.len() + 1)));
                args.push(to_sql(&want[*c]));
            }
            if sets.is_empty() {
                return Ok(false);
            }
            let sql = format!(
                "UPDATE main.{} SET {} WHERE uid = ?1",
                t.name,
                sets.join(", ")
            );
            tx.prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(args))?;
            Ok(true)
        }
    }
}

fn is_live(tx: &Transaction<'_>, t: &Synced, uid: &str) -> rusqlite::Result<bool> {
    if !t.columns.contains(&DELETED) {
        return Ok(true);
    }
    tx.prepare_cached(&format!(
        "SELECT deleted_at IS NULL FROM main.{} WHERE uid = ?1",
        t.name
    ))?
    .query_row([uid], |r| r.get(0))
    .optional()
    .map(|v| v.unwrap_or(false))
}

/// Rewrites the rows, questions and refusals of `family` from its operations.
pub(crate) fn materialize(
    tx: &Transaction<'_>,
    family: &str,
) -> Result<Merged, Result<Unwritable, rusqlite::Error>> {
    let ops = family_ops(tx, family).map_err(Err)?;
    let refs: Vec<&Op> = ops.iter().collect();
    let merged = merge_family(family, &refs);
    for t in synced() {
        // Records folded into another: out of the way first (one live night per date), then
        // renamed to the one kept when the diary does not have that one yet (its cramps follow
        // by row id), or removed once their rows point at the one kept.
        let folded: Vec<(&str, &String)> = merged
            .merged_into
            .iter()
            .filter(|((tt, _), _)| tt == t.name)
            .map(|((_, u), kept)| (u.as_str(), kept))
            .collect();
        for (uid, kept) in &folded {
            if current(tx, t, uid).map_err(Err)?.is_none() {
                continue;
            }
            if t.columns.contains(&DELETED) && is_live(tx, t, uid).map_err(Err)? {
                tx.execute(
                    &format!(
                        "UPDATE main.{} SET deleted_at = 'folded' WHERE uid = ?1",
                        t.name
                    ),
                    [uid],
                )
                .map_err(Err)?;
            }
            if current(tx, t, kept).map_err(Err)?.is_none() {
                tx.execute(
                    &format!("UPDATE main.{} SET uid = ?2 WHERE uid = ?1", t.name),
                    params![uid, kept],
                )
                .map_err(Err)?;
            }
        }
        for ((tt, uid), fields) in merged.rows.iter().filter(|((tt, _), _)| tt == t.name) {
            let wrote = write_row(tx, t, uid, fields).map_err(|e| {
                Ok(Unwritable {
                    table: tt.clone(),
                    uid: uid.clone(),
                    why: crate::store::error::first_line(&e.to_string()),
                })
            })?;
            if wrote {
                (t.check)(tx, uid).map_err(|Invalid(why)| {
                    Ok(Unwritable {
                        table: tt.clone(),
                        uid: uid.clone(),
                        why,
                    })
                })?;
            }
        }
    }
    // Now that every row points at the records kept, the folded ones go (children first).
    for t in synced().iter().rev() {
        for ((_, uid), _) in merged
            .merged_into
            .iter()
            .filter(|((tt, _), _)| tt == t.name)
        {
            tx.execute(
                &format!("DELETE FROM main.{} WHERE uid = ?1", t.name),
                [uid],
            )
            .map_err(Err)?;
        }
    }
    tx.prepare_cached("DELETE FROM sync_conflicts WHERE family = ?1")
        .and_then(|mut s| s.execute([family]))
        .map_err(Err)?;
    for c in &merged.conflicts {
        let body = serde_json::to_string(c).unwrap_or_default();
        tx.prepare_cached(
            "INSERT OR REPLACE INTO sync_conflicts (family, id, body) VALUES (?1, ?2, ?3)",
        )
        .and_then(|mut s| s.execute(params![family, c.id(), body]))
        .map_err(Err)?;
    }
    for (id, why) in &merged.refused {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO sync_refused (device, seq, why) VALUES (?1, ?2, ?3)",
        )
        .and_then(|mut s| s.execute(params![id.device.as_str(), id.seq as i64, why]))
        .map_err(Err)?;
    }
    Ok(merged)
}
