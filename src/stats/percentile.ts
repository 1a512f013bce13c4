// Percentiles as numpy 1.24 computes np.percentile(x, q) by default (method 'linear', Hyndman & Fan's
// definition 7), the same operations in the same order, so the results are numpy's bits:
//   h = (n − 1)·(q/100),  i = ⌊h⌋,  g = h − i,
//   value = x₍ᵢ₎ + (x₍ᵢ₊₁₎ − x₍ᵢ₎)·g      when g < ½,
//           x₍ᵢ₊₁₎ − (x₍ᵢ₊₁₎ − x₍ᵢ₎)·(1 − g)  when g ≥ ½ (numpy's _lerp),
// over the sorted values x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎, with x₍ᵢ₊₁₎ = x₍ₙ₋₁₎ when h ≥ n − 1.
// see: numpy/lib/function_base.py _quantile, _get_indexes, _lerp (numpy 1.24)
import { finiteNumber, InputError } from '../validate.js';
import { finiteValues } from './values.js';

/** The quantile at `fraction` (in [0, 1]) of values already sorted ascending: np.quantile's linear method. */
export function quantileOfSorted(sorted: ArrayLike<number>, fraction: number): number {
  const n = sorted.length;
  const h = (n - 1) * fraction;
  const below = Math.floor(h);
  const gamma = h - below;
  const i = h >= n - 1 ? n - 1 : below;
  const j = h >= n - 1 ? n - 1 : below + 1;
  const a = sorted[i]!;
  const b = sorted[j]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** The values sorted ascending, as a new Float64Array. */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** np.percentile(values, qs): one value per percentage in `qs` (each in [0, 100]). */
export function percentiles(values: ArrayLike<number>, qs: readonly number[], field = 'values'): number[] {
  const sorted = sortedCopy(finiteValues(field, values));
  return qs.map((q, k) => {
    const checked = finiteNumber(`q[${k}]`, q);
    if (checked < 0 || checked > 100) throw new InputError(`q[${k}]`, q, 'must be a percentage in [0, 100]');
    return quantileOfSorted(sorted, checked / 100);
  });
}

/** np.percentile(values, q) for one percentage q in [0, 100]. */
export function percentile(values: ArrayLike<number>, q: number, field = 'values'): number {
  const checked = finiteNumber('q', q);
  if (checked < 0 || checked > 100) throw new InputError('q', q, 'must be a percentage in [0, 100]');
  return quantileOfSorted(sortedCopy(finiteValues(field, values)), checked / 100);
}

/** The median as np.percentile(values, 50): for an even count b − (b − a)/2 of the middle two (np.median's (a + b)/2 may differ in the last bit). */
export function median(values: ArrayLike<number>, field = 'values'): number {
  return percentile(values, 50, field);
}

/** The quartiles and the interquartile range, from np.percentile(values, [25, 50, 75]). */
export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
  /** q3 − q1. */
  iqr: number;
}

export function quartiles(values: ArrayLike<number>, field = 'values'): Quartiles {
  const [q1, mid, q3] = percentiles(values, [25, 50, 75], field) as [number, number, number];
  return { q1, median: mid, q3, iqr: q3 - q1 };
}
