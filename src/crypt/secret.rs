//! Where a secret comes from: a file the person made (a passphrase file, an age identity file, a
//! key file), the terminal (asked without echo), or an age public key typed on the command line.

use crate::domain::Invalid;
use age::secrecy::SecretString;
use std::io::{IsTerminal, Read};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The largest secret file read: a passphrase, a key or a few identities, never a document.
pub const SECRET_FILE_MAX: u64 = 64 * 1024;

/// Reads a secret file (`role` names the flag or variable): it must exist, be a regular file
/// only its owner can read, hold something, and be small. Trailing line breaks are not part of
/// the secret.
pub fn read_secret_file(role: &str, path: &Path) -> Result<String, Invalid> {
    let shown = path.display();
    let meta = match crate::files::plain_file(role, path)? {
        Some(meta) => meta,
        None => {
            return Err(Invalid::new(format!(
                "{role} {shown} does not exist; check the name"
            )));
        }
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Invalid::new(format!(
            "{role} {shown} must be readable by its owner only, and others may read it ({mode:04o}); run chmod 600 {shown}"
        )));
    }
    if meta.len() > SECRET_FILE_MAX {
        return Err(Invalid::new(format!(
            "{role} {shown} must be at most {} KiB, got {} bytes; it does not look like a passphrase or key file",
            SECRET_FILE_MAX / 1024,
            meta.len()
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SECRET_FILE_MAX + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            Invalid::new(format!(
                "{role} {shown} cannot be read ({})",
                e.to_string().to_lowercase()
            ))
        })?;
    if bytes.len() as u64 > SECRET_FILE_MAX {
        return Err(Invalid::new(format!(
            "{role} {shown} must be at most {} KiB; it grew while it was read",
            SECRET_FILE_MAX / 1024
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        Invalid::new(format!(
            "{role} {shown} must be text (UTF-8), and it is not"
        ))
    })?;
    let secret = text.trim_end_matches(['\n', '\r']).to_string();
    if secret.is_empty() {
        return Err(Invalid::new(format!(
            "{role} {shown} is empty; write the passphrase or key into it"
        )));
    }
    Ok(secret)
}

/// A passphrase from a file (`--passphrase-file`).
pub fn passphrase_from_file(role: &str, path: &Path) -> Result<SecretString, Invalid> {
    read_secret_file(role, path).map(SecretString::from)
}

/// Whether the person is at a terminal that can be asked: standard input is one and the
/// controlling terminal opens (a command run from a script, a timer or a pipe is never asked).
pub fn can_ask() -> bool {
    std::io::stdin().is_terminal()
        && std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
}

/// Asks once, without echo, on the terminal.
pub fn ask(prompt: &str) -> Result<SecretString, Invalid> {
    let typed = rpassword::prompt_password(prompt).map_err(|e| {
        Invalid::new(format!(
            "the passphrase could not be read from the terminal ({}); give it in a file instead",
            e.to_string().to_lowercase()
        ))
    })?;
    if typed.is_empty() {
        return Err(Invalid::new(
            "the passphrase must not be empty; nothing was written",
        ));
    }
    Ok(SecretString::from(typed))
}

/// Asks for a new passphrase twice, without echo; the two must match.
pub fn ask_new(what: &str) -> Result<SecretString, Invalid> {
    use age::secrecy::ExposeSecret;
    let first = ask(&format!("New passphrase for {what}: "))?;
    let again = ask("The same passphrase again: ")?;
    if first.expose_secret() != again.expose_secret() {
        return Err(Invalid::new(
            "the two passphrases differ; nothing was written, try again",
        ));
    }
    Ok(first)
}

/// An age public key given with `--recipient`.
pub fn recipient(text: &str) -> Result<age::x25519::Recipient, Invalid> {
    text.trim().parse().map_err(|_| {
        let shown: String = text.chars().take(40).collect();
        let more = if text.chars().count() > 40 { "..." } else { "" };
        Invalid::new(format!(
            "--recipient must be an age public key (age1... as age-keygen prints it), got '{shown}{more}'"
        ))
    })
}

/// The identities of an age identity file (`--identity`), checked as every secret file is.
pub fn identities(
    role: &str,
    path: &Path,
) -> Result<Vec<Box<dyn age::Identity + Send + Sync>>, Invalid> {
    let text = read_secret_file(role, path)?;
    let bad = || {
        Invalid::new(format!(
            "{role} {} must be an age identity file (AGE-SECRET-KEY-1... lines, as age-keygen writes), and it is not",
            path.display()
        ))
    };
    let file = age::IdentityFile::from_buffer(text.as_bytes()).map_err(|_| bad())?;
    let identities = file.into_identities().map_err(|_| bad())?;
    if identities.is_empty() {
        return Err(bad());
    }
    Ok(identities)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn secret_file(dir: &Path, name: &str, body: &[u8], mode: u32) -> std::path::PathBuf {
        let p = dir.join(name);
        fs::write(&p, body).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
        p
    }

    #[test]
    fn a_passphrase_file_is_refused_missing_empty_open_to_others_or_huge() {
        let dir = tempfile::tempdir().unwrap();
        let role = "--passphrase-file";
        let e = read_secret_file(role, &dir.path().join("nope"))
            .unwrap_err()
            .0;
        assert!(e.contains("does not exist"), "{e}");
        let empty = secret_file(dir.path(), "empty", b"\n", 0o600);
        let e = read_secret_file(role, &empty).unwrap_err().0;
        assert!(e.contains("is empty"), "{e}");
        let open = secret_file(dir.path(), "open", b"pass\n", 0o644);
        let e = read_secret_file(role, &open).unwrap_err().0;
        assert!(e.contains("others may read it (0644)"), "{e}");
        assert!(e.contains("chmod 600"), "{e}");
        let huge = secret_file(dir.path(), "huge", &vec![b'a'; 100_000], 0o600);
        let e = read_secret_file(role, &huge).unwrap_err().0;
        assert!(e.contains("at most 64 KiB"), "{e}");
        let good = secret_file(dir.path(), "good", b"correct horse\r\n", 0o600);
        assert_eq!(read_secret_file(role, &good).unwrap(), "correct horse");
    }

    #[test]
    fn a_recipient_must_be_an_age_key() {
        let key = age::x25519::Identity::generate().to_public().to_string();
        assert!(recipient(&key).is_ok());
        let e = recipient("age1notakey").unwrap_err().0;
        assert!(
            e.starts_with("--recipient must be an age public key"),
            "{e}"
        );
    }

    #[test]
    fn an_identity_file_holds_age_secret_keys() {
        use age::secrecy::ExposeSecret;
        let dir = tempfile::tempdir().unwrap();
        let id = age::x25519::Identity::generate();
        let body = format!("# a comment\n{}\n", id.to_string().expose_secret());
        let good = secret_file(dir.path(), "id.txt", body.as_bytes(), 0o600);
        assert_eq!(identities("--identity", &good).unwrap().len(), 1);
        let bad = secret_file(dir.path(), "bad.txt", b"hello\n", 0o600);
        let e = identities("--identity", &bad).err().unwrap().0;
        assert!(e.contains("must be an age identity file"), "{e}");
    }
}
