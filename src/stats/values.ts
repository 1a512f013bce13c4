// The checks every statistic applies to its input: finite numbers only, each refusal naming its field.
import { finiteNumber, InputError, isArrayLike } from '../validate.js';

/** The values as a plain array, each a finite number: NaN or ±Infinity at i is refused as `field[i]`. */
export function finiteValues(field: string, values: unknown, atLeast = 1): number[] {
  if (!isArrayLike(values)) throw new InputError(field, values, 'must be an array of numbers');
  const checked = Array.from(values as ArrayLike<unknown>, (value, i) => finiteNumber(`${field}[${i}]`, value));
  if (checked.length < atLeast) throw new InputError(field, values, `must hold at least ${atLeast} value${atLeast === 1 ? '' : 's'}`);
  return checked;
}

/** A confidence level: a number strictly between 0 and 1 (0.95 for a 95% interval). */
export function confidenceLevel(field: string, value: unknown): number {
  const level = finiteNumber(field, value);
  if (level <= 0 || level >= 1) throw new InputError(field, value, 'must be a number in (0, 1)');
  return level;
}
