import { InputError, withDefault } from '../validate.js';
import type { Dataset } from './dataset.js';
import {
  checkSamplesAndNoise,
  type GeneratorOptions,
  generatorOf,
  generatorOptions,
  N_FEATURES,
  type Rows,
  shuffleOf,
  shuffleThenNoise,
  toDataset,
} from './rows.js';

export type { Dataset } from './dataset.js';

export interface CirclesOptions extends GeneratorOptions {
  factor?: number;
}

/**
 * A large circle (label 0) containing a smaller one (label 1), reproducing
 * sklearn.datasets.make_circles bit for bit (up to libm cos/sin/log ulps) for the same seed.
 */
// see: sklearn/datasets/_samples_generator.py make_circles (sklearn >= 1.0)
export function makeCircles(options: CirclesOptions = {}): Dataset {
  generatorOptions(options, 'shuffle', 'factor');
  const nSamples = withDefault(options.nSamples, 100);
  const factor = withDefault(options.factor, 0.8);
  const noise = withDefault(options.noise, 0);
  checkSamplesAndNoise(nSamples, noise);
  // sklearn's Interval(Real, 0, 1, closed="left"); NaN fails both comparisons, hence the negation.
  if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) throw new InputError('factor', factor, 'must be in [0, 1)');
  const { rng, randomState } = generatorOf(options);
  const rows = shuffleThenNoise(twoCircles(nSamples, factor), shuffleOf(options), noise, rng);
  return toDataset(rows, `circles(n=${nSamples}, factor=${factor}, noise=${noise}, random_state=${randomState})`);
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
