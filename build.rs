//! The encrypted-diary build (`--features sqlcipher`): SQLCipher is compiled with LibTomCrypt
//! as its crypto provider (`.cargo/config.toml` sets the define libsqlite3-sys reads), so the
//! binary links the static `libtomcrypt.a` here instead of the system's shared libcrypto, whose
//! loading and start-up cost more than a whole plain prompt segment. The default build does
//! nothing here.
//!
//! libsqlite3-sys asks for `-lcrypto` whatever the provider; an empty archive of that name,
//! found before the system's folders, answers it, so the binary links no OpenSSL at all and the
//! build needs no OpenSSL headers or libraries.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=LIBSQLITE3_FLAGS");
    println!("cargo:rerun-if-env-changed=TOMCRYPT_LIB_DIR");
    if std::env::var_os("CARGO_FEATURE_SQLCIPHER").is_none() {
        return;
    }
    let flags = std::env::var("LIBSQLITE3_FLAGS").unwrap_or_default();
    if !flags.contains("SQLCIPHER_CRYPTO_LIBTOMCRYPT") {
        // Someone chose another provider (e.g. OpenSSL: LIBSQLITE3_FLAGS= in the environment);
        // libsqlite3-sys links what it needs.
        return;
    }
    let archive = find_archive().unwrap_or_else(|| {
        panic!(
            "the sqlcipher feature needs LibTomCrypt's static library libtomcrypt.a \
             (Debian/Ubuntu: apt-get install libtomcrypt-dev), or TOMCRYPT_LIB_DIR naming its folder"
        )
    });
    println!("cargo:rerun-if-changed={}", archive.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let no_crypto = out.join("no-openssl");
    std::fs::create_dir_all(&no_crypto).expect("OUT_DIR is writable");
    // An ar archive with no members: "!<arch>" and a newline.
    std::fs::write(no_crypto.join("libcrypto.a"), b"!<arch>\n").expect("OUT_DIR is writable");
    println!("cargo:rustc-link-search=native={}", no_crypto.display());
    // A link argument, not a link-lib: it goes after every crate's own archives, so the
    // linker sees SQLCipher's calls into LibTomCrypt before it searches this archive.
    println!("cargo:rustc-link-arg={}", archive.display());
}

fn find_archive() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os("TOMCRYPT_LIB_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    if let Ok(out) = Command::new("pkg-config")
        .args(["--variable=libdir", "libtomcrypt"])
        .output()
        && out.status.success()
    {
        let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !dir.is_empty() {
            dirs.push(PathBuf::from(dir));
        }
    }
    let multiarch = format!(
        "/usr/lib/{}-linux-gnu",
        std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default()
    );
    for dir in [
        multiarch.as_str(),
        "/usr/lib",
        "/usr/local/lib",
        "/usr/lib64",
    ] {
        dirs.push(PathBuf::from(dir));
    }
    dirs.iter()
        .map(|d| d.join("libtomcrypt.a"))
        .find(|p| Path::new(p).is_file())
}
