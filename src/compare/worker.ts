// A worker thread of the compare pool: loads one core when told to (instantiating the module the
// pool posts, so it compiles nothing), then runs the jobs it is sent, one after another in the
// order they came, reporting progress as it goes.
import { parentPort } from 'node:worker_threads';
import { type Core, loadCore } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import { runJob } from './job.js';
import type { WorkerMessage, WorkerRequest } from './pool.js';

if (!parentPort) throw new Error('src/compare/worker.ts runs as a worker thread');
const port = parentPort;
let core: Promise<Core> | undefined;
/** The data set of the last job that carried one: a job without `data` trains on it. */
let lastData: Dataset | undefined;

/**
 * Progress goes out after a run's first and last epoch and otherwise at most this often: the
 * pool hears from a busy worker many times within its stall timeout, and the main thread, which
 * trains too, is not handed a message per epoch per worker to read between its own epochs.
 */
const PROGRESS_EVERY_MS = 50;

// One request at a time, in order, whatever awaits runJob may come to hold: the pool counts on a
// run queued behind another not having started when the worker dies.
let turn: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  turn = turn.then(() => handle(request));
});

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'init') {
    try {
      core = loadCore({ backend: request.backend, ...(request.compiled ? { compiled: request.compiled } : {}) });
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
  const { job } = request;
  if (request.data) lastData = request.data;
  try {
    if (!core) throw new Error('internal: a job reached a worker before its init message');
    if (!lastData) throw new Error('internal: a job reached a worker without its data set');
    let sent = -Infinity;
    const result = await runJob(await core, job, lastData, (epoch) => {
      const now = performance.now();
      if (epoch === 0 || epoch === job.epochs - 1 || now - sent >= PROGRESS_EVERY_MS) {
        sent = now;
        port.postMessage({ type: 'progress', index: job.index, epochs: epoch + 1 } satisfies WorkerMessage);
      }
    });
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
