//! `cramp routine`: start, stop, and where you are.

use crate::analysis::adherence::{Stage, WeekState};
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::Invalid;
use crate::domain::bounds;
use crate::domain::dates::{long_date, parse_night};
use crate::domain::routine::{MIN_BASELINE_NIGHTS, Routine};
use crate::store::Store;
use crate::store::load_progress;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RoutineArgs {
    #[command(subcommand)]
    pub action: Option<RoutineAction>,
}

#[derive(Debug, Subcommand)]
pub enum RoutineAction {
    /// Start a routine (refused if it overlaps another)
    Start {
        /// First day: YYYY-MM-DD, yesterday or today [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, allow_negative_numbers = true, value_name = "N", help = format!("{} [default: 4, or routine.weeks in the config]", bounds::ROUTINE_WEEKS.help("Length in weeks")))]
        weeks: Option<String>,
        #[arg(long, allow_negative_numbers = true, value_name = "N", help = format!("{} [default: 5, or routine.per_week]", bounds::SESSIONS_PER_WEEK.help("Target sessions a week")))]
        per_week: Option<String>,
        #[arg(long, allow_negative_numbers = true, value_name = "N", help = format!("{} (28 for a verdict) [default: 28, or routine.baseline_nights]", bounds::BASELINE_NIGHTS.help("Nights before the start to compare with")))]
        baseline_nights: Option<String>,
    },
    /// Stop the running routine early
    Stop {
        /// Its last day: YYYY-MM-DD, yesterday or today [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

pub fn run(db: &Path, clock: &Clock, args: RoutineArgs, settings: &Config) -> Result<ExitCode> {
    match args.action {
        None => status(db, clock),
        Some(RoutineAction::Start {
            on,
            weeks,
            per_week,
            baseline_nights,
        }) => {
            let routine = Routine::new(
                start_date(on.as_deref(), clock)?,
                weeks
                    .as_deref()
                    .map_or(Ok(settings.weeks), Routine::parse_weeks)?,
                per_week
                    .as_deref()
                    .map_or(Ok(settings.per_week), Routine::parse_per_week)?,
                baseline_nights
                    .as_deref()
                    .map_or(Ok(settings.baseline_nights), Routine::parse_baseline_nights)?,
            );
            start(db, clock, &routine)
        }
        Some(RoutineAction::Stop { on }) => {
            let on = match on {
                Some(raw) => parse_night("--on", &raw, clock.today())?,
                None => clock.today(),
            };
            stop(db, clock, on)
        }
    }
}

/// A start date may be up to 30 days ahead: people plan a routine for next Monday.
fn start_date(raw: Option<&str>, clock: &Clock) -> Result<NaiveDate, Invalid> {
    match raw {
        Some(raw) => crate::domain::dates::parse_start("--on", raw, clock.today()),
        None => Ok(clock.today()),
    }
}

fn start(db: &Path, clock: &Clock, routine: &Routine) -> Result<ExitCode> {
    let mut store = Store::open(db)?;
    let (_, fitted) = store.start_fitted_routine(routine, &clock.stamp())?;
    let routine = &fitted.routine;
    println!(
        "Started: a {}-week routine from {} to {}, {} a week.",
        routine.weeks,
        long_date(routine.start),
        long_date(routine.end()),
        crate::format::count(routine.per_week, "session", "sessions")
    );
    let logged = store.logged_nights_between(routine.baseline_start(), routine.baseline_end())?;
    println!(
        "Baseline: {logged} of the {} nights before it are logged ({} to {}).",
        routine.baseline_nights,
        routine.baseline_start(),
        routine.baseline_end()
    );
    for warning in &fitted.warnings {
        println!("Warning: {warning}.");
    }
    let baseline = store.night_summaries(routine.baseline_start(), routine.baseline_end())?;
    if let Some(sentence) = crate::analysis::detectable::design_sentence(routine, &baseline) {
        println!("{sentence}");
    }
    if (logged as usize) < MIN_BASELINE_NIGHTS {
        println!(
            "Warning: with fewer than {MIN_BASELINE_NIGHTS} logged baseline nights the before/after comparison will be weak; log past nights with `cramp night --night DATE` if you remember them."
        );
    }
    super::saved(store);
    Ok(ExitCode::SUCCESS)
}

fn stop(db: &Path, clock: &Clock, on: NaiveDate) -> Result<ExitCode> {
    if !db.exists() {
        return Err(Invalid::new("no routine is running, so there is nothing to stop").into());
    }
    let mut store = Store::open(db)?;
    let running = store
        .routines()?
        .into_iter()
        .find(|r| r.item.start <= on && on <= r.item.end());
    let Some(current) = running else {
        return Err(Invalid::new(format!(
            "no routine is running on {on}, so there is nothing to stop"
        ))
        .into());
    };
    store.stop_routine(&current.uid, on, &clock.stamp())?;
    println!(
        "Stopped: the routine that began {} now ends {} (day {} of {}).",
        long_date(current.item.start),
        long_date(on),
        (on - current.item.start).num_days() + 1,
        current.item.planned_days()
    );
    super::saved(store);
    Ok(ExitCode::SUCCESS)
}

fn status(db: &Path, clock: &Clock) -> Result<ExitCode> {
    let store = Store::open_reading_if_there(db)?;
    let current = match &store {
        Some(s) => s.current_routine(clock.today())?,
        None => None,
    };
    let (Some(store), Some(current)) = (store, current) else {
        println!(
            "No routine yet. Start one with `cramp routine start` (4 weeks, 5 sessions a week)."
        );
        return Ok(ExitCode::SUCCESS);
    };
    let r = &current.item;
    let (progress, _) = load_progress(&store, r, clock.today(), clock.due_night())?;
    println!(
        "Routine: {} to {} · {} · {} a week.",
        long_date(r.start),
        long_date(r.end()),
        crate::format::count(r.weeks, "week", "weeks"),
        crate::format::count(r.per_week, "session", "sessions")
    );
    println!(
        "Baseline: {}, {} to {}.",
        progress.baseline_words(),
        r.baseline_start(),
        r.baseline_end()
    );
    match progress.stage {
        Stage::NotStarted { days_until } => println!(
            "Starts in {}.",
            crate::format::count(days_until, "day", "days")
        ),
        Stage::Running {
            day,
            total_days,
            week,
            days_left,
        } => println!(
            "Now: routine day {day} of {total_days} · week {week} · {days_left} day{} left.",
            if days_left == 1 { "" } else { "s" }
        ),
        Stage::Finished { ended } => println!("Finished on {}.", long_date(ended)),
    }
    let weeks: Vec<String> = progress
        .weeks
        .iter()
        .filter(|w| w.state != WeekState::Upcoming)
        .map(|w| {
            let so_far = if w.state == WeekState::Current {
                " so far"
            } else {
                ""
            };
            format!("week {}: {}{so_far}", w.week, w.adherence().short_words())
        })
        .collect();
    if !weeks.is_empty() {
        println!("Sessions: {}.", weeks.join(" · "));
        println!("Routine so far: {}.", progress.adherence().words());
        if let Some(other) = progress.adherence().other_words() {
            println!("Also {other}.");
        }
    }
    let today = clock.today();
    if let Some(next) = store
        .routines()?
        .into_iter()
        .find(|n| n.item.start > today && n.item.start > r.start)
    {
        println!(
            "Next: a {}-week routine starts {}.",
            next.item.weeks,
            long_date(next.item.start)
        );
    }
    Ok(ExitCode::SUCCESS)
}
