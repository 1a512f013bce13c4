import { withDefault } from '../validate.js';
import type { Dataset } from './dataset.js';
import { checkSamplesAndNoise, type GeneratorOptions, generatorOf, generatorOptions, N_FEATURES, shuffleOf, toDataset } from './rows.js';

/** `noise` widens both blobs: their std-dev is BASE_SD + noise, so larger noise means more overlap. */
export type GaussianOptions = GeneratorOptions;

/** Each blob centre sits at (±CENTRE, ±CENTRE), CENTRE·√2 ≈ 0.71 from the boundary x + y = 0. */
export const GAUSSIAN_CENTRE = 0.5;
/**
 * Blob std-dev at noise 0. Nonzero so that noise 0 still gives blobs, not two repeated points;
 * the centres are then 2.8 sd from the boundary (~0.2% of points on the wrong side).
 */
export const GAUSSIAN_BASE_SD = 0.25;

/**
 * Two isotropic Gaussian blobs, the TensorFlow Playground's "Gaussian" data scaled to unit size:
 * - label 0 centred at (-0.5, -0.5) with floor(n/2) points, label 1 at (0.5, 0.5) with the rest;
 * - rows of label 0 first, then label 1, placed at their centre; then, if `shuffle`, they are
 *   reordered by rng.permutation(n);
 * - then X += rng.normal(0, 0.25 + noise) drawn row by row, x before y (always drawn, even at noise 0).
 * This is make_moons' draw order with the centres as the noiseless geometry:
 * numpy `X = centres[rng.permutation(n)] + rng.normal(scale=0.25 + noise, size=(n, 2))`.
 * At the default noise 0.1 the sd is 0.35 (about 2% of points across the boundary); at 0.5 it is
 * 0.75 (about 17%).
 */
// see: tensorflow/playground src/dataset.ts classifyTwoGaussData (centres (±2, ±2), variance growing with noise)
export function makeGaussian(options: GaussianOptions = {}): Dataset {
  generatorOptions(options, 'shuffle');
  const nSamples = withDefault(options.nSamples, 200);
  const noise = withDefault(options.noise, 0.1);
  checkSamplesAndNoise(nSamples, noise);
  const shuffle = shuffleOf(options);
  const { rng, randomState } = generatorOf(options);

  const nNeg = Math.floor(nSamples / 2);
  const order = shuffle ? rng.permutation(nSamples) : null;
  const sd = GAUSSIAN_BASE_SD + noise;
  const X = new Float64Array(nSamples * N_FEATURES);
  const y = new Uint8Array(nSamples);
  for (let row = 0; row < nSamples; row++) {
    const label = (order === null ? row : (order[row] as number)) < nNeg ? 0 : 1;
    const centre = label === 0 ? -GAUSSIAN_CENTRE : GAUSSIAN_CENTRE;
    y[row] = label;
    X[row * N_FEATURES] = centre + rng.normal(0, sd);
    X[row * N_FEATURES + 1] = centre + rng.normal(0, sd);
  }

  return toDataset({ X, y }, `gaussian(n=${nSamples}, noise=${noise}, random_state=${randomState})`);
}
