//! A read-only diary and a diary in a folder that cannot be written: one-line error, exit 1,
//! the file's bytes unchanged. As root (as in CI) the app is run as `nobody` through
//! `setpriv`, since root ignores file permissions.

use crate::common::skip::is_root;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use crate::common::launch::NOBODY;

fn cramp_as_user(db: &Path, args: &[&str]) -> Output {
    let mut cmd = crate::common::launch::as_a_user();
    // The user's own configuration (unreadable to nobody anyway) plays no part.
    crate::common::launch::isolate(&mut cmd, db.parent().unwrap())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A diary with one night in a folder the test user owns (nobody when run as root).
fn diary() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("diary");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("d.db");
    let out = crate::common::launch::command(&folder)
        .arg("--db")
        .arg(&db)
        .args(["night", "--none"])
        .output()
        .unwrap();
    assert!(out.status.success());
    chmod(dir.path(), 0o755);
    if is_root() {
        for p in [&folder, &db] {
            std::os::unix::fs::chown(p, Some(NOBODY), Some(NOBODY)).unwrap();
        }
    }
    (dir, db)
}

fn refused_untouched(db: &Path, words: &str) {
    let before = std::fs::read(db).unwrap();
    for args in [
        &["night", "--none", "--night", "2026-11-20"][..],
        &["list"],
        &["check"],
    ] {
        let out = cramp_as_user(db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(words), "{err}");
        assert_eq!(
            std::fs::read(db).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn a_read_only_diary_is_refused_untouched_and_still_read() {
    let (_dir, db) = diary();
    chmod(&db, 0o400);
    let before = std::fs::read(&db).unwrap();
    let out = cramp_as_user(&db, &["night", "--none", "--night", "2026-11-20"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is read-only; make it writable"), "{err}");
    // Reading needs no write: the night logged above is listed.
    for args in [&["list", "--last", "2"][..], &["check"]] {
        let out = cramp_as_user(&db, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    }
    let list = cramp_as_user(&db, &["list", "--last", "2"]);
    assert!(
        String::from_utf8(list.stdout)
            .unwrap()
            .contains("no cramps"),
        "the diary's night is listed"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is unchanged");
}

#[test]
fn a_diary_in_an_unwritable_folder_is_refused_untouched() {
    let (_dir, db) = diary();
    let folder = db.parent().unwrap();
    if is_root() {
        std::os::unix::fs::chown(folder, Some(0), Some(0)).unwrap();
        chmod(folder, 0o755);
    } else {
        chmod(folder, 0o555);
    }
    refused_untouched(&db, "is not writable");
    chmod(folder, 0o755);
}

/// `cramp due` only reads: a write-protected diary still answers, its bytes unchanged.
#[test]
fn due_hooks_still_read_a_write_protected_diary() {
    let (_dir, db) = diary();
    let before = std::fs::read(&db).unwrap();
    chmod(&db, 0o444);
    let out = cramp_as_user(&db, &["due", "--prompt"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
