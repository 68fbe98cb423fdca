//! `cramp context`: a day's fluids, magnesium, potassium, exercise and medication, with its
//! flags.

use crate::clock::Clock;
use crate::domain::bounds;
use crate::domain::context::DailyContext;
use crate::domain::dates::{long_date, parse_night};
use crate::domain::{Invalid, parse_note};
use crate::store::Store;
use clap::Args;
use color_eyre::eyre::Result;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ContextArgs {
    /// Which day: YYYY-MM-DD, yesterday or today [default: today]
    #[arg(long, value_name = "DATE")]
    pub day: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "L", help = format!("Litres drunk, {}-{} (like 1.5)", bounds::FLUIDS_DL.min / 10, bounds::FLUIDS_DL.max / 10))]
    pub fluids: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_name = "MG", help = bounds::MAGNESIUM_MG.help("Magnesium taken, mg"))]
    pub magnesium: Option<String>,
    /// Ate potassium-rich food (banana, potato, beans...)
    #[arg(long, conflicts_with = "no_potassium")]
    pub potassium: bool,
    /// Did not eat potassium-rich food
    #[arg(long)]
    pub no_potassium: bool,
    #[arg(long, allow_negative_numbers = true, value_name = "MIN", help = bounds::EXERCISE_MIN.help("Minutes of exercise"))]
    pub exercise: Option<String>,
    /// A new or changed medication
    #[arg(long, value_name = "TEXT")]
    pub medication: Option<String>,
}

pub fn set_context(db: &Path, clock: &Clock, args: &ContextArgs) -> Result<ExitCode> {
    let context = DailyContext {
        fluids_dl: args
            .fluids
            .as_deref()
            .map(DailyContext::parse_fluids)
            .transpose()?,
        magnesium_mg: args
            .magnesium
            .as_deref()
            .map(DailyContext::parse_magnesium)
            .transpose()?,
        potassium: match (args.potassium, args.no_potassium) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            (false, false) => None,
        },
        exercise_min: args
            .exercise
            .as_deref()
            .map(DailyContext::parse_exercise)
            .transpose()?,
        medication: args
            .medication
            .as_deref()
            .map(|m| parse_note("medication", m))
            .transpose()?
            .flatten(),
    };
    if context.is_empty() {
        return Err(Invalid::new(
            "nothing to record: give --fluids, --magnesium, --potassium, --exercise or --medication",
        )
        .into());
    }
    let day = match &args.day {
        Some(raw) => parse_night("day", raw, clock.today())?,
        None => clock.today(),
    };
    let mut store = Store::open(db)?;
    store.set_context(day, &context, &clock.stamp())?;
    let saved = store
        .context_between(day, day)?
        .pop()
        .map(|c| c.item.context.summary())
        .unwrap_or_default();
    println!("Saved for {}: {saved}.", long_date(day));
    super::saved(store);
    Ok(ExitCode::SUCCESS)
}
