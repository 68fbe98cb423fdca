//! What a waiting sync question shows, through real processes and a real folder: a record
//! deleted on one device and edited on another stays in the diary, as edited, until answered
//! (README "What a conflict is": the kept record, marked "(shown now)").

use crate::common::diary::Diary;
use crate::common::words;
use crate::sync_cli::{conflict_ids, dump, new_devices, sync};
use serde_json::Value;

/// Changes the first cramp of `d` through an export and re-import at `now` (the way a person
/// edits or deletes a cramp with no screen: both record the change for sync).
fn change_cramp(d: &Diary, now: &str, edit: impl Fn(&mut Value)) {
    let mut v = dump(d);
    let cramp = &mut v["episodes"][0];
    edit(cramp);
    cramp["updated_at"] = Value::from(format!("{now}:00"));
    let file = d.dir.path().join("changed.json");
    std::fs::write(&file, v.to_string()).unwrap();
    d.at(now, &["import", file.to_str().unwrap()]).ok();
}

fn the_night(d: &Diary) -> String {
    let list = d.run(&["list", "--last", "5"]).ok().stdout;
    list.lines()
        .find(|l| l.starts_with("2026-11-20"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_cramp_deleted_on_one_device_and_edited_on_the_other_stays_as_edited_until_answered() {
    let (a, b, folder) = new_devices();
    a.run(&words(
        "cramp --leg left --intensity 6 --duration 1m --night 2026-11-20 --note orig",
    ))
    .ok();
    sync(&a, folder.path()).ok();
    sync(&b, folder.path()).ok();
    // Neither device sees the other's change before it makes its own.
    change_cramp(&a, "2026-11-23T08:00", |c| {
        c["deleted_at"] = Value::from("2026-11-23T08:00:00");
    });
    change_cramp(&b, "2026-11-23T08:05", |c| c["intensity"] = Value::from(9));
    for d in [&a, &b, &a] {
        sync(d, folder.path()).ok();
    }
    // While the question waits, both diaries show the edited cramp, and say which side that is.
    for d in [&a, &b] {
        assert!(
            the_night(d).contains("1 cramp: left calf 9/10"),
            "{}",
            the_night(d)
        );
        let asked = d.run(&["sync", "conflicts"]).ok().stdout;
        let keep = asked
            .lines()
            .find(|l| l.contains("keep it"))
            .unwrap_or_default();
        assert!(keep.ends_with("(shown now)"), "{asked}");
        assert!(!asked.contains("(deleted)"), "{asked}");
    }
    assert_eq!(dump(&a), dump(&b));
    // Answered "delete it" on one device: gone on both, and no question left.
    let id = conflict_ids(&a).remove(0);
    a.at("2026-11-23T09:00", &["sync", "choose", &id, "1"]).ok();
    sync(&a, folder.path()).ok();
    sync(&b, folder.path()).ok();
    for d in [&a, &b] {
        assert!(the_night(d).contains("0 cramps"), "{}", the_night(d));
        assert!(conflict_ids(d).is_empty());
    }
}

#[test]
fn a_possible_duplicate_shows_the_values_that_tell_the_two_cramps_apart() {
    let (a, b, folder) = new_devices();
    a.run(&words(
        "cramp --leg left --intensity 6 --duration 1m --at 03:10 --night 2026-11-22",
    ))
    .ok();
    let later_cramp =
        words("cramp --leg left --intensity 7 --duration 2m --at 03:25 --night 2026-11-22 --note");
    b.at(
        "2026-11-23T07:35",
        &[&later_cramp[..], &["second one"]].concat(),
    )
    .ok();
    for d in [&a, &b, &a] {
        sync(d, folder.path()).ok();
    }
    for d in [&a, &b] {
        let asked = d.run(&["sync", "conflicts"]).ok().stdout;
        assert!(asked.contains("possible duplicate?"), "{asked}");
        let line = |which: &str| {
            asked
                .lines()
                .find(|l| l.trim_start().starts_with(which))
                .unwrap_or_default()
                .to_string()
        };
        let (first, second) = (line("first:"), line("second:"));
        let with = |l: &str, v: &[&str]| v.iter().all(|x| l.contains(x));
        let six = [" 03:10 left calf 6/10 1m woke — "];
        let seven = [" 03:25 left calf 7/10 2m woke \"second one\" — "];
        assert!(
            (with(&first, &six) && with(&second, &seven))
                || (with(&first, &seven) && with(&second, &six)),
            "{asked}"
        );
    }
}
