//! CPU time per run of the insights' read and analysis on the benchmarks' 10-year diary
//! (`benches/common/diary.rs`), beside the dashboard's: a figure that a machine shared with other
//! builds barely moves, where criterion's wall-clock medians swing with the load.
//! `cargo run --release --example insights_cpu [RUNS]` (default 200).
#![allow(clippy::unwrap_used)]

use chrono::Duration;
use cramp_diary::analysis::insights::page::InsightsPage;
use std::hint::black_box;
use std::time::Instant;

#[path = "../benches/common/diary.rs"]
mod diary;

/// This process's user + system CPU time so far, in milliseconds (Linux, 10 ms ticks: the
/// loops below run long enough for that to be fine).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    (fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap()) * 10.0
}

/// CPU and wall milliseconds per run of `f`.
fn per_run(runs: u32, mut f: impl FnMut()) -> (f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_ms());
    for _ in 0..runs {
        f();
    }
    let n = f64::from(runs);
    (
        (cpu_ms() - cpu) / n,
        wall.elapsed().as_secs_f64() * 1000.0 / n,
    )
}

fn main() {
    let runs: u32 = std::env::args().nth(1).map_or(200, |r| r.parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let store = diary::diary(dir.path(), 10);
    let today = diary::now().date();
    let due = today - Duration::days(1);
    let r = diary::routine();
    let (data, cramps) = store.insight_data(due).unwrap();
    let rows = [
        (
            "insights read + analysis",
            per_run(runs, || {
                black_box(cramp_diary::store::load_insights(&store, due, 18).unwrap());
            }),
        ),
        (
            "insights read",
            per_run(runs, || {
                black_box(store.insight_data(due).unwrap());
            }),
        ),
        (
            "insights analysis",
            per_run(runs, || {
                black_box(InsightsPage::compute(
                    data.clone(),
                    &cramps,
                    vec![],
                    due,
                    18,
                ));
            }),
        ),
        (
            "dashboard read + analysis",
            per_run(runs, || {
                black_box(
                    cramp_diary::store::load_dashboard(&store, Some(&r), today, due).unwrap(),
                );
            }),
        ),
    ];
    println!("10-year diary, {runs} runs each: CPU ms per run (wall ms per run)");
    for (what, (cpu, wall)) in rows {
        println!("{what}: {cpu:.2} ({wall:.2})");
    }
}
