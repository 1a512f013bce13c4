// Bad input fails early with one message that names the field and the value it got.

/** Thrown for any invalid user input; the CLI turns it into exit code 2 and its one-line message. */
export class InputError extends RangeError {
  override readonly name = 'InputError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    rule: string,
  ) {
    super(`${field} ${rule}, got ${describeValue(value)}`);
  }
}

/** A short, single-line rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function integerAtLeast(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InputError(field, value, `must be an integer >= ${min}`);
  }
  return value;
}

// JSON cannot carry NaN or Infinity; parseSpecText turns Python's bare NaN/Infinity tokens into
// strings with this marker, so that a message can name the field instead of rejecting the file.
export const NON_FINITE_MARKER = '__actlab_nonfinite__:';

/** The value as the user wrote it: a marked non-finite token becomes its number again. */
export function asWritten(value: unknown): unknown {
  return typeof value === 'string' && value.startsWith(NON_FINITE_MARKER) ? Number(value.slice(NON_FINITE_MARKER.length)) : value;
}

export function finiteNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(field, asWritten(value), 'must be a finite number');
  return value;
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

/** Rejects keys outside `allowed`, so a typo never silently falls back to a default. */
export function knownKeys(field: string, object: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      const where = field === '' ? key : `${field}.${key}`;
      throw new InputError(where, object[key], `is not a known field (known: ${allowed.join(', ')})`);
    }
  }
}

/** Layer sizes: input first, at least 2 entries, each a positive integer. */
export function layerSizes(field: string, value: unknown): number[] {
  const sizes = arrayValue(field, value);
  if (sizes.length < 2) throw new InputError(field, value, 'must list at least 2 layer sizes (input and output)');
  return sizes.map((size, i) => integerAtLeast(`${field}[${i}]`, size, 1));
}
