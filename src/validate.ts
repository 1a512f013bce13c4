// Bad input fails early with one message that names the field and the value it got.
import { MAX_LAYER_SIZE, MAX_SEED } from './limits.js';

/** Thrown for any invalid user input; the CLI turns it into exit code 2 and its one-line message. */
export class InputError extends RangeError {
  override readonly name = 'InputError';
  /** The value as the user wrote it (a spec's bare NaN is NaN here, not its internal marker). */
  readonly value: unknown;
  constructor(
    readonly field: string,
    value: unknown,
    /** What the value had to be ("must be >= 0"), so a caller can report it against another field name. */
    readonly rule: string,
  ) {
    super(`${field} ${rule}, got ${describeValue(value)}`);
    this.value = asWritten(value);
  }
}

/** Past this a value is shown cut short: a message stays one readable line whatever was sent. */
const MAX_SHOWN = 60;
/** Strings (paths, flag values) get more room: their end is often the telling part. */
const MAX_SHOWN_STRING = 200;

/** A short, single-line rendering of a value for error messages, non-finite tokens as the user wrote them. */
export function describeValue(value: unknown): string {
  const written = asWritten(value);
  if (typeof written === 'number') return String(written);
  if (written === undefined) return 'nothing';
  if (typeof written === 'string') {
    return written.length > MAX_SHOWN_STRING ? `${JSON.stringify(written.slice(0, MAX_SHOWN_STRING - 3))}...` : JSON.stringify(written);
  }
  if (typeof written === 'bigint') return `${written}n`;
  let text: string;
  try {
    // Nested markers (a row [1, NaN]) are put back as bare tokens, the way the spec wrote them.
    text = (JSON.stringify(written) ?? String(written)).replace(MARKED_TOKEN, '$1');
  } catch {
    // A cycle, or nesting too deep to stringify: say what it is, never throw from here.
    text = `${Array.isArray(written) ? 'an array' : Object.prototype.toString.call(written)} (nested too deep or cyclic to show)`;
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}

/** An integer >= min and, when `max` is given (one of src/limits.ts), <= max. */
export function integerAtLeast(field: string, value: unknown, min: number, max = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InputError(field, value, `must be an integer >= ${min}`);
  }
  if (value > max) throw new InputError(field, value, `must be <= ${max}`);
  return value;
}

/** An integer in the closed range [min, max]. */
export function integerInRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(field, value, `must be an integer in [${min}, ${max}]`);
  }
  return value;
}

/** A seed of numpy's RandomState (and so of Mt19937): an integer in [0, 2^32 - 1]. */
export function seedValue(field: string, value: unknown): number {
  return integerInRange(field, value, 0, MAX_SEED);
}

/**
 * The value, or `fallback` when it was not given. Only `undefined` means "not given": a JSON
 * `null` is a value, and the field's validator rejects it instead of silently taking the default.
 */
export function withDefault<V, T>(value: V, fallback: T): Exclude<V, undefined> | T {
  return value === undefined ? fallback : (value as Exclude<V, undefined>);
}

/**
 * Plain decimal or scientific notation only (`5`, `-0.5`, `.5`, `3e-2`): Number() alone would also
 * take '', ' 5', '0x1f', '0b1', 'Infinity' and '1_000' as numbers. The one rule for the CLI's
 * numbers and CSV cells.
 */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number `text` spells under DECIMAL, or null; may be ±Infinity when it overflows (1e999). */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}

// JSON cannot carry NaN or Infinity; parseSpecText turns Python's bare NaN/Infinity tokens into
// strings with this marker, so that a message can name the field instead of rejecting the file.
export const NON_FINITE_MARKER = '__actlab_nonfinite__:';
/** A marked value, and a marked token inside JSON text (for describeValue to put back as written). */
const MARKED_VALUE = new RegExp(`^${NON_FINITE_MARKER}(-?Infinity|NaN)$`);
const MARKED_TOKEN = new RegExp(`"${NON_FINITE_MARKER}(-?Infinity|NaN)"`, 'g');

/** The value as the user wrote it: a marked non-finite token becomes its number again. */
export function asWritten(value: unknown): unknown {
  const token = typeof value === 'string' ? MARKED_VALUE.exec(value) : null;
  return token ? Number(token[1]) : value;
}

export function finiteNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(field, value, 'must be a finite number');
  return value;
}

/** The rule float32Number (and the CLI's float32 flags) state. */
export const FLOAT32_RULE = 'must be a finite number within float32 range (about ±3.4e38)';

/**
 * A number bound for the kernels' f32 memory (data, weights, activation options): finite, and
 * finite once rounded to float32, so 1e39 is refused here instead of becoming Infinity there.
 */
export function float32Number(field: string, value: unknown): number {
  if (!Number.isFinite(Math.fround(finiteNumber(field, value)))) throw new InputError(field, value, FLOAT32_RULE);
  return value as number;
}

export function positiveNumber(field: string, value: unknown): number {
  if (finiteNumber(field, value) <= 0) throw new InputError(field, value, 'must be > 0');
  return value as number;
}

export function nonNegativeNumber(field: string, value: unknown): number {
  if (finiteNumber(field, value) < 0) throw new InputError(field, value, 'must be >= 0');
  return value as number;
}

/** A number in [0, 1): Adam's betas, momentum-like factors. */
export function unitInterval(field: string, value: unknown): number {
  const x = finiteNumber(field, value);
  if (x < 0 || x >= 1) throw new InputError(field, value, 'must be in [0, 1)');
  return x;
}

export function booleanValue(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InputError(field, value, 'must be true or false');
  return value;
}

export function plainObject(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(field, value, 'must be an object');
  return value as Record<string, unknown>;
}

export function arrayValue(field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new InputError(field, value, 'must be an array');
  return value;
}

/** An array or a typed array (not a DataView): what the API takes as rows or values. */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Rejects keys outside `allowed`, so a typo never silently falls back to a default. */
export function knownKeys(field: string, object: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      // A key is the user's text too: an odd one is quoted, so the message stays one line.
      const name = /^[A-Za-z_$][\w$]{0,59}$/.test(key) ? key : `[${describeValue(key)}]`;
      const where = field === '' ? name : name.startsWith('[') ? `${field}${name}` : `${field}.${name}`;
      throw new InputError(where, object[key], `is not a known field (known: ${allowed.join(', ')})`);
    }
  }
}

/** Layer sizes: input first, at least 2 entries, each an integer in [1, MAX_LAYER_SIZE]. */
export function layerSizes(field: string, value: unknown): number[] {
  const sizes = arrayValue(field, value);
  if (sizes.length < 2) throw new InputError(field, value, 'must list at least 2 layer sizes (input and output)');
  return sizes.map((size, i) => integerAtLeast(`${field}[${i}]`, size, 1, MAX_LAYER_SIZE));
}

/** One of a fixed set of strings, such as an option's mode. */
export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InputError(field, value, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
