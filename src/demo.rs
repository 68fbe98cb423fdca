//! Deterministic diaries: the demo, the dashboard snapshots and the benchmarks all draw from
//! here, so the same seed always gives the same nights.

use crate::domain::routine::Routine;
use crate::domain::session::{MassageSession, Technique};
use crate::domain::{CrampDuration, CrampEpisode, Leg, Muscle, NightDetails, NightStatus, Score};
use crate::store::{Batch, BulkNight};
use chrono::{Duration, NaiveDate, NaiveTime};

/// A small, fast, deterministic generator (a 64-bit LCG; good enough for made-up diaries).
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1))
    }

    pub fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: u32) -> u32 {
        (self.unit() * f64::from(n)) as u32 % n.max(1)
    }
}

/// What to make up, night by night from `first` to `last`.
#[derive(Debug, Clone)]
pub struct Plan {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub routine: Option<Routine>,
    /// Mean cramps per night before, during and after the routine (or throughout without one).
    pub rate_before: f64,
    pub rate_during: f64,
    pub rate_after: f64,
    /// Chance of a session on a routine day, and on any other day.
    pub session_chance_during: f64,
    pub session_chance_otherwise: f64,
    /// Chance a night is not logged, and that a logged one is excluded.
    pub missing: f64,
    pub excluded: f64,
    pub seed: u64,
}

impl Plan {
    /// `years` of nights ending `last`: about one cramp and one session a day.
    pub fn years(years: i64, last: NaiveDate) -> Self {
        Self {
            first: last - Duration::days(365 * years - 1),
            last,
            routine: None,
            rate_before: 1.0,
            rate_during: 1.0,
            rate_after: 1.0,
            session_chance_during: 1.0,
            session_chance_otherwise: 1.0,
            missing: 0.0,
            excluded: 0.0,
            seed: 7,
        }
    }
}

fn score(v: u32) -> Option<Score> {
    Score::new("demo", i64::from(v.min(10))).ok()
}

pub fn batch(plan: &Plan) -> Batch {
    let mut rng = Lcg::new(plan.seed);
    let mut out = Batch {
        routines: plan.routine.iter().cloned().collect(),
        ..Batch::default()
    };
    let mut day = plan.first;
    while day <= plan.last {
        let phase = plan.routine.as_ref().map(|r| {
            if day < r.start {
                0
            } else if day <= r.end() {
                1
            } else {
                2
            }
        });
        let (rate, session_chance) = match phase {
            Some(1) => (plan.rate_during, plan.session_chance_during),
            Some(2) => (plan.rate_after, plan.session_chance_otherwise),
            _ => (plan.rate_before, plan.session_chance_otherwise),
        };
        // Tightness eases over the routine: 6-7 before, about 3 by its end.
        let progress = plan.routine.as_ref().map_or(0.0, |r| {
            ((day - r.start).num_days() as f64 / r.planned_days() as f64).clamp(0.0, 1.0)
        });
        let tight = (6.5 - 3.5 * progress + rng.unit() * 2.0 - 1.0)
            .round()
            .max(0.0) as u32;
        if rng.unit() >= plan.missing {
            let excluded = rng.unit() < plan.excluded;
            let cramps = (0..4).filter(|_| rng.unit() < rate / 4.0).count();
            let episodes: Vec<CrampEpisode> = (0..cramps)
                .map(|_| CrampEpisode {
                    leg: [Leg::Left, Leg::Right, Leg::Left, Leg::Both][rng.below(4) as usize],
                    muscle: if rng.unit() < 0.85 {
                        Muscle::Calf
                    } else {
                        Muscle::Foot
                    },
                    intensity: Score::new("demo", i64::from(3 + rng.below(6)))
                        .unwrap_or_else(|_| unreachable!("3-8 is a valid score")),
                    duration: CrampDuration::from_seconds(i64::from(20 + rng.below(160)))
                        .unwrap_or_else(|_| unreachable!("20-179 s is a valid duration")),
                    at: NaiveTime::from_hms_opt(1 + rng.below(5), rng.below(60), 0),
                    woke: rng.unit() < 0.8,
                    note: None,
                })
                .collect();
            let status = match (excluded, episodes.is_empty()) {
                (true, _) => NightStatus::Excluded,
                (false, true) => NightStatus::None,
                (false, false) => NightStatus::Cramps,
            };
            out.nights.push(BulkNight {
                night_of: day,
                status,
                exclude_reason: excluded.then(|| "travel".to_string()),
                details: NightDetails {
                    tight_left: score(tight),
                    tight_right: score(tight + rng.below(2)),
                    sleep_disturbance: score(if cramps > 0 {
                        3 + rng.below(4)
                    } else {
                        rng.below(3)
                    }),
                    ..NightDetails::default()
                },
                episodes,
            });
        }
        if rng.unit() < session_chance {
            out.sessions.push(MassageSession {
                at: day.and_hms_opt(19, rng.below(60), 0).unwrap_or_default(),
                technique: if rng.unit() < 0.7 {
                    Technique::FoamRoller
                } else {
                    Technique::Ball
                },
                legs: Leg::Both,
                minutes_per_calf: Some(6 + rng.below(5) as u8),
                pain: score(4 + rng.below(3)),
                speed: None,
                head: None,
                spots: Some(2 + rng.below(3) as u8),
                seconds_per_spot: Some(30),
                tight_before: score(tight + 1),
                tight_after: score(tight.saturating_sub(1)),
                side_effects: Vec::new(),
                note: None,
            });
        }
        day += Duration::days(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_plan_gives_the_same_diary() {
        let last = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let a = batch(&Plan::years(1, last));
        let b = batch(&Plan::years(1, last));
        assert_eq!(a, b);
        assert_eq!(a.nights.len(), 365);
        let cramps: usize = a.nights.iter().map(|n| n.episodes.len()).sum();
        assert!((300..=430).contains(&cramps), "about one a night: {cramps}");
        assert_eq!(a.sessions.len(), 365);
    }
}
