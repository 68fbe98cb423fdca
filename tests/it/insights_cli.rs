//! `cramp insights`: the factors, patterns, year calendar and "Test it" plan on the command
//! line, as text and JSON, and the refusals of bad flags.

use crate::common::assert_holds;
use crate::common::diary::Diary;
use crate::common::stamp;
use chrono::{Duration, NaiveDate, NaiveTime};
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::session::{MassageSession, Technique};
use cramp_diary::domain::{CrampDuration, CrampEpisode, Leg, Muscle, Score};
use cramp_diary::store::{Batch, BulkNight, Store};
use serde_json::Value;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn episode(i: i64) -> CrampEpisode {
    CrampEpisode {
        leg: if i % 3 == 0 { Leg::Right } else { Leg::Left },
        muscle: Muscle::Calf,
        intensity: Score::new("t", 6).unwrap(),
        duration: CrampDuration::from_seconds(60).unwrap(),
        at: NaiveTime::from_hms_opt(2 + (i % 3) as u32, 15, 0),
        woke: true,
        note: None,
    }
}

/// A year to last night (22 Nov 2026): magnesium on every third day, and on those nights no
/// cramps; one or two cramps on the other nights; foam rolling every other day; every fifth night
/// not logged.
fn year(d: &Diary) {
    let first = day("2025-11-23");
    let mut batch = Batch::default();
    for i in 0..365 {
        let night = first + Duration::days(i);
        let magnesium = i % 3 == 0;
        batch.context.push((
            night,
            DailyContext {
                magnesium_mg: magnesium.then_some(300),
                ..DailyContext::default()
            },
        ));
        if i % 2 == 0 {
            batch.sessions.push(MassageSession {
                minutes_per_calf: Some(6),
                ..MassageSession::bare(night.and_hms_opt(19, 0, 0).unwrap(), Technique::FoamRoller)
            });
        }
        if i % 5 == 4 {
            continue;
        }
        let cramps = if magnesium {
            0
        } else {
            1 + (i % 7 == 1) as i64
        };
        batch.nights.push(BulkNight::logged(
            night,
            (0..cramps).map(|k| episode(i + k)).collect(),
        ));
    }
    let mut store = Store::open(&d.path).unwrap();
    store
        .insert_batch(&batch, &stamp("2026-11-23T07:00:00"))
        .unwrap();
}

#[test]
fn json_names_each_factor_with_its_interval_and_adjusted_verdict() {
    let d = Diary::new();
    year(&d);
    let out = d.run(&["insights", "--format", "json"]).ok();
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["format"], "cramp-insights");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["last_night"], "2026-11-22");
    assert_eq!(doc["method"]["adjustment"], "holm");
    assert_eq!(doc["method"]["tightness_cut"], 5);
    assert_eq!(
        doc["not_proof"],
        "An association in your diary, not proof of cause."
    );
    let factors = doc["factors"].as_array().unwrap();
    let magnesium = factors.iter().find(|f| f["key"] == "magnesium").unwrap();
    assert_eq!(magnesium["verdict"], "linked");
    assert_eq!(magnesium["direction"], "fewer_cramps");
    assert_eq!(magnesium["with_cramps"], 0);
    let ratio = &magnesium["rate_ratio"];
    assert_eq!(ratio["estimate"], 0.0);
    assert!(ratio["ci95"][1].as_f64().unwrap() < 1.0, "{ratio}");
    assert!(ratio["p_adjusted"].as_f64().unwrap() <= 0.05);
    // Foam rolling on alternate days has nothing to do with cramps here.
    let deep = factors.iter().find(|f| f["key"] == "deep-tissue").unwrap();
    assert_eq!(deep["verdict"], "no_clear_link");
    assert_eq!(doc["tested"], 2);
    // No tightness was logged: it waits for nights, saying why.
    let tight = factors.iter().find(|f| f["key"] == "tightness").unwrap();
    assert_eq!(tight["verdict"], "not_enough_nights");
    assert!(
        tight["gate"]
            .as_str()
            .unwrap()
            .starts_with("needs 10 nights")
    );
    // Patterns: every cramp by leg and hour, nights behind each bar.
    let p = &doc["patterns"];
    let legs: u64 = p["legs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["cramps"].as_u64().unwrap())
        .sum();
    assert_eq!(legs, p["cramps"].as_u64().unwrap());
    let hours = p["hours"].as_array().unwrap();
    assert_eq!(hours[0]["label"], "20");
    let at_two = hours.iter().find(|b| b["label"] == "02").unwrap();
    assert!(at_two["cramps"].as_u64().unwrap() > 0);
    assert_eq!(p["weekdays"].as_array().unwrap().len(), 7);
    assert!(p["weekdays"][0]["rate_per_week"].as_f64().is_some());
}

#[test]
fn text_groups_the_factors_and_says_it_is_not_proof() {
    let d = Diary::new();
    year(&d);
    let out = d.run(&["insights"]).ok();
    let text = &out.stdout;
    assert_holds(
        text,
        &[
            "An association in your diary, not proof of cause.",
            "Linked (1)\n  magnesium — linked: fewer cramps",
            "No clear link (1)",
        ],
    );
    assert!(text.contains("By hour of the night, evening to morning"));
    assert!(text.contains("cramp insights --year 2026"));
}

#[test]
fn the_year_calendar_tells_every_kind_of_night_apart() {
    let d = Diary::new();
    year(&d);
    let out = d.run(&["insights", "--year", "2026"]).ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("2026 1   3   5   7"), "{}", out.stdout);
    // 1 Jan 2026 is day 39 of the diary (not logged, every fifth); magnesium days are cramp-free.
    let jan = lines.iter().find(|l| l.starts_with("Jan")).unwrap();
    assert!(jan.contains('○') && jan.contains('·') && jan.contains('1') && jan.contains('2'));
    // Nights after last night are blank.
    let dec = lines.iter().find(|l| l.starts_with("Dec")).unwrap();
    assert_eq!(dec.trim_end(), "Dec");
    assert!(out.stdout.contains("not logged"));
    let before = d.run(&["insights", "--year", "2024"]);
    before.fails_saying(2, "cramp: year must be 2025-2026, got 2024");
}

#[test]
fn test_it_plans_an_experiment_for_a_factor_you_can_change() {
    let d = Diary::new();
    year(&d);
    let out = d.run(&["insights", "--test", "magnesium"]).ok();
    assert!(
        out.stdout.starts_with("Test it: magnesium"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("on-week (magnesium every day)"));
    assert!(out.stdout.contains("8 pairs (16 weeks): "));
    assert!(out.stdout.contains("(recommended)"));
    let roller = d.run(&["insights", "--test", "deep-tissue"]).ok();
    assert!(
        roller
            .stdout
            .contains("Start it with: cramp experiment start --pairs ")
    );
    // The command the plan gives starts that very experiment.
    let command = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Start it with: cramp "))
        .expect("a command");
    assert!(command.starts_with("experiment start --daily \"magnesium\" --pairs "));
    let args: Vec<&str> = command
        .split('"')
        .enumerate()
        .flat_map(|(i, part)| {
            if i % 2 == 1 {
                vec![part]
            } else {
                part.split_whitespace().collect()
            }
        })
        .collect();
    let started = d.run(&args).ok();
    assert!(started.stdout.contains("magnesium"), "{}", started.stdout);
    let shown = d.run(&["experiment", "--format", "json"]).ok();
    assert!(shown.stdout.contains("\"magnesium\""), "{}", shown.stdout);
    let tight = d.run(&["insights", "--test", "tightness"]);
    assert_eq!(tight.code, 2);
    assert!(
        tight
            .error_line()
            .starts_with("cramp: test must be a factor you can change, one of "),
        "{}",
        tight.error_line()
    );
}

#[test]
fn bad_flags_are_refused_in_one_sentence() {
    let d = Diary::new();
    let out = d.run(&["insights", "--format", "xml"]);
    out.fails_saying(2, "cramp: format must be text or json, got 'xml'");
    // A plan and a year are prose: a script asking for JSON is told, not given text.
    for (flag, value) in [("--test", "magnesium"), ("--year", "2026")] {
        let out = d.run(&["insights", "--format", "json", flag, value]);
        assert_eq!(out.code, 2, "{flag}: {}", out.stdout);
        assert_eq!(
            out.error_line(),
            format!(
                "cramp: {} must be used with --format text",
                flag.trim_start_matches('-')
            )
        );
        assert!(out.stdout.is_empty());
    }
    // A missing diary is not created by reading it.
    let out = d.run(&["insights"]).ok();
    assert!(out.stdout.contains("Insights from 0 usable nights"));
    assert!(!d.exists());
}

/// The HTML report's "Nights at a glance" has a calendar for every year of the diary, newest
/// first, as the screen's ←/→ and `--year` go through them (it once stopped at two).
#[test]
fn the_html_report_has_a_calendar_for_every_year_of_the_diary() {
    let d = Diary::new();
    for night in ["2023-12-31", "2024-06-01", "2025-06-01", "2026-11-22"] {
        d.run(&["night", "--none", "--night", night]).ok();
    }
    let file = d.dir.path().join("r.html");
    d.run(&[
        "export",
        "--format",
        "html",
        "--out",
        file.to_str().unwrap(),
    ])
    .ok();
    let html = std::fs::read_to_string(&file).unwrap();
    let at: Vec<usize> = (2023..=2026)
        .map(|y| {
            html.find(&format!("<p>{y}: "))
                .unwrap_or_else(|| panic!("no calendar for {y}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] > w[1]), "newest first: {at:?}");
}
