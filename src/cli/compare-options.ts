import { availableParallelism } from 'node:os';
import type { DataSource, StudyConfig } from '../compare/types.js';
import type { ReadCsvOptions } from '../datasets/read-csv.js';
import { DATASET_NAMES } from '../datasets/registry.js';
import { DEFAULT_LINEAR_INIT } from '../init/apply.js';
import { linearInitInput } from '../init/linear-init.js';
import { parseInit } from '../init/registry.js';
import { MAX_BATCH_SIZE, MAX_EPOCHS, MAX_LAYER_SIZE, MAX_SAMPLES, MAX_SEED } from '../limits.js';
import { resolveHyper, resolveOptimizer } from '../optim/config.js';
import {
  getOptimizer,
  type HyperSpec,
  isOptimizerName,
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  type OptimizerName,
  type OptimizerSpec,
  takesSetting,
} from '../optim/registry.js';
import { InputError } from '../validate.js';
import { parseActivationList } from './activation-list.js';
import { countFlag, float32Flag, integerFlag, nonNegativeFlag, numberFlag, positiveFlag } from './options.js';

/** The flags of `actlab compare` as commander hands them over (strings, except booleans). */
export interface CompareFlags {
  activations: string;
  epochs: string;
  batchSize: string;
  lr: string;
  optimizer: string;
  momentum?: string;
  layers: string;
  dataset: string;
  samples: string;
  noise?: string;
  dataSeed: string;
  data?: string;
  maxRows?: string;
  maxLineBytes?: string;
  seeds: string;
  torchSeed?: string;
  init?: string;
  biasInit?: string;
  validationSplit?: string;
  validationData?: string;
  /** --grid key=v1,v2 (repeatable): run a sweep with these axes (src/sweep/grid.ts). */
  grid?: string[];
  telemetry?: string;
  histogramEpochs?: string;
  baseline?: string;
  workers?: string;
  out: string;
  report: boolean;
  json?: boolean;
  quiet?: boolean;
  backend: string;
}

/** The optimizers that take --momentum: those whose registry row has a momentum setting. */
const WITH_MOMENTUM: readonly OptimizerName[] = OPTIMIZER_NAMES.filter((name) => takesSetting(name, 'momentum'));

/** A flag for an optimizer setting: `--weight-decay` for weightDecay (commander hands its value over under the key). */
export interface OptimizerFlag {
  readonly key: string;
  readonly flag: string;
  readonly spec: HyperSpec;
  /** The optimizers that have this setting. */
  readonly optimizers: readonly OptimizerName[];
}

/** Every optimizer setting besides lr and momentum (which have flags of their own), one flag each, from the registry. */
export const OPTIMIZER_FLAGS: readonly OptimizerFlag[] = (() => {
  const flags = new Map<string, OptimizerFlag>();
  for (const row of OPTIMIZERS as readonly OptimizerSpec[]) {
    for (const spec of row.hyper) {
      if (spec.key === 'lr' || spec.key === 'momentum') continue;
      const known = flags.get(spec.key);
      const optimizers = [...(known?.optimizers ?? []), row.name as OptimizerName];
      flags.set(spec.key, { key: spec.key, flag: `--${spec.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, spec, optimizers });
    }
  }
  return [...flags.values()];
})();

/** A setting's flag as commander declares it, and its help line. */
export function optimizerFlagOption({ flag, spec, optimizers }: OptimizerFlag): [string, string] {
  const of = `${alternatives(optimizers.map((name) => getOptimizer(name).label))} (--optimizer ${alternatives(optimizers)})`;
  if (spec.type === 'boolean') return [flag, `${spec.label} on, for ${of}`];
  const what = spec.type === 'pair' ? `<${spec.parts.join(',')}>` : '<x>';
  return [`${flag} ${what}`, `${spec.label} of ${of}; default PyTorch's`];
}

/** "adam or sgd", "adam, sgd or rmsprop". */
/** `a`, `a or b`, `a, b or c`: a list of choices in help and errors. */
export function alternatives(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
}

/** --optimizer's and --momentum's help, from the registry. */
export const OPTIMIZER_HELP = {
  optimizer: `${alternatives(OPTIMIZER_NAMES)}: ${alternatives(OPTIMIZERS.map((o) => o.label))} as torch.optim defines them`,
  momentum: `${alternatives(WITH_MOMENTUM.map((name) => getOptimizer(name).label))} momentum (with --optimizer ${alternatives(WITH_MOMENTUM)})`,
} as const;

/** The highest --max-line-bytes: a valid row is under 100 bytes. */
export const MAX_LINE_BYTES_CAP = 1 << 20;

/** The tutorial's study: what `actlab compare` runs with no options. */
export const COMPARE_DEFAULTS = {
  activations: 'relu,sigmoid,tanh,relu6,leaky_relu',
  epochs: '300',
  batchSize: '32',
  lr: '1e-4',
  optimizer: 'adam',
  layers: '2,5,5,5,5,1',
  dataset: 'circles',
  samples: '1000',
  dataSeed: '42',
  seeds: '1',
  out: 'report',
} as const;

export interface CompareSettings {
  study: Omit<StudyConfig, 'data'>;
  data: Omit<DataSource, 'name'>;
  /** readCsvDataset's limits, from --max-rows and --max-line-bytes (with --data). */
  csvLimits: ReadCsvOptions;
  workers: number;
}

/** The optimizer the flags give; a rule across settings (SGD's nesterov) is reported against its flag. */
function optimizerFromFlags(input: Record<string, unknown>) {
  try {
    return resolveOptimizer(input, '--optimizer');
  } catch (error) {
    const key = error instanceof InputError ? /^--optimizer\.(\w+)$/.exec(error.field)?.[1] : undefined;
    const option = OPTIMIZER_FLAGS.find((o) => o.key === key);
    if (!option) throw error;
    throw new InputError(option.flag, (error as InputError).value, (error as InputError).rule);
  }
}

/** `0.9,0.999` → [0.9, 0.999]: two float32 numbers, named `--betas[0]` and `--betas[1]` on failure. */
function pairFlag(flag: string, text: string): [number, number] {
  const parts = text.split(',');
  if (parts.length !== 2) throw new InputError(flag, text, 'must be two numbers separated by a comma');
  return [float32Flag(`${flag}[0]`, parts[0]!), float32Flag(`${flag}[1]`, parts[1]!)];
}

/** Validates every flag, naming the flag and the value on failure, before anything runs. */
export function parseCompareFlags(flags: CompareFlags, given: (flag: string) => boolean): CompareSettings {
  const optimizerName = flags.optimizer;
  if (!isOptimizerName(optimizerName)) throw new InputError('--optimizer', optimizerName, `must be ${alternatives(OPTIMIZER_NAMES)}`);
  if (flags.momentum !== undefined && !WITH_MOMENTUM.includes(optimizerName))
    throw new InputError('--momentum', flags.momentum, `applies to --optimizer ${alternatives(WITH_MOMENTUM)} only`);
  // The optimizer kernels step in float32: a rate or momentum beyond it would be Infinity there.
  const lr = positiveFlag('--lr', flags.lr, float32Flag);
  const momentum = flags.momentum === undefined ? {} : { momentum: nonNegativeFlag('--momentum', flags.momentum, float32Flag) };
  const settings: Record<string, unknown> = {};
  const flagValues = flags as unknown as Record<string, unknown>;
  for (const option of OPTIMIZER_FLAGS) {
    const text = flagValues[option.key];
    if (text === undefined) continue;
    if (!option.optimizers.includes(optimizerName))
      throw new InputError(option.flag, text, `applies to --optimizer ${alternatives(option.optimizers)} only`);
    const value =
      option.spec.type === 'boolean'
        ? true
        : option.spec.type === 'pair'
          ? pairFlag(option.flag, String(text))
          : float32Flag(option.flag, String(text));
    settings[option.key] = resolveHyper(option.spec, value, option.flag, optimizerName);
  }
  const optimizer = optimizerFromFlags({ name: optimizerName, lr, ...momentum, ...settings });

  const layers = flags.layers.split(',').map((part, i) => countFlag('--layers', part, 1, MAX_LAYER_SIZE, `--layers[${i}]`));
  if (layers.length < 2) throw new InputError('--layers', flags.layers, 'must list at least 2 sizes, input first');
  if (layers.at(-1) !== 1) throw new InputError('--layers', flags.layers, 'must end in 1: the output is one sigmoid unit');
  const listed = parseActivationList(flags.activations, layers);
  const epochs = countFlag('--epochs', flags.epochs, 1, MAX_EPOCHS);
  const initialisers = linearInitInput({
    weight: flags.init === undefined ? DEFAULT_LINEAR_INIT.weight : parseInit(flags.init, '--init', 'weight'),
    bias: flags.biasInit === undefined ? DEFAULT_LINEAR_INIT.bias : parseInit(flags.biasInit, '--bias-init', 'bias'),
  });
  const activations = listed.map((a) => a.label);
  // Only what a plain name does not say: a label that is a name trains that name's defaults.
  const hidden = Object.fromEntries(listed.filter((a) => a.label !== a.input).map((a) => [a.label, a.input]));

  const fromCsv = flags.data !== undefined;
  if (fromCsv) {
    for (const flag of ['--dataset', '--samples', '--noise', '--data-seed']) {
      if (given(flag)) throw new InputError(flag, 'given', 'cannot be combined with --data (the CSV file is the data set)');
    }
  } else if (!(DATASET_NAMES as readonly string[]).includes(flags.dataset)) {
    throw new InputError('--dataset', flags.dataset, `must be one of ${DATASET_NAMES.join(', ')}`);
  }
  const csvLimits = csvLimitFlags(flags, fromCsv);
  const data: Omit<DataSource, 'name'> = fromCsv
    ? { kind: 'csv', path: flags.data!, samples: 0 }
    : {
        kind: flags.dataset,
        samples: countFlag('--samples', flags.samples, 2, MAX_SAMPLES),
        seed: integerFlag('--data-seed', flags.dataSeed, 0, MAX_SEED),
        // The noise scales values bound for f32 memory: 1e39 is refused like a point would be.
        ...(flags.noise !== undefined ? { noise: nonNegativeFlag('--noise', flags.noise, float32Flag) } : {}),
      };

  if (!fromCsv && layers[0] !== 2)
    throw new InputError('--layers', flags.layers, `must start with 2: the ${flags.dataset} data has 2 features`);
  return {
    study: {
      activations,
      ...(Object.keys(hidden).length > 0 ? { hidden } : {}),
      ...(Object.keys(initialisers).length > 0 ? { init: initialisers } : {}),
      ...validationFlags(flags),
      ...telemetryFlags(flags, epochs),
      ...baselineFlag(flags, activations, layers),
      layers,
      epochs,
      batchSize: countFlag('--batch-size', flags.batchSize, 1, MAX_BATCH_SIZE),
      optimizer,
      seeds: integerFlag('--seeds', flags.seeds, 1, 1000),
      // Run k takes torch seed N + k, so N + 999 must stay exact too.
      ...(flags.torchSeed === undefined
        ? {}
        : { torchSeed: integerFlag('--torch-seed', flags.torchSeed, 0, Number.MAX_SAFE_INTEGER - 1000) }),
    },
    data,
    csvLimits,
    workers: flags.workers === undefined ? availableParallelism() : integerFlag('--workers', flags.workers, 1, 256),
  };
}

/** --baseline LABEL: one of the listed activations, as written in --activations (its label). */
function baselineFlag(flags: CompareFlags, activations: readonly string[], layers: readonly number[]): Pick<StudyConfig, 'baseline'> {
  if (flags.baseline === undefined) return {};
  // Written as in --activations; compared by label, so `leaky_relu(negativeSlope=0.01)` is `leaky_relu`.
  const listed = parseActivationList(flags.baseline, layers, '--baseline');
  const label = listed.length === 1 ? activations.find((a) => a === listed[0]!.label) : undefined;
  if (label === undefined) throw new InputError('--baseline', flags.baseline, `must be one of --activations: ${activations.join(', ')}`);
  return { baseline: label };
}

/** The mechanism telemetry's groups, by name: what --telemetry takes. */
export const TELEMETRY_GROUPS = ['gradients', 'activations', 'weights'] as const;

/**
 * --telemetry gradients,activations,weights, all (the default: the study shows the mechanism) or
 * none (the tutorial's telemetry alone), and --histogram-epochs 0,10,299 (by default, with all of
 * it on, the first and the last epoch).
 */
function telemetryFlags(flags: CompareFlags, epochs: number): Pick<StudyConfig, 'telemetry'> {
  const given = flags.telemetry ?? 'all';
  const names = given === 'all' ? [...TELEMETRY_GROUPS] : given === 'none' ? [] : given.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(TELEMETRY_GROUPS as readonly string[]).includes(name)) {
      throw new InputError('--telemetry', name, `must list groups of ${TELEMETRY_GROUPS.join(', ')} (or be all or none)`);
    }
  }
  const histogramEpochs =
    flags.histogramEpochs === undefined
      ? given === 'all'
        ? [...new Set([0, epochs - 1])]
        : []
      : flags.histogramEpochs
          .split(',')
          .map((part, k) => integerFlag('--histogram-epochs', part.trim(), 0, epochs - 1, `--histogram-epochs[${k}]`));
  if (names.length === 0 && histogramEpochs.length === 0) return {};
  return {
    telemetry: {
      ...Object.fromEntries(names.map((name) => [name, true])),
      ...(histogramEpochs.length > 0 ? { histogramEpochs } : {}),
    },
  };
}

/** --validation-split X (a share in (0, 1)) or --validation-data FILE.csv, not both. */
function validationFlags(flags: CompareFlags): Pick<StudyConfig, 'validationSplit' | 'validation'> {
  if (flags.validationSplit !== undefined && flags.validationData !== undefined) {
    throw new InputError('--validation-split', flags.validationSplit, 'cannot be combined with --validation-data (give one)');
  }
  if (flags.validationSplit !== undefined) {
    const share = numberFlag('--validation-split', flags.validationSplit);
    if (!(share > 0 && share < 1)) throw new InputError('--validation-split', flags.validationSplit, 'must be a number in (0, 1)');
    return { validationSplit: share };
  }
  if (flags.validationData !== undefined) return { validation: { kind: 'csv', path: flags.validationData, name: '', samples: 0 } };
  return {};
}

/** --max-rows and --max-line-bytes: CSV limits, so they apply to --data only. */
function csvLimitFlags(flags: CompareFlags, fromCsv: boolean): ReadCsvOptions {
  const limits: ReadCsvOptions = {};
  if (flags.maxRows !== undefined) {
    if (!fromCsv) throw new InputError('--max-rows', flags.maxRows, 'applies to --data only');
    limits.maxRows = integerFlag('--max-rows', flags.maxRows, 1);
  }
  if (flags.maxLineBytes !== undefined) {
    if (!fromCsv) throw new InputError('--max-line-bytes', flags.maxLineBytes, 'applies to --data only');
    // Bounded too: the unfinished line is held in memory, and /dev/zero is one endless line.
    limits.maxLineBytes = integerFlag('--max-line-bytes', flags.maxLineBytes, 1, MAX_LINE_BYTES_CAP);
  }
  return limits;
}
