//! `cramp experiment`: plan, start, answer, stop, and where it stands (text or JSON).

use super::words::{FormatFlag, Words};
use crate::clock::Clock;
use crate::domain::Invalid;
use crate::domain::dates::{long_date, parse_night};
use crate::domain::experiment::{Answer, DEFAULT_PAIRS, Experiment, parse_answer};
use crate::domain::intervention::Intervention;
use crate::domain::session::Technique;
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
    #[command(flatten)]
    pub format: FormatFlag,
}

#[derive(Debug, Subcommand)]
pub enum ExperimentAction {
    /// What an experiment could show, before starting it: power at 6, 8 and 12 pairs, and which to choose
    Plan {
        #[command(flatten)]
        design: Design,
        #[command(flatten)]
        format: FormatFlag,
    },
    /// Draw the random schedule and start (refused while a routine or experiment runs)
    Start {
        #[command(flatten)]
        design: Design,
    },
    /// Answer a daily-habit experiment's question for a night: yes (done the day before it) or no
    Answer {
        /// yes or no
        #[arg(value_name = "YES|NO")]
        done: String,
        /// The night: YYYY-MM-DD, yesterday or today [default: last night]
        #[arg(long, value_name = "DATE")]
        night: Option<String>,
    },
    /// Stop the running experiment early (it is kept, marked stopped; a stop is final)
    Stop {
        /// Its last day: today or a later day of the experiment, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct Design {
    /// First day: YYYY-MM-DD, yesterday or today (up to 30 days ahead) [default: today]
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Pairs of one on week and one off week, 2-16 [default: 8 = 16 weeks]
    #[arg(long, allow_negative_numbers = true, value_name = "N")]
    pairs: Option<String>,
    /// Nights at the start of each week left out of the analysis (carry-over), 0-3 [default: 0]
    #[arg(long, allow_negative_numbers = true, value_name = "K")]
    washout_nights: Option<String>,
    /// Test one session technique (its sessions on about 5 days of an on week, none in an off week) [default: the deep-tissue routine]
    #[arg(long, value_name = "TECHNIQUE", conflicts_with = "daily", hide_possible_values = true, value_parser = Words(Technique::WORDS))]
    technique: Option<String>,
    /// Test a daily habit or supplement, answered y/n each morning ("magnesium", "stretching before bed"), 1-60 characters
    #[arg(long, value_name = "NAME")]
    daily: Option<String>,
}

struct Parsed {
    intervention: Intervention,
    start: NaiveDate,
    pairs: u8,
    washout: u8,
}

impl Design {
    fn parse(&self, clock: &Clock) -> Result<Parsed, Invalid> {
        let intervention = match (&self.technique, &self.daily) {
            (Some(t), _) => Intervention::technique("--technique", t)?,
            (None, Some(name)) => Intervention::daily("--daily", name)?,
            (None, None) => Intervention::Routine,
        };
        let start = match &self.on {
            Some(raw) => crate::domain::dates::parse_start("--on", raw, clock.today())?,
            None => clock.today(),
        };
        crate::domain::experiment::check_start("--on", start, clock.today())?;
        let pairs = self
            .pairs
            .as_deref()
            .map_or(Ok(DEFAULT_PAIRS), Experiment::parse_pairs)?;
        let washout = self
            .washout_nights
            .as_deref()
            .map_or(Ok(0), Experiment::parse_washout)?;
        Ok(Parsed {
            intervention,
            start,
            pairs,
            washout,
        })
    }
}

pub fn run(db: &Path, clock: &Clock, args: ExperimentArgs) -> Result<ExitCode> {
    match args.action {
        None => status(db, clock, args.format.is_json()),
        Some(ExperimentAction::Plan { design, format }) => {
            let json = format.is_json();
            plan(db, clock, design.parse(clock)?, json)
        }
        Some(ExperimentAction::Start { design }) => {
            start_experiment(db, clock, design.parse(clock)?)
        }
        Some(ExperimentAction::Answer { done, night }) => {
            let done = parse_answer("answer", &done)?;
            let night = match night {
                Some(raw) => parse_night("--night", &raw, clock.today())?,
                None => clock.due_night(),
            };
            answer(db, clock, night, done)
        }
        Some(ExperimentAction::Stop { on }) => stop(db, clock, on.as_deref()),
    }
}

fn open_existing(db: &Path) -> Result<Option<Store>> {
    Ok(if db.exists() {
        Some(Store::open(db)?)
    } else {
        None
    })
}

fn plan(db: &Path, clock: &Clock, d: Parsed, json: bool) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let p = crate::experiment::plan_figures(
        store.as_ref(),
        clock.due_night(),
        d.start,
        d.pairs,
        d.washout,
    )?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&PlanJson::new(&p, &d.intervention))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    for line in crate::experiment::text::plan_lines(&p, &d.intervention) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn start_experiment(db: &Path, clock: &Clock, d: Parsed) -> Result<ExitCode> {
    let mut store = Store::open(db)?;
    let exp = crate::experiment::draw(d.intervention, d.start, d.pairs, d.washout)?;
    store.start_experiment(&exp, &clock.stamp())?;
    println!(
        "Started: an on/off experiment of {} with {} pairs ({} weeks) from {} to {}; the schedule is drawn and fixed.",
        exp.intervention.name(),
        d.pairs,
        exp.weeks(),
        long_date(exp.start),
        long_date(exp.planned_end())
    );
    println!(
        "Week 1 is an {}.",
        exp.schedule[0].instruction(&exp.intervention)
    );
    if let Some(question) = exp.intervention.question() {
        println!(
            "Each morning the check-in asks \"{question}\" (or answer with `cramp experiment answer yes|no`)."
        );
    }
    println!("The whole schedule: `cramp experiment`.");
    super::saved(store);
    Ok(ExitCode::SUCCESS)
}

fn answer(db: &Path, clock: &Clock, night: NaiveDate, done: bool) -> Result<ExitCode> {
    let found = match open_existing(db)? {
        Some(store) => store
            .experiments()?
            .into_iter()
            .filter(|e| e.item.experiment.intervention.is_daily())
            .filter(|e| !e.item.experiment.is_cancelled())
            .min_by_key(|e| {
                let x = &e.item.experiment;
                // The one holding the night, else the nearest.
                (
                    night < x.start || night > x.end(),
                    (x.start - night).num_days().abs(),
                )
            })
            .map(|e| (store, e)),
        None => None,
    };
    let Some((mut store, exp)) = found else {
        return Err(Invalid::new(
            "answer: there is no daily-habit experiment to answer for; start one with `cramp experiment start --daily NAME`",
        )
        .into());
    };
    exp.item.experiment.check_answer_night("--night", night)?;
    store.answer(
        &Answer {
            experiment: exp.uid.clone(),
            night_of: night,
            done,
        },
        &clock.stamp(),
    )?;
    println!(
        "Saved: {}: {}.",
        exp.item.experiment.intervention.done_on(night),
        if done { "yes" } else { "no" }
    );
    super::saved(store);
    Ok(ExitCode::SUCCESS)
}

/// A stop's date: today or a later day, YYYY-MM-DD.
fn parse_stop(raw: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let text = raw.trim();
    let date = match text.to_ascii_lowercase().as_str() {
        "today" => today,
        _ => crate::domain::dates::iso_date(text).ok_or_else(|| {
            Invalid::new(format!(
                "--on must be today or a later date as YYYY-MM-DD, got {}",
                crate::domain::shown(text)
            ))
        })?,
    };
    if date < today {
        return Err(Invalid::new(format!(
            "--on must be today ({today}) or later: a stop is never dated before the day it is recorded, got {date}"
        )));
    }
    Ok(date)
}

fn stop(db: &Path, clock: &Clock, raw: Option<&str>) -> Result<ExitCode> {
    let today = clock.today();
    let on = raw.map_or(Ok(today), |r| parse_stop(r, today))?;
    // The one running today, or one planned to start later.
    let found = match open_existing(db)? {
        Some(store) => store
            .experiments()?
            .into_iter()
            .filter(|e| !e.item.experiment.is_cancelled())
            .find(|e| {
                let x = &e.item.experiment;
                x.is_running(today) || x.start > today
            })
            .map(|e| (store, e)),
        None => None,
    };
    let Some((mut store, current)) = found else {
        return Err(Invalid::new(format!(
            "no experiment is running on {today}, so there is nothing to stop"
        ))
        .into());
    };
    let e = &current.item.experiment;
    if let Some(stop) = e.stopped_on {
        return Err(Invalid::new(format!(
            "the experiment already has a stop (its last day is {stop}); a stop is final and cannot be moved"
        ))
        .into());
    }
    if e.start > today && raw.is_some() {
        return Err(Invalid::new(format!(
            "--on cannot be given for the experiment planned from {}: it has not begun, so a stop cancels it (it never runs); run `cramp experiment stop` without --on",
            e.start
        ))
        .into());
    }
    if e.start >= on {
        // Stopped on its first day (the earliest day the diary accepts) is how one that never
        // ran is stored: said as such, whether or not its first night was logged.
        store.stop_experiment(&current.uid, e.start, &clock.stamp())?;
        let words = if e.start > today {
            "Cancelled before it began"
        } else {
            "Stopped on its first day, so it counts as cancelled before it began (no result)"
        };
        println!(
            "{words}: the experiment planned from {} is kept, marked stopped on its first day, and will not run; its weeks are not drawn again.",
            long_date(e.start)
        );
        super::saved(store);
        return Ok(ExitCode::SUCCESS);
    }
    if on > e.planned_end() {
        return Err(Invalid::new(format!(
            "--on must be from {today} to the experiment's last day ({}), got {on}",
            e.planned_end()
        ))
        .into());
    }
    if let Some(last) = store.last_logged_night_in(e)?
        && last > on
    {
        return Err(Invalid::new(format!(
            "--on must be on or after the last night logged inside the experiment ({last}), got {on}"
        ))
        .into());
    }
    store.stop_experiment(&current.uid, on, &clock.stamp())?;
    println!(
        "Stopped: the experiment that began {} now ends {} (week {} of {}); it is kept, and analysed on complete pairs only. The stop is final.",
        long_date(e.start),
        long_date(on),
        e.week_of(on).unwrap_or(1),
        e.weeks()
    );
    super::saved(store);
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
        for line in crate::experiment::text::status_lines(
            &view,
            false,
            crate::experiment::text::Next::Commands,
        ) {
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
