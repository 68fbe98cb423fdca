//! One change to one record, as every device records it: which device made it (and its place
//! in that device's sequence), when (a hybrid logical clock), under which diary format, what
//! the device had seen of the others by then, and the fields it set.

use super::clock::Hlc;
use super::vector::{DeviceId, Vector};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Field name -> value (JSON null, number or text, as the diary holds it). A cramp's night is
/// named by its `night_uid`.
pub type Fields = BTreeMap<String, Value>;

/// A change's place in its device's sequence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpId {
    pub device: DeviceId,
    pub seq: u64,
}

/// One operation. Written one per line in a device's files with short keys (the README's
/// "Sync" section lists them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Op {
    /// The device (diary) that made the change.
    #[serde(rename = "d")]
    pub device: DeviceId,
    /// Its number in that device's changes: 1, 2, 3... with no gaps.
    #[serde(rename = "s")]
    pub seq: u64,
    #[serde(rename = "h")]
    pub hlc: Hlc,
    /// The diary format (schema version) it was made under.
    #[serde(rename = "v")]
    pub schema: u32,
    /// What the device had applied of the other devices' changes when it made this one.
    #[serde(rename = "c")]
    pub seen: Vector,
    #[serde(rename = "t")]
    pub table: String,
    #[serde(rename = "u")]
    pub uid: String,
    /// The record's first write (every field), rather than a change of some fields.
    #[serde(rename = "n", default, skip_serializing_if = "std::ops::Not::not")]
    pub create: bool,
    #[serde(rename = "f")]
    pub fields: Fields,
    /// The device's clock when the change was made (`YYYY-MM-DDTHH:MM:SS`), shown to the person.
    #[serde(rename = "a")]
    pub at: String,
}

impl Op {
    pub fn id(&self) -> OpId {
        OpId {
            device: self.device.clone(),
            seq: self.seq,
        }
    }

    /// Whether this change had been seen by the device when it made `later` (so `later`
    /// knowingly replaced it).
    pub fn seen_by(&self, later: &Op) -> bool {
        if self.device == later.device {
            self.seq < later.seq
        } else {
            later.seen.covers(&self.device, self.seq)
        }
    }

    /// Neither had seen the other: both were made "since they last saw each other".
    pub fn concurrent(&self, other: &Op) -> bool {
        !self.seen_by(other) && !other.seen_by(self)
    }

    /// The order "newest clock wins" uses: the clock, then the device id, then the sequence, so
    /// two devices always pick the same one.
    pub fn order_key(&self) -> (Hlc, &DeviceId, u64) {
        (self.hlc, &self.device, self.seq)
    }

    /// The changes this one depends on are all in `applied` (what a device has applied, its
    /// own changes included): it can be applied now.
    pub fn ready(&self, applied: &Vector) -> bool {
        applied.get(&self.device) + 1 == self.seq && self.seen.within(applied)
    }
}
