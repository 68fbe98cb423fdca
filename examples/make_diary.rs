//! Writes a made-up diary for benchmarks: `make_diary PATH YEARS` (0 years = an empty diary).
//! About one night, one cramp and one session a day, with a routine in the last month.

use chrono::NaiveDate;
use color_eyre::eyre::{Result, eyre};
use cramp_diary::demo::{Plan, batch};
use cramp_diary::domain::Stamp;
use cramp_diary::domain::routine::Routine;
use cramp_diary::store::Store;
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .ok_or_else(|| eyre!("usage: make_diary PATH YEARS"))?,
    );
    let years: i64 = args.next().unwrap_or_else(|| "10".into()).parse()?;
    let mut store = Store::open(&path)?;
    if years > 0 {
        let last = NaiveDate::from_ymd_opt(2026, 11, 22).ok_or_else(|| eyre!("date"))?;
        let mut plan = Plan::years(years, last);
        let start = NaiveDate::from_ymd_opt(2026, 11, 2).ok_or_else(|| eyre!("date"))?;
        plan.routine = Some(Routine::new(start, 4, 5, 28));
        store.insert_batch(
            &batch(&plan),
            &Stamp::parse("stamp", "2026-11-23T07:00:00")?,
        )?;
    }
    println!("{}: {years} year(s)", path.display());
    Ok(())
}
