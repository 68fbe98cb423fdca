//! Driving the app in-process, as the TUI tests do: keys as actions, the status line, a row.
#![allow(dead_code)]

use cramp_diary::clock::Clock;
use cramp_diary::domain::{Night, NightStatus};
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::App;
use cramp_diary::tui::screens::history::Row;
use cramp_diary::tui::theme::Theme;

/// The app on `store` at `clock`, in plain colours: how every in-process screen test opens it.
pub fn open_app(store: Store, clock: Clock) -> App {
    open_app_in(store, clock, Theme::plain())
}

/// The same in another palette (`Theme::colour()`, as a person with colour on sees it).
pub fn open_app_in(store: Store, clock: Clock, theme: Theme) -> App {
    App::new(store, clock, theme).expect("the app opens")
}

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

/// How the history shows the night of `night` (`YYYY-MM-DD`); `None` when not logged.
pub fn night_status(app: &App, night: &str) -> Option<NightStatus> {
    history_night(app, night).map(|n| n.status)
}

/// The history's night of `night` (`YYYY-MM-DD`) with its cramps; `None` when not logged.
pub fn history_night<'a>(app: &'a App, night: &str) -> Option<&'a Night> {
    app.data
        .history
        .nights
        .iter()
        .find(|n| n.night_of == super::dates::day(night))
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

/// The app drawn on a `width` x `height` test terminal, as text (what a snapshot holds).
pub fn draw(app: &App, width: u16, height: u16) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().to_string()
}

/// Snapshot tests of screens, one line each: `name: app, keys, width x height;` is the test
/// `name` that opens `app` (an expression), presses `keys` (a slice of actions) and snapshots
/// the screen drawn at that size; the snapshot file is named after the test, as for a test
/// written out by hand.
macro_rules! screen_snapshots {
    ($($(#[$attr:meta])* $name:ident: $app:expr, $keys:expr, $width:literal x $height:literal;)*) => {
        $(
            $(#[$attr])*
            #[test]
            fn $name() {
                let mut app = $app;
                $crate::common::tui::press(&mut app, $keys);
                insta::assert_snapshot!($crate::common::tui::draw(&app, $width, $height));
            }
        )*
    };
}
pub(crate) use screen_snapshots;
