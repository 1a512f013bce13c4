// What one run of a sweep trains, written as a training spec (src/spec/spec.ts's `config`, in the
// form validateSpec gives back) plus the data set's generator settings instead of its rows: a line
// stays a few kilobytes, and the rows are drawn again, bit for bit, from the settings. The same
// spec becomes the RunJob the pool trains and, with its rows, a spec `actlab train` runs.
// Platform-neutral.
import { type ActivationInput, activationEntry, describeActivations, resolveHiddenActivations } from '../activations/hidden.js';
import type { RunJob } from '../compare/job.js';
import type { Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import { makeDataset } from '../datasets/registry.js';
import { describeLinearInit, resolveLinearInit } from '../init/linear-init.js';
import { runSpec, type SpecResult, type TrainingSpec, validateSpec } from '../spec/spec.js';
import { InputError, knownKeys, plainObject } from '../validate.js';
import { type CellSettings, optimizerLabel, resolveSweepDataset, type SweepCell, type SweepDataset, type SweepPlan } from './config.js';

/** One run: a training spec's config and the data set's generator settings. */
export interface SweepSpec {
  config: TrainingSpec['config'];
  dataset: SweepDataset;
}

/** The spec of seed `seed` of `cell`: its config exactly as validateSpec would return it. */
export function cellSpec(plan: Pick<SweepPlan, 'epochs' | 'batchSize' | 'dataset'>, cell: SweepCell, seed: number): SweepSpec {
  const single = !cell.listed;
  const first = cell.activations[0]!;
  return {
    config: {
      layers: [...cell.layers],
      ...(single
        ? { activation: first.spec.name, activationOptions: { ...first.values } }
        : { activation: cell.activations.map(activationEntry) }),
      output: 'sigmoid',
      loss: 'bce',
      optimizer: { ...cell.optimizer },
      epochs: plan.epochs,
      batchSize: plan.batchSize,
      shuffle: false,
      seed,
      ...(Object.keys(cell.init).length > 0 ? { init: cell.init } : {}),
    },
    dataset: { ...plan.dataset },
  };
}

/** A spec's cell, as the table and the heat map name it: the same labels resolveSweep gives its cells. */
export function cellOf(spec: SweepSpec): CellSettings {
  const { config } = spec;
  const depth = config.layers.length - 2;
  return {
    activation: describeActivations(resolveHiddenActivations(config.activation, config.activationOptions, depth)),
    init: describeLinearInit(resolveLinearInit(config.init)),
    optimizer: optimizerLabel(config.optimizer),
    lr: config.optimizer.lr,
    depth,
    width: config.layers[1]!,
  };
}

/** The data set a spec's settings generate. */
export function datasetOf(dataset: SweepDataset): Dataset {
  return makeDataset(dataset.name, { samples: dataset.samples, noise: dataset.noise, seed: dataset.seed });
}

/**
 * The full training spec (config and the generated rows) as JSON data: what `actlab train` reads,
 * and validateSpec / runSpec take. `data` defaults to the rows the settings generate.
 */
export function trainingSpecOf(
  spec: SweepSpec,
  data: Dataset = datasetOf(spec.dataset),
): { config: SweepSpec['config']; data: { name: string; X: number[][]; y: number[] } } {
  const X = Array.from({ length: data.nSamples }, (_, i) => Array.from(data.X.subarray(i * data.nFeatures, (i + 1) * data.nFeatures)));
  return { config: spec.config, data: { name: data.name, X, y: Array.from(data.y) } };
}

/** Trains the spec the way `actlab train` does (runSpec), on the rows its settings generate. */
export function runSweepSpec(core: Core, spec: SweepSpec): SpecResult {
  return runSpec(core, validateSpec(trainingSpecOf(spec)));
}

/**
 * The RunJob the pool trains for a spec (one cellSpec or validateSweepSpec gave): seed
 * `config.seed` initialises the network and seeds the trainer's generator (rrelu's slopes), as a
 * spec's one seed does, so both give the same bits.
 */
export function runJobOf(spec: SweepSpec, index: number, label: string): RunJob {
  const { config } = spec;
  const hidden: ActivationInput =
    typeof config.activation === 'string'
      ? { name: config.activation, options: { ...config.activationOptions } }
      : (config.activation as ActivationInput);
  return {
    index,
    activation: label,
    hidden,
    seed: config.seed,
    trainSeed: config.seed,
    ...(config.init === undefined ? {} : { init: config.init }),
    layers: [...config.layers],
    epochs: config.epochs,
    batchSize: config.batchSize,
    optimizer: config.optimizer,
  };
}

/**
 * A spec read back from a file (a plan or results line): its dataset settings and its config
 * checked as `actlab train` checks a spec, every field named under `field`. Returns it in the
 * normal form cellSpec writes, so its key can be recomputed.
 */
export function validateSweepSpec(value: unknown, field = 'spec'): SweepSpec {
  const given = plainObject(field, value);
  knownKeys(field, given, ['config', 'dataset']);
  const dataset = resolveSweepDataset(given.dataset, `${field}.dataset`);
  // validateSpec checks the rows too: two dummy rows of the right width stand in for the generated ones.
  const config = plainObject(`${field}.config`, given.config);
  const width = Array.isArray(config.layers) && typeof config.layers[0] === 'number' ? config.layers[0] : 0;
  const rows = Array.from({ length: 2 }, () => Array.from({ length: width }, () => 0));
  let checked: TrainingSpec;
  try {
    checked = validateSpec({ config, data: { X: rows, y: [0, 1] } });
  } catch (error) {
    if (error instanceof InputError && error.field.startsWith('config'))
      throw new InputError(`${field}.${error.field}`, error.value, error.rule);
    throw error;
  }
  if (checked.config.shuffle) throw new InputError(`${field}.config.shuffle`, true, 'must be false in a sweep (runs train in order)');
  if (checked.config.validationSplit !== undefined || checked.config.torchSeed !== undefined) {
    const key = checked.config.validationSplit !== undefined ? 'validationSplit' : 'torchSeed';
    throw new InputError(`${field}.config.${key}`, config[key], 'is not part of a sweep run');
  }
  return { config: checked.config, dataset };
}
