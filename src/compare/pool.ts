// Spreads a study's runs over worker_threads (Node). Each worker owns one core; runs are
// independent and deterministic, so the histories are the same bits as on one thread.
import { Worker } from 'node:worker_threads';
import type { Backend } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import type { RunExecutor, RunJob } from './job.js';
import type { RunResult } from './types.js';

/** Messages from src/compare/worker.ts. */
export type WorkerMessage =
  | { type: 'progress'; index: number; epochs: number }
  | { type: 'result'; index: number; result: RunResult }
  | { type: 'error'; index: number; message: string };

/** Messages to the worker. */
export type WorkerRequest = { type: 'job'; job: RunJob; data: Dataset; backend: Backend | 'auto' };

// The worker runs from dist/ once compiled (worker.js). From source under tsx (worker.ts), Node 20
// does not carry tsx's loader hooks into worker threads, so a small bootstrap registers them first.
const fromSource = import.meta.url.endsWith('.ts');
const startWorker = (): Worker =>
  fromSource
    ? new Worker(
        `(async () => { (await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register(); ` +
          `await import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })();`,
        { eval: true },
      )
    : new Worker(new URL('./worker.js', import.meta.url));

export function workerExecutor(workers: number, backend: Backend | 'auto' = 'auto'): RunExecutor {
  return (jobs, data, onProgress) =>
    new Promise<RunResult[]>((resolve, reject) => {
      const results: RunResult[] = new Array(jobs.length);
      const queue = [...jobs];
      const pool: Worker[] = [];
      let done = 0;
      let failed = false;
      const finish = (error?: Error) => {
        for (const w of pool) void w.terminate();
        if (error) reject(error);
        else resolve(results);
      };
      const feed = (worker: Worker) => {
        const job = queue.shift();
        if (job) worker.postMessage({ type: 'job', job, data, backend } satisfies WorkerRequest);
      };
      const count = Math.max(1, Math.min(workers, jobs.length));
      if (jobs.length === 0) return resolve([]);
      for (let w = 0; w < count; w++) {
        const worker = startWorker();
        pool.push(worker);
        worker.on('message', (message: WorkerMessage) => {
          if (failed) return;
          const position = jobs.findIndex((j) => j.index === message.index);
          if (message.type === 'progress') onProgress(message.index, message.epochs);
          else if (message.type === 'error') {
            failed = true;
            finish(new Error(message.message));
          } else {
            results[position] = message.result;
            if (++done === jobs.length) finish();
            else feed(worker);
          }
        });
        worker.on('error', (error) => {
          if (!failed) {
            failed = true;
            finish(error);
          }
        });
        feed(worker);
      }
    });
}
