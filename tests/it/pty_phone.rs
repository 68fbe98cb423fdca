//! The real binary in a 40x12 pseudo-terminal, a phone held upright: a cramp and a cramp-free
//! night are logged with the keyboard alone.

use crate::common::pty::{NOW, Session, new_diary};
use std::path::Path;

fn list(db: &Path, now: &str) -> String {
    let out = crate::common::launch::command(db.parent().unwrap())
        .args(["--db"])
        .arg(db)
        .args(["list", "--last", "3"])
        .env("CRAMP_NOW", now)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_cramp_then_a_cramp_free_night_logged_at_40x12() {
    let (_dir, db) = new_diary();
    let mut s = Session::start_sized(&db, &[], 40, 12);
    s.wait_for("Any cramps last night?");
    s.new_cramp("7", "90s");
    s.key_then("\t", "› time");
    s.key_then("3:10", "3:10");
    // The last field is reached by scrolling: the note is on screen when focused.
    s.key_then("\t\t", "› note");
    s.key_then("\r", "Calf tightness");
    s.quit();
    let listed = list(&db, NOW);
    assert!(
        listed.contains("2026-11-22 Sun  1 cramp: 03:10 left calf 7/10 1m30s woke"),
        "{listed}"
    );

    // The next morning, one key.
    let next = "2026-11-24T07:30";
    let mut s = Session::start_sized(&db, &[("CRAMP_NOW", next)], 40, 12);
    s.wait_for("Any cramps last night?");
    s.key_then("n", "Calf tightness");
    s.quit();
    assert!(
        list(&db, next).contains("2026-11-23 Mon  no cramps"),
        "{}",
        list(&db, next)
    );
}
