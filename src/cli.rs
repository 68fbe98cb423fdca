//! The command line: clap definitions and the one-shot commands.

use crate::clock::Clock;
use crate::domain::dates::{parse_clock_time, parse_night};
use crate::domain::night::parse_exclude_reason;
use crate::domain::{
    CrampDuration, CrampEpisode, Invalid, Leg, Muscle, NightDetails, Score, parse_note,
};
use crate::store::{EpisodeAdded, NightChange, NightEntry, NightLogged, Store};
use crate::{paths, tui};
use chrono::{Duration, NaiveDate};
use clap::{Args, Parser, Subcommand};
use color_eyre::eyre::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "cramp",
    version,
    about = "A diary for night-time leg cramps, tight calves and self-massage.",
    long_about = "A diary for night-time leg cramps, tight calves and self-massage.\n\n\
        Run `cramp` with no command to open the diary in the terminal: the morning check-in \
        when last night is not logged yet, otherwise your history.\n\n\
        Dates (--night) are YYYY-MM-DD, 'yesterday' or 'today'. Before 14:00 'last night' is \
        the night that began yesterday; from 14:00 it is tonight.\n\n\
        Exit codes: 0 ok, 1 failure, 2 invalid input (nothing was written)."
)]
pub struct Cli {
    /// The diary file [default: ~/.local/share/cramp-diary/diary.db]
    #[arg(long, global = true, env = paths::DB_ENV, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add one cramp to a night (default: last night)
    #[command(
        after_help = "Examples:\n  cramp cramp --leg left --intensity 7 --duration 90s\n  \
        cramp cramp --leg right --muscle foot --intensity 4 --duration 1m30s --at 03:10 --no-woke"
    )]
    Cramp(CrampArgs),
    /// Record a cramp-free or excluded night, or set a night's tightness, sleep and soreness
    #[command(
        after_help = "Examples:\n  cramp night --none --tight-left 3 --tight-right 5\n  \
        cramp night --exclude flu --night 2026-11-20\n  cramp night --sleep 6 --note \"restless\""
    )]
    Night(NightArgs),
    /// Print recent nights, one line each, unlogged nights shown as such
    List {
        /// How many nights back from last night (1-3660)
        #[arg(
            long,
            allow_negative_numbers = true,
            value_name = "N",
            default_value = "14"
        )]
        last: String,
    },
    /// Exit 0 if last night is logged, 1 (with one line) if not: for a prompt or a reminder
    Due,
    /// Run SQLite's integrity check on the diary and report in one line
    Check,
}

#[derive(Debug, Args)]
pub struct CrampArgs {
    /// left, right or both
    #[arg(long, value_name = "LEG")]
    pub leg: String,
    /// How strong, 0-10
    #[arg(long, allow_negative_numbers = true, value_name = "0-10")]
    pub intensity: String,
    /// How long: 45s, 2m or 1m30s (1s-60m)
    #[arg(long, value_name = "DURATION")]
    pub duration: String,
    /// calf, foot, shin, thigh or other [default: calf]
    #[arg(long, value_name = "MUSCLE")]
    pub muscle: Option<String>,
    /// Roughly when, HH:MM
    #[arg(long, value_name = "HH:MM")]
    pub at: Option<String>,
    /// It woke you (the default)
    #[arg(long, conflicts_with = "no_woke")]
    pub woke: bool,
    /// It did not wake you
    #[arg(long)]
    pub no_woke: bool,
    /// Which night: YYYY-MM-DD, yesterday or today [default: last night]
    #[arg(long, value_name = "DATE")]
    pub night: Option<String>,
    /// A note about this cramp
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct NightArgs {
    /// No cramps that night
    #[arg(long, conflicts_with = "exclude")]
    pub none: bool,
    /// Leave the night out of the analysis, with a reason (illness, travel...)
    #[arg(long, value_name = "REASON")]
    pub exclude: Option<String>,
    /// Which night: YYYY-MM-DD, yesterday or today [default: last night]
    #[arg(long, value_name = "DATE")]
    pub night: Option<String>,
    /// Left calf tightness this morning, 0-10
    #[arg(long, allow_negative_numbers = true, value_name = "0-10")]
    pub tight_left: Option<String>,
    /// Right calf tightness this morning, 0-10
    #[arg(long, allow_negative_numbers = true, value_name = "0-10")]
    pub tight_right: Option<String>,
    /// How much cramps or tightness disturbed your sleep, 0-10
    #[arg(long, allow_negative_numbers = true, value_name = "0-10")]
    pub sleep: Option<String>,
    /// Morning soreness, 0-10
    #[arg(long, allow_negative_numbers = true, value_name = "0-10")]
    pub soreness: Option<String>,
    /// A note about the night
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Runs a parsed command line. Invalid input comes back as an [`Invalid`] error (exit 2).
pub fn run(cli: Cli) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let db = paths::resolve(cli.db)?;
    match cli.command {
        None => tui::run(&db, clock),
        Some(Command::Cramp(args)) => add_cramp(&db, &clock, &args),
        Some(Command::Night(args)) => log_night(&db, &clock, &args),
        Some(Command::List { last }) => list(&db, &clock, &last),
        Some(Command::Due) => due(&db, &clock),
        Some(Command::Check) => check(&db),
    }
}

fn which_night(raw: Option<&str>, clock: &Clock) -> Result<NaiveDate, Invalid> {
    match raw {
        Some(raw) => parse_night("night", raw, clock.today()),
        None => Ok(clock.last_night()),
    }
}

fn optional_score(field: &str, raw: Option<&str>) -> Result<Option<Score>, Invalid> {
    raw.map(|r| Score::parse(field, r)).transpose()
}

/// "Sun 22 Nov 2026"
pub fn night_label(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

fn add_cramp(db: &Path, clock: &Clock, args: &CrampArgs) -> Result<ExitCode> {
    // Everything is validated before the diary is opened: a refusal writes nothing.
    let episode = CrampEpisode {
        leg: Leg::parse(&args.leg)?,
        muscle: args
            .muscle
            .as_deref()
            .map_or(Ok(Muscle::Calf), Muscle::parse)?,
        intensity: Score::parse("intensity", &args.intensity)?,
        duration: CrampDuration::parse(&args.duration)?,
        at: args
            .at
            .as_deref()
            .map(|t| parse_clock_time("time (--at)", t))
            .transpose()?,
        woke: !args.no_woke,
        note: args
            .note
            .as_deref()
            .map(|n| parse_note("note", n))
            .transpose()?
            .flatten(),
    };
    let night = which_night(args.night.as_deref(), clock)?;
    let mut store = Store::open(db)?;
    let (_, outcome) = store.add_episode(night, &episode, &clock.stamp())?;
    println!(
        "Saved: {} on the night of {}.",
        episode.summary(),
        night_label(night)
    );
    match outcome {
        EpisodeAdded::WasCrampFree => {
            println!("That night was marked cramp-free; it is now a night with cramps.")
        }
        EpisodeAdded::StillExcluded => {
            println!("That night stays excluded from the analysis.")
        }
        EpisodeAdded::NewNight | EpisodeAdded::AnotherCramp => {}
    }
    for warning in episode.warnings() {
        println!("Warning: {warning}.");
    }
    Ok(ExitCode::SUCCESS)
}

fn log_night(db: &Path, clock: &Clock, args: &NightArgs) -> Result<ExitCode> {
    let change = match (&args.none, &args.exclude) {
        (true, _) => Some(NightChange::CrampFree),
        (false, Some(reason)) => Some(NightChange::Excluded(parse_exclude_reason(reason)?)),
        (false, None) => None,
    };
    let details = NightDetails {
        tight_left: optional_score("tightness (--tight-left)", args.tight_left.as_deref())?,
        tight_right: optional_score("tightness (--tight-right)", args.tight_right.as_deref())?,
        sleep_disturbance: optional_score("sleep disturbance (--sleep)", args.sleep.as_deref())?,
        soreness: optional_score("soreness (--soreness)", args.soreness.as_deref())?,
        note: args
            .note
            .as_deref()
            .map(|n| parse_note("note", n))
            .transpose()?
            .flatten(),
    };
    if change.is_none() && details.is_empty() {
        return Err(Invalid::new(
            "nothing to record: give --none, --exclude REASON or a field such as --tight-left 3",
        )
        .into());
    }
    let night = which_night(args.night.as_deref(), clock)?;
    let mut store = Store::open(db)?;
    let entry = NightEntry { change, details };
    let outcome = store.log_night(night, &entry, &clock.stamp())?;
    let saved = store.night(night)?;
    let what = saved.map(|n| {
        let details = n.details.summary();
        if details.is_empty() {
            n.status_line()
        } else {
            format!("{} · {details}", n.status_line())
        }
    });
    let verb = match outcome {
        NightLogged::Created => "Saved",
        NightLogged::Updated => "Updated",
    };
    println!(
        "{verb}: night of {}: {}.",
        night_label(night),
        what.unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

fn list(db: &Path, clock: &Clock, last: &str) -> Result<ExitCode> {
    let count = last
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=3660).contains(n))
        .ok_or_else(|| {
            Invalid::new(format!(
                "--last must be a number of nights 1-3660, got '{}'",
                last.trim()
            ))
        })?;
    if !db.exists() {
        println!(
            "No diary yet at {}: log a night with `cramp` or `cramp night --none`.",
            db.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let store = Store::open(db)?;
    let end = if store.is_logged(clock.today())? {
        clock.today()
    } else {
        clock.last_night()
    };
    let start = end - Duration::days(count - 1);
    let nights = store.nights_between(start, end)?;
    let mut logged = nights.iter().peekable();
    let mut day = end;
    while day >= start {
        let line = match logged.peek() {
            Some(n) if n.night_of == day => {
                let details = n.details.summary();
                let status = n.status_line();
                logged.next();
                if details.is_empty() {
                    status
                } else {
                    format!("{status} · {details}")
                }
            }
            _ => "not logged".to_string(),
        };
        println!("{}  {line}", day.format("%Y-%m-%d %a"));
        day -= Duration::days(1);
    }
    Ok(ExitCode::SUCCESS)
}

fn due(db: &Path, clock: &Clock) -> Result<ExitCode> {
    let night = clock.due_night();
    let logged = db.exists() && Store::open(db)?.is_logged(night)?;
    if logged {
        println!("Last night ({}) is logged.", night_label(night));
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "Last night ({}) is not logged yet: run `cramp`, or `cramp night --none` if there were no cramps.",
            night_label(night)
        );
        Ok(ExitCode::FAILURE)
    }
}

fn check(db: &Path) -> Result<ExitCode> {
    if !db.exists() {
        println!("There is no diary at {} yet.", db.display());
        return Ok(ExitCode::FAILURE);
    }
    let store = Store::open(db)?;
    match store.integrity_check() {
        Ok(rows) if rows == ["ok"] => {
            println!("{}: ok (SQLite's integrity check passed).", db.display());
            Ok(ExitCode::SUCCESS)
        }
        Ok(rows) => {
            println!(
                "{}: damaged ({} problem{}, first: {}); restore it from a backup.",
                db.display(),
                rows.len(),
                if rows.len() == 1 { "" } else { "s" },
                rows.first().map(String::as_str).unwrap_or("unknown")
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            println!("{}: damaged ({e}); restore it from a backup.", db.display());
            Ok(ExitCode::FAILURE)
        }
    }
}
