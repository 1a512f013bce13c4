// The steps every 2-D generator shares, in sklearn's order: build the rows, reorder them with
// rng.permutation, then add Gaussian noise; and the options, checks and naming they share.
import { MAX_SAMPLES } from '../limits.js';
import { type Mt19937, rngFrom } from '../random/mt19937.js';
import { booleanValue, float32Number, InputError, integerAtLeast, knownKeys, plainObject, withDefault } from '../validate.js';
import type { Dataset } from './dataset.js';

export const N_FEATURES = 2;

/** Labelled 2-D rows before noise: X row-major n×2, y 0/1. */
export interface Rows {
  X: Float64Array;
  y: Uint8Array;
}

/** The options every generator takes. */
export interface GeneratorOptions {
  nSamples?: number;
  /** Std-dev of the Gaussian noise; 0 draws no noise at all (sklearn's noise=None). */
  noise?: number;
  /** Used only when `rng` is not given. */
  seed?: number;
  shuffle?: boolean;
  /** Explicit generator; takes precedence over `seed` and is advanced in place. */
  rng?: Mt19937;
}

/**
 * A generator's options object, checked for keys it does not take (`extra` are its own, such as
 * `shuffle` or `factor`), so a typo never silently falls back to a default.
 */
export function generatorOptions(options: unknown, ...extra: string[]): void {
  knownKeys('', plainObject('options', options), ['nSamples', 'noise', 'seed', 'rng', ...extra]);
}

/**
 * Rejects a sample count below 2 (one class would be empty) or above MAX_SAMPLES, and a noise that
 * is negative or not finite in float32 (it scales values bound for f32 memory).
 */
export function checkSamplesAndNoise(nSamples: unknown, noise: unknown, samplesField = 'nSamples'): asserts nSamples is number {
  integerAtLeast(samplesField, nSamples, 2, MAX_SAMPLES);
  if (float32Number('noise', noise) < 0) throw new InputError('noise', noise, 'must be a finite number >= 0');
}

/** The generator to draw from, and how a data set's name shows it (sklearn's random_state). */
export function generatorOf(options: GeneratorOptions): { rng: Mt19937; randomState: string } {
  const rng = rngFrom(options.rng, options.seed);
  return { rng, randomState: options.rng === undefined ? String(withDefault(options.seed, 0)) : 'rng' };
}

/** The `shuffle` option: default true, as sklearn's. */
export function shuffleOf(options: GeneratorOptions): boolean {
  return booleanValue('shuffle', withDefault(options.shuffle, true));
}

/** sklearn's closing steps, in its order: reorder by rng.permutation when shuffling, then add the noise. */
export function shuffleThenNoise(ordered: Rows, shuffle: boolean, noise: number, rng: Mt19937): Rows {
  const rows = shuffle ? reorderRows(ordered, rng.permutation(ordered.y.length)) : ordered;
  if (noise > 0) addGaussianNoise(rows.X, noise, rng);
  return rows;
}

/** The rows as a Dataset. */
export function toDataset({ X, y }: Rows, name: string): Dataset {
  return { X, y, nSamples: y.length, nFeatures: N_FEATURES, name };
}

/** Rows taken in `indices` order, as sklearn's util.shuffle → X[indices], y[indices]. */
export function reorderRows({ X, y }: Rows, indices: Uint32Array): Rows {
  const outX = new Float64Array(X.length);
  const outY = new Uint8Array(y.length);
  for (let row = 0; row < indices.length; row++) {
    const src = indices[row]!;
    for (let f = 0; f < N_FEATURES; f++) outX[row * N_FEATURES + f] = X[src * N_FEATURES + f]!;
    outY[row] = y[src]!;
  }
  return { X: outX, y: outY };
}

/** X += rng.normal(scale=noise, size=X.shape), drawn in row-major (C) order like numpy. */
export function addGaussianNoise(X: Float64Array, noise: number, rng: Mt19937): void {
  for (let k = 0; k < X.length; k++) X[k] = X[k]! + rng.normal(0, noise);
}
