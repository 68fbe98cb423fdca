//! Files are what they seem: an export never lands on the diary, its journal or a backup; every
//! export and backup is written whole (temporary file, fsync, rename) and owner-only; the
//! diary, the config and an import must be regular files; `cramp backup` makes a checked copy;
//! a command that wrote leaves the diary whole in its one file.

use crate::common::diary::Diary;
use crate::common::export_to;
use crate::common::skip::root_or_skip;
use crate::common::words;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A diary with a night, a cramp and a session in it.
fn logged() -> Diary {
    let d = Diary::new();
    d.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    d.run(&words("cramp --leg left --intensity 6 --duration 90s"))
        .ok();
    d.run(&["massage", "--technique", "ball", "--minutes", "5"])
        .ok();
    d
}

/// Every file in the diary's folder with its bytes (the `home` folder left out).
fn folder(d: &Diary) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn an_export_onto_the_diary_its_journal_or_a_backup_is_refused_and_writes_nothing() {
    let d = logged();
    let dir = d.dir.path();
    // A pre-upgrade backup and an older `cramp backup` copy beside it.
    std::fs::copy(&d.path, dir.join("d.db.before-v3.bak")).unwrap();
    d.run(&["backup", dir.join("copy.db").to_str().unwrap()])
        .ok();
    std::os::unix::fs::symlink(&d.path, dir.join("report.html")).unwrap();
    std::os::unix::fs::symlink("d.db-wal", dir.join("dangling.json")).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    let before = folder(&d);
    let relative = format!("{}/sub/../d.db", dir.display());
    let targets: Vec<String> = vec![
        d.path.display().to_string(),
        relative,
        companion(&d.path, "-wal").display().to_string(),
        companion(&d.path, "-shm").display().to_string(),
        companion(&d.path, "-journal").display().to_string(),
        dir.join("d.db.before-v3.bak").display().to_string(),
        dir.join("copy.db").display().to_string(),
        dir.join("report.html").display().to_string(),
        dir.join("dangling.json").display().to_string(),
    ];
    for (i, target) in targets.iter().enumerate() {
        // Both formats on a few; the check is the same for every format.
        let formats: &[&str] = if i < 3 { &["html", "json"] } else { &["json"] };
        for format in formats {
            let run = d.run(&["export", "--format", format, "--out", target]);
            assert_eq!(run.code, 2, "{format} onto {target}: {run:#?}");
            let line = run.error_line();
            assert!(
                line.contains("must not") && line.contains("--out"),
                "{line}"
            );
        }
    }
    // Relative to the working folder, as a person would type it.
    let run = crate::common::run::Run::from(
        d.command()
            .current_dir(dir)
            .args(["export", "--format", "html", "--out", "./d.db-wal"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2, "{run:#?}");
    // A CSV folder whose entry is a link to the diary.
    std::fs::create_dir(dir.join("csv")).unwrap();
    std::os::unix::fs::symlink(&d.path, dir.join("csv/nights.csv")).unwrap();
    let run = d.run(&[
        "export",
        "--format",
        "csv",
        "--out",
        dir.join("csv").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert_eq!(
        std::fs::read_dir(dir.join("csv")).unwrap().count(),
        1,
        "no CSV file was written"
    );
    assert_eq!(folder(&d), before, "a refused export changed a file");
    assert_eq!(d.run(&["check"]).code, 0);
}

#[test]
fn an_export_replaces_the_old_file_whole_and_owner_only() {
    let d = logged();
    let out = d.dir.path().join("diary.json");
    std::fs::write(&out, "an older export").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    let old_inode = std::fs::metadata(&out).unwrap().ino();
    d.run(&export_to("json", &out)).ok();
    assert_eq!(mode(&out), 0o600, "the export is owner-only");
    assert_ne!(
        std::fs::metadata(&out).unwrap().ino(),
        old_inode,
        "written to a new file and renamed over the old one, not truncated in place"
    );
    assert!(std::fs::read_to_string(&out).unwrap().ends_with("}\n"));
    let html = d.dir.path().join("r.html");
    d.run(&export_to("html", &html)).ok();
    assert_eq!(mode(&html), 0o600);
    let csv = d.dir.path().join("csv");
    d.run(&export_to("csv", &csv)).ok();
    for entry in std::fs::read_dir(&csv).unwrap() {
        assert_eq!(mode(&entry.unwrap().path()), 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_export_over_another_users_file_is_refused() {
    if !root_or_skip("chowning a file to nobody") {
        return;
    }
    let d = logged();
    let out = d.dir.path().join("theirs.json");
    std::fs::write(&out, "their file").unwrap();
    std::os::unix::fs::chown(&out, Some(65534), Some(65534)).unwrap();
    let run = d.run(&export_to("json", &out));
    run.fails(2, &["another user"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "their file");
}

#[test]
fn backup_writes_a_checked_owner_only_copy_and_refuses_the_diarys_own_files() {
    let d = logged();
    let copy = d.dir.path().join("backups/copy.db");
    std::fs::create_dir(d.dir.path().join("backups")).unwrap();
    let run = d.run(&["backup", copy.to_str().unwrap()]).ok();
    run.says("Backed up");
    assert_eq!(mode(&copy), 0o600);
    let integrity: String = crate::common::sql::value(&copy, "PRAGMA integrity_check");
    assert_eq!(integrity, "ok");
    let nights: i64 = crate::common::sql::value(&copy, "SELECT count(*) FROM nights");
    assert_eq!(nights, 2);
    // Run again: the older copy is replaced.
    d.run(&["backup", copy.to_str().unwrap()]).ok();
    let before = d.bytes();
    for target in [
        d.path.clone(),
        companion(&d.path, "-wal"),
        companion(&d.path, "-shm"),
    ] {
        let run = d.run(&["backup", target.to_str().unwrap()]);
        run.fails(2, &["must not be the diary"]);
    }
    assert_eq!(d.bytes(), before);
    let leftovers: Vec<_> = std::fs::read_dir(d.dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn after_a_write_the_diary_file_alone_holds_every_save() {
    let d = logged();
    // Another process keeps the diary open (as a running TUI would): closing the CLI's
    // connection is then not the last close, so only an explicit checkpoint empties the -wal.
    let other = rusqlite::Connection::open(&d.path).unwrap();
    let _: i64 = other
        .query_row("SELECT count(*) FROM nights", [], |r| r.get(0))
        .unwrap();
    d.cramp_free_night("2026-11-18", "only in the wal?").ok();
    let alone = tempfile::tempdir().unwrap();
    let copy = alone.path().join("copy.db");
    std::fs::copy(&d.path, &copy).unwrap();
    let found: i64 = crate::common::sql::value(
        &copy,
        "SELECT count(*) FROM nights WHERE note = 'only in the wal?'",
    );
    assert_eq!(found, 1, "the save lived only in the -wal");
    // A reading command leaves the file as it was.
    let before = d.bytes();
    d.run(&["list"]).ok();
    assert_eq!(d.bytes(), before);
    drop(other);
}

#[test]
fn memory_uris_folders_pipes_and_devices_are_refused_in_one_sentence() {
    let d = Diary::new();
    let dir = d.dir.path();
    let fifo = dir.join("pipe");
    crate::common::mkfifo(&fifo);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--db".into(), ":memory:".into(), "list".into()],
            "must be a file",
        ),
        (
            vec!["--db".into(), dir.display().to_string(), "list".into()],
            "is a folder",
        ),
        (
            vec!["--db".into(), fifo.display().to_string(), "list".into()],
            "is a named pipe",
        ),
        (
            vec![
                "--db".into(),
                "/dev/null".into(),
                "night".into(),
                "--none".into(),
            ],
            "is a device",
        ),
        (
            vec![
                "--db".into(),
                d.path.display().to_string(),
                "import".into(),
                fifo.display().to_string(),
            ],
            "is a named pipe",
        ),
        (
            vec![
                "--db".into(),
                d.path.display().to_string(),
                "import".into(),
                "/dev/zero".into(),
            ],
            "is a device",
        ),
    ];
    for (args, words) in cases {
        let run = run_with_deadline(&d, &args, &[]);
        assert_eq!(run.code, 2, "{args:?}: {run:#?}");
        assert!(run.error_line().contains(words), "{args:?}: {run:#?}");
    }
    // The config file too.
    let run = run_with_deadline(
        &d,
        &["--db".into(), d.path.display().to_string(), "list".into()],
        &[("CRAMP_CONFIG", fifo.to_str().unwrap())],
    );
    run.fails(2, &["config file"]);
    assert!(!d.exists(), "nothing was created");
}

/// Runs the binary (its own `--db` given in `args`), killing it if it hangs: a FIFO must be
/// refused, not waited on.
fn run_with_deadline(d: &Diary, args: &[String], env: &[(&str, &str)]) -> crate::common::run::Run {
    let mut cmd = crate::common::launch::command(d.dir.path());
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("cramp {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    crate::common::run::Run::from(child.wait_with_output().unwrap())
}

#[test]
fn a_file_uri_is_a_plain_relative_file_name() {
    let d = Diary::new();
    let other = d.dir.path().join("other.db");
    // Another program's database, which `file:other.db` used to reach as an SQLite URI.
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE theirs (x); INSERT INTO theirs VALUES (1);")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let run = crate::common::run::Run::from(
        crate::common::launch::command(d.dir.path())
            .current_dir(d.dir.path())
            .args(["--db", "file:other.db", "night", "--none"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(d.dir.path().join("file:other.db").is_file());
    assert_eq!(
        std::fs::read(&other).unwrap(),
        before,
        "the other file untouched"
    );
}

#[test]
fn a_diary_others_can_read_is_made_owner_only_with_a_notice() {
    let d = logged();
    std::fs::set_permissions(&d.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = d.run(&["list"]);
    assert_eq!(run.code, 0, "{run:#?}");
    let line = run.error_line();
    assert!(
        line.contains("(0644)") && line.contains("owner-only"),
        "{line}"
    );
    assert_eq!(mode(&d.path), 0o600);
    // An empty file about to become the diary too.
    let empty = Diary::new();
    std::fs::write(&empty.path, "").unwrap();
    std::fs::set_permissions(&empty.path, std::fs::Permissions::from_mode(0o664)).unwrap();
    let run = empty.run(&["night", "--none"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
    assert_eq!(mode(&empty.path), 0o600);
    // Quiet once it is private.
    d.run(&["list"]).ok();
}

#[test]
fn backup_is_refused_where_a_stale_wal_would_mix_into_the_copy() {
    let d = logged();
    let copy = d.dir.path().join("copy.db");
    // An older copy that someone opened, changed and left with its -wal beside it.
    d.run(&["backup", copy.to_str().unwrap()]).ok();
    {
        let conn = rusqlite::Connection::open(&copy).unwrap();
        conn.pragma_update(None, "journal_mode", "wal").unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute("UPDATE nights SET note = 'STALE'", [])
            .unwrap();
        let wal = std::fs::read(companion(&copy, "-wal")).unwrap();
        drop(conn);
        std::fs::write(companion(&copy, "-wal"), wal).unwrap();
    }
    let before = std::fs::read(&copy).unwrap();
    let run = d.run(&["backup", copy.to_str().unwrap()]);
    run.fails(2, &["-wal"]);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    // Once the -wal is gone the copy is made, and it holds the diary, not the stale edit.
    std::fs::remove_file(companion(&copy, "-wal")).unwrap();
    d.run(&["backup", copy.to_str().unwrap()]).ok();
    let stale: i64 =
        crate::common::sql::value(&copy, "SELECT count(*) FROM nights WHERE note = 'STALE'");
    assert_eq!(stale, 0);
}

#[test]
fn an_export_to_standard_output_sent_into_the_diary_is_refused() {
    let d = logged();
    let before = d.bytes();
    // `cramp export --format json --out - >> diary.db`
    let diary = std::fs::OpenOptions::new()
        .append(true)
        .open(&d.path)
        .unwrap();
    let out = crate::common::launch::command(d.dir.path())
        .args([
            "--db",
            d.path.to_str().unwrap(),
            "export",
            "--format",
            "json",
            "--out",
            "-",
        ])
        .stdout(diary)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--out -"),
        "{out:?}"
    );
    assert_eq!(d.bytes(), before);
    assert!(d.run(&["check"]).ok().stdout.contains("ok"));
}

#[test]
fn an_export_or_backup_into_a_missing_folder_says_so_in_plain_words() {
    let d = logged();
    let missing = d.dir.path().join("no-such-folder");
    let json = missing.join("x.json");
    let copy = missing.join("copy.db");
    let slash = format!("{}/", d.dir.path().join("copy").display());
    for args in [
        vec![
            "export",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
        ],
        vec!["backup", copy.to_str().unwrap()],
        vec!["backup", slash.as_str()],
    ] {
        let run = d.run(&args);
        assert_eq!(run.code, 2, "{run:#?}");
        let line = run.error_line();
        assert!(
            !line.contains("os error") && !line.contains("at path"),
            "{line}"
        );
        assert!(
            line.contains("existing folder") || line.contains("must name a file"),
            "{line}"
        );
    }
    assert!(!missing.exists());
    // A CSV folder is still made, parents and all.
    let csv = missing.join("csv");
    d.run(&export_to("csv", &csv)).ok();
    assert!(csv.join("nights.csv").exists());
}
