//! Editing, deleting and undoing from the history screen, through the app's own actions.

use crate::common::dates::{at, day};
use crate::common::records;
use crate::common::records::session;
use crate::common::stamp;
use crate::common::tui::open_app;
use crate::common::tui::select;
use cramp_diary::clock::Clock;
use cramp_diary::domain::session::{MassageSession, Technique};
use cramp_diary::domain::{Leg, NightStatus};
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use cramp_diary::tui::screens::history::Row;

/// Last night has one cramp; the day before had a foam-roll session.
fn app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    let stamp = stamp("2026-11-22T07:00:00");
    let cramp = records::cramp(Leg::Left, 6, "1m");
    store
        .add_episode(day("2026-11-22"), &cramp, &stamp)
        .unwrap();
    let session = MassageSession {
        minutes_per_calf: Some(8),
        ..session("2026-11-21 19:00", Technique::FoamRoller)
    };
    store.add_session(&session, &stamp).unwrap();
    let mut app = open_app(store, Clock::fixed(at("2026-11-23 07:30")));
    app.update(Action::SwitchView).unwrap();
    assert_eq!(app.view.screen, Screen::History);
    app
}

#[test]
fn deleting_the_only_cramp_unlogs_the_night_and_undo_brings_it_back() {
    let mut app = app();
    select(&mut app, |r| matches!(r, Row::Episode { .. }));
    app.update(Action::Delete).unwrap();
    assert_eq!(crate::common::tui::night_status(&app, "2026-11-22"), None);
    assert!(crate::common::tui::status(&app).contains("night is not logged now"));
    app.update(Action::Undo).unwrap();
    assert_eq!(
        crate::common::tui::night_status(&app, "2026-11-22"),
        Some(NightStatus::Cramps)
    );
    assert_eq!(app.data.history.nights[0].episodes.len(), 1);
}

#[test]
fn editing_a_cramp_saves_the_new_values() {
    let mut app = app();
    select(&mut app, |r| matches!(r, Row::Episode { .. }));
    app.update(Action::Edit).unwrap();
    assert!(matches!(app.view.screen, Screen::CrampForm(_)));
    // leg → right; intensity: type 9.
    app.update(Action::Increase).unwrap();
    app.update(Action::NextField).unwrap();
    app.update(Action::NextField).unwrap();
    app.update(Action::Input('9')).unwrap();
    app.update(Action::Save).unwrap();
    assert_eq!(app.view.screen, Screen::History);
    let e = &app.data.history.nights[0].episodes[0].item;
    assert_eq!((e.leg, e.intensity.value()), (Leg::Right, 9));
}

#[test]
fn a_night_marked_cramp_free_with_cramps_is_refused_in_place() {
    let mut app = app();
    select(&mut app, |r| matches!(r, Row::Night { night: Some(_), .. }));
    app.update(Action::MarkCrampFree).unwrap();
    assert!(crate::common::tui::status(&app).contains("cannot be marked cramp-free"));
    assert_eq!(
        crate::common::tui::night_status(&app, "2026-11-22"),
        Some(NightStatus::Cramps)
    );
}

#[test]
fn deleting_a_session_can_be_undone() {
    let mut app = app();
    select(&mut app, |r| matches!(r, Row::Session { .. }));
    app.update(Action::Delete).unwrap();
    assert!(app.data.history.sessions.is_empty());
    app.update(Action::Undo).unwrap();
    assert_eq!(app.data.history.sessions.len(), 1);
    app.update(Action::Undo).unwrap();
    assert_eq!(app.view.status.as_ref().unwrap().text, "Nothing to undo.");
}

#[test]
fn context_for_a_day_is_recorded_from_the_history() {
    let mut app = app();
    select(
        &mut app,
        |r| matches!(r, Row::Night { date, .. } if *date == day("2026-11-21")),
    );
    app.update(Action::EditContext).unwrap();
    for c in "1.5".chars() {
        app.update(Action::Input(c)).unwrap();
    }
    app.update(Action::NextField).unwrap();
    app.update(Action::Input('3')).unwrap();
    app.update(Action::Input('0')).unwrap();
    app.update(Action::Input('0')).unwrap();
    app.update(Action::Save).unwrap();
    let c = &app.data.history.contexts[0];
    assert_eq!(
        (
            c.item.day,
            c.item.context.fluids_dl,
            c.item.context.magnesium_mg
        ),
        (day("2026-11-21"), Some(15), Some(300))
    );
}
