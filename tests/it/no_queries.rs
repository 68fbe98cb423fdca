//! The TUI reads the diary only after a write: not per frame, not per key that changes nothing.
//! (One test in its own binary, because the statement counter is process-wide.)

use crate::common::dates::{at, day};
use crate::common::stamp;
use crate::common::tui::open_app;
use cramp_diary::clock::Clock;
use cramp_diary::demo::{Plan, batch};
use cramp_diary::domain::routine::Routine;
use cramp_diary::store::{Store, statements_run};
use cramp_diary::tui::action::Action;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[test]
fn drawing_and_moving_around_run_no_query() {
    let mut plan = Plan::years(1, day("2026-11-22"));
    plan.routine = Some(Routine::new(day("2026-10-26"), 4, 5, 28));
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(&batch(&plan), &stamp("2026-11-23T07:00:00"))
        .unwrap();
    store.count_statements();
    let now = at("2026-11-23 07:30");
    let mut app = open_app(store, Clock::fixed(now));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let before = statements_run();
    assert!(before > 0, "loading the app reads the diary");
    let browse = [
        Action::ToggleHelp,
        Action::ToggleHelp,
        Action::SwitchView,
        Action::Down,
        Action::Down,
        Action::Up,
        Action::SwitchView,
        Action::OpenRoutine,
        Action::Cancel,
        Action::Edit, // nothing to edit on the dashboard
        Action::NewSession,
        Action::NextField,
        Action::Increase,
        Action::Cancel,
        Action::RepeatSession,
        Action::Cancel,
        Action::SwitchView,
        Action::AddCramp,
        Action::Input('7'),
        Action::Cancel,
        Action::Input('y'), // yes, discard the changed cramp
        Action::SwitchView,
    ];
    for action in browse {
        app.update(action).unwrap();
        for _ in 0..5 {
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
        }
    }
    assert_eq!(statements_run(), before, "no query while only looking");
    // The insights are read once, when first opened; moving around them reads nothing.
    app.update(Action::OpenInsights).unwrap();
    let opened = statements_run();
    assert!(opened > before, "opening the insights reads the diary");
    let insights = [
        Action::Down,
        Action::Down,
        Action::Up,
        Action::OpenYear,
        Action::PreviousYear,
        Action::NextYear,
        Action::Down,
        Action::Cancel,
        Action::OpenPatterns,
        Action::Down,
        Action::Cancel,
        Action::Cancel,
        Action::OpenInsights,
        Action::Cancel,
    ];
    for action in insights {
        app.update(action).unwrap();
        for _ in 0..5 {
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
        }
    }
    assert_eq!(
        statements_run(),
        opened,
        "no query while looking at the insights"
    );
    // A save does read again, so the counter is live and this test can fail.
    app.update(Action::OpenHistory).unwrap();
    app.update(Action::MarkCrampFree).unwrap();
    assert!(statements_run() > opened);
}
