//! `cramp routine [start|stop]`, run as a user would: the real binary on a diary in a temporary
//! folder with the clock fixed by `CRAMP_NOW`. Exit codes: 0 ok, 1 failure, 2 invalid input
//! (one `cramp: ...` line, nothing written).

use crate::common::diary::{Diary, assert_each_refused_untouched};
use crate::common::run::{Run, assert_refused};
use crate::common::words;

use rusqlite::Connection;
use std::path::Path;

impl Diary {
    fn routine(&self, args: &[&str]) -> Run {
        let mut all = vec!["routine"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    fn status(&self) -> Run {
        self.routine(&[]).ok()
    }

    /// A ball session at `"YYYY-MM-DD HH:MM"`.
    fn session_at(&self, at: &str) -> Run {
        self.run(&["massage", "--technique", "ball", "--at", at])
            .ok()
    }

    /// Logs each night as cramp-free with `cramp night --none --night DATE`.
    fn log_nights(&self, nights: &[String]) {
        for night in nights {
            self.run(&["night", "--none", "--night", night]).ok();
        }
    }

    fn routines(&self) -> Vec<RoutineRow> {
        routine_rows(&self.path)
    }
}

/// One `routines` row: start, weeks, per week, baseline nights, stopped on.
type RoutineRow = (String, i64, i64, i64, Option<String>);

fn routine_rows(db: &Path) -> Vec<RoutineRow> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT start_on, weeks, per_week, baseline_nights, stopped_on FROM routines
             WHERE deleted_at IS NULL ORDER BY start_on",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn row(start: &str, stopped: Option<&str>) -> RoutineRow {
    (start.into(), 4, 5, 28, stopped.map(String::from))
}

/// `YYYY-MM-DD` for October 2026 days `from..=to`, then November days `1..=nov_to`.
fn october_then_november(from: u32, to: u32, nov_to: u32) -> Vec<String> {
    (from..=to)
        .map(|d| format!("2026-10-{d:02}"))
        .chain((1..=nov_to).map(|d| format!("2026-11-{d:02}")))
        .collect()
}

const NO_ROUTINE: &str =
    "No routine yet. Start one with `cramp routine start` (4 weeks, 5 sessions a week).";

// 1. No routine yet.

#[test]
fn routine_on_a_missing_diary_says_there_is_none_and_creates_nothing() {
    let diary = Diary::new();
    let run = diary.status();
    assert_eq!(run.lines(), [NO_ROUTINE], "{run:#?}");
    assert!(!diary.exists(), "`cramp routine` created the diary");
    assert!(diary.side_files().is_empty(), "{:?}", diary.side_files());
}

#[test]
fn routine_on_a_diary_without_a_routine_says_there_is_none() {
    let diary = Diary::new();
    diary.run(&["night", "--none"]).ok();
    diary.session_at("2026-11-22 19:00");
    let before = diary.bytes();
    let run = diary.status();
    assert_eq!(run.lines(), [NO_ROUTINE], "{run:#?}");
    assert!(diary.bytes() == before, "`cramp routine` changed the diary");
}

// 2. Where the routine stands.

#[test]
fn a_routine_started_three_weeks_ago_is_on_day_22_of_28() {
    let diary = Diary::new();
    let started = diary.routine(&["start", "--on", "2026-11-02"]).ok();
    assert!(
        started.stdout.starts_with(
            "Started: a 4-week routine from Mon 2 Nov 2026 to Sun 29 Nov 2026, 5 sessions a week."
        ),
        "{started:#?}"
    );
    assert_eq!(diary.routines(), [row("2026-11-02", None)]);

    let status = diary.status();
    assert_eq!(
        status.line("Routine: "),
        "Routine: Mon 2 Nov 2026 to Sun 29 Nov 2026 · 4 weeks · 5 sessions a week."
    );
    assert_eq!(
        status.line("Now: "),
        "Now: routine day 22 of 28 · week 4 · 6 days left."
    );
}

#[test]
fn routine_counts_sessions_per_week_against_the_target() {
    let diary = Diary::new();
    diary.routine(&["start", "--on", "2026-11-02"]).ok();
    // Before the routine: not counted anywhere.
    diary.session_at("2026-11-01 23:59");
    // Week 1 is 2026-11-02..08, its last minute included.
    for at in [
        "2026-11-02 18:00",
        "2026-11-03 18:00",
        "2026-11-05 18:00",
        "2026-11-07 18:00",
        "2026-11-08 23:59",
    ] {
        diary.session_at(at);
    }
    // Week 2 starts at midnight. Two sessions on one day count as one day; stretching and a
    // professional massage are shown, not counted.
    // One minute after the last one and the same in every field: `--again` says it is real.
    let twin = diary.run(&["massage", "--technique", "ball", "--at", "2026-11-09 00:00"]);
    assert_eq!(twin.code, 2, "{twin:#?}");
    diary
        .run(&[
            "massage",
            "--technique",
            "ball",
            "--at",
            "2026-11-09 00:00",
            "--again",
        ])
        .ok();
    diary.session_at("2026-11-12 18:00");
    diary.session_at("2026-11-12 21:00");
    for technique in ["stretch", "professional"] {
        diary
            .run(&[
                "massage",
                "--technique",
                technique,
                "--at",
                "2026-11-13 18:00",
            ])
            .ok();
    }
    // Week 3: nothing. Week 4: one so far, which the save reports.
    let saved = diary.session_at("2026-11-23 06:00");
    assert!(
        saved
            .stdout
            .contains("Routine day 22 of 28 · this week 1 session on 1 day · target 5 days."),
        "{saved:#?}"
    );

    let status = diary.status();
    assert_eq!(
        status.line("Sessions: "),
        "Sessions: week 1: 5 sessions on 5 days, target 5 · week 2: 3 sessions on 2 days, target 5 · week 3: 0 sessions on 0 days, target 5 · week 4: 1 session on 1 day, target 5 so far.",
        "{status:#?}"
    );
    assert_eq!(
        status.line("Routine so far: "),
        "Routine so far: 9 sessions on 8 days · target 20 days."
    );
    assert_eq!(
        status.line("Also "),
        "Also 2 sessions of stretching or professional treatment not counted."
    );
    let json = diary.run(&["report", "--format", "json"]).ok();
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let week2 = &json["adherence"][1];
    assert_eq!(
        (
            &week2["days"],
            &week2["sessions"],
            &week2["other_sessions"],
            &week2["target"]
        ),
        (&2.into(), &3.into(), &2.into(), &5.into())
    );
}

#[test]
fn a_routine_planned_30_days_ahead_is_accepted_and_not_started() {
    let diary = Diary::new();
    let started = diary.routine(&["start", "--on", "2026-12-23"]).ok();
    started.says("from Wed 23 Dec 2026");
    let status = diary.status();
    assert_eq!(status.line("Starts in"), "Starts in 30 days.");
    assert!(!status.stdout.contains("Sessions:"), "{status:#?}");
}

// 3. Overlaps.

#[test]
fn an_overlapping_start_is_refused_naming_the_existing_routine() {
    let diary = Diary::new();
    diary.routine(&["start", "--on", "2026-11-02"]).ok();
    diary.session_at("2026-11-03 18:00");
    let status_before = diary.status().stdout;
    let before = diary.bytes();

    let args = ["start", "--on", "2026-11-20"];
    let run = diary.routine(&args);
    assert_refused(&run, &args, &["2026-11-02", "2026-11-29"]);
    assert!(
        diary.bytes() == before,
        "the refusal changed the diary file"
    );
    assert_eq!(diary.routines(), [row("2026-11-02", None)]);
    assert_eq!(diary.status().stdout, status_before);
}

#[test]
fn a_start_on_the_last_day_of_a_routine_overlaps_it() {
    let diary = Diary::new();
    diary.routine(&["start", "--on", "2026-10-20"]).ok();
    let args = ["start", "--on", "2026-11-16"];
    let run = diary.routine(&args);
    assert_refused(&run, &args, &["2026-10-20", "2026-11-16"]);
    // The day after its end no longer overlaps, but its baseline would be the routine itself.
    let args = ["start", "--on", "2026-11-17"];
    let run = diary.routine(&args);
    assert_refused(
        &run,
        &args,
        &["14 nights after it", "start on 2026-12-15 or later"],
    );
    assert_eq!(diary.routines(), [row("2026-10-20", None)]);
}

#[test]
fn a_second_routine_whose_default_baseline_would_overlap_the_first_gets_a_shorter_one() {
    let diary = Diary::new();
    // 20 Oct - 16 Nov, then its follow-up fortnight 17-30 Nov: the first free night is 1 Dec.
    diary.routine(&["start", "--on", "2026-10-20"]).ok();
    let before = diary.bytes();
    let args = ["start", "--on", "2026-12-14"];
    assert_refused(
        &diary.routine(&args),
        &args,
        &[
            "only 13 are before 2026-12-14",
            "start on 2026-12-15 or later",
        ],
    );
    assert_eq!(diary.bytes(), before, "a refused start wrote something");
    let run = diary.routine(&["start", "--on", "2026-12-15"]).ok();
    assert_eq!(
        run.line("Baseline: "),
        "Baseline: 0 of the 14 nights before it are logged (2026-12-01 to 2026-12-14)."
    );
    let warnings = run.warnings();
    assert!(
        warnings[0].contains("shortened to 14 nights (2026-12-01 to 2026-12-14)"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("28 are needed for a verdict"),
        "{warnings:?}"
    );
    let rows = diary.routines();
    assert_eq!(rows[1], ("2026-12-15".into(), 4, 5, 14, None));
}

// 4. The baseline.

/// A new diary with the cramp-free nights from `first` October to 1 November logged (`count` of
/// them), then `routine start --on 2026-11-02`: the diary and that run.
fn started_after_a_baseline(first: u32, count: usize) -> (Diary, Run) {
    let diary = Diary::new();
    let nights = october_then_november(first, 31, 1);
    assert_eq!(nights.len(), count);
    diary.log_nights(&nights);
    let run = diary.routine(&["start", "--on", "2026-11-02"]).ok();
    (diary, run)
}

#[test]
fn a_start_with_fewer_than_14_baseline_nights_warns() {
    let diary = Diary::new();
    // 13 nights in the 28 before 2026-11-02 (2026-10-05..11-01), and some outside it.
    let mut nights = october_then_november(20, 31, 1);
    assert_eq!(nights.len(), 13);
    nights.extend(["2026-10-04", "2026-11-02", "2026-11-03"].map(String::from));
    diary.log_nights(&nights);

    let run = diary.routine(&["start", "--on", "2026-11-02"]).ok();
    assert_eq!(
        run.line("Baseline: "),
        "Baseline: 13 of the 28 nights before it are logged (2026-10-05 to 2026-11-01)."
    );
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{run:#?}");
    assert!(warnings[0].contains("fewer than 14"), "{warnings:?}");
    assert!(warnings[0].contains("cramp night"), "{warnings:?}");
    // Saved all the same.
    assert_eq!(diary.routines(), [row("2026-11-02", None)]);
}

#[test]
fn a_start_with_no_logged_nights_warns_and_is_saved() {
    let diary = Diary::new();
    let run = diary.routine(&["start", "--on", "2026-11-02"]).ok();
    run.says("Baseline: 0 of the 28");
    assert_eq!(run.warnings().len(), 1, "{run:#?}");
    assert_eq!(diary.routines(), [row("2026-11-02", None)]);
}

#[test]
fn a_start_with_14_baseline_nights_does_not_warn() {
    let (_diary, run) = started_after_a_baseline(19, 14);
    run.says("Baseline: 14 of the 28");
    assert!(run.warnings().is_empty(), "{run:#?}");
}

#[test]
fn a_start_with_20_baseline_nights_does_not_warn() {
    let (diary, run) = started_after_a_baseline(13, 20);
    assert_eq!(
        run.line("Baseline: "),
        "Baseline: 20 of the 28 nights before it are logged (2026-10-05 to 2026-11-01)."
    );
    assert!(run.warnings().is_empty(), "{run:#?}");
    let status = diary.status();
    assert_eq!(
        status.line("Baseline: "),
        "Baseline: 20 of 28 nights logged (71%), 2026-10-05 to 2026-11-01."
    );
}

// 5. Refused parameters: exit 2, one line, nothing written.

/// Arguments after `routine`, and what the one stderr line must mention.
const REFUSALS: &[(&[&str], &[&str])] = &[
    (
        &["start", "--weeks", "0"],
        &["cramp: weeks must be 1-12, got 0"],
    ),
    (
        &["start", "--weeks", "13"],
        &["cramp: weeks must be 1-12, got 13"],
    ),
    (&["start", "--weeks", "four"], &["weeks", "1-12", "four"]),
    (
        &["start", "--per-week", "15"],
        &["--per-week", "1-14", "15"],
    ),
    (&["start", "--per-week", "0"], &["--per-week", "1-14", "0"]),
    (
        &["start", "--baseline-nights", "3"],
        &["baseline nights", "14-365", "3"],
    ),
    (
        &["start", "--baseline-nights", "13"],
        &["cramp: baseline nights must be 14-365, got 13"],
    ),
    (
        &["start", "--baseline-nights", "366"],
        &["baseline nights", "14-365", "366"],
    ),
    (&["start", "--on", "2026-12-24"], &["--on", "2026-12-24"]),
    (
        &["start", "--on", "2026-11-31"],
        &["--on", "YYYY-MM-DD", "2026-11-31"],
    ),
    (
        &["stop", "--on", "2026-11-24"],
        &["--on", "future", "2026-11-24"],
    ),
    (
        &["stop", "--on", "next week"],
        &["--on", "YYYY-MM-DD", "next week"],
    ),
];

#[test]
fn refused_parameters_leave_an_existing_diary_byte_for_byte_unchanged() {
    let diary = Diary::new();
    diary.routine(&["start", "--on", "2026-11-02"]).ok();
    diary.session_at("2026-11-03 18:00");
    assert!(diary.side_files().is_empty(), "{:?}", diary.side_files());
    let status_before = diary.status().stdout;
    assert_each_refused_untouched(&diary, REFUSALS, Diary::routine);
    assert_eq!(diary.routines(), [row("2026-11-02", None)]);
    assert_eq!(diary.status().stdout, status_before);
}

#[test]
fn refused_parameters_do_not_create_a_missing_diary() {
    assert_each_refused_untouched(&Diary::new(), REFUSALS, Diary::routine);
}

// 6. Stopping.

#[test]
fn stop_without_a_running_routine_is_refused() {
    // No diary at all: refused, and not created.
    let missing = Diary::new();
    let run = missing.routine(&["stop"]);
    assert_refused(&run, &["stop"], &["no routine", "nothing to stop"]);
    assert!(!missing.exists(), "`routine stop` created the diary");

    // A diary with no routine.
    let diary = Diary::new();
    diary.run(&["night", "--none"]).ok();
    let before = diary.bytes();
    let run = diary.routine(&["stop"]);
    assert_refused(&run, &["stop"], &["no routine", "2026-11-23"]);
    assert!(
        diary.bytes() == before,
        "the refusal changed the diary file"
    );

    // A routine that has finished.
    diary.routine(&["start", "--on", "2026-10-01"]).ok();
    let before = diary.bytes();
    let run = diary.routine(&["stop"]);
    assert_refused(&run, &["stop"], &["no routine"]);
    assert!(
        diary.bytes() == before,
        "the refusal changed the diary file"
    );
    assert_eq!(diary.routines(), [row("2026-10-01", None)]);

    // A day before the routine began.
    let run = diary.routine(&["stop", "--on", "2026-09-30"]);
    assert_refused(&run, &["stop"], &["no routine", "2026-09-30"]);
    assert_eq!(diary.routines(), [row("2026-10-01", None)]);
}

#[test]
fn stopping_early_finishes_the_routine_and_frees_the_days_after() {
    let diary = Diary::new();
    diary.routine(&["start", "--on", "2026-11-02"]).ok();
    diary.session_at("2026-11-03 18:00");
    diary.session_at("2026-11-10 18:00");
    diary.session_at("2026-11-12 18:00");

    let stopped = diary.routine(&["stop", "--on", "2026-11-10"]).ok();
    assert_eq!(
        stopped.lines(),
        ["Stopped: the routine that began Mon 2 Nov 2026 now ends Tue 10 Nov 2026 (day 9 of 28)."]
    );
    assert_eq!(diary.routines(), [row("2026-11-02", Some("2026-11-10"))]);

    let status = diary.status();
    assert_eq!(
        status.line("Finished"),
        "Finished on Tue 10 Nov 2026.",
        "{status:#?}"
    );
    assert!(!status.stdout.contains("Now:"), "{status:#?}");
    // Week 2 ends with the stop: the session on 2026-11-12 is no longer in the routine.
    assert_eq!(
        status.line("Sessions: "),
        "Sessions: week 1: 1 session on 1 day, target 5 · week 2: 1 session on 1 day, target 5."
    );

    // Stopping again finds nothing running today.
    assert_eq!(diary.routine(&["stop"]).code, 2);

    // The stop day is still the old routine's; a new baseline starts after the follow-up
    // fortnight (11-24 Nov), so the first start allowed is 14 nights later.
    let args = ["start", "--on", "2026-11-10"];
    assert_refused(&diary.routine(&args), &args, &["2026-11-02", "2026-11-10"]);
    let args = ["start", "--on", "2026-11-11"];
    assert_refused(
        &diary.routine(&args),
        &args,
        &["start on 2026-12-09 or later"],
    );
    diary.routine(&["start", "--on", "2026-12-09"]).ok();
    assert_eq!(
        diary.routines(),
        [
            row("2026-11-02", Some("2026-11-10")),
            ("2026-12-09".into(), 4, 5, 14, None)
        ]
    );
}

#[test]
fn stop_today_ends_the_running_routine_today() {
    let diary = Diary::new();
    diary.routine(&["start", "--on", "2026-11-02"]).ok();
    let stopped = diary.routine(&["stop"]).ok();
    assert!(
        stopped
            .stdout
            .contains("now ends Mon 23 Nov 2026 (day 22 of 28)"),
        "{stopped:#?}"
    );
    assert_eq!(diary.routines(), [row("2026-11-02", Some("2026-11-23"))]);
    assert_eq!(
        diary.status().line("Now: "),
        "Now: routine day 22 of 22 · week 4 · 0 days left."
    );
}

// 7. Known bugs.

/// `--on today` starts today, `--on yesterday` yesterday (each a new diary).
#[test]
fn start_on_today_or_yesterday_starts_that_day() {
    for (word, said, start) in [
        ("today", "from Mon 23 Nov 2026", "2026-11-23"),
        ("yesterday", "from Sun 22 Nov 2026", "2026-11-22"),
    ] {
        let diary = Diary::new();
        let run = diary.routine(&["start", "--on", word]).ok();
        run.says(said);
        assert_eq!(diary.routines(), [row(start, None)], "--on {word}");
    }
}

#[test]
fn a_start_too_far_ahead_is_refused_with_the_real_limit() {
    let diary = Diary::new();
    let run = diary.routine(&["start", "--on", "2026-12-24"]);
    let line = run.fails(2, &["--on", "30"]);
    assert!(!line.contains("today is 2026-12-23"), "{line}");
    assert!(!line.contains("must not be in the future"), "{line}");
}

#[test]
fn a_start_says_what_the_comparison_can_detect() {
    let diary = Diary::new();
    // 5 Oct - 1 Nov: 3 cramp nights a week (one cramp each), the rest cramp-free.
    let nights = october_then_november(5, 31, 1);
    for (i, night) in nights.iter().enumerate() {
        if i % 7 < 3 {
            diary
                .run(&words(&format!(
                    "cramp --leg left --intensity 5 --duration 60s --night {night}"
                )))
                .ok();
        } else {
            diary.run(&["night", "--none", "--night", night]).ok();
        }
    }
    let run = diary.routine(&["start", "--on", "2026-11-02"]).ok();
    assert_eq!(
        run.line("With about"),
        "With about 3 cramps a week, a 4-week comparison detects a halving only about 3 times in 10; it detects a fall of 60% or more half the time.",
        "{run:#?}"
    );
}
