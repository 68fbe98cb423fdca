//! The screen follows the clock (a test clock advanced by hand), keys on a too-small screen
//! write nothing, a new diary says so on its first save, and an identical session asks first.

use crate::common::dates::{clock, day};
use crate::common::records;
use crate::common::records::cramp_free;
use crate::common::records::session;
use crate::common::stamp;
use crate::common::tui::open_app;
use cramp_diary::domain::session::{MassageSession, Technique};
use cramp_diary::domain::{Leg, NightStatus, Score};
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A diary with the night of 22 Nov logged, opened on the evening of the 23rd.
fn evening_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    cramp_free(&mut store, "2026-11-22");
    open_app(store, clock("2026-11-23 22:00"))
}

fn screen_text(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buffer = terminal.backend().buffer().clone();
    buffer
        .content()
        .chunks(80)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_diary_left_open_overnight_logs_the_morning_entry_on_the_new_last_night() {
    let mut app = evening_app();
    assert_eq!(app.view.screen, Screen::Dashboard, "last night is logged");
    assert!(screen_text(&app).contains("Mon 23 Nov 2026 22:00"));

    // The night passes with the diary open: in the morning the 23rd's night is the one due.
    let moved = app.follow_clock(clock("2026-11-24 07:10")).unwrap();
    assert!(moved, "the new morning brings the check-in back");
    assert_eq!(app.view.screen, Screen::CheckIn);
    assert_eq!(app.checkin_night(), day("2026-11-23"));
    let text = screen_text(&app);
    assert!(text.contains("Tue 24 Nov 2026 07:10"), "{text}");

    app.update(Action::NoCramps).unwrap();
    assert_eq!(
        crate::common::tui::night_status(&app, "2026-11-23"),
        Some(NightStatus::None)
    );
    assert_eq!(crate::common::tui::night_status(&app, "2026-11-24"), None);
    let said = &app.view.status.as_ref().unwrap().text;
    assert!(
        said.starts_with("Saved to the night of Mon 23 Nov 2026"),
        "{said}"
    );
}

#[test]
fn minutes_and_the_cutoff_move_the_header_without_moving_the_screen() {
    let mut store = Store::open_in_memory().unwrap();
    cramp_free(&mut store, "2026-11-22");
    let mut app = open_app(store, clock("2026-11-23 17:59"));
    assert!(!app.follow_clock(clock("2026-11-23 18:00")).unwrap());
    assert_eq!(app.view.screen, Screen::Dashboard);
    assert_eq!(app.clock.last_night(), day("2026-11-23"));
    assert!(screen_text(&app).contains("Mon 23 Nov 2026 18:00"));
}

#[test]
fn a_form_opened_after_midnight_starts_on_the_new_day() {
    let mut app = evening_app();
    app.follow_clock(clock("2026-11-24 00:05")).unwrap();
    // Past midnight the dashboard gives way to the check-in for the 23rd's night.
    assert_eq!(app.view.screen, Screen::CheckIn);
    app.update(Action::NewSession).unwrap();
    match &app.view.screen {
        Screen::SessionForm(form) => assert_eq!(form.now.date(), day("2026-11-24")),
        other => panic!("expected the session form, got {other:?}"),
    }
}

#[test]
fn keys_on_a_too_small_screen_write_nothing_but_quit_and_help_work() {
    let mut store = Store::open_in_memory().unwrap();
    cramp_free(&mut store, "2026-11-21");
    let mut app = open_app(store, clock("2026-11-23 07:30"));
    assert_eq!(app.view.screen, Screen::CheckIn);
    app.set_size(40, 10);
    for action in [Action::NoCramps, Action::HaveCramps, Action::Save] {
        app.update(action).unwrap();
    }
    assert_eq!(app.view.screen, Screen::CheckIn);
    assert_eq!(
        crate::common::tui::night_status(&app, "2026-11-22"),
        None,
        "nothing was written"
    );
    app.update(Action::ToggleHelp).unwrap();
    assert!(app.view.help);
    app.update(Action::ToggleHelp).unwrap();
    // Big enough again: the same key does what it says.
    app.set_size(80, 24);
    app.update(Action::NoCramps).unwrap();
    assert_eq!(
        crate::common::tui::night_status(&app, "2026-11-22"),
        Some(NightStatus::None)
    );
    app.set_size(10, 3);
    app.update(Action::Quit).unwrap();
    assert!(!app.is_running());
}

#[test]
fn a_warning_wraps_instead_of_being_cut() {
    let mut store = Store::open_in_memory().unwrap();
    cramp_free(&mut store, "2026-11-22");
    let mut app = open_app(store, clock("2026-11-23 07:30"));
    app.update(Action::SwitchView).unwrap(); // to the history, today on top
    app.update(Action::MarkCrampFree).unwrap();
    let said = app.view.status.as_ref().unwrap().text.clone();
    assert!(said.len() > 80, "{said}");
    let text = screen_text(&app);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(said.trim_end_matches('.')), "{text}");
}

#[test]
fn tonight_cannot_be_marked_cramp_free_from_the_history() {
    let mut store = Store::open_in_memory().unwrap();
    cramp_free(&mut store, "2026-11-22");
    let mut app = open_app(store, clock("2026-11-23 21:00"));
    app.update(Action::SwitchView).unwrap();
    assert_eq!(app.data.history.selected_date(), Some(day("2026-11-23")));
    app.update(Action::MarkCrampFree).unwrap();
    assert_eq!(crate::common::tui::night_status(&app, "2026-11-23"), None);
    let said = &app.view.status.as_ref().unwrap().text;
    assert!(said.contains("is not over yet"), "{said}");
}

#[test]
fn the_first_save_to_a_new_diary_creates_it_and_says_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo").join("diary.db");
    // Nothing at the path: the app reads an empty stand-in until the first save.
    let store = Store::open_in_memory().unwrap();
    let mut app = open_app(store, clock("2026-11-23 07:30"));
    app.create_on_first_save(path.clone());
    app.update(Action::SwitchView).unwrap();
    app.update(Action::SwitchView).unwrap();
    assert!(!dir.path().join("typo").exists(), "created before a save");
    app.update(Action::NoCramps).unwrap();
    let said = &app.view.status.as_ref().unwrap().text;
    assert!(
        said.ends_with(&format!("Started a new diary at {}.", path.display())),
        "{said}"
    );
    // The save is in the file.
    let saved = Store::open(&path).unwrap();
    assert!(saved.is_logged(day("2026-11-22")).unwrap());
    drop(saved);
    app.update(Action::Cancel).unwrap();
    app.update(Action::SwitchView).unwrap();
    app.update(Action::Down).unwrap();
    app.update(Action::Down).unwrap();
    app.update(Action::MarkCrampFree).unwrap();
    let said = &app.view.status.as_ref().unwrap().text;
    assert!(!said.contains("Started a new diary"), "{said}");
}

#[test]
fn an_identical_session_saved_minutes_ago_asks_before_saving_again() {
    let mut store = Store::open_in_memory().unwrap();
    cramp_free(&mut store, "2026-11-22");
    let session = MassageSession {
        minutes_per_calf: Some(8),
        pain: Some(Score::new("pain", 5).unwrap()),
        ..session("2026-11-23 07:25", Technique::FoamRoller)
    };
    store
        .add_session(&session, &stamp("2026-11-23T07:25:00"))
        .unwrap();
    let mut app = open_app(store, clock("2026-11-23 07:30"));
    let sessions = |app: &App| app.data.history.sessions.len();
    assert_eq!(sessions(&app), 1);
    app.update(Action::RepeatSession).unwrap();
    app.update(Action::Save).unwrap();
    match &app.view.screen {
        Screen::SessionForm(form) => {
            let error = form.form.error.as_deref().unwrap();
            assert!(error.contains("Enter saves it again"), "{error}");
        }
        other => panic!("expected the form to stay open, got {other:?}"),
    }
    assert_eq!(sessions(&app), 1, "nothing saved before the answer");
    app.update(Action::Save).unwrap();
    assert_eq!(app.view.screen, Screen::History);
    assert_eq!(sessions(&app), 2);
}

#[test]
fn red_flags_on_a_small_dashboard_are_not_cut() {
    let mut store = Store::open_in_memory().unwrap();
    let long = records::cramp(Leg::Left, 8, "15m");
    for night in ["2026-11-02", "2026-11-10", "2026-11-21", "2026-11-22"] {
        store
            .add_episode(day(night), &long, &stamp("2026-11-22T07:00:00"))
            .unwrap();
    }
    let mut app = open_app(store, clock("2026-11-23 07:30"));
    assert_eq!(app.view.screen, Screen::Dashboard);
    // What the screen shows from top to bottom, scrolled with j (the frame says ↓n more).
    let mut flat = String::new();
    for _ in 0..12 {
        flat += &screen_text(&app);
        app.update(Action::Down).unwrap();
    }
    let flat: String = flat
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(app.data.dashboard.red_flags.len(), 4);
    for flag in &app.data.dashboard.red_flags {
        let flag: String = flag.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&flag), "cut: {flag}\n{flat}");
    }
}
