//! Critical values that keep weekly looks honest however often they are read (issue 21).
//!
//! A routine's line is looked at after every complete week, up to the planned number of weeks:
//! a repeated confidence interval (Jennison & Turnbull, JRSS B 1989) with the O'Brien-Fleming
//! boundary shape, computed exactly for the looks of that plan. The follow-up has no planned
//! end, so its looks use the two-sided normal-mixture boundary of Howard, Ramdas, McAuliffe &
//! Sekhon (Ann. Statist. 2021), valid at every look however long it goes on.
//!
//! Both work in *information time*: at look `k` the log rate ratio has variance `1 / I_k` with
//! `I_k = 1 / (1/n_ref + 1/n_k)` (nights of the reference and of the looked-at phase, as if
//! every night were logged), and `I_k · (log ratio error)` is a Brownian motion in `I`.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The line's two-sided error over all its looks: at most 2% that it ever wrongly says
/// "fewer" and 2% "more" (a 96% confidence sequence).
pub const ALPHA: f64 = 0.04;

/// Information at a look, in nights: `1 / (1/reference + 1/looked)`.
pub fn information(reference_nights: f64, looked_nights: f64) -> f64 {
    1.0 / (1.0 / reference_nights + 1.0 / looked_nights)
}

/// Information after each of `weeks` complete weeks against a reference of `reference_nights`.
pub fn weekly_information(reference_nights: f64, weeks: u32) -> Vec<f64> {
    (1..=weeks)
        .map(|k| information(reference_nights, 7.0 * f64::from(k)))
        .collect()
}

fn normal() -> Normal {
    Normal::standard()
}

/// P(|W(t_k)| < c for every k) for a standard Brownian motion `W` at increasing times `t`
/// (the last one 1): the chance a constant boundary `c` is never crossed at those looks.
/// The mass is kept in `m` bins on `[-c, c]`; between looks it spreads by the exact normal
/// probability of moving from a bin's centre into each bin.
fn never_crossed(t: &[f64], c: f64) -> f64 {
    let n = normal();
    let smallest_step = t
        .iter()
        .scan(0.0, |prev, &x| {
            let step = x - *prev;
            *prev = x;
            Some(step)
        })
        .fold(f64::INFINITY, f64::min);
    // Bins a quarter of the smallest step's spread wide, at least 200 and at most 1200.
    let m = ((8.0 * c / smallest_step.sqrt()).ceil() as usize).clamp(200, 1200);
    let h = 2.0 * c / m as f64;
    let centre = |i: usize| -c + h * (i as f64 + 0.5);
    let sd = t[0].sqrt();
    let mut mass: Vec<f64> = (0..m)
        .map(|i| n.cdf((centre(i) + h / 2.0) / sd) - n.cdf((centre(i) - h / 2.0) / sd))
        .collect();
    for pair in t.windows(2) {
        let sd = (pair[1] - pair[0]).sqrt();
        // kernel[d + m - 1] = P(move by d bins)
        let kernel: Vec<f64> = (0..2 * m - 1)
            .map(|j| {
                let d = j as f64 - (m as f64 - 1.0);
                n.cdf((d * h + h / 2.0) / sd) - n.cdf((d * h - h / 2.0) / sd)
            })
            .collect();
        let mut next = vec![0.0; m];
        for (i, &p) in mass.iter().enumerate() {
            if p < 1e-300 {
                continue;
            }
            let row = &kernel[m - 1 - i..2 * m - 1 - i];
            for (slot, k) in next.iter_mut().zip(row) {
                *slot += p * k;
            }
        }
        mass = next;
    }
    mass.iter().sum()
}

/// O'Brien-Fleming critical values `c_k = C · sqrt(I_K / I_k)` for looks at information `info`
/// (increasing), with `C` chosen so that a Brownian motion in information time crosses
/// `±c_k` at some look with probability `alpha`. Early looks need far more evidence.
pub fn obrien_fleming(info: &[f64], alpha: f64) -> Vec<f64> {
    let Some(&last) = info.last() else {
        return Vec::new();
    };
    let t: Vec<f64> = info.iter().map(|i| i / last).collect();
    let missed = |c: f64| 1.0 - never_crossed(&t, c) - alpha;
    // Regula falsi (Illinois) between a boundary that is crossed too often and one too rarely.
    let (mut a, mut b) = (1.0, 8.0);
    let (mut fa, mut fb) = (missed(a), missed(b));
    let mut c = b;
    for _ in 0..60 {
        c = b - fb * (b - a) / (fb - fa);
        let fc = missed(c);
        if fc.abs() < 1e-9 || (b - a).abs() < 1e-9 {
            break;
        }
        if (fc > 0.0) == (fa > 0.0) {
            a = c;
            fa = fc;
            fb /= 2.0;
        } else {
            b = c;
            fb = fc;
            fa /= 2.0;
        }
    }
    t.iter().map(|tk| c / tk.sqrt()).collect()
}

/// The O'Brien-Fleming values for a routine of `weeks` planned weeks against a reference of
/// `reference_nights` calendar nights, computed once per plan and kept.
pub fn routine_boundary(reference_nights: u32, weeks: u8) -> Vec<f64> {
    type Kept = Mutex<HashMap<(u32, u8), Vec<f64>>>;
    static KEPT: OnceLock<Kept> = OnceLock::new();
    let kept = KEPT.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = kept
        .lock()
        .ok()
        .and_then(|k| k.get(&(reference_nights, weeks)).cloned())
    {
        return found;
    }
    let info = weekly_information(f64::from(reference_nights), u32::from(weeks));
    let values = obrien_fleming(&info, ALPHA);
    if let Ok(mut k) = kept.lock() {
        k.insert((reference_nights, weeks), values.clone());
    }
    values
}

/// `(1 + 1/u) · (ln(1 + u) − 2 ln alpha)`: the squared normal-mixture boundary in z units at
/// `u = V / rho` (Howard et al. 2021, two-sided normal mixture).
fn mixture_z2(u: f64, alpha: f64) -> f64 {
    (1.0 + 1.0 / u) * ((1.0 + u).ln() - 2.0 * alpha.ln())
}

/// The `u = V / rho` at which the normal-mixture boundary is narrowest in z units.
fn best_u(alpha: f64) -> f64 {
    // Golden-section search on ln u; the function is unimodal there.
    let f = |lu: f64| mixture_z2(lu.exp(), alpha);
    let (mut a, mut b) = (-5.0_f64, 10.0_f64);
    let g = (5.0_f64.sqrt() - 1.0) / 2.0;
    for _ in 0..200 {
        let (x1, x2) = (b - g * (b - a), a + g * (b - a));
        if f(x1) < f(x2) {
            b = x2;
        } else {
            a = x1;
        }
    }
    ((a + b) / 2.0).exp()
}

/// Two-sided normal-mixture critical values (z units) at information `info`, with the mixing
/// scale `rho` chosen so the boundary is narrowest at information `tuned_at`. Valid at every
/// look of an unbounded sequence (Ville's inequality), so a follow-up can go on forever.
pub fn normal_mixture(info: &[f64], tuned_at: f64, alpha: f64) -> Vec<f64> {
    let rho = tuned_at / best_u(alpha);
    info.iter()
        .map(|&v| mixture_z2(v / rho, alpha).sqrt())
        .collect()
}

/// A z critical value turned into Student's t with `df` degrees of freedom at the same tail
/// probability, for a dispersion estimated from the weeks.
pub fn t_critical(z: f64, df: f64) -> f64 {
    let p = normal().cdf(z);
    match StudentsT::new(0.0, 1.0, df.max(1.0)) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => z,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values: tools/sequence_reference.py (SciPy 1.17.1), where C comes from
    // scipy.stats.multivariate_normal.cdf over the looks' correlation sqrt(I_j / I_k) (Genz's
    // integration, an independent method from the binned recursion here).

    #[test]
    fn one_look_is_the_plain_two_sided_value() {
        let c = obrien_fleming(&[5.0], ALPHA);
        assert!((c[0] - 2.053749).abs() < 1e-5, "{c:?}");
    }

    #[test]
    fn obrien_fleming_matches_the_multivariate_normal_reference() {
        // (reference nights, weeks, C = c_K from SciPy)
        for (n0, k, want) in [
            (28, 4, 2.13907),
            (28, 8, 2.19449),
            (14, 12, 2.22554),
            (84, 8, 2.17817),
            (21, 6, 2.17751),
        ] {
            let c = routine_boundary(n0, k);
            assert_eq!(c.len(), usize::from(k));
            let last = c[usize::from(k) - 1];
            // The bins put the boundary a hair outside the exact one (conservative).
            assert!(
                last >= want - 1e-4 && last - want < 6e-4,
                "{n0} {k}: {last} vs {want}"
            );
            let info = weekly_information(f64::from(n0), u32::from(k));
            for (ck, ik) in c.iter().zip(&info) {
                assert!((ck - last * (info[usize::from(k) - 1] / ik).sqrt()).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn early_looks_need_far_more_evidence() {
        let c = routine_boundary(28, 8);
        assert!(c.windows(2).all(|w| w[0] > w[1]), "{c:?}");
        assert!(c[0] > 3.5 && c[7] < 2.3, "{c:?}");
    }

    #[test]
    fn the_normal_mixture_matches_its_reference() {
        let info = weekly_information(28.0, 6);
        let z = normal_mixture(&info, info[3], ALPHA);
        // SciPy: u* = argmin (1+1/u)(log(1+u) - 2 log 0.04) and z_k at u = u* I_k / I_4.
        let want = [3.1963, 3.1296, 3.1180, 3.1162, 3.1170, 3.1185];
        for (got, want) in z.iter().zip(want) {
            assert!((got - want).abs() < 1e-3, "{z:?}");
        }
    }

    #[test]
    fn t_critical_widens_for_few_weeks() {
        assert!((t_critical(1.959964, 1e4) - 1.959964).abs() < 1e-3);
        // scipy.stats.t.ppf(norm.cdf(2.13909), 6) = 2.7699
        assert!((t_critical(2.13909, 6.0) - 2.7699).abs() < 1e-3);
    }
}
