// The Wilcoxon signed-rank test (Wilcoxon 1945), two-sided, exactly as scipy 1.10.1 computes
// scipy.stats.wilcoxon(d) with its defaults (zero_method='wilcox', correction=False, method='auto'):
// - mode: 'exact' when len(d) ≤ 50, else 'approx'; any zero difference forces 'approx' (scipy warns);
// - zeros: in 'approx' they are dropped before ranking (all zero: scipy raises; here method 'none');
// - ranks: average ranks of |d| (ties share the mean of their positions);
// - statistic: T = min(R+, R−), the rank sums of the positive and of the negative differences;
// - exact: R+ truncated to an integer (int(r_plus): with ties it can be x.5), the null distribution of
//   R+ over the 2ⁿ sign patterns of ranks 1..n (ties are NOT accounted for, as in scipy 1.10):
//   p = 1 at the centre ⌊n(n+1)/4⌋, else 2·min(P(R+ ≤ r), P(R+ ≥ r)), clipped to [0, 1];
// - approx: z = (T − n(n+1)/4) / √((n(n+1)(2n+1) − ½ Σ t(t² − 1)) / 24) over the tie groups t,
//   p = 2·Φ(−|z|) (scipy warns when n < 10).
// The exact p is a sum of integers over 2ⁿ (n ≤ 50: exact in float64), so it is scipy's to the bit.
// see: scipy/stats/_morestats.py wilcoxon and _get_wilcoxon_distr (scipy 1.10.1)
import { normalSf } from './normal.js';
import { finiteValues } from './values.js';

/** Up to this many differences (zeros included) scipy 1.10's method='auto' is exact. */
export const WILCOXON_EXACT_MAX = 50;

export interface WilcoxonResult {
  /** Differences given, zeros included. */
  n: number;
  /** Zero differences (dropped in the normal approximation; they force it). */
  zeros: number;
  /** Differences ranked: n, or n − zeros in the normal approximation. */
  ranked: number;
  /** Whether some nonzero |d| are tied. */
  ties: boolean;
  /** Rank sums of the positive and of the negative differences; null for method 'none'. */
  rPlus: number | null;
  rMinus: number | null;
  /** T = min(R+, R−), scipy's statistic; null for method 'none'. */
  statistic: number | null;
  /** Two-sided p-value; null for method 'none' (no differences, or all zero: scipy raises then). */
  pValue: number | null;
  method: 'exact' | 'approx' | 'none';
  /** The normal deviate, in 'approx' only. */
  z: number | null;
  /** scipy's warnings for the same input, in its words. */
  warnings: string[];
}

/** Average ranks (1-based) of `values`, ties sharing the mean of their positions, as scipy.stats.rankdata. */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieGroups: number[] } {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const ranks = new Array<number>(values.length);
  const tieGroups: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = 0.5 * (start + end + 2);
    for (let k = start; k <= end; k++) ranks[order[k]!] = rank;
    if (end > start) tieGroups.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieGroups };
}

/** Counts of each R+ = 0..n(n+1)/2 over the 2ⁿ sign patterns of ranks 1..n (integers, exact for n ≤ 50). */
export function signedRankCounts(n: number): Float64Array {
  let counts = new Float64Array([1]);
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array((k * (k + 1)) / 2 + 1);
    for (let r = 0; r < counts.length; r++) {
      next[r]! += counts[r]!;
      next[r + k]! += counts[r]!;
    }
    counts = next;
  }
  return counts;
}

/** The Wilcoxon signed-rank test of paired differences `d` (activation − baseline), as scipy.stats.wilcoxon(d). */
export function wilcoxonSignedRank(differences: ArrayLike<number>, field = 'differences'): WilcoxonResult {
  const all = finiteValues(field, differences, 0);
  const n = all.length;
  const zeros = all.filter((d) => d === 0).length;
  const none = (warnings: string[]): WilcoxonResult => ({
    n,
    zeros,
    ranked: 0,
    ties: false,
    rPlus: null,
    rMinus: null,
    statistic: null,
    pValue: null,
    method: 'none',
    z: null,
    warnings,
  });
  if (n === 0) return none([]);
  const warnings: string[] = [];
  let exact = n <= WILCOXON_EXACT_MAX;
  if (zeros > 0 && exact) {
    exact = false;
    warnings.push('Exact p-value calculation does not work if there are zeros. Switching to normal approximation.');
  }
  if (!exact && zeros === n) {
    return none([...warnings, "zero_method 'wilcox' and 'pratt' do not work if x - y is zero for all elements."]);
  }
  const d = exact ? all : all.filter((x) => x !== 0);
  const count = d.length;
  if (count < 10 && !exact) warnings.push('Sample size too small for normal approximation.');
  const { ranks, tieGroups } = averageRanks(d.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  for (let i = 0; i < count; i++) {
    if (d[i]! > 0) rPlus += ranks[i]!;
    else if (d[i]! < 0) rMinus += ranks[i]!;
  }
  const statistic = Math.min(rPlus, rMinus);
  const base = { n, zeros, ranked: count, ties: tieGroups.length > 0, rPlus, rMinus, statistic, warnings };
  if (exact) return { ...base, pValue: exactPValue(count, Math.trunc(rPlus)), method: 'exact', z: null };
  const mn = count * (count + 1) * 0.25;
  let se = count * (count + 1) * (2 * count + 1);
  let correction = 0;
  for (const t of tieGroups) correction += t * (t * t - 1);
  if (tieGroups.length > 0) se -= 0.5 * correction;
  se = Math.sqrt(se / 24);
  const z = (statistic - mn) / se;
  return { ...base, pValue: 2 * normalSf(Math.abs(z)), method: 'approx', z };
}

/** scipy 1.10's exact two-sided p for R+ = r among `count` ranks. */
function exactPValue(count: number, r: number): number {
  const counts = signedRankCounts(count);
  const top = counts.length - 1; // n(n+1)/2
  if (r === Math.floor(top / 2)) return 1;
  let less = 0;
  for (let k = 0; k <= r; k++) less += counts[k]!;
  let greater = 0;
  for (let k = r; k <= top; k++) greater += counts[k]!;
  const p = (2 * Math.min(less, greater)) / 2 ** count;
  return Math.min(1, Math.max(0, p));
}
