// A worker thread of the compare pool: one core, runs the jobs it is sent.
import { parentPort } from 'node:worker_threads';
import { loadCore, type Core } from '../core/load.js';
import { runJob } from './job.js';
import type { WorkerMessage, WorkerRequest } from './pool.js';

if (!parentPort) throw new Error('src/compare/worker.ts runs as a worker thread');
const port = parentPort;
let core: Core | undefined;

port.on('message', async (request: WorkerRequest) => {
  const { job, data, backend } = request;
  try {
    core ??= await loadCore({ backend });
    const result = runJob(core, job, data, (epoch) => port.postMessage({ type: 'progress', index: job.index, epochs: epoch + 1 } satisfies WorkerMessage));
    port.postMessage({ type: 'result', index: job.index, result } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'error', index: job.index, message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  }
});
