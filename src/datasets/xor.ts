import { withDefault } from '../validate.js';
import type { Dataset } from './dataset.js';
import {
  addGaussianNoise,
  checkSamplesAndNoise,
  type GeneratorOptions,
  generatorOf,
  generatorOptions,
  N_FEATURES,
  toDataset,
} from './rows.js';

/** `noise` is added after labelling; XOR rows come in random order already, so there is no `shuffle`. */
export type XorOptions = Omit<GeneratorOptions, 'shuffle'>;

/**
 * The XOR (checkerboard of four quadrants) problem, in the TensorFlow Playground's orientation:
 * - every row draws x = rng.uniform(-1, 1), then y = rng.uniform(-1, 1), row after row
 *   (numpy: `X = rng.uniform(-1, 1, size=(n, 2))`), so points are uniform in [-1, 1)²;
 * - label 1 when x·y >= 0 (first and third quadrants, the axes included), else 0;
 * - then, if noise > 0, X += rng.normal(0, noise) drawn row by row, x before y.
 * Labels come from the clean point, so noise moves points across the axes and blurs the boundary.
 * The rows are already in random order, so there is no shuffle; the class counts are random
 * (Binomial(n, 1/2)), not exactly n/2.
 */
// see: tensorflow/playground src/dataset.ts classifyXORData (label = x·y >= 0 ? 1 : -1)
export function makeXor(options: XorOptions = {}): Dataset {
  // No `shuffle`: the rows come in random order already, so it would do nothing.
  generatorOptions(options);
  const nSamples = withDefault(options.nSamples, 200);
  const noise = withDefault(options.noise, 0.1);
  checkSamplesAndNoise(nSamples, noise);
  const { rng, randomState } = generatorOf(options);

  const X = new Float64Array(nSamples * N_FEATURES);
  const y = new Uint8Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    const px = rng.uniform(-1, 1);
    const py = rng.uniform(-1, 1);
    X[i * N_FEATURES] = px;
    X[i * N_FEATURES + 1] = py;
    y[i] = px * py >= 0 ? 1 : 0;
  }
  // Drawn after all the points, so the noiseless points of a seed stay the same at every noise level.
  if (noise > 0) addGaussianNoise(X, noise, rng);

  return toDataset({ X, y }, `xor(n=${nSamples}, noise=${noise}, random_state=${randomState})`);
}
