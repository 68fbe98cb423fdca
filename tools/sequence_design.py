"""Why the daily line is built as it is (issue 21): the alternatives that were measured, on the
same null models as the Rust calibration test, written independently in NumPy/SciPy.

Run: python3 tools/sequence_design.py [diaries]   (default 6000; NumPy 2.4.6, SciPy 1.17.1)

Each diary: nights logged with probability 0.9, a 28-night baseline, a routine of 4 or 8 weeks
that does nothing (or halves the rate, for power). The line is read after every whole week.
Printed per method: false "fewer" at the end and when stopped the first morning the line says
"fewer", the share of diaries whose line leaves out "no change" on some morning (either side),
coverage of the truth at the end, and the power for a true halving at 4 weeks (5 a week).
Data rules as the app's: the line only when the baseline has 75% of nights usable, 4 usable
nights in every week and 10 cramps; a verdict also needs the routine's weeks as well logged.
"""
import math
import sys

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import multivariate_normal, norm, t

LOGGED = 0.9


def spells(rng, r, n):
    s = np.zeros((r, n), bool)
    bad = rng.random(r) < 0.25
    u = rng.random((r, n))
    for i in range(n):
        s[:, i] = bad
        bad = bad ^ np.where(bad, u[:, i] < 1 / 7, u[:, i] < 1 / 21)
    return s


def diaries(model, r, weeks, rng, effect=1.0):
    n = 28 + 7 * weeks
    scale = np.ones(n)
    scale[28:] = effect
    if model == "poisson":
        lam = np.full((r, n), 0.5)
    elif model == "poisson75":
        lam = np.full((r, n), 0.75)
    elif model == "several":
        lam = rng.gamma(1.0, 0.5, (r, n))
    elif model == "spells":
        lam = np.where(spells(rng, r, n), 1.5, 0.25)
    elif model == "drift":
        lam = np.tile(0.6 - 0.2 * np.arange(n) / (n - 1), (r, 1))
    y = rng.poisson(lam * scale)
    logged = rng.random((r, n)) < LOGGED
    return y, logged


def weeks_of(y, logged, lo, hi):
    k = (hi - lo) // 7
    return (y[:, lo:hi] * logged[:, lo:hi]).reshape(len(y), k, 7).sum(2), logged[:, lo:hi].reshape(len(y), k, 7).sum(2)


def chi(y, n):
    x, nn = y.sum(1, keepdims=True), n.sum(1, keepdims=True)
    mu = n * x / np.maximum(nn, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(mu > 0, (y - mu) ** 2 / np.where(mu > 0, mu, 1), 0).sum(1)


def deff(w, phi, carry):
    lagged = sum(2 * np.clip(1 - l / np.maximum(w, 1), 0, None) * carry**l for l in range(1, 13))
    return 1 + np.clip(1 - 1 / phi, 0, None) * lagged


def interval(y0, n0, y1, n1, z, carry=0.8, score=True, df_extra=0):
    x0, x1 = y0.sum(1).astype(float), y1.sum(1).astype(float)
    nn0, nn1 = n0.sum(1).astype(float), n1.sum(1).astype(float)
    w0, w1 = (n0 > 0).sum(1), (n1 > 0).sum(1)
    w = w0 + w1
    phi = (2 + chi(y0, n0) + chi(y1, n1)) / w
    d0, d1 = deff(w0, phi, carry), deff(w1, phi, carry)
    q = t.ppf(norm.cdf(z), np.maximum(w - 2 + df_extra, 1))
    s = x0 + x1
    if score:
        ph = x1 / np.maximum(s, 1e-9)

        def stat(lr):
            rho = np.exp(lr)
            p0 = rho * nn1 / (nn0 + rho * nn1)
            return (ph - p0) / np.sqrt(phi * p0 * (1 - p0) * ((1 - p0) * d1 + p0 * d0) / np.maximum(s, 1e-9))

        def solve(target):
            a, b = np.full(len(s), -30.0), np.full(len(s), 30.0)
            for _ in range(60):
                m = (a + b) / 2
                up = stat(m) > target
                a, b = np.where(up, m, a), np.where(up, b, m)
            return np.exp((a + b) / 2)

        lo, hi = solve(q), solve(-q)
    else:  # Wald, 0.5 added to both counts when either is 0 (issue 10's form)
        a0 = np.where((x0 == 0) | (x1 == 0), x0 + 0.5, x0)
        a1 = np.where((x0 == 0) | (x1 == 0), x1 + 0.5, x1)
        c = np.log((a1 / np.maximum(nn1, 1)) / (a0 / np.maximum(nn0, 1)))
        half = q * np.sqrt(phi * (d0 / a0 + d1 / a1))
        lo, hi = np.exp(c - half), np.exp(c + half)
    ok = (nn0 > 0) & (nn1 > 0) & (w > 2) & (s > 0)
    return np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)


def info(n0, k):
    return np.array([1 / (1 / n0 + 1 / (7 * j)) for j in range(1, k + 1)])


def obrien_fleming(n0, k, alpha):
    i = info(n0, k)
    if k == 1:
        return np.array([norm.ppf(1 - alpha / 2)])
    corr = np.sqrt(np.minimum.outer(i, i) / np.maximum.outer(i, i))
    shape = np.sqrt(i[-1] / i)
    mvn = multivariate_normal(mean=np.zeros(k), cov=corr)
    c = brentq(lambda c: 1 - mvn.cdf(c * shape, lower_limit=-c * shape) - alpha, 1.5, 5, xtol=1e-5)
    return c * shape


def normal_mixture(n0, k, alpha):
    i = info(n0, k)
    g = lambda lu: (1 + math.exp(-lu)) * (math.log1p(math.exp(lu)) - 2 * math.log(alpha))
    u = math.exp(minimize_scalar(g, bounds=(-5, 10), method="bounded").x)
    rho = i[-1] / u
    return np.sqrt((1 + rho / i) * (np.log1p(i / rho) - 2 * math.log(alpha)))


def run(model, weeks, boundary, effect=1.0, diaries_n=6000, **kw):
    rng = np.random.default_rng([weeks, len(model), int(effect * 10)])
    y, logged = diaries(model, diaries_n, weeks, rng, effect)
    y0, n0 = weeks_of(y, logged, 0, 28)
    y1, n1 = weeks_of(y, logged, 28, 28 + 7 * weeks)
    base_ok = (n0.sum(1) >= 21) & (n0 >= 4).all(1) & (y0.sum(1) >= 10)
    lows, highs = [], []
    for k in range(1, weeks + 1):
        lo, hi = interval(y0, n0, y1[:, :k], n1[:, :k], boundary[k - 1], **kw)
        lows.append(np.where(base_ok, lo, np.nan))
        highs.append(np.where(base_ok, hi, np.nan))
    lows, highs = np.array(lows).T, np.array(highs).T
    routine_ok = lambda k: (n1[:, :k].sum(1) >= 0.75 * 7 * k) & (n1[:, :k] >= 4).all(1)
    end_ok = base_ok & routine_ok(weeks)
    fewer_end = end_ok & (highs[:, -1] < 1)
    stopped = np.zeros(len(y), bool)
    for k in range(4, weeks + 1):
        stopped |= base_ok & routine_ok(k) & (highs[:, k - 1] < 1)
    with np.errstate(invalid="ignore"):
        excluded = (np.nanmin(highs, 1) < 1) | (np.nanmax(lows, 1) > 1)
    covered = end_ok & (lows[:, -1] <= effect) & (highs[:, -1] >= effect)
    return 100 * fewer_end.mean(), 100 * stopped.mean(), 100 * excluded.mean(), 100 * covered.sum() / max(end_ok.sum(), 1)


METHODS = {
    "issue 10's fixed 95% interval, read every week": dict(bound="fixed95", carry=0.0, score=False, df_extra=2),
    "the final design at alpha 0.05": dict(bound="obf05"),
    "without the spell design effect": dict(bound="obf", carry=0.0),
    "Wald instead of the score interval": dict(bound="obf", score=False),
    "Howard et al.'s normal mixture instead of O'Brien-Fleming": dict(bound="mixture"),
    "the final design (alpha 0.04)": dict(bound="obf"),
}

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    bounds = {}
    for k in (4, 8):
        bounds[("obf", k)] = obrien_fleming(28, k, 0.04)
        bounds[("obf05", k)] = obrien_fleming(28, k, 0.05)
        bounds[("mixture", k)] = normal_mixture(28, k, 0.04)
        bounds[("fixed95", k)] = np.full(k, norm.ppf(0.975))
    for name, m in METHODS.items():
        kw = {key: v for key, v in m.items() if key != "bound"}
        print(f"## {name}")
        for model in ("poisson", "several", "spells", "drift"):
            for k in (4, 8):
                f, s, x, c = run(model, k, bounds[(m["bound"], k)], diaries_n=n, **kw)
                print(f"  {model:8s} {k} wk: fewer at end {f:4.1f}%  stopped {s:4.1f}%  line excludes 1 {x:4.1f}%  coverage {c:4.1f}%")
        f, s, x, c = run("poisson75", 4, bounds[(m["bound"], 4)], effect=0.5, diaries_n=n, **kw)
        print(f"  power for a halving at 5 a week, 4 weeks: {f:4.1f}%")
