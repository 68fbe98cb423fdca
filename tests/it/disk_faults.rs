//! A crash is not damage, backups can be trusted, and a full or read-only disk is named as
//! such: a diary killed while its file grew opens with every committed row; a failed
//! pre-upgrade backup leaves nothing behind; a full disk says so and still lets reading
//! commands read; a read-only filesystem does not suggest chmod.

use crate::common::diary::Diary;
use crate::common::export_to;
use crate::common::tmpfs::Tmpfs;
use crate::common::words;
use cramp_diary::store::{Store, StoreError};
use rusqlite::Connection;
use rusqlite_migration::M;
use std::path::{Path, PathBuf};

const NIGHTS: i64 = 3000;

fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn nights_in(db: &Path) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM nights", [], |r| r.get(0))
        .unwrap()
}

/// The state a SIGKILL during a checkpoint leaves: the diary's first page already rewritten
/// (its header counting every page) but the file not yet grown, with the `-wal` that holds
/// every committed row beside it. Returns the folder holding `d.db` and `d.db-wal`.
fn killed_while_growing() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("d.db");
    drop(Store::open(&db).unwrap());
    let writer = Connection::open(&db).unwrap();
    writer
        .execute_batch("PRAGMA wal_autocheckpoint = 0; BEGIN;")
        .unwrap();
    let mut day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    for i in 0..NIGHTS {
        writer
            .execute(
                "INSERT INTO nights (uid, night_of, status, note, created_at, updated_at)
                 VALUES (?1, ?2, 'none', 'a night logged before the crash', '2026-11-01T07:00:00', '2026-11-01T07:00:00')",
                rusqlite::params![format!("n-{i}"), day.format("%Y-%m-%d").to_string()],
            )
            .unwrap();
        day = day.succ_opt().unwrap();
    }
    writer.execute_batch("COMMIT;").unwrap();
    // What is on disk now: the old, short main file and a -wal with every row.
    let crashed = tempfile::tempdir().unwrap();
    let main = crashed.path().join("d.db");
    std::fs::copy(&db, &main).unwrap();
    std::fs::copy(companion(&db, "-wal"), companion(&main, "-wal")).unwrap();
    // The first page as the checkpoint writes it, counting all the pages to come.
    writer
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let full = std::fs::read(&db).unwrap();
    let mut short = std::fs::read(&main).unwrap();
    assert!(
        full.len() > short.len() + 4096,
        "the checkpoint grows the file"
    );
    short[..4096].copy_from_slice(&full[..4096]);
    std::fs::write(&main, &short).unwrap();
    crashed
}

#[test]
fn a_diary_killed_while_its_file_grew_opens_with_every_committed_row() {
    let crashed = killed_while_growing();
    let db = crashed.path().join("d.db");
    let header = cramp_diary::files::header::inspect(&db).unwrap();
    assert!(
        matches!(
            header,
            cramp_diary::files::header::FileKind::Truncated { .. }
        ),
        "the header is ahead of the file: {header:?}"
    );
    let d = Diary {
        dir: crashed,
        path: db.clone(),
    };
    let run = d.run(&["check"]);
    assert_eq!(run.code, 0, "{run:#?}");
    run.says("ok");
    d.run(&["night", "--none"]).ok();
    assert_eq!(
        nights_in(&db),
        NIGHTS + 1,
        "every committed row, and the new one"
    );
    let conn = Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_truncated_diary_without_its_wal_or_with_a_wrong_one_is_still_refused_untouched() {
    for wal in ["none", "garbage"] {
        let crashed = killed_while_growing();
        let db = crashed.path().join("d.db");
        match wal {
            "none" => std::fs::remove_file(companion(&db, "-wal")).unwrap(),
            _ => std::fs::write(companion(&db, "-wal"), vec![0x5A; 64 * 1024]).unwrap(),
        }
        let before = std::fs::read(&db).unwrap();
        let d = Diary {
            dir: crashed,
            path: db.clone(),
        };
        let run = d.run(&["list"]);
        assert_eq!(run.code, 1, "{wal}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.contains("damaged (truncated") && line.contains("restore it from a backup"),
            "{wal}: {line}"
        );
        assert_eq!(std::fs::read(&db).unwrap(), before, "{wal}: changed");
    }
}

fn v1_diary(path: &Path, nights: i64) {
    let steps = [M::up(include_str!("../../migrations/0001_init.sql"))];
    drop(Store::open_with(path, &steps).unwrap());
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("BEGIN").unwrap();
    let mut day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    for i in 0..nights {
        conn.execute(
            "INSERT INTO nights (uid, night_of, status, note, created_at, updated_at)
             VALUES (?1, ?2, 'none', ?3, '2026-11-01T07:00:00', '2026-11-01T07:00:00')",
            rusqlite::params![
                format!("n-{i}"),
                day.format("%Y-%m-%d").to_string(),
                "x".repeat(200)
            ],
        )
        .unwrap();
        day = day.succ_opt().unwrap();
    }
    conn.execute_batch("COMMIT").unwrap();
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_backup_that_cannot_be_written_leaves_nothing_under_the_backup_name() {
    let Some(disk) = Tmpfs::mount_or_skip(4096) else {
        return;
    };
    // The diary is written and closed on an ordinary disk, then copied onto the small one.
    // Written there, the rows went through a -wal that SQLite deletes on closing, and a
    // deleted file's room comes back only when no process holds it open: a child another test
    // thread is starting holds a copy of every descriptor between its fork and its exec. On a
    // loaded machine that room came back after the disk was filled, and the backup fitted.
    // The copy is never deleted, so the room left is the room the filler leaves.
    let made = tempfile::tempdir().unwrap();
    let original = made.path().join("diary.db");
    v1_diary(&original, 1500);
    let db = disk.path().join("diary.db");
    std::fs::copy(&original, &db).unwrap();
    let size = std::fs::metadata(&db).unwrap().len();
    // Room for SQLite's index and a few pages, not for a copy of the diary.
    disk.fill_leaving(96 * 1024);
    assert!(
        size > 200 * 1024,
        "the diary is larger than the room left: {size}"
    );
    let before = std::fs::read(&db).unwrap();
    for attempt in 0..3 {
        let err = match Store::open(&db) {
            Ok(_) => panic!("attempt {attempt}: the upgrade ran without room for its backup"),
            Err(e) => e,
        };
        assert!(
            matches!(
                err,
                StoreError::MigrationFailed { .. } | StoreError::DiskFull(_)
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("full"), "{err}");
        let names = names_in(disk.path());
        assert!(
            names
                .iter()
                .all(|n| !n.contains(".bak") && !n.ends_with(".tmp")),
            "attempt {attempt} left {names:?}"
        );
    }
    // Read without SQLite first: its -shm needs room that the attempts' temporary copies may
    // still hold (deleted, but open in a child another test thread is starting).
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the diary itself untouched"
    );
    disk.free();
    assert_eq!(nights_in(&db), 1500, "the diary itself untouched");
    // With room again the upgrade makes a whole, checked backup.
    let store = Store::open(&db).unwrap();
    drop(store);
    let backup = disk.path().join("diary.db.before-v2.bak");
    let conn = Connection::open(&backup).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(nights_in(&backup), 1500);
}

/// A diary on a 512 KiB disk of its own with the night of 20 Nov logged (skipped when no disk can
/// be mounted here).
fn night_logged_on_a_small_disk() -> Option<(Tmpfs, Diary)> {
    let disk = Tmpfs::mount_or_skip(512)?;
    let d = Diary::inside(disk.path());
    d.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    Some((disk, d))
}

#[test]
fn a_full_disk_is_named_and_reading_still_works() {
    let Some((disk, d)) = night_logged_on_a_small_disk() else {
        return;
    };
    let export = disk.path().join("e.json");
    d.run(&export_to("json", &export)).ok();
    let exported = std::fs::read(&export).unwrap();
    disk.fill_leaving(0);
    for args in [
        &["night", "--none"][..],
        &words("cramp --leg left --intensity 4 --duration 1m"),
    ] {
        let run = d.run(args);
        assert_eq!(run.code, 1, "{args:?}: {run:#?}");
        assert!(
            run.error_line().contains("the disk is full"),
            "{args:?}: {run:#?}"
        );
    }
    let run = d.run(&export_to("json", &export));
    run.fails(1, &["the disk is full"]);
    assert_eq!(
        std::fs::read(&export).unwrap(),
        exported,
        "the old export is whole"
    );
    // Reading commands read.
    let list = d.run(&["list", "--last", "3"]).ok();
    list.says("2026-11-20 Fri  no cramps");
    d.run(&["check"]).ok();
    d.run(&["report"]).ok();
    let json = d.run(&["export", "--format", "json", "--out", "-"]).ok();
    assert!(json.stdout.contains("2026-11-20"));
    disk.free();
    d.run(&["night", "--none"]).ok();
}

#[test]
fn a_read_only_filesystem_is_named_without_suggesting_chmod() {
    let Some((disk, d)) = night_logged_on_a_small_disk() else {
        return;
    };
    disk.remount_read_only();
    let run = d.run(&["night", "--none"]);
    assert_eq!(run.code, 1, "{run:#?}");
    let line = run.error_line();
    assert!(line.contains("mounted read-only"), "{line}");
    assert!(!line.contains("chmod"), "{line}");
    // Reading commands still read it (a diary on a read-only backup disk).
    let list = d.run(&["list", "--last", "3"]).ok();
    list.says("2026-11-20 Fri  no cramps");
    d.run(&["check"]).ok();
    let report = d.run(&["report"]).ok();
    report.says("1 of ");
    let json = d.run(&["export", "--format", "json", "--out", "-"]).ok();
    json.says("2026-11-20");
}
