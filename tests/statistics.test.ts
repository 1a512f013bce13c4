// src/stats and src/compare/paired.ts against scipy 1.10.1 and numpy 1.24 (tests/reference/statistics.json,
// written by scripts/scipy-reference.py), then properties (fast-check, fixed seeds), edge cases and refusals.
// scipy's t.ppf (special.stdtrit) is good to about 5e-9 only, so the t quantile is held to the exact values
// (mpmath, 40 digits) in the file, and to scipy's within scipy's own distance from them.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalDifferences, pairedComparison, pairedTable, runOutcome, TIE_TOLERANCE } from '../src/compare/paired.js';
import { stat } from '../src/compare/stats.js';
import type { RunResult } from '../src/compare/types.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { bootstrapInterval, bootstrapMeans } from '../src/stats/bootstrap.js';
import { normalCdf, normalSf } from '../src/stats/normal.js';
import { tInterval } from '../src/stats/paired-t.js';
import { median, percentile, percentiles, quartiles } from '../src/stats/percentile.js';
import { studentTCdf, studentTQuantile } from '../src/stats/t-distribution.js';
import { averageRanks, signedRankCounts, WILCOXON_EXACT_MAX, wilcoxonSignedRank } from '../src/stats/wilcoxon.js';
import { REFERENCE_DIR, readJson } from './helpers/fixtures.js';
import { throwsInputFor } from './helpers/throws.js';

interface WilcoxonRef {
  statistic?: number;
  pValue?: number;
  error?: string;
  warnings: string[];
}
interface VectorRef {
  name: string;
  d: number[];
  t: { mean: number; se: number; levels: { level: number; scipyLow: number; scipyHigh: number; critical: number }[] } | null;
  wilcoxon: WilcoxonRef;
  percentiles: { q: number[]; values: number[] };
}
const reference = readJson(`${REFERENCE_DIR}statistics.json`) as {
  scipy: string;
  tQuantile: { df: number; p: number; scipy: number | null; exact: number }[];
  tCdf: { df: number; t: number; scipy: number; exact: number }[];
  normalSf: { x: number; sf: number }[];
  vectors: VectorRef[];
  pairs: {
    name: string;
    x: number[];
    y: number[];
    d: number[];
    ttestRel: { low: number; high: number };
    wilcoxonRaw: WilcoxonRef;
    wilcoxonRounded: WilcoxonRef;
  }[];
  bootstrap: {
    name: string;
    d: number[];
    resamples: number;
    seed: number;
    level: number;
    low: number;
    high: number;
    firstIndices: number[];
    firstMeans: number[];
    meanOfMeans: number;
  }[];
};
const FC = (numRuns: number, seed: number) => ({ numRuns, seed, endOnFailure: true, includeErrorInReport: true });
const relative = (got: number, want: number) => (got === want ? 0 : Math.abs(got - want) / Math.abs(want));
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
/** Differences on a grid (so with ties and zeros, as accuracies and epochs give them). */
const gridded = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 40 }).map((xs) => xs.map((x) => x / 8));

test('the reference was made with scipy 1.10.1', () => {
  assert.is(reference.scipy, '1.10.1');
});

// ── Student's t ────────────────────────────────────────────────────────────────────────────────

test('t quantile: within 1e-13 of the exact value everywhere, 1e-14 at the confidence levels; never further from scipy than scipy is from it', () => {
  let worstScipy = 0;
  for (const r of reference.tQuantile) {
    const got = studentTQuantile(r.p, r.df);
    const what = `t.ppf(${r.p}, ${r.df}): got ${got}, exact ${r.exact}, scipy ${r.scipy}`;
    const error = relative(got, r.exact);
    assert.ok(error <= 1e-13, what);
    if ([0.975, 0.995, 0.025, 0.005, 1 - (1 - 0.95) / 2, (1 - 0.95) / 2].includes(r.p)) assert.ok(error <= 1e-14, what);
    // scipy's stdtrit gives up on p = 1e-100 with df = 0.5 (returns -1e100); elsewhere it is within 5e-9.
    if (r.scipy === null || relative(r.scipy, r.exact) > 1e-6) continue;
    const scipyError = relative(r.scipy, r.exact);
    worstScipy = Math.max(worstScipy, scipyError);
    assert.ok(Math.abs(got - r.scipy) <= Math.abs(r.scipy - r.exact) + 1e-13 * Math.abs(r.exact), what);
  }
  assert.ok(worstScipy < 5e-9, `scipy's own error ${worstScipy}`);
  assert.ok(reference.tQuantile.length > 1500);
});

test('t CDF: within 1e-13 of the exact value (relative to the smaller tail), and of scipy within its error', () => {
  for (const r of reference.tCdf) {
    const got = studentTCdf(r.t, r.df);
    const tail = Math.min(r.exact, 1 - r.exact);
    const scale = tail === 0 ? 1 : tail;
    const what = `t.cdf(${r.t}, ${r.df}): got ${got}, exact ${r.exact}, scipy ${r.scipy}`;
    assert.ok(Math.abs(got - r.exact) <= 1e-13 * scale, what);
    assert.ok(Math.abs(got - r.scipy) <= Math.abs(r.scipy - r.exact) + 1e-13 * scale, what);
  }
});

test('t quantile: properties (inverse of the CDF, symmetric, monotone in p, decreasing in df)', () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-10, max: 1 - 1e-10, noNaN: true }), fc.double({ min: 0.2, max: 1e6, noNaN: true }), (p, df) => {
      const t = studentTQuantile(p, df);
      const back = studentTCdf(t, df);
      assert.ok(Math.abs(back - p) <= 1e-13 * Math.min(p, 1 - p) + 1e-16, `cdf(ppf(${p}, ${df})) = ${back}`);
      // For hi ≥ ½ both hi and 1 − hi are exact, so the two quantiles are the same tail.
      const hi = p >= 0.5 ? p : 1 - p;
      const upper = studentTQuantile(hi, df);
      assert.ok(Math.abs(studentTQuantile(1 - hi, df) + upper) <= 1e-14 * Math.abs(upper), 'symmetric');
      if (p < 0.999) assert.ok(studentTQuantile(p + 0.001, df) > t, 'increasing in p');
      if (p > 0.5) assert.ok(studentTQuantile(p, df * 2) < t, 'decreasing in df above the median');
    }),
    FC(400, 41),
  );
  assert.is(studentTQuantile(0.5, 3), 0);
  assert.is(studentTQuantile(0, 3), Number.NEGATIVE_INFINITY);
  assert.is(studentTQuantile(1, 3), Number.POSITIVE_INFINITY);
  // Beyond float64: with df = 0.001 the 90% quantile is about 10^(1000·log10(1/0.1)).
  assert.is(studentTQuantile(0.9, 0.001), Number.POSITIVE_INFINITY);
  assert.is(studentTQuantile(0.1, 0.001), Number.NEGATIVE_INFINITY);
  assert.ok(studentTCdf(-Number.MAX_VALUE, 0.001) > 0.1);
  // df = 1 is Cauchy and df = 2 has a closed form.
  assert.ok(relative(studentTQuantile(0.975, 1), Math.tan(Math.PI * 0.475)) < 1e-14);
  assert.ok(relative(studentTQuantile(0.9, 2), 0.8 / Math.sqrt(2 * 0.9 * 0.1)) < 1e-14);
});

test('t quantile and CDF refuse NaN and out-of-range arguments, naming them', () => {
  throwsInputFor(() => studentTQuantile(Number.NaN, 3), 'p', 'must be a finite number');
  throwsInputFor(() => studentTQuantile(1.5, 3), 'p', 'must be a number in [0, 1]');
  throwsInputFor(() => studentTQuantile(0.9, Number.NaN), 'df', 'must be a finite number');
  throwsInputFor(() => studentTQuantile(0.9, 0), 'df', 'must be a number in (0, 10000000000]');
  throwsInputFor(() => studentTCdf(Number.NaN, 3), 't', 'must be a number');
  throwsInputFor(() => studentTCdf(1, -1), 'df');
});

test("compare's summary intervals use the same quantile (stat's ci95 = the t interval's half-width)", () => {
  const values = [0.91, 0.93, 0.88, 0.95, 0.9];
  const t = tInterval(values);
  assert.ok(relative(stat(values).ci95, t.high - t.mean) < 1e-14, `${stat(values).ci95} vs ${t.high - t.mean}`);
});

// ── The normal distribution (Cephes, as scipy) ──────────────────────────────────────────────────

test("normal sf: scipy.stats.norm.sf to 1 ulp (Cephes' ndtr, only libm's exp can differ)", () => {
  for (const r of reference.normalSf) {
    const got = normalSf(r.x);
    assert.ok(relative(got, r.sf) <= 2.3e-16, `sf(${r.x}) = ${got}, scipy ${r.sf}`);
  }
  assert.is(normalCdf(0), 0.5);
  assert.ok(Number.isNaN(normalCdf(Number.NaN)));
});

// ── The t interval ─────────────────────────────────────────────────────────────────────────────

test("t interval: mean and standard error as scipy, bounds mean ± exact t·se, and scipy's CI within its t error", () => {
  let checked = 0;
  for (const v of reference.vectors) {
    if (v.t === null) continue;
    for (const l of v.t.levels) {
      const got = tInterval(v.d, l.level);
      const scale = Math.abs(v.t.mean) + l.critical * v.t.se;
      const what = `${v.name} at ${l.level}: got [${got.low}, ${got.high}], scipy [${l.scipyLow}, ${l.scipyHigh}]`;
      assert.ok(Math.abs(got.mean - v.t.mean) <= 1e-15 * scale + 1e-300, `${what}: mean ${got.mean} vs ${v.t.mean}`);
      assert.ok(Math.abs(got.se - v.t.se) <= 1e-14 * v.t.se + 1e-300, `${what}: se ${got.se} vs ${v.t.se}`);
      assert.ok(relative(got.critical, l.critical) <= 1e-14, `${what}: critical ${got.critical} vs ${l.critical}`);
      assert.ok(Math.abs(got.low - (v.t.mean - l.critical * v.t.se)) <= 1e-14 * scale, what);
      assert.ok(Math.abs(got.high - (v.t.mean + l.critical * v.t.se)) <= 1e-14 * scale, what);
      // scipy's stdtrit is within 5e-9 of the exact critical value.
      assert.ok(Math.abs(got.low - l.scipyLow) <= 5e-9 * l.critical * v.t.se + 1e-14 * scale, what);
      assert.ok(Math.abs(got.high - l.scipyHigh) <= 5e-9 * l.critical * v.t.se + 1e-14 * scale, what);
      checked++;
    }
  }
  assert.ok(checked > 100);
});

test('t interval: ttest_rel(x, y) is the interval of x − y', () => {
  for (const p of reference.pairs) {
    const d = p.x.map((x, i) => x - p.y[i]!);
    assert.equal(d, p.d, `${p.name}: the same float64 differences`);
    const got = tInterval(d);
    const scale = got.high - got.low;
    assert.ok(Math.abs(got.low - p.ttestRel.low) <= 5e-9 * scale, p.name);
    assert.ok(Math.abs(got.high - p.ttestRel.high) <= 5e-9 * scale, p.name);
  }
});

test('t interval: properties (holds the mean, wider at 99% than at 95%, sign flip mirrors it)', () => {
  fc.assert(
    fc.property(fc.array(finite, { minLength: 2, maxLength: 30 }), (d) => {
      const a = tInterval(d);
      assert.ok(a.low <= a.mean && a.mean <= a.high);
      const wide = tInterval(d, 0.99);
      if (a.sd > 0) assert.ok(wide.high - wide.low > a.high - a.low, 'wider at 99%');
      const flipped = tInterval(d.map((x) => -x));
      assert.ok(Math.abs(flipped.low + a.high) <= 1e-9 * (Math.abs(a.high) + a.se + 1e-300), 'mirrored');
      assert.ok(Math.abs(flipped.high + a.low) <= 1e-9 * (Math.abs(a.low) + a.se + 1e-300), 'mirrored');
    }),
    FC(300, 7),
  );
});

test('t interval: edge cases (all equal, all zero) and refusals (one value, NaN, level)', () => {
  const zero = tInterval([0, 0, 0, 0]);
  assert.equal([zero.low, zero.mean, zero.high, zero.sd], [0, 0, 0, 0]);
  const same = tInterval([0.25, 0.25, 0.25]);
  assert.equal([same.low, same.high], [0.25, 0.25]);
  throwsInputFor(() => tInterval([0.5]), 'values', 'must hold at least 2 values');
  throwsInputFor(() => tInterval([1, Number.NaN, 2]), 'values[1]', 'must be a finite number');
  throwsInputFor(() => tInterval([1, 2], 1), 'level', 'must be a number in (0, 1)');
  throwsInputFor(() => tInterval([1, Number.POSITIVE_INFINITY], 0.95, 'differences'), 'differences[1]');
  throwsInputFor(() => tInterval('1, 2' as never), 'values', 'must be an array of numbers');
});

// ── Wilcoxon ───────────────────────────────────────────────────────────────────────────────────

function assertWilcoxon(d: number[], want: WilcoxonRef, what: string): void {
  const got = wilcoxonSignedRank(d);
  assert.equal(got.warnings.slice(0, want.warnings.length), want.warnings, `${what}: scipy's warnings`);
  if (want.error !== undefined) {
    assert.is(got.method, 'none', what);
    assert.is(got.pValue, null, what);
    assert.ok(got.warnings.includes(want.error), `${what}: scipy's error among the warnings`);
    return;
  }
  assert.is(got.warnings.length, want.warnings.length, `${what}: no other warnings`);
  assert.is(got.statistic, want.statistic, `${what}: statistic`);
  if (got.method === 'exact') assert.is(got.pValue, want.pValue, `${what}: exact p to the bit`);
  else assert.ok(relative(got.pValue!, want.pValue!) <= 1e-14, `${what}: p ${got.pValue} vs scipy ${want.pValue}`);
}

test('wilcoxon: statistic, p-value (exact ones to the bit, normal ones to 1e-14), mode and warnings as scipy 1.10.1', () => {
  const modes = new Set<string>();
  for (const v of reference.vectors) {
    assertWilcoxon(v.d, v.wilcoxon, v.name);
    modes.add(wilcoxonSignedRank(v.d).method);
  }
  assert.equal([...modes].sort(), ['approx', 'exact', 'none'], 'every mode is covered');
  const at = (name: string) => wilcoxonSignedRank(reference.vectors.find((v) => v.name === name)!.d);
  assert.is(at('fifty, the exact limit').method, 'exact');
  assert.is(at('fifty-one, above the exact limit').method, 'approx');
  assert.is(at('sixty, ties and zeros').method, 'approx');
  // Ties alone do not leave the exact mode in scipy 1.10; R+ = 8.5 is truncated to 8.
  const tied = at('tied ranks giving R+ = 8.5');
  assert.equal([tied.method, tied.rPlus, tied.ties], ['exact', 8.5, true]);
  assert.is(at('R+ at the centre of the distribution').pValue, 1);
});

test('wilcoxon: float64 noise in accuracy differences makes scipy rank equal differences apart; canonicalDifferences ties them', () => {
  for (const p of reference.pairs) {
    assertWilcoxon(p.d, p.wilcoxonRaw, `${p.name}, raw`);
    assertWilcoxon(canonicalDifferences(p.d), p.wilcoxonRounded, `${p.name}, ties restored`);
  }
  const first = reference.pairs[0]!;
  assert.is.not(first.wilcoxonRaw.pValue, first.wilcoxonRounded.pValue, "the noise changes scipy's p");
  const fixed = canonicalDifferences([0.953 - 0.941, 0.94 - 0.928, -(0.953 - 0.941), 1e-13, 0.5]);
  assert.is(fixed[0], fixed[1]);
  assert.is(fixed[2], -fixed[0]!);
  assert.is(fixed[3], 0);
  assert.is(fixed[4], 0.5);
  assert.ok(TIE_TOLERANCE < 1e-7, 'far below the smallest accuracy step of MAX_SAMPLES rows');
});

test('wilcoxon: the null distribution counts 2^n sign patterns; average ranks as scipy.stats.rankdata', () => {
  for (let n = 1; n <= WILCOXON_EXACT_MAX; n += 7) {
    const counts = signedRankCounts(n);
    assert.is(counts.length, (n * (n + 1)) / 2 + 1);
    assert.is(
      counts.reduce((a, b) => a + b, 0),
      2 ** n,
    );
    for (let k = 0; k < counts.length; k++) assert.is(counts[k], counts[counts.length - 1 - k], 'symmetric');
  }
  assert.equal(averageRanks([3, 1, 3, 2, 3]), { ranks: [4, 1, 4, 2, 4], tieGroups: [3] });
});

test('wilcoxon: properties (p in [0, 1], sign flip, order and scale leave it unchanged)', () => {
  fc.assert(
    fc.property(gridded, fc.integer({ min: 0, max: 1000 }), (d, shuffleSeed) => {
      const w = wilcoxonSignedRank(d);
      if (w.method === 'none') {
        assert.ok(d.every((x) => x === 0));
        return;
      }
      assert.ok(w.pValue! >= 0 && w.pValue! <= 1, `p ${w.pValue}`);
      const flipped = wilcoxonSignedRank(d.map((x) => -x));
      assert.is(flipped.statistic, w.statistic);
      // Exact mode truncates R+ (not R−) with ties, so a flip may move p there; without ties it is the same.
      if (w.method === 'approx' || !w.ties) assert.ok(relative(flipped.pValue!, w.pValue!) <= 1e-15, 'flip');
      const shuffled = d.slice();
      new Mt19937(shuffleSeed).shuffle(shuffled);
      assert.equal(wilcoxonSignedRank(shuffled).pValue, w.pValue, 'order');
      assert.equal(wilcoxonSignedRank(d.map((x) => 4 * x)).pValue, w.pValue, 'scale');
    }),
    FC(400, 3),
  );
});

test('wilcoxon: edge cases (none, one, all zero) and refusals', () => {
  assert.is(wilcoxonSignedRank([]).method, 'none');
  const one = wilcoxonSignedRank([0.3]);
  assert.equal([one.method, one.pValue, one.statistic], ['exact', 1, 0]);
  const zeros = wilcoxonSignedRank([0, 0, 0]);
  assert.equal([zeros.method, zeros.pValue, zeros.statistic, zeros.zeros], ['none', null, null, 3]);
  throwsInputFor(() => wilcoxonSignedRank([1, 2, Number.NaN]), 'differences[2]', 'must be a finite number');
});

// ── Percentiles ────────────────────────────────────────────────────────────────────────────────

test("percentiles: np.percentile's linear method to the bit", () => {
  for (const v of reference.vectors) {
    assert.equal(percentiles(v.d, v.percentiles.q), v.percentiles.values, v.name);
    const q = quartiles(v.d);
    const [q1, mid, q3] = [25, 50, 75].map((p) => v.percentiles.values[v.percentiles.q.indexOf(p)]!);
    assert.equal([q.q1, q.median, q.q3, q.iqr], [q1, mid, q3, q3! - q1!], v.name);
    assert.is(median(v.d), mid, v.name);
  }
});

test('percentiles: properties (monotone in q, within the range, mirrored by a sign flip) and refusals', () => {
  fc.assert(
    fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 100, noNaN: true }), (d, q) => {
      const x = percentile(d, q);
      assert.ok(x >= Math.min(...d) && x <= Math.max(...d));
      assert.ok(percentile(d, Math.min(100, q + 1)) >= x);
      assert.ok(
        Math.abs(
          percentile(
            d.map((v) => -v),
            100 - q,
          ) + x,
        ) <=
          1e-9 * (Math.abs(x) + 1),
      );
      const s = quartiles(d);
      assert.ok(s.q1 <= s.median && s.median <= s.q3 && s.iqr >= 0);
    }),
    FC(300, 5),
  );
  throwsInputFor(() => percentile([], 50), 'values', 'must hold at least 1 value');
  throwsInputFor(() => percentile([1, Number.NaN], 50), 'values[1]');
  throwsInputFor(() => percentile([1, 2], Number.NaN), 'q');
  throwsInputFor(() => percentiles([1, 2], [50, 101]), 'q[1]', 'must be a percentage in [0, 100]');
});

// ── The bootstrap ──────────────────────────────────────────────────────────────────────────────

test('bootstrap: the same draws, means and interval as numpy (RandomState(seed).randint(0, n, (B, n))) to the bit', () => {
  for (const c of reference.bootstrap) {
    const what = `${c.name}, B ${c.resamples}, seed ${c.seed}, level ${c.level}`;
    const n = c.d.length;
    const rng = new Mt19937(c.seed);
    const indices = Array.from({ length: Math.min(2 * n, c.resamples * n) }, () => rng.randomInterval(n - 1));
    assert.equal(indices, c.firstIndices, `${what}: indices`);
    const means = bootstrapMeans(c.d, c.resamples, c.seed);
    assert.equal(Array.from(means.slice(0, 5)), c.firstMeans, `${what}: means`);
    const meanOfMeans = means.reduce((a, b) => a + b, 0) / means.length;
    assert.ok(Math.abs(meanOfMeans - c.meanOfMeans) <= 1e-12 * (Math.abs(c.meanOfMeans) + 1), `${what}: mean of the means`);
    const got = bootstrapInterval(c.d, { resamples: c.resamples, seed: c.seed, level: c.level });
    assert.equal([got.low, got.high], [c.low, c.high], what);
  }
});

test('bootstrap: properties (ordered, within the range, wider at 99%, deterministic, default B = 10000 seed 0)', () => {
  fc.assert(
    fc.property(fc.array(finite, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (d, seed) => {
      const a = bootstrapInterval(d, { resamples: 400, seed });
      assert.ok(a.low <= a.high);
      assert.ok(a.low >= Math.min(...d) - 1e-9 * Math.abs(Math.min(...d)) && a.high <= Math.max(...d) + 1e-9 * Math.abs(Math.max(...d)));
      const wide = bootstrapInterval(d, { resamples: 400, seed, level: 0.99 });
      assert.ok(wide.low <= a.low && wide.high >= a.high, 'the same draws: 99% holds 95%');
      assert.equal(bootstrapInterval(d, { resamples: 400, seed }), a, 'deterministic');
    }),
    FC(100, 11),
  );
  const d = [1, 2, 3, 5, 8];
  assert.equal(bootstrapInterval(d), bootstrapInterval(d, { resamples: 10_000, seed: 0, level: 0.95 }));
  const one = bootstrapInterval([0.7], { resamples: 50 });
  assert.equal([one.low, one.high], [0.7, 0.7]);
  throwsInputFor(() => bootstrapInterval([1, Number.NaN]), 'values[1]');
  throwsInputFor(() => bootstrapInterval([1, 2], { resamples: 0 }), 'resamples');
  throwsInputFor(() => bootstrapInterval([1, 2], { seed: -1 }), 'seed');
  throwsInputFor(() => bootstrapInterval([1, 2], { level: Number.NaN }), 'level');
});

// ── Paired comparisons ─────────────────────────────────────────────────────────────────────────

/** A run whose accuracy climbs linearly to `final` over `epochs`, reaching 90% at `at` (null: never). */
function run(activation: string, seed: number, final: number, at: number | null, epochs = 20, diverged = false): RunResult {
  const accuracy = Array.from({ length: epochs }, (_, e) => {
    if (at === null) return Math.min(0.89, final) * ((e + 1) / epochs);
    return e < at ? 0.5 + (0.39 * e) / Math.max(1, at) : Math.max(0.9, final - (0.05 * (epochs - 1 - e)) / epochs);
  });
  accuracy[epochs - 1] = diverged ? Number.NaN : final;
  return {
    activation,
    seed,
    history: { bce: accuracy.map(() => 0.3), accuracy, grad: [[1], [1]], diverged: diverged ? { epoch: epochs - 1, layer: 0 } : null },
    final: {},
    ms: 1,
    deadShare: null,
    saturatedShare: 0,
  } as unknown as RunResult;
}

const relu = [0.95, 0.96, 0.94, 0.97, 0.95].map((a, k) => run('relu', k, a, [5, 6, 4, 7, 5][k]!));
const tanh = [0.9, 0.92, 0.91, 0.93, 0.9].map((a, k) => run('tanh', k, a, [9, 10, 8, 12, 9][k]!));
const sigmoid = [0.95, 0.955, 0.945, 0.89, 0.95].map((a, k) => run('sigmoid', k, a, k === 3 ? null : [5, 7, 4, 0, 6][k]!));

test('runOutcome: final accuracy, first epoch ≥ 90%, a diverged run has neither', () => {
  assert.equal(runOutcome(run('relu', 0, 0.95, 5)), { seed: 0, finalAccuracy: 0.95, epochsTo90: 5, diverged: false });
  assert.equal(runOutcome(run('relu', 1, 0.8, null)), { seed: 1, finalAccuracy: 0.8, epochsTo90: null, diverged: false });
  assert.equal(runOutcome(run('relu', 2, 0.95, 5, 20, true)), { seed: 2, finalAccuracy: null, epochsTo90: null, diverged: true });
});

test('pairedComparison: the best mean final accuracy is the baseline; differences paired by seed with all three statistics', () => {
  const c = pairedComparison([...tanh, ...relu, ...sigmoid], ['tanh', 'relu', 'sigmoid']);
  assert.is(c.baseline, 'relu');
  assert.is(c.baselineRule, 'best mean final accuracy');
  assert.equal(c.bootstrap, { resamples: 10_000, seed: 0 });
  const [t, r, s] = c.rows as [(typeof c.rows)[0], (typeof c.rows)[0], (typeof c.rows)[0]];
  assert.equal([r.baseline, r.accuracy, r.epochs], [true, null, null]);
  const d = tanh.map((x, k) => x.history.accuracy.at(-1)! - relu[k]!.history.accuracy.at(-1)!);
  const acc = t.accuracy!;
  assert.equal(acc.seeds, [0, 1, 2, 3, 4]);
  assert.equal(acc.differences, canonicalDifferences(d));
  const ti = tInterval(acc.differences);
  assert.equal(acc.t, { low: ti.low, high: ti.high });
  const bi = bootstrapInterval(acc.differences);
  assert.equal(acc.bootstrap, { low: bi.low, high: bi.high });
  assert.is(acc.wilcoxon!.pValue, wilcoxonSignedRank(acc.differences).pValue);
  assert.match(acc.verdict, /^worse than relu by 4\.2 points \(95% CI \d\.\d to \d\.\d\)$/);
  assert.match(t.epochs!.verdict, /^reaches 90% 4\.2 epochs later than relu \(95% CI \d\.\d to \d\.\d\)$/);
  // sigmoid: seed 3 never reached 90% (left out of the epoch pairs), accuracy no different.
  assert.is(s.accuracy!.verdict, 'no evidence of a difference');
  assert.equal(s.epochs!.dropped.neverActivation, [3]);
  assert.is(s.epochs!.n, 4);
  assert.match(s.epochs!.note, /sigmoid never reached 90% with seed 3/);
  assert.equal([s.epochsTo90.reached, s.epochsTo90.never], [4, 1]);
  assert.equal(s.epochsTo90.median, percentile([5, 7, 4, 6], 50));
  assert.equal(JSON.parse(JSON.stringify(c)), c, 'plain JSON data: no NaN, no undefined');
});

test('pairedComparison: a given baseline, the bootstrap options, and the verdict the other way', () => {
  const c = pairedComparison([...tanh, ...relu], ['relu', 'tanh'], { baseline: 'tanh', bootstrap: 500, seed: 9 });
  assert.equal([c.baseline, c.baselineRule], ['tanh', 'given']);
  assert.match(c.rows[0]!.accuracy!.verdict, /^better than tanh by 4\.2 points/);
  assert.match(c.rows[0]!.epochs!.verdict, /^reaches 90% 4\.2 epochs sooner than tanh/);
  const d = c.rows[0]!.accuracy!.differences;
  assert.equal(c.rows[0]!.accuracy!.bootstrap, (({ low, high }) => ({ low, high }))(bootstrapInterval(d, { resamples: 500, seed: 9 })));
});

test('pairedComparison: diverged runs are left out of accuracy, never reach 90%, and are said so', () => {
  const gelu = [0.96, 0.97, 0.95, 0.97, 0.96].map((a, k) => run('gelu', k, a, 4, 20, k === 1 || k === 4));
  const c = pairedComparison([...relu, ...gelu], ['relu', 'gelu'], { baseline: 'relu' });
  const g = c.rows[1]!;
  assert.equal(g.diverged, [1, 4]);
  assert.equal(g.accuracy!.dropped.diverged, [1, 4]);
  assert.equal(g.accuracy!.seeds, [0, 2, 3]);
  assert.equal(g.epochs!.dropped.neverActivation, [1, 4]);
  assert.equal([g.epochsTo90.reached, g.epochsTo90.never], [3, 2]);
  assert.ok(g.meanFinalAccuracy !== null && Math.abs(g.meanFinalAccuracy - (0.96 + 0.95 + 0.97) / 3) < 1e-15);
  const table = pairedTable(c);
  assert.match(table, '* gelu: seeds 1, 4 diverged: left out of the accuracy statistics, counted as never reaching 90%.');
  assert.not.match(table, 'NaN');
});

test('pairedComparison: one seed, no pairs, identical runs, unpaired seeds', () => {
  const one = pairedComparison([relu[0]!, tanh[0]!], ['relu', 'tanh']);
  assert.is(one.rows[1]!.accuracy!.verdict, 'one seed: no statistics');
  assert.equal([one.rows[1]!.accuracy!.t, one.rows[1]!.accuracy!.wilcoxon], [null, null]);
  const none = pairedComparison([relu[0]!, run('tanh', 7, 0.9, 3)], ['relu', 'tanh']);
  assert.is(none.rows[1]!.accuracy!.verdict, 'no paired seeds');
  assert.equal(none.rows[1]!.accuracy!.dropped.unpaired, [0, 7]);
  const twin = relu.map((r) => ({ ...r, activation: 'relu6' }));
  const same = pairedComparison([...relu, ...twin], ['relu', 'relu6']);
  const a = same.rows[1]!.accuracy!;
  assert.equal(
    [a.mean, a.t, a.verdict, a.wilcoxon!.method, a.wilcoxon!.pValue],
    [0, { low: 0, high: 0 }, 'no evidence of a difference', 'none', null],
  );
  assert.match(pairedTable(same), 'no evidence of a difference');
});

test('pairedComparison: refusals name the field', () => {
  throwsInputFor(() => pairedComparison(relu, ['relu'], { baseline: 'elu' }), 'baseline', 'must be one of relu');
  throwsInputFor(() => pairedComparison(relu, ['relu'], { bootstrap: 0 }), 'bootstrap');
  throwsInputFor(() => pairedComparison(relu, ['relu'], { seed: 1.5 }), 'seed');
  throwsInputFor(() => pairedComparison(relu, ['relu'], { level: 95 }), 'level');
  throwsInputFor(() => pairedComparison(relu, ['relu'], { boot: 5 } as never), 'options.boot', 'is not a known field');
  throwsInputFor(() => pairedComparison([...relu, relu[0]!], ['relu']), 'runs[5].seed', 'is a second run of relu');
  throwsInputFor(() => pairedComparison(relu, []), 'activations');
});

test('pairedTable: a heading, both tables aligned, the baseline marked', () => {
  const c = pairedComparison([...tanh, ...relu, ...sigmoid], ['tanh', 'relu', 'sigmoid']);
  const text = pairedTable(c);
  const lines = text.split('\n');
  assert.match(lines[0]!, /^Paired by seed against relu \(the best mean final accuracy\): .*10000 resamples, seed 0/);
  assert.match(text, /^activation +accuracy +pairs +Δ points +t 95% CI +bootstrap 95% CI +Wilcoxon p +verdict$/m);
  assert.match(text, /^relu +95\.4% +— +— +— +— +— +baseline$/m);
  assert.match(text, /^tanh +91\.2% +5 +−4\.2 +−\d\.\d to −\d\.\d +−\d\.\d to −\d\.\d +0\.0625 exact +worse than relu by 4\.2 points/m);
  assert.match(text, /^activation +≥90% median +IQR +never +pairs +Δ epochs/m);
  assert.match(text, /^sigmoid +5\.5 +4\.75–6\.25 +1 +4 /m);
  assert.match(text, '* sigmoid, epochs to 90%: left out: sigmoid never reached 90% with seed 3.');
  for (const line of lines) assert.ok(!line.endsWith(' '), `no trailing spaces: "${line}"`);
});

test.run();
