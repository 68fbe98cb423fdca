"""Independent reference values for the on/off experiment's test and interval
(src/analysis/randomisation.rs). Run:

    python3 tools/experiment_reference.py            # rewrites tests/it/reference/randomisation.json
    python3 tools/experiment_reference.py --check    # recomputes it and compares (exit 1 on a difference)

Written from the definitions in the README ("How it is analysed"), by full enumeration, with exact
fractions (Python's `fractions` and integers), sharing no code with the Rust:

- A pair k has a routine ("on") week with a_k cramps over m_k usable nights and a rest ("off")
  week with b_k cramps over n_k. Its weight is the harmonic mean of the two weeks' usable nights,
  w_k = 2 m_k n_k / (m_k + n_k).
- The statistic is the weighted mean of the pairs' differences in cramps per usable night,
  T = sum_k w_k (a_k/m_k - b_k/n_k) / sum_k w_k.
- The two-sided p-value is the share of the 2^N sign vectors s (swapping the arms inside any
  subset of pairs) with |sum_k s_k d_k| >= |sum_k d_k|, d_k = w_k (a_k/m_k - b_k/n_k). Every one
  of the 2^N vectors is enumerated.
- The interval is the set of multiplicative effects theta on the cramp rate the same test does not
  reject at the plan's level (0.05): for each theta the on-weeks' rates are compared with theta
  times the off-weeks' rates, d_k(theta) = w_k (a_k/m_k - theta * b_k/n_k), and theta is kept when
  the two-sided p-value of that comparison is above 0.05. The p-value can only change where some
  subset's sum crosses zero, so it is evaluated at every such theta, between each two of them,
  below the smallest and above the largest; the script checks that the kept set is one interval
  and records its ends (null for "no upper limit").
"""
import itertools
import math
import json
import random
import sys
from fractions import Fraction
from pathlib import Path

LEVEL = Fraction(5, 100)
OUT = Path(__file__).resolve().parent.parent / "tests" / "it" / "reference" / "randomisation.json"


def diffs(pairs, theta):
    """d_k(theta) for every pair, exact."""
    out = []
    for a, m, b, n in pairs:
        w = Fraction(2 * m * n, m + n)
        out.append(w * (Fraction(a, m) - theta * Fraction(b, n)))
    return out


def p_value(pairs, theta):
    """Two-sided p by full enumeration of the 2^N sign vectors, as a Fraction."""
    d = diffs(pairs, theta)
    # One common denominator, so the 2^N sums are integer sums.
    den = 1
    for x in d:
        den = den * x.denominator // math.gcd(den, x.denominator)
    ints = [int(x * den) for x in d]
    observed = abs(sum(ints))
    extreme = 0
    for signs in itertools.product((1, -1), repeat=len(ints)):
        if abs(sum(s * x for s, x in zip(signs, ints))) >= observed:
            extreme += 1
    return Fraction(extreme, 2 ** len(ints))


def candidates(pairs):
    """Every theta where some subset's sum of d_k(theta) is zero: sum_S x / sum_S y."""
    xs = [Fraction(2 * m * n, m + n) * Fraction(a, m) for a, m, b, n in pairs]
    ys = [Fraction(2 * m * n, m + n) * Fraction(b, n) for a, m, b, n in pairs]
    out = set()
    for mask in range(1, 2 ** len(pairs)):
        sx = sum(x for i, x in enumerate(xs) if mask >> i & 1)
        sy = sum(y for i, y in enumerate(ys) if mask >> i & 1)
        if sy > 0:
            out.add(sx / sy)
    return sorted(out)


def interval(pairs):
    """(lo, hi) of the thetas not rejected; hi None = no upper limit; lo "inf" when no finite
    theta is kept (no cramps in any off week, and the on weeks' cramps are too many for chance)."""
    cands = candidates(pairs)
    if not cands:
        # No off-week cramps: d_k does not depend on theta, so every theta is kept or none is.
        return (Fraction(0), None) if p_value(pairs, Fraction(1)) > LEVEL else ("inf", None)
    probes = [Fraction(0)] + cands
    for lo, hi in zip(cands, cands[1:]):
        probes.append((lo + hi) / 2)
    if cands:
        probes.append(cands[-1] * 2 + 1)
    else:
        probes.append(Fraction(1))
    probes = sorted(set(probes))
    kept = [t for t in probes if p_value(pairs, t) > LEVEL]
    # One interval: every probe between the first and the last kept one is kept.
    inside = [t for t in probes if kept and kept[0] <= t <= kept[-1]]
    assert inside == kept, f"not one interval for {pairs}: kept {kept}"
    top = None if kept[-1] == probes[-1] else kept[-1]
    return kept[0], top


def estimate(pairs):
    sx = sum(Fraction(2 * m * n, m + n) * Fraction(a, m) for a, m, b, n in pairs)
    sy = sum(Fraction(2 * m * n, m + n) * Fraction(b, n) for a, m, b, n in pairs)
    if sy == 0:
        return None
    return sx / sy


def statistic(pairs):
    ws = [Fraction(2 * m * n, m + n) for a, m, b, n in pairs]
    d = diffs(pairs, Fraction(1))
    return sum(d) / sum(ws)


def text(f):
    if f is None or f == "inf":
        return f
    return f"{f.numerator}/{f.denominator}"


def case(name, pairs):
    p = p_value(pairs, Fraction(1))
    lo, hi = interval(pairs)
    stat = statistic(pairs)
    if p <= LEVEL and stat < 0:
        verdict = "fewer"
    elif p <= LEVEL and stat > 0:
        verdict = "more"
    else:
        verdict = "no_clear_change"
    # The promise the interval keeps: "fewer" exactly when it lies below 1, "more" above.
    assert (verdict == "fewer") == (hi is not None and hi < 1), name
    assert (verdict == "more") == (lo == "inf" or lo > 1), name
    return {
        "name": name,
        "pairs": [list(p_) for p_ in pairs],
        "statistic": text(stat),
        "p_value": text(p),
        "estimate": text(estimate(pairs)),
        "lo": text(lo),
        "hi": text(hi),
        "verdict": verdict,
    }


def full(routine, rest):
    return [(a, 7, b, 7) for a, b in zip(routine, rest)]


FIXED = [
    ("six_pairs_all_one_way", full([1] * 6, [5] * 6)),
    ("eight_pairs_all_one_way", full([1] * 8, [5] * 8)),
    ("mixed_by_hand", full([0, 1, 2, 3], [3, 3, 3, 2])),
    ("no_effect", full([2, 0, 4], [2, 0, 4])),
    ("issue_example_eight_pairs", full([2, 1, 3, 0, 2, 1, 4, 1], [5, 3, 4, 2, 6, 2, 3, 4])),
    ("fewer_just_below_one", full([3, 2, 4, 3, 2, 3, 4, 2], [5, 4, 6, 4, 5, 4, 5, 4])),
    ("more_cramps", full([6, 5, 7, 4, 6, 5, 6, 5], [2, 3, 2, 1, 3, 2, 1, 2])),
    ("no_routine_cramps", full([0] * 8, [3, 2, 4, 1, 2, 3, 2, 5])),
    ("no_rest_cramps", full([2, 1, 3, 1, 2, 1, 2, 1], [0] * 8)),
    ("no_cramps_at_all", full([0] * 6, [0] * 6)),
    ("unequal_nights", [(0, 5, 3, 7), (0, 4, 2, 6), (1, 7, 4, 6), (2, 6, 2, 7), (0, 7, 3, 4), (1, 5, 5, 7)]),
    ("washout_weeks_of_five", [(a, 5, b, 5) for a, b in zip([1, 0, 2, 1, 0, 1, 1, 0], [3, 2, 2, 4, 1, 3, 2, 2])]),
    ("spells", full([0, 9, 1, 12, 2, 0, 8, 3], [1, 0, 6, 2, 9, 1, 0, 7])),
    ("two_pairs", full([1, 2], [4, 3])),
    ("twelve_pairs", full([1, 2, 0, 3, 1, 2, 1, 0, 2, 1, 3, 1], [3, 2, 2, 4, 3, 5, 1, 2, 4, 3, 3, 2])),
]


def random_cases(count, seed):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        n = rng.randint(2, 8)
        base = rng.choice([0.1, 0.3, 0.6, 1.0, 2.0])
        effect = rng.choice([1.0, 1.0, 0.5, 0.25, 2.0])
        pairs = []
        for _ in range(n):
            m = rng.choice([7, 7, 7, 6, 5, 4])
            nn = rng.choice([7, 7, 7, 6, 5, 4])
            spell = rng.choice([1.0, 1.0, 3.0, 0.3])
            a = sum(1 for _ in range(m * 3) if rng.random() < base * effect * spell / 3)
            b = sum(1 for _ in range(nn * 3) if rng.random() < base * spell / 3)
            pairs.append((a, m, b, nn))
        out.append(case(f"random_{i}", pairs))
    return out


def build():
    cases = [case(name, pairs) for name, pairs in FIXED]
    cases += random_cases(300, 20261207)
    return {
        "source": "tools/experiment_reference.py (exact fractions, full enumeration)",
        "level": "1/20",
        "cases": cases,
    }


if __name__ == "__main__":
    doc = build()
    text_out = json.dumps(doc, indent=1) + "\n"
    if "--check" in sys.argv:
        if OUT.read_text() != text_out:
            print(f"{OUT} differs from a fresh computation", file=sys.stderr)
            sys.exit(1)
        print(f"{OUT}: {len(doc['cases'])} cases agree")
    else:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(text_out)
        print(f"wrote {OUT}: {len(doc['cases'])} cases")
