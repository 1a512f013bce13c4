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

export interface SpiralOptions extends GeneratorOptions {
  /** How many full turns each arm makes from the centre to radius 1. */
  turns?: number;
}

/**
 * Two interleaved Archimedean spirals, the TensorFlow Playground's spiral scaled to radius 1:
 * - arm k (k = 0 for label 0 with floor(n/2) points, k = 1 for label 1 with the rest, m points each)
 *   has point i = 0..m-1 at radius r = (i + 1)/m and angle t = 2π·turns·r + k·π,
 *   placed at (r·sin t, r·cos t); so arm 1 is arm 0 rotated by π, and the radius grows linearly
 *   with the angle from near the centre to exactly 1;
 * - rows of arm 0 come first, then arm 1; then, if `shuffle`, they are reordered by
 *   rng.permutation(n);
 * - then, if noise > 0, X += rng.normal(0, noise) drawn row by row, x before y.
 * Shuffling before the noise is make_moons' order, so every generated dataset draws the same way.
 */
// see: tensorflow/playground src/dataset.ts classifySpiralData (r = i/n·5, t = 1.75·i/n·2π + deltaT)
export function makeSpiral(options: SpiralOptions = {}): Dataset {
  generatorOptions(options, 'shuffle', 'turns');
  const nSamples = withDefault(options.nSamples, 200);
  const noise = withDefault(options.noise, 0.1);
  const turns = withDefault(options.turns, 1.75);
  checkSamplesAndNoise(nSamples, noise);
  if (typeof turns !== 'number' || !Number.isFinite(turns) || turns <= 0)
    throw new InputError('turns', turns, 'must be a finite number > 0');
  const { rng, randomState } = generatorOf(options);
  const rows = shuffleThenNoise(twoSpirals(nSamples, turns), shuffleOf(options), noise, rng);
  return toDataset(rows, `spiral(n=${nSamples}, noise=${noise}, turns=${turns}, random_state=${randomState})`);
}

function twoSpirals(nSamples: number, turns: number): Rows {
  const rows: Rows = { X: new Float64Array(nSamples * N_FEATURES), y: new Uint8Array(nSamples) };
  const nArm0 = Math.floor(nSamples / 2);
  writeArm(rows, 0, nArm0, turns, 0);
  writeArm(rows, nArm0, nSamples - nArm0, turns, 1);
  return rows;
}

function writeArm({ X, y }: Rows, start: number, count: number, turns: number, label: number): void {
  for (let i = 0; i < count; i++) {
    // (i + 1) rather than the Playground's i: its two arms both start at the origin, one point with
    // two labels, which caps even a perfect model below 100% accuracy.
    const r = (i + 1) / count;
    const t = 2 * Math.PI * turns * r + label * Math.PI;
    const row = start + i;
    X[row * N_FEATURES] = r * Math.sin(t);
    X[row * N_FEATURES + 1] = r * Math.cos(t);
    y[row] = label;
  }
}
