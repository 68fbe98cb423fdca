//! The made-up diaries the benchmarks time (shared by `benches/dashboard.rs` and
//! `examples/insights_cpu.rs`): the diary is built before anything is timed.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use cramp_diary::demo::{Plan, batch};
use cramp_diary::domain::Stamp;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::routine::Routine;
use cramp_diary::store::{NightEntry, Store, TagChange};
use std::path::Path;

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-23 07:30", "%Y-%m-%d %H:%M").unwrap()
}

pub fn routine() -> Routine {
    Routine::new(day("2026-11-02"), 4, 5, 28)
}

/// A diary of `years` years (one night, about one cramp and one session a day, the day's
/// context every day, tags on about a quarter of the nights) in a file.
pub fn diary(dir: &Path, years: i64) -> Store {
    let mut plan = Plan::years(years, day("2026-11-22"));
    plan.routine = Some(routine());
    let path = dir.join(format!("{years}y.db"));
    let mut store = Store::open(&path).unwrap();
    let mut batch = batch(&plan);
    let mut d = plan.first;
    let mut i = 0u16;
    while d <= plan.last {
        batch.context.push((
            d,
            DailyContext {
                fluids_dl: Some(10 + i % 20),
                magnesium_mg: i.is_multiple_of(3).then_some(300),
                potassium: Some(i.is_multiple_of(4)),
                exercise_min: Some(i % 60),
                medication: None,
            },
        ));
        d += Duration::days(1);
        i = i.wrapping_add(7);
    }
    let stamp = Stamp::parse("stamp", "2026-11-23T07:00:00").unwrap();
    store.insert_batch(&batch, &stamp).unwrap();
    // Tags on about a quarter of the nights (alcohol every fifth, heat on some summer nights),
    // so the insights have tag factors as a tagging person's diary would.
    let mut d = plan.first;
    let mut i = 0u32;
    while d <= plan.last {
        let mut add = Vec::new();
        if i.is_multiple_of(5) {
            add.push("alcohol".to_string());
        }
        if matches!(d.month(), 6..=8) && i.is_multiple_of(3) {
            add.push("heat".to_string());
        }
        if !add.is_empty() && store.is_logged(d).unwrap() {
            let change = TagChange {
                add,
                remove: vec![],
            };
            store
                .log_night_tagged(d, &NightEntry::default(), &change, &stamp)
                .unwrap();
        }
        d += Duration::days(1);
        i += 1;
    }
    store
}
