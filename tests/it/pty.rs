//! End to end in a real pseudo-terminal: the binary is driven by keys, its screen is read
//! through a vt100 parser, and expected text is polled for with a deadline (never a sleep).

use crate::common::pty::{Session, new_diary};
use std::path::Path;

fn list(db: &Path) -> String {
    crate::common::launch::ok_on(db, &["list", "--last", "3"])
}

#[test]
fn log_a_cramp_with_the_keyboard_then_find_it_with_list() {
    let (_dir, db) = new_diary();
    let mut s = Session::at_check_in(&db, &[]);
    s.new_cramp("8", "2m");
    s.key_then("\r", "Calf tightness");
    s.key_then("3", "3/10");
    s.key_then("\t", "› right calf");
    s.key_then("5", "5/10");
    s.key_then("\r", "Cramps since");
    s.quit();
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

/// The app asked by `env` to fail at `key`: the terminal is given back; its exit code and what
/// it wrote.
fn failing_on_request(env: (&str, &str), key: &str) -> (u32, String) {
    let (_dir, db) = new_diary();
    let mut s = Session::at_check_in(&db, &[env]);
    s.keys(key);
    let code = s.wait_exit();
    s.assert_terminal_restored();
    (code, s.raw_output())
}

#[test]
fn terminal_is_restored_after_a_panic() {
    let (code, raw) = failing_on_request(("CRAMP_TEST_PANIC", "1"), "!");
    assert_ne!(code, 0);
    assert!(raw.contains("panic requested by CRAMP_TEST_PANIC"), "{raw}");
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
    let (code, raw) = failing_on_request(("CRAMP_TEST_ERROR", "1"), "~");
    assert_eq!(code, 1);
    let after = &raw[raw.rfind("\x1b[?1049l").unwrap()..];
    assert!(
        after.contains("cramp: error requested by CRAMP_TEST_ERROR"),
        "{raw}"
    );
}
