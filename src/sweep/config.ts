// A sweep as the user writes it (SWEEP.json) and as it is resolved: every axis checked, element by
// element, before anything runs, each failure an InputError naming its field
// (`sweep.optimizers[1].momentum`), with the tutorial's setting for any axis left out.
// Platform-neutral.
import { type ActivationInput, describeActivations, resolveHiddenActivations } from '../activations/hidden.js';
import type { ResolvedActivation } from '../activations/registry.js';
import { DATASET_NAMES, datasetDefaults, isDatasetName } from '../datasets/registry.js';
import { checkSamplesAndNoise, N_FEATURES } from '../datasets/rows.js';
import { describeLinearInit, type LinearInitInput, linearInitInput, resolveLinearInit } from '../init/linear-init.js';
import { MAX_BATCH_SIZE, MAX_EPOCHS, MAX_LAYER_SIZE } from '../limits.js';
import { type OptimizerConfig, resolveOptimizer } from '../optim/config.js';
import { getOptimizer, type HyperValue, type OptimizerSpec } from '../optim/registry.js';
import {
  arrayValue,
  float32Number,
  InputError,
  integerAtLeast,
  knownKeys,
  oneOf,
  plainObject,
  positiveNumber,
  seedValue,
  withDefault,
} from '../validate.js';

/** The axes a sweep can vary, as the table's columns and the heat map's axes name them. */
export const SWEEP_AXES = ['activation', 'init', 'optimizer', 'lr', 'depth', 'width'] as const;
export type SweepAxis = (typeof SWEEP_AXES)[number];

/** The tutorial's settings, taken for every axis or setting a sweep leaves out (the same as `actlab compare` with no options). */
export const SWEEP_DEFAULTS = {
  activations: ['relu', 'sigmoid', 'tanh', 'relu6', 'leaky_relu'],
  initialisers: [{}],
  optimizers: [{ name: 'adam' }],
  lr: 1e-4,
  depths: [4],
  widths: [5],
  seeds: 1,
  epochs: 300,
  batchSize: 32,
  dataset: 'circles',
} as const;

/** A sweep's size limits: past them a typo would run for days or build a network of a million layers. */
export const SWEEP_LIMITS = { runs: 100_000, depth: 1000, seeds: 1000 } as const;

/** SWEEP.json: every key optional. */
export interface SweepInput {
  name?: string;
  about?: string;
  /** Each a name, { name, options }, or a list with one per hidden layer (as compare's --activations). */
  activations?: ActivationInput[];
  /** Each { weight?, bias? } (torch.nn.init's initialisers); {} is nn.Linear's default. */
  initialisers?: LinearInitInput[];
  /** Each an optimizer's settings, `name` required: { name: 'sgd', momentum: 0.9 }; with `lrs`, without `lr`. */
  optimizers?: Record<string, unknown>[];
  lrs?: number[];
  /** Hidden layer counts. */
  depths?: number[];
  /** Units per hidden layer. */
  widths?: number[];
  /** Initialisations per cell: seeds 0..seeds-1. */
  seeds?: number;
  epochs?: number;
  batchSize?: number;
  /** A generated data set, as compare's --dataset, --samples, --noise and --data-seed. */
  dataset?: { name?: string; samples?: number; noise?: number; seed?: number };
  /** The heat map's axes; default the first two axes with more than one value. */
  heatmap?: { x: SweepAxis; y: SweepAxis };
}

/** The data set's generator settings, every one filled in: what a run's line records instead of its rows. */
export interface SweepDataset {
  name: string;
  samples: number;
  noise: number;
  seed: number;
}

/** One cell's settings: the label of each axis's value (numbers for lr, depth and width). */
export interface CellSettings {
  activation: string;
  init: string;
  optimizer: string;
  lr: number;
  depth: number;
  width: number;
}

/** One grid cell: what its runs train, seed aside. */
export interface SweepCell {
  settings: CellSettings;
  layers: number[];
  /** One resolved activation per hidden layer. */
  activations: readonly ResolvedActivation[];
  /** True when the user wrote a list (one entry per hidden layer): a spec writes it back entry by entry. */
  listed: boolean;
  init: LinearInitInput;
  optimizer: OptimizerConfig;
}

/** A validated sweep: its cells in cross-product order (activation outermost, width innermost) and the fixed settings. */
export interface SweepPlan {
  name?: string;
  cells: SweepCell[];
  seeds: number;
  epochs: number;
  batchSize: number;
  dataset: SweepDataset;
  /** Each axis's values in the order given, as the cells' settings show them. */
  axes: { [A in SweepAxis]: CellSettings[A][] };
  heatmap: { x: SweepAxis; y: SweepAxis };
}

const SWEEP_KEYS = [
  'name',
  'about',
  'activations',
  'initialisers',
  'optimizers',
  'lrs',
  'depths',
  'widths',
  'seeds',
  'epochs',
  'batchSize',
  'dataset',
  'heatmap',
];

/** An axis: a non-empty array (the default when left out), each value checked by `each` under `field[i]`. */
function axis<T>(field: string, value: unknown, fallback: readonly unknown[], each: (field: string, value: unknown) => T): T[] {
  const values = value === undefined ? fallback : arrayValue(field, value);
  if (values.length === 0) throw new InputError(field, value, 'must list at least one value (leave it out for the default)');
  return values.map((v, i) => each(`${field}[${i}]`, v));
}

/** Refuses the same value twice on one axis: it would train the same cells twice. */
function distinct(field: string, labels: readonly unknown[]): void {
  const at = labels.findIndex((label, i) => labels.indexOf(label) !== i);
  if (at !== -1) {
    const first = labels.indexOf(labels[at]);
    throw new InputError(`${field}[${at}]`, labels[at], `is the same as ${field}[${first}] (each value once)`);
  }
}

/** `SGD momentum 0.9`, `Adam`: the optimizer and its settings off their defaults, without lr (an axis of its own). */
export function optimizerLabel(config: OptimizerConfig): string {
  const spec: OptimizerSpec = getOptimizer(config.name);
  const settings = config as unknown as Readonly<Record<string, HyperValue>>;
  const parts = spec.hyper
    .filter((h) => h.key !== 'lr')
    .flatMap((h) => {
      const value = settings[h.key]!;
      if (h.type === 'boolean') return value === true ? [h.label] : [];
      const same = Array.isArray(value)
        ? value.every((v, i) => v === (h.default as readonly number[] | undefined)?.[i])
        : value === h.default;
      return same ? [] : [`${h.label} ${Array.isArray(value) ? value.join('/') : String(value)}`];
    });
  return [spec.label, ...parts].join(' ');
}

/** `sweep.dataset`: a generated set, every setting filled in; the generator's own messages, renamed under `field`. */
export function resolveSweepDataset(value: unknown, field = 'sweep.dataset'): SweepDataset {
  const given = plainObject(field, withDefault(value, {}));
  knownKeys(field, given, ['name', 'samples', 'noise', 'seed']);
  const name = withDefault(given.name, SWEEP_DEFAULTS.dataset);
  if (!isDatasetName(name)) throw new InputError(`${field}.name`, name, `must be one of ${DATASET_NAMES.join(', ')}`);
  const defaults = datasetDefaults(name);
  const settings = {
    samples: withDefault(given.samples, defaults.samples),
    noise: withDefault(given.noise, defaults.noise),
    seed: withDefault(given.seed, defaults.seed),
  };
  try {
    // The generator's own checks (makeDataset's), without drawing the rows.
    checkSamplesAndNoise(settings.samples, settings.noise, 'samples');
    seedValue('seed', settings.seed);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${field}.${error.field}`, error.value, error.rule);
    throw error;
  }
  return { name, ...(settings as { samples: number; noise: number; seed: number }) };
}

/**
 * Validates a parsed SWEEP.json completely and resolves it into its cells. Only an absent key takes
 * its default; null, unknown keys, empty axes and a value listed twice are refused, and every
 * activation is resolved against every depth and width it will train with.
 */
export function resolveSweep(value: unknown, field = 'sweep'): SweepPlan {
  const sweep = plainObject(field, value);
  knownKeys(field, sweep, SWEEP_KEYS);
  for (const key of ['name', 'about'] as const) {
    if (sweep[key] !== undefined && typeof sweep[key] !== 'string') throw new InputError(`${field}.${key}`, sweep[key], 'must be a string');
  }
  const seeds = integerAtLeast(`${field}.seeds`, withDefault(sweep.seeds, SWEEP_DEFAULTS.seeds), 1, SWEEP_LIMITS.seeds);
  const epochs = integerAtLeast(`${field}.epochs`, withDefault(sweep.epochs, SWEEP_DEFAULTS.epochs), 1, MAX_EPOCHS);
  const batchSize = integerAtLeast(`${field}.batchSize`, withDefault(sweep.batchSize, SWEEP_DEFAULTS.batchSize), 1, MAX_BATCH_SIZE);
  const dataset = resolveSweepDataset(sweep.dataset, `${field}.dataset`);

  const depths = axis(`${field}.depths`, sweep.depths, SWEEP_DEFAULTS.depths, (f, v) => integerAtLeast(f, v, 1, SWEEP_LIMITS.depth));
  distinct(`${field}.depths`, depths);
  const widths = axis(`${field}.widths`, sweep.widths, SWEEP_DEFAULTS.widths, (f, v) => integerAtLeast(f, v, 1, MAX_LAYER_SIZE));
  distinct(`${field}.widths`, widths);
  const lrsGiven = sweep.lrs !== undefined;
  const lrs = lrsGiven ? axis(`${field}.lrs`, sweep.lrs, [], (f, v) => float32Number(f, positiveNumber(f, v))) : [];
  distinct(`${field}.lrs`, lrs);

  // With `lrs`, each optimizer is resolved at every rate (a rule across settings may involve lr);
  // without, at its own lr or the tutorial's.
  const optimizerInputs = axis(`${field}.optimizers`, sweep.optimizers, SWEEP_DEFAULTS.optimizers, (f, v) => {
    const entry = plainObject(f, v);
    if (lrsGiven && entry.lr !== undefined) {
      throw new InputError(`${f}.lr`, entry.lr, `cannot be combined with ${field}.lrs (the rates are that axis: leave lr out here)`);
    }
    return { field: f, entry };
  });
  const optimizers = optimizerInputs.map(({ field: f, entry }) => {
    const rates = lrsGiven ? lrs : [withDefault(entry.lr, SWEEP_DEFAULTS.lr)];
    const configs = rates.map((lr) => resolveOptimizer({ ...entry, lr }, f));
    return { label: optimizerLabel(configs[0]!), configs };
  });
  distinct(
    `${field}.optimizers`,
    optimizers.map((o) => o.label),
  );
  const lrValues = lrsGiven ? lrs : [...new Set(optimizers.map((o) => o.configs[0]!.lr))];

  const initialisers = axis(`${field}.initialisers`, sweep.initialisers, SWEEP_DEFAULTS.initialisers, (f, v) => {
    const resolved = resolveLinearInit(plainObject(f, v), f);
    return { label: describeLinearInit(resolved), input: linearInitInput(resolved) };
  });
  distinct(
    `${field}.initialisers`,
    initialisers.map((i) => i.label),
  );

  const activationEntries = axis(`${field}.activations`, sweep.activations, SWEEP_DEFAULTS.activations, (f, v) => ({ field: f, input: v }));
  // Every activation against every (depth, width) it will train with: a list must have one entry
  // per hidden layer, and a learned tensor (prelu) must fit the width.
  const resolvedActivations = activationEntries.map(({ field: f, input }) =>
    depths.map((depth) =>
      widths.map((width) => {
        try {
          const hidden = Array.from({ length: depth }, () => width);
          return resolveHiddenActivations(input, undefined, depth, { activation: f, activationOptions: `${f}.options` }, hidden);
        } catch (error) {
          // A problem of the first cell is the entry's own; one of a later cell is the combination's, so that cell is named.
          if (!(error instanceof InputError) || (depth === depths[0] && width === widths[0])) throw error;
          throw new InputError(error.field, error.value, `${error.rule} (in the cells with depth ${depth} and width ${width})`);
        }
      }),
    ),
  );
  const activationLabels = resolvedActivations.map((byDepth) => describeActivations(byDepth[0]![0]!));
  distinct(`${field}.activations`, activationLabels);

  const runs =
    activationEntries.length * initialisers.length * optimizers.length * Math.max(1, lrs.length) * depths.length * widths.length * seeds;
  if (runs > SWEEP_LIMITS.runs) {
    throw new InputError(
      field,
      `${runs} runs`,
      `must have at most ${SWEEP_LIMITS.runs} runs (cells × seeds): split it into several sweeps`,
    );
  }

  const cells: SweepCell[] = [];
  activationEntries.forEach(({ input }, a) => {
    for (const init of initialisers) {
      for (const optimizer of optimizers) {
        for (const config of optimizer.configs) {
          depths.forEach((depth, d) => {
            widths.forEach((width, w) => {
              const activations = resolvedActivations[a]![d]![w]!;
              cells.push({
                settings: {
                  activation: activationLabels[a]!,
                  init: init.label,
                  optimizer: optimizer.label,
                  lr: config.lr,
                  depth,
                  width,
                },
                layers: [N_FEATURES, ...Array.from({ length: depth }, () => width), 1],
                activations,
                listed: Array.isArray(input),
                init: init.input,
                optimizer: config,
              });
            });
          });
        }
      }
    }
  });

  const axes = {
    activation: activationLabels,
    init: initialisers.map((i) => i.label),
    optimizer: optimizers.map((o) => o.label),
    lr: lrValues,
    depth: depths,
    width: widths,
  };
  return {
    ...(typeof sweep.name === 'string' ? { name: sweep.name } : {}),
    cells,
    seeds,
    epochs,
    batchSize,
    dataset,
    axes,
    heatmap: heatmapAxes(`${field}.heatmap`, sweep.heatmap, axes),
  };
}

/** The heat map's axes as given, or the first two that vary (in SWEEP_AXES order), padded with the first fixed ones. */
function heatmapAxes(field: string, value: unknown, axes: SweepPlan['axes']): { x: SweepAxis; y: SweepAxis } {
  if (value !== undefined) {
    const given = plainObject(field, value);
    knownKeys(field, given, ['x', 'y']);
    const x = oneOf(`${field}.x`, given.x, SWEEP_AXES);
    const y = oneOf(`${field}.y`, given.y, SWEEP_AXES);
    if (x === y) throw new InputError(`${field}.y`, y, `must differ from ${field}.x`);
    return { x, y };
  }
  const order = [...SWEEP_AXES.filter((a) => axes[a].length > 1), ...SWEEP_AXES.filter((a) => axes[a].length <= 1)];
  return { x: order[1]!, y: order[0]! };
}

/** `heatmap` written on the command line (`--heatmap lr,width`): the x axis, then the y axis. */
export function parseHeatmapAxes(text: string, flag = '--heatmap'): { x: SweepAxis; y: SweepAxis } {
  const parts = text.split(',');
  if (parts.length !== 2)
    throw new InputError(flag, text, `must be two axes separated by a comma, x first (axes: ${SWEEP_AXES.join(', ')})`);
  const x = oneOf(`${flag}[0]`, parts[0]!.trim(), SWEEP_AXES);
  const y = oneOf(`${flag}[1]`, parts[1]!.trim(), SWEEP_AXES);
  if (x === y) throw new InputError(flag, text, 'must name two different axes');
  return { x, y };
}

/** How many runs a plan holds. */
export function runCount(plan: Pick<SweepPlan, 'cells' | 'seeds'>): number {
  return plan.cells.length * plan.seeds;
}

/** Its cell's settings on one line: `relu, init default, Adam, lr 0.0001, depth 4, width 5`. */
export function describeCell(settings: CellSettings): string {
  return `${settings.activation}, init ${settings.init}, ${settings.optimizer}, lr ${settings.lr}, depth ${settings.depth}, width ${settings.width}`;
}
