//! `cramp encrypt`, `cramp decrypt`, `cramp rekey` and `cramp key`: an encrypted diary
//! (SQLCipher, the `sqlcipher` build) and where its key is kept.

use crate::crypt::secret;
use crate::domain::Invalid;
use crate::files::header::{FileKind, inspect};
use crate::store::{DiaryKey, StoreError};
use crate::unlock::{self, keyring};
use clap::{Args, Subcommand};
use color_eyre::eyre::{Result, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How the new passphrase of `encrypt` and `rekey` is given, and where its key is kept.
#[derive(Debug, Args)]
pub struct NewKeyArgs {
    /// Read the new passphrase from FILE (owner-only) instead of asking twice
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Also write the key to FILE (owner-only), for CRAMP_KEY_FILE: no passphrase to type
    #[arg(long, value_name = "FILE")]
    pub save_key: Option<PathBuf>,
    /// Also keep the key in the OS keyring (the desktop's Secret Service)
    #[arg(long)]
    pub remember: bool,
}

#[derive(Debug, Args)]
pub struct KeyArgs {
    #[command(subcommand)]
    pub action: KeyAction,
}

#[derive(Debug, Subcommand)]
pub enum KeyAction {
    /// Write the diary's key to FILE (owner-only): point CRAMP_KEY_FILE at it
    Save {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Keep the diary's key in the OS keyring (the desktop's Secret Service)
    Remember,
    /// Remove the diary's key from the OS keyring
    Forget,
    /// Say whether the diary is encrypted and where its key would come from
    Status,
}

/// Refuses every encryption command in a build without SQLCipher.
fn needs_build() -> Result<(), Invalid> {
    if cfg!(feature = "sqlcipher") {
        Ok(())
    } else {
        Err(Invalid::new(
            "this cramp was built without encryption; build it with: cargo install --path . --features sqlcipher",
        ))
    }
}

fn kind(db: &Path) -> Result<FileKind> {
    inspect(db).map_err(|e| eyre!("cannot read {}: {e}", db.display()))
}

/// The key held for `db` after [`unlock::unlock`], or why the diary is locked.
fn held(db: &Path) -> Result<DiaryKey> {
    unlock::unlock(db, unlock::Asking::Person)?;
    match crate::store::key::held_key(db) {
        Some(h) => Ok(h.key),
        None => Err(StoreError::Locked {
            path: db.to_path_buf(),
            why: crate::store::Locked::NoKey(crate::store::key::missing_note(db)),
        }
        .into()),
    }
}

/// A new passphrase (file, or asked twice) made into a key with a new salt.
#[cfg(feature = "sqlcipher")]
fn new_key(db: &Path, args: &NewKeyArgs) -> Result<(DiaryKey, [u8; 16])> {
    use age::secrecy::ExposeSecret;
    let passphrase = match &args.passphrase_file {
        Some(f) => secret::passphrase_from_file("--passphrase-file", f)?,
        None if secret::can_ask() => secret::ask_new(&format!("the diary {}", db.display()))?,
        None => {
            return Err(Invalid::new(
                "a new passphrase is needed and there is no terminal to ask on; give --passphrase-file FILE",
            )
            .into());
        }
    };
    let salt = crate::store::cipher::new_salt()?;
    let key = crate::crypt::kdf::derive(passphrase.expose_secret().as_bytes(), &salt)?;
    Ok((DiaryKey::from_bytes(key), salt))
}

/// Checks `--save-key` and `--passphrase-file` before anything is converted.
fn check_new_key_args(db: &Path, args: &NewKeyArgs) -> Result<(), Invalid> {
    if let Some(f) = &args.passphrase_file {
        secret::passphrase_from_file("--passphrase-file", f)?;
    }
    if let Some(out) = &args.save_key {
        crate::files::check_output("--save-key", out, db)?;
    }
    Ok(())
}

/// After a conversion: the key written where asked; what could not be is said, not hidden.
#[cfg_attr(not(feature = "sqlcipher"), allow(dead_code))]
fn keep_key(db: &Path, key: &DiaryKey, args: &NewKeyArgs) -> Result<()> {
    if let Some(out) = &args.save_key {
        save_key_file(db, key, out)?;
    }
    if args.remember {
        match keyring::set(db, key) {
            Ok(()) => println!("The key is kept in the OS keyring."),
            Err(why) => eprintln!(
                "cramp: the key was not kept in an OS keyring: {why}; nothing was stored anywhere, so unlock with the passphrase or a key file"
            ),
        }
    } else if matches!(keyring::get(db), Ok(Some(_))) {
        // The keyring held the old key: keep it current rather than leave a stale one.
        let _ = keyring::set(db, key);
    }
    Ok(())
}

fn save_key_file(db: &Path, key: &DiaryKey, out: &Path) -> Result<()> {
    crate::files::check_output("--save-key", out, db)?;
    crate::files::write_atomic(out, unlock::key_file::text(db, key).as_bytes())
        .map_err(|e| eyre!(crate::files::write_error(out, &e)))?;
    println!(
        "Wrote the key to {} (owner-only): CRAMP_KEY_FILE={} cramp opens the diary without asking.",
        out.display(),
        out.display()
    );
    Ok(())
}

/// `cramp encrypt`.
pub fn encrypt(db: &Path, args: &NewKeyArgs) -> Result<ExitCode> {
    needs_build()?;
    match kind(db)? {
        FileKind::Encrypted => {
            return Err(Invalid::new(format!(
                "{} is already encrypted; to change its passphrase run cramp rekey",
                db.display()
            ))
            .into());
        }
        FileKind::New => {
            return Err(
                Invalid::new(format!("there is no diary at {} to encrypt", db.display())).into(),
            );
        }
        _ => {}
    }
    check_new_key_args(db, args)?;
    // At the latest schema and sound before anything else.
    drop(crate::store::Store::open(db)?);
    #[cfg(feature = "sqlcipher")]
    {
        let (key, salt) = new_key(db, args)?;
        crate::store::cipher::convert(db, None, Some((&key, salt)))?;
        println!(
            "Encrypted {} (SQLCipher; the key comes from your passphrase through Argon2id). Backups made before now are still plain: encrypt or delete them.",
            db.display()
        );
        keep_key(db, &key, args)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `cramp decrypt`.
pub fn decrypt(db: &Path) -> Result<ExitCode> {
    needs_build()?;
    match kind(db)? {
        FileKind::Encrypted => {}
        FileKind::New => {
            return Err(
                Invalid::new(format!("there is no diary at {} to decrypt", db.display())).into(),
            );
        }
        _ => {
            return Err(Invalid::new(format!(
                "{} is not encrypted, so there is nothing to decrypt",
                db.display()
            ))
            .into());
        }
    }
    let key = held(db)?;
    drop(crate::store::Store::open(db)?);
    #[cfg(feature = "sqlcipher")]
    crate::store::cipher::convert(db, Some(&key), None)?;
    let _ = key;
    let _ = keyring::forget(db);
    println!(
        "Decrypted {}: it is a plain SQLite file again (owner-only). Key files made for it open nothing now.",
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cramp rekey`.
pub fn rekey(db: &Path, args: &NewKeyArgs) -> Result<ExitCode> {
    needs_build()?;
    if kind(db)? != FileKind::Encrypted {
        return Err(Invalid::new(format!(
            "{} is not encrypted; encrypt it with cramp encrypt",
            db.display()
        ))
        .into());
    }
    check_new_key_args(db, args)?;
    let old = held(db)?;
    drop(crate::store::Store::open(db)?);
    #[cfg(feature = "sqlcipher")]
    {
        let (key, salt) = new_key(db, args)?;
        crate::store::cipher::convert(db, Some(&old), Some((&key, salt)))?;
        println!(
            "Changed the key of {}. Key files made for the old key open nothing now; backups made before keep the old passphrase.",
            db.display()
        );
        keep_key(db, &key, args)?;
    }
    let _ = old;
    Ok(ExitCode::SUCCESS)
}

/// `cramp key ...`.
pub fn key(db: &Path, args: &KeyArgs) -> Result<ExitCode> {
    needs_build()?;
    let encrypted = kind(db)? == FileKind::Encrypted;
    match &args.action {
        KeyAction::Status => {
            println!(
                "{}: {}",
                db.display(),
                if encrypted {
                    "encrypted"
                } else {
                    "not encrypted"
                }
            );
            match std::env::var_os(unlock::KEY_FILE_ENV) {
                Some(f) => println!("{}: {}", unlock::KEY_FILE_ENV, Path::new(&f).display()),
                None => println!("{}: not set", unlock::KEY_FILE_ENV),
            }
            match keyring::get(db) {
                Ok(Some(_)) => println!("OS keyring: holds this diary's key"),
                Ok(None) => println!("OS keyring: available, holds no key for this diary"),
                Err(why) => println!("OS keyring: none available ({why})"),
            }
            return Ok(ExitCode::SUCCESS);
        }
        KeyAction::Forget => {
            match keyring::forget(db) {
                Ok(true) => println!("Removed this diary's key from the OS keyring."),
                Ok(false) => println!("The OS keyring held no key for this diary."),
                Err(why) => return Err(eyre!("no OS keyring to remove a key from: {why}")),
            }
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    if !encrypted {
        return Err(Invalid::new(format!(
            "{} is not encrypted, so it has no key; encrypt it with cramp encrypt",
            db.display()
        ))
        .into());
    }
    let key = held(db)?;
    // The key must open the diary before it is kept anywhere.
    drop(crate::store::Store::open_reading(db)?);
    match &args.action {
        KeyAction::Save { file } => save_key_file(db, &key, file)?,
        KeyAction::Remember => match keyring::set(db, &key) {
            Ok(()) => println!(
                "The key is kept in the OS keyring: cramp opens this diary without asking."
            ),
            Err(why) => {
                return Err(eyre!(
                    "the key was not kept: no OS keyring is available here ({why}); nothing was stored anywhere. Use cramp key save FILE and CRAMP_KEY_FILE instead"
                ));
            }
        },
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}
