//! The operating system's keyring, where one is really there: the desktop's Secret Service
//! (GNOME Keyring, KWallet, KeePassXC) over D-Bus, named explicitly. keyring's default store on
//! a platform without a backend is an in-memory mock that "keeps" a key and loses it when the
//! process ends; it is never used here: without a Secret Service every call says why.

use crate::store::DiaryKey;
use std::path::Path;

/// The service name entries are kept under; the account is the diary's absolute name.
#[cfg_attr(not(all(feature = "sqlcipher", target_os = "linux")), allow(dead_code))]
const SERVICE: &str = "cramp-diary";

#[cfg(all(feature = "sqlcipher", target_os = "linux"))]
fn entry(db: &Path) -> Result<keyring::Entry, String> {
    // No D-Bus session at all (SSH, a timer, a container): say so at once, ask nothing.
    let has_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    if !has_bus {
        return Err("there is no D-Bus session for a Secret Service".to_string());
    }
    let account = crate::files::resolved(db).display().to_string();
    let credential =
        keyring::secret_service::SsCredential::new_with_target(None, SERVICE, &account)
            .map_err(|e| describe(&e))?;
    Ok(keyring::Entry::new_with_credential(Box::new(credential)))
}

#[cfg(all(feature = "sqlcipher", target_os = "linux"))]
fn describe(e: &keyring::Error) -> String {
    match e {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            format!(
                "the Secret Service did not answer ({})",
                first_line(&inner.to_string())
            )
        }
        other => first_line(&other.to_string()),
    }
}

#[cfg_attr(not(all(feature = "sqlcipher", target_os = "linux")), allow(dead_code))]
fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_string()
}

/// The key kept for `db`: `Ok(None)` when the keyring has none, `Err(why)` when there is no
/// keyring to ask.
pub fn get(db: &Path) -> Result<Option<DiaryKey>, String> {
    #[cfg(all(feature = "sqlcipher", target_os = "linux"))]
    {
        match entry(db)?.get_password() {
            Ok(hex) => DiaryKey::from_hex(&hex)
                .map(Some)
                .ok_or_else(|| "the keyring's entry for this diary is not a cramp key".to_string()),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(&e)),
        }
    }
    #[cfg(not(all(feature = "sqlcipher", target_os = "linux")))]
    {
        let _ = db;
        Err(unsupported())
    }
}

/// Keeps `key` for `db`; `Err(why)` when there is no keyring (nothing was kept anywhere).
pub fn set(db: &Path, key: &DiaryKey) -> Result<(), String> {
    #[cfg(all(feature = "sqlcipher", target_os = "linux"))]
    {
        entry(db)?
            .set_password(&key.to_hex())
            .map_err(|e| describe(&e))?;
        // Read back through a new connection: a keyring that only pretends is caught here.
        match entry(db)?.get_password() {
            Ok(hex) if DiaryKey::from_hex(&hex).as_ref() == Some(key) => Ok(()),
            Ok(_) => Err("the keyring gave back another key than the one stored".to_string()),
            Err(e) => Err(describe(&e)),
        }
    }
    #[cfg(not(all(feature = "sqlcipher", target_os = "linux")))]
    {
        let _ = (db, key);
        Err(unsupported())
    }
}

/// Removes the key kept for `db`: `Ok(true)` if there was one.
pub fn forget(db: &Path) -> Result<bool, String> {
    #[cfg(all(feature = "sqlcipher", target_os = "linux"))]
    {
        match entry(db)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(describe(&e)),
        }
    }
    #[cfg(not(all(feature = "sqlcipher", target_os = "linux")))]
    {
        let _ = db;
        Err(unsupported())
    }
}

#[cfg(not(all(feature = "sqlcipher", target_os = "linux")))]
fn unsupported() -> String {
    if cfg!(feature = "sqlcipher") {
        "this system has no keyring cramp can use (only the Secret Service on Linux)".to_string()
    } else {
        "this cramp was built without encryption".to_string()
    }
}
