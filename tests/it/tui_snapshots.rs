//! The screens as a user sees them, at a fixed size and a fixed clock (insta + TestBackend).

use crate::common::dates::day;
use crate::common::stamp;
use crate::common::tui::open_app;
use crate::common::tui::screen_snapshots;
use cramp_diary::clock::Clock;
use cramp_diary::domain::{CrampDuration, CrampEpisode, Leg, Muscle, NightDetails, Score};
use cramp_diary::store::{NightChange, NightEntry, Store};
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::App;

const NOW: &str = "2026-11-23T07:30";

fn clock() -> Clock {
    crate::common::dates::clock(NOW)
}

fn cramp(leg: Leg, intensity: i64, duration: &str, at: Option<&str>) -> CrampEpisode {
    CrampEpisode {
        leg,
        muscle: Muscle::Calf,
        intensity: Score::new("intensity", intensity).unwrap(),
        duration: CrampDuration::parse(duration).unwrap(),
        at: at.map(|t| chrono::NaiveTime::parse_from_str(t, "%H:%M").unwrap()),
        woke: true,
        note: None,
    }
}

/// A diary with a few days of history, last night not yet logged.
fn seeded_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let stamp = stamp("2026-11-20T07:00:00");
    store
        .add_episode(
            day("2026-11-21"),
            &cramp(Leg::Right, 6, "2m", Some("03:10")),
            &stamp,
        )
        .unwrap();
    store
        .add_episode(
            day("2026-11-21"),
            &cramp(Leg::Right, 4, "45s", None),
            &stamp,
        )
        .unwrap();
    let tight = NightDetails {
        tight_left: Some(Score::new("l", 3).unwrap()),
        tight_right: Some(Score::new("r", 6).unwrap()),
        ..NightDetails::default()
    };
    store
        .log_night(
            day("2026-11-21"),
            &NightEntry {
                change: None,
                details: tight,
            },
            &stamp,
        )
        .unwrap();
    crate::common::records::cramp_free(&mut store, "2026-11-20");
    store
        .log_night(
            day("2026-11-18"),
            &NightEntry {
                change: Some(NightChange::Excluded("flu".into())),
                ..NightEntry::default()
            },
            &stamp,
        )
        .unwrap();
    store
}

fn app() -> App {
    open_app(seeded_store(), clock())
}

screen_snapshots! {
    morning_check_in: app(), &[], 80 x 24;
    cramp_form_prefilled_from_the_last_cramp: app(), &[Action::HaveCramps], 80 x 24;
    cramp_form_refuses_a_bad_duration_in_place: app(), &[
        Action::HaveCramps,
        Action::NextField,
        Action::NextField,
        Action::NextField,
        Action::Input('3'),
        Action::Input('h'),
        Action::Save,
    ], 80 x 24;
    tightness_after_saving_a_cramp: app(), &[Action::HaveCramps, Action::Save], 80 x 24;
    history_after_the_check_in: app(), &[
        Action::NoCramps,
        Action::Input('2'),
        Action::NextField,
        Action::Input('4'),
        Action::Save,
        // The 19th is offered next (a missed night): left not logged.
        Action::Skip,
        Action::SwitchView,
    ], 80 x 24;
    help_overlay_lists_the_history_keys: app(), &[Action::OpenHistory, Action::ToggleHelp], 80 x 24;
    too_small_terminal_says_the_size_needed_and_the_commands: app(), &[], 40 x 10;
}
