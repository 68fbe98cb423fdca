//! Diaries in which the routine does nothing (unless told to), under issue 21's five models of
//! how cramps come. Each night is logged with probability 0.9; the baseline is 28 nights.

use chrono::{Duration, NaiveDate};
use cramp_diary::analysis::phases::NightSummary;
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};

pub const LOGGED: f64 = 0.9;
pub const BASELINE: i64 = 28;
/// Weeks of history before the baseline in model (d), read by the regression check.
pub const PRIOR: i64 = 56;

pub fn rng(seed: u64) -> TestRng {
    let mut bytes = [7u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// Knuth's method; the rates here are small.
pub fn poisson(rng: &mut TestRng, lambda: f64) -> u32 {
    let limit = (-lambda).exp();
    let (mut k, mut p) = (0, rng.random::<f64>());
    while p > limit {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Model {
    /// (a) Every cramp independent: Poisson, 0.5 a night.
    Poisson,
    /// (a') Poisson at 0.75 a night (5 a week): the setting of the power figures.
    Poisson75,
    /// (b) Several cramps on bad nights: negative binomial, k = 1, mean 0.5.
    SeveralANight,
    /// (c) Spells: 0.25 or 1.5 a night, bad spells about 7 nights, good about 21.
    Spells,
    /// (d) The routine starts right after a fortnight at or above the 75th centile of the
    /// person's history (a year of the spells model); 8 weeks of history are in the diary.
    AfterABadFortnight,
    /// (d) on independent Poisson nights (0.5 a night).
    AfterABadFortnightPoisson,
    /// (e) Slow drift from 0.6 to 0.4 a night over the baseline and the routine.
    Drift,
}

impl Model {
    pub fn name(self) -> &'static str {
        match self {
            Model::Poisson => "(a) Poisson 0.5/night",
            Model::Poisson75 => "(a) Poisson 0.75/night",
            Model::SeveralANight => "(b) several a night (NB k=1)",
            Model::Spells => "(c) spells 7/21 nights",
            Model::AfterABadFortnight => "(d) after a bad fortnight, spells",
            Model::AfterABadFortnightPoisson => "(d) after a bad fortnight, Poisson",
            Model::Drift => "(e) drift 0.6 -> 0.4",
        }
    }

    pub fn has_history(self) -> bool {
        matches!(
            self,
            Model::AfterABadFortnight | Model::AfterABadFortnightPoisson
        )
    }
}

/// A two-state spell chain: bad (1.5 a night) or good (0.25), leaving a bad spell with
/// probability 1/7 a night and a good one with 1/21, started from its long-run mix.
struct Spells {
    bad: bool,
}

impl Spells {
    fn new(rng: &mut TestRng) -> Self {
        Self {
            bad: rng.random::<f64>() < 0.25,
        }
    }

    fn rate(&mut self, rng: &mut TestRng) -> f64 {
        let rate = if self.bad { 1.5 } else { 0.25 };
        let leave = if self.bad { 1.0 / 7.0 } else { 1.0 / 21.0 };
        if rng.random::<f64>() < leave {
            self.bad = !self.bad;
        }
        rate
    }
}

/// Cramps each night: `PRIOR` nights of history when the model has it, the 28 baseline nights,
/// then `routine` nights whose rate is multiplied by `effect`.
pub fn cramps(model: Model, routine: i64, effect: f64, rng: &mut TestRng) -> Vec<u32> {
    let total = BASELINE + routine;
    let thin = |rng: &mut TestRng, c: u32, p: f64| {
        (0..c).filter(|_| rng.random::<f64>() < p).count() as u32
    };
    match model {
        Model::Poisson | Model::Poisson75 => {
            let rate = if model == Model::Poisson { 0.5 } else { 0.75 };
            (0..total)
                .map(|i| poisson(rng, rate * if i < BASELINE { 1.0 } else { effect }))
                .collect()
        }
        Model::SeveralANight => (0..total)
            .map(|i| {
                // Gamma(1, 0.5) is exponential with mean 0.5.
                let lambda = -0.5 * (1.0 - rng.random::<f64>()).ln();
                poisson(rng, lambda * if i < BASELINE { 1.0 } else { effect })
            })
            .collect(),
        Model::Spells => {
            let mut s = Spells::new(rng);
            (0..total)
                .map(|i| {
                    let r = s.rate(rng);
                    poisson(rng, r * if i < BASELINE { 1.0 } else { effect })
                })
                .collect()
        }
        Model::Drift => (0..total)
            .map(|i| {
                let rate = 0.6 - 0.2 * i as f64 / (total - 1) as f64;
                poisson(rng, rate * if i < BASELINE { 1.0 } else { effect })
            })
            .collect(),
        Model::AfterABadFortnight | Model::AfterABadFortnightPoisson => {
            // A year of history; the routine starts the first night on which the 14 nights
            // before it reach the 75th centile of the year's 14-night counts.
            const YEAR: usize = 365;
            let spells = model == Model::AfterABadFortnight;
            let mut s = Spells::new(rng);
            let mut night = |rng: &mut TestRng| {
                let rate = if spells { s.rate(rng) } else { 0.5 };
                poisson(rng, rate)
            };
            let mut life: Vec<u32> = (0..YEAR).map(|_| night(rng)).collect();
            let mut fortnights: Vec<u32> = life.windows(14).map(|w| w.iter().sum()).collect();
            fortnights.sort_unstable();
            let centile = fortnights[(0.75 * fortnights.len() as f64).ceil() as usize - 1];
            while life[life.len() - 14..].iter().sum::<u32>() < centile {
                life.push(night(rng));
            }
            let from = life.len() - (PRIOR + BASELINE) as usize;
            let mut out = life[from..].to_vec();
            // The routine does nothing to the process; a true effect thins its cramps.
            for _ in 0..routine {
                let c = night(rng);
                out.push(thin(rng, c, effect));
            }
            out
        }
    }
}

/// The nights logged (each with probability 0.9) from `first`, as the analysis reads them.
pub fn logged(cramps: &[u32], first: NaiveDate, rng: &mut TestRng) -> Vec<NightSummary> {
    cramps
        .iter()
        .enumerate()
        .filter(|_| rng.random::<f64>() < LOGGED)
        .map(|(i, &c)| NightSummary::counted(first + Duration::days(i as i64), c))
        .collect()
}
