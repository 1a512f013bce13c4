import { studentTQuantile } from '../stats/t-distribution.js';
import type { Stat } from './types.js';

/** Student's t quantile for a two-sided 95% interval (src/stats/t-distribution.ts, exact to a few ulps). */
export function t95(df: number): number {
  return df < 1 ? NaN : studentTQuantile(0.975, df);
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
