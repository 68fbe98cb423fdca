//! Driving the app in-process, as the TUI tests do: keys as actions, the status line, a row.
#![allow(dead_code)]

use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::App;
use cramp_diary::tui::screens::history::Row;

pub fn press(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(*a).unwrap();
    }
}

/// The status line's text ("" when there is none).
pub fn status(app: &App) -> String {
    app.view
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Moves the history's selection to the first row that is `wanted`.
pub fn select(app: &mut App, wanted: impl Fn(&Row) -> bool) {
    let index = app
        .data
        .history
        .rows
        .iter()
        .position(wanted)
        .expect("the row is there");
    while app.data.history.selected > index {
        app.update(Action::Up).unwrap();
    }
    while app.data.history.selected < index {
        app.update(Action::Down).unwrap();
    }
}
