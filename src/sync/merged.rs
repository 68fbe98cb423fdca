//! The diary a merge gives: its records, the records folded into others, the conflicts and the
//! writes left out.

use super::conflict::Conflict;
use super::op::{Fields, OpId};
use std::collections::BTreeMap;

/// A record's table and uid.
pub type Key = (String, String);

/// The diary a set of operations gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merged {
    /// Every record the diary holds, deleted ones too, as its fields.
    pub rows: BTreeMap<Key, Fields>,
    /// Records that are one with another (the same night logged on two devices): the uid kept.
    pub merged_into: BTreeMap<Key, String>,
    pub conflicts: Vec<Conflict>,
    /// Writes left out, and why (a change to a field written once).
    pub refused: Vec<(OpId, String)>,
}

impl Merged {
    pub fn extend(&mut self, other: Merged) {
        self.rows.extend(other.rows);
        self.merged_into.extend(other.merged_into);
        self.conflicts.extend(other.conflicts);
        self.refused.extend(other.refused);
    }

    /// Conflicts in a fixed order (by record, then kind).
    pub fn sort(&mut self) {
        self.conflicts.sort_by(|a, b| {
            (&a.table, &a.uid, a.kind, &a.fields).cmp(&(&b.table, &b.uid, b.kind, &b.fields))
        });
        self.refused.sort();
    }
}
