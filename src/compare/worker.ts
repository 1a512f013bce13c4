// A worker thread of the compare pool: loads one core when told to, then runs the jobs it is sent.
import { parentPort } from 'node:worker_threads';
import { type Core, loadCore } from '../core/load.js';
import { runJob } from './job.js';
import type { WorkerMessage, WorkerRequest } from './pool.js';

if (!parentPort) throw new Error('src/compare/worker.ts runs as a worker thread');
const port = parentPort;
let core: Promise<Core> | undefined;

port.on('message', async (request: WorkerRequest) => {
  if (request.type === 'init') {
    try {
      core = loadCore({ backend: request.backend });
      await core;
      port.postMessage({ type: 'ready' } satisfies WorkerMessage);
    } catch (error) {
      port.postMessage({
        type: 'error',
        index: -1,
        message: error instanceof Error ? error.message : String(error),
      } satisfies WorkerMessage);
    }
    return;
  }
  const { job, data } = request;
  try {
    if (!core) throw new Error('internal: a job reached a worker before its init message');
    const result = await runJob(await core, job, data, (epoch) =>
      port.postMessage({ type: 'progress', index: job.index, epochs: epoch + 1 } satisfies WorkerMessage),
    );
    port.postMessage({ type: 'result', index: job.index, result } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({
      type: 'error',
      index: job.index,
      message: error instanceof Error ? error.message : String(error),
    } satisfies WorkerMessage);
  }
});
