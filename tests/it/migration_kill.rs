//! A migration killed half-way leaves the diary at its old version, the backup beside it, and
//! the diary opens normally afterwards.

use crate::common::{new_diary, stamp};
use cramp_diary::domain::routine::Routine;
use cramp_diary::store::{LATEST_VERSION, Store};
use rusqlite_migration::M;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "CRAMP_SLOW_MIGRATION_DIARY";

/// Run only as the child of the test below: opens the diary with one more, very slow migration.
#[test]
#[ignore = "the child half of migration_killed_half_way; run by it, not on its own"]
fn child_runs_a_slow_migration() {
    let path = std::env::var_os(CHILD_ENV).expect("run by migration_killed_half_way");
    // Every real migration, then one more that is very slow.
    let mut steps = cramp_diary::store::STEPS.to_vec();
    steps.push(M::up(
        "CREATE TABLE slow (x INTEGER);
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000000)
         INSERT INTO slow SELECT i FROM c;",
    ));
    let _ = Store::open_with(Path::new(&path), &steps);
}

fn user_version(path: &Path) -> u32 {
    crate::common::sql::value(path, "PRAGMA user_version")
}

#[test]
fn migration_killed_half_way() {
    let (dir, db) = new_diary();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    {
        let mut store = Store::open(&db).unwrap();
        store
            .start_routine(
                &Routine::new(start, 4, 5, 28),
                &stamp("2026-11-01T07:00:00"),
            )
            .unwrap();
    }
    let backup = dir
        .path()
        .join(format!("diary.db.before-v{}.bak", LATEST_VERSION + 1));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "migration_kill::child_runs_a_slow_migration",
            "--nocapture",
        ])
        .env(CHILD_ENV, &db)
        .spawn()
        .unwrap();
    // Wait until the backup is written and the slow step has been running a while.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !(backup.exists() && std::fs::metadata(&backup).unwrap().len() > 0) {
        assert!(Instant::now() < deadline, "the migration never started");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the child finished before it was killed"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "still migrating when killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(user_version(&db), LATEST_VERSION, "left at its old version");
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(user_version(&backup), LATEST_VERSION);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.routines().unwrap()[0].item.start,
        start,
        "data intact"
    );
    let slow: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'slow'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(slow, 0, "nothing of the killed migration remains");
}
