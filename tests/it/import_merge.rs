//! Import never goes back in time and applies every rule typed input applies: rows merge by
//! when they last changed (the newer copy wins, a deletion is a change, a tie keeps the
//! diary's copy), a uid repeated in the file is counted as such, and a refused file names the
//! record and the field and leaves the diary unchanged. A long import does not lock out saves.

use crate::common::diary::{CRAMP, Diary};
use crate::common::run::Run;
use cramp_diary::domain::Uid;
use cramp_diary::store::Store;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn export(d: &Diary) -> Value {
    let run = d.run(&["export", "--format", "json", "--out", "-"]).ok();
    serde_json::from_str(&run.stdout).unwrap()
}

fn write(d: &Diary, name: &str, doc: &Value) -> PathBuf {
    let path = d.dir.path().join(name);
    std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    path
}

fn import(d: &Diary, file: &Path) -> Run {
    d.run(&["import", file.to_str().unwrap()])
}

fn night<'v>(doc: &'v Value, date: &str) -> &'v Value {
    doc["nights"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["night_of"] == date)
        .unwrap_or_else(|| panic!("no night {date}"))
}

fn uid_of(d: &Diary, date: &str) -> Uid {
    let doc = export(d);
    Uid::from(night(&doc, date)["uid"].as_str().unwrap())
}

/// Three nights logged on the 20th at 07:30: A with a note, B cramp-free, C with a cramp.
fn three_nights() -> Diary {
    let d = Diary::new();
    let t0 = "2026-11-20T07:30";
    d.at(
        t0,
        &[
            "night",
            "--none",
            "--night",
            "2026-11-17",
            "--note",
            "first",
        ],
    )
    .ok();
    d.at(t0, &["night", "--none", "--night", "2026-11-18"]).ok();
    d.at(t0, &[CRAMP, &["--night", "2026-11-19"]].concat()).ok();
    d
}

fn delete_night(d: &Diary, date: &str, stamp: &str) {
    let uid = uid_of(d, date);
    let mut store = Store::open(&d.path).unwrap();
    store
        .delete_night(&uid, &crate::common::stamp(stamp))
        .unwrap();
}

#[test]
fn an_older_export_does_not_undo_an_edit_or_a_deletion() {
    let d = three_nights();
    let old = write(&d, "old.json", &export(&d));
    // Later: A edited, B deleted.
    d.at(
        "2026-11-22T08:00",
        &["night", "--night", "2026-11-17", "--note", "edited"],
    )
    .ok();
    delete_night(&d, "2026-11-18", "2026-11-22T08:05:00");
    let run = import(&d, &old).ok();
    assert!(
        run.stdout
            .contains("kept out 2 nights older than the diary's copy"),
        "{run:#?}"
    );
    let now = export(&d);
    assert_eq!(night(&now, "2026-11-17")["note"], "edited");
    assert!(
        night(&now, "2026-11-18")["deleted_at"].is_string(),
        "still deleted"
    );
    let list = d.run(&["list", "--last", "7"]).ok();
    list.says("2026-11-18 Wed  not logged");
}

#[test]
fn a_newer_export_wins_deletions_included() {
    let source = three_nights();
    let copy = three_nights();
    // The copy starts as the same diary.
    let first = write(&copy, "first.json", &export(&source));
    std::fs::remove_file(&copy.path).unwrap();
    import(&copy, &first).ok();
    source
        .at(
            "2026-11-22T08:00",
            &["night", "--night", "2026-11-17", "--note", "edited"],
        )
        .ok();
    delete_night(&source, "2026-11-18", "2026-11-22T08:05:00");
    let newer = write(&copy, "newer.json", &export(&source));
    let run = import(&copy, &newer).ok();
    run.says("updated 2 nights");
    let now = export(&copy);
    assert_eq!(night(&now, "2026-11-17")["note"], "edited");
    assert!(night(&now, "2026-11-18")["deleted_at"].is_string());
}

#[test]
fn a_tie_keeps_the_diarys_copy_and_a_repeated_uid_is_a_duplicate_of_the_file() {
    let d = three_nights();
    let mut doc = export(&d);
    // Same updated_at, other content: the diary's copy stays.
    let nights = doc["nights"].as_array_mut().unwrap();
    let a = nights
        .iter_mut()
        .find(|n| n["night_of"] == "2026-11-17")
        .unwrap();
    a["note"] = json!("changed without a newer stamp");
    let repeated = a.clone();
    nights.push(repeated);
    let file = write(&d, "tie.json", &doc);
    let run = import(&d, &file).ok();
    assert!(
        run.stdout
            .contains("skipped 3 nights, 1 cramp already in the diary"),
        "{run:#?}"
    );
    run.says("ignored 1 night repeated in the file");
    assert!(!run.stdout.contains("kept out"), "{run:#?}");
    assert_eq!(night(&export(&d), "2026-11-17")["note"], "first");
}

#[test]
fn rows_with_other_uids_are_kept_even_when_identical() {
    let d = Diary::new();
    d.run(&[
        "massage",
        "--technique",
        "ball",
        "--minutes",
        "5",
        "--at",
        "2026-11-22 20:00",
    ])
    .ok();
    let mut doc = export(&d);
    let mut twin = doc["sessions"][0].clone();
    twin["uid"] = json!("twin-session-1");
    doc["sessions"].as_array_mut().unwrap().push(twin);
    let file = write(&d, "twins.json", &doc);
    let run = import(&d, &file).ok();
    run.says("added 1 session");
    assert_eq!(export(&d)["sessions"].as_array().unwrap().len(), 2);
}

/// Imports `doc` and expects a refusal naming `words`, exit 2, the diary unchanged.
fn refused(d: &Diary, doc: &Value, words: &[&str]) {
    let before = d.bytes();
    let file = write(d, "bad.json", doc);
    let run = import(d, &file);
    assert_eq!(run.code, 2, "{run:#?}");
    let line = run.error_line();
    for w in words {
        assert!(line.contains(w), "expected {w:?} in {line}");
    }
    assert!(
        !line.contains("CHECK") && !line.contains("constraint"),
        "{line}"
    );
    assert_eq!(d.bytes(), before, "the diary changed");
}

fn fresh_night(uid: &str, date: &str, status: &str) -> Value {
    json!({
        "uid": uid, "night_of": date, "status": status, "exclude_reason": null,
        "tight_left": null, "tight_right": null, "sleep_disturbance": null, "soreness": null,
        "note": null, "created_at": "2026-11-21T07:00:00", "updated_at": "2026-11-21T07:00:00",
        "deleted_at": null
    })
}

fn fresh_cramp(uid: &str, night_uid: &str) -> Value {
    json!({
        "uid": uid, "night_uid": night_uid, "leg": "left", "muscle": "calf", "intensity": 5,
        "duration_s": 60, "at_time": null, "woke": true, "note": null,
        "created_at": "2026-11-21T07:00:00", "updated_at": "2026-11-21T07:00:00",
        "deleted_at": null
    })
}

fn doc_with(nights: Vec<Value>, episodes: Vec<Value>, routines: Vec<Value>) -> Value {
    json!({
        "format": "cramp-diary-export", "version": 1, "nights": nights, "episodes": episodes,
        "sessions": [], "routines": routines, "context": []
    })
}

fn routine(uid: &str, start: &str) -> Value {
    json!({
        "uid": uid, "start_on": start, "weeks": 4, "per_week": 5, "baseline_nights": 28,
        "stopped_on": null, "created_at": "2026-11-01T07:00:00",
        "updated_at": "2026-11-01T07:00:00", "deleted_at": null
    })
}

#[test]
fn every_rule_of_typed_input_applies_to_each_record_and_across_records() {
    let d = three_nights();
    let a = fresh_night("night-a", "2026-11-10", "cramps");
    let mut escaped = a.clone();
    escaped["note"] = json!("sore\u{1b}[2J");
    refused(
        &d,
        &doc_with(vec![escaped], vec![], vec![]),
        &["nights[0] (uid night-a)", "note", "control characters"],
    );
    let mut shouting = a.clone();
    shouting["status"] = json!("CRAMPS");
    refused(
        &d,
        &doc_with(vec![a.clone(), shouting], vec![], vec![]),
        &[
            "nights[1]",
            "status: expected cramps, none or excluded, got 'CRAMPS'",
        ],
    );
    let mut long = a.clone();
    long["note"] = json!("x".repeat(501));
    refused(
        &d,
        &doc_with(vec![long], vec![], vec![]),
        &["nights[0]", "note must be at most 500 characters"],
    );
    // The app's clock (CRAMP_NOW = 23 Nov) decides what "future" is.
    refused(
        &d,
        &doc_with(
            vec![fresh_night("night-f", "2026-11-25", "none")],
            vec![],
            vec![],
        ),
        &[
            "nights[0] (uid night-f)",
            "night_of must not be in the future",
        ],
    );
    refused(
        &d,
        &doc_with(
            vec![fresh_night("night-n", "2026-11-11", "none")],
            vec![fresh_cramp("cramp-n", "night-n")],
            vec![],
        ),
        &["nights[0] (uid night-n)", "none", "has cramps"],
    );
    let mut deleted = fresh_night("night-d", "2026-11-12", "cramps");
    deleted["deleted_at"] = json!("2026-11-21T08:00:00");
    refused(
        &d,
        &doc_with(
            vec![deleted],
            vec![fresh_cramp("cramp-d", "night-d")],
            vec![],
        ),
        &["episodes[0] (uid cramp-d)", "deleted"],
    );
    refused(
        &d,
        &doc_with(
            vec![],
            vec![],
            vec![routine("r-1", "2026-10-01"), routine("r-2", "2026-10-15")],
        ),
        &["routines[1] (uid r-2)", "overlaps"],
    );
    // A night already logged under another uid.
    refused(
        &d,
        &doc_with(
            vec![fresh_night("night-x", "2026-11-18", "none")],
            vec![],
            vec![],
        ),
        &["nights[0] (uid night-x)", "already logged"],
    );
    // A wrong type names the record and field, not a place past the end of the file.
    let mut typed = fresh_cramp("cramp-t", "night-a");
    typed["intensity"] = json!("7");
    refused(
        &d,
        &doc_with(vec![a.clone()], vec![typed], vec![]),
        &["episodes[0].intensity: invalid type: string \"7\""],
    );
    // A date, time or change time not written as the diary writes it names the record (type,
    // position, uid) and the field, in the words of the other refusals.
    refused(
        &d,
        &doc_with(
            vec![a.clone(), fresh_night("night-30", "2026-02-30", "none")],
            vec![],
            vec![],
        ),
        &["nights[1] (uid night-30): night_of must be a date as YYYY-MM-DD, got \"2026-02-30\""],
    );
    let mut unpadded = routine("r-3", "2026-10-01");
    unpadded["stopped_on"] = json!("2026-10-5");
    refused(
        &d,
        &doc_with(vec![], vec![], vec![unpadded]),
        &["routines[0] (uid r-3): stopped_on must be a date as YYYY-MM-DD, got \"2026-10-5\""],
    );
    let mut early = fresh_cramp("cramp-3", "night-a");
    early["at_time"] = json!("3:10");
    refused(
        &d,
        &doc_with(vec![a.clone()], vec![early], vec![]),
        &["episodes[0] (uid cramp-3): at_time must be HH:MM, got \"3:10\""],
    );
    let mut midnight = fresh_cramp("cramp-4", "night-a");
    midnight["at_time"] = json!("24:00");
    refused(
        &d,
        &doc_with(vec![a.clone()], vec![midnight], vec![]),
        &["episodes[0] (uid cramp-4): at_time must be a time as HH:MM (00:00-23:59), got '24:00'"],
    );
    let mut zulu = fresh_night("night-z", "2026-11-13", "none");
    zulu["updated_at"] = json!("2026-11-21T07:00:00Z");
    refused(
        &d,
        &doc_with(vec![zulu], vec![], vec![]),
        &[
            "nights[0] (uid night-z): updated_at must be a time as YYYY-MM-DDTHH:MM:SS, got \"2026-11-21T07:00:00Z\"",
        ],
    );
    let mut missing = fresh_night("night-m", "2026-11-13", "none");
    missing.as_object_mut().unwrap().remove("status");
    refused(
        &d,
        &doc_with(vec![missing], vec![], vec![]),
        &["nights[0]", "missing field `status`"],
    );
}

#[test]
fn an_overlap_with_a_routine_already_in_the_diary_is_refused() {
    let d = three_nights();
    d.run(&["routine", "start", "--on", "2026-11-02"]).ok();
    refused(
        &d,
        &doc_with(vec![], vec![], vec![routine("r-9", "2026-11-10")]),
        &[
            "routines[0] (uid r-9)",
            "overlaps the routine from 2026-11-02",
        ],
    );
}

#[test]
fn an_import_larger_than_the_cap_is_refused_before_reading() {
    let d = three_nights();
    let big = d.dir.path().join("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(cramp_diary::files::IMPORT_MAX_BYTES + 1)
        .unwrap();
    let run = import(&d, &big);
    run.fails(2, &["at most 64 MiB"]);
}

#[test]
fn of_a_uid_repeated_in_the_file_the_newest_copy_counts_wherever_it_stands() {
    let old = fresh_night("night-r", "2026-11-14", "none");
    let mut newer = old.clone();
    newer["note"] = json!("the newer copy");
    newer["updated_at"] = json!("2026-11-22T07:00:00");
    for order in [
        vec![old.clone(), newer.clone()],
        vec![newer.clone(), old.clone()],
    ] {
        let d = Diary::new();
        let file = write(&d, "repeated.json", &doc_with(order, vec![], vec![]));
        let run = import(&d, &file).ok();
        run.says("added 1 night");
        run.says("ignored 1 night repeated in the file");
        assert_eq!(night(&export(&d), "2026-11-14")["note"], "the newer copy");
    }
}

#[test]
fn a_copy_stamped_in_the_future_cannot_outrank_later_edits() {
    let d = three_nights();
    // Another device's clock two years ahead: its copy of A would win every later merge.
    let mut doc = export(&d);
    let uid = uid_of(&d, "2026-11-17");
    for n in doc["nights"].as_array_mut().unwrap() {
        if n["uid"] == uid.as_str() {
            n["note"] = json!("from the future");
            n["updated_at"] = json!("2028-11-20T07:30:00");
        }
    }
    refused(
        &d,
        &doc,
        &["nights[", "updated_at must not be in the future"],
    );
    // A clock a few hours ahead is tolerated.
    for n in doc["nights"].as_array_mut().unwrap() {
        if n["uid"] == uid.as_str() {
            n["updated_at"] = json!("2026-11-23T10:00:00");
        }
    }
    let file = write(&d, "ahead.json", &doc);
    import(&d, &file).ok();
    assert_eq!(night(&export(&d), "2026-11-17")["note"], "from the future");
}

#[test]
fn an_export_saved_with_a_byte_order_mark_imports() {
    let d = three_nights();
    let mut doc = export(&d);
    for n in doc["nights"].as_array_mut().unwrap() {
        if n["night_of"] == "2026-11-18" {
            n["note"] = json!("edited in an editor");
            n["updated_at"] = json!("2026-11-22T07:30:00");
        }
    }
    let path = d.dir.path().join("bom.json");
    let text = format!("\u{feff}{}", serde_json::to_string_pretty(&doc).unwrap());
    std::fs::write(&path, text).unwrap();
    import(&d, &path).ok();
    assert_eq!(
        night(&export(&d), "2026-11-18")["note"],
        "edited in an editor"
    );
}

fn experiment(uid: &str, start: &str) -> Value {
    json!({
        "uid": uid, "start_on": start, "pairs": 2, "washout_nights": 0,
        "schedule": "routine,rest,rest,routine", "outcome": "cramps per night",
        "test": "randomisation test", "threshold": 0.05, "stopped_on": null,
        "created_at": "2026-11-01T07:00:00", "updated_at": "2026-11-01T07:00:00"
    })
}

fn with_experiments(mut doc: Value, experiments: Vec<Value>) -> Value {
    doc["experiments"] = json!(experiments);
    doc
}

#[test]
fn routines_and_experiments_never_overlap_whichever_comes_from_the_file() {
    // A routine over an experiment already in the diary (the case the attack found).
    let d = three_nights();
    d.run(&["experiment", "start", "--on", "2026-11-23"]).ok();
    refused(
        &d,
        &doc_with(vec![], vec![], vec![routine("r-1", "2026-12-01")]),
        &[
            "routines[0] (uid r-1)",
            "overlaps the on/off experiment from 2026-11-23",
        ],
    );
    // An experiment over a routine already in the diary.
    let d = three_nights();
    d.run(&["routine", "start", "--on", "2026-11-23"]).ok();
    refused(
        &d,
        &with_experiments(
            doc_with(vec![], vec![], vec![]),
            vec![experiment("e-1", "2026-11-30")],
        ),
        &[
            "experiments[0] (uid e-1)",
            "overlaps the routine from 2026-11-23",
        ],
    );
    // Both in the file, in either order of start: the later one is named.
    let d = three_nights();
    refused(
        &d,
        &with_experiments(
            doc_with(vec![], vec![], vec![routine("r-2", "2026-11-30")]),
            vec![experiment("e-2", "2026-11-23")],
        ),
        &[
            "routines[0] (uid r-2)",
            "overlaps the on/off experiment from 2026-11-23",
        ],
    );
    refused(
        &d,
        &with_experiments(
            doc_with(vec![], vec![], vec![routine("r-3", "2026-11-23")]),
            vec![experiment("e-3", "2026-11-30")],
        ),
        &[
            "experiments[0] (uid e-3)",
            "overlaps the routine from 2026-11-23",
        ],
    );
    // Side by side they are both added.
    let run = import(
        &d,
        &write(
            &d,
            "apart.json",
            &with_experiments(
                doc_with(vec![], vec![], vec![routine("r-4", "2026-10-01")]),
                vec![experiment("e-4", "2026-11-23")],
            ),
        ),
    )
    .ok();
    assert!(
        run.stdout.contains("1 experiment, 1 routine"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_experiment_is_merged_and_counted_in_the_words_of_every_other_record() {
    let d = three_nights();
    let summary = |name: &str, experiments: Vec<Value>| {
        let doc = with_experiments(doc_with(vec![], vec![], vec![]), experiments);
        import(&d, &write(&d, name, &doc)).ok().stdout
    };
    let planned = experiment("e-5", "2026-11-23");
    assert!(
        summary("a.json", vec![planned.clone()]).contains("added 1 experiment;"),
        "added"
    );
    let again = summary("b.json", vec![planned.clone()]);
    assert!(
        again.contains("skipped 1 experiment already in the diary"),
        "{again}"
    );
    // A newer copy brings the early stop the diary lacks.
    let mut stopped = planned.clone();
    stopped["stopped_on"] = json!("2026-11-30");
    stopped["updated_at"] = json!("2026-11-22T08:00:00");
    let newer = summary("c.json", vec![stopped.clone()]);
    assert!(newer.contains("updated 1 experiment;"), "{newer}");
    assert_eq!(export(&d)["experiments"][0]["stopped_on"], "2026-11-30");
    // The older copy, without the stop, is kept out as older; the stop stays.
    let older = summary("d.json", vec![planned.clone()]);
    assert!(
        older.contains("kept out 1 experiment older than the diary's copy"),
        "{older}"
    );
    // A newer copy cannot take a stop away (the plan's own rule on top of "newer wins").
    let mut unstopped = planned.clone();
    unstopped["updated_at"] = json!("2026-11-22T09:00:00");
    let kept = summary("e.json", vec![unstopped, stopped.clone()]);
    assert!(
        kept.contains("skipped 1 experiment already in the diary")
            && kept.contains("ignored 1 experiment repeated in the file"),
        "{kept}"
    );
    assert_eq!(export(&d)["experiments"][0]["stopped_on"], "2026-11-30");
}
