//! Session, context and routine screens at a fixed size and clock (insta + TestBackend).

use crate::common::assert_holds;
use crate::common::dates::{at, day};
use crate::common::records::session;
use crate::common::stamp;
use crate::common::tui::draw;
use crate::common::tui::open_app;
use crate::common::tui::{press, screen_snapshots};
use cramp_diary::clock::Clock;
use cramp_diary::domain::Score;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::routine::Routine;
use cramp_diary::domain::session::{GunHead, GunSpeed, MassageSession, Technique};
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::App;

const STAMP: &str = "2026-11-01T07:00:00";

fn foam_roll(when: &str) -> MassageSession {
    MassageSession {
        minutes_per_calf: Some(8),
        pain: Score::new("pain", 5).ok(),
        tight_before: Score::new("b", 6).ok(),
        tight_after: Score::new("a", 4).ok(),
        ..session(when, Technique::FoamRoller)
    }
}

/// Routine from 2 Nov (day 22 of 28 on 23 Nov), sessions on most days, last night logged.
fn store_with_routine() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store
        .start_routine(&Routine::new(day("2026-11-02"), 4, 5, 28), &stamp(STAMP))
        .unwrap();
    for d in [
        "02", "03", "05", "06", "08", "10", "11", "13", "16", "17", "18", "19", "20",
    ] {
        store
            .add_session(&foam_roll(&format!("2026-11-{d} 19:00")), &stamp(STAMP))
            .unwrap();
    }
    store
        .add_session(&foam_roll("2026-11-23 06:50"), &stamp(STAMP))
        .unwrap();
    let mut gun = foam_roll("2026-11-22 18:30");
    gun.technique = Technique::MassageGun;
    gun.speed = Some(GunSpeed::Medium);
    gun.head = Some(GunHead::Ball);
    gun.spots = Some(3);
    gun.seconds_per_spot = Some(30);
    store.add_session(&gun, &stamp(STAMP)).unwrap();
    for d in 5..=31 {
        crate::common::records::cramp_free(&mut store, &format!("2026-10-{d:02}"));
    }
    crate::common::records::cramp_free(&mut store, "2026-11-22");
    let context = DailyContext {
        fluids_dl: Some(15),
        magnesium_mg: Some(300),
        potassium: Some(true),
        exercise_min: None,
        medication: None,
    };
    store
        .set_context(day("2026-11-22"), &context, &stamp(STAMP))
        .unwrap();
    store
}

fn empty() -> Store {
    Store::open_in_memory().unwrap()
}

fn app(store: Store) -> App {
    let clock = Clock::fixed(at("2026-11-23 07:30"));
    open_app(store, clock)
}

screen_snapshots! {
    session_form_foam_roller: app(empty()), &[Action::NewSession], 80 x 24;
    session_form_massage_gun: app(empty()), &[Action::NewSession, Action::Increase], 80 x 24;
    session_form_same_as_last_time: app(store_with_routine()), &[Action::RepeatSession], 80 x 24;
    routine_screen_in_week_four: app(store_with_routine()), &[Action::OpenRoutine], 80 x 24;
    routine_screen_before_any_routine:
        app(empty()), &[Action::OpenHistory, Action::OpenRoutine], 80 x 24;
    routine_form: app(empty()), &[Action::OpenRoutine, Action::StartRoutine], 80 x 24;
    history_lists_sessions_and_context_beside_nights:
        app(store_with_routine()), &[Action::SwitchView], 100 x 24;
}

#[test]
fn the_night_form_shows_sleep_disturbance_whole_wide_and_narrow() {
    let mut app = app(Store::open_in_memory().unwrap());
    press(
        &mut app,
        &[Action::NoCramps, Action::Save, Action::OpenHistory],
    );
    press(&mut app, &[Action::Edit]);
    let screen = draw(&app, 80, 24);
    assert_holds(&screen, &["Edit night", "sleep disturbance "]);
    let narrow = draw(&app, 40, 12);
    assert!(narrow.contains("sleep disturbance "), "{narrow}");
}
