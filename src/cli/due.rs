//! `cramp due` for hooks: `--notify` (the morning timer), `--prompt` (a shell prompt segment),
//! `--quiet`. Each reads the diary once, read-only, and never creates it.

use crate::clock::Clock;
use crate::domain::dates::long_date;
use crate::remind::files::find_on_path;
use crate::store::{Peek, is_logged_read_only};
use clap::Args;
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::{Command, ExitCode};

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Send a desktop notification (notify-send) naming the night when it is not logged
    #[arg(long, conflicts_with = "prompt")]
    pub notify: bool,
    /// Print a short marker (like `cramp: log 22 Nov`) when it is not logged, else nothing
    #[arg(long)]
    pub prompt: bool,
    /// Print nothing on standard output; with no other flag only the exit code tells
    #[arg(long, conflicts_with = "prompt")]
    pub quiet: bool,
}

/// Which hook `cramp due` serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only the exit code: 0 logged, 1 not.
    Quiet,
    /// A desktop notification when the night is not logged; exit 0 either way.
    Notify { quiet: bool },
    /// A short marker when the night is not logged, else nothing; exit 0 either way.
    Prompt,
}

pub fn run(db: &Path, clock: &Clock, mode: Mode) -> Result<ExitCode> {
    let night = clock.due_night();
    let logged = match is_logged_read_only(db, night)? {
        Peek::Logged => true,
        Peek::NotLogged => false,
        // Another program is writing the diary right now (the screen saving, an import), or it
        // is an encrypted diary whose key the hook does not hold: a hook says nothing rather
        // than stall the prompt, ask or guess; `--quiet` cannot say "logged" either.
        Peek::Locked if mode == Mode::Quiet => return Ok(ExitCode::FAILURE),
        Peek::Locked => return Ok(ExitCode::SUCCESS),
    };
    match mode {
        Mode::Quiet => Ok(if logged {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }),
        Mode::Prompt => {
            if !logged {
                println!("cramp: log {}", night.format("%-d %b"));
            }
            Ok(ExitCode::SUCCESS)
        }
        // A reminder never fires once the night is logged.
        Mode::Notify { .. } if logged => Ok(ExitCode::SUCCESS),
        Mode::Notify { quiet } => {
            notify(night, quiet);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The notification for an unlogged night; without notify-send the same words on stdout, and
/// one line on stderr saying why there was no notification.
fn notify(night: chrono::NaiveDate, quiet: bool) {
    let summary = format!("cramp: log the night of {}", night.format("%a %-d %b"));
    let body = "Not logged yet: run cramp, or cramp night --none if there were no cramps.";
    let fallback = format!(
        "Last night ({}) is not logged yet: run `cramp`, or `cramp night --none` if there were no cramps.",
        long_date(night)
    );
    let Some(notifier) = find_on_path("notify-send") else {
        eprintln!(
            "cramp: notify-send is not installed, so no desktop notification was shown; install libnotify-bin (Debian, Ubuntu) or libnotify (Fedora, Arch)."
        );
        if !quiet {
            println!("{fallback}");
        }
        return;
    };
    let sent = Command::new(&notifier)
        .arg("--app-name=cramp-diary")
        .arg(&summary)
        .arg(body)
        .output();
    match sent {
        Ok(out) if out.status.success() => {
            if !quiet {
                println!(
                    "Reminder sent: the night of {} is not logged yet.",
                    long_date(night)
                );
            }
        }
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let why = stderr.lines().next().unwrap_or("").trim();
            eprintln!(
                "cramp: {} failed ({}{}{}), so no desktop notification was shown.",
                notifier.display(),
                out.status,
                if why.is_empty() { "" } else { ": " },
                why
            );
            if !quiet {
                println!("{fallback}");
            }
        }
        Err(e) => {
            eprintln!(
                "cramp: {} could not run ({e}), so no desktop notification was shown.",
                notifier.display()
            );
            if !quiet {
                println!("{fallback}");
            }
        }
    }
}
