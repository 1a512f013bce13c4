import type { Stat } from './types.js';

// Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
// see: any t table, e.g. NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Student's t quantile for a two-sided 95% interval; beyond 30 df a Cornish–Fisher correction of 1.96. */
export function t95(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T95[df - 1]!;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** Mean and the half-width of its 95% confidence interval (t-based; 0 for a single value). */
export function stat(values: number[]): Stat {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: 0, values };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, ci95: t95(n - 1) * Math.sqrt(variance / n), values };
}

/** Element-wise mean of equally long series (per-epoch mean over seeds). */
export function meanSeries(series: number[][]): number[] {
  const length = series[0]?.length ?? 0;
  return Array.from({ length }, (_, e) => series.reduce((a, s) => a + s[e]!, 0) / series.length);
}
