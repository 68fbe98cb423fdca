"""Independent reference values for src/analysis/insights (issue 23): two insights' rate ratios,
95% intervals and p-values, from statsmodels' Poisson GLM with one term per stratum, and the
bias-reduced cluster-robust variance (CR2) with Bell-McCaffrey degrees of freedom computed here
from the general matrix formulas (Pustejovsky and Tipton 2018), not from the app's shortcut.
Run: python3 tools/insights_reference.py   (statsmodels 0.15.0, pandas 3.1.1, NumPy 2.4.6,
SciPy 1.17.1).

It writes the diary it uses to tools/insights_reference.csv (a seeded made-up year: cramps in bad
spells, calf tightness each morning, an "alcohol" tag from February) and prints, per factor,
estimate, lo, hi and p. The Rust test `reference_values_from_statsmodels` reads the same CSV
through the app's own analysis and must agree to 1e-6.

Everything below is written from the README's definitions, not from the Rust code:
- a night is usable when logged as cramps or cramp-free;
- tightness: the tighter calf logged with the previous night (the morning before), high at 5+;
- a tag counts (with or without) from the first tagged night on;
- strata: calendar month x the kind of night before (cramps / cramp-free / other);
- blocks (the independent units): calendar months;
- only strata that hold nights with and without the factor are compared;
- model: Poisson, cramps ~ exposed + C(stratum) (statsmodels GLM);
- variance: CR2 by block, never below the model's own (Poisson) variance; t with the
  Bell-McCaffrey degrees of freedom under the Poisson working model.
"""
import datetime as dt
import os

import numpy as np
import pandas as pd
from scipy import stats
import statsmodels.api as sm
import statsmodels.formula.api as smf

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, "insights_reference.csv")


def make_diary(seed=23):
    rng = np.random.default_rng(seed)
    start = dt.date(2025, 1, 1)
    rows = []
    bad = False
    tight = 4.0
    for i in range(365):
        day = start + dt.timedelta(days=i)
        if rng.random() < 1 / 7:
            bad = not bad
        alcohol = day >= dt.date(2025, 2, 1) and rng.random() < (0.35 if day.weekday() >= 4 else 0.08)
        rate = (1.2 if bad else 0.3) * (2.0 if alcohol else 1.0)
        tight = min(10.0, max(0.0, tight + rng.normal(0, 1.2)))
        rate *= 1.3 if tight >= 5 else 1.0
        if rng.random() > 0.9:
            continue  # not logged
        if rng.random() < 0.04:
            rows.append((day, "excluded", 0, "", "", ""))
            continue
        cramps = int(rng.poisson(rate))
        left = int(round(tight))
        right = int(round(min(10.0, max(0.0, tight + rng.normal(0, 1)))))
        keep_tight = rng.random() < 0.85
        tags = []
        if alcohol:
            tags.append("alcohol")
        if day >= dt.date(2025, 2, 1) and rng.random() < 0.05:
            tags.append("heat")
        rows.append((
            day,
            "cramps" if cramps > 0 else "none",
            cramps,
            left if keep_tight else "",
            right if keep_tight and rng.random() < 0.9 else "",
            ";".join(tags),
        ))
    df = pd.DataFrame(rows, columns=["night_of", "status", "cramps", "tight_left", "tight_right", "tags"])
    df.to_csv(CSV, index=False)
    return pd.read_csv(CSV, keep_default_na=False)


def nights(df):
    df = df.copy()
    df["date"] = pd.to_datetime(df["night_of"]).dt.date
    by_date = {r.date: r for r in df.itertuples()}
    first = df["date"].min()
    tagged = [r.date for r in df.itertuples() if r.tags != ""]
    first_tag = min(tagged) if tagged else None
    out = []
    for r in df.itertuples():
        if r.status not in ("cramps", "none"):
            continue
        prev = by_date.get(r.date - dt.timedelta(days=1))
        kind = {"cramps": 0, "none": 1}.get(prev.status, 2) if prev is not None else 2
        tight = None
        if prev is not None:
            sides = [int(v) for v in (prev.tight_left, prev.tight_right) if v != ""]
            tight = max(sides) if sides else None
        tags = r.tags.split(";") if r.tags != "" else []
        out.append({
            "cramps": int(r.cramps),
            "stratum": f"{r.date.year}-{r.date.month:02}-{kind}",
            "block": f"{r.date.year}-{r.date.month:02}",
            "tightness": None if tight is None else int(tight >= 5),
            "tag:alcohol": None if first_tag is None or r.date < first_tag else int("alcohol" in tags),
        })
    return pd.DataFrame(out)


def inv_sqrt(m):
    """The symmetric (pseudo-)inverse square root of a positive semi-definite matrix."""
    vals, vecs = np.linalg.eigh(m)
    keep = vals > 1e-10
    return (vecs[:, keep] / np.sqrt(vals[keep])) @ vecs[:, keep].T


def insight(table, factor):
    d = table[table[factor].notna()].copy()
    d["exposed"] = d[factor].astype(int)
    both = d.groupby("stratum")["exposed"].agg(lambda e: e.min() == 0 and e.max() == 1)
    d = d[d["stratum"].map(both)].reset_index(drop=True)
    fit = smf.glm("cramps ~ exposed + C(stratum)", data=d, family=sm.families.Poisson()).fit()
    x = fit.model.exog
    mu = fit.mu
    y = d["cramps"].to_numpy(float)
    xw = np.sqrt(mu)[:, None] * x
    bread = np.linalg.inv(xw.T @ xw)
    hat = xw @ bread @ xw.T
    c = np.zeros(x.shape[1])
    c[fit.model.exog_names.index("exposed")] = 1.0
    ell = xw @ bread @ c  # beta_hat - beta ~ ell' r, r the Pearson residuals
    r = (y - mu) / np.sqrt(mu)
    n = len(d)
    m = np.zeros((n, n))
    q = 0.0
    for _, idx in d.groupby("block").indices.items():
        a = inv_sqrt(np.eye(len(idx)) - hat[np.ix_(idx, idx)])
        v = a @ ell[idx]
        q += float(v @ r[idx]) ** 2
        m[np.ix_(idx, idx)] += np.outer(v, v)
    sigma = np.eye(n) - hat  # the working model's covariance of r
    ms = m @ sigma
    df = np.trace(ms) ** 2 / np.trace(ms @ ms)
    var = max(q, c @ bread @ c)
    beta, se = fit.params["exposed"], np.sqrt(var)
    t = stats.t.ppf(0.975, df)
    p = 2 * stats.t.sf(abs(beta) / se, df)
    return np.exp(beta), np.exp(beta - t * se), np.exp(beta + t * se), p, df, n


if __name__ == "__main__":
    table = nights(make_diary())
    for factor in ("tightness", "tag:alcohol"):
        est, lo, hi, p, df, n = insight(table, factor)
        print(f"{factor}: estimate {est:.6f} lo {lo:.6f} hi {hi:.6f} p {p:.6f} df {df:.6f} nights {n}")
