"""Independent reference values for issue 21's confidence sequence: src/analysis/boundary.rs
and src/analysis/sequence.rs. Run: python3 tools/sequence_reference.py   (SciPy 1.17.1,
NumPy 2.4.6; a few minutes, most of it in the multivariate normal integrals).

Written from the formulas in the README, not from the Rust code:
- the O'Brien-Fleming constant C solves P(|Z_k| <= C sqrt(I_K/I_k) for all k) = 1 - alpha with
  scipy.stats.multivariate_normal.cdf (Genz's method) over corr(Z_j, Z_k) = sqrt(I_j / I_k),
  I_k = 1 / (1/n0 + 1/(7k)); the Rust code uses a binned recursion instead;
- the normal-mixture boundary z = sqrt((1 + 1/u)(log(1 + u) - 2 log alpha)) with u = V / rho and
  rho tuned by scipy.optimize.minimize_scalar;
- the look interval by scipy.optimize.brentq on the quasi-binomial score function.
The printed numbers are pasted into the unit tests beside those files.
"""
import math

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import multivariate_normal, norm, t

ALPHA = 0.04
CARRY = 0.8


def weekly_information(n0, weeks):
    return np.array([1 / (1 / n0 + 1 / (7 * k)) for k in range(1, weeks + 1)])


def obrien_fleming_c(n0, weeks, alpha=ALPHA):
    info = weekly_information(n0, weeks)
    if weeks == 1:
        return norm.ppf(1 - alpha / 2)
    corr = np.sqrt(np.minimum.outer(info, info) / np.maximum.outer(info, info))
    shape = np.sqrt(info[-1] / info)
    mvn = multivariate_normal(mean=np.zeros(weeks), cov=corr, maxpts=2_000_000, abseps=1e-7)

    def missed(c):
        b = c * shape
        return 1 - mvn.cdf(b, lower_limit=-b) - alpha

    return brentq(missed, 1.5, 5.0, xtol=1e-7)


def mixture_z(info, tuned_at, alpha=ALPHA):
    g = lambda lu: (1 + math.exp(-lu)) * (math.log1p(math.exp(lu)) - 2 * math.log(alpha))
    best = math.exp(minimize_scalar(g, bounds=(-5, 10), method="bounded", options={"xatol": 1e-10}).x)
    rho = tuned_at / best
    return [math.sqrt((1 + rho / v) * (math.log1p(v / rho) - 2 * math.log(alpha))) for v in info]


def t_critical(z, df):
    return t.ppf(norm.cdf(z), df)


def look(reference, treated, z):
    """(estimate, lo, hi, phi, D0, D1) for weeks given as (cramps, usable nights)."""
    phases = [[w for w in reference if w[1] > 0], [w for w in treated if w[1] > 0]]
    x = [sum(c for c, n in p) for p in phases]
    nn = [sum(n for c, n in p) for p in phases]
    big_w = len(phases[0]) + len(phases[1])
    if nn[0] == 0 or nn[1] == 0 or big_w <= 2 or x[0] + x[1] == 0:
        return None
    chi = 0.0
    for p, xp, np_ in zip(phases, x, nn):
        for c, n in p:
            mu = n * xp / np_
            if mu > 0:
                chi += (c - mu) ** 2 / mu
    phi = (2 + chi) / big_w  # (2 + (W-2) * phi_hat) / W with phi_hat = chi / (W - 2)

    def deff(wp):
        lagged = sum(2 * (1 - l / wp) * CARRY**l for l in range(1, wp))
        return 1 + max(0.0, 1 - 1 / phi) * lagged

    d0, d1 = deff(len(phases[0])), deff(len(phases[1]))
    s = x[0] + x[1]
    q = t_critical(z, big_w - 2)

    def score(log_rho):
        rho = math.exp(log_rho)
        p0 = rho * nn[1] / (nn[0] + rho * nn[1])
        var = phi * p0 * (1 - p0) * ((1 - p0) * d1 + p0 * d0) / s
        return (x[1] / s - p0) / math.sqrt(var)

    lo = 0.0 if score(-30) <= q else math.exp(brentq(lambda l: score(l) - q, -30, 30, xtol=1e-13))
    hi = math.inf if score(30) >= -q else math.exp(brentq(lambda l: score(l) + q, -30, 30, xtol=1e-13))
    est = math.inf if x[0] == 0 else (x[1] / nn[1]) / (x[0] / nn[0])
    return est, lo, hi, phi, d0, d1


def detectable(weeks_counts, planned_weeks, c_final):
    """Halving power and the smallest fall detected half the time (0.1% grid), as the README's
    'What the design can see' says (the line's score statistic at the expected counts), for a
    baseline of whole weeks with every night logged."""
    x0 = sum(weeks_counts)
    n0 = 7 * len(weeks_counts)
    wb = len(weeks_counts)
    chi = sum((y - 7 * x0 / n0) ** 2 / (7 * x0 / n0) for y in weeks_counts)
    phi = (2 + chi) / (wb + 1)

    def deff(wp):
        return 1 + max(0.0, 1 - 1 / phi) * sum(2 * (1 - l / wp) * CARRY**l for l in range(1, wp))

    d0, d1 = deff(wb), deff(planned_weeks)
    rate = x0 / n0
    n1 = 7 * planned_weeks
    q = t_critical(c_final, wb + planned_weeks - 2)
    p0 = n1 / (n0 + n1)

    def z(r):
        m1 = r * rate * n1
        return (p0 - m1 / (x0 + m1)) / math.sqrt(phi * p0 * (1 - p0) * ((1 - p0) * d1 + p0 * d0) / (x0 + m1))

    power = norm.cdf(z(0.5) - q)
    fall = next(((1 - k / 1000) * 100 for k in range(999, 0, -1) if z(k / 1000) >= q), None)
    return power, fall, phi


def full(counts):
    return [(c, 7) for c in counts]


LOOKS = {
    "a_clear_fall_at_the_final_look": (full([5, 4, 6, 5]), full([1, 2, 1, 2])),
    "equal_weeks_still_give_a_real_interval": (full([3, 3, 3, 3]), full([2, 2, 2, 2])),
    "bad_spells_widen_by_the_design_effect": (full([0, 9, 1, 12, 2, 0, 8, 3]), full([1, 0, 6, 2])),
    "partial_weeks_weigh_by_their_nights": (
        [(4, 5), (6, 7), (2, 3), (7, 7)],
        [(3, 7), (1, 4), (2, 6), (0, 2)],
    ),
    "no_routine_cramps_give_a_low_end_of_zero": (full([3, 4, 2, 5]), full([0, 0, 0, 0])),
    "no_reference_cramps_leave_the_high_end_unbounded": (full([0, 0, 0, 0]), full([1, 2, 0, 1])),
}

if __name__ == "__main__":
    print("O'Brien-Fleming C (alpha 0.04), c_K:")
    for n0, k in [(28, 1), (28, 4), (28, 8), (14, 12), (84, 8), (21, 6)]:
        print(f"  n0={n0:3d} K={k:2d}: {obrien_fleming_c(n0, k):.5f}")
    info = weekly_information(28, 6)
    print("normal mixture, n0=28, 6 looks, tuned at look 4:", [round(z, 4) for z in mixture_z(info, info[3])])
    print("t_critical(2.13909, 6) =", round(t_critical(2.13909, 6), 4))
    c4 = obrien_fleming_c(28, 4)
    for counts in ([3, 3, 3, 3], [7, 7, 7, 7], [0, 9, 1, 6]):
        p, f, phi = detectable(counts, 4, c4)
        fall = "none found half the time" if f is None else f"{f:.1f}%"
        print(f"detectable {counts}: phi {phi:.6f}, halving power {p:.6f}, fall {fall}")
    z = 2.13909
    for name, (ref, trt) in LOOKS.items():
        r = look(ref, trt, z)
        print(f"{name}: " + ", ".join("inf" if math.isinf(v) else f"{v:.6f}" for v in r))
