//! The dashboard's costs on long diaries: reading and computing it, drawing it, and
//! recomputing after a new entry. Setup (making the diaries) is outside the timed parts.
#![allow(clippy::unwrap_used)]

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use cramp_diary::analysis::insights::page::InsightsPage;
use cramp_diary::analysis::year::spans;
use cramp_diary::clock::Clock;
use cramp_diary::demo::{Plan, batch};
use cramp_diary::domain::Stamp;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::routine::Routine;
use cramp_diary::store::{NightEntry, Store, TagChange};
use cramp_diary::tui::app::App;
use cramp_diary::tui::theme::Theme;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::path::Path;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-23 07:30", "%Y-%m-%d %H:%M").unwrap()
}

fn routine() -> Routine {
    Routine::new(day("2026-11-02"), 4, 5, 28)
}

/// A diary of `years` years (one night, about one cramp and one session a day, the day's
/// context every day, tags on about a quarter of the nights) in a file.
fn diary(dir: &Path, years: i64) -> Store {
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

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let ten = diary(dir.path(), 10);
    let hundred = diary(dir.path(), 100);
    let today = now().date();
    let due = today - Duration::days(1);
    let r = routine();

    let mut group = c.benchmark_group("dashboard");
    group.bench_function("load+analysis 10y", |b| {
        b.iter(|| cramp_diary::store::load_dashboard(&ten, Some(&r), today, due).unwrap())
    });
    group.bench_function("load+analysis 100y", |b| {
        b.iter(|| cramp_diary::store::load_dashboard(&hundred, Some(&r), today, due).unwrap())
    });

    // Insights: computed once after a load or a save, never per frame.
    group.bench_function("insights load+analysis 10y", |b| {
        b.iter(|| cramp_diary::store::load_insights(&ten, due, 18).unwrap())
    });
    let (data, cramps) = ten.insight_data(due).unwrap();
    let marks = spans(std::slice::from_ref(&r), &[]);
    group.bench_function("insights analysis 10y", |b| {
        b.iter_batched(
            || (data.clone(), marks.clone()),
            |(d, m)| InsightsPage::compute(d, &cramps, m, due, 18),
            BatchSize::SmallInput,
        )
    });
    let page = InsightsPage::compute(data.clone(), &cramps, marks.clone(), due, 18);
    group.bench_function("year view 10y", |b| b.iter(|| black_box(&page).year(2026)));

    let mut app = App::new(ten, Clock::fixed(now()), Theme::colour()).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    group.bench_function("render 120x40 10y", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(black_box(&app), f.area()))
                .unwrap();
        })
    });
    group.bench_function("recompute after an entry 10y", |b| {
        b.iter(|| app.refresh().unwrap())
    });
    // Once the insights screen has been opened, a save works the page out again too.
    app.update(cramp_diary::tui::action::Action::OpenInsights)
        .unwrap();
    group.bench_function("recompute after an entry, insights open, 10y", |b| {
        b.iter(|| app.refresh().unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
