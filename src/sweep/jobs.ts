// A sweep's runs: every cell × seed, in the plan's order (cells as resolveSweep lists them, seeds
// innermost), each with its spec and its stable key. Platform-neutral.
import { type CellSettings, describeCell, type SweepPlan } from './config.js';
import { cellKey, jobKey } from './key.js';
import { cellSpec, type SweepSpec } from './spec.js';

/** One run of a sweep: what a plan line holds. */
export interface SweepJob {
  /** The run's key (key.ts): how a results file says it is done. */
  key: string;
  /** The key its seeds share: how they are grouped into the cell's row. */
  cellKey: string;
  /** Its position in the plan (`run-job --index`). */
  index: number;
  cell: CellSettings;
  seed: number;
  spec: SweepSpec;
}

/** Every run of the plan, cells in order, seeds 0..seeds-1 within each. */
export function sweepJobs(plan: SweepPlan): SweepJob[] {
  const jobs: SweepJob[] = [];
  const seen = new Map<string, number>();
  for (const cell of plan.cells) {
    for (let seed = 0; seed < plan.seeds; seed++) {
      const spec = cellSpec(plan, cell, seed);
      const key = jobKey(spec);
      const before = seen.get(key);
      // resolveSweep refuses a value listed twice, so two runs can share a key only if the spec misses a setting.
      if (before !== undefined) throw new Error(`internal: runs ${before} and ${jobs.length} of the sweep have the same spec`);
      seen.set(key, jobs.length);
      jobs.push({ key, cellKey: cellKey(spec), index: jobs.length, cell: cell.settings, seed, spec });
    }
  }
  return jobs;
}

/** How a run is named in progress and failures: its cell's settings and seed. */
export function jobLabel(job: Pick<SweepJob, 'cell'>): string {
  return describeCell(job.cell);
}
