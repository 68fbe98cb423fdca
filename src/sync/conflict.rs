//! What the person is asked when devices disagree, and the choices they have. A conflict is
//! never settled by the merge: the diary holds the newest value meanwhile (or keeps what one
//! device deleted), and the question stays until a choice (a new change that has seen both
//! sides) answers it.

use super::clock::Hlc;
use super::op::{Fields, Op};
use super::vector::DeviceId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Both devices changed the same field(s) of a record to different values.
    Field,
    /// One device deleted a record the other changed or kept.
    Deleted,
    /// A night marked cramp-free on one device while a cramp was added on the other.
    CrampFree,
    /// Two records added on two devices that match closely.
    Duplicate,
    /// Two routines or experiments added on two devices that share days.
    Overlap,
}

/// A change that made one side, as the person is told: which device, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Who {
    pub device: DeviceId,
    pub at: String,
    pub hlc: Hlc,
}

impl Who {
    pub fn of(op: &Op) -> Self {
        Self {
            device: op.device.clone(),
            at: op.at.clone(),
            hlc: op.hlc,
        }
    }
}

/// One side of a conflict: what it holds (the fields' values, or a record) and who made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub value: Vec<Value>,
    /// A record this side is about (the other cramp of a duplicate, a cramp kept).
    pub record: Option<(String, String)>,
    pub by: Vec<Who>,
}

/// One write a choice makes: fields of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub table: String,
    pub uid: String,
    pub fields: Fields,
}

/// What the person may choose, in words, and the changes it makes. `updated_at` (and
/// `deleted_at` for a delete) are filled with the time of the choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub says: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: Kind,
    pub table: String,
    /// The record as the diary holds it (its uid).
    pub uid: String,
    /// The fields in question (a [`Kind::Field`] conflict).
    pub fields: Vec<String>,
    pub sides: Vec<Side>,
    /// Which side the diary holds while the question waits.
    pub shown: usize,
    pub choices: Vec<Choice>,
}

/// The placeholder a choice's change holds for "the time of the choice".
pub const NOW: &str = "@now";

impl Conflict {
    /// A short id that stays the same while the question does (on every device).
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        h.update(format!(
            "{:?}|{}|{}|{}",
            self.kind,
            self.table,
            self.uid,
            self.fields.join(",")
        ));
        for side in &self.sides {
            if let Some((t, u)) = &side.record {
                h.update(format!("|{t}/{u}"));
            }
        }
        h.finalize()[..3]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A change setting `fields` (and `updated_at` to the time of the choice).
pub fn change(table: &str, uid: &str, fields: impl IntoIterator<Item = (String, Value)>) -> Change {
    let mut fields: Fields = fields.into_iter().collect();
    fields.insert("updated_at".into(), Value::from(NOW));
    Change {
        table: table.to_string(),
        uid: uid.to_string(),
        fields,
    }
}

/// The change that deletes a record (or restores it: `deleted` false).
pub fn deletion(table: &str, uid: &str, deleted: bool) -> Change {
    let at = if deleted {
        Value::from(NOW)
    } else {
        Value::Null
    };
    let mut c = change(table, uid, [("deleted_at".to_string(), at)]);
    if deleted {
        // A deletion keeps the record's change time, as the diary's own deletes do.
        c.fields.remove("updated_at");
    }
    c
}

/// "Deleted on one device, kept on the other": the sides and the two choices.
pub fn deleted_conflict(
    table: &str,
    uid: &str,
    deleted_by: Vec<Who>,
    kept_by: Vec<Who>,
    kept_record: Option<(String, String)>,
    held_deleted: bool,
) -> Conflict {
    Conflict {
        kind: Kind::Deleted,
        table: table.to_string(),
        uid: uid.to_string(),
        fields: Vec::new(),
        sides: vec![
            Side {
                value: vec![Value::Bool(true)],
                record: None,
                by: deleted_by,
            },
            Side {
                value: vec![Value::Bool(false)],
                record: kept_record,
                by: kept_by,
            },
        ],
        shown: if held_deleted { 0 } else { 1 },
        choices: vec![
            Choice {
                says: "delete".into(),
                changes: vec![deletion(table, uid, true)],
            },
            Choice {
                says: "keep".into(),
                changes: vec![deletion(table, uid, false)],
            },
        ],
    }
}
