//! Sessions and the routine, end to end in a pseudo-terminal.

use crate::common::pty::{Session, new_diary};
use std::path::Path;

fn cramp(db: &Path, args: &[&str]) {
    crate::common::launch::ok_on(db, args);
}

fn sessions(db: &Path) -> Vec<(String, String, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT at, technique, minutes_per_calf FROM massage_sessions WHERE deleted_at IS NULL ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The app on a diary whose last night is logged (so it opens on the history), with the new
/// session form open.
fn new_session_form() -> (tempfile::TempDir, std::path::PathBuf, Session) {
    let (dir, db) = new_diary();
    cramp(&db, &["night", "--none"]);
    let mut s = Session::start(&db, &[]);
    s.wait_for("Cramps since");
    s.key_then("m", "New self-massage session");
    (dir, db, s)
}

#[test]
fn record_a_session_then_repeat_it_confirming_the_twin() {
    let (_dir, db, mut s) = new_session_form();
    // technique, legs, when, then minutes per calf: type 9 over the suggested 8.
    s.key_then("\t\t\t", "› minutes per calf");
    s.key_then("9", "minutes per calf 9");
    s.key_then("\r", "Saved the foam roller session");
    s.key_then("s", "Same as last time");
    // The same session again within 10 minutes asks once before saving (issue 9).
    s.key_then("\r", "saved in the last 10 minutes");
    s.key_then("\r", "Saved the foam roller session");
    s.quit();
    let saved = sessions(&db);
    assert_eq!(
        saved,
        vec![
            ("2026-11-23T07:30".to_string(), "foam-roller".to_string(), 9),
            ("2026-11-23T07:30".to_string(), "foam-roller".to_string(), 9),
        ]
    );
}

#[test]
fn choosing_the_massage_gun_shows_its_settings() {
    let (_dir, db, mut s) = new_session_form();
    assert!(!s.screen().contains("gun speed"));
    s.key_then("l", "massage-gun");
    s.wait_for("gun speed");
    s.key_then("\r", "Saved the massage gun session");
    s.quit();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (speed, head): (String, String) = conn
        .query_row(
            "SELECT gun_speed, gun_head FROM massage_sessions",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((speed.as_str(), head.as_str()), ("medium", "ball"));
}

#[test]
fn the_check_in_shows_where_the_routine_is() {
    let (_dir, db) = new_diary();
    cramp(&db, &["routine", "start", "--on", "2026-11-02"]);
    cramp(
        &db,
        &["massage", "--technique", "ball", "--at", "2026-11-23 06:50"],
    );
    let mut s = Session::at_check_in(&db, &[]);
    s.wait_for("Routine day 22 of 28 · this week 1 session on 1 day");
    s.key_then("r", "Deep-tissue routine");
    s.wait_for("Day 22 of 28");
    s.quit();
}
