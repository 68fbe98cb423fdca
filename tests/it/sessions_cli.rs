//! `cramp massage` and `cramp context`, run as a user would: the real binary on a diary in a
//! temporary folder, the clock fixed by `CRAMP_NOW`, what was saved read back with rusqlite.
//! Exit codes: 0 ok, 1 failure, 2 invalid input (one `cramp: ...` line, nothing written).

use crate::common::diary::{Diary, assert_each_refused_untouched};
use crate::common::run::Run;

use rusqlite::Connection;
use std::path::Path;

impl Diary {
    fn massage(&self, args: &[&str]) -> Run {
        let mut all = vec!["massage"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    fn context(&self, args: &[&str]) -> Run {
        let mut all = vec!["context"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    fn sessions(&self) -> Vec<SessionRow> {
        session_rows(&self.path)
    }

    fn contexts(&self) -> Vec<ContextRow> {
        context_rows(&self.path)
    }
}

/// One `massage_sessions` row as stored, every column a user entered.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SessionRow {
    at: String,
    technique: String,
    legs: String,
    minutes_per_calf: Option<i64>,
    pain: Option<i64>,
    gun_speed: Option<String>,
    gun_head: Option<String>,
    spots: Option<i64>,
    seconds_per_spot: Option<i64>,
    tight_before: Option<i64>,
    tight_after: Option<i64>,
    side_effects: String,
    note: Option<String>,
}

fn session_rows(db: &Path) -> Vec<SessionRow> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT at, technique, legs, minutes_per_calf, pain, gun_speed, gun_head, spots,
                    seconds_per_spot, tight_before, tight_after, side_effects, note
             FROM massage_sessions WHERE deleted_at IS NULL ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(SessionRow {
            at: r.get(0)?,
            technique: r.get(1)?,
            legs: r.get(2)?,
            minutes_per_calf: r.get(3)?,
            pain: r.get(4)?,
            gun_speed: r.get(5)?,
            gun_head: r.get(6)?,
            spots: r.get(7)?,
            seconds_per_spot: r.get(8)?,
            tight_before: r.get(9)?,
            tight_after: r.get(10)?,
            side_effects: r.get(11)?,
            note: r.get(12)?,
        })
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// One `daily_context` row (live or deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ContextRow {
    day: String,
    fluids_dl: Option<i64>,
    magnesium_mg: Option<i64>,
    potassium: Option<i64>,
    exercise_min: Option<i64>,
    medication: Option<String>,
}

fn context_rows(db: &Path) -> Vec<ContextRow> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT day, fluids_dl, magnesium_mg, potassium, exercise_min, medication
             FROM daily_context ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(ContextRow {
            day: r.get(0)?,
            fluids_dl: r.get(1)?,
            magnesium_mg: r.get(2)?,
            potassium: r.get(3)?,
            exercise_min: r.get(4)?,
            medication: r.get(5)?,
        })
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// A session row with only the required columns set.
fn bare_row(at: &str, technique: &str, legs: &str) -> SessionRow {
    SessionRow {
        at: at.into(),
        technique: technique.into(),
        legs: legs.into(),
        minutes_per_calf: None,
        pain: None,
        gun_speed: None,
        gun_head: None,
        spots: None,
        seconds_per_spot: None,
        tight_before: None,
        tight_after: None,
        side_effects: String::new(),
        note: None,
    }
}

// 1. Saving sessions.

#[test]
fn a_foam_roller_session_is_saved_for_both_calves_now_without_a_warning() {
    let diary = Diary::new();
    let run = diary
        .massage(&[
            "--technique",
            "foam-roller",
            "--minutes",
            "8",
            "--pain",
            "5",
        ])
        .ok();
    assert!(run.stdout.starts_with("Saved: "), "{run:#?}");
    assert!(
        run.stdout
            .contains("foam roller · both calves · 8 min/calf · pain 5/10"),
        "{run:#?}"
    );
    assert!(run.warnings().is_empty(), "{run:#?}");
    assert_eq!(
        diary.sessions(),
        [SessionRow {
            minutes_per_calf: Some(8),
            pain: Some(5),
            ..bare_row("2026-11-23T07:30", "foam-roller", "both")
        }]
    );
}

#[test]
fn a_massage_gun_on_high_is_saved_with_a_warning_about_the_speed() {
    let diary = Diary::new();
    let run = diary
        .massage(&[
            "--technique",
            "massage-gun",
            "--speed",
            "high",
            "--spots",
            "4",
            "--seconds-per-spot",
            "30",
        ])
        .ok();
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{run:#?}");
    assert!(warnings[0].contains("high"), "{warnings:?}");
    assert!(warnings[0].contains("low to medium"), "{warnings:?}");
    assert_eq!(
        diary.sessions(),
        [SessionRow {
            gun_speed: Some("high".into()),
            spots: Some(4),
            seconds_per_spot: Some(30),
            // 4 spots × 30 s: 2 minutes per calf.
            minutes_per_calf: Some(2),
            ..bare_row("2026-11-23T07:30", "massage-gun", "both")
        }]
    );
}

/// Arguments after `massage`, and what the single warning line must mention.
const BREACHES: &[(&[&str], &[&str])] = &[
    (
        &["--technique", "foam-roller", "--pain", "8"],
        &["pain 8/10", "4-7/10"],
    ),
    (
        &["--technique", "foam-roller", "--minutes", "16"],
        &["16 minutes per calf", "5-10 minutes"],
    ),
    (
        &[
            "--technique",
            "ball",
            "--spots",
            "2",
            "--seconds-per-spot",
            "61",
        ],
        &["61 s per tender spot", "30 s"],
    ),
    (
        &["--technique", "thumbs", "--side-effect", "tingling"],
        &["tingling", "stop", "GP or physiotherapist"],
    ),
    (
        &["--technique", "foam-roller", "--side-effect", "bruising"],
        &["bruising", "ease off"],
    ),
    (
        &["--technique", "stick", "--side-effect", "numbness"],
        &["numbness", "stop", "GP or physiotherapist"],
    ),
];

#[test]
fn each_guidance_breach_is_saved_with_one_warning_line() {
    let diary = Diary::new();
    for (i, (args, mentions)) in BREACHES.iter().enumerate() {
        let run = diary.massage(args).ok();
        assert!(run.stdout.starts_with("Saved: "), "{args:?}: {run:#?}");
        let warnings = run.warnings();
        assert_eq!(warnings.len(), 1, "{args:?}: {run:#?}");
        for fragment in *mentions {
            assert!(
                warnings[0].contains(fragment),
                "{args:?}: missing {fragment:?} in {:?}",
                warnings[0]
            );
        }
        assert_eq!(
            diary.sessions().len(),
            i + 1,
            "{args:?}: the session was not saved"
        );
    }
    let saved = diary.sessions();
    assert_eq!(saved[0].pain, Some(8));
    assert_eq!(saved[1].minutes_per_calf, Some(16));
    assert_eq!(saved[2].seconds_per_spot, Some(61));
    assert_eq!(saved[3].side_effects, "tingling");
    assert_eq!(saved[4].side_effects, "bruising");
    assert_eq!(saved[5].side_effects, "numbness");
}

#[test]
fn the_guidance_boundaries_give_no_warning() {
    let diary = Diary::new();
    let cases: &[&[&str]] = &[
        &["--technique", "foam-roller", "--pain", "7"],
        &["--technique", "foam-roller", "--minutes", "15"],
        &[
            "--technique",
            "ball",
            "--spots",
            "2",
            "--seconds-per-spot",
            "60",
        ],
        &["--technique", "massage-gun", "--speed", "medium"],
        &[
            "--technique",
            "massage-gun",
            "--pain",
            "7",
            "--minutes",
            "15",
            "--speed",
            "medium",
            "--spots",
            "2",
            "--seconds-per-spot",
            "60",
        ],
    ];
    for args in cases {
        let run = diary.massage(args).ok();
        assert!(run.stdout.starts_with("Saved: "), "{args:?}: {run:#?}");
        assert!(run.warnings().is_empty(), "{args:?}: {run:#?}");
    }
    assert_eq!(diary.sessions().len(), cases.len());
}

#[test]
fn several_breaches_warn_once_each() {
    let diary = Diary::new();
    let run = diary
        .massage(&[
            "--technique",
            "massage-gun",
            "--pain",
            "9",
            "--minutes",
            "20",
            "--speed",
            "high",
            "--side-effect",
            "bruising",
            "--side-effect",
            "bruising",
        ])
        .ok();
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 4, "{run:#?}");
    // The repeated side effect is stored (and warned about) once.
    assert_eq!(diary.sessions()[0].side_effects, "bruising");
}

#[test]
fn every_field_of_a_massage_gun_session_is_stored() {
    let diary = Diary::new();
    let run = diary
        .massage(&[
            "--technique",
            "massage-gun",
            "--leg",
            "RIGHT",
            "--minutes",
            "6",
            "--pain",
            "4",
            "--speed",
            "medium",
            "--head",
            "ball",
            "--spots",
            "4",
            "--seconds-per-spot",
            "30",
            "--tight-before",
            "6",
            "--tight-after",
            "3",
            "--side-effect",
            "tingling",
            "--side-effect",
            "bruising",
            "--note",
            "  after the long walk  ",
        ])
        .ok();
    assert_eq!(run.warnings().len(), 2, "{run:#?}");
    assert_eq!(
        diary.sessions(),
        [SessionRow {
            at: "2026-11-23T07:30".into(),
            technique: "massage-gun".into(),
            legs: "right".into(),
            minutes_per_calf: Some(6),
            pain: Some(4),
            gun_speed: Some("medium".into()),
            gun_head: Some("ball".into()),
            spots: Some(4),
            seconds_per_spot: Some(30),
            tight_before: Some(6),
            tight_after: Some(3),
            side_effects: "tingling,bruising".into(),
            note: Some("after the long walk".into()),
        }]
    );
}

// 2. When, and which leg.

#[test]
fn ago_2h_stores_two_hours_before_now() {
    let diary = Diary::new();
    let run = diary
        .massage(&["--technique", "foam-roller", "--ago", "2h"])
        .ok();
    run.says("at 05:30");
    assert_eq!(diary.sessions()[0].at, "2026-11-23T05:30");
}

#[test]
fn ago_crosses_midnight_into_yesterday() {
    let diary = Diary::new();
    diary
        .massage(&["--technique", "foam-roller", "--ago", "8h15m"])
        .ok();
    assert_eq!(diary.sessions()[0].at, "2026-11-22T23:15");
}

#[test]
fn at_stores_the_given_date_and_time() {
    let diary = Diary::new();
    let run = diary
        .massage(&["--technique", "ball", "--at", "2026-11-22 19:15"])
        .ok();
    run.says("Sun 22 Nov 2026 at 19:15");
    diary
        .massage(&["--technique", "ball", "--at", "2026-11-23T07:30"])
        .ok();
    let at: Vec<String> = diary.sessions().into_iter().map(|s| s.at).collect();
    assert_eq!(at, ["2026-11-22T19:15", "2026-11-23T07:30"]);
}

#[test]
fn leg_left_stores_only_the_left_calf() {
    let diary = Diary::new();
    let run = diary
        .massage(&["--technique", "stick", "--leg", "left"])
        .ok();
    run.says("left calf");
    assert_eq!(
        diary.sessions(),
        [bare_row("2026-11-23T07:30", "stick", "left")]
    );
}

// 3. Refusals: exit 2, one line naming the field and what is allowed, nothing written.

/// Arguments after `massage`, and what the one stderr line must mention.
const MASSAGE_REFUSALS: &[(&[&str], &[&str])] = &[
    (
        &["--technique", "foam-roller", "--pain", "11"],
        &["cramp: pain must be 0-10, got 11"],
    ),
    (
        &["--technique", "foam-roller", "--minutes", "-1"],
        &["cramp: minutes must be 0-60, got -1"],
    ),
    (
        &["--technique", "foam-roller", "--minutes", "61"],
        &["cramp: minutes must be 0-60, got 61"],
    ),
    (
        &["--technique", "foam-roller", "--speed", "high"],
        &["speed", "high", "massage gun only", "foam roller"],
    ),
    (
        &["--technique", "ball", "--head", "bullet"],
        &["head", "bullet", "massage gun only", "ball"],
    ),
    (
        &["--technique", "hammer"],
        &[
            "technique",
            "foam-roller, massage-gun, ball, thumbs, stick, stretch or professional",
            "hammer",
        ],
    ),
    (
        &["--technique", "ball", "--side-effect", "itching"],
        &["side effect", "bruising, tingling or numbness", "itching"],
    ),
    (
        &["--technique", "ball", "--at", "2026-11-23 07:31"],
        &["at", "future", "2026-11-23 07:31"],
    ),
    (
        &["--technique", "ball", "--at", "2026-11-24 06:00"],
        &["at", "future", "2026-11-24 06:00"],
    ),
    (
        &["--technique", "ball", "--at", "yesterday 7pm"],
        &["at", "YYYY-MM-DD HH:MM", "yesterday 7pm"],
    ),
    (
        &["--technique", "ball", "--at", "2026-11-31 10:00"],
        &["at", "YYYY-MM-DD HH:MM", "2026-11-31 10:00"],
    ),
    (
        &["--technique", "ball", "--ago", "3d"],
        &["ago", "30m, 2h or 1h30m", "3d"],
    ),
    (
        &["--technique", "ball", "--spots", "51"],
        &["cramp: spots must be 0-50, got 51"],
    ),
    (
        &[
            "--technique",
            "ball",
            "--spots",
            "0",
            "--seconds-per-spot",
            "30",
        ],
        &["seconds per spot", "spots must be 1-50"],
    ),
    (
        &["--technique", "ball", "--seconds-per-spot", "601"],
        &["seconds per spot", "1-600", "601"],
    ),
    (
        &["--technique", "ball", "--tight-after", "eleven"],
        &["tightness after", "0-10", "eleven"],
    ),
];

#[test]
fn massage_refusals_leave_an_existing_diary_byte_for_byte_unchanged() {
    let diary = Diary::new();
    diary
        .massage(&[
            "--technique",
            "foam-roller",
            "--minutes",
            "8",
            "--pain",
            "5",
        ])
        .ok();
    diary
        .context(&["--fluids", "2", "--day", "2026-11-22"])
        .ok();
    assert!(diary.side_files().is_empty(), "{:?}", diary.side_files());
    let sessions_before = diary.sessions();
    assert_each_refused_untouched(&diary, MASSAGE_REFUSALS, Diary::massage);
    assert_eq!(diary.sessions(), sessions_before);
}

const AT_AND_AGO: &[&str] = &[
    "--technique",
    "ball",
    "--at",
    "2026-11-22 19:15",
    "--ago",
    "2h",
];

#[test]
fn at_together_with_ago_is_refused_without_writing() {
    let missing = Diary::new();
    let run = missing.massage(AT_AND_AGO);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stderr.contains("--at"), "{run:#?}");
    assert!(run.stderr.contains("--ago"), "{run:#?}");
    assert!(!missing.exists(), "the refusal created the diary");

    let diary = Diary::new();
    diary.massage(&["--technique", "ball"]).ok();
    let before = diary.bytes();
    let run = diary.massage(AT_AND_AGO);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(
        diary.bytes() == before,
        "the refusal changed the diary file"
    );
    assert_eq!(diary.sessions().len(), 1);
}

#[test]
fn at_together_with_ago_is_refused_in_one_line() {
    let diary = Diary::new();
    let run = diary.massage(AT_AND_AGO);
    run.fails(2, &["--at", "--ago"]);
}

// 4. `cramp context`.

#[test]
fn context_set_twice_on_one_day_keeps_every_value_in_one_row() {
    let diary = Diary::new();
    let first = diary
        .context(&["--fluids", "1.5", "--magnesium", "300", "--potassium"])
        .ok();
    first.says("Mon 23 Nov 2026");
    let second = diary.context(&["--exercise", "30"]).ok();
    assert!(
        second
            .stdout
            .contains("fluids 1.5 L · magnesium 300 mg · potassium-rich food · exercise 30 min"),
        "{second:#?}"
    );
    assert_eq!(
        diary.contexts(),
        [ContextRow {
            day: "2026-11-23".into(),
            fluids_dl: Some(15),
            magnesium_mg: Some(300),
            potassium: Some(1),
            exercise_min: Some(30),
            medication: None,
        }]
    );
}

#[test]
fn context_overwrites_only_the_fields_given() {
    let diary = Diary::new();
    diary
        .context(&["--fluids", "1.5", "--potassium", "--day", "yesterday"])
        .ok();
    diary
        .context(&[
            "--no-potassium",
            "--medication",
            "statin",
            "--day",
            "2026-11-22",
        ])
        .ok();
    diary.context(&["--fluids", "2"]).ok();
    assert_eq!(
        diary.contexts(),
        [
            ContextRow {
                day: "2026-11-22".into(),
                fluids_dl: Some(15),
                magnesium_mg: None,
                potassium: Some(0),
                exercise_min: None,
                medication: Some("statin".into()),
            },
            ContextRow {
                day: "2026-11-23".into(),
                fluids_dl: Some(20),
                magnesium_mg: None,
                potassium: None,
                exercise_min: None,
                medication: None,
            },
        ]
    );
}

/// Arguments after `context`, and what the one stderr line must mention.
const CONTEXT_REFUSALS: &[(&[&str], &[&str])] = &[
    (&["--fluids", "12"], &["fluids", "0-10", "12"]),
    (&["--fluids", "lots"], &["fluids", "0-10", "lots"]),
    (&["--magnesium", "2001"], &["magnesium", "0-2000", "2001"]),
    (&["--exercise", "-5"], &["exercise", "0-600", "-5"]),
    (
        &[],
        &[
            "nothing to record",
            "--fluids",
            "--magnesium",
            "--potassium",
            "--exercise",
            "--medication",
        ],
    ),
    (
        &["--fluids", "1", "--day", "2026-11-24"],
        &["day", "future", "2026-11-24"],
    ),
    (
        &["--fluids", "1", "--day", "24/11/2026"],
        &["day", "YYYY-MM-DD", "24/11/2026"],
    ),
];

#[test]
fn context_refusals_leave_an_existing_diary_byte_for_byte_unchanged() {
    let diary = Diary::new();
    diary
        .context(&["--fluids", "1.5", "--magnesium", "300"])
        .ok();
    assert!(diary.side_files().is_empty(), "{:?}", diary.side_files());
    let rows_before = diary.contexts();
    assert_each_refused_untouched(&diary, CONTEXT_REFUSALS, Diary::context);
    assert_eq!(diary.contexts(), rows_before);
}

/// Neither a refused `cramp massage` nor a refused `cramp context` creates a missing diary (each
/// failure names the refused arguments).
#[test]
fn massage_and_context_refusals_do_not_create_a_missing_diary() {
    assert_each_refused_untouched(&Diary::new(), MASSAGE_REFUSALS, Diary::massage);
    assert_each_refused_untouched(&Diary::new(), CONTEXT_REFUSALS, Diary::context);
}

#[test]
fn a_gun_session_without_minutes_counts_spots_times_seconds_rounded_up() {
    let diary = Diary::new();
    diary
        .massage(&[
            "--technique",
            "massage-gun",
            "--spots",
            "7",
            "--seconds-per-spot",
            "30",
        ])
        .ok();
    diary
        .massage(&[
            "--technique",
            "massage-gun",
            "--spots",
            "4",
            "--minutes",
            "9",
        ])
        .ok();
    diary.massage(&["--technique", "foam-roller"]).ok();
    let minutes: Vec<Option<i64>> = diary
        .sessions()
        .iter()
        .map(|s| s.minutes_per_calf)
        .collect();
    assert_eq!(
        minutes,
        [Some(4), Some(9), None],
        "7 × 30 s = 3.5 min -> 4; typed minutes win; a roller gets no invented minutes"
    );
}

#[test]
fn the_same_session_saved_twice_in_ten_minutes_needs_again() {
    let diary = Diary::new();
    let args = [
        "massage",
        "--technique",
        "foam-roller",
        "--minutes",
        "8",
        "--pain",
        "5",
    ];
    diary.run(&args).ok();
    let before = diary.bytes();
    let twin = diary.run(&args);
    twin.fails_saying(2, "cramp: an identical foam roller session was saved in the last 10 minutes, so this one was not; add --again to save it a second time");
    assert_eq!(diary.bytes(), before, "the refusal wrote something");
    // One field different is another session.
    diary
        .run(&[
            "massage",
            "--technique",
            "foam-roller",
            "--minutes",
            "8",
            "--pain",
            "6",
        ])
        .ok();
    // And --again saves the same one a second time.
    let mut again = args.to_vec();
    again.push("--again");
    diary.run(&again).ok();
}

#[test]
fn a_professional_session_gets_no_self_massage_guidance_warnings() {
    let diary = Diary::new();
    let run = diary
        .run(&[
            "massage",
            "--technique",
            "professional",
            "--minutes",
            "30",
            "--pain",
            "8",
        ])
        .ok();
    assert!(run.warnings().is_empty(), "{run:#?}");
    let run = diary
        .run(&[
            "massage",
            "--technique",
            "foam-roller",
            "--minutes",
            "30",
            "--pain",
            "8",
        ])
        .ok();
    assert_eq!(run.warnings().len(), 2, "{run:#?}");
}

#[test]
fn import_keeps_identical_sessions_with_different_uids() {
    let diary = Diary::new();
    let args = ["massage", "--technique", "ball", "--minutes", "5"];
    diary.run(&args).ok();
    let mut again = args.to_vec();
    again.push("--again");
    diary.run(&again).ok();
    let export = diary.export_json("out.json");
    let other = Diary::new();
    other.run(&["import", export.to_str().unwrap()]).ok();
    assert_eq!(other.sessions().len(), 2);
}
