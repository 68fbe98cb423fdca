//! Every everyday screen at 40x12, a phone held upright with its keyboard open.

use crate::common::dates::{at, day};
use crate::common::records;
use crate::common::stamp;
use crate::common::tui::open_app;
use crate::common::tui::{press, screen_snapshots};
use cramp_diary::clock::Clock;
use cramp_diary::domain::{CrampEpisode, Leg};
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::App;
use insta::assert_snapshot;

/// Two logged nights before last night, which is not logged yet.
fn app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    let stamp = stamp("2026-11-20T07:00:00");
    let cramp = CrampEpisode {
        at: Some(chrono::NaiveTime::from_hms_opt(3, 10, 0).unwrap()),
        note: Some("after a long walk in the hills".into()),
        ..records::cramp(Leg::Right, 6, "2m")
    };
    store
        .add_episode(day("2026-11-21"), &cramp, &stamp)
        .unwrap();
    crate::common::records::cramp_free(&mut store, "2026-11-20");
    let now = at("2026-11-23 07:30");
    open_app(store, Clock::fixed(now))
}

fn draw(app: &App) -> String {
    crate::common::tui::draw(app, 40, 12)
}

screen_snapshots! {
    check_in_40x12: app(), &[], 40 x 12;
    tightness_form_40x12: app(), &[Action::HaveCramps, Action::Save], 40 x 12;
    history_40x12: app(), &[Action::OpenHistory], 40 x 12;
    dashboard_40x12: app(), &[Action::NoCramps, Action::Cancel], 40 x 12;
}

#[test]
fn cramp_form_keeps_the_focused_field_visible_40x12() {
    let mut app = app();
    press(&mut app, &[Action::HaveCramps]);
    let labels = [
        "leg",
        "muscle",
        "intensity",
        "duration",
        "time",
        "woke me",
        "note",
    ];
    let mut screens = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let screen = draw(&app);
        let focused = screen
            .lines()
            .find(|l| l.contains('›'))
            .unwrap_or_else(|| panic!("no focused field drawn on tab {i}:\n{screen}"));
        assert!(
            focused.contains(label),
            "tab {i}: {label} should be the focused row:\n{screen}"
        );
        screens.push(screen);
        app.update(Action::NextField).unwrap();
    }
    assert_snapshot!(screens.join("\n"));
}

#[test]
fn session_form_and_routine_screen_40x12() {
    let mut app = app();
    press(&mut app, &[Action::NewSession]);
    let session = draw(&app);
    assert!(session.contains("› technique"), "{session}");
    press(&mut app, &[Action::Cancel, Action::OpenRoutine]);
    assert_snapshot!(format!("{session}\n{}", draw(&app)));
}

/// A routine's calendar is longer than a phone screen: the page says how much is below, and
/// `j` scrolls down to its last line (`k` back up); before, the end was cut with no way to it.
#[test]
fn the_routine_screen_scrolls_at_40x12() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .start_routine(
            &cramp_diary::domain::routine::Routine::new(day("2026-11-02"), 4, 5, 28),
            &stamp("2026-11-02T07:00:00"),
        )
        .unwrap();
    let now = at("2026-11-23 07:30");
    let mut app = open_app(store, Clock::fixed(now));
    press(&mut app, &[Action::OpenRoutine]);
    let top = draw(&app);
    assert!(top.contains("more (j/k)"), "{top}");
    assert!(!top.contains("a session that day"), "{top}");
    press(&mut app, &[Action::Down; 30]);
    let bottom = draw(&app);
    assert!(bottom.contains("a session that day"), "{bottom}");
    assert!(bottom.contains('↑'), "{bottom}");
    press(&mut app, &[Action::Up; 60]);
    assert_eq!(draw(&app), top);
}
