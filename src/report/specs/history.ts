// The tutorial's training figure: loss and accuracy per epoch (left) and each layer's mean
// |weight gradient| per epoch on a log scale (right). Platform-neutral.
import type { RunResult } from '../../compare/types.js';
import {
  CONFIG,
  type ColorDef,
  epochAxis,
  type LayerItem,
  layerColors,
  logAxis,
  PANEL_WIDTH,
  type Panel,
  type PositionDef,
  positiveRange,
  round,
  vegaLite,
} from './theme.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/** Mean and spread over seeds of one series, per epoch. */
export interface SeriesStats {
  mean: number[];
  min: number[];
  max: number[];
}

/** The histories of several runs (seeds) reduced to mean/min/max per epoch. */
export interface MeanHistory {
  runs: number;
  bce: SeriesStats;
  accuracy: SeriesStats;
  /** grad[layer]. */
  grad: SeriesStats[];
  /** On the validation rows, when every run has them. */
  valBce?: SeriesStats;
  valAccuracy?: SeriesStats;
}

/** Per-epoch mean, min and max over `series`; epoch e averages the series that have one. */
export function seriesStats(series: readonly (readonly number[])[]): SeriesStats {
  const epochs = Math.max(0, ...series.map((s) => s.length));
  const out: SeriesStats = { mean: [], min: [], max: [] };
  for (let e = 0; e < epochs; e++) {
    let sum = 0;
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const s of series) {
      if (e >= s.length) continue;
      const v = s[e]!;
      sum += v;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out.mean.push(sum / n);
    out.min.push(min);
    out.max.push(max);
  }
  return out;
}

/** Mean over the runs (seeds) of every recorded series. */
export function meanHistory(runs: readonly RunResult[]): MeanHistory {
  const layers = Math.max(0, ...runs.map((r) => r.history.grad.length));
  const held = runs.length > 0 && runs.every((r) => r.history.valBce && r.history.valAccuracy);
  return {
    runs: runs.length,
    bce: seriesStats(runs.map((r) => r.history.bce)),
    accuracy: seriesStats(runs.map((r) => r.history.accuracy)),
    grad: Array.from({ length: layers }, (_, l) => seriesStats(runs.map((r) => r.history.grad[l] ?? []))),
    ...(held
      ? { valBce: seriesStats(runs.map((r) => r.history.valBce!)), valAccuracy: seriesStats(runs.map((r) => r.history.valAccuracy!)) }
      : {}),
  };
}

/** "layer 0 (first)", "layer 1", …, "layer L (output)". */
export function layerName(layer: number, count: number): string {
  if (count > 1 && layer === 0) return 'layer 0 (first)';
  if (layer === count - 1) return `layer ${layer} (output)`;
  return `layer ${layer}`;
}

const SOLID = [1, 0];
const DASHED = [6, 3];
const LOSS = 'BCE loss';
const ACCURACY = 'accuracy';
const VAL_LOSS = 'validation BCE';
const VAL_ACCURACY = 'validation accuracy';

/**
 * Two panels for one activation: BCE and accuracy against epoch, on their own y axes (loss left,
 * accuracy right); and the mean |∂loss/∂W| of every layer against epoch on a log scale. With
 * several runs (seeds) the lines are the mean over seeds and a light band spans min…max.
 */
export function historySpec(run: RunResult | RunResult[]): VegaLiteSpec {
  const runs = Array.isArray(run) ? run : [run];
  if (runs.length === 0) throw new RangeError('historySpec needs at least one run');
  const activation = runs[0]!.activation;
  const h = meanHistory(runs);
  const several = runs.length > 1;
  const epochs = h.bce.mean.length;

  const metricRows: { epoch: number; metric: string; value: number; lo: number; hi: number }[] = [];
  const pushSeries = (metric: string, s: SeriesStats) => {
    for (let e = 0; e < s.mean.length; e++) {
      metricRows.push({ epoch: e, metric, value: round(s.mean[e]!), lo: round(s.min[e]!), hi: round(s.max[e]!) });
    }
  };
  pushSeries(LOSS, h.bce);
  pushSeries(ACCURACY, h.accuracy);
  // The held-out rows' curves, dashed, on the same axes as the training ones.
  if (h.valBce && h.valAccuracy) {
    pushSeries(VAL_LOSS, h.valBce);
    pushSeries(VAL_ACCURACY, h.valAccuracy);
  }
  const held = h.valBce !== undefined;
  const layerCount = h.grad.length;
  const layerNames = h.grad.map((_, l) => layerName(l, layerCount));
  const gradRows: { epoch: number; layer: string; value: number; lo: number; hi: number }[] = [];
  h.grad.forEach((s, l) => {
    for (let e = 0; e < s.mean.length; e++) {
      // A log scale cannot show 0 (a layer whose units are all dead): those epochs are left out.
      const value = s.mean[e]!;
      if (!(value > 0 && Number.isFinite(value))) continue;
      const lo = s.min[e]! > 0 ? s.min[e]! : value;
      gradRows.push({ epoch: e, layer: layerNames[l]!, value: round(value), lo: round(lo), hi: round(s.max[e]!) });
    }
  });
  const range = positiveRange(gradRows.flatMap((r) => (several ? [r.lo, r.hi] : [r.value]))) ?? [1e-3, 1];
  const gradAxis = logAxis(range[0], range[1]);
  const gradDomain = [gradAxis.values[0]!, gradAxis.values.at(-1)!];

  const maxBce = Math.max(
    0,
    ...(several ? h.bce.max : h.bce.mean).filter(Number.isFinite),
    ...(h.valBce ? (several ? h.valBce.max : h.valBce.mean).filter(Number.isFinite) : []),
  );
  const epochX = epochAxis(epochs);
  const metricColor: ColorDef & { field: string } = {
    field: 'metric',
    type: 'nominal',
    title: null,
    scale: held
      ? { domain: [LOSS, ACCURACY, VAL_LOSS, VAL_ACCURACY], range: ['#c2410c', '#1d4ed8', '#c2410c', '#1d4ed8'] }
      : { domain: [LOSS, ACCURACY], range: ['#c2410c', '#1d4ed8'] },
    legend: { orient: 'bottom', direction: 'horizontal' },
  };
  // The mean line of each series and, with several seeds, its min–max band. The band is coloured
  // through a copy of the field: vega-lite merges the legends of one field across channels, and a
  // band's legend: null would then hide the lines' legend.
  const meanWithBand = (color: ColorDef & { field: string }, y: PositionDef, opacity: number) => [
    ...(several
      ? [
          {
            transform: [{ calculate: `datum.${color.field}`, as: 'band' }],
            mark: { type: 'area' as const, opacity },
            encoding: { x: epochX, y: { field: 'lo', ...y }, y2: { field: 'hi' }, fill: { ...color, field: 'band', legend: null } },
          },
        ]
      : []),
    {
      mark: { type: 'line' as const, strokeWidth: 2.2 },
      encoding: {
        x: epochX,
        y: { field: 'value', ...y },
        color,
        ...(held && color.field === 'metric'
          ? {
              strokeDash: {
                field: 'metric',
                type: 'nominal' as const,
                scale: { domain: [LOSS, ACCURACY, VAL_LOSS, VAL_ACCURACY], range: [SOLID, SOLID, DASHED, DASHED] },
                legend: null,
              },
            }
          : {}),
      },
    },
  ];
  // A metric and its validation twin share one y scale (the layers' scales are independent).
  const metricLayer = (metrics: string[], y: PositionDef): LayerItem => ({
    transform: [{ filter: { field: 'metric', oneOf: metrics } }],
    layer: meanWithBand(metricColor, y, 0.15),
  });
  const left: Panel = {
    width: PANEL_WIDTH,
    height: 250,
    title: { text: 'Loss and accuracy', fontSize: 13, anchor: 'middle' as const },
    data: { values: metricRows },
    layer: [
      metricLayer([LOSS, VAL_LOSS], {
        type: 'quantitative',
        title: 'BCE loss (lower is better)',
        scale: { domain: [0, maxBce > 0 ? round(maxBce * 1.05, 3) : 1], nice: false },
        axis: { orient: 'left', titleColor: '#c2410c', format: '.2f' },
      }),
      metricLayer([ACCURACY, VAL_ACCURACY], {
        type: 'quantitative',
        title: 'accuracy (share classified right)',
        scale: { domain: [0, 1] },
        axis: { orient: 'right', titleColor: '#1d4ed8', format: '.0%', grid: false },
      }),
    ],
    resolve: { scale: { y: 'independent' } },
  };

  const layerColor: ColorDef & { field: string } = {
    field: 'layer',
    type: 'nominal',
    title: 'layer',
    scale: { domain: layerNames, range: layerColors(layerCount) },
    sort: layerNames,
    legend: { orient: 'right' },
  };
  const gradY: PositionDef = {
    type: 'quantitative',
    title: 'mean |∂loss/∂W| (log scale)',
    scale: { type: 'log', domain: gradDomain, nice: false },
    axis: { values: gradAxis.values, labelExpr: gradAxis.labelExpr },
  };
  const right: Panel = {
    width: PANEL_WIDTH,
    height: 250,
    title: { text: 'Weight gradient per layer', fontSize: 13, anchor: 'middle' as const },
    data: { values: gradRows },
    layer: meanWithBand(layerColor, gradY, 0.12),
  };

  const seeds =
    (several ? `mean of ${runs.length} seeds (band: min–max)` : `seed ${runs[0]!.seed}`) +
    (held ? '; dashed: on the held-out validation rows' : '');
  return vegaLite({
    config: CONFIG,
    title: {
      text: `${activation}: training over ${epochs} epochs`,
      subtitle: [
        `${seeds}. Right: when the first layer's line sits orders of magnitude below the output`,
        "layer's, the gradient is vanishing and the early layers barely learn.",
      ],
    },
    hconcat: [left, right],
    resolve: { scale: { color: 'independent', fill: 'independent' } },
  });
}
