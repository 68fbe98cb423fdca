//! An encrypted diary (the `sqlcipher` build): encrypt, rekey and decrypt convert safely (a kill
//! at any point leaves one whole diary), every feature works with the key, and without it (or
//! with the wrong one) every command says "encrypted" and how to unlock it, never "damaged",
//! leaving the file byte-for-byte as it was. A plain build says it cannot open one.

use crate::common::assert_holds;
use crate::common::diary::Diary;
use crate::common::run::Run;
use std::path::Path;

/// A run with no keyring to reach and `key_file` (if any) as `CRAMP_KEY_FILE`.
fn run_with(d: &Diary, key_file: Option<&Path>, args: &[&str]) -> Run {
    let mut cmd = d.command();
    cmd.env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("XDG_RUNTIME_DIR")
        .env_remove("CRAMP_KEY_FILE");
    if let Some(k) = key_file {
        cmd.env("CRAMP_KEY_FILE", k);
    }
    Run::from(cmd.args(args).output().unwrap())
}

/// Pages of what looks like ciphertext: how any encrypted diary looks without its key.
#[cfg(not(feature = "sqlcipher"))]
#[test]
fn a_plain_build_says_an_encrypted_diary_needs_the_sqlcipher_build_and_leaves_it_alone() {
    use rand::{Rng, SeedableRng};
    let d = Diary::new();
    let mut bytes = vec![0u8; 4 * 4096];
    rand::rngs::StdRng::seed_from_u64(25).fill_bytes(&mut bytes);
    bytes[21] = 0;
    std::fs::write(&d.path, &bytes).unwrap();
    std::fs::set_permissions(&d.path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    for args in [&["list"][..], &["night", "--none"], &["report"], &["check"]] {
        let r = run_with(&d, None, args);
        assert_ne!(r.code, 0, "{args:?}");
        let line = r.error_line();
        assert_holds(line, &["is an encrypted diary", "--features sqlcipher"]);
        assert!(
            !line.contains("damaged") && !line.contains("not a cramp diary"),
            "{line}"
        );
    }
    let prompt = run_with(&d, None, &["due", "--prompt"]);
    assert_eq!(
        (prompt.code, prompt.stdout.as_str()),
        (0, ""),
        "{prompt:#?}"
    );
    let r = run_with(&d, None, &["encrypt"]);
    r.fails(2, &["built without encryption"]);
    assert_eq!(std::fs::read(&d.path).unwrap(), bytes);
    assert!(d.side_files().is_empty());
}

#[cfg(feature = "sqlcipher")]
mod sqlcipher {
    use super::*;
    use crate::common::pty::Session;
    use crate::common::{export_to, words};
    use std::os::unix::fs::PermissionsExt;
    use std::path::PathBuf;

    fn secret_file(dir: &Path, name: &str, body: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    }

    struct Encrypted {
        d: Diary,
        pass: PathBuf,
        key: PathBuf,
    }

    /// A diary with a cramp and a noted night, encrypted with a passphrase file; its raw key
    /// saved to `key`.
    fn encrypted() -> Encrypted {
        let d = Diary::new();
        d.cramp_free_night("2026-11-20", "tight after the run").ok();
        d.run(&words(
            "cramp --leg right --intensity 7 --duration 90s --night 2026-11-21",
        ))
        .ok();
        let dir = d.dir.path().to_path_buf();
        let pass = secret_file(&dir, "pass", "salt marsh at dawn\n");
        let key = dir.join("diary.key");
        let r = run_with(
            &d,
            None,
            &[
                "encrypt",
                "--passphrase-file",
                pass.to_str().unwrap(),
                "--save-key",
                key.to_str().unwrap(),
            ],
        )
        .ok();
        r.says("Encrypted");
        Encrypted { d, pass, key }
    }

    #[test]
    fn encrypt_rekey_and_decrypt_keep_every_entry_and_the_file_hides_them() {
        let e = encrypted();
        let bytes = e.d.bytes();
        assert!(!bytes.starts_with(b"SQLite format 3"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("tight after the run") && !text.contains("2026-11-2"));
        assert_eq!(
            std::fs::metadata(&e.key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // The raw key and the passphrase both open it.
        for k in [&e.key, &e.pass] {
            let list = run_with(&e.d, Some(k), &["list", "--last", "3"]).ok();
            list.says("tight after the run");
            list.says("1 cramp: right calf 7/10");
        }
        // A new passphrase: the old key opens nothing (and changes nothing), the new one does.
        let dir = e.d.dir.path();
        let new_pass = secret_file(dir, "new", "river stones");
        let p = new_pass.to_str().unwrap();
        run_with(&e.d, Some(&e.key), &["rekey", "--passphrase-file", p]).ok();
        let before = e.d.bytes();
        let r = run_with(&e.d, Some(&e.key), &["list"]);
        assert!(r.error_line().contains("does not unlock it"), "{r:#?}");
        assert_eq!(e.d.bytes(), before);
        let list = run_with(&e.d, Some(&new_pass), &["list", "--last", "3"]).ok();
        assert!(list.stdout.contains("tight after the run"));
        // Plain again, with everything in it.
        run_with(&e.d, Some(&new_pass), &["decrypt"]).ok();
        assert!(e.d.bytes().starts_with(b"SQLite format 3\0"));
        let list = run_with(&e.d, None, &["list", "--last", "3"]).ok();
        assert!(list.stdout.contains("tight after the run") && list.stdout.contains("1 cramp"));
    }

    #[test]
    fn without_its_key_or_with_a_wrong_one_every_command_says_encrypted_and_changes_nothing() {
        let e = encrypted();
        let dir = e.d.dir.path();
        let wrong = secret_file(dir, "wrong", "salt marsh at dusk");
        let out = dir.join("out.json");
        let import = dir.join("in.json");
        std::fs::copy("assets/sample-export.json", &import).unwrap();
        let o = out.to_str().unwrap();
        let i = import.to_str().unwrap();
        let b = dir.join("b.db");
        let bb = b.to_str().unwrap();
        let before = e.d.bytes();
        let commands: [&[&str]; 10] = [
            &["list"],
            &["night", "--none"],
            &words("cramp --leg left --intensity 3 --duration 1m"),
            &["report"],
            &["check"],
            &["export", "--format", "json", "--out", o],
            &["import", i],
            &["backup", bb],
            &["routine"],
            &["decrypt"],
        ];
        for args in commands {
            for key in [None, Some(wrong.as_path())] {
                let r = run_with(&e.d, key, args);
                assert_ne!(r.code, 0, "{args:?} {key:?}");
                let line = r.error_line();
                assert!(line.contains("is an encrypted diary"), "{args:?}: {line}");
                assert!(
                    !line.contains("damaged") && !line.contains("not a cramp diary"),
                    "{args:?}: {line}"
                );
                if key.is_none() {
                    assert_holds(line, &["set CRAMP_KEY_FILE", "no terminal to ask on"]);
                } else {
                    assert!(line.contains("does not unlock it"), "{line}");
                }
                assert_eq!(e.d.bytes(), before, "{args:?} changed the diary");
                assert!(
                    e.d.side_files().is_empty(),
                    "{args:?}: {:?}",
                    e.d.side_files()
                );
            }
        }
        assert!(!out.exists() && !b.exists());
        // Encrypting twice and decrypting a plain diary are refused as input.
        let r = run_with(
            &e.d,
            Some(&e.key),
            &["encrypt", "--passphrase-file", e.pass.to_str().unwrap()],
        );
        r.fails(2, &["already encrypted"]);
        let plain = Diary::new();
        plain.run(&["night", "--none"]).ok();
        let r = run_with(&plain, None, &["decrypt"]);
        r.fails(2, &["is not encrypted"]);
        let r = run_with(&plain, None, &["encrypt"]);
        r.fails(2, &["no terminal to ask on"]);
    }

    #[test]
    fn hooks_on_a_locked_diary_say_nothing_and_with_a_key_file_answer() {
        let e = encrypted();
        let before = e.d.bytes();
        // Locked: no key file (a passphrase file counts as none: a hook never derives a key).
        for key in [None, Some(e.pass.as_path())] {
            let prompt = run_with(&e.d, key, &["due", "--prompt"]);
            assert_eq!(
                (prompt.code, prompt.stdout.as_str(), prompt.stderr.as_str()),
                (0, "", "")
            );
            let quiet = run_with(&e.d, key, &["due", "--quiet"]);
            assert_eq!((quiet.code, quiet.stdout.as_str()), (1, ""));
            let notify = run_with(&e.d, key, &["due", "--notify"]);
            assert_eq!(
                (notify.code, notify.stdout.as_str()),
                (0, ""),
                "{notify:#?}"
            );
        }
        assert_eq!(e.d.bytes(), before);
        assert!(e.d.side_files().is_empty());
        // With the raw key: the night of 22 Nov is not logged.
        let prompt = run_with(&e.d, Some(&e.key), &["due", "--prompt"]).ok();
        assert_eq!(prompt.stdout, "cramp: log 22 Nov\n");
        run_with(
            &e.d,
            Some(&e.key),
            &["night", "--none", "--night", "2026-11-22"],
        )
        .ok();
        let prompt = run_with(&e.d, Some(&e.key), &["due", "--prompt"]).ok();
        assert_eq!(prompt.stdout, "");
    }

    #[test]
    fn every_feature_works_with_the_key_and_a_backup_stays_encrypted() {
        let e = encrypted();
        let dir = e.d.dir.path();
        let k = Some(e.key.as_path());
        run_with(
            &e.d,
            k,
            &["massage", "--technique", "foam-roller", "--minutes", "8"],
        )
        .ok();
        run_with(&e.d, k, &["context", "--fluids", "1.5"]).ok();
        run_with(
            &e.d,
            k,
            &[
                "routine",
                "start",
                "--on",
                "2026-11-23",
                "--baseline-nights",
                "14",
            ],
        )
        .ok();
        let report = run_with(&e.d, k, &["report", "--format", "json"]).ok();
        report.says("\"version\"");
        let json = dir.join("e.json");
        run_with(&e.d, k, &export_to("json", &json)).ok();
        assert!(
            std::fs::read_to_string(&json)
                .unwrap()
                .contains("tight after the run")
        );
        let other = Diary::new();
        run_with(&other, None, &["import", json.to_str().unwrap()]).ok();
        run_with(&e.d, k, &["import", json.to_str().unwrap()]).ok();
        run_with(&e.d, k, &["check"]).ok();
        // The backup is encrypted with the same passphrase: it opens as the diary does.
        let backup = dir.join("backup.db");
        run_with(&e.d, k, &["backup", backup.to_str().unwrap()]).ok();
        let copy = std::fs::read(&backup).unwrap();
        assert!(!copy.starts_with(b"SQLite format 3"));
        assert!(!String::from_utf8_lossy(&copy).contains("tight after the run"));
        let mut cmd = crate::common::launch::command(dir);
        cmd.arg("--db")
            .arg(&backup)
            .env("CRAMP_KEY_FILE", &e.pass)
            .args(["list", "--last", "4"]);
        let list = Run::from(cmd.output().unwrap()).ok();
        list.says("tight after the run");
    }

    #[test]
    fn the_keyring_path_never_falls_back_to_a_stand_in() {
        let e = encrypted();
        let k = e.key.to_str().unwrap();
        // A session bus that is not there, and none at all: each says so, stores nothing.
        for bus in [Some("unix:path=/nonexistent/cramp-test-bus"), None] {
            let mut cmd = e.d.command();
            cmd.env("CRAMP_KEY_FILE", k).env_remove("XDG_RUNTIME_DIR");
            match bus {
                Some(b) => cmd.env("DBUS_SESSION_BUS_ADDRESS", b),
                None => cmd.env_remove("DBUS_SESSION_BUS_ADDRESS"),
            };
            let r = Run::from(cmd.args(["key", "remember"]).output().unwrap());
            assert_eq!(r.code, 1, "{r:#?}");
            let line = r.error_line();
            assert_holds(
                line,
                &[
                    "no OS keyring is available here",
                    "nothing was stored anywhere",
                ],
            );
            let mut cmd = e.d.command();
            cmd.env_remove("XDG_RUNTIME_DIR")
                .env_remove("CRAMP_KEY_FILE");
            if let Some(b) = bus {
                cmd.env("DBUS_SESSION_BUS_ADDRESS", b);
            } else {
                cmd.env_remove("DBUS_SESSION_BUS_ADDRESS");
            }
            let status = Run::from(cmd.args(["key", "status"]).output().unwrap()).ok();
            status.says("OS keyring: none available");
            // A later process finds no key anywhere: the diary is still locked, and says why.
            let r = run_with(&e.d, None, &["list"]);
            assert!(r.error_line().contains("no OS keyring here"), "{r:#?}");
        }
    }

    #[test]
    fn the_screen_asks_for_the_passphrase_at_start_and_the_check_in_saves() {
        let e = encrypted();
        let mut pty = Session::start(&e.d.path, &[]);
        pty.wait_for("Passphrase for the diary");
        pty.keys("salt marsh at dawn\r");
        pty.wait_for("Morning check-in");
        pty.key_then("n", "Calf tightness");
        pty.keys("\x1b");
        pty.quit();
        let list = run_with(&e.d, Some(&e.key), &["list", "--last", "1"]).ok();
        list.says("no cramps");
        assert!(!e.d.bytes().starts_with(b"SQLite format 3"));
    }

    #[test]
    fn converting_is_refused_while_another_program_has_the_diary_open() {
        let d = Diary::new();
        d.run(&["night", "--none"]).ok();
        let pass = secret_file(d.dir.path(), "pass", "tide");
        let holder = rusqlite::Connection::open(&d.path).unwrap();
        holder
            .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
            .unwrap();
        holder
            .query_row("SELECT count(*) FROM nights", [], |r| r.get::<_, i64>(0))
            .unwrap();
        let r = run_with(
            &d,
            None,
            &["encrypt", "--passphrase-file", pass.to_str().unwrap()],
        );
        assert_ne!(r.code, 0, "{r:#?}");
        assert!(
            r.error_line().contains("another program has it open"),
            "{r:#?}"
        );
        drop(holder);
        assert!(d.bytes().starts_with(b"SQLite format 3\0"));
        run_with(
            &d,
            None,
            &["encrypt", "--passphrase-file", pass.to_str().unwrap()],
        )
        .ok();
    }
}
