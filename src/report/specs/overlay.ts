// Every activation's accuracy (mean over seeds) against epoch on one plot. Platform-neutral.
import type { StudyResult } from '../../compare/types.js';
import { activationColors } from './activation-colors.js';
import { seriesStats } from './history.js';
import { CONFIG, epochAxis, HEIGHT, round, vegaLite, WIDTH } from './theme.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/** Accuracy over the whole data set that the summary counts as "learnt". */
const TARGET = 0.9;

/** One line per activation, in the study's order; a dashed rule marks 90% and a dotted one chance. */
export function accuracyOverlaySpec(result: StudyResult): VegaLiteSpec {
  const listed = result.config.activations;
  // Every activation with runs: the study's order first, then any others the runs hold.
  const names = [...new Set([...listed, ...result.runs.map((r) => r.activation)])].filter((name) =>
    result.runs.some((r) => r.activation === name),
  );
  const rows: { epoch: number; activation: string; accuracy: number }[] = [];
  let epochs = 0;
  for (const name of names) {
    const mean = seriesStats(result.runs.filter((r) => r.activation === name).map((r) => r.history.accuracy)).mean;
    epochs = Math.max(epochs, mean.length);
    mean.forEach((a, epoch) => {
      rows.push({ epoch, activation: name, accuracy: round(a, 5) });
    });
  }
  let ones = 0;
  for (let i = 0; i < result.data.nSamples; i++) ones += result.data.y[i]!;
  const chance = result.data.nSamples > 0 ? Math.max(ones, result.data.nSamples - ones) / result.data.nSamples : 0.5;
  const seeds = result.config.seeds;
  // Labels where the lines are least likely to be: "90%" above its rule at the left (every line
  // starts near chance), "chance" below its rule at the right (by then most lines have left it).
  const last = Math.max(1, epochs - 1);
  const guides = [
    { value: TARGET, label: '90%', dash: [6, 4], at: 0, align: 'left', baseline: 'bottom', dy: -3 },
    { value: round(chance, 4), label: 'chance', dash: [2, 3], at: last, align: 'right', baseline: 'top', dy: 3 },
  ];
  return vegaLite({
    config: CONFIG,
    title: {
      text: 'Accuracy per epoch, every activation',
      subtitle: `${seeds > 1 ? `Mean over ${seeds} seeds` : 'One seed'}; ${result.data.name}. Higher and earlier is better.`,
    },
    width: WIDTH,
    height: HEIGHT + 20,
    layer: [
      {
        data: { values: guides },
        layer: [
          {
            mark: { type: 'rule', color: '#9e9e9e', strokeWidth: 1 },
            encoding: {
              y: { field: 'value', type: 'quantitative' },
              strokeDash: { field: 'dash', type: 'nominal', scale: null, legend: null },
            },
          },
          ...guides.map((g) => ({
            transform: [{ filter: { field: 'label', equal: g.label } }],
            mark: {
              type: 'text' as const,
              align: g.align as 'left' | 'right',
              baseline: g.baseline as 'top' | 'bottom',
              dx: g.align === 'left' ? 3 : -3,
              dy: g.dy,
              color: '#666666',
              fontSize: 11,
            },
            encoding: {
              y: { field: 'value', type: 'quantitative' as const },
              x: { datum: g.at, type: 'quantitative' as const },
              text: { field: 'label' },
            },
          })),
        ],
      },
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2.2 },
        encoding: {
          x: epochAxis(epochs),
          y: {
            field: 'accuracy',
            type: 'quantitative',
            title: 'accuracy (share classified right)',
            scale: { domain: [0, 1] },
            axis: { format: '.0%' },
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
