//! The small frictions of everyday use, driven through the app's actions: nothing thrown away
//! by one key, and a date reached without scrolling.

use crate::common::dates::day;
use crate::common::records;
use crate::common::records::cramp_free;
use crate::common::stamp;
use crate::common::tui::open_app;
use crate::common::tui::{press, status};
use chrono::NaiveDate;
use cramp_diary::clock::Clock;
use cramp_diary::domain::Leg;
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use cramp_diary::tui::screens::cramp_form::CrampField;
use cramp_diary::tui::screens::history::Row;
use cramp_diary::tui::screens::night_details::DetailField;
use cramp_diary::tui::screens::tightness::TightnessField;

fn clock() -> Clock {
    crate::common::dates::clock("2026-11-23 07:30")
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Input).collect()
}

/// A new diary's cramp form (y at the check-in), moved on by `fields` fields from the first.
fn cramp_form_at(fields: usize) -> App {
    let mut app = open_app(Store::open_in_memory().unwrap(), clock());
    press(&mut app, &[Action::HaveCramps]);
    for _ in 0..fields {
        app.update(Action::NextField).unwrap();
    }
    app
}

/// A new diary where last night was saved with one cramp as the form starts, and the history
/// open.
fn a_night_with_a_cramp_in_the_history() -> App {
    let mut app = open_app(Store::open_in_memory().unwrap(), clock());
    press(
        &mut app,
        &[
            Action::HaveCramps,
            Action::Save,
            Action::Save,
            Action::OpenHistory,
        ],
    );
    app
}

/// Types `first` in the focused field and `second` in the next, then saves.
fn type_two_fields_and_save(app: &mut App, first: &str, second: &str) {
    press(app, &typed(first));
    press(app, &[Action::NextField]);
    press(app, &typed(second));
    press(app, &[Action::Save]);
}

#[test]
fn esc_on_a_changed_cramp_asks_before_throwing_it_away() {
    let mut app = open_app(Store::open_in_memory().unwrap(), clock());
    // Unchanged: Esc leaves at once.
    press(&mut app, &[Action::HaveCramps, Action::Cancel]);
    assert_eq!(app.view.screen, Screen::CheckIn);

    press(
        &mut app,
        &[Action::HaveCramps, Action::NextField, Action::NextField],
    );
    press(&mut app, &[Action::Input('8'), Action::Cancel]);
    assert_eq!(status(&app), "Discard this cramp? y/n");
    assert!(matches!(app.view.screen, Screen::CrampForm(_)));
    // n keeps the form as it was, the 8 included.
    app.update(Action::Input('n')).unwrap();
    let Screen::CrampForm(form) = &app.view.screen else {
        panic!("the form was closed")
    };
    assert_eq!(form.form.number(CrampField::Intensity), Some(8));
    // q asks too; y discards.
    press(&mut app, &[Action::Quit]);
    assert_eq!(status(&app), "Discard this cramp? y/n");
    assert!(app.is_running());
    press(&mut app, &[Action::Cancel]);
    assert!(app.is_running(), "Esc answers no");
    press(&mut app, &[Action::Cancel, Action::Input('y')]);
    assert_eq!(app.view.screen, Screen::CheckIn);
    assert!(app.data.history.nights.is_empty(), "nothing was saved");
}

#[test]
fn slash_goes_to_a_date_beyond_the_loaded_history() {
    let mut store = Store::open_in_memory().unwrap();
    cramp_free(&mut store, "2026-06-01");
    cramp_free(&mut store, "2026-11-20");
    let mut app = open_app(store, clock());
    press(&mut app, &[Action::OpenHistory, Action::JumpTo]);
    press(&mut app, &typed("3 days ago"));
    press(&mut app, &[Action::Save]);
    assert_eq!(app.view.screen, Screen::History);
    assert_eq!(app.data.history.selected_date(), Some(day("2026-11-20")));

    press(&mut app, &[Action::JumpTo]);
    press(&mut app, &typed("2026-06-02"));
    press(&mut app, &[Action::Save]);
    assert_eq!(
        app.data.history.selected_date(),
        Some(day("2026-06-02")),
        "months back, beyond the first 60 days loaded"
    );

    press(&mut app, &[Action::JumpTo]);
    press(&mut app, &typed("tomorrow"));
    press(&mut app, &[Action::Save]);
    assert!(
        status(&app).starts_with("date must be YYYY-MM-DD"),
        "{}",
        status(&app)
    );
    assert!(
        matches!(app.view.screen, Screen::Jump(_)),
        "the prompt stays to be fixed"
    );
    press(&mut app, &[Action::Cancel]);

    press(&mut app, &[Action::First]);
    assert_eq!(app.data.history.selected_date(), Some(day("2026-11-23")));
    press(&mut app, &[Action::PageDown]);
    assert_eq!(app.data.history.selected_date(), Some(day("2026-11-13")));
    press(&mut app, &[Action::PageUp]);
    assert_eq!(app.data.history.selected_date(), Some(day("2026-11-23")));
    press(&mut app, &[Action::Last]);
    assert_eq!(
        app.data.history.selected_row(),
        Some(Row::Night {
            date: day("2026-06-01"),
            night: app
                .data
                .history
                .nights
                .iter()
                .position(|n| n.night_of == day("2026-06-01")),
        }),
        "End goes to where the diary began"
    );
}

#[test]
fn missed_nights_are_named_and_offered_one_by_one_after_last_night() {
    let mut store = Store::open_in_memory().unwrap();
    // The diary began on the 15th; the 17th, 19th and 20th were never logged.
    for night in ["2026-11-15", "2026-11-16", "2026-11-18", "2026-11-21"] {
        cramp_free(&mut store, night);
    }
    let mut app = open_app(store, clock());
    let missed = [day("2026-11-17"), day("2026-11-19"), day("2026-11-20")];
    assert_eq!(
        app.missed_nights(),
        missed,
        "the 15th (the start) and before are not missed"
    );
    let screen = crate::common::tui::draw(&app, 80, 24);
    assert!(
        screen.contains("Also not logged: Tue 17 Nov, Thu 19 Nov, Fri 20 Nov"),
        "{screen}"
    );

    // Last night first, then the oldest missed night.
    press(&mut app, &[Action::NoCramps, Action::Save]);
    assert_eq!(app.view.screen, Screen::Missed(day("2026-11-17")));
    // n: cramp-free. s: left alone. y: a cramp, through the usual form.
    press(&mut app, &[Action::NoCramps]);
    assert_eq!(app.view.screen, Screen::Missed(day("2026-11-19")));
    press(&mut app, &[Action::Skip]);
    assert_eq!(app.view.screen, Screen::Missed(day("2026-11-20")));
    press(&mut app, &[Action::HaveCramps, Action::Save, Action::Save]);
    assert_eq!(app.view.screen, Screen::Dashboard, "nothing left to offer");
    let logged = |d: &str| {
        app.data
            .history
            .nights
            .iter()
            .find(|n| n.night_of == day(d))
            .map(|n| n.status_line())
    };
    assert_eq!(logged("2026-11-17").as_deref(), Some("no cramps"));
    assert_eq!(logged("2026-11-19"), None, "skipped: still not logged");
    assert!(logged("2026-11-20").unwrap().starts_with("1 cramp"));
}

#[test]
fn a_night_with_cramps_asks_before_it_is_deleted_and_u_undoes_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.db");
    {
        let mut store = Store::open(&path).unwrap();
        cramp_free(&mut store, "2026-11-20");
        let cramp = records::cramp(Leg::Left, 6, "1m");
        for _ in 0..2 {
            store
                .add_episode(day("2026-11-21"), &cramp, &stamp("2026-11-21T07:00:00"))
                .unwrap();
        }
    }
    let open = || open_app(Store::open(&path).unwrap(), clock());
    let logged = |app: &App, d: &str| app.data.history.nights.iter().any(|n| n.night_of == day(d));

    let mut app = open();
    press(&mut app, &[Action::OpenHistory]);
    app.data.history.select_date(day("2026-11-21"));
    press(&mut app, &[Action::Delete]);
    assert_eq!(
        status(&app),
        "Delete the night of Sat 21 Nov 2026 and its 2 cramps? d again deletes; any other key keeps it."
    );
    assert!(logged(&app, "2026-11-21"), "not deleted yet");
    press(
        &mut app,
        &[Action::Down, Action::Up, Action::Delete, Action::Delete],
    );
    assert!(!logged(&app, "2026-11-21"));
    drop(app);
    // A minute later: a cramp-free night goes with one key.
    let later = crate::common::dates::clock("2026-11-23 07:31");
    let mut app = open_app(Store::open(&path).unwrap(), later);
    press(&mut app, &[Action::OpenHistory]);
    app.data.history.select_date(day("2026-11-20"));
    press(&mut app, &[Action::Delete]);
    assert!(!logged(&app, "2026-11-20"));
    drop(app);

    // After a restart, u takes back the newest delete, then the one before it.
    let mut app = open();
    press(&mut app, &[Action::OpenHistory, Action::Undo]);
    assert!(logged(&app, "2026-11-20"), "{}", status(&app));
    assert!(!logged(&app, "2026-11-21"));
    drop(app);
    let mut app = open();
    press(&mut app, &[Action::OpenHistory, Action::Undo]);
    let night = crate::common::tui::history_night(&app, "2026-11-21")
        .expect("the night with its cramps is back");
    assert_eq!(night.episodes.len(), 2);
    press(&mut app, &[Action::Undo]);
    assert_eq!(status(&app), "Nothing to undo.");
}

#[test]
fn cramps_are_listed_by_time_and_an_edited_cramp_stays_selected() {
    let mut store = Store::open_in_memory().unwrap();
    let at = |t: &str| Some(chrono::NaiveTime::parse_from_str(t, "%H:%M").unwrap());
    for (time, intensity) in [(at("03:10"), 7), (at("23:40"), 4), (None, 5)] {
        let cramp = cramp_diary::domain::CrampEpisode {
            at: time,
            woke: false,
            ..records::cramp(Leg::Both, intensity, "1m")
        };
        store
            .add_episode(day("2026-11-21"), &cramp, &stamp("2026-11-21T07:00:00"))
            .unwrap();
    }
    let mut app = open_app(store, clock());
    press(&mut app, &[Action::OpenHistory]);
    let listed = |app: &App| -> Vec<String> {
        app.data
            .history
            .rows
            .iter()
            .filter_map(|r| match *r {
                Row::Episode { night, episode } => Some(
                    app.data.history.nights[night].episodes[episode]
                        .item
                        .summary(),
                ),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        listed(&app),
        [
            "23:40 both calves 4/10 1m",
            "03:10 both calves 7/10 1m",
            "both calves 5/10 1m"
        ],
        "the evening's cramp first, then the small hours, untimed last"
    );
    // Edit the 03:10 cramp to 22:15: it moves up, and the selection goes with it.
    app.data.history.select_date(day("2026-11-21"));
    press(&mut app, &[Action::Down, Action::Down, Action::Edit]);
    for _ in 0..4 {
        app.update(Action::NextField).unwrap();
    }
    press(&mut app, &typed("22:15"));
    press(&mut app, &[Action::Save]);
    assert_eq!(app.view.screen, Screen::History, "{}", status(&app));
    let Some(Row::Episode { night, episode }) = app.data.history.selected_row() else {
        panic!(
            "a cramp should be selected, got {:?}",
            app.data.history.selected_row()
        )
    };
    assert_eq!(
        app.data.history.nights[night].episodes[episode]
            .item
            .summary(),
        "22:15 both calves 7/10 1m"
    );
    assert_eq!(listed(&app)[0], "22:15 both calves 7/10 1m");
}

#[test]
fn the_history_marks_where_the_diary_began_instead_of_weeks_of_not_logged() {
    let mut store = Store::open_in_memory().unwrap();
    cramp_free(&mut store, "2026-11-15");
    let mut app = open_app(store, clock());
    press(&mut app, &[Action::OpenHistory]);
    let dates: Vec<NaiveDate> = app
        .data
        .history
        .rows
        .iter()
        .filter_map(|r| match *r {
            Row::Night { date, .. } => Some(date),
            _ => None,
        })
        .collect();
    assert_eq!(dates.first(), Some(&day("2026-11-23")));
    assert_eq!(
        dates.last(),
        Some(&day("2026-11-14")),
        "one day before the first night marks the start; nothing older is listed"
    );
    let screen = crate::common::tui::draw(&app, 80, 24);
    assert!(
        screen.contains("Sat 14 Nov 2026  before the diary began"),
        "{screen}"
    );
}

#[test]
fn every_error_of_the_cramp_form_shows_at_once_and_goes_when_fixed() {
    // Duration "90" (no unit) and time "25:00".
    let mut app = cramp_form_at(3);
    type_two_fields_and_save(&mut app, "90", "25:00");
    let error = |app: &App| match &app.view.screen {
        Screen::CrampForm(f) => f.form.error.clone(),
        other => panic!("the form closed: {other:?}"),
    };
    assert_eq!(
        error(&app).as_deref(),
        Some(
            "duration needs a unit: 90s or 90m? (1s-60m)\ntime must be a time as HH:MM (00:00-23:59), got '25:00'"
        )
    );
    // The focus went to the first field at fault: one key fixes it, and its error goes.
    press(&mut app, &[Action::Input('s')]);
    assert_eq!(
        error(&app).as_deref(),
        Some("time must be a time as HH:MM (00:00-23:59), got '25:00'")
    );
    press(
        &mut app,
        &[Action::NextField, Action::Backspace, Action::Backspace],
    );
    press(
        &mut app,
        &[Action::Backspace, Action::Backspace, Action::Backspace],
    );
    assert_eq!(error(&app), None, "an empty time is allowed");
    press(&mut app, &[Action::Save]);
    assert!(matches!(app.view.screen, Screen::Tightness(_)), "saved");
}

#[test]
fn a_paste_that_fixes_a_field_takes_its_error_away_as_a_key_would() {
    let mut app = cramp_form_at(4);
    press(&mut app, &typed("25:00"));
    press(&mut app, &[Action::Save]);
    let error = |app: &App| match &app.view.screen {
        Screen::CrampForm(f) => f.form.error.clone(),
        other => panic!("the form closed: {other:?}"),
    };
    assert!(error(&app).is_some_and(|e| e.contains("25:00")));
    for _ in 0..5 {
        app.update(Action::Backspace).unwrap();
    }
    // Emptying the field fixed it already; type it wrong again and paste the right time.
    press(&mut app, &typed("9"));
    press(&mut app, &[Action::Save]);
    assert!(
        error(&app).is_some_and(|e| e.contains("'9'")),
        "{:?}",
        error(&app)
    );
    app.paste(":10");
    assert_eq!(error(&app), None, "9:10 is a time");
    press(&mut app, &[Action::Save]);
    assert!(matches!(app.view.screen, Screen::Tightness(_)), "saved");
}

#[test]
fn every_error_of_the_session_form_shows_at_once_and_goes_when_fixed() {
    let mut app = open_app(Store::open_in_memory().unwrap(), clock());
    press(&mut app, &[Action::NewSession]);
    // Foam roller: technique, legs, when, minutes, pain, tender spots, seconds per spot.
    press(&mut app, &[Action::NextField, Action::NextField]);
    press(&mut app, &typed("2026-11-23 25:00"));
    press(
        &mut app,
        &[Action::NextField, Action::NextField, Action::NextField],
    );
    type_two_fields_and_save(&mut app, "0", "30");
    let error = |app: &App| match &app.view.screen {
        Screen::SessionForm(f) => f.form.error.clone(),
        other => panic!("the form closed: {other:?}"),
    };
    let spots = "seconds per spot needs at least one tender spot (spots must be 1-50)";
    let both = error(&app).unwrap();
    let lines: Vec<&str> = both.lines().collect();
    assert_eq!(lines.len(), 2, "{both}");
    assert!(lines[0].starts_with("when "), "{both}");
    assert_eq!(lines[1], spots);
    // The focus went to "when": fixing it leaves only the spots' error.
    press(&mut app, &[Action::Backspace; 5]);
    press(&mut app, &typed("06:00"));
    assert_eq!(error(&app).as_deref(), Some(spots));
    press(
        &mut app,
        &[Action::NextField, Action::NextField, Action::NextField],
    );
    press(&mut app, &typed("2"));
    assert_eq!(error(&app), None);
    press(&mut app, &[Action::Save]);
    // Opened from the check-in, with last night still not logged: back to the check-in.
    assert_eq!(app.view.screen, Screen::CheckIn, "saved");
}

#[test]
fn every_error_of_the_night_form_shows_at_once_and_goes_when_fixed() {
    // A night with a cramp: deleting it asks first.
    let mut app = a_night_with_a_cramp_in_the_history();
    app.data.history.select_date(day("2026-11-22"));
    press(&mut app, &[Action::Edit]);
    assert!(
        matches!(app.view.screen, Screen::NightForm(_)),
        "{:?}",
        app.view.screen
    );
    // A note and a reason each holding a bell character: both refused. The fields: four
    // 0-10 scores, numbness, swelling, then the note and the reason.
    press(&mut app, &[Action::NextField; 6]);
    type_two_fields_and_save(&mut app, "x\u{7}", "x\u{7}");
    let error = |app: &App| match &app.view.screen {
        Screen::NightForm(f) => f.form.error.clone(),
        other => panic!("the form closed: {other:?}"),
    };
    let both = error(&app).unwrap();
    let lines: Vec<&str> = both.lines().collect();
    assert_eq!(lines.len(), 2, "{both}");
    assert!(lines[0].starts_with("note "), "{both}");
    assert!(lines[1].starts_with("exclude reason "), "{both}");
    // The focus went back to the note: removing the bell leaves only the reason's error.
    press(&mut app, &[Action::Backspace]);
    assert_eq!(error(&app).as_deref(), Some(lines[1]));
    press(&mut app, &[Action::NextField, Action::Backspace]);
    assert_eq!(error(&app), None);
    press(&mut app, &[Action::Save]);
    assert!(!matches!(app.view.screen, Screen::NightForm(_)), "saved");
}

/// A key as the terminal sends it, resolved the way the running app resolves it.
fn key(app: &mut App, c: char) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    match app.action_for_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)) {
        Some(action) => app.update(action).unwrap(),
        None => app.unbound_key(),
    }
}

#[test]
fn typing_l_on_a_leg_or_numbness_field_picks_left_not_the_next_choice() {
    let mut app = cramp_form_at(0);
    let leg = |app: &App| match &app.view.screen {
        Screen::CrampForm(f) => f.form.text(CrampField::Leg),
        other => panic!("not the cramp form: {other:?}"),
    };
    key(&mut app, 'r');
    assert_eq!(leg(&app), "right");
    key(&mut app, 'l');
    assert_eq!(leg(&app), "left", "l is left on a leg field");
    key(&mut app, 'l');
    assert_eq!(leg(&app), "left");

    // The morning's numbness after a cramp-free night: `l` means left there too.
    let mut app = open_app(Store::open_in_memory().unwrap(), clock());
    press(&mut app, &[Action::NoCramps]);
    let Screen::Tightness(f) = &mut app.view.screen else {
        panic!("no tightness step: {:?}", app.view.screen)
    };
    f.form.focus_on(TightnessField(DetailField::Numbness));
    key(&mut app, 'l');
    let Screen::Tightness(f) = &app.view.screen else {
        panic!()
    };
    assert_eq!(f.form.text(TightnessField(DetailField::Numbness)), "left");
    // On a number field, l still means one more.
    let Screen::Tightness(f) = &mut app.view.screen else {
        panic!()
    };
    f.form.focus_on(TightnessField(DetailField::TightLeft));
    key(&mut app, 'l');
    let Screen::Tightness(f) = &app.view.screen else {
        panic!()
    };
    assert_eq!(
        f.form.number(TightnessField(DetailField::TightLeft)),
        Some(0)
    );
}

#[test]
fn a_key_bound_to_nothing_keeps_a_night_waiting_for_d_again() {
    // A night with a cramp: deleting it asks first.
    let mut app = a_night_with_a_cramp_in_the_history();
    let logged = |app: &App| {
        app.data
            .history
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Night { night: Some(_), .. }))
            .count()
    };
    let before = logged(&app);
    // Onto the logged night, then d: the question.
    app.data.history.selected = app
        .data
        .history
        .rows
        .iter()
        .position(|r| matches!(r, Row::Night { night: Some(_), .. }))
        .unwrap();
    key(&mut app, 'd');
    assert!(
        status(&app).contains("any other key keeps it"),
        "{}",
        status(&app)
    );
    key(&mut app, 'y');
    key(&mut app, 'd');
    assert_eq!(logged(&app), before, "y kept the night; d asked again");
    assert!(status(&app).contains("d again deletes"), "{}", status(&app));
}
