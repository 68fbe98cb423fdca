//! Sealing bytes into an age file and opening one again: to a passphrase (age's scrypt) or to
//! age recipients, armored when asked. In memory, bytes in and bytes out: the caller writes.

use crate::domain::Invalid;
use age::secrecy::SecretString;
use std::io::{Read, Write};

/// What an age file is sealed to.
pub enum Seal {
    /// Anyone with the passphrase opens it (age's scrypt recipient, about a second of work).
    Passphrase(SecretString),
    /// Each holder of one of these keys' identities opens it.
    Recipients(Vec<age::x25519::Recipient>),
}

/// What opens an age file.
pub enum Unseal {
    Passphrase(SecretString),
    /// The identities of an identity file (`AGE-SECRET-KEY-1...` lines), and its name.
    Identities {
        file: String,
        identities: Vec<Box<dyn age::Identity + Send + Sync>>,
    },
}

const BINARY_MAGIC: &[u8] = b"age-encryption.org/";
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// Whether `bytes` start as an age file does, binary or armored (leading blank space allowed,
/// as age itself allows before the armor).
pub fn is_age(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.starts_with(BINARY_MAGIC) || bytes[start..].starts_with(ARMOR_BEGIN)
}

/// Encrypts `plain` to `to`; armored (PEM-like text) when `armor`.
pub fn seal(plain: &[u8], to: &Seal, armor: bool) -> std::io::Result<Vec<u8>> {
    let encryptor = match to {
        Seal::Passphrase(passphrase) => {
            let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
            if let Some(log_n) = test_work_factor() {
                recipient.set_work_factor(log_n);
            }
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        }
        Seal::Recipients(keys) => {
            age::Encryptor::with_recipients(keys.iter().map(|k| k as &dyn age::Recipient))
        }
    }
    .map_err(std::io::Error::other)?;
    let format = if armor {
        age::armor::Format::AsciiArmor
    } else {
        age::armor::Format::Binary
    };
    let mut out = Vec::with_capacity(plain.len() + 256);
    let armored = age::armor::ArmoredWriter::wrap_output(&mut out, format)?;
    let mut writer = encryptor.wrap_output(armored)?;
    writer.write_all(plain)?;
    writer.finish()?.finish()?;
    Ok(out)
}

/// Lowers age's passphrase work in debug builds when a test asks (`CRAMP_TEST_SCRYPT_LOG_N`),
/// so the tests do not spend a second per file; release builds always use age's own choice.
fn test_work_factor() -> Option<u8> {
    if cfg!(debug_assertions) {
        std::env::var("CRAMP_TEST_SCRYPT_LOG_N")
            .ok()
            .and_then(|v| v.parse().ok())
    } else {
        None
    }
}

/// Whether the age file in `sealed` was sealed to a passphrase (else to keys).
pub fn wants_passphrase(sealed: &[u8], name: &str) -> Result<bool, Invalid> {
    let reader = age::armor::ArmoredReader::new(sealed);
    let decryptor = age::Decryptor::new_buffered(reader).map_err(|e| why(&e, name, None))?;
    Ok(decryptor.is_scrypt())
}

/// Decrypts a whole age file of at most `max` bytes of plain text. Every failure is one
/// sentence naming `name`: a wrong passphrase or key, a truncated or changed file.
pub fn open(sealed: &[u8], with: &Unseal, name: &str, max: u64) -> Result<Vec<u8>, Invalid> {
    let reader = age::armor::ArmoredReader::new(sealed);
    let decryptor = age::Decryptor::new_buffered(reader).map_err(|e| why(&e, name, None))?;
    let scrypt;
    let mut reader = match with {
        Unseal::Passphrase(passphrase) => {
            if !decryptor.is_scrypt() {
                return Err(Invalid::new(format!(
                    "{name} is encrypted to an age key, not a passphrase; give the key's identity file with --identity FILE"
                )));
            }
            scrypt = age::scrypt::Identity::new(passphrase.clone());
            decryptor.decrypt(std::iter::once(&scrypt as &dyn age::Identity))
        }
        Unseal::Identities { identities, .. } => {
            if decryptor.is_scrypt() {
                return Err(Invalid::new(format!(
                    "{name} is encrypted with a passphrase, not to an age key; leave out --identity and type the passphrase (or give --passphrase-file FILE)"
                )));
            }
            decryptor.decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        }
    }
    .map_err(|e| match e {
        // Unwrapping the file key failed: the passphrase or key is not this file's.
        age::DecryptError::DecryptionFailed => why(&age::DecryptError::NoMatchingKeys, name, Some(with)),
        e => why(&e, name, Some(with)),
    })?;
    let mut plain = Vec::new();
    (&mut reader)
        .take(max + 1)
        .read_to_end(&mut plain)
        .map_err(|e| why(&age::DecryptError::Io(e), name, Some(with)))?;
    if plain.len() as u64 > max {
        return Err(Invalid::new(format!(
            "{name} holds more than {} MiB once decrypted, more than cramp reads; it is not one of cramp's files",
            max / (1024 * 1024)
        )));
    }
    Ok(plain)
}

/// One sentence for an age failure on `name`.
fn why(e: &age::DecryptError, name: &str, with: Option<&Unseal>) -> Invalid {
    use age::DecryptError as E;
    Invalid::new(match e {
        E::NoMatchingKeys | E::KeyDecryptionFailed => match with {
            Some(Unseal::Identities { file, .. }) => format!(
                "no identity in {file} opens {name} (it was encrypted to another key); nothing was written"
            ),
            _ => format!(
                "the passphrase does not open {name} (a wrong passphrase); nothing was written"
            ),
        },
        E::ExcessiveWork { required, target } => format!(
            "{name} asks for far more passphrase work than this device allows (2^{required}, this device's limit is about 2^{target}); nothing was written"
        ),
        E::UnknownFormat => format!(
            "{name} is an age file of a newer format than this cramp reads; nothing was written"
        ),
        E::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => format!(
            "{name} ends too early (truncated, as by an interrupted copy); nothing was written"
        ),
        // A changed byte, a cut file, a damaged header: age's checks do not say which.
        _ => format!(
            "{name} is cut short, damaged or was changed after it was encrypted (it fails age's integrity check); nothing was written"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passphrase(text: &str) -> SecretString {
        SecretString::from(text.to_string())
    }

    /// Work factor 10: a test file needs no second of scrypt.
    fn seal_fast(plain: &[u8], armor: bool) -> Vec<u8> {
        let mut recipient = age::scrypt::Recipient::new(passphrase("correct horse"));
        recipient.set_work_factor(10);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let format = if armor {
            age::armor::Format::AsciiArmor
        } else {
            age::armor::Format::Binary
        };
        let mut out = Vec::new();
        let mut w = encryptor
            .wrap_output(age::armor::ArmoredWriter::wrap_output(&mut out, format).unwrap())
            .unwrap();
        w.write_all(plain).unwrap();
        w.finish().unwrap().finish().unwrap();
        out
    }

    #[test]
    fn a_key_sealed_file_opens_with_its_identity_only() {
        let me = age::x25519::Identity::generate();
        let other = age::x25519::Identity::generate();
        let sealed = seal(
            b"night 2026-11-02",
            &Seal::Recipients(vec![me.to_public()]),
            true,
        )
        .unwrap();
        assert!(is_age(&sealed));
        assert!(sealed.starts_with(ARMOR_BEGIN));
        assert!(!wants_passphrase(&sealed, "f").unwrap());
        let mine = Unseal::Identities {
            file: "me.txt".into(),
            identities: vec![Box::new(me)],
        };
        assert_eq!(
            open(&sealed, &mine, "f", 1000).unwrap(),
            b"night 2026-11-02"
        );
        let theirs = Unseal::Identities {
            file: "other.txt".into(),
            identities: vec![Box::new(other)],
        };
        let e = open(&sealed, &theirs, "f", 1000).unwrap_err().0;
        assert!(e.starts_with("no identity in other.txt opens f"), "{e}");
    }

    #[test]
    fn wrong_passphrase_truncation_and_tampering_are_each_one_sentence() {
        let sealed = seal_fast(&[7u8; 200_000], false);
        assert!(is_age(&sealed) && wants_passphrase(&sealed, "f").unwrap());
        let right = Unseal::Passphrase(passphrase("correct horse"));
        assert_eq!(open(&sealed, &right, "f", 1 << 20).unwrap().len(), 200_000);
        let wrong = Unseal::Passphrase(passphrase("battery staple"));
        let e = open(&sealed, &wrong, "f", 1 << 20).unwrap_err().0;
        assert!(e.contains("passphrase does not open f"), "{e}");
        let cut = &sealed[..sealed.len() - 100];
        let e = open(cut, &right, "f", 1 << 20).unwrap_err().0;
        assert!(e.contains("f "), "{e}");
        assert!(e.contains("truncated") || e.contains("damaged"), "{e}");
        let mut changed = sealed.clone();
        let at = changed.len() / 2;
        changed[at] ^= 1;
        let e = open(&changed, &right, "f", 1 << 20).unwrap_err().0;
        assert!(e.contains("damaged or was changed"), "{e}");
        let e = open(&sealed, &right, "f", 1000).unwrap_err().0;
        assert!(e.contains("more than"), "{e}");
    }

    #[test]
    fn plain_files_are_not_age() {
        assert!(!is_age(b"{\"format\": \"cramp-diary-export\"}"));
        assert!(!is_age(b"SQLite format 3\0"));
        assert!(is_age(b"\n  -----BEGIN AGE ENCRYPTED FILE-----\n"));
    }
}
