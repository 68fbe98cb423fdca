//! The on/off experiment in the screen: the week's arm on the check-in and dashboard, the
//! experiment screen, starting one, and the question before a deep-tissue session in a rest week.

use crate::common::stamp;
use chrono::{NaiveDate, NaiveDateTime};
use cramp_diary::clock::Clock;
use cramp_diary::domain::experiment::{Arm, Experiment};
use cramp_diary::domain::session::{MassageSession, Technique};
use cramp_diary::domain::{Leg, Score};
use cramp_diary::store::{NightChange, NightEntry, Store};
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use cramp_diary::tui::theme::Theme;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const STAMP: &str = "2026-11-01T07:00:00";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn session(when: &str, technique: Technique) -> MassageSession {
    MassageSession {
        at: at(when),
        technique,
        legs: Leg::Both,
        minutes_per_calf: Some(8),
        pain: Score::new("pain", 5).ok(),
        speed: None,
        head: None,
        spots: None,
        seconds_per_spot: None,
        tight_before: None,
        tight_after: None,
        side_effects: Vec::new(),
        note: None,
    }
}

/// An experiment from Mon 2 Nov: weeks routine, rest, rest, routine...; on Mon 23 Nov it is
/// in week 4 (a routine week) unless `rest_now`, which starts it a week later (week 3, rest).
fn store_with_experiment(rest_now: bool, log_last_night: bool) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let start = if rest_now { "2026-11-09" } else { "2026-11-02" };
    let exp = Experiment {
        start: day(start),
        pairs: 6,
        washout_nights: 0,
        schedule: [Arm::Routine, Arm::Rest, Arm::Rest, Arm::Routine]
            .into_iter()
            .chain((0..4).flat_map(|_| [Arm::Rest, Arm::Routine]))
            .collect(),
        stopped_on: None,
    };
    store.start_experiment(&exp, &stamp(STAMP)).unwrap();
    let last = if log_last_night { 22 } else { 21 };
    for d in 2..=last {
        let night = day(&format!("2026-11-{d:02}"));
        let entry = NightEntry {
            change: Some(NightChange::CrampFree),
            ..NightEntry::default()
        };
        store.log_night(night, &entry, &stamp(STAMP)).unwrap();
    }
    for d in ["02", "03", "05", "06", "07", "12", "17", "19", "20"] {
        store
            .add_session(
                &session(&format!("2026-11-{d} 19:00"), Technique::FoamRoller),
                &stamp(STAMP),
            )
            .unwrap();
    }
    store
}

fn app(store: Store) -> App {
    App::new(store, Clock::fixed(at("2026-11-23 07:30")), Theme::plain()).unwrap()
}

fn draw(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_check_in_says_this_weeks_arm() {
    let app = app(store_with_experiment(false, false));
    assert_eq!(app.screen, Screen::CheckIn);
    let screen = draw(&app, 100, 30);
    assert!(
        screen.contains("Experiment week 4 of 12: routine week — about 5 sessions"),
        "{screen}"
    );
    let rest = self::app(store_with_experiment(true, false));
    let screen = draw(&rest, 100, 30);
    assert!(
        screen.contains("Experiment week 3 of 12: rest week — no deep-tissue work"),
        "{screen}"
    );
}

#[test]
fn the_dashboard_says_it_too() {
    let app = app(store_with_experiment(false, true));
    assert_eq!(app.screen, Screen::Dashboard);
    let screen = draw(&app, 100, 30);
    assert!(
        screen.contains("Experiment week 4 of 12: routine week"),
        "{screen}"
    );
    // No routine can start while the experiment runs: the body points at the experiment.
    assert!(
        screen.contains("No routine comparison while the experiment runs: press o"),
        "{screen}"
    );
    assert!(!screen.contains("No routine yet"), "{screen}");
    let phone = draw(&app, 40, 12);
    assert!(phone.contains("Experiment on: o shows it."), "{phone}");
    assert!(!phone.contains("No routine yet"), "{phone}");
}

#[test]
fn check_in_and_dashboard_at_80x24_show_days_left_and_adherence_so_far() {
    // Week 4 (routine) began Mon 23 Nov: routine weeks so far are week 1 (5 deep-tissue days:
    // 2, 3, 5, 6, 7 Nov) and week 4 (none yet) = 5 of 10; rest weeks 2 and 3 hold sessions on
    // 12, 17, 19 and 20 Nov = 4 deviations.
    let check_in = draw(&app(store_with_experiment(false, false)), 80, 24);
    let flat = check_in.replace(['│', '\n', '"'], " ");
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("6 days left in this week"), "{check_in}");
    assert!(
        flat.contains("adherence so far: 5 of 10 routine days · 4 deviations"),
        "{check_in}"
    );
    let dashboard = draw(&app(store_with_experiment(false, true)), 80, 24);
    let flat = dashboard.replace(['│', '\n', '"'], " ");
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("6 days left in this week"), "{dashboard}");
    assert!(
        flat.contains("adherence so far: 5 of 10 routine days · 4 deviations"),
        "{dashboard}"
    );
}

#[test]
fn experiment_screen_at_80_columns_shows_the_result_and_unwrapped_weeks() {
    let mut app = app(store_with_experiment(false, true));
    app.update(Action::OpenExperiment).unwrap();
    // 80x24: the result is on screen, not pushed below it by a wrapped schedule.
    let small = draw(&app, 80, 24);
    assert!(small.contains("Result: too early"), "{small}");
    // 80x40: every week is one row, this week's row included.
    let tall = draw(&app, 80, 40);
    assert!(
        tall.lines().any(|l| l.contains("4 Mon 23 Nov routine")
            && l.contains("0 of 5")
            && l.contains("(now)")),
        "{tall}"
    );
    for week in 1..=12 {
        assert!(
            tall.lines()
                .any(|l| l.starts_with(&format!("\"│{week:>4} "))
                    && (l.contains(" routine ") || l.contains(" rest "))),
            "week {week}: {tall}"
        );
    }
}

#[test]
fn experiment_screen_in_week_four() {
    let mut app = app(store_with_experiment(false, true));
    app.update(Action::OpenExperiment).unwrap();
    assert_snapshot!(draw(&app, 110, 34));
}

#[test]
fn experiment_screen_before_any_experiment_shows_the_plan_and_starts_one() {
    let mut app = app(Store::open_in_memory().unwrap());
    app.update(Action::OpenExperiment).unwrap();
    let screen = draw(&app, 100, 30);
    assert!(
        screen.contains("Smallest possible p-value: 0.031"),
        "{screen}"
    );
    app.update(Action::StartExperiment).unwrap();
    assert!(draw(&app, 100, 30).contains("Press n again"));
    assert!(app.experiment.is_none(), "one key does not start it");
    app.update(Action::StartExperiment).unwrap();
    let started = app.experiment.as_ref().unwrap();
    assert_eq!(started.stored.item.experiment.start, day("2026-11-23"));
    assert_eq!(started.stored.item.experiment.weeks(), 12);
}

#[test]
fn a_deep_tissue_session_in_a_rest_week_asks_first() {
    let mut app = app(store_with_experiment(true, true));
    app.update(Action::NewSession).unwrap();
    app.update(Action::Save).unwrap();
    assert!(
        matches!(app.screen, Screen::SessionForm(_)),
        "not saved yet"
    );
    let screen = draw(&app, 100, 30);
    assert!(screen.contains("rest week"), "{screen}");
    let before = app.experiment.as_ref().unwrap().now.deviations;
    app.update(Action::Save).unwrap();
    assert_eq!(app.screen, Screen::History);
    let after = app.experiment.as_ref().unwrap().now.deviations;
    assert_eq!(after, before + 1, "saved, as a deviation");
}

#[test]
fn editing_a_session_into_a_rest_week_asks_first_but_editing_one_already_there_does_not() {
    use cramp_diary::tui::screens::history::Row;
    use cramp_diary::tui::screens::session_form::SessionField;
    // Weeks from Mon 2 Nov: routine, rest (9-15), rest (16-22), routine (23-29).
    let mut app = app(store_with_experiment(false, true));
    app.update(Action::OpenHistory).unwrap();
    let when = |app: &App| match &app.screen {
        Screen::SessionForm(f) => f.editing.as_ref().unwrap().opened.before.at.date(),
        other => panic!("{other:?}"),
    };
    let edit = |app: &mut App, on: &str| {
        crate::common::tui::select(app, |r| matches!(r, Row::Session { .. }));
        while !matches!(app.history.selected_row(), Some(Row::Session { session, .. })
            if app.history.sessions[session].item.at.date() == day(on))
        {
            app.update(Action::Down).unwrap();
        }
        app.update(Action::Edit).unwrap();
    };
    // The 20 Nov session is already rest-week work: a note saves at once.
    edit(&mut app, "2026-11-20");
    assert_eq!(when(&app), day("2026-11-20"));
    app.update(Action::Save).unwrap();
    assert_eq!(app.screen, Screen::History, "{:?}", app.status);
    // The 7 Nov session (a routine week) moved to 18 Nov (a rest week): asked first.
    edit(&mut app, "2026-11-07");
    assert_eq!(when(&app), day("2026-11-07"));
    if let Screen::SessionForm(f) = &mut app.screen {
        f.form.focus_on(SessionField::When);
        for _ in 0..16 {
            f.form.backspace();
        }
        for c in "2026-11-18 19:00".chars() {
            f.form.input(c);
        }
    }
    app.update(Action::Save).unwrap();
    assert!(
        matches!(app.screen, Screen::SessionForm(_)),
        "not saved yet"
    );
    assert!(draw(&app, 100, 30).contains("rest week"));
    app.update(Action::Save).unwrap();
    assert_eq!(app.screen, Screen::History, "saved on the second Enter");
}

#[test]
fn a_session_in_a_routine_week_saves_at_once() {
    let mut app = app(store_with_experiment(false, true));
    app.update(Action::NewSession).unwrap();
    app.update(Action::Save).unwrap();
    assert_eq!(app.screen, Screen::History);
}

#[test]
fn x_twice_stops_the_running_experiment() {
    let mut app = app(store_with_experiment(false, true));
    app.update(Action::OpenExperiment).unwrap();
    app.update(Action::StopExperiment).unwrap();
    assert!(draw(&app, 110, 34).contains("Press x again"));
    assert_eq!(
        app.experiment
            .as_ref()
            .unwrap()
            .stored
            .item
            .experiment
            .stopped_on,
        None
    );
    app.update(Action::StopExperiment).unwrap();
    let stopped = &app.experiment.as_ref().unwrap().stored.item.experiment;
    assert_eq!(stopped.stopped_on, Some(day("2026-11-23")));
}
