//! The key of an encrypted diary as SQLCipher takes it: 32 raw bytes, derived once from the
//! passphrase with Argon2id (salted with the 16 random bytes SQLCipher keeps at the start of
//! the file, readable before any key), so SQLCipher's own slow key stretching never runs and
//! opening stays fast. The keys this process holds, per diary, are kept here for every open.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use zeroize::Zeroize;

/// SQLCipher's per-file salt: the first 16 bytes of an encrypted diary.
pub const SALT_LEN: usize = 16;

/// A diary's raw key. Cleared from memory when dropped; never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct DiaryKey {
    bytes: [u8; 32],
}

impl std::fmt::Debug for DiaryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DiaryKey(..)")
    }
}

impl Drop for DiaryKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl DiaryKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self { bytes }
    }

    /// The key as 64 hex digits (a key file's body, the keyring's secret).
    pub fn to_hex(&self) -> String {
        self.bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Self { bytes })
    }

    /// SQLCipher's raw-key literal: `x'KEY'`, or `x'KEYSALT'` to write a chosen salt into a
    /// new file (so a copy keeps the salt its passphrase was derived with).
    #[cfg_attr(not(feature = "sqlcipher"), allow(dead_code))]
    pub(super) fn literal(&self, salt: Option<&[u8; SALT_LEN]>) -> String {
        let salt: String = salt
            .map(|s| s.iter().map(|b| format!("{b:02x}")).collect())
            .unwrap_or_default();
        format!("x'{}{salt}'", self.to_hex())
    }
}

/// The salt at the start of an encrypted diary (`None` for a file too short to have one).
pub fn file_salt(path: &Path) -> std::io::Result<Option<[u8; SALT_LEN]>> {
    use std::io::Read;
    let mut salt = [0u8; SALT_LEN];
    let mut file = std::fs::File::open(path)?;
    let mut read = 0;
    while read < SALT_LEN {
        match file.read(&mut salt[read..])? {
            0 => return Ok(None),
            n => read += n,
        }
    }
    Ok(Some(salt))
}

/// A key given to this process and where it came from (`CRAMP_KEY_FILE /k`, `the OS
/// keyring`, `the passphrase typed`): named when it does not open the diary.
#[derive(Debug, Clone)]
pub struct HeldKey {
    pub key: DiaryKey,
    pub source: String,
}

/// The keys given to this process, by diary (its absolute, link-free name).
static KEYS: Mutex<Vec<(PathBuf, HeldKey)>> = Mutex::new(Vec::new());

/// Remembers `key` for the diary at `path` for the rest of this process: every open of that
/// diary (the screen reopening it, a backup, an import) uses it.
pub fn hold_key(path: &Path, key: DiaryKey, source: &str) {
    let name = crate::files::resolved(path);
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    keys.retain(|(p, _)| *p != name);
    keys.push((
        name,
        HeldKey {
            key,
            source: source.to_string(),
        },
    ));
}

/// Why no key was found for a diary (`(and no terminal to ask on)`), added to its refusal.
static MISSING: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

/// Notes why no key could be found for the diary at `path`.
pub fn note_missing(path: &Path, why: String) {
    let name = crate::files::resolved(path);
    let mut notes = MISSING.lock().unwrap_or_else(|e| e.into_inner());
    notes.retain(|(p, _)| *p != name);
    notes.push((name, why));
}

/// What [`note_missing`] noted for `path` (empty if nothing).
pub fn missing_note(path: &Path) -> String {
    let name = crate::files::resolved(path);
    let notes = MISSING.lock().unwrap_or_else(|e| e.into_inner());
    notes
        .iter()
        .find(|(p, _)| *p == name)
        .map(|(_, w)| w.clone())
        .unwrap_or_default()
}

/// The key held for the diary at `path`, if any.
pub fn held_key(path: &Path) -> Option<HeldKey> {
    let name = crate::files::resolved(path);
    let keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    keys.iter()
        .find(|(p, _)| *p == name)
        .map(|(_, k)| k.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_from_its_hex_and_hides_in_debug() {
        let key = DiaryKey::from_bytes([0xAB; 32]);
        assert_eq!(DiaryKey::from_hex(&key.to_hex()), Some(key.clone()));
        assert_eq!(format!("{key:?}"), "DiaryKey(..)");
        assert!(DiaryKey::from_hex("abc").is_none());
        assert!(DiaryKey::from_hex(&"g".repeat(64)).is_none());
        assert_eq!(key.literal(Some(&[1; 16])).len(), 2 + 64 + 32 + 1);
    }
}
