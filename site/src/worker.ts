// One training run in a Web Worker: the page stays responsive while the kernels run. The worker
// owns one core (one wasm instance), rebuilds data and model from the settings on `init`, and
// steps a Trainer one epoch at a time — the same loop train() runs, so the history is bit for
// bit the one Node computes. It posts the new history entries and, with each post (at most ~10
// a second), the decision boundary on a grid. With a validation split the Trainer holds out its
// share of the rows (its generator's first draw); the worker posts both sides once, on `ready`.
import {
  boundaryGrid,
  type Core,
  type Dataset,
  deadUnitShare,
  loadCore,
  Mlp,
  makeDataset,
  type StateDict,
  Trainer,
} from '../../src/index.js';
import { mechanismSince } from './mechanism-delta.js';
import { snapshotTransfer, UnitProbe } from './network-view.js';
import { type FromWorker, type RunConfig, type StateDictAnswer, type ToWorker, TRAINER_SEED, type WorkerState } from './protocol.js';

/** Longest stretch of epochs between two looks at the message queue, ms. */
const SLICE_MS = 25;
/** Shortest time between two progress posts, ms (the page draws at most ~10 frames a second). */
const POST_EVERY_MS = 100;

interface Run {
  id: number;
  config: RunConfig;
  data: Dataset;
  model: Mlp;
  trainer: Trainer;
  /** The parameters before the first epoch (an exported spec carries them when its fields cannot say them). */
  initial: StateDict;
  state: WorkerState;
  /** History entries already posted. */
  posted: number;
  trainMs: number;
  /** Wall time while training, and when the current stretch began. */
  runMs: number;
  runningSince: number | undefined;
  lastPost: number;
  /** Pacing: epochs done and time when playing (re)started or the speed changed. */
  paceEpochs: number;
  paceStart: number;
  /** The unit view's snapshots of this model on this data (network-view.ts). */
  probe: UnitProbe;
}

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

let core: Core | undefined;
let run: Run | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

// A zero-delay yield: setTimeout(0) is clamped to 4 ms once nested, a MessageChannel is not.
const channel = new MessageChannel();
channel.port1.onmessage = () => tick();
const yieldNow = () => channel.port2.postMessage(null);

function post(message: FromWorker): void {
  scope.postMessage(message);
}

/** A unit-view snapshot, its arrays transferred: when the view is on and one is due (always when forced). */
function postUnits(r: Run, force = false): void {
  if (!r.config.units || !r.probe.due(force)) return;
  const units = r.probe.snapshot(r.model, r.trainer.epochs);
  scope.postMessage({ type: 'units', id: r.id, units }, snapshotTransfer(units));
}

async function init(id: number, config: RunConfig): Promise<void> {
  stop();
  core ??= await loadCore();
  // The previous run's buffers go back to the core before the next run's are taken.
  run?.trainer.dispose();
  run?.model.dispose();
  run = undefined;
  const data = makeDataset(config.dataset, { samples: config.samples, noise: config.noise, seed: config.dataSeed });
  const model = new Mlp(core, {
    layers: config.layers,
    // One activation per hidden layer (a list, each entry with its options), or one for every layer.
    ...(config.activations
      ? { activation: config.activations }
      : { activation: config.activation, activationOptions: config.activationOptions }),
    ...(config.torchSeed === null ? { seed: config.seed } : { torchSeed: BigInt(config.torchSeed) }),
    ...(config.init ? { init: config.init } : {}),
  });
  let trainer: Trainer;
  try {
    trainer = new Trainer(model, data, {
      batchSize: config.batchSize,
      optimizer: config.optimizer,
      seed: TRAINER_SEED,
      ...(config.validationSplit === null ? {} : { validationSplit: config.validationSplit }),
      // The mechanism (history.mechanism): the signal per layer, the saturated and dead shares.
      ...(config.telemetry ? { telemetry: { gradients: true, activations: true } } : {}),
    });
  } catch (error) {
    // A split the library refuses: the model goes back to the core before the error is posted.
    model.dispose();
    throw error;
  }
  const now = performance.now();
  run = {
    id,
    config,
    data,
    model,
    trainer,
    initial: model.stateDict(),
    state: 'idle',
    posted: 0,
    trainMs: 0,
    runMs: 0,
    runningSince: undefined,
    lastPost: now,
    paceEpochs: 0,
    paceStart: now,
    probe: new UnitProbe(data),
  };
  post({
    type: 'ready',
    id,
    backend: core.backend,
    grid: boundaryGrid(model, data, config.gridSteps),
    layers: model.linear.length,
    stateKeys: model.state.map((tensor) => tensor.key),
    split: trainer.validation ? { train: trainer.data, validation: trainer.validation } : null,
  });
  postUnits(run, true);
}

function stop(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

function epochOnce(r: Run): void {
  const started = performance.now();
  r.trainer.epoch();
  r.trainMs += performance.now() - started;
}

/** Posts the history entries not posted yet, and the boundary (unless `grid` is false). */
function flush(r: Run, grid = true): void {
  const h = r.trainer.history;
  const from = r.posted;
  const done = r.state === 'done';
  post({
    type: 'progress',
    id: r.id,
    state: r.state,
    delta: {
      from,
      bce: h.bce.slice(from),
      accuracy: h.accuracy.slice(from),
      grad: h.grad.map((g) => g.slice(from)),
      ...(h.stateGrad ? { stateGrad: Object.fromEntries(Object.entries(h.stateGrad).map(([key, g]) => [key, g.slice(from)])) } : {}),
      ...(h.valBce && h.valAccuracy ? { valBce: h.valBce.slice(from), valAccuracy: h.valAccuracy.slice(from) } : {}),
      ...(h.mechanism ? { mechanism: mechanismSince(h.mechanism, from) } : {}),
      diverged: h.diverged,
    },
    epochs: h.bce.length,
    trainMs: r.trainMs,
    runMs: r.runMs + (r.runningSince !== undefined ? performance.now() - r.runningSince : 0),
    ...(grid || done ? { grid: boundaryGrid(r.model, r.data, r.config.gridSteps) } : {}),
    ...(done
      ? {
          final: r.model.stateDict(),
          deadShare: h.diverged ? null : deadUnitShare(r.model, r.data),
          saturatedShare: r.trainer.saturatedShare,
        }
      : {}),
  });
  r.posted = h.bce.length;
  // While training, at most the probe's share of the time; paused, stepped or done, always.
  if (grid || done) postUnits(r, r.state !== 'training');
  r.lastPost = performance.now();
}

/** Ends a stretch of training on the run's clock. */
function stopClock(r: Run): void {
  if (r.runningSince !== undefined) r.runMs += performance.now() - r.runningSince;
  r.runningSince = undefined;
}

function finishIfDone(r: Run): boolean {
  // A diverged run is over: its Trainer runs no further epochs.
  if (r.trainer.epochs < r.config.epochs && !r.trainer.history.diverged) return false;
  stopClock(r);
  r.state = 'done';
  stop();
  flush(r);
  return true;
}

/** One slice of training: as many epochs as the pace allows, for at most SLICE_MS. */
function tick(): void {
  timer = undefined;
  const r = run;
  if (r?.state !== 'training') return;
  const sliceEnd = performance.now() + SLICE_MS;
  const speed = r.config.speed;
  const due = () => (speed > 0 ? r.paceEpochs + Math.floor(((performance.now() - r.paceStart) * speed) / 1000) + 1 : Infinity);
  const going = () => r.trainer.epochs < r.config.epochs && !r.trainer.history.diverged;
  while (going() && r.trainer.epochs < due() && performance.now() < sliceEnd) epochOnce(r);
  if (finishIfDone(r)) return;
  if (performance.now() - r.lastPost >= POST_EVERY_MS) flush(r);
  if (speed > 0) {
    // Sleep until the next epoch is due.
    const nextAt = r.paceStart + ((r.trainer.epochs - r.paceEpochs) * 1000) / speed;
    timer = setTimeout(tick, Math.max(0, nextAt - performance.now()));
  } else {
    yieldNow();
  }
}

function repace(r: Run): void {
  r.paceEpochs = r.trainer.epochs;
  r.paceStart = performance.now();
}

function handle(message: ToWorker): Promise<void> | void {
  if (message.type === 'init') return init(message.id, message.config);
  if (message.type === 'stateDict') {
    const answer: StateDictAnswer =
      run?.id === message.id ? { epochs: run.trainer.epochs, current: run.model.stateDict(), initial: run.initial } : null;
    message.port.postMessage(answer);
    message.port.close();
    return;
  }
  const r = run;
  if (!r || r.id !== message.id) return; // a message for a run that was replaced
  switch (message.type) {
    case 'play':
      if (r.state === 'done' || r.state === 'training') return;
      r.state = 'training';
      r.runningSince = performance.now();
      repace(r);
      flush(r, false);
      tick();
      return;
    case 'pause':
      if (r.state !== 'training') return;
      stop();
      stopClock(r);
      r.state = 'paused';
      flush(r);
      return;
    case 'step':
      if (r.state === 'done') return;
      stop();
      stopClock(r);
      r.state = 'paused';
      epochOnce(r);
      if (!finishIfDone(r)) flush(r);
      return;
    case 'speed':
      r.config.speed = message.speed;
      repace(r);
      return;
    case 'units':
      r.config.units = message.on;
      postUnits(r, true);
      return;
  }
}

// Messages are handled one after the other, even while `init` awaits the core.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  const message = event.data;
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      stop();
      if (run) run.state = 'paused';
      post({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
    });
};
