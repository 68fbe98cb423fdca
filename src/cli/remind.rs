//! `cramp remind`: how to get a morning reminder, and installing, removing and checking the
//! systemd user timer. The crontab line is only ever printed.

use crate::clock::Clock;
use crate::domain::dates::{long_date, parse_clock_time};
use crate::paths;
use crate::remind::files::{self, Found, UnitDir};
use crate::remind::{self, Reminder, TIMER};
use chrono::NaiveTime;
use clap::{Args, Subcommand};
use color_eyre::eyre::{Result, WrapErr, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RemindArgs {
    #[command(subcommand)]
    pub action: Option<RemindAction>,
}

#[derive(Debug, Subcommand)]
pub enum RemindAction {
    /// Write a systemd user timer that runs `cramp due --notify` each morning (or print the
    /// crontab line where there is no systemd user session)
    #[command(
        after_help = "Examples:\n  cramp remind install --at 07:30\n  cramp remind install --at 06:45 --dry-run\n  \
        cramp remind install --cron --at 07:30   (prints the line for `crontab -e`)"
    )]
    Install {
        /// When, local time HH:MM
        #[arg(long, value_name = "HH:MM", default_value = "07:30")]
        at: String,
        /// Write the systemd user units even where no user session is running now
        #[arg(long, conflicts_with = "cron")]
        systemd: bool,
        /// Print the crontab line to add (cramp never edits your crontab)
        #[arg(long)]
        cron: bool,
        /// Show what would be written; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Remove exactly the files `cramp remind install` wrote
    Uninstall {
        /// Show what would be removed; remove nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Say what is installed and when it next fires
    Status,
}

pub fn run(db: &Path, clock: &Clock, args: RemindArgs) -> Result<ExitCode> {
    match args.action {
        None => guide(db),
        Some(RemindAction::Install {
            at,
            systemd,
            cron,
            dry_run,
        }) => {
            let at = parse_clock_time("time (--at)", &at)?;
            let reminder = reminder(at, db)?;
            let units = unit_dir()?;
            // Without a flag: systemd where it runs now, or where our timer is already installed.
            let use_systemd = systemd
                || (!cron
                    && (files::session_running()
                        || matches!(units.found_timer(), Ok(Found::Ours(_)))));
            if use_systemd {
                install(&reminder, clock, &units, dry_run)
            } else {
                print_cron(&reminder, !cron);
                Ok(ExitCode::SUCCESS)
            }
        }
        Some(RemindAction::Uninstall { dry_run }) => uninstall(&unit_dir()?, dry_run),
        Some(RemindAction::Status) => status(clock, &unit_dir()?),
    }
}

fn unit_dir() -> Result<UnitDir> {
    UnitDir::locate().ok_or_else(|| {
        eyre!("cannot find your home folder, where systemd keeps user units; set HOME")
    })
}

/// The reminder for this binary and this diary, both made absolute.
fn reminder(at: NaiveTime, db: &Path) -> Result<Reminder> {
    let exe = std::env::current_exe().wrap_err("finding the path of the cramp binary")?;
    let db = std::path::absolute(db)
        .wrap_err_with(|| format!("making the diary path {} absolute", db.display()))?;
    Ok(Reminder::new(at, exe, db)?)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn guide(db: &Path) -> Result<ExitCode> {
    let example = reminder(NaiveTime::from_hms_opt(7, 30, 0).unwrap_or_default(), db)?;
    let units = UnitDir::locate();
    let folder = units
        .as_ref()
        .map_or("~/.config/systemd/user".to_string(), |u| shown(&u.dir));
    println!("Three ways to be reminded to log last night; each stays silent once it is logged.");
    println!();
    // A diary other than the default is named in every line to copy, or it would remind about
    // (and install for) the default one.
    let default = paths::default_diary()
        .ok()
        .and_then(|d| std::path::absolute(d).ok());
    let chosen = (default != std::path::absolute(db).ok()).then(|| example.db.clone());
    let db_words = chosen
        .as_deref()
        .map(|db| format!("--db {} ", remind::sh_quote(&db.to_string_lossy())))
        .unwrap_or_default();
    println!("1. A systemd user timer (Linux):");
    println!("     cramp {db_words}remind install --at 07:30");
    println!("   writes {TIMER} and its .service in {folder}; each morning they run");
    println!(
        "   `cramp due --notify` on the diary {},",
        shown(&example.db)
    );
    println!(
        "   and a morning missed while the computer was off or asleep fires at the next boot or login."
    );
    if files::session_running() {
        println!("   A systemd user session is running here, so install starts the timer at once.");
    } else {
        println!(
            "   No systemd user session is running now: `--systemd` writes the units anyway and they"
        );
        println!("   start at your next login.");
    }
    if units
        .as_ref()
        .is_some_and(|u| matches!(u.found_timer(), Ok(Found::Ours(_))))
    {
        println!(
            "   It is installed here now: `cramp remind status` shows it, `cramp remind uninstall` removes it."
        );
    } else {
        println!("   `cramp remind status` shows it; `cramp remind uninstall` removes it.");
    }
    println!();
    println!(
        "2. cron (macOS, a server, no systemd): add this line with `crontab -e` (cramp never edits"
    );
    println!(
        "   your crontab; cron does not catch up a morning missed while the computer was off):"
    );
    println!("     {}", example.cron_line(runtime_dir().as_deref()));
    println!();
    println!(
        "3. Your shell prompt: `cramp due --prompt` prints a marker such as `cramp: log 22 Nov` until"
    );
    println!("   last night is logged, and nothing after. Add one line:");
    for (shell, line) in remind::prompt_hooks(chosen.as_deref()) {
        println!("     {shell:<21}{line}");
    }
    println!();
    println!("{}", notifier_line());
    Ok(ExitCode::SUCCESS)
}

fn runtime_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
}

fn notifier_line() -> String {
    match files::find_on_path("notify-send") {
        Some(path) => format!("notify-send: {}", shown(&path)),
        None => "notify-send: not found on PATH, so a reminder cannot show a desktop notification \
                 (it prints the reminder instead); install libnotify-bin (Debian, Ubuntu) or libnotify (Fedora, Arch)"
            .to_string(),
    }
}

fn print_cron(reminder: &Reminder, chosen_for_you: bool) {
    if chosen_for_you {
        println!(
            "No systemd user session is running here, so here is the crontab line (`--systemd` writes a systemd timer anyway)."
        );
    }
    println!(
        "cramp never edits your crontab: add this line with `crontab -e` (cron does not catch up a morning missed while the computer was off):"
    );
    println!();
    println!("{}", reminder.cron_line(runtime_dir().as_deref()));
    println!();
    println!(
        "It runs `cramp due --notify` at {} on the diary {}, silent once last night is logged.",
        reminder.time_text(),
        shown(&reminder.db)
    );
    println!("{}", notifier_line());
    println!(
        "A marker in your shell prompt works everywhere too: `cramp remind` shows the line for bash, zsh and fish."
    );
}

const START: [&str; 2] = ["daemon-reload", "restart"];

fn install(reminder: &Reminder, clock: &Clock, units: &UnitDir, dry_run: bool) -> Result<ExitCode> {
    let io = |e: std::io::Error| eyre!("cannot use {}: {e}", shown(&units.dir));
    if let Some(foreign) = units.first_foreign().map_err(io)? {
        return Err(eyre!(
            "refusing to overwrite {}: cramp did not write it; move it away first, or keep it and run `cramp remind install --cron` instead",
            shown(&foreign)
        ));
    }
    let session = files::session_running();
    let had_timer = matches!(units.found_timer().map_err(io)?, Found::Ours(_));
    if dry_run {
        for (path, text) in [
            (units.service(), reminder.service_unit()),
            (units.timer(), reminder.timer_unit()),
        ] {
            println!("Would write {}:", shown(&path));
            for line in text.lines() {
                println!("    {line}");
            }
        }
        println!(
            "Would link {} -> {}",
            shown(&units.wants_link()),
            shown(&units.timer())
        );
        if session {
            println!(
                "Would run: systemctl --user {} && systemctl --user {} {TIMER}",
                START[0], START[1]
            );
        }
        println!("Nothing was written (--dry-run).");
        return Ok(ExitCode::SUCCESS);
    }
    units.install(reminder).map_err(io)?;
    println!(
        "{} the reminder: every day at {} for the diary {}.",
        if had_timer { "Updated" } else { "Installed" },
        reminder.time_text(),
        shown(&reminder.db)
    );
    println!("  {}", shown(&units.service()));
    println!("  {}", shown(&units.timer()));
    println!("  {} (enables the timer)", shown(&units.wants_link()));
    let mut code = ExitCode::SUCCESS;
    if session {
        match files::systemctl(&[START[0]]).and_then(|_| files::systemctl(&[START[1], TIMER])) {
            Ok(_) => println!("The timer is running."),
            Err(why) => {
                eprintln!(
                    "cramp: the files are written but {why}; the timer starts at your next login, or run `systemctl --user daemon-reload && systemctl --user restart {TIMER}`."
                );
                code = ExitCode::FAILURE;
            }
        }
    } else {
        println!("No systemd user session is running now: the timer starts at your next login.");
    }
    println!(
        "Next: {} (silent if that night is already logged); a morning missed while the computer was off or asleep fires at the next boot or login.",
        when(clock, reminder.at)
    );
    if files::find_on_path("notify-send").is_none() {
        println!("Warning: {}.", notifier_line());
    }
    Ok(code)
}

fn when(clock: &Clock, at: NaiveTime) -> String {
    let next = remind::next_fire(clock.now(), at);
    format!("{} {}", long_date(next.date()), next.format("%H:%M"))
}

fn uninstall(units: &UnitDir, dry_run: bool) -> Result<ExitCode> {
    let io = |e: std::io::Error| eyre!("cannot use {}: {e}", shown(&units.dir));
    let session = files::session_running();
    let ours = matches!(units.found_timer().map_err(io)?, Found::Ours(_));
    if session && ours && !dry_run {
        // Stopping a timer that is not loaded fails harmlessly: its files go anyway.
        let _ = files::systemctl(&["stop", TIMER]);
    }
    let (removed, left) = units.uninstall(dry_run).map_err(io)?;
    let verb = if dry_run { "Would remove" } else { "Removed" };
    for path in &removed {
        println!("{verb} {}", shown(path));
    }
    for path in &left {
        println!("Left {}: cramp did not write it.", shown(path));
    }
    if removed.is_empty() {
        println!(
            "No reminder installed by cramp in {}: nothing to remove.",
            shown(&units.dir)
        );
    } else if session && !dry_run {
        let _ = files::systemctl(&[START[0]]);
    }
    if dry_run {
        println!("Nothing was removed (--dry-run).");
    }
    Ok(ExitCode::SUCCESS)
}

fn status(clock: &Clock, units: &UnitDir) -> Result<ExitCode> {
    let io = |e: std::io::Error| eyre!("cannot use {}: {e}", shown(&units.dir));
    let timer = units.found_timer().map_err(io)?;
    let service = units.found_service().map_err(io)?;
    let link = units.found_link().map_err(io)?;
    match (&timer, &service) {
        (Found::Ours(timer_text), Found::Ours(service_text)) => {
            let at = remind::installed_time(timer_text);
            println!(
                "Installed: a systemd user timer, every day at {}.",
                at.map_or("(unreadable time)".to_string(), |t| t
                    .format("%H:%M")
                    .to_string())
            );
            println!(
                "  runs:    {}",
                remind::installed_command(service_text).unwrap_or("(unreadable)")
            );
            println!("  units:   {}", shown(&units.timer()));
            println!("           {}", shown(&units.service()));
            println!(
                "  enabled: {}",
                match link {
                    Found::Ours(_) => "yes".to_string(),
                    _ => format!(
                        "no ({} is missing): run `cramp remind install` again",
                        shown(&units.wants_link())
                    ),
                }
            );
            let running = if files::session_running() {
                match files::timer_active() {
                    Some(true) => "yes",
                    Some(false) => "no: run `systemctl --user start cramp-diary-reminder.timer`",
                    None => "unknown (systemctl did not answer)",
                }
            } else {
                "no systemd user session now: it starts at the next login"
            };
            println!("  running: {running}");
            if let Some(at) = at {
                println!(
                    "  next:    {} (a morning missed while the computer was off fires at the next boot or login)",
                    when(clock, at)
                );
            }
        }
        (Found::Absent, Found::Absent) => {
            println!(
                "No reminder installed by cramp in {}; `cramp remind` shows three ways to set one up.",
                shown(&units.dir)
            );
        }
        _ => {
            println!(
                "Partly installed in {}: run `cramp remind install` again, or `cramp remind uninstall`.",
                shown(&units.dir)
            );
        }
    }
    for (path, found) in [
        (units.timer(), &timer),
        (units.service(), &service),
        (units.wants_link(), &link),
    ] {
        if *found == Found::Foreign {
            println!("  {}: not written by cramp, left alone.", shown(&path));
        }
    }
    println!("{}", notifier_line());
    println!("Not checked: a crontab line (`crontab -l` shows it) or a prompt hook.");
    Ok(ExitCode::SUCCESS)
}
