//! `cramp sync rebuild`: the diary as its operations give it. Every family of records is merged
//! again from every operation this diary holds (its own, and every other device's it read from
//! the folder), inside one transaction, and every record compared before and after. Each
//! difference is reported; the transaction is rolled back unless the person adopts the rebuilt
//! diary, and then it commits only after a checked backup of the live one. A record no
//! operation names is reported and kept (a rebuild never deletes what the person saved).

use super::apply::{Unwritable, current, materialize};
use super::ops::{OP_COLUMNS, op_from_row, set_family};
use super::tables::synced;
use crate::domain::Invalid;
use crate::store::Store;
use crate::sync::Op;
use crate::sync::op::Fields;
use color_eyre::eyre::Result;
use rusqlite::Transaction;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What a rebuild found (and did).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Operations replayed, and the families of records they make.
    pub operations: u64,
    pub families: usize,
    /// Each difference between the live diary and the rebuilt one, in words.
    pub differences: Vec<String>,
    /// The rebuilt diary was kept (after a backup).
    pub adopted: bool,
}

type Key = (String, String);

/// Every record of every synced table, as an operation would hold it.
fn snapshot(tx: &Transaction<'_>) -> rusqlite::Result<BTreeMap<Key, Fields>> {
    let mut out = BTreeMap::new();
    for t in synced() {
        let uids: Vec<String> = tx
            .prepare(&format!("SELECT uid FROM main.{} ORDER BY id", t.name))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for uid in uids {
            if let Some(f) = current(tx, t, &uid)? {
                out.insert((t.name.to_string(), uid), f);
            }
        }
    }
    Ok(out)
}

fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "empty".into(),
        Some(Value::String(s)) => format!("\"{}\"", crate::format::escaped(s)),
        Some(other) => other.to_string(),
    }
}

/// What differs between a record in the live diary and in the rebuilt one; `named`: some
/// operation names it.
fn differs(before: Option<&Fields>, after: Option<&Fields>, named: bool) -> Option<String> {
    if before.is_some() && !named {
        return Some("no operation records it; kept as it is".into());
    }
    match (before, after) {
        (Some(b), Some(a)) => {
            let fields: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
            let changed: Vec<String> = fields
                .into_iter()
                .filter(|f| b.get(*f) != a.get(*f))
                .map(|f| format!("{f}: live {}, rebuilt {}", shown(b.get(f)), shown(a.get(f))))
                .collect();
            (!changed.is_empty()).then(|| changed.join("; "))
        }
        (Some(_), None) => Some("in the live diary only (merged into another record)".into()),
        (None, Some(_)) => Some("in the rebuilt diary only".into()),
        (None, None) => None,
    }
}

impl Store {
    /// Rebuilds the diary from its operations and compares; with `backup`, keeps the rebuilt
    /// diary after writing a checked copy of the live one there.
    pub fn sync_rebuild(&mut self, backup: Option<&Path>) -> Result<Rebuilt> {
        let s = super::ops::state(&self.conn)?;
        if !s.recording {
            return Err(Invalid::new(
                "this diary has not synced yet, so there are no operations to rebuild it from; run cramp sync DIR first",
            )
            .into());
        }
        if let Some(path) = backup {
            self.backup_to(path)?;
        }
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE sync_state SET applying = 1", [])?;
        // This device's changes since its last sync, placed in their families first.
        let unplaced: Vec<Op> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT {OP_COLUMNS} FROM sync_ops WHERE family IS NULL ORDER BY device, seq"
            ))?;
            stmt.query_map([], op_from_row)?
                .collect::<rusqlite::Result<_>>()?
        };
        for op in unplaced {
            let family = super::run::place(&tx, &op)?;
            set_family(&tx, &op.device, op.seq, &family)?;
        }
        let operations: i64 = tx.query_row("SELECT count(*) FROM sync_ops", [], |r| r.get(0))?;
        let families: Vec<String> = tx
            .prepare("SELECT DISTINCT family FROM sync_ops ORDER BY family")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let before = snapshot(&tx)?;
        let mut named: BTreeSet<Key> = BTreeSet::new();
        for family in &families {
            match materialize(&tx, family) {
                Ok(m) => {
                    named.extend(m.rows.keys().cloned());
                    named.extend(m.merged_into.keys().cloned());
                }
                Err(Err(e)) => return Err(e.into()),
                Err(Ok(Unwritable { table, uid, why })) => {
                    return Err(Invalid::new(format!(
                        "the {table} record {uid} cannot be rebuilt from its operations ({why}), so nothing was changed"
                    ))
                    .into());
                }
            }
        }
        let after = snapshot(&tx)?;
        tx.execute("UPDATE sync_state SET applying = 0", [])?;
        let keys: BTreeSet<&Key> = before.keys().chain(after.keys()).collect();
        let found: Vec<(Key, String)> = keys
            .into_iter()
            .filter_map(|k| {
                differs(before.get(k), after.get(k), named.contains(k)).map(|d| (k.clone(), d))
            })
            .collect();
        let adopted = backup.is_some();
        if adopted {
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        let differences = found
            .into_iter()
            .map(|((table, uid), d)| format!("{}: {d}", self.sync_label(&table, &uid)))
            .collect();
        Ok(Rebuilt {
            operations: operations as u64,
            families: families.len(),
            differences,
            adopted,
        })
    }
}
