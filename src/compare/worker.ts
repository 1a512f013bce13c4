// A worker thread of the compare pool: loads one core when told to, then runs the jobs it is sent,
// one after another in the order they came, reporting every epoch.
import { parentPort } from 'node:worker_threads';
import { type Core, loadCore } from '../core/load.js';
import { runJob } from './job.js';
import type { WorkerMessage, WorkerRequest } from './pool.js';

if (!parentPort) throw new Error('src/compare/worker.ts runs as a worker thread');
const port = parentPort;
let core: Promise<Core> | undefined;

// One request at a time, in order, whatever awaits runJob may come to hold: the pool counts on a
// run queued behind another not having started when the worker dies.
let turn: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  turn = turn.then(() => handle(request));
});

async function handle(request: WorkerRequest): Promise<void> {
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
      // Bad input (an InputError is a RangeError) stays bad input on the main thread: exit code 2.
      badInput: error instanceof RangeError,
    } satisfies WorkerMessage);
  }
}
