//! The dashboard at 80x24 and 160x48, from fixed made-up diaries and a fixed clock.

use crate::common::assert_holds;
use crate::common::dates::{at, day};
use crate::common::records::summary;
use crate::common::stamp;
use crate::common::tui::open_app;
use chrono::NaiveDate;
use cramp_diary::clock::Clock;
use cramp_diary::demo::{Plan, batch};
use cramp_diary::domain::routine::Routine;
use cramp_diary::store::Store;
use cramp_diary::tui::theme::Theme;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub(crate) fn plan(first: &str, routine: Option<Routine>, rates: (f64, f64, f64)) -> Plan {
    Plan {
        first: day(first),
        last: day("2026-11-22"),
        routine,
        rate_before: rates.0,
        rate_during: rates.1,
        rate_after: rates.2,
        session_chance_during: 0.8,
        session_chance_otherwise: 0.1,
        missing: 0.06,
        excluded: 0.03,
        seed: 11,
    }
}

pub(crate) fn draw(plan: &Plan, width: u16, height: u16) -> String {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(&batch(plan), &stamp("2026-11-23T07:00:00"))
        .unwrap();
    let now = at("2026-11-23 07:30");
    let app = open_app(store, Clock::fixed(now));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    terminal.backend().to_string()
}

/// [`plan`] with a 4-week routine of 5 sessions a week from `start`, compared with the 28
/// nights before it.
pub(crate) fn routine_plan(first: &str, start: &str, rates: (f64, f64, f64)) -> Plan {
    plan(first, Some(Routine::new(day(start), 4, 5, 28)), rates)
}

fn no_routine() -> Plan {
    plan("2026-09-28", None, (0.6, 0.6, 0.6))
}

pub(crate) fn second_week() -> Plan {
    routine_plan("2026-10-17", "2026-11-14", (0.9, 0.5, 0.5))
}

pub(crate) fn finished_with_a_clear_reduction() -> Plan {
    routine_plan("2026-09-14", "2026-10-12", (1.3, 0.1, 0.3))
}

fn finished_with_no_clear_change() -> Plan {
    Plan {
        seed: 5,
        ..routine_plan("2026-09-14", "2026-10-12", (0.8, 0.7, 0.7))
    }
}

fn too_little_data() -> Plan {
    routine_plan("2026-11-01", "2026-11-09", (0.9, 0.5, 0.5))
}

#[test]
fn no_routine_yet_80x24() {
    assert_snapshot!(draw(&no_routine(), 80, 24));
}

#[test]
fn no_routine_yet_160x48() {
    assert_snapshot!(draw(&no_routine(), 160, 48));
}

#[test]
fn routine_in_its_second_week_80x24() {
    assert_snapshot!(draw(&second_week(), 80, 24));
}

#[test]
fn routine_in_its_second_week_160x48() {
    assert_snapshot!(draw(&second_week(), 160, 48));
}

#[test]
fn finished_routine_with_a_clear_reduction_80x24() {
    assert_snapshot!(draw(&finished_with_a_clear_reduction(), 80, 24));
}

#[test]
fn finished_routine_with_a_clear_reduction_160x48() {
    assert_snapshot!(draw(&finished_with_a_clear_reduction(), 160, 48));
}

#[test]
fn too_little_data_80x24() {
    assert_snapshot!(draw(&too_little_data(), 80, 24));
}

#[test]
fn too_little_data_160x48() {
    assert_snapshot!(draw(&too_little_data(), 160, 48));
}

#[test]
fn finished_routine_with_no_clear_change_80x24() {
    assert_snapshot!(draw(&finished_with_no_clear_change(), 80, 24));
}

#[test]
fn finished_routine_with_no_clear_change_160x48() {
    assert_snapshot!(draw(&finished_with_no_clear_change(), 160, 48));
}

/// The caveat must stay on screen at 80x24 even when red flags and warnings fill the space
/// under the charts (issue 10: every screen that shows a verdict says it).
#[test]
fn the_not_proof_caveat_survives_red_flags_at_80x24() {
    use chrono::Duration;
    use cramp_diary::analysis::dashboard::{Dashboard, DashboardData, RedFlagFacts};
    use cramp_diary::analysis::verdict::NOT_PROOF;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let r = Routine::new(day("2026-10-12"), 4, 5, 28);
    let night = |d: NaiveDate, c: u32| summary(d, c);
    let nights = (0..56)
        .map(|i| {
            night(
                r.baseline_start() + Duration::days(i),
                if i < 28 { 2 } else { u32::from(i % 3 == 0) },
            )
        })
        .collect();
    let before = r.baseline_start() - Duration::days(56);
    let data = DashboardData {
        nights,
        red_flags: RedFlagFacts {
            long_cramps: vec![(day("2026-10-20"), 660)],
            numbness_or_tingling: vec![day("2026-10-21")],
            numb_or_swollen: Vec::new(),
        },
        before_baseline: (0..56)
            .map(|i| night(before + Duration::days(i), u32::from(i % 7 == 0)))
            .collect(),
        ..Default::default()
    };
    let d = Dashboard::compute(Some(&r), r.end() + Duration::days(1), r.end(), &data);
    assert!(d.assessment.as_ref().unwrap().baseline_warning.is_some() && d.red_flags.len() == 2);
    // The dashboard's share of an 80x24 terminal (a title row above, a blank and the keys below).
    let area = Rect::new(0, 0, 80, 21);
    let mut buf = Buffer::empty(area);
    cramp_diary::tui::screens::dashboard::render(&d, false, 0, &Theme::plain(), area, &mut buf);
    let text: String = (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect();
    // The verdict (compared with the 12 weeks before: the baseline was unusually bad) and the
    // caveat under it.
    assert!(
        text.contains("Verdict: no clear change") && text.contains("12 weeks before"),
        "{text}"
    );
    assert!(text.contains(NOT_PROOF), "{text}");
    // The newest red flag is on the first screen; each whole sentence is a scroll away (the
    // frame says how many rows), never cut mid-sentence.
    assert_holds(
        &text,
        &["⚠ Numb or tingling, Wed 21 Oct: ask a GP", "more (j/k)"],
    );
    let all: String = (0..20)
        .map(|scroll| {
            let mut buf = Buffer::empty(area);
            cramp_diary::tui::screens::dashboard::render(
                &d,
                false,
                scroll,
                &Theme::plain(),
                area,
                &mut buf,
            );
            (0..area.height)
                .map(|y| {
                    (1..area.width - 1)
                        .map(|x| buf[(x, y)].symbol())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let all = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_holds(
        &all,
        &[
            "a reason to see a GP or physiotherapist.",
            "and ask a GP or physiotherapist.",
        ],
    );
}

#[test]
fn routine_in_its_second_week_40x12() {
    assert_snapshot!(draw(&second_week(), 40, 12));
}

#[test]
fn finished_routine_with_a_clear_reduction_40x12() {
    assert_snapshot!(draw(&finished_with_a_clear_reduction(), 40, 12));
}

#[test]
fn the_side_panel_appears_from_a_120x40_terminal_as_the_readme_says() {
    let plan = finished_with_a_clear_reduction();
    assert!(draw(&plan, 120, 40).contains("Per phase"));
    assert!(draw(&plan, 120, 40).contains("cramp-free nights"));
    assert!(!draw(&plan, 120, 39).contains("Per phase"));
    assert!(!draw(&plan, 119, 40).contains("Per phase"));
    // The chart's text beside the side panel takes a second row rather than losing its end.
    let roomy = draw(&plan, 120, 40);
    assert!(roomy.contains("▴ any session: 25 days"), "{roomy}");
}

#[test]
fn a_week_with_fewer_than_4_nights_is_hatched_at_every_chart_size() {
    // In this diary the first routine week has 3 logged nights (its rate shows as "(7.0)").
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = draw(&too_little_data(), width, height);
        let weak = screen
            .lines()
            .find(|l| l.contains("(7.0)"))
            .unwrap_or_else(|| panic!("{width}x{height}: no weak week\n{screen}"));
        assert!(weak.contains("▒(7.0)▒"), "{width}x{height}: {weak}");
        assert!(
            weak.contains("█5.8█"),
            "{width}x{height}: a full week stays solid: {weak}"
        );
        assert!(
            screen.contains("▒ under 4 nights"),
            "{width}x{height}: the legend names the hatch\n{screen}"
        );
    }
}
