//! Dates, times and clocks written as text in tests: one helper each, for every test file.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use cramp_diary::clock::Clock;

/// `2026-11-23`.
pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date as YYYY-MM-DD")
}

/// `2026-11-23 07:30` or `2026-11-23T07:30`.
pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(&text.replacen('T', " ", 1), "%Y-%m-%d %H:%M")
        .expect("a time as YYYY-MM-DD HH:MM")
}

/// A clock fixed at `text` (as [`at`] reads it).
pub fn clock(text: &str) -> Clock {
    Clock::fixed(at(text))
}
