// The first layer's gradient over the output layer's per epoch, one line per activation: where the
// vanishing gradient shows. Platform-neutral.
import type { RunResult } from '../../compare/types.js';
import { activationColors } from './activation-colors.js';
import { CONFIG, epochAxis, HEIGHT, logAxis, positiveRange, round, vegaLite, WIDTH } from './theme.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/**
 * First-layer over output-layer mean |∂loss/∂W| per epoch, one line per activation, log scale:
 * 10⁰ = the first layer learns as fast as the output layer; far below = a vanishing gradient.
 * Epochs whose ratio is 0 or not finite are left out (the log scale has no place for them).
 */
export function gradRatioSpec(runs: readonly Pick<RunResult, 'activation' | 'history'>[], epochs: number): VegaLiteSpec {
  const names = runs.map((r) => r.activation);
  const rows: { epoch: number; activation: string; ratio: number }[] = [];
  for (const run of runs) {
    const first = run.history.grad[0] ?? [];
    const output = run.history.grad[run.history.grad.length - 1] ?? [];
    first.forEach((g, e) => {
      const ratio = g / output[e]!;
      if (ratio > 0 && Number.isFinite(ratio)) rows.push({ epoch: e, activation: run.activation, ratio: round(ratio, 5) });
    });
  }
  const range = positiveRange(rows.map((r) => r.ratio)) ?? [1e-3, 1];
  const axis = logAxis(Math.min(range[0], 0.5), Math.max(range[1], 2));
  const domain = [axis.values[0]!, axis.values.at(-1)!];
  return vegaLite({
    config: CONFIG,
    title: { text: 'Gradient reaching the first layer' },
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: [{ y: 1 }] },
        mark: { type: 'rule', color: '#9e9e9e', strokeDash: [2, 3] },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2.2 },
        encoding: {
          x: epochAxis(epochs),
          y: {
            field: 'ratio',
            type: 'quantitative',
            title: 'first / output layer mean |∂loss/∂W| (log)',
            scale: { type: 'log', domain, nice: false },
            axis: { values: axis.values, labelExpr: axis.labelExpr },
          },
          color: {
            field: 'activation',
            type: 'nominal',
            title: 'activation',
            scale: { domain: names, range: activationColors(names) },
            sort: names,
          },
        },
      },
    ],
  });
}
