//! How figures are written in the JSON documents (`report`, `insights`, `experiment`
//! `--format json`): dates as `YYYY-MM-DD`; the report's and the insights' figures rounded to
//! four decimals (the experiment document writes its figures as computed). The helpers
//! named `with_*` are for `#[serde(serialize_with = "...")]` on the types the documents show.

use chrono::NaiveDate;
use serde::Serializer;

/// Four decimals: enough for every figure the documents carry, without float noise.
pub fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// `2026-11-23`.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A date as `YYYY-MM-DD`.
pub fn with_iso<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&iso(*d))
}

/// A figure rounded to four decimals.
pub fn with_round<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round(*v))
}

/// A figure that may be missing, rounded to four decimals; `null` when missing.
pub fn with_round_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&round(*v)),
        None => s.serialize_none(),
    }
}
