//! What one device writes to the folder travels whole, and the folder does not grow without
//! end, through a real folder and real processes: a save copied half-way (a night here, its
//! cramp still on the way) is never shown as half a save; compaction (a snapshot of a device's
//! acknowledged changes, its older files removed by that device only) loses nothing for a
//! device that joins later, one offline for months, or a compaction killed half-way.

use crate::common::Seeded;
use crate::common::diary::{CRAMP, Diary};
use crate::common::words;
use crate::sync_cli::{device, dump, log_cramp, new_devices, own_folder, sync};
use crate::sync_encrypted::SHARED_KEY;
use cramp_diary::sync::line::{Header, header_line, op_line, read_header, read_op};
use serde_json::Value;
use std::path::Path;

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
    let (a, b, folder) = new_devices();
    let dir = folder.path();
    b.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    sync(&b, dir).ok();
    sync(&a, dir).ok();
    let file = own_folder(&b, dir).join("ops-000000001.log");
    let before = std::fs::read(&file).unwrap().len();
    // One save that writes a night and its cramp (and a second cramp in another save, synced
    // together: the lines of one sync are one unit).
    b.run(&words(
        "cramp --leg left --intensity 6 --duration 60s --night 2026-11-21",
    ))
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
    let (a, b, folder) = new_devices();
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

/// The files in a folder, by name, with their bytes.
fn files_in(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn names(folder: &Path) -> Vec<String> {
    files_in(folder).into_iter().map(|(n, _)| n).collect()
}

fn log_night(d: &Diary, date: &str, note: &str) {
    d.run(&["night", "--none", "--night", date, "--note", note])
        .ok();
}

fn compact(d: &Diary, dir: &Path) -> crate::common::run::Run {
    d.run(&["sync", "compact", dir.to_str().unwrap()])
}

/// Each of `devices` syncs, twice round, so every one has every other's changes and has said so.
fn settle(devices: &[&Diary], dir: &Path) {
    for _ in 0..2 {
        for d in devices {
            assert_eq!(sync(d, dir).code, 0);
        }
    }
}

#[test]
fn three_devices_compact_and_a_fourth_joining_afterwards_gets_the_same_diary() {
    let (a, b, c) = (Diary::new(), Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    for (i, d) in [&a, &b, &c].into_iter().enumerate() {
        log_night(d, &format!("2026-10-0{}", i + 1), &format!("device {i}"));
        log_cramp(d, &format!("2026-10-1{i}"));
    }
    settle(&[&a, &b, &c], dir);
    // A change the others have not applied yet: nothing of it is compacted, and the command
    // says who it waits for.
    log_night(&a, "2026-10-20", "not seen by the others yet");
    assert_eq!(sync(&a, dir).code, 0);
    let before = names(&own_folder(&a, dir));
    let run = compact(&a, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.contains("Nothing compacted"), "{run:#?}");
    assert!(run.stdout.contains(&device(&b)[..6]), "{run:#?}");
    assert_eq!(names(&own_folder(&a, dir)), before);

    // Once every device has it: each device compacts its own files, and only its own.
    settle(&[&b, &c, &a], dir);
    for d in [&a, &b, &c] {
        let others: Vec<_> = [&a, &b, &c]
            .into_iter()
            .filter(|o| device(o) != device(d))
            .map(|o| (own_folder(o, dir), files_in(&own_folder(o, dir))))
            .collect();
        let run = compact(d, dir);
        assert_eq!(run.code, 0, "{run:#?}");
        assert!(run.stdout.contains("Compacted"), "{run:#?}");
        let left = names(&own_folder(d, dir));
        assert!(
            left.iter().all(|n| !n.starts_with("ops-")),
            "its older files went: {left:?}"
        );
        assert!(left.iter().any(|n| n.starts_with("snapshot-")), "{left:?}");
        for (path, files) in others {
            // Another device's files are never touched (its device.json only changes when
            // it syncs, and it did not).
            assert_eq!(files_in(&path), files, "{}", path.display());
        }
    }
    // A change after compaction goes to a new file.
    log_night(&b, "2026-10-21", "after compaction");
    assert_eq!(sync(&b, dir).code, 0);

    // A fourth device joins later; the snapshot of a arrives cut short at first (still being
    // copied): none of a's changes shows, nothing half; then whole, everything.
    let d = Diary::new();
    let snap = names(&own_folder(&a, dir))
        .into_iter()
        .find(|n| n.starts_with("snapshot-"))
        .unwrap();
    let snap = own_folder(&a, dir).join(snap);
    let whole = std::fs::read(&snap).unwrap();
    std::fs::write(&snap, &whole[..whole.len() / 2]).unwrap();
    let run = sync(&d, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stderr.contains("cannot be read whole yet"), "{run:#?}");
    assert_eq!(night_of(&d, "2026-10-01"), None);
    assert_eq!(night_of(&d, "2026-10-20"), None, "a's later change waits");
    // b's first changes (made before it saw a's) came; its change made after seeing a's waits
    // for them.
    assert!(night_of(&d, "2026-10-02").is_some());
    assert_eq!(night_of(&d, "2026-10-21"), None);
    std::fs::write(&snap, &whole).unwrap();
    assert_eq!(sync(&d, dir).code, 0);
    assert_eq!(dump(&d), dump(&b), "the new device holds the same diary");
    assert_eq!(cramps(&d), 3);
    // And it syncs on like any device.
    log_night(&d, "2026-10-22", "from the fourth");
    settle(&[&d, &a, &b, &c], dir);
    for x in [&a, &b, &c] {
        assert_eq!(dump(x), dump(&d));
    }
}

#[test]
fn an_encrypted_folder_compacts_into_a_sealed_snapshot() {
    let (a, b, folder) = new_devices();
    let dir = folder.path();
    for d in [&a, &b] {
        crate::sync_encrypted::set_key(d, SHARED_KEY, None);
    }
    log_night(&a, "2026-10-01", "secret knot behind the knee");
    log_cramp(&b, "2026-10-02");
    settle(&[&a, &b], dir);
    let run = compact(&a, dir);
    assert!(run.stdout.contains("Compacted"), "{run:#?}");
    assert!(crate::sync_encrypted::grep(dir, "secret knot").is_empty());
    assert!(crate::sync_encrypted::grep(dir, "cramp-sync-snapshot").is_empty());
    // A third device with the key joins afterwards and gets everything; without it, nothing.
    let c = Diary::new();
    crate::sync_encrypted::set_key(&c, SHARED_KEY, None);
    assert_eq!(sync(&c, dir).code, 0);
    assert_eq!(dump(&c), dump(&a));
    assert_eq!(
        night_of(&c, "2026-10-01").unwrap()["note"],
        "secret knot behind the knee"
    );
}

#[test]
fn a_device_offline_for_months_holds_back_compaction_and_still_converges() {
    let (a, b, c) = (Diary::new(), Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    let d = dir.to_str().unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let day = |i: i64| (start + chrono::Duration::days(i)).to_string();
    let morning = |i: i64| format!("{}T08:00", day(i + 1));
    for (i, x) in [&a, &b, &c].into_iter().enumerate() {
        x.at(&morning(3), &["night", "--none", "--night", &day(i as i64)])
            .ok();
    }
    for _ in 0..2 {
        for x in [&a, &b, &c] {
            assert_eq!(x.at(&morning(3), &["sync", d]).code, 0);
        }
    }
    // c goes quiet for four months; a and b log and compact every fortnight meanwhile.
    for i in (10..130).step_by(14) {
        a.at(&morning(i), &["night", "--none", "--night", &day(i)])
            .ok();
        b.at(
            &morning(i + 1),
            &[CRAMP, &["--night", &day(i + 1)]].concat(),
        )
        .ok();
        for x in [&a, &b] {
            assert_eq!(x.at(&morning(i + 2), &["sync", "compact", d]).code, 0);
        }
    }
    // What c has not applied stays in a's files (only what c had went into the snapshot).
    let run = a.at(&morning(140), &["sync", "compact", d]);
    assert!(run.stdout.contains("Nothing compacted"), "{run:#?}");
    assert!(run.stdout.contains(&device(&c)[..6]), "{run:#?}");
    let left = names(&own_folder(&a, dir));
    assert!(left.iter().any(|n| n.starts_with("ops-")), "{left:?}");
    // c comes back, its clock an hour off: it gets everything, and everyone converges.
    for x in [&c, &a, &b, &c] {
        assert_eq!(x.at(&morning(141), &["sync", d]).code, 0);
    }
    assert_eq!(dump(&c), dump(&a));
    assert_eq!(dump(&c), dump(&b));
    assert_eq!(
        night_of(&c, &day(122)).map(|n| n["status"].clone()),
        Some("none".into())
    );
    assert_eq!(cramps(&c), 9);
    // And now a compacts all it wrote.
    let run = a.at(&morning(142), &["sync", "compact", d]);
    assert!(run.stdout.contains("Compacted"), "{run:#?}");
    let left = names(&own_folder(&a, dir));
    assert!(left.iter().all(|n| !n.starts_with("ops-")), "{left:?}");
}

/// `cramp sync compact DIR` on `d` as a child process, pausing `pause_ms` after each step.
fn spawn_compact(d: &Diary, dir: &Path, pause_ms: u64) -> std::process::Child {
    crate::common::launch::command(d.dir.path())
        .arg("--db")
        .arg(&d.path)
        .args(["sync", "compact"])
        .arg(dir)
        .env("CRAMP_TEST_COMPACT_PAUSE_MS", pause_ms.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits (with a generous deadline: the machine may be loaded) until `seen` holds.
fn wait_for(what: &str, mut seen: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !seen() {
        assert!(std::time::Instant::now() < deadline, "never saw: {what}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Every night's note on `d`, sorted: each saved night must be there exactly once.
fn notes(d: &Diary) -> Vec<String> {
    let mut v: Vec<String> = dump(d)["nights"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["note"].as_str().map(str::to_string))
        .collect();
    v.sort();
    v
}

/// A moment of a compaction: its name, and how to see it has come.
type Step<'a> = (&'a str, Box<dyn Fn() -> bool + 'a>);

#[test]
fn a_compaction_killed_at_any_step_loses_nothing() {
    let (a, b, folder) = new_devices();
    let dir = folder.path();
    let mut saved = Vec::new();
    let mut log = |d: &Diary, i: usize| {
        let note = format!("entry {i:02}");
        log_night(d, &format!("2026-09-{:02}", i + 1), &note);
        saved.push(note);
    };
    log(&a, 0);
    log(&b, 1);
    settle(&[&a, &b], dir);
    assert!(compact(&a, dir).stdout.contains("Compacted"));
    log(&a, 2);
    settle(&[&a, &b], dir);
    let own = own_folder(&a, dir);
    let snapshots = |n: usize| {
        names(&own)
            .iter()
            .filter(|f| f.starts_with("snapshot-"))
            .count()
            == n
    };
    // Killed right after the new snapshot is written (both snapshots and the file it covers
    // still there), then right after that file is removed (the old snapshot still there).
    let steps: [Step<'_>; 2] = [
        ("the new snapshot written", Box::new(|| snapshots(2))),
        (
            "the older file removed",
            Box::new(|| snapshots(2) && !names(&own).iter().any(|f| f.starts_with("ops-"))),
        ),
    ];
    for (i, (what, seen)) in steps.iter().enumerate() {
        // Paused at the first step until killed; three seconds at each step for the second.
        let mut child = spawn_compact(&a, dir, if i == 0 { 600_000 } else { 3_000 });
        wait_for(what, seen);
        child.kill().unwrap();
        child.wait().unwrap();
        // Whatever the kill left, a device joining now gets everything, once.
        let joined = Diary::new();
        assert_eq!(sync(&joined, dir).code, 0, "after the kill at: {what}");
        assert_eq!(notes(&joined), notes(&a), "after the kill at: {what}");
        assert_eq!(sync(&b, dir).code, 0);
        assert_eq!(dump(&b), dump(&a));
        if i == 0 {
            // Start again from "snapshot written": the next compaction finishes the job, the
            // same steps again.
            for f in names(&own) {
                if f.starts_with("snapshot-") && Some(&f) == names(&own).last() {
                    std::fs::remove_file(own.join(f)).unwrap();
                }
            }
        }
    }
    // Kills at seeded random moments, a save before each.
    let mut rng = Seeded(0xc0_4ac7);
    for i in 3..13 {
        log(if i % 3 == 0 { &b } else { &a }, i);
        assert_eq!(sync(&b, dir).code, 0);
        let mut child = spawn_compact(&a, dir, 40);
        std::thread::sleep(std::time::Duration::from_millis(rng.below(200)));
        let _ = child.kill();
        child.wait().unwrap();
    }
    settle(&[&a, &b], dir);
    assert_eq!(compact(&a, dir).code, 0);
    let joined = Diary::new();
    assert_eq!(sync(&joined, dir).code, 0);
    saved.sort();
    for d in [&a, &b, &joined] {
        assert_eq!(notes(d), saved, "every saved night, exactly once");
    }
    assert_eq!(dump(&joined), dump(&a));
    assert_eq!(dump(&b), dump(&a));
}

#[test]
fn a_newer_device_waits_alone_while_the_others_apply_and_arrives_after_the_update() {
    let (a, b, c) = (Diary::new(), Diary::new(), Diary::new());
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path();
    log_night(&b, "2026-11-10", "from b before");
    settle(&[&a, &b, &c], dir);
    // b runs a newer cramp: its next save is written in a newer diary format (the line as a
    // newer cramp would write it: the same record, a higher format number).
    log_night(&b, "2026-11-11", "from the newer b");
    assert_eq!(sync(&b, dir).code, 0);
    let file = own_folder(&b, dir).join("ops-000000001.log");
    let text = std::fs::read_to_string(&file).unwrap();
    let (old, last) = text.trim_end().rsplit_once('\n').unwrap();
    let mut op = read_op(last, u32::MAX).unwrap();
    op.schema = 999;
    let newer = format!("{old}\n{}", op_line(&op));
    std::fs::write(&file, &newer).unwrap();
    // c, same version as a, logs a night and edits b's older night meanwhile.
    log_night(&c, "2026-11-12", "from c");
    c.run(&["night", "--night", "2026-11-10", "--note", "edited on c"])
        .ok();
    assert_eq!(sync(&c, dir).code, 0);
    // u already runs the newer cramp too: it applies b's change, then logs a night of its own,
    // which depends on b's change (u had it when it logged).
    let updated = |d: &Diary, args: &[&str]| {
        crate::common::run::Run::from(
            d.command()
                .env("CRAMP_TEST_KNOWN_SCHEMA", "999")
                .args(args)
                .output()
                .unwrap(),
        )
    };
    let u = Diary::new();
    assert_eq!(updated(&u, &["sync", dir.to_str().unwrap()]).code, 0);
    updated(
        &u,
        &[
            "night",
            "--none",
            "--night",
            "2026-11-13",
            "--note",
            "from u",
        ],
    );
    assert_eq!(updated(&u, &["sync", dir.to_str().unwrap()]).code, 0);
    // a applies c's changes, holds back b's newer one, and says why, naming the file; u's
    // night waits with it, for the update (not for changes "not in the folder yet"); and
    // the newer change, whole, is never "still being copied".
    let run = sync(&a, dir);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(!run.stderr.contains("still being copied"), "{run:#?}");
    assert!(
        run.stdout
            .contains("1 change waits for the update of cramp on this device"),
        "{run:#?}"
    );
    assert!(!run.stdout.contains("not in the folder yet"), "{run:#?}");
    assert!(
        run.stderr.contains("newer cramp") && run.stderr.contains("update cramp on this device"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("ops-000000001.log"), "{run:#?}");
    assert_eq!(night_of(&a, "2026-11-12").unwrap()["note"], "from c");
    assert_eq!(night_of(&a, "2026-11-10").unwrap()["note"], "edited on c");
    assert_eq!(night_of(&a, "2026-11-11"), None);
    // Again: still waiting, nothing lost, nothing doubled.
    assert!(sync(&a, dir).stderr.contains("newer cramp"));
    assert_eq!(night_of(&a, "2026-11-11"), None);
    // After the update (this cramp now knows that format), the waiting change is applied.
    let run = crate::common::run::Run::from(
        a.command()
            .env("CRAMP_TEST_KNOWN_SCHEMA", "999")
            .args(["sync", dir.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(!run.stderr.contains("newer cramp"), "{run:#?}");
    assert_eq!(
        night_of(&a, "2026-11-11").unwrap()["note"],
        "from the newer b"
    );
    assert_eq!(night_of(&a, "2026-11-12").unwrap()["note"], "from c");
    assert_eq!(night_of(&a, "2026-11-13").unwrap()["note"], "from u");
}
