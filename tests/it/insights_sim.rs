//! Calibration of the factor insights by seeded simulation (issue 23). Diaries of a year are
//! generated in memory (each night logged with probability 0.9, a few excluded) with cramps in
//! bad spells and thirteen factors that have NO link to cramps: random, clustered in time,
//! following the season when cramps do, or driven by the night before (tightness after a night
//! of cramps). The app's own analysis (`Insights::compute`) looks at every factor; a false
//! "linked" for ANY factor must happen in at most 5% of diaries in every model. Power to find a
//! doubling is measured the same way. Deterministic: fixed seeds, no clock. The figures it
//! prints (`--nocapture`) are the ones in the README.

use chrono::{Datelike, Duration, NaiveDate};
use cramp_diary::analysis::experiment_plan::poisson;
use cramp_diary::analysis::insights::{Factor, InsightData, Insights, LEVEL, Link};
use cramp_diary::analysis::phases::NightSummary;
use cramp_diary::domain::NightStatus;
use cramp_diary::domain::context::DailyContext;
use cramp_diary::domain::session::Technique;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Diaries per model (the issue asks for a rate; 1,000 gives it to about ±1.4%).
const REPLICATES: usize = 1_000;
/// A year of nights, unless a model says otherwise.
const YEAR: i64 = 365;
const LOGGED: f64 = 0.9;
const EXCLUDED: f64 = 0.03;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Cramps {
    /// Two-state bad spells: 0.25 or 1.5 cramps a night, spells about 7 nights long.
    Spells,
    /// Spells about three weeks long: longer than the 7-night blocks.
    LongSpells,
    /// Spells, and twice as many cramps in summer as in winter.
    SeasonalSpells,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Factors {
    /// Each factor drawn afresh every day.
    Random,
    /// Each factor in runs (on or off for about 10 days at a time).
    Clustered,
    /// Clustered, "heat" in summer only, and tightness higher the morning after cramps.
    SeasonAndNightBefore,
}

/// What a simulated diary's factors do to the cramp rate (1.0: nothing).
#[derive(Clone, Copy, Debug)]
struct Effect {
    alcohol: f64,
}

const NONE: Effect = Effect { alcohol: 1.0 };

/// A yes/no factor that is either drawn each day or kept in runs.
struct Switch {
    on: bool,
    share: f64,
    run: f64,
}

impl Switch {
    fn new(share: f64, rng: &mut StdRng) -> Self {
        Self {
            on: rng.random::<f64>() < share,
            share,
            run: 10.0,
        }
    }

    fn next(&mut self, clustered: bool, rng: &mut StdRng) -> bool {
        if !clustered {
            self.on = rng.random::<f64>() < self.share;
        } else {
            // Leave "on" after `run` days on average, keeping the long-run share.
            let leave = if self.on {
                1.0 / self.run
            } else {
                self.share / (1.0 - self.share) / self.run
            };
            if rng.random::<f64>() < leave {
                self.on = !self.on;
            }
        }
        self.on
    }
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

fn diary(
    nights: i64,
    cramps: Cramps,
    factors: Factors,
    effect: Effect,
    rng: &mut StdRng,
) -> InsightData {
    let clustered = factors != Factors::Random;
    let switch = match cramps {
        Cramps::LongSpells => 1.0 / 21.0,
        _ => 1.0 / 7.0,
    };
    let mut bad = rng.random::<f64>() < 0.5;
    let mut tight = 4.0_f64;
    let mut previous_cramps = 0;
    let [
        mut roller,
        mut gun,
        mut stretch,
        mut magnesium,
        mut potassium,
        mut exercise,
        mut fluids,
        mut alcohol,
        mut standing,
        mut shift,
        mut heat,
    ] = [0.4, 0.15, 0.3, 0.4, 0.3, 0.4, 0.5, 0.2, 0.15, 0.2, 0.3]
        .map(|share| Switch::new(share, rng));
    let mut data = InsightData::default();
    for i in 0..nights {
        let d = start() + Duration::days(i);
        if rng.random::<f64>() < switch {
            bad = !bad;
        }
        let summer = (5..=8).contains(&d.month());
        let season = match cramps {
            Cramps::SeasonalSpells if summer => 2.0,
            _ => 1.0,
        };
        // The day's factors.
        let mut techniques = Vec::new();
        if roller.next(clustered, rng) {
            techniques.push(Technique::FoamRoller);
        }
        if gun.next(clustered, rng) {
            techniques.push(Technique::MassageGun);
        }
        if stretch.next(clustered, rng) {
            techniques.push(Technique::Stretch);
        }
        if !techniques.is_empty() {
            data.sessions.insert(d, techniques);
        }
        if rng.random::<f64>() < 0.7 {
            data.context.insert(
                d,
                DailyContext {
                    fluids_dl: Some(if fluids.next(clustered, rng) { 25 } else { 15 }),
                    magnesium_mg: magnesium.next(clustered, rng).then_some(300),
                    potassium: Some(potassium.next(clustered, rng)),
                    exercise_min: Some(if exercise.next(clustered, rng) {
                        45
                    } else {
                        10
                    }),
                    medication: None,
                },
            );
        }
        let drank = alcohol.next(clustered, rng);
        let mut tags = Vec::new();
        if drank {
            tags.push("alcohol".to_string());
        }
        if standing.next(clustered, rng) {
            tags.push("long standing".to_string());
        }
        if shift.next(clustered, rng) {
            tags.push("long shift".to_string());
        }
        let hot = match factors {
            Factors::SeasonAndNightBefore => summer && heat.next(true, rng),
            _ => heat.next(clustered, rng),
        };
        if hot {
            tags.push("heat".to_string());
        }
        // The morning's tightness (logged with the night before this one).
        tight = (tight + rng.random_range(-1.5..1.5)).clamp(0.0, 8.0);
        let morning = match factors {
            Factors::SeasonAndNightBefore => {
                (tight + 2.0 * f64::from(previous_cramps.min(3))).min(10.0)
            }
            _ => tight,
        };
        if let Some(last) = data.nights.last_mut()
            && last.night_of == d - Duration::days(1)
            && rng.random::<f64>() < 0.85
        {
            last.tight_left = Some(morning.round() as u8);
            last.tight_right = Some((morning - 1.0).max(0.0).round() as u8);
        }
        let rate = if bad { 1.5 } else { 0.25 } * season * if drank { effect.alcohol } else { 1.0 };
        let count = poisson(rng, rate);
        previous_cramps = count;
        if rng.random::<f64>() >= LOGGED {
            continue;
        }
        if !tags.is_empty() {
            data.tags.insert(d, tags);
        }
        let mut n = NightSummary::counted(d, count);
        if rng.random::<f64>() < EXCLUDED {
            n.status = NightStatus::Excluded;
            n.cramps = 0;
        }
        data.nights.push(n);
    }
    data
}

#[derive(Default, Debug)]
struct Tally {
    diaries: usize,
    /// Diaries with any factor "linked".
    any_linked: usize,
    /// Tested factors, and those whose unadjusted 95% interval excluded 1.
    tested: usize,
    unadjusted: usize,
    /// Diaries where alcohol was tested, and where it was "linked" (power).
    alcohol_tested: usize,
    alcohol_linked: usize,
}

fn pct(n: usize, of: usize) -> f64 {
    n as f64 * 100.0 / of.max(1) as f64
}

fn simulate(
    nights: i64,
    (cramps, factors): (Cramps, Factors),
    effect: Effect,
    replicates: usize,
    seed: u64,
) -> Tally {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut t = Tally::default();
    for _ in 0..replicates {
        let data = diary(nights, cramps, factors, effect, &mut rng);
        let insights = Insights::compute(&data);
        t.diaries += 1;
        t.any_linked += usize::from(insights.factors.iter().any(|f| f.link == Link::Linked));
        for f in insights
            .factors
            .iter()
            .filter(|f| f.link != Link::NotEnoughNights)
        {
            if std::env::var("SIM_DEBUG").is_ok_and(|m| m == format!("{cramps:?}"))
                && f.association.is_some_and(|a| a.p < 0.005)
            {
                eprintln!(
                    "DBG {} {:?} with {} without {}",
                    f.factor.key(),
                    f.association,
                    f.compared_with,
                    f.compared_without
                );
            }
            t.tested += 1;
            t.unadjusted += usize::from(f.association.is_some_and(|a| a.p < LEVEL));
        }
        if let Some(a) = insights.factor(&Factor::Tag("alcohol".into()).key())
            && a.link != Link::NotEnoughNights
        {
            t.alcohol_tested += 1;
            t.alcohol_linked += usize::from(
                a.link == Link::Linked && a.association.is_some_and(|x| x.estimate > 1.0),
            );
        }
    }
    eprintln!(
        "{nights} nights, {cramps:?} × {factors:?} (alcohol x{}): any factor linked {:.1}% of diaries · unadjusted intervals excluding 1: {:.1}% of {} tests · alcohol linked {:.1}% of {} diaries where tested",
        effect.alcohol,
        pct(t.any_linked, t.diaries),
        pct(t.unadjusted, t.tested),
        t.tested,
        pct(t.alcohol_linked, t.alcohol_tested),
        t.alcohol_tested,
    );
    t
}

#[test]
fn factors_with_no_link_are_rarely_called_linked() {
    let models = [
        (YEAR, (Cramps::Spells, Factors::Random)),
        (YEAR, (Cramps::Spells, Factors::Clustered)),
        (YEAR, (Cramps::LongSpells, Factors::Clustered)),
        (
            YEAR,
            (Cramps::SeasonalSpells, Factors::SeasonAndNightBefore),
        ),
        (120, (Cramps::Spells, Factors::Clustered)),
    ];
    let tallies: Vec<Tally> = models
        .iter()
        .enumerate()
        .map(|(i, (nights, model))| simulate(*nights, *model, NONE, REPLICATES, 2300 + i as u64))
        .collect();
    for ((nights, model), t) in models.into_iter().zip(tallies) {
        assert!(
            pct(t.any_linked, t.diaries) <= 5.0,
            "{nights} nights, {model:?}: a false \"linked\" in {:.1}% of diaries",
            pct(t.any_linked, t.diaries)
        );
        assert!(
            pct(t.unadjusted, t.tested) <= 6.0,
            "{model:?}: unadjusted intervals exclude 1 in {:.1}% of tests",
            pct(t.unadjusted, t.tested)
        );
        if nights == YEAR {
            assert!(
                t.tested >= 10 * REPLICATES,
                "most factors should be tested: {t:?}"
            );
        }
    }
}

#[test]
fn a_doubling_is_found_in_a_reported_share_of_diaries() {
    // Alcohol on about 20% of nights doubles that night's cramps; twelve other factors do
    // nothing. The README quotes these figures.
    let double = Effect { alcohol: 2.0 };
    let model = (Cramps::Spells, Factors::Random);
    let half_year = simulate(182, model, double, 400, 2398);
    let year = simulate(YEAR, model, double, 400, 2399);
    let two_years = simulate(2 * YEAR, model, double, 400, 2400);
    let power = |t: &Tally| pct(t.alcohol_linked, t.alcohol_tested);
    assert!(power(&year) >= 50.0, "{year:?}");
    assert!(power(&half_year) < power(&year) && power(&year) < power(&two_years));
}
