// Spreads a study's runs over worker_threads (Node). Each worker owns one core; runs are
// independent and deterministic, so the histories are the same bits as on one thread.
import { Worker } from 'node:worker_threads';
import type { Backend, Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import { type RunExecutor, type RunJob, runJob, YIELD_EVERY_MS } from './job.js';
import type { RunResult } from './types.js';

/** Messages from src/compare/worker.ts. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; index: number; epochs: number }
  | { type: 'result'; index: number; result: RunResult }
  | { type: 'error'; index: number; message: string };

/** Messages to the worker: load the core now (overlapping the caller's own set-up), then jobs. */
export type WorkerRequest = { type: 'init'; backend: Backend | 'auto' } | { type: 'job'; job: RunJob; data: Dataset };

// The worker runs from dist/ or the CLI bundle as worker.js. From source under tsx (worker.ts),
// Node 20 does not carry tsx's loader hooks into worker threads, so a bootstrap registers them.
const fromSource = import.meta.url.endsWith('.ts');
const startWorker = (): Worker =>
  fromSource
    ? new Worker(
        `(async () => { (await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register(); ` +
          `await import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })();`,
        { eval: true },
      )
    : new Worker(new URL('./worker.js', import.meta.url));

/**
 * A set of worker threads, each with its own core, that run study jobs from one shared queue.
 * Workers start loading their core as soon as the pool is made; reuse a pool across studies to
 * pay that start-up once.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  /** Resolves when every worker has loaded its core. */
  readonly ready: Promise<void>;

  constructor(
    readonly size: number,
    backend: Backend | 'auto' = 'auto',
  ) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => startWorker());
    this.ready = Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (message: WorkerMessage) => {
              if (message.type !== 'ready' && message.type !== 'error') return;
              worker.off('message', onMessage);
              worker.off('error', reject);
              if (message.type === 'error') reject(new Error(message.message));
              else resolve();
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
            worker.postMessage({ type: 'init', backend } satisfies WorkerRequest);
          }),
      ),
    ).then(() => undefined);
  }

  /** Runs the jobs over the workers (first come, first served) and returns the results in job order. */
  async run(jobs: RunJob[], data: Dataset, onProgress: (index: number, epochsDone: number) => void): Promise<RunResult[]> {
    const results: RunResult[] = new Array(jobs.length);
    const position = new Map(jobs.map((job, k) => [job.index, k]));
    await this.drain([...jobs], data, onProgress, (job, result) => (results[position.get(job.index)!] = result));
    return results;
  }

  /**
   * Takes jobs from `queue` (shared: another consumer, such as the main thread, may take from it
   * too) until it is empty, handing each result to `store`; resolves when the jobs taken are done.
   */
  async drain(
    queue: RunJob[],
    data: Dataset,
    onProgress: (index: number, epochsDone: number) => void,
    store: (job: RunJob, result: RunResult) => void,
  ): Promise<void> {
    await this.ready;
    return new Promise<void>((resolve, reject) => {
      let busy = 0;
      let settled = false;
      const cleanups: (() => void)[] = [];
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        if (error) reject(error);
        else resolve();
      };
      const taken = new Map<number, RunJob>();
      const feed = (worker: Worker) => {
        const job = queue.shift();
        if (!job) {
          if (busy === 0) settle();
          return;
        }
        busy++;
        taken.set(job.index, job);
        worker.postMessage({ type: 'job', job, data } satisfies WorkerRequest);
      };
      for (const worker of this.workers) {
        const onMessage = (message: WorkerMessage) => {
          if (message.type === 'progress') onProgress(message.index, message.epochs);
          else if (message.type === 'error') settle(new Error(message.message));
          else if (message.type === 'result') {
            busy--;
            store(taken.get(message.index)!, message.result);
            feed(worker);
          }
        };
        const onError = (error: Error) => settle(error);
        worker.on('message', onMessage);
        worker.on('error', onError);
        cleanups.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
        });
      }
      // Two jobs in flight per worker: the next one is already there when a run ends, even if
      // this thread is busy training and reads the worker's messages only between epochs.
      for (const worker of this.workers) feed(worker);
      for (const worker of this.workers) feed(worker);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** An executor that starts a pool of `workers` threads for one study and closes it afterwards. */
export function workerExecutor(workers: number, backend: Backend | 'auto' = 'auto'): RunExecutor {
  const pool = new WorkerPool(workers, backend);
  return async (jobs, data, onProgress) => {
    try {
      return await pool.run(jobs, data, onProgress);
    } finally {
      await pool.close();
    }
  };
}

/**
 * An executor for `threads` threads: this one and threads-1 workers, all taking runs from one
 * queue. The main thread starts training at once while the workers load their cores, which
 * matters when a whole study takes a fraction of a second.
 */
export function threadsExecutor(core: Core, threads: number, backend: Backend | 'auto' = 'auto'): RunExecutor {
  const pool = threads > 1 ? new WorkerPool(threads - 1, backend) : undefined;
  return async (jobs, data, onProgress) => {
    const results: RunResult[] = new Array(jobs.length);
    const position = new Map(jobs.map((job, k) => [job.index, k]));
    const store = (job: RunJob, result: RunResult) => (results[position.get(job.index)!] = result);
    const queue = [...jobs];
    try {
      const workers = pool?.drain(queue, data, onProgress, store);
      // A failing worker must not leave an unhandled rejection while this thread is busy.
      workers?.catch(() => undefined);
      for (let job = queue.shift(); job; job = queue.shift()) {
        const taken = job;
        store(taken, await runJob(core, taken, data, (epoch) => onProgress(taken.index, epoch + 1), YIELD_EVERY_MS));
      }
      await workers;
      return results;
    } finally {
      await pool?.close();
    }
  };
}

/** An executor over an existing pool, left open for the next study. */
export function poolExecutor(pool: WorkerPool): RunExecutor {
  return (jobs, data, onProgress) => pool.run(jobs, data, onProgress);
}
