//! Syncs killed (SIGKILL) at seeded random moments, on two devices in turn, each saving a night
//! between its syncs: afterwards every saved night is on both devices exactly once, and both
//! hold the same diary. Where a kill lands depends on the machine's speed; the seed fixes the
//! delays, and every moment of a sync (before, while reading, while writing the folder, inside
//! the diary's transaction, after) is a place no entry may be lost from.

use crate::common::Seeded;
use crate::common::diary::Diary;
use crate::common::launch;
use crate::sync_cli::{dump, new_devices};
use std::process::Stdio;
use std::time::Duration;

fn sync_status_code(d: &Diary, dir: &std::path::Path) -> i32 {
    d.run(&["sync", dir.to_str().unwrap()]).code
}

#[test]
fn a_sync_killed_at_random_moments_never_loses_or_doubles_a_saved_entry() {
    let (a, b, folder) = new_devices();
    let dir = folder.path();
    let mut rng = Seeded(0x5eed_2024);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let rounds = 24;
    let mut killed_midway = 0;
    for i in 0..rounds {
        let d = if i % 2 == 0 { &a } else { &b };
        let date = (start + chrono::Duration::days(i)).to_string();
        let note = format!("entry {i}");
        d.run(&["night", "--none", "--night", &date, "--note", &note])
            .ok();
        let mut child = launch::command(d.dir.path())
            .arg("--db")
            .arg(&d.path)
            .arg("sync")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(120)));
        if child.try_wait().unwrap().is_none() {
            killed_midway += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
    }
    // Then syncs that finish, until both have everything.
    for d in [&a, &b, &a, &b] {
        assert_eq!(sync_status_code(d, dir), 0);
    }
    assert_eq!(dump(&a), dump(&b), "both devices hold the same diary");
    let list = a.run(&["list", "--last", "120"]).ok().stdout;
    for i in 0..rounds {
        let note = format!("\"entry {i}\"");
        assert_eq!(
            list.matches(&note).count(),
            1,
            "entry {i} is there once: {list}"
        );
    }
    // Not a figure the test asserts (it depends on the machine), but worth seeing in a failure.
    println!("{killed_midway} of {rounds} syncs were killed before they ended");
}
