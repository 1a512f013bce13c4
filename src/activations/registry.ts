// The activations the tutorial compares: one row each, keyed by the ABI id both compilers share
// (src/shared/activation-id.ts). A row's `options` are PyTorch's defaults in the order the wasm
// kernels read them (params → f32[number of options]), `bounds` what each option must keep,
// `state` the learnable tensors the model holds for it (none has any yet), `backwardUses` which
// buffer the kernel's backward pass reads (as PyTorch's autograd does), and f/df are float64
// references with PyTorch 1.13's conventions at the kinks, for plots and tests.
import { ActivationId } from '../shared/activation-id.js';
import { describeValue, float32Number, InputError } from '../validate.js';

export type ActivationName =
  | 'identity'
  | 'relu'
  | 'sigmoid'
  | 'tanh'
  | 'relu6'
  | 'leaky_relu'
  | 'elu'
  | 'gelu'
  | 'silu'
  | 'softplus'
  | 'hardtanh'
  | 'hardswish'
  | 'softsign'
  | 'selu'
  | 'celu'
  | 'mish'
  | 'hardsigmoid'
  | 'softshrink'
  | 'hardshrink'
  | 'tanhshrink'
  | 'logsigmoid'
  | 'threshold'
  | 'prelu'
  | 'rrelu';

/** Option values by name, e.g. { alpha: 1 }. */
export type ActivationOptions = Readonly<Record<string, number>>;

/** A bound an option must keep, `option op bound`: against a number, or against another option by name. */
export interface OptionBound {
  readonly option: string;
  readonly op: '>' | '>=' | '<' | '<=' | '!=';
  readonly bound: number | string;
}

/**
 * A learnable tensor of an activation (nn.PReLU's weight): one per hidden layer that uses the
 * activation, as each layer has its own module in PyTorch, named `act<l>.<name>` in the state dict
 * (l the Linear layer it follows), after the Linear layers' tensors.
 */
export interface ActivationState {
  readonly name: string;
  /** The option holding the value every element starts at (nn.PReLU's `init`); the fill draws no random numbers. */
  readonly initOption: string;
  /** The option holding its number of elements (nn.PReLU's `num_parameters`): 1, or the layer's width (one per unit). */
  readonly lengthOption: string;
}

export interface ActivationSpec {
  readonly id: ActivationId;
  readonly name: ActivationName;
  /** One-line definition, for help text and docs. */
  readonly definition: string;
  /** Defaults, in the order the kernels read them: params[0], params[1], … (any number of options). */
  readonly options: ActivationOptions;
  /** What the options must keep besides being finite float32 values (softplus beta > 0); none when absent. */
  readonly bounds?: readonly OptionBound[];
  /** Options that must be whole numbers (nn.PReLU's num_parameters). */
  readonly integers?: readonly string[];
  /**
   * Options that are one of a few strings (nn.GELU's approximate): the user writes the string,
   * the kernels and f/df read its index in this list (the default is `options`' index).
   */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
  /** True when training draws random numbers (nn.RReLU's per-element slope); evaluation is then deterministic. */
  readonly randomInTraining?: boolean;
  /** Learnable state the model holds for each layer with this activation (PReLU's weight); none when absent. */
  readonly state?: readonly ActivationState[];
  /** The buffer the kernel's backward pass reads besides dy: the pre-activation z or the output y. */
  readonly backwardUses: 'z' | 'y';
  /** f(x) in float64. */
  f(x: number, opts: ActivationOptions): number;
  /** f′(x) in float64, with PyTorch's value at the kinks. */
  df(x: number, opts: ActivationOptions): number;
  /** Where f′ jumps (or f has a corner, or f″ jumps) for these options; empty for smooth activations. */
  kinks(opts: ActivationOptions): number[];
  /** Its PyTorch module, from which scripts/pytorch-reference.py makes tests/reference/activations.json. */
  readonly torch: TorchModule;
  /** Option sets unlike the defaults (each with kinks of its own) that the PyTorch reference probes too, as a user writes them. */
  readonly referenceOptions?: readonly Readonly<Record<string, number | string>>[];
  /** Its colour in every figure, the report's table and the playground's swatches. */
  readonly color: string;
}

/** torch.nn.<module>(**{argument: value}): the module of an activation and the argument behind each option. */
export interface TorchModule {
  /** The class in torch.nn, e.g. 'LeakyReLU'. */
  readonly module: string;
  /** Option name → the module's argument (and attribute) name; an option not listed is its name in snake case (negativeSlope → negative_slope). */
  readonly arguments?: Readonly<Record<string, string>>;
  /** True when the module has no defaults (nn.Threshold): the row's defaults are then actlab's own, and the module is built with them. */
  readonly requiresOptions?: boolean;
}

// 1/√π and 1/√(2π), to double precision.
const INV_SQRT_PI = 0.5641895835477563;
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * erf in float64, relative error ~1e-15 (checked against CPython's math.erf on a grid).
 * see: M. Abramowitz & I. A. Stegun, Handbook of Mathematical Functions (1964), 7.1.6 (series
 *      erf x = 2/√π·e^{-x²}·Σ 2ⁿx^{2n+1}/(1·3···(2n+1)), all terms positive, so no cancellation) and
 *      7.1.14 (continued fraction for erfc, used for x >= 1.5, where 120 levels have converged).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  return x < ERF_SPLIT ? erfSeries(x) : 1 - erfcFraction(x);
}

/** erfc = 1 - erf in float64, relative error ~1e-14 for all x >= 0. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < ERF_SPLIT ? 1 - erfSeries(x) : erfcFraction(x);
}

const ERF_SPLIT = 1.5;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return 2 * INV_SQRT_PI * Math.exp(-x2) * sum;
}

function erfcFraction(x: number): number {
  // erfc x = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated bottom-up.
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

function sigmoid64(x: number): number {
  // e^{-|x|} keeps this exact to the last bits in both tails.
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** softplus(x) = log(1 + e^x) in float64, without overflow. */
function softplus64(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

// SELU's constants (torch.nn.functional.selu's 1.6732632423543772848… and 1.0507009873554804934…, as doubles).
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Standard normal CDF via erfc, accurate in the negative tail. */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/**
 * GELU's tanh approximation and its derivative in float64, as PyTorch's formula: with
 * u = √(2/π)·(x + κx³) and t = tanh u, f = x·(1 + t)/2 and f′ = (1 + t)/2 + x/2·(1 - t²)·√(2/π)·(1 + 3κx²).
 */
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (GeluKernelImpl, GeluBackwardKernelImpl, approximate 'tanh')
function geluTanh64(x: number): { f: number; df: number } {
  const beta = Math.sqrt(2 / Math.PI);
  const kappa = 0.044715;
  const t = Math.tanh(beta * (x + kappa * x * x * x));
  return { f: 0.5 * x * (1 + t), df: 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * beta * (1 + 3 * kappa * x * x) };
}

const none: ActivationOptions = Object.freeze({});
const noKinks = (): number[] => [];

/** Every activation, ordered by id. */
export const ACTIVATIONS: readonly ActivationSpec[] = Object.freeze([
  {
    id: ActivationId.Identity,
    name: 'identity',
    definition: 'x',
    options: none,
    // Reads neither; 'z' by convention.
    backwardUses: 'z',
    f: (x) => x,
    df: () => 1,
    kinks: noKinks,
    torch: { module: 'Identity' },
    color: '#7f7f7f',
  },
  {
    id: ActivationId.Relu,
    name: 'relu',
    definition: 'max(x, 0)',
    options: none,
    backwardUses: 'y',
    f: (x) => (x > 0 ? x : 0),
    // PyTorch tests the output: y <= 0 → 0, so relu′(0) = 0.
    df: (x) => (x > 0 ? 1 : 0),
    kinks: () => [0],
    torch: { module: 'ReLU' },
    color: '#3366cc',
  },
  {
    id: ActivationId.Sigmoid,
    name: 'sigmoid',
    definition: '1/(1 + e^-x)',
    options: none,
    backwardUses: 'y',
    f: sigmoid64,
    df: (x) => {
      const y = sigmoid64(x);
      return (1 - y) * y;
    },
    kinks: noKinks,
    torch: { module: 'Sigmoid' },
    color: '#d62728',
  },
  {
    id: ActivationId.Tanh,
    name: 'tanh',
    definition: 'tanh x',
    options: none,
    backwardUses: 'y',
    f: Math.tanh,
    df: (x) => {
      const y = Math.tanh(x);
      return 1 - y * y;
    },
    kinks: noKinks,
    torch: { module: 'Tanh' },
    color: '#2ca02c',
  },
  {
    id: ActivationId.Relu6,
    name: 'relu6',
    definition: 'min(max(x, 0), 6)',
    options: none,
    backwardUses: 'z',
    f: (x) => Math.min(Math.max(x, 0), 6),
    df: (x) => (x <= 0 || x >= 6 ? 0 : 1),
    kinks: () => [0, 6],
    torch: { module: 'ReLU6' },
    color: '#ff7f0e',
  },
  {
    id: ActivationId.LeakyRelu,
    name: 'leaky_relu',
    definition: 'x > 0 ? x : negativeSlope·x',
    options: Object.freeze({ negativeSlope: 0.01 }),
    backwardUses: 'z',
    f: (x, o) => (x > 0 ? x : x * o.negativeSlope!),
    df: (x, o) => (x > 0 ? 1 : o.negativeSlope!),
    kinks: () => [0],
    torch: { module: 'LeakyReLU' },
    referenceOptions: [{ negativeSlope: 0.2 }],
    color: '#17becf',
  },
  {
    id: ActivationId.Elu,
    name: 'elu',
    definition: 'x > 0 ? x : alpha·(e^x - 1)',
    options: Object.freeze({ alpha: 1 }),
    backwardUses: 'z',
    f: (x, o) => (x <= 0 ? o.alpha! * Math.expm1(x) : x),
    df: (x, o) => (x <= 0 ? o.alpha! * Math.exp(x) : 1),
    kinks: () => [0],
    torch: { module: 'ELU' },
    referenceOptions: [{ alpha: 1.7 }],
    color: '#9467bd',
  },
  {
    id: ActivationId.Gelu,
    name: 'gelu',
    definition: "x·Φ(x) = x·(1 + erf(x/√2))/2; approximate 'tanh': x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))/2",
    options: Object.freeze({ approximate: 0 }),
    choices: { approximate: ['none', 'tanh'] },
    backwardUses: 'z',
    f: (x, o) => (o.approximate === 1 ? geluTanh64(x).f : x * normalCdf(x)),
    df: (x, o) => (o.approximate === 1 ? geluTanh64(x).df : normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x)),
    kinks: noKinks,
    torch: { module: 'GELU' },
    referenceOptions: [{ approximate: 'tanh' }],
    color: '#8c564b',
  },
  {
    id: ActivationId.Silu,
    name: 'silu',
    definition: 'x·sigmoid(x)',
    options: none,
    backwardUses: 'z',
    f: (x) => x * sigmoid64(x),
    df: (x) => {
      const s = sigmoid64(x);
      return s * (1 + x * (1 - s));
    },
    kinks: noKinks,
    torch: { module: 'SiLU' },
    color: '#e377c2',
  },
  {
    id: ActivationId.Softplus,
    name: 'softplus',
    definition: 'x·beta > threshold ? x : log(1 + e^(beta·x))/beta',
    options: Object.freeze({ beta: 1, threshold: 20 }),
    // The kernels divide by beta (and PyTorch's formula is meaningless for beta <= 0).
    bounds: [{ option: 'beta', op: '>', bound: 0 }],
    backwardUses: 'z',
    f: (x, o) => {
      const t = x * o.beta!;
      return t > o.threshold! ? x : (Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)))) / o.beta!;
    },
    df: (x, o) => {
      const t = x * o.beta!;
      return t > o.threshold! ? 1 : sigmoid64(t);
    },
    // Past the threshold PyTorch switches to the identity: f and f′ jump (slightly) there.
    kinks: (o) => [o.threshold! / o.beta!],
    torch: { module: 'Softplus' },
    referenceOptions: [{ beta: 2.5, threshold: 7 }],
    color: '#bcbd22',
  },
  {
    id: ActivationId.Hardtanh,
    name: 'hardtanh',
    definition: 'min(max(x, min), max)',
    options: Object.freeze({ min: -1, max: 1 }),
    // PyTorch asserts max_val > min_val when the module is built.
    bounds: [{ option: 'min', op: '<', bound: 'max' }],
    backwardUses: 'z',
    f: (x, o) => Math.min(Math.max(x, o.min!), o.max!),
    df: (x, o) => (x <= o.min! || x >= o.max! ? 0 : 1),
    kinks: (o) => [o.min!, o.max!],
    torch: { module: 'Hardtanh', arguments: { min: 'min_val', max: 'max_val' } },
    referenceOptions: [{ min: -0.75, max: 2.5 }],
    color: '#1b5e20',
  },
  {
    id: ActivationId.Hardswish,
    name: 'hardswish',
    definition: 'x·min(max(x + 3, 0), 6)/6',
    options: none,
    backwardUses: 'z',
    f: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
    // PyTorch's vectorised CPU kernel: -3 belongs to the middle piece, +3 to the identity piece.
    df: (x) => (x < -3 ? 0 : x >= 3 ? 1 : x / 3 + 0.5),
    kinks: () => [-3, 3],
    torch: { module: 'Hardswish' },
    color: '#6a3d9a',
  },
  {
    id: ActivationId.Softsign,
    name: 'softsign',
    definition: 'x/(|x| + 1)',
    options: none,
    backwardUses: 'z',
    f: (x) => x / (Math.abs(x) + 1),
    df: (x) => 1 / ((Math.abs(x) + 1) * (Math.abs(x) + 1)),
    // f′ is continuous, but f″ jumps at 0 (from |x|): a central difference there is off by O(h).
    kinks: () => [0],
    torch: { module: 'Softsign' },
    color: '#b15928',
  },
  {
    id: ActivationId.Selu,
    name: 'selu',
    definition: 'scale·(x > 0 ? x : alpha·(e^x - 1)), alpha ≈ 1.6733, scale ≈ 1.0507',
    options: none,
    backwardUses: 'z',
    f: (x) => (x <= 0 ? SELU_ALPHA * SELU_SCALE * Math.expm1(x) : SELU_SCALE * x),
    // PyTorch's elu_backward: the x <= 0 branch at 0, so selu′(0) = scale·alpha.
    df: (x) => (x <= 0 ? SELU_ALPHA * SELU_SCALE * Math.exp(x) : SELU_SCALE),
    kinks: () => [0],
    torch: { module: 'SELU' },
    color: '#fb9a99',
  },
  {
    id: ActivationId.Celu,
    name: 'celu',
    definition: 'x > 0 ? x : alpha·(e^(x/alpha) - 1)',
    options: Object.freeze({ alpha: 1 }),
    // PyTorch refuses alpha = 0 ("ZeroDivisionError: alpha cannot be 0 for CELU").
    bounds: [{ option: 'alpha', op: '!=', bound: 0 }],
    backwardUses: 'z',
    f: (x, o) => (x <= 0 ? o.alpha! * Math.expm1(x / o.alpha!) : x),
    // The x <= 0 branch at 0: celu′(0) = e^0 = 1 for every alpha.
    df: (x, o) => (x <= 0 ? Math.exp(x / o.alpha!) : 1),
    kinks: () => [0],
    torch: { module: 'CELU' },
    referenceOptions: [{ alpha: 0.6 }],
    color: '#cab2d6',
  },
  {
    id: ActivationId.Mish,
    name: 'mish',
    definition: 'x·tanh(softplus(x))',
    options: none,
    backwardUses: 'z',
    f: (x) => x * Math.tanh(softplus64(x)),
    df: (x) => {
      const t = Math.tanh(softplus64(x));
      return t + x * sigmoid64(x) * (1 - t * t);
    },
    kinks: noKinks,
    torch: { module: 'Mish' },
    color: '#a6cee3',
  },
  {
    id: ActivationId.Hardsigmoid,
    name: 'hardsigmoid',
    definition: 'min(max(x + 3, 0), 6)/6',
    options: none,
    backwardUses: 'z',
    f: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
    // PyTorch's backward: 1/6 only strictly inside (-3, 3), so 0 at both kinks.
    df: (x) => (x > -3 && x < 3 ? 1 / 6 : 0),
    kinks: () => [-3, 3],
    torch: { module: 'Hardsigmoid' },
    color: '#fdbf6f',
  },
  {
    id: ActivationId.Softshrink,
    name: 'softshrink',
    definition: 'x > lambd ? x - lambd : x < -lambd ? x + lambd : 0',
    options: Object.freeze({ lambd: 0.5 }),
    // PyTorch: "lambda must be greater or equal to 0".
    bounds: [{ option: 'lambd', op: '>=', bound: 0 }],
    backwardUses: 'z',
    f: (x, o) => (x > o.lambd! ? x - o.lambd! : x < -o.lambd! ? x + o.lambd! : 0),
    df: (x, o) => (x >= -o.lambd! && x <= o.lambd! ? 0 : 1),
    kinks: (o) => [-o.lambd!, o.lambd!],
    torch: { module: 'Softshrink' },
    referenceOptions: [{ lambd: 1.25 }],
    color: '#ffff99',
  },
  {
    id: ActivationId.Hardshrink,
    name: 'hardshrink',
    definition: '-lambd <= x <= lambd ? 0 : x',
    options: Object.freeze({ lambd: 0.5 }),
    backwardUses: 'z',
    f: (x, o) => (x >= -o.lambd! && x <= o.lambd! ? 0 : x),
    df: (x, o) => (x >= -o.lambd! && x <= o.lambd! ? 0 : 1),
    // f itself jumps at ±lambd.
    kinks: (o) => [-o.lambd!, o.lambd!],
    torch: { module: 'Hardshrink' },
    referenceOptions: [{ lambd: 1.25 }],
    color: '#b2df8a',
  },
  {
    id: ActivationId.Tanhshrink,
    name: 'tanhshrink',
    definition: 'x - tanh x',
    options: none,
    backwardUses: 'z',
    f: (x) => x - Math.tanh(x),
    df: (x) => Math.tanh(x) ** 2,
    kinks: noKinks,
    torch: { module: 'Tanhshrink' },
    color: '#33a02c',
  },
  {
    id: ActivationId.LogSigmoid,
    name: 'logsigmoid',
    definition: 'log(1/(1 + e^-x))',
    options: none,
    backwardUses: 'z',
    f: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
    df: (x) => sigmoid64(-x),
    kinks: noKinks,
    torch: { module: 'LogSigmoid' },
    color: '#e31a1c',
  },
  {
    id: ActivationId.Threshold,
    name: 'threshold',
    definition: 'x <= threshold ? value : x',
    // nn.Threshold takes both without defaults: these are actlab's (then it is relu).
    options: Object.freeze({ threshold: 0, value: 0 }),
    backwardUses: 'z',
    f: (x, o) => (x <= o.threshold! ? o.value! : x),
    df: (x, o) => (x <= o.threshold! ? 0 : 1),
    // f jumps there unless value = threshold.
    kinks: (o) => [o.threshold!],
    torch: { module: 'Threshold', requiresOptions: true },
    referenceOptions: [{ threshold: 0.75, value: -2 }],
    color: '#6a51a3',
  },
  {
    id: ActivationId.Prelu,
    name: 'prelu',
    definition: 'x > 0 ? x : weight·x, the weight learned (numParameters of it: 1, or one per unit), starting at init',
    options: Object.freeze({ numParameters: 1, init: 0.25 }),
    integers: ['numParameters'],
    bounds: [{ option: 'numParameters', op: '>=', bound: 1 }],
    state: [{ name: 'weight', initOption: 'init', lengthOption: 'numParameters' }],
    backwardUses: 'z',
    // f and f′ at the weight's starting value (what a fresh nn.PReLU computes); PyTorch's backward
    // takes the weight's branch at 0 (input > 0 ? grad : weight·grad).
    f: (x, o) => (x > 0 ? x : o.init! * x),
    df: (x, o) => (x > 0 ? 1 : o.init!),
    kinks: () => [0],
    torch: { module: 'PReLU' },
    referenceOptions: [{ numParameters: 1, init: -0.5 }],
    color: '#1b9e77',
  },
  {
    id: ActivationId.Rrelu,
    name: 'rrelu',
    definition: 'x >= 0 ? x : a·x; in training a is drawn from U(lower, upper) per element, in evaluation a = (lower + upper)/2',
    options: Object.freeze({ lower: 1 / 8, upper: 1 / 3 }),
    // PyTorch: "Lower bound should be less than or equal to the upper bound".
    bounds: [{ option: 'lower', op: '<=', bound: 'upper' }],
    randomInTraining: true,
    backwardUses: 'z',
    // Evaluation mode (nn.RReLU().eval()): leaky_relu with the mean slope, whose backward takes the
    // slope at 0.
    f: (x, o) => (x > 0 ? x : ((o.lower! + o.upper!) / 2) * x),
    df: (x, o) => (x > 0 ? 1 : (o.lower! + o.upper!) / 2),
    kinks: () => [0],
    torch: { module: 'RReLU' },
    referenceOptions: [{ lower: 0.05, upper: 0.6 }],
    color: '#d95f02',
  },
] satisfies ActivationSpec[]);

/** The hidden activation of a model made without one. */
export const DEFAULT_ACTIVATION: ActivationName = 'relu';

const byName = new Map<string, ActivationSpec>(ACTIVATIONS.map((spec) => [spec.name, spec]));

/** The activation names, in id order. */
export function activationNames(): ActivationName[] {
  return ACTIVATIONS.map((spec) => spec.name);
}

/** True when `name` is a registered activation: narrows a string (a flag, a URL) to ActivationName. */
export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && byName.has(name);
}

/** The row for `name`; throws a RangeError listing the known names otherwise. */
export function getActivation(name: string): ActivationSpec {
  const spec = typeof name === 'string' ? byName.get(name) : undefined;
  if (!spec) {
    throw inputError('activation', name, `unknown activation ${describeValue(name)}; known: ${activationNames().join(', ')}`);
  }
  return spec;
}

export interface ResolvedActivation {
  readonly spec: ActivationSpec;
  /** Every option of the activation, defaults filled in, as f and df read them (a choice as its index). */
  readonly options: ActivationOptions;
  /** The same options as the user writes them (a choice as its string: gelu's approximate 'tanh'). */
  readonly values: Readonly<Record<string, number | string>>;
  /** The options as the kernels read them: one f32 per option, in the row's order (empty when it takes none). */
  readonly params: Float32Array;
}

/**
 * Bytes of the buffer the kernels read an activation's options from: 4 per option, and at least 4,
 * so that an activation without options still gets a pointer of its own (to 4 zero bytes).
 */
export function optionBytes(spec: Pick<ActivationSpec, 'options'>): number {
  return Math.max(1, Object.keys(spec.options).length) * 4;
}

/** The option values as the user writes them: a choice's index turned back into its string. */
export function optionValues(spec: Pick<ActivationSpec, 'choices'>, options: ActivationOptions): Record<string, number | string> {
  const values: Record<string, number | string> = { ...options };
  for (const [key, names] of Object.entries(spec.choices ?? {})) values[key] = names[options[key]!]!;
  return values;
}

/**
 * Checks `options` against the activation's and fills in the defaults. Throws a RangeError (an
 * InputError) naming the field and value for: options that are not an object (null included), an
 * option the activation does not take, a value that is not a finite number within float32 range,
 * a choice that is not one of its strings, a fraction where a whole number is due, a value outside
 * its row's `bounds` (softplus beta <= 0, hardtanh min >= max). An option given as `undefined`
 * counts as not given. `fieldOf` names an option in errors: the bare name by default,
 * `config.activationOptions.alpha` for a spec, `--alpha` for the CLI.
 */
export function resolveActivationOptions(
  name: string,
  options?: Record<string, unknown>,
  fieldOf: (option: string) => string = (option) => option,
): ResolvedActivation {
  const spec = getActivation(name);
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InputError(`activation "${spec.name}" options`, options, 'must be an object of option values');
  }
  const known = Object.keys(spec.options);
  const resolved: Record<string, number> = { ...spec.options };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (!known.includes(key)) {
      const takes = known.length === 0 ? '' : `; it takes: ${known.join(', ')}`;
      throw new InputError(fieldOf(key), value, `is not known (activation "${spec.name}" takes no option ${describeValue(key)}${takes})`);
    }
    if (value === undefined) continue;
    const choices = spec.choices?.[key];
    if (choices) {
      const index = typeof value === 'string' ? choices.indexOf(value) : -1;
      if (index < 0) throw new InputError(fieldOf(key), value, `must be one of ${choices.map((c) => `"${c}"`).join(', ')}`);
      resolved[key] = index;
      continue;
    }
    // The kernels read the options as f32: 1e39 would be Infinity there.
    resolved[key] = float32Number(fieldOf(key), value);
    if (spec.integers?.includes(key) && !Number.isInteger(resolved[key])) {
      throw new InputError(fieldOf(key), value, 'must be a whole number');
    }
  }
  const params = Float32Array.from(known, (key) => resolved[key]!);
  checkBounds(spec, resolved, params, fieldOf);
  return { spec, options: Object.freeze(resolved), values: Object.freeze(optionValues(spec, resolved)), params };
}

/**
 * Throws for the first of the row's bounds the options break, as given or as the float32 values
 * the kernels divide by and compare with (softplus beta = 1e-50 is 0 there).
 */
function checkBounds(
  spec: ActivationSpec,
  resolved: Record<string, number>,
  params: Float32Array,
  fieldOf: (option: string) => string,
): void {
  const keys = Object.keys(spec.options);
  const asF32 = (key: string) => params[keys.indexOf(key)]!;
  for (const { option, op, bound } of spec.bounds ?? []) {
    const holds = (value: (key: string) => number) => compare(value(option), op, typeof bound === 'number' ? bound : value(bound));
    if (!holds((key) => resolved[key]!) || !holds(asF32)) {
      const against = typeof bound === 'number' ? `${bound}` : `${bound} (${resolved[bound]})`;
      throw new InputError(fieldOf(option), resolved[option], `must be ${op} ${against}`);
    }
  }
}

function compare(a: number, op: OptionBound['op'], b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '!=':
      return a !== b;
  }
}

/** An InputError (a RangeError the CLI reports as bad input) with a message of our own wording. */
function inputError(field: string, value: unknown, message: string): InputError {
  const error = new InputError(field, value, 'is invalid');
  error.message = message;
  return error;
}

/**
 * The activation's largest |f′| for these options, from its float64 df on a 1/64 grid over
 * [-20, 20] and at its kinks: the scale against which a unit counts as saturated (|f′| below 1%
 * of it). Sigmoid 0.25, tanh and relu 1, leaky_relu max(1, negativeSlope).
 */
export function largestSlope(spec: Pick<ActivationSpec, 'df' | 'kinks'>, options: ActivationOptions): number {
  let largest = 0;
  const at = (x: number) => {
    const d = Math.abs(spec.df(x, options));
    if (Number.isFinite(d) && d > largest) largest = d;
  };
  for (let i = -1280; i <= 1280; i++) at(i / 64);
  for (const kink of spec.kinks(options)) for (const x of [kink - 1e-9, kink, kink + 1e-9]) at(x);
  return largest;
}
