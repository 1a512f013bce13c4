import type { ActivationInput } from '../activations/hidden.js';
import type { Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import type { LinearInitInput } from '../init/linear-init.js';
import { Mlp } from '../model/mlp.js';
import type { OptimizerConfig } from '../optim/config.js';
import type { TelemetryOptions } from '../train/mechanism.js';
import { Trainer } from '../train/train.js';
import { deadUnitShare } from './dead-units.js';
import type { RunResult } from './types.js';

/** One training run of a study, as sent to a worker: plain data, structured-clone safe. */
export interface RunJob {
  /** Position in the study's run list, so results can be put back in order. */
  index: number;
  /** The activation's label (StudyConfig.activations). */
  activation: string;
  /** What it trains, as the Mlp's `activation` takes it; the label itself (a name) when absent. */
  hidden?: ActivationInput;
  seed: number;
  /** torch.manual_seed's seed for this run's init (the study's torchSeed + seed), or undefined for actlab's own init. */
  torchSeed?: number;
  /** The weight and bias initialisers; nn.Linear's default when absent. */
  init?: LinearInitInput;
  /** Hold out this share of the rows (the Trainer's validationSplit, drawn with its default seed 0, so every run of a study holds out the same rows). */
  validationSplit?: number;
  /** An explicit validation set (the Trainer's validationData). */
  validation?: Dataset;
  /** The mechanism telemetry to gather (the Trainer's telemetry). */
  telemetry?: TelemetryOptions;
  /** Seed of the Trainer's generator (rrelu's training slopes, the validation split); its default 0 when absent. A sweep sets it to `seed`, as a training spec's one `seed` does. */
  trainSeed?: number;
  layers: number[];
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfig;
}

/**
 * Trains one network from its seed and reports the run; the core's memory is given back.
 * Every `yieldEveryMs` of training it lets the event loop run (progress bars, worker messages);
 * the time spent away is not counted in the run's `ms`.
 */
export async function runJob(
  core: Core,
  job: RunJob,
  data: Dataset,
  onEpoch?: (epoch: number) => void,
  yieldEveryMs = Infinity,
): Promise<RunResult> {
  // Let the event loop in between runs too (a run may be shorter than yieldEveryMs).
  if (yieldEveryMs !== Infinity) await nextTurn();
  // The model frees itself if it cannot be built; after that, both are disposed however the run ends.
  const seed = job.torchSeed === undefined ? { seed: job.seed } : { torchSeed: job.torchSeed };
  const init = job.init === undefined ? {} : { init: job.init };
  const model = new Mlp(core, { layers: job.layers, activation: job.hidden ?? (job.activation as ActivationInput), ...seed, ...init });
  let trainer: Trainer | undefined;
  try {
    trainer = new Trainer(model, data, {
      batchSize: job.batchSize,
      optimizer: job.optimizer,
      ...(job.validationSplit === undefined ? {} : { validationSplit: job.validationSplit }),
      ...(job.validation === undefined ? {} : { validationData: job.validation }),
      ...(job.telemetry === undefined ? {} : { telemetry: job.telemetry }),
      ...(job.trainSeed === undefined ? {} : { seed: job.trainSeed }),
    });
    let ms = 0;
    let since = performance.now();
    // A diverged run stops at that epoch (history.diverged) and is reported as such.
    for (let epoch = 0; epoch < job.epochs && !trainer.history.diverged; epoch++) {
      trainer.epoch();
      onEpoch?.(epoch);
      if (performance.now() - since >= yieldEveryMs) {
        ms += performance.now() - since;
        await nextTurn();
        since = performance.now();
      }
    }
    ms += performance.now() - since;
    return {
      activation: job.activation,
      seed: job.seed,
      history: trainer.history,
      final: model.stateDict(),
      ms,
      deadShare: trainer.history.diverged ? null : deadUnitShare(model, data),
      saturatedShare: trainer.saturatedShare,
    };
  } finally {
    trainer?.dispose();
    model.dispose();
  }
}

/** Runs jobs and reports progress; in-process, or spread over workers (src/compare/pool.ts). */
export type RunExecutor = (jobs: RunJob[], data: Dataset, onProgress: (index: number, epochsDone: number) => void) => Promise<RunResult[]>;

// Node runs setImmediate callbacks after polling for I/O, so worker messages get through; a
// setTimeout(0) would resume before the poll phase. Browsers have no setImmediate: a timer is a task.
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => ((globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? setTimeout)(resolve));

/** How often a run on the main thread lets the event loop in: progress stays live, workers stay fed. */
export const YIELD_EVERY_MS = 20;

/** The executor for one thread: runs every job in order on the given core. */
export function inlineExecutor(core: Core): RunExecutor {
  return async (jobs, data, onProgress) => {
    const results: RunResult[] = [];
    for (const job of jobs) results.push(await runJob(core, job, data, (epoch) => onProgress(job.index, epoch + 1), YIELD_EVERY_MS));
    return results;
  };
}
