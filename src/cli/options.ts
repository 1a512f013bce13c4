import { BACKENDS, type Backend } from '../core/load.js';
import { InputError } from '../validate.js';

/** Parses a command-line number, naming the flag when it is not one. */
export function numberFlag(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InputError(flag, text, 'must be a finite number');
  return value;
}

/** Parses a comma-separated list of numbers such as "-3,0,0.5,6", naming the bad item. */
export function numberListFlag(flag: string, text: string): number[] {
  return text.split(',').map((part, i) => numberFlag(`${flag}[${i}]`, part));
}

export function positiveFlag(flag: string, text: string): number {
  const value = numberFlag(flag, text);
  if (value <= 0) throw new InputError(flag, text, 'must be > 0');
  return value;
}

export function nonNegativeFlag(flag: string, text: string): number {
  const value = numberFlag(flag, text);
  if (value < 0) throw new InputError(flag, text, 'must be >= 0');
  return value;
}

/** An integer in [min, max]; `field` names it when it is one item of a list flag. */
export function integerFlag(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER, field = flag): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(
      field,
      text,
      max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer in [${min}, ${max}]`,
    );
  }
  return value;
}

export function backendFlag(text: string): Backend | 'auto' {
  if (text === 'auto' || (BACKENDS as readonly string[]).includes(text)) return text as Backend | 'auto';
  throw new InputError('--backend', text, `must be one of auto, ${BACKENDS.join(', ')}`);
}
