import { arrayValue, float32Number, InputError, isArrayLike, plainObject } from '../validate.js';
import type { Dataset } from './dataset.js';

/**
 * Builds a Dataset from plain arrays (a spec's `data`, a parsed CSV): X is n rows of equal width of
 * numbers finite in float32 (the kernels' precision), y is n labels 0/1. Every row is checked, and
 * the first bad one is reported by index and value.
 */
export function datasetFromArrays(X: unknown, y: unknown, name = 'data', field = 'data'): Dataset {
  const rows = arrayValue(`${field}.X`, X);
  const labels = arrayValue(`${field}.y`, y);
  if (rows.length === 0) throw new InputError(`${field}.X`, X, 'must hold at least one row');
  if (rows.length !== labels.length) {
    throw new InputError(`${field}.y`, `${labels.length} labels`, `must have one label per row of ${field}.X (${rows.length} rows)`);
  }
  const first = arrayValue(`${field}.X[0]`, rows[0]);
  const nFeatures = first.length;
  if (nFeatures === 0) throw new InputError(`${field}.X[0]`, first, 'must hold at least one feature');
  const data: Dataset = {
    X: new Float64Array(rows.length * nFeatures),
    y: new Uint8Array(rows.length),
    nSamples: rows.length,
    nFeatures,
    name,
  };
  rows.forEach((row, i) => {
    const values = arrayValue(`${field}.X[${i}]`, row);
    if (values.length !== nFeatures) {
      throw new InputError(`${field}.X[${i}]`, row, `must have ${nFeatures} values like ${field}.X[0]`);
    }
    values.forEach((v, j) => {
      data.X[i * nFeatures + j] = float32Number(`${field}.X[${i}][${j}]`, v);
    });
    const label = labels[i];
    if (label !== 0 && label !== 1) throw new InputError(`${field}.y[${i}]`, label, 'must be 0 or 1');
    data.y[i] = label;
  });
  return data;
}

/** Checks a Dataset made in code (typed arrays) with the same rules and messages. */
export function checkDataset(data: Dataset, field = 'data'): void {
  const { X, y, nSamples, nFeatures } = plainObject(field, data) as unknown as Dataset;
  if (!isArrayLike(X)) throw new InputError(`${field}.X`, X, 'must be a Float64Array (row-major)');
  if (!isArrayLike(y)) throw new InputError(`${field}.y`, y, 'must be a Uint8Array of labels 0/1');
  if (!Number.isInteger(nSamples) || nSamples < 1) throw new InputError(`${field}.nSamples`, nSamples, 'must be an integer >= 1');
  if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new InputError(`${field}.nFeatures`, nFeatures, 'must be an integer >= 1');
  if (X.length !== nSamples * nFeatures)
    throw new InputError(`${field}.X`, `${X.length} values`, `must hold nSamples × nFeatures = ${nSamples * nFeatures} values`);
  if (y.length !== nSamples)
    throw new InputError(`${field}.y`, `${y.length} labels`, `must have one label per row of ${field}.X (${nSamples} rows)`);
  for (let k = 0; k < X.length; k++) {
    // A cheap test first: the message comes from float32Number only for the bad value.
    const v = X[k];
    if (typeof v !== 'number' || !Number.isFinite(Math.fround(v)))
      float32Number(`${field}.X[${Math.floor(k / nFeatures)}][${k % nFeatures}]`, v);
  }
  for (let i = 0; i < nSamples; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new InputError(`${field}.y[${i}]`, y[i], 'must be 0 or 1');
  }
}
