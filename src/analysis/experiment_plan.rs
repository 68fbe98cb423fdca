//! What an experiment of N pairs can and cannot show, before it starts: the smallest p-value,
//! whether a verdict is reachable at all, and the chance of detecting a halving of cramps.

use super::experiment::{PairCounts, randomisation_test};
use super::rate::Counts;
use crate::domain::experiment::{THRESHOLD, smallest_p};
use rand::rngs::StdRng;
use rand::{Rng, RngExt, SeedableRng};

/// The power simulation is seeded, so the same diary always gets the same figure.
pub const POWER_SEED: u64 = 2015;
pub const POWER_SIMULATIONS: u32 = 400;
/// Recent history used for the power figure: this many nights before the start...
pub const RECENT_NIGHTS: u32 = 28;
/// ...of which at least this many must be usable, or the power is "unknown".
pub const MIN_RECENT_NIGHTS: u32 = 14;

#[derive(Debug, Clone, PartialEq)]
pub struct PlanFigures {
    pub pairs: u8,
    pub weeks: u8,
    pub washout_nights: u8,
    pub smallest_p: f64,
    pub can_reach_verdict: bool,
    /// Cramps per week in the recent nights, when there are enough of them.
    pub recent_per_week: Option<f64>,
    /// Chance (0-1) that a routine halving the cramp rate gives "fewer cramps"; `None` unknown.
    pub power_halving: Option<f64>,
    /// Why the power is unknown, in words.
    pub power_unknown: Option<String>,
}

impl PlanFigures {
    pub fn compute(pairs: u8, washout_nights: u8, recent: Counts) -> Self {
        let smallest = smallest_p(pairs);
        let can_reach = smallest <= THRESHOLD;
        let (recent_per_week, power, unknown) = if recent.nights < MIN_RECENT_NIGHTS {
            (
                None,
                None,
                Some(format!(
                    "unknown: {} of the last {RECENT_NIGHTS} nights are logged, {MIN_RECENT_NIGHTS} needed",
                    recent.nights
                )),
            )
        } else if recent.cramps == 0 {
            (
                Some(0.0),
                None,
                Some(format!(
                    "unknown: no cramps in the last {RECENT_NIGHTS} nights, so there is nothing to halve"
                )),
            )
        } else {
            let per_night = f64::from(recent.cramps) / f64::from(recent.nights);
            let power = if can_reach {
                power_halving(
                    pairs,
                    washout_nights,
                    per_night,
                    POWER_SIMULATIONS,
                    POWER_SEED,
                )
            } else {
                0.0
            };
            (Some(per_night * 7.0), Some(power), None)
        };
        Self {
            pairs,
            weeks: pairs * 2,
            washout_nights,
            smallest_p: smallest,
            can_reach_verdict: can_reach,
            recent_per_week,
            power_halving: power,
            power_unknown: unknown,
        }
    }
}

/// A Poisson draw (Knuth's method: fine for the few cramps a night brings).
pub fn poisson(rng: &mut impl Rng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut product: f64 = rng.random();
    let mut k = 0;
    while product > limit && k < 1000 {
        product *= rng.random::<f64>();
        k += 1;
    }
    k
}

/// Share of simulated experiments that end "fewer cramps" when routine weeks have half the
/// rest weeks' rate `per_night`, every night logged.
pub fn power_halving(pairs: u8, washout: u8, per_night: f64, sims: u32, seed: u64) -> f64 {
    let mut rng = StdRng::seed_from_u64(seed);
    let nights = 7 - u32::from(washout);
    let week = |rng: &mut StdRng, mean: f64| Counts {
        cramps: (0..nights).map(|_| poisson(rng, mean)).sum(),
        nights,
    };
    let mut fewer = 0;
    for _ in 0..sims {
        let data: Vec<PairCounts> = (0..pairs)
            .map(|_| PairCounts {
                routine: week(&mut rng, per_night / 2.0),
                rest: week(&mut rng, per_night),
            })
            .collect();
        if let Some((s, p)) = randomisation_test(&data)
            && s < 0.0
            && p <= THRESHOLD + super::experiment::TOLERANCE
        {
            fewer += 1;
        }
    }
    f64::from(fewer) / f64::from(sims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_pairs_can_never_reach_a_verdict_six_can() {
        let recent = Counts {
            cramps: 20,
            nights: 28,
        };
        let five = PlanFigures::compute(5, 0, recent);
        assert!(!five.can_reach_verdict);
        assert_eq!(five.power_halving, Some(0.0));
        let six = PlanFigures::compute(6, 0, recent);
        assert!(six.can_reach_verdict);
        assert_eq!(six.smallest_p, 2.0 / 64.0);
    }

    #[test]
    fn more_pairs_and_more_cramps_give_more_power() {
        let six = power_halving(6, 0, 0.7, 200, 1);
        let twelve = power_halving(12, 0, 0.7, 200, 1);
        assert!(six > 0.2 && twelve > six, "six {six}, twelve {twelve}");
    }

    #[test]
    fn power_is_unknown_with_a_thin_history() {
        let plan = PlanFigures::compute(
            6,
            0,
            Counts {
                cramps: 5,
                nights: 10,
            },
        );
        assert_eq!(plan.power_halving, None);
        assert!(plan.power_unknown.unwrap().contains("10 of the last 28"));
    }
}
