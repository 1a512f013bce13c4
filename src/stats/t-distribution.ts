// Student's t distribution: its CDF and its quantile, to a few ulps (docs/statistics.md).
//
// For t > 0 the two halves of the distribution are incomplete beta functions,
//   Q(t) = P(T > t)     = ½ I_x(ν/2, ½),  x = ν / (ν + t²)
//   C(t) = P(0 < T < t) = ½ I_y(½, ν/2),  y = t² / (ν + t²) = 1 − x,
// and the continued fraction of I converges fast exactly where each of the two is the small one:
// Q when t² > 3ν/(ν + 2), C otherwise. Computing the small one directly (and the other as ½ minus
// it) keeps the relative error of both tails at a few ulps. With ν ≥ 60 the tail near the centre
// comes from an asymptotic expansion instead (logTailExpansion). The quantile solves Q(t) = q in log
// space (the tail is nearly a power law there) or C(t) = c, by Newton's method kept inside a bracket.
//
// scipy 1.10's t.ppf (special.stdtrit, cdflib's cdft) is itself only good to about 5e-9 relative;
// tests/statistics.test.ts holds these functions to the exact values (mpmath, 40 digits) and to scipy.
import { finiteNumber, InputError } from '../validate.js';

const LOG_SQRT_PI = 0.5723649429247001; // ln √π
/** Past this a continued fraction has not converged: never reached (a few hundred terms at most). */
const MAX_ITERATIONS = 20_000;
const EPSILON = 2 ** -53;
const TINY = 1e-300;
/** Degrees of freedom beyond which ν is refused: the range checked against exact values (and far past any study). */
export const MAX_DF = 1e10;
/** From here on, the tail where 1 − x < ½ comes from logTailExpansion. */
const EXPANSION_MIN_DF = 60;

/** The degrees of freedom, checked: a number in (0, MAX_DF]. */
function degreesOfFreedom(df: number, field: string): number {
  if (!(finiteNumber(field, df) > 0) || df > MAX_DF) throw new InputError(field, df, `must be a number in (0, ${MAX_DF}]`);
  return df;
}

// Stirling's series for lnΓ(x) − [(x − ½) ln x − x + ½ ln 2π], x ≥ 16 (error below 1e-20 there).
// see: Abramowitz & Stegun 6.1.41
function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  return (1 / x) * (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r * (1 / 156)))))));
}

/**
 * ln(Γ(a + ½) / Γ(a)) for a > 0: the ratio by its recurrence r(a) = r(a + 1)·a/(a + ½) up to
 * a ≥ 16, then Stirling's series, in which the large terms cancel analytically:
 * ln r(A) = ½ ln A + [A·ln(1 + 1/(2A)) − ½] + δ(A + ½) − δ(A).
 */
function logGammaHalfRatio(a: number): number {
  let shift = 0;
  let factor = 1;
  let A = a;
  while (A < 16) {
    factor *= A / (A + 0.5);
    A += 1;
    shift++;
  }
  const large = 0.5 * Math.log(A) + (A * Math.log1p(0.5 / A) - 0.5) + (stirlingCorrection(A + 0.5) - stirlingCorrection(A));
  return shift === 0 ? large : large + Math.log(factor);
}

/**
 * The continued fraction of the regularized incomplete beta function, by the modified Lentz method:
 * I_x(a, b) = x^a (1 − x)^b / (a·B(a, b)) · betaFraction(x, a, b). Converges fast for x < (a + 1)/(a + b + 2).
 */
// see: Numerical Recipes (Press et al., 2007) §6.4 betacf; DiDonato & Morris (1992) for the regions
function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= EPSILON) return h;
  }
  throw new Error(`the incomplete beta continued fraction did not converge (x ${x}, a ${a}, b ${b})`);
}

/** t ≥ 0 written as s = t²/ν, with ln(1 + s), x = 1/(1 + s), y = s/(1 + s) and ln(t/√(ν + t²)), safe from overflow. */
interface Split {
  logOnePlusS: number;
  x: number;
  y: number;
  /** ln √y = ln(t / √(ν + t²)). */
  logSqrtY: number;
}

/** ln(t/√ν) past which 1 + t²/ν is t²/ν in float64 (and t/√ν may overflow: t near 1e308, ν < 1). */
const LOG_U_LARGE = 345; // e^345 ≈ 1e150

function split(t: number, df: number): Split {
  const logU = Math.log(t) - 0.5 * Math.log(df);
  if (logU > LOG_U_LARGE) return { logOnePlusS: 2 * logU, x: Math.exp(-2 * logU), y: 1, logSqrtY: 0 };
  const u = t / Math.sqrt(df); // s = u²
  const s = u * u;
  const logOnePlusS = Math.log1p(s);
  return { logOnePlusS, x: 1 / (1 + s), y: s / (1 + s), logSqrtY: Math.log(u) - 0.5 * logOnePlusS };
}

/** ln of the shared factor √y·(1 − y)^(ν/2)·Γ((ν+1)/2)/(Γ(ν/2)√π) of both halves. */
function logPrefactor(parts: Split, df: number): number {
  return parts.logSqrtY - 0.5 * df * parts.logOnePlusS + logGammaHalfRatio(0.5 * df) - LOG_SQRT_PI;
}

/** Whether Q (rather than C) is the half the continued fraction gives directly at t ≥ 0. */
function inTail(t: number, df: number): boolean {
  return t * t * (df + 2) > 3 * df;
}

/** ln Q(t) = ln P(T > t) for t in the tail region (t² > 3ν/(ν + 2)). */
function logTail(t: number, df: number): number {
  const parts = split(t, df);
  // Near x = 1 the continued fraction reads x, whose rounding it amplifies by 1/(1 − x): with many degrees
  // of freedom and a moderate t, the expansion in log(1/x) instead (exact in s = t²/ν).
  if (df >= EXPANSION_MIN_DF && parts.logOnePlusS < Math.LN2) return logTailExpansion(parts.logOnePlusS, df);
  return logPrefactor(parts, df) - Math.log(df) + Math.log(betaFraction(parts.x, 0.5 * df, 0.5));
}

// (sinh(u/2)/(u/2))^(−1/2) = Σ D[n] u^(2n): the power of a series by J. C. P. Miller's recurrence,
// e_n = (1/n) Σ_k ((β + 1)k − n) s_k e_(n−k) with s_k = 1/(2k + 1)! and β = −½, D[n] = e_n / 4^n.
const D = (() => {
  const terms = 24;
  const s = [1];
  for (let k = 1; k <= terms; k++) s.push(s[k - 1]! / (2 * k * (2 * k + 1)));
  const e = [1];
  for (let n = 1; n <= terms; n++) {
    let sum = 0;
    for (let k = 1; k <= n; k++) sum += (0.5 * k - n) * s[k]! * e[n - k]!;
    e.push(sum / n);
  }
  return e.map((value, n) => value / 4 ** n);
})();

/**
 * ln Q(t) for ν ≥ 60 and L = ln(1 + t²/ν) < ln 2, by the asymptotic expansion of I_x(a, b) for a large
 * and b ≤ 1 (DiDonato & Morris 1992, BGRAT) with b = ½: substituting x' = e^(−u) in the integral,
 *   Q = ½ I_x(a, ½) = ½ Γ(a + ½)/(Γ(a)√π) · Σ_n D[n] μ^(−½−2n) Γ(½ + 2n, μL),  a = ν/2, μ = a − ¼,
 * each upper incomplete gamma scaled as G(s) = Γ(s, z) e^z z^(1−s) with z = μL: G(s + 1) = 1 + s·G(s)/z,
 * from G(½) = z·(Legendre's continued fraction for Γ(½, z)).
 */
function logTailExpansion(L: number, df: number): number {
  const a = 0.5 * df;
  const mu = a - 0.25;
  const z = mu * L;
  let g = z * gammaFraction(0.5, z); // G(½)
  let s = 0.5;
  let sum = g;
  let power = 1;
  const L2 = L * L;
  for (let n = 1; n < D.length; n++) {
    g = 1 + (s * g) / z;
    s += 1;
    g = 1 + (s * g) / z;
    s += 1;
    power *= L2;
    const term = D[n]! * power * g;
    sum += term;
    if (Math.abs(term) <= EPSILON * sum) break;
  }
  return -Math.LN2 + logGammaHalfRatio(a) - LOG_SQRT_PI - z - Math.log(mu) - 0.5 * Math.log(L) + Math.log(sum);
}

/** Legendre's continued fraction h with Γ(s, z) = e^(−z) z^s h, by the modified Lentz method (z > s + 1 is fast). */
// see: Numerical Recipes (Press et al., 2007) §6.2 gcf
function gammaFraction(s: number, z: number): number {
  let b = z + 1 - s;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= EPSILON) return h;
  }
  throw new Error(`the incomplete gamma continued fraction did not converge (s ${s}, z ${z})`);
}

/** C(t) = P(0 < T < t) for 0 ≤ t in the central region (t² ≤ 3ν/(ν + 2)). */
function central(t: number, df: number): number {
  if (t === 0) return 0;
  const parts = split(t, df);
  return Math.exp(logPrefactor(parts, df)) * betaFraction(parts.y, 0.5, 0.5 * df);
}

/** ln f(t), the density. */
function logDensity(t: number, df: number): number {
  const logU = Math.log(Math.abs(t)) - 0.5 * Math.log(df);
  const logOnePlusS = logU > LOG_U_LARGE ? 2 * logU : Math.log1p((t * t) / df);
  return logGammaHalfRatio(0.5 * df) - LOG_SQRT_PI - 0.5 * Math.log(df) - 0.5 * (df + 1) * logOnePlusS;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (any df in (0, 1e10], not only whole numbers). */
export function studentTCdf(t: number, df: number): number {
  degreesOfFreedom(df, 'df');
  if (Number.isNaN(t)) throw new InputError('t', t, 'must be a number');
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const a = Math.abs(t);
  if (inTail(a, df)) {
    const q = Math.exp(logTail(a, df));
    return t < 0 ? q : 1 - q;
  }
  const c = central(a, df);
  return t < 0 ? 0.5 - c : 0.5 + c;
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom: the t with P(T ≤ t) = p, as
 * scipy.stats.t.ppf(p, df) (−Infinity at 0, Infinity at 1). Accurate to a few ulps (docs/statistics.md).
 */
export function studentTQuantile(p: number, df: number): number {
  degreesOfFreedom(df, 'df');
  if (!(finiteNumber('p', p) >= 0) || p > 1) throw new InputError('p', p, 'must be a number in [0, 1]');
  if (p === 0.5) return 0;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // The upper tail and the central part the answer leaves: both exact for p ≥ ½ (Sterbenz).
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  const c = upper ? p - 0.5 : 0.5 - p;
  const t = magnitude(q, c, df);
  return upper ? t : -t;
}

/** The t > 0 with Q(t) = q (equivalently C(t) = c = ½ − q). */
function magnitude(q: number, c: number, df: number): number {
  const boundary = Math.sqrt((3 * df) / (df + 2));
  const logQ = Math.log(q);
  if (logQ < logTail(boundary, df)) return solveTail(logQ, boundary, df);
  return solveCentral(c, boundary, df);
}

/**
 * Newton's method on g(u) = ln Q(e^u) − ln q, u = ln t: nearly linear in the tail (slope → −ν).
 * Kept in the bracket (lo, hi) of t; a step that leaves it bisects (geometrically) instead. A
 * quantile beyond the largest float64 (tiny ν, tiny q) is Infinity.
 */
function solveTail(logQ: number, boundary: number, df: number): number {
  if (logTail(Number.MAX_VALUE, df) > logQ) return Number.POSITIVE_INFINITY;
  let lo = boundary; // Q(lo) > q ≥ Q(hi)
  let hi = Number.MAX_VALUE;
  let t = boundary * 2;
  for (let i = 0; i < 400; i++) {
    const logTailT = logTail(t, df);
    const g = logTailT - logQ;
    if (g > 0) lo = t;
    else if (g < 0) hi = t;
    else return t;
    // d ln Q / d ln t = −t f(t)/Q(t)
    const slope = -t * Math.exp(logDensity(t, df) - logTailT);
    let next = t * Math.exp(-g / slope);
    if (!(next > lo && next < hi)) next = Math.sqrt(lo) * Math.sqrt(hi);
    if (Math.abs(next - t) <= 2 * EPSILON * t) return next;
    t = next;
  }
  return t;
}

/** Newton's method on C(t) − c over (0, boundary], where C is concave: from the right it converges monotonically. */
function solveCentral(c: number, boundary: number, df: number): number {
  let lo = 0;
  let hi = boundary;
  // The tangent at 0 lies above C, so its root is to the right of the answer (or clipped to the boundary).
  let t = Math.min(boundary, c / Math.exp(logDensity(0, df)));
  for (let i = 0; i < 200; i++) {
    const g = central(t, df) - c;
    if (g > 0) hi = t;
    else if (g < 0) lo = t;
    else return t;
    let next = t - g / Math.exp(logDensity(t, df));
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 2 * EPSILON * t) return next;
    t = next;
  }
  return t;
}
