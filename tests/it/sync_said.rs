//! What `cramp sync` and `sync status` say about the folder, through real processes: each
//! note names what really happened, once where it cannot change (adversarial report, finding
//! 11), and a line too long to be a sync line is refused without being read whole (finding 13).

use crate::common::diary::Diary;
use crate::common::words;
use crate::sync_cli::{new_devices, own_folder, sync};
use std::io::Write;
use std::path::Path;

fn night(d: &Diary, date: &str) {
    d.run(&["night", "--none", "--night", date]).ok();
}

/// A device that logged the night of `date` cramp-free and synced it to a new folder: the diary
/// and the folder.
fn one_device_synced(date: &str) -> (Diary, tempfile::TempDir) {
    let a = Diary::new();
    let folder = tempfile::tempdir().unwrap();
    night(&a, date);
    sync(&a, folder.path()).ok();
    (a, folder)
}

fn status(d: &Diary, dir: &Path) -> String {
    d.run(&["sync", "status", dir.to_str().unwrap()])
        .ok()
        .stdout
}

fn append(file: &Path, bytes: &[u8]) {
    std::fs::OpenOptions::new()
        .append(true)
        .open(file)
        .unwrap()
        .write_all(bytes)
        .unwrap();
}

#[test]
fn this_devices_own_file_cut_short_is_named_as_repaired_once_never_as_still_being_copied() {
    let (a, folder) = one_device_synced("2026-11-20");
    // A write of this device cut short (the disk full, the process killed): half a line.
    let file = own_folder(&a, folder.path()).join("ops-000000001.log");
    append(&file, b"{\"d\":\"cut sh");
    let said = status(&a, folder.path());
    assert!(said.contains("ends in a write cut short"), "{said}");
    assert!(!said.contains("still being copied"), "{said}");
    let run = sync(&a, folder.path());
    assert_eq!(run.code, 0, "{run:#?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{run:#?}");
    assert!(
        lines[0].contains("ops-000000001.log ended in a write cut short")
            && lines[0].contains("it was cut back to its last whole save"),
        "{run:#?}"
    );
    // Repaired: the next sync and the status say nothing of it.
    let run = sync(&a, folder.path());
    assert!(run.stderr.is_empty(), "{run:#?}");
    assert!(!status(&a, folder.path()).contains("Noticed"));
}

#[test]
fn a_conflict_copy_holding_part_of_a_save_is_named_once_as_never_completing() {
    let (a, b, folder) = new_devices();
    // One save of b's: its night and its cramp, two lines of one unit.
    b.run(&words(
        "cramp --leg left --intensity 6 --duration 1m --night 2026-11-20",
    ))
    .ok();
    sync(&b, folder.path()).ok();
    let theirs = own_folder(&b, folder.path());
    let text = std::fs::read_to_string(theirs.join("ops-000000001.log")).unwrap();
    let part: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    let copy = theirs.join("ops-000000001.sync-conflict-20261123-073000-ABCDEFG.log");
    std::fs::write(&copy, part).unwrap();
    let run = sync(&a, folder.path());
    assert_eq!(run.code, 0, "{run:#?}");
    let about = crate::common::lines_with(&run.stderr, "sync-conflict-20261123");
    assert!(
        about
            .iter()
            .any(|l| l.contains("holding only part of a save")
                && l.contains("a conflict copy never grows")),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("still being copied"), "{run:#?}");
    let run = sync(&a, folder.path());
    assert!(
        !run.stderr.contains("part of a save"),
        "said once: {run:#?}"
    );
    assert!(!run.stderr.contains("still being copied"), "{run:#?}");
    let list = a.run(&["list", "--last", "5"]).ok().stdout;
    assert!(list.contains("1 cramp: left calf 6/10"), "{list}");
}

#[test]
fn after_a_restore_from_a_backup_status_counts_what_the_folder_holds() {
    let (a, folder) = one_device_synced("2026-11-19");
    night(&a, "2026-11-20");
    // A backup taken before that change went out; then it goes out; then the backup is back.
    let backup = a.dir.path().join("backup.db");
    a.run(&["backup", backup.to_str().unwrap()]).ok();
    sync(&a, folder.path()).ok();
    std::fs::copy(&backup, &a.path).unwrap();
    let said = status(&a, folder.path());
    let line = said
        .lines()
        .find(|l| l.starts_with("Changes made here"))
        .unwrap();
    assert_eq!(line, "Changes made here: 2; in the folder: 2", "{said}");
    let run = sync(&a, folder.path()).ok();
    assert!(run.stdout.contains("sent 0 changes"), "{run:#?}");
}

#[test]
fn a_line_longer_than_the_bound_is_refused_naming_the_file_and_line_without_reading_it_whole() {
    let (a, b, folder) = new_devices();
    night(&a, "2026-11-19");
    night(&b, "2026-11-20");
    sync(&b, folder.path()).ok();
    // Garbage far longer than any sync line, with no line break (as if still being copied).
    let file = own_folder(&b, folder.path()).join("ops-000000001.log");
    let lines = std::fs::read_to_string(&file).unwrap().lines().count();
    append(&file, &vec![b'x'; 3 * 1024 * 1024]);
    let run = sync(&a, folder.path());
    assert_eq!(run.code, 2, "{run:#?}");
    let said = run.error_line();
    assert!(
        said.contains("ops-000000001.log")
            && said.contains(&format!("line {} is longer than 1 MiB", lines + 1)),
        "{said}"
    );
    let list = a.run(&["list", "--last", "5"]).ok().stdout;
    assert!(
        !list.contains("2026-11-20 Fri  no cramps"),
        "diary unchanged: {list}"
    );
}
