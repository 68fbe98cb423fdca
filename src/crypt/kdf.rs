//! The one memory-hard key derivation (Argon2id) every passphrase of cramp's goes through:
//! run once per passphrase typed or read, never per page or per save.

use crate::domain::Invalid;

/// Argon2id with 64 MiB, 3 passes, 1 lane: about a quarter of a second on a laptop, and each
/// guess an attacker makes costs as much.
const MEMORY_KIB: u32 = 64 * 1024;
const PASSES: u32 = 3;
const LANES: u32 = 1;

/// A 32-byte key from `passphrase` and `salt` (at least 8 bytes).
pub fn derive(passphrase: &[u8], salt: &[u8]) -> Result<[u8; 32], Invalid> {
    let params = argon2::Params::new(MEMORY_KIB, PASSES, LANES, Some(32))
        .map_err(|e| Invalid::new(format!("the key derivation's settings are wrong ({e})")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = [0u8; 32];
    argon
        .hash_password_into(passphrase, salt, &mut key)
        .map_err(|e| Invalid::new(format!("the key could not be derived ({e})")))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_passphrase_and_salt_give_the_same_key_and_any_change_another() {
        let a = derive(b"correct horse", b"0123456789abcdef").unwrap();
        assert_eq!(a, derive(b"correct horse", b"0123456789abcdef").unwrap());
        assert_ne!(a, derive(b"correct horsf", b"0123456789abcdef").unwrap());
        assert_ne!(a, derive(b"correct horse", b"0123456789abcdeg").unwrap());
    }
}
