//! The experiment's pure analysis: the exact randomisation test against p-values computed by
//! hand (the enumeration is written out beside each) and against an independent full
//! enumeration in Python (`tools/experiment_reference.py`, 315 cases with the interval from
//! inverting the test), the verdict rules, washout nights and adherence per week for each kind
//! of intervention.

use crate::common::dates::day;
use chrono::Duration;
use cramp_diary::analysis::experiment::{
    Bound, Direction, ExperimentData, ExperimentVerdict, PairCounts, SessionFact, TestResult,
    WeekResult, WeekState, analyse, randomisation_test, week_results,
};
use cramp_diary::analysis::phases::NightSummary;
use cramp_diary::analysis::rate::Counts;
use cramp_diary::domain::NightStatus;
use cramp_diary::domain::experiment::{Arm, Experiment};
use cramp_diary::domain::intervention::Intervention;
use cramp_diary::domain::session::Technique;

fn pair(on: u32, off: u32) -> PairCounts {
    PairCounts {
        on: Counts {
            cramps: on,
            nights: 7,
        },
        off: Counts {
            cramps: off,
            nights: 7,
        },
    }
}

fn test(pairs: &[PairCounts]) -> TestResult {
    randomisation_test(pairs, 0.05).unwrap()
}

/// The weeks as they stand on Fri 18 Dec 2026, the nights up to 17 Dec over.
fn weeks_on_18_dec(exp: &Experiment, data: &ExperimentData) -> Vec<WeekResult> {
    week_results(exp, data, day("2026-12-18"), day("2026-12-17"))
}

#[test]
fn a_clear_effect_in_six_pairs_gives_p_2_in_64() {
    // Every pair the same way (1 cramp in the routine week, 5 in the rest week). Of the 64
    // orders only the observed one and its mirror (all pairs swapped) reach |1/7 - 5/7|; any
    // other order mixes +4 and -4 and is nearer zero. p = 2/64 = 0.03125.
    let t = test(&[pair(1, 5); 6]);
    assert!((t.statistic - (6.0 - 30.0) / 42.0).abs() < 1e-12);
    assert_eq!(t.p_value, 2.0 / 64.0);
    assert_eq!(t.direction, Direction::Fewer);
}

#[test]
fn a_mixed_case_by_hand() {
    // Pair differences (routine - rest cramps, 7 nights each): -3, -2, -1, +1, observed sum -5.
    // The 16 sign choices of 3a + 2b + c + d: |sum| >= 5 for (+,+,+,+) = 7, (+,+,-,+) = 5,
    // (+,+,+,-) = 5 and their three mirrors: 6 of 16, p = 0.375.
    let t = test(&[pair(0, 3), pair(1, 3), pair(2, 3), pair(3, 2)]);
    assert_eq!(t.p_value, 6.0 / 16.0);
}

#[test]
fn no_effect_gives_p_1() {
    // Identical weeks in every pair: every order gives a statistic of 0, all as extreme.
    let t = test(&[pair(2, 2), pair(0, 0), pair(4, 4)]);
    assert_eq!(t.statistic, 0.0);
    assert_eq!(t.p_value, 1.0);
}

#[test]
fn unequal_nights_weigh_each_pair_by_its_nights() {
    // 2 pairs; on weeks 0 of 5 and 0 of 4 nights, off weeks 3 of 7 and 2 of 6. Weights (the
    // harmonic mean of the two weeks' nights) 35/6 and 24/5; differences per night -3/7 and
    // -1/3, weighted -2.5 and -1.6. The 4 orders: -4.1, +0.9, -0.9, +4.1; 2 reach |4.1|: p = 0.5.
    let pairs = [
        PairCounts {
            on: Counts {
                cramps: 0,
                nights: 5,
            },
            off: Counts {
                cramps: 3,
                nights: 7,
            },
        },
        PairCounts {
            on: Counts {
                cramps: 0,
                nights: 4,
            },
            off: Counts {
                cramps: 2,
                nights: 6,
            },
        },
    ];
    let t = test(&pairs);
    let (stat, p) = (t.statistic, t.p_value);
    assert!((stat + 123.0 / 319.0).abs() < 1e-12, "{stat}");
    assert_eq!(p, 0.5);
}

/// An experiment with the given schedule starting Mon 7 Dec 2026.
fn experiment(schedule: &[Arm], washout: u8) -> Experiment {
    Experiment {
        intervention: Intervention::Routine,
        start: day("2026-12-07"),
        pairs: (schedule.len() / 2) as u8,
        washout_nights: washout,
        schedule: schedule.to_vec(),
        stopped_on: None,
    }
}

fn alternating(pairs: usize) -> Vec<Arm> {
    (0..pairs).flat_map(|_| [Arm::On, Arm::Off]).collect()
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
    let fewer = diary(&exp, |arm, i| u32::from(arm == Arm::Off && i < 3));
    let a = analyse(&exp, &fewer, after, after).unwrap();
    assert_eq!(a.verdict, ExperimentVerdict::FewerCramps);
    assert_eq!(a.p_value(), Some(2.0 / 64.0));
    assert_eq!(a.off.tally.cramps, 18);
    assert_eq!(a.pairs.len(), 6);
    let more = diary(&exp, |arm, i| u32::from(arm == Arm::On && i < 3));
    assert_eq!(
        analyse(&exp, &more, after, after).unwrap().verdict,
        ExperimentVerdict::MoreCramps
    );
    let same = diary(&exp, |_, i| u32::from(i == 0));
    let a = analyse(&exp, &same, after, after).unwrap();
    assert_eq!(
        (a.verdict, a.p_value()),
        (ExperimentVerdict::NoClearChange, Some(1.0))
    );
}

#[test]
fn five_pairs_never_say_fewer_even_with_a_perfect_split() {
    let exp = experiment(&alternating(5), 0);
    let after = day("2027-03-10");
    let data = diary(&exp, |arm, _| u32::from(arm == Arm::Off));
    let a = analyse(&exp, &data, after, after).unwrap();
    assert_eq!(a.p_value(), Some(2.0 / 32.0));
    assert_eq!(a.verdict, ExperimentVerdict::NoClearChange);
}

#[test]
fn too_early_until_every_week_is_over_and_nothing_before_the_first() {
    let exp = experiment(&alternating(6), 0);
    let data = diary(&exp, |arm, _| u32::from(arm == Arm::Off));
    // Week 1 ends Sun 13 Dec: on the 13th that night is not over yet.
    assert!(analyse(&exp, &data, day("2026-12-13"), day("2026-12-12")).is_none());
    let mid = analyse(&exp, &data, day("2027-01-04"), day("2027-01-03")).unwrap();
    assert_eq!(mid.verdict, ExperimentVerdict::TooEarly);
    assert_eq!(mid.p_value(), None);
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
    let mut data = diary(&exp, |arm, _| u32::from(arm == Arm::Off));
    // Week 4 is 28 Dec - 3 Jan: keep 3 of its nights.
    let (from, to) = exp.week_range(4);
    data.nights
        .retain(|n| n.night_of < from + Duration::days(3) || n.night_of > to);
    let after = day("2027-03-10");
    let a = analyse(&exp, &data, after, after).unwrap();
    assert_eq!(a.verdict, ExperimentVerdict::NotEnoughData);
    assert!(a.reason.unwrap().contains("week 4 has 3 usable night"));
    // Excluded nights are not usable either.
    let mut data = diary(&exp, |arm, _| u32::from(arm == Arm::Off));
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
    let data = diary(&exp, |arm, i| u32::from(arm == Arm::Off && i < 2));
    let after = day("2027-03-10");
    let a = analyse(&exp, &data, after, after).unwrap();
    assert!(a.weeks.iter().all(|w| w.tally.usable_nights == 5));
    assert_eq!(a.off.tally.cramps, 0);
    assert_eq!(a.verdict, ExperimentVerdict::NoClearChange);
    let no_washout = experiment(&alternating(6), 0);
    let a = analyse(&no_washout, &data, after, after).unwrap();
    assert_eq!(a.verdict, ExperimentVerdict::FewerCramps);
}

#[test]
fn stopped_early_is_analysed_on_complete_pairs_only() {
    let mut exp = experiment(&alternating(6), 0);
    let data = diary(&exp, |arm, _| u32::from(arm == Arm::Off));
    exp.stopped_on = Some(day("2027-01-13")); // in week 6 (pair 3)
    let a = analyse(&exp, &data, day("2027-01-20"), day("2027-01-19")).unwrap();
    assert!(a.complete_pairs_only);
    assert_eq!(a.analysed_pairs, 2);
    assert_eq!(a.p_value(), Some(0.5));
    assert_eq!(a.verdict, ExperimentVerdict::NoClearChange);
    assert_eq!(a.weeks[5].state, WeekState::Cut);
    exp.stopped_on = Some(day("2026-12-16"));
    let a = analyse(&exp, &data, day("2027-01-20"), day("2027-01-19")).unwrap();
    assert_eq!(a.verdict, ExperimentVerdict::NotEnoughData);
}

#[test]
fn adherence_per_week_and_deviations_in_rest_weeks() {
    let mut exp = experiment(&[Arm::Off, Arm::On, Arm::On, Arm::Off], 0);
    let s = |d: &str, technique: Technique| SessionFact {
        day: day(d),
        technique,
        side_effect: false,
    };
    let (roller, gun, stretch) = (
        Technique::FoamRoller,
        Technique::MassageGun,
        Technique::Stretch,
    );
    let data = ExperimentData {
        sessions: vec![
            s("2026-12-08", roller),  // off week 1: a deviation
            s("2026-12-09", stretch), // stretching in an off week: allowed
            s("2026-12-14", roller),  // on week 2: day 1
            s("2026-12-14", gun),     // same day again: still 1 day
            s("2026-12-16", gun),     // day 2
            s("2026-12-17", stretch), // stretching does not count
        ],
        ..Default::default()
    };
    let weeks = weeks_on_18_dec(&exp, &data);
    assert_eq!(
        (weeks[0].tally.deviations, weeks[0].tally.target_days),
        (1, 0)
    );
    assert_eq!(
        (
            weeks[1].tally.done_days,
            weeks[1].tally.target_days,
            weeks[1].tally.deviations
        ),
        (2, 5, 0)
    );
    assert_eq!(weeks[1].state, WeekState::Current);
    assert_eq!(weeks[0].state, WeekState::Over);
    // Testing the foam roller alone: the gun neither counts in on weeks nor breaks off weeks.
    exp.intervention = Intervention::Technique(roller);
    let weeks = weeks_on_18_dec(&exp, &data);
    assert_eq!(
        (weeks[0].tally.deviations, weeks[1].tally.done_days),
        (1, 1)
    );
    exp.intervention = Intervention::Technique(stretch);
    let weeks = weeks_on_18_dec(&exp, &data);
    assert_eq!(
        (weeks[0].tally.deviations, weeks[1].tally.done_days),
        (1, 1)
    );
}

#[test]
fn a_daily_habit_counts_its_answers_night_by_night() {
    let mut exp = experiment(&[Arm::Off, Arm::On, Arm::On, Arm::Off], 0);
    exp.intervention = Intervention::Daily("magnesium".into());
    let data = ExperimentData {
        answers: vec![
            (day("2026-12-07"), true),  // off week 1: a deviation
            (day("2026-12-08"), false), // off week 1: as planned
            (day("2026-12-14"), true),  // on week 2
            (day("2026-12-15"), true),
            (day("2026-12-16"), false), // on week 2, not taken
        ],
        // Sessions never count for a habit.
        sessions: vec![SessionFact {
            day: day("2026-12-08"),
            technique: Technique::FoamRoller,
            side_effect: false,
        }],
        ..Default::default()
    };
    // Today Fri 18 Dec: the nights of 7-17 Dec are over.
    let weeks = weeks_on_18_dec(&exp, &data);
    assert_eq!(
        (weeks[0].tally.deviations, weeks[0].tally.unanswered),
        (1, 5)
    );
    assert_eq!(
        (
            weeks[1].tally.done_days,
            weeks[1].tally.target_days,
            weeks[1].tally.unanswered
        ),
        (2, 7, 1)
    );
    let now = cramp_diary::analysis::experiment_status::ExperimentNow::compute(
        &exp,
        &weeks,
        day("2026-12-18"),
    );
    assert_eq!(
        now.adherence_line(),
        "Adherence so far: 2 of 7 days with magnesium asked for in on weeks (this week 2 of 7) · 1 day with it in off weeks · 6 nights not answered"
    );
}

/// One case of `tests/it/reference/randomisation.json`.
#[derive(serde::Deserialize)]
struct Case {
    name: String,
    pairs: Vec<[u32; 4]>,
    p_value: String,
    estimate: Option<String>,
    lo: String,
    hi: Option<String>,
    verdict: String,
}

fn fraction(text: &str) -> f64 {
    let (n, d) = text.split_once('/').unwrap();
    n.parse::<f64>().unwrap() / d.parse::<f64>().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

#[test]
fn the_test_and_its_interval_equal_an_independent_full_enumeration() {
    #[derive(serde::Deserialize)]
    struct Reference {
        cases: Vec<Case>,
    }
    let doc: Reference =
        serde_json::from_str(include_str!("reference/randomisation.json")).unwrap();
    assert_eq!(doc.cases.len(), 315);
    for c in &doc.cases {
        let pairs: Vec<PairCounts> = c
            .pairs
            .iter()
            .map(|[a, m, b, n]| PairCounts {
                on: Counts {
                    cramps: *a,
                    nights: *m,
                },
                off: Counts {
                    cramps: *b,
                    nights: *n,
                },
            })
            .collect();
        let t = test(&pairs);
        let name = &c.name;
        assert!(close(t.p_value, fraction(&c.p_value)), "{name}: p {t:?}");
        match (&c.estimate, t.estimate) {
            (Some(e), Some(got)) => assert!(close(got, fraction(e)), "{name}: estimate {t:?}"),
            (None, None) => {}
            other => panic!("{name}: estimate {other:?}"),
        }
        match (c.lo.as_str(), t.lo) {
            ("inf", Bound::Unbounded) => {}
            (lo, Bound::Finite(got)) if lo != "inf" => {
                assert!(close(got, fraction(lo)), "{name}: lo {t:?}")
            }
            other => panic!("{name}: lo {other:?}"),
        }
        match (&c.hi, t.hi) {
            (None, Bound::Unbounded) => {}
            (Some(hi), Bound::Finite(got)) => {
                assert!(close(got, fraction(hi)), "{name}: hi {t:?}")
            }
            other => panic!("{name}: hi {other:?}"),
        }
        let direction = match c.verdict.as_str() {
            "fewer" => Direction::Fewer,
            "more" => Direction::More,
            _ => Direction::Neither,
        };
        assert_eq!(t.direction, direction, "{name}");
    }
}

#[test]
fn fewer_is_said_exactly_when_the_interval_lies_below_one() {
    // The promise beside every result, on the reference cases and on 20,000 seeded random ones.
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    let mut rng = StdRng::seed_from_u64(22);
    let mut seen = [0u32; 3];
    for _ in 0..20_000 {
        let n = rng.random_range(2..=9);
        let effect: f64 = [1.0, 0.5, 0.25, 2.0][rng.random_range(0..4)];
        let pairs: Vec<PairCounts> = (0..n)
            .map(|_| {
                let (m, k) = (rng.random_range(4..=7), rng.random_range(4..=7));
                let draw = |rng: &mut StdRng, nights: u32, rate: f64| Counts {
                    cramps: (0..nights * 2)
                        .filter(|_| rng.random_bool(rate / 2.0))
                        .count() as u32,
                    nights,
                };
                PairCounts {
                    on: draw(&mut rng, m, (0.6 * effect).min(1.0)),
                    off: draw(&mut rng, k, 0.6),
                }
            })
            .collect();
        let t = test(&pairs);
        let below = matches!(t.hi, Bound::Finite(hi) if hi < 1.0);
        let above = match t.lo {
            Bound::Unbounded => true,
            Bound::Finite(lo) => lo > 1.0,
        };
        assert_eq!(t.direction == Direction::Fewer, below, "{pairs:?} {t:?}");
        assert_eq!(t.direction == Direction::More, above, "{pairs:?} {t:?}");
        seen[match t.direction {
            Direction::Fewer => 0,
            Direction::More => 1,
            Direction::Neither => 2,
        }] += 1;
    }
    assert!(seen.iter().all(|n| *n > 100), "{seen:?}");
}

#[test]
fn the_secondary_ratio_is_on_over_off_with_the_weekly_interval() {
    let exp = experiment(&alternating(6), 0);
    // Routine weeks: 1 cramp; rest weeks: 3 cramps (nights 0-2). Ratio 1/3.
    let data = diary(&exp, |arm, i| match arm {
        Arm::On => u32::from(i == 0),
        Arm::Off => u32::from(i < 3),
    });
    let after = day("2027-03-10");
    let r = analyse(&exp, &data, after, after)
        .unwrap()
        .weekly_ratio
        .unwrap();
    assert!((r.estimate - 1.0 / 3.0).abs() < 1e-9, "{r:?}");
    assert!(r.lo < r.estimate && r.estimate < r.hi, "{r:?}");
    assert_eq!(r.weeks, 12);
}
