//! The rate ratio at one weekly look, with an interval that stays honest under bad spells
//! (issue 21). Used for the routine's daily line and verdict (one construction, so they can
//! never disagree) and for "did it last?".
//!
//! Weeks are the units, as in [`super::weekly_ci`]: for each week `w` of phase `p`, `y_w`
//! cramps on `n_w` usable nights, `mu_w = n_w · x_p / n_p`. The dispersion is
//! `phi_hat = Σ (y_w − mu_w)² / mu_w / (W − 2)`, moderated towards 1 with 2 pseudo-weeks:
//! `phi = (2 + (W − 2) · phi_hat) / W`.
//!
//! Bad spells make neighbouring weeks alike, which the spread between weeks alone cannot see.
//! The extra-Poisson part of a week's count is assumed to carry over to the week `l` later with
//! correlation `SPELL_CARRY^l`, so a phase of `W_p` weeks has the design effect
//! `D_p = 1 + max(0, 1 − 1/phi) · 2 Σ_{l<W_p} (1 − l/W_p) · SPELL_CARRY^l` on its variance
//! (`Var(x_p) = phi · D_p · x_p`; no extra width when the weeks look Poisson, `phi ≤ 1`).
//!
//! The interval inverts the score test of the routine's share of all cramps (the conditional
//! binomial view of two Poisson counts, here quasi-binomial): for a ratio `rho`,
//! `p0 = rho·n1 / (n0 + rho·n1)` and
//! `z(rho) = (x1/S − p0) / sqrt(phi · p0(1−p0) · ((1−p0)·D1 + p0·D0) / S)` with `S = x0 + x1`;
//! the interval is every `rho` with `|z(rho)| ≤ q`. Because the variance is taken at `rho` and
//! not at the observed counts, a baseline that happens to be high cannot shrink its own
//! uncertainty (the Wald interval's flaw, measured in the README). No 0.5 is added: with no
//! routine cramps the low end is 0, with no reference cramps the high end is unbounded.

use super::weekly_ci::{Pooled, WeekCount, pooled};

/// How much of one week's extra-Poisson variation carries over to the next (a weekly AR(1)).
/// Chosen by simulation: with 0.8 the bad-spell model keeps false "fewer" within 5% at every
/// planned length; the figures are in the README.
pub const SPELL_CARRY: f64 = 0.8;

/// The ratio treated/reference at one look and what it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LookInterval {
    /// `None` when the reference had no cramps (unbounded).
    pub estimate: Option<f64>,
    pub lo: f64,
    /// `f64::INFINITY` when unbounded.
    pub hi: f64,
    /// The moderated dispersion `phi`.
    pub dispersion: f64,
    /// Design effects of the reference and the treated phase.
    pub design_effect: [f64; 2],
    /// Weeks with a usable night, both phases (`W`).
    pub weeks: usize,
    /// The critical value used (Student's t with `W − 2` degrees of freedom).
    pub critical: f64,
}

/// `D_p` for a phase of `weeks` weeks at dispersion `phi`.
pub fn design_effect(weeks: usize, phi: f64) -> f64 {
    let w = weeks as f64;
    let carried: f64 = (1..weeks)
        .map(|l| 2.0 * (1.0 - l as f64 / w) * SPELL_CARRY.powi(l as i32))
        .sum();
    1.0 + (1.0 - 1.0 / phi).max(0.0) * carried
}

/// The score test of the routine's share of all cramps, on the two phases pooled.
impl Pooled {
    /// `D_p` of the reference and the treated phase.
    pub fn design_effect(&self) -> [f64; 2] {
        self.weeks.map(|w| design_effect(w, self.dispersion))
    }

    /// The score statistic for the ratio `rho` (decreasing in `rho`).
    pub fn score(&self, rho: f64) -> f64 {
        let s = self.x0 + self.x1;
        let p0 = rho * self.n1 / (self.n0 + rho * self.n1);
        let [d0, d1] = self.design_effect();
        let var = self.dispersion * p0 * (1.0 - p0) * ((1.0 - p0) * d1 + p0 * d0) / s;
        (self.x1 / s - p0) / var.sqrt()
    }

    /// Every ratio whose score is within `±q`: `(lo, hi)`, `hi` infinite when unbounded.
    pub fn interval(&self, q: f64) -> (f64, f64) {
        // ln(rho) between -30 and 30 covers every ratio a diary can show.
        const SPAN: f64 = 30.0;
        let solve = |target: f64| -> Option<f64> {
            let (mut a, mut b) = (-SPAN, SPAN);
            let at = |lr: f64| self.score(lr.exp()) - target;
            if at(a) <= 0.0 {
                return None; // below every ratio
            }
            if at(b) >= 0.0 {
                return Some(f64::INFINITY);
            }
            for _ in 0..100 {
                let m = (a + b) / 2.0;
                if at(m) > 0.0 {
                    a = m;
                } else {
                    b = m;
                }
            }
            Some(((a + b) / 2.0).exp())
        };
        let lo = solve(q).unwrap_or(0.0);
        let hi = solve(-q).unwrap_or(0.0);
        (lo, hi)
    }

    pub fn estimate(&self) -> Option<f64> {
        (self.x0 > 0.0).then(|| (self.x1 / self.n1) / (self.x0 / self.n0))
    }

    /// Degrees of freedom of the dispersion: `W − 2`.
    pub fn df(&self) -> f64 {
        (self.weeks[0] + self.weeks[1]) as f64 - 2.0
    }
}

/// The ratio treated/reference with the interval at z critical value `z` (turned into
/// Student's t with `W − 2` degrees of freedom).
pub fn look(reference: &[WeekCount], treated: &[WeekCount], z: f64) -> Option<LookInterval> {
    let p = pooled(reference, treated)?;
    let critical = super::boundary::t_critical(z, p.df());
    let (lo, hi) = p.interval(critical);
    Some(LookInterval {
        estimate: p.estimate(),
        lo,
        hi,
        dispersion: p.dispersion,
        design_effect: p.design_effect(),
        weeks: p.weeks[0] + p.weeks[1],
        critical,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis::weekly_ci::{full, weeks};

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    /// (estimate, lo, hi, phi, D0, D1) from tools/sequence_reference.py (SciPy 1.17.1: brentq on
    /// the same score function written independently).
    fn check(r: Option<LookInterval>, want: (f64, f64, f64, f64, f64, f64)) {
        let r = r.expect("an interval");
        let (est, lo, hi, phi, d0, d1) = want;
        match r.estimate {
            Some(e) => assert!(close(e, est, 1e-6), "{r:?}"),
            None => assert!(est.is_infinite(), "{r:?}"),
        }
        assert!(close(r.lo, lo, 1e-5), "{r:?} lo {lo}");
        if hi.is_infinite() {
            assert!(r.hi.is_infinite(), "{r:?}");
        } else {
            assert!(close(r.hi, hi, 1e-5), "{r:?} hi {hi}");
        }
        assert!(close(r.dispersion, phi, 1e-6), "{r:?} phi {phi}");
        assert!(close(r.design_effect[0], d0, 1e-6), "{r:?} d0 {d0}");
        assert!(close(r.design_effect[1], d1, 1e-6), "{r:?} d1 {d1}");
    }

    #[test]
    fn a_clear_fall_at_the_final_look() {
        let r = look(&full(&[5, 4, 6, 5]), &full(&[1, 2, 1, 2]), 2.13909);
        check(r, (0.3, 0.137735, 0.653429, 0.383333, 1.0, 1.0));
    }

    #[test]
    fn equal_weeks_still_give_a_real_interval() {
        let r = look(&full(&[3, 3, 3, 3]), &full(&[2, 2, 2, 2]), 2.13909);
        check(r, (0.666667, 0.357894, 1.241833, 0.25, 1.0, 1.0));
    }

    #[test]
    fn bad_spells_widen_by_the_design_effect() {
        let r = look(
            &full(&[0, 9, 1, 12, 2, 0, 8, 3]),
            &full(&[1, 0, 6, 2]),
            2.13909,
        );
        check(
            r,
            (0.514286, 0.049939, 6.925335, 3.789947, 3.825955, 2.542958),
        );
    }

    #[test]
    fn partial_weeks_weigh_by_their_nights() {
        let r = look(
            &weeks(&[(4, 5), (6, 7), (2, 3), (7, 7)]),
            &weeks(&[(3, 7), (1, 4), (2, 6), (0, 2)]),
            2.13909,
        );
        check(r, (0.365651, 0.162863, 0.820940, 0.410435, 1.0, 1.0));
    }

    #[test]
    fn no_routine_cramps_give_a_low_end_of_zero() {
        let r = look(&full(&[3, 4, 2, 5]), &full(&[0, 0, 0, 0]), 2.13909);
        check(r, (0.0, 0.0, 0.234861, 0.428571, 1.0, 1.0));
    }

    #[test]
    fn no_reference_cramps_leave_the_high_end_unbounded() {
        let r = look(&full(&[0, 0, 0, 0]), &full(&[1, 2, 0, 1]), 2.13909);
        check(r, (f64::INFINITY, 1.042734, f64::INFINITY, 0.5, 1.0, 1.0));
    }

    #[test]
    fn an_early_look_is_wide() {
        let r = look(&full(&[5, 4, 6, 5]), &full(&[1]), 4.278).unwrap();
        assert!(r.hi > 1.0, "{r:?}");
    }

    #[test]
    fn too_little_gives_none() {
        assert_eq!(look(&full(&[5]), &full(&[2]), 2.0), None);
        assert_eq!(look(&full(&[0, 0, 0]), &full(&[0, 0, 0]), 2.0), None);
        assert_eq!(look(&[], &full(&[1, 2, 3]), 2.0), None);
    }

    #[test]
    fn the_score_falls_as_the_ratio_rises() {
        let p = pooled(&full(&[0, 9, 1, 12]), &full(&[4, 0, 6, 2, 1, 7])).unwrap();
        let mut last = f64::INFINITY;
        for k in -60..=60 {
            let s = p.score((f64::from(k) / 10.0).exp());
            assert!(s < last, "{k}: {s} after {last}");
            last = s;
        }
    }
}
