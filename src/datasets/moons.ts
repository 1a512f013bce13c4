import { withDefault } from '../validate.js';
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

export type MoonsOptions = GeneratorOptions;

/**
 * Two interleaving half circles, reproducing sklearn.datasets.make_moons for the same seed
 * (up to libm cos/sin/log ulps):
 * - label 0: the upper half of the unit circle, floor(n/2) points at angles linspace(0, π);
 * - label 1: the same half circle flipped and shifted to (1 - cos t, 0.5 - sin t), the other points;
 * - then, if `shuffle`, rows reordered by rng.permutation(n);
 * - then, if noise > 0, X += rng.normal(0, noise) drawn row by row, x before y.
 */
// see: sklearn/datasets/_samples_generator.py make_moons (sklearn >= 1.0)
export function makeMoons(options: MoonsOptions = {}): Dataset {
  generatorOptions(options, 'shuffle');
  const nSamples = withDefault(options.nSamples, 100);
  const noise = withDefault(options.noise, 0);
  checkSamplesAndNoise(nSamples, noise);
  const { rng, randomState } = generatorOf(options);
  const rows = shuffleThenNoise(twoMoons(nSamples), shuffleOf(options), noise, rng);
  return toDataset(rows, `moons(n=${nSamples}, noise=${noise}, random_state=${randomState})`);
}

/** Outer moon (label 0) rows first, then the inner moon (label 1), unshuffled. */
function twoMoons(nSamples: number): Rows {
  const nOut = Math.floor(nSamples / 2);
  const nIn = nSamples - nOut;
  const X = new Float64Array(nSamples * N_FEATURES);
  const y = new Uint8Array(nSamples);
  for (let i = 0; i < nOut; i++) {
    const t = linspaceToPi(i, nOut);
    X[i * N_FEATURES] = Math.cos(t);
    X[i * N_FEATURES + 1] = Math.sin(t);
  }
  for (let i = 0; i < nIn; i++) {
    const t = linspaceToPi(i, nIn);
    const row = nOut + i;
    X[row * N_FEATURES] = 1 - Math.cos(t);
    // Same operation order as sklearn's `1 - sin(t) - 0.5`, so the rounding matches too.
    X[row * N_FEATURES + 1] = 1 - Math.sin(t) - 0.5;
    y[row] = 1;
  }
  return { X, y };
}

/**
 * The i-th value of numpy's linspace(0, π, count) (endpoint=True): i * (π / (count - 1)), with the
 * last value set to exactly π rather than the rounded product.
 */
// see: numpy/_core/function_base.py linspace (step = delta / div; y = arange(num) * step + start; y[-1] = stop)
function linspaceToPi(i: number, count: number): number {
  if (count === 1) return 0;
  if (i === count - 1) return Math.PI;
  return i * (Math.PI / (count - 1));
}

// see: sklearn.utils.shuffle -> resample (indices = arange(n); random_state.shuffle(indices)), then X[indices], y[indices]
