//! The real binary in a pseudo-terminal: the morning check-in names this week of the experiment.

use crate::common::pty::{Session, new_diary};

#[test]
fn the_check_in_shows_this_weeks_arm() {
    let (_dir, db) = new_diary();
    let run = |args: &[&str]| crate::common::launch::ok_on(&db, args);
    // Drawn on its first day, a week ago.
    let out = crate::common::launch::command(db.parent().unwrap())
        .env("CRAMP_NOW", "2026-11-16T08:00")
        .arg("--db")
        .arg(&db)
        .args(["experiment", "start"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let doc: serde_json::Value =
        serde_json::from_str(&run(&["experiment", "--format", "json"])).unwrap();
    // The order is random: read which arm week 2 drew.
    let arm = doc["schedule"][1]["arm"].as_str().unwrap();
    let words = match arm {
        "on" => "week 2 of 16: on week — deep-tissue work",
        _ => "week 2 of 16: off week — no deep-tissue work",
    };
    let mut s = Session::at_check_in(&db, &[]);
    s.wait_for(words);
    s.wait_for("6 days left");
    s.quit();
}
