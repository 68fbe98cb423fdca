//! Where the key of an encrypted diary comes from, in order: a key file (`CRAMP_KEY_FILE`), the
//! operating system's keyring where one is really there (never a stand-in in memory), or the
//! passphrase typed on the terminal. A key found is held for the process (see
//! [`crate::store::hold_key`]); none found leaves the diary locked, and the refusal says how to
//! unlock it. Hooks (the prompt, reminders) only ever read a key file: they never ask, never
//! wait on a keyring, and never run the slow key derivation.

pub mod key_file;
pub mod keyring;

use crate::crypt::secret;
use crate::domain::Invalid;
use crate::store::{DiaryKey, hold_key};
use age::secrecy::{ExposeSecret, SecretString};
use std::path::Path;

/// The environment variable naming a key file.
pub const KEY_FILE_ENV: &str = "CRAMP_KEY_FILE";

/// How a command may look for the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// Key file, keyring, then the terminal (a command typed by a person, the screen).
    Person,
    /// A key file with the raw key only: a prompt segment or a reminder answers in a blink.
    Hook,
}

/// The key of a passphrase for the encrypted diary at `db`: Argon2id over the diary's salt.
pub fn key_from_passphrase(db: &Path, passphrase: &SecretString) -> Result<DiaryKey, Invalid> {
    let salt = crate::store::key::file_salt(db)
        .ok()
        .flatten()
        .ok_or_else(|| {
            Invalid::new(format!(
                "{} is too short to be an encrypted diary",
                db.display()
            ))
        })?;
    let bytes = crate::crypt::kdf::derive(passphrase.expose_secret().as_bytes(), &salt)?;
    Ok(DiaryKey::from_bytes(bytes))
}

/// Finds the key of the encrypted diary at `db` and holds it; `Ok(false)` when none was found
/// (the diary stays locked, and a later open says how to unlock it).
pub fn unlock(db: &Path, asking: Asking) -> Result<bool, Invalid> {
    if let Some(path) = std::env::var_os(KEY_FILE_ENV).filter(|p| !p.is_empty()) {
        let path = std::path::PathBuf::from(path);
        let source = format!("the key file {} ({KEY_FILE_ENV})", path.display());
        let key = match key_file::read(&path)? {
            key_file::Contents::Key(key) => key,
            // Deriving takes a quarter of a second: never in a prompt segment.
            key_file::Contents::Passphrase(_) if asking == Asking::Hook => return Ok(false),
            key_file::Contents::Passphrase(p) => key_from_passphrase(db, &p)?,
        };
        hold_key(db, key, &source);
        return Ok(true);
    }
    if asking == Asking::Hook {
        return Ok(false);
    }
    let keyring_said = match keyring::get(db) {
        Ok(Some(key)) => {
            hold_key(db, key, "the key kept in the OS keyring");
            return Ok(true);
        }
        Ok(None) => None,
        Err(why) => Some(why),
    };
    if secret::can_ask() {
        let typed = secret::ask(&format!("Passphrase for the diary {}: ", db.display()))?;
        hold_key(db, key_from_passphrase(db, &typed)?, "the passphrase typed");
        return Ok(true);
    }
    crate::store::key::note_missing(
        db,
        match keyring_said {
            Some(why) => format!(" (and no terminal to ask on; no OS keyring here: {why})"),
            None => " (and no terminal to ask on)".to_string(),
        },
    );
    Ok(false)
}
