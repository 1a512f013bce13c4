// The data set: a scatter of the samples coloured by class. Platform-neutral.
import type { Dataset } from '../../datasets/dataset.js';
import { Mt19937 } from '../../random/mt19937.js';
import { CONFIG, LABEL_COLORS, round, vegaLite, WIDTH } from './theme.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/**
 * Most points one scatter draws. A million would make a 100 MB SVG that resvg refuses after
 * minutes; 5,000 still show the data's shape, and each figure stays quick to draw in a browser.
 */
export const MAX_POINTS = 5000;
// Fixed, so every figure, every run, Node and the browser draw the same sample.
const SAMPLE_SEED = 20240229;

export interface Point {
  x1: number;
  x2: number;
  label: string;
}

/**
 * The rows a scatter draws, ascending: all of them when there are at most `max`, otherwise `max`
 * rows drawn uniformly without replacement from MT19937 with a fixed seed (Floyd's algorithm:
 * `max` draws, whatever the data's size).
 */
export function shownRows(nSamples: number, max = MAX_POINTS): Uint32Array {
  if (nSamples <= max) return Uint32Array.from({ length: nSamples }, (_, i) => i);
  const rng = new Mt19937(SAMPLE_SEED);
  const chosen = new Set<number>();
  for (let j = nSamples - max; j < nSamples; j++) {
    const t = rng.randomInterval(j);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Uint32Array.from(chosen).sort();
}

/** What a figure's caption says when the scatter shows a sample: "" when every point is drawn. */
export function sampleNote(nSamples: number, max = MAX_POINTS): string {
  return nSamples > max ? `${groupDigits(max)} of ${groupDigits(nSamples)} points shown, a seeded random sample.` : '';
}

/** 1000000 → "1,000,000" (no locale: the same text everywhere). */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// The points of a data set, made once: the dataset figure and every boundary figure draw the same ones.
const pointsMade = new WeakMap<Dataset, Map<number, readonly Point[]>>();

/**
 * The first two features of the shown samples (shownRows) with their class as "label 0" / "label 1".
 * The same data set (object) and `max` give the same array: treat it as read-only.
 */
export function datasetPoints(data: Dataset, max = MAX_POINTS): Point[] {
  let byMax = pointsMade.get(data);
  if (!byMax) {
    byMax = new Map();
    pointsMade.set(data, byMax);
  }
  let points = byMax.get(max);
  if (!points) {
    points = makePoints(data, max);
    byMax.set(max, points);
  }
  return points as Point[];
}

function makePoints(data: Dataset, max: number): Point[] {
  const points: Point[] = [];
  const stride = data.nFeatures;
  for (const i of shownRows(data.nSamples, max)) {
    points.push({
      x1: round(data.X[i * stride]!, 5),
      x2: stride > 1 ? round(data.X[i * stride + 1]!, 5) : 0,
      label: `label ${data.y[i]}`,
    });
  }
  return points;
}

/**
 * The axes' shared extent over every sample (not only the shown ones, so a sample moves no axis),
 * so the plot is square in data units (circles stay round).
 */
export function squareExtent(data: Dataset, margin = 0.05): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const stride = data.nFeatures;
  const features = Math.min(stride, 2);
  for (let i = 0; i < data.nSamples; i++) {
    for (let f = 0; f < features; f++) {
      const v = round(data.X[i * stride + f]!, 5);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  // One feature: x2 is drawn at 0.
  if (stride < 2 && data.nSamples > 0) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
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
export function datasetSpec(data: Dataset): VegaLiteSpec {
  const points = datasetPoints(data);
  const domain = squareExtent(data);
  const counts = [0, 0];
  for (let i = 0; i < data.nSamples; i++) counts[data.y[i]! ? 1 : 0]!++;
  const note = sampleNote(data.nSamples);
  const subtitle = `${data.name} — ${data.nSamples} samples (${counts[0]} label 0, ${counts[1]} label 1)`;
  return vegaLite({
    config: CONFIG,
    title: {
      text: 'The data: two classes the network must separate',
      // The SVG and PNG travel without the page's caption, so they say it too.
      subtitle: note ? [subtitle, note] : subtitle,
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
  });
}
