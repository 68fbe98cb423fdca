//! In a real terminal: the screen follows a clock moved across midnight (a debug-build test
//! clock file), keys on a too-small screen write nothing, and a new diary says so.

use crate::common::assert_holds;
use crate::common::pty::{Session, new_diary};
use std::path::Path;

fn cramp(db: &Path, now: &str, args: &[&str]) -> String {
    let out = crate::common::launch::command(db.parent().unwrap())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CRAMP_NOW", now)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_diary_left_open_overnight_asks_about_the_night_that_just_ended() {
    let (dir, db) = new_diary();
    let clock = dir.path().join("clock");
    cramp(
        &db,
        "2026-11-23T07:00",
        &["night", "--none", "--night", "2026-11-22"],
    );
    std::fs::write(&clock, "2026-11-23T23:50").unwrap();
    let clock_path = clock.to_str().unwrap();
    let mut s = Session::start(
        &db,
        &[
            ("CRAMP_NOW", "2026-11-23T23:50"),
            ("CRAMP_TEST_CLOCK_FILE", clock_path),
        ],
    );
    s.wait_for("Mon 23 Nov 2026 23:50");
    s.wait_for("Cramps since");
    // Morning comes with the screen still open; the first key only wakes it onto the check-in
    // (it is not applied to a screen the person has not seen).
    std::fs::write(&clock, "2026-11-24T07:10").unwrap();
    s.key_then("h", "Any cramps last night?");
    s.wait_for("Tue 24 Nov 2026 07:10");
    s.key_then("n", "Calf tightness");
    s.quit();
    let listed = cramp(&db, "2026-11-24T07:15", &["list", "--last", "3"]);
    assert_holds(
        &listed,
        &["2026-11-23 Mon  no cramps", "2026-11-22 Sun  no cramps"],
    );
}

#[test]
fn keys_on_a_too_small_screen_write_nothing() {
    let (_dir, db) = new_diary();
    cramp(
        &db,
        "2026-11-23T07:00",
        &["night", "--none", "--night", "2026-11-21"],
    );
    let mut s = Session::at_check_in(&db, &[]);
    s.resize(40, 10);
    s.wait_for("Terminal too small");
    // n would mark last night cramp-free; y and Enter would start and save a cramp. Sent at
    // once, so all are read before the terminal grows again.
    s.keys("ny\r");
    s.wait_for("That key did nothing");
    s.resize(100, 30);
    s.wait_for("Any cramps last night?");
    s.quit();
    let listed = cramp(&db, "2026-11-23T07:40", &["list", "--last", "2"]);
    assert!(listed.contains("2026-11-22 Sun  not logged"), "{listed}");
}

#[test]
fn the_first_save_in_a_new_diary_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new-folder").join("diary.db");
    let mut s = Session::at_check_in(&db, &[]);
    s.key_then("n", "Started a new diary at");
    s.quit();
}
