// Node only (worker_threads): runs a sweep's jobs on compare's pool, handing each result over the
// moment its run ends, so it can be appended to the results file at once (the pool's executors
// return the results only when every run has ended). This thread trains too, beside threads-1
// worker threads (src/compare/pool.ts's WorkerPool), exactly as threadsExecutor does; one thread
// is inlineExecutor's loop. Runs are deterministic, so any number of threads gives the same bits.
import { type RunJob, runJob, YIELD_EVERY_MS } from '../compare/job.js';
import { WorkerPool, type WorkerPoolOptions } from '../compare/pool.js';
import { errorText, RunFailure, RunLedger } from '../compare/run-failure.js';
import type { RunResult } from '../compare/types.js';
import type { Backend, Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';

export interface StreamOptions {
  /** Threads that train: this one and threads-1 worker threads. */
  threads: number;
  backend?: Backend | 'auto';
  pool?: WorkerPoolOptions;
  onProgress?: (index: number, epochsDone: number) => void;
  /** Called once per run that completed, as soon as it has. */
  onResult: (job: RunJob, result: RunResult) => void;
}

/** A running sweep: `done` settles when every run has ended; `stop()` ends the workers early (their runs fail). */
export interface StreamRun {
  done: Promise<RunResult[]>;
  stop(): Promise<void>;
}

/**
 * Trains `jobs` (indices 0..n-1) on `data`. `done` resolves with the results in job order once
 * every run completed, or rejects with RunFailedError (after every other run has ended, each
 * handed to onResult) — or with the error itself for a run refused as bad input.
 */
export function streamJobs(core: Core, jobs: RunJob[], data: Dataset, options: StreamOptions): StreamRun {
  const ledger = new RunLedger(jobs);
  const queue = [...jobs];
  const onProgress = options.onProgress ?? (() => {});
  const store = (job: RunJob, result: RunResult) => {
    ledger.store(job, result);
    options.onResult(job, result);
  };
  const workers = Math.min(options.threads, jobs.length);
  const pool = workers > 1 ? new WorkerPool(workers - 1, options.backend ?? 'auto', options.pool ?? {}) : undefined;
  let stopped = false;
  const runHere = async () => {
    for (let job = stopped ? undefined : queue.shift(); job; job = stopped ? undefined : queue.shift()) {
      const taken = job;
      try {
        store(taken, await runJob(core, taken, data, (epoch) => onProgress(taken.index, epoch + 1), YIELD_EVERY_MS));
      } catch (error) {
        ledger.fail(new RunFailure(taken, errorText(error), error));
      }
    }
  };
  const done = (async () => {
    try {
      const drained = pool?.drain(queue, data, onProgress, store);
      // A failing pool must not leave an unhandled rejection while this thread is busy.
      drained?.catch(() => undefined);
      await runHere();
      ledger.fail(...((await drained) ?? []));
      // Runs a dead worker handed back after this thread ran out of work, when no worker was left for them.
      await runHere();
      if (stopped) ledger.fail(...queue.splice(0).map((job) => new RunFailure(job, 'the sweep was stopped')));
      return ledger.finish();
    } finally {
      await pool?.close();
    }
  })();
  return {
    done,
    stop: async () => {
      stopped = true;
      await pool?.close();
    },
  };
}
