import type { Dataset } from '../datasets/dataset.js';
import { checkDataset } from '../datasets/from-arrays.js';
import type { Mlp } from '../model/mlp.js';
import { type OptimizerConfig, type OptimizerInput, resolveOptimizer } from '../optim/config.js';
import { Optimizer } from '../optim/optimizer.js';
import { Mt19937 } from '../random/mt19937.js';
import { booleanValue, InputError, integerAtLeast } from '../validate.js';
import { type BlockTable, fillBlocks, padToLanes, writeBlocks } from './blocks.js';
import { Workspace } from './workspace.js';

export interface TrainOptions {
  /** Passes over the data. Default 300, as the tutorial. */
  epochs?: number;
  /** Rows per step, taken in order X[s : s+batchSize]; the last batch may be short. Default 32. */
  batchSize?: number;
  /** Default: Adam with lr 1e-4, as the tutorial (PyTorch's other defaults otherwise). */
  optimizer?: OptimizerInput | OptimizerConfig;
  /** Reorder the rows before every epoch with `rng`/`seed` (not PyTorch's DataLoader order). Default false. */
  shuffle?: boolean;
  seed?: number;
  rng?: Mt19937;
  /** Called after every epoch with the history so far. */
  onEpoch?: (epoch: number, history: History) => void;
}

/** What the tutorial records after every epoch. */
export interface History {
  /** BCE over the whole data set, after the epoch's updates. */
  bce: number[];
  /** Fraction of the whole data set classified right (output rounded at 0.5, half to even). */
  accuracy: number[];
  /** grad[layer][epoch]: mean over the epoch's batches of mean |∂loss/∂W| of that layer. */
  grad: number[][];
}

/** Rows per evaluation block: bounds the workspace for large data sets. */
const EVAL_BLOCK = 1024;

/** Trains `model` in place on `data` as the tutorial's loop does, and returns its history. */
export function train(model: Mlp, data: Dataset, options: TrainOptions = {}): History {
  const epochs = integerAtLeast('epochs', options.epochs ?? 300, 1);
  const trainer = new Trainer(model, data, options);
  for (let epoch = 0; epoch < epochs; epoch++) {
    trainer.epoch();
    options.onEpoch?.(epoch, trainer.history);
  }
  trainer.dispose();
  return trainer.history;
}

/**
 * The tutorial's training loop one epoch at a time, for callers that pause, step or animate
 * (the browser playground). `train()` is this loop run to the end, so both give the same bits.
 * Buffers live in the model's core until dispose().
 */
export class Trainer {
  /** What the tutorial records, one entry per epoch run so far. */
  readonly history: History;
  private readonly workspace: Workspace;
  private readonly optimizer: Optimizer;
  private readonly batches: BlockTable;
  private readonly evalBlocks: BlockTable;
  private readonly batch: number;
  private readonly rng: Mt19937 | undefined;
  private readonly gradMeans: Float64Array;
  private readonly mark: number;
  private readonly top: number;
  private disposed = false;

  constructor(
    readonly model: Mlp,
    readonly data: Dataset,
    options: Omit<TrainOptions, 'epochs' | 'onEpoch'> = {},
  ) {
    const batchSize = integerAtLeast('batchSize', options.batchSize ?? 32, 1);
    const optimizerConfig = resolveOptimizer(options.optimizer ?? { name: 'adam', lr: 1e-4 });
    const shuffle = booleanValue('shuffle', options.shuffle ?? false);
    checkDataset(data);
    if (data.nFeatures !== model.layers[0]) {
      throw new InputError(
        'data.X[0]',
        `${data.nFeatures} features`,
        `must have ${model.layers[0]} values, the network's input size (layers[0])`,
      );
    }
    this.rng = shuffle ? (options.rng ?? new Mt19937(options.seed ?? 0)) : undefined;

    const core = model.core;
    this.mark = core.arena.mark();
    this.batch = Math.min(batchSize, data.nSamples);
    const evalBlock = Math.min(EVAL_BLOCK, data.nSamples);
    this.workspace = new Workspace(model, Math.max(padToLanes(this.batch), padToLanes(evalBlock)));
    this.optimizer = new Optimizer(model, optimizerConfig);
    this.batches = writeBlocks(core, data, this.batch, this.rng?.permutation(data.nSamples));
    this.evalBlocks = writeBlocks(core, data, evalBlock);
    this.top = core.arena.mark();
    this.history = { bce: [], accuracy: [], grad: model.linear.map(() => []) };
    this.gradMeans = new Float64Array(model.linear.length);
  }

  /** Epochs run so far. */
  get epochs(): number {
    return this.history.bce.length;
  }

  /** Runs one epoch (all batches in order, then the whole-set evaluation) and records it. */
  epoch(): void {
    if (this.disposed) throw new Error('this Trainer was disposed');
    const { model, data, history } = this;
    if (this.rng && this.epochs > 0) fillBlocks(model.core, data, this.batches.blocks, this.batch, this.rng.permutation(data.nSamples));
    this.workspace.trainEpoch(this.batches, this.optimizer.descriptor, this.gradMeans);
    const { lossSum, correct } = this.workspace.evaluate(this.evalBlocks);
    history.bce.push(lossSum / data.nSamples);
    history.accuracy.push(correct / data.nSamples);
    this.gradMeans.forEach((mean, l) => {
      history.grad[l]!.push(mean);
    });
  }

  /** Gives the buffers back to the core, unless something was allocated in it after them. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const arena = this.model.core.arena;
    if (arena.mark() === this.top) arena.release(this.mark);
  }
}
