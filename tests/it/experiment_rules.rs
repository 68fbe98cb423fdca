//! The experiment's guarantees, walked around as the audit did: any intervention with its bad
//! input refused, a daily habit's answers, an experiment imported over its own nights, a
//! schedule re-drawn until it suits, a stop moved by import or by `sqlite3`, and a diary from
//! before them migrated.

use crate::common::diary::{CRAMP, Diary, NOW};
use crate::common::export_to;
use cramp_diary::store::{STEPS, Store};
use rusqlite::Connection;
use serde_json::{Value, json};

fn status(d: &Diary, now: &str) -> Value {
    serde_json::from_str(&d.at(now, &["experiment", "--format", "json"]).ok().stdout).unwrap()
}

fn sql(d: &Diary, statement: &str) -> Result<usize, String> {
    Connection::open(&d.path)
        .unwrap()
        .execute(statement, [])
        .map_err(|e| e.to_string())
}

/// Refused in one sentence naming `words`, exit 2, the diary as it was (or still absent).
fn refused(d: &Diary, now: &str, args: &[&str], words: &str) {
    let before = d.exists().then(|| d.bytes());
    let r = d.at(now, args);
    assert_eq!(r.code, 2, "{args:?}: {r:?}");
    assert!(r.error_line().contains(words), "{args:?}: {r:?}");
    assert_eq!(d.exists().then(|| d.bytes()), before, "{args:?} wrote");
}

fn log_none(d: &Diary, nights: impl IntoIterator<Item = String>) {
    for night in nights {
        d.run(&["night", "--none", "--night", &night]).ok();
    }
}

fn nov(days: std::ops::RangeInclusive<u32>) -> impl Iterator<Item = String> {
    days.map(|d| format!("2026-11-{d:02}"))
}

#[test]
fn any_intervention_is_planned_started_and_shown() {
    let d = Diary::new();
    let plan: Value = serde_json::from_str(
        &d.run(&[
            "experiment",
            "plan",
            "--technique",
            "foam-roller",
            "--format",
            "json",
        ])
        .ok()
        .stdout,
    )
    .unwrap();
    assert_eq!(plan["intervention"]["kind"], "technique");
    assert_eq!(plan["intervention"]["name"], "foam-roller");
    assert_eq!(plan["pairs"], 8);
    d.run(&["experiment", "start", "--daily", "  magnesium  "])
        .ok();
    let doc = status(&d, NOW);
    assert_eq!(doc["format"], "cramp-experiment");
    assert_eq!(doc["version"], 2);
    assert_eq!(
        doc["intervention"],
        json!({"kind": "daily", "name": "magnesium", "label": "magnesium",
               "on_week": "magnesium every day", "off_week": "no magnesium"})
    );
    assert_eq!(doc["schedule_source"], "drawn");
    assert_eq!(doc["preregistered"], true);
    let text = d.run(&["experiment"]).ok().stdout;
    assert!(
        text.starts_with("Experiment (magnesium), week 1 of 16: "),
        "{text}"
    );
    assert!(
        text.contains(
            "Schedule: drawn by this diary on Mon 23 Nov 2026, before any of its nights."
        ),
        "{text}"
    );
    // A technique and a habit at once is no experiment clap lets through.
    let r = d.run(&["experiment", "plan", "--technique", "ball", "--daily", "x"]);
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn a_bad_intervention_is_refused_in_one_sentence_and_nothing_is_written() {
    let d = Diary::new();
    let long = "m".repeat(200);
    for (args, words) in [
        (
            vec!["experiment", "start", "--technique", "cupping"],
            "--technique must be foam-roller, massage-gun, ball, thumbs, stick, stretch or professional, got 'cupping'",
        ),
        (
            vec!["experiment", "start", "--daily", "  "],
            "--daily must be 1-60 characters, got 0",
        ),
        (
            vec!["experiment", "start", "--daily", &long],
            "--daily must be 1-60 characters, got 200",
        ),
        (
            vec!["experiment", "start", "--daily", "mag\u{1b}[2Jnesium"],
            "--daily must be plain text without control characters",
        ),
        (
            vec!["experiment", "plan", "--daily", "two\nlines"],
            "--daily must be one line, without line breaks",
        ),
        (
            vec!["experiment", "start", "--daily", "mag\tnesium"],
            "--daily must be 1-60 visible characters, without tabs or invisible format characters",
        ),
        (
            vec!["experiment", "plan", "--daily", "mag\tnesium"],
            "--daily must be 1-60 visible characters, without tabs",
        ),
        (
            vec!["experiment", "start", "--daily", "\u{200b}\u{200b}"],
            "--daily must be 1-60 visible characters, without tabs",
        ),
        (
            vec!["experiment", "start", "--daily", "mag\u{202e}muisen"],
            "--daily must be 1-60 visible characters, without tabs",
        ),
    ] {
        refused(&d, NOW, &args, words);
    }
    assert!(!d.exists());
}

#[test]
fn an_import_refusal_names_the_field_and_the_diarys_value() {
    let a = Diary::new();
    a.at(
        "2026-11-16T08:00",
        &["experiment", "start", "--technique", "foam-roller"],
    )
    .ok();
    log_none(&a, nov(16..=22));
    let out = a.dir.path().join("a.json");
    a.run(&["export", "--format", "json", "--out", out.to_str().unwrap()])
        .ok();
    let running: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let b = Diary::new();
    b.run(&["import", out.to_str().unwrap()]).ok();
    let edited = |field: &str, value: Value| {
        let mut doc = running.clone();
        doc["experiments"][0][field] = value;
        let path = b.dir.path().join("edited.json");
        std::fs::write(&path, doc.to_string()).unwrap();
        path.to_str().unwrap().to_string()
    };
    let fixed = "as this diary holds it (an experiment's plan, schedule and intervention never change once it has started)";
    for (field, value, words) in [
        (
            "start_on",
            json!("2026-11-23"),
            format!("start_on must be '2026-11-16', {fixed}, got '2026-11-23'"),
        ),
        (
            "intervention_name",
            json!("ball"),
            format!("intervention_name must be 'foam-roller', {fixed}, got 'ball'"),
        ),
        (
            "intervention_kind",
            json!("daily"),
            format!("intervention_kind must be 'technique', {fixed}, got 'daily'"),
        ),
    ] {
        refused(&b, NOW, &["import", &edited(field, value)], &words);
    }
    // A daily name with a tab, in a file: the field is named.
    let mut daily = running.clone();
    daily["experiments"][0]["uid"] = json!("e-tab");
    daily["experiments"][0]["intervention_kind"] = json!("daily");
    daily["experiments"][0]["intervention_name"] = json!("mag\tnesium");
    daily["nights"] = json!([]);
    let c = Diary::new();
    log_none(&c, ["2026-08-01".to_string()]);
    refused(
        &c,
        NOW,
        &["import", &write(&c, "tab.json", &daily)],
        "experiments[0] (uid e-tab): intervention_name must be 1-60 visible characters, without tabs or invisible format characters",
    );
    // A stop without its record time, dated before the copy's last change: refused as a stop
    // dated before the day it was recorded.
    let mut stop = running.clone();
    stop["experiments"][0]["stopped_on"] = json!("2026-11-22");
    stop["experiments"][0]["stopped_at"] = Value::Null;
    stop["experiments"][0]["updated_at"] = json!("2026-11-23T07:00:00");
    refused(
        &c,
        NOW,
        &["import", &write(&c, "stop.json", &stop)],
        "stopped_on must not be before the day the stop was recorded (2026-11-23), got 2026-11-22",
    );
}

#[test]
fn a_daily_habit_is_answered_night_by_night_and_an_answer_outside_is_refused() {
    let d = Diary::new();
    d.at(
        "2026-11-16T08:00",
        &["experiment", "start", "--daily", "magnesium"],
    )
    .ok();
    d.at(
        NOW,
        &["experiment", "answer", "yes", "--night", "2026-11-20"],
    )
    .ok();
    // Edited: the answer for a night is one row, changed.
    let r = d
        .at(NOW, &["experiment", "answer", "N", "--night", "2026-11-20"])
        .ok();
    assert_eq!(
        r.stdout,
        "Saved: magnesium on Fri 20 Nov 2026 (the day the night of Fri 20 Nov 2026 began): no.\n"
    );
    d.at(NOW, &["experiment", "answer", "yes"]).ok(); // last night, the 22nd
    let export: Value = serde_json::from_str(
        &d.run(&["export", "--format", "json", "--out", "-"])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(export["version"], 2);
    let answers = export["answers"].as_array().unwrap();
    let nights: Vec<(&str, bool)> = answers
        .iter()
        .map(|a| {
            (
                a["night_of"].as_str().unwrap(),
                a["done"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(nights, [("2026-11-20", false), ("2026-11-22", true)]);
    for (args, words) in [
        (
            vec!["experiment", "answer", "yes", "--night", "2026-11-10"],
            "--night must be a night of the experiment, 2026-11-16 to 2027-03-07, got 2026-11-10",
        ),
        (
            vec!["experiment", "answer", "yes", "--night", "2026-11-30"],
            "--night must not be in the future",
        ),
        (
            vec!["experiment", "answer", "maybe"],
            "answer must be yes or no, got 'maybe'",
        ),
    ] {
        refused(&d, NOW, &args, words);
    }
    // Nor can `sqlite3` put one outside.
    let err = sql(
        &d,
        "INSERT INTO experiment_answers (uid, experiment_uid, night_of, done, created_at, updated_at)
         SELECT 'a-x', uid, '2026-11-10', 1, 'x', 'x' FROM experiments",
    )
    .unwrap_err();
    assert!(
        err.contains("a night of its daily-habit experiment"),
        "{err}"
    );
    // A session experiment asks nothing.
    let s = Diary::new();
    s.run(&["experiment", "start", "--technique", "ball"]).ok();
    refused(
        &s,
        NOW,
        &["experiment", "answer", "yes"],
        "answer: there is no daily-habit experiment to answer for",
    );
}

/// An export file with `nights` (cramp-free, created the morning after each) and `experiments`.
fn file(d: &Diary, name: &str, nights: &[(String, String)], experiments: Vec<Value>) -> String {
    let nights: Vec<Value> = nights
        .iter()
        .enumerate()
        .map(|(i, (night, created))| {
            json!({"uid": format!("n-{i}"), "night_of": night, "status": "none",
                   "exclude_reason": null, "tight_left": null, "tight_right": null,
                   "sleep_disturbance": null, "soreness": null, "note": null,
                   "created_at": created, "updated_at": created, "deleted_at": null})
        })
        .collect();
    let doc = json!({"format": "cramp-diary-export", "version": 2, "nights": nights,
                     "episodes": [], "sessions": [], "routines": [], "context": [],
                     "experiments": experiments});
    let path = d.dir.path().join(name);
    std::fs::write(&path, doc.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

fn forged(uid: &str, start: &str, created: &str) -> Value {
    json!({"uid": uid, "start_on": start, "pairs": 6, "washout_nights": 0,
           "schedule": "routine,rest,rest,routine,routine,rest,rest,routine,routine,rest,rest,routine",
           "outcome": "o", "test": "t", "threshold": 0.05, "stopped_on": null,
           "created_at": created, "updated_at": created})
}

/// 12 weeks of nights from Mon 31 Aug 2026, each logged the morning after.
fn twelve_weeks() -> Vec<(String, String)> {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
    (0..84)
        .map(|i| {
            let night = start + chrono::Duration::days(i);
            let created = format!("{}T07:00:00", night + chrono::Duration::days(1));
            (night.to_string(), created)
        })
        .collect()
}

#[test]
fn an_experiment_imported_over_its_own_nights_is_kept_but_not_pre_registered() {
    // The audit's case: 12 weeks logged, then an experiment with an earlier created_at.
    let b = Diary::new();
    b.run(&["import", &file(&b, "nights.json", &twelve_weeks(), vec![])])
        .ok();
    let attack = file(
        &b,
        "attack.json",
        &[],
        vec![forged("e-attack", "2026-08-31", "2026-08-30T08:00:00")],
    );
    b.run(&["import", &attack]).ok();
    let doc = status(&b, NOW);
    assert_eq!(doc["preregistered"], false);
    assert_eq!(doc["schedule_source"], "imported");
    assert_eq!(doc["imported_at"], "2026-11-23T07:30:00");
    let summary = doc["summary"][0].as_str().unwrap();
    assert!(
        summary.starts_with("Result (NOT pre-registered here"),
        "{doc}"
    );
    let text = b.run(&["experiment"]).ok().stdout;
    assert!(
        text.starts_with("Result (NOT pre-registered here"),
        "{text}"
    );
    assert!(
        text.contains("NOT pre-registered here: this diary held nights on or after its start before it held the schedule"),
        "{text}"
    );
    let html = b.dir.path().join("r.html");
    b.run(&export_to("html", &html)).ok();
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("Result (NOT pre-registered here"), "html");

    // The file's own nights, created before the schedule it brings: the same.
    let c = Diary::new();
    let own = file(
        &c,
        "own.json",
        &twelve_weeks(),
        vec![forged("e-own", "2026-08-31", "2026-10-01T08:00:00")],
    );
    c.run(&["import", &own]).ok();
    assert_eq!(status(&c, NOW)["preregistered"], false);

    // A real export, its nights logged after its schedule was drawn: pre-registered here too.
    let a = Diary::new();
    a.at("2026-11-02T08:00", &["experiment", "start", "--pairs", "2"])
        .ok();
    for night in nov(2..=22) {
        a.at(NOW, &["night", "--none", "--night", &night]).ok();
    }
    let out = a.export_json("a.json");
    let d = Diary::new();
    d.run(&["import", out.to_str().unwrap()]).ok();
    let doc = status(&d, NOW);
    assert_eq!(doc["preregistered"], true, "{doc}");
    assert_eq!(
        doc["origin"],
        "drawn on Mon 2 Nov 2026 and imported from a file on Mon 23 Nov 2026; before any of its nights"
    );
}

#[test]
fn a_schedule_cannot_be_re_drawn_for_the_same_weeks_and_every_draw_is_listed() {
    let d = Diary::new();
    d.run(&["experiment", "start", "--on", "2026-12-07"]).ok();
    d.run(&["experiment", "stop"]).ok(); // cancelled before it began
    for on in ["2026-12-07", "2026-12-14", "2026-11-30"] {
        refused(
            &d,
            NOW,
            &["experiment", "start", "--on", on],
            "start date (--on) must be after 2027-03-28: a schedule drawn for 2026-12-07 to 2027-03-28 was cancelled before it began",
        );
    }
    // After its weeks, a new one may start; it is the live one, and lists the cancelled draw.
    d.at("2027-03-29T08:00", &["experiment", "start"]).ok();
    let doc = status(&d, "2027-03-30T08:00");
    assert_eq!(doc["started_on"], "2027-03-29");
    assert_eq!(
        doc["cancelled_draws"],
        json!([{"started_on": "2026-12-07", "drawn_at": "2026-11-23T07:30:00"}])
    );
    let text = d.at("2027-03-30T08:00", &["experiment"]).ok().stdout;
    assert!(
        text.contains("1 earlier draw was cancelled before it began: for Mon 7 Dec 2026 (drawn Mon 23 Nov 2026)."),
        "{text}"
    );

    // Draws re-made before this version (two cancelled, then a third kept): the live one is
    // shown, with both cancelled draws.
    let old = Diary::new();
    old.run(&["night", "--none", "--night", "2026-11-01"]).ok();
    for (uid, stop, created) in [
        ("'e-1'", "'2026-12-07'", "'2026-11-20T08:00:00'"),
        ("'e-2'", "'2026-12-07'", "'2026-11-20T08:01:00'"),
        ("'e-3'", "NULL", "'2026-11-20T08:02:00'"),
    ] {
        sql(
            &old,
            &format!(
                "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome,
                     test, threshold, stopped_on, created_at, updated_at)
                 VALUES ({uid}, '2026-12-07', 2, 0, 'routine,rest,rest,routine', 'o', 't', 0.05,
                     {stop}, {created}, {created})"
            ),
        )
        .unwrap();
    }
    let text = old.run(&["experiment"]).ok().stdout;
    assert!(
        text.starts_with("Experiment (the deep-tissue routine) starts in 14 days"),
        "{text}"
    );
    assert!(
        text.contains("2 earlier draws were cancelled before they began"),
        "{text}"
    );
}

#[test]
fn a_stop_is_final_whichever_way_it_is_moved() {
    let d = Diary::new();
    d.at("2026-11-16T08:00", &["experiment", "start"]).ok();
    log_none(&d, nov(16..=22));
    for (on, words) in [
        (
            "2026-11-22",
            "--on must be today (2026-11-23) or later: a stop is never dated before the day it is recorded, got 2026-11-22",
        ),
        (
            "2027-04-01",
            "--on must be from 2026-11-23 to the experiment's last day (2027-03-07), got 2027-04-01",
        ),
        ("9999-12-31", "the experiment's last day (2027-03-07)"),
    ] {
        refused(&d, NOW, &["experiment", "stop", "--on", on], words);
    }
    // `sqlite3`, a first stop: before a logged night (deleted or not), after the last day.
    sql(
        &d,
        "UPDATE nights SET deleted_at = '2026-11-23T07:00:00' WHERE night_of = '2026-11-22'",
    )
    .unwrap();
    for stop in ["2026-11-19", "2026-11-21", "2027-03-08", "9999-12-31"] {
        let err = sql(
            &d,
            &format!(
                "UPDATE experiments SET stopped_on = '{stop}', stopped_at = '2026-11-19T08:00:00'"
            ),
        )
        .unwrap_err();
        assert!(err.contains("stop must be"), "{stop}: {err}");
    }
    // Nor a recording time set apart from a stop, to be used by a later one.
    let err = sql(
        &d,
        "UPDATE experiments SET stopped_at = '2026-11-17T08:00:00'",
    )
    .unwrap_err();
    assert!(err.contains("stopped again"), "{err}");
    d.run(&["experiment", "stop"]).ok();
    assert_eq!(status(&d, NOW)["stopped_on"], "2026-11-23");
    refused(
        &d,
        NOW,
        &["experiment", "stop"],
        "the experiment already has a stop (its last day is 2026-11-23); a stop is final",
    );
    // `sqlite3`, a stop already set: moved, removed, re-recorded.
    for change in [
        "UPDATE experiments SET stopped_on = '2026-12-20'",
        "UPDATE experiments SET stopped_on = '2026-11-23', stopped_at = '2026-11-23T09:00:00'",
        "UPDATE experiments SET stopped_on = NULL",
        "UPDATE experiments SET stopped_at = '2026-11-30T08:00:00'",
    ] {
        let err = sql(&d, change).unwrap_err();
        assert!(err.contains("stopped again"), "{change}: {err}");
    }
    assert_eq!(status(&d, NOW)["stopped_on"], "2026-11-23");
}

#[test]
fn an_import_cannot_move_add_early_or_remove_a_stop() {
    let a = Diary::new();
    a.at("2026-11-16T08:00", &["experiment", "start"]).ok();
    log_none(&a, nov(16..=22));
    let out = a.dir.path().join("a.json");
    let export = |a: &Diary, now: &str| {
        a.at(now, &export_to("json", &out)).ok();
        serde_json::from_str::<Value>(&std::fs::read_to_string(&out).unwrap()).unwrap()
    };
    let running = export(&a, NOW);
    // B holds the same experiment and nights, then logs the 23rd and 24th itself.
    let b = Diary::new();
    b.run(&["import", out.to_str().unwrap()]).ok();
    for night in ["2026-11-23", "2026-11-24"] {
        b.at("2026-11-25T08:00", &["night", "--none", "--night", night])
            .ok();
    }
    let write = |doc: &Value| {
        let path = b.dir.path().join("edited.json");
        std::fs::write(&path, doc.to_string()).unwrap();
        path.to_str().unwrap().to_string()
    };
    // A stop dated before a night B logged inside the experiment.
    let mut early = running.clone();
    early["experiments"][0]["stopped_on"] = json!("2026-11-23");
    early["experiments"][0]["stopped_at"] = json!("2026-11-23T07:30:00");
    early["experiments"][0]["updated_at"] = json!("2026-11-23T07:30:00");
    refused(
        &b,
        "2026-11-25T08:00",
        &["import", &write(&early)],
        "stopped_on must not be before the last night this diary logged inside the experiment (2026-11-24), got 2026-11-23",
    );
    // A stop after the last day, or before the day it was recorded.
    for (stop, recorded, words) in [
        (
            "9999-12-31",
            "2026-11-25T07:30:00",
            "stopped_on must be no later than the experiment's last day (2027-03-07), got 9999-12-31",
        ),
        (
            "2026-11-26",
            "2026-11-30T07:30:00",
            "stopped_on must not be before the day the stop was recorded (2026-11-30), got 2026-11-26",
        ),
    ] {
        let mut doc = running.clone();
        doc["experiments"][0]["stopped_on"] = json!(stop);
        doc["experiments"][0]["stopped_at"] = json!(recorded);
        doc["experiments"][0]["updated_at"] = json!("2026-11-25T07:30:00");
        refused(&b, "2026-12-01T08:00", &["import", &write(&doc)], words);
    }
    // B stops; A's file then brings another stop: moved, refused. Without one: B keeps its own.
    b.at(
        "2026-11-25T08:00",
        &["experiment", "stop", "--on", "2026-11-30"],
    )
    .ok();
    let mut moved = running.clone();
    moved["experiments"][0]["stopped_on"] = json!("2026-12-02");
    moved["experiments"][0]["stopped_at"] = json!("2026-11-26T07:30:00");
    moved["experiments"][0]["updated_at"] = json!("2026-11-26T07:30:00");
    refused(
        &b,
        "2026-11-27T08:00",
        &["import", &write(&moved)],
        "stopped_on must be 2026-11-30, the stop this diary holds: a stop is final and an import cannot move it, got 2026-12-02",
    );
    b.at("2026-11-27T08:00", &["import", &write(&running)]).ok();
    assert_eq!(status(&b, "2026-11-27T08:00")["stopped_on"], "2026-11-30");
}

#[test]
fn a_diary_from_before_records_which_experiments_were_drawn_before_their_nights() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    drop(Store::open_with(&path, &STEPS[..5]).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO nights (uid, night_of, status, created_at, updated_at)
             VALUES ('n-1', '2026-08-31', 'none', '2026-09-01T07:00:00', '2026-09-01T07:00:00');
         INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
             threshold, stopped_on, created_at, updated_at)
             VALUES ('e-over', '2026-08-31', 2, 0, 'routine,rest,rest,routine', 'o', 't', 0.05,
                 '2026-09-01', '2026-10-01T08:00:00', '2026-10-02T08:00:00'),
                    ('e-before', '2027-01-04', 2, 0, 'rest,routine,routine,rest', 'o', 't', 0.05,
                 NULL, '2026-11-01T08:00:00', '2026-11-01T08:00:00');",
    )
    .unwrap();
    drop(conn);
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let rows: Vec<(String, String, i64, Option<String>)> = conn
        .prepare(
            "SELECT uid, schedule_source, preregistered, stopped_at FROM experiments ORDER BY uid",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("e-before".into(), "unrecorded".into(), 1, None),
            (
                "e-over".into(),
                "unrecorded".into(),
                0,
                Some("2026-10-02T08:00:00".into())
            ),
        ]
    );
}

/// A's export: an experiment drawn on 16 Nov, its first week logged on the 23rd.
fn running_export(a: &Diary) -> Value {
    a.at("2026-11-16T08:00", &["experiment", "start"]).ok();
    log_none(a, nov(16..=22));
    let out = a.dir.path().join("a.json");
    a.run(&["export", "--format", "json", "--out", out.to_str().unwrap()])
        .ok();
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

fn write(d: &Diary, name: &str, doc: &Value) -> String {
    let path = d.dir.path().join(name);
    std::fs::write(&path, doc.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn an_imported_stop_is_judged_with_the_files_own_nights() {
    let a = Diary::new();
    let running = export_stop(
        &running_export(&a),
        "2026-11-18",
        "2026-11-18T08:00:00",
        None,
    );
    // The review's case: a stop edited into a file whose nights after it are in the same file,
    // into a fresh diary (which holds none of them). Recording a stop changes the experiment, so
    // a stop recorded after the copy's last change was not recorded by a diary.
    let fresh = Diary::new();
    log_none(&fresh, ["2026-08-01".to_string()]);
    refused(
        &fresh,
        NOW,
        &["import", &write(&a, "late.json", &running)],
        "experiments[0] (uid ",
    );
    let r = fresh.at(NOW, &["import", &write(&a, "late.json", &running)]);
    assert!(
        r.error_line().contains(
            "stopped_at must be no later than updated_at (2026-11-16T08:00:00), since recording a stop changes the experiment, got 2026-11-18T08:00:00"
        ),
        "{r:?}"
    );
    // Nights after the stop logged before it was recorded: the stop was moved back over them.
    let mut over = export_stop(
        &running,
        "2026-11-18",
        "2026-11-18T08:00:00",
        Some("2026-11-18T08:00:00"),
    );
    for night in over["nights"].as_array_mut().unwrap() {
        night["created_at"] = json!("2026-11-17T07:00:00");
        night["updated_at"] = json!("2026-11-17T07:00:00");
    }
    refused(
        &fresh,
        NOW,
        &["import", &write(&a, "over.json", &over)],
        "stopped_on must not be before the last night inside the experiment logged before the stop was recorded at 2026-11-18T08:00:00 (the file's night 2026-11-22), got 2026-11-18",
    );
    // Recorded in the future.
    let future = export_stop(
        &running,
        "2026-11-30",
        "2026-11-30T08:00:00",
        Some("2026-11-30T08:00:00"),
    );
    refused(
        &fresh,
        NOW,
        &["import", &write(&a, "future.json", &future)],
        "updated_at must not be in the future (now is 2026-11-23T07:30), got 2026-11-30T08:00:00",
    );
    // A real early stop, then more nights logged: a backup of it moves to a fresh diary.
    let honest = export_stop(
        &running,
        "2026-11-18",
        "2026-11-18T08:00:00",
        Some("2026-11-18T08:00:00"),
    );
    fresh
        .at(NOW, &["import", &write(&a, "honest.json", &honest)])
        .ok();
    assert_eq!(status(&fresh, NOW)["stopped_on"], "2026-11-18");
}

/// `doc` with its experiment stopped on `on`, recorded at `at`, changed last at `updated` (as
/// the file had it when `None`).
fn export_stop(doc: &Value, on: &str, at: &str, updated: Option<&str>) -> Value {
    let mut doc = doc.clone();
    let e = &mut doc["experiments"][0];
    e["stopped_on"] = json!(on);
    e["stopped_at"] = json!(at);
    if let Some(u) = updated {
        e["updated_at"] = json!(u);
    }
    doc
}

#[test]
fn pre_registration_is_judged_on_the_diary_whatever_order_its_rows_arrived_in() {
    // The review's case: the experiment alone first (drawn after its nights), then its nights.
    let d = Diary::new();
    let late = forged("e-late", "2026-09-07", "2026-11-20T08:00:00");
    d.run(&["import", &file(&d, "exp.json", &[], vec![late.clone()])])
        .ok();
    d.run(&["import", &file(&d, "nights.json", &twelve_weeks(), vec![])])
        .ok();
    let doc = status(&d, NOW);
    assert_eq!(doc["preregistered"], false, "{doc}");
    assert_eq!(
        doc["origin"],
        "drawn on Fri 20 Nov 2026 and imported from a file on Mon 23 Nov 2026; NOT pre-registered here: nights it covers were logged before its schedule was drawn"
    );
    let text = d.run(&["experiment"]).ok().stdout;
    assert!(
        text.contains(
            "Result: after the last week, on Sun 29 Nov 2026 (NOT pre-registered here: nights it covers were logged before its schedule was drawn)"
        ),
        "{text}"
    );
    // The HTML report never calls its plan fixed before the first night.
    let html = d.dir.path().join("r.html");
    d.run(&export_to("html", &html)).ok();
    let html = std::fs::read_to_string(html).unwrap();
    assert!(!html.contains("fixed before the first night"), "html");
    assert!(
        html.contains("<b>Plan (NOT pre-registered here: nights it covers were logged before its schedule was drawn):</b>"),
        "html"
    );

    // sqlite3: the nights first, then an experiment inserted with its honest created_at.
    let q = Diary::new();
    q.run(&["import", &file(&q, "nights.json", &twelve_weeks(), vec![])])
        .ok();
    sql(
        &q,
        "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
             threshold, created_at, updated_at)
         VALUES ('e-q', '2026-09-07', 2, 0, 'routine,rest,rest,routine', 'o', 't', 0.05,
             '2026-11-20T08:00:00', '2026-11-20T08:00:00')",
    )
    .unwrap();
    assert_eq!(status(&q, NOW)["preregistered"], false);

    // Drawn after it began, no night logged yet: its first nights were lived before it.
    let l = Diary::new();
    l.run(&[
        "import",
        &file(
            &l,
            "exp.json",
            &[],
            vec![forged("e-l", "2026-11-02", "2026-11-20T08:00:00")],
        ),
    ])
    .ok();
    let doc = status(&l, NOW);
    assert_eq!(doc["preregistered"], false, "{doc}");
    assert!(
        doc["origin"]
            .as_str()
            .unwrap()
            .ends_with("NOT pre-registered here: its schedule was drawn after it began"),
        "{doc}"
    );
    // Drawn the day before its start, its nights logged after: pre-registered.
    let p = Diary::new();
    p.run(&[
        "import",
        &file(
            &p,
            "exp.json",
            &[],
            vec![forged("e-p", "2026-09-07", "2026-09-06T08:00:00")],
        ),
    ])
    .ok();
    p.run(&["import", &file(&p, "nights.json", &twelve_weeks(), vec![])])
        .ok();
    assert_eq!(status(&p, NOW)["preregistered"], true);
}

#[test]
fn an_import_cannot_re_draw_weeks_a_cancelled_draw_covered() {
    let d = Diary::new();
    d.run(&["experiment", "start", "--on", "2026-12-07"]).ok();
    d.run(&["experiment", "stop"]).ok(); // cancelled before it began
    // A fresh draw for the next day, made in a scratch diary.
    let scratch = Diary::new();
    scratch
        .run(&["experiment", "start", "--on", "2026-12-08"])
        .ok();
    let out = scratch.dir.path().join("s.json");
    scratch
        .run(&["export", "--format", "json", "--out", out.to_str().unwrap()])
        .ok();
    refused(
        &d,
        NOW,
        &["import", out.to_str().unwrap()],
        "start_on must be after 2027-03-28: a schedule drawn for 2026-12-07 to 2027-03-28 was cancelled before it began, and its weeks are not drawn again (a schedule re-drawn until it suits proves nothing); got 2026-12-08; nothing was imported",
    );
    // The diary's own export (its cancelled draw with it) moves to a fresh diary.
    let own = d.dir.path().join("own.json");
    d.run(&["export", "--format", "json", "--out", own.to_str().unwrap()])
        .ok();
    let fresh = Diary::new();
    fresh.run(&["import", own.to_str().unwrap()]).ok();
    assert_eq!(status(&fresh, NOW)["cancelled"], true);
}

#[test]
fn a_schedule_is_never_drawn_for_days_already_lived() {
    let d = Diary::new();
    for args in [
        &["experiment", "start", "--on", "2026-11-21"][..],
        &["experiment", "plan", "--on", "2026-11-16"][..],
    ] {
        refused(
            &d,
            NOW,
            args,
            "--on must be yesterday (2026-11-22) or later: a schedule drawn after nights it covers were lived is not pre-registered; got ",
        );
    }
    d.run(&["experiment", "start", "--on", "yesterday"]).ok();
    assert_eq!(status(&d, NOW)["preregistered"], true);
}

#[test]
fn too_few_pairs_to_ever_reach_the_level_is_said_instead_of_a_small_effect_missed() {
    let d = Diary::new();
    d.at("2026-11-02T08:00", &["experiment", "start", "--pairs", "2"])
        .ok();
    // One on week with no cramps, its off week with one a night: as strong as 2 pairs get.
    let doc = status(&d, "2026-11-02T09:00");
    let arms: Vec<String> = doc["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["arm"].as_str().unwrap().to_string())
        .collect();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    for day in 0..28 {
        let night = (start + chrono::Duration::days(day)).to_string();
        let args: Vec<&str> = if arms[(day / 7) as usize] == "on" {
            vec!["night", "--none", "--night", &night]
        } else {
            [CRAMP, &["--night", &night]].concat()
        };
        d.at("2026-11-30T08:00", &args).ok();
    }
    let text = d.at("2026-11-30T08:00", &["experiment"]).ok().stdout;
    assert!(text.starts_with("Result: no clear change"), "{text}");
    assert!(
        text.contains("What it means: With only 2 usable pairs, p can never be 0.05 or less (the smallest possible is 0.500), so this experiment could not show a change either way: it says nothing about whether the deep-tissue routine helps."),
        "{text}"
    );
    assert!(!text.contains("a small effect can be missed"), "{text}");
}

#[test]
fn a_stop_recorded_for_a_later_day_is_stated_while_it_runs() {
    let d = Diary::new();
    d.at("2026-11-16T08:00", &["experiment", "start"]).ok();
    d.at(NOW, &["experiment", "stop", "--on", "2026-11-25"])
        .ok();
    let text = d.at(NOW, &["experiment"]).ok().stdout;
    assert!(
        text.contains("week 2 of 16: ")
            && text.contains(" · stopped: its last day is Wed 25 Nov 2026, 2 days left."),
        "{text}"
    );
    assert!(
        text.contains("Result: after its last day, Wed 25 Nov 2026 (stopped early: analysed on complete pairs only); the test is run once, as planned."),
        "{text}"
    );
    assert!(!text.contains("Result: after the last week"), "{text}");
    let text = d.at("2026-11-25T08:00", &["experiment"]).ok().stdout;
    assert!(
        text.contains(" · stopped: today is its last day."),
        "{text}"
    );
}

#[test]
fn an_upgrade_removes_a_stop_after_the_last_day_so_the_diary_exports_and_imports_again() {
    let d = Diary::new();
    drop(Store::open_with(&d.path, &STEPS[..5]).unwrap());
    let conn = Connection::open(&d.path).unwrap();
    conn.execute_batch(
        "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
             threshold, stopped_on, created_at, updated_at)
             VALUES ('e-9999', '2026-09-07', 2, 0, 'routine,rest,rest,routine', 'o', 't', 0.05,
                 '9999-12-31', '2026-09-01T08:00:00', '2026-09-01T08:00:00'),
                    ('e-kept', '2026-10-05', 2, 0, 'rest,routine,routine,rest', 'o', 't', 0.05,
                 '2026-10-20', '2026-09-30T08:00:00', '2026-09-30T08:00:00');",
    )
    .unwrap();
    drop(conn);
    let out = d.dir.path().join("own.json");
    d.run(&["export", "--format", "json", "--out", out.to_str().unwrap()])
        .ok();
    let stops: Vec<(String, Option<String>, Option<String>)> = Connection::open(&d.path)
        .unwrap()
        .prepare("SELECT uid, stopped_on, stopped_at FROM experiments ORDER BY uid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        stops,
        [
            ("e-9999".into(), None, None),
            (
                "e-kept".into(),
                Some("2026-10-20".into()),
                Some("2026-09-30T08:00:00".into())
            ),
        ]
    );
    // Its own export moves to a fresh diary.
    let fresh = Diary::new();
    fresh.run(&["import", out.to_str().unwrap()]).ok();
    // And the stop is still final.
    let err = sql(
        &d,
        "UPDATE experiments SET stopped_on = '2026-10-25' WHERE uid = 'e-kept'",
    )
    .unwrap_err();
    assert!(err.contains("stopped again"), "{err}");
}

#[test]
fn a_stop_on_the_first_day_says_it_cancels_and_a_cancel_takes_no_date() {
    // Started today, tonight's cramp logged, stopped today: stored (and said) as cancelled.
    let d = Diary::new();
    d.at("2026-11-30T09:00", &["experiment", "start"]).ok();
    d.at(
        "2026-11-30T22:00",
        &[CRAMP, &["--night", "2026-11-30"]].concat(),
    )
    .ok();
    let out = d
        .at("2026-11-30T22:10", &["experiment", "stop"])
        .ok()
        .stdout;
    assert!(
        out.starts_with("Stopped on its first day, so it counts as cancelled before it began (no result): the experiment planned from Mon 30 Nov 2026 is kept"),
        "{out}"
    );
    assert_eq!(status(&d, "2026-11-30T22:10")["cancelled"], true);
    // A stop date for one that has not begun is refused, not silently replaced by a cancel.
    let e = Diary::new();
    e.run(&["experiment", "start", "--on", "2026-12-07"]).ok();
    refused(
        &e,
        NOW,
        &["experiment", "stop", "--on", "2026-12-08"],
        "--on cannot be given for the experiment planned from 2026-12-07: it has not begun, so a stop cancels it (it never runs); run `cramp experiment stop` without --on",
    );
    e.run(&["experiment", "stop"]).ok();
    // The re-draw refusal says when its suggested start can first be chosen.
    refused(
        &e,
        NOW,
        &["experiment", "start"],
        "try 2027-03-29 or later (a start that far ahead can be chosen from 2027-02-27)",
    );
    // And the experiment's page says when, instead of offering to plan another now.
    let text = e.run(&["experiment"]).ok().stdout;
    assert!(
        text.contains("Next: its weeks are not drawn again, so a new experiment can start on Mon 29 Mar 2027 or later (it can be planned from Sat 27 Feb 2027, 30 days ahead)."),
        "{text}"
    );
    assert!(!text.contains("plan another"), "{text}");
}
