//! Every screen drawn at every size from 1x1 to 60x20, and at 300x100, without a panic.

use crate::common::dates::{at, day};
use crate::common::records;
use crate::common::stamp;
use cramp_diary::clock::Clock;
use cramp_diary::domain::routine::Routine;
use cramp_diary::domain::{CrampEpisode, Leg};
use cramp_diary::store::Store;
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::App;
use cramp_diary::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(with_data: bool) -> App {
    let mut store = Store::open_in_memory().unwrap();
    if with_data {
        let stamp = stamp("2026-11-01T07:00:00");
        store
            .start_routine(&Routine::new(day("2026-11-02"), 4, 5, 28), &stamp)
            .unwrap();
        let cramp = CrampEpisode {
            note: Some("a long note that will need to be cut or wrapped somewhere".into()),
            ..records::cramp(Leg::Left, 6, "12m")
        };
        for d in 1..=22 {
            store
                .add_episode(day(&format!("2026-11-{d:02}")), &cramp, &stamp)
                .unwrap();
        }
    }
    let now = at("2026-11-23 07:30");
    crate::common::tui::open_app_in(store, Clock::fixed(now), Theme::colour())
}

fn every_size(app: &App) {
    let mut sizes: Vec<(u16, u16)> = (1..=60)
        .flat_map(|w| (1..=20).map(move |h| (w, h)))
        .collect();
    sizes.extend([(300, 100), (80, 24), (120, 40), (200, 60)]);
    for (w, h) in sizes {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    }
}

/// Opens a screen by actions from the landing screen, then draws it at every size.
fn screen(with_data: bool, actions: &[Action]) {
    let mut app = app(with_data);
    for a in actions {
        app.update(*a).unwrap();
    }
    every_size(&app);
}

#[test]
fn check_in_and_cramp_form() {
    screen(false, &[]);
    screen(false, &[Action::HaveCramps]);
    screen(false, &[Action::HaveCramps, Action::Save]);
}

#[test]
fn dashboard_with_and_without_a_routine() {
    screen(true, &[]);
    screen(false, &[Action::NoCramps, Action::Cancel]);
}

#[test]
fn history_and_its_forms() {
    screen(true, &[Action::SwitchView]);
    screen(true, &[Action::SwitchView, Action::Down, Action::Edit]);
    screen(
        true,
        &[Action::SwitchView, Action::Down, Action::Down, Action::Edit],
    );
    screen(true, &[Action::SwitchView, Action::EditContext]);
}

#[test]
fn sessions_routine_and_help() {
    screen(true, &[Action::NewSession, Action::Increase]);
    screen(true, &[Action::OpenRoutine]);
    screen(false, &[Action::OpenRoutine]);
    screen(false, &[Action::OpenRoutine, Action::StartRoutine]);
    screen(true, &[Action::ToggleHelp]);
}
