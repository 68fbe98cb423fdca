//! In a real terminal: a resize is drawn at the new size whenever it comes, even while the app
//! is busy and has not yet read a key (a phone turned on its side as the diary opens).

use crate::common::pty::{Session, new_diary};

#[test]
fn a_resize_while_the_app_is_busy_starting_is_drawn_at_the_new_size() {
    let (dir, db) = new_diary();
    let go = dir.path().join("go");
    let mut s = Session::start(
        &db,
        &[("CRAMP_TEST_HOLD_FIRST_FRAME", go.to_str().unwrap())],
    );
    s.wait_for("Any cramps last night?");
    // The app is held after its first frame, before its first look at the keyboard: the
    // terminal shrinks then, and only afterwards does the app go on.
    s.resize(40, 10);
    std::fs::write(&go, "").unwrap();
    s.wait_for("Terminal too small (40x10)");
    s.resize(100, 30);
    s.wait_for("Any cramps last night?");
    s.quit();
}
