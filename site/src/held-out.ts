// The validation split on the page's charts. The report's spec builders draw the held-out rows'
// curves (historySpec: dashed) and the table's columns; what the page adds here is where the
// builders have no notion of a split: the decision boundary's points (those trained on filled, as
// before; the held-out ones hollow diamonds in a white halo, so a user sees which points the
// network never saw), a legend entry for the dashed history curves, and the held-out accuracy of
// every activation beside its line in compare mode's overlay. Each takes a spec a builder made
// and changes it in place.
import {
  type BoundaryGrid,
  type BoundaryOptions,
  boundarySpec,
  type Dataset,
  Mt19937,
  type RunResult,
  type Split,
  sampleNote,
  type VegaLiteSpec,
} from '../../src/index.js';
import { type Json, walk } from './spec-walk.js';

/** A run's rows as its Trainer split them: trainer.data (`train`) and trainer.validation. */
export type RunSplit = Split;

/**
 * The names of the boundary's point layers: vega-lite names a layer `n`'s marks `n_marks`
 * (`trained_on_marks`, `held_out_marks`, `held_out_halo_marks`: what window.__actlabMarks reads).
 */
const TRAINED_LAYER = 'trained_on';
const HELD_OUT_LAYER = 'held_out';
const HALO_LAYER = 'held_out_halo';
/** The two kinds of point, as the boundary's legend names them. */
const TRAINED = 'trained on';
const HELD_OUT = 'held out (not trained on)';

/** The overlay's two kinds of line, and their dashes. */
const TRAINED_ROWS = 'training rows';
const HELD_OUT_ROWS = 'held-out rows';
const SOLID = [1, 0];
const DASHED = [5, 3];

/** Most points of each kind one boundary draws: the builder's MAX_POINTS, for the rows trained on. */
const MAX_POINTS = 5000;
const SAMPLE_SEED = 20240229;

/** The rows drawn: all up to `max`, else `max` of them drawn without replacement (Floyd's algorithm, a fixed seed), ascending. */
function shownRows(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const rng = new Mt19937(SAMPLE_SEED);
  const chosen = new Set<number>();
  for (let j = n - max; j < n; j++) {
    const t = rng.randomInterval(j);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The first two features and the class of the drawn rows of `data`. */
function pointRows(data: Dataset): { x1: number; x2: number; label: string; set: string }[] {
  const rows: { x1: number; x2: number; label: string; set: string }[] = [];
  const stride = data.nFeatures;
  for (const i of shownRows(data.nSamples, MAX_POINTS)) {
    rows.push({
      x1: data.X[i * stride]!,
      x2: stride > 1 ? data.X[i * stride + 1]! : 0,
      label: `label ${data.y[i]}`,
      set: HELD_OUT,
    });
  }
  return rows;
}

/** What a boundary's caption says of its points when it shows a sample ('' when every point is drawn). */
export function pointsNote(data: Dataset, split: RunSplit | undefined): string {
  if (!split) return sampleNote(data.nSamples);
  const shown = Math.min(split.train.nSamples, MAX_POINTS) + Math.min(split.validation.nSamples, MAX_POINTS);
  return sampleNote(data.nSamples, shown);
}

/**
 * The decision boundary of a run (boundarySpec). With a split, the builder draws only the rows
 * trained on (filled, as without one) and the held-out rows go on top as hollow diamonds in their
 * class's colour, each on a white halo (the heatmap behind a point is its own class's colour
 * where the network is right); a legend tells the two apart.
 */
export function boundaryWithSplit(grid: BoundaryGrid, data: Dataset, split: RunSplit | undefined, options: BoundaryOptions): VegaLiteSpec {
  if (!split) return boundarySpec(grid, data, options);
  const spec = boundarySpec(grid, split.train, options) as unknown as Json;
  const layers = spec.layer as Json[];
  const points = layers.filter((layer) => (layer.mark as Json | undefined)?.type === 'point').at(-1);
  if (!points) throw new Error('boundarySpec has no point layer');
  const encoding = points.encoding as Json;
  const shape = {
    field: 'set',
    type: 'nominal',
    title: null,
    scale: { domain: [TRAINED, HELD_OUT], range: ['circle', 'diamond'] },
    legend: {
      orient: 'bottom',
      direction: 'horizontal',
      symbolSize: 60,
      // The legend's symbols as the points: filled for the rows trained on, hollow for the others.
      encoding: {
        symbols: {
          fill: { value: { expr: `datum.value === '${HELD_OUT}' ? 'transparent' : '#444444'` } },
          stroke: { value: '#444444' },
          strokeWidth: { value: 1.4 },
        },
      },
    },
  };
  points.name = TRAINED_LAYER;
  points.transform = [...((points.transform as Json[] | undefined) ?? []), { calculate: `'${TRAINED}'`, as: 'set' }];
  encoding.shape = shape;
  const rows = pointRows(split.validation);
  const at = { x: { ...(encoding.x as Json), field: 'x1' }, y: { ...(encoding.y as Json), field: 'x2' } };
  layers.push(
    {
      name: HALO_LAYER,
      data: { values: rows },
      mark: { type: 'point', shape: 'diamond', filled: false, size: 46, stroke: 'white', strokeWidth: 3.4, opacity: 0.95, aria: false },
      encoding: at,
    },
    {
      name: HELD_OUT_LAYER,
      data: { values: rows },
      mark: { type: 'point', filled: false, size: 46, strokeWidth: 1.6, opacity: 1, aria: false },
      encoding: { ...at, color: { ...(encoding.color as Json), legend: null }, shape },
    },
  );
  return spec as unknown as VegaLiteSpec;
}

/**
 * historySpec's loss-and-accuracy legend with the validation curves' dashes: the builder keeps
 * the dash out of its colour legend, so "validation BCE" would show the same swatch as "BCE loss".
 * Here the colour legend draws the entries of the held-out rows' curves dashed, as their lines
 * are. Does nothing to a run without validation curves.
 */
export function dashedValidationLegend(spec: VegaLiteSpec): VegaLiteSpec {
  walk(spec, (obj) => {
    const encoding = obj.encoding as Json | undefined;
    const dash = encoding?.strokeDash as Json | undefined;
    const color = encoding?.color as Json | undefined;
    if (!dash || !color || dash.field !== 'metric' || color.field !== 'metric' || !color.legend) return;
    // Each entry's symbol takes its metric's dash from the dash scale (solid [1, 0], dashed [6, 3]).
    const scale = dash.scale as { domain: string[]; range: number[][] };
    const dashes = Object.fromEntries(scale.domain.map((metric, i) => [metric, scale.range[i] ?? [1, 0]]));
    color.legend = {
      ...(color.legend as Json),
      symbolType: 'stroke',
      symbolSize: 260,
      encoding: { symbols: { strokeDash: { value: { expr: `${JSON.stringify(dashes)}[datum.value] || [1, 0]` } } } },
    };
  });
  return spec;
}

/**
 * compare mode's accuracy overlay (accuracyOverlaySpec) with every run's held-out accuracy as a
 * thinner dashed line in its activation's colour; a second legend tells "training rows" (solid)
 * from "held-out rows" (dashed). Does nothing when no run has validation curves.
 */
export function overlayWithValidation(spec: VegaLiteSpec, runs: readonly RunResult[]): VegaLiteSpec {
  const held = runs.filter((r) => r.history.valAccuracy && r.history.valAccuracy.length > 0);
  if (held.length === 0) return spec;
  const layers = (spec as unknown as Json).layer as Json[];
  const lines = layers.find((layer) => (layer.mark as Json | undefined)?.type === 'line');
  if (!lines) return spec;
  const encoding = lines.encoding as Json;
  const rows = held.flatMap((r) =>
    r.history.valAccuracy!.map((accuracy, epoch) => ({ epoch, activation: r.activation, accuracy, rows: HELD_OUT_ROWS })),
  );
  const dash = {
    field: 'rows',
    type: 'nominal',
    title: null,
    scale: { domain: [TRAINED_ROWS, HELD_OUT_ROWS], range: [SOLID, DASHED] },
    legend: { orient: 'bottom', direction: 'horizontal', symbolStrokeColor: '#555555', symbolType: 'stroke', symbolSize: 260 },
  };
  lines.transform = [...((lines.transform as Json[] | undefined) ?? []), { calculate: `'${TRAINED_ROWS}'`, as: 'rows' }];
  lines.encoding = { ...encoding, strokeDash: dash };
  const heldOut = {
    name: 'held_out_accuracy',
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.6, opacity: 0.9 },
    encoding: { ...encoding, x: { ...(encoding.x as Json) }, strokeDash: dash },
  };
  // The two kinds of line in a layer of their own, whose dash scale and legend are apart from the
  // guides' rules (dashed without a scale or a legend).
  layers.splice(layers.indexOf(lines), 1, { layer: [lines, heldOut] });
  const top = spec as unknown as Json;
  const resolve = (top.resolve ?? {}) as { scale?: Json; legend?: Json };
  top.resolve = {
    ...resolve,
    scale: { ...resolve.scale, strokeDash: 'independent' },
    legend: { ...resolve.legend, strokeDash: 'independent' },
  };
  return spec;
}
