// The data set: a scatter of the samples coloured by class. Platform-neutral.
import type { TopLevelSpec } from 'vega-lite';
import type { Dataset } from '../../datasets/dataset.js';
import { CONFIG, LABEL_COLORS, round, WIDTH } from './theme.js';

export interface Point {
  x1: number;
  x2: number;
  label: string;
}

/** The first two features of every sample with its class as "label 0" / "label 1". */
export function datasetPoints(data: Dataset): Point[] {
  const points: Point[] = [];
  const stride = data.nFeatures;
  for (let i = 0; i < data.nSamples; i++) {
    points.push({
      x1: round(data.X[i * stride]!, 5),
      x2: stride > 1 ? round(data.X[i * stride + 1]!, 5) : 0,
      label: `label ${data.y[i]}`,
    });
  }
  return points;
}

/** The axes' shared extent, so the plot is square in data units (circles stay round). */
export function squareExtent(points: readonly { x1: number; x2: number }[], margin = 0.05): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.x1, p.x2);
    hi = Math.max(hi, p.x1, p.x2);
  }
  if (!(lo <= hi)) return [-1, 1];
  const pad = (hi - lo || 1) * margin;
  return [round(lo - pad, 3), round(hi + pad, 3)];
}

/** Class legend/colour encoding shared by the dataset and boundary figures. */
export const labelColor = {
  field: 'label',
  type: 'nominal',
  title: 'class',
  scale: { domain: ['label 0', 'label 1'], range: [...LABEL_COLORS] },
} as const;

/** Scatter of `data` coloured by label, on equal axes. */
export function datasetSpec(data: Dataset): TopLevelSpec {
  const points = datasetPoints(data);
  const domain = squareExtent(points);
  const counts = [0, 0];
  for (let i = 0; i < data.nSamples; i++) counts[data.y[i]! ? 1 : 0]!++;
  return {
    config: CONFIG,
    title: {
      text: 'The data: two classes the network must separate',
      subtitle: `${data.name} — ${data.nSamples} samples (${counts[0]} label 0, ${counts[1]} label 1)`,
    },
    width: WIDTH,
    height: WIDTH,
    data: { values: points },
    mark: { type: 'point', filled: true, size: 26, opacity: 0.8, stroke: 'white', strokeWidth: 0.6, aria: false },
    encoding: {
      x: { field: 'x1', type: 'quantitative', title: 'feature x₁', scale: { domain, nice: false, zero: false } },
      y: { field: 'x2', type: 'quantitative', title: 'feature x₂', scale: { domain, nice: false, zero: false } },
      color: labelColor,
      shape: { field: 'label', type: 'nominal', title: 'class', scale: { domain: ['label 0', 'label 1'], range: ['circle', 'square'] } },
    },
  };
}
