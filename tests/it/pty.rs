//! End to end in a real pseudo-terminal: the binary is driven by keys, its screen is read
//! through a vt100 parser, and expected text is polled for with a deadline (never a sleep).

use crate::common::pty::{Session, new_diary};
use std::path::Path;

fn list(db: &Path) -> String {
    let out = crate::common::launch::command(db.parent().unwrap())
        .args(["--db"])
        .arg(db)
        .args(["list", "--last", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn log_a_cramp_with_the_keyboard_then_find_it_with_list() {
    let (_dir, db) = new_diary();
    let mut s = Session::at_check_in(&db, &[]);
    s.key_then("y", "New cramp");
    // Tab to intensity, type 8; Tab to duration, type 2m; save.
    s.key_then("\t\t", "› intensity");
    s.key_then("8", "8/10");
    s.key_then("\t", "› duration");
    s.key_then("2m", "2m");
    s.key_then("\r", "Calf tightness");
    s.key_then("3", "3/10");
    s.key_then("\t", "› right calf");
    s.key_then("5", "5/10");
    s.key_then("\r", "Cramps since");
    s.quit();
    s.assert_terminal_restored();
    let listed = list(&db);
    let line = listed
        .lines()
        .find(|l| l.starts_with("2026-11-22"))
        .unwrap();
    assert!(line.contains("left calf 8/10 2m woke"), "{listed}");
    assert!(line.contains("tight L3 R5"), "{listed}");
}

#[test]
fn one_key_logs_a_cramp_free_night() {
    let (_dir, db) = new_diary();
    let mut s = Session::at_check_in(&db, &[]);
    s.key_then("n", "Calf tightness");
    // Quit straight away: the night was saved by the one key.
    s.quit();
    assert!(list(&db).contains("2026-11-22 Sun  no cramps"));
}

fn restored_after(signal: Option<&str>, expected_exit: u32) {
    let (_dir, db) = new_diary();
    let mut s = Session::at_check_in(&db, &[]);
    match signal {
        Some(name) => s.signal(name),
        None => s.keys("q"),
    }
    assert_eq!(s.wait_exit(), expected_exit);
    s.assert_terminal_restored();
}

#[test]
fn terminal_is_restored_on_quit() {
    restored_after(None, 0);
}

#[test]
fn terminal_is_restored_on_sigterm() {
    restored_after(Some("TERM"), 128 + 15);
}

#[test]
fn terminal_is_restored_on_sighup() {
    restored_after(Some("HUP"), 128 + 1);
}

#[test]
fn terminal_is_restored_after_a_panic() {
    let (_dir, db) = new_diary();
    let mut s = Session::at_check_in(&db, &[("CRAMP_TEST_PANIC", "1")]);
    s.keys("!");
    assert_ne!(s.wait_exit(), 0);
    s.assert_terminal_restored();
    assert!(
        s.raw_output()
            .contains("panic requested by CRAMP_TEST_PANIC")
    );
}

#[test]
fn a_refused_diary_is_reported_before_the_screen_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    std::fs::write(
        &db,
        "not a diary at all, just some text that is long enough",
    )
    .unwrap();
    let mut s = Session::start(&db, &[]);
    assert_eq!(s.wait_exit(), 1);
    let raw = s.raw_output();
    assert!(raw.contains("is not a cramp diary"), "{raw}");
    assert!(
        !raw.contains("\x1b[?1049h"),
        "the screen was never taken over"
    );
}

#[test]
fn terminal_is_restored_after_an_error() {
    let (_dir, db) = new_diary();
    let mut s = Session::at_check_in(&db, &[("CRAMP_TEST_ERROR", "1")]);
    s.keys("~");
    assert_eq!(s.wait_exit(), 1);
    s.assert_terminal_restored();
    let raw = s.raw_output();
    let after = &raw[raw.rfind("\x1b[?1049l").unwrap()..];
    assert!(
        after.contains("cramp: error requested by CRAMP_TEST_ERROR"),
        "{raw}"
    );
}
