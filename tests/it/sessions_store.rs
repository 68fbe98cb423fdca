//! Sessions, routines and daily context through the library store: round trips, counts, soft
//! delete and undo, patch semantics, overlap refusal, and the schema's own CHECK constraints.

use crate::common::dates::day;
use crate::common::records::cramp_free;
use crate::common::records::session;
use crate::common::records::{open, temp_diary};
use crate::common::stamp;
use chrono::NaiveDate;
use cramp_diary::domain::Stored;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::routine::Routine;
use cramp_diary::domain::session::{GunHead, GunSpeed, MassageSession, SideEffect, Technique};
use cramp_diary::domain::{Invalid, Leg, Score};
use cramp_diary::store::Store;
use rusqlite::Connection;
use std::collections::BTreeMap;

const STAMP: &str = "2026-11-23T07:30:00";
const LATER: &str = "2026-11-23T07:45:00";

fn score(v: i64) -> Score {
    Score::new("score", v).unwrap()
}

fn memory() -> Store {
    match Store::open_in_memory() {
        Ok(store) => store,
        Err(e) => panic!("cannot open an in-memory diary: {e}"),
    }
}

/// A foam-roller session with nothing but the time set.
fn plain(when: &str) -> MassageSession {
    session(when, Technique::FoamRoller)
}

/// A massage-gun session with every field set.
fn full(when: &str) -> MassageSession {
    MassageSession {
        legs: Leg::Right,
        minutes_per_calf: Some(12),
        pain: Some(score(6)),
        speed: Some(GunSpeed::Medium),
        head: Some(GunHead::Fork),
        spots: Some(5),
        seconds_per_spot: Some(45),
        tight_before: Some(score(7)),
        tight_after: Some(score(2)),
        side_effects: vec![SideEffect::Numbness, SideEffect::Bruising],
        note: Some("left the fork on, \"sore\", 2nd go".into()),
        ..session(when, Technique::MassageGun)
    }
}

fn counts(pairs: &[(&str, u32)]) -> BTreeMap<NaiveDate, u32> {
    pairs.iter().map(|(d, n)| (day(d), *n)).collect()
}

fn sessions_of(stored: Vec<Stored<MassageSession>>) -> Vec<MassageSession> {
    stored.into_iter().map(|s| s.item).collect()
}

// 1. Sessions.

#[test]
fn sessions_round_trip_every_field_through_a_reopened_file() {
    let (_dir, path) = temp_diary();
    let mut store = open(&path);
    let every = full("2026-11-22 19:15");
    let bare = plain("2026-11-23 06:05");
    let every_uid = store.add_session(&every, &stamp(STAMP)).unwrap();
    let bare_uid = store.add_session(&bare, &stamp(STAMP)).unwrap();
    assert_ne!(every_uid, bare_uid);
    drop(store);

    let store = open(&path);
    let read = store
        .sessions_between(day("2026-11-22"), day("2026-11-23"))
        .unwrap();
    // Newest first.
    assert_eq!(
        read,
        [
            Stored {
                uid: bare_uid,
                item: bare.clone()
            },
            Stored {
                uid: every_uid,
                item: every.clone()
            },
        ]
    );
    assert_eq!(store.latest_session().unwrap(), Some(bare));
    // Every technique, leg, speed and head survives the text columns.
    let mut store = store;
    for (i, technique) in Technique::ALL.iter().enumerate() {
        let mut s = plain("2026-11-10 08:00");
        s.technique = *technique;
        s.legs = Leg::ALL[i % Leg::ALL.len()];
        if *technique == Technique::MassageGun {
            s.speed = Some(GunSpeed::Low);
            s.head = Some(GunHead::Bullet);
        }
        s.side_effects = vec![SideEffect::ALL[i % SideEffect::ALL.len()]];
        let uid = store.add_session(&s, &stamp(STAMP)).unwrap();
        let back = store
            .sessions_between(day("2026-11-10"), day("2026-11-10"))
            .unwrap();
        assert_eq!(back, [Stored { uid, item: s }], "{technique}");
        store.delete_session(&back[0].uid, &stamp(STAMP)).unwrap();
    }
}

#[test]
fn session_counts_by_day_count_each_day_within_the_range() {
    let mut store = memory();
    for when in [
        "2026-11-01 23:59", // before the range
        "2026-11-02 00:00",
        "2026-11-02 18:00",
        "2026-11-02 21:30",
        "2026-11-05 07:00",
        "2026-11-08 23:59", // last minute of the range
        "2026-11-09 00:00", // after the range
    ] {
        store.add_session(&plain(when), &stamp(STAMP)).unwrap();
    }
    assert_eq!(
        store
            .session_counts_by_day(day("2026-11-02"), day("2026-11-08"))
            .unwrap(),
        counts(&[("2026-11-02", 3), ("2026-11-05", 1), ("2026-11-08", 1)])
    );
    assert_eq!(
        store
            .session_counts_by_day(day("2026-11-09"), day("2026-11-09"))
            .unwrap(),
        counts(&[("2026-11-09", 1)])
    );
    assert!(
        store
            .session_counts_by_day(day("2026-11-10"), day("2026-11-30"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn session_counts_ignore_deleted_sessions() {
    let mut store = memory();
    let first = store
        .add_session(&plain("2026-11-02 18:00"), &stamp(STAMP))
        .unwrap();
    store
        .add_session(&plain("2026-11-02 20:00"), &stamp(STAMP))
        .unwrap();
    let only = store
        .add_session(&plain("2026-11-03 18:00"), &stamp(STAMP))
        .unwrap();
    store.delete_session(&first, &stamp(LATER)).unwrap();
    store.delete_session(&only, &stamp(LATER)).unwrap();
    assert_eq!(
        store
            .session_counts_by_day(day("2026-11-01"), day("2026-11-30"))
            .unwrap(),
        counts(&[("2026-11-02", 1)])
    );
}

#[test]
fn a_deleted_session_disappears_and_restore_brings_it_back() {
    let mut store = memory();
    let older = full("2026-11-22 19:15");
    let newer = plain("2026-11-23 06:00");
    store.add_session(&older, &stamp(STAMP)).unwrap();
    let uid = store.add_session(&newer, &stamp(STAMP)).unwrap();
    let range = (day("2026-11-22"), day("2026-11-23"));

    let deleted = store.delete_session(&uid, &stamp(LATER)).unwrap();
    assert_eq!(
        sessions_of(store.sessions_between(range.0, range.1).unwrap()),
        std::slice::from_ref(&older)
    );
    assert_eq!(store.latest_session().unwrap(), Some(older.clone()));
    // Deleting it again, or editing it, is refused: it is no longer in the diary.
    assert!(store.delete_session(&uid, &stamp(LATER)).is_err());
    assert!(
        store
            .edit_session(&uid, &full("2026-11-23 06:00"), &stamp(LATER))
            .is_err()
    );

    store.undo(&deleted, &stamp(LATER)).unwrap();
    let back = store.sessions_between(range.0, range.1).unwrap();
    assert_eq!(back[0].uid, uid);
    assert_eq!(sessions_of(back), [newer.clone(), older]);
    assert_eq!(store.latest_session().unwrap(), Some(newer));
    assert_eq!(
        store.session_counts_by_day(range.0, range.1).unwrap(),
        counts(&[("2026-11-22", 1), ("2026-11-23", 1)])
    );
}

#[test]
fn editing_a_session_replaces_every_field() {
    let mut store = memory();
    let uid = store
        .add_session(&full("2026-11-22 19:15"), &stamp(STAMP))
        .unwrap();
    let edited = plain("2026-11-21 20:00");
    store.edit_session(&uid, &edited, &stamp(LATER)).unwrap();
    let read = store
        .sessions_between(day("2026-11-20"), day("2026-11-23"))
        .unwrap();
    assert_eq!(read, [Stored { uid, item: edited }]);
}

// 2. The schema refuses what the domain would.

#[test]
fn the_schema_refuses_gun_settings_on_another_technique_in_raw_sql() {
    let (_dir, path) = temp_diary();
    drop(open(&path));
    let conn = Connection::open(&path).unwrap();
    let insert = |technique: &str, speed: Option<&str>, head: Option<&str>| {
        conn.execute(
            "INSERT INTO massage_sessions (uid, at, technique, legs, gun_speed, gun_head,
                 created_at, updated_at)
             VALUES (?1, '2026-11-22T19:00', ?2, 'both', ?3, ?4, ?5, ?5)",
            rusqlite::params![
                format!("raw-{technique}-{speed:?}-{head:?}"),
                technique,
                speed,
                head,
                STAMP
            ],
        )
    };
    for (technique, speed, head) in [
        ("foam-roller", Some("high"), None),
        ("ball", None, Some("bullet")),
        ("professional", Some("low"), Some("flat")),
    ] {
        let err = insert(technique, speed, head).unwrap_err();
        assert!(
            err.to_string().contains("CHECK constraint failed"),
            "{technique}: {err}"
        );
    }
    // The same settings on the gun are fine.
    insert("massage-gun", Some("high"), Some("bullet")).unwrap();
    let live: i64 = conn
        .query_row("SELECT count(*) FROM massage_sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(live, 1);
}

#[test]
fn the_store_cannot_save_gun_settings_on_another_technique() {
    let (_dir, path) = temp_diary();
    let mut store = open(&path);
    let mut s = plain("2026-11-22 19:00");
    s.speed = Some(GunSpeed::High);
    assert!(s.validate().is_err(), "the domain check should refuse it");
    // Bypassing the domain check: the table's CHECK still refuses it.
    assert!(store.add_session(&s, &stamp(STAMP)).is_err());
    let mut s = plain("2026-11-22 19:00");
    s.technique = Technique::Ball;
    s.head = Some(GunHead::Bullet);
    assert!(store.add_session(&s, &stamp(STAMP)).is_err());
    assert_eq!(store.latest_session().unwrap(), None);

    // Nor edit a stored session into one.
    let uid = store
        .add_session(&plain("2026-11-22 19:00"), &stamp(STAMP))
        .unwrap();
    let mut bad = plain("2026-11-22 19:00");
    bad.speed = Some(GunSpeed::Low);
    assert!(store.edit_session(&uid, &bad, &stamp(LATER)).is_err());
    assert_eq!(
        store.latest_session().unwrap(),
        Some(plain("2026-11-22 19:00"))
    );
}

// 3. Daily context.

fn ctx(
    fluids_dl: Option<u16>,
    magnesium_mg: Option<u16>,
    potassium: Option<bool>,
    exercise_min: Option<u16>,
    medication: Option<&str>,
) -> DailyContext {
    DailyContext {
        fluids_dl,
        magnesium_mg,
        potassium,
        exercise_min,
        medication: medication.map(String::from),
    }
}

fn context_on(store: &Store, d: &str) -> Option<DailyContext> {
    let mut days = store.context_between(day(d), day(d)).unwrap();
    assert!(days.len() <= 1, "{days:?}");
    days.pop().map(|c| c.item.context)
}

#[test]
fn set_context_only_overwrites_the_fields_given() {
    let mut store = memory();
    let d = day("2026-11-23");
    store
        .set_context(
            d,
            &ctx(Some(15), Some(300), Some(true), None, None),
            &stamp(STAMP),
        )
        .unwrap();
    store
        .set_context(d, &ctx(None, None, None, Some(30), None), &stamp(LATER))
        .unwrap();
    assert_eq!(
        context_on(&store, "2026-11-23"),
        Some(ctx(Some(15), Some(300), Some(true), Some(30), None))
    );
    store
        .set_context(
            d,
            &ctx(Some(20), None, Some(false), None, Some("statin")),
            &stamp(LATER),
        )
        .unwrap();
    assert_eq!(
        context_on(&store, "2026-11-23"),
        Some(ctx(
            Some(20),
            Some(300),
            Some(false),
            Some(30),
            Some("statin")
        ))
    );
    // Another day is its own row.
    store
        .set_context(
            day("2026-11-22"),
            &ctx(None, Some(250), None, None, None),
            &stamp(LATER),
        )
        .unwrap();
    let days = store
        .context_between(day("2026-11-01"), day("2026-11-30"))
        .unwrap();
    let dates: Vec<NaiveDate> = days.iter().map(|c| c.item.day).collect();
    assert_eq!(dates, [day("2026-11-23"), day("2026-11-22")]);
    assert_eq!(days[1].item.context, ctx(None, Some(250), None, None, None));
}

#[test]
fn replace_context_clears_the_fields_not_given() {
    let mut store = memory();
    let d = day("2026-11-23");
    store
        .set_context(
            d,
            &ctx(Some(15), Some(300), Some(true), Some(30), Some("statin")),
            &stamp(STAMP),
        )
        .unwrap();
    let uid = store.context_between(d, d).unwrap()[0].uid.clone();
    store
        .replace_context(&uid, &ctx(None, Some(400), None, None, None), &stamp(LATER))
        .unwrap();
    let after = store.context_between(d, d).unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].uid, uid);
    assert_eq!(
        after[0].item.context,
        ctx(None, Some(400), None, None, None)
    );
}

#[test]
fn deleted_context_is_restored_with_its_values() {
    let mut store = memory();
    let d = day("2026-11-22");
    let values = ctx(Some(15), Some(300), Some(true), Some(30), Some("statin"));
    store.set_context(d, &values, &stamp(STAMP)).unwrap();
    let uid = store.context_between(d, d).unwrap()[0].uid.clone();

    let deleted = store.delete_context(&uid, &stamp(LATER)).unwrap();
    assert_eq!(context_on(&store, "2026-11-22"), None);
    assert!(store.delete_context(&uid, &stamp(LATER)).is_err());
    assert!(store.replace_context(&uid, &values, &stamp(LATER)).is_err());

    store.undo(&deleted, &stamp(LATER)).unwrap();
    let back = store.context_between(d, d).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].uid, uid);
    assert_eq!(back[0].item.context, values);
}

#[test]
fn restoring_context_is_refused_when_the_day_has_new_context() {
    let mut store = memory();
    let d = day("2026-11-22");
    store
        .set_context(
            d,
            &ctx(Some(15), Some(300), None, None, None),
            &stamp(STAMP),
        )
        .unwrap();
    let old = store.context_between(d, d).unwrap()[0].uid.clone();
    let deleted = store.delete_context(&old, &stamp(LATER)).unwrap();
    // Recorded again: a new row, starting empty (the deleted values do not leak into it).
    store
        .set_context(d, &ctx(None, None, None, Some(45), None), &stamp(LATER))
        .unwrap();
    let fresh = store.context_between(d, d).unwrap();
    assert_eq!(fresh.len(), 1);
    assert_ne!(fresh[0].uid, old);
    assert_eq!(fresh[0].item.context, ctx(None, None, None, Some(45), None));

    let err = store.undo(&deleted, &stamp(LATER)).unwrap_err();
    assert!(err.downcast_ref::<Invalid>().is_some(), "{err:#}");
    assert!(err.to_string().contains("cannot undo"), "{err:#}");
    assert_eq!(store.context_between(d, d).unwrap(), fresh);
}

// 4. Routines.

fn routine(start: &str) -> Routine {
    Routine::new(day(start), 4, 5, 28)
}

#[test]
fn an_overlapping_routine_is_refused_and_only_the_first_is_kept() {
    let mut store = memory();
    let first = store
        .start_routine(&routine("2026-11-02"), &stamp(STAMP))
        .unwrap();
    for start in ["2026-11-20", "2026-11-29", "2026-10-06", "2026-11-02"] {
        let err = store
            .start_routine(&routine(start), &stamp(LATER))
            .unwrap_err();
        assert!(err.downcast_ref::<Invalid>().is_some(), "{start}: {err:#}");
        let message = err.to_string();
        assert!(message.contains("2026-11-02"), "{start}: {message}");
        assert!(message.contains("2026-11-29"), "{start}: {message}");
    }
    let all = store.routines().unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].uid, first);
    assert_eq!(all[0].item, routine("2026-11-02"));

    // Not overlapping: a routine ending the day before, and one whose baseline keeps 14
    // nights clear of the first and its follow-up fortnight (issue 9); right after it, the
    // baseline would have no free night.
    assert!(
        store
            .start_routine(&routine("2026-11-30"), &stamp(LATER))
            .is_err()
    );
    store
        .start_routine(&routine("2026-12-28"), &stamp(LATER))
        .unwrap();
    store
        .start_routine(&routine("2026-10-05"), &stamp(LATER))
        .unwrap();
    let starts: Vec<NaiveDate> = store
        .routines()
        .unwrap()
        .iter()
        .map(|r| r.item.start)
        .collect();
    assert_eq!(
        starts,
        [day("2026-10-05"), day("2026-11-02"), day("2026-12-28")]
    );
}

#[test]
fn current_routine_is_the_running_one() {
    let mut store = memory();
    assert_eq!(store.current_routine(day("2026-11-23")).unwrap(), None);
    let past = store
        .start_routine(&routine("2026-09-01"), &stamp(STAMP))
        .unwrap();
    let running = store
        .start_routine(&routine("2026-11-02"), &stamp(STAMP))
        .unwrap();
    let next = store
        .start_routine(&Routine::new(day("2027-01-11"), 2, 3, 14), &stamp(STAMP))
        .unwrap();
    let current = |today: &str| {
        store
            .current_routine(day(today))
            .unwrap()
            .map(|r| r.uid)
            .unwrap()
    };
    assert_eq!(current("2026-11-23"), running);
    assert_eq!(current("2026-11-02"), running);
    assert_eq!(current("2026-11-29"), running);
    assert_eq!(current("2026-09-10"), past);
    assert_eq!(current("2027-01-11"), next);
    // Before any routine: the next one.
    assert_eq!(current("2026-08-01"), past);
}

#[test]
fn stopping_a_routine_shortens_it_and_frees_the_days_after() {
    let mut store = memory();
    let uid = store
        .start_routine(&routine("2026-11-02"), &stamp(STAMP))
        .unwrap();
    store
        .stop_routine(&uid, day("2026-11-10"), &stamp(LATER))
        .unwrap();
    let stopped = store.current_routine(day("2026-11-23")).unwrap().unwrap();
    assert_eq!(stopped.uid, uid);
    assert_eq!(stopped.item.stopped_on, Some(day("2026-11-10")));
    assert_eq!(stopped.item.end(), day("2026-11-10"));
    assert!(!stopped.item.is_running(day("2026-11-23")));

    assert!(
        store
            .start_routine(&routine("2026-11-10"), &stamp(LATER))
            .is_err()
    );
    // The stop frees the days after it: the next baseline needs 14 nights clear of the
    // routine's new end and its follow-up fortnight (to 24 Nov), so 9 Dec is the first start.
    assert!(
        store
            .start_routine(&routine("2026-12-08"), &stamp(LATER))
            .is_err()
    );
    let next = store
        .start_routine(&routine("2026-12-09"), &stamp(LATER))
        .unwrap();
    assert_eq!(
        store
            .current_routine(day("2026-12-10"))
            .unwrap()
            .unwrap()
            .uid,
        next
    );
}

#[test]
fn a_routine_cannot_be_stopped_before_it_began() {
    let mut store = memory();
    let uid = store
        .start_routine(&routine("2026-11-02"), &stamp(STAMP))
        .unwrap();
    assert!(
        store
            .stop_routine(&uid, day("2026-11-01"), &stamp(LATER))
            .is_err()
    );
    assert_eq!(store.routines().unwrap()[0].item.stopped_on, None);
}

#[test]
fn logged_nights_are_counted_in_the_baseline_window_only() {
    let mut store = memory();
    for night in [
        "2026-10-04",
        "2026-10-05",
        "2026-10-20",
        "2026-11-01",
        "2026-11-02",
    ] {
        cramp_free(&mut store, night);
    }
    let r = routine("2026-11-02");
    assert_eq!(
        store
            .logged_nights_between(r.baseline_start(), r.baseline_end())
            .unwrap(),
        3
    );
}

#[test]
fn after_a_restart_undo_takes_back_the_newest_delete_of_any_kind_then_the_one_before() {
    let (_dir, path) = temp_diary();
    {
        let mut store = open(&path);
        let session = store
            .add_session(&plain("2026-11-21 18:00"), &stamp(STAMP))
            .unwrap();
        let d = day("2026-11-22");
        store
            .set_context(d, &DailyContext::default(), &stamp(STAMP))
            .unwrap();
        let context = store.context_between(d, d).unwrap()[0].uid.clone();
        store
            .delete_session(&session, &stamp("2026-11-23T07:40:00"))
            .unwrap();
        store.delete_context(&context, &stamp(LATER)).unwrap();
    }
    let mut store = open(&path);
    let newest = store.last_delete().unwrap().expect("a delete to undo");
    assert_eq!(newest.date(), day("2026-11-22"), "{newest:?}");
    store.undo(&newest, &stamp(LATER)).unwrap();
    assert_eq!(
        context_on(&store, "2026-11-22"),
        Some(DailyContext::default())
    );
    let before = store.last_delete().unwrap().expect("the session's delete");
    assert_eq!(before.date(), day("2026-11-21"), "{before:?}");
    store.undo(&before, &stamp(LATER)).unwrap();
    assert_eq!(
        store
            .sessions_between(day("2026-11-21"), day("2026-11-21"))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.last_delete().unwrap(), None);
}
