// The look every report figure shares: fonts, colours per class and per layer, axis styling, log
// axes (activation colours: activation-colors.ts). Platform-neutral: pure data, no Node or vega runtime.
import type { Config, TopLevelSpec } from 'vega-lite';
import { powerOfTen } from '../format.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/** One panel of an hconcat figure. */
export type Panel = Extract<TopLevelSpec, { hconcat: unknown }>['hconcat'][number];
/** One layer of a layered panel. */
export type LayerItem = Extract<Panel, { layer: unknown }>['layer'][number];
type Encoding = NonNullable<Extract<Panel, { mark: unknown }>['encoding']>;
/** An x or y encoding. */
export type PositionDef = NonNullable<Encoding['x']>;
/** A colour encoding. */
export type ColorDef = NonNullable<Encoding['color']>;

/**
 * Font stack for every text mark. Browsers take the first they have; resvg (PNG export) walks the
 * list too and ends on DejaVu Sans / the generic family, which src/report/render.ts maps to a
 * font that exists on the machine.
 */
export const FONT = 'Helvetica Neue, Helvetica, Arial, DejaVu Sans, Liberation Sans, sans-serif';

/** Width of a single-panel chart's plot area, px (the whole figure adds axes and legend). */
export const WIDTH = 420;
/** Width of one panel in a two-panel figure, px. */
export const PANEL_WIDTH = 330;
export const HEIGHT = 260;

/** Shared vega-lite config: white background, quiet grid, readable sizes. */
export const CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 12,
  view: { stroke: '#d9d9d9', strokeWidth: 1 },
  title: {
    fontSize: 15,
    fontWeight: 600,
    color: '#1a1a1a',
    subtitleFontSize: 12,
    subtitleColor: '#555555',
    anchor: 'start',
    offset: 12,
  },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 500,
    titleColor: '#333333',
    labelColor: '#444444',
    gridColor: '#ececec',
    domainColor: '#888888',
    tickColor: '#888888',
    titlePadding: 8,
  },
  // Keep the end labels inside the plot, so panel titles of a figure line up.
  axisY: { labelFlush: true },
  legend: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 500,
    titleColor: '#333333',
    labelColor: '#333333',
    symbolStrokeWidth: 2.5,
    labelLimit: 280,
    rowPadding: 4,
  },
  header: { labelFontSize: 13, titleFontSize: 13 },
  line: { strokeCap: 'round', strokeJoin: 'round' },
  concat: { spacing: 48 },
};

/** Class colours (label 0, label 1): the two ends of the boundary figure's diverging scale, darker. */
export const LABEL_COLORS = ['#1f5fa8', '#c0510a'] as const;
/** The boundary heatmap's diverging scheme (blue → white at 0.5 → orange), matching LABEL_COLORS. */
export const PROBABILITY_SCHEME = 'blueorange';

/** Colours for layers first → output: a perceptually ordered ramp, dark blue to yellow-orange. */
export function layerColors(count: number): string[] {
  const ramp = ['#2b1b7a', '#3b4fb0', '#2a8bb8', '#2fb28c', '#7ccb52', '#d8c62c', '#f59b1f', '#e8532b'];
  if (count <= 1) return [ramp[0]!];
  return Array.from({ length: count }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (count - 1))]!);
}

/** The x axis of every per-epoch chart: epochs 0 … epochs-1, whole-number ticks. */
export function epochAxis(epochs: number): PositionDef {
  return {
    field: 'epoch',
    type: 'quantitative',
    title: 'epoch',
    scale: { domain: [0, Math.max(1, epochs - 1)], nice: false },
    axis: { tickMinStep: 1 },
  };
}

/**
 * Axis settings for a log scale covering [min, max]: ticks and grid lines at the powers of ten
 * only (every other one when the range is wide), labelled 10⁻³ etc.
 */
export function logAxis(min: number, max: number): { values: number[]; labelExpr: string } {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const step = hi - lo > 8 ? 2 : 1;
  const exponents: number[] = [];
  for (let e = lo; e <= hi; e += step) exponents.push(e);
  // Vega expression: look the label up by exponent (array literal, offset by the lowest one).
  const labels = exponents.map((e) => JSON.stringify(powerOfTen(e)));
  const index = `round(log(datum.value) / LN10) - (${lo})`;
  const lookup = step === 1 ? index : `(${index}) / ${step}`;
  return { values: exponents.map((e) => Number(`1e${e}`)), labelExpr: `[${labels.join(', ')}][${lookup}]` };
}

/** Smallest and largest finite positive value, or undefined when there is none. */
export function positiveRange(values: Iterable<number>): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v > 0 && Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : undefined;
}

/** Rounds to `digits` significant digits, to keep inline data (and the SVGs) small. */
export function round(value: number, digits = 6): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value;
}

/** `spec`, type-checked against vega-lite here and handed out as plain JSON (see VegaLiteSpec). */
export function vegaLite(spec: TopLevelSpec): VegaLiteSpec {
  return spec as unknown as VegaLiteSpec;
}
