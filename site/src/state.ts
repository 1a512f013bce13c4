// The playground's settings and their URL form. Every setting is a query parameter, so a link
// reproduces a run; unknown or malformed values fall back to the default and are reported.

import { splitTopLevel } from '../../src/cli/activation-list.js';
import {
  ACTIVATIONS,
  type ActivationEntry,
  type ActivationName,
  DATASET_NAMES,
  type Dataset,
  datasetDefaults,
  formatCall,
  getActivation,
  getInitialiser,
  type HyperSpec,
  type HyperValue,
  INITIALISER_NAMES,
  type InitialiserSpec,
  type InitName,
  type InitOptionValue,
  InputError,
  isActivationName,
  isInitName,
  isOptimizerName,
  type MlpOptions,
  Mt19937,
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  type OptimizerInput,
  type OptimizerName,
  type OptimizerSpec,
  parseCall,
  resolveActivationOptions,
  resolveHiddenActivations,
  resolveInit,
  resolveOptimizer,
  type Split,
  stratifiedSplit,
  torchSeedValue,
  validationShare,
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
  /** Units per hidden layer, first hidden layer first: layers = [2, ...widths, 1]. */
  widths: number[];
  /** The activation of every hidden layer (one-activation mode), unless `layerActivations` gives one per layer. */
  activation: ActivationName;
  /**
   * One-activation mode: one activation per hidden layer, with its options (only those not at the
   * registry's defaults), as many as `widths`; null = `activation` (with `options`) for every layer.
   */
  layerActivations: LayerActivation[] | null;
  /** The activations trained side by side in compare mode. */
  compare: ActivationName[];
  /**
   * Option values per activation as the user writes them (a number, or a choice's string: gelu's
   * approximate 'tanh'), only where they differ from the registry's defaults.
   */
  options: Record<string, Record<string, OptionValue>>;
  optimizer: OptimizerName;
  /**
   * Every setting of the selected optimizer's registry row, lr included, by its key: PyTorch's
   * defaults, but lr the tutorial's 1e-4 (PLAYGROUND_LR).
   */
  hyper: Record<string, HyperValue>;
  batchSize: number;
  epochs: number;
  seed: number;
  /** n: initialise as PyTorch does after torch.manual_seed(n), instead of `seed`; '' = off. Decimal digits (it may exceed 2^53). */
  torchSeed: string;
  /** The initialisers of every nn.Linear's weight and bias (`default`: nn.Linear's own). */
  init: Record<InitRole, InitSetting>;
  /**
   * The Trainer's validationSplit: this share of the rows (per class) is held out and never
   * trained on, in (0, 1); 0 = off (every row is trained on).
   */
  validationSplit: number;
  speed: Speed;
  /** Whether the unit view (the network diagram) is shown; the URL says `units=0` when it is not. */
  showUnits: boolean;
}

/** An activation option's value as the user writes it: a number, or one of a choice option's strings. */
export type OptionValue = number | string;

/** One hidden layer's activation: its name and the options that differ from the registry's defaults. */
export interface LayerActivation {
  name: ActivationName;
  options: Record<string, OptionValue>;
}

/** A tensor of an nn.Linear: its weight or its bias. */
export type InitRole = 'weight' | 'bias';
export const INIT_ROLES: readonly InitRole[] = ['weight', 'bias'];

/** An initialiser as the playground holds it: a registry name and every option, defaults filled (a required one only once given). */
export interface InitSetting {
  name: InitName;
  options: Record<string, InitOptionValue>;
}

/** The URL parameter (and form control) of a role's initialiser; its options are `weightInit.gain`. */
export const INIT_PARAM: Readonly<Record<InitRole, string>> = { weight: 'weightInit', bias: 'biasInit' };

/** An initialiser's options in PyTorch's argument order: the required ones, then those with defaults. */
export function initOptionKeys(name: InitName): string[] {
  const row: InitialiserSpec = getInitialiser(name);
  return [...(row.required ?? []), ...Object.keys(row.options)];
}

/** An initialiser at its registry row's defaults (PyTorch's). */
export function initDefaults(name: InitName): InitSetting {
  return { name, options: { ...getInitialiser(name).options } };
}

/** The initialisers a role's menu offers: every row, but for a bias those that need no fans (PyTorch refuses the others for a 1-D tensor). */
export function initNamesFor(role: InitRole): InitName[] {
  return INITIALISER_NAMES.filter((name) => role === 'weight' || !getInitialiser(name).needsFans);
}

/** The form control of an initialiser's option: `weightInit.gain`. */
export function initControl(role: InitRole, key: string): string {
  return `${INIT_PARAM[role]}.${key}`;
}

/**
 * Checks a role's initialiser with the library's own validator (resolveInit, for that role); null
 * when it is fine. The problem names the control: the option's (`weightInit.gain`), or the menu's.
 */
export function checkInit(role: InitRole, setting: InitSetting): HyperProblem | null {
  try {
    resolveInit({ name: setting.name, options: setting.options }, role, role);
    return null;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const prefix = `${role}.options.`;
    const option = error.field.startsWith(prefix) ? error.field.slice(prefix.length) : undefined;
    return { control: option === undefined ? INIT_PARAM[role] : initControl(role, option), rule: error.rule, value: error.value };
  }
}

/** An option's value from its text: a choice as it is (the validator checks it), a number parsed. */
export function initOptionFromText(name: InitName, key: string, control: string, text: string): InitOptionValue | HyperProblem {
  return getInitialiser(name).choices?.[key] ? text : numberText(control, text);
}

/** The Mlp's `init` option for these settings: only the roles not at nn.Linear's default; undefined when both are. */
export function initOf(s: Settings): MlpOptions['init'] {
  const init: NonNullable<MlpOptions['init']> = {};
  for (const role of INIT_ROLES) {
    const { name, options } = s.init[role];
    if (name !== 'default') init[role] = { name, options: { ...options } };
  }
  return Object.keys(init).length > 0 ? init : undefined;
}

/** The tutorial's learning rate: the playground's default for every optimizer (PyTorch's differ, and SGD has none). */
export const PLAYGROUND_LR = 1e-4;

const ROWS: readonly OptimizerSpec[] = OPTIMIZERS;

function rowOf(name: OptimizerName): OptimizerSpec {
  return ROWS.find((o) => o.name === name)!;
}

/** An optimizer's settings as the playground starts them: its row's defaults (PyTorch's), lr the tutorial's. */
export function hyperDefaults(name: OptimizerName): Record<string, HyperValue> {
  const out: Record<string, HyperValue> = {};
  for (const h of rowOf(name).hyper) {
    // A setting without a default (SGD's lr in PyTorch) is left out, and the validator asks for it.
    const value = h.key === 'lr' ? PLAYGROUND_LR : h.default;
    if (value !== undefined) out[h.key] = Array.isArray(value) ? [value[0], value[1]] : value;
  }
  return out;
}

/** A setting's name in torch.optim, which the page's labels show: weightDecay → weight_decay. */
export function torchName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The form controls of a setting: its key, or key[0] and key[1] for a pair (the validator's field names too). */
export function hyperControls(spec: HyperSpec): string[] {
  return spec.type === 'pair' ? [`${spec.key}[0]`, `${spec.key}[1]`] : [spec.key];
}

/** What resolveOptimizer refused: the control it names (`alpha`, `betas[1]`), the rule and the value. */
export interface HyperProblem {
  control: string;
  rule: string;
  value: unknown;
}

/** The message for a refused setting, naming it as `name(control)` does: `alpha must be >= 0, got -1`. */
export function hyperMessage(p: HyperProblem, name: (control: string) => string = (c) => c): string {
  return new InputError(name(p.control), p.value, p.rule).message;
}

/** Checks an optimizer's settings with the library's own validator (resolveOptimizer); null when they are fine. */
export function checkOptimizer(name: OptimizerName, hyper: Readonly<Record<string, unknown>>): HyperProblem | null {
  try {
    resolveOptimizer({ name, ...hyper }, name);
    return null;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // The validator names `<name>.<key>` or `<name>.<key>[i]`.
    return {
      control: error.field.startsWith(`${name}.`) ? error.field.slice(name.length + 1) : error.field,
      rule: error.rule,
      value: error.value,
    };
  }
}

/** A number as typed (in the URL or a field): a number, or the problem for `control` (what the validator would refuse too). */
export function numberText(control: string, text: string): number | HyperProblem {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isNaN(value) ? { control, rule: 'must be a number', value: text } : value;
}

/** A setting's value from its URL text: `0.9`, `0.9,0.999` for a pair, `true`/`false` (or 1/0) for a switch. */
export function hyperFromText(spec: HyperSpec, text: string): HyperValue | HyperProblem {
  if (spec.type === 'boolean') {
    if (['true', '1'].includes(text)) return true;
    if (['false', '0'].includes(text)) return false;
    return { control: spec.key, rule: 'must be true or false', value: text };
  }
  if (spec.type === 'number') return numberText(spec.key, text);
  const parts = text.split(',');
  if (parts.length !== 2) return { control: spec.key, rule: 'must be two numbers separated by a comma', value: text };
  const pair = parts.map((part, i) => numberText(`${spec.key}[${i}]`, part));
  const bad = pair.find((v) => typeof v !== 'number');
  return bad ?? (pair as [number, number]);
}

/** A setting's URL text. */
export function hyperToText(value: HyperValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function sameValue(a: HyperValue | undefined, b: HyperValue | undefined): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a[0] === b[0] && a[1] === b[1] : a === b;
}

/**
 * The settings of optimizer `to` when switching from `from`: its defaults, but a setting both have
 * that was changed from `from`'s default (lr, a weight decay, a momentum) is kept, if `to` accepts it.
 */
export function switchOptimizer(
  from: OptimizerName,
  hyper: Readonly<Record<string, HyperValue>>,
  to: OptimizerName,
): Record<string, HyperValue> {
  const before = hyperDefaults(from);
  const next = hyperDefaults(to);
  for (const h of rowOf(to).hyper) {
    const value = hyper[h.key];
    if (value === undefined || sameValue(value, before[h.key])) continue;
    if (!checkOptimizer(to, { ...next, [h.key]: value })) next[h.key] = value;
  }
  return next;
}

/** Where it differs from the selected one's: the optimizers that have a setting `key`. */
function optimizersWith(key: string): OptimizerSpec[] {
  return ROWS.filter((o) => o.hyper.some((h) => h.key === key));
}

/** The PyTorch seed as typed: a bigint, null for off (empty), or the problem. The range is the library's (torchSeedValue). */
export function parseTorchSeed(text: string, field = 'torchSeed'): bigint | null | string {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const rule = 'must be an integer in [0, 2^64 - 1], or empty for off';
  if (!/^\d+$/.test(trimmed)) return new InputError(field, text, rule).message;
  try {
    return torchSeedValue(field, BigInt(trimmed));
  } catch {
    return new InputError(field, text, rule).message;
  }
}

/**
 * The validation split as typed: a share in (0, 1), 0 for off (empty or 0), or the message naming
 * `field`. The rule is the library's own (validationShare, what the Trainer's validationSplit checks).
 */
export function parseValidationSplit(text: string, field = 'validationSplit'): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  const value = Number(trimmed);
  if (value === 0) return 0;
  // Text that is no number is shown as typed ("x"); a number as JavaScript prints it.
  const given = Number.isNaN(value) ? text : value;
  try {
    return validationShare(field, given);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return new InputError(field, given, `${error.rule}, or 0 or empty for off`).message;
  }
}

/**
 * The rows a run of these settings trains on and holds out, as its Trainer draws them: the first
 * draw of the generator of the Trainer's seed (`trainerSeed`, the worker's TRAINER_SEED).
 * undefined when the split is off; the library's message when it leaves either side empty
 * (`validationSplit holds out no row of the 2 (too small a share), got 0.2`).
 */
export function splitOf(s: Settings, data: Dataset, trainerSeed: number): Split | undefined | string {
  if (s.validationSplit === 0) return undefined;
  try {
    return stratifiedSplit(data, s.validationSplit, new Mt19937(trainerSeed));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.message;
  }
}

/** The tutorial's run: make_circles(1000, noise 0.1, random_state 42), 2→5→5→5→5→1, relu, Adam 1e-4, batch 32, 300 epochs. */
export const DEFAULTS: Readonly<Settings> = Object.freeze<Settings>({
  mode: 'single',
  dataset: 'circles',
  samples: 1000,
  noise: 0.1,
  dataSeed: 42,
  widths: [5, 5, 5, 5],
  activation: 'relu',
  layerActivations: null,
  compare: ['relu', 'sigmoid', 'tanh', 'leaky_relu'],
  options: {},
  optimizer: 'adam',
  hyper: hyperDefaults('adam'),
  batchSize: 32,
  epochs: 300,
  seed: 0,
  torchSeed: '',
  init: { weight: initDefaults('default'), bias: initDefaults('default') },
  validationSplit: 0,
  speed: 100,
  showUnits: true,
});

/**
 * Allowed ranges: wide enough to explore, small enough that a typo cannot freeze the tab. The
 * optimizer's settings have none of their own: the library's validator (resolveOptimizer) decides.
 */
export const LIMITS = {
  samples: [2, 10_000],
  noise: [0, 10],
  dataSeed: [0, 0xffffffff],
  hidden: [1, 10],
  width: [1, 64],
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
  return [2, ...s.widths, 1];
}

/** The optimizer as the library takes it. */
export function optimizerOf(s: Settings): OptimizerInput {
  return { name: s.optimizer, ...s.hyper } as OptimizerInput;
}

/** An activation's options at its row's defaults, as the user writes them (a choice as its string, from the row's index). */
export function optionDefaults(activation: string): Record<string, OptionValue> {
  return { ...resolveActivationOptions(activation).values };
}

/** An activation's options with the defaults filled in, as the user writes them (what the Mlp and activationsSpec take). */
export function optionsOf(s: Settings, activation: string): Record<string, OptionValue> {
  return { ...optionDefaults(activation), ...(s.options[activation] ?? {}) };
}

/**
 * How an option is entered: `choice`, a menu of the row's strings (gelu's approximate);
 * `integer`, a whole number (prelu's numParameters); `number`, any float32.
 */
export function optionKind(activation: string, option: string): 'choice' | 'integer' | 'number' {
  const row = getActivation(activation);
  if (row.choices?.[option]) return 'choice';
  return row.integers?.includes(option) ? 'integer' : 'number';
}

/** The form control (and URL parameter) of an activation's option: `leaky_relu.negativeSlope`. */
export function optionControl(activation: string, option: string): string {
  return `${activation}.${option}`;
}

/** An option's value from its text (URL or field): a choice as it is (the validator checks it), a number parsed; else the message. */
export function optionFromText(activation: string, option: string, text: string): OptionValue | { message: string } {
  if (optionKind(activation, option) === 'choice') return text;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isNaN(value) ? { message: `${optionControl(activation, option)} must be a number, got ${JSON.stringify(text)}` } : value;
}

/** The activations a run of these settings trains: one, or the compared ones. */
export function activationsOf(s: Settings): ActivationName[] {
  return s.mode === 'compare' ? s.compare : [s.activation];
}

const INTEGERS = new Set(['samples', 'dataSeed', 'hidden', 'width', 'batchSize', 'epochs', 'seed']);

/** The numeric settings kept as they are typed; `hidden` and `width` become `widths`. */
export type NumberSetting = Exclude<keyof typeof LIMITS, 'hidden' | 'width'>;

/** URL names of the numeric settings (the short ones people type). */
const PARAM: Record<keyof typeof LIMITS, string> = {
  samples: 'samples',
  noise: 'noise',
  dataSeed: 'dataSeed',
  hidden: 'hidden',
  width: 'width',
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
  return value;
}

/** What the library refused in an activation's options: the control it names (`prelu.numParameters`) and its message. */
export interface OptionProblem {
  control: string;
  message: string;
}

/**
 * Checks an activation's options, as every hidden layer of a network with these layer sizes would
 * take them, with the library's own validator (resolveHiddenActivations, given the widths): the
 * options' rules, and a learned tensor's length (prelu's numParameters: 1 or the width). null
 * when they are fine; the problem names the option as its control does, `prelu.numParameters`.
 */
export function checkOptions(
  activation: string,
  options: Readonly<Record<string, unknown>>,
  layers: readonly number[],
): OptionProblem | null {
  try {
    const widths = layers.slice(1, -1);
    resolveHiddenActivations(activation, { ...options }, widths.length, { activation, activationOptions: activation }, widths);
    return null;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { control: error.field, message: error.message };
  }
}

/** The problems of the options of the activations these settings train (after a width that no longer fits prelu's numParameters); empty when none. */
export function activationProblems(s: Settings): OptionProblem[] {
  const list = s.mode === 'single' ? s.layerActivations : null;
  if (list) {
    const problem = checkLayerActivations(list, s.widths);
    return problem ? [problem] : [];
  }
  const layers = layersOf(s);
  return activationsOf(s).flatMap((name) => checkOptions(name, optionsOf(s, name), layers) ?? []);
}

// ---------- the hidden layers: a width and (in one-activation mode) an activation each ----------

/** The URL parameters of unequal widths (`layers=8,3,6`) and of one activation per layer (`activations=relu,tanh,leaky_relu(negativeSlope=0.2)`). */
export const LAYERS_PARAM = 'layers';
export const ACTIVATIONS_PARAM = 'activations';

/** The form control of hidden layer l's activation menu, `activations[1]`, or of one of its options, `activations[1].negativeSlope`. */
export function layerControl(l: number, option?: string): string {
  return option === undefined ? `${ACTIVATIONS_PARAM}[${l}]` : `${ACTIVATIONS_PARAM}[${l}].${option}`;
}

/** A layer's activation options with the defaults filled in, as the user writes them. */
export function layerOptionsOf(entry: LayerActivation): Record<string, OptionValue> {
  return { ...optionDefaults(entry.name), ...entry.options };
}

/** A layer's activation with only the options that differ from the registry's defaults. */
export function normaliseLayer(entry: LayerActivation): LayerActivation {
  const defaults = optionDefaults(entry.name);
  return { name: entry.name, options: Object.fromEntries(Object.entries(entry.options).filter(([k, v]) => defaults[k] !== v)) };
}

/** `relu`, `leaky_relu(negativeSlope=0.2)`: a layer's activation in the CLI's call syntax (src/call-syntax.ts), as the URL writes it. */
export function layerText(entry: LayerActivation): string {
  return formatCall(entry.name, normaliseLayer(entry).options).replace(/, /g, ',');
}

/** How the page's titles name one-activation mode's hidden activations: `relu`, or `[relu, tanh, leaky_relu(negativeSlope=0.2)]` with one per layer. */
export function activationLabel(s: Settings): string {
  const list = s.mode === 'single' ? s.layerActivations : null;
  return list ? `[${list.map((a) => formatCall(a.name, normaliseLayer(a).options)).join(', ')}]` : s.activation;
}

/**
 * The hidden layers' activations as the Mlp takes them (`activation: [...]`), every option given:
 * in one-activation mode with one activation per layer; null otherwise (`activation` and its
 * options for every layer, or compare mode's activations).
 */
export function hiddenActivationsOf(s: Settings): ActivationEntry[] | null {
  if (s.mode !== 'single' || !s.layerActivations) return null;
  return s.layerActivations.map((a) => ({ name: a.name, options: layerOptionsOf(a) }));
}

/** The activations whose shared option controls (`leaky_relu.negativeSlope`) the page shows: none while each layer has its own. */
export function optionActivationsOf(s: Settings): ActivationName[] {
  return s.mode === 'single' && s.layerActivations ? [] : activationsOf(s);
}

/**
 * Checks one activation per hidden layer against the layers' widths with the library's own
 * validator (resolveHiddenActivations): the options' rules and prelu's numParameters (1 or that
 * layer's width). null when fine; the problem names the layer's control, `activations[1].numParameters`.
 */
export function checkLayerActivations(list: readonly LayerActivation[], widths: readonly number[]): OptionProblem | null {
  try {
    const entries = list.map((a) => ({ name: a.name, options: layerOptionsOf(a) }));
    resolveHiddenActivations(
      entries,
      undefined,
      widths.length,
      { activation: ACTIVATIONS_PARAM, activationOptions: ACTIVATIONS_PARAM },
      widths,
    );
    return null;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const named = /^activations\[(\d+)\](?:\.options\.(\w+))?/.exec(error.field);
    const control = named ? layerControl(Number(named[1]), named[2]) : ACTIVATIONS_PARAM;
    return { control, message: new InputError(control, error.value, error.rule).message };
  }
}

/**
 * `s` with these hidden widths: a layer added takes the last one's activation, a layer removed
 * takes its activation with it.
 */
export function withWidths(s: Settings, widths: readonly number[]): Settings {
  const next: Settings = { ...s, widths: [...widths] };
  const list = s.layerActivations;
  if (list) {
    next.layerActivations = widths.map((_, l) => structuredClone(list[Math.min(l, list.length - 1)]!));
  }
  return next;
}

/** `s` with one activation per layer (each `activation` with its options) or, with `same`, `activation` for every layer. */
export function withSameActivation(s: Settings, same: boolean): Settings {
  if (same) return { ...s, layerActivations: null };
  if (s.layerActivations) return s;
  const options = { ...(s.options[s.activation] ?? {}) };
  return { ...s, layerActivations: s.widths.map(() => ({ name: s.activation, options: { ...options } })) };
}

/** Whether every hidden layer has the same width (the URL then writes `hidden` and `width`). */
export function uniformWidths(widths: readonly number[]): boolean {
  return widths.every((w) => w === widths[0]);
}

/**
 * The hidden widths from the URL: `layers=8,3,6` (one per hidden layer), or the older
 * `hidden=4&width=5` (that many layers of that width); what is missing is the default.
 */
function widthsFromQuery(params: URLSearchParams, problems: string[]): number[] {
  let hidden = DEFAULTS.widths.length;
  let width = DEFAULTS.widths[0]!;
  for (const key of ['hidden', 'width'] as const) {
    const text = params.get(PARAM[key]);
    if (text === null) continue;
    const value = checkNumber(key, text);
    if (typeof value === 'string') problems.push(value);
    else if (key === 'hidden') hidden = value;
    else width = value;
  }
  const uniform = Array.from({ length: hidden }, () => width);
  const text = params.get(LAYERS_PARAM);
  if (text === null) return uniform;
  const parts = text.split(',');
  const [minLayers, maxLayers] = LIMITS.hidden;
  const [minWidth, maxWidth] = LIMITS.width;
  if (parts.length < minLayers || parts.length > maxLayers) {
    problems.push(`${LAYERS_PARAM} must list ${minLayers}–${maxLayers} widths, one per hidden layer, got ${JSON.stringify(text)}`);
    return uniform;
  }
  const widths: number[] = [];
  for (const [k, part] of parts.entries()) {
    const value = part.trim() === '' ? Number.NaN : Number(part);
    if (!Number.isInteger(value) || value < minWidth || value > maxWidth) {
      problems.push(`${LAYERS_PARAM}[${k}] must be an integer in [${minWidth}, ${maxWidth}], got ${JSON.stringify(part)}`);
      return uniform;
    }
    widths.push(value);
  }
  if ((params.has(PARAM.hidden) || params.has(PARAM.width)) && uniform.join(',') !== widths.join(','))
    problems.push(`${PARAM.hidden} and ${PARAM.width} are ignored: ${LAYERS_PARAM}=${text} gives every hidden layer's width`);
  return widths;
}

/**
 * One activation per hidden layer from the URL, `activations=relu,tanh,leaky_relu(negativeSlope=0.2)`
 * (the CLI's call syntax, one entry per hidden layer); null when absent or unusable (named in
 * `problems`). The options are checked against the widths; an option the validator refuses is
 * named and set back to its default.
 */
function layerActivationsFromQuery(params: URLSearchParams, widths: readonly number[], problems: string[]): LayerActivation[] | null {
  const text = params.get(ACTIVATIONS_PARAM);
  if (text === null) return null;
  const list: LayerActivation[] = [];
  try {
    const parts = splitTopLevel(text, ACTIVATIONS_PARAM);
    if (parts.length !== widths.length) {
      throw new InputError(ACTIVATIONS_PARAM, text, `must list ${widths.length} activations, one per hidden layer (got ${parts.length})`);
    }
    for (const [l, part] of parts.entries()) {
      const field = layerControl(l);
      const call = parseCall(part, field);
      if (!isActivationName(call.name)) throw new InputError(field, call.name, `must be one of ${ACTIVATION_NAMES.join(', ')}`);
      if (call.args.length > 0) throw new InputError(field, part, 'must name its options: name(option=value, ...)');
      const options: Record<string, OptionValue> = {};
      for (const [option, value] of Object.entries(call.options)) {
        const control = layerControl(l, option);
        if (!(option in getActivation(call.name).options)) {
          problems.push(`${control} is not an option of ${call.name}`);
          continue;
        }
        const parsed =
          typeof value === 'object'
            ? { message: `${control} must be a number or a word, got ${JSON.stringify(part)}` }
            : optionFromText(call.name, option, String(value));
        if (typeof parsed === 'object') problems.push(parsed.message.replace(optionControl(call.name, option), control));
        else options[option] = parsed;
      }
      list.push({ name: call.name, options });
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(error.message);
    return null;
  }
  for (;;) {
    const problem = checkLayerActivations(list, widths);
    if (!problem) return list.map(normaliseLayer);
    problems.push(problem.message);
    const named = /^activations\[(\d+)\]\.(\w+)$/.exec(problem.control);
    const entry = named ? list[Number(named[1])] : undefined;
    // A rule broken by a default (rrelu's upper given below the default lower): every default, then.
    if (!entry || !(named![2]! in entry.options)) {
      if (!entry || Object.keys(entry.options).length === 0) return null;
      entry.options = {};
      continue;
    }
    delete entry.options[named![2]!];
  }
}

function isProblem(value: HyperValue | InitOptionValue | HyperProblem): value is HyperProblem {
  return typeof value === 'object' && !Array.isArray(value);
}

/**
 * A role's initialiser from the URL: `weightInit=xavier_uniform&weightInit.gain=2`. An option the
 * validator refuses is named and set back to its default; an initialiser it refuses as a whole (a
 * fan-based one for the bias, constant without its val) is named and the default is used.
 */
function initFromQuery(params: URLSearchParams, role: InitRole, problems: string[]): InitSetting {
  const param = INIT_PARAM[role];
  const text = params.get(param);
  const prefix = `${param}.`;
  if (text !== null && !isInitName(text)) {
    problems.push(`${param} must be one of ${INITIALISER_NAMES.join(', ')}, got ${JSON.stringify(text)}`);
  }
  const name: InitName = text !== null && isInitName(text) ? text : 'default';
  const setting = initDefaults(name);
  const keys = initOptionKeys(name);
  for (const control of [...params.keys()].filter((key) => key.startsWith(prefix))) {
    const key = control.slice(prefix.length);
    if (!keys.includes(key)) {
      problems.push(`${control} is not an option of ${name} (${keys.length > 0 ? `it takes ${keys.join(', ')}` : 'it takes none'})`);
      continue;
    }
    const value = initOptionFromText(name, key, control, params.get(control)!);
    if (isProblem(value)) problems.push(hyperMessage(value));
    else setting.options[key] = value;
  }
  const defaults = getInitialiser(name).options as Readonly<Record<string, InitOptionValue>>;
  for (let tries = 0; tries <= keys.length; tries++) {
    const problem = checkInit(role, setting);
    if (!problem) return setting;
    problems.push(hyperMessage(problem));
    const key = problem.control.startsWith(prefix) ? problem.control.slice(prefix.length) : undefined;
    if (key === undefined || defaults[key] === undefined || setting.options[key] === defaults[key]) break;
    setting.options[key] = defaults[key];
  }
  return initDefaults('default');
}

/** Every optimizer setting's key: a URL parameter each. */
const HYPER_KEYS: readonly string[] = [...new Set(ROWS.flatMap((o) => o.hyper.map((h) => h.key)))];

/** The URL's other parameters: an optimizer setting by one of these names would be read twice. */
const RESERVED = new Set([
  'mode',
  'dataset',
  'activation',
  'compare',
  'optimizer',
  'torchSeed',
  'validationSplit',
  'autostart',
  'units',
  LAYERS_PARAM,
  ACTIVATIONS_PARAM,
  ...Object.values(INIT_PARAM),
  ...Object.keys(PARAM),
  ...Object.values(PARAM),
]);
for (const key of HYPER_KEYS) {
  if (RESERVED.has(key) || !/^[A-Za-z]\w*$/.test(key))
    throw new Error(`optimizer setting ${key} cannot be a URL parameter of the playground (site/src/state.ts)`);
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
  s.widths = widthsFromQuery(params, problems);
  for (const key of Object.keys(PARAM) as (keyof typeof LIMITS)[]) {
    if (key === 'hidden' || key === 'width') continue;
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
  // The optimizer's settings, each under its key (`betas=0.9,0.999`), in its row's order, each
  // checked by the library's validator with those before it.
  const row = rowOf(s.optimizer);
  s.hyper = hyperDefaults(s.optimizer);
  for (const spec of row.hyper) {
    const text = params.get(spec.key);
    if (text === null) continue;
    const value = hyperFromText(spec, text);
    const problem = isProblem(value) ? value : checkOptimizer(s.optimizer, { ...s.hyper, [spec.key]: value });
    if (problem) problems.push(hyperMessage(problem));
    else s.hyper[spec.key] = value as HyperValue;
  }
  for (const key of HYPER_KEYS) {
    if (!params.has(key) || row.hyper.some((h) => h.key === key)) continue;
    const owners = optimizersWith(key).map((o) => o.name);
    problems.push(`${key} is not a setting of ${s.optimizer} (it is of ${owners.join(', ')})`);
  }
  for (const role of INIT_ROLES) s.init[role] = initFromQuery(params, role, problems);
  const torchSeed = params.get('torchSeed');
  if (torchSeed !== null) {
    const value = parseTorchSeed(torchSeed);
    if (typeof value === 'string') problems.push(value);
    else s.torchSeed = value === null ? '' : String(value);
  }
  const split = params.get('validationSplit');
  if (split !== null) {
    const value = parseValidationSplit(split);
    if (typeof value === 'string') problems.push(value);
    else s.validationSplit = value;
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
  // Activation options: `leaky_relu.negativeSlope=0.2`, `gelu.approximate=tanh`. Each activation's
  // are checked together (rrelu's lower <= upper), against the network's widths (prelu's
  // numParameters: 1 or the width); the one the validator names is dropped, and the rest tried again.
  const given = new Map<ActivationName, Record<string, OptionValue>>();
  params.forEach((text, key) => {
    const dot = key.indexOf('.');
    if (dot < 0) return;
    const name = key.slice(0, dot);
    if (INIT_ROLES.some((role) => INIT_PARAM[role] === name)) return; // an initialiser's option, read above
    const option = key.slice(dot + 1);
    if (!isActivationName(name) || !(option in getActivation(name).options)) {
      problems.push(`unknown activation option ${key}`);
      return;
    }
    const value = optionFromText(name, option, text);
    if (typeof value === 'object') problems.push(value.message);
    else given.set(name, { ...(given.get(name) ?? {}), [option]: value });
  });
  const layers = layersOf(s);
  for (const [name, options] of given) {
    for (;;) {
      const problem = checkOptions(name, options, layers);
      if (!problem) {
        s.options[name] = options;
        break;
      }
      problems.push(problem.message);
      const option = problem.control.slice(name.length + 1);
      // A rule broken by a default (rrelu's upper given below the default lower): the defaults, then.
      if (!problem.control.startsWith(`${name}.`) || !(option in options)) break;
      delete options[option];
    }
  }
  s.options = normaliseOptions(s.options);
  s.layerActivations = layerActivationsFromQuery(params, s.widths, problems);
  const units = params.get('units');
  if (units !== null) {
    if (units === '0' || units === '1') s.showUnits = units === '1';
    else problems.push(`units must be 0 (the unit view hidden) or 1, got ${JSON.stringify(units)}`);
  }
  const autostart = ['1', 'true', 'yes'].includes(params.get('autostart') ?? '');
  return { settings: s, problems, autostart };
}

/** Drops options equal to their defaults (and empty entries), so URLs stay short. */
export function normaliseOptions(options: Settings['options']): Settings['options'] {
  const out: Settings['options'] = {};
  for (const [name, values] of Object.entries(options)) {
    const defaults = optionDefaults(name);
    const changed = Object.entries(values).filter(([k, v]) => defaults[k] !== v);
    if (changed.length > 0) out[name] = Object.fromEntries(changed);
  }
  return out;
}

/**
 * The query string for `s`: every setting, in a fixed order, the selected optimizer's and the
 * initialisers' options all of them; activation options only where not the default, the PyTorch
 * seed and the validation split only when set.
 */
export function settingsToQuery(s: Settings, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('mode', s.mode);
  params.set('dataset', s.dataset);
  params.set('samples', String(s.samples));
  params.set('noise', String(s.noise));
  params.set('dataSeed', String(s.dataSeed));
  // Equal widths as the older URLs wrote them (`hidden=4&width=5`), unequal ones one per layer.
  if (uniformWidths(s.widths)) {
    params.set('hidden', String(s.widths.length));
    params.set('width', String(s.widths[0]));
  } else {
    params.set(LAYERS_PARAM, s.widths.join(','));
  }
  params.set('activation', s.activation);
  if (s.layerActivations) params.set(ACTIVATIONS_PARAM, s.layerActivations.map(layerText).join(','));
  params.set('compare', s.compare.join(','));
  for (const name of [...new Set([s.activation, ...s.compare])]) {
    for (const [option, value] of Object.entries(s.options[name] ?? {})) params.set(`${name}.${option}`, String(value));
  }
  params.set('optimizer', s.optimizer);
  for (const spec of rowOf(s.optimizer).hyper) {
    const value = s.hyper[spec.key];
    if (value !== undefined) params.set(spec.key, hyperToText(value));
  }
  params.set('batch', String(s.batchSize));
  params.set('epochs', String(s.epochs));
  params.set('seed', String(s.seed));
  if (s.torchSeed !== '') params.set('torchSeed', s.torchSeed);
  if (s.validationSplit > 0) params.set('validationSplit', String(s.validationSplit));
  for (const role of INIT_ROLES) {
    const { name, options } = s.init[role];
    params.set(INIT_PARAM[role], name);
    for (const key of initOptionKeys(name)) if (options[key] !== undefined) params.set(initControl(role, key), String(options[key]));
  }
  params.set('speed', String(s.speed));
  if (!s.showUnits) params.set('units', '0');
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  // URLSearchParams writes the dot and comma escaped; both are safe in a query.
  // So are the call syntax's parentheses and `=` in a value (`activations=leaky_relu(negativeSlope=0.2)`).
  return params.toString().replace(/%2C/g, ',').replace(/%28/g, '(').replace(/%29/g, ')').replace(/%3D/g, '=');
}
