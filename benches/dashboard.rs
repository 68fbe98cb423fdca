//! The dashboard's costs on long diaries: reading and computing it, drawing it, and
//! recomputing after a new entry. Setup (making the diaries) is outside the timed parts.
#![allow(clippy::unwrap_used)]

use chrono::Duration;
use cramp_diary::analysis::insights::page::InsightsPage;
use cramp_diary::analysis::year::spans;
use cramp_diary::clock::Clock;
use cramp_diary::tui::app::App;
use cramp_diary::tui::theme::Theme;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

#[path = "common/diary.rs"]
mod diary;
use diary::{diary, now, routine};

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
