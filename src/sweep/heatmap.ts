// The sweep's figure: final accuracy across two of its axes, each cell the mean over every run with
// those two values (its seeds, and the cells of the other axes), diverged runs left out.
// Platform-neutral: the spec builder is src/report/specs/heatmap.ts.
import { finalAccuracyOf } from '../compare/summary.js';
import type { HeatmapCell } from '../report/specs/heatmap.js';
import { heatmapSpec } from '../report/specs/heatmap.js';
import type { VegaLiteSpec } from '../report/specs/vega-lite-spec.js';
import type { History } from '../train/train.js';
import { SWEEP_AXES, type SweepAxis, type SweepPlan } from './config.js';
import type { SweepJob } from './jobs.js';

/** What each cell of the heat map is the mean of. */
export interface HeatmapValue extends HeatmapCell {
  /** Runs averaged, and runs of the pair that diverged or have no result yet. */
  runs: number;
  diverged: number;
  missing: number;
}

const AXIS_TITLES: Readonly<Record<SweepAxis, string>> = {
  activation: 'activation',
  init: 'initialiser',
  optimizer: 'optimizer',
  lr: 'learning rate',
  depth: 'depth (hidden layers)',
  width: 'width (units per hidden layer)',
};

/** Mean final accuracy per (x, y) value pair, in the axes' order (y outer). */
export function heatmapValues(
  plan: Pick<SweepPlan, 'axes'>,
  jobs: readonly SweepJob[],
  histories: ReadonlyMap<string, Pick<History, 'accuracy' | 'diverged'>>,
  axes: { x: SweepAxis; y: SweepAxis },
): HeatmapValue[] {
  const xs = plan.axes[axes.x].map(String);
  const ys = plan.axes[axes.y].map(String);
  const cells: HeatmapValue[] = [];
  for (const y of ys) {
    for (const x of xs) {
      const mine = jobs.filter((job) => String(job.cell[axes.x]) === x && String(job.cell[axes.y]) === y);
      const found = mine.map((job) => histories.get(job.key)).filter((h) => h !== undefined);
      const kept = found.map(finalAccuracyOf).filter((a) => a !== null);
      const value = kept.length > 0 ? kept.reduce((sum, a) => sum + a, 0) / kept.length : null;
      const text = value !== null ? `${(100 * value).toFixed(1)}%` : found.length > 0 ? 'diverged' : mine.length > 0 ? 'not run' : 'none';
      cells.push({ x, y, value, text, runs: kept.length, diverged: found.length - kept.length, missing: mine.length - found.length });
    }
  }
  return cells;
}

/** The heat map of a sweep's final accuracy across `axes` (default the plan's choice). */
export function sweepHeatmapSpec(
  plan: Pick<SweepPlan, 'axes' | 'heatmap' | 'seeds' | 'dataset' | 'epochs' | 'name'>,
  jobs: readonly SweepJob[],
  histories: ReadonlyMap<string, Pick<History, 'accuracy' | 'diverged'>>,
  axes: { x: SweepAxis; y: SweepAxis } = plan.heatmap,
): VegaLiteSpec {
  const cells = heatmapValues(plan, jobs, histories, axes);
  const others = SWEEP_AXES.filter((a) => a !== axes.x && a !== axes.y && plan.axes[a].length > 1);
  const finite = cells.map((c) => c.value).filter((v): v is number => v !== null);
  // Chance is 50% on the balanced sets; a worse cell still gets the end colour, and its number says how much worse.
  const low = Math.min(0.5, Math.floor(10 * Math.min(1, ...finite)) / 10);
  const averaged = [
    plan.seeds > 1 ? `${plan.seeds} seeds` : 'one seed',
    ...others.map((a) => `${plan.axes[a].length} values of ${AXIS_TITLES[a]}`),
  ].join(' and ');
  const diverged = cells.reduce((n, c) => n + c.diverged, 0);
  const missing = cells.reduce((n, c) => n + c.missing, 0);
  return heatmapSpec(cells, {
    title: `${plan.name ? `${plan.name}: f` : 'F'}inal accuracy by ${AXIS_TITLES[axes.y]} and ${AXIS_TITLES[axes.x]}`,
    subtitle: [
      `Each cell: the mean over ${averaged}.`,
      `${plan.dataset.name}, ${plan.dataset.samples} samples, ${plan.epochs} epochs.`,
      ...(diverged > 0 ? [`${diverged} diverged run${diverged === 1 ? ' is' : 's are'} left out of the means.`] : []),
      ...(missing > 0 ? [`${missing} run${missing === 1 ? ' has' : 's have'} no result yet.`] : []),
    ],
    xTitle: AXIS_TITLES[axes.x],
    yTitle: AXIS_TITLES[axes.y],
    valueTitle: 'final accuracy',
    xOrder: plan.axes[axes.x].map(String),
    yOrder: plan.axes[axes.y].map(String),
    domain: [low, 1],
    legendFormat: '.0%',
  });
}
