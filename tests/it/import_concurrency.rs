//! A long import does not lock out saves: it stages its rows without locking the diary and
//! holds the write lock only for the short swap, so a CLI save made meanwhile succeeds (no
//! "database is locked"), and the import is still all or nothing.

use crate::common::diary::Diary;
use crate::common::run::Run;
use std::process::Stdio;

/// Longer than the 5-second busy timeout a save waits: a lock held through staging would fail it.
const STAGING_MS: &str = "6500";

#[test]
fn a_save_during_a_long_import_succeeds() {
    let d = Diary::new();
    d.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    let file = d.dir.path().join("big.json");
    crate::common::records::bulk_export(3000, &file);
    let mut importer = crate::common::launch::command(d.dir.path())
        .env("CRAMP_TEST_SLOW_IMPORT_MS", STAGING_MS)
        .arg("--db")
        .arg(&d.path)
        .args(["import", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut saves = Vec::new();
    let mut n = 0;
    while importer.try_wait().unwrap().is_none() {
        n += 1;
        let note = format!("saved during the import {n}");
        saves.push(d.run(&[
            "massage",
            "--technique",
            "ball",
            "--minutes",
            "5",
            "--note",
            &note,
        ]));
    }
    let imported = Run::from(importer.wait_with_output().unwrap()).ok();
    imported.says("added 3000 nights");
    assert!(
        saves.len() >= 2,
        "saves ran while the import ran: {}",
        saves.len()
    );
    for save in &saves {
        assert_eq!(save.code, 0, "a save during the import failed: {save:#?}");
    }
    let json = d.run(&["export", "--format", "json", "--out", "-"]).ok();
    let all: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(all["sessions"].as_array().unwrap().len(), saves.len());
    assert_eq!(all["nights"].as_array().unwrap().len(), 3001);
}
