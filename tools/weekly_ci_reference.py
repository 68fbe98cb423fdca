"""Independent reference values for src/analysis/weekly_ci.rs (issue 10's weekly quasi-Poisson
interval). Run: python3 tools/weekly_ci_reference.py   (SciPy 1.17.1, NumPy 2.4.6).

Each case is (baseline weeks, routine weeks), a week being (cramps, usable nights). The printed
numbers are pasted into the unit tests beside `weekly_rate_ratio`.
"""
import math
from scipy.stats import t


def weekly(reference, treated):
    blocks = [(0, y, n) for y, n in reference if n > 0] + [(1, y, n) for y, n in treated if n > 0]
    x = [sum(y for p, y, n in blocks if p == q) for q in (0, 1)]
    nn = [sum(n for p, y, n in blocks if p == q) for q in (0, 1)]
    w = len(blocks)
    if nn[0] == 0 or nn[1] == 0 or w <= 2 or x[0] + x[1] == 0:
        return None
    est = (x[1] / nn[1]) / (x[0] / nn[0]) if x[0] > 0 else math.inf
    chi = 0.0
    for p, y, n in blocks:
        mu = n * x[p] / nn[p]
        if mu > 0:
            chi += (y - mu) ** 2 / mu
    phi_hat = chi / (w - 2)
    phi = (2 + (w - 2) * phi_hat) / w
    x0, x1 = x
    if x0 == 0 or x1 == 0:
        x0, x1 = x0 + 0.5, x1 + 0.5
    centre = math.log((x1 / nn[1]) / (x0 / nn[0]))
    half = t.ppf(0.975, w) * math.sqrt(phi * (1 / x0 + 1 / x1))
    return est, math.exp(centre - half), math.exp(centre + half), phi, w


def full(counts):
    return [(c, 7) for c in counts]


CASES = {
    "issue_example_fewer": (full([5, 4, 6, 5]), full([1, 2, 1, 2])),
    "issue_example_equal_weeks": (full([3, 3, 3, 3]), full([2, 2, 2, 2])),
    "spells": (full([0, 9, 1, 12, 2, 0, 8, 3]), full([1, 0, 6, 2])),
    "partial_weeks": ([(4, 5), (6, 7), (2, 3), (7, 7)], [(3, 7), (1, 4), (2, 6), (0, 2)]),
    "zero_routine_cramps": (full([3, 4, 2, 5]), full([0, 0, 0, 0])),
    "zero_baseline_cramps": (full([0, 0, 0, 0]), full([1, 2, 0, 1])),
    "three_weeks": (full([4, 6]), full([2])),
    "one_week_each": (full([5]), full([2])),
    "empty_weeks_dropped": ([(5, 7), (0, 0), (4, 7), (6, 7), (5, 7)], full([1, 2, 1, 2]) + [(0, 0)]),
}

if __name__ == "__main__":
    print("t(0.975, 8) =", repr(t.ppf(0.975, 8)))
    for name, (ref, trt) in CASES.items():
        r = weekly(ref, trt)
        if r is None:
            print(f"{name}: None")
        else:
            est, lo, hi, phi, w = r
            print(f"{name}: estimate {est:.6f} lo {lo:.6f} hi {hi:.6f} dispersion {phi:.6f} weeks {w}")
