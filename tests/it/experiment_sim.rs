//! Seeded simulations of diaries where the routine does nothing: the experiment's verdict must
//! say "fewer cramps" in at most 5% of them, however the cramps cluster or drift.

use chrono::{Duration, NaiveDate};
use cramp_diary::analysis::experiment::{ExperimentData, ExperimentVerdict, analyse};
use cramp_diary::analysis::experiment_plan::poisson;
use cramp_diary::analysis::phases::NightSummary;
use cramp_diary::domain::experiment::Experiment;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const SIMULATIONS: u32 = 2000;
const PAIRS: u8 = 6;

/// Simulates one experiment: the schedule drawn as `cramp experiment start` draws it, cramps per
/// night from `rate(week, rng)` whatever the arm, about 10% of nights not logged.
fn false_fewer(seed: u64, mut rate: impl FnMut(u8, &mut StdRng) -> f64) -> f64 {
    let mut rng = StdRng::seed_from_u64(seed);
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let mut fewer = 0;
    for _ in 0..SIMULATIONS {
        let exp = Experiment::draw(start, PAIRS, 0, &mut rng);
        let mut nights = Vec::new();
        for week in 1..=exp.weeks() {
            let mean = rate(week, &mut rng);
            for d in 0..7 {
                if rng.random_bool(0.1) {
                    continue;
                }
                // A bad night now and then brings a burst of cramps.
                let burst = if rng.random_bool(0.05) { 3 } else { 0 };
                let cramps = poisson(&mut rng, mean) + burst;
                nights.push(NightSummary::counted(
                    exp.week_range(week).0 + Duration::days(d),
                    cramps,
                ));
            }
        }
        let data = ExperimentData {
            nights,
            ..Default::default()
        };
        let after = exp.planned_end() + Duration::days(1);
        let verdict = analyse(&exp, &data, after, after).unwrap().verdict;
        fewer += u32::from(verdict == ExperimentVerdict::FewerCramps);
    }
    f64::from(fewer) / f64::from(SIMULATIONS)
}

#[test]
fn bad_spells_do_not_make_a_useless_routine_look_good() {
    // Weeks are good (0.3 cramps a night) or part of a bad spell (1.5 a night); a bad spell
    // goes on with probability 0.7 a week and starts with probability 0.2.
    let mut bad = false;
    let rate = false_fewer(11, move |_, rng| {
        bad = if bad {
            rng.random_bool(0.7)
        } else {
            rng.random_bool(0.2)
        };
        if bad { 1.5 } else { 0.3 }
    });
    eprintln!("bad spells: false 'fewer' in {:.1}%", rate * 100.0);
    assert!(
        rate <= 0.05,
        "false 'fewer' in {:.1}% of simulations",
        rate * 100.0
    );
}

#[test]
fn a_drift_down_does_not_make_a_useless_routine_look_good() {
    // Started after a bad fortnight: the rate falls from 1.2 to 0.2 a night over the 12 weeks
    // (regression to the mean), whatever the arm.
    let rate = false_fewer(12, |week, _| 1.2 - f64::from(week - 1) * (1.0 / 11.0));
    eprintln!("drift: false 'fewer' in {:.1}%", rate * 100.0);
    assert!(
        rate <= 0.05,
        "false 'fewer' in {:.1}% of simulations",
        rate * 100.0
    );
}

#[test]
fn a_routine_that_halves_cramps_is_usually_found() {
    // The other side of the coin: with 6 pairs only the two most extreme orders reach p <= 0.05,
    // so a real halving (1 cramp a night to 0.5) is found about a third of the time: rarely,
    // but ten times as often as a useless routine is called useful.
    let mut rng = StdRng::seed_from_u64(13);
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let mut found = 0;
    for _ in 0..500 {
        let exp = Experiment::draw(start, PAIRS, 0, &mut rng);
        let nights: Vec<NightSummary> = (0..i64::from(exp.weeks()) * 7)
            .map(|i| {
                let night_of = start + Duration::days(i);
                let routine =
                    exp.arm_on(night_of) == Some(cramp_diary::domain::experiment::Arm::Routine);
                let cramps = poisson(&mut rng, if routine { 0.5 } else { 1.0 });
                NightSummary::counted(night_of, cramps)
            })
            .collect();
        let data = ExperimentData {
            nights,
            ..Default::default()
        };
        let after = exp.planned_end() + Duration::days(1);
        found += u32::from(
            analyse(&exp, &data, after, after).unwrap().verdict == ExperimentVerdict::FewerCramps,
        );
    }
    assert!(found >= 125, "found a halving in only {found} of 500");
}
