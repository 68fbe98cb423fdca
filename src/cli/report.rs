//! `cramp report`: the dashboard as text or JSON, for the chosen (default: current) routine.

use super::words::{Choice, TextOrJson};
use crate::clock::Clock;
use crate::domain::Invalid;
use crate::store::Store;
use clap::Args;
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// text or json
    #[arg(long, value_name = "FORMAT", default_value = "text", hide_possible_values = true, value_parser = FORMAT)]
    pub format: TextOrJson,
    /// Which routine, 1 = the first ever [default: the current or latest one]
    #[arg(long, allow_negative_numbers = true, value_name = "N")]
    pub routine: Option<String>,
}

/// `--format`: text or json; `html` is the export's.
const FORMAT: Choice<TextOrJson> = Choice {
    hint: Some((
        "html",
        " (the HTML report for a therapist is `cramp export --format html`)",
    )),
    ..TextOrJson::CHOICE
};

/// `cramp report`: text or JSON for the chosen (default: current) routine.
pub fn report(
    db: &Path,
    clock: &Clock,
    args: &ReportArgs,
    calendar: crate::analysis::dashboard::Calendar,
) -> Result<ExitCode> {
    let json = args.format.is_json();
    let routine = args.routine.as_deref();
    let wanted = routine
        .map(|r| crate::domain::session::parse_count("routine", r, 1, 1000))
        .transpose()?;
    let store = Store::open_reading_if_there(db)?;
    let routines = match &store {
        Some(s) => s.routines()?,
        None => Vec::new(),
    };
    let chosen = match wanted {
        Some(n) => Some(
            routines
                .get(n as usize - 1)
                .map(|r| r.item.clone())
                .ok_or_else(|| match routines.len() {
                    0 => Invalid::new(format!(
                        "routine must name one of the diary's routines, and it has none yet, got {n}"
                    )),
                    k => Invalid::new(format!("routine must be 1-{k}, got {n}")),
                })?,
        ),
        None => match &store {
            Some(s) => s.current_routine(clock.today())?.map(|r| r.item),
            None => None,
        },
    };
    let dashboard = match &store {
        Some(s) => {
            // The same weeks as the dashboard (the configured first day of the week).
            crate::store::load_dashboard_weeks(
                s,
                chosen.as_ref(),
                clock.today(),
                clock.due_night(),
                calendar,
            )?
        }
        None => crate::analysis::dashboard::Dashboard::compute(
            None,
            clock.today(),
            clock.due_night(),
            &Default::default(),
        ),
    };
    if json {
        let doc = crate::report::ReportJson::new(&dashboard, clock.today());
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        println!("{}", crate::report::text(&dashboard));
    }
    Ok(ExitCode::SUCCESS)
}
