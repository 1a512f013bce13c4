import { checkPlan, trackOwner } from '../core/memory.js';
import type { Dataset } from '../datasets/dataset.js';
import { checkDataset } from '../datasets/from-arrays.js';
import { stratifiedSplit } from '../datasets/split.js';
import { MAX_BATCH_SIZE, MAX_EPOCHS } from '../limits.js';
import type { Mlp } from '../model/mlp.js';
import { type OptimizerConfig, type OptimizerInput, resolveOptimizer } from '../optim/config.js';
import { Optimizer } from '../optim/optimizer.js';
import { type Mt19937, rngFrom } from '../random/mt19937.js';
import { booleanValue, InputError, integerAtLeast, knownKeys, oneOf, plainObject, withDefault } from '../validate.js';
import { type BlockTable, fillBlocks, writeBlocks } from './blocks.js';
import { type Divergence, NON_FINITE_ACTIONS, type NonFiniteAction, TrainingDivergedError } from './divergence.js';
import {
  checkHistogramEpochs,
  emptyMechanism,
  type Mechanism,
  type ResolvedTelemetry,
  recordMechanism,
  resolveTelemetry,
  type TelemetryOptions,
} from './mechanism.js';
import { blockSizes, EVAL_BLOCK, trainingParts } from './plan.js';
import { type Evaluation, Workspace } from './workspace.js';

export interface TrainOptions {
  /** Passes over the data. Default 300, as the tutorial. */
  epochs?: number;
  /** Rows per step, taken in order X[s : s+batchSize]; the last batch may be short. Default 32. */
  batchSize?: number;
  /** Default: Adam with lr 1e-4, as the tutorial (PyTorch's other defaults otherwise). */
  optimizer?: OptimizerInput | OptimizerConfig;
  /** Reorder the rows before every epoch with `rng`/`seed` (not PyTorch's DataLoader order). Default false. */
  shuffle?: boolean;
  /**
   * Hold out this share of the rows, per class (stratified), drawn by the run's generator before
   * anything else: training, its BCE and accuracy use the rest, and the history adds valBce and
   * valAccuracy on the held-out rows. In (0, 1); not with validationData.
   */
  validationSplit?: number;
  /** An explicit validation set (same features as the data), evaluated after every epoch as valBce and valAccuracy. */
  validationData?: Dataset;
  /**
   * The mechanism telemetry to gather in the kernels, besides the tutorial's (docs/telemetry.md):
   * `gradients` (per layer mean |∂L/∂b|, ‖∂L/∂W‖₂, mean |∂L/∂z|), `activations` (z and y statistics,
   * saturated and dead shares on the evaluation pass), `weights` (‖W‖₂), and z histograms at
   * `histogramEpochs`. Off by default: the tutorial's telemetry alone, exactly as before.
   */
  telemetry?: TelemetryOptions;
  /**
   * Seed of the run's generator (default 0), used when `rng` is not given: it shuffles (with
   * `shuffle`) and seeds the slopes RReLU layers draw in training (four words, drawn when the
   * Trainer is made, after the first epoch's shuffle).
   */
  seed?: number;
  rng?: Mt19937;
  /** Called after every epoch with the history so far. */
  onEpoch?: (epoch: number, history: History) => void;
  /**
   * When an epoch leaves a weight, an output or the loss NaN or ±Infinity: 'stop' (default) ends
   * training there, with `history.diverged` set; 'throw' raises a TrainingDivergedError.
   */
  onNonFinite?: NonFiniteAction;
}

/** What the tutorial records after every epoch. */
export interface History {
  /** BCE over the whole data set, after the epoch's updates. */
  bce: number[];
  /** Fraction of the whole data set classified right (output rounded at 0.5, half to even). */
  accuracy: number[];
  /** grad[layer][epoch]: mean over the epoch's batches of mean |∂loss/∂W| of that layer. */
  grad: number[][];
  /**
   * The same for each learnable activation tensor (PReLU's weight), by its state dict key:
   * stateGrad['act0.weight'][epoch] = mean over the epoch's batches of mean |∂loss/∂weight|.
   * Present only when the model has such tensors.
   */
  stateGrad?: Record<string, number[]>;
  /** The mechanism telemetry asked for (TrainOptions.telemetry), per layer and epoch. */
  mechanism?: Mechanism;
  /** BCE and accuracy on the validation rows after each epoch, as bce and accuracy are on the training rows; only with validation. */
  valBce?: number[];
  valAccuracy?: number[];
  /**
   * Set when an epoch left the network non-finite: that epoch is the history's last entry, with
   * its BCE as computed (NaN) and accuracy NaN, never a finite number. null while all is finite.
   */
  diverged: Divergence | null;
}

const TRAIN_OPTION_KEYS = [
  'epochs',
  'batchSize',
  'optimizer',
  'shuffle',
  'validationSplit',
  'validationData',
  'telemetry',
  'seed',
  'rng',
  'onEpoch',
  'onNonFinite',
] satisfies (keyof TrainOptions)[];

/** Trains `model` in place on `data` as the tutorial's loop does, and returns its history. */
export function train(model: Mlp, data: Dataset, options: TrainOptions = {}): History {
  knownKeys('options', plainObject('options', options), TRAIN_OPTION_KEYS);
  const epochs = integerAtLeast('epochs', withDefault(options.epochs, 300), 1, MAX_EPOCHS);
  const onNonFinite = oneOf('onNonFinite', withDefault(options.onNonFinite, 'stop'), NON_FINITE_ACTIONS);
  if (options.onEpoch !== undefined && typeof options.onEpoch !== 'function')
    throw new InputError('onEpoch', options.onEpoch, 'must be a function');
  if (options.telemetry !== undefined) checkHistogramEpochs(resolveTelemetry(options.telemetry), epochs);
  const trainer = new Trainer(model, data, options);
  // Whatever ends the loop (an onEpoch that throws, divergence), the trainer's memory goes back.
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      trainer.epoch();
      options.onEpoch?.(epoch, trainer.history);
      const { diverged } = trainer.history;
      if (diverged && onNonFinite === 'throw') throw new TrainingDivergedError(diverged, trainer.history);
      if (diverged) break;
    }
  } finally {
    trainer.dispose();
  }
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
  private readonly validationBlocks: BlockTable | undefined;
  /** The rows trained on: the data, or what validationSplit leaves of it. */
  readonly data: Dataset;
  /** The held-out rows (validationSplit) or the given validationData; undefined without validation. */
  readonly validation: Dataset | undefined;
  private readonly batch: number;
  private readonly rng: Mt19937 | undefined;
  private readonly gradMeans: Float64Array;
  private readonly stateGradMeans: Float64Array;
  private readonly telemetry: ResolvedTelemetry;
  private readonly release: () => void;
  private disposed = false;
  private last: Evaluation | undefined;

  constructor(
    readonly model: Mlp,
    data: Dataset,
    options: Omit<TrainOptions, 'epochs' | 'onEpoch'> = {},
  ) {
    // Only an absent option takes its default: null is rejected by the option's check.
    knownKeys('options', plainObject('options', options), TRAIN_OPTION_KEYS);
    const batchSize = integerAtLeast('batchSize', withDefault(options.batchSize, 32), 1, MAX_BATCH_SIZE);
    const optimizerConfig = resolveOptimizer(withDefault(options.optimizer, { name: 'adam', lr: 1e-4 }));
    const shuffle = booleanValue('shuffle', withDefault(options.shuffle, false));
    // Checked even without shuffling, so a bad seed is never silently ignored.
    const rng = rngFrom(options.rng, options.seed);
    checkDataset(data);
    if (data.nFeatures !== model.layers[0]) {
      throw new InputError(
        'data.X[0]',
        `${data.nFeatures} features`,
        `must have ${model.layers[0]} values, the network's input size (layers[0])`,
      );
    }
    if (options.validationSplit !== undefined && options.validationData !== undefined) {
      throw new InputError('validationSplit', options.validationSplit, 'cannot be combined with validationData (give one)');
    }
    if (options.validationData !== undefined) {
      checkDataset(options.validationData, 'validationData');
      if (options.validationData.nFeatures !== data.nFeatures) {
        throw new InputError(
          'validationData.X[0]',
          `${options.validationData.nFeatures} features`,
          `must have ${data.nFeatures} values, as the data`,
        );
      }
    }
    // The split is the run generator's first draw, so the same seed holds out the same rows.
    const split = options.validationSplit === undefined ? undefined : stratifiedSplit(data, options.validationSplit, rng);
    this.data = split ? split.train : data;
    this.validation = split ? split.validation : options.validationData;
    data = this.data;
    this.rng = shuffle ? rng : undefined;

    const core = model.core;
    model.assertNotDisposed();
    const { batch, evalBlock, capacity } = blockSizes(batchSize, data.nSamples, this.validation?.nSamples);
    this.telemetry = resolveTelemetry(options.telemetry);
    this.batch = batch;
    // Planned before the first allocation: too big for the 4 GiB memory is an InputError, not a failed grow.
    const { nSamples, nFeatures } = data;
    checkPlan(
      core,
      'for training',
      trainingParts({
        layers: model.layers,
        batchSize,
        nSamples,
        nFeatures,
        optimizer: optimizerConfig,
        activations: model.activations,
        ...(this.validation ? { validationSamples: this.validation.nSamples } : {}),
        telemetryGroups: this.telemetry.groups,
      }),
    );
    // A part that fails (a grow the engine refuses) frees itself; the parts made before it are freed here.
    const parts: { dispose(): void }[] = [];
    try {
      this.workspace = new Workspace(model, capacity, this.telemetry.groups);
      parts.push(this.workspace);
      this.optimizer = new Optimizer(model, optimizerConfig);
      parts.push(this.optimizer);
      this.batches = writeBlocks(core, data, this.batch, this.rng?.permutation(nSamples));
      parts.push(this.batches);
      this.evalBlocks = writeBlocks(core, data, evalBlock);
      parts.push(this.evalBlocks);
      this.validationBlocks = this.validation
        ? writeBlocks(core, this.validation, Math.min(EVAL_BLOCK, this.validation.nSamples))
        : undefined;
      if (this.validationBlocks) parts.push(this.validationBlocks);
    } catch (error) {
      for (const part of parts) part.dispose();
      throw error;
    }
    this.release = trackOwner(core, 'trainers', this, parts);
    // RReLU's training slopes come from the run's generator: four words, after the first shuffle.
    if (model.linear.some((layer) => layer.noise)) {
      const words = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()] as const;
      // xoshiro128** must not start at zero (a 1 in 2^128 draw, but then it would stay there).
      this.workspace.seedRandom(words.every((w) => w === 0) ? [1, 0, 0, 0] : words);
    }
    this.history = { bce: [], accuracy: [], grad: model.linear.map(() => []), diverged: null };
    if (model.state.length > 0) this.history.stateGrad = Object.fromEntries(model.state.map((tensor) => [tensor.key, []]));
    if (this.validation) {
      this.history.valBce = [];
      this.history.valAccuracy = [];
    }
    if (this.telemetry.groups !== 0) this.history.mechanism = emptyMechanism(this.telemetry, model.linear.length);
    this.gradMeans = new Float64Array(model.linear.length);
    this.stateGradMeans = new Float64Array(model.linear.length);
  }

  /** Epochs run so far. */
  get epochs(): number {
    return this.history.bce.length;
  }

  /**
   * Runs one epoch (all batches in order, then the whole-set evaluation) and records it. An epoch
   * that leaves the network non-finite is recorded with accuracy NaN and sets history.diverged;
   * a diverged Trainer runs no further epochs (TrainingDivergedError).
   */
  epoch(): void {
    if (this.disposed) throw new Error('this Trainer was disposed');
    const { model, data, history } = this;
    if (history.diverged) throw new TrainingDivergedError(history.diverged, history);
    if (this.rng && this.epochs > 0) fillBlocks(model.core, data, this.batches.blocks, this.batch, this.rng.permutation(data.nSamples));
    this.workspace.trainEpoch(this.batches, this.optimizer.descriptor, this.gradMeans, this.stateGradMeans);
    const epoch = this.epochs;
    const evaluation = this.workspace.evaluate(this.evalBlocks, this.telemetry.histogramEpochs.has(epoch));
    if (history.mechanism) {
      recordMechanism(history.mechanism, this.telemetry, epoch, this.workspace, this.batches.blocks.length);
    }
    this.last = evaluation;
    const bce = evaluation.lossSum / data.nSamples;
    // A NaN output is "wrong" for label 1 and "right" for label 0: no accuracy is honest then.
    history.bce.push(bce);
    history.accuracy.push(evaluation.nonFinite > 0 ? Number.NaN : evaluation.correct / data.nSamples);
    this.gradMeans.forEach((mean, l) => {
      history.grad[l]!.push(mean);
    });
    for (const tensor of model.state) history.stateGrad![tensor.key]!.push(this.stateGradMeans[tensor.layer]!);
    if (this.validationBlocks && this.validation) {
      // After the training set's evaluation, which is what `last` (saturatedShare) keeps.
      const held = this.workspace.evaluate(this.validationBlocks, false, false);
      history.valBce!.push(held.lossSum / this.validation.nSamples);
      history.valAccuracy!.push(held.nonFinite > 0 ? Number.NaN : held.correct / this.validation.nSamples);
    }
    const layer = this.workspace.nonFiniteLayer();
    if (layer >= 0 || evaluation.nonFinite > 0 || !Number.isFinite(bce)) {
      history.diverged = { epoch: this.epochs - 1, layer: layer >= 0 ? layer : null };
    }
  }

  /**
   * Share of the samples whose output ended saturated at the wrong end (within float32's last step
   * of 0 or 1) at the last epoch's evaluation: each costs BCE from 16.6 up to its clamp of 100.
   */
  get saturatedShare(): number {
    return this.last ? this.last.saturated / this.data.nSamples : 0;
  }

  /**
   * Gives the workspace, optimizer state and data blocks back to the core, before or after the
   * model's own dispose(); a second call does nothing. A Trainer dropped without it is freed when
   * it is garbage collected (it keeps its model alive until then).
   */
  dispose(): void {
    this.disposed = true;
    this.release();
  }
}
