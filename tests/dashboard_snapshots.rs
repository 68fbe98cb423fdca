//! The dashboard at 80x24 and 160x48, from fixed made-up diaries and a fixed clock.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, NaiveDateTime};
use cramp_diary::clock::Clock;
use cramp_diary::demo::{Plan, batch};
use cramp_diary::domain::routine::Routine;
use cramp_diary::store::Store;
use cramp_diary::tui::app::App;
use cramp_diary::tui::theme::Theme;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn plan(first: &str, routine: Option<Routine>, rates: (f64, f64, f64)) -> Plan {
    Plan {
        first: day(first),
        last: day("2026-11-22"),
        routine,
        rate_before: rates.0,
        rate_during: rates.1,
        rate_after: rates.2,
        session_chance_during: 0.8,
        session_chance_otherwise: 0.1,
        missing: 0.06,
        excluded: 0.03,
        seed: 11,
    }
}

fn draw(plan: &Plan, width: u16, height: u16) -> String {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(&batch(plan), "2026-11-23T07:00:00")
        .unwrap();
    let now = NaiveDateTime::parse_from_str("2026-11-23 07:30", "%Y-%m-%d %H:%M").unwrap();
    let app = App::new(store, Clock::fixed(now), Theme::plain()).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    terminal.backend().to_string()
}

fn no_routine() -> Plan {
    plan("2026-09-28", None, (0.6, 0.6, 0.6))
}

fn second_week() -> Plan {
    plan(
        "2026-10-17",
        Some(Routine::new(day("2026-11-14"), 4, 5, 28)),
        (0.9, 0.5, 0.5),
    )
}

fn finished_with_a_clear_reduction() -> Plan {
    plan(
        "2026-09-14",
        Some(Routine::new(day("2026-10-12"), 4, 5, 28)),
        (1.3, 0.25, 0.3),
    )
}

fn finished_with_no_clear_change() -> Plan {
    Plan {
        seed: 5,
        ..plan(
            "2026-09-14",
            Some(Routine::new(day("2026-10-12"), 4, 5, 28)),
            (0.8, 0.7, 0.7),
        )
    }
}

fn too_little_data() -> Plan {
    plan(
        "2026-11-01",
        Some(Routine::new(day("2026-11-09"), 4, 5, 28)),
        (0.9, 0.5, 0.5),
    )
}

#[test]
fn no_routine_yet_80x24() {
    assert_snapshot!(draw(&no_routine(), 80, 24));
}

#[test]
fn no_routine_yet_160x48() {
    assert_snapshot!(draw(&no_routine(), 160, 48));
}

#[test]
fn routine_in_its_second_week_80x24() {
    assert_snapshot!(draw(&second_week(), 80, 24));
}

#[test]
fn routine_in_its_second_week_160x48() {
    assert_snapshot!(draw(&second_week(), 160, 48));
}

#[test]
fn finished_routine_with_a_clear_reduction_80x24() {
    assert_snapshot!(draw(&finished_with_a_clear_reduction(), 80, 24));
}

#[test]
fn finished_routine_with_a_clear_reduction_160x48() {
    assert_snapshot!(draw(&finished_with_a_clear_reduction(), 160, 48));
}

#[test]
fn too_little_data_80x24() {
    assert_snapshot!(draw(&too_little_data(), 80, 24));
}

#[test]
fn too_little_data_160x48() {
    assert_snapshot!(draw(&too_little_data(), 160, 48));
}

#[test]
fn finished_routine_with_no_clear_change_80x24() {
    assert_snapshot!(draw(&finished_with_no_clear_change(), 80, 24));
}

#[test]
fn finished_routine_with_no_clear_change_160x48() {
    assert_snapshot!(draw(&finished_with_no_clear_change(), 160, 48));
}
