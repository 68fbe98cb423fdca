//! Export, import, CSV, the demo diary, completions and the configuration file.

use crate::common::export_to;
use std::path::{Path, PathBuf};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A new folder with [`Env::diary`] in it: the folder and the diary's path.
    fn with_diary() -> (Self, PathBuf) {
        let env = Self::new();
        let db = env.diary();
        (env, db)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cramp(&self, db: &Path, args: &[&str]) -> std::process::Output {
        crate::common::launch::command(self.dir.path())
            .current_dir(self.dir.path())
            .env("CRAMP_CONFIG", self.path("config.toml"))
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, db: &Path, args: &[&str]) -> String {
        let out = self.cramp(db, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The diary at `db` as its JSON export prints it.
    fn json(&self, db: &Path) -> String {
        self.ok(db, &["export", "--format", "json", "--out", "-"])
    }

    /// [`Env::diary`] exported as JSON to `a.json`: that file.
    fn exported_diary(&self) -> PathBuf {
        let file = self.path("a.json");
        self.ok(&self.diary(), &export_to("json", &file));
        file
    }

    /// Exit 2, one `cramp:` line containing `words`.
    fn refused(&self, db: &Path, args: &[&str], words: &str) {
        let out = self.cramp(db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("cramp: ") && err.contains(words), "{err}");
    }

    /// The demo diary plus a note that looks like a spreadsheet formula.
    fn diary(&self) -> PathBuf {
        let db = self.path("demo.db");
        self.ok(&db, &["demo"]);
        self.ok(
            &db,
            &[
                "night",
                "--exclude",
                "=HYPERLINK(\"http://x\")",
                "--night",
                "2026-11-23",
            ],
        );
        db
    }
}

#[test]
fn export_then_import_into_an_empty_diary_gives_the_same_json() {
    let (env, db) = Env::with_diary();
    let a = env.json(&db);
    let file = env.path("a.json");
    std::fs::write(&file, &a).unwrap();
    let fresh = env.path("fresh.db");
    let said = env.ok(&fresh, &["import", file.to_str().unwrap()]);
    assert!(said.contains("added"), "{said}");
    let b = env.json(&fresh);
    assert_eq!(a, b, "the round trip is lossless");
    let json: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(
        (json["format"].as_str(), json["version"].as_u64()),
        (Some("cramp-diary-export"), Some(2))
    );
    assert!(
        json["nights"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["uid"].as_str().unwrap().len() == 36)
    );
    assert_eq!(json["context"].as_array().unwrap().len(), 2);
}

#[test]
fn importing_twice_adds_nothing_the_second_time() {
    let env = Env::new();
    let file = env.exported_diary();
    let fresh = env.path("fresh.db");
    env.ok(&fresh, &["import", file.to_str().unwrap()]);
    let once = env.json(&fresh);
    let said = env.ok(&fresh, &["import", file.to_str().unwrap()]);
    assert!(said.contains("added nothing; updated nothing"), "{said}");
    assert_eq!(env.json(&fresh), once);
}

#[test]
fn a_dry_run_says_what_would_happen_and_writes_nothing() {
    let env = Env::new();
    let file = env.exported_diary();
    let target = env.path("target.db");
    env.ok(&target, &["night", "--none", "--night", "2026-01-01"]);
    let before = std::fs::read(&target).unwrap();
    let said = env.ok(&target, &["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(
        said.starts_with("Would import") && said.contains("would add"),
        "{said}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn broken_files_are_refused_by_name_and_the_diary_is_unchanged() {
    let (env, db) = Env::with_diary();
    let good = env.json(&db);
    let target = env.path("target.db");
    env.ok(&target, &["night", "--none", "--night", "2026-01-01"]);
    let before = std::fs::read(&target).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&good).unwrap();
    json["episodes"][7]["intensity"] = 12.into();
    let uid = json["episodes"][7]["uid"].as_str().unwrap().to_string();
    let out_of_range = serde_json::to_string(&json).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&good).unwrap();
    json["version"] = 9.into();
    let wrong_version = serde_json::to_string(&json).unwrap();
    let cases = [
        (
            "truncated.json",
            good[..good.len() / 2].to_string(),
            "looks truncated".to_string(),
        ),
        (
            "version.json",
            wrong_version,
            "version must be 1-2".to_string(),
        ),
        (
            "range.json",
            out_of_range,
            format!("episodes[7] (uid {uid}): intensity must be 0-10, got 12"),
        ),
        (
            "notes.txt",
            "night,cramps\n2026-11-01,2\n".to_string(),
            "is not a cramp diary export".to_string(),
        ),
    ];
    for (name, text, words) in cases {
        let file = env.path(name);
        std::fs::write(&file, text).unwrap();
        env.refused(&target, &["import", file.to_str().unwrap()], &words);
        assert_eq!(
            std::fs::read(&target).unwrap(),
            before,
            "{name} changed the diary"
        );
    }
    env.refused(
        &target,
        &["import", env.path("missing.json").to_str().unwrap()],
        "cannot read",
    );
}

#[test]
fn csv_reads_back_as_the_right_columns_and_rows_and_formulas_are_defused() {
    let (env, db) = Env::with_diary();
    let json: serde_json::Value = serde_json::from_str(&env.json(&db)).unwrap();
    let folder = env.path("csv");
    env.ok(&db, &export_to("csv", &folder));
    for (file, key, first_columns) in [
        ("nights.csv", "nights", vec!["uid", "night_of", "status"]),
        (
            "cramps.csv",
            "episodes",
            vec![
                "uid",
                "night_uid",
                "leg",
                "muscle",
                "intensity",
                "duration_s",
            ],
        ),
        (
            "sessions.csv",
            "sessions",
            vec!["uid", "at", "technique", "legs", "minutes_per_calf"],
        ),
        (
            "routines.csv",
            "routines",
            vec!["uid", "start_on", "weeks", "per_week"],
        ),
        (
            "context.csv",
            "context",
            vec!["uid", "day", "fluids_dl", "magnesium_mg"],
        ),
    ] {
        let mut reader = csv::Reader::from_path(folder.join(file)).unwrap();
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            &headers[..first_columns.len()],
            &first_columns[..],
            "{file}"
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), json[key].as_array().unwrap().len(), "{file}");
    }
    let nights = std::fs::read_to_string(folder.join("nights.csv")).unwrap();
    assert!(
        nights.contains("'=HYPERLINK"),
        "a formula-looking reason is defused"
    );
    assert!(!nights.contains(",=HYPERLINK"));
}

#[test]
fn bad_export_options_exit_2() {
    let (env, db) = Env::with_diary();
    env.refused(
        &db,
        &["export", "--format", "xml"],
        "format must be json, csv or html",
    );
    env.refused(
        &db,
        &["export", "--format", "csv", "--out", "-"],
        "--out must be a folder",
    );
    env.refused(
        &db,
        &[
            "export",
            "--format",
            "json",
            "--from",
            "2026-11-10",
            "--to",
            "2026-11-01",
        ],
        "--to must not be before",
    );
    env.refused(
        &env.path("none.db"),
        &["export", "--format", "json"],
        "there is no diary",
    );
}

#[test]
fn from_and_to_limit_the_export() {
    let (env, db) = Env::with_diary();
    let json: serde_json::Value = serde_json::from_str(&env.ok(
        &db,
        &[
            "export",
            "--format",
            "json",
            "--out",
            "-",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-07",
        ],
    ))
    .unwrap();
    let nights = json["nights"].as_array().unwrap();
    assert!(!nights.is_empty() && nights.len() <= 7);
    assert!(
        nights
            .iter()
            .all(|n| ("2026-11-01".."2026-11-08").contains(&n["night_of"].as_str().unwrap()))
    );
}

#[test]
fn the_demo_writes_ten_weeks_to_a_new_file_only() {
    let env = Env::new();
    let db = env.path("demo.db");
    let said = env.ok(&db, &["demo"]);
    assert!(
        said.contains("Mon 14 Sep 2026 to Sun 22 Nov 2026"),
        "{said}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&env.ok(&db, &["report", "--format", "json"])).unwrap();
    assert_eq!(report["routine"]["weeks"], 4);
    assert_eq!(report["baseline"]["nights"], 28);
    let weeks = report["adherence"].as_array().unwrap();
    assert_eq!(weeks.len(), 4);
    env.refused(&db, &["demo"], "already exists");
    // Without --db (and not in a terminal) nothing is left behind.
    let out = crate::common::launch::command(env.dir.path())
        .current_dir(env.dir.path())
        .arg("demo")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("needs a terminal")
    );
}

#[test]
fn completions_for_three_shells() {
    let env = Env::new();
    let db = env.path("x.db");
    for (shell, marker) in [
        ("bash", "_cramp()"),
        ("zsh", "#compdef cramp"),
        ("fish", "complete -c cramp"),
    ] {
        let text = env.ok(&db, &["completions", shell]);
        assert!(text.contains(marker), "{shell}");
        assert!(text.contains("massage"), "{shell} completes subcommands");
    }
    env.refused(
        &db,
        &["completions", "tcsh"],
        "shell must be bash, zsh or fish",
    );
    assert!(!db.exists());
}

#[test]
fn the_config_file_changes_defaults_and_a_bad_one_names_the_key() {
    let env = Env::new();
    let db = env.path("d.db");
    // The default printed by `cramp config --default` is valid as it stands.
    std::fs::write(
        env.path("config.toml"),
        env.ok(&db, &["config", "--default"]),
    )
    .unwrap();
    assert!(
        env.ok(&db, &["config"])
            .contains("night_cutoff = \"18:00\"")
    );
    // A 07:00 cutoff: at 07:30 "last night" is already tonight.
    std::fs::write(
        env.path("config.toml"),
        "night_cutoff = \"07:00\"\n[routine]\nweeks = 6\nper_week = 3\n",
    )
    .unwrap();
    // (Tonight cannot be marked cramp-free before it is over, but it can be excluded.)
    env.ok(&db, &["night", "--exclude", "travel"]);
    let listed = env.ok(&db, &["list", "--last", "1"]);
    assert!(
        listed.starts_with("2026-11-23 Mon") && listed.contains("travel"),
        "{listed}"
    );
    let said = env.ok(&db, &["routine", "start"]);
    assert!(
        said.contains("a 6-week routine") && said.contains("3 sessions a week"),
        "{said}"
    );
    std::fs::write(env.path("config.toml"), "colour = false\n").unwrap();
    env.refused(&db, &["list"], "colour");
    std::fs::write(env.path("config.toml"), "[routine]\nweeks = 0\n").unwrap();
    env.refused(&db, &["list"], "routine.weeks must be 1-12, got 0");
    // --default still works, to start again from.
    assert!(
        env.ok(&db, &["config", "--default"])
            .contains("night_cutoff")
    );
}

#[test]
fn a_dry_run_into_a_diary_that_does_not_exist_creates_no_file() {
    let env = Env::new();
    let file = env.exported_diary();
    let target = env.path("not-yet.db");
    let said = env.ok(&target, &["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(said.contains("would add"), "{said}");
    assert!(!target.exists(), "a dry run created {}", target.display());
}

#[test]
fn the_export_summary_counts_experiments_like_the_import_summary() {
    let (env, db) = Env::with_diary();
    env.ok(&db, &["experiment", "start", "--on", "2026-11-30"]);
    let file = env.path("a.json");
    let wrote = env.ok(&db, &export_to("json", &file));
    assert!(
        wrote.contains("1 experiment") && !wrote.contains("1 experiments"),
        "{wrote}"
    );
    let imported = env.ok(&env.path("fresh.db"), &["import", file.to_str().unwrap()]);
    assert!(
        imported.contains("1 experiment") && !imported.contains("1 experiments"),
        "{imported}"
    );
}

/// The sample export the README offers (a version 1 file, before numbness and swelling) imports
/// whole, and exporting the diary gives back every record as the file had it.
#[test]
fn the_sample_export_imports_whole_and_comes_back_unchanged() {
    let env = Env::new();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-export.json");
    let db = env.path("d.db");
    let summary = env.ok(&db, &["import", sample]);
    assert!(
        summary.contains(
            "added 69 nights, 49 cramps, 25 sessions, 1 routine, 2 context days; updated nothing"
        ),
        "{summary}"
    );
    let exported = env.json(&db);
    let exported: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sample).unwrap()).unwrap();
    for table in ["nights", "episodes", "sessions", "routines", "context"] {
        let (ours, theirs) = (
            exported[table].as_array().unwrap(),
            file[table].as_array().unwrap(),
        );
        assert_eq!(ours.len(), theirs.len(), "{table}");
        for (o, t) in ours.iter().zip(theirs) {
            for (key, value) in t.as_object().unwrap() {
                assert_eq!(&o[key], value, "{table} {key} of {}", t["uid"]);
            }
            // Fields newer than the file are there, and empty.
            for (key, value) in o.as_object().unwrap() {
                if t.get(key).is_none() {
                    assert!(value.is_null(), "{table} {key}: {value}");
                }
            }
        }
    }
    // Importing it again changes nothing.
    let again = env.ok(&db, &["import", sample]);
    assert!(again.contains("added nothing; updated nothing"), "{again}");
}
