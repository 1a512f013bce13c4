// A heat map: one value per (x, y) pair of two categorical axes, as coloured cells with the value
// written in each; cells without a value are grey with their note. The sweep's figure of final
// accuracy across two of its axes. Platform-neutral.
import { CONFIG, type PositionDef, round, vegaLite } from './theme.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

export interface HeatmapCell {
  x: string;
  y: string;
  /** The cell's value, or null for none (every run diverged, or none has run): drawn grey. */
  value: number | null;
  /** What the cell says: the value formatted, or why there is none. */
  text: string;
}

export interface HeatmapOptions {
  title: string;
  subtitle?: string | string[];
  xTitle: string;
  yTitle: string;
  /** The colour legend's title. */
  valueTitle: string;
  /** Each axis's values in the order to draw them (x left to right, y top to bottom). */
  xOrder: readonly string[];
  yOrder: readonly string[];
  /** The colour scale's range of values; values outside it take its end colours. */
  domain: readonly [number, number];
  /** d3-format of the legend's labels, e.g. '.0%'. */
  legendFormat?: string;
}

/** Sequential and perceptually even, light at the top: the higher the value, the lighter the cell. */
const SCHEME = 'viridis';
const CELL_WIDTH = 72;
const CELL_HEIGHT = 34;
const MISSING = '#d9d9d9';

/** The spec: cells in the given orders, text dark on light cells and white on dark ones. */
export function heatmapSpec(cells: readonly HeatmapCell[], options: HeatmapOptions): VegaLiteSpec {
  const values = cells.map((c) => ({ x: c.x, y: c.y, value: c.value === null ? null : round(c.value, 6), text: c.text }));
  const [lo, hi] = options.domain;
  const mid = (lo + hi) / 2;
  const longX = options.xOrder.some((label) => label.length > 8);
  const x: PositionDef = {
    field: 'x',
    type: 'ordinal',
    title: options.xTitle,
    sort: [...options.xOrder],
    scale: { domain: [...options.xOrder] },
    axis: { labelAngle: longX ? -30 : 0, labelLimit: 220, ticks: false, domain: false },
  };
  const y: PositionDef = {
    field: 'y',
    type: 'ordinal',
    title: options.yTitle,
    sort: [...options.yOrder],
    scale: { domain: [...options.yOrder] },
    axis: { labelLimit: 260, ticks: false, domain: false },
  };
  return vegaLite({
    config: { ...CONFIG, view: { stroke: null } },
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: { step: CELL_WIDTH },
    height: { step: CELL_HEIGHT },
    data: { values },
    encoding: { x, y },
    layer: [
      {
        transform: [{ filter: 'datum.value === null' }],
        mark: { type: 'rect', color: MISSING, stroke: 'white', strokeWidth: 1.5 },
      },
      {
        transform: [{ filter: 'datum.value !== null' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1.5 },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: options.valueTitle,
            scale: { scheme: SCHEME, domain: [lo, hi], clamp: true },
            legend: { format: options.legendFormat ?? '.2~f', gradientLength: Math.max(120, CELL_HEIGHT * options.yOrder.length) },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'text', type: 'nominal' },
          color: {
            condition: { test: `datum.value !== null && datum.value < ${mid}`, value: 'white' },
            value: '#1a1a1a',
          },
        },
      },
    ],
  });
}
