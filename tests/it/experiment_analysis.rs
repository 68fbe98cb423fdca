//! The experiment's pure analysis: the exact randomisation test against p-values computed by
//! hand (the enumeration is written out beside each), the verdict rules, washout nights and
//! adherence per week.

use chrono::{Duration, NaiveDate};
use cramp_diary::analysis::experiment::{
    ExperimentData, ExperimentVerdict, PairCounts, SessionFact, WeekState, analyse,
    randomisation_test, week_results,
};
use cramp_diary::analysis::phases::NightSummary;
use cramp_diary::analysis::rate::Counts;
use cramp_diary::domain::NightStatus;
use cramp_diary::domain::experiment::{Arm, Experiment};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn pair(routine: u32, rest: u32) -> PairCounts {
    PairCounts {
        routine: Counts {
            cramps: routine,
            nights: 7,
        },
        rest: Counts {
            cramps: rest,
            nights: 7,
        },
    }
}

#[test]
fn a_clear_effect_in_six_pairs_gives_p_2_in_64() {
    // Every pair the same way (1 cramp in the routine week, 5 in the rest week). Of the 64
    // orders only the observed one and its mirror (all pairs swapped) reach |1/7 - 5/7|; any
    // other order mixes +4 and -4 and is nearer zero. p = 2/64 = 0.03125.
    let (stat, p) = randomisation_test(&[pair(1, 5); 6]).unwrap();
    assert!((stat - (6.0 - 30.0) / 42.0).abs() < 1e-12);
    assert_eq!(p, 2.0 / 64.0);
}

#[test]
fn a_mixed_case_by_hand() {
    // Pair differences (routine - rest cramps, 7 nights each): -3, -2, -1, +1, observed sum -5.
    // The 16 sign choices of 3a + 2b + c + d: |sum| >= 5 for (+,+,+,+) = 7, (+,+,-,+) = 5,
    // (+,+,+,-) = 5 and their three mirrors: 6 of 16, p = 0.375.
    let (_, p) = randomisation_test(&[pair(0, 3), pair(1, 3), pair(2, 3), pair(3, 2)]).unwrap();
    assert_eq!(p, 6.0 / 16.0);
}

#[test]
fn no_effect_gives_p_1() {
    // Identical weeks in every pair: every order gives a statistic of 0, all as extreme.
    let (stat, p) = randomisation_test(&[pair(2, 2), pair(0, 0), pair(4, 4)]).unwrap();
    assert_eq!(stat, 0.0);
    assert_eq!(p, 1.0);
}

#[test]
fn unequal_nights_are_pooled_per_night() {
    // 2 pairs; routine weeks 0 of 5 and 0 of 4 nights, rest weeks 3 of 7 and 2 of 6: observed
    // 0/9 - 5/13. Pair 1 swapped: 3/11 - 2/11 = +1/11; pair 2 swapped: 2/11 - 3/11 = -1/11;
    // both swapped: 5/13 - 0/9. So 2 of the 4 orders reach |5/13|: p = 0.5.
    let pairs = [
        PairCounts {
            routine: Counts {
                cramps: 0,
                nights: 5,
            },
            rest: Counts {
                cramps: 3,
                nights: 7,
            },
        },
        PairCounts {
            routine: Counts {
                cramps: 0,
                nights: 4,
            },
            rest: Counts {
                cramps: 2,
                nights: 6,
            },
        },
    ];
    let (stat, p) = randomisation_test(&pairs).unwrap();
    assert!((stat + 5.0 / 13.0).abs() < 1e-12);
    assert_eq!(p, 0.5);
}

/// An experiment with the given schedule starting Mon 7 Dec 2026.
fn experiment(schedule: &[Arm], washout: u8) -> Experiment {
    Experiment {
        start: day("2026-12-07"),
        pairs: (schedule.len() / 2) as u8,
        washout_nights: washout,
        schedule: schedule.to_vec(),
        stopped_on: None,
    }
}

fn alternating(pairs: usize) -> Vec<Arm> {
    (0..pairs).flat_map(|_| [Arm::Routine, Arm::Rest]).collect()
}

/// Every night logged: `cramps(arm, night_in_week)` cramps.
fn diary(exp: &Experiment, cramps: impl Fn(Arm, i64) -> u32) -> ExperimentData {
    let nights = (0..i64::from(exp.weeks()) * 7)
        .map(|i| {
            let night_of = exp.start + Duration::days(i);
            let arm = exp.arm_on(night_of).unwrap();
            let n = cramps(arm, i % 7);
            NightSummary::counted(night_of, n)
        })
        .collect();
    ExperimentData {
        nights,
        ..Default::default()
    }
}

#[test]
fn verdict_fewer_more_no_clear_change() {
    let exp = experiment(&alternating(6), 0);
    let after = day("2027-03-10");
    let fewer = diary(&exp, |arm, i| u32::from(arm == Arm::Rest && i < 3));
    let a = analyse(&exp, &fewer, after, after).unwrap();
    assert_eq!(a.verdict, ExperimentVerdict::FewerCramps);
    assert_eq!(a.p_value, Some(2.0 / 64.0));
    assert_eq!(a.rest.cramps, 18);
    assert_eq!(a.pairs.len(), 6);
    let more = diary(&exp, |arm, i| u32::from(arm == Arm::Routine && i < 3));
    assert_eq!(
        analyse(&exp, &more, after, after).unwrap().verdict,
        ExperimentVerdict::MoreCramps
    );
    let same = diary(&exp, |_, i| u32::from(i == 0));
    let a = analyse(&exp, &same, after, after).unwrap();
    assert_eq!(
        (a.verdict, a.p_value),
        (ExperimentVerdict::NoClearChange, Some(1.0))
    );
}

#[test]
fn five_pairs_never_say_fewer_even_with_a_perfect_split() {
    let exp = experiment(&alternating(5), 0);
    let after = day("2027-03-10");
    let data = diary(&exp, |arm, _| u32::from(arm == Arm::Rest));
    let a = analyse(&exp, &data, after, after).unwrap();
    assert_eq!(a.p_value, Some(2.0 / 32.0));
    assert_eq!(a.verdict, ExperimentVerdict::NoClearChange);
}

#[test]
fn too_early_until_every_week_is_over_and_nothing_before_the_first() {
    let exp = experiment(&alternating(6), 0);
    let data = diary(&exp, |arm, _| u32::from(arm == Arm::Rest));
    // Week 1 ends Sun 13 Dec: on the 13th that night is not over yet.
    assert!(analyse(&exp, &data, day("2026-12-13"), day("2026-12-12")).is_none());
    let mid = analyse(&exp, &data, day("2027-01-04"), day("2027-01-03")).unwrap();
    assert_eq!(mid.verdict, ExperimentVerdict::TooEarly);
    assert_eq!(mid.p_value, None);
    assert_eq!(mid.analysed_pairs, 2);
    // The last night (Sun 28 Feb) is over on 1 Mar.
    let end = day("2027-02-28");
    assert_eq!(
        analyse(&exp, &data, end, end - Duration::days(1))
            .unwrap()
            .verdict,
        ExperimentVerdict::TooEarly
    );
    assert_eq!(
        analyse(&exp, &data, end + Duration::days(1), end)
            .unwrap()
            .verdict,
        ExperimentVerdict::FewerCramps
    );
}

#[test]
fn a_week_with_fewer_than_4_usable_nights_is_not_enough_data() {
    let exp = experiment(&alternating(6), 0);
    let mut data = diary(&exp, |arm, _| u32::from(arm == Arm::Rest));
    // Week 4 is 28 Dec - 3 Jan: keep 3 of its nights.
    let (from, to) = exp.week_range(4);
    data.nights
        .retain(|n| n.night_of < from + Duration::days(3) || n.night_of > to);
    let after = day("2027-03-10");
    let a = analyse(&exp, &data, after, after).unwrap();
    assert_eq!(a.verdict, ExperimentVerdict::NotEnoughData);
    assert!(a.reason.unwrap().contains("week 4 has 3 usable night"));
    // Excluded nights are not usable either.
    let mut data = diary(&exp, |arm, _| u32::from(arm == Arm::Rest));
    for n in data
        .nights
        .iter_mut()
        .filter(|n| n.night_of >= from && n.night_of <= to)
        .take(4)
    {
        n.status = NightStatus::Excluded;
    }
    assert_eq!(
        analyse(&exp, &data, after, after).unwrap().verdict,
        ExperimentVerdict::NotEnoughData
    );
}

#[test]
fn washout_nights_are_left_out_of_every_week() {
    let exp = experiment(&alternating(6), 2);
    // Cramps only on the first two nights of rest weeks: all inside the washout.
    let data = diary(&exp, |arm, i| u32::from(arm == Arm::Rest && i < 2));
    let after = day("2027-03-10");
    let a = analyse(&exp, &data, after, after).unwrap();
    assert!(a.weeks.iter().all(|w| w.usable_nights == 5));
    assert_eq!(a.rest.cramps, 0);
    assert_eq!(a.verdict, ExperimentVerdict::NoClearChange);
    let no_washout = experiment(&alternating(6), 0);
    let a = analyse(&no_washout, &data, after, after).unwrap();
    assert_eq!(a.verdict, ExperimentVerdict::FewerCramps);
}

#[test]
fn stopped_early_is_analysed_on_complete_pairs_only() {
    let mut exp = experiment(&alternating(6), 0);
    let data = diary(&exp, |arm, _| u32::from(arm == Arm::Rest));
    exp.stopped_on = Some(day("2027-01-13")); // in week 6 (pair 3)
    let a = analyse(&exp, &data, day("2027-01-20"), day("2027-01-19")).unwrap();
    assert!(a.complete_pairs_only);
    assert_eq!(a.analysed_pairs, 2);
    assert_eq!(a.p_value, Some(0.5));
    assert_eq!(a.verdict, ExperimentVerdict::NoClearChange);
    assert_eq!(a.weeks[5].state, WeekState::Cut);
    exp.stopped_on = Some(day("2026-12-16"));
    let a = analyse(&exp, &data, day("2027-01-20"), day("2027-01-19")).unwrap();
    assert_eq!(a.verdict, ExperimentVerdict::NotEnoughData);
}

#[test]
fn adherence_per_week_and_deviations_in_rest_weeks() {
    let exp = experiment(&[Arm::Rest, Arm::Routine, Arm::Routine, Arm::Rest], 0);
    let s = |d: &str, deep: bool| SessionFact {
        day: day(d),
        deep,
        side_effect: false,
    };
    let data = ExperimentData {
        sessions: vec![
            s("2026-12-08", true),  // rest week 1: a deviation
            s("2026-12-09", false), // stretching in a rest week: allowed
            s("2026-12-14", true),  // routine week 2: day 1
            s("2026-12-14", true),  // same day again: still 1 day
            s("2026-12-16", true),  // day 2
            s("2026-12-17", false), // stretching does not count
        ],
        ..Default::default()
    };
    let weeks = week_results(&exp, &data, day("2026-12-18"), day("2026-12-17"));
    assert_eq!((weeks[0].deviations, weeks[0].target_days), (1, 0));
    assert_eq!(
        (
            weeks[1].deep_days,
            weeks[1].target_days,
            weeks[1].deviations
        ),
        (2, 5, 0)
    );
    assert_eq!(weeks[1].state, WeekState::Current);
    assert_eq!(weeks[0].state, WeekState::Over);
}

#[test]
fn the_rate_ratio_is_routine_over_rest_with_the_weekly_interval() {
    let exp = experiment(&alternating(6), 0);
    // Routine weeks: 1 cramp; rest weeks: 3 cramps (nights 0-2). Ratio 1/3.
    let data = diary(&exp, |arm, i| match arm {
        Arm::Routine => u32::from(i == 0),
        Arm::Rest => u32::from(i < 3),
    });
    let after = day("2027-03-10");
    let r = analyse(&exp, &data, after, after)
        .unwrap()
        .rate_ratio
        .unwrap();
    assert!((r.estimate - 1.0 / 3.0).abs() < 1e-9, "{r:?}");
    assert!(r.lo < r.estimate && r.estimate < r.hi, "{r:?}");
    assert_eq!(r.weeks, 12);
}
