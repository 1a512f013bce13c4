#!/usr/bin/env python3
"""Generate tests/reference/statistics.json: what scipy and numpy compute for the statistics of src/stats.

Run it with Debian's scipy 1.10 and numpy 1.24 (`apt-get install -y python3-scipy python3-mpmath`), i.e. with
/usr/bin/python3, from any directory:

    /usr/bin/python3 scripts/scipy-reference.py [--root DIR]

It writes tests/reference/statistics.json under the repository root (or under DIR, e.g. to compare the bytes
with the committed file). The output is deterministic: the same bytes on every run. Its sections:

  tQuantile   scipy.stats.t.ppf(p, df) and the exact quantile (mpmath, 40 digits, rounded to float64);
  tCdf        scipy.stats.t.cdf(t, df) and the exact value;
  normalSf    scipy.stats.norm.sf(x) (= special.ndtr(-x), Cephes);
  vectors     fixed difference vectors (n = 1..60: ties, zeros, all equal, all zero, signs, scales), each with
              scipy.stats.ttest_1samp(d, 0) and its confidence_interval(level) (= ttest_rel(x, y) on d = x - y),
              the exact critical value, scipy.stats.wilcoxon(d) (statistic, p-value, its warnings, or the error
              it raises) and np.percentile(d, q);
  pairs       x, y vectors of accuracies (count/1000), ttest_rel(x, y) and wilcoxon(x - y), raw and with the
              float64 noise of the differences rounded away;
  bootstrap   the percentile bootstrap of src/stats/bootstrap.ts reproduced in numpy: RandomState(seed).randint(0,
              n, size=(B, n)) for the indices, sums left to right, np.quantile(means, [(1-level)/2, (1+level)/2]).

scipy 1.10's t.ppf (special.stdtrit, cdflib) is only good to about 5e-9 relative, so every t value carries the
exact one as well: tests/statistics.test.ts holds our quantile to the exact value and to scipy's within its error.
"""

import argparse
import json
import os
import platform
import warnings

if platform.machine().lower() in ("x86_64", "amd64"):
    # As scripts/pytorch-reference.py: numpy's AVX-512 paths change no result used here, but pinning keeps
    # every machine on the same code.
    os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*NPY_DISABLE_CPU_FEATURES")
    import mpmath as mp
    import numpy as np
    import scipy
    import scipy.stats as st

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join("tests", "reference", "statistics.json")
mp.mp.dps = 40

# ---------------------------------------------------------------------------------------------
# The exact t distribution (mpmath)


def exact_tail(t, df):
    """P(T > t) for t >= 0: I_x(df/2, 1/2) / 2 with x = df / (df + t^2)."""
    df = mp.mpf(df)
    x = df / (df + t * t)
    if x <= 0.5:
        return mp.betainc(df / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2
    # Near x = 1 (many degrees of freedom) mpmath's series for I_x(df/2, 1/2) converges too slowly: the
    # complement 1 - I_y(1/2, df/2), y = t^2/(df + t^2), at 120 digits (P(T > t) >= 1e-80 keeps 40 of them).
    with mp.workdps(120):
        y = t * t / (df + t * t)
        tail = (1 - mp.betainc(mp.mpf(1) / 2, df / 2, 0, y, regularized=True)) / 2
    return +tail


def exact_density(t, df):
    df = mp.mpf(df)
    return mp.gamma((df + 1) / 2) / (mp.sqrt(df * mp.pi) * mp.gamma(df / 2)) * (1 + t * t / df) ** (-(df + 1) / 2)


def exact_cdf(t, df):
    t = mp.mpf(t)
    return exact_tail(-t, df) if t < 0 else 1 - exact_tail(t, df)


def exact_quantile(p, df):
    """The t with P(T <= t) = p: Newton's method on ln P(T > e^u) - ln q in u = ln t (nearly linear there)."""
    p = mp.mpf(p)
    if p == mp.mpf(1) / 2:
        return 0.0
    upper = p > mp.mpf(1) / 2
    q = 1 - p if upper else p
    if q > mp.mpf("0.2"):
        # Near the centre, plain Newton on the CDF from scipy's value.
        t0 = mp.mpf(abs(st.t.ppf(float(p), df)))
        t = mp.findroot(lambda t: exact_tail(t, df) - q, t0, tol=mp.mpf(10) ** -36)
    else:
        guess = abs(st.t.ppf(float(q), df))
        u0 = mp.log(mp.mpf(guess)) if np.isfinite(guess) and guess > 0 else -mp.log(q) / df
        g = lambda u: mp.log(exact_tail(mp.exp(u), df)) - mp.log(q)  # noqa: E731
        dg = lambda u: -mp.exp(u) * exact_density(mp.exp(u), df) / exact_tail(mp.exp(u), df)  # noqa: E731
        t = mp.exp(mp.findroot(g, u0, solver="newton", df=dg, tol=mp.mpf(10) ** -36))
    return float(t if upper else -t)


T_DFS = list(range(1, 51)) + [0.5, 1.5, 2.5, 7.3, 55, 59, 60, 61, 65, 100, 1000, 10**4, 10**5, 10**6, 10**8, 10**10]
T_PS = [0.5000001, 0.51, 0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9995, 1 - 1e-6, 1 - 1e-10,
        0.3, 0.025, 0.005, 1e-6, 1e-12, 1e-30, 1e-100,
        # The p of scipy's two-sided intervals: (1 - level)/2 and 1 - (1 - level)/2.
        (1 - 0.95) / 2, 1 - (1 - 0.95) / 2, (1 - 0.99) / 2, 1 - (1 - 0.99) / 2]


def build_t_quantiles():
    rows = []
    for df in T_DFS:
        for p in T_PS:
            rows.append({"df": df, "p": p, "scipy": finite(st.t.ppf(p, df)), "exact": exact_quantile(p, df)})
    return rows


T_CDF_TS = [-1e10, -1e3, -50, -5, -2.5, -1.75, -1, -0.1, 0, 1e-8, 0.3, 1, 1.7, 2, 2.1, 3, 10, 1e3, 1e10]


def build_t_cdfs():
    rows = []
    for df in [1, 2, 3, 5, 9, 29, 30, 59, 60, 61, 100, 10**4, 10**7]:
        for t in T_CDF_TS:
            if df > 100 and abs(t) >= 1e3:
                continue  # 0 or 1 in float64, and mpmath's series for it does not converge
            rows.append({"df": df, "t": t, "scipy": float(st.t.cdf(t, df)), "exact": float(exact_cdf(t, df))})
    return rows


def build_normal():
    xs = [0, 1e-10, 0.1, 0.5, 0.7, 0.7071067811865476, 0.75, 1, 1.2, 1.4142135623730951, 1.5, 2, 2.5, 3, 4, 5, 6,
          8, 10, 11.3137084989848, 11.4, 15, 20, 26, 30, 37, 37.5, 38, -0.5, -1, -2, -3, -8, -20]
    return [{"x": x, "sf": float(st.norm.sf(x))} for x in xs]


# ---------------------------------------------------------------------------------------------
# Difference vectors


def ints(seed, n, low, high, scale):
    """n integers drawn with RandomState(seed).randint(low, high) over `scale`: exact, machine-independent values."""
    return (np.random.RandomState(seed).randint(low, high, size=n) / scale).tolist()


def distinct(seed, n, scale):
    """n distinct nonzero integers in [-2n, 2n] over `scale` (0 becomes 2n, which is not otherwise drawn)."""
    k = np.random.RandomState(seed).permutation(4 * n)[:n] - 2 * n
    return (np.where(k == 0, 2 * n, k) / scale).tolist()


VECTORS = [
    ("one value", [0.012]),
    ("two positive", [0.012, 0.034]),
    ("two of opposite signs", [-0.02, 0.05]),
    ("three", [0.1, -0.05, 0.2]),
    ("tied ranks giving R+ = 8.5", [1, -1, 2, 3]),
    ("five positive", [0.01, 0.02, 0.03, 0.04, 0.05]),
    ("five negative", [-3, -1, -4, -1.5, -9]),
    ("six equal", [0.02] * 6),
    ("six zeros", [0] * 6),
    ("zeros among six", [0, 0.01, -0.02, 0.03, 0, 0.05]),
    ("one zero among five", [0, 2, -1, 4, 3]),
    ("integer ties, seven", [3, -2, 5, 3, -1, 3, 2]),
    ("epochs with ties and a zero", [3, -2, 5, 3, 0, -1, 4, 3, 2, -2]),
    ("R+ at the centre of the distribution", [-1, -2, 3, -4, -5, -6, 7, 8]),
    ("eight", ints(1, 8, -30, 31, 1000)),
    ("nine", ints(2, 9, -30, 31, 1000)),
    ("twelve", ints(7, 12, -40, 41, 1000)),
    ("twelve, all negative", ints(8, 12, -50, 0, 1000)),
    ("fifteen", ints(15, 15, -20, 41, 1000)),
    ("twenty", ints(20, 20, -60, 61, 1000)),
    ("twenty-five", ints(25, 25, -60, 61, 1000)),
    ("twenty-six", ints(26, 26, -60, 61, 1000)),
    ("thirty, no ties", distinct(30, 30, 1000)),
    ("thirty, ties", ints(31, 30, -15, 16, 1000)),
    ("fifty, the exact limit", distinct(50, 50, 1000)),
    ("fifty-one, above the exact limit", distinct(51, 51, 1000)),
    ("sixty, ties and zeros", ints(60, 60, -10, 11, 100)),
    ("large scale", [1e6 + 3, 1e6 - 2, 1e6 + 7, 1e6 + 1, 1e6 + 4.5]),
    ("tiny scale", [3e-9, -2e-9, 7e-9, 1e-9, 4.5e-9, 2e-9]),
    ("epochs, eleven", [-12, -4, -7, 0, -20, -3, -9, -15, 2, -6, -8]),
]
LEVELS = [0.95, 0.99, 0.9, 0.5]
PERCENTILES = [0, 2.5, 10, 25, 33.3, 50, 66.7, 75, 90, 97.5, 100]


def finite(x):
    x = float(x)
    return x if np.isfinite(x) else None


def wilcoxon_entry(d):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = st.wilcoxon(d)
        except ValueError as error:
            return {"error": str(error), "warnings": [str(w.message) for w in caught]}
    return {"statistic": float(res.statistic), "pValue": float(res.pvalue), "warnings": [str(w.message) for w in caught]}


def t_entry(d):
    n = len(d)
    if n < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = st.ttest_1samp(d, 0)
    out = {"mean": float(res._estimate), "se": float(res._standard_error), "levels": []}
    for level in LEVELS:
        ci = res.confidence_interval(level)
        out["levels"].append({"level": level, "scipyLow": float(ci.low), "scipyHigh": float(ci.high),
                              "critical": exact_quantile(1 - (1 - level) / 2, n - 1)})
    return out


def build_vectors():
    out = []
    for name, d in VECTORS:
        d = [float(v) for v in d]
        out.append({"name": name, "d": d, "t": t_entry(np.array(d)), "wilcoxon": wilcoxon_entry(np.array(d)),
                    "percentiles": {"q": PERCENTILES, "values": np.percentile(d, PERCENTILES).tolist()}})
    return out


PAIRS = [
    # 953/1000 - 941/1000 and 940/1000 - 928/1000 are 12/1000 apart by an ulp: raw, scipy ranks them apart.
    ("accuracies with equal count differences", [953, 940, 947, 938, 971, 925, 990, 886, 962],
     [941, 928, 950, 930, 959, 925, 978, 874, 955]),
    ("accuracies, ten seeds", [912, 934, 905, 941, 899, 927, 930, 918, 944, 909],
     [887, 902, 911, 925, 874, 901, 930, 893, 915, 890]),
]


def build_pairs():
    out = []
    for name, x, y in PAIRS:
        x = np.array(x) / 1000
        y = np.array(y) / 1000
        d = x - y
        res = st.ttest_rel(x, y)
        ci = res.confidence_interval(0.95)
        out.append({"name": name, "x": x.tolist(), "y": y.tolist(), "d": d.tolist(),
                    "ttestRel": {"low": float(ci.low), "high": float(ci.high)},
                    "wilcoxonRaw": wilcoxon_entry(d),
                    "wilcoxonRounded": wilcoxon_entry(np.round(d * 1000) / 1000)})
    return out


# ---------------------------------------------------------------------------------------------
# The bootstrap, reproduced


def bootstrap(d, resamples, seed, level):
    d = np.asarray(d, dtype=np.float64)
    n = len(d)
    indices = np.random.RandomState(seed).randint(0, n, size=(resamples, n))
    sums = np.zeros(resamples)
    for i in range(n):  # left to right, as src/stats/bootstrap.ts
        sums = sums + d[indices[:, i]]
    means = sums / n
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return {"low": float(low), "high": float(high), "firstIndices": indices.ravel()[:2 * n].tolist(),
            "firstMeans": means[:5].tolist(), "meanOfMeans": float(np.mean(means))}


BOOTSTRAP_CASES = [
    ("two positive", 10000, 0, 0.95),
    ("five negative", 10000, 0, 0.95),
    ("epochs with ties and a zero", 10000, 0, 0.95),
    ("epochs with ties and a zero", 10000, 1, 0.99),
    ("epochs with ties and a zero", 999, 20240601, 0.5),
    ("thirty, ties", 10000, 4294967295, 0.95),
    ("twelve", 7, 3, 0.95),
    ("twelve", 1, 3, 0.95),
    ("one value", 100, 0, 0.95),
    ("six equal", 500, 5, 0.9),
    ("large scale", 2000, 11, 0.95),
    ("fifty-one, above the exact limit", 10000, 123456789, 0.95),
]


def build_bootstrap():
    vectors = dict(VECTORS)
    out = []
    for name, resamples, seed, level in BOOTSTRAP_CASES:
        d = [float(v) for v in vectors[name]]
        out.append({"name": name, "d": d, "resamples": resamples, "seed": seed, "level": level,
                    **bootstrap(d, resamples, seed, level)})
    return out


def build():
    return {
        "about": "scipy %s, numpy %s, mpmath %s (exact values at %d digits): scripts/scipy-reference.py"
                 % (scipy.__version__, np.__version__, mp.__version__, mp.mp.dps),
        "scipy": scipy.__version__,
        "tQuantile": build_t_quantiles(),
        "tCdf": build_t_cdfs(),
        "normalSf": build_normal(),
        "vectors": build_vectors(),
        "pairs": build_pairs(),
        "bootstrap": build_bootstrap(),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=REPO_ROOT, help="write under this folder instead of the repository root")
    args = ap.parse_args()
    doc = build()
    path = os.path.join(args.root, OUTPUT)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
    print("%s: %d bytes, %d t quantiles, %d t cdfs, %d vectors, %d bootstrap cases (scipy %s)" % (
        OUTPUT, os.path.getsize(path), len(doc["tQuantile"]), len(doc["tCdf"]), len(doc["vectors"]),
        len(doc["bootstrap"]), scipy.__version__))


if __name__ == "__main__":
    main()
