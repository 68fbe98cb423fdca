//! A writer killed with SIGKILL at random points during 1,000 saves loses no save it reported
//! as done, and the diary stays sound.

use cramp_diary::demo::Lcg;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const SAVES: u32 = 1000;

#[test]
fn a_writer_killed_at_random_points_loses_no_reported_save() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let bin = crate::common::launch::bin();
    let mut rng = Lcg::new(2026);
    let mut reported = BTreeSet::new();
    let mut next = 1;
    let mut kills = 0;
    while next <= SAVES {
        // One save per process; "done N" only after the command said it saved.
        let script = format!(
            "i={next}; while [ $i -le {SAVES} ]; do \
               \"$BIN\" --db \"$DB\" massage --technique ball --minutes 1 --again --note \"save $i\" >/dev/null || exit 1; \
               echo done $i; i=$((i+1)); done"
        );
        let mut child = crate::common::launch::isolate(&mut Command::new("sh"), dir.path())
            .arg("-c")
            .arg(script)
            .env("BIN", &bin)
            .env("DB", &db)
            .stdout(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("done ") {
                    tx.send(n.parse::<u32>().unwrap()).unwrap();
                }
            }
        });
        // Let it run for a random while, then kill the whole group mid-save.
        let run_for = Duration::from_millis(30 + u64::from(rng.below(300)));
        let finished = match rx.recv_timeout(run_for) {
            Ok(n) => {
                reported.insert(n);
                false
            }
            Err(mpsc::RecvTimeoutError::Timeout) => false,
            Err(mpsc::RecvTimeoutError::Disconnected) => true,
        };
        thread::sleep(run_for);
        if !finished {
            let pgid = child.id().to_string();
            Command::new("kill")
                .args(["-KILL", "--", &format!("-{pgid}")])
                .status()
                .unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        reader.join().unwrap();
        reported.extend(rx.try_iter());
        next = reported.last().map_or(1, |n| n + 1);
    }
    assert!(kills >= 10, "the writer was killed only {kills} times");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn.prepare("SELECT note FROM massage_sessions").unwrap();
    let saved: BTreeSet<u32> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|n| n.unwrap().trim_start_matches("save ").parse().unwrap())
        .collect();
    let lost: Vec<&u32> = reported.difference(&saved).collect();
    assert!(lost.is_empty(), "reported as saved but missing: {lost:?}");
    assert_eq!(reported.len() as u32, SAVES);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
