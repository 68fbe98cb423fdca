//! `--encrypt` for exports and backups, and opening an encrypted file on import: the flags and
//! where the passphrase or keys come from.

use crate::crypt::{self, Seal, Unseal, secret};
use crate::domain::Invalid;
use clap::Args;
use std::path::{Path, PathBuf};

/// How an export or a backup is encrypted.
#[derive(Debug, Args, Default)]
pub struct SealArgs {
    /// Encrypt the file with age: to a passphrase (asked twice) or to --recipient keys
    #[arg(long)]
    pub encrypt: bool,
    /// With --encrypt: read the passphrase from FILE (owner-only) instead of asking
    #[arg(
        long,
        value_name = "FILE",
        requires = "encrypt",
        conflicts_with = "recipient"
    )]
    pub passphrase_file: Option<PathBuf>,
    /// With --encrypt: encrypt to this age public key (age1...) instead; repeat for more
    #[arg(long, value_name = "KEY", requires = "encrypt")]
    pub recipient: Vec<String>,
    /// With --encrypt: write text (ASCII armor) that can travel in an email, not binary
    #[arg(long, requires = "encrypt")]
    pub armor: bool,
}

impl SealArgs {
    /// Checks the keys and the passphrase file without asking anything: run it before any
    /// long work, so a typo is refused at once.
    pub fn check(&self) -> Result<(), Invalid> {
        for key in &self.recipient {
            secret::recipient(key)?;
        }
        if let Some(file) = &self.passphrase_file {
            secret::passphrase_from_file("--passphrase-file", file)?;
        }
        if self.encrypt
            && self.recipient.is_empty()
            && self.passphrase_file.is_none()
            && !secret::can_ask()
        {
            return Err(Invalid::new(
                "--encrypt needs a passphrase and there is no terminal to ask on; give --passphrase-file FILE or --recipient age1...",
            ));
        }
        Ok(())
    }

    /// What to seal to (`None` without --encrypt), asking twice on the terminal when no file
    /// or key was given; `what` names the file in the question.
    pub fn seal(&self, what: &Path) -> Result<Option<Seal>, Invalid> {
        if !self.encrypt {
            return Ok(None);
        }
        if !self.recipient.is_empty() {
            let keys = self
                .recipient
                .iter()
                .map(|k| secret::recipient(k))
                .collect::<Result<_, _>>()?;
            return Ok(Some(Seal::Recipients(keys)));
        }
        let passphrase = match &self.passphrase_file {
            Some(file) => secret::passphrase_from_file("--passphrase-file", file)?,
            None => secret::ask_new(&what.display().to_string())?,
        };
        Ok(Some(Seal::Passphrase(passphrase)))
    }
}

/// In words, what a file was sealed to: for the line that says what was written.
pub fn sealed_to(seal: &Seal) -> String {
    match seal {
        Seal::Passphrase(_) => "encrypted with age to your passphrase".to_string(),
        Seal::Recipients(keys) if keys.len() == 1 => "encrypted with age to 1 key".to_string(),
        Seal::Recipients(keys) => format!("encrypted with age to {} keys", keys.len()),
    }
}

/// Encrypts `plain` for writing; a failure here is no one's input.
pub fn seal_bytes(plain: &[u8], seal: &Seal, armor: bool) -> color_eyre::eyre::Result<Vec<u8>> {
    Ok(crypt::age_file::seal(plain, seal, armor)?)
}

/// How an encrypted import file is opened.
#[derive(Debug, Args, Default)]
pub struct UnsealArgs {
    /// For an encrypted FILE: read its passphrase from this file instead of asking
    #[arg(long, value_name = "FILE", conflicts_with = "identity")]
    pub passphrase_file: Option<PathBuf>,
    /// For a FILE encrypted to an age key: the identity file holding that key
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
}

impl UnsealArgs {
    /// Decrypts `bytes` (the age file `name`) at most `max` bytes: with the identity file,
    /// the passphrase file, or a passphrase asked once on the terminal.
    pub fn open(&self, bytes: &[u8], name: &Path, max: u64) -> Result<Vec<u8>, Invalid> {
        let shown = name.display().to_string();
        let with = if let Some(file) = &self.identity {
            Unseal::Identities {
                file: file.display().to_string(),
                identities: secret::identities("--identity", file)?,
            }
        } else if let Some(file) = &self.passphrase_file {
            Unseal::Passphrase(secret::passphrase_from_file("--passphrase-file", file)?)
        } else if !crypt::age_file::wants_passphrase(bytes, &shown)? {
            return Err(Invalid::new(format!(
                "{shown} is encrypted to an age key; give the key's identity file with --identity FILE"
            )));
        } else if secret::can_ask() {
            Unseal::Passphrase(secret::ask(&format!("Passphrase for {shown}: "))?)
        } else {
            return Err(Invalid::new(format!(
                "{shown} is encrypted with a passphrase and there is no terminal to ask on; give --passphrase-file FILE"
            )));
        };
        crypt::age_file::open(bytes, &with, &shown, max)
    }
}
