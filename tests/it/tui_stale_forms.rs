//! Lost updates: a form opened in the TUI and saved after another process (the CLI, another
//! TUI) changed the same row writes only the fields the form changed, and never over a change
//! it has not shown. A deleted row or a failed save keeps the app running and the form filled.

use crate::common::dates::{at, day};
use crate::common::diary::Diary;
use crate::common::stamp;
use crate::common::tui::open_app;
use crate::common::tui::select;
use cramp_diary::clock::Clock;
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use cramp_diary::tui::screens::cramp_form::CrampField;
use cramp_diary::tui::screens::history::Row;

fn app(d: &Diary) -> App {
    let now = at("2026-11-23 07:30");
    let mut app = open_app(Store::open(&d.path).unwrap(), Clock::fixed(now));
    if app.view.screen != Screen::History {
        app.update(Action::OpenHistory).unwrap();
    }
    assert_eq!(app.view.screen, Screen::History);
    app
}

fn night_row(date: &'static str) -> impl Fn(&Row) -> bool {
    move |r| matches!(r, Row::Night { date: d, night: Some(_) } if *d == day(date))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c)).unwrap();
    }
}

/// Save on a form whose record changed elsewhere: the form shows theirs (`shown` is part of
/// the line) and saves nothing; a second Save keeps the form's version and the history is back.
fn saved_over_theirs(app: &mut App, shown: &str) {
    app.update(Action::Save).unwrap();
    let error = form_error(app);
    assert!(error.contains(shown), "{error}");
    app.update(Action::Save).unwrap();
    assert_eq!(app.view.screen, Screen::History);
}

fn form_error(app: &App) -> String {
    match &app.view.screen {
        Screen::NightForm(f) => f.form.error.clone(),
        Screen::CrampForm(f) => f.form.error.clone(),
        Screen::ContextForm(f) => f.form.error.clone(),
        Screen::SessionForm(f) => f.form.error.clone(),
        other => panic!("no form is open: {other:?}"),
    }
    .unwrap_or_default()
}

/// (tight_left, sleep, soreness, note) of a night.
fn night_fields(d: &Diary, date: &str) -> (Option<i64>, Option<i64>, Option<i64>, Option<String>) {
    let conn = rusqlite::Connection::open(&d.path).unwrap();
    conn.query_row(
        "SELECT tight_left, sleep_disturbance, soreness, note FROM nights
         WHERE night_of = ?1 AND deleted_at IS NULL",
        [date],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .unwrap()
}

/// The TUI opens the night (sleep 2), then the CLI records sleep 6, soreness 4 and a note.
fn night_changed_by_the_cli_while_the_form_is_open() -> (Diary, App) {
    let d = Diary::new();
    d.run(&["night", "--none", "--night", "2026-11-22", "--sleep", "2"])
        .ok();
    let mut app = app(&d);
    select(&mut app, night_row("2026-11-22"));
    app.update(Action::Edit).unwrap();
    assert!(matches!(app.view.screen, Screen::NightForm(_)));
    // Same clock as the TUI: the same second, so only the values can tell it changed.
    d.run(&[
        "night",
        "--night",
        "2026-11-22",
        "--sleep",
        "6",
        "--soreness",
        "4",
        "--note",
        "restless",
    ])
    .ok();
    // The TUI sets the left calf's tightness (the first field).
    app.update(Action::Input('3')).unwrap();
    (d, app)
}

#[test]
fn a_night_changed_elsewhere_is_shown_not_overwritten_and_enter_keeps_both_changes() {
    let (d, mut app) = night_changed_by_the_cli_while_the_form_is_open();
    app.update(Action::Save).unwrap();
    assert!(app.is_running());
    let error = form_error(&app);
    assert!(
        error.starts_with("Changed elsewhere since you opened this: theirs sleep 6 · sore 4 · \"restless\" / yours tight L3 R- · sleep 2."),
        "{error}"
    );
    assert!(
        error.ends_with("Enter keeps yours, Esc keeps theirs."),
        "{error}"
    );
    assert_eq!(
        night_fields(&d, "2026-11-22"),
        (None, Some(6), Some(4), Some("restless".into())),
        "nothing was written over the CLI's save"
    );
    // Enter: keep mine. Only the field the form changed is written.
    app.update(Action::Save).unwrap();
    assert_eq!(app.view.screen, Screen::History);
    assert_eq!(
        night_fields(&d, "2026-11-22"),
        (Some(3), Some(6), Some(4), Some("restless".into())),
        "the CLI's sleep, soreness and note survive the TUI's save"
    );
}

#[test]
fn esc_after_a_conflict_keeps_the_version_saved_elsewhere() {
    let (d, mut app) = night_changed_by_the_cli_while_the_form_is_open();
    app.update(Action::Save).unwrap();
    app.update(Action::Cancel).unwrap();
    assert_eq!(app.view.screen, Screen::History);
    assert_eq!(
        app.view.status.as_ref().unwrap().text,
        "Kept the version saved elsewhere; your changes were not saved."
    );
    assert_eq!(
        night_fields(&d, "2026-11-22"),
        (None, Some(6), Some(4), Some("restless".into()))
    );
}

#[test]
fn a_save_with_no_change_elsewhere_writes_only_the_changed_field() {
    let d = Diary::new();
    d.run(&[
        "night",
        "--none",
        "--night",
        "2026-11-22",
        "--sleep",
        "2",
        "--note",
        "ok",
    ])
    .ok();
    let mut app = app(&d);
    select(&mut app, night_row("2026-11-22"));
    app.update(Action::Edit).unwrap();
    app.update(Action::Input('3')).unwrap();
    app.update(Action::Save).unwrap();
    assert_eq!(app.view.screen, Screen::History, "{:?}", app.view.status);
    assert_eq!(
        night_fields(&d, "2026-11-22"),
        (Some(3), Some(2), None, Some("ok".into()))
    );
}

#[test]
fn the_context_form_does_not_erase_a_medication_recorded_meanwhile() {
    let d = Diary::new();
    d.run(&["context", "--day", "2026-11-22", "--magnesium", "300"])
        .ok();
    let mut app = app(&d);
    select(&mut app, |r| matches!(r, Row::Context { .. }));
    app.update(Action::Edit).unwrap();
    assert!(matches!(app.view.screen, Screen::ContextForm(_)));
    d.command()
        .env("CRAMP_NOW", "2026-11-23T07:31")
        .args(["context", "--day", "2026-11-22", "--medication", "statin"])
        .assert()
        .success();
    // fluids (the first field): 1.5 litres.
    type_text(&mut app, "1.5");
    saved_over_theirs(&mut app, "theirs magnesium 300 mg · medication: \"statin\"");
    let conn = rusqlite::Connection::open(&d.path).unwrap();
    let row: (Option<i64>, Option<i64>, Option<String>) = conn
        .query_row(
            "SELECT fluids_dl, magnesium_mg, medication FROM daily_context",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row, (Some(15), Some(300), Some("statin".into())));
}

#[test]
fn a_cramp_deleted_elsewhere_leaves_the_form_open_with_one_line() {
    let d = Diary::new();
    d.cramp(&["--night", "2026-11-22"]).ok();
    let mut app = app(&d);
    select(&mut app, |r| matches!(r, Row::Episode { .. }));
    app.update(Action::Edit).unwrap();
    let uid = match &app.view.screen {
        Screen::CrampForm(f) => f.editing.as_ref().unwrap().opened.uid.clone(),
        other => panic!("{other:?}"),
    };
    Store::open(&d.path)
        .unwrap()
        .delete_episode(&uid, &stamp("2026-11-23T07:31:00"))
        .unwrap();
    app.update(Action::Increase).unwrap();
    app.update(Action::Save).unwrap();
    assert!(app.is_running());
    assert!(
        matches!(app.view.screen, Screen::CrampForm(_)),
        "the form stays open"
    );
    let error = form_error(&app);
    assert_eq!(
        error,
        "This was deleted elsewhere since you opened it; nothing was saved (Esc closes the form)."
    );
    assert!(!error.contains('\n'));
}

#[test]
fn a_save_that_fails_keeps_the_app_running_and_the_form_filled() {
    let d = Diary::new();
    d.run(&["night", "--none", "--night", "2026-11-21"]).ok();
    let mut app = app(&d);
    app.update(Action::AddCramp).unwrap();
    for _ in 0..6 {
        app.update(Action::NextField).unwrap();
    }
    type_text(&mut app, "kept");
    // Another program holds the diary locked past the 5-second busy timeout.
    let blocker = rusqlite::Connection::open(&d.path).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    app.update(Action::Save).unwrap();
    assert!(app.is_running());
    let status = app.view.status.clone().unwrap().text;
    assert!(
        status == "Not saved: another program is holding the diary locked; save again in a moment.",
        "{status}"
    );
    match &app.view.screen {
        Screen::CrampForm(f) => assert_eq!(f.form.text(CrampField::Note), "kept"),
        other => panic!("the form was lost: {other:?}"),
    }
    blocker.execute_batch("ROLLBACK").unwrap();
    app.update(Action::Save).unwrap();
    assert!(
        !matches!(app.view.screen, Screen::CrampForm(_)),
        "{:?}",
        app.view.status
    );
}

#[test]
fn the_session_form_shows_a_change_made_by_another_tui() {
    let d = Diary::new();
    d.run(&[
        "massage",
        "--technique",
        "foam-roller",
        "--minutes",
        "8",
        "--ago",
        "1h",
    ])
    .ok();
    let mut app = app(&d);
    select(&mut app, |r| matches!(r, Row::Session { .. }));
    app.update(Action::Edit).unwrap();
    let (uid, mut theirs) = match &app.view.screen {
        Screen::SessionForm(f) => {
            let opened = &f.editing.as_ref().unwrap().opened;
            (opened.uid.clone(), opened.before.clone())
        }
        other => panic!("{other:?}"),
    };
    // Another TUI saves a note on the same session.
    theirs.note = Some("from the other screen".into());
    Store::open(&d.path)
        .unwrap()
        .edit_session(&uid, &theirs, &stamp("2026-11-23T07:31:00"))
        .unwrap();
    app.update(Action::Decrease).unwrap();
    saved_over_theirs(&mut app, "\"from the other screen\" / yours");
    let conn = rusqlite::Connection::open(&d.path).unwrap();
    let (technique, note): (String, Option<String>) = conn
        .query_row("SELECT technique, note FROM massage_sessions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_ne!(technique, "foam-roller", "the form's change is saved");
    assert_eq!(
        note.as_deref(),
        Some("from the other screen"),
        "and theirs kept"
    );
}

#[test]
fn the_morning_tightness_does_not_write_back_a_value_it_did_not_change() {
    let d = Diary::new();
    let now = at("2026-11-23 07:30");
    let mut app = open_app(Store::open(&d.path).unwrap(), Clock::fixed(now));
    assert_eq!(app.view.screen, Screen::CheckIn);
    d.run(&[
        "night",
        "--none",
        "--night",
        "2026-11-22",
        "--tight-left",
        "4",
    ])
    .ok();
    app.update(Action::HaveCramps).unwrap();
    app.update(Action::Save).unwrap();
    assert!(
        matches!(app.view.screen, Screen::Tightness(_)),
        "{:?}",
        app.view.status
    );
    // Elsewhere, the left calf is corrected to 6 while the form shows 4.
    d.command()
        .env("CRAMP_NOW", "2026-11-23T07:31")
        .args(["night", "--night", "2026-11-22", "--tight-left", "6"])
        .assert()
        .success();
    app.update(Action::NextField).unwrap();
    app.update(Action::Input('2')).unwrap();
    app.update(Action::Save).unwrap();
    let conn = rusqlite::Connection::open(&d.path).unwrap();
    let sides: (Option<i64>, Option<i64>) = conn
        .query_row(
            "SELECT tight_left, tight_right FROM nights WHERE night_of = '2026-11-22'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(sides, (Some(6), Some(2)));
}

#[test]
fn the_whole_conflict_message_is_on_screen() {
    let (_d, mut app) = night_changed_by_the_cli_while_the_form_is_open();
    app.update(Action::Save).unwrap();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Changed elsewhere"), "{screen}");
    assert!(
        screen.contains("Esc keeps"),
        "the end of the message is shown too"
    );
}
