//! What people tripped on in the screens (issue 19, items 1-10): each test fails without its
//! fix.

use crate::common::pty::Session;

// Item 5: a mistyped --db in the screen app created the file (and folder) at once.
#[test]
fn the_screen_creates_no_diary_until_the_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("typo-folder");
    let db = folder.join("diary.db");
    let mut s = Session::start(&db, &[]);
    s.wait_for("Any cramps last night?");
    s.keys("h");
    s.wait_for("not logged");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    // The terminal harness makes `home` beside the diary; nothing else may be there.
    let left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["home"], "quitting without a save left files");
    // The first save creates it and says so on the status line.
    let mut s = Session::start(&db, &[]);
    s.wait_for("Any cramps last night?");
    s.key_then("n", "Started a new diary at");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    assert!(db.exists());
}
