// A seeded, stratified hold-out: `validationSplit` of the rows of each class go to a validation
// set, the rest stay for training, both in the data's own order (the batches are still taken in
// order, as the tutorial does). The training metrics are then those of the remaining rows.
import type { Mt19937 } from '../random/mt19937.js';
import { InputError } from '../validate.js';
import type { Dataset } from './dataset.js';

/** The training rows and the held-out rows of a split. */
export interface Split {
  train: Dataset;
  validation: Dataset;
}

/** A share in (0, 1), as validationSplit takes it, or an InputError naming `field`. */
export function validationShare(field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) throw new InputError(field, value, 'must be a number in (0, 1)');
  return value;
}

/**
 * Holds out round(share · n_c) rows of each class c (its n_c rows drawn by rng.permutation(n_c),
 * class 0 first), keeping at least one row of each class on both sides when the class has two or
 * more. Refuses, naming `field`, a split that leaves either side empty.
 */
export function stratifiedSplit(data: Dataset, share: number, rng: Mt19937, field = 'validationSplit'): Split {
  validationShare(field, share);
  const held = new Uint8Array(data.nSamples);
  for (const label of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < data.nSamples; i++) if (data.y[i] === label) rows.push(i);
    if (rows.length === 0) continue;
    const wanted = Math.round(share * rows.length);
    const count = rows.length >= 2 ? Math.min(rows.length - 1, Math.max(1, wanted)) : wanted;
    const order = rng.permutation(rows.length);
    for (let k = 0; k < count; k++) held[rows[order[k]!]!] = 1;
  }
  const validation = subset(data, held, 1, `${data.name} (validation)`);
  const train = subset(data, held, 0, data.name);
  if (validation.nSamples === 0) throw new InputError(field, share, `holds out no row of the ${data.nSamples} (too small a share)`);
  if (train.nSamples === 0) throw new InputError(field, share, `leaves no row of the ${data.nSamples} for training`);
  return { train, validation };
}

/** The rows i with mark[i] === keep, in order. */
function subset(data: Dataset, mark: Uint8Array, keep: number, name: string): Dataset {
  const n = mark.reduce((count, m) => count + (m === keep ? 1 : 0), 0);
  const X = new Float64Array(n * data.nFeatures);
  const y = new Uint8Array(n);
  let at = 0;
  for (let i = 0; i < data.nSamples; i++) {
    if (mark[i] !== keep) continue;
    X.set(data.X.subarray(i * data.nFeatures, (i + 1) * data.nFeatures), at * data.nFeatures);
    y[at++] = data.y[i]!;
  }
  return { X, y, nSamples: n, nFeatures: data.nFeatures, name };
}
