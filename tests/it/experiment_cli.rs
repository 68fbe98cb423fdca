//! `cramp experiment`, run as a user would: the plan's figures, a start that fixes the schedule
//! for good, one experiment or routine at a time, stop, and the JSON shape.

use crate::common::assert_holds;
use crate::common::diary::Diary;
use crate::common::export_to;
use rusqlite::Connection;
use serde_json::Value;

#[test]
fn the_plan_states_the_smallest_p_and_whether_a_verdict_is_reachable() {
    let d = Diary::new();
    for (pairs, smallest, reachable) in [
        ("3", 0.25, false),
        ("5", 0.0625, false),
        ("6", 0.03125, true),
        ("8", 0.0078125, true),
    ] {
        let plan = d.json(
            crate::common::diary::NOW,
            &["experiment", "plan", "--pairs", pairs, "--format", "json"],
        );
        assert_eq!(plan["smallest_p"], smallest, "{pairs} pairs");
        assert_eq!(plan["can_reach_verdict"], reachable, "{pairs} pairs");
        assert_eq!(plan["weeks"], pairs.parse::<u32>().unwrap() * 2);
        assert_eq!(plan["power"], serde_json::json!([]), "no history: unknown");
        assert_eq!(plan["recommended_pairs"], 8, "the default when unknown");
    }
    assert!(!d.exists(), "planning writes nothing");
}

#[test]
fn the_plan_estimates_power_from_recent_nights() {
    let d = Diary::new();
    for day in 1..=22 {
        let night = format!("2026-11-{day:02}");
        d.cramp(&["--night", &night]).ok();
    }
    let plan = d.json(
        crate::common::diary::NOW,
        &["experiment", "plan", "--format", "json"],
    );
    // A cramp every night: 7 a week, steady. Power at 6, 8 and 12 pairs, growing.
    let power: Vec<(u64, f64)> = plan["power"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["pairs"].as_u64().unwrap(),
                p["power_halving"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        power.iter().map(|p| p.0).collect::<Vec<_>>(),
        vec![6, 8, 12]
    );
    assert!(
        power[0].1 < power[1].1 && power[1].1 <= power[2].1 && power[2].1 > 0.5,
        "{power:?}"
    );
    assert_eq!(plan["recent_cramps_per_week"], 7.0);
    let recommended = plan["recommended_pairs"].as_u64().unwrap();
    let first_80 = power.iter().find(|p| p.1 >= 0.8).map_or(12, |p| p.0);
    assert_eq!(recommended, first_80, "{plan}");
    let text = d.run(&["experiment", "plan"]).ok().stdout;
    assert!(
        text.contains(&format!("Recommended: {recommended} pairs")),
        "{text}"
    );
    assert!(text.contains("p is how often the random order"), "{text}");
}

#[test]
fn bad_input_is_refused_with_one_sentence_and_nothing_written() {
    let d = Diary::new();
    let r = d.run(&["experiment", "start", "--pairs", "1"]);
    r.fails_saying(2, "cramp: pairs must be 2-16, got 1");
    let r = d.run(&["experiment", "start", "--washout-nights", "5"]);
    assert_eq!(r.error_line(), "cramp: washout nights must be 0-3, got 5");
    assert!(!d.exists());
}

fn schedule(d: &Diary) -> String {
    Connection::open(&d.path)
        .unwrap()
        .query_row("SELECT schedule FROM experiments", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_schedule_is_stored_at_start_and_can_never_be_changed() {
    let d = Diary::new();
    d.run(&["experiment", "start", "--on", "2026-11-30"]).ok();
    let stored = schedule(&d);
    assert_eq!(stored.split(',').count(), 16, "8 pairs by default");
    let conn = Connection::open(&d.path).unwrap();
    for change in [
        "UPDATE experiments SET schedule = 'routine,rest,routine,rest,routine,rest,routine,rest,routine,rest,routine,rest'",
        "UPDATE experiments SET pairs = 8",
        "UPDATE experiments SET washout_nights = 2",
        "UPDATE experiments SET start_on = '2026-12-07'",
        "UPDATE experiments SET threshold = 0.1",
        "DELETE FROM experiments",
    ] {
        let err = conn.execute(change, []).unwrap_err().to_string();
        assert!(err.contains("experiment"), "{change}: {err}");
    }
    drop(conn);
    assert_eq!(schedule(&d), stored);
    // Starting again cannot redraw it either: the new one would overlap.
    let r = d.run(&["experiment", "start", "--on", "2026-11-30"]);
    r.fails(2, &["an on/off experiment runs from 2026-11-30"]);
    assert_eq!(schedule(&d), stored);
}

#[test]
fn no_replace_or_renumbering_can_swap_a_started_schedule() {
    // REPLACE deletes the old row without firing the delete trigger: without a guard of its
    // own it would put a new schedule in place of the drawn one.
    let d = Diary::new();
    d.run(&["experiment", "start", "--on", "2026-11-30"]).ok();
    let stored = schedule(&d);
    let other: String = stored
        .split(',')
        .map(|w| if w == "routine" { "rest" } else { "routine" })
        .collect::<Vec<_>>()
        .join(",");
    let copy = |verb: &str| {
        format!(
            "{verb} INTO experiments (id, uid, start_on, pairs, washout_nights, schedule, outcome,
                 test, threshold, created_at, updated_at)
             SELECT id, uid, start_on, pairs, washout_nights, '{other}', outcome, test, threshold,
                 created_at, updated_at FROM experiments"
        )
    };
    let conn = Connection::open(&d.path).unwrap();
    conn.execute(
        "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
             threshold, created_at, updated_at)
         VALUES ('b', '2027-06-07', 2, 0, 'rest,routine,routine,rest', 'o', 't', 0.05, 'x', 'x')",
        [],
    )
    .unwrap();
    for change in [
        copy("INSERT OR REPLACE"),
        copy("REPLACE"),
        "UPDATE OR REPLACE experiments SET id = 1 WHERE uid = 'b'".to_string(),
        // Malformed rows are refused too: a week too few, a word that is no arm, another threshold.
        "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
             threshold, created_at, updated_at)
         VALUES ('c', '2028-01-03', 2, 0, 'rest,routine,routine', 'o', 't', 0.05, 'x', 'x')"
            .to_string(),
        "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
             threshold, created_at, updated_at)
         VALUES ('c', '2028-01-03', 2, 0, 'rest,routine,routine,reset', 'o', 't', 0.05, 'x', 'x')"
            .to_string(),
        "INSERT INTO experiments (uid, start_on, pairs, washout_nights, schedule, outcome, test,
             threshold, created_at, updated_at)
         VALUES ('c', '2028-01-03', 2, 0, 'rest,routine,routine,rest', 'o', 't', 0.2, 'x', 'x')"
            .to_string(),
    ] {
        let err = conn.execute(&change, []).unwrap_err().to_string();
        assert!(err.contains("experiment"), "{change}: {err}");
    }
    let count: i64 = conn
        .query_row("SELECT count(*) FROM experiments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
    drop(conn);
    let first: String = Connection::open(&d.path)
        .unwrap()
        .query_row("SELECT schedule FROM experiments WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(first, stored);
}

#[test]
fn it_must_start_before_any_of_its_nights_is_logged() {
    let d = Diary::new();
    d.run(&["night", "--none", "--night", "2026-11-22"]).ok();
    let before = d.bytes();
    let r = d.run(&["experiment", "start", "--on", "2026-11-22"]);
    r.fails(2, &["after the last logged night (2026-11-22)"]);
    assert_eq!(d.bytes(), before, "nothing written");
    d.run(&["experiment", "start", "--on", "2026-11-23"]).ok();
}

#[test]
fn one_experiment_or_routine_at_a_time_both_ways() {
    let d = Diary::new();
    d.run(&["routine", "start", "--on", "2026-11-23"]).ok();
    let r = d.run(&["experiment", "start", "--on", "2026-12-01"]);
    r.fails(2, &["a routine runs from 2026-11-23 to 2026-12-20"]);
    let e = Diary::new();
    e.run(&["experiment", "start", "--on", "2026-11-30"]).ok();
    let r = e.run(&["routine", "start", "--on", "2026-12-10"]);
    r.fails(2, &["an on/off experiment runs from 2026-11-30"]);
}

#[test]
fn json_before_and_during_and_stop() {
    let d = Diary::new();
    assert_eq!(
        d.json(
            crate::common::diary::NOW,
            &["experiment", "--format", "json"]
        ),
        Value::Null
    );
    d.run(&["experiment", "start", "--on", "2026-11-23", "--pairs", "2"])
        .ok();
    let doc = d.json(
        crate::common::diary::NOW,
        &["experiment", "--format", "json"],
    );
    assert_eq!(doc["pairs"], 2);
    assert_eq!(doc["washout_nights"], 0);
    assert_eq!(doc["started_on"], "2026-11-23");
    assert_eq!(doc["stopped_on"], Value::Null);
    assert_eq!(doc["analysis"], Value::Null, "no week over yet");
    let weeks = doc["schedule"].as_array().unwrap();
    assert_eq!(weeks.len(), 4);
    assert_eq!(weeks[1]["from"], "2026-11-30");
    assert_eq!(weeks[1]["to"], "2026-12-06");
    let first = weeks[0]["arm"].as_str().unwrap();
    assert!(doc["now"].as_str().unwrap().starts_with(&format!(
        "Experiment (the deep-tissue routine), week 1 of 4: {first} week"
    )));
    for day in 23..=29 {
        let night = format!("2026-11-{day}");
        d.at("2026-12-01T08:00", &["night", "--none", "--night", &night])
            .ok();
    }
    let doc = d.json("2026-12-01T08:00", &["experiment", "--format", "json"]);
    let analysis = &doc["analysis"];
    assert_eq!(analysis["verdict"], "too_early");
    assert_eq!(analysis["p_value"], Value::Null);
    assert_eq!(analysis["weeks"][0]["usable_nights"], 7);
    d.at("2026-12-01T08:00", &["experiment", "stop"]).ok();
    let doc = d.json("2026-12-09T08:00", &["experiment", "--format", "json"]);
    assert_eq!(doc["stopped_on"], "2026-12-01");
    assert_eq!(doc["analysis"]["verdict"], "not_enough_data");
    assert_eq!(doc["analysis"]["complete_pairs_only"], true);
    let r = d.at("2026-12-09T08:00", &["experiment", "stop"]);
    assert_eq!(r.code, 2);
}

#[test]
fn the_html_report_has_an_experiment_section_with_a_chart_coloured_by_arm() {
    let d = Diary::new();
    d.at("2026-11-09T08:00", &["experiment", "start"]).ok();
    for day in 9..=22 {
        let night = format!("2026-11-{day:02}");
        d.cramp(&["--night", &night]).ok();
    }
    let out = d.dir.path().join("report.html");
    d.run(&export_to("html", &out)).ok();
    let html = std::fs::read_to_string(&out).unwrap();
    let at = html
        .find("On/off experiment of the deep-tissue routine (n-of-1 trial)")
        .expect("the section");
    let section = &html[at..];
    assert!(section.contains("Plan, fixed before the first night"));
    assert_holds(
        section,
        &[
            "Result: after the last week, on Sun 28 Feb 2027",
            "drawn by this diary on Mon 9 Nov 2026, before any of its nights",
        ],
    );
    let chart = section
        .find("Cramps per week of the experiment")
        .expect("the chart");
    let svg = &section[chart..section[chart..].find("</svg>").unwrap() + chart];
    // Two weeks are over: one on bar (green) and one off bar (grey), in either order.
    let svg = svg.to_ascii_lowercase();
    assert!(svg.contains("#2e8b57"), "routine colour");
    assert!(svg.contains("#8c8c98"), "rest colour");
    assert!(section.contains("wk 1") && section.contains("wk 2"));
}

#[test]
fn an_export_carries_the_experiment_and_an_import_restores_it_unchanged() {
    let a = Diary::new();
    a.run(&["experiment", "start", "--on", "2026-11-30"]).ok();
    let file = a.export_json("all.json");
    let b = Diary::new();
    let r = b.run(&["import", file.to_str().unwrap()]).ok();
    assert!(
        r.stdout.contains("1 experiment") && !r.stdout.contains("1 experiments"),
        "{r:?}"
    );
    assert_eq!(schedule(&b), schedule(&a));
    let again = b.run(&["import", file.to_str().unwrap()]).ok();
    assert!(again.stdout.contains("added nothing"), "{again:?}");
    // A stop made in the first diary travels; the plan never does.
    a.at("2026-12-02T08:00", &["experiment", "stop"]).ok();
    a.run(&export_to("json", &file)).ok();
    // The second diary imports it after the stop, as it would in life.
    b.at("2026-12-02T08:00", &["import", file.to_str().unwrap()])
        .ok();
    let doc = b.json("2026-12-02T08:00", &["experiment", "--format", "json"]);
    assert_eq!(doc["stopped_on"], "2026-12-02");
    let text = std::fs::read_to_string(&file).unwrap();
    let flipped = if schedule(&a).starts_with("routine") {
        text.replacen(
            "\"schedule\": \"routine,rest",
            "\"schedule\": \"rest,routine",
            1,
        )
    } else {
        text.replacen(
            "\"schedule\": \"rest,routine",
            "\"schedule\": \"routine,rest",
            1,
        )
    };
    std::fs::write(&file, flipped).unwrap();
    let before = b.bytes();
    let r = b.at("2026-12-02T08:00", &["import", file.to_str().unwrap()]);
    r.fails(2, &["experiments[0]"]);
    // The field, the diary's value and the file's, in one sentence.
    let words = format!(
        "schedule must be '{}', as this diary holds it (an experiment's plan, schedule and intervention never change once it has started), got '",
        schedule(&a)
    );
    assert!(r.error_line().contains(&words), "{r:?}");
    assert_eq!(b.bytes(), before);
}

#[test]
fn an_import_cannot_bring_a_threshold_the_analysis_does_not_apply() {
    // The verdict is always drawn at p <= 0.05; a plan stored with 0.2 would say one thing and
    // be analysed by another.
    let a = Diary::new();
    a.run(&["experiment", "start", "--on", "2026-11-30"]).ok();
    let file = a.export_json("all.json");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"threshold\": 0.05"), "{text}");
    std::fs::write(
        &file,
        text.replace("\"threshold\": 0.05", "\"threshold\": 0.2"),
    )
    .unwrap();
    let b = Diary::new();
    let r = b.run(&["import", file.to_str().unwrap()]);
    r.fails(2, &["threshold must be 0.05"]);
    assert!(
        !b.exists()
            || b.json(
                crate::common::diary::NOW,
                &["experiment", "--format", "json"]
            )
            .is_null()
    );
}

#[test]
fn an_import_refuses_a_schedule_not_written_as_the_diary_writes_it_by_name() {
    // `Rest` reads as a rest week, but the diary keeps the words in lower case: refused as the
    // file is checked (exit 2, record and field named), not by the diary's CHECK half-way.
    let a = Diary::new();
    a.run(&["experiment", "start", "--on", "2026-11-30"]).ok();
    let mut doc: serde_json::Value = serde_json::from_str(
        &a.run(&["export", "--format", "json", "--out", "-"])
            .ok()
            .stdout,
    )
    .unwrap();
    let schedule = doc["experiments"][0]["schedule"]
        .as_str()
        .unwrap()
        .to_string();
    let shouted = schedule.replacen("rest", "Rest", 1);
    doc["experiments"][0]["schedule"] = serde_json::json!(shouted);
    let file = a.dir.path().join("shouted.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let b = Diary::new();
    let r = b.run(&["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{r:?}");
    let line = r.error_line();
    assert!(line.contains("experiments[0] (uid "), "{line}");
    assert!(
        line.contains(&format!(
            "schedule: expected routine or rest for each week, got '{shouted}'"
        )),
        "{line}"
    );
    assert!(!b.exists(), "a refused import created the diary");
}

#[test]
fn a_planned_experiment_can_be_stopped_before_it_begins() {
    let d = Diary::new();
    d.run(&["experiment", "start", "--on", "2026-12-07"]).ok();
    let r = d.run(&["experiment", "stop"]).ok();
    assert!(r.stdout.starts_with("Cancelled before it began"), "{r:?}");
    // It does not run, not even on its first day: that day is no experiment week, a session
    // then is no deviation, and a routine may start on it.
    let first = "2026-12-07T20:00";
    let status = d.at(first, &["experiment"]).ok();
    assert!(!status.stdout.contains("week 1 of"), "{status:?}");
    assert!(
        status
            .stdout
            .contains("Experiment (the deep-tissue routine) cancelled before it began"),
        "{status:?}"
    );
    let session = d.at(first, &["massage", "--technique", "ball"]).ok();
    assert!(!session.stdout.contains("deviation"), "{session:?}");
    d.at(first, &["routine", "start", "--on", "2026-12-07"])
        .ok();
}

#[test]
fn a_deep_tissue_session_logged_by_command_in_a_rest_week_is_called_a_deviation() {
    let d = Diary::new();
    d.run(&["experiment", "start", "--on", "2026-11-23"]).ok();
    let arms: Vec<String> = schedule(&d).split(',').map(str::to_string).collect();
    let day_in = |arm: &str| {
        let week = arms.iter().position(|a| a == arm).unwrap() as i64;
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
            + chrono::Duration::days(7 * week);
        (week + 1, format!("{day}T20:00"))
    };
    let (week, rest) = day_in("rest");
    let r = d.at(&rest, &["massage", "--technique", "foam-roller"]).ok();
    assert!(
        r.stdout.contains(&format!(
            "is in week {week} of your experiment, an off week — no deep-tissue work (stretching is fine); this session counts as a deviation"
        )),
        "{r:?}"
    );
    let stretch = d.at(&rest, &["massage", "--technique", "stretch"]).ok();
    assert!(!stretch.stdout.contains("deviation"), "{stretch:?}");
    let (_, routine) = day_in("routine");
    let r = d.at(&routine, &["massage", "--technique", "ball"]).ok();
    assert!(!r.stdout.contains("deviation"), "{r:?}");
}
