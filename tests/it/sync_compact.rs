//! What one device writes to the folder travels whole, and the folder does not grow without
//! end, through a real folder and real processes: a save copied half-way (a night here, its
//! cramp still on the way) is never shown as half a save; compaction (a snapshot of a device's
//! acknowledged changes, its older files removed by that device only) loses nothing for a
//! device that joins later, one offline for months, or a compaction killed half-way.

use crate::common::diary::Diary;
use crate::sync_cli::{dump, sync};
use cramp_diary::sync::line::{Header, header_line, op_line, read_header, read_op};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// This diary's device id, as `sync status` shows it.
fn device(d: &Diary) -> String {
    let out = d.run(&["sync", "status"]).ok().stdout;
    out.lines()
        .find_map(|l| l.strip_prefix("This device: "))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .to_string()
}

fn own_folder(d: &Diary, dir: &Path) -> PathBuf {
    dir.join(format!("cramp-{}", device(d)))
}

/// The nights of a diary's JSON export, by date.
fn night_of(d: &Diary, date: &str) -> Option<Value> {
    dump(d)["nights"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["night_of"] == date)
        .cloned()
}

/// The cramps of a diary's JSON export.
fn cramps(d: &Diary) -> usize {
    dump(d)["episodes"].as_array().map_or(0, Vec::len)
}

#[test]
fn a_save_copied_half_way_is_shown_whole_or_not_at_all() {
    let (a, b) = (Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    b.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    sync(&b, dir).ok();
    sync(&a, dir).ok();
    let file = own_folder(&b, dir).join("ops-000000001.log");
    let before = std::fs::read(&file).unwrap().len();
    // One save that writes a night and its cramp (and a second cramp in another save, synced
    // together: the lines of one sync are one unit).
    b.run(&[
        "cramp",
        "--leg",
        "left",
        "--intensity",
        "6",
        "--duration",
        "60s",
        "--night",
        "2026-11-21",
    ])
    .ok();
    sync(&b, dir).ok();
    let whole = std::fs::read(&file).unwrap();
    // Every line boundary inside what that sync wrote, its end excluded.
    let cuts: Vec<usize> = whole[before..whole.len() - 1]
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == b'\n')
        .map(|(i, _)| before + i + 1)
        .collect();
    assert!(!cuts.is_empty(), "the save wrote more than one line");
    for cut in cuts {
        std::fs::write(&file, &whole[..cut]).unwrap();
        let run = sync(&a, dir);
        assert_eq!(run.code, 0, "{run:#?}");
        assert_eq!(
            night_of(&a, "2026-11-21"),
            None,
            "cut at byte {cut}: half a save must not show (a night without its cramp)"
        );
        assert!(run.stderr.contains("still being copied"), "{run:#?}");
        assert_eq!(cramps(&a), 0);
        let list = a.run(&["list", "--last", "5"]).ok().stdout;
        assert!(
            list.lines()
                .any(|l| l.starts_with("2026-11-21") && l.contains("not logged")),
            "{list}"
        );
    }
    // The rest arrives: the whole save shows.
    std::fs::write(&file, &whole).unwrap();
    let run = sync(&a, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(night_of(&a, "2026-11-21").unwrap()["status"], "cramps");
    assert_eq!(cramps(&a), 1);
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn a_folder_written_by_the_previous_version_still_reads_and_is_never_mixed_with_the_new_layout() {
    let (a, b) = (Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    b.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    b.run(&["night", "--none", "--night", "2026-11-21"]).ok();
    sync(&b, dir).ok();
    // The same file as the previous version (file layout 1) wrote it: no unit ends.
    let file = own_folder(&b, dir).join("ops-000000001.log");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    let mut h: Header = read_header(lines.next().unwrap()).unwrap();
    assert_eq!(h.version, 2);
    h.version = 1;
    let mut old = header_line(&h);
    for l in lines {
        old.push_str(&op_line(&read_op(l, u32::MAX).unwrap()));
    }
    assert!(!old.contains("\"e\""));
    std::fs::write(&file, &old).unwrap();
    assert_eq!(sync(&a, dir).code, 0);
    assert!(night_of(&a, "2026-11-20").is_some() && night_of(&a, "2026-11-21").is_some());
    // The new version never appends its layout to the old file (the previous version could
    // not read it): its next changes start a file of their own.
    b.run(&["night", "--none", "--night", "2026-11-22"]).ok();
    assert_eq!(sync(&b, dir).code, 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), old);
    assert!(own_folder(&b, dir).join("ops-000000003.log").exists());
    assert_eq!(sync(&a, dir).code, 0);
    assert_eq!(dump(&a), dump(&b));
}
