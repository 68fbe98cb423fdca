//! The on/off experiment in the screen: the week's arm on the check-in and dashboard, the
//! experiment screen, starting one, and the question before a deep-tissue session in a rest week.

use crate::common::assert_holds;
use crate::common::dates::{at, day};
use crate::common::records;
use crate::common::stamp;
use crate::common::tui::draw;
use crate::common::tui::open_app;
use cramp_diary::clock::Clock;
use cramp_diary::domain::experiment::{Arm, Experiment};
use cramp_diary::domain::intervention::Intervention;
use cramp_diary::domain::session::{MassageSession, Technique};
use cramp_diary::domain::{Leg, Score};
use cramp_diary::store::{NightEntry, Store};
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use insta::assert_snapshot;

const STAMP: &str = "2026-11-01T07:00:00";

fn session(when: &str, technique: Technique) -> MassageSession {
    MassageSession {
        minutes_per_calf: Some(8),
        pain: Score::new("pain", 5).ok(),
        ..crate::common::records::session(when, technique)
    }
}

/// An experiment from Mon 2 Nov: weeks routine, rest, rest, routine...; on Mon 23 Nov it is
/// in week 4 (a routine week) unless `rest_now`, which starts it a week later (week 3, rest).
fn store_with_experiment(rest_now: bool, log_last_night: bool) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let start = if rest_now { "2026-11-09" } else { "2026-11-02" };
    let exp = Experiment {
        intervention: Intervention::Routine,
        start: day(start),
        pairs: 6,
        washout_nights: 0,
        schedule: [Arm::On, Arm::Off, Arm::Off, Arm::On]
            .into_iter()
            .chain((0..4).flat_map(|_| [Arm::Off, Arm::On]))
            .collect(),
        stopped_on: None,
    };
    store.start_experiment(&exp, &stamp(STAMP)).unwrap();
    let last = if log_last_night { 22 } else { 21 };
    for d in 2..=last {
        let night = day(&format!("2026-11-{d:02}"));
        let entry = NightEntry::cramp_free();
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
    open_app(store, Clock::fixed(at("2026-11-23 07:30")))
}

/// The app opened on `store`, on its experiment screen.
fn at_the_experiment_screen(store: Store) -> App {
    let mut app = app(store);
    app.update(Action::OpenExperiment).unwrap();
    app
}

/// The experiment screen of the running experiment (an on week, last night logged).
fn at_the_running_experiment() -> App {
    at_the_experiment_screen(store_with_experiment(false, true))
}

/// A new session, as its form starts, saved with Enter, in a rest week or an
/// on week of the experiment (last night logged).
fn a_new_session_saved(rest_now: bool) -> App {
    let mut app = app(store_with_experiment(rest_now, true));
    app.update(Action::NewSession).unwrap();
    app.update(Action::Save).unwrap();
    app
}

fn flat(screen: &str) -> String {
    let flat = screen.replace(['│', '\n', '"'], " ");
    flat.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_check_in_says_this_weeks_arm() {
    let app = app(store_with_experiment(false, false));
    assert_eq!(app.view.screen, Screen::CheckIn);
    let screen = flat(&draw(&app, 100, 30));
    assert!(
        screen.contains("Experiment (the deep-tissue routine), week 4 of 12: on week — deep-tissue work (foam roller, gun, ball, thumbs or stick) on about 5 days · 6 days left in this week"),
        "{screen}"
    );
    let rest = self::app(store_with_experiment(true, false));
    let screen = flat(&draw(&rest, 100, 30));
    assert!(
        screen.contains("week 3 of 12: off week — no deep-tissue work (stretching is fine)"),
        "{screen}"
    );
}

#[test]
fn the_dashboard_says_it_in_one_line_at_every_size() {
    let app = app(store_with_experiment(false, true));
    assert_eq!(app.view.screen, Screen::Dashboard);
    for (width, height, line) in [
        (
            100,
            30,
            "Experiment (the deep-tissue routine), week 4 of 12: on week · 6 days left in this week",
        ),
        (
            80,
            24,
            "Experiment (the deep-tissue routine) wk 4/12: on week · 6d left",
        ),
        (40, 12, "Experiment wk 4/12: on week · 6d left"),
        (
            200,
            60,
            "Experiment (the deep-tissue routine), week 4 of 12: on week — deep-tissue work",
        ),
    ] {
        let screen = draw(&app, width, height);
        let second = screen.lines().nth(1).unwrap();
        assert!(second.contains(line), "{width}x{height}: {screen}");
    }
    let screen = draw(&app, 100, 30);
    // No routine can start while the experiment runs: the body points at the experiment.
    assert!(
        screen.contains("No routine comparison while the experiment runs: press o"),
        "{screen}"
    );
    assert!(!screen.contains("No routine yet"), "{screen}");
    // At 80 columns the sentence is shortened, never cut.
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("No routine comparison now: press o for the experiment."),
        "{screen}"
    );
    assert!(!screen.contains("for its weeks and res"), "{screen}");
    let phone = draw(&app, 40, 12);
    assert!(phone.contains("Experiment on: o shows it."), "{phone}");
    assert!(!phone.contains("No routine yet"), "{phone}");
}

#[test]
fn one_adherence_line_says_what_it_counts() {
    // Week 4 (on) began Mon 23 Nov: on weeks so far are week 1 (5 deep-tissue days: 2, 3, 5,
    // 6, 7 Nov) and week 4 (none yet) = 5 of 10; off weeks 2 and 3 hold sessions on 12, 17,
    // 19 and 20 Nov = 4.
    let app = at_the_running_experiment();
    let screen = flat(&draw(&app, 120, 40));
    let line = "Adherence so far: 5 of 10 deep-tissue days asked for in on weeks (this week 0 of 5) · 4 sessions in off weeks.";
    assert!(screen.contains(line), "{screen}");
    assert_eq!(screen.matches("dherence").count(), 1, "{screen}");
}

#[test]
fn experiment_screen_at_80_columns_shows_where_it_stands_and_unwrapped_weeks() {
    let mut app = at_the_running_experiment();
    // 80x24: where it stands and when the result comes are the first lines.
    let small = draw(&app, 80, 24);
    assert!(
        flat(&small).contains("Result: after the last week, on Sun 24 Jan 2027"),
        "{small}"
    );
    app.update(Action::Down).unwrap();
    for _ in 0..20 {
        app.update(Action::Down).unwrap();
    }
    // Scrolled: every week is one row, this week's row included.
    let tall = draw(&app, 80, 60);
    assert!(
        tall.lines()
            .any(|l| l.contains("4 Mon 23 Nov on") && l.contains("0 of 5") && l.contains("(now)")),
        "{tall}"
    );
    for week in 1..=12 {
        assert!(
            tall.lines()
                .any(|l| l.starts_with(&format!("\"│{week:>4} "))
                    && (l.contains(" on ") || l.contains(" off "))),
            "week {week}: {tall}"
        );
    }
}

#[test]
fn experiment_screen_before_any_experiment_shows_the_plan_and_starts_one() {
    let mut app = at_the_experiment_screen(Store::open_in_memory().unwrap());
    let screen = flat(&draw(&app, 100, 30));
    assert_holds(
        &screen,
        &[
            "Smallest possible p-value: 0.008 (2 of the 2^8 pair orders)",
            "Recommended: 8 pairs (the default",
        ],
    );
    // `i` changes what is tested; the plan says so.
    app.update(Action::CycleIntervention).unwrap();
    let screen = flat(&draw(&app, 100, 30));
    assert!(
        screen.contains("8 pairs = 16 weeks of foam roller"),
        "{screen}"
    );
    app.update(Action::StartExperiment).unwrap();
    assert!(draw(&app, 100, 30).contains("Press n again"));
    assert!(app.data.experiment.is_none(), "one key does not start it");
    app.update(Action::StartExperiment).unwrap();
    let started = app.data.experiment.as_ref().unwrap();
    assert_eq!(started.stored.item.experiment.start, day("2026-11-23"));
    assert_eq!(started.stored.item.experiment.weeks(), 16);
    assert_eq!(
        started.stored.item.experiment.intervention,
        Intervention::Technique(Technique::FoamRoller)
    );
}

#[test]
fn a_deep_tissue_session_in_a_rest_week_asks_first() {
    let mut app = a_new_session_saved(true);
    assert!(
        matches!(app.view.screen, Screen::SessionForm(_)),
        "not saved yet"
    );
    let screen = draw(&app, 100, 30);
    assert!(screen.contains("off week"), "{screen}");
    let before = app.data.experiment.as_ref().unwrap().now.deviations;
    app.update(Action::Save).unwrap();
    assert_eq!(app.view.screen, Screen::History);
    let after = app.data.experiment.as_ref().unwrap().now.deviations;
    assert_eq!(after, before + 1, "saved, as a deviation");
}

#[test]
fn editing_a_session_into_a_rest_week_asks_first_but_editing_one_already_there_does_not() {
    use cramp_diary::tui::screens::history::Row;
    use cramp_diary::tui::screens::session_form::SessionField;
    // Weeks from Mon 2 Nov: routine, rest (9-15), rest (16-22), routine (23-29).
    let mut app = app(store_with_experiment(false, true));
    app.update(Action::OpenHistory).unwrap();
    let when = |app: &App| match &app.view.screen {
        Screen::SessionForm(f) => f.editing.as_ref().unwrap().opened.before.at.date(),
        other => panic!("{other:?}"),
    };
    let edit = |app: &mut App, on: &str| {
        crate::common::tui::select(app, |r| matches!(r, Row::Session { .. }));
        while !matches!(app.data.history.selected_row(), Some(Row::Session { session, .. })
            if app.data.history.sessions[session].item.at.date() == day(on))
        {
            app.update(Action::Down).unwrap();
        }
        app.update(Action::Edit).unwrap();
    };
    // The 20 Nov session is already rest-week work: a note saves at once.
    edit(&mut app, "2026-11-20");
    assert_eq!(when(&app), day("2026-11-20"));
    app.update(Action::Save).unwrap();
    assert_eq!(app.view.screen, Screen::History, "{:?}", app.view.status);
    // The 7 Nov session (a routine week) moved to 18 Nov (a rest week): asked first.
    edit(&mut app, "2026-11-07");
    assert_eq!(when(&app), day("2026-11-07"));
    if let Screen::SessionForm(f) = &mut app.view.screen {
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
        matches!(app.view.screen, Screen::SessionForm(_)),
        "not saved yet"
    );
    assert!(draw(&app, 100, 30).contains("off week"));
    app.update(Action::Save).unwrap();
    assert_eq!(
        app.view.screen,
        Screen::History,
        "saved on the second Enter"
    );
}

#[test]
fn a_session_in_a_routine_week_saves_at_once() {
    let app = a_new_session_saved(false);
    assert_eq!(app.view.screen, Screen::History);
}

#[test]
fn x_twice_stops_the_running_experiment() {
    let mut app = at_the_running_experiment();
    app.update(Action::StopExperiment).unwrap();
    assert!(draw(&app, 110, 34).contains("Press x again"));
    assert_eq!(
        app.data
            .experiment
            .as_ref()
            .unwrap()
            .stored
            .item
            .experiment
            .stopped_on,
        None
    );
    app.update(Action::StopExperiment).unwrap();
    let stopped = &app.data.experiment.as_ref().unwrap().stored.item.experiment;
    assert_eq!(stopped.stopped_on, Some(day("2026-11-23")));
}

/// An 8-pair experiment of the foam roller from Mon 6 Jul 2026, over by Mon 23 Nov: on weeks
/// with 1-2 cramps, off weeks with 3-5, every night logged; roller sessions on 5 days of each
/// on week.
fn store_with_finished_experiment() -> Store {
    finished_experiment_drawn_at("2026-07-01T08:00:00")
}

/// The same, its schedule drawn at `drawn` (after its start: not pre-registered).
fn finished_experiment_drawn_at(drawn: &str) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let schedule: Vec<Arm> = [
        [Arm::On, Arm::Off],
        [Arm::Off, Arm::On],
        [Arm::Off, Arm::On],
        [Arm::On, Arm::Off],
        [Arm::On, Arm::Off],
        [Arm::Off, Arm::On],
        [Arm::On, Arm::Off],
        [Arm::Off, Arm::On],
    ]
    .concat();
    let exp = Experiment {
        intervention: Intervention::Technique(Technique::FoamRoller),
        start: day("2026-07-06"),
        pairs: 8,
        washout_nights: 0,
        schedule: schedule.clone(),
        stopped_on: None,
    };
    store.start_experiment(&exp, &stamp(drawn)).unwrap();
    let on_cramps = [1, 2, 1, 1, 2, 1, 2, 1];
    let off_cramps = [4, 3, 5, 3, 4, 5, 3, 4];
    let (mut on_i, mut off_i) = (0, 0);
    for (w, arm) in schedule.iter().enumerate() {
        let cramps = match arm {
            Arm::On => {
                on_i += 1;
                on_cramps[on_i - 1]
            }
            Arm::Off => {
                off_i += 1;
                off_cramps[off_i - 1]
            }
        };
        for d in 0..7 {
            let night = day("2026-07-06") + chrono::Duration::days(7 * w as i64 + d);
            let logged = stamp(&format!("{}T07:00:00", night + chrono::Duration::days(1)));
            if d < cramps {
                let episode = records::cramp(Leg::Left, 5, "1m");
                store.add_episode(night, &episode, &logged).unwrap();
            } else {
                let entry = NightEntry::cramp_free();
                store.log_night(night, &entry, &logged).unwrap();
            }
            if *arm == Arm::On && d < 5 {
                let when = format!("{night} 20:00");
                store
                    .add_session(&session(&when, Technique::FoamRoller), &logged)
                    .unwrap();
            }
        }
    }
    // The nights since, up to last night, so the app opens on the dashboard.
    let mut night = day("2026-10-26");
    while night <= day("2026-11-22") {
        let entry = NightEntry::cramp_free();
        store.log_night(night, &entry, &stamp(STAMP)).unwrap();
        night = night.succ_opt().unwrap();
    }
    store
}

#[test]
fn a_finished_experiment_says_its_result_in_plain_words_above_the_fold() {
    let mut app = app(store_with_finished_experiment());
    // The dashboard: the result in one line, at every size.
    for (width, height, line) in [
        (
            120,
            40,
            "Experiment (foam roller): fewer cramps in on weeks than in off weeks (p = 0.008)",
        ),
        (
            80,
            24,
            "Experiment (foam roller): fewer cramps in on weeks than in off weeks (p = 0.008)",
        ),
        (40, 12, "Experiment: fewer cramps (p = 0.008)"),
    ] {
        let screen = draw(&app, width, height);
        let second = screen.lines().nth(1).unwrap();
        assert!(second.contains(line), "{width}x{height}: {screen}");
    }
    app.update(Action::OpenExperiment).unwrap();
    for (width, height) in [(80, 24), (40, 12)] {
        let screen = flat(&draw(&app, width, height));
        assert!(
            screen.contains("Result: fewer cramps in on weeks than in off weeks, about 65% fewer."),
            "{width}x{height}: {screen}"
        );
        assert!(
            !screen.contains("cramp experiment`"),
            "no self-reference: {screen}"
        );
    }
    let screen = flat(&draw(&app, 120, 40));
    // The interval beside the test is the test's own: below 1, as "fewer" says.
    assert_holds(&screen, &["95% interval 0.", "Next: plan another"]);
    // A finished experiment offers a new one, not a stop.
    assert!(screen.contains("n start · i what"), "{screen}");
    assert!(!screen.contains("x stop"), "{screen}");
    finished_stop_does_nothing(&mut app);
}

fn finished_stop_does_nothing(app: &mut App) {
    app.update(Action::StopExperiment).unwrap();
    app.update(Action::StopExperiment).unwrap();
    assert_eq!(
        app.data
            .experiment
            .as_ref()
            .unwrap()
            .experiment()
            .stopped_on,
        None
    );
}

#[test]
fn experiment_screen_snapshots() {
    let running = at_the_running_experiment();
    let finished = at_the_experiment_screen(store_with_finished_experiment());
    for (width, height) in [(40, 12), (80, 24), (120, 40)] {
        assert_snapshot!(
            format!("running_{width}x{height}"),
            draw(&running, width, height)
        );
        assert_snapshot!(
            format!("finished_{width}x{height}"),
            draw(&finished, width, height)
        );
    }
}

/// The app on a diary with a daily-habit experiment (magnesium) of 8 pairs drawn from Mon 16 Nov
/// 2026, seed 1, and a cramp-free night before it (15 Nov), so the history reaches back to it.
fn a_magnesium_habit() -> App {
    let mut store = Store::open_in_memory().unwrap();
    crate::common::records::cramp_free(&mut store, "2026-11-15");
    let exp = Experiment::draw(
        Intervention::Daily("magnesium".into()),
        day("2026-11-16"),
        8,
        0,
        &mut <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(1),
    );
    store.start_experiment(&exp, &stamp(STAMP)).unwrap();
    app(store)
}

#[test]
fn a_daily_habit_is_asked_with_one_key_after_the_night_and_can_be_changed() {
    let mut app = a_magnesium_habit();
    assert_eq!(app.view.screen, Screen::CheckIn);
    // `n` saves the cramp-free night, then one key answers the habit's question.
    app.update(Action::NoCramps).unwrap();
    let screen = draw(&app, 40, 12);
    assert_holds(
        &screen,
        &["Magnesium yesterday? y/n", "For the night of Sun 22 Nov"],
    );
    app.update(Action::AnswerYes).unwrap();
    assert!(
        matches!(app.view.screen, Screen::Tightness(_)),
        "{:?}",
        app.view.screen
    );
    assert_eq!(
        app.data.experiment.as_ref().unwrap().answers,
        vec![(day("2026-11-22"), true)]
    );
    // The history's `v` asks again for the selected night, and a key changes the answer.
    for _ in 0..3 {
        if app.view.screen != Screen::Dashboard {
            app.update(Action::Cancel).unwrap();
        }
    }
    assert_eq!(app.view.screen, Screen::Dashboard);
    app.update(Action::OpenHistory).unwrap();
    app.data.history.select_date(day("2026-11-22"));
    app.update(Action::AnswerHabit).unwrap();
    assert!(draw(&app, 80, 24).contains("Answered yes already"));
    // Asked for last night (the 22nd) on the 23rd: "yesterday"; another night by its date.
    assert!(draw(&app, 80, 24).contains("Magnesium yesterday? y/n"));
    app.update(Action::AnswerNo).unwrap();
    assert_eq!(app.view.screen, Screen::History);
    assert_eq!(
        app.data.experiment.as_ref().unwrap().answers,
        vec![(day("2026-11-22"), false)]
    );
    assert!(
        flat(&draw(&app, 120, 30)).contains(
            "Saved: magnesium on Sun 22 Nov 2026 (the day the night of Sun 22 Nov 2026 began): no."
        ),
        "{}",
        draw(&app, 120, 30)
    );
    app.data.history.select_date(day("2026-11-20"));
    app.update(Action::AnswerHabit).unwrap();
    assert!(
        draw(&app, 80, 24).contains("Magnesium on Fri 20 Nov 2026? y/n"),
        "{}",
        draw(&app, 80, 24)
    );
    app.update(Action::Cancel).unwrap();
    // A night outside the experiment has no question.
    app.data.history.select_date(day("2026-11-15"));
    assert_eq!(app.data.history.selected_date(), Some(day("2026-11-15")));
    app.update(Action::AnswerHabit).unwrap();
    assert_eq!(app.view.screen, Screen::History);
}

#[test]
fn a_recorded_stop_is_stated_and_no_second_stop_is_offered() {
    let mut app = at_the_running_experiment();
    assert!(draw(&app, 120, 40).contains("x stop"));
    app.update(Action::StopExperiment).unwrap();
    app.update(Action::StopExperiment).unwrap();
    let screen = flat(&draw(&app, 120, 40));
    assert_holds(
        &screen,
        &[
            "week 4 of 12: on week — deep-tissue work (foam roller, gun, ball, thumbs or stick) on about 5 days · stopped: today is its last day",
            "Result: after its last day, Mon 23 Nov 2026 (stopped early: analysed on complete pairs only)",
        ],
    );
    assert!(!screen.contains("6 days left"), "{screen}");
    assert!(!screen.contains("x stop"), "{screen}");
}

#[test]
fn a_result_not_pre_registered_says_so_in_words_at_40_columns() {
    let app = app(finished_experiment_drawn_at("2026-07-20T08:00:00"));
    let phone = draw(&app, 40, 12);
    let second = phone.lines().nth(1).unwrap();
    assert!(
        second.contains("Exp: fewer cramps, not pre-registered"),
        "{phone}"
    );
    assert!(!phone.contains("unregistered"), "{phone}");
}

#[test]
fn a_missed_night_saved_from_its_prompt_is_asked_the_habit_question_too() {
    let mut app = a_magnesium_habit();
    app.update(Action::NoCramps).unwrap();
    app.update(Action::AnswerYes).unwrap();
    while !matches!(app.view.screen, Screen::Missed(_)) {
        app.update(Action::Cancel).unwrap();
    }
    let Screen::Missed(night) = app.view.screen.clone() else {
        unreachable!()
    };
    app.update(Action::NoCramps).unwrap();
    assert!(
        matches!(&app.view.screen, Screen::Habit { night: n, .. } if *n == night),
        "{:?}",
        app.view.screen
    );
    app.update(Action::AnswerNo).unwrap();
    assert!(
        app.data
            .experiment
            .as_ref()
            .unwrap()
            .answers
            .contains(&(night, false))
    );
    assert!(
        matches!(app.view.screen, Screen::Missed(_)),
        "{:?}",
        app.view.screen
    );
}
