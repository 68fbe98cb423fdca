//! One simulated device: the operations it has applied, the ones that arrived before what they
//! depend on, its clocks (with a skew), and its diary, merged family by family as the store
//! does (and checked against a merge of everything at the end).

use cramp_diary::sync::merge::{Key, families};
use cramp_diary::sync::op::Fields;
use cramp_diary::sync::{DeviceId, Hlc, Merged, Op, OpId, Vector, merge_family};
use std::collections::{BTreeMap, BTreeSet};

pub struct Replica {
    pub device: DeviceId,
    pub seq: u64,
    pub hlc: Hlc,
    /// Minutes this device's clock is off.
    pub skew: i64,
    /// What it has applied: its own operations and the other devices'.
    pub applied: Vector,
    pub ops: BTreeMap<OpId, Op>,
    /// Arrived, waiting for what they depend on.
    pub waiting: BTreeMap<OpId, Op>,
    family_of: BTreeMap<Key, String>,
    by_family: BTreeMap<String, Vec<OpId>>,
    merged: BTreeMap<String, Merged>,
    /// Families changed since they were last merged.
    dirty: BTreeSet<String>,
    pub own: Vec<Op>,
    /// What this device deleted, newest last, for undo.
    pub deletes: Vec<Vec<Key>>,
}

/// A write a device makes: one record's fields.
pub struct Write {
    pub table: &'static str,
    pub uid: String,
    pub create: bool,
    pub fields: Fields,
}

impl Replica {
    pub fn new(device: DeviceId, skew: i64) -> Self {
        Self {
            device,
            seq: 0,
            hlc: Hlc::default(),
            skew,
            applied: Vector::default(),
            ops: BTreeMap::new(),
            waiting: BTreeMap::new(),
            family_of: BTreeMap::new(),
            by_family: BTreeMap::new(),
            merged: BTreeMap::new(),
            dirty: BTreeSet::new(),
            own: Vec::new(),
            deletes: Vec::new(),
        }
    }

    /// The diary as this device holds it.
    pub fn state(&self) -> Merged {
        let mut out = Merged::default();
        for m in self.merged.values() {
            out.extend(m.clone());
        }
        out.sort();
        out
    }

    pub fn rows(&self) -> impl Iterator<Item = (&Key, &Fields)> {
        self.merged.values().flat_map(|m| m.rows.iter())
    }

    pub fn rows_of<'a>(
        &'a self,
        table: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Fields)> + 'a {
        self.rows()
            .filter(move |((t, _), _)| t == table)
            .map(|((_, u), f)| (u, f))
    }

    pub fn row(&self, table: &str, uid: &str) -> Option<&Fields> {
        let key = (table.to_string(), uid.to_string());
        let family = self.family_of.get(&key)?;
        self.merged.get(family)?.rows.get(&key)
    }

    pub fn conflicts(&self) -> Vec<cramp_diary::sync::Conflict> {
        let mut out = Merged {
            conflicts: self
                .merged
                .values()
                .flat_map(|m| m.conflicts.clone())
                .collect(),
            ..Merged::default()
        };
        out.sort();
        out.conflicts
    }

    /// Records local writes as this device's next operations (one transaction).
    pub fn write(&mut self, writes: Vec<Write>, wall: i64, at: &str) {
        let mut touched = BTreeSet::new();
        for w in writes {
            self.seq += 1;
            self.hlc = self.hlc.tick(wall);
            let op = Op {
                device: self.device.clone(),
                seq: self.seq,
                hlc: self.hlc,
                schema: 8,
                seen: self.applied.without(&self.device),
                table: w.table.to_string(),
                uid: w.uid,
                create: w.create,
                fields: w.fields,
                at: at.to_string(),
            };
            touched.extend(self.index(&op));
            self.applied.set(&self.device, self.seq);
            self.ops.insert(op.id(), op.clone());
            self.own.push(op);
        }
        self.remerge(touched);
    }

    /// Takes arrived operations (in any order, maybe twice) and applies every one whose
    /// dependencies are applied.
    pub fn receive(&mut self, ops: impl IntoIterator<Item = Op>, wall: i64) {
        for op in ops {
            if !self.applied.covers(&op.device, op.seq) {
                self.waiting.insert(op.id(), op);
            }
        }
        let mut touched = BTreeSet::new();
        loop {
            let ready: Vec<OpId> = self
                .waiting
                .values()
                .filter(|op| op.ready(&self.applied))
                .map(Op::id)
                .collect();
            if ready.is_empty() {
                break;
            }
            for id in ready {
                let Some(op) = self.waiting.remove(&id) else {
                    continue;
                };
                if !op.ready(&self.applied) {
                    self.waiting.insert(id, op);
                    continue;
                }
                self.applied.set(&op.device, op.seq);
                self.hlc = self.hlc.receive(op.hlc, wall);
                touched.extend(self.index(&op));
                self.ops.insert(id, op);
            }
        }
        self.remerge(touched);
    }

    /// The family an operation belongs to (learning it from a first write).
    fn index(&mut self, op: &Op) -> Option<String> {
        let key = (op.table.clone(), op.uid.clone());
        let f = match self.family_of.get(&key) {
            Some(f) => f.clone(),
            None => {
                let learned = families(std::iter::once(op).chain(self.night_creates(op)));
                let f = learned.get(&key)?.clone();
                self.family_of.insert(key, f.clone());
                f
            }
        };
        self.by_family.entry(f.clone()).or_default().push(op.id());
        Some(f)
    }

    /// The first write of the night `op` hangs off, if it names one.
    fn night_creates<'a>(&'a self, op: &Op) -> impl Iterator<Item = &'a Op> + Clone {
        let night = op
            .fields
            .get("night_uid")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        self.ops
            .values()
            .filter(move |o| o.create && o.table == "nights" && Some(&o.uid) == night.as_ref())
    }

    fn remerge(&mut self, families: BTreeSet<String>) {
        self.dirty.extend(families);
    }

    /// Merges the families changed since last time (before the device acts, or is checked).
    pub fn settle(&mut self) {
        for family in std::mem::take(&mut self.dirty) {
            let ops: Vec<&Op> = self.by_family[&family]
                .iter()
                .filter_map(|id| self.ops.get(id))
                .collect();
            let merged = merge_family(&family, &ops);
            self.merged.insert(family, merged);
        }
    }
}
