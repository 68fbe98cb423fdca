//! Sync between real processes: two diaries (two devices), one folder, each `cramp` run its own
//! process; then the same through a real git repository and through a plain copy of the folder.

use crate::common::diary::Diary;
use crate::common::words;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Everything in a diary, as its JSON export with each list in uid order (row ids differ
/// between devices; the rows must not).
pub fn dump(d: &Diary) -> Value {
    let out = d.run(&["export", "--format", "json", "--out", "-"]).ok();
    let mut v: Value = serde_json::from_str(&out.stdout).unwrap();
    for list in v.as_object_mut().unwrap().values_mut() {
        if let Some(rows) = list.as_array_mut() {
            rows.sort_by_key(|r| r["uid"].as_str().unwrap_or("").to_string());
        }
    }
    v
}

/// This diary's device id, as `sync status` shows it.
pub fn device(d: &Diary) -> String {
    let out = d.run(&["sync", "status"]).ok().stdout;
    out.lines()
        .find_map(|l| l.strip_prefix("This device: "))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .to_string()
}

/// This diary's own folder in the sync folder `dir`.
pub fn own_folder(d: &Diary, dir: &Path) -> PathBuf {
    dir.join(format!("cramp-{}", device(d)))
}

pub fn sync(d: &Diary, dir: &Path) -> crate::common::run::Run {
    d.run(&["sync", dir.to_str().unwrap()])
}

/// Two devices (two new diaries, a laptop and a phone) and an empty sync folder for them.
pub fn new_devices() -> (Diary, Diary, tempfile::TempDir) {
    (Diary::new(), Diary::new(), tempfile::tempdir().unwrap())
}

/// The ids of the conflicts `cramp sync conflicts` lists.
pub fn conflict_ids(d: &Diary) -> Vec<String> {
    let out = d.run(&["sync", "conflicts"]).ok();
    out.stdout
        .lines()
        .filter_map(|l| l.strip_prefix('['))
        .filter_map(|l| l.split(']').next())
        .map(str::to_string)
        .collect()
}

fn log_both_nights(a: &Diary, b: &Diary) {
    // The same night on both: cramp-free on one, a cramp on the other; and a night each.
    a.run(&[
        "night",
        "--none",
        "--tight-left",
        "3",
        "--night",
        "2026-11-21",
    ])
    .ok();
    b.run(&words(
        "cramp --leg left --intensity 6 --duration 60s --night 2026-11-21",
    ))
    .ok();
    a.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    log_cramp(b, "2026-11-19");
}

/// Logs a 30-second cramp in the right calf, intensity 4, on the night of `date`.
pub fn log_cramp(d: &Diary, date: &str) {
    d.run(&words(&format!(
        "cramp --leg right --intensity 4 --duration 30s --night {date}"
    )))
    .ok();
}

#[test]
fn two_devices_logging_the_same_night_and_others_end_equal_after_a_choice_made_on_the_command_line()
{
    let (a, b, folder) = new_devices();
    log_both_nights(&a, &b);
    for d in [&a, &b, &a] {
        sync(d, folder.path()).ok();
    }
    assert_eq!(dump(&a), dump(&b), "both devices hold the same diary");
    // Every night of both is there, the shared night once, with the cramp kept meanwhile.
    let list = a.run(&["list", "--last", "5"]).ok().stdout;
    assert!(
        list.contains("2026-11-21 Sat  1 cramp: left calf 6/10"),
        "{list}"
    );
    assert!(list.contains("2026-11-20 Fri  no cramps"), "{list}");
    assert!(
        list.contains("2026-11-19 Thu  1 cramp: right calf 4/10"),
        "{list}"
    );
    // Cramp-free on one, a cramp on the other: a question, never a silent winner.
    let ids = conflict_ids(&a);
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(conflict_ids(&b), ids, "both devices ask the same question");
    let listed = a.run(&["sync", "conflicts"]).ok().stdout;
    assert!(listed.contains("night 2026-11-21"), "{listed}");
    assert!(
        listed.contains("cramps") && listed.contains("none"),
        "{listed}"
    );
    // The person keeps "cramp-free" on the phone (b): its cramp is deleted (undo-able).
    let choice = listed
        .lines()
        .find(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()) && l.contains("none"))
        .and_then(|l| l.trim_start().split('.').next())
        .unwrap()
        .to_string();
    b.run(&["sync", "choose", &ids[0], &choice]).ok();
    for d in [&b, &a, &b] {
        sync(d, folder.path()).ok();
    }
    assert!(conflict_ids(&a).is_empty() && conflict_ids(&b).is_empty());
    assert_eq!(dump(&a), dump(&b));
    let list = a.run(&["list", "--last", "5"]).ok().stdout;
    assert!(list.contains("2026-11-21 Sat  no cramps"), "{list}");
}

fn git(repo: &Path, args: &[&str]) {
    let mut cmd = Command::new("git");
    cmd.args([
        "-c",
        "user.name=cramp test",
        "-c",
        "user.email=test@example.invalid",
    ])
    .args([
        "-c",
        "init.defaultBranch=main",
        "-c",
        "commit.gpgsign=false",
    ])
    .args(args)
    .current_dir(repo)
    .env("GIT_CONFIG_GLOBAL", "/dev/null")
    .env("GIT_CONFIG_NOSYSTEM", "1");
    crate::common::launch::succeeded(&mut cmd, &format!("git {args:?}"));
}

#[test]
fn a_git_repository_carries_the_folder_commit_on_one_side_pull_on_the_other() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let (a, b) = (Diary::new(), Diary::new());
    let root = tempfile::tempdir().unwrap();
    let origin = root.path().join("origin.git");
    std::fs::create_dir(&origin).unwrap();
    git(&origin, &["init", "--bare", "-q"]);
    let (ca, cb) = (root.path().join("a"), root.path().join("b"));
    git(root.path(), &["clone", "-q", origin.to_str().unwrap(), "a"]);
    git(root.path(), &["clone", "-q", origin.to_str().unwrap(), "b"]);
    log_both_nights(&a, &b);
    let push = |clone: &Path, msg: &str| {
        git(clone, &["add", "-A"]);
        git(clone, &["commit", "-q", "--allow-empty", "-m", msg]);
        git(clone, &["push", "-q", "origin", "HEAD:main"]);
    };
    sync(&a, &ca).ok();
    push(&ca, "laptop");
    git(&cb, &["pull", "-q", "origin", "main"]);
    sync(&b, &cb).ok();
    push(&cb, "phone");
    git(&ca, &["pull", "-q", "origin", "main"]);
    sync(&a, &ca).ok();
    assert_eq!(dump(&a), dump(&b));
    assert_eq!(conflict_ids(&a), conflict_ids(&b));
    assert_eq!(conflict_ids(&a).len(), 1);
    // Only sync files went into the repository.
    for entry in walk(&ca) {
        let name = entry
            .strip_prefix(&ca)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with(".git") || name.starts_with("cramp-"),
            "{name} is in the sync folder"
        );
    }
}

pub fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

fn copy_folder(from: &Path, to: &Path) {
    let out = Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", from.display()))
        .arg(to)
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn a_plain_copy_of_the_folder_carries_it_too() {
    let (a, b) = (Diary::new(), Diary::new());
    let root = tempfile::tempdir().unwrap();
    let (fa, fb) = (root.path().join("usb-a"), root.path().join("usb-b"));
    std::fs::create_dir(&fa).unwrap();
    std::fs::create_dir(&fb).unwrap();
    log_both_nights(&a, &b);
    sync(&a, &fa).ok();
    copy_folder(&fa, &fb);
    sync(&b, &fb).ok();
    copy_folder(&fb, &fa);
    sync(&a, &fa).ok();
    assert_eq!(dump(&a), dump(&b));
    // Files are owner-only.
    use std::os::unix::fs::PermissionsExt;
    for p in walk(&fa) {
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        let want = if p.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, want, "{}", p.display());
    }
}

#[test]
fn rebuild_replays_every_operation_reports_each_difference_and_adopts_only_when_asked() {
    let (a, b, folder) = new_devices();
    log_both_nights(&a, &b);
    for d in [&a, &b, &a] {
        sync(d, folder.path()).ok();
    }
    let out = a.run(&["sync", "rebuild"]).ok().stdout;
    assert!(out.contains("exactly what its operations give"), "{out}");
    // A change that went around the outbox (as a bug would): the live diary and its operations
    // now disagree, and the rebuild says where.
    {
        let conn = rusqlite::Connection::open(&a.path).unwrap();
        conn.execute_batch(
            "UPDATE sync_state SET applying = 1;
             UPDATE nights SET note = 'tampered' WHERE night_of = '2026-11-20';
             UPDATE sync_state SET applying = 0;",
        )
        .unwrap();
    }
    let before = dump(&a);
    let out = a.run(&["sync", "rebuild"]).ok().stdout;
    assert!(out.contains("1 difference"), "{out}");
    assert!(
        out.contains("night 2026-11-20") && out.contains("note: live \"tampered\", rebuilt empty"),
        "{out}"
    );
    assert!(out.contains("Nothing was changed"), "{out}");
    assert_eq!(
        dump(&a),
        before,
        "a rebuild without --adopt changes nothing"
    );
    // Adopted: the live diary is backed up first, then holds what the operations give.
    let out = a.run(&["sync", "rebuild", "--adopt"]).ok().stdout;
    let backup = out
        .lines()
        .find_map(|l| l.split("backed up at ").nth(1))
        .map(|p| p.trim_end_matches('.').to_string())
        .unwrap_or_else(|| panic!("{out}"));
    let list = a.run(&["list", "--last", "5"]).ok().stdout;
    assert!(!list.contains("tampered"), "{list}");
    let kept = Diary {
        dir: tempfile::tempdir().unwrap(),
        path: backup.into(),
    };
    assert!(
        kept.run(&["list", "--last", "5"])
            .ok()
            .stdout
            .contains("tampered")
    );
    assert!(
        a.run(&["sync", "rebuild"])
            .ok()
            .stdout
            .contains("exactly what its operations give")
    );
}

/// `cramp sync --db PATH status`: an option before the word made clap read `status` as the
/// folder, and the diary's change log was written in plain text to a new ./status/. A bare
/// subcommand name as DIR is refused in one sentence (exit 2, no folder made); ./status is a
/// folder of that name; and `cramp sync status --db PATH` is the subcommand.
#[test]
fn a_subcommand_name_is_never_taken_for_the_sync_folder() {
    let d = Diary::new();
    d.run(&["night", "--none"]).ok();
    let db = d.path.to_str().unwrap();
    let run = |args: &[&str]| {
        crate::common::run::Run::from(
            crate::common::launch::command(d.dir.path())
                .current_dir(d.dir.path())
                .args(args)
                .output()
                .unwrap(),
        )
    };
    for name in ["status", "conflicts", "rebuild", "choose", "help"] {
        let out = run(&["sync", "--db", db, name]);
        assert_eq!(out.code, 2, "{name}: {}", out.stdout);
        assert!(
            out.error_line().starts_with(&format!(
                "cramp: sync folder must not be a bare subcommand name, got '{name}'"
            )),
            "{}",
            out.error_line()
        );
        assert!(!d.dir.path().join(name).exists(), "{name} was made");
    }
    let out = run(&["sync", "status", "--db", db]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("This device: "), "{}", out.stdout);
    assert!(!d.dir.path().join("status").exists());
    // A folder that happens to be called status: written as a path.
    run(&["sync", "--db", db, "./status"]).ok();
    assert!(d.dir.path().join("status").is_dir());
}
