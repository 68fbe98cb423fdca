//! One factor's link with the cramp rate: a stratified Poisson rate ratio with a
//! clustering-robust 95% interval, and Holm's adjustment across factors.
//!
//! Each usable night `j` has a cramp count `y_j`, an exposure `x_j` (1 with the factor, 0
//! without), a stratum `s_j` (its calendar month and the kind of night before it) and a block
//! `g_j` (its calendar month: every stratum lies inside one block). The model is Poisson with
//! one rate per stratum and one ratio `exp(β)` for the factor, `μ_j = λ_s · exp(β · x_j)`, fitted
//! by maximum likelihood: so nights are compared only with nights of the same stratum, and
//! strata that hold only one kind of night drop out. With `T1_s`, `T0_s` nights with and without
//! in stratum `s`, `a_s` cramps on the nights with and `n_s` in all, the profile score is
//! `U(β) = Σ_s a_s − n_s·p_s(β)`, `p_s = T1_s·e^β / (T1_s·e^β + T0_s)`, and the information
//! `I = Σ_s n_s·p_s·(1 − p_s)`.
//!
//! The variance allows for cramps coming in bad spells: the blocks, not the nights, are the
//! independent units. It is the bias-reduced cluster-robust variance (CR2, Bell and McCaffrey
//! 2002): with `u_g = Σ_{j in g} (x_j − p_s)(y_j − μ_j)` the block's score and
//! `a_g = Σ_{j in g} (x_j − p_s)²·μ_j / I` its share of the information,
//! `var(β) = Σ_g u_g² / (1 − a_g) / I²` (because strata lie inside blocks, the CR2 adjustment
//! reduces to that one factor per block), but never below the Poisson variance `1 / I` (cramps
//! are never taken to be more regular than independent ones). The interval is `exp(β ± t(0.975, df) · se)` with
//! Bell and McCaffrey's degrees of freedom under the same model,
//! `df = 1 / (Σ a_g² + (Σ b_g)² − Σ b_g²)`, `b_g = a_g² / (1 − a_g)`: `G − 1` for `G` equal
//! blocks, fewer when a few blocks carry most of the information. The two-sided p-value comes
//! from the same `t`, so an interval excludes 1 exactly when p < 0.05.
//!
//! When one side had no cramps the estimate is 0 (or unbounded) and, for the interval and the
//! p-value only, half a cramp is added to each side, spread evenly over its nights.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// One usable night as the model sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NightObs {
    pub stratum: u32,
    /// Blocks of consecutive nights, numbered from 0 in time order.
    pub cluster: u32,
    pub exposed: bool,
    pub cramps: u32,
}

/// The rate ratio with/without, its 95% interval and two-sided p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Association {
    /// `0.0` when nights with the factor had no cramps, `f64::INFINITY` when nights without had none.
    pub estimate: f64,
    pub lo: f64,
    pub hi: f64,
    pub p: f64,
    /// Bell and McCaffrey's degrees of freedom of the interval's `t`.
    pub df: f64,
    /// Blocks (clusters) holding a compared night.
    pub clusters: usize,
    /// Strata holding nights both with and without the factor.
    pub strata: usize,
    /// Nights in those strata.
    pub nights: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Stratum {
    with_nights: f64,
    without_nights: f64,
    with_cramps: f64,
    without_cramps: f64,
}

impl Stratum {
    fn share(&self, beta: f64) -> f64 {
        let w = self.with_nights * beta.exp();
        w / (w + self.without_nights)
    }

    fn cramps(&self) -> f64 {
        self.with_cramps + self.without_cramps
    }
}

/// The score `U(β)` (decreasing in β) and the information `I(β)`.
fn score(strata: &[Stratum], beta: f64) -> (f64, f64) {
    strata.iter().fold((0.0, 0.0), |(u, i), s| {
        let p = s.share(beta);
        let n = s.cramps();
        (u + s.with_cramps - n * p, i + n * p * (1.0 - p))
    })
}

/// The root of the score: Newton's steps kept inside a bracket that halves when they stray.
fn solve(strata: &[Stratum], start: f64) -> f64 {
    let (mut lo, mut hi) = (start - 1.0, start + 1.0);
    while score(strata, lo).0 < 0.0 && lo > -50.0 {
        lo -= 2.0 * (start - lo);
    }
    while score(strata, hi).0 > 0.0 && hi < 50.0 {
        hi += 2.0 * (hi - start);
    }
    let mut beta = start;
    for _ in 0..100 {
        let (u, info) = score(strata, beta);
        if u.abs() < 1e-12 {
            break;
        }
        if u > 0.0 {
            lo = beta;
        } else {
            hi = beta;
        }
        let newton = beta + u / info;
        beta = if info > 0.0 && newton > lo && newton < hi {
            newton
        } else {
            (lo + hi) / 2.0
        };
        if hi - lo < 1e-14 {
            break;
        }
    }
    beta
}

/// The stratified rate ratio with its cluster-robust interval; `None` when the nights cannot
/// give one (no stratum with both kinds of night, no cramps in them, fewer than two blocks, or
/// one block holding all the information). Strata must lie inside blocks.
pub fn stratified_rate_ratio(nights: &[NightObs]) -> Option<Association> {
    let top = nights.iter().map(|n| n.stratum).max()? as usize;
    let mut strata = vec![Stratum::default(); top + 1];
    for n in nights {
        let s = &mut strata[n.stratum as usize];
        if n.exposed {
            s.with_nights += 1.0;
            s.with_cramps += f64::from(n.cramps);
        } else {
            s.without_nights += 1.0;
            s.without_cramps += f64::from(n.cramps);
        }
    }
    let compared = |s: &Stratum| s.with_nights > 0.0 && s.without_nights > 0.0;
    let used: Vec<&NightObs> = nights
        .iter()
        .filter(|n| compared(&strata[n.stratum as usize]))
        .collect();
    let kept: Vec<Stratum> = strata.iter().copied().filter(compared).collect();
    let sum = |f: fn(&Stratum) -> f64| kept.iter().map(f).sum::<f64>();
    let (with_cramps, without_cramps) = (sum(|s| s.with_cramps), sum(|s| s.without_cramps));
    let (with_nights, without_nights) = (sum(|s| s.with_nights), sum(|s| s.without_nights));
    if kept.is_empty() || with_cramps + without_cramps == 0.0 {
        return None;
    }
    // Half a cramp on each side when one side had none, for the interval and p-value only.
    let corrected = with_cramps == 0.0 || without_cramps == 0.0;
    let (add_with, add_without) = if corrected {
        (0.5 / with_nights, 0.5 / without_nights)
    } else {
        (0.0, 0.0)
    };
    for s in strata.iter_mut() {
        s.with_cramps += add_with * s.with_nights;
        s.without_cramps += add_without * s.without_nights;
    }
    let kept: Vec<Stratum> = strata.iter().copied().filter(compared).collect();
    let crude = ((with_cramps + 0.5 * f64::from(u8::from(corrected)))
        / with_nights
        / ((without_cramps + 0.5 * f64::from(u8::from(corrected))) / without_nights))
        .ln();
    let beta = solve(&kept, crude);
    let (_, info) = score(&kept, beta);

    let top_cluster = used.iter().map(|n| n.cluster).max()? as usize;
    // Per block: the score u_g and the information v_g it holds.
    let mut per_cluster = vec![0.0_f64; top_cluster + 1];
    let mut weight = vec![0.0_f64; top_cluster + 1];
    let mut seen = vec![false; top_cluster + 1];
    for n in &used {
        let s = &strata[n.stratum as usize];
        let p = s.share(beta);
        let rate = s.cramps() / (s.with_nights * beta.exp() + s.without_nights);
        let (x, extra) = if n.exposed {
            (1.0, add_with)
        } else {
            (0.0, add_without)
        };
        let mu = rate * (beta * x).exp();
        per_cluster[n.cluster as usize] += (x - p) * (f64::from(n.cramps) + extra - mu);
        weight[n.cluster as usize] += (x - p) * (x - p) * mu;
        seen[n.cluster as usize] = true;
    }
    let clusters = seen.iter().filter(|s| **s).count();
    if clusters < 2 || info <= 0.0 {
        return None;
    }
    // Each block's share of the information (its leverage): a_g = v_g / I.
    let shares: Vec<f64> = weight.iter().map(|v| v / info).collect();
    if shares.iter().any(|a| *a >= 1.0 - 1e-9) {
        return None; // one block holds all the information: nothing to check it against
    }
    // CR2: each block's score scaled by 1 / sqrt(1 - a_g), so the variance is unbiased when
    // the Poisson model holds (strata lie inside blocks, which makes this exact).
    let meat: f64 = per_cluster
        .iter()
        .zip(&shares)
        .map(|(u, a)| u * u / (1.0 - a))
        .sum();
    // Never narrower than if every cramp were independent (the Poisson variance 1 / I).
    let se = (meat / (info * info)).max(1.0 / info).sqrt();
    if !se.is_finite() {
        return None;
    }
    // Bell-McCaffrey degrees of freedom under the same model: 1 / (Σa² + (Σb)² − Σb²) with
    // b_g = a_g² / (1 − a_g); G − 1 when the blocks are equal, fewer when a few dominate.
    let (sum_a2, sum_b, sum_b2) = shares.iter().fold((0.0, 0.0, 0.0), |(a2, b, b2), a| {
        let bg = a * a / (1.0 - a);
        (a2 + a * a, b + bg, b2 + bg * bg)
    });
    let df = (1.0 / (sum_a2 + sum_b * sum_b - sum_b2)).max(1.0);
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    let half = t.inverse_cdf(0.975) * se;
    let estimate = if with_cramps == 0.0 {
        0.0
    } else if without_cramps == 0.0 {
        f64::INFINITY
    } else {
        beta.exp()
    };
    Some(Association {
        estimate,
        lo: (beta - half).exp(),
        hi: (beta + half).exp(),
        p: 2.0 * t.sf(beta.abs() / se),
        df,
        clusters,
        strata: kept.len(),
        nights: used.len(),
    })
}

/// Holm's step-down adjustment: the adjusted p-values, in the order given. A factor is
/// "linked" when its adjusted p-value is at most 0.05; the chance of any false "linked"
/// among them stays at most 0.05 whatever the dependence between the tests.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|a, b| p[*a].total_cmp(&p[*b]));
    let mut adjusted = vec![0.0; m];
    let mut running = 0.0_f64;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * p[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(stratum: u32, cluster: u32, exposed: bool, cramps: u32) -> NightObs {
        NightObs {
            stratum,
            cluster,
            exposed,
            cramps,
        }
    }

    #[test]
    fn holm_steps_down_and_keeps_order() {
        let adj = holm(&[0.01, 0.04, 0.03, 0.5]);
        // sorted: 0.01*4=0.04, 0.03*3=0.09, 0.04*2=0.08 -> 0.09 (monotone), 0.5*1=0.5
        let want = [0.04, 0.09, 0.09, 0.5];
        for (a, b) in adj.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{adj:?}");
        }
        assert_eq!(holm(&[0.9, 0.8]), vec![1.0, 1.0]);
        assert!(holm(&[]).is_empty());
    }

    #[test]
    fn the_same_ratio_in_every_stratum_is_the_estimate() {
        // Six months, each its own stratum: nights with have twice the rate of nights without.
        let mut nights = Vec::new();
        for m in 0..6u32 {
            for (i, c) in [2, 0, 1, 1, 0].into_iter().enumerate() {
                nights.push(obs(m, m, true, c * (m + 1)));
                nights.push(obs(m, m, false, [1, 0, 0, 1, 0][i] * (m + 1)));
            }
        }
        let a = stratified_rate_ratio(&nights).expect("a ratio");
        assert!((a.estimate - 2.0).abs() < 1e-9, "{a:?}");
        assert!(a.lo < 2.0 && a.hi > 2.0, "{a:?}");
        assert_eq!((a.clusters, a.strata, a.nights), (6, 6, 60));
        assert!(a.df > 1.0 && a.df <= 5.0, "{a:?}");
    }

    #[test]
    fn strata_with_one_kind_of_night_drop_out() {
        // Month 9 holds only nights without: it changes nothing.
        let mut nights: Vec<NightObs> = (0..40)
            .map(|i| obs(i / 10, i / 10, i % 2 == 0, (i * i + 3 * i) % 4))
            .collect();
        let alone = stratified_rate_ratio(&nights).expect("a ratio");
        nights.extend((0..10).map(|_| obs(9, 9, false, 5)));
        let with_extra = stratified_rate_ratio(&nights).expect("a ratio");
        assert!((alone.estimate - with_extra.estimate).abs() < 1e-9);
        assert!((alone.lo - with_extra.lo).abs() < 1e-9);
        assert_eq!(with_extra.strata, 4);
    }

    #[test]
    fn a_factor_that_only_follows_the_season_is_not_linked_within_months() {
        // Two winter months: 2 cramps a night, the factor on half the nights; two summer
        // months: 0 or 1, the factor on most nights. The crude ratio is far below 1; within
        // months there is no difference.
        let mut nights = Vec::new();
        for m in 0..2u32 {
            nights.extend((0..30u32).map(|i| obs(m, m, i % 2 == 0, 2)));
        }
        for m in 2..4u32 {
            nights.extend((0..30u32).map(|i| obs(m, m, i % 5 != 0, i % 2)));
        }
        let (with, without) = nights.iter().fold((0.0, 0.0), |(w, o), n| {
            if n.exposed {
                (w + 1.0, o)
            } else {
                (w, o + 1.0)
            }
        });
        let cramps = |e: bool| -> f64 {
            nights
                .iter()
                .filter(|n| n.exposed == e)
                .map(|n| f64::from(n.cramps))
                .sum()
        };
        assert!(cramps(true) / with / (cramps(false) / without) < 0.75);
        let a = stratified_rate_ratio(&nights).expect("a ratio");
        assert!(
            (a.estimate - 1.0).abs() < 0.05 && a.lo < 1.0 && a.hi > 1.0,
            "{a:?}"
        );
    }

    #[test]
    fn no_cramps_with_the_factor_gives_zero_and_a_finite_interval() {
        let nights: Vec<NightObs> = (0..80)
            .map(|i| {
                obs(
                    i / 10,
                    i / 10,
                    i % 10 < 3,
                    if i % 10 < 3 { 0 } else { 1 + i % 3 },
                )
            })
            .collect();
        let a = stratified_rate_ratio(&nights).expect("a ratio");
        assert_eq!(a.estimate, 0.0);
        assert!(a.lo > 0.0 && a.hi.is_finite() && a.hi < 1.0, "{a:?}");
    }

    #[test]
    fn nothing_to_compare_gives_none() {
        assert_eq!(stratified_rate_ratio(&[]), None);
        let only_with: Vec<NightObs> = (0..10).map(|i| obs(i / 5, i / 5, true, 1)).collect();
        assert_eq!(stratified_rate_ratio(&only_with), None);
        let no_cramps: Vec<NightObs> = (0..10).map(|i| obs(i / 5, i / 5, i % 2 == 0, 0)).collect();
        assert_eq!(stratified_rate_ratio(&no_cramps), None);
        // One month holds all the information: its spread cannot be checked against another.
        let one_block: Vec<NightObs> = (0..10).map(|i| obs(0, 0, i < 5, 1 + i % 2)).collect();
        assert_eq!(stratified_rate_ratio(&one_block), None);
    }
}
