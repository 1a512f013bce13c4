// One row per grid cell: its settings and, over its seeds, the mean ± 95% CI of the final accuracy
// and of the first epoch at 90% accuracy. Platform-neutral.

import { stat } from '../compare/stats.js';
import { epochTo90, finalAccuracyOf } from '../compare/summary.js';
import type { Stat } from '../compare/types.js';
import { alignedTable } from '../io/aligned-table.js';
import type { History } from '../train/train.js';
import { type CellSettings, SWEEP_AXES, type SweepAxis } from './config.js';
import type { SweepJob } from './jobs.js';

export interface CellSummary {
  cellKey: string;
  settings: CellSettings;
  /** Seeds the plan has for the cell, and how many of them have a result. */
  seeds: number;
  runs: number;
  /** Final accuracy over the runs that did not diverge; null when none is left. */
  finalAccuracy: Stat | null;
  /** First epoch (0-based, as compare's table) at which each run reached 90% accuracy, over the runs that did. */
  epochsTo90: Stat | null;
  /** Runs that reached 90% at some epoch. */
  reached90: number;
  /** Runs whose weights, outputs or loss became NaN or ±Infinity. */
  diverged: number;
}

export { epochTo90 } from '../compare/summary.js';

/** One summary per cell of `jobs` (in plan order), over the histories found for its runs. */
export function summarizeSweep(
  jobs: readonly SweepJob[],
  histories: ReadonlyMap<string, Pick<History, 'accuracy' | 'diverged'>>,
): CellSummary[] {
  const cells = new Map<string, { settings: CellSettings; seeds: number; found: Pick<History, 'accuracy' | 'diverged'>[] }>();
  for (const job of jobs) {
    const cell = cells.get(job.cellKey) ?? { settings: job.cell, seeds: 0, found: [] };
    cell.seeds++;
    const history = histories.get(job.key);
    if (history) cell.found.push(history);
    cells.set(job.cellKey, cell);
  }
  return [...cells].map(([cellKey, { settings, seeds, found }]) => {
    const kept = found.filter((h) => finalAccuracyOf(h) !== null);
    const reached = kept.map(epochTo90).filter((e): e is number => e !== null);
    return {
      cellKey,
      settings,
      seeds,
      runs: found.length,
      finalAccuracy: kept.length > 0 ? stat(kept.map((h) => finalAccuracyOf(h)!)) : null,
      epochsTo90: reached.length > 0 ? stat(reached) : null,
      reached90: reached.length,
      diverged: found.length - kept.length,
    };
  });
}

const AXIS_TITLES: Readonly<Record<SweepAxis, string>> = {
  activation: 'activation',
  init: 'init',
  optimizer: 'optimizer',
  lr: 'lr',
  depth: 'depth',
  width: 'width',
};

/** "97.3% ± 1.2" (points), or "97.3%" for one seed. */
function accuracyText(s: Stat | null): string {
  if (!s) return '—';
  return s.values.length > 1 ? `${(100 * s.mean).toFixed(1)}% ± ${(100 * s.ci95).toFixed(1)}` : `${(100 * s.mean).toFixed(1)}%`;
}

function epochsText(summary: CellSummary): string {
  const of = summary.runs - summary.diverged;
  if (!summary.epochsTo90) return of > 0 ? `never (0/${of})` : '—';
  const s = summary.epochsTo90;
  const value = s.values.length > 1 ? `${s.mean.toFixed(1)} ± ${s.ci95.toFixed(1)}` : String(s.mean);
  return summary.reached90 < of ? `${value} (${summary.reached90}/${of})` : value;
}

/**
 * The table as aligned plain text: a line with the settings every cell shares, then one row per
 * cell with the axes that vary, the accuracy, the epochs to 90% and, when some are missing or
 * diverged, how many runs it is over.
 */
export function sweepTable(summaries: readonly CellSummary[]): string {
  const varying = SWEEP_AXES.filter((axis) => new Set(summaries.map((s) => String(s.settings[axis]))).size > 1);
  const fixed = SWEEP_AXES.filter((axis) => !varying.includes(axis));
  const partial = summaries.some((s) => s.runs < s.seeds || s.diverged > 0);
  const seeds = Math.max(0, ...summaries.map((s) => s.seeds));
  const header = [
    ...varying.map((axis) => AXIS_TITLES[axis]),
    seeds > 1 ? 'final accuracy (± 95% CI)' : 'final accuracy',
    '≥90% at epoch',
    ...(partial ? ['runs'] : []),
  ];
  const rows = summaries.map((s) => [
    ...varying.map((axis) => String(s.settings[axis])),
    accuracyText(s.finalAccuracy),
    epochsText(s),
    ...(partial ? [`${s.runs}/${s.seeds}${s.diverged > 0 ? `, ${s.diverged} diverged` : ''}`] : []),
  ]);
  const first = summaries[0];
  const shared =
    first && fixed.length > 0 ? `Every cell: ${fixed.map((axis) => `${AXIS_TITLES[axis]} ${first.settings[axis]}`).join(', ')}.\n` : '';
  const over = `${summaries.length} cell${summaries.length === 1 ? '' : 's'} × ${seeds} seed${seeds === 1 ? '' : 's'}.`;
  return `${shared}${over}\n\n${alignedTable(header, rows, { rule: '-' }).join('\n')}`;
}
