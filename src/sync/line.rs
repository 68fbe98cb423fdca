//! The lines of a device's operation files. Each line is one JSON object and a checksum of it,
//! `{...} 0123abcd0123abcd`, ended by a line break: a line without its break is still being
//! written or copied (torn) and is left for later; a line whose checksum does not match was
//! changed by hand or damaged. The first line of a file names the format, the device and the
//! first sequence number in it.
//!
//! Since file layout 2, each operation line also says (`e`) the sequence number of the last
//! operation written with it: the lines one sync appends (whole saves, never part of one) are
//! a unit, applied only once every line of it has arrived, so a save copied half-way (a night
//! here, its cramp still on the way) never shows as half a save. Layout 1 lines have no `e`:
//! each is its own unit, as that version wrote them.

use super::op::Op;
use super::vector::DeviceId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `format` of a sync file's first line.
pub const FORMAT: &str = "cramp-sync";
/// The version of the file layout this program writes and reads (not the diary's schema).
pub const FILE_VERSION: u32 = 2;

/// The first line of an operation file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub device: DeviceId,
    /// The sequence number of the file's first operation.
    pub first: u64,
}

impl Header {
    pub fn new(device: &DeviceId, first: u64) -> Self {
        Self {
            format: FORMAT.to_string(),
            version: FILE_VERSION,
            device: device.clone(),
            first,
        }
    }
}

/// What is wrong with a line, in words that follow "line N ".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bad {
    /// Not a line of ours at all.
    NotOurs(String),
    /// Ours, but its checksum does not match: edited by hand or damaged.
    Changed,
    /// Written by a newer cramp: a newer file layout or a newer diary format.
    Newer {
        found: u32,
        known: u32,
        what: &'static str,
    },
}

/// The checksum written after a line's JSON: the first 8 bytes of its SHA-256, in hex.
fn checksum(json: &str) -> String {
    let digest = Sha256::digest(json.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn seal(json: String) -> String {
    let sum = checksum(&json);
    format!("{json} {sum}\n")
}

pub fn header_line(h: &Header) -> String {
    seal(serde_json::to_string(h).unwrap_or_default())
}

pub fn op_line(op: &Op) -> String {
    seal(serde_json::to_string(op).unwrap_or_default())
}

/// An operation line of a unit that ends with the operation `end` (layout 2).
pub fn op_line_in(op: &Op, end: u64) -> String {
    let mut value = serde_json::to_value(op).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.insert(UNIT_END.into(), end.into());
    }
    seal(serde_json::to_string(&value).unwrap_or_default())
}

/// The key of a line's unit end.
const UNIT_END: &str = "e";

/// The JSON of one complete line (without its line break), its checksum checked.
fn opened(line: &str) -> Result<&str, Bad> {
    let not_ours = || Bad::NotOurs("it is not a cramp sync line".into());
    let (json, sum) = line.rsplit_once(' ').ok_or_else(not_ours)?;
    if !json.starts_with('{') || sum.len() != 16 {
        return Err(not_ours());
    }
    if checksum(json) != sum {
        return Err(Bad::Changed);
    }
    Ok(json)
}

/// Reads a file's first line.
pub fn read_header(line: &str) -> Result<Header, Bad> {
    let json = opened(line)?;
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| Bad::NotOurs(e.to_string()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(Bad::NotOurs(
            "it does not start as a cramp sync file".into(),
        ));
    }
    if let Some(found) = value.get("version").and_then(|v| v.as_u64())
        && found > u64::from(FILE_VERSION)
    {
        return Err(Bad::Newer {
            found: u32::try_from(found).unwrap_or(u32::MAX),
            known: FILE_VERSION,
            what: "file layout",
        });
    }
    serde_json::from_value(value).map_err(|e| Bad::NotOurs(e.to_string()))
}

/// Reads an operation line of a diary format up to `known`.
pub fn read_op(line: &str, known: u32) -> Result<Op, Bad> {
    read_op_in(line, known).map(|(op, _)| op)
}

/// Reads an operation line and the sequence number its unit ends with (its own when the line
/// has none, as layout 1 wrote them).
pub fn read_op_in(line: &str, known: u32) -> Result<(Op, u64), Bad> {
    let json = opened(line)?;
    let mut value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| Bad::NotOurs(e.to_string()))?;
    let end = match value.as_object_mut().and_then(|m| m.remove(UNIT_END)) {
        None => None,
        Some(e) => Some(
            e.as_u64()
                .ok_or_else(|| Bad::NotOurs("its unit end is not a number".into()))?,
        ),
    };
    if let Some(found) = value.get("v").and_then(|v| v.as_u64())
        && found > u64::from(known)
    {
        return Err(Bad::Newer {
            found: u32::try_from(found).unwrap_or(u32::MAX),
            known,
            what: "diary format",
        });
    }
    let op: Op = serde_json::from_value(value).map_err(|e| Bad::NotOurs(e.to_string()))?;
    let end = end.unwrap_or(op.seq);
    if op.seq == 0 || op.seen.get(&op.device) != 0 || end < op.seq {
        return Err(Bad::NotOurs("its sequence numbers are not cramp's".into()));
    }
    Ok((op, end))
}

/// The longest sync line read: 1 MiB. A line holds one change (a sealed one about 1.4 times
/// its text and some 200 bytes more), and the longest change, a record with every free-text
/// field at its bound, is a few kilobytes: a longer line is damage or not cramp's, and is never
/// read whole into memory.
pub const LINE_MAX_BYTES: u64 = 1024 * 1024;

/// Splits `text` into its complete lines (each without its break) and the number of bytes
/// they take; a last line without its break (torn) is left out.
pub fn complete_lines(text: &str) -> (Vec<&str>, usize) {
    let end = text.rfind('\n').map_or(0, |i| i + 1);
    let lines = text[..end].split_terminator('\n').collect();
    (lines, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::clock::Hlc;
    use crate::sync::vector::Vector;

    fn op() -> Op {
        let device = DeviceId::parse("00112233445566aa").unwrap();
        let mut fields = crate::sync::op::Fields::new();
        fields.insert("note".into(), "sore".into());
        Op {
            device,
            seq: 7,
            hlc: Hlc::new(1_767_225_600_000, 2),
            schema: 8,
            seen: Vector::default(),
            table: "nights".into(),
            uid: "u1".into(),
            create: false,
            fields,
            at: "2026-01-01T00:00:00".into(),
        }
    }

    #[test]
    fn an_op_reads_back_as_written() {
        let line = op_line(&op());
        assert!(line.ends_with('\n'));
        assert_eq!(read_op(line.trim_end(), 8), Ok(op()));
        let h = Header::new(&op().device, 1);
        assert_eq!(read_header(header_line(&h).trim_end()), Ok(h));
    }

    #[test]
    fn a_changed_line_is_told_from_a_foreign_one_and_a_newer_one() {
        let line = op_line(&op());
        let edited = line.replace("sore", "fine");
        assert_eq!(read_op(edited.trim_end(), 8), Err(Bad::Changed));
        assert!(matches!(read_op("hello world", 8), Err(Bad::NotOurs(_))));
        assert!(matches!(read_op("", 8), Err(Bad::NotOurs(_))));
        let mut newer = op();
        newer.schema = 9;
        assert_eq!(
            read_op(op_line(&newer).trim_end(), 8),
            Err(Bad::Newer {
                found: 9,
                known: 8,
                what: "diary format"
            })
        );
        assert!(matches!(read_header(line.trim_end()), Err(Bad::NotOurs(_))));
    }

    #[test]
    fn a_line_says_where_its_unit_ends_and_an_old_line_is_a_unit_alone() {
        let line = op_line_in(&op(), 9);
        assert_eq!(read_op_in(line.trim_end(), 8), Ok((op(), 9)));
        assert_eq!(read_op(line.trim_end(), 8), Ok(op()));
        assert_eq!(read_op_in(op_line(&op()).trim_end(), 8), Ok((op(), 7)));
        // A unit cannot end before its own line.
        assert!(matches!(
            read_op_in(op_line_in(&op(), 6).trim_end(), 8),
            Err(Bad::NotOurs(_))
        ));
    }

    #[test]
    fn a_torn_last_line_is_left_for_later() {
        let a = op_line(&op());
        let text = format!("{a}{}", &a[..20]);
        let (lines, used) = complete_lines(&text);
        assert_eq!(lines.len(), 1);
        assert_eq!(used, a.len());
        assert_eq!(complete_lines("no break yet"), (vec![], 0));
    }
}
