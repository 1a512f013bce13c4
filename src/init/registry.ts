// The initialisers of an nn.Linear's weight and bias: one row each, named as torch.nn.init names
// them (without the trailing underscore), with PyTorch 1.13's defaults, plus `default`, what
// nn.Linear's reset_parameters draws. Validation (resolveInit, initFromCall for the CLI's call
// syntax), the canonical text (describeInit), docs/initialisers.md and the PyTorch reference
// (scripts/pytorch-reference.py --only torch-init, which checks every row against torch.nn.init's
// signatures) read this table; src/init/apply.ts holds what each one computes.
import { type CallExpr, type CallValue, formatCall, formatCallExpr, parseCall } from '../call-syntax.js';
import { FLOAT32_RULE, float32Number, InputError, knownKeys, oneOf } from '../validate.js';
import { calculateGain, NONLINEARITIES } from './gain.js';
import type { InitOptionValue, InitRole } from './types.js';

/** What a number option must keep besides being a finite float32. */
export type InitRule = 'nonNegative' | 'positive';

export interface InitialiserSpec {
  readonly name: string;
  /** One line, for help text and docs. */
  readonly definition: string;
  /** The options that have defaults, with PyTorch's, in its argument order (a string is a choice). */
  readonly options: Readonly<Record<string, InitOptionValue>>;
  /** Options without a default, which must be given (constant's val); they come first, as in PyTorch. */
  readonly required?: readonly string[];
  /** The strings a string option may take. */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
  /** Number options with a range beyond finiteness (a std must be >= 0). */
  readonly rules?: Readonly<Record<string, InitRule>>;
  /** Two options that must keep lower <= upper (uniform's a and b), as PyTorch's checks require. */
  readonly ordered?: readonly [lower: string, upper: string];
  /** It needs the tensor's fan_in and fan_out, so a 2-D weight: PyTorch refuses it for a 1-D bias. */
  readonly needsFans: boolean;
  /** What PyTorch calls: the torch.nn.init function (each option its argument of the same name), or nn.Linear's reset_parameters. */
  readonly torch: string;
  /** The values it gives, for docs/initialisers.md. */
  readonly formula: string;
}

const NUMBER_RULES = { nonNegative: 'must be >= 0', positive: 'must be > 0' } as const;

/** Every initialiser; `default` first, then in torch.nn.init's order. */
export const INITIALISERS = Object.freeze([
  {
    name: 'default',
    definition: "nn.Linear's own reset_parameters: the weight kaiming_uniform(a=√5), the bias U(±1/√fan_in) with the weight's fan_in",
    options: {},
    needsFans: false,
    torch: 'torch.nn.Linear.reset_parameters',
    formula: 'weight and bias U(−1/√fan_in, 1/√fan_in) (the weight’s bound computed as √3·√(2/(1+5))/√fan_in)',
  },
  {
    name: 'uniform',
    definition: 'uniform on [a, b)',
    options: { a: 0, b: 1 },
    ordered: ['a', 'b'],
    needsFans: false,
    torch: 'torch.nn.init.uniform_',
    formula: 'U(a, b)',
  },
  {
    name: 'normal',
    definition: 'normal with mean `mean` and standard deviation `std`',
    options: { mean: 0, std: 1 },
    rules: { std: 'nonNegative' },
    needsFans: false,
    torch: 'torch.nn.init.normal_',
    formula: 'N(mean, std²)',
  },
  {
    name: 'constant',
    definition: 'every value `val` (required)',
    options: {},
    required: ['val'],
    needsFans: false,
    torch: 'torch.nn.init.constant_',
    formula: 'val',
  },
  {
    name: 'zeros',
    definition: 'every value 0',
    options: {},
    needsFans: false,
    torch: 'torch.nn.init.zeros_',
    formula: '0',
  },
  {
    name: 'ones',
    definition: 'every value 1',
    options: {},
    needsFans: false,
    torch: 'torch.nn.init.ones_',
    formula: '1',
  },
  {
    name: 'xavier_uniform',
    definition: 'Glorot & Bengio (2010), uniform: U(±gain·√(6 / (fan_in + fan_out)))',
    options: { gain: 1 },
    rules: { gain: 'nonNegative' },
    needsFans: true,
    torch: 'torch.nn.init.xavier_uniform_',
    formula: 'U(−b, b), b = √3 · gain · √(2 / (fan_in + fan_out))',
  },
  {
    name: 'xavier_normal',
    definition: 'Glorot & Bengio (2010), normal: N(0, (gain·√(2 / (fan_in + fan_out)))²)',
    options: { gain: 1 },
    rules: { gain: 'nonNegative' },
    needsFans: true,
    torch: 'torch.nn.init.xavier_normal_',
    formula: 'N(0, std²), std = gain · √(2 / (fan_in + fan_out))',
  },
  {
    name: 'kaiming_uniform',
    definition: 'He et al. (2015), uniform: U(±gain·√(3 / fan)), gain = calculate_gain(nonlinearity, a), fan by mode',
    options: { a: 0, mode: 'fan_in', nonlinearity: 'leaky_relu' },
    choices: { mode: ['fan_in', 'fan_out'], nonlinearity: NONLINEARITIES },
    needsFans: true,
    torch: 'torch.nn.init.kaiming_uniform_',
    formula: 'U(−b, b), b = √3 · gain / √fan, gain = calculate_gain(nonlinearity, a), fan = fan_in or fan_out (mode)',
  },
  {
    name: 'kaiming_normal',
    definition: 'He et al. (2015), normal: N(0, (gain / √fan)²), gain = calculate_gain(nonlinearity, a), fan by mode',
    options: { a: 0, mode: 'fan_in', nonlinearity: 'leaky_relu' },
    choices: { mode: ['fan_in', 'fan_out'], nonlinearity: NONLINEARITIES },
    needsFans: true,
    torch: 'torch.nn.init.kaiming_normal_',
    formula: 'N(0, std²), std = gain / √fan, gain = calculate_gain(nonlinearity, a), fan = fan_in or fan_out (mode)',
  },
  {
    name: 'trunc_normal',
    definition: 'normal N(mean, std²) truncated to [a, b], by the inverse CDF (uniform, erfinv, scale, clamp)',
    options: { mean: 0, std: 1, a: -2, b: 2 },
    rules: { std: 'positive' },
    ordered: ['a', 'b'],
    needsFans: false,
    torch: 'torch.nn.init.trunc_normal_',
    formula: 'clamp(mean + std·√2·erfinv(U(2Φ(α)−1, 2Φ(β)−1)), a, b), α = (a−mean)/std, β = (b−mean)/std',
  },
  {
    name: 'orthogonal',
    definition: 'Saxe et al. (2013): the (semi-)orthogonal Q of the QR of a standard normal matrix, times gain',
    options: { gain: 1 },
    needsFans: true,
    torch: 'torch.nn.init.orthogonal_',
    formula: 'gain · Q, QR = N(0, 1) draws (transposed when rows < cols), Q’s columns times sign(diag R)',
  },
] as const satisfies readonly InitialiserSpec[]);

export type InitialiserRow = (typeof INITIALISERS)[number];
/** An initialiser's name: `default` or a torch.nn.init function without its trailing underscore. */
export type InitName = InitialiserRow['name'];

export const INITIALISER_NAMES: readonly InitName[] = Object.freeze(INITIALISERS.map((row) => row.name));

/** The initialiser names, `default` first. */
export function initialiserNames(): InitName[] {
  return [...INITIALISER_NAMES];
}

export function isInitName(name: unknown): name is InitName {
  return typeof name === 'string' && (INITIALISER_NAMES as readonly string[]).includes(name);
}

/** The row of `name`; an InputError (field `init`) listing the names otherwise. */
export function getInitialiser(name: string): InitialiserSpec {
  const known = oneOf('init', name, INITIALISER_NAMES);
  return INITIALISERS.find((row) => row.name === known) as InitialiserSpec;
}

/** Every option of a row in PyTorch's argument order: the required ones, then those with defaults. */
export function optionKeys(spec: InitialiserSpec): string[] {
  return [...(spec.required ?? []), ...Object.keys(spec.options)];
}

/** What a user may write: a name, or a name with options (each as torch.nn.init names it). */
export type InitInput = InitName | { name: InitName; options?: Record<string, InitOptionValue> };

/** A validated initialiser: every option filled in (defaults included), and where it came from. */
export interface ResolvedInit {
  readonly name: InitName;
  /** Every option of the row, in its order, defaults filled in. */
  readonly options: Readonly<Record<string, InitOptionValue>>;
  /** The field it was given as (`init.weight`, `--init`): errors found later, against a layer, name it. */
  readonly field: string;
}

/** The PyTorch message behind refusing a fan-based initialiser for a 1-D tensor. */
export const NO_FANS_RULE =
  'cannot initialise a bias: it needs fan_in and fan_out, which a 1-D tensor lacks ' +
  '(PyTorch: "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")';

/**
 * Checks `value` (an InitInput) and fills in the defaults: the name must be an initialiser's; the
 * options an object of that row's options; numbers finite float32 values within the row's rules
 * (a std >= 0, trunc_normal's std > 0, a <= b); strings one of the row's choices; a required
 * option (constant's val) given. With `role` 'bias', an initialiser that needs fans (xavier_*,
 * kaiming_*, orthogonal) is refused as PyTorch refuses it. Every error is an InputError naming
 * the field (`${field}.name`, `${field}.options.gain`) and the value.
 */
export function resolveInit(value: unknown, field: string, role: InitRole = 'weight'): ResolvedInit {
  if (typeof value === 'string') {
    return finish(oneOf(field, value, INITIALISER_NAMES), {}, field, role, (key) => `${field}.options.${key}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(field, value, `must be an initialiser name (${INITIALISER_NAMES.join(', ')}) or { name, options }`);
  }
  const o = value as Record<string, unknown>;
  knownKeys(field, o, ['name', 'options']);
  const name = oneOf(`${field}.name`, o.name, INITIALISER_NAMES);
  const options = o.options;
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InputError(`${field}.options`, options, 'must be an object of option values');
  }
  return finish(name, (options ?? {}) as Record<string, unknown>, field, role, (key) => `${field}.options.${key}`);
}

function finish(
  name: InitName,
  given: Record<string, unknown>,
  field: string,
  role: InitRole,
  fieldOf: (key: string) => string,
): ResolvedInit {
  const spec = getInitialiser(name);
  const keys = optionKeys(spec);
  for (const [key, v] of Object.entries(given)) {
    if (!keys.includes(key)) {
      const takes = keys.length === 0 ? 'it takes none' : `it takes: ${keys.join(', ')}`;
      throw new InputError(fieldOf(key), v, `is not an option of ${name} (${takes})`);
    }
  }
  const options: Record<string, InitOptionValue> = {};
  for (const key of keys) {
    const v = given[key];
    const fallback = (spec.options as Record<string, InitOptionValue>)[key];
    if (v === undefined && fallback === undefined) throw new InputError(fieldOf(key), undefined, `is required for ${name}`);
    const choices = spec.choices?.[key];
    if (choices) {
      const chosen = v === undefined ? fallback : v;
      options[key] = oneOf(fieldOf(key), chosen, choices);
      continue;
    }
    if (v === undefined) {
      options[key] = fallback as number;
      continue;
    }
    if (typeof v !== 'number') throw new InputError(fieldOf(key), v, FLOAT32_RULE);
    float32Number(fieldOf(key), v);
    const rule = spec.rules?.[key];
    if ((rule === 'nonNegative' && v < 0) || (rule === 'positive' && !(v > 0))) throw new InputError(fieldOf(key), v, NUMBER_RULES[rule]);
    options[key] = v;
  }
  if (spec.ordered) {
    const [lower, upper] = spec.ordered;
    const lo = options[lower] as number;
    const hi = options[upper] as number;
    if (!(lo <= hi)) throw new InputError(fieldOf(upper), hi, `must be >= ${lower} (${lo})`);
    // uniform_ checks the width in float64 against float32's max: wider, it would be Infinity in float32.
    if (hi - lo > FLOAT32_MAX) throw new InputError(fieldOf(upper), hi, `must be within float32's max (about 3.4e38) of ${lower} (${lo})`);
  }
  const resolved: ResolvedInit = Object.freeze({ name, options: Object.freeze(options), field });
  if (role === 'bias' && spec.needsFans) throw new InputError(field, describeInit(resolved), NO_FANS_RULE);
  return resolved;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The canonical text of an initialiser, in the CLI's call syntax: its name, with the options that
 * differ from their defaults (and the required ones) in the row's order: `default`,
 * `xavier_uniform(gain=1.6666666666666667)`, `constant(val=0.25)`. parseInit reads it back.
 */
export function describeInit(resolved: ResolvedInit): string {
  const spec = getInitialiser(resolved.name);
  const shown: Record<string, CallValue> = {};
  for (const key of optionKeys(spec)) {
    const value = resolved.options[key] as InitOptionValue;
    const fallback = (spec.options as Record<string, InitOptionValue>)[key];
    if (fallback === undefined || !Object.is(value, fallback)) shown[key] = value;
  }
  return formatCall(resolved.name, shown);
}

/**
 * An initialiser from a parsed call (src/call-syntax.ts), as `--init` and `--bias-init` take
 * it: keyword options only; a number option may be written as `calculate_gain(nonlinearity)` or
 * `calculate_gain(leaky_relu, slope)` (positional or `nonlinearity=`, `param=`), which becomes
 * its float64 value. Errors name `field` (`--init`) and, for an option, `${field} ${key}`.
 */
export function initFromCall(expr: CallExpr, field: string, role: InitRole = 'weight'): ResolvedInit {
  const name = oneOf(field, expr.name, INITIALISER_NAMES);
  if (expr.args.length > 0) {
    throw new InputError(field, formatCallExpr(expr), `takes keyword options only, as in ${expr.name}(key=value, ...)`);
  }
  const fieldOf = (key: string) => `${field} ${key}`;
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(expr.options)) {
    given[key] = typeof value === 'object' ? nestedValue(value, fieldOf(key)) : value;
  }
  return finish(name, given, field, role, fieldOf);
}

/** `text` in the CLI's call syntax (`xavier_uniform(gain=calculate_gain(tanh))`) as an initialiser. */
export function parseInit(text: string, field: string, role: InitRole = 'weight'): ResolvedInit {
  return initFromCall(parseCall(text, field), field, role);
}

/** The one call an option value may be: calculate_gain(nonlinearity[, param]), its arguments bound as Python binds them. */
function nestedValue(expr: CallExpr, field: string): number {
  const text = formatCallExpr(expr);
  if (expr.name !== 'calculate_gain') {
    throw new InputError(field, text, 'must be a number, a word, or calculate_gain(nonlinearity[, param])');
  }
  const names = ['nonlinearity', 'param'] as const;
  if (expr.args.length > names.length) throw new InputError(field, text, 'calculate_gain takes a nonlinearity and an optional param');
  const bound: Partial<Record<(typeof names)[number], CallValue>> = {};
  expr.args.forEach((value, i) => {
    bound[names[i] as (typeof names)[number]] = value;
  });
  for (const [key, value] of Object.entries(expr.options)) {
    if (key !== 'nonlinearity' && key !== 'param')
      throw new InputError(field, text, `calculate_gain takes no option ${key} (it takes: nonlinearity, param)`);
    if (bound[key] !== undefined) throw new InputError(field, text, `calculate_gain got ${key} twice`);
    bound[key] = value;
  }
  if (bound.nonlinearity === undefined) throw new InputError(field, text, 'calculate_gain needs a nonlinearity');
  const param = bound.param;
  if (typeof param === 'object') throw new InputError(`${field} param`, formatCallExpr(param), 'must be a number');
  return calculateGain(bound.nonlinearity, param, `${field} nonlinearity`, `${field} param`);
}
