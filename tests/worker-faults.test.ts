// Worker faults: a worker thread that is terminated, exits, throws, stalls or cannot load its
// core fails only the run it was on, by name; the other runs complete with the same bits as on
// one thread, every promise settles, and `actlab compare` ends with one line and exit code 1.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inlineExecutor, type RunExecutor, type RunJob } from '../src/compare/job.js';
import {
  poolExecutor,
  startCompareWorker,
  threadsExecutor,
  type WorkerMessage,
  WorkerPool,
  type WorkerPoolOptions,
} from '../src/compare/pool.js';
import { RunFailedError } from '../src/compare/run-failure.js';
import { plan } from '../src/compare/study.js';
import type { RunResult } from '../src/compare/types.js';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { runProcess } from './helpers/process.js';
import { withTimeout } from './helpers/timeout.js';

/** Every study here must settle well within this, or the test fails instead of hanging. */
const SETTLE_MS = 30_000;

const core = await loadCore();
const data = makeCircles({ nSamples: 200, factor: 0.5, noise: 0.1, seed: 42 });
const jobs = plan({
  activations: ['relu', 'tanh', 'sigmoid'],
  seeds: 2,
  layers: [2, 5, 5, 5, 5, 1],
  epochs: 5,
  batchSize: 32,
  optimizer: resolveOptimizer({ name: 'adam', lr: 1e-2 }),
  data: { kind: 'circles', name: data.name, samples: data.nSamples },
});
const inline = await inlineExecutor(core)(jobs, data, () => {});

/** A worker script (CommonJS, eval'd) that loads no core: it says it is ready, then does `onJob` with the job message `m`. */
const fakeWorker = (onJob: string) => () =>
  new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', (m) => {
       if (m.type === 'init') parentPort.postMessage({ type: 'ready' });
       else { ${onJob} }
     });`,
    { eval: true },
  );

/** A worker factory whose first worker is `first` and every later one (the replacements) the real one. */
function firstWorker(first: () => Worker): { start: () => Worker; started: () => number } {
  let count = 0;
  return { start: () => (count++ === 0 ? first() : startCompareWorker()), started: () => count };
}

/** Runs the study on `executor`; resolves with what it rejected with (undefined if it resolved), within SETTLE_MS. */
async function failureOf(executor: RunExecutor, what: string, planned: RunJob[] = jobs): Promise<unknown> {
  const outcome = executor(planned, data, () => {}).then(
    () => undefined,
    (error: unknown) => error ?? new Error('rejected with nothing'),
  );
  const error = await withTimeout(outcome, SETTLE_MS, what);
  if (error === undefined) throw new Error(`${what}: the study resolved, but a run should have failed`);
  return error;
}

/** The run's numbers, each as the hex of its float64 bits: histories, weights and dead share (not the time taken). */
const bits = (run: RunResult) =>
  JSON.stringify({ activation: run.activation, seed: run.seed, history: run.history, final: run.final, dead: run.deadShare }, (_, value) =>
    typeof value === 'number' ? Buffer.from(new Float64Array([value]).buffer).toString('hex') : value,
  );

/** Every completed run is bit-identical to the inline run of the same job. */
function assertSameAsInline(completed: RunResult[]): void {
  for (const run of completed) {
    const twin = inline.find((r) => r.activation === run.activation && r.seed === run.seed)!;
    assert.is(bits(run), bits(twin), `${run.activation} seed ${run.seed} differs from the inline run`);
  }
}

/** The failure is RunFailedError: `failed` runs named with `reason`, every other run complete and bit-identical to inline. */
function assertFailedRuns(error: unknown, reason: RegExp, failed = 1, planned: RunJob[] = jobs): RunFailedError {
  if (!(error instanceof RunFailedError))
    throw new Error(`expected RunFailedError, got ${error instanceof Error ? error.stack : String(error)}`);
  assert.is(error.failures.length, failed, error.message);
  assert.is(error.total, planned.length);
  assert.is(error.completed.length + error.failures.length, planned.length, 'every run completed or failed');
  assert.match(error.message, new RegExp(`^${failed} of ${planned.length} runs could not be completed: `));
  assert.not.match(error.message, /\n/, 'one line');
  for (const failure of error.failures) {
    const { activation, seed } = failure.job;
    assert.match(failure.message, new RegExp(`^run ${activation} seed ${seed} failed: `));
    assert.match(failure.reason, reason);
    assert.ok(error.message.includes(`${activation} seed ${seed}`), `the message names ${activation} seed ${seed}: ${error.message}`);
  }
  assertSameAsInline(error.completed);
  return error;
}

/** Runs `body` on a new pool, closed in the end whatever happens: no worker outlives its test. */
async function withPool<T>(options: WorkerPoolOptions, body: (pool: WorkerPool) => Promise<T>, size = 2): Promise<T> {
  const pool = new WorkerPool(size, 'auto', options);
  try {
    return await body(pool);
  } finally {
    await pool.close();
  }
}

const faults = suite('worker faults');

/**
 * Real workers; the first one to report progress on run 0 (made long, so it is surely still
 * running) gets `fault` done to it from outside.
 */
function faultOnRun0(fault: (worker: Worker) => void) {
  const planned = [{ ...jobs[0]!, epochs: 20_000 }, ...jobs.slice(1)];
  let hit = false;
  let started = 0;
  const startWorker = () => {
    started++;
    const worker = startCompareWorker();
    worker.on('message', (message: WorkerMessage) => {
      if (!hit && message.type === 'progress' && message.index === 0) {
        hit = true;
        fault(worker);
      }
    });
    return worker;
  };
  return { planned, startWorker, hit: () => hit, started: () => started };
}

faults('a worker terminated from outside mid-run fails that run only; the pool replaces it and stays usable', async () => {
  const injected = faultOnRun0((worker) => void worker.terminate());
  await withPool({ startWorker: injected.startWorker }, async (pool) => {
    const error = assertFailedRuns(
      await failureOf(poolExecutor(pool), 'the study', injected.planned),
      /^its worker thread exited with code 1$/,
      1,
      injected.planned,
    );
    assert.ok(injected.hit(), 'the fault was injected');
    assert.is(error.failures[0]!.job.index, 0, 'the run that failed is the one its worker was on');
    assert.is(injected.started(), 3, 'one replacement');
    // The replacement and the other worker run a whole study as if nothing had happened.
    const again = await withTimeout(
      pool.run(jobs, data, () => {}),
      SETTLE_MS,
      'the next study',
    );
    assert.is(again.length, jobs.length);
    assertSameAsInline(again);
  });
});

faults('a message from a worker that cannot be read (messageerror) fails its run; the worker is stopped and replaced', async () => {
  // What Node emits when a message cannot be deserialized, emitted here by hand.
  const injected = faultOnRun0((worker) => worker.emit('messageerror', new Error('could not deserialize')));
  await withPool({ startWorker: injected.startWorker }, async (pool) => {
    const error = assertFailedRuns(
      await failureOf(poolExecutor(pool), 'the study', injected.planned),
      /^its worker thread sent a message that could not be read$/,
      1,
      injected.planned,
    );
    assert.is(error.failures[0]!.job.index, 0);
    assert.is(injected.started(), 3, 'one replacement');
  });
});

faults('a worker that calls process.exit(1) on its first run fails that run; the run queued behind it runs elsewhere', async () => {
  const workers = firstWorker(fakeWorker('process.exit(1);'));
  await withPool({ startWorker: workers.start }, async (pool) => {
    // The fake held two runs (two in flight per worker): one failed, the other was run by another worker.
    assertFailedRuns(await failureOf(poolExecutor(pool), 'the study'), /^its worker thread exited with code 1$/);
    assert.is(workers.started(), 3, 'one replacement');
  });
});

faults('a worker that throws an uncaught error fails the run it was on, with the error', async () => {
  const workers = firstWorker(fakeWorker("throw new Error('injected fault');"));
  await withPool({ startWorker: workers.start }, async (pool) => {
    assertFailedRuns(await failureOf(poolExecutor(pool), 'the study'), /^its worker thread threw: injected fault$/);
    assert.is(workers.started(), 3, 'one replacement');
  });
});

faults('a worker that stops answering is stopped after the stall timeout; its run fails and the rest complete', async () => {
  // It spins: only terminate() can stop it.
  const workers = firstWorker(fakeWorker('for (;;) {}'));
  await withPool({ startWorker: workers.start, stallTimeoutMs: 500 }, async (pool) => {
    assertFailedRuns(await failureOf(poolExecutor(pool), 'the study'), /^its worker thread sent nothing for 0\.5 s and was stopped$/);
    assert.is(workers.started(), 3, 'one replacement');
  });
});

faults("a run's own error fails that run alone, and its worker goes on", async () => {
  // Every run sent to this worker fails; the real worker completes the others.
  const workers = firstWorker(
    fakeWorker("parentPort.postMessage({ type: 'error', index: m.job.index, message: 'injected\\nrun error' });"),
  );
  await withPool({ startWorker: workers.start }, async (pool) => {
    const error = await failureOf(poolExecutor(pool), 'the study');
    assert.ok(error instanceof RunFailedError, String(error));
    assertFailedRuns(error, /^injected run error$/, error.failures.length);
    assert.ok(error.failures.length >= 1);
    assert.is(workers.started(), 2, 'a worker whose run failed is not replaced');
  });
});

faults('bad input in a worker is the same error as on one thread (a RangeError: exit code 2)', async () => {
  const bad = [{ ...jobs[0]!, layers: [2, 0, 1] }, ...jobs.slice(1)];
  const here = await failureOf(inlineExecutor(core), 'the inline study', bad);
  const there = await withPool({}, (pool) => failureOf(poolExecutor(pool), 'the pooled study', bad));
  assert.instance(here, RangeError);
  assert.instance(there, RangeError);
  assert.is((there as Error).message, (here as Error).message);
});

faults('a worker that dies while loading its core: ready rejects, and the other worker runs the study', async () => {
  await withPool({ startWorker: firstWorker(() => new Worker('process.exit(3);', { eval: true })).start }, async (pool) => {
    const ready = await withTimeout(
      pool.ready.then(
        () => undefined,
        (error: Error) => error,
      ),
      SETTLE_MS,
      'ready',
    );
    assert.instance(ready, Error);
    assert.is(ready!.message, 'a worker thread could not load its core (it exited with code 3)');
    const results = await withTimeout(
      pool.run(jobs, data, () => {}),
      SETTLE_MS,
      'the study',
    );
    assert.is(results.length, jobs.length);
    assertSameAsInline(results);
  });
});

faults('with no worker able to load its core, every promise settles: ready, run, and the threads executor', async () => {
  const silent = () => new Worker('setInterval(() => {}, 1000);', { eval: true });
  await withPool(
    { startWorker: silent, loadTimeoutMs: 300 },
    async (pool) => {
      const ready = await withTimeout(
        pool.ready.then(
          () => 'resolved',
          (error: Error) => error.message,
        ),
        SETTLE_MS,
        'ready',
      );
      assert.is(ready, 'a worker thread could not load its core (it sent nothing for 0.3 s and was stopped)');
      const error = await failureOf(poolExecutor(pool), 'the study');
      assertFailedRuns(error, /^no worker thread was left to run it: a worker thread could not load its core/, jobs.length);
    },
    1,
  );
  // This thread runs what the workers cannot: the study completes.
  const executor = threadsExecutor(core, 3, 'auto', { startWorker: () => new Worker('process.exit(1);', { eval: true }) });
  const results = await withTimeout(
    executor(jobs, data, () => {}),
    SETTLE_MS,
    'the threads study',
  );
  assertSameAsInline(results);
  assert.is(results.length, jobs.length);
});

faults('a pool closed during a study settles it; the runs it held fail', async () => {
  await withPool(
    { startWorker: fakeWorker('') },
    async (pool) => {
      const study = failureOf(poolExecutor(pool), 'the study');
      await withTimeout(pool.ready, SETTLE_MS, 'ready');
      await pool.close();
      assertFailedRuns(
        await study,
        /^its worker thread was stopped: the pool was closed$|^the worker pool was closed before it ran$/,
        jobs.length,
      );
      await withTimeout(
        pool
          .run(jobs, data, () => {})
          .then(
            () => assert.unreachable('a closed pool runs nothing'),
            (error: Error) => assert.is(error.message, 'this WorkerPool is closed'),
          ),
        SETTLE_MS,
        'a study on a closed pool',
      );
    },
    1,
  );
});

faults.run();

const cli = suite('actlab compare with a worker fault');
const root = fileURLToPath(new URL('../', import.meta.url));

cli('a worker that exits mid-study: exit code 1, one line on stderr naming the run, and no report written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-worker-faults-'));
  try {
    // Preloaded with --require into the CLI and, inherited, into its worker threads: no hook in
    // actlab itself. The first worker to get a run exits. This thread trains too and would take
    // every run of so small a study before the worker had loaded, so it waits, once it has asked
    // the worker to load, until the worker is ready.
    const ready = join(dir, 'ready');
    const died = join(dir, 'died');
    const preload = join(dir, 'exit-on-first-run.cjs');
    writeFileSync(
      preload,
      `const { isMainThread, parentPort, Worker } = require('node:worker_threads');
       const { existsSync, openSync, writeFileSync } = require('node:fs');
       if (isMainThread) {
         const post = Worker.prototype.postMessage;
         let held = false;
         Worker.prototype.postMessage = function (message, ...rest) {
           post.call(this, message, ...rest);
           if (held || !message || message.type !== 'init') return;
           held = true;
           const nap = new Int32Array(new SharedArrayBuffer(4));
           for (const until = Date.now() + 20000; !existsSync(${JSON.stringify(ready)}) && Date.now() < until; ) Atomics.wait(nap, 0, 0, 5);
         };
       } else if (parentPort) {
         const post = parentPort.postMessage.bind(parentPort);
         parentPort.postMessage = (message, ...rest) => {
           post(message, ...rest);
           if (message && message.type === 'ready') writeFileSync(${JSON.stringify(ready)}, '');
         };
         // Wrap the worker's own listener: one added here would take the init message before it.
         const on = parentPort.on;
         parentPort.on = function (event, listener) {
           if (event !== 'message') return on.call(this, event, listener);
           return on.call(this, event, (message) => {
             if (message && message.type === 'job' && claim()) process.exit(1);
             return listener(message);
           });
         };
         const claim = () => {
           try {
             openSync(${JSON.stringify(died)}, 'wx');
             return true;
           } catch {
             return false;
           }
         };
       }`,
    );
    const out = join(dir, 'report');
    const argv = [
      'compare',
      '--epochs',
      '5',
      '--samples',
      '200',
      '--activations',
      'relu,tanh',
      '--seeds',
      '3',
      '--workers',
      '2',
      '--out',
      out,
    ];
    const ran = await runProcess(process.execPath, ['--require', preload, '--import', 'tsx', 'src/cli/main.ts', ...argv], {
      cwd: root,
      timeoutMs: 60_000,
    });
    // 9 runs: relu, tanh and (for the report) identity, 3 seeds each.
    assert.match(
      ran.stderr,
      /^actlab: 1 of 9 runs could not be completed: [a-z_]+ seed \d \(its worker thread exited with code 1\)\n$/,
      ran.stderr,
    );
    assert.is(ran.code, 1, ran.stderr);
    assert.equal(readdirSync(dir).sort(), ['died', 'exit-on-first-run.cjs', 'ready'], 'no report, and no temporary folder left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

cli.run();
