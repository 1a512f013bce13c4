// The steps every 2-D generator shares, in sklearn's order: build the rows, reorder them with
// rng.permutation, then add Gaussian noise.
import type { Mt19937 } from '../random/mt19937.js';

export const N_FEATURES = 2;

/** Labelled 2-D rows before noise: X row-major n×2, y 0/1. */
export interface Rows {
  X: Float64Array;
  y: Uint8Array;
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
