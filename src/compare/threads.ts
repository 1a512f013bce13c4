// How many threads a study's runs pay for. A worker thread is ready ~70–100 ms after it is
// started (Node's worker bootstrap and the worker's modules; it compiles no Wasm, the pool posts
// the module) while one tutorial run takes ~25–30 ms warm: a worker that joins a queue of a few
// runs finishes its first one after this thread would have trained them all. So the CLI's
// default thread count is the number of cores only once the queue holds enough work for each
// (docs/performance.md, start-up). Platform-neutral; the numbers are work units, not times.
import type { Dataset } from '../datasets/dataset.js';
import type { RunJob } from './job.js';

/**
 * A run's training work, roughly: epochs × rows evaluated and trained on × (weights + units),
 * the multiply-adds of a forward and backward pass scaling with the weights and the activations
 * with the units. The tutorial's run (300 epochs, 1000 rows, 2→5→5→5→5→1) is 33.3 million.
 */
export function runWork(job: Pick<RunJob, 'epochs' | 'layers' | 'validation'>, data: Pick<Dataset, 'nSamples'>): number {
  let perRow = 0;
  for (let l = 1; l < job.layers.length; l++) perRow += job.layers[l - 1]! * job.layers[l]! + job.layers[l]!;
  return job.epochs * (data.nSamples + (job.validation?.nSamples ?? 0)) * perRow;
}

/** One tutorial run's work (runWork of the default study's run). */
export const TUTORIAL_RUN_WORK = runWork({ epochs: 300, layers: [2, 5, 5, 5, 5, 1] }, { nSamples: 1000 });

/**
 * Each thread beyond the first is started only when the queue holds at least this many tutorial
 * runs' work per thread: on this 2-core machine a second thread made the default 5 runs slower
 * (455/530 ms against 359/474 ms, min/median), while 20 runs gained 1.4× (docs/performance.md);
 * 8 runs per thread is a margin of ~3 worker start-ups of work before a worker pays.
 */
export const WORK_PER_THREAD = 8 * TUTORIAL_RUN_WORK;

/**
 * The threads worth starting for `jobs`, at most `most` (and never more than there are runs):
 * 1 for the tutorial's study, more as the work grows. Results are the same bits for any count.
 */
export function threadsWorthStarting(
  jobs: readonly Pick<RunJob, 'epochs' | 'layers' | 'validation'>[],
  data: Pick<Dataset, 'nSamples'>,
  most: number,
): number {
  let work = 0;
  for (const job of jobs) work += runWork(job, data);
  return Math.max(1, Math.min(most, jobs.length, Math.floor(work / WORK_PER_THREAD)));
}
