//! The diary from a set of operations: for each record, each field's value (the newest clock
//! among the writes no other write had seen) and the conflicts. The result depends only on
//! which operations are in the set, never on the order they arrived in, so devices that have
//! seen the same operations hold the same diary and the same questions.
//!
//! The merge works family by family ([`rules::family_of`]): a night with its cramps, a day's
//! sessions, all routines and experiments; [`family`](super::family) applies the rules that
//! look across the records of one family.

use super::conflict::{Choice, Conflict, Kind, Side, Who, change, deleted_conflict};
use super::family;
pub use super::merged::{Key, Merged};
use super::op::{Fields, Op, OpId};
use super::register::{NULL, Write, frontier, newest, resolve};
use super::rules::{DELETED, Family, KEEP_BOTH, META, rules};
use serde_json::Value;
use std::collections::BTreeMap;

/// A record of a group (its uid and operations).
type Member<'a> = (&'a str, Vec<&'a Op>);

/// The family of every record that has a first write in `ops`, by (table, uid).
pub fn families<'a>(ops: impl Iterator<Item = &'a Op> + Clone) -> BTreeMap<Key, String> {
    let mut out: BTreeMap<Key, String> = BTreeMap::new();
    // Nights (and everything not hanging off a night) first, so a cramp finds its night's.
    for pass in [false, true] {
        for op in ops.clone().filter(|o| o.create) {
            let off_night = rules(&op.table).family == Family::OfNight;
            if off_night != pass {
                continue;
            }
            let night = |uid: &str| out.get(&("nights".to_string(), uid.to_string())).cloned();
            if let Some(f) = super::rules::family_of(&op.table, &op.uid, &op.fields, night) {
                out.entry((op.table.clone(), op.uid.clone())).or_insert(f);
            }
        }
    }
    out
}

/// The whole diary from every operation (for a rebuild, a new device, the simulator).
pub fn merge_all(ops: &[Op]) -> Merged {
    let fam = families(ops.iter());
    let mut by_family: BTreeMap<&str, Vec<&Op>> = BTreeMap::new();
    for op in ops {
        if let Some(f) = fam.get(&(op.table.clone(), op.uid.clone())) {
            by_family.entry(f).or_default().push(op);
        }
    }
    let mut out = Merged::default();
    for (family, ops) in &by_family {
        out.extend(merge_family(family, ops));
    }
    out.sort();
    out
}

/// The records of one family.
pub fn merge_family(family: &str, ops: &[&Op]) -> Merged {
    // In a fixed order, whatever order they arrived in.
    let mut ops = ops.to_vec();
    ops.sort_by(|a, b| (&a.device, a.seq).cmp(&(&b.device, b.seq)));
    ops.dedup_by(|a, b| a.device == b.device && a.seq == b.seq);
    let mut out = Merged::default();
    // A change writing a value the diary's rules refuse is left out whole: a record whose
    // first write is left out is never made here (the rest of the family still is).
    ops.retain(|op| match rules(&op.table).refuses(&op.fields) {
        Some(why) => {
            out.refused.push((op.id(), why));
            false
        }
        None => true,
    });
    let ops = &ops[..];
    let mut records: BTreeMap<(&str, &str), Vec<&Op>> = BTreeMap::new();
    for op in ops {
        records.entry((&op.table, &op.uid)).or_default().push(op);
    }
    // Records that are one: the same key (a night's date) in a table merged by key.
    let mut groups: BTreeMap<(&str, String), Vec<Member<'_>>> = BTreeMap::new();
    for ((table, uid), ops) in records {
        let Some(create) = newest_create(&ops) else {
            continue; // never created here: nothing to hold it in
        };
        let key = match rules(table).same_key() {
            Some(field) => match create.fields.get(field) {
                Some(Value::String(s)) => s.clone(),
                _ => uid.to_string(),
            },
            None => uid.to_string(),
        };
        groups.entry((table, key)).or_default().push((uid, ops));
    }
    let mut deleted_by: BTreeMap<Key, Vec<Who>> = BTreeMap::new();
    for ((table, _), members) in groups {
        let g = merge_group(table, &members);
        for (uid, _) in &members {
            if *uid != g.uid {
                out.merged_into
                    .insert((table.to_string(), uid.to_string()), g.uid.clone());
            }
        }
        deleted_by.insert((table.to_string(), g.uid.clone()), g.deleted_by);
        out.rows.insert((table.to_string(), g.uid), g.row);
        out.conflicts.extend(g.conflicts);
        out.refused.extend(g.refused);
    }
    family::across(&mut out, family, ops, &deleted_by);
    out.rows.retain(|(table, _), _| table != KEEP_BOTH);
    out
}

fn newest_create<'a>(ops: &[&'a Op]) -> Option<&'a Op> {
    ops.iter()
        .filter(|o| o.create)
        .max_by(|a, b| a.order_key().cmp(&b.order_key()))
        .copied()
}

struct Group<'a> {
    uid: String,
    row: Fields,
    conflicts: Vec<Conflict>,
    refused: Vec<(OpId, String)>,
    /// The deletions the diary holds the record deleted by (empty when it is live).
    deleted_by: Vec<Who>,
    _ops: std::marker::PhantomData<&'a Op>,
}

fn writes<'a>(ops: &[&'a Op], fields: &[&str]) -> Vec<Write<'a>> {
    ops.iter()
        .filter(|op| fields.iter().any(|f| op.fields.contains_key(*f)))
        .map(|op| Write {
            op,
            value: fields
                .iter()
                .map(|f| op.fields.get(*f).unwrap_or(&NULL))
                .collect(),
        })
        .collect()
}

fn merge_group<'a>(table: &str, members: &[Member<'a>]) -> Group<'a> {
    let r = rules(table);
    let ops: Vec<&Op> = members
        .iter()
        .flat_map(|(_, ops)| ops.iter().copied())
        .collect();
    let creates: Vec<&Op> = ops.iter().filter(|o| o.create).copied().collect();
    let canonical = newest_create(&creates).map_or_else(String::new, |c| c.uid.clone());
    let first = creates
        .iter()
        .min_by(|a, b| a.order_key().cmp(&b.order_key()))
        .copied();
    // Each register with the operations that write it, in one pass.
    let mut by_register: BTreeMap<&str, Vec<&Op>> = BTreeMap::new();
    for op in &ops {
        let mut regs: Vec<&str> = op.fields.keys().map(|f| r.register_of(f)).collect();
        regs.dedup();
        regs.sort_unstable();
        regs.dedup();
        for reg in regs {
            by_register.entry(reg).or_default().push(op);
        }
    }
    let mut g = Group {
        uid: canonical.clone(),
        row: Fields::new(),
        conflicts: Vec::new(),
        refused: Vec::new(),
        deleted_by: Vec::new(),
        _ops: std::marker::PhantomData,
    };
    let mut counted_edits: Vec<&'a Op> = Vec::new();
    for (&reg, writers) in &by_register {
        let fields: Vec<&str> = r.members(reg).map_or_else(|| vec![reg], <[_]>::to_vec);
        let ws = writes(writers, &fields);
        let set = |row: &mut Fields, value: &[&Value]| {
            for (f, v) in fields.iter().zip(value) {
                row.insert((*f).to_string(), (*v).clone());
            }
        };
        if META.contains(&reg) {
            if let Some(w) = newest(&ws) {
                set(&mut g.row, &w.value);
            }
        } else if reg == DELETED {
            continue;
        } else if !r.changes(reg) {
            let value = first
                .map(|c| writes(&[c], &fields))
                .and_then(|w| w.into_iter().next());
            set(
                &mut g.row,
                &value.map_or(vec![&NULL; fields.len()], |w| w.value),
            );
            for w in ws.iter().filter(|w| !w.op.create) {
                g.refused
                    .push((w.op.id(), format!("{}'s {reg} is written once", r.noun)));
            }
        } else if r.first_wins.contains(&reg) {
            let given: Vec<&Write<'_>> = ws.iter().filter(|w| !w.value[0].is_null()).collect();
            let stands = given
                .iter()
                .min_by(|a, b| a.op.order_key().cmp(&b.op.order_key()));
            set(&mut g.row, &stands.map_or(vec![&NULL], |w| w.value.clone()));
            for w in ws.iter().filter(|w| !w.op.create) {
                if stands.is_some_and(|s| s.op != w.op) {
                    g.refused.push((
                        w.op.id(),
                        format!("{}'s {reg} was recorded first elsewhere and stands", r.noun),
                    ));
                }
            }
        } else {
            let res = resolve(&ws);
            if let Some(w) = &res.value {
                set(&mut g.row, &w.value);
            }
            if res.in_conflict() {
                let names: Vec<String> = fields.iter().map(|f| (*f).to_string()).collect();
                g.conflicts.push(field_conflict(
                    table,
                    &canonical,
                    &names,
                    &res.counted,
                    res.value.as_ref(),
                ));
            }
            for w in res.counted.iter().filter(|w| !w.is_create_null()) {
                counted_edits.push(w.op);
            }
        }
    }
    g.row.insert("uid".into(), Value::from(canonical.clone()));
    if let Some(writers) = by_register.get(DELETED) {
        deletions(table, &canonical, writers, &counted_edits, &mut g);
    }
    g
}

/// The values of the counted writes, one side per value, and a choice of each.
fn field_conflict(
    table: &str,
    uid: &str,
    fields: &[String],
    counted: &[Write<'_>],
    held: Option<&Write<'_>>,
) -> Conflict {
    let mut sides: Vec<Side> = Vec::new();
    let mut by_value = counted.to_vec();
    by_value.sort_by(|a, b| a.op.order_key().cmp(&b.op.order_key()));
    for w in by_value.iter().filter(|w| !w.is_create_null()) {
        match sides
            .iter_mut()
            .find(|s| s.value.iter().zip(&w.value).all(|(a, b)| a == *b))
        {
            Some(side) => side.by.push(Who::of(w.op)),
            None => sides.push(Side {
                value: w.value.iter().map(|v| (*v).clone()).collect(),
                record: None,
                by: vec![Who::of(w.op)],
            }),
        }
    }
    let shown = held
        .and_then(|h| {
            sides
                .iter()
                .position(|s| s.value.iter().zip(&h.value).all(|(a, b)| a == *b))
        })
        .unwrap_or(0);
    let choices = sides
        .iter()
        .map(|s| Choice {
            says: String::new(),
            changes: vec![change(
                table,
                uid,
                fields.iter().cloned().zip(s.value.iter().cloned()),
            )],
        })
        .collect();
    Conflict {
        kind: Kind::Field,
        table: table.to_string(),
        uid: uid.to_string(),
        fields: fields.to_vec(),
        sides,
        shown,
        choices,
    }
}

/// The deletion register: deleted or not, and a conflict when one device deleted the record
/// while another kept it (logged it again, restored it) or changed it.
fn deletions<'a>(table: &str, uid: &str, ops: &[&'a Op], edits: &[&'a Op], g: &mut Group<'a>) {
    let ws = writes(ops, &[DELETED]);
    let front = frontier(&ws);
    let mut held = newest(&front).map_or(Value::Null, |w| w.value[0].clone());
    let (dead, live): (Vec<&Write<'_>>, Vec<&Write<'_>>) =
        front.iter().partition(|w| !w.value[0].is_null());
    // Deleted on one device while edited on another: the edited record stays in the diary
    // until the question is answered (what a person just changed never vanishes meanwhile).
    if live.is_empty()
        && edits
            .iter()
            .any(|e| dead.iter().any(|d| d.op.concurrent(e)))
    {
        held = Value::Null;
    }
    g.row.insert(DELETED.into(), held.clone());
    if dead.is_empty() {
        return;
    }
    if !held.is_null() {
        g.deleted_by = dead.iter().map(|w| Who::of(w.op)).collect();
    }
    let kept: Vec<Who> = if live.is_empty() {
        edits
            .iter()
            .filter(|e| dead.iter().any(|d| d.op.concurrent(e)))
            .map(|e| Who::of(e))
            .collect()
    } else {
        live.iter().map(|w| Who::of(w.op)).collect()
    };
    if kept.is_empty() {
        return;
    }
    let mut kept_by: Vec<Who> = Vec::new();
    for w in kept {
        if !kept_by.contains(&w) {
            kept_by.push(w);
        }
    }
    g.conflicts.push(deleted_conflict(
        table,
        uid,
        dead.iter().map(|w| Who::of(w.op)).collect(),
        kept_by,
        None,
        !held.is_null(),
    ));
}
