//! The before/after analysis on whole diaries: edge cases give defined answers (no NaN, no
//! panic), and properties of the interval hold for any counts.

use crate::common::dates::day;
use crate::common::records::summary;
use chrono::{Duration, NaiveDate};
use cramp_diary::analysis::adherence::DaySessions;
use cramp_diary::analysis::dashboard::{Dashboard, DashboardData, RedFlagFacts};
use cramp_diary::analysis::phases::NightSummary;
use cramp_diary::analysis::rate::Verdict;
use cramp_diary::analysis::sequence::look;
use cramp_diary::analysis::weekly_ci::WeekCount;
use cramp_diary::domain::NightStatus;
use cramp_diary::domain::routine::Routine;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Nights `from..=to`, each with `cramps(i)` cramps (None = not logged).
fn nights(from: &str, to: &str, cramps: impl Fn(i64) -> Option<u32>) -> Vec<NightSummary> {
    let (from, to) = (day(from), day(to));
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        if let Some(c) = cramps((d - from).num_days()) {
            out.push(NightSummary {
                sleep_disturbance: Some(3),
                tight_left: Some(5),
                tight_right: Some(6),
                ..summary(d, c)
            });
        }
        d += Duration::days(1);
    }
    out
}

fn routine() -> Routine {
    Routine::new(day("2026-10-12"), 4, 5, 28) // baseline 14 Sep - 11 Oct, routine 12 Oct - 8 Nov
}

fn every_session(from: &str, to: &str) -> BTreeMap<NaiveDate, DaySessions> {
    let mut m = BTreeMap::new();
    let mut d = day(from);
    while d <= day(to) {
        m.insert(d, DaySessions { deep: 1, other: 0 });
        d += Duration::days(1);
    }
    m
}

fn compute(data: DashboardData, today: &str) -> Dashboard {
    let today = day(today);
    Dashboard::compute(Some(&routine()), today, today - Duration::days(1), &data)
}

/// The data of a diary that holds only `nights`.
fn only(nights: Vec<NightSummary>) -> DashboardData {
    DashboardData {
        nights,
        ..Default::default()
    }
}

/// The dashboard gives a reason for its verdict, and the reason holds `part`.
#[track_caller]
fn reason_holds(d: &Dashboard, part: &str) {
    let reason = d.verdict_reason().unwrap_or_default();
    assert!(reason.contains(part), "{:?}", d.verdict_reason());
}

fn assert_finite(d: &Dashboard) {
    for p in [
        d.baseline.as_ref(),
        d.routine_phase.as_ref(),
        Some(&d.overall),
    ]
    .into_iter()
    .flatten()
    {
        let values = [
            p.rate_per_week,
            Some(p.coverage),
            p.cramp_free_pct,
            p.cramp_nights_per_week,
            p.median_worst_intensity,
            p.median_longest_s,
            p.mean_sleep_disturbance,
            p.mean_tightness,
        ];
        assert!(values.iter().flatten().all(|v| v.is_finite()), "{p:?}");
    }
    if let Some(r) = d.ratio() {
        assert!(
            r.interval.lo.is_finite()
                && r.interval.estimate.is_none_or(f64::is_finite)
                && r.interval.hi.is_finite()
                && r.interval.dispersion.is_finite()
        );
    }
    for w in &d.weeks {
        assert!(w.rate_per_week.is_none_or(f64::is_finite));
    }
}

#[test]
fn a_clear_drop_is_fewer_cramps() {
    let mut all = nights("2026-09-14", "2026-10-11", |_| Some(1));
    all.extend(nights("2026-10-12", "2026-11-08", |i| {
        Some(u32::from(i % 7 == 0))
    }));
    let data = DashboardData {
        nights: all,
        sessions_by_day: every_session("2026-10-12", "2026-11-08"),
        ..Default::default()
    };
    let d = compute(data, "2026-11-20");
    assert_eq!(d.verdict(), Verdict::FewerCramps);
    // 28 cramps in 28 nights vs 4 in 28: ratio 1/7.
    let r = d.ratio().unwrap();
    assert!((r.interval.estimate.unwrap() - 4.0 / 28.0).abs() < 1e-12);
    assert!(r.interval.hi < 1.0);
    assert_eq!(d.see_professional, None, "it worked: no referral");
    assert!(!d.provisional() && d.verdict_reason().is_none());
    assert_finite(&d);
}

#[test]
fn zero_cramps_in_both_phases_is_not_enough_data_without_a_ratio() {
    let data = DashboardData {
        nights: nights("2026-09-14", "2026-11-08", |_| Some(0)),
        ..Default::default()
    };
    let d = compute(data, "2026-11-20");
    assert_eq!(d.ratio(), None);
    assert_eq!(d.verdict(), Verdict::NotEnoughData);
    reason_holds(&d, "your baseline had 0 cramps");
    assert_eq!(d.baseline.as_ref().unwrap().cramp_free_pct, Some(100.0));
    assert_finite(&d);
}

#[test]
fn zero_cramps_in_the_baseline_give_no_line_and_say_why() {
    let mut all = nights("2026-09-14", "2026-10-11", |_| Some(0));
    all.extend(nights("2026-10-12", "2026-11-08", |_| Some(1)));
    let d = compute(only(all), "2026-11-20");
    // No verdict can be reached, so the line makes no claim (the rates are still shown).
    assert_eq!(d.ratio(), None);
    assert_eq!(d.verdict(), Verdict::NotEnoughData, "0 baseline cramps");
    reason_holds(&d, "your baseline had 0 cramps");
    assert_eq!(d.routine_phase.as_ref().unwrap().rate_per_week, Some(7.0));
    assert_finite(&d);
}

#[test]
fn a_routine_still_running_counts_only_the_nights_that_are_over() {
    let all = nights("2026-09-14", "2026-10-25", |i| Some((i % 3 == 0) as u32));
    let d = compute(only(all), "2026-10-26");
    let p = d.routine_phase.as_ref().unwrap();
    assert_eq!(
        (p.from, p.to, p.nights),
        (day("2026-10-12"), day("2026-10-25"), 14)
    );
    assert_eq!(p.coverage, 1.0);
    // Checking every morning must not turn noise into a verdict: a running estimate only.
    assert_eq!(d.verdict(), Verdict::TooEarly);
    assert!(d.provisional() && d.ratio().is_some());
    reason_holds(&d, "verdict on Mon 9 Nov 2026");
    assert!(d.weeks.last().unwrap().to <= day("2026-10-25"));
    assert_finite(&d);
}

#[test]
fn a_routine_that_has_not_started_has_an_empty_phase() {
    let all = nights("2026-09-14", "2026-10-05", |_| Some(1));
    let d = compute(only(all), "2026-10-07");
    let p = d.routine_phase.as_ref().unwrap();
    assert_eq!((p.nights, p.logged, p.rate_per_week), (0, 0, None));
    assert_eq!(d.verdict(), Verdict::TooEarly);
    assert!(!d.provisional());
    assert_eq!(d.ratio(), None);
    assert_finite(&d);
}

#[test]
fn gaps_and_exclusions_shrink_coverage_and_can_mean_not_enough_data() {
    // Baseline: every other night logged (50% coverage), a week excluded in the routine.
    let mut all = nights("2026-09-14", "2026-10-11", |i| (i % 2 == 0).then_some(1));
    let mut routine_nights = nights("2026-10-12", "2026-11-08", |_| Some(0));
    for n in routine_nights.iter_mut().take(7) {
        n.status = NightStatus::Excluded;
        n.cramps = 3;
    }
    all.extend(routine_nights);
    let d = compute(only(all), "2026-11-20");
    let b = d.baseline.as_ref().unwrap();
    assert_eq!((b.logged, b.coverage), (14, 0.5));
    let r = d.routine_phase.as_ref().unwrap();
    assert_eq!(
        (r.logged, r.excluded, r.cramps),
        (21, 7, 0),
        "excluded cramps do not count"
    );
    assert_eq!(r.coverage, 1.0, "excluded nights are not missing nights");
    assert_eq!(d.verdict(), Verdict::NotEnoughData);
    reason_holds(&d, "50%");
    assert_finite(&d);
}

#[test]
fn no_routine_shows_the_last_eight_weeks() {
    let all = nights("2026-09-01", "2026-11-22", |i| Some((i % 2) as u32));
    let d = Dashboard::compute(None, day("2026-11-23"), day("2026-11-22"), &only(all));
    assert_eq!((d.from, d.to), (day("2026-09-28"), day("2026-11-22")));
    assert_eq!(d.weeks.len(), 8);
    assert_eq!(d.overall.nights, 56);
    assert_eq!(d.verdict(), Verdict::NotEnoughData);
    assert_finite(&d);
}

#[test]
fn an_empty_diary_is_defined_everywhere() {
    let d = Dashboard::compute(
        None,
        day("2026-11-23"),
        day("2026-11-22"),
        &DashboardData::default(),
    );
    assert_eq!(d.overall.rate_per_week, None);
    assert_finite(&d);
    let d = compute(DashboardData::default(), "2026-11-20");
    assert_eq!(d.verdict(), Verdict::NotEnoughData);
    assert_finite(&d);
}

#[test]
fn a_kept_routine_without_improvement_suggests_a_professional() {
    let all = nights("2026-09-14", "2026-11-08", |i| Some((i % 2) as u32));
    let data = DashboardData {
        nights: all,
        sessions_by_day: every_session("2026-10-12", "2026-11-08"),
        ..Default::default()
    };
    let d = compute(data.clone(), "2026-11-20");
    assert_eq!(d.verdict(), Verdict::NoClearChange);
    assert!(
        d.see_professional
            .as_ref()
            .unwrap()
            .contains("massage therapist or physical therapist")
    );
    // Not while the routine runs, and not when it was not kept to.
    assert_eq!(compute(data, "2026-11-01").see_professional, None);
    let few = DashboardData {
        sessions_by_day: every_session("2026-10-12", "2026-10-20"),
        ..Default::default()
    };
    let d = compute(
        DashboardData {
            nights: nights("2026-09-14", "2026-11-08", |i| Some((i % 2) as u32)),
            ..few
        },
        "2026-11-20",
    );
    assert_eq!(d.see_professional, None);
}

#[test]
fn long_cramps_and_numbness_are_red_flags() {
    let facts = RedFlagFacts {
        long_cramps: vec![(day("2026-10-20"), 660), (day("2026-10-30"), 900)],
        numbness_or_tingling: vec![day("2026-10-25")],
        numb_or_swollen: Vec::new(),
    };
    let d = compute(
        DashboardData {
            red_flags: facts,
            ..Default::default()
        },
        "2026-11-20",
    );
    // One sentence per night or day, newest first, each with its date.
    assert_eq!(
        d.red_flags,
        vec![
            "A cramp lasted 15 min on the night of Fri 30 Oct 2026: cramps over 10 minutes are a reason to see a GP or physiotherapist.",
            "Numbness or tingling after a session on Sun 25 Oct 2026: stop deep-tissue work and ask a GP or physiotherapist.",
            "A cramp lasted 11 min on the night of Tue 20 Oct 2026: cramps over 10 minutes are a reason to see a GP or physiotherapist.",
        ]
    );
}

proptest! {
    #[test]
    fn the_interval_always_contains_the_estimate(
        base in proptest::collection::vec((0u32..30, 1u32..8), 2..9),
        during in proptest::collection::vec((0u32..30, 1u32..8), 2..9),
    ) {
        let weeks = |v: &[(u32, u32)]| -> Vec<WeekCount> {
            v.iter().map(|&(cramps, nights)| WeekCount { cramps, nights }).collect()
        };
        let (b, r) = (weeks(&base), weeks(&during));
        let x0: u32 = b.iter().map(|w| w.cramps).sum();
        let x1: u32 = r.iter().map(|w| w.cramps).sum();
        if let Some(q) = look(&b, &r, 2.2) {
            prop_assert!(q.lo >= 0.0 && q.lo < q.hi, "{:?}", q);
            prop_assert!(q.dispersion > 0.0 && q.design_effect.iter().all(|d| *d >= 1.0), "{:?}", q);
            match q.estimate {
                // The score interval is built around the estimate: it always holds it (0 with
                // no routine cramps, where the low end is 0 too).
                Some(e) => prop_assert!(q.lo <= e * (1.0 + 1e-9) && e <= q.hi * (1.0 + 1e-9), "{:?}", q),
                None => prop_assert!(x0 == 0 && q.hi.is_infinite(), "{:?}", q),
            }
        } else {
            prop_assert!(x0 + x1 == 0);
        }
    }

    #[test]
    fn the_interval_narrows_as_weeks_grow(
        base in proptest::collection::vec(1u32..20, 2..6),
        during in proptest::collection::vec(1u32..20, 2..6),
        k in 2usize..5,
    ) {
        let width = |m: usize| {
            let weeks = |v: &[u32]| -> Vec<WeekCount> {
                v.iter().cycle().take(v.len() * m).map(|&cramps| WeekCount { cramps, nights: 7 }).collect()
            };
            let q = look(&weeks(&base), &weeks(&during), 2.2).unwrap();
            (q.hi / q.lo).ln()
        };
        prop_assert!(width(k) < width(1), "k = {}", k);
    }
}

#[test]
fn a_baseline_that_is_not_whole_weeks_starts_with_a_partial_week() {
    // 20 baseline nights: 22 Sep - 11 Oct. Weeks line up with the routine, so the first
    // baseline week holds only 6 of its nights and is marked partial like a last one.
    let r = Routine::new(day("2026-10-12"), 4, 5, 20);
    let data = DashboardData {
        // One cramp every night, including 21 Sep, before the baseline: it must not count.
        nights: nights("2026-09-21", "2026-11-08", |_| Some(1)),
        ..Default::default()
    };
    let d = Dashboard::compute(Some(&r), day("2026-11-20"), day("2026-11-19"), &data);
    let first = &d.weeks[0];
    assert_eq!(
        (first.from, first.to),
        (day("2026-09-22"), day("2026-09-27"))
    );
    assert!(first.partial);
    assert_eq!((first.logged, first.cramps), (6, 6));
    assert!(!d.weeks[1].partial);
}

#[test]
fn after_the_routine_the_follow_up_and_the_newest_weeks_are_shown() {
    let data = DashboardData {
        nights: nights("2026-09-14", "2026-11-19", |i| Some((i % 3 == 0) as u32)),
        ..Default::default()
    };
    let d = compute(data, "2026-11-20");
    let f = d.follow_up.as_ref().unwrap();
    assert_eq!(
        (f.from, f.to, f.nights, f.logged),
        (day("2026-11-09"), day("2026-11-19"), 11, 11)
    );
    assert_eq!(d.strip.last().unwrap().0, day("2026-11-19"));
    assert_eq!(d.weeks.last().unwrap().to, day("2026-11-19"));
    // While the routine runs there is no follow-up.
    assert_eq!(
        compute(DashboardData::default(), "2026-11-01").follow_up,
        None
    );
}

#[test]
fn coverage_is_never_rounded_up_past_a_threshold() {
    use cramp_diary::analysis::phases::coverage_pct;
    assert_eq!(coverage_pct(0.746), "74%");
    assert_eq!(coverage_pct(0.6999), "69%");
    assert_eq!(coverage_pct(0.7), "70%");
    assert_eq!(coverage_pct(14.0 / 20.0), "70%");
    assert_eq!(coverage_pct(1.0), "100%");
}
