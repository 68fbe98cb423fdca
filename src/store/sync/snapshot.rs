//! A sync snapshot's file (see [`compact`](super::compact)): a JSON object naming the device
//! and its last change, whose `ops` are the lines of an operation file (file layout 2, one
//! unit) compressed with DEFLATE and in base64; with `sync.key_file` the whole file is sealed
//! with `age`, like `device.json`. Every line keeps its checksum, so a snapshot changed by
//! hand is refused like any changed line.

use crate::crypt::SyncKey;
use crate::crypt::sync_key::is_sealed;
use crate::domain::Invalid;
use crate::files::sync_folder as folder;
use crate::sync::DeviceId;
use crate::sync::line::{Header, header_line, op_line_in};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub(crate) const SNAPSHOT_FORMAT: &str = "cramp-sync-snapshot";
/// The snapshot layout this program writes and reads.
pub(crate) const SNAPSHOT_VERSION: u32 = 1;
/// A snapshot never inflates past this (a damaged or hostile one cannot fill the memory).
const INFLATED_MAX: usize = 512 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotFile {
    format: String,
    version: u32,
    device: String,
    /// The last of the device's changes it holds (from its first).
    upto: u64,
    /// The operation lines, DEFLATE-compressed, in base64.
    ops: String,
}

/// The text of a snapshot: a file of this device's changes 1 to `ops.len()`, one unit.
pub(super) fn snapshot_text(device: &DeviceId, ops: &[crate::sync::Op]) -> String {
    let end = ops.last().map_or(0, |o| o.seq);
    let mut text = header_line(&Header::new(device, 1));
    for op in ops {
        text.push_str(&op_line_in(op, end));
    }
    text
}

pub(super) fn pack(device: &DeviceId, upto: u64, text: &str, key: Option<&SyncKey>) -> Vec<u8> {
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    let file = SnapshotFile {
        format: SNAPSHOT_FORMAT.into(),
        version: SNAPSHOT_VERSION,
        device: device.to_string(),
        upto,
        ops: base64::engine::general_purpose::STANDARD.encode(deflated),
    };
    let json = serde_json::to_vec(&file).unwrap_or_default();
    match key {
        Some(k) => k.seal(&json).unwrap_or_default(),
        None => json,
    }
}

/// What reading a snapshot gave.
pub(crate) enum Unpacked {
    /// Its operation lines.
    Text(String),
    /// It cannot be read as a whole snapshot (still being copied, or damaged): its changes wait.
    NotWhole,
    /// Written by a newer cramp (this layout): its changes wait for an update.
    Newer(String),
    /// Plain in a folder with a key: the sentence naming it; nothing of it is applied.
    NotSealed(String),
}

/// Opens the snapshot `path` of `device`, named as holding its changes to `upto`. A newer
/// layout, or one naming another device or place, is refused in one sentence.
pub(crate) fn unpack(
    path: &Path,
    device: &DeviceId,
    upto: u64,
    key: Option<&SyncKey>,
    locked: impl Fn(&Path) -> Invalid,
) -> Result<Unpacked, Invalid> {
    let Ok(mut bytes) = folder::read_from(path, 0) else {
        return Ok(Unpacked::NotWhole);
    };
    if let Some(said) = crate::crypt::sync_key::not_sealed(key, &bytes, &path.display().to_string())
    {
        return Ok(Unpacked::NotSealed(said));
    }
    if is_sealed(&bytes) {
        let k = key.ok_or_else(|| locked(path))?;
        match k.open(&bytes, &path.display().to_string()) {
            Ok(plain) => bytes = plain,
            Err(_) => return Ok(Unpacked::NotWhole),
        }
    }
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Ok(Unpacked::NotWhole),
    };
    if value.get("format").and_then(|f| f.as_str()) != Some(SNAPSHOT_FORMAT) {
        return Err(Invalid::new(format!(
            "{} is not a cramp snapshot; move it out of the sync folder",
            path.display()
        )));
    }
    if let Some(found) = value.get("version").and_then(|v| v.as_u64())
        && found > u64::from(SNAPSHOT_VERSION)
    {
        return Ok(Unpacked::Newer(format!("snapshot layout {found}")));
    }
    let Ok(file) = serde_json::from_value::<SnapshotFile>(value) else {
        return Ok(Unpacked::NotWhole);
    };
    if file.device != device.as_str() || file.upto != upto {
        return Err(Invalid::new(format!(
            "{} names another device or place than its file name says; restore it from the device that wrote it (or move it out of the sync folder)",
            path.display()
        )));
    }
    let Ok(deflated) = base64::engine::general_purpose::STANDARD.decode(file.ops) else {
        return Ok(Unpacked::NotWhole);
    };
    match miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, INFLATED_MAX) {
        Ok(text) => Ok(String::from_utf8(text).map_or(Unpacked::NotWhole, Unpacked::Text)),
        Err(_) => Ok(Unpacked::NotWhole),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(seq: u64) -> crate::sync::Op {
        crate::sync::Op {
            device: DeviceId::parse("00112233445566aa").unwrap(),
            seq,
            hlc: crate::sync::Hlc::new(1_767_225_600_000, seq as u32),
            schema: 9,
            seen: crate::sync::Vector::default(),
            table: "nights".into(),
            uid: format!("u{seq}"),
            create: true,
            fields: crate::sync::Fields::new(),
            at: "2026-01-01T00:00:00".into(),
        }
    }

    fn locked(p: &Path) -> Invalid {
        Invalid::new(format!("{} is locked", p.display()))
    }

    #[test]
    fn a_snapshot_reads_back_whole_and_a_cut_or_newer_one_waits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot-000000003.json");
        let d = op(1).device;
        let text = snapshot_text(&d, &[op(1), op(2), op(3)]);
        let bytes = pack(&d, 3, &text, None);
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(unpack(&path, &d, 3, None, locked), Ok(Unpacked::Text(t)) if t == text));
        // Named as holding other changes than it does: refused.
        assert!(unpack(&path, &d, 4, None, locked).is_err());
        // Cut short (still being copied): it waits.
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(matches!(
            unpack(&path, &d, 3, None, locked),
            Ok(Unpacked::NotWhole)
        ));
        // A newer layout: it waits for an update.
        let newer = String::from_utf8(bytes).unwrap().replace(
            &format!("\"version\":{SNAPSHOT_VERSION}"),
            &format!("\"version\":{}", SNAPSHOT_VERSION + 1),
        );
        std::fs::write(&path, newer).unwrap();
        assert!(matches!(
            unpack(&path, &d, 3, None, locked),
            Ok(Unpacked::Newer(_))
        ));
    }
}
