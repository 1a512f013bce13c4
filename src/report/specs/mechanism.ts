// The mechanism behind the tutorial's symptom, per activation, from the runs' mechanism telemetry
// (TrainOptions.telemetry, src/train/mechanism.ts): the backpropagated signal per layer over epochs
// on a log scale, the saturated and dead shares per layer over epochs, and the z histograms of the
// first and last hidden layers at the chosen epochs. Mean over seeds. Platform-neutral.
import type { RunResult } from '../../compare/types.js';
import { histogramEdges } from '../../train/mechanism.js';
import { layerName, seriesStats } from './history.js';
import { CONFIG, epochAxis, layerColors, logAxis, PANEL_WIDTH, type Panel, positiveRange, round, vegaLite } from './theme.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/** series[layer][epoch] of every run, averaged over the runs (seeds) per layer and epoch. */
function meanOver(runs: readonly RunResult[], pick: (run: RunResult) => number[][] | undefined): number[][] {
  const all = runs.map(pick).filter((s): s is number[][] => s !== undefined);
  const layers = Math.max(0, ...all.map((s) => s.length));
  return Array.from({ length: layers }, (_, l) => seriesStats(all.map((s) => s[l] ?? [])).mean);
}

/** True when these runs gathered the series the mechanism figures need. */
export function hasMechanism(runs: readonly RunResult[], what: 'signal' | 'saturated' | 'histograms'): boolean {
  return runs.length > 0 && runs.every((r) => r.history.mechanism?.[what] !== undefined);
}

/** Mean |∂L/∂z| per layer and epoch on a log scale: how much of the loss's gradient reaches each layer. */
export function signalSpec(runs: readonly RunResult[]): VegaLiteSpec {
  const activation = runs[0]!.activation;
  const signal = meanOver(runs, (r) => r.history.mechanism?.signal);
  const names = signal.map((_, l) => layerName(l, signal.length));
  const rows = signal.flatMap((series, l) =>
    series.flatMap((value, epoch) => (value > 0 && Number.isFinite(value) ? [{ epoch, layer: names[l]!, value: round(value) }] : [])),
  );
  const range = positiveRange(rows.map((r) => r.value)) ?? [1e-6, 1];
  const axis = logAxis(range[0], range[1]);
  const epochs = Math.max(0, ...signal.map((s) => s.length));
  return vegaLite({
    config: CONFIG,
    title: {
      text: `${activation}: the backpropagated signal per layer`,
      subtitle: [
        'Mean |∂loss/∂z| reaching each layer per epoch (log scale): a vanishing gradient is this signal',
        'shrinking layer by layer on its way back from the output.',
      ],
    },
    width: PANEL_WIDTH * 1.6,
    height: 250,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2.2 },
    encoding: {
      x: epochAxis(epochs),
      y: {
        field: 'value',
        type: 'quantitative',
        title: 'mean |∂loss/∂z| (log scale)',
        scale: { type: 'log', domain: [axis.values[0]!, axis.values.at(-1)!], nice: false },
        axis: { values: axis.values, labelExpr: axis.labelExpr },
      },
      color: { field: 'layer', type: 'nominal', title: 'layer', scale: { domain: names, range: layerColors(names.length) }, sort: names },
    },
  });
}

/** Saturated share (|f′| < 1% of its largest) and dead share (f′ = 0 on every row) per layer and epoch, side by side. */
export function saturationSpec(runs: readonly RunResult[]): VegaLiteSpec {
  const activation = runs[0]!.activation;
  const saturated = meanOver(runs, (r) => r.history.mechanism?.saturated);
  const dead = meanOver(runs, (r) => r.history.mechanism?.dead);
  const names = saturated.map((_, l) => layerName(l, saturated.length));
  const epochs = Math.max(0, ...saturated.map((s) => s.length));
  const panel = (title: string, series: number[][], what: string): Panel => ({
    width: PANEL_WIDTH,
    height: 220,
    title: { text: title, fontSize: 13, anchor: 'middle' as const },
    data: { values: series.flatMap((s, l) => s.map((value, epoch) => ({ epoch, layer: names[l]!, value: round(value) }))) },
    mark: { type: 'line' as const, strokeWidth: 2 },
    encoding: {
      x: epochAxis(epochs),
      y: { field: 'value', type: 'quantitative' as const, title: what, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
      color: {
        field: 'layer',
        type: 'nominal' as const,
        title: 'layer',
        scale: { domain: names, range: layerColors(names.length) },
        sort: names,
      },
    },
  });
  return vegaLite({
    config: CONFIG,
    title: {
      text: `${activation}: saturated and dead units per layer`,
      subtitle: [
        "Left: share of a layer's unit-rows whose slope |f′(z)| is below 1% of the activation's largest; right: share of its",
        'units whose slope is 0 on every row (dead). Measured on the whole data set after each epoch.',
      ],
    },
    hconcat: [panel('Saturated', saturated, 'saturated share'), panel('Dead', dead, 'dead share')],
  });
}

/** z histograms of the first and the last hidden layer at each binned epoch (mean counts over seeds), as shares of the rows. */
export function histogramSpec(runs: readonly RunResult[]): VegaLiteSpec {
  const activation = runs[0]!.activation;
  const edges = histogramEdges();
  const first = runs[0]!.history.mechanism!.histograms!;
  const layerCount = runs[0]!.history.grad.length;
  // The hidden layers: all but the output one (a network without hidden layers shows its output's).
  const shown = layerCount > 1 ? [...new Set([0, layerCount - 2])] : [0];
  const rows: { epoch: string; layer: string; lo: number; hi: number; share: number }[] = [];
  for (const [k, { epoch }] of first.entries()) {
    for (const l of shown) {
      const counts = runs.map((r) => r.history.mechanism!.histograms![k]!.counts[l]!);
      const total = counts.reduce((sum, c) => sum + c.reduce((a, b) => a + b, 0), 0);
      counts[0]!.forEach((_, bin) => {
        const count = counts.reduce((sum, c) => sum + c[bin]!, 0);
        // The outer bins are drawn one bin wide beyond the edges.
        const lo = bin === 0 ? edges[0]! - 0.25 : edges[bin - 1]!;
        const hi = bin === edges.length ? edges.at(-1)! + 0.25 : edges[bin]!;
        if (count > 0) rows.push({ epoch: `epoch ${epoch}`, layer: layerName(l, layerCount), lo, hi, share: round(count / total) });
      });
    }
  }
  return vegaLite({
    config: CONFIG,
    title: {
      text: `${activation}: pre-activations z of the first and last hidden layers`,
      subtitle: ['Share of unit-rows per bin of 1/4 (the outer bars gather everything below −8 and from 8 up), at the epochs asked for.'],
    },
    data: { values: rows },
    facet: {
      row: { field: 'layer', type: 'nominal', title: null },
      column: { field: 'epoch', type: 'nominal', title: null, sort: first.map((h) => `epoch ${h.epoch}`) },
    },
    spec: {
      width: 220,
      height: 120,
      mark: { type: 'rect', color: '#4c78a8' },
      encoding: {
        x: { field: 'lo', type: 'quantitative', title: 'z', scale: { domain: [edges[0]! - 0.25, edges.at(-1)! + 0.25] } },
        x2: { field: 'hi' },
        y: { field: 'share', type: 'quantitative', title: 'share', axis: { format: '.0%' } },
      },
    },
  } as unknown as Parameters<typeof vegaLite>[0]);
}
