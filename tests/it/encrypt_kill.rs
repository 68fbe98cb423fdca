//! `cramp encrypt` and `cramp decrypt` killed with SIGKILL at random moments, and at each step
//! of the conversion, always leave one whole diary under the diary's name: plain or encrypted,
//! readable, with every entry.
#![cfg(feature = "sqlcipher")]

use crate::common::launch::succeeded;
use crate::common::stamp;
use chrono::NaiveDate;
use cramp_diary::demo::{Lcg, Plan, batch};
use cramp_diary::store::Store;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Three years of entries: a conversion long enough to be caught in the middle.
fn big_diary(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("d.db");
    let mut store = Store::open(&db).unwrap();
    let plan = Plan::years(3, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    store
        .insert_batch(&batch(&plan), &stamp("2026-11-23T07:00:00"))
        .unwrap();
    drop(store);
    db
}

fn cramp(dir: &Path, db: &Path, pass: &Path, args: &[&str]) -> Command {
    let mut cmd = crate::common::launch::command(dir);
    cmd.arg("--db")
        .arg(db)
        .env("CRAMP_KEY_FILE", pass)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("XDG_RUNTIME_DIR")
        .args(args);
    cmd
}

/// Every night of the diary, as `list` prints them; the diary must open (with the key if it is
/// encrypted) and pass its integrity check.
fn whole(dir: &Path, db: &Path, pass: &Path) -> (bool, String) {
    let encrypted = !std::fs::read(db).unwrap().starts_with(b"SQLite format 3\0");
    succeeded(
        &mut cramp(dir, db, pass, &["check"]),
        "not whole after a kill",
    );
    let list = succeeded(
        &mut cramp(dir, db, pass, &["list", "--last", "1200"]),
        "list",
    );
    (encrypted, String::from_utf8(list.stdout).unwrap())
}

/// The conversion that applies: encrypt a plain diary, decrypt an encrypted one.
fn convert_args(encrypted: bool, pass: &Path) -> Vec<String> {
    if encrypted {
        vec!["decrypt".into()]
    } else {
        vec![
            "encrypt".into(),
            "--passphrase-file".into(),
            pass.to_str().unwrap().into(),
        ]
    }
}

/// A big diary, a passphrase file (owner-only) beside it, and the diary's whole content as
/// [`whole`] reads it.
fn big_diary_and_passphrase() -> (tempfile::TempDir, PathBuf, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = big_diary(dir.path());
    let pass = dir.path().join("pass");
    std::fs::write(&pass, "kill test passphrase").unwrap();
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (_, expected) = whole(dir.path(), &db, &pass);
    (dir, db, pass, expected)
}

#[test]
fn a_conversion_killed_at_any_moment_leaves_one_whole_diary() {
    let (dir, db, pass, expected) = big_diary_and_passphrase();
    assert!(expected.lines().count() > 1000);

    // How long one conversion takes here: the kills fall within twice that, so most land
    // inside a conversion and some after it (the diary then flips, and the next round runs
    // the other way).
    let (encrypted, _) = whole(dir.path(), &db, &pass);
    let args = convert_args(encrypted, &pass);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let start = Instant::now();
    succeeded(&mut cramp(dir.path(), &db, &pass, &args), "the conversion");
    let span = start.elapsed().as_millis().max(20) as u64;

    let mut rng = Lcg::new(25);
    let mut seen = [false, false];
    for round in 0..16 {
        let (encrypted, list) = whole(dir.path(), &db, &pass);
        assert_eq!(list, expected, "round {round}: entries differ");
        seen[usize::from(encrypted)] = true;
        let args = convert_args(encrypted, &pass);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = cramp(dir.path(), &db, &pass, &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(u64::from(
            rng.below(2 * span as u32 + 1),
        )));
        let _ = child.kill();
        child.wait().unwrap();
    }
    let (_, list) = whole(dir.path(), &db, &pass);
    assert_eq!(list, expected);
    assert!(seen[0] && seen[1], "both directions were exercised");
}

#[test]
fn a_conversion_killed_at_each_step_leaves_one_whole_diary() {
    let (dir, db, pass, expected) = big_diary_and_passphrase();
    for step in ["locked", "written", "checked", "renamed"] {
        for _direction in 0..2 {
            let (encrypted, _) = whole(dir.path(), &db, &pass);
            let args = convert_args(encrypted, &pass);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let mut child = cramp(dir.path(), &db, &pass, &args)
                .env("CRAMP_TEST_CONVERT_PAUSE", step)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stderr = BufReader::new(child.stderr.take().unwrap());
            let mut line = String::new();
            stderr.read_line(&mut line).unwrap();
            assert_eq!(line.trim(), format!("paused after {step}"));
            child.kill().unwrap();
            child.wait().unwrap();
            let (now_encrypted, list) = whole(dir.path(), &db, &pass);
            assert_eq!(list, expected, "killed after {step}");
            assert_eq!(
                now_encrypted,
                encrypted != (step == "renamed"),
                "after {step}"
            );
            // A leftover temporary file is removed by the next conversion, never read.
            if now_encrypted == encrypted {
                let args = convert_args(encrypted, &pass);
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                succeeded(&mut cramp(dir.path(), &db, &pass, &args), "the conversion");
            }
        }
    }
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("converting"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
