//! The key of an encrypted sync folder, for the sync code to call: every device that shares the
//! folder holds the same age identity, read from `sync.key_file` — an age identity file
//! (`AGE-SECRET-KEY-1...`, as `age-keygen` writes) or a passphrase file, from which the identity
//! is derived once per process (Argon2id). Sealing and opening are pure: bytes in, bytes out.
//!
//! A passphrase is salted with a fixed, cramp-specific salt, because every device must reach
//! the same identity with nothing but the passphrase; so choose a long one, or use an identity
//! file (`age-keygen -o FILE`), which needs no derivation at all.

use super::age_file::{self, Seal, Unseal};
use super::{kdf, secret};
use crate::domain::Invalid;
use age::secrecy::{ExposeSecret, SecretString};
use base64::Engine;
use std::path::Path;

/// The salt of a sync passphrase: the same on every device, by design (see the module's note).
const SYNC_SALT: &[u8] = b"cramp-diary sync key v1";

/// The prefix of a sealed line: lets a reader tell an encrypted line from a plain one.
pub const LINE_PREFIX: &str = "age:";

/// The largest sealed record opened (a sync file's batch of operations).
const RECORD_MAX: u64 = 64 * 1024 * 1024;

pub struct SyncKey {
    identity: age::x25519::Identity,
}

impl SyncKey {
    /// Reads `path`: an age identity file, or else a passphrase file (checked as every secret
    /// file is: present, owner-only, not empty, small). `role` names it in a refusal
    /// (`sync.key_file`).
    pub fn from_file(role: &str, path: &Path) -> Result<Self, Invalid> {
        let text = secret::read_secret_file(role, path)?;
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        if first.starts_with("AGE-SECRET-KEY-1") {
            let identity = first.parse().map_err(|_| {
                Invalid::new(format!(
                    "{role} {} starts like an age identity but is not a valid one; write it again with age-keygen",
                    path.display()
                ))
            })?;
            return Ok(Self { identity });
        }
        Self::from_passphrase(&SecretString::from(text))
    }

    /// [`SyncKey::from_file`] for the sync folder `dir`: a key file inside that folder would
    /// travel with the files it locks, so it is refused, naming `role`.
    pub fn for_folder(role: &str, path: &Path, dir: Option<&Path>) -> Result<Self, Invalid> {
        if let Some(dir) = dir {
            let whole = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            let key = path.parent().map_or_else(|| path.to_path_buf(), whole);
            if key.starts_with(whole(dir)) {
                return Err(Invalid::new(format!(
                    "{role} {} is inside the sync folder {}, where it would travel with the files it locks; keep it outside the folder, on each device",
                    path.display(),
                    dir.display()
                )));
            }
        }
        Self::from_file(role, path)
    }

    /// The identity every device derives from the same passphrase.
    pub fn from_passphrase(passphrase: &SecretString) -> Result<Self, Invalid> {
        let key = kdf::derive(passphrase.expose_secret().as_bytes(), SYNC_SALT)?;
        let hrp = bech32::Hrp::parse("age-secret-key-")
            .map_err(|e| Invalid::new(format!("the sync key could not be made ({e})")))?;
        let text = bech32::encode_upper::<bech32::Bech32>(hrp, &key)
            .map_err(|e| Invalid::new(format!("the sync key could not be made ({e})")))?;
        let identity = text
            .parse()
            .map_err(|e| Invalid::new(format!("the sync key could not be made ({e})")))?;
        Ok(Self { identity })
    }

    /// A new random key, and the identity file's text to save (0600) on every device.
    pub fn generate() -> (Self, SecretString) {
        let identity = age::x25519::Identity::generate();
        let text = SecretString::from(format!(
            "# cramp-diary sync key: copy this file to each device, never into the sync folder\n{}\n",
            identity.to_string().expose_secret()
        ));
        (Self { identity }, text)
    }

    /// A short name of this key (from its public half), to tell keys apart in `sync status`
    /// without showing anything secret.
    pub fn fingerprint(&self) -> String {
        let public = self.identity.to_public().to_string();
        public
            .chars()
            .rev()
            .take(8)
            .collect::<String>()
            .chars()
            .rev()
            .collect()
    }

    /// Encrypts a whole record (a sync file, or a batch of operations) to this key.
    pub fn seal(&self, plain: &[u8]) -> std::io::Result<Vec<u8>> {
        age_file::seal(
            plain,
            &Seal::Recipients(vec![self.identity.to_public()]),
            false,
        )
    }

    /// Decrypts a record sealed by [`SyncKey::seal`] on any device with this key. `name` (the
    /// file) is in the one-sentence refusal: another key, a cut or a changed record.
    pub fn open(&self, sealed: &[u8], name: &str) -> Result<Vec<u8>, Invalid> {
        let with = Unseal::Identities {
            file: "the sync key".to_string(),
            identities: vec![Box::new(self.identity.clone())],
        };
        age_file::open(sealed, &with, name, RECORD_MAX)
    }

    /// Whether the age record `sealed` was sealed to this key, told by its header alone (so a
    /// record whose end is still being copied still counts as this key's); `None` when not even
    /// its header can be read (cut short before it ends, or not an age record).
    pub fn sealed_to_me(&self, sealed: &[u8]) -> Option<bool> {
        let reader = age::armor::ArmoredReader::new(sealed);
        let decryptor = age::Decryptor::new_buffered(reader).ok()?;
        if decryptor.is_scrypt() {
            return Some(false);
        }
        match decryptor.decrypt(std::iter::once(&self.identity as &dyn age::Identity)) {
            Ok(_) => Some(true),
            Err(age::DecryptError::NoMatchingKeys | age::DecryptError::DecryptionFailed) => {
                Some(false)
            }
            Err(_) => None,
        }
    }

    /// One text line, `age:` and the sealed record in base64 (no line breaks): for files that
    /// grow by appending lines, each line readable on its own.
    pub fn seal_line(&self, plain: &[u8]) -> std::io::Result<String> {
        let sealed = self.seal(plain)?;
        Ok(format!(
            "{LINE_PREFIX}{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(sealed)
        ))
    }

    /// Opens a line made by [`SyncKey::seal_line`] (a trailing line break is allowed).
    pub fn open_line(&self, line: &str, name: &str) -> Result<Vec<u8>, Invalid> {
        let body = line
            .trim_end_matches(['\n', '\r'])
            .strip_prefix(LINE_PREFIX)
            .ok_or_else(|| Invalid::new(format!("{name} has a line that is not encrypted")))?;
        let sealed = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(body)
            .map_err(|_| {
                Invalid::new(format!(
                    "{name} has an encrypted line that is cut or changed; it was not read"
                ))
            })?;
        self.open(&sealed, name)
    }
}

/// Whether a sync file's bytes (or line) are sealed: an age file, or lines made by
/// [`SyncKey::seal_line`]. A device without the key can tell "encrypted" from "damaged".
pub fn is_sealed(bytes: &[u8]) -> bool {
    age_file::is_age(bytes) || bytes.starts_with(LINE_PREFIX.as_bytes())
}

/// The one check every piece of content read from the folder passes (each operation line, a
/// snapshot, a relay, a `device.json`): with the folder's key set, it must be sealed with it.
/// A plain one is named in one sentence (returned) and nothing from it is applied: without it,
/// anyone able to write to the folder, key or not, could add changes to every diary.
pub fn not_sealed(key: Option<&SyncKey>, bytes: &[u8], what: &str) -> Option<String> {
    let k = key?;
    (!bytes.is_empty() && !is_sealed(bytes)).then(|| {
        format!(
            "{what} is not sealed with this folder's key (ending {}); nothing from it is applied (it was written without the key: by hand, or by a device not given the key yet)",
            k.fingerprint()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn key_file(dir: &Path, body: &str) -> std::path::PathBuf {
        let p = dir.join("sync.key");
        std::fs::write(&p, body).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    }

    #[test]
    fn two_devices_with_one_passphrase_read_each_others_lines() {
        let dir = tempfile::tempdir().unwrap();
        let phone = SyncKey::from_file("sync.key_file", &key_file(dir.path(), "long sync words\n"))
            .unwrap();
        let laptop =
            SyncKey::from_passphrase(&SecretString::from("long sync words".to_string())).unwrap();
        assert_eq!(phone.fingerprint(), laptop.fingerprint());
        let line = phone
            .seal_line(b"{\"night_of\":\"2026-11-02\",\"note\":\"calf knot\"}")
            .unwrap();
        assert!(is_sealed(line.as_bytes()));
        assert!(!line.contains("2026") && !line.contains("calf") && !line.contains('\n'));
        let plain = laptop.open_line(&format!("{line}\n"), "phone.log").unwrap();
        assert_eq!(
            plain,
            b"{\"night_of\":\"2026-11-02\",\"note\":\"calf knot\"}"
        );
        let stranger =
            SyncKey::from_passphrase(&SecretString::from("other words".to_string())).unwrap();
        let e = stranger.open_line(&line, "phone.log").unwrap_err().0;
        assert!(e.contains("opens phone.log"), "{e}");
        // The header alone tells whose a record is, even when its end is still being copied.
        let record = phone.seal(b"{\"device\":\"a\"}").unwrap();
        assert_eq!(laptop.sealed_to_me(&record), Some(true));
        assert_eq!(laptop.sealed_to_me(&record[..record.len() - 5]), Some(true));
        assert_eq!(stranger.sealed_to_me(&record), Some(false));
        assert_eq!(laptop.sealed_to_me(&record[..20]), None);
    }

    #[test]
    fn an_identity_file_is_a_key_and_a_changed_record_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (made, text) = SyncKey::generate();
        let read = SyncKey::from_file("sync.key_file", &key_file(dir.path(), text.expose_secret()))
            .unwrap();
        assert_eq!(made.fingerprint(), read.fingerprint());
        let mut sealed = made.seal(b"2026-11-02 cramp").unwrap();
        assert_eq!(read.open(&sealed, "f").unwrap(), b"2026-11-02 cramp");
        let last = sealed.len() - 1;
        sealed[last] ^= 0x40;
        let e = read.open(&sealed, "f").unwrap_err().0;
        assert!(e.contains("f is cut short, damaged or was changed"), "{e}");
        assert!(!is_sealed(b"{\"op\":1}"));
    }
}
