//! One field (or linked fields) of one record across devices: every write to it, the writes
//! no later write had seen (the frontier), and its value. Two writes in the frontier with
//! different values were made "since the devices last saw each other": a conflict.

use super::op::Op;
use serde_json::Value;

/// A write to a register: the operation and the value it gave (one per linked field).
#[derive(Debug, Clone, PartialEq)]
pub struct Write<'a> {
    pub op: &'a Op,
    pub value: Vec<&'a Value>,
}

/// An absent field's value.
pub static NULL: Value = Value::Null;

impl Write<'_> {
    /// A new record's empty field: "not given", which yields to any value written alongside.
    pub fn is_create_null(&self) -> bool {
        self.op.create && self.value.iter().all(|v| v.is_null())
    }
}

/// The writes not seen by any other write.
pub fn frontier<'a>(writes: &[Write<'a>]) -> Vec<Write<'a>> {
    writes
        .iter()
        .filter(|w| !writes.iter().any(|later| w.op.seen_by(later.op)))
        .cloned()
        .collect()
}

/// The newest write by clock (then device, then sequence).
pub fn newest<'a>(writes: &[Write<'a>]) -> Option<Write<'a>> {
    writes
        .iter()
        .max_by(|a, b| a.op.order_key().cmp(&b.op.order_key()))
        .cloned()
}

/// A register's outcome.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The value the diary holds: the newest write of the frontier (provisional while in conflict).
    pub value: Option<Write<'a>>,
    /// The frontier's writes that count: an empty field of a new record does not count against
    /// a value written alongside it.
    pub counted: Vec<Write<'a>>,
}

impl Resolved<'_> {
    /// Two counted writes give different values.
    pub fn in_conflict(&self) -> bool {
        self.counted
            .iter()
            .any(|w| self.counted.iter().any(|o| o.value != w.value))
    }
}

pub fn resolve<'a>(writes: &[Write<'a>]) -> Resolved<'a> {
    let front = frontier(writes);
    let given: Vec<Write<'a>> = front
        .iter()
        .filter(|w| !w.is_create_null())
        .cloned()
        .collect();
    let counted = if given.is_empty() { front } else { given };
    Resolved {
        value: newest(&counted),
        counted,
    }
}
