//! What an experiment of N pairs can and cannot show, before it starts: the smallest p-value,
//! whether a verdict is reachable at all, and the chance of detecting a halving of cramps at 6,
//! 8 and 12 pairs, simulated from the person's own recent cramp rate, its week-to-week spread and
//! how many nights they log.

use super::experiment::{Direction, PairCounts, randomisation_test};
use super::phases::NightSummary;
use super::rate::Counts;
use crate::domain::NightStatus;
use crate::domain::experiment::{MIN_USABLE_NIGHTS, THRESHOLD, smallest_p};
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, RngExt, SeedableRng};
use rand_distr::{Distribution, Gamma, Poisson};

/// The power simulation is seeded, so the same diary always gets the same figure.
pub const POWER_SEED: u64 = 2015;
pub const POWER_SIMULATIONS: u32 = 400;
/// The lengths the plan compares.
pub const POWER_PAIRS: [u8; 3] = [6, 8, 12];
/// A length is recommended when it finds a halving at least this often.
pub const POWER_WANTED: f64 = 0.8;
/// Recent history used for the power figures: this many nights before the start (8 weeks)...
pub const RECENT_NIGHTS: u32 = 56;
/// ...of which at least this many must be usable, or the power is "unknown".
pub const MIN_RECENT_NIGHTS: u32 = 14;

/// The person's recent nights, as the simulation uses them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    pub counts: Counts,
    /// Cramps per usable night.
    pub per_night: f64,
    /// Week-to-week spread: the variance of a week's cramps over its mean, moderated towards 1
    /// (1 = as steady as independent cramps; 3 = three times as spread).
    pub spread: f64,
    /// Usable nights over the calendar nights of the window since the first night logged in it
    /// (a diary that began inside the window has not missed the nights before it).
    pub coverage: f64,
}

impl Baseline {
    /// From the nights of `from..=to` (the weeks counted back from `to`).
    pub fn of(nights: &[NightSummary], from: NaiveDate, to: NaiveDate) -> Self {
        let usable: Vec<&NightSummary> = nights
            .iter()
            .filter(|n| n.night_of >= from && n.night_of <= to)
            .filter(|n| n.status != NightStatus::Excluded)
            .collect();
        let counts = Counts {
            cramps: usable.iter().map(|n| n.cramps).sum(),
            nights: usable.len() as u32,
        };
        let began = nights
            .iter()
            .map(|n| n.night_of)
            .filter(|d| *d >= from && *d <= to)
            .min()
            .unwrap_or(from);
        let calendar = (to - began).num_days() + 1;
        let per_night = if counts.nights > 0 {
            f64::from(counts.cramps) / f64::from(counts.nights)
        } else {
            0.0
        };
        // 7-night blocks counted back from `to`; a block with fewer than 4 usable nights says
        // little about a week and is left out of the spread.
        let mut blocks: Vec<(f64, f64)> = Vec::new();
        let mut end = to;
        while end >= from {
            let start = (end - Duration::days(6)).max(from);
            let inside = usable
                .iter()
                .filter(|n| n.night_of >= start && n.night_of <= end);
            let (c, n) = inside.fold((0u32, 0u32), |(c, n), x| (c + x.cramps, n + 1));
            if n >= MIN_USABLE_NIGHTS {
                blocks.push((f64::from(c), f64::from(n)));
            }
            end = start - Duration::days(1);
        }
        let pearson: f64 = blocks
            .iter()
            .filter(|(_, n)| per_night * n > 0.0)
            .map(|(c, n)| (c - per_night * n).powi(2) / (per_night * n))
            .sum();
        let dof = blocks.len().saturating_sub(1) as f64;
        // One pseudo-week at 1 for every real one, as the weekly interval moderates its own.
        let spread = ((2.0 + dof * pearson / dof.max(1.0)) / (2.0 + dof)).max(1.0);
        Self {
            counts,
            per_night,
            spread,
            coverage: if calendar > 0 {
                f64::from(counts.nights) / calendar as f64
            } else {
                0.0
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanFigures {
    pub pairs: u8,
    pub weeks: u8,
    pub washout_nights: u8,
    pub smallest_p: f64,
    pub can_reach_verdict: bool,
    pub baseline: Baseline,
    /// Chance (0-1) that an intervention halving the cramp rate gives "fewer cramps", for each
    /// of [`POWER_PAIRS`]; empty when unknown.
    pub power: Vec<(u8, f64)>,
    /// Why the power is unknown, in words.
    pub power_unknown: Option<String>,
    /// The length recommended: the shortest of [`POWER_PAIRS`] reaching [`POWER_WANTED`], else
    /// the longest; the default when the power is unknown.
    pub recommended: u8,
}

impl PlanFigures {
    pub fn compute(pairs: u8, washout_nights: u8, baseline: Baseline) -> Self {
        let smallest = smallest_p(pairs);
        let recent = baseline.counts;
        let unknown = if recent.nights < MIN_RECENT_NIGHTS {
            Some(format!(
                "unknown: {} of the last {RECENT_NIGHTS} nights are logged, {MIN_RECENT_NIGHTS} needed",
                recent.nights
            ))
        } else if recent.cramps == 0 {
            Some(format!(
                "unknown: no cramps in the last {RECENT_NIGHTS} nights, so there is nothing to halve"
            ))
        } else {
            None
        };
        let power: Vec<(u8, f64)> = if unknown.is_some() {
            Vec::new()
        } else {
            POWER_PAIRS
                .iter()
                .map(|&n| {
                    let p =
                        power_halving(n, washout_nights, &baseline, POWER_SIMULATIONS, POWER_SEED);
                    (n, p)
                })
                .collect()
        };
        let recommended = power
            .iter()
            .find(|(_, p)| *p >= POWER_WANTED)
            .or(power.last())
            .map_or(crate::domain::experiment::DEFAULT_PAIRS, |(n, _)| *n);
        Self {
            pairs,
            weeks: pairs * 2,
            washout_nights,
            smallest_p: smallest,
            can_reach_verdict: smallest <= THRESHOLD,
            baseline,
            power,
            power_unknown: unknown,
            recommended,
        }
    }

    /// Cramps per week in the recent nights, when there are enough of them.
    pub fn recent_per_week(&self) -> Option<f64> {
        (self.baseline.counts.nights >= MIN_RECENT_NIGHTS).then_some(self.baseline.per_night * 7.0)
    }

    /// The simulated power for `pairs`, when it is one of the lengths compared.
    pub fn power_for(&self, pairs: u8) -> Option<f64> {
        self.power
            .iter()
            .find(|(n, _)| *n == pairs)
            .map(|(_, p)| *p)
    }
}

/// A Poisson draw (`rand_distr`'s); 0 for a mean of 0.
pub fn poisson(rng: &mut impl Rng, mean: f64) -> u32 {
    match Poisson::new(mean) {
        Ok(d) => d.sample(rng) as u32,
        Err(_) => 0,
    }
}

/// One simulated week: nights logged with the baseline's coverage, cramps at `mean` a night
/// times a week-long factor with the baseline's spread, the washout nights left out.
pub fn simulated_week(rng: &mut StdRng, mean: f64, washout: u8, baseline: &Baseline) -> Counts {
    let week_mean = mean * 7.0;
    // A gamma factor of mean 1 and variance (spread - 1) / week mean gives a week's count the
    // variance spread x mean, as in the person's diary.
    let factor = if baseline.spread > 1.0 && week_mean > 0.0 {
        let v = (baseline.spread - 1.0) / (baseline.per_night * 7.0);
        Gamma::new(1.0 / v, v).map_or(1.0, |g| g.sample(rng))
    } else {
        1.0
    };
    let mut counts = Counts {
        cramps: 0,
        nights: 0,
    };
    for night in 0..7 {
        let logged = rng.random_bool(baseline.coverage.clamp(0.0, 1.0));
        let cramps = poisson(rng, mean * factor);
        if logged && night >= washout {
            counts.cramps += cramps;
            counts.nights += 1;
        }
    }
    counts
}

/// Share of simulated experiments that end "fewer cramps" when on weeks have half the off
/// weeks' rate, the diary behaving as `baseline` does.
pub fn power_halving(pairs: u8, washout: u8, baseline: &Baseline, sims: u32, seed: u64) -> f64 {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut fewer = 0;
    for _ in 0..sims {
        let data: Vec<PairCounts> = (0..pairs)
            .map(|_| PairCounts {
                on: simulated_week(&mut rng, baseline.per_night / 2.0, washout, baseline),
                off: simulated_week(&mut rng, baseline.per_night, washout, baseline),
            })
            .collect();
        let enough = data
            .iter()
            .all(|p| p.on.nights >= MIN_USABLE_NIGHTS && p.off.nights >= MIN_USABLE_NIGHTS);
        if enough
            && randomisation_test(&data, THRESHOLD).is_some_and(|t| t.direction == Direction::Fewer)
        {
            fewer += 1;
        }
    }
    f64::from(fewer) / f64::from(sims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steady(per_night: f64) -> Baseline {
        Baseline {
            counts: Counts {
                cramps: (per_night * 56.0) as u32,
                nights: 56,
            },
            per_night,
            spread: 1.0,
            coverage: 1.0,
        }
    }

    #[test]
    fn five_pairs_can_never_reach_a_verdict_six_can() {
        let five = PlanFigures::compute(5, 0, steady(0.7));
        assert!(!five.can_reach_verdict);
        let six = PlanFigures::compute(6, 0, steady(0.7));
        assert!(six.can_reach_verdict);
        assert_eq!(six.smallest_p, 2.0 / 64.0);
    }

    #[test]
    fn more_pairs_more_cramps_and_less_spread_give_more_power() {
        let b = steady(0.7);
        let six = power_halving(6, 0, &b, 200, 1);
        let twelve = power_halving(12, 0, &b, 200, 1);
        assert!(six > 0.2 && twelve > six, "six {six}, twelve {twelve}");
        let few = power_halving(8, 0, &steady(0.15), 200, 1);
        let many = power_halving(8, 0, &steady(0.7), 200, 1);
        assert!(many > few, "0.7 a night {many}, 0.15 a night {few}");
        let spread = Baseline {
            spread: 4.0,
            ..steady(0.7)
        };
        let spread_power = power_halving(8, 0, &spread, 200, 1);
        assert!(spread_power < many, "spread {spread_power}, steady {many}");
    }

    #[test]
    fn the_shortest_length_with_80_percent_is_recommended_else_the_longest() {
        let plenty = PlanFigures::compute(8, 0, steady(1.5));
        assert_eq!(plenty.power.len(), 3);
        let first = plenty.power.iter().find(|(_, p)| *p >= 0.8).unwrap().0;
        assert_eq!(plenty.recommended, first);
        let rare = PlanFigures::compute(8, 0, steady(0.1));
        assert!(rare.power.iter().all(|(_, p)| *p < 0.8), "{:?}", rare.power);
        assert_eq!(rare.recommended, 12);
    }

    #[test]
    fn power_is_unknown_with_a_thin_history() {
        let thin = Baseline {
            counts: Counts {
                cramps: 5,
                nights: 10,
            },
            ..steady(0.5)
        };
        let plan = PlanFigures::compute(8, 0, thin);
        assert!(plan.power.is_empty());
        assert_eq!(plan.recommended, 8);
        assert!(plan.power_unknown.unwrap().contains("10 of the last 56"));
    }

    #[test]
    fn the_baseline_reads_rate_spread_and_coverage() {
        let from = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        // 8 weeks: alternately 0 and 14 cramps a week, every night logged but one week's 3.
        let nights: Vec<NightSummary> = (0..56)
            .filter(|i| !(7..10).contains(i))
            .map(|i| {
                let bad = (i / 7) % 2 == 1;
                NightSummary::counted(from + Duration::days(i), if bad { 2 } else { 0 })
            })
            .collect();
        let b = Baseline::of(&nights, from, from + Duration::days(55));
        assert_eq!(b.counts.nights, 53);
        assert!((b.coverage - 53.0 / 56.0).abs() < 1e-12);
        assert!(b.spread > 3.0, "spread {}", b.spread);
        let calm: Vec<NightSummary> = (0..56)
            .map(|i| NightSummary::counted(from + Duration::days(i), u32::from(i % 7 == 0)))
            .collect();
        let c = Baseline::of(&calm, from, from + Duration::days(55));
        assert_eq!(c.spread, 1.0);
    }
}
