//! What every form promises, checked on every form in one loop: Esc or q on a changed form asks
//! "Discard ...? y/n" (naming what would be lost) and `n` keeps it as it was; an unchanged form
//! closes at once; a save that fails keeps the form open with every value typed, and Enter
//! again saves it once the diary can be written. A new form is added to `FORMS` (the match in
//! `shown` does not compile until its screen is named there).

use crate::common::dates::{at, day};
use crate::common::diary::Diary;
use crate::common::tui::open_app;
use crate::common::tui::{press, select, status};
use cramp_diary::clock::Clock;
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use cramp_diary::tui::screens::history::Row;
use std::mem::{Discriminant, discriminant};

/// A form: how it is opened from a fresh app (on the check-in), and keys that change a value.
struct FormCase {
    name: &'static str,
    open: fn(&mut App),
    change: &'static [Action],
}

const FORMS: &[FormCase] = &[
    FormCase {
        name: "new cramp at the check-in",
        open: |app| press(app, &[Action::HaveCramps]),
        change: &[Action::Increase],
    },
    FormCase {
        name: "tightness after a cramp-free night",
        open: |app| press(app, &[Action::NoCramps]),
        change: &[Action::Increase],
    },
    FormCase {
        name: "new cramp from the history",
        open: |app| {
            at_the_night_of_20_nov(app);
            press(app, &[Action::AddCramp]);
        },
        change: &[Action::NextField, Action::Increase],
    },
    FormCase {
        name: "edit a cramp",
        open: |app| {
            history_at(app, |r| matches!(r, Row::Episode { .. }));
            press(app, &[Action::Edit]);
        },
        change: &[Action::Increase],
    },
    FormCase {
        name: "edit a night",
        open: |app| {
            history_at(app, |r| matches!(r, Row::Night { night: Some(_), .. }));
            press(app, &[Action::Edit]);
        },
        change: &[Action::Increase],
    },
    FormCase {
        name: "new session",
        open: |app| press(app, &[Action::NewSession]),
        change: &[
            Action::NextField,
            Action::NextField,
            Action::NextField,
            Action::Input('6'),
        ],
    },
    FormCase {
        name: "edit a session",
        open: |app| {
            history_at(app, |r| matches!(r, Row::Session { .. }));
            press(app, &[Action::Edit]);
        },
        change: &[Action::NextField, Action::Increase],
    },
    FormCase {
        name: "new context",
        open: |app| {
            at_the_night_of_20_nov(app);
            press(app, &[Action::EditContext]);
        },
        change: &[Action::Input('2')],
    },
    FormCase {
        name: "edit a context",
        open: |app| {
            history_at(app, |r| matches!(r, Row::Context { .. }));
            press(app, &[Action::Edit]);
        },
        change: &[Action::Input('2')],
    },
    FormCase {
        name: "start a routine",
        open: |app| press(app, &[Action::OpenRoutine, Action::StartRoutine]),
        change: &[Action::NextField, Action::Increase],
    },
];

/// The values a form shows, or `None` when the screen is not a form.
fn shown(screen: &Screen) -> Option<Vec<String>> {
    match screen {
        Screen::CrampForm(f) => Some(f.form.fields.iter().map(|f| f.display()).collect()),
        Screen::Tightness(f) => Some(f.form.fields.iter().map(|f| f.display()).collect()),
        Screen::NightForm(f) => Some(f.form.fields.iter().map(|f| f.display()).collect()),
        Screen::SessionForm(f) => Some(f.form.fields.iter().map(|f| f.display()).collect()),
        Screen::ContextForm(f) => Some(f.form.fields.iter().map(|f| f.display()).collect()),
        Screen::RoutineForm(f) => Some(f.form.fields.iter().map(|f| f.display()).collect()),
        Screen::CheckIn
        | Screen::Dashboard
        | Screen::History
        | Screen::Missed(_)
        | Screen::Jump(_)
        | Screen::Routine { .. }
        | Screen::Experiment { .. }
        | Screen::Habit { .. }
        | Screen::SyncConflicts { .. }
        | Screen::TagPicker(_)
        | Screen::Insights { .. }
        | Screen::Patterns { .. }
        | Screen::Year { .. }
        | Screen::TestIt { .. } => None,
    }
}

/// A diary with a cramp on the night of the 21st, a context that day and a session the
/// evening after; last night (the 22nd) is not logged, so the app opens on the check-in.
fn diary() -> Diary {
    let d = Diary::new();
    for args in [
        "cramp --leg left --intensity 5 --duration 1m --night 2026-11-21",
        "context --day 2026-11-21 --magnesium 300",
        "massage --technique foam-roller --minutes 8 --ago 12h",
    ] {
        d.run(&args.split(' ').collect::<Vec<_>>()).ok();
    }
    d
}

fn app(d: &Diary) -> App {
    let now = at("2026-11-23 07:30");
    let app = open_app(Store::open(&d.path).unwrap(), Clock::fixed(now));
    assert_eq!(app.view.screen, Screen::CheckIn);
    app
}

/// Opens the history and selects the night of 20 Nov.
fn at_the_night_of_20_nov(app: &mut App) {
    history_at(
        app,
        |r| matches!(r, Row::Night { date, .. } if *date == day("2026-11-20")),
    );
}

/// Opens the history and selects the first row that is `wanted`.
fn history_at(app: &mut App, wanted: impl Fn(&Row) -> bool) {
    app.update(Action::OpenHistory).unwrap();
    select(app, wanted);
}

/// The form open and changed, and what it shows.
fn open_changed(d: &Diary, form: &FormCase) -> (App, Vec<String>) {
    let mut app = app(d);
    (form.open)(&mut app);
    let opened = shown(&app.view.screen)
        .unwrap_or_else(|| panic!("{}: no form: {:?}", form.name, app.view.screen));
    press(&mut app, form.change);
    let changed = shown(&app.view.screen).expect("still the form");
    assert_ne!(changed, opened, "{}: the keys changed a value", form.name);
    (app, changed)
}

#[test]
fn every_form_asks_before_its_changes_are_thrown_away() {
    let mut nouns = Vec::new();
    for form in FORMS {
        let d = diary();
        let (mut app, changed) = open_changed(&d, form);
        let open = app.view.screen.clone();
        for leave in [Action::Cancel, Action::Quit] {
            app.update(leave).unwrap();
            let asked = status(&app);
            assert!(
                asked.starts_with("Discard ") && asked.ends_with("? y/n"),
                "{}: {leave:?} asked {asked:?}",
                form.name
            );
            assert!(
                app.is_running() && app.view.screen == open,
                "{}: nothing left yet",
                form.name
            );
            app.update(Action::Input('n')).unwrap();
            assert_eq!(
                status(&app),
                "Kept: the form is as you left it.",
                "{}",
                form.name
            );
            assert_eq!(
                shown(&app.view.screen),
                Some(changed.clone()),
                "{}",
                form.name
            );
            nouns.push(asked);
        }
        press(&mut app, &[Action::Cancel, Action::Input('y')]);
        assert_ne!(
            discriminant(&app.view.screen),
            discriminant(&open),
            "{}: y leaves the form",
            form.name
        );
    }
    assert!(
        !nouns.contains(&"Discard these changes? y/n".to_string()),
        "every form names what would be lost: {nouns:?}"
    );
}

/// `action` closes the form `name` (the screen is no longer `open`) without the status line
/// starting `not` (a question or a refusal).
#[track_caller]
fn closes_without(
    app: &mut App,
    action: Action,
    not: &str,
    open: Discriminant<Screen>,
    name: &str,
) {
    app.update(action).unwrap();
    assert!(!status(app).starts_with(not), "{name}: {}", status(app));
    assert_ne!(discriminant(&app.view.screen), open, "{name}: closed");
}

#[test]
fn every_unchanged_form_closes_at_once() {
    for form in FORMS {
        let d = diary();
        let mut app = app(&d);
        (form.open)(&mut app);
        let open = app.view.screen.clone();
        closes_without(
            &mut app,
            Action::Cancel,
            "Discard",
            discriminant(&open),
            form.name,
        );
    }
}

/// Every write the app tries fails until `lift`, as on a diary that cannot take it.
struct Refusal {
    conn: rusqlite::Connection,
    triggers: Vec<String>,
}

impl Refusal {
    fn new(d: &Diary) -> Self {
        let conn = rusqlite::Connection::open(&d.path).unwrap();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut triggers = Vec::new();
        for table in tables {
            for when in ["INSERT", "UPDATE"] {
                let name = format!("refuse_{when}_{table}");
                conn.execute_batch(&format!(
                    "CREATE TRIGGER {name} BEFORE {when} ON {table}
                     BEGIN SELECT RAISE(ABORT, 'refused'); END;"
                ))
                .unwrap();
                triggers.push(name);
            }
        }
        Self { conn, triggers }
    }

    /// Writes work again.
    fn lift(self) {
        for t in &self.triggers {
            self.conn
                .execute_batch(&format!("DROP TRIGGER {t}"))
                .unwrap();
        }
    }
}

#[test]
fn every_form_keeps_what_was_typed_when_a_save_fails_and_saves_it_on_enter_again() {
    for form in FORMS {
        let d = diary();
        let (mut app, changed) = open_changed(&d, form);
        let open = discriminant(&app.view.screen);
        let refusal = Refusal::new(&d);
        app.update(Action::Save).unwrap();
        assert!(app.is_running());
        assert!(
            status(&app).starts_with("Not saved: "),
            "{}: {}",
            form.name,
            status(&app)
        );
        assert_eq!(
            discriminant(&app.view.screen),
            open,
            "{}: the form stays open",
            form.name
        );
        assert_eq!(
            shown(&app.view.screen),
            Some(changed),
            "{}: as typed",
            form.name
        );
        refusal.lift();
        closes_without(&mut app, Action::Save, "Not saved", open, form.name);
    }
}
