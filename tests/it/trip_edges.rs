//! Edges an attack found (issue 19, items 12-20): each test reproduces the attack exactly and
//! fails without its fix.

use crate::common::diary::Diary;
use crate::common::export_to;
use crate::common::skip::{root_or_skip, skipped};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

fn logged() -> Diary {
    let d = Diary::new();
    d.run(&["night", "--none"]).ok();
    d
}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Every name in the diary's folder, with its bytes (folders as `None`).
fn folder(d: &Diary) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out: Vec<_> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).ok();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    out.sort();
    out
}

// Item 12: a CSV folder named like the diary's journal made the diary unusable.
#[test]
fn a_csv_folder_named_like_a_companion_is_refused_and_an_existing_one_is_named() {
    let d = logged();
    let before = folder(&d);
    for suffix in ["-wal", "-shm", "-journal"] {
        let out = beside(&d.path, suffix);
        let run = d.run(&export_to("csv", &out));
        assert_eq!(run.code, 2, "{suffix}: {run:#?}");
        assert!(
            run.error_line()
                .contains("must not be named like the diary"),
            "{run:#?}"
        );
        assert!(!out.exists(), "{suffix}: a folder was made");
    }
    assert_eq!(folder(&d), before, "a refused export changed the folder");
    // A folder already standing there (made by hand, or by an older version): every command
    // names it and says what to do, instead of SQLite's "disk I/O error".
    for suffix in ["-wal", "-shm", "-journal"] {
        let out = beside(&d.path, suffix);
        std::fs::create_dir(&out).unwrap();
        for args in [&["list"][..], &["night", "--sleep", "3"], &["report"]] {
            let run = d.run(args);
            if run.code == 0 {
                // SQLite could work around it (a read that needs no -shm): fine.
                continue;
            }
            let line = run.error_line();
            assert!(
                line.contains(&format!("a folder, {}", out.display()))
                    && line.contains("remove that folder"),
                "{suffix} {args:?}: {run:#?}"
            );
            assert!(!line.contains("disk I/O"), "{line}");
        }
        std::fs::remove_dir(&out).unwrap();
    }
    assert_eq!(d.run(&["check"]).code, 0);
}

// Item 13: an export followed a symbolic link at the target and replaced the file it named.
#[test]
fn an_export_replaces_a_link_at_its_target_and_never_writes_through_it() {
    let d = logged();
    let dir = d.dir.path();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "not yours to replace\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    for format in ["html", "json"] {
        let link = dir.join(format!("report.{format}"));
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        d.run(&[
            "export",
            "--format",
            format,
            "--out",
            link.to_str().unwrap(),
        ])
        .ok();
        let meta = std::fs::symlink_metadata(&link).unwrap();
        assert!(
            meta.is_file(),
            "{format}: the link should be replaced by the export"
        );
        assert_eq!(meta.mode() & 0o777, 0o600);
    }
    // A CSV folder whose entry is a link.
    std::fs::create_dir(dir.join("csv")).unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("csv/nights.csv")).unwrap();
    d.run(&[
        "export",
        "--format",
        "csv",
        "--out",
        dir.join("csv").to_str().unwrap(),
    ])
    .ok();
    assert!(
        std::fs::symlink_metadata(dir.join("csv/nights.csv"))
            .unwrap()
            .is_file()
    );
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "not yours to replace\n",
        "an export wrote through a link"
    );
    assert_eq!(
        std::fs::metadata(&victim).unwrap().mode() & 0o777,
        0o644,
        "the linked file was replaced"
    );
}

// Item 13, the attack itself: another user's link in a shared sticky folder (like /tmp).
#[test]
fn an_export_refuses_another_users_link_in_a_shared_sticky_folder() {
    if !root_or_skip("making a link owned by another user") {
        return;
    }
    let d = logged();
    let shared = d.dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let victim = d.dir.path().join("precious.txt");
    std::fs::write(&victim, "mine\n").unwrap();
    let link = shared.join("report.html");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    std::os::unix::fs::lchown(&link, Some(65534), Some(65534)).unwrap();
    let run = d.run(&export_to("html", &link));
    run.fails(2, &["symbolic link another user made"]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine\n");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

// Item 14: the prompt waited out the 5-second busy timeout on a locked diary, then printed an
// error into the person's prompt.
#[test]
fn the_prompt_gives_up_on_a_locked_diary_and_prints_nothing() {
    let d = Diary::new();
    d.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    // Another program holds the diary locked (exclusive locking mode keeps the lock after its
    // first write), for longer than any of the runs below may take.
    let holder = rusqlite::Connection::open(&d.path).unwrap();
    holder
        .execute_batch(
            "PRAGMA locking_mode=EXCLUSIVE; BEGIN IMMEDIATE; \
             UPDATE nights SET note = 'held' WHERE night_of = '2026-11-20'; COMMIT;",
        )
        .unwrap();
    for (args, code) in [
        (&["due", "--prompt"][..], 0),
        (&["due", "--notify"], 0),
        (&["due", "--notify", "--quiet"], 0),
        (&["due", "--quiet"], 1),
    ] {
        let run = d.run(args);
        assert_eq!(run.code, code, "{args:?}: {run:#?}");
        assert_eq!(run.stdout, "", "{args:?}: {run:#?}");
        assert_eq!(run.stderr, "", "{args:?}: {run:#?}");
    }
    // A command that is not a hook waits its 5 seconds, then says what is going on.
    let run = d.run(&["due"]);
    run.fails(1, &["held locked by another program"]);
    drop(holder);
    // Unlocked, the prompt speaks again.
    assert_eq!(
        d.run(&["due", "--prompt"]).ok().stdout,
        "cramp: log 22 Nov\n"
    );
}

fn damage_pages(db: &Path) {
    let len = std::fs::metadata(db).unwrap().len() as usize;
    let mut bytes = std::fs::read(db).unwrap();
    bytes[4096..len].fill(0xff);
    std::fs::write(db, bytes).unwrap();
}

// Item 15: the prompt left -wal and -shm beside a damaged diary.
#[test]
fn the_prompt_leaves_no_file_beside_a_damaged_diary() {
    let d = Diary::new();
    d.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    damage_pages(&d.path);
    let bytes = d.bytes();
    for args in [
        &["due", "--prompt"][..],
        &["due", "--quiet"],
        &["due", "--notify"],
    ] {
        let run = d.run(args);
        assert_eq!(run.code, 1, "{args:?}: {run:#?}");
        assert!(run.error_line().contains("is damaged"), "{run:#?}");
        assert_eq!(d.side_files(), Vec::<PathBuf>::new(), "{args:?} left files");
    }
    assert_eq!(d.bytes(), bytes);
    // And on a sound, cleanly closed diary, no file either.
    let sound = Diary::new();
    sound
        .run(&["night", "--none", "--night", "2026-11-20"])
        .ok();
    sound.run(&["due", "--prompt"]).ok();
    assert_eq!(sound.side_files(), Vec::<PathBuf>::new());
}

// Item 15: the prompt failed on a read-only filesystem that `list` reads.
#[test]
fn the_prompt_reads_a_diary_on_a_read_only_filesystem_as_list_does() {
    let Some(disk) = crate::common::tmpfs::Tmpfs::mount_or_skip(512) else {
        return;
    };
    let d = Diary::inside(disk.path());
    d.run(&["night", "--none", "--night", "2026-11-20"]).ok();
    disk.remount_read_only();
    d.run(&["list", "--last", "3"]).ok();
    assert_eq!(
        d.run(&["due", "--prompt"]).ok().stdout,
        "cramp: log 22 Nov\n"
    );
    assert_eq!(d.run(&["due", "--quiet"]).code, 1);
}

// Item 16: only the last folder made for a new diary was owner-only.
#[test]
fn every_folder_made_for_a_new_diary_is_owner_only_whatever_the_umask() {
    let root = tempfile::tempdir().unwrap();
    let db = root.path().join("a/b/c/d.db");
    let mut cmd = Command::new("sh");
    crate::common::launch::isolate(&mut cmd, root.path());
    let out = cmd
        .arg("-c")
        .arg("umask 000; exec \"$0\" --db \"$1\" night --none")
        .arg(crate::common::launch::bin())
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    for dir in ["a", "a/b", "a/b/c"] {
        let mode = std::fs::metadata(root.path().join(dir)).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700, "{dir} is {mode:o}");
    }
    assert_eq!(std::fs::metadata(&db).unwrap().mode() & 0o777, 0o600);
}

// Item 17: files the kernel makes up are regular files to stat(2), and were opened.
#[test]
fn kernel_files_are_refused_in_one_sentence_and_left_alone() {
    let d = Diary::new();
    // /proc/self is the cramp process itself: nothing of the system's can be changed even if
    // the refusal failed.
    for path in ["/proc/self/mem", "/proc/self/status"] {
        if !Path::new(path).exists() {
            skipped(&format!("{path} is not on this system"));
            continue;
        }
        let mut cmd = crate::common::launch::command(d.dir.path());
        let run = crate::common::run::Run::from(cmd.args(["--db", path, "list"]).output().unwrap());
        assert_eq!(run.code, 2, "{path}: {run:#?}");
        assert!(
            run.error_line()
                .contains("must be a regular file on a disk"),
            "{run:#?}"
        );
        let run = d.run(&["import", path]);
        assert_eq!(run.code, 2, "{path}: {run:#?}");
        assert!(
            run.error_line()
                .contains("must be a regular file on a disk"),
            "{run:#?}"
        );
    }
}

/// The binary on this diary, as a standard command (to spawn and wait on).
fn plain_command(d: &Diary) -> Command {
    let mut cmd = crate::common::launch::command(d.dir.path());
    cmd.arg("--db").arg(&d.path);
    cmd
}

/// Runs `cmd` to its end, or kills it after `secs` seconds and says it hung.
fn finish_within(mut cmd: Command, secs: u64) -> crate::common::run::Run {
    use std::io::Read;
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let (mut stdout, mut stderr) = (String::new(), String::new());
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut stdout)
                .unwrap();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return crate::common::run::Run {
                code: status.code().unwrap_or(-1),
                stdout,
                stderr,
            };
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} still ran after {secs} s: it hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

// Item 18: TZ naming a device or a pipe hung every command that read the local time.
#[test]
fn a_tz_that_is_not_a_zone_file_is_ignored_with_one_line_instead_of_read_forever() {
    let d = Diary::new();
    let fifo = d.dir.path().join("tz-pipe");
    crate::common::mkfifo(&fifo);
    let pipe = fifo.display().to_string();
    for tz in [
        "/dev/zero",
        ":/dev/urandom",
        pipe.as_str(),
        "../../../../dev/zero",
    ] {
        // --ago reads the zone's offsets (for a daylight-saving change), so it reads TZ.
        let mut cmd = plain_command(&d);
        cmd.env("TZ", tz).args([
            "massage",
            "--technique",
            "stretch",
            "--ago",
            "1h",
            "--again",
        ]);
        let run = finish_within(cmd, 60);
        assert_eq!(run.code, 0, "TZ={tz}: {run:#?}");
        let ignored = crate::common::lines_with(&run.stderr, "is ignored");
        assert_eq!(ignored.len(), 1, "TZ={tz}: {run:#?}");
        assert!(
            ignored[0].starts_with(&format!("cramp: TZ={tz} is ignored (")),
            "{run:#?}"
        );
    }
    // A zone name and a zone rule are used as they are, without a word.
    for tz in ["UTC", "GMT0BST,M3.5.0/1,M10.5.0"] {
        let mut cmd = plain_command(&d);
        cmd.env("TZ", tz).args(["list", "--last", "1"]);
        let run = finish_within(cmd, 60);
        assert_eq!(run.stderr, "", "TZ={tz}");
    }
}

// Item 19: `--ago 2h` at 03:30 on the spring change stored 01:30, an hour that never was.
#[test]
fn ago_subtracts_real_elapsed_time_across_a_daylight_saving_change() {
    let d = Diary::new();
    // Europe/London's rule, given as a rule so the test needs no zone files.
    let london = "GMT0BST,M3.5.0/1,M10.5.0";
    let saved = |now: &str, ago: &str| {
        let run = crate::common::run::Run::from(
            d.command()
                .env("TZ", london)
                .env("CRAMP_NOW", now)
                .args(["massage", "--technique", "stretch", "--ago", ago, "--again"])
                .output()
                .unwrap(),
        )
        .ok();
        run.stdout
    };
    // Spring: 01:00 GMT became 02:00 BST; two real hours before 03:30 BST is 00:30 GMT.
    assert!(
        saved("2026-03-29T03:30", "2h").contains("Sun 29 Mar 2026 at 00:30"),
        "spring"
    );
    // Autumn: 02:00 BST became 01:00 GMT; two real hours before 02:30 GMT is 01:30 BST.
    assert!(
        saved("2026-10-25T02:30", "2h").contains("Sun 25 Oct 2026 at 01:30"),
        "autumn"
    );
    // Any other day: plain clock arithmetic.
    assert!(saved("2026-11-22T10:30", "1h30m").contains("Sun 22 Nov 2026 at 09:00"));
}

// Item 20: messages that pointed the wrong way.
#[test]
fn a_dangling_link_as_the_diary_is_named_as_one() {
    let d = Diary::new();
    std::os::unix::fs::symlink("nowhere/x.db", &d.path).unwrap();
    for args in [&["night", "--none"][..], &["list"], &["due", "--prompt"]] {
        let run = d.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.contains("dangling link") && line.contains("nowhere/x.db"),
            "{line}"
        );
        assert!(
            !line.contains("chmod") && !line.contains("read-only"),
            "{line}"
        );
    }
    assert!(!d.dir.path().join("nowhere").exists());
}

#[test]
fn an_export_range_names_the_real_today() {
    let d = logged();
    let run = d.run(&[
        "export",
        "--format",
        "json",
        "--to",
        "9999-12-31",
        "--out",
        "-",
    ]);
    run.fails_saying(2, "cramp: --to must be at most a year ahead (today is 2026-11-23, so up to 2027-11-24), got 9999-12-31");
    // `today` is today, not a year from now.
    let json = d
        .run(&[
            "export",
            "--format",
            "json",
            "--from",
            "yesterday",
            "--to",
            "today",
            "--out",
            "-",
        ])
        .ok();
    json.says("2026-11-22");
}

#[test]
fn a_damaged_diary_is_named_with_what_to_do_on_every_command() {
    let d = Diary::new();
    for day in 1..=20 {
        let note = "x".repeat(400);
        d.cramp(&["--night", &format!("2026-11-{day:02}"), "--note", &note])
            .ok();
    }
    // Garbage over pages in the middle: the header is sound, the tables are not.
    let mut bytes = d.bytes();
    bytes[3 * 4096..6 * 4096].fill(0xff);
    std::fs::write(&d.path, &bytes).unwrap();
    let backup = d.dir.path().join("b.db");
    for args in [
        &["list"][..],
        &["report"],
        &["export", "--format", "json", "--out", "-"],
        &["export", "--format", "html", "--out", "-"],
        &["night", "--sleep", "2"],
        &["due"],
        &["backup", backup.to_str().unwrap()],
    ] {
        let run = d.run(args);
        assert_eq!(run.code, 1, "{args:?}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.starts_with(&format!("cramp: {} is damaged", d.path.display()))
                && line.contains("restore it from a backup"),
            "{args:?}: {line}"
        );
        assert!(!line.contains("Error code"), "{line}");
    }
    assert_eq!(d.bytes(), bytes, "a damaged diary was changed");
}

#[test]
fn a_diary_whose_version_was_reset_says_what_it_is() {
    let d = logged();
    rusqlite::Connection::open(&d.path)
        .unwrap()
        .pragma_update(None, "user_version", 0)
        .unwrap();
    let bytes = d.bytes();
    for args in [
        &["list"][..],
        &["night", "--sleep", "2"],
        &["due", "--prompt"],
    ] {
        let run = d.run(args);
        assert_eq!(run.code, 1, "{args:?}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.contains("has a cramp diary's tables but no schema version"),
            "{line}"
        );
        assert!(!line.contains("migration"), "{line}");
    }
    assert_eq!(d.bytes(), bytes);
}

#[test]
fn a_huge_number_is_refused_without_echoing_its_digits() {
    let d = Diary::new();
    let run = d.run(&["context", "--fluids", "1e300"]);
    run.fails_saying(2, "cramp: fluids must be 0-10 litres, got 1e300");
}

#[test]
fn the_demo_does_not_ask_for_the_db_flag_that_was_typed() {
    let d = Diary::new();
    let db = d.dir.path().join("x.db");
    let run = crate::common::run::Run::from(
        d.command()
            .env("CRAMP_DB", &db)
            .args(["demo", "--db", db.to_str().unwrap()])
            .output()
            .unwrap(),
    )
    .ok();
    assert!(run.stdout.starts_with("Demo diary written to"), "{run:#?}");
    assert!(db.exists());
    // From CRAMP_DB alone the demo still stays away from that diary.
    let other = d.dir.path().join("y.db");
    let mut cmd = crate::common::launch::command(d.dir.path());
    let run =
        crate::common::run::Run::from(cmd.env("CRAMP_DB", &other).arg("demo").output().unwrap());
    run.says("cramp demo --db FILE");
    assert!(!other.exists());
}

// Item 8: `cramp list`, the CSV and the HTML listed a night's cramps in entry order.
#[test]
fn a_nights_cramps_are_in_night_order_in_list_csv_and_html() {
    let d = Diary::new();
    // Entered as remembered: the last one first.
    for at in ["03:10", "01:05", "23:30"] {
        d.cramp(&["--at", at]).ok();
    }
    let order = |text: &str| {
        let mut found: Vec<(usize, &str)> = ["23:30", "01:05", "03:10"]
            .iter()
            .map(|t| (text.find(t).unwrap_or_else(|| panic!("{t} missing")), *t))
            .collect();
        found.sort();
        found.into_iter().map(|(_, t)| t).collect::<Vec<_>>()
    };
    let night_order = ["23:30", "01:05", "03:10"];
    let list = d.run(&["list", "--last", "1"]).ok();
    assert_eq!(order(&list.stdout), night_order, "{}", list.stdout);
    let csv = d.dir.path().join("csv");
    d.run(&export_to("csv", &csv)).ok();
    let cramps = std::fs::read_to_string(csv.join("cramps.csv")).unwrap();
    assert_eq!(order(&cramps), night_order, "{cramps}");
    let html = d.run(&["export", "--format", "html", "--out", "-"]).ok();
    assert_eq!(order(&html.stdout), night_order);
}

// Item 9: words people tripped on.
#[test]
fn counts_of_one_read_as_one() {
    let d = Diary::new();
    d.cramp(&[]).ok();
    d.run(&["routine", "start", "--per-week", "1", "--weeks", "1"]);
    let routine = d.run(&["routine"]).ok();
    routine.says("1 week · 1 session a week");
    let report = d.run(&["report"]).ok();
    assert!(!report.stdout.contains(" 1 sessions"), "{report:#?}");
    assert!(!report.stdout.contains(" 1 weeks"), "{report:#?}");
    assert!(!report.stdout.contains("of 1 nights"), "{report:#?}");
}

#[test]
fn a_mistyped_command_gets_the_likely_one() {
    let d = Diary::new();
    for (typed, meant) in [
        ("nite", "night"),
        ("rport", "report"),
        ("masage", "massage"),
    ] {
        let run = d.run(&[typed]);
        assert_eq!(run.code, 2);
        assert_eq!(
            run.error_line(),
            format!(
                "cramp: there is no command '{typed}'; did you mean '{meant}'? (see cramp --help)"
            )
        );
    }
    let run = d.run(&["report", "--format", "html"]);
    run.fails(2, &["`cramp export --format html`"]);
}

#[test]
fn a_session_time_alone_is_taken_as_a_cramp_time_is() {
    let d = Diary::new();
    let run = d
        .run(&["massage", "--technique", "stretch", "--at", "07:30"])
        .ok();
    run.says("on Mon 23 Nov 2026 at 07:30");
    // A time later than now is yesterday's.
    let run = d
        .run(&["massage", "--technique", "stretch", "--at", "19:15"])
        .ok();
    run.says("on Sun 22 Nov 2026 at 19:15");
}

#[test]
fn the_suggested_prompt_lines_name_a_diary_that_is_not_the_default() {
    let d = Diary::new();
    // A name a shell would mangle if it were not quoted.
    let odd = d.dir.path().join("my $diary's \"x\".db");
    let mut cmd = crate::common::launch::command(d.dir.path());
    let run =
        crate::common::run::Run::from(cmd.arg("--db").arg(&odd).arg("remind").output().unwrap());
    assert_eq!(run.code, 0, "{run:#?}");
    run.says("cramp --db '");
    let bash = run
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("bash (~/.bashrc)"))
        .unwrap()
        .trim()
        .replace(
            "cramp --db",
            &format!("{} --db", crate::common::launch::bin().display()),
        );
    // What bash would run before each prompt: the marker for that diary (not the default).
    let mut sh = Command::new("bash");
    crate::common::launch::isolate(&mut sh, d.dir.path());
    let out = sh
        .arg("-c")
        .arg(format!("PROMPT_COMMAND=; {bash}; eval \"$PROMPT_COMMAND\""))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "cramp: log 22 Nov\n",
        "{out:?}"
    );
    assert!(!odd.exists(), "the prompt created the diary");
    // The default diary: the lines stay as the README shows them.
    let mut cmd = crate::common::launch::command(d.dir.path());
    let run = crate::common::run::Run::from(cmd.arg("remind").output().unwrap());
    run.says("     cramp remind install --at 07:30");
    run.says("{ cramp due --prompt }");
}

// Item 10: no manual page.
#[test]
fn the_manual_pages_come_from_the_same_definitions_as_help() {
    let d = Diary::new();
    let page = d.run(&["man"]).ok().stdout;
    assert!(page.contains(".TH cramp 1"), "{page}");
    let help = d.run(&["--help"]).ok().stdout;
    // Every command --help lists has its page, with the flags its --help lists.
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() > 10, "{help}");
    for command in &commands {
        assert!(
            page.contains(&format!("cramp\\-{}(1)", command.replace('-', "\\-"))),
            "{command}"
        );
        let sub = d.run(&["man", command]).ok().stdout;
        let sub_help = d.run(&[command, "--help"]).ok().stdout;
        for flag in sub_help
            .split_whitespace()
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .map(|w| w.trim_end_matches([',', '.', ')', '>', '\'', '`']))
        {
            assert!(
                sub.contains(&flag.replace('-', "\\-")),
                "cramp man {command} lacks {flag}"
            );
        }
    }
    // `man cramp` and `man cramp-night` find them once written where man looks.
    let dir = d.dir.path().join("man/man1");
    std::fs::create_dir_all(&dir).unwrap();
    d.run(&["man", "--dir", dir.to_str().unwrap()]).ok();
    for name in ["cramp.1", "cramp-night.1", "cramp-routine-start.1"] {
        assert!(dir.join(name).is_file(), "{name}");
    }
    if Command::new("man").arg("--version").output().is_err() {
        return skipped("reading the pages with man: man is not installed");
    }
    let shown = Command::new("man")
        .env("MANPATH", d.dir.path().join("man"))
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .args(["cramp"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.status.success(), "{shown:?}");
    assert!(
        text.contains("SUBCOMMANDS") && text.contains("cramp-night(1)"),
        "{text}"
    );
}

// Item 4: the HTML's "Sides and muscles" counted follow-up cramps under "routine".
#[test]
fn the_sides_table_has_a_column_per_phase_equal_to_the_phase_table() {
    let d = Diary::new();
    d.run(&["demo", "--db", d.path.to_str().unwrap()]).ok();
    let html = d
        .run(&["export", "--format", "html", "--out", "-"])
        .ok()
        .stdout;
    let phases = &html[html.find("<h2>Phases and coverage").unwrap()..];
    // "7.27<br>27 cramps" in each phase's cramps-per-week cell.
    let phase_counts: Vec<u32> = phases[..phases.find("</table>").unwrap()]
        .split("<br>")
        .skip(1)
        .filter_map(cramps_at_start)
        .collect();
    assert_eq!(phase_counts.len(), 3, "baseline, routine, follow-up");
    let sides = &html[html.find("<h2>Sides and muscles").unwrap()..];
    let sides = &sides[..sides.find("</table>").unwrap()];
    for phase in ["baseline", "routine", "follow-up"] {
        assert!(sides.contains(&format!("<th>{phase}<br>")), "{sides}");
    }
    let all = &sides[sides.find("<td>all cramps</td>").unwrap()..];
    let side_counts: Vec<u32> = all
        .split("<td class=\"n\">")
        .skip(1)
        .map(|c| c.split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(side_counts, phase_counts);
    assert!(sides.contains("<td>both calves</td>"), "{sides}");
    assert!(!sides.contains("both calf<"), "{sides}");
}

/// `27 cramps</td>...` → 27.
fn cramps_at_start(text: &str) -> Option<u32> {
    let (n, rest) = text.split_once(' ')?;
    rest.starts_with("cramp").then(|| n.parse().ok())?
}

// Item 4: the report's tables ran past a 1000-pixel window and an A4 page (the phase table had
// eleven columns).
#[test]
fn the_reports_tables_are_narrow_enough_for_a_window_and_a_page() {
    let d = Diary::new();
    d.run(&["demo", "--db", d.path.to_str().unwrap()]).ok();
    // A note without a space that a table cell must still fit.
    d.cramp(&["--note", &"x".repeat(300)]).ok();
    let html = d
        .run(&["export", "--format", "html", "--out", "-"])
        .ok()
        .stdout;
    // No table of more than five columns (a label and at most three phases, or the
    // appendix's four).
    for table in html.split("<table").skip(1) {
        let head = &table[..table.find("</tr>").unwrap()];
        let columns = head.matches("</th>").count() + head.matches("</td>").count();
        assert!(columns <= 6, "a table of {columns} columns: {head}");
    }
    assert!(html.contains("overflow-wrap:anywhere"), "long words wrap");
    // Measured in a browser where there is one.
    let Some(chromium) = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok())
    else {
        return skipped("measuring in a browser: chromium is not installed");
    };
    let style_end = html.find("</style>").unwrap();
    let print_rules = {
        let start = html.find("@media print{").unwrap() + "@media print{".len();
        html[start..style_end]
            .trim_end()
            .trim_end_matches('}')
            .to_string()
    };
    let measure = "<script>window.addEventListener('load',()=>{document.title='W='+document.documentElement.scrollWidth+' C='+document.documentElement.clientWidth;});</script>";
    // A 1000-pixel window; and A4 (210 mm less the page's 14 mm margins, at 96 dpi: 688 px)
    // with the print rules applied.
    for (width, extra) in [
        (1000, String::new()),
        (720, format!("<style>{print_rules}</style>")),
    ] {
        let page = d.dir.path().join(format!("page-{width}.html"));
        let text = html
            .replace("</head>", &format!("{extra}</head>"))
            .replace("</body>", &format!("{measure}</body>"));
        std::fs::write(&page, text).unwrap();
        let out = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--virtual-time-budget=3000",
            ])
            .arg(format!("--window-size={width},900"))
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&out.stdout);
        let title = dom
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or_else(|| panic!("no measurement: {}", String::from_utf8_lossy(&out.stderr)));
        let numbers: Vec<u32> = title
            .split(' ')
            .filter_map(|p| p.split('=').nth(1)?.parse().ok())
            .collect();
        assert_eq!(numbers.len(), 2, "{title}");
        assert!(
            numbers[0] <= numbers[1],
            "at {width} px the page scrolls sideways: {title}"
        );
    }
}
