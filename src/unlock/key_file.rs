//! A key file (`CRAMP_KEY_FILE`): either the raw key `cramp key save` writes (fast: nothing to
//! derive) or a passphrase (derived with Argon2id each time it is read).

use crate::crypt::secret;
use crate::domain::Invalid;
use crate::store::DiaryKey;
use age::secrecy::SecretString;
use std::path::Path;

/// The line that marks a raw key, followed by 64 hex digits.
pub const RAW_PREFIX: &str = "cramp-diary-key-1:";

pub enum Contents {
    Key(DiaryKey),
    Passphrase(SecretString),
}

/// Reads a key file, checked as every secret file is (present, owner-only, not empty, small).
pub fn read(path: &Path) -> Result<Contents, Invalid> {
    let text = secret::read_secret_file(super::KEY_FILE_ENV, path)?;
    let raw = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix(RAW_PREFIX));
    match raw {
        Some(hex) => DiaryKey::from_hex(hex).map(Contents::Key).ok_or_else(|| {
            Invalid::new(format!(
                "{} {} holds a damaged key line (it needs 64 hex digits after {RAW_PREFIX}); write it again with cramp key save",
                super::KEY_FILE_ENV,
                path.display()
            ))
        }),
        None => Ok(Contents::Passphrase(SecretString::from(text))),
    }
}

/// The text of a key file for `key` of the diary `db`.
pub fn text(db: &Path, key: &DiaryKey) -> String {
    format!(
        "# The key of the encrypted cramp diary {}.\n# Whoever has this file can read the diary: keep it owner-only (0600), never beside its backups.\n{RAW_PREFIX}{}\n",
        db.display(),
        key.to_hex()
    )
}
