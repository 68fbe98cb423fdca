//! An import into a new diary killed with SIGKILL at random points (while the file is made,
//! while rows are staged, during the swap, during the checkpoint that grows the file): the
//! diary opens afterwards, passes the integrity check, and holds the whole import or none of it.

use crate::common::diary::Diary;
use cramp_diary::demo::Lcg;
use std::time::{Duration, Instant};

const NIGHTS: i64 = 4000;
const KILLS: u32 = 12;

fn spawn_import(d: &Diary, file: &std::path::Path) -> std::process::Child {
    crate::common::launch::command(d.dir.path())
        .arg("--db")
        .arg(&d.path)
        .args(["import", file.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn wait_for_file(d: &Diary) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !d.exists() {
        assert!(Instant::now() < deadline, "the import never made the diary");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn an_import_killed_anywhere_leaves_a_sound_diary_with_all_of_it_or_none() {
    let source = Diary::new();
    let file = source.dir.path().join("big.json");
    crate::common::records::bulk_export(NIGHTS, &file);
    // How long an import writes here (from the moment its file appears), to spread the kills
    // over the writing; reading and checking the file before it writes nothing.
    let whole = Diary::new();
    let mut child = spawn_import(&whole, &file);
    wait_for_file(&whole);
    let began = Instant::now();
    assert!(child.wait().unwrap().success());
    let span = began.elapsed().as_millis().max(20) as u32;
    let mut rng = Lcg::new(14);
    let mut outcomes = (0, 0, 0);
    for _ in 0..KILLS {
        let d = Diary::new();
        let mut child = spawn_import(&d, &file);
        wait_for_file(&d);
        std::thread::sleep(Duration::from_millis(u64::from(rng.below(span))));
        let _ = child.kill();
        child.wait().unwrap();
        if !d.exists() || std::fs::metadata(&d.path).unwrap().len() == 0 {
            outcomes.0 += 1;
            continue;
        }
        let check = d.run(&["check"]);
        assert_eq!(
            check.code, 0,
            "the diary is refused after the kill: {check:#?}"
        );
        let conn = rusqlite::Connection::open(&d.path).unwrap();
        let nights: i64 = conn
            .query_row("SELECT count(*) FROM nights", [], |r| r.get(0))
            .unwrap();
        assert!(
            nights == 0 || nights == NIGHTS,
            "half an import: {nights} nights"
        );
        if nights == 0 {
            outcomes.1 += 1;
        } else {
            outcomes.2 += 1;
        }
    }
    println!(
        "kills: {} with an empty file, {} before the commit, {} after it",
        outcomes.0, outcomes.1, outcomes.2
    );
}
