import { InputError } from '../validate.js';
import { BACKENDS, type Backend } from '../core/load.js';

/** Parses a command-line number, naming the flag when it is not one. */
export function numberFlag(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InputError(flag, text, 'must be a finite number');
  return value;
}

/** Parses a comma-separated list of numbers such as "-3,0,0.5,6". */
export function numberListFlag(flag: string, text: string): number[] {
  const parts = text.split(',');
  return parts.map((part, i) => {
    const value = Number(part);
    if (part.trim() === '' || !Number.isFinite(value)) throw new InputError(`${flag}[${i}]`, part, 'must be a finite number');
    return value;
  });
}

export function backendFlag(text: string): Backend | 'auto' {
  if (text === 'auto' || (BACKENDS as readonly string[]).includes(text)) return text as Backend | 'auto';
  throw new InputError('--backend', text, `must be one of auto, ${BACKENDS.join(', ')}`);
}
