import type { Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import { Mlp } from '../model/mlp.js';
import type { OptimizerConfig } from '../optim/config.js';
import { train } from '../train/train.js';
import { deadUnitShare } from './dead-units.js';
import type { RunResult } from './types.js';

/** One training run of a study, as sent to a worker: plain data, structured-clone safe. */
export interface RunJob {
  /** Position in the study's run list, so results can be put back in order. */
  index: number;
  activation: string;
  seed: number;
  layers: number[];
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfig;
}

/** Trains one network from its seed and reports the run; the core's memory is given back. */
export function runJob(core: Core, job: RunJob, data: Dataset, onEpoch?: (epoch: number) => void): RunResult {
  const mark = core.arena.mark();
  try {
    const model = new Mlp(core, { layers: job.layers, activation: job.activation, seed: job.seed });
    const started = performance.now();
    const history = train(model, data, {
      epochs: job.epochs,
      batchSize: job.batchSize,
      optimizer: job.optimizer,
      ...(onEpoch ? { onEpoch: (epoch: number) => onEpoch(epoch) } : {}),
    });
    const ms = performance.now() - started;
    return { activation: job.activation, seed: job.seed, history, final: model.stateDict(), ms, deadShare: deadUnitShare(model, data) };
  } finally {
    core.arena.release(mark);
  }
}

/** Runs jobs and reports progress; in-process, or spread over workers (src/compare/pool.ts). */
export type RunExecutor = (
  jobs: RunJob[],
  data: Dataset,
  onProgress: (index: number, epochsDone: number) => void,
) => Promise<RunResult[]>;

/** The executor for one thread: runs every job in order on the given core. */
export function inlineExecutor(core: Core): RunExecutor {
  return async (jobs, data, onProgress) => jobs.map((job) => runJob(core, job, data, (epoch) => onProgress(job.index, epoch + 1)));
}
