import {
  type ActivationEntry,
  type ActivationInput,
  activationEntry,
  resolveHiddenActivations,
  stateTensors,
} from '../activations/hidden.js';
import type { Core } from '../core/load.js';
import type { Dataset } from '../datasets/dataset.js';
import { datasetFromArrays } from '../datasets/from-arrays.js';
import { validationShare } from '../datasets/split.js';
import { type LinearInitInput, linearInitInput, resolveLinearInit } from '../init/linear-init.js';
import { MAX_BATCH_SIZE, MAX_EPOCHS } from '../limits.js';
import { Mlp } from '../model/mlp.js';
import { flattenStateDict, type StateDict } from '../model/state-dict.js';
import { type OptimizerConfig, resolveOptimizer } from '../optim/config.js';
import { torchSeedValue } from '../random/torch-generator.js';
import { checkHistogramEpochs, resolveTelemetry, type TelemetryOptions } from '../train/mechanism.js';
import { type History, train } from '../train/train.js';
import {
  asWritten,
  booleanValue,
  InputError,
  integerAtLeast,
  knownKeys,
  layerSizes,
  NON_FINITE_MARKER,
  plainObject,
  seedValue,
  withDefault,
} from '../validate.js';

/**
 * A training run as the PyTorch references write it (tests/reference/README.md): `config`, `data` and an
 * optional `init` state dict. Other top-level keys of a fixture (`name`, `about`, `expected`) are
 * carried along and ignored.
 */
export interface TrainingSpec {
  config: {
    layers: number[];
    /** One activation for every hidden layer (its options in activationOptions), or one entry per hidden layer. */
    activation: ActivationInput;
    /** The single activation's options, every one filled in; absent with a list. */
    activationOptions?: Record<string, number | string>;
    output: 'sigmoid';
    loss: 'bce';
    optimizer: OptimizerConfig;
    epochs: number;
    batchSize: number;
    shuffle: boolean;
    /** Seed of the initialisation when there is no `init` (and no torchSeed), and of the shuffling. Default 0. */
    seed: number;
    /** torch.manual_seed's seed: initialise as PyTorch's nn.Linear does after it, bit for bit (instead of `seed`'s init). */
    torchSeed?: number;
    /** The weight and bias initialisers (torch.nn.init's, docs/initialisers.md); nn.Linear's default where left out. Not with a state dict `init`. */
    init?: LinearInitInput;
    /** Hold out this share of the rows (stratified, seeded by `seed`) as a validation set; not with `validation`. */
    validationSplit?: number;
    /** The mechanism telemetry to gather (TrainOptions.telemetry): { gradients, activations, weights, histogramEpochs }. */
    telemetry?: TelemetryOptions;
  };
  data: Dataset;
  /** An explicit validation set in `data`'s form, evaluated after every epoch (valBce, valAccuracy). */
  validation?: Dataset;
  init?: unknown;
}

export interface SpecResult extends History {
  /** The state dict after the last epoch. */
  final: StateDict;
}

const SPEC_KEYS = ['name', 'about', 'config', 'data', 'validation', 'init', 'expected'];
const CONFIG_KEYS = [
  'layers',
  'activation',
  'activationOptions',
  'output',
  'loss',
  'optimizer',
  'epochs',
  'batchSize',
  'shuffle',
  'seed',
  'torchSeed',
  'init',
  'validationSplit',
  'telemetry',
];
const DATA_KEYS = ['name', 'X', 'y'];
/** A JSON string (skipped whole, so its text is never touched) or a bare non-finite token. */
const STRING_OR_NON_FINITE = /"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g;

/** Parses a spec's JSON text. Python writes NaN/Infinity bare; they are kept so validation can name the field. */
export function parseSpecText(text: string, source = 'spec'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    try {
      // Only tokens outside strings are marked: a string holding "NaN" or "1, Infinity]" stays as written.
      return JSON.parse(text.replace(STRING_OR_NON_FINITE, (match, token?: string) => (token ? `"${NON_FINITE_MARKER}${token}"` : match)));
    } catch {
      throw new InputError(source, (error as Error).message, 'is not valid JSON');
    }
  }
}

/**
 * Validates a parsed spec completely before anything runs; the first problem is named by its path.
 * Unknown keys are rejected at every level, and only an absent key takes its default (null is an error).
 */
export function validateSpec(value: unknown): TrainingSpec {
  const spec = plainObject('spec', value);
  knownKeys('', spec, SPEC_KEYS);
  const config = plainObject('config', spec.config);
  knownKeys('config', config, CONFIG_KEYS);
  const layers = layerSizes('config.layers', config.layers);
  if (layers[layers.length - 1] !== 1) {
    throw new InputError(
      `config.layers[${layers.length - 1}]`,
      layers[layers.length - 1],
      'must be 1: the output is one sigmoid unit for BCE',
    );
  }
  if (config.activation === undefined)
    throw new InputError('config.activation', undefined, 'is missing (a registered activation name, { name, options } or a list)');
  const fields = { activation: 'config.activation', activationOptions: 'config.activationOptions' };
  const activations = resolveHiddenActivations(config.activation, config.activationOptions, layers.length - 2, fields, layers.slice(1, -1));
  const state = stateTensors(activations, layers, fields.activation);
  const entries: ActivationEntry[] = activations.map(activationEntry);
  // Written back as given: one activation (every option filled in), or one entry per hidden layer.
  const single = Array.isArray(config.activation)
    ? undefined
    : (activations[0] ?? resolveHiddenActivations(config.activation, config.activationOptions, 1, fields)[0]);
  if (withDefault(config.output, 'sigmoid') !== 'sigmoid') throw new InputError('config.output', config.output, 'must be "sigmoid"');
  if (withDefault(config.loss, 'bce') !== 'bce') throw new InputError('config.loss', config.loss, 'must be "bce"');
  const data = plainObject('data', spec.data);
  knownKeys('data', data, DATA_KEYS);
  const name = withDefault(data.name, 'data');
  // asWritten: a bare NaN is a number, even though parsing marked it as a string.
  if (typeof name !== 'string' || asWritten(name) !== name) throw new InputError('data.name', name, 'must be a string');
  const dataset = datasetFromArrays(data.X, data.y, name);
  if (dataset.nFeatures !== layers[0]) {
    throw new InputError(
      'data.X[0]',
      `${dataset.nFeatures} values`,
      `must have ${layers[0]} values, the network's input size (config.layers[0])`,
    );
  }
  // Checked here as well as when loaded, so a bad tensor is reported before anything is allocated.
  if (spec.init !== undefined) flattenStateDict('init', spec.init, layers, state);
  const epochs = integerAtLeast('config.epochs', withDefault(config.epochs, 300), 1, MAX_EPOCHS);
  const initialisers = config.init === undefined ? undefined : resolveLinearInit(config.init, 'config.init');
  const validationSplit =
    config.validationSplit === undefined ? undefined : validationShare('config.validationSplit', config.validationSplit);
  const validation = spec.validation === undefined ? undefined : validationSet(spec.validation, dataset.nFeatures);
  const telemetry = config.telemetry === undefined ? undefined : (config.telemetry as TelemetryOptions);
  if (telemetry !== undefined)
    checkHistogramEpochs(resolveTelemetry(telemetry, 'config.telemetry'), epochs, 'config.telemetry.histogramEpochs');
  if (validation && validationSplit !== undefined) {
    throw new InputError('config.validationSplit', validationSplit, 'cannot be combined with `validation` (give one)');
  }
  if (initialisers && spec.init !== undefined) {
    throw new InputError('config.init', config.init, 'cannot be combined with the state dict `init` (it replaces every initial value)');
  }
  return {
    config: {
      layers,
      ...(single ? { activation: single.spec.name, activationOptions: { ...single.values } } : { activation: entries }),
      output: 'sigmoid',
      loss: 'bce',
      optimizer: resolveOptimizer(withDefault(config.optimizer, { name: 'adam', lr: 1e-4 }), 'config.optimizer'),
      epochs,
      batchSize: integerAtLeast('config.batchSize', withDefault(config.batchSize, 32), 1, MAX_BATCH_SIZE),
      shuffle: booleanValue('config.shuffle', withDefault(config.shuffle, false)),
      seed: seedValue('config.seed', withDefault(config.seed, 0)),
      ...(config.torchSeed === undefined ? {} : { torchSeed: torchSeedNumber('config.torchSeed', config.torchSeed) }),
      ...(initialisers ? { init: linearInitInput(initialisers) } : {}),
      ...(validationSplit === undefined ? {} : { validationSplit }),
      ...(telemetry === undefined ? {} : { telemetry }),
    },
    data: dataset,
    ...(validation ? { validation } : {}),
    init: spec.init,
  };
}

/** A spec's `validation`: { X, y, name? } as `data`, with as many features. */
function validationSet(value: unknown, nFeatures: number): Dataset {
  const given = plainObject('validation', value);
  knownKeys('validation', given, DATA_KEYS);
  const name = withDefault(given.name, 'validation');
  if (typeof name !== 'string' || asWritten(name) !== name) throw new InputError('validation.name', name, 'must be a string');
  const set = datasetFromArrays(given.X, given.y, name, 'validation');
  if (set.nFeatures !== nFeatures)
    throw new InputError('validation.X[0]', `${set.nFeatures} values`, `must have ${nFeatures} values, as data.X`);
  return set;
}

/** A torch seed written in JSON: an integer in [0, 2^53) (JSON numbers beyond it are not exact), or an InputError naming `field`. */
function torchSeedNumber(field: string, value: unknown): number {
  const seed = torchSeedValue(field, value);
  if (seed > BigInt(Number.MAX_SAFE_INTEGER))
    throw new InputError(field, value, 'must be at most 2^53 - 1 in a spec (JSON numbers beyond it are not exact)');
  return Number(seed);
}

/** Builds the spec's model (from `init` when given), trains it and returns the history and final weights. */
export function runSpec(core: Core, spec: TrainingSpec, onEpoch?: (epoch: number, history: History) => void): SpecResult {
  const { config } = spec;
  const model = new Mlp(core, {
    layers: config.layers,
    activation: config.activation,
    activationOptions: config.activationOptions,
    ...(config.torchSeed === undefined ? { seed: config.seed } : { torchSeed: config.torchSeed }),
    ...(config.init ? { init: config.init } : {}),
  });
  try {
    if (spec.init !== undefined) model.loadStateDict(spec.init, 'init');
    const history = train(model, spec.data, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer: config.optimizer,
      shuffle: config.shuffle,
      seed: config.seed,
      ...(config.validationSplit === undefined ? {} : { validationSplit: config.validationSplit }),
      ...(spec.validation ? { validationData: spec.validation } : {}),
      ...(config.telemetry ? { telemetry: config.telemetry } : {}),
      ...(onEpoch ? { onEpoch } : {}),
    });
    return { ...history, final: model.stateDict() };
  } finally {
    // The model lives only for this run: give its memory back to the core.
    model.dispose();
  }
}
