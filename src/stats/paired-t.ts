// The t confidence interval for a mean, here of paired differences (Student 1908):
//   mean ± t₍₁₋α/2, n−1₎ · s/√n,  s² = Σ(dᵢ − mean)²/(n − 1),
// as scipy.stats.ttest_rel(x, y).confidence_interval(level) computes it (scipy 1.10), with the
// quantile from studentTQuantile (exact to a few ulps; scipy's stdtrit is good to about 5e-9).
import { studentTQuantile } from './t-distribution.js';
import { confidenceLevel, finiteValues } from './values.js';

export interface TInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator). */
  sd: number;
  /** Standard error of the mean, sd/√n. */
  se: number;
  df: number;
  level: number;
  /** The critical value t₍₁₋α/2, n−1₎ (α = 1 − level). */
  critical: number;
  low: number;
  high: number;
}

/** Arithmetic mean, summed left to right. */
export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (two passes: the mean, then the squared deviations; n − 1 in the denominator). */
export function sampleSd(values: readonly number[], centre = mean(values)): number {
  let sum = 0;
  for (const v of values) sum += (v - centre) * (v - centre);
  return Math.sqrt(sum / (values.length - 1));
}

/**
 * The two-sided t interval for the mean of `values` (at least 2, all finite) at `level` (default 0.95).
 * All values equal: sd = 0 and the interval is the single point mean (as scipy gives).
 */
export function tInterval(values: ArrayLike<number>, level = 0.95, field = 'values'): TInterval {
  const checked = finiteValues(field, values, 2);
  const confidence = confidenceLevel('level', level);
  const n = checked.length;
  const centre = mean(checked);
  const sd = sampleSd(checked, centre);
  const se = sd / Math.sqrt(n);
  // (1 − level)/2 as scipy rounds it; the upper quantile is minus the lower one (t is symmetric).
  const critical = studentTQuantile(1 - (1 - confidence) / 2, n - 1);
  return { n, mean: centre, sd, se, df: n - 1, level: confidence, critical, low: centre - critical * se, high: centre + critical * se };
}
