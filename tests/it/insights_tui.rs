//! The insights screens in the app: `i` opens the factors, `j`/`k` choose one, `t` plans a test,
//! `p` the patterns, `y` a year at a glance (`h`/`l` other years), Esc back; snapshots of the
//! factors and the year at 40x12, 80x24 and 120x40; the page is worked out again after a save.

use crate::common::assert_holds;
use crate::common::stamp;
use crate::common::tui::draw;
use crate::common::tui::{press, status};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use cramp_diary::clock::Clock;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::routine::Routine;
use cramp_diary::domain::session::{MassageSession, Technique};
use cramp_diary::domain::{CrampDuration, CrampEpisode, Leg, Muscle, NightDetails, Score};
use cramp_diary::store::{Batch, BulkNight, NightEntry, Store, TagChange};
use cramp_diary::tui::action::Action;
use cramp_diary::tui::app::{App, Screen};
use cramp_diary::tui::theme::Theme;
use insta::assert_snapshot;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A fixed pseudo-random sequence (the same diary every run).
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A year to last night (22 Nov 2026): bad spells; alcohol on some Fridays and Saturdays, three
/// times the cramps; heat in the summer; foam rolling, tightness, some context; a routine in April.
fn year() -> Store {
    let mut rng = Lcg(23);
    let first = day("2025-11-23");
    let mut batch = Batch {
        routines: vec![Routine::new(day("2026-04-06"), 4, 5, 28)],
        ..Batch::default()
    };
    let mut tags: Vec<(NaiveDate, Vec<String>)> = Vec::new();
    let mut bad = false;
    for i in 0..365 {
        let night = first + Duration::days(i);
        if rng.unit() < 1.0 / 7.0 {
            bad = !bad;
        }
        let weekend = matches!(night.weekday().num_days_from_monday(), 4 | 5);
        let alcohol = rng.unit() < if weekend { 0.4 } else { 0.05 };
        let heat = (6..=8).contains(&night.month()) && rng.unit() < 0.5;
        if rng.unit() < 0.4 {
            batch.sessions.push(MassageSession {
                minutes_per_calf: Some(6),
                ..MassageSession::bare(night.and_hms_opt(19, 0, 0).unwrap(), Technique::FoamRoller)
            });
        }
        if rng.unit() < 0.6 {
            batch.context.push((
                night,
                DailyContext {
                    fluids_dl: Some(12 + (rng.unit() * 14.0) as u16),
                    exercise_min: Some(if rng.unit() < 0.4 { 45 } else { 0 }),
                    ..DailyContext::default()
                },
            ));
        }
        if rng.unit() < 0.1 {
            continue;
        }
        let rate: f64 = if bad { 1.3 } else { 0.25 } * if alcohol { 3.0 } else { 1.0 };
        let mut cramps = 0;
        let mut p = rng.unit();
        let limit = (-rate).exp();
        while p > limit {
            cramps += 1;
            p *= rng.unit();
        }
        let episodes: Vec<CrampEpisode> = (0..cramps)
            .map(|k| CrampEpisode {
                leg: [Leg::Left, Leg::Left, Leg::Right, Leg::Both][(i + k) as usize % 4],
                muscle: if (i + k) % 7 == 0 {
                    Muscle::Foot
                } else {
                    Muscle::Calf
                },
                intensity: Score::new("t", 6).unwrap(),
                duration: CrampDuration::from_seconds(60).unwrap(),
                at: NaiveTime::from_hms_opt([23, 1, 2, 3, 3, 4][(i + k) as usize % 6], 10, 0),
                woke: true,
                note: None,
            })
            .collect();
        let tight = Score::new("t", 3 + i % 5).ok();
        batch.nights.push(BulkNight {
            details: NightDetails {
                tight_left: tight,
                tight_right: tight,
                ..NightDetails::default()
            },
            ..BulkNight::logged(night, episodes)
        });
        let mut words = Vec::new();
        if alcohol {
            words.push("alcohol".to_string());
        }
        if heat {
            words.push("heat".to_string());
        }
        if !words.is_empty() {
            tags.push((night, words));
        }
    }
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(&batch, &stamp("2026-11-23T07:00:00"))
        .unwrap();
    for (night, add) in tags {
        store
            .log_night_tagged(
                night,
                &NightEntry::default(),
                &TagChange {
                    add,
                    remove: vec![],
                },
                &stamp("2026-11-23T07:00:00"),
            )
            .unwrap();
    }
    store
}

fn app() -> App {
    let now = NaiveDateTime::parse_from_str("2026-11-23 07:30", "%Y-%m-%d %H:%M").unwrap();
    App::new(year(), Clock::fixed(now), Theme::plain()).unwrap()
}

#[test]
fn the_factors_at_every_size() {
    let mut app = app();
    assert!(matches!(app.view.screen, Screen::Dashboard));
    press(&mut app, &[Action::OpenInsights]);
    assert_snapshot!("insights_120x40", draw(&app, 120, 40));
    assert_snapshot!("insights_80x24", draw(&app, 80, 24));
    assert_snapshot!("insights_40x12", draw(&app, 40, 12));
}

#[test]
fn the_year_at_every_size() {
    let mut app = app();
    press(&mut app, &[Action::OpenInsights, Action::OpenYear]);
    assert_snapshot!("year_120x40", draw(&app, 120, 40));
    assert_snapshot!("year_80x24", draw(&app, 80, 24));
    assert_snapshot!("year_40x12", draw(&app, 40, 12));
}

/// The rows inside the insights box as drawn, trimmed (the frame and the lines around it off).
fn page_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| {
            let l = l.trim_matches('"');
            let inner = l.strip_prefix('│')?.strip_suffix('│')?;
            Some(inner.trim_end().to_string())
        })
        .collect()
}

/// At 40x12 every row of the factors page is a key away: its top ("An association in your
/// diary, not proof of cause", how many nights), every factor's rows (PgDn pages through a
/// factor taller than the screen) and the last factor's gate sentence at the end. The same
/// page drawn on a screen tall enough for all of it is the reference.
#[test]
fn every_row_of_the_factors_can_be_reached_at_40x12() {
    let mut app = app();
    press(&mut app, &[Action::OpenInsights]);
    let factors = app.data.insights.as_ref().unwrap().insights.factors.len();
    // k on the first factor: the top of the page, with what the figures mean.
    press(&mut app, &[Action::Up]);
    let top = draw(&app, 40, 12);
    assert_holds(&top, &["Insights from 326 usable nights", "not proof"]);
    // j comes back to the first factor, G/End goes to the end and g/Home to the top again.
    press(&mut app, &[Action::Down]);
    assert!(draw(&app, 40, 12).contains("▶ tag: alcohol"));
    press(&mut app, &[Action::Last]);
    let end = draw(&app, 40, 12);
    assert!(!end.contains('↓') && end.contains('↑'), "{end}");
    press(&mut app, &[Action::First]);
    assert_eq!(draw(&app, 40, 12), top);
    // Walk the whole page: the top page by page, then each factor's rows page by page, then
    // the end. Wanted: every row of the page drawn whole with each factor selected (but the
    // one-line summaries of the factors not selected, which are the selected one's first row).
    let mut seen = std::collections::HashSet::new();
    let mut wanted: std::collections::HashSet<String> =
        page_rows(&draw(&app, 40, 200)).into_iter().collect();
    let walk = |app: &mut App, seen: &mut std::collections::HashSet<String>| {
        for _ in 0..12 {
            seen.extend(page_rows(&draw(app, 40, 12)));
            press(app, &[Action::PageDown]);
        }
    };
    walk(&mut app, &mut seen);
    press(&mut app, &[Action::Down]);
    for _ in 0..factors {
        wanted.extend(page_rows(&draw(&app, 40, 200)));
        walk(&mut app, &mut seen);
        press(&mut app, &[Action::Up, Action::Down]);
    }
    seen.extend(page_rows(&draw(&app, 40, 12)));
    wanted.retain(|r| {
        let summary = r.starts_with("  ") && !r.starts_with("   ") && !r.starts_with("  t ");
        !r.is_empty() && !summary
    });
    let missed: Vec<&String> = wanted.difference(&seen).collect();
    assert!(missed.is_empty(), "rows never shown at 40x12: {missed:#?}");
}

#[test]
fn keys_move_through_factors_years_patterns_and_back() {
    let mut app = app();
    press(&mut app, &[Action::OpenInsights]);
    let page = app.data.insights.clone().expect("worked out when opened");
    // Alcohol is linked, and first.
    let first = &page.insights.factors[0];
    assert_eq!(first.factor.key(), "tag:alcohol");
    assert_eq!(first.direction(), Some("more cramps"));
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("▶ tag: alcohol — linked: more cramps"),
        "{screen}"
    );
    // Test it on alcohol: the plan's weeks and its chances.
    press(&mut app, &[Action::TestIt]);
    let Screen::TestIt { lines, .. } = &app.view.screen else {
        panic!("a plan")
    };
    assert!(
        lines[1].contains("on-week (no alcohol every day) and one off-week (alcohol as usual)"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  8 pairs (16 weeks): "))
    );
    press(&mut app, &[Action::Cancel, Action::Down]);
    let Screen::Insights { selected: 1 } = app.view.screen else {
        panic!("the second factor: {:?}", app.view.screen)
    };
    // Tightness cannot be switched on and off: no plan, and the status says why.
    let tight = page
        .insights
        .factors
        .iter()
        .position(|f| f.factor.key() == "tightness")
        .unwrap();
    while !matches!(app.view.screen, Screen::Insights { selected } if selected == tight) {
        press(&mut app, &[Action::Down]);
    }
    press(&mut app, &[Action::TestIt]);
    assert!(matches!(app.view.screen, Screen::Insights { .. }));
    assert!(status(&app).starts_with("Tight calves is not something to switch on and off"));
    // The year: back to 2025, not before the diary; forward again, not after 2026.
    press(&mut app, &[Action::OpenYear, Action::PreviousYear]);
    assert!(matches!(app.view.screen, Screen::Year { year: 2025, .. }));
    press(&mut app, &[Action::PreviousYear]);
    assert_eq!(status(&app), "The diary runs from 2025 to 2026.");
    press(&mut app, &[Action::NextYear, Action::NextYear]);
    assert!(matches!(app.view.screen, Screen::Year { year: 2026, .. }));
    // Esc: back to the same factor, then to the dashboard.
    press(&mut app, &[Action::Cancel]);
    assert!(matches!(app.view.screen, Screen::Insights { selected } if selected == tight));
    press(&mut app, &[Action::OpenPatterns]);
    assert!(draw(&app, 80, 24).contains("By hour of the night, evening to morning"));
    press(&mut app, &[Action::Cancel, Action::Cancel]);
    assert!(matches!(app.view.screen, Screen::Dashboard));
}

#[test]
fn test_it_starts_the_experiment_of_the_factor() {
    let mut app = app();
    press(&mut app, &[Action::OpenInsights, Action::TestIt]);
    let Screen::TestIt { lines, .. } = &app.view.screen else {
        panic!("a plan for alcohol")
    };
    assert!(
        lines.iter().any(|l| l
            .starts_with("Start it with: cramp experiment start --daily \"no alcohol\" --pairs ")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"No alcohol yesterday? y/n\"")),
        "{lines:?}"
    );
    // o shows it as the experiment's plan; n twice starts it.
    press(&mut app, &[Action::OpenExperiment]);
    assert!(matches!(app.view.screen, Screen::Experiment { .. }));
    assert!(
        draw(&app, 120, 40).contains("no alcohol"),
        "{}",
        draw(&app, 120, 40)
    );
    press(
        &mut app,
        &[Action::StartExperiment, Action::StartExperiment],
    );
    let started = app.data.experiment.as_ref().expect("an experiment started");
    assert_eq!(
        started.stored.item.experiment.intervention,
        cramp_diary::domain::intervention::Intervention::Daily("no alcohol".into())
    );
    // While it runs, another plan says it has to wait.
    press(
        &mut app,
        &[Action::Cancel, Action::OpenInsights, Action::TestIt],
    );
    let Screen::TestIt { lines, .. } = &app.view.screen else {
        panic!("a plan")
    };
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("An experiment is running"),
        "{lines:?}"
    );
}

#[test]
fn a_save_works_the_insights_out_again() {
    let mut app = app();
    // Never at start (the first frame does not wait for them): only once the screen is opened.
    assert!(app.data.insights.is_none());
    press(&mut app, &[Action::OpenInsights]);
    let before = app.data.insights.clone().unwrap();
    let usable = before.insights.usable_nights;
    // Mark an unlogged night cramp-free in the history: the page counts it at once.
    press(&mut app, &[Action::Cancel, Action::OpenHistory]);
    // The first unlogged night in the last weeks.
    crate::common::tui::select(
        &mut app,
        |r| matches!(r, cramp_diary::tui::screens::history::Row::Night { night: None, date } if date <= &day("2026-11-22")),
    );
    press(&mut app, &[Action::MarkCrampFree]);
    let after = app.data.insights.clone().unwrap();
    assert_eq!(after.insights.usable_nights, usable + 1);
}

#[test]
fn a_tagged_night_saved_with_the_insights_open_shows_as_a_fresh_reading_does() {
    // Open in the evening (last night, the 22nd, is logged), then the clock moves on to the
    // morning: the night of the 23rd is due and the check-in opens.
    let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    let mut app = App::new(year(), Clock::fixed(at("2026-11-23 20:00")), Theme::plain()).unwrap();
    press(&mut app, &[Action::OpenInsights, Action::Cancel]);
    app.follow_clock(Clock::fixed(at("2026-11-24 07:30")))
        .unwrap();
    assert!(matches!(app.view.screen, Screen::CheckIn));
    let before = app.data.insights.clone().unwrap();
    assert_eq!(before.due, day("2026-11-23"));
    let alcohol = |p: &cramp_diary::analysis::insights::page::InsightsPage| {
        p.insights.factor("tag:alcohol").unwrap().with.nights
    };
    // n (cramp-free), t, the "alcohol" row, Space, Enter.
    press(&mut app, &[Action::NoCramps, Action::OpenTags]);
    let Screen::TagPicker(picker) = &app.view.screen else {
        panic!("the tag picker")
    };
    let row = picker.options.iter().position(|t| t == "alcohol").unwrap();
    for _ in 0..row {
        press(&mut app, &[Action::Down]);
    }
    press(&mut app, &[Action::Toggle, Action::Save]);
    assert_eq!(
        status(&app),
        "Saved to the night of Mon 23 Nov 2026: tags: alcohol."
    );
    let after = app.data.insights.clone().unwrap();
    assert_eq!(
        after.insights.usable_nights,
        before.insights.usable_nights + 1
    );
    assert_eq!(alcohol(&after), alcohol(&before) + 1);
    // The same diary read afresh gives the same page, figure for figure.
    let mut fresh = year();
    fresh
        .log_night_tagged(
            day("2026-11-23"),
            &NightEntry {
                change: Some(cramp_diary::store::NightChange::CrampFree),
                ..NightEntry::default()
            },
            &TagChange {
                add: vec!["alcohol".into()],
                remove: vec![],
            },
            &stamp("2026-11-24T07:30:00"),
        )
        .unwrap();
    let fresh = cramp_diary::store::load_insights(&fresh, day("2026-11-23"), 18).unwrap();
    assert_eq!(after, fresh);
}
