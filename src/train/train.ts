import { checkDataset } from '../datasets/from-arrays.js';
import type { Dataset } from '../datasets/dataset.js';
import type { Mlp } from '../model/mlp.js';
import { resolveOptimizer, type OptimizerConfig, type OptimizerInput } from '../optim/config.js';
import { createOptimizer } from '../optim/optimizer.js';
import { Mt19937 } from '../random/mt19937.js';
import { InputError, booleanValue, integerAtLeast } from '../validate.js';
import { padToLanes, writeBlocks, fillBlocks } from './blocks.js';
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
  const epochs = integerAtLeast('epochs', options.epochs ?? 300, 0);
  const batchSize = integerAtLeast('batchSize', options.batchSize ?? 32, 1);
  const optimizerConfig = resolveOptimizer(options.optimizer ?? { name: 'adam', lr: 1e-4 });
  const shuffle = booleanValue('shuffle', options.shuffle ?? false);
  checkDataset(data);
  if (data.nFeatures !== model.layers[0]) {
    throw new InputError('data.X[0]', `${data.nFeatures} features`, `must have ${model.layers[0]} values, the network's input size (layers[0])`);
  }
  const rng = shuffle ? (options.rng ?? new Mt19937(options.seed ?? 0)) : undefined;

  const core = model.core;
  const mark = core.arena.mark();
  const batch = Math.min(batchSize, data.nSamples);
  const evalBlock = Math.min(EVAL_BLOCK, data.nSamples);
  const workspace = new Workspace(model, Math.max(padToLanes(batch), padToLanes(evalBlock)));
  const optimizer = createOptimizer(model, optimizerConfig);
  const order = rng ? rng.permutation(data.nSamples) : undefined;
  const batches = writeBlocks(core, data, batch, order);
  const evalBlocks = writeBlocks(core, data, evalBlock);
  const top = core.arena.mark();

  const history: History = { bce: [], accuracy: [], grad: model.linear.map(() => []) };
  const gradMeans = new Float64Array(model.linear.length);
  for (let epoch = 0; epoch < epochs; epoch++) {
    if (rng && epoch > 0) fillBlocks(core, data, batches.blocks, batch, rng.permutation(data.nSamples));
    workspace.trainEpoch(batches, optimizer.descriptor, gradMeans);
    const { lossSum, correct } = workspace.evaluate(evalBlocks);
    history.bce.push(lossSum / data.nSamples);
    history.accuracy.push(correct / data.nSamples);
    gradMeans.forEach((mean, l) => history.grad[l]!.push(mean));
    options.onEpoch?.(epoch, history);
  }
  // Hand the workspace back unless the caller allocated in the same core meanwhile (in onEpoch).
  if (core.arena.mark() === top) core.arena.release(mark);
  return history;
}
