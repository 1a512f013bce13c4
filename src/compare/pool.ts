// Spreads a study's runs over worker_threads (Node). Each worker owns one core; runs are
// independent and deterministic, so the histories are the same bits as on one thread. A worker
// that exits, throws or goes quiet fails the run it was on and is replaced; the study goes on.
import { Worker } from 'node:worker_threads';
import { type Backend, type CompiledKernels, type Core, compileKernels } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import { positiveNumber, withDefault } from '../validate.js';
import { type RunExecutor, type RunJob, runJob, YIELD_EVERY_MS } from './job.js';
import { errorText, RunFailure, RunLedger } from './run-failure.js';
import type { RunResult } from './types.js';

/** Messages from src/compare/worker.ts. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; index: number; epochs: number }
  | { type: 'result'; index: number; result: RunResult }
  // index -1: the core could not be loaded. badInput: the error was a RangeError (InputError included).
  | { type: 'error'; index: number; message: string; badInput?: boolean };

/**
 * Messages to the worker: load the core now (overlapping the caller's own set-up) from the
 * compiled module the pool posts, so no worker compiles the kernels again; then jobs. A job
 * carries its data set only when it is not the one the worker's previous job trained on.
 */
export type WorkerRequest =
  | { type: 'init'; backend: Backend | 'auto'; compiled?: CompiledKernels }
  | { type: 'job'; job: RunJob; data?: Dataset };

/**
 * How long a worker that holds a run may send nothing before it is taken as hung (it reports
 * progress after a run's first and last epoch, and at most 50 ms of training apart in between).
 */
export const STALL_TIMEOUT_MS = 120_000;
/** How long a worker may take to load its core. */
export const LOAD_TIMEOUT_MS = 60_000;

/** How a WorkerPool watches and starts its workers. */
export interface WorkerPoolOptions {
  /**
   * A worker holding a run that sends nothing for this long (it reports progress at most 50 ms
   * of training apart, or every epoch when epochs are longer) is stopped, its run fails and a
   * new worker takes its place. Default STALL_TIMEOUT_MS (120 s).
   */
  stallTimeoutMs?: number;
  /** A worker that has not loaded its core after this long is stopped. Default LOAD_TIMEOUT_MS (60 s). */
  loadTimeoutMs?: number;
  /**
   * Starts one worker thread that answers WorkerRequest with WorkerMessage: for a custom worker
   * script, or a test that injects faults. Default: startCompareWorker.
   */
  startWorker?: () => Worker;
  /**
   * The kernels every worker instantiates (posted to it, not compiled again). Default: this
   * thread's compileKernels({ backend }), the module its own cores come from.
   */
  compiled?: Promise<CompiledKernels>;
}

// The worker runs from dist/ or the CLI bundle as worker.js. From source under tsx (worker.ts),
// Node 20 does not carry tsx's loader hooks into worker threads, so a bootstrap registers them.
const fromSource = import.meta.url.endsWith('.ts');

/** Starts the compare worker (src/compare/worker.ts) as a thread: the pool's default. */
export function startCompareWorker(): Worker {
  return fromSource
    ? new Worker(
        `(async () => { (await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register(); ` +
          `await import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })();`,
        { eval: true },
      )
    : new Worker(new URL('./worker.js', import.meta.url));
}

/** One worker thread and the runs it has been sent. */
interface Slot {
  readonly worker: Worker;
  state: 'loading' | 'ready' | 'dead';
  /** Runs sent and not yet answered, in the order sent: the worker runs them in that order. */
  readonly jobs: RunJob[];
  /** The data set its last job message carried: later jobs on the same data are sent without it. */
  sentData?: Dataset;
  /** The run it last reported progress on. */
  running?: number;
  /** When it last sent a message, or was handed work after being idle (performance.now()). */
  lastHeard: number;
  timer?: NodeJS.Timeout;
  /** Settles with nothing once its core is loaded, or with the reason it never will be. */
  readonly loaded: Promise<string | undefined>;
  readonly settleLoad: (reason?: string) => void;
}

/** The study the pool is working on: where its runs come from and where they go. */
interface Drain {
  readonly queue: RunJob[];
  readonly data: Dataset;
  readonly onProgress: (index: number, epochsDone: number) => void;
  readonly store: (job: RunJob, result: RunResult) => void;
  readonly failures: RunFailure[];
  readonly done: (failures: RunFailure[]) => void;
}

/**
 * A set of worker threads, each with its own core, that run study jobs from one shared queue.
 * Workers start loading their core as soon as the pool is made; reuse a pool across studies to
 * pay that start-up once. A worker that dies or stalls while it holds a run fails that run (the
 * run queued behind it goes back to the queue) and is replaced by a new worker.
 */
export class WorkerPool {
  /** Resolves when every worker started with the pool has loaded its core; rejects with the reason when one could not (the pool goes on with the others). */
  readonly ready: Promise<void>;
  private readonly slots: Slot[];
  private readonly stallTimeoutMs: number;
  private readonly loadTimeoutMs: number;
  private readonly startWorker: () => Worker;
  private readonly compiled: Promise<CompiledKernels | undefined>;
  /** Terminations under way, awaited by close(). */
  private readonly stopping: Promise<unknown>[] = [];
  private draining: Drain | undefined;
  /** Drains run one after another: each starts when the one before has settled. */
  private turn: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Why the last worker that was not replaced is gone. */
  private lost: string | undefined;

  constructor(
    readonly size: number,
    private readonly backend: Backend | 'auto' = 'auto',
    options: WorkerPoolOptions = {},
  ) {
    this.stallTimeoutMs = positiveNumber('stallTimeoutMs', withDefault(options.stallTimeoutMs, STALL_TIMEOUT_MS));
    this.loadTimeoutMs = positiveNumber('loadTimeoutMs', withDefault(options.loadTimeoutMs, LOAD_TIMEOUT_MS));
    this.startWorker = options.startWorker ?? startCompareWorker;
    // A compile that fails is not the pool's to report: a worker told to load without a module
    // compiles itself and fails the same way, through the usual load-failure path.
    this.compiled = (options.compiled ?? compileKernels({ backend })).catch(() => undefined);
    this.slots = [];
    try {
      while (this.slots.length < Math.max(1, size)) this.slots.push(this.start());
    } catch (error) {
      // A worker that could not be started: stop the ones that were, or they keep the process alive.
      for (const slot of this.slots) void slot.worker.terminate();
      throw error;
    }
    this.ready = Promise.all(
      this.slots.map((slot) =>
        slot.loaded.then((reason) => {
          if (reason) throw new Error(reason);
        }),
      ),
    ).then(() => undefined);
    // Nobody need wait on ready: a worker that cannot load must not end the process as an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** Runs the jobs over the workers (first come, first served) and returns the results in job order. */
  async run(jobs: RunJob[], data: Dataset, onProgress: (index: number, epochsDone: number) => void): Promise<RunResult[]> {
    const ledger = new RunLedger(jobs);
    const queue = [...jobs];
    ledger.fail(...(await this.drain(queue, data, onProgress, ledger.store)));
    ledger.fail(...queue.map((job) => new RunFailure(job, this.unrunReason())));
    return ledger.finish();
  }

  /**
   * Takes jobs from `queue` (shared: another consumer, such as the main thread, may take from it
   * too) until it is empty, handing each result to `store`; resolves, with the runs that could not
   * be completed, when the jobs taken are done. Runs a dead worker had not started go back to the
   * front of `queue`. When no worker is left, it resolves with the rest still queued.
   */
  drain(
    queue: RunJob[],
    data: Dataset,
    onProgress: (index: number, epochsDone: number) => void,
    store: (job: RunJob, result: RunResult) => void,
  ): Promise<RunFailure[]> {
    const drained = this.turn.then(
      () =>
        new Promise<RunFailure[]>((done) => {
          if (this.closed) throw new Error('this WorkerPool is closed');
          this.draining = { queue, data, onProgress, store, failures: [], done };
          for (const slot of this.slots) this.feed(slot);
          this.checkDone();
        }),
    );
    this.turn = drained.catch(() => undefined);
    return drained;
  }

  /** Stops every worker; runs they hold fail, and a drain under way settles. */
  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) this.fault(slot, 'was stopped: the pool was closed');
    await Promise.all(this.stopping);
  }

  private start(): Slot {
    let settleLoad!: (reason?: string) => void;
    const loaded = new Promise<string | undefined>((resolve) => (settleLoad = resolve));
    const worker = this.startWorker();
    const slot: Slot = { worker, state: 'loading', jobs: [], lastHeard: performance.now(), loaded, settleLoad };
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on('error', (error: unknown) => this.fault(slot, `threw: ${errorText(error)}`));
    worker.on('messageerror', () => this.fault(slot, 'sent a message that could not be read'));
    worker.on('exit', (code: number) => this.fault(slot, `exited with code ${code}`));
    void this.compiled.then((compiled) => {
      if (slot.state === 'dead') return;
      worker.postMessage({ type: 'init', backend: this.backend, ...(compiled ? { compiled } : {}) } satisfies WorkerRequest);
    });
    this.watch(slot);
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    // A worker given up on has had its runs accounted for: a late message must not count twice.
    if (slot.state === 'dead') return;
    slot.lastHeard = performance.now();
    const drain = this.draining;
    if (message.type === 'progress') {
      slot.running = message.index;
      drain?.onProgress(message.index, message.epochs);
      return;
    }
    if (message.type === 'ready') {
      if (slot.state === 'loading') {
        slot.state = 'ready';
        slot.settleLoad();
      }
    } else {
      const job = slot.state === 'ready' ? this.take(slot, message.index) : undefined;
      if (!job) {
        // The core failed to load (index -1), or the worker no longer follows the protocol.
        this.fault(
          slot,
          message.type === 'error'
            ? `reported: ${errorText(message.message)}`
            : `answered run ${message.index}, which it had not been sent`,
        );
        return;
      }
      if (message.type === 'result') drain?.store(job, message.result);
      else drain?.failures.push(new RunFailure(job, message.message, message.badInput ? new RangeError(message.message) : undefined));
    }
    this.feed(slot);
    this.checkDone();
  }

  /** Removes run `index` from what the worker holds. */
  private take(slot: Slot, index: number): RunJob | undefined {
    const at = slot.jobs.findIndex((job) => job.index === index);
    if (at < 0) return undefined;
    if (slot.running === index) slot.running = undefined;
    return slot.jobs.splice(at, 1)[0];
  }

  private feed(slot: Slot): void {
    const drain = this.draining;
    if (drain && slot.state === 'ready' && !this.closed) {
      if (slot.jobs.length === 0) slot.lastHeard = performance.now(); // time spent idle is not silence
      // Two jobs in flight per worker: the next one is already there when a run ends, even if
      // this thread is busy training and reads the worker's messages only between epochs. Near
      // the end of the queue only one: a second run held back there would keep every other
      // thread (this one included) waiting on this worker after the queue ran dry.
      while (drain.queue.length > 0 && (slot.jobs.length === 0 || (slot.jobs.length === 1 && drain.queue.length > this.slots.length + 1))) {
        const job = drain.queue.shift()!;
        slot.jobs.push(job);
        const data = slot.sentData === drain.data ? undefined : drain.data;
        slot.sentData = drain.data;
        slot.worker.postMessage({ type: 'job', job, ...(data ? { data } : {}) } satisfies WorkerRequest);
      }
    }
    this.watch(slot);
  }

  /** Arms the worker's watchdog for what the pool waits on: its core loading, or a run. */
  private watch(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const limit = this.limitFor(slot);
    if (limit === undefined) return;
    // Messages that came in while this thread was busy are delivered after the timers of the
    // same turn of the event loop: look again after them before calling the worker hung.
    slot.timer = setTimeout(() => setImmediate(() => this.checkQuiet(slot)), limit - (performance.now() - slot.lastHeard));
    slot.timer.unref();
  }

  private limitFor(slot: Slot): number | undefined {
    if (slot.state === 'loading') return this.loadTimeoutMs;
    if (slot.state === 'ready' && slot.jobs.length > 0) return this.stallTimeoutMs;
    return undefined;
  }

  private checkQuiet(slot: Slot): void {
    const limit = this.limitFor(slot);
    if (limit === undefined) return;
    if (performance.now() - slot.lastHeard < limit) this.watch(slot);
    else this.fault(slot, `sent nothing for ${limit / 1000} s and was stopped`);
  }

  /**
   * Gives up on a worker: stops it, fails the run it was on, hands the runs queued behind it
   * back to the queue, and starts a replacement. `what` says what happened: "exited with code 1".
   */
  private fault(slot: Slot, what: string): void {
    if (slot.state === 'dead') return;
    const wasLoading = slot.state === 'loading';
    slot.state = 'dead';
    clearTimeout(slot.timer);
    this.stopping.push(slot.worker.terminate().catch(() => undefined));
    const drain = this.draining;
    const running = slot.jobs.find((job) => job.index === slot.running) ?? slot.jobs[0];
    // The worker runs its runs one after another, so the others had not started: another worker
    // runs them from the beginning, with the same bits.
    const notStarted = slot.jobs.filter((job) => job !== running);
    slot.jobs.length = 0;
    if (running) drain?.failures.push(new RunFailure(running, `its worker thread ${what}`));
    drain?.queue.unshift(...notStarted);
    if (wasLoading) {
      // Not replaced: a core that failed to load once would fail again.
      this.lost = `a worker thread could not load its core (it ${what})`;
      slot.settleLoad(this.lost);
    } else if (running && !this.closed) {
      // One replacement per failed run, so a worker script that always dies cannot loop.
      this.replace(slot);
    } else {
      this.lost = `a worker thread ${what}`;
    }
    for (const other of this.slots) this.feed(other);
    this.checkDone();
  }

  private replace(dead: Slot): void {
    try {
      this.slots[this.slots.indexOf(dead)] = this.start();
    } catch (error) {
      this.lost = `a new worker thread could not be started: ${errorText(error)}`;
    }
  }

  /** Settles the drain once nothing is in flight and the queue is empty, or no worker is left to take from it. */
  private checkDone(): void {
    const drain = this.draining;
    if (!drain || this.slots.some((slot) => slot.jobs.length > 0)) return;
    if (drain.queue.length > 0 && this.slots.some((slot) => slot.state !== 'dead')) return;
    this.draining = undefined;
    drain.done(drain.failures);
  }

  private unrunReason(): string {
    if (this.closed) return 'the worker pool was closed before it ran';
    return `no worker thread was left to run it: ${this.lost ?? 'none could be started'}`;
  }
}

/** An executor that starts a pool of `workers` threads for one study and closes it afterwards. */
export function workerExecutor(workers: number, backend: Backend | 'auto' = 'auto', options: WorkerPoolOptions = {}): RunExecutor {
  const pool = new WorkerPool(workers, backend, options);
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
 * matters when a whole study takes a fraction of a second. A run that fails, here or on a
 * worker, fails alone: the executor rejects with RunFailedError once every run has ended.
 */
export function threadsExecutor(
  core: Core,
  threads: number,
  backend: Backend | 'auto' = 'auto',
  options: WorkerPoolOptions & { onResult?: (job: RunJob, result: RunResult) => void } = {},
): RunExecutor {
  const { onResult, ...poolOptions } = options;
  const pool = threads > 1 ? new WorkerPool(threads - 1, backend, poolOptions) : undefined;
  return async (jobs, data, onProgress) => {
    const ledger = new RunLedger(jobs);
    // `onResult` sees each completed run the moment it ends (a sweep appends it to its results file).
    const store = (job: RunJob, result: RunResult) => {
      ledger.store(job, result);
      onResult?.(job, result);
    };
    const queue = [...jobs];
    const runHere = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const taken = job;
        try {
          store(taken, await runJob(core, taken, data, (epoch) => onProgress(taken.index, epoch + 1), YIELD_EVERY_MS));
        } catch (error) {
          ledger.fail(new RunFailure(taken, errorText(error), error));
        }
      }
    };
    try {
      const workers = pool?.drain(queue, data, onProgress, store);
      // A failing pool must not leave an unhandled rejection while this thread is busy.
      workers?.catch(() => undefined);
      await runHere();
      ledger.fail(...((await workers) ?? []));
      // Runs a dead worker handed back after this thread ran out of work, when no worker was left for them.
      await runHere();
      return ledger.finish();
    } finally {
      await pool?.close();
    }
  };
}

/** An executor over an existing pool, left open for the next study. */
export function poolExecutor(pool: WorkerPool): RunExecutor {
  return (jobs, data, onProgress) => pool.run(jobs, data, onProgress);
}
