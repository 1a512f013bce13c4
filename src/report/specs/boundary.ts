// The decision boundary: the network's P(label 1) on a grid as a heatmap, the P = 0.5 contour
// as a line, and the data on top. Platform-neutral.
import type { BoundaryGrid } from '../../compare/types.js';
import type { Dataset } from '../../datasets/dataset.js';
import { datasetPoints, labelColor, sampleNote } from './dataset.js';
import { CONFIG, PROBABILITY_SCHEME, round, vegaLite, WIDTH } from './theme.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

export interface Segment {
  x: number;
  y: number;
  x2: number;
  y2: number;
}

/** Grid point coordinates: x.min + ix·dx with dx = (max - min)/(steps - 1), as BoundaryGrid defines. */
function axisPoints(axis: BoundaryGrid['x']): number[] {
  const d = axis.steps > 1 ? (axis.max - axis.min) / (axis.steps - 1) : 0;
  return Array.from({ length: axis.steps }, (_, i) => axis.min + i * d);
}

/**
 * The iso-line p = level through the grid, as line segments (marching squares, linear
 * interpolation along cell edges; saddles resolved by the cell's mean).
 */
export function contourSegments(grid: BoundaryGrid, level = 0.5): Segment[] {
  const xs = axisPoints(grid.x);
  const ys = axisPoints(grid.y);
  const nx = grid.x.steps;
  const at = (ix: number, iy: number) => grid.p[iy * nx + ix]!;
  const segments: Segment[] = [];
  for (let iy = 0; iy + 1 < grid.y.steps; iy++) {
    for (let ix = 0; ix + 1 < nx; ix++) {
      // Corners counter-clockwise from bottom-left, and the edges between consecutive corners.
      const cx = [xs[ix]!, xs[ix + 1]!, xs[ix + 1]!, xs[ix]!];
      const cy = [ys[iy]!, ys[iy]!, ys[iy + 1]!, ys[iy + 1]!];
      const v = [at(ix, iy), at(ix + 1, iy), at(ix + 1, iy + 1), at(ix, iy + 1)];
      if (v.some((p) => !Number.isFinite(p))) continue;
      const above = v.map((p) => p >= level);
      const crossings: ({ x: number; y: number } | null)[] = [0, 1, 2, 3].map((e) => {
        const a = e;
        const b = (e + 1) % 4;
        if (above[a] === above[b]) return null;
        const t = (level - v[a]!) / (v[b]! - v[a]!);
        return { x: cx[a]! + t * (cx[b]! - cx[a]!), y: cy[a]! + t * (cy[b]! - cy[a]!) };
      });
      const hits = crossings.filter((c): c is { x: number; y: number } => c !== null);
      const add = (p: { x: number; y: number }, q: { x: number; y: number }) =>
        segments.push({ x: round(p.x, 5), y: round(p.y, 5), x2: round(q.x, 5), y2: round(q.y, 5) });
      if (hits.length === 2) {
        add(hits[0]!, hits[1]!);
      } else if (hits.length === 4) {
        const centreAbove = (v[0]! + v[1]! + v[2]! + v[3]!) / 4 >= level;
        const [bottom, right, top, left] = crossings as { x: number; y: number }[];
        if (centreAbove === above[0]) {
          // Corner 0 joins corner 2 through the centre: cut off corners 1 and 3.
          add(bottom!, right!);
          add(top!, left!);
        } else {
          add(left!, bottom!);
          add(right!, top!);
        }
      }
    }
  }
  return segments;
}

export interface BoundaryOptions {
  /** Replaces the default title ("<activation>: decision boundary"). */
  title?: string;
  subtitle?: string | string[];
}

/**
 * Heatmap of P(label 1) over the grid (diverging colours centred at 0.5, domain [0, 1]), the
 * P = 0.5 contour in black, and the data points coloured by label with a white outline.
 */
export function boundarySpec(grid: BoundaryGrid, data: Dataset, options: BoundaryOptions = {}): VegaLiteSpec {
  const xs = axisPoints(grid.x);
  const ys = axisPoints(grid.y);
  const half = (axis: BoundaryGrid['x']) => (axis.steps > 1 ? (axis.max - axis.min) / (axis.steps - 1) / 2 : 0.5);
  const hx = half(grid.x);
  const hy = half(grid.y);
  // Each cell reaches a little into the next one: abutting rects show hairline seams once anti-aliased.
  // The edges are the same for every cell of a column (row): rounded once each.
  const x0 = xs.map((x) => round(x - hx, 5));
  const x1 = xs.map((x, ix) => round(x + hx * (ix + 1 < grid.x.steps ? 1.3 : 1), 5));
  const y0 = ys.map((y) => round(y - hy, 5));
  const y1 = ys.map((y, iy) => round(y + hy * (iy + 1 < grid.y.steps ? 1.3 : 1), 5));
  const cells: { x: number; x2: number; y: number; y2: number; p: number }[] = [];
  for (let iy = 0; iy < grid.y.steps; iy++) {
    for (let ix = 0; ix < grid.x.steps; ix++) {
      const p = grid.p[iy * grid.x.steps + ix]!;
      if (!Number.isFinite(p)) continue;
      cells.push({ x: x0[ix]!, x2: x1[ix]!, y: y0[iy]!, y2: y1[iy]!, p: round(p, 3) });
    }
  }
  const xDomain = [round(grid.x.min - hx, 5), round(grid.x.max + hx, 5)];
  const yDomain = [round(grid.y.min - hy, 5), round(grid.y.max + hy, 5)];
  // Equal units on both axes, so circles look round; the longer side is WIDTH.
  const spanX = xDomain[1]! - xDomain[0]!;
  const spanY = yDomain[1]! - yDomain[0]!;
  const ratio = spanX > 0 && spanY > 0 ? spanY / spanX : 1;
  const width = ratio > 1 ? Math.round(WIDTH / Math.min(ratio, 2)) : WIDTH;
  const height = ratio > 1 ? WIDTH : Math.round(WIDTH * Math.max(ratio, 0.5));
  const x = {
    type: 'quantitative',
    title: 'feature x₁',
    scale: { domain: xDomain, nice: false, zero: false },
    axis: { tickCount: 6 },
  } as const;
  const y = {
    type: 'quantitative',
    title: 'feature x₂',
    scale: { domain: yDomain, nice: false, zero: false },
    axis: { tickCount: 6 },
  } as const;
  const points = datasetPoints(data);
  const segments = contourSegments(grid);
  return vegaLite({
    config: CONFIG,
    title: {
      text: options.title ?? `${grid.activation}: decision boundary`,
      subtitle: options.subtitle ?? [
        "Background: the trained network's P(label 1) at each point; black line: P = 0.5,",
        'where its prediction flips. Points: the data, coloured by their true class.',
        ...(sampleNote(data.nSamples) ? [sampleNote(data.nSamples)] : []),
      ],
    },
    width,
    height,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', strokeWidth: 0, aria: false },
        encoding: {
          x: { field: 'x', ...x },
          x2: { field: 'x2' },
          y: { field: 'y', ...y },
          y2: { field: 'y2' },
          color: {
            field: 'p',
            type: 'quantitative',
            title: 'P(label 1)',
            scale: { scheme: PROBABILITY_SCHEME, domain: [0, 1], domainMid: 0.5 },
            legend: { gradientLength: 160, values: [0, 0.25, 0.5, 0.75, 1], format: '.2~f' },
          },
        },
      },
      ...(segments.length > 0
        ? [
            {
              data: { values: segments },
              mark: { type: 'rule' as const, color: '#111111', strokeWidth: 1.8, strokeCap: 'round' as const, aria: false },
              encoding: { x: { field: 'x', ...x }, y: { field: 'y', ...y }, x2: { field: 'x2' }, y2: { field: 'y2' } },
            },
          ]
        : []),
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 24, stroke: 'white', strokeWidth: 0.7, opacity: 1, aria: false },
        encoding: { x: { field: 'x1', ...x }, y: { field: 'x2', ...y }, color: labelColor },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  });
}
