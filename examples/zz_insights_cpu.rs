#![allow(clippy::unwrap_used)]
use chrono::NaiveDate;
use cramp_diary::store::Store;
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) * 10.0
}
fn main() {
    let store = Store::open_reading(std::path::Path::new("/tmp/ins/ten.db")).unwrap();
    let due = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let n = 300;
    let t = cpu();
    for _ in 0..n {
        std::hint::black_box(cramp_diary::store::load_insights(&store, due, 18).unwrap());
    }
    let load = (cpu() - t) / n as f64;
    let (data, cramps) = store.insight_data(due).unwrap();
    let t = cpu();
    for _ in 0..n {
        std::hint::black_box(
            cramp_diary::analysis::insights::page::InsightsPage::compute(
                data.clone(),
                &cramps,
                vec![],
                due,
                18,
            ),
        );
    }
    let comp = (cpu() - t) / n as f64;
    let t = cpu();
    for _ in 0..n {
        std::hint::black_box(cramp_diary::store::load_dashboard(&store, None, due, due).unwrap());
    }
    let dash = (cpu() - t) / n as f64;
    println!(
        "CPU ms per run: insights load+analysis {load:.2}, analysis {comp:.2}, dashboard load+analysis {dash:.2}"
    );
}
