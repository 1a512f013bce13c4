// A seeded percentile bootstrap interval for a mean (Efron & Tibshirani 1993, ch. 13), drawn so that
// numpy reproduces it bit for bit (scripts/scipy-reference.py does, docs/statistics.md says how):
//   rng = Mt19937(seed)                                  ≡ np.random.RandomState(seed)
//   for b in 0..B−1, for i in 0..n−1:
//     j = rng.randomInterval(n − 1)                      ≡ rs.randint(0, n, size=(B, n))[b, i]
//     sum_b += d[j]          (left to right, from 0)
//   mean_b = sum_b / n
//   low, high = the linear quantiles of the B means at (1 − level)/2 and (1 + level)/2
//                                                       ≡ np.quantile(means, [(1 - level)/2, (1 + level)/2])
import { Mt19937 } from '../random/mt19937.js';
import { integerInRange, seedValue, withDefault } from '../validate.js';
import { mean } from './paired-t.js';
import { quantileOfSorted } from './percentile.js';
import { confidenceLevel, finiteValues } from './values.js';

/** The default number of resamples. */
export const BOOTSTRAP_RESAMPLES = 10_000;
/** Past this many resamples (each n draws) a typo would run for minutes. */
export const MAX_BOOTSTRAP_RESAMPLES = 10_000_000;

export interface BootstrapOptions {
  /** B, the number of resamples (default 10000). */
  resamples?: number;
  /** Seed of the Mt19937 that draws them (default 0). */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

export interface BootstrapInterval {
  n: number;
  /** The mean of the values themselves. */
  mean: number;
  level: number;
  resamples: number;
  seed: number;
  low: number;
  high: number;
}

/** The B resample means, in the order drawn (for checking the draws; bootstrapInterval sorts them). */
export function bootstrapMeans(values: readonly number[], resamples: number, seed: number): Float64Array {
  const n = values.length;
  const rng = new Mt19937(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[rng.randomInterval(n - 1)]!;
    means[b] = sum / n;
  }
  return means;
}

/** The percentile bootstrap interval for the mean of `values` (at least one, all finite). */
export function bootstrapInterval(values: ArrayLike<number>, options: BootstrapOptions = {}, field = 'values'): BootstrapInterval {
  const checked = finiteValues(field, values);
  const resamples = integerInRange('resamples', withDefault(options.resamples, BOOTSTRAP_RESAMPLES), 1, MAX_BOOTSTRAP_RESAMPLES);
  const seed = seedValue('seed', withDefault(options.seed, 0));
  const level = confidenceLevel('level', withDefault(options.level, 0.95));
  const means = bootstrapMeans(checked, resamples, seed).sort();
  return {
    n: checked.length,
    mean: mean(checked),
    level,
    resamples,
    seed,
    low: quantileOfSorted(means, (1 - level) / 2),
    high: quantileOfSorted(means, (1 + level) / 2),
  };
}
