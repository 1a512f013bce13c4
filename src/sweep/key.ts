// A run's stable key: the SHA-256 of its spec written canonically (keys sorted at every level), so
// the same cell and seed get the same key in any sweep file, on any machine, in any order; a
// change to anything the run trains with (epochs, the data's settings, an option) gives another.
// Platform-neutral.
import { sha256Hex } from './sha256.js';
import type { SweepSpec } from './spec.js';

/** Bumped when what a key covers changes meaning: old results then no longer match. */
const KEY_VERSION = 'actlab-sweep-key/1';
/** Hex digits kept: 64 bits, so two runs of one sweep collide with odds ~n²/2⁶⁵. */
const KEY_DIGITS = 16;

/** JSON with every object's keys sorted, no spaces: one text per value. Non-finite numbers are refused (specs hold none). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new RangeError(`canonicalJson: a ${typeof value} has no JSON form`);
}

/** The run's key: 16 hex digits of the SHA-256 of its canonical spec. */
export function jobKey(spec: SweepSpec): string {
  return sha256Hex(`${KEY_VERSION}\n${canonicalJson(spec)}`).slice(0, KEY_DIGITS);
}

/** The key of the run's cell: its spec with the seed left out, shared by every seed of the cell. */
export function cellKey(spec: SweepSpec): string {
  const { seed: _seed, ...config } = spec.config;
  return sha256Hex(`${KEY_VERSION}:cell\n${canonicalJson({ ...spec, config })}`).slice(0, KEY_DIGITS);
}
