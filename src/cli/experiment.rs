//! `cramp experiment`: plan, start, stop, and where it stands (text or JSON).

use crate::clock::Clock;
use crate::domain::Invalid;
use crate::domain::dates::{long_date, parse_night};
use crate::domain::experiment::{DEFAULT_PAIRS, Experiment};
use crate::experiment::json::{ExperimentJson, PlanJson};
use crate::store::Store;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExperimentArgs {
    #[command(subcommand)]
    pub action: Option<ExperimentAction>,
    /// text or json
    #[arg(long, value_name = "FORMAT", default_value = "text", hide_possible_values = true, value_parser = super::words::REPORT_FORMATS)]
    pub format: String,
}

#[derive(Debug, Subcommand)]
pub enum ExperimentAction {
    /// What an experiment of N pairs could show, before starting it
    Plan {
        #[command(flatten)]
        design: Design,
        /// text or json
        #[arg(long, value_name = "FORMAT", default_value = "text", hide_possible_values = true, value_parser = super::words::REPORT_FORMATS)]
        format: String,
    },
    /// Draw the random schedule and start (refused while a routine or experiment runs)
    Start {
        #[command(flatten)]
        design: Design,
    },
    /// Stop the running experiment early (it is kept, marked stopped)
    Stop {
        /// Its last day: YYYY-MM-DD, yesterday or today [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct Design {
    /// First day: YYYY-MM-DD, yesterday or today (up to 30 days ahead) [default: today]
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Pairs of one routine week and one rest week, 2-16 [default: 6 = 12 weeks]
    #[arg(long, allow_negative_numbers = true, value_name = "N")]
    pairs: Option<String>,
    /// Nights at the start of each week left out of the analysis (carry-over), 0-3 [default: 0]
    #[arg(long, allow_negative_numbers = true, value_name = "K")]
    washout_nights: Option<String>,
}

impl Design {
    fn parse(&self, clock: &Clock) -> Result<(NaiveDate, u8, u8), Invalid> {
        let start = match &self.on {
            Some(raw) => crate::domain::dates::parse_start("--on", raw, clock.today())?,
            None => clock.today(),
        };
        let pairs = self
            .pairs
            .as_deref()
            .map_or(Ok(DEFAULT_PAIRS), Experiment::parse_pairs)?;
        let washout = self
            .washout_nights
            .as_deref()
            .map_or(Ok(0), Experiment::parse_washout)?;
        Ok((start, pairs, washout))
    }
}

fn json_format(raw: &str) -> Result<bool, Invalid> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "text" => Ok(false),
        "json" => Ok(true),
        other => Err(Invalid::new(format!(
            "format must be text or json, got '{other}'"
        ))),
    }
}

pub fn run(db: &Path, clock: &Clock, args: ExperimentArgs) -> Result<ExitCode> {
    match args.action {
        None => status(db, clock, json_format(&args.format)?),
        Some(ExperimentAction::Plan { design, format }) => {
            let json = json_format(&format)?;
            let (start, pairs, washout) = design.parse(clock)?;
            plan(db, clock, start, pairs, washout, json)
        }
        Some(ExperimentAction::Start { design }) => {
            let (start, pairs, washout) = design.parse(clock)?;
            start_experiment(db, clock, start, pairs, washout)
        }
        Some(ExperimentAction::Stop { on }) => {
            let on = match on {
                Some(raw) => parse_night("--on", &raw, clock.today())?,
                None => clock.today(),
            };
            stop(db, clock, on)
        }
    }
}

fn open_existing(db: &Path) -> Result<Option<Store>> {
    Ok(if db.exists() {
        Some(Store::open(db)?)
    } else {
        None
    })
}

fn plan(
    db: &Path,
    clock: &Clock,
    start: NaiveDate,
    pairs: u8,
    washout: u8,
    json: bool,
) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let p =
        crate::experiment::plan_figures(store.as_ref(), clock.due_night(), start, pairs, washout)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&PlanJson::new(&p))?);
        return Ok(ExitCode::SUCCESS);
    }
    for line in crate::experiment::text::plan_lines(&p) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn start_experiment(
    db: &Path,
    clock: &Clock,
    start: NaiveDate,
    pairs: u8,
    washout: u8,
) -> Result<ExitCode> {
    let mut store = Store::open(db)?;
    let exp = crate::experiment::draw(start, pairs, washout)?;
    store.start_experiment(&exp, &clock.stamp())?;
    println!(
        "Started: an on/off experiment of {} pairs ({} weeks) from {} to {}; the schedule is fixed.",
        pairs,
        exp.weeks(),
        long_date(exp.start),
        long_date(exp.planned_end())
    );
    println!("Week 1 is a {}.", exp.schedule[0].instruction());
    println!("See the whole schedule with `cramp experiment`.");
    Ok(ExitCode::SUCCESS)
}

fn stop(db: &Path, clock: &Clock, on: NaiveDate) -> Result<ExitCode> {
    // The one running on `on`, or one planned to start later and not stopped yet.
    let found = match open_existing(db)? {
        Some(store) => store
            .experiments()?
            .into_iter()
            .find(|e| {
                let x = &e.item.experiment;
                x.is_running(on) || (x.start > on && x.stopped_on.is_none())
            })
            .map(|e| (store, e)),
        None => None,
    };
    let Some((mut store, current)) = found else {
        return Err(Invalid::new(format!(
            "no experiment is running on {on}, so there is nothing to stop"
        ))
        .into());
    };
    let e = &current.item.experiment;
    if e.start > on {
        // Stopped on its first day: the earliest day the diary accepts, and no night of it exists.
        store.stop_experiment(&current.uid, e.start, &clock.stamp())?;
        println!(
            "Stopped before it began: the experiment planned from {} is kept, marked stopped on its first day, and will not run.",
            long_date(e.start)
        );
        return Ok(ExitCode::SUCCESS);
    }
    store.stop_experiment(&current.uid, on, &clock.stamp())?;
    println!(
        "Stopped: the experiment that began {} now ends {} (week {} of {}); it is kept, and analysed on complete pairs only.",
        long_date(e.start),
        long_date(on),
        e.week_of(on).unwrap_or(1),
        e.weeks()
    );
    Ok(ExitCode::SUCCESS)
}

fn status(db: &Path, clock: &Clock, json: bool) -> Result<ExitCode> {
    let view = match open_existing(db)? {
        Some(store) => crate::experiment::load(&store, clock.today(), clock.due_night())?,
        None => None,
    };
    let Some(view) = view else {
        if json {
            println!("null");
        } else {
            println!(
                "No experiment yet. See what one could show with `cramp experiment plan`, then `cramp experiment start`."
            );
        }
        return Ok(ExitCode::SUCCESS);
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&ExperimentJson::new(&view))?
        );
    } else {
        for line in crate::experiment::text::status_lines(&view) {
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
