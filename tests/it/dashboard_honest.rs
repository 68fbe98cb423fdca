//! Issue 21 on the dashboard at 40x12, 80x24 and 120x40: the daily line while a routine runs,
//! "did it last?" after it, the comparison with the longer history after an unusually bad
//! baseline, the season and what the placebo band is.

use crate::common::assert_holds;
use crate::common::dates::day;
use crate::dashboard_snapshots::{
    draw, finished_with_a_clear_reduction, plan, routine_plan, second_week,
};
use chrono::{Duration, NaiveDate};
use cramp_diary::analysis::dashboard::{Dashboard, DashboardData};
use cramp_diary::analysis::phases::NightSummary;
use cramp_diary::demo::Plan;
use cramp_diary::domain::routine::Routine;
use cramp_diary::tui::theme::Theme;
use insta::assert_snapshot;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// A routine in August and a low follow-up through to 22 November: ten weeks to tell whether
/// it lasted.
fn lasted() -> Plan {
    Plan {
        seed: 5,
        ..routine_plan("2026-07-20", "2026-08-17", (1.4, 0.1, 0.15))
    }
}

/// The same routine, after which the cramps came back to their old rate.
fn came_back() -> Plan {
    Plan {
        rate_after: 1.4,
        ..lasted()
    }
}

#[test]
fn cramps_that_came_back_80x24() {
    let screen = draw(&came_back(), 80, 24);
    assert!(
        screen.contains("Did it last? your cramps came back"),
        "{screen}"
    );
    assert_snapshot!(screen);
}

#[test]
fn cramps_that_came_back_40x12() {
    assert_snapshot!(draw(&came_back(), 40, 12));
}

#[test]
fn a_routine_whose_fall_lasted_40x12() {
    let screen = draw(&lasted(), 40, 12);
    assert!(screen.contains("Did it last?"), "{screen}");
    assert_snapshot!(screen);
}

#[test]
fn a_routine_whose_fall_lasted_80x24() {
    assert_snapshot!(draw(&lasted(), 80, 24));
}

#[test]
fn a_routine_whose_fall_lasted_120x40() {
    assert_snapshot!(draw(&lasted(), 120, 40));
}

#[test]
fn finished_routine_with_a_clear_reduction_120x40() {
    assert_snapshot!(draw(&finished_with_a_clear_reduction(), 120, 40));
}

#[test]
fn routine_in_its_second_week_120x40() {
    assert_snapshot!(draw(&second_week(), 120, 40));
}

#[test]
fn did_it_last_and_the_placebo_note_show_at_every_size() {
    for (w, h) in [
        (40, 12),
        (60, 14),
        (80, 24),
        (100, 30),
        (120, 40),
        (160, 48),
        (200, 60),
    ] {
        let screen = draw(&lasted(), w, h);
        assert!(screen.contains("Did it last?"), "{w}x{h}\n{screen}");
        // Wherever the gauge is drawn (all but the phone-sized layout), what its band is.
        assert_eq!(
            screen.contains("+100%"),
            screen.contains("░ = the average fall of placebo groups"),
            "{w}x{h}\n{screen}"
        );
    }
}

/// A diary whose baseline (14 a week) came after 8 calm weeks (1 a week), and a routine at
/// 2 a week: the check fires and the routine is compared with all 12 weeks.
fn after_a_bad_spell() -> Dashboard {
    let r = Routine::new(day("2026-10-12"), 4, 5, 28);
    let before = r.baseline_start() - Duration::days(56);
    let nights = |from: NaiveDate, count: i64, cramps: fn(i64) -> u32| -> Vec<NightSummary> {
        (0..count)
            .map(|i| NightSummary::counted(from + Duration::days(i), cramps(i)))
            .collect()
    };
    let mut all = nights(r.baseline_start(), 28, |_| 2);
    all.extend(nights(r.start, 28, |i| u32::from(i % 4 == 0)));
    let data = DashboardData {
        nights: all,
        before_baseline: nights(before, 56, |i| u32::from(i % 7 == 0)),
        ..Default::default()
    };
    Dashboard::compute(Some(&r), r.end() + Duration::days(1), r.end(), &data)
}

fn render(d: &Dashboard, width: u16, height: u16) -> String {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    cramp_diary::tui::screens::dashboard::render(d, false, 0, &Theme::plain(), area, &mut buf);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

#[test]
fn an_unusually_bad_baseline_is_compared_with_the_12_weeks_before_120x40() {
    let d = after_a_bad_spell();
    let screen = render(&d, 120, 37);
    assert_holds(
        &screen,
        &[
            "12 weeks before 5.3/wk → routine",
            "Your baseline was unusually bad",
        ],
    );
    assert_snapshot!(screen);
}

#[test]
fn an_unusually_bad_baseline_40x12() {
    let screen = render(&after_a_bad_spell(), 40, 9);
    assert!(screen.contains("12 weeks before"), "{screen}");
    assert_snapshot!(screen);
}

/// The store loads what the season needs: the same dates a year earlier, and the
/// configuration's hemisphere reaches the caveat.
#[test]
fn the_loader_reads_the_same_dates_a_year_earlier_and_the_hemisphere() {
    use cramp_diary::analysis::dashboard::Calendar;
    use cramp_diary::analysis::season::Turn;
    use cramp_diary::domain::season::Hemisphere;
    use cramp_diary::store::{Store, load_dashboard_weeks};
    let plan = Plan {
        first: day("2025-08-01"),
        ..routine_plan("2025-08-01", "2026-10-12", (1.0, 0.5, 0.5))
    };
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(
            &cramp_diary::demo::batch(&plan),
            &crate::common::stamp("2026-11-23T07:00:00"),
        )
        .unwrap();
    let r = Routine::new(day("2026-10-12"), 4, 5, 28);
    let load = |hemisphere| {
        let calendar = Calendar {
            hemisphere,
            ..Default::default()
        };
        load_dashboard_weeks(
            &store,
            Some(&r),
            day("2026-11-23"),
            day("2026-11-22"),
            calendar,
        )
        .unwrap()
    };
    let north = load(Hemisphere::North);
    let season = north.season.as_ref().unwrap();
    let earlier = season.earlier.expect("the diary holds Sep-Nov 2025");
    assert_eq!(earlier.year, 2025);
    assert!(earlier.before > 0.0 && earlier.during > 0.0, "{earlier:?}");
    assert_eq!(season.turn.map(|t| t.0), Some(Turn::Autumn));
    let south = load(Hemisphere::South);
    assert_eq!(south.season.unwrap().turn.map(|t| t.0), Some(Turn::Spring));
}

/// A follow-up ends the night before a later routine starts, so "did it last?" never reads the
/// next routine's nights.
#[test]
fn a_later_routine_ends_the_follow_up() {
    use cramp_diary::store::{Store, load_dashboard};
    let first = Routine::new(day("2026-08-17"), 4, 5, 28);
    let mut store = Store::open_in_memory().unwrap();
    let mut batch = cramp_diary::demo::batch(&Plan {
        seed: 5,
        ..plan("2026-07-20", Some(first.clone()), (1.4, 0.1, 0.15))
    });
    let later = Routine::new(day("2026-10-19"), 4, 5, 28);
    batch.routines.push(later);
    store
        .insert_batch(&batch, &crate::common::stamp("2026-11-23T07:00:00"))
        .unwrap();
    let d = load_dashboard(&store, Some(&first), day("2026-11-23"), day("2026-11-22")).unwrap();
    let f = d.follow_up.as_ref().unwrap();
    assert_eq!((f.from, f.to), (day("2026-09-14"), day("2026-10-18")));
    assert_eq!(d.assessment.unwrap().lasting.unwrap().weeks, 5);
}

/// The rows of a roomy screen's side panel ("Per phase" down to the bottom border).
fn side_panel(screen: &str) -> Vec<String> {
    let rows: Vec<String> = screen
        .lines()
        .map(|l| l.trim_matches('"').to_string())
        .collect();
    let top = rows
        .iter()
        .position(|r| r.contains("│ Per phase "))
        .expect("a side panel");
    rows[top + 1..]
        .iter()
        .take_while(|r| !r.starts_with('└'))
        .map(|r| {
            let inner = r.trim_end().trim_end_matches('│');
            inner
                .rsplit('│')
                .next()
                .unwrap_or("")
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn the_side_panel_never_stops_mid_sentence_without_saying_more_is_below() {
    // Issue 21's sentences make the roomy side panel long: its bottom row is blank (everything
    // fitted), ends a sentence, or says how much more there is (`j` scrolls it).
    let mut screens: Vec<(String, String)> = Vec::new();
    for (name, plan) in [
        ("lasted", lasted()),
        ("came back", came_back()),
        ("clear reduction", finished_with_a_clear_reduction()),
        ("second week", second_week()),
    ] {
        for (w, h) in [(120, 40), (140, 44), (160, 48), (200, 60)] {
            screens.push((format!("{name} {w}x{h}"), draw(&plan, w, h)));
        }
    }
    screens.push(("bad baseline".into(), render(&after_a_bad_spell(), 120, 37)));
    let mut scrolled = 0;
    for (what, screen) in screens {
        let panel = side_panel(&screen);
        let last = panel.last().expect("panel rows");
        let more = last.contains("more (j/k)");
        scrolled += usize::from(more);
        assert!(
            last.trim().is_empty() || last.ends_with('.') || more,
            "{what}: the side panel ends with {last:?}\n{screen}"
        );
    }
    // At 120x40 "did it last?" and the season caveat do not all fit: the panel says so.
    assert!(scrolled > 0);
}
