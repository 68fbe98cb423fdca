//! The diary store through the library: persistence, file identity, soft delete and undo,
//! refusals, and schema upgrades with their backups.

use crate::common::dates::day;
use crate::common::records::{open, temp_diary};
use crate::common::stamp;
use chrono::{NaiveDate, NaiveTime};
use cramp_diary::domain::{
    CrampDuration, CrampEpisode, Invalid, Leg, Muscle, Night, NightDetails, NightStatus, Score, Uid,
};
use cramp_diary::files::header::APPLICATION_ID;
use cramp_diary::store::{
    EpisodeAdded, LATEST_VERSION, NightChange, NightEntry, NightLogged, Store, StoreError,
};
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::M;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const STAMP: &str = "2026-11-23T07:30:00";
const LATER: &str = "2026-11-23T07:45:00";
const INIT_SQL: &str = include_str!("../../migrations/0001_init.sql");

fn score(v: i64) -> Score {
    Score::new("score", v).unwrap()
}

/// A diary file whose only entry is a cramp (left calf, 7/10, 90 s), saved as a new night's on
/// the night of 22 Nov: its folder and path, the open store, the night and the cramp's uid.
fn one_cramp() -> (tempfile::TempDir, std::path::PathBuf, Store, NaiveDate, Uid) {
    let (dir, path) = temp_diary();
    let mut store = open(&path);
    let night = day("2026-11-22");
    let (uid, outcome) = add(&mut store, night, cramp(Leg::Left, 7, "90s"));
    assert_eq!(outcome, EpisodeAdded::NewNight);
    (dir, path, store, night, uid)
}

/// Saves `cramp` on the night of `night` at [`STAMP`]: its uid and what the save did.
fn add(store: &mut Store, night: NaiveDate, cramp: CrampEpisode) -> (Uid, EpisodeAdded) {
    store.add_episode(night, &cramp, &stamp(STAMP)).unwrap()
}

fn cramp(leg: Leg, intensity: i64, duration: &str) -> CrampEpisode {
    CrampEpisode {
        leg,
        muscle: Muscle::Calf,
        intensity: score(intensity),
        duration: CrampDuration::parse(duration).unwrap(),
        at: None,
        woke: true,
        note: None,
    }
}

fn episodes_of(night: &Night) -> Vec<CrampEpisode> {
    night.episodes.iter().map(|e| e.item.clone()).collect()
}

/// After a restore: the night of `night` is `before` again and the file at `path` holds `cramps`
/// live cramps.
#[track_caller]
fn back_as_before(store: Store, path: &Path, night: NaiveDate, before: Night, cramps: i64) {
    assert_eq!(store.night(night).unwrap(), Some(before));
    drop(store);
    assert_eq!(live_episode_count(path), cramps);
}

fn live_episode_count(path: &Path) -> i64 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row(
        "SELECT count(*) FROM cramp_episodes WHERE deleted_at IS NULL",
        [],
        |row| row.get(0),
    )
    .unwrap()
}

fn has_table(path: &Path, name: &str) -> bool {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [name],
        |row| row.get::<_, i64>(0),
    )
    .unwrap()
        == 1
}

fn user_version(path: &Path) -> u32 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}

/// The schema as of v1, independent of how many steps this build's `STEPS` has.
fn v1_steps() -> Vec<M<'static>> {
    vec![M::up(INIT_SQL)]
}

/// v1 plus one more step.
fn v2_steps(second: &'static str) -> Vec<M<'static>> {
    vec![M::up(INIT_SQL), M::up(second)]
}

fn open_v1(path: &Path) -> Store {
    match Store::open_with(path, &v1_steps()) {
        Ok(store) => store,
        Err(e) => panic!("cannot open {} at v1: {e}", path.display()),
    }
}

/// A diary at v1 holding three nights (see [`seed`]); returns them as read back. Today's code
/// reads and writes today's columns, so the nights are saved in a diary at the latest version
/// and copied, v1 columns only, into the v1 file.
fn seeded_v1_diary(path: &Path) -> Vec<Night> {
    let (_dir, latest_path) = temp_diary();
    let mut latest = open(&latest_path);
    let nights = seed(&mut latest);
    drop(latest);
    let store = open_v1(path);
    assert_eq!(store.schema_version().unwrap(), 1);
    drop(store);
    let conn = Connection::open(path).unwrap();
    conn.execute(
        "ATTACH DATABASE ?1 AS latest",
        [latest_path.to_str().unwrap()],
    )
    .unwrap();
    conn.execute_batch(
        "INSERT INTO nights (id, uid, night_of, status, exclude_reason, tight_left, tight_right,
                             sleep_disturbance, soreness, note, created_at, updated_at, deleted_at)
         SELECT id, uid, night_of, status, exclude_reason, tight_left, tight_right,
                sleep_disturbance, soreness, note, created_at, updated_at, deleted_at
         FROM latest.nights;
         INSERT INTO cramp_episodes (id, uid, night_id, leg, muscle, intensity, duration_s,
                                     at_time, woke, note, created_at, updated_at, deleted_at)
         SELECT id, uid, night_id, leg, muscle, intensity, duration_s, at_time, woke, note,
                created_at, updated_at, deleted_at
         FROM latest.cramp_episodes;
         DETACH DATABASE latest;",
    )
    .unwrap();
    nights
}

/// Three nights: two cramps (one with every field) and all night fields, cramp-free, excluded.
fn seed(store: &mut Store) -> Vec<Night> {
    let detailed = CrampEpisode {
        leg: Leg::Right,
        muscle: Muscle::Foot,
        intensity: score(4),
        duration: CrampDuration::parse("1m30s").unwrap(),
        at: NaiveTime::from_hms_opt(3, 10, 0),
        woke: false,
        note: Some("after a long walk".into()),
    };
    store
        .add_episode(
            day("2026-11-22"),
            &cramp(Leg::Left, 7, "90s"),
            &stamp(STAMP),
        )
        .unwrap();
    store
        .add_episode(day("2026-11-22"), &detailed, &stamp(STAMP))
        .unwrap();
    let details = NightDetails {
        tight_left: Some(score(3)),
        tight_right: Some(score(5)),
        sleep_disturbance: Some(score(6)),
        soreness: Some(score(2)),
        note: Some("restless".into()),
        numbness: None,
        swelling: None,
    };
    store
        .log_night(
            day("2026-11-22"),
            &NightEntry {
                change: None,
                details,
            },
            &stamp(STAMP),
        )
        .unwrap();
    store
        .log_night(day("2026-11-21"), &NightEntry::cramp_free(), &stamp(STAMP))
        .unwrap();
    store
        .log_night(
            day("2026-11-20"),
            &NightEntry {
                change: Some(NightChange::Excluded("travel".into())),
                details: NightDetails::default(),
            },
            &stamp(STAMP),
        )
        .unwrap();
    store
        .nights_between(day("2026-11-01"), day("2026-11-23"))
        .unwrap()
}

#[test]
fn data_survives_closing_and_reopening() {
    let (_dir, path) = temp_diary();
    let mut store = open(&path);
    let before = seed(&mut store);
    drop(store);

    let store = open(&path);
    let after = store
        .nights_between(day("2026-11-01"), day("2026-11-23"))
        .unwrap();
    assert_eq!(after, before);

    let dates: Vec<NaiveDate> = after.iter().map(|n| n.night_of).collect();
    assert_eq!(
        dates,
        [day("2026-11-22"), day("2026-11-21"), day("2026-11-20")]
    );
    let cramps = &after[0];
    assert_eq!(cramps.status, NightStatus::Cramps);
    let episodes = episodes_of(cramps);
    assert_eq!(episodes.len(), 2);
    // In night order: the cramp at 03:10 first, the one with no time after it.
    assert_eq!(episodes[1], cramp(Leg::Left, 7, "90s"));
    assert_eq!(episodes[0].leg, Leg::Right);
    assert_eq!(episodes[0].muscle, Muscle::Foot);
    assert_eq!(episodes[0].duration.seconds(), 90);
    assert_eq!(episodes[0].at, NaiveTime::from_hms_opt(3, 10, 0));
    assert!(!episodes[0].woke);
    assert_eq!(episodes[0].note.as_deref(), Some("after a long walk"));
    assert_eq!(cramps.details.tight_left, Some(score(3)));
    assert_eq!(cramps.details.tight_right, Some(score(5)));
    assert_eq!(cramps.details.sleep_disturbance, Some(score(6)));
    assert_eq!(cramps.details.soreness, Some(score(2)));
    assert_eq!(cramps.details.note.as_deref(), Some("restless"));
    assert_eq!(after[1].status, NightStatus::None);
    assert!(after[1].episodes.is_empty());
    assert_eq!(after[2].status, NightStatus::Excluded);
    assert_eq!(after[2].exclude_reason.as_deref(), Some("travel"));
    assert!(store.is_logged(day("2026-11-21")).unwrap());
    assert!(!store.is_logged(day("2026-11-19")).unwrap());
    // The newest entered (the 03:10 one), whatever its place in the night.
    assert_eq!(store.latest_episode().unwrap(), Some(episodes[0].clone()));
}

#[test]
fn a_new_diary_is_wal_marked_as_ours_and_at_the_latest_version() {
    let (_dir, path) = temp_diary();
    let store = open(&path);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    drop(store);

    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode.to_ascii_lowercase(), "wal");
    let app_id: u32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .unwrap();
    assert_eq!(app_id, 0x4352_4D50);
    assert_eq!(app_id, APPLICATION_ID);
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
}

#[test]
fn deleting_the_only_cramp_unlogs_the_night_and_restore_brings_both_back() {
    let (_dir, path, mut store, night, uid) = one_cramp();
    let before = store.night(night).unwrap().unwrap();

    let deletion = store.delete_episode(&uid, &stamp(LATER)).unwrap();
    assert_eq!(deletion.night_uid.as_ref(), Some(&before.uid));
    assert_eq!(deletion.episode_uids, std::slice::from_ref(&uid));
    assert!(!store.is_logged(night).unwrap());
    assert_eq!(store.night(night).unwrap(), None);
    assert_eq!(store.latest_episode().unwrap(), None);

    store.restore(&deletion, &stamp(LATER)).unwrap();
    assert!(store.is_logged(night).unwrap());
    back_as_before(store, &path, night, before, 1);
}

#[test]
fn deleting_one_of_two_cramps_keeps_the_night() {
    let (_dir, _path, mut store, night, first) = one_cramp();
    let (_, outcome) = add(&mut store, night, cramp(Leg::Right, 3, "20s"));
    assert_eq!(outcome, EpisodeAdded::AnotherCramp);
    let before = store.night(night).unwrap().unwrap();

    let deletion = store.delete_episode(&first, &stamp(LATER)).unwrap();
    assert_eq!(deletion.night_uid, None);
    let after = store.night(night).unwrap().unwrap();
    assert_eq!(episodes_of(&after), [cramp(Leg::Right, 3, "20s")]);

    store.restore(&deletion, &stamp(LATER)).unwrap();
    assert_eq!(store.night(night).unwrap(), Some(before));
}

#[test]
fn deleting_a_night_removes_its_cramps_and_restore_brings_them_back() {
    let (_dir, path, mut store, night, _) = one_cramp();
    add(&mut store, night, cramp(Leg::Both, 9, "3m"));
    let before = store.night(night).unwrap().unwrap();

    let deletion = store.delete_night(&before.uid, &stamp(LATER)).unwrap();
    assert_eq!(deletion.episode_uids.len(), 2);
    assert!(!store.is_logged(night).unwrap());
    assert!(
        store
            .nights_between(day("2026-11-01"), day("2026-11-23"))
            .unwrap()
            .is_empty()
    );

    store.restore(&deletion, &stamp(LATER)).unwrap();
    back_as_before(store, &path, night, before, 2);
}

#[test]
fn restore_is_refused_when_the_night_was_logged_again() {
    let (_dir, path, mut store, night, uid) = one_cramp();
    let deletion = store.delete_episode(&uid, &stamp(LATER)).unwrap();
    let logged = store
        .log_night(night, &NightEntry::cramp_free(), &stamp(LATER))
        .unwrap();
    assert_eq!(logged, NightLogged::Created);
    let relogged = store.night(night).unwrap().unwrap();

    let err = store.restore(&deletion, &stamp(LATER)).unwrap_err();
    assert!(err.downcast_ref::<Invalid>().is_some(), "{err:#}");
    assert!(err.to_string().contains("logged again"), "{err:#}");
    // Nothing was restored: the night stays as it was re-logged, the cramp stays deleted.
    assert_eq!(store.night(night).unwrap(), Some(relogged));
    assert_eq!(
        store.night(night).unwrap().unwrap().status,
        NightStatus::None
    );
    drop(store);
    assert_eq!(live_episode_count(&path), 0);
}

#[test]
fn refused_log_night_leaves_the_night_unchanged() {
    let (_dir, path, mut store, night, _) = one_cramp();
    let before = store.night(night).unwrap().unwrap();

    // Cramp-free with fields on a night with a cramp: neither the status nor the fields change.
    let entry = NightEntry {
        change: Some(NightChange::CrampFree),
        details: NightDetails {
            tight_left: Some(score(4)),
            note: Some("should not be saved".into()),
            ..NightDetails::default()
        },
    };
    let err = store.log_night(night, &entry, &stamp(LATER)).unwrap_err();
    assert!(err.downcast_ref::<Invalid>().is_some(), "{err:#}");
    assert!(err.to_string().contains("cramp-free"), "{err:#}");
    assert_eq!(store.night(night).unwrap(), Some(before.clone()));

    // Fields on a night that is not logged: it stays unlogged.
    let other = day("2026-11-21");
    let entry = NightEntry {
        change: None,
        details: NightDetails {
            tight_right: Some(score(2)),
            ..NightDetails::default()
        },
    };
    let err = store.log_night(other, &entry, &stamp(LATER)).unwrap_err();
    assert!(err.downcast_ref::<Invalid>().is_some(), "{err:#}");
    assert!(err.to_string().contains("not logged"), "{err:#}");
    assert!(!store.is_logged(other).unwrap());

    drop(store);
    let store = open(&path);
    assert_eq!(store.night(night).unwrap(), Some(before));
    assert!(!store.is_logged(other).unwrap());
}

#[test]
fn upgrading_keeps_the_data_and_a_private_backup_of_the_old_version() {
    let (dir, path) = temp_diary();
    seeded_v1_diary(&path);
    let before = v1_dump(&path);
    assert_eq!(user_version(&path), 1);

    let steps = v2_steps("CREATE TABLE extra(x);");
    let store = match Store::open_with(&path, &steps) {
        Ok(store) => store,
        Err(e) => panic!("upgrade failed: {e}"),
    };
    assert_eq!(store.schema_version().unwrap(), 2);
    drop(store);
    assert_eq!(v1_dump(&path), before);
    assert!(has_table(&path, "extra"));
    assert_eq!(user_version(&path), 2);

    let backup = dir.path().join("diary.db.before-v2.bak");
    assert!(backup.exists(), "no backup at {}", backup.display());
    assert_eq!(
        fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600,
        "backup mode"
    );
    assert_eq!(user_version(&backup), 1);
    assert!(!has_table(&backup, "extra"));
    assert_eq!(live_episode_count(&backup), 2);
    // The backup is itself a v1 diary with the same nights.
    drop(open_v1(&backup));
    assert_eq!(v1_dump(&backup), before);
}

/// Every v1 column of every night and cramp, one line a row.
fn v1_dump(path: &Path) -> Vec<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT 'night ' || quote(uid) || quote(night_of) || quote(status) || quote(exclude_reason)
                 || quote(tight_left) || quote(tight_right) || quote(sleep_disturbance)
                 || quote(soreness) || quote(note) || quote(deleted_at) FROM nights
             UNION ALL
             SELECT 'cramp ' || quote(uid) || quote(night_id) || quote(leg) || quote(muscle)
                 || quote(intensity) || quote(duration_s) || quote(at_time) || quote(woke)
                 || quote(note) || quote(deleted_at) FROM cramp_episodes",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    let mut lines: Vec<String> = rows.map(Result::unwrap).collect();
    lines.sort();
    lines
}

#[test]
fn a_failed_upgrade_leaves_the_diary_at_its_old_version_and_names_the_backup() {
    let (dir, path) = temp_diary();
    let before = seeded_v1_diary(&path);

    let steps = v2_steps("CREATE TABLE nights(x);");
    let err = match Store::open_with(&path, &steps) {
        Ok(_) => panic!("a migration creating an existing table succeeded"),
        Err(e) => e,
    };
    let backup = dir.path().join("diary.db.before-v2.bak");
    let message = err.to_string();
    assert!(
        message.contains(&backup.display().to_string()),
        "the error does not name the backup: {message}"
    );
    assert!(
        matches!(&err, StoreError::MigrationFailed { backup: Some(b), .. } if *b == backup),
        "{err:?}"
    );
    assert!(backup.exists(), "no backup at {}", backup.display());
    assert_eq!(user_version(&path), 1);
    assert_eq!(live_episode_count(&backup), 2);

    // The normal open still works (and brings it to this build's latest version).
    let store = open(&path);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(
        store
            .nights_between(day("2026-11-01"), day("2026-11-23"))
            .unwrap(),
        before
    );
}

#[test]
fn a_diary_newer_than_the_known_migrations_is_refused_untouched() {
    let (_dir, path) = temp_diary();
    let before = {
        seeded_v1_diary(&path);
        let steps = v2_steps("CREATE TABLE extra(x);");
        let store = Store::open_with(&path, &steps);
        assert!(store.is_ok());
        drop(store);
        fs::read(&path).unwrap()
    };
    // Opened knowing only v1, the diary is at v2.
    let err = match Store::open_with(&path, &v1_steps()) {
        Ok(_) => panic!("a v2 diary opened with a v1 migration list"),
        Err(e) => e,
    };
    assert!(
        matches!(
            err,
            StoreError::Newer {
                found: 2,
                known: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer"), "{err}");
    assert!(
        fs::read(&path).unwrap() == before,
        "the refusal changed the file"
    );
}
