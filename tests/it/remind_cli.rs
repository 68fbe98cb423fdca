//! `cramp remind` and `cramp due --notify/--prompt/--quiet`, run as the binary with HOME, the
//! XDG folders and PATH inside a temporary folder: the real systemd folder, crontab, session
//! and notifier are never reached. Fake `notify-send` and `systemctl` scripts record their
//! arguments.

use crate::common::assert_holds;
use crate::common::diary::{CRAMP, Diary};
use crate::common::run::Run;
use assert_cmd::Command;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

struct Home {
    diary: Diary,
}

impl Home {
    fn new() -> Self {
        let diary = Diary::new();
        fs::create_dir_all(diary.dir.path().join("bin")).unwrap();
        fs::create_dir_all(diary.dir.path().join("run")).unwrap();
        Self { diary }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.diary.dir.path().join(rel)
    }

    fn units(&self) -> PathBuf {
        self.path("config/systemd/user")
    }

    fn command(&self) -> Command {
        let mut cmd = self.diary.command();
        cmd.env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .env("PATH", self.path("bin"));
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().unwrap())
    }

    /// A script on PATH that appends its arguments, one per line, to `<name>.log`.
    fn fake(&self, name: &str) {
        let script = self.path("bin").join(name);
        let log = self.path(&format!("{name}.log"));
        fs::write(
            &script,
            format!("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{}'\nprintf -- '--\\n' >> '{}'\n", log.display(), log.display()),
        )
        .unwrap();
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// What the fake `name` was called with, one call per entry.
    fn calls(&self, name: &str) -> Vec<Vec<String>> {
        let Ok(text) = fs::read_to_string(self.path(&format!("{name}.log"))) else {
            return Vec::new();
        };
        text.split("--\n")
            .filter(|c| !c.is_empty())
            .map(|c| c.lines().map(str::to_string).collect())
            .collect()
    }

    /// Makes `files::session_running` see a systemd user manager.
    fn start_session(&self) {
        fs::create_dir_all(self.path("run/systemd")).unwrap();
        fs::write(self.path("run/systemd/private"), "").unwrap();
        self.fake("systemctl");
    }

    fn read(&self, file: &str) -> String {
        fs::read_to_string(self.units().join(file)).unwrap()
    }
}

const TIMER: &str = "cramp-diary-reminder.timer";
const SERVICE: &str = "cramp-diary-reminder.service";

fn cramp_bin() -> PathBuf {
    crate::common::launch::bin()
}

#[test]
fn install_writes_a_persistent_timer_at_the_time_and_a_service_for_the_diary() {
    let home = Home::new();
    let run = home
        .run(&["remind", "install", "--systemd", "--at", "06:45"])
        .ok();
    run.says("every day at 06:45");
    let timer = home.read(TIMER);
    assert_holds(
        &timer,
        &[
            "\nOnCalendar=*-*-* 06:45:00\n",
            "\nPersistent=true\n",
            "\nWantedBy=timers.target\n",
        ],
    );
    let service = home.read(SERVICE);
    assert!(service.contains("\nType=oneshot\n"), "{service}");
    let exec = format!(
        "\nExecStart={} --db {} due --notify\n",
        cramp_bin().display(),
        home.diary.path.display()
    );
    assert!(service.contains(&exec), "{service}\nwanted {exec}");
    let link = home.units().join("timers.target.wants").join(TIMER);
    assert_eq!(fs::read_link(&link).unwrap(), home.units().join(TIMER));
    // Installing a reminder does not create the diary.
    assert!(!home.diary.exists());
}

#[test]
fn a_relative_or_environment_diary_is_written_as_an_absolute_path() {
    let home = Home::new();
    let run = Run::from(
        crate::common::launch::command(home.diary.dir.path())
            .current_dir(home.diary.dir.path())
            .env("XDG_CONFIG_HOME", home.path("config"))
            .env("XDG_RUNTIME_DIR", home.path("run"))
            .env("PATH", home.path("bin"))
            .env("CRAMP_DB", "from-env.db")
            .args(["remind", "install", "--systemd", "--at", "07:00"])
            .output()
            .unwrap(),
    )
    .ok();
    let wanted = home.diary.dir.path().join("from-env.db");
    run.says(&wanted.display().to_string());
    assert!(
        home.read(SERVICE)
            .contains(&format!(" --db {} due", wanted.display()))
    );
}

#[test]
fn dry_run_shows_the_files_and_writes_nothing() {
    let home = Home::new();
    let run = home
        .run(&[
            "remind",
            "install",
            "--systemd",
            "--at",
            "07:30",
            "--dry-run",
        ])
        .ok();
    assert!(run.stdout.contains(&format!(
        "Would write {}",
        home.units().join(TIMER).display()
    )));
    run.says("    Persistent=true");
    assert!(run.stdout.contains("    OnCalendar=*-*-* 07:30:00"));
    assert!(!home.path("config").exists(), "dry run wrote something");
}

#[test]
fn install_refuses_to_overwrite_a_unit_it_did_not_write() {
    let home = Home::new();
    fs::create_dir_all(home.units()).unwrap();
    let mine = "[Unit]\nDescription=my own reminder\n";
    fs::write(home.units().join(SERVICE), mine).unwrap();
    let run = home.run(&["remind", "install", "--systemd", "--at", "07:30"]);
    run.fails(1, &["refusing to overwrite"]);
    assert!(run.error_line().contains(SERVICE));
    assert_eq!(home.read(SERVICE), mine);
    assert!(!home.units().join(TIMER).exists(), "wrote the timer anyway");
    assert!(!home.units().join("timers.target.wants").exists());
}

#[test]
fn installing_again_updates_its_own_files() {
    let home = Home::new();
    home.run(&["remind", "install", "--systemd", "--at", "06:45"])
        .ok();
    // Installed once: no flag needed to choose systemd again.
    let run = home.run(&["remind", "install", "--at", "07:10"]).ok();
    assert!(
        run.stdout
            .starts_with("Updated the reminder: every day at 07:10"),
        "{run:#?}"
    );
    assert!(home.read(TIMER).contains("OnCalendar=*-*-* 07:10:00"));
}

#[test]
fn uninstall_removes_only_the_files_it_wrote() {
    let home = Home::new();
    home.run(&["remind", "install", "--systemd", "--at", "06:45"])
        .ok();
    let edited = "[Timer]\nOnCalendar=*-*-* 05:00:00\n";
    fs::write(home.units().join(TIMER), edited).unwrap();
    fs::write(home.units().join("other.service"), "[Unit]\n").unwrap();
    let run = home.run(&["remind", "uninstall"]).ok();
    assert!(
        run.stdout
            .contains(&format!("Removed {}", home.units().join(SERVICE).display()))
    );
    run.says("cramp did not write it");
    assert!(!home.units().join(SERVICE).exists());
    assert!(
        !home
            .units()
            .join("timers.target.wants")
            .join(TIMER)
            .exists()
    );
    assert_eq!(home.read(TIMER), edited);
    assert_eq!(home.read("other.service"), "[Unit]\n");
    let again = home.run(&["remind", "uninstall"]).ok();
    again.says("nothing to remove");
}

#[test]
fn uninstall_dry_run_removes_nothing() {
    let home = Home::new();
    home.run(&["remind", "install", "--systemd", "--at", "06:45"])
        .ok();
    let run = home.run(&["remind", "uninstall", "--dry-run"]).ok();
    run.says("Would remove");
    assert!(home.units().join(SERVICE).exists() && home.units().join(TIMER).exists());
}

#[test]
fn status_says_what_is_installed_and_when_it_next_fires() {
    let home = Home::new();
    let before = home.run(&["remind", "status"]).ok();
    assert!(
        before.stdout.starts_with("No reminder installed by cramp"),
        "{before:#?}"
    );
    // CRAMP_NOW is 07:30 on Mon 23 Nov: 06:45 has passed, 08:00 has not.
    home.run(&["remind", "install", "--systemd", "--at", "06:45"])
        .ok();
    let after = home.run(&["remind", "status"]).ok();
    assert_eq!(
        after.line("Installed:"),
        "Installed: a systemd user timer, every day at 06:45."
    );
    after.says("next:    Tue 24 Nov 2026 06:45");
    assert!(
        after
            .stdout
            .contains(&format!("--db {} due --notify", home.diary.path.display()))
    );
    assert!(after.stdout.contains("enabled: yes"));
    assert!(after.stdout.contains("no systemd user session now"));
    home.run(&["remind", "install", "--at", "08:00"]).ok();
    let later = home.run(&["remind", "status"]).ok();
    later.says("next:    Mon 23 Nov 2026 08:00");
}

#[test]
fn status_names_a_foreign_file_at_the_reminders_path() {
    let home = Home::new();
    fs::create_dir_all(home.units()).unwrap();
    fs::write(home.units().join(TIMER), "[Timer]\n").unwrap();
    let run = home.run(&["remind", "status"]).ok();
    run.says("not written by cramp, left alone");
}

#[test]
fn with_a_running_session_install_starts_the_timer_and_uninstall_stops_it() {
    let home = Home::new();
    home.start_session();
    let run = home.run(&["remind", "install", "--at", "07:30"]).ok();
    run.says("The timer is running.");
    assert_eq!(
        home.calls("systemctl"),
        vec![
            vec!["--user", "daemon-reload"],
            vec!["--user", "restart", TIMER]
        ]
    );
    fs::remove_file(home.path("systemctl.log")).unwrap();
    home.run(&["remind", "uninstall"]).ok();
    assert_eq!(
        home.calls("systemctl"),
        vec![
            vec!["--user", "stop", TIMER],
            vec!["--user", "daemon-reload"]
        ]
    );
}

#[test]
fn a_failing_systemctl_is_reported_and_the_files_stay() {
    let home = Home::new();
    home.start_session();
    let script = home.path("bin/systemctl");
    fs::write(
        &script,
        "#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n",
    )
    .unwrap();
    let run = home.run(&["remind", "install", "--at", "07:30"]);
    run.fails(1, &["Failed to connect to bus"]);
    assert!(run.error_line().contains("the files are written"));
    assert!(home.units().join(TIMER).exists());
}

#[test]
fn without_systemd_the_crontab_line_is_printed_and_nothing_written() {
    let home = Home::new();
    let run = home.run(&["remind", "install", "--at", "07:05"]).ok();
    let line = run.line("5 7 * * * ");
    assert!(
        line.ends_with(&format!(
            "{} --db {} due --notify",
            cramp_bin().display(),
            home.diary.path.display()
        )),
        "{line}"
    );
    let forced = home
        .run(&["remind", "install", "--cron", "--at", "07:05"])
        .ok();
    assert_eq!(forced.line("5 7 * * * "), line);
    assert!(!home.path("config").exists(), "cron mode wrote a file");
}

#[test]
fn a_bad_time_is_refused_and_nothing_written() {
    let home = Home::new();
    let run = home.run(&["remind", "install", "--systemd", "--at", "25:00"]);
    run.fails_saying(
        2,
        "cramp: time (--at) must be a time as HH:MM (00:00-23:59), got '25:00'",
    );
    assert!(!home.path("config").exists());
}

#[test]
fn remind_alone_prints_the_three_ways() {
    let home = Home::new();
    let run = home.run(&["remind"]).ok();
    // (This diary is not the default one, so the line names it.)
    assert!(run.stdout.contains("remind install --at 07:30"));
    assert!(run.stdout.contains("30 7 * * * "));
    for shell in ["bash", "zsh", "fish"] {
        assert!(
            run.stdout.contains(&format!("{shell} (")),
            "{shell}: {run:#?}"
        );
    }
    assert!(!home.path("config").exists());
}

#[test]
fn notify_calls_the_notifier_only_while_the_night_is_unlogged() {
    let home = Home::new();
    home.fake("notify-send");
    // No diary yet: not logged, and not created.
    let run = home.run(&["due", "--notify"]).ok();
    run.says("Sun 22 Nov 2026");
    assert!(!home.diary.exists(), "--notify created the diary");
    let calls = home.calls("notify-send");
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0][0], "--app-name=cramp-diary");
    assert_eq!(calls[0][1], "cramp: log the night of Sun 22 Nov");
    home.run(&["night", "--none"]).ok();
    let logged = home.run(&["due", "--notify"]).ok();
    assert_eq!(logged.stdout, "");
    assert_eq!(
        home.calls("notify-send").len(),
        1,
        "notified after the entry"
    );
}

#[test]
fn notify_without_notify_send_says_so_and_still_exits_0() {
    let home = Home::new();
    let run = home.run(&["due", "--notify"]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.error_line().contains("notify-send is not installed"));
    assert!(
        run.stdout
            .contains("Last night (Sun 22 Nov 2026) is not logged yet")
    );
    let quiet = home.run(&["due", "--notify", "--quiet"]);
    assert_eq!(quiet.code, 0);
    assert_eq!(quiet.stdout, "");
}

#[test]
fn quiet_notify_sends_but_prints_nothing() {
    let home = Home::new();
    home.fake("notify-send");
    home.run(&["due", "--notify", "--quiet"]).ok();
    let run = home.run(&["due", "--notify", "--quiet"]).ok();
    assert_eq!(run.stdout, "");
    assert_eq!(home.calls("notify-send").len(), 2);
}

#[test]
fn prompt_shows_a_marker_until_the_night_is_logged_and_never_writes() {
    let home = Home::new();
    let before = home.run(&["due", "--prompt"]).ok();
    assert_eq!(before.stdout, "cramp: log 22 Nov\n");
    assert!(!home.diary.exists(), "--prompt created the diary");
    home.run(&[CRAMP, &["--night", "2026-11-21"]].concat()).ok();
    let bytes = home.diary.bytes();
    let still = home.run(&["due", "--prompt"]).ok();
    assert_eq!(still.stdout, "cramp: log 22 Nov\n");
    assert_eq!(home.diary.bytes(), bytes, "--prompt changed the diary");
    let beside: Vec<String> = fs::read_dir(home.diary.path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("d.db"))
        .collect();
    assert_eq!(beside, ["d.db"], "--prompt left files beside the diary");
    home.run(&["night", "--none"]).ok();
    let after = home.run(&["due", "--prompt"]).ok();
    assert_eq!(after.stdout, "");
}

#[test]
fn quiet_due_only_sets_the_exit_code() {
    let home = Home::new();
    let run = home.run(&["due", "--quiet"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (1, "", "")
    );
    home.run(&["night", "--none"]).ok();
    let run = home.run(&["due", "--quiet"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn prompt_refuses_a_file_that_is_not_a_diary_without_touching_it() {
    let home = Home::new();
    fs::write(&home.diary.path, "just some notes\n").unwrap();
    let run = home.run(&["due", "--prompt"]);
    run.fails(1, &["is not a cramp diary"]);
    assert_eq!(fs::read(&home.diary.path).unwrap(), b"just some notes\n");
}

#[test]
fn the_readme_shows_the_same_prompt_lines_as_cramp_remind() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (shell, line) in cramp_diary::remind::PROMPT_HOOKS {
        assert!(
            readme.contains(&format!("\n{line}\n")),
            "README lacks the {shell} line: {line}"
        );
    }
}
