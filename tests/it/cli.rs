//! The one-shot commands, run as a user would: the real binary on a diary in a temporary folder,
//! with the clock fixed by `CRAMP_NOW`. Exit codes: 0 ok, 1 failure, 2 invalid input.

use crate::common::assert_holds;
use crate::common::diary::{Diary, NOW, assert_each_refused_untouched};
use crate::common::run::{Run, assert_refused};
use crate::common::words;

use assert_cmd::Command;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::thread;

impl Diary {
    fn list(&self) -> Run {
        self.run(&["list"]).ok()
    }

    fn live_episode_count(&self) -> i64 {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.query_row(
            "SELECT count(*) FROM cramp_episodes WHERE deleted_at IS NULL",
            [],
            |row| row.get(0),
        )
        .unwrap()
    }
}

/// The binary with a fixed clock and no diary chosen by the environment.
fn bare_command(now: &str, home: &Path) -> Command {
    let mut cmd = Command::from_std(crate::common::launch::command(home));
    cmd.env("CRAMP_NOW", now);
    cmd
}

const LEFT_CRAMP: &[&str] = &[
    "cramp",
    "--leg",
    "left",
    "--intensity",
    "7",
    "--duration",
    "90s",
];

/// The line `list` prints for a night, e.g. `2026-11-22 Sun  1 cramp: ...`.
fn line_for<'a>(list: &'a Run, day: &str) -> &'a str {
    list.lines()
        .into_iter()
        .find(|l| l.starts_with(day))
        .unwrap_or_else(|| panic!("no line for {day} in {list:#?}"))
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// 1. Logging a cramp and which night it goes to.

#[test]
fn a_cramp_is_saved_on_last_night_and_listed() {
    let diary = Diary::new();
    let saved = diary.run(LEFT_CRAMP).ok();
    assert!(
        saved
            .stdout
            .starts_with("Saved to the night of Sun 22 Nov 2026:"),
        "{saved:#?}"
    );

    let list = diary.list();
    let first = list.lines()[0];
    assert!(first.starts_with("2026-11-22 Sun"), "{list:#?}");
    assert!(first.contains("left calf 7/10 1m30s"), "{list:#?}");
}

#[test]
fn before_18_00_the_default_night_is_the_one_that_began_yesterday() {
    let diary = Diary::new();
    let now = "2026-11-23T17:59";
    diary.at(now, LEFT_CRAMP).ok();
    let list = diary.at(now, &["list"]).ok();
    let first = list.lines()[0];
    assert!(first.starts_with("2026-11-22 Sun"), "{list:#?}");
    assert!(first.contains("left calf 7/10 1m30s"), "{list:#?}");
    assert!(!list.stdout.contains("2026-11-23"), "{list:#?}");
}

#[test]
fn a_night_forgotten_in_the_morning_is_logged_at_15_00_on_last_night() {
    let diary = Diary::new();
    let saved = diary.at("2026-11-23T15:00", &["night", "--none"]).ok();
    assert_eq!(
        saved.stdout.trim(),
        "Saved to the night of Sun 22 Nov 2026: no cramps."
    );
    let due = diary.at("2026-11-23T15:00", &["due"]);
    assert_eq!(due.code, 0, "{due:#?}");
}

#[test]
fn from_18_00_the_default_night_is_tonight() {
    let diary = Diary::new();
    let now = "2026-11-23T18:00";
    let saved = diary.at(now, LEFT_CRAMP).ok();
    assert!(
        saved
            .stdout
            .starts_with("Saved to the night of Mon 23 Nov 2026:"),
        "{saved:#?}"
    );
    let list = diary.at(now, &["list"]).ok();
    let first = list.lines()[0];
    assert!(first.starts_with("2026-11-23 Mon"), "{list:#?}");
    assert!(first.contains("left calf 7/10 1m30s"), "{list:#?}");
    assert!(
        line_for(&list, "2026-11-22").ends_with("not logged"),
        "{list:#?}"
    );
}

#[test]
fn a_cramp_free_mark_for_tonight_is_refused_and_the_diary_is_unchanged() {
    let diary = Diary::new();
    diary.at("2026-11-23T07:00", &["night", "--none"]).ok();
    let before = diary.bytes();
    // From 18:00 the default night is tonight, which is not over.
    let refused = diary.at("2026-11-23T18:00", &["night", "--none"]);
    refused.fails_saying(2, "cramp: the night of Mon 23 Nov 2026 is not over yet, so it cannot be marked cramp-free; to mark last night use `cramp night --none --night 2026-11-22`");
    // Named explicitly, even in the morning.
    let refused = diary.at("2026-11-23T07:00", &["night", "--none", "--night", "today"]);
    assert_eq!(refused.code, 2, "{refused:#?}");
    assert_eq!(diary.bytes(), before);
    // Excluding tonight (travel planned) stays allowed.
    diary
        .at("2026-11-23T18:00", &["night", "--exclude", "travel"])
        .ok();
}

#[test]
fn a_missing_diary_is_refused_for_tonight_without_being_created() {
    let diary = Diary::new();
    let refused = diary.at("2026-11-23T19:00", &["night", "--none"]);
    assert_eq!(refused.code, 2, "{refused:#?}");
    assert!(!diary.exists());
}

#[test]
fn hints_name_the_night_so_they_still_work_later_in_the_day() {
    let diary = Diary::new();
    diary.at("2026-11-21T07:00", &["night", "--none"]).ok();
    // At 20:00 `cramp night --none` alone would be tonight: the hint names last night.
    let due = diary.at("2026-11-23T20:00", &["due"]);
    assert_eq!(due.code, 1, "{due:#?}");
    due.says("`cramp night --none --night 2026-11-22`");
}

#[test]
fn the_first_write_to_a_missing_diary_says_a_new_one_was_started() {
    let diary = Diary::named("typo/folder/d.db");
    let listed = diary.run(&["list"]).ok();
    assert!(listed.stderr.is_empty(), "{listed:#?}");
    assert!(!diary.exists(), "a reading command created the diary");
    let saved = diary.run(&["night", "--none"]).ok();
    assert_eq!(
        saved.stderr.trim(),
        format!("Started a new diary at {}", diary.path.display())
    );
    assert_eq!(mode(diary.path.parent().unwrap()), 0o700);
    let again = diary
        .run(&["night", "--none", "--night", "2026-11-21"])
        .ok();
    assert!(again.stderr.is_empty(), "{again:#?}");
}

#[test]
fn config_and_help_name_the_diary_in_use() {
    let diary = Diary::new();
    let config = diary.run(&["config"]).ok();
    config.says(&format!(
        "Diary in use: {} (not created yet)",
        diary.path.display()
    ));
    let mut cmd = bare_command(NOW, diary.dir.path());
    cmd.env("CRAMP_DB", &diary.path).arg("--help");
    let help = Run::from(cmd.output().unwrap()).ok();
    assert!(
        help.stdout
            .contains(&format!("[in use: {}]", diary.path.display())),
        "{help:#?}"
    );
}

// 2. Invalid input: exit 2, one line naming the field and what is allowed, nothing written.

/// Arguments, and what the one stderr line must mention.
const REFUSALS: &[(&[&str], &[&str])] = &[
    (
        &[
            "cramp",
            "--leg",
            "left",
            "--intensity",
            "12",
            "--duration",
            "90s",
        ],
        &["cramp: intensity must be 0-10, got 12"],
    ),
    (
        &[
            "cramp",
            "--leg",
            "left",
            "--intensity",
            "7",
            "--duration",
            "0s",
        ],
        &["cramp: duration must be 1s-60m", "0s"],
    ),
    (
        &[
            "cramp",
            "--leg",
            "left",
            "--intensity",
            "7",
            "--duration",
            "3h",
        ],
        &["cramp: duration must be 1s-60m", "3h"],
    ),
    (
        &[
            "cramp",
            "--leg",
            "middle",
            "--intensity",
            "7",
            "--duration",
            "90s",
        ],
        &["leg", "left, right or both", "middle"],
    ),
    (
        &[
            "cramp",
            "--leg",
            "left",
            "--intensity",
            "7",
            "--duration",
            "90s",
            "--night",
            "2026-11-30",
        ],
        &["night", "future", "2026-11-30"],
    ),
    (
        &[
            "cramp",
            "--leg",
            "left",
            "--intensity",
            "7",
            "--duration",
            "90s",
            "--night",
            "2026/11/22",
        ],
        &["night", "YYYY-MM-DD", "2026/11/22"],
    ),
    (
        &[
            "cramp",
            "--leg",
            "left",
            "--intensity",
            "7",
            "--duration",
            "90s",
            "--night",
            "2026-02-30",
        ],
        &["night", "YYYY-MM-DD", "2026-02-30"],
    ),
];

#[test]
fn invalid_input_leaves_an_existing_diary_byte_for_byte_unchanged() {
    let diary = Diary::new();
    diary
        .run(&words(
            "cramp --leg right --intensity 4 --duration 45s --night 2026-11-21",
        ))
        .ok();
    let list_before = diary.list().stdout;
    assert!(list_before.contains("right calf 4/10 45s"), "{list_before}");
    let before = diary.bytes();

    for (args, mentions) in REFUSALS {
        let run = diary.run(args);
        assert_refused(&run, args, mentions);
        assert!(diary.bytes() == before, "{args:?} changed the diary file");
        assert_eq!(
            diary.list().stdout,
            list_before,
            "{args:?} changed the list"
        );
    }
}

#[test]
fn invalid_input_does_not_create_a_missing_diary() {
    assert_each_refused_untouched(&Diary::new(), REFUSALS, Diary::run);
}

// 3. `cramp night`.

#[test]
fn night_none_records_a_cramp_free_night() {
    let diary = Diary::new();
    diary.run(&["night", "--none"]).ok();
    let list = diary.list();
    assert_eq!(line_for(&list, "2026-11-22"), "2026-11-22 Sun  no cramps");
}

#[test]
fn night_none_is_refused_on_a_night_with_a_cramp() {
    let diary = Diary::new();
    diary.run(LEFT_CRAMP).ok();
    let list_before = diary.list().stdout;
    let before = diary.bytes();

    let run = diary.run(&["night", "--none"]);
    run.fails(2, &["2026-11-22", "has 1 cramp"]);
    assert!(
        diary.bytes() == before,
        "the refusal changed the diary file"
    );
    assert_eq!(diary.list().stdout, list_before);
}

#[test]
fn night_exclude_shows_the_reason_in_the_list() {
    let diary = Diary::new();
    diary
        .run(&["night", "--exclude", "flu", "--night", "2026-11-20"])
        .ok();
    let list = diary.list();
    let line = line_for(&list, "2026-11-20");
    assert!(line.starts_with("2026-11-20 Fri"), "{line}");
    assert!(line.contains("excluded (flu)"), "{line}");
    assert!(
        line_for(&list, "2026-11-22").ends_with("not logged"),
        "{list:#?}"
    );
}

#[test]
fn tightness_is_set_on_a_logged_night() {
    let diary = Diary::new();
    diary.run(LEFT_CRAMP).ok();
    diary
        .run(&["night", "--tight-left", "3", "--tight-right", "5"])
        .ok();
    let list = diary.list();
    let line = line_for(&list, "2026-11-22");
    assert_holds(line, &["tight L3 R5", "left calf 7/10 1m30s"]);
}

#[test]
fn tightness_on_a_night_that_is_not_logged_is_refused() {
    let diary = Diary::new();
    diary
        .run(&["night", "--none", "--night", "2026-11-21"])
        .ok();
    let list_before = diary.list().stdout;
    let before = diary.bytes();

    let run = diary.run(&["night", "--tight-left", "3", "--tight-right", "5"]);
    run.fails(2, &["2026-11-22", "not logged"]);
    assert!(
        diary.bytes() == before,
        "the refusal changed the diary file"
    );
    assert_eq!(diary.list().stdout, list_before);
    assert!(
        line_for(&diary.list(), "2026-11-22").ends_with("not logged"),
        "{list_before}"
    );
}

/// Exit 2 means nothing was written: that includes not creating a new diary file.
#[test]
fn tightness_refused_on_a_missing_diary_does_not_create_it() {
    let diary = Diary::new();
    let run = diary.run(&["night", "--tight-left", "3"]);
    run.fails(2, &["not logged"]);
    assert!(!diary.exists(), "a refused command created the diary");
}

#[test]
fn bad_night_commands_exit_2_and_write_nothing() {
    let cases: &[(&[&str], &str)] = &[
        (&["night"], "nothing to record"),
        (&["night", "--tight-left", "11"], "0-10"),
        (&["night", "--none", "--exclude", "x"], "--exclude"),
    ];
    // On a diary that does not exist yet...
    let missing = Diary::new();
    for (args, mention) in cases {
        let run = missing.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:#?}");
        assert!(run.stderr.contains(mention), "{args:?}: {run:#?}");
        assert!(!missing.exists(), "{args:?} created the diary");
    }
    // ...and on one that holds a night.
    let diary = Diary::new();
    diary.run(LEFT_CRAMP).ok();
    let list_before = diary.list().stdout;
    let before = diary.bytes();
    for (args, mention) in cases {
        let run = diary.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:#?}");
        assert!(run.stderr.contains(mention), "{args:?}: {run:#?}");
        assert!(diary.bytes() == before, "{args:?} changed the diary file");
    }
    assert_eq!(diary.list().stdout, list_before);
}

#[test]
fn invalid_night_values_are_one_line() {
    let diary = Diary::new();
    let run = diary.run(&["night", "--tight-left", "11"]);
    run.fails(2, &["--tight-left", "0-10, got 11"]);
    let run = diary.run(&["night"]);
    run.fails(2, &["--none"]);
}

// 4. A cramp on a cramp-free night.

#[test]
fn a_cramp_on_a_cramp_free_night_makes_it_a_cramp_night() {
    let diary = Diary::new();
    diary.run(&["night", "--none"]).ok();
    let saved = diary.run(LEFT_CRAMP).ok();
    saved.says("now a night with cramps");
    let list = diary.list();
    let line = line_for(&list, "2026-11-22");
    assert!(line.contains("1 cramp: left calf 7/10 1m30s"), "{line}");
    assert!(!line.contains("no cramps"), "{line}");
}

// 5. `cramp due`.

#[test]
fn due_fails_until_last_night_is_logged() {
    let diary = Diary::new();
    diary
        .run(&["night", "--none", "--night", "2026-11-21"])
        .ok();
    let run = diary.run(&["due"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.lines().len(), 1, "{run:#?}");
    run.says("Sun 22 Nov 2026");
    run.says("not logged");

    diary.run(&["night", "--none"]).ok();
    let run = diary.run(&["due"]);
    assert_eq!(run.code, 0, "{run:#?}");
    run.says("Sun 22 Nov 2026");
}

#[test]
fn due_on_a_missing_diary_fails_without_creating_it() {
    let diary = Diary::new();
    let run = diary.run(&["due"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(run.lines().len(), 1, "{run:#?}");
    run.says("Sun 22 Nov 2026");
    assert!(!diary.exists(), "`due` created the diary");
    assert!(diary.side_files().is_empty());
}

// 6. `cramp list`.

#[test]
fn list_last_3_prints_three_nights_with_unlogged_ones_marked() {
    let diary = Diary::new();
    diary.run(LEFT_CRAMP).ok();
    let list = diary.run(&["list", "--last", "3"]).ok();
    let lines = list.lines();
    assert_eq!(lines.len(), 3, "{list:#?}");
    assert!(lines[0].starts_with("2026-11-22 Sun"), "{list:#?}");
    assert!(lines[0].contains("left calf 7/10 1m30s"), "{list:#?}");
    assert_eq!(lines[1], "2026-11-21 Sat  not logged");
    assert_eq!(lines[2], "2026-11-20 Fri  not logged");
}

#[test]
fn list_refuses_a_bad_count() {
    let diary = Diary::new();
    diary.run(LEFT_CRAMP).ok();
    for bad in ["0", "abc"] {
        let run = diary.run(&["list", "--last", bad]);
        assert_eq!(run.code, 2, "--last {bad}: {run:#?}");
        let line = run.error_line();
        assert!(line.contains("--last"), "{line}");
        assert!(line.contains(bad), "{line}");
        assert!(run.stdout.is_empty(), "{run:#?}");
    }
}

// 7. `cramp check`.

#[test]
fn check_passes_on_a_healthy_diary() {
    let diary = Diary::new();
    diary.run(LEFT_CRAMP).ok();
    diary
        .run(&["night", "--none", "--night", "2026-11-21"])
        .ok();
    let run = diary.run(&["check"]);
    assert_eq!(run.code, 0, "{run:#?}");
    run.says("ok");
    assert!(run.stderr.is_empty(), "{run:#?}");
}

// 8. Permissions.

#[test]
fn a_new_diary_and_its_folder_are_private() {
    let diary = Diary::named("sub/folder/d.db");
    diary.run(LEFT_CRAMP).ok();
    assert_eq!(mode(&diary.path), 0o600, "diary file mode");
    assert_eq!(
        mode(diary.path.parent().unwrap()),
        0o700,
        "diary folder mode"
    );
}

#[test]
fn the_default_diary_lives_in_xdg_data_home_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let data = dir.path().join("xdg-data");
    fs::create_dir(&home).unwrap();
    let run = Run::from(
        bare_command(NOW, dir.path())
            .env("HOME", &home)
            .env("XDG_DATA_HOME", &data)
            .args(LEFT_CRAMP)
            .output()
            .unwrap(),
    )
    .ok();
    let db = data.join("cramp-diary/diary.db");
    assert!(db.exists(), "no diary at {}: {run:#?}", db.display());
    assert_eq!(mode(&db), 0o600, "diary file mode");
    assert_eq!(mode(&data.join("cramp-diary")), 0o700, "diary folder mode");
    assert!(
        !home.join(".local").exists(),
        "the diary went under HOME despite XDG_DATA_HOME"
    );
}

// 9. Files that are not (usable) diaries are refused untouched.

/// Runs a write and `check` on `path`; both must fail with one line naming it, the file intact.
fn assert_bad_file_refused(path: &Path, mention: &str) {
    let dir = tempfile::tempdir().unwrap();
    let before = fs::read(path).unwrap();
    let shown = path.display().to_string();
    for args in [LEFT_CRAMP, &["check"], &["list"]] {
        let run = Run::from(
            bare_command(NOW, dir.path())
                .arg("--db")
                .arg(path)
                .args(args)
                .output()
                .unwrap(),
        );
        assert_eq!(run.code, 1, "{args:?} on {shown}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.contains(&shown),
            "{args:?}: does not name the file: {line}"
        );
        assert!(
            line.contains(mention),
            "{args:?}: missing {mention:?}: {line}"
        );
        assert!(
            fs::read(path).unwrap() == before,
            "{args:?} changed {shown}"
        );
    }
}

/// A real diary with several nights, fully written back into the main file.
fn populated_diary() -> Diary {
    let diary = Diary::new();
    for (i, day) in ["2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18"]
        .iter()
        .enumerate()
    {
        let note = format!("night {i}: woke twice, walked it off, drank water");
        diary
            .run(&[
                "cramp",
                "--leg",
                "both",
                "--intensity",
                "6",
                "--duration",
                "2m",
                "--night",
                day,
                "--note",
                &note,
            ])
            .ok();
    }
    diary
        .run(&["night", "--none", "--night", "2026-11-19"])
        .ok();
    diary
        .run(&["night", "--exclude", "travel", "--night", "2026-11-20"])
        .ok();
    // The last process to close the diary checkpoints the WAL into it and removes it.
    assert!(diary.side_files().is_empty(), "{:?}", diary.side_files());
    diary
}

#[test]
fn another_programs_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photos.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE t(x);
         INSERT INTO t VALUES (1), ('two'), (3.0), (NULL);",
    )
    .unwrap();
    drop(conn);
    assert_bad_file_refused(&path, "another program");
}

#[test]
fn a_text_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "shopping: magnesium, bananas\n".repeat(20)).unwrap();
    assert_bad_file_refused(&path, "not an SQLite database");
}

#[test]
fn a_truncated_diary_is_refused_untouched() {
    let diary = populated_diary();
    let len = fs::metadata(&diary.path).unwrap().len();
    assert!(
        len >= 4 * 4096,
        "diary too small to truncate meaningfully: {len}"
    );
    fs::OpenOptions::new()
        .write(true)
        .open(&diary.path)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    assert_bad_file_refused(&diary.path, "damaged");
}

#[test]
fn a_diary_from_a_newer_version_is_refused_untouched() {
    let diary = populated_diary();
    let conn = rusqlite::Connection::open(&diary.path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    assert!(diary.side_files().is_empty(), "{:?}", diary.side_files());
    let bytes = diary.bytes();
    assert_eq!(
        bytes[60..64],
        99u32.to_be_bytes(),
        "user_version not in the file"
    );
    assert_bad_file_refused(&diary.path, "newer");
}

// 10. Several processes writing at once.

#[test]
fn concurrent_writers_all_succeed_and_nothing_is_lost() {
    const PROCESSES: usize = 2;
    const EACH: usize = 25;
    let diary = Diary::new();
    // Created first: concurrent creation of a new diary is a separate (known) problem.
    diary
        .run(&["night", "--none", "--night", "2026-11-01"])
        .ok();

    let barrier = Arc::new(Barrier::new(PROCESSES));
    let workers: Vec<_> = (0..PROCESSES)
        .map(|p| {
            let (db, root) = (diary.path.clone(), diary.dir.path().to_path_buf());
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                barrier.wait();
                (0..EACH)
                    .map(|i| {
                        let output = crate::common::launch::command(&root)
                            .arg("--db")
                            .arg(&db)
                            .args(["cramp", "--leg", if p == 0 { "left" } else { "right" }])
                            .args(["--intensity", &(i % 11).to_string()])
                            .args(["--duration", "30s"])
                            .output()
                            .unwrap();
                        Run::from(output)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for worker in workers {
        for run in worker.join().unwrap() {
            assert!(!run.stderr.contains("locked"), "{run:#?}");
            assert_eq!(run.code, 0, "{run:#?}");
        }
    }
    assert_eq!(diary.live_episode_count(), (PROCESSES * EACH) as i64);
    let list = diary.list();
    let line = line_for(&list, "2026-11-22");
    assert!(
        line.contains(&format!("{} cramps", PROCESSES * EACH)),
        "{line}"
    );
}

/// Two commands on a diary that does not exist yet, at the same moment, must both succeed.
#[test]
fn concurrent_first_use_of_a_new_diary() {
    for trial in 0..20 {
        let diary = Diary::new();
        let barrier = Arc::new(Barrier::new(2));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (db, root) = (diary.path.clone(), diary.dir.path().to_path_buf());
                let barrier = Arc::clone(&barrier);
                thread::spawn(move || {
                    barrier.wait();
                    let output = crate::common::launch::command(&root)
                        .arg("--db")
                        .arg(&db)
                        .args(LEFT_CRAMP)
                        .output()
                        .unwrap();
                    Run::from(output)
                })
            })
            .collect();
        for worker in workers {
            let run = worker.join().unwrap();
            assert_eq!(run.code, 0, "trial {trial}: {run:#?}");
        }
        assert_eq!(diary.live_episode_count(), 2, "trial {trial}");
    }
}
