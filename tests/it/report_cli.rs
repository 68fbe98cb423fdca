//! `cramp report`: the same numbers as the dashboard, as text or stable JSON.

use crate::common::assert_holds;
use crate::common::export_to;
use crate::common::launch::{ok_on as ok, on as cramp};
use crate::common::words;
use serde_json::Value;
use std::path::Path;

/// Baseline 5-18 Oct... : 14 baseline nights with 2 cramps each, then 14 routine nights with
/// one cramp every other night, and a session every routine day.
fn diary(db: &Path) {
    start_routine_with_a_14_night_baseline(db, "2026-11-02");
    for d in 19..=31 {
        let night = format!("2026-10-{d}");
        ok(
            db,
            &words(&format!(
                "cramp --leg left --intensity 6 --duration 1m --night {night}"
            )),
        );
        ok(
            db,
            &words(&format!(
                "cramp --leg right --intensity 4 --duration 40s --night {night}"
            )),
        );
    }
    ok(db, &["night", "--exclude", "flu", "--night", "2026-11-01"]);
    for d in 2..=15 {
        let night = format!("2026-11-{d:02}");
        if d % 2 == 0 {
            ok(
                db,
                &words(&format!(
                    "cramp --leg left --intensity 5 --duration 50s --night {night}"
                )),
            );
        } else {
            ok(db, &["night", "--none", "--night", &night]);
        }
        ok(
            db,
            &[
                "massage",
                "--technique",
                "foam-roller",
                "--minutes",
                "8",
                "--at",
                &format!("{night} 19:00"),
            ],
        );
    }
}

/// `cramp routine start --on ON --baseline-nights 14`.
fn start_routine_with_a_14_night_baseline(db: &Path, on: &str) {
    ok(
        db,
        &["routine", "start", "--on", on, "--baseline-nights", "14"],
    );
}

/// A new diary in a temporary folder, filled by [`diary`]: the folder and the diary's path.
fn with_the_sample_diary() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    diary(&db);
    (dir, db)
}

/// `cramp report --format json`, read.
fn json_report(db: &Path) -> Value {
    serde_json::from_str(&ok(db, &["report", "--format", "json"])).unwrap()
}

/// A period of the JSON report: its first and last night.
fn dates(period: &Value) -> (Option<&str>, Option<&str>) {
    (period["from"].as_str(), period["to"].as_str())
}

/// A period of the JSON report: its nights, logged nights and cramps.
fn counts(period: &Value) -> (Option<u64>, Option<u64>, Option<u64>) {
    (
        period["nights"].as_u64(),
        period["logged"].as_u64(),
        period["cramps"].as_u64(),
    )
}

#[test]
fn json_report_has_the_documented_fields_and_numbers() {
    let (_dir, db) = with_the_sample_diary();
    let json = json_report(&db);
    assert_eq!(json["format"], "cramp-report");
    assert_eq!(json["version"], 3);
    assert_eq!(json["routine"]["start"], "2026-11-02");
    assert_eq!(json["routine"]["weeks"], 4);
    assert_eq!(json["routine"]["target_per_week"], 5);
    let b = &json["baseline"];
    assert_eq!(dates(b), (Some("2026-10-19"), Some("2026-11-01")));
    // 13 nights with 2 cramps; 1 Nov excluded.
    assert_eq!(counts(b), (Some(14), Some(13), Some(26)));
    assert_eq!(b["cramp_nights"], 13);
    assert_eq!(b["rate_per_week"], 14.0);
    assert_eq!(b["coverage"], 1.0);
    assert_eq!(b["cramp_free_pct"], 0.0);
    let r = &json["routine_phase"];
    // 2-22 Nov: 21 nights so far, 14 logged, 7 cramps (even days).
    assert_eq!(counts(r), (Some(21), Some(14), Some(7)));
    assert_eq!(r["rate_per_week"], 3.5);
    assert_eq!(r["coverage"], 0.6667);
    assert_eq!(r["cramp_free_pct"], 50.0);
    // A 14-night baseline is too short for a verdict, so there is no line either, and no
    // power sentence: no verdict can be reached (issue 21).
    assert_eq!(json["rate_ratio"], Value::Null);
    assert_eq!(json["reduction_pct"], Value::Null);
    assert_eq!(json["detectable_reduction_pct"], Value::Null);
    assert_eq!(json["halving_detected_pct"], Value::Null);
    assert_eq!(json["first_line_on"], "2026-11-09");
    assert_eq!(json["reference"]["nights"], 14);
    assert_eq!(json["verdict"], "not_enough_data");
    assert!(
        json["verdict_reason"]
            .as_str()
            .unwrap()
            .starts_with("baseline shorter than 4 weeks: 14 nights;")
    );
    assert_eq!(json["provisional"], false);
    assert_eq!(json["placebo_reduction_pct"], serde_json::json!([28, 36]));
    assert_eq!(json["baseline_warning"], Value::Null);
    assert_eq!(json["did_it_last"], Value::Null);
    assert_eq!(json["season"]["routine_months"], "Nov 2026");
    let weeks = json["adherence"].as_array().unwrap();
    // Day 22 is the first day of week 4: four weeks have begun.
    let counts: Vec<u64> = weeks
        .iter()
        .map(|w| w["sessions"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, vec![7, 7, 0, 0]);
    let days: Vec<u64> = weeks.iter().map(|w| w["days"].as_u64().unwrap()).collect();
    assert_eq!(days, vec![7, 7, 0, 0]);
    // The routine is still running: no follow-up yet.
    assert_eq!(json["follow_up"], Value::Null);
    assert_eq!(
        (weeks[0]["week"].as_u64(), weeks[0]["target"].as_u64()),
        (Some(1), Some(5))
    );
    assert_eq!(
        (
            weeks[2]["complete"].as_bool(),
            weeks[3]["complete"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert_eq!(json["red_flags"].as_array().unwrap().len(), 0);
}

#[test]
fn text_report_says_the_same_in_words() {
    let (_dir, db) = with_the_sample_diary();
    let text = ok(&db, &["report"]);
    assert_holds(
        &text,
        &[
            "14.00 cramps/week",
            "3.50 cramps/week",
            "Change in cramps per week: no interval (why below).",
            "Verdict: not enough data (baseline shorter than 4 weeks: 14 nights;",
        ],
    );
    assert!(
        // 14 of 21 is 66.7%: never rounded up to 67%.
        text.contains("14 of 21 nights logged (66% coverage)"),
        "{text}"
    );
    assert!(text.contains("68%"), "the context line is there: {text}");
}

#[test]
fn a_red_flag_reaches_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&db, &words("cramp --leg left --intensity 9 --duration 12m"));
    let json = json_report(&db);
    assert_eq!(json["routine"], Value::Null);
    assert_eq!(json["rate_ratio"], Value::Null);
    let flags = json["red_flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1);
    assert!(flags[0].as_str().unwrap().contains("12 min"));
}

#[test]
fn bad_report_options_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&db, &["night", "--none"]);
    for args in [
        &["report", "--format", "xml"][..],
        &["report", "--routine", "3"],
        &["report", "--routine", "0"],
    ] {
        let out = cramp(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn an_empty_or_missing_diary_reports_without_creating_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let json = json_report(&db);
    assert_eq!(json["verdict"], "not_enough_data");
    assert!(!db.exists());
}

#[test]
fn a_session_done_today_counts_for_this_week() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&db, &["routine", "start"]);
    ok(
        &db,
        &["massage", "--technique", "foam-roller", "--minutes", "8"],
    );
    let json = json_report(&db);
    assert_eq!(json["adherence"][0]["sessions"], 1, "{json}");
    let text = ok(&db, &["report"]);
    assert_holds(
        &text,
        &[
            "this week 1 session on 1 day · target 5 days",
            "Routine from 2026-11-23: no night of it is over yet",
        ],
    );
}

#[test]
fn json_report_lists_the_chart_weeks_from_the_baseline_on() {
    let (_dir, db) = with_the_sample_diary();
    let json = json_report(&db);
    let weeks: Vec<(String, String, u64, u64, Value)> = json["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["from"].as_str().unwrap().to_string(),
                w["phase"].as_str().unwrap().to_string(),
                w["logged"].as_u64().unwrap(),
                w["cramps"].as_u64().unwrap(),
                w["rate_per_week"].clone(),
            )
        })
        .collect();
    let week = |from: &str, phase: &str, logged, cramps, rate: Value| {
        (from.to_string(), phase.to_string(), logged, cramps, rate)
    };
    assert_eq!(
        weeks,
        vec![
            week("2026-10-19", "baseline", 7, 14, 14.0.into()),
            // 1 Nov was excluded: six usable nights.
            week("2026-10-26", "baseline", 6, 12, 14.0.into()),
            week("2026-11-02", "routine", 7, 4, 4.0.into()),
            week("2026-11-09", "routine", 7, 3, 3.0.into()),
            week("2026-11-16", "routine", 0, 0, Value::Null),
        ],
        "no week before the baseline; a week with nothing logged has no rate"
    );
}

#[test]
fn after_the_routine_a_follow_up_phase_and_a_recent_red_flag_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    // 5 Oct - 1 Nov; the report is read on 23 Nov, three weeks after it ended.
    ok(&db, &["routine", "start", "--on", "2026-10-05"]);
    let json = json_report(&db);
    assert_eq!(
        json["follow_up"],
        Value::Null,
        "no night after it logged yet"
    );
    for d in 2..=22 {
        let night = format!("2026-11-{d:02}");
        if d == 21 {
            ok(
                &db,
                &words(&format!(
                    "cramp --leg left --intensity 8 --duration 15m --night {night}"
                )),
            );
        } else {
            ok(&db, &["night", "--none", "--night", &night]);
        }
    }
    let json = json_report(&db);
    let f = &json["follow_up"];
    assert_eq!(dates(f), (Some("2026-11-02"), Some("2026-11-22")));
    assert_eq!(counts(f), (Some(21), Some(21), Some(1)));
    assert_eq!(f["coverage"], 1.0);
    assert_eq!(f["rate_per_week"], 0.3333);
    let flags = json["red_flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(
        flags[0],
        "A cramp lasted 15 min on the night of Sat 21 Nov 2026: cramps over 10 minutes are a reason to see a GP or physiotherapist."
    );
    let text = ok(&db, &["report"]);
    assert_holds(
        &text,
        &[
            "Follow-up 2026-11-02 to 2026-11-22: 0.33 cramps/week · 21 of 21 nights logged (100% coverage)",
            "Red flag: A cramp lasted 15 min on the night of Sat 21 Nov 2026",
            // The baseline had no usable nights: the words say so rather than "0/0".
            "Baseline 2026-09-07 to 2026-10-04: no usable nights yet (0 of 28 nights logged)",
            "no change yet: the baseline has no usable nights",
        ],
    );
    assert!(!text.contains("0/0"), "{text}");
}

#[test]
fn a_red_flag_two_nights_ago_is_reported_whatever_the_routine_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    // A routine planned three weeks ahead with a 14-night baseline: its window is 29 Nov to
    // 12 Dec, which does not hold the night of 21 Nov.
    start_routine_with_a_14_night_baseline(&db, "2026-12-13");
    ok(
        &db,
        &words("cramp --leg right --intensity 9 --duration 12m --night 2026-11-21"),
    );
    let json = json_report(&db);
    let flags = json["red_flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{json}");
    assert!(flags[0].as_str().unwrap().contains("Sat 21 Nov 2026"));
}

#[test]
fn numbness_and_swelling_are_kept_exported_and_raised_as_a_red_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(
        &db,
        &[
            "night",
            "--none",
            "--numbness",
            "left",
            "--swelling",
            "both",
        ],
    );

    let text = ok(&db, &["report"]);
    assert!(
        text.contains(
            "Red flag: Numbness or swelling in the morning after the night of Sun 22 Nov 2026: see a GP."
        ),
        "{text}"
    );

    let file = dir.path().join("out.json");
    ok(&db, &export_to("json", &file));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["version"], 2);
    let night = &json["nights"][0];
    assert_eq!(
        (night["numbness"].as_str(), night["swelling"].as_str()),
        (Some("left"), Some("both"))
    );

    let csv_dir = dir.path().join("csv");
    ok(&db, &export_to("csv", &csv_dir));
    let nights = std::fs::read_to_string(csv_dir.join("nights.csv")).unwrap();
    let mut lines = nights.lines();
    assert!(
        lines.next().unwrap().ends_with(",numbness,swelling"),
        "{nights}"
    );
    assert!(lines.next().unwrap().ends_with(",left,both"), "{nights}");

    // "none" is noted but no red flag; a word outside the set is refused, nothing written.
    ok(
        &db,
        &[
            "night",
            "--night",
            "2026-11-21",
            "--none",
            "--numbness",
            "none",
        ],
    );
    let out = cramp(
        &db,
        &[
            "night",
            "--night",
            "2026-11-20",
            "--none",
            "--swelling",
            "ankle",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "cramp: swelling (--swelling) must be none, left, right or both, got 'ankle'"
    );
    let text = ok(&db, &["report"]);
    assert_eq!(text.matches("Red flag:").count(), 1, "{text}");
}

/// With no routine the report reads the same weeks as the dashboard: eight weeks starting on
/// the configured first day of the week (Monday unless the config says otherwise).
#[test]
fn the_report_without_a_routine_reads_the_dashboards_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&db, &["night", "--none"]);
    // Sun 22 Nov is last night: eight Monday-to-Sunday weeks from Mon 28 Sep; with weeks
    // starting on Sunday (as the dashboard would draw them) the window moves a day back.
    let text = ok(&db, &["report"]);
    assert!(text.contains("2026-09-28 to 2026-11-22"), "{text}");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "first_day_of_week = \"sunday\"\n").unwrap();
    let out = crate::common::launch::command(dir.path())
        .env("CRAMP_CONFIG", &config)
        .arg("--db")
        .arg(&db)
        .arg("report")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2026-09-27 to 2026-11-22"), "{text}");
}
