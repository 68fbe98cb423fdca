//! Encryption of what leaves the machine, with age: exports and backups sealed to a passphrase
//! or to age keys, the sync folder's key, and the one key derivation for passphrases. Pure
//! bytes in and out, and where secrets come from; no store, no screen.

pub mod age_file;
pub mod kdf;
pub mod secret;
pub mod sync_key;

pub use age_file::{Seal, Unseal, is_age};
pub use sync_key::SyncKey;
