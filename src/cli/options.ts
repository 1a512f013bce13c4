// Every numeric flag is read by parseDecimal (src/validate.ts): plain decimal or scientific
// notation, nothing else. Number() alone would take '0x10', '0b1', ' 5', 'Infinity' and '' too.
import { ALL_BACKENDS, type Backend } from '../core/load.js';
import { FLOAT32_RULE, InputError, parseDecimal } from '../validate.js';

/** Parses a command-line number (`5`, `-0.5`, `.5`, `1e-4`), naming the flag when it is not one. */
export function numberFlag(flag: string, text: string): number {
  const value = parseDecimal(text);
  // A decimal can still overflow to Infinity (1e999).
  if (value === null || !Number.isFinite(value)) throw new InputError(flag, text, 'must be a finite number');
  return value;
}

/** A number bound for the kernels' f32 memory (a point, an activation option, the noise): 1e39 is refused. */
export function float32Flag(flag: string, text: string): number {
  const value = numberFlag(flag, text);
  if (!Number.isFinite(Math.fround(value))) throw new InputError(flag, text, FLOAT32_RULE);
  return value;
}

/** Parses a comma-separated list of numbers such as "-3,0,0.5,6", naming the bad item. */
export function numberListFlag(flag: string, text: string, parse: (flag: string, text: string) => number = numberFlag): number[] {
  return text.split(',').map((part, i) => parse(`${flag}[${i}]`, part));
}

export function positiveFlag(flag: string, text: string, parse: (flag: string, text: string) => number = numberFlag): number {
  const value = parse(flag, text);
  if (value <= 0) throw new InputError(flag, text, 'must be > 0');
  return value;
}

export function nonNegativeFlag(flag: string, text: string, parse: (flag: string, text: string) => number = numberFlag): number {
  const value = parse(flag, text);
  if (value < 0) throw new InputError(flag, text, 'must be >= 0');
  return value;
}

/**
 * An integer in [min, max]; `field` names it when it is one item of a list flag. Any decimal whose
 * value is an integer counts: `1e3` is 1000 and `5.0` is 5, but `1.5` and `0x10` are refused.
 */
export function integerFlag(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER, field = flag): number {
  const value = integerText(text);
  if (value === null || value < min || value > max) {
    throw new InputError(
      field,
      text,
      max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer in [${min}, ${max}]`,
    );
  }
  return value;
}

/** A count or size with a documented limit (src/limits.ts): an integer >= min, and <= limit. */
export function countFlag(flag: string, text: string, min: number, limit: number, field = flag): number {
  const value = integerText(text);
  if (value === null || value < min) throw new InputError(field, text, `must be an integer >= ${min}`);
  if (value > limit) throw new InputError(field, text, `must be <= ${limit}`);
  return value;
}

/** The integer `text` spells as a decimal (1e21 included), or null; -0 is 0. */
function integerText(text: string): number | null {
  const value = parseDecimal(text);
  return value !== null && Number.isInteger(value) ? value + 0 : null;
}

export function backendFlag(text: string): Backend | 'auto' {
  if (text === 'auto' || (ALL_BACKENDS as readonly string[]).includes(text)) return text as Backend | 'auto';
  throw new InputError('--backend', text, `must be one of auto, ${ALL_BACKENDS.join(', ')}`);
}
