// The playground's settings and their URL form. Every setting is a query parameter, so a link
// reproduces a run; unknown or malformed values fall back to the default and are reported.
import {
  ACTIVATIONS,
  type ActivationName,
  DATASET_NAMES,
  datasetDefaults,
  getActivation,
  isActivationName,
  isOptimizerName,
  OPTIMIZER_NAMES,
  type OptimizerInput,
  type OptimizerName,
  resolveActivationOptions,
  takesSetting,
} from '../../src/index.js';

export type Mode = 'single' | 'compare';
export type DatasetName = (typeof DATASET_NAMES)[number];
/** Epochs per second, or 0 for as fast as the machine goes. */
export type Speed = number;

export interface Settings {
  mode: Mode;
  dataset: DatasetName;
  samples: number;
  noise: number;
  dataSeed: number;
  /** Hidden layers and units per hidden layer: layers = [2, width × hidden, 1]. */
  hidden: number;
  width: number;
  activation: ActivationName;
  /** The activations trained side by side in compare mode. */
  compare: ActivationName[];
  /** Option values per activation, only where they differ from the registry's defaults. */
  options: Record<string, Record<string, number>>;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  batchSize: number;
  epochs: number;
  seed: number;
  speed: Speed;
}

/** The tutorial's run: make_circles(1000, noise 0.1, random_state 42), 2→5→5→5→5→1, relu, Adam 1e-4, batch 32, 300 epochs. */
export const DEFAULTS: Readonly<Settings> = Object.freeze<Settings>({
  mode: 'single',
  dataset: 'circles',
  samples: 1000,
  noise: 0.1,
  dataSeed: 42,
  hidden: 4,
  width: 5,
  activation: 'relu',
  compare: ['relu', 'sigmoid', 'tanh', 'leaky_relu'],
  options: {},
  optimizer: 'adam',
  lr: 1e-4,
  momentum: 0,
  batchSize: 32,
  epochs: 300,
  seed: 0,
  speed: 100,
});

/**
 * Allowed ranges: wide enough to explore, small enough that a typo cannot freeze the tab. lr and
 * momentum lie within the optimizer registry's rules (tests/optimizers.test.ts checks), which
 * resolveOptimizer applies to every run.
 */
export const LIMITS = {
  samples: [2, 10_000],
  noise: [0, 10],
  dataSeed: [0, 0xffffffff],
  hidden: [1, 10],
  width: [1, 64],
  lr: [1e-8, 10],
  momentum: [0, 0.999],
  batchSize: [1, 100_000],
  epochs: [1, 5_000],
  seed: [0, 0xffffffff],
  speed: [0, 100_000],
} as const satisfies Record<string, readonly [number, number]>;

/** The speeds offered in the UI (epochs per second; 0 = max). */
export const SPEEDS: readonly Speed[] = [10, 30, 100, 300, 0];

export const ACTIVATION_NAMES: readonly ActivationName[] = ACTIVATIONS.map((a) => a.name);

/** Layer sizes, input first. */
export function layersOf(s: Settings): number[] {
  return [2, ...Array.from({ length: s.hidden }, () => s.width), 1];
}

/** The optimizer as the library takes it. */
export function optimizerOf(s: Settings): OptimizerInput {
  return { name: s.optimizer, lr: s.lr, ...(takesSetting(s.optimizer, 'momentum') ? { momentum: s.momentum } : {}) };
}

/** An activation's options with the defaults filled in. */
export function optionsOf(s: Settings, activation: string): Record<string, number> {
  return { ...getActivation(activation).options, ...(s.options[activation] ?? {}) };
}

/** The activations a run of these settings trains: one, or the compared ones. */
export function activationsOf(s: Settings): ActivationName[] {
  return s.mode === 'compare' ? s.compare : [s.activation];
}

const INTEGERS = new Set(['samples', 'dataSeed', 'hidden', 'width', 'batchSize', 'epochs', 'seed']);

/** URL names of the numeric settings (the short ones people type). */
const PARAM: Record<keyof typeof LIMITS, string> = {
  samples: 'samples',
  noise: 'noise',
  dataSeed: 'dataSeed',
  hidden: 'hidden',
  width: 'width',
  lr: 'lr',
  momentum: 'momentum',
  batchSize: 'batch',
  epochs: 'epochs',
  seed: 'seed',
  speed: 'speed',
};

/** Parses and checks a numeric setting; returns an error message instead of a value when it is bad. */
export function checkNumber(key: keyof typeof LIMITS, text: string): number | string {
  const value = text.trim() === '' ? NaN : Number(text);
  const [min, max] = LIMITS[key];
  if (!Number.isFinite(value)) return `${PARAM[key]} must be a number, got ${JSON.stringify(text)}`;
  if (INTEGERS.has(key) && !Number.isInteger(value)) return `${PARAM[key]} must be an integer, got ${text}`;
  if (value < min || value > max) return `${PARAM[key]} must be in [${min}, ${max}], got ${text}`;
  if (key === 'lr' && value <= 0) return `lr must be > 0, got ${text}`;
  return value;
}

/** Checks an activation's options with the library's own validation; null when they are fine. */
export function checkOptions(activation: string, options: Record<string, number>): string | null {
  try {
    resolveActivationOptions(activation, options);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface ParsedSettings {
  settings: Settings;
  /** One message per parameter that was ignored. */
  problems: string[];
  autostart: boolean;
}

/** Settings from a query string (`?dataset=moons&activation=tanh&…`); anything missing is the default. */
export function settingsFromQuery(query: string): ParsedSettings {
  const params = new URLSearchParams(query);
  const problems: string[] = [];
  const s: Settings = structuredClone({ ...DEFAULTS }) as Settings;

  const mode = params.get('mode');
  if (mode !== null) {
    if (mode === 'single' || mode === 'compare') s.mode = mode;
    else problems.push(`mode must be single or compare, got ${JSON.stringify(mode)}`);
  }
  const dataset = params.get('dataset');
  if (dataset !== null) {
    if ((DATASET_NAMES as readonly string[]).includes(dataset)) {
      s.dataset = dataset as DatasetName;
      // Each data set has its own default noise (spiral's is 0.05).
      s.noise = datasetDefaults(dataset).noise;
    } else {
      problems.push(`dataset must be one of ${DATASET_NAMES.join(', ')}, got ${JSON.stringify(dataset)}`);
    }
  }
  for (const key of Object.keys(PARAM) as (keyof typeof LIMITS)[]) {
    const text = params.get(PARAM[key]);
    if (text === null) continue;
    const value = checkNumber(key, text);
    if (typeof value === 'string') problems.push(value);
    else s[key] = value;
  }
  const optimizer = params.get('optimizer');
  if (optimizer !== null) {
    if (isOptimizerName(optimizer)) s.optimizer = optimizer;
    else problems.push(`optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got ${JSON.stringify(optimizer)}`);
  }
  const activation = params.get('activation');
  if (activation !== null) {
    if (isActivationName(activation)) s.activation = activation;
    else problems.push(`activation must be one of ${ACTIVATION_NAMES.join(', ')}, got ${JSON.stringify(activation)}`);
  }
  const compare = params.get('compare');
  if (compare !== null) {
    const names = [
      ...new Set(
        compare
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n !== ''),
      ),
    ];
    const unknown = names.filter((n) => !isActivationName(n));
    if (unknown.length > 0) problems.push(`compare: unknown activation ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
    const known = names.filter(isActivationName);
    if (known.length > 0) s.compare = known;
  }
  // Activation options: `leaky_relu.negativeSlope=0.2`.
  const entries: [string, string][] = [];
  params.forEach((text, key) => {
    entries.push([key, text]);
  });
  for (const [key, text] of entries) {
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    const name = key.slice(0, dot);
    const option = key.slice(dot + 1);
    if (!isActivationName(name) || !(option in getActivation(name).options)) {
      problems.push(`unknown activation option ${key}`);
      continue;
    }
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      problems.push(`${key} must be a number, got ${JSON.stringify(text)}`);
      continue;
    }
    const next = { ...(s.options[name] ?? {}), [option]: value };
    const problem = checkOptions(name, next);
    if (problem) problems.push(`${key}: ${problem}`);
    else s.options[name] = next;
  }
  s.options = normaliseOptions(s.options);
  const autostart = ['1', 'true', 'yes'].includes(params.get('autostart') ?? '');
  return { settings: s, problems, autostart };
}

/** Drops options equal to their defaults (and empty entries), so URLs stay short. */
export function normaliseOptions(options: Settings['options']): Settings['options'] {
  const out: Settings['options'] = {};
  for (const [name, values] of Object.entries(options)) {
    const defaults = getActivation(name).options;
    const changed = Object.entries(values).filter(([k, v]) => defaults[k] !== v);
    if (changed.length > 0) out[name] = Object.fromEntries(changed);
  }
  return out;
}

/** The query string for `s`: every setting, in a fixed order; options only where not the default. */
export function settingsToQuery(s: Settings, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('mode', s.mode);
  params.set('dataset', s.dataset);
  params.set('samples', String(s.samples));
  params.set('noise', String(s.noise));
  params.set('dataSeed', String(s.dataSeed));
  params.set('hidden', String(s.hidden));
  params.set('width', String(s.width));
  params.set('activation', s.activation);
  params.set('compare', s.compare.join(','));
  for (const name of [...new Set([s.activation, ...s.compare])]) {
    for (const [option, value] of Object.entries(s.options[name] ?? {})) params.set(`${name}.${option}`, String(value));
  }
  params.set('optimizer', s.optimizer);
  params.set('lr', String(s.lr));
  if (takesSetting(s.optimizer, 'momentum')) params.set('momentum', String(s.momentum));
  params.set('batch', String(s.batchSize));
  params.set('epochs', String(s.epochs));
  params.set('seed', String(s.seed));
  params.set('speed', String(s.speed));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  // URLSearchParams writes the dot and comma escaped; both are safe in a query.
  return params.toString().replace(/%2C/g, ',');
}
