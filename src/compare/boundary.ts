import type { Dataset } from '../datasets/dataset.js';
import { predict } from '../model/inspect.js';
import type { Mlp } from '../model/mlp.js';
import type { BoundaryGrid } from './types.js';

/** Grid points per axis of the decision-boundary heatmap. */
export const BOUNDARY_STEPS = 60;

/** The boundary's extent along one feature: the data's range with a 10% margin on each side. */
export function featureExtent(data: Dataset, feature: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.nSamples; i++) {
    const v = data.X[i * data.nFeatures + feature]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const margin = 0.1 * (max - min || 1);
  return { min: min - margin, max: max + margin };
}

/** P(label 1) on a regular grid covering the data with a 10% margin (2-feature data only). */
export function boundaryGrid(model: Mlp, data: Dataset, steps = BOUNDARY_STEPS): BoundaryGrid {
  const x = { ...featureExtent(data, 0), steps };
  const y = { ...featureExtent(data, 1), steps };
  const points = new Float64Array(steps * steps * 2);
  for (let iy = 0; iy < steps; iy++) {
    for (let ix = 0; ix < steps; ix++) {
      const k = iy * steps + ix;
      points[2 * k] = x.min + ((x.max - x.min) * ix) / (steps - 1);
      points[2 * k + 1] = y.min + ((y.max - y.min) * iy) / (steps - 1);
    }
  }
  return { activation: model.activation, x, y, p: Array.from(predict(model, points)) };
}
