//! `cramp demo`: a made-up diary of ten weeks, shown in the TUI or kept in a file.

use crate::clock::Clock;
use crate::config::Config;
use crate::demo::{Plan, batch};
use crate::domain::Invalid;
use crate::domain::context::DailyContext;
use crate::domain::dates::long_date;
use crate::domain::routine::Routine;
use crate::store::Store;
use chrono::Duration;
use color_eyre::eyre::Result;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Ten weeks ending last night: four baseline weeks, a four-week routine (about five sessions
/// a week, a few missed), two weeks after; cramps and tightness falling, with noise.
pub fn demo_plan(clock: &Clock) -> Plan {
    let last = clock.due_night();
    let first = last - Duration::days(69);
    let start = first + Duration::days(28);
    Plan {
        first,
        last,
        routine: Some(Routine::new(start, 4, 5, 28)),
        rate_before: 1.0,
        rate_during: 0.45,
        rate_after: 0.35,
        session_chance_during: 0.72,
        session_chance_otherwise: 0.12,
        missing: 0.03,
        excluded: 0.02,
        seed: 42,
    }
}

pub fn demo(explicit_db: Option<&Path>, clock: Clock, settings: &Config) -> Result<ExitCode> {
    let temp;
    let path = match explicit_db {
        Some(p) => {
            if p.exists() && std::fs::metadata(p)?.len() > 0 {
                return Err(Invalid::new(format!(
                    "--db must name a new file for the demo diary, and {} already exists",
                    p.display()
                ))
                .into());
            }
            p.to_path_buf()
        }
        None => {
            temp = tempfile::tempdir()?;
            temp.path().join("demo.db")
        }
    };
    let mut store = Store::open(&path)?;
    let plan = demo_plan(&clock);
    let mut diary = batch(&plan);
    // Two context changes a therapist would ask about: magnesium started, a new medication.
    let start = plan.routine.as_ref().map_or(plan.first, |r| r.start);
    diary.context = vec![
        (
            start - Duration::days(10),
            DailyContext {
                magnesium_mg: Some(300),
                fluids_dl: Some(15),
                ..DailyContext::default()
            },
        ),
        (
            start + Duration::days(12),
            DailyContext {
                medication: Some("started amlodipine 5 mg".to_string()),
                potassium: Some(true),
                ..DailyContext::default()
            },
        ),
    ];
    store.insert_batch(&diary, &clock.stamp())?;
    super::finish_write(&store);
    drop(store);
    let terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if !terminal && explicit_db.is_none() {
        println!(
            "The demo needs a terminal to show it in; to keep a demo diary, use `cramp demo --db FILE`."
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !terminal {
        println!(
            "Demo diary written to {} ({} to {}); open it with `cramp --db {}`.",
            path.display(),
            long_date(plan.first),
            long_date(plan.last),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    // The temporary folder (if any) lives until the screen is closed, then is removed.
    crate::tui::run(&path, clock, settings)
}
