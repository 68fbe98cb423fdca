//! The TUI (driven in a pseudo-terminal) and the CLI each save 500 cramps at the same time:
//! all 1,000 arrive and no "database is locked" reaches the user.

use crate::common::pty::Session;
use std::thread;
use std::time::{Duration, Instant};

const EACH: usize = 500;

fn cramps(db: &std::path::Path) -> i64 {
    crate::common::sql::value(db, "SELECT count(*) FROM cramp_episodes")
}

#[test]
fn tui_and_cli_save_500_each_at_once() {
    let (_dir, db) = crate::common::new_diary();
    // The diary exists before both start (the screen would make it only at its first save).
    crate::common::launch::ok_on(&db, &["night", "--none", "--night", "2026-11-19"]);
    let mut tui = Session::at_check_in(&db, &[]);
    tui.key_then("h", "History");
    let cli_db = db.clone();
    let cli = thread::spawn(move || {
        let mut failures = Vec::new();
        for i in 0..EACH {
            let out = crate::common::launch::command(cli_db.parent().unwrap())
                .arg("--db")
                .arg(&cli_db)
                .args([
                    "cramp",
                    "--leg",
                    "right",
                    "--intensity",
                    "3",
                    "--duration",
                    "30s",
                ])
                .args(["--night", "2026-11-20"])
                .output()
                .unwrap();
            if !out.status.success() || !out.stderr.is_empty() {
                failures.push(format!("{i}: {}", String::from_utf8_lossy(&out.stderr)));
            }
        }
        failures
    });
    // On the top row (tonight), each "a" opens the cramp form and Enter saves it (a read and a
    // write in one transaction, the kind that needs BEGIN IMMEDIATE); in chunks the tty holds.
    for _ in 0..EACH / 50 {
        tui.keys(&"a\r".repeat(50));
        thread::sleep(Duration::from_millis(20));
    }
    let failures = cli.join().unwrap();
    assert!(failures.is_empty(), "the CLI failed: {failures:?}");
    let deadline = Instant::now() + Duration::from_secs(120);
    while cramps(&db) < (2 * EACH) as i64 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(cramps(&db), (2 * EACH) as i64, "screen:\n{}", tui.screen());
    let screen = tui.screen();
    assert!(
        !screen.contains("locked") && !screen.contains("cramp:"),
        "{screen}"
    );
    tui.keys("q");
    assert_eq!(tui.wait_exit(), 0, "the TUI kept running through it all");
    assert!(!tui.raw_output().contains("locked"));
}
