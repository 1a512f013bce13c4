import { Mt19937 } from '../random/mt19937.js';
import type { Dataset } from './dataset.js';
import { N_FEATURES, addGaussianNoise, reorderRows, type Rows } from './rows.js';

export type { Dataset } from './dataset.js';

export interface CirclesOptions {
  nSamples?: number;
  factor?: number;
  /** Std-dev of the Gaussian noise; 0 or undefined draws no noise at all (sklearn's noise=None). */
  noise?: number;
  /** Used only when `rng` is not given. */
  seed?: number;
  shuffle?: boolean;
  /** Explicit generator; takes precedence over `seed` and is advanced in place. */
  rng?: Mt19937;
}


/**
 * A large circle (label 0) containing a smaller one (label 1), reproducing
 * sklearn.datasets.make_circles bit for bit (up to libm cos/sin/log ulps) for the same seed.
 */
// see: sklearn/datasets/_samples_generator.py make_circles (sklearn >= 1.0)
export function makeCircles(options: CirclesOptions = {}): Dataset {
  const nSamples = options.nSamples ?? 100;
  const factor = options.factor ?? 0.8;
  const noise = options.noise ?? 0;
  const seed = options.seed ?? 0;
  const shuffle = options.shuffle ?? true;
  validate(nSamples, factor, noise);
  const rng = options.rng ?? new Mt19937(seed);

  const ordered = twoCircles(nSamples, factor);
  // Order matters for reproducibility: sklearn shuffles first, then draws the noise.
  const { X, y } = shuffle ? reorderRows(ordered, rng.permutation(nSamples)) : ordered;
  if (noise > 0) addGaussianNoise(X, noise, rng);

  const seedLabel = options.rng === undefined ? String(seed) : 'rng';
  return {
    X,
    y,
    nSamples,
    nFeatures: N_FEATURES,
    name: `circles(n=${nSamples}, factor=${factor}, noise=${noise}, random_state=${seedLabel})`,
  };
}

function validate(nSamples: number, factor: number, noise: number): void {
  if (!Number.isInteger(nSamples) || nSamples < 2) {
    throw new RangeError(`nSamples must be an integer >= 2, got ${nSamples}`);
  }
  // sklearn's Interval(Real, 0, 1, closed="left"); NaN fails both comparisons, hence the negation.
  if (!(factor >= 0 && factor < 1)) {
    throw new RangeError(`factor must be in [0, 1), got ${factor}`);
  }
  if (!Number.isFinite(noise) || noise < 0) {
    throw new RangeError(`noise must be a finite number >= 0, got ${noise}`);
  }
}


/** Outer circle (label 0) rows first, then the inner circle (label 1), unshuffled. */
function twoCircles(nSamples: number, factor: number): Rows {
  const nOut = Math.floor(nSamples / 2);
  const nIn = nSamples - nOut;
  const rows: Rows = { X: new Float64Array(nSamples * N_FEATURES), y: new Uint8Array(nSamples) };
  writeCircle(rows, 0, nOut, 1, 0);
  // sklearn >= 1.0 spaces the inner circle over its own count, so odd n stays evenly spread.
  writeCircle(rows, nOut, nIn, factor, 1);
  return rows;
}

/** Writes `count` evenly spaced points of a circle of `radius` starting at row `start`. */
function writeCircle({ X, y }: Rows, start: number, count: number, radius: number, label: number): void {
  // numpy's linspace(0, 2π, count, endpoint=False) is arange(count) * (2π / count) + 0.
  const step = (2 * Math.PI) / count;
  for (let i = 0; i < count; i++) {
    const angle = i * step;
    const row = start + i;
    X[row * N_FEATURES] = Math.cos(angle) * radius;
    X[row * N_FEATURES + 1] = Math.sin(angle) * radius;
    y[row] = label;
  }
}

// see: sklearn.utils.shuffle -> resample (indices = arange(n); random_state.shuffle(indices)), then X[indices], y[indices]

