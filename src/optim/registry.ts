// The optimizers actlab trains with: one row each, keyed by the OptimizerKind both compilers share
// (src/shared/layout.ts). A row's `hyper` are its settings in the order its kernel reads them from
// the descriptor's f64 slots (a pair takes two, a boolean is 0/1), with PyTorch's defaults and
// rules; `states` is how many f32[count] buffers the kernel keeps. Validation (config.ts), the
// descriptor (optimizer.ts), descriptions (describe.ts), the CLI and the playground read this
// table: adding an optimizer is a row here, a kernel in assembly/optim/, a case in optimizerStep
// (assembly/network/index.ts) and an OptimizerKind.
import { OptCapacity, OptimizerKind } from '../shared/layout.js';

/**
 * The range a number setting must lie in; each maps to one helper of src/validate.ts (and its
 * message). Every number setting must also be a finite float32: the kernels use each as a float32
 * scalar, like PyTorch's scalar arguments to float32 tensor ops.
 */
export type HyperRule = 'positive' | 'nonNegative' | 'unitInterval';

/** A number setting; without a default it is required (SGD's lr, as in PyTorch). */
export interface NumberHyper {
  readonly key: string;
  readonly type: 'number';
  readonly rule: HyperRule;
  readonly default?: number;
  /** Its name in descriptions ("weight decay"). */
  readonly label: string;
}

/** Two numbers written as one array field (Adam's betas); each takes a slot. */
export interface PairHyper {
  readonly key: string;
  readonly type: 'pair';
  readonly rule: HyperRule;
  readonly default: readonly [number, number];
  /** The two parts' names, for messages: [beta1, beta2]. */
  readonly parts: readonly [string, string];
  readonly label: string;
}

/** A switch, written to its slot as 1 or 0. */
export interface BooleanHyper {
  readonly key: string;
  readonly type: 'boolean';
  readonly default: boolean;
  /** Its name in descriptions when on ("Nesterov"). */
  readonly label: string;
}

export type HyperSpec = NumberHyper | PairHyper | BooleanHyper;

/** A resolved setting's value. */
export type HyperValue = number | boolean | readonly [number, number];

/** One optimizer: what the user names, what the kernel reads, and how to check the settings. */
export interface OptimizerSpec {
  readonly kind: OptimizerKind;
  readonly name: string;
  /** Its name in descriptions ("Adam"). */
  readonly label: string;
  /** One-line description, for help text and docs. */
  readonly description: string;
  /** Its class in torch.optim, which scripts/pytorch-reference.py trains the references with (each setting under its snake_case name). */
  readonly torch: string;
  /** Its settings in kernel order. */
  readonly hyper: readonly HyperSpec[];
  /** f32[count] state buffers its kernel keeps, at most, in the order of the descriptor's State slots. */
  readonly states: number;
  /** How many of them these settings use (the first ones; the others are not allocated and never read): all when absent. */
  readonly statesUsed?: (settings: Readonly<Record<string, HyperValue>>) => number;
  /** A rule across settings, after each has passed its own: the offending key and rule, or undefined. */
  readonly check?: (settings: Readonly<Record<string, HyperValue>>) => { key: string; rule: string } | undefined;
}

const lr = { key: 'lr', type: 'number', rule: 'positive', label: 'lr' } as const;
const weightDecay = { key: 'weightDecay', type: 'number', rule: 'nonNegative', default: 0, label: 'weight decay' } as const;
const betas = {
  key: 'betas',
  type: 'pair',
  rule: 'unitInterval',
  default: [0.9, 0.999],
  parts: ['beta1', 'beta2'],
  label: 'betas',
} as const;
const eps8 = { key: 'eps', type: 'number', rule: 'nonNegative', default: 1e-8, label: 'eps' } as const;
const amsgrad = { key: 'amsgrad', type: 'boolean', default: false, label: 'AMSGrad' } as const;

/** Every optimizer, ordered by kind. */
export const OPTIMIZERS = Object.freeze([
  {
    kind: OptimizerKind.Adam,
    name: 'adam',
    label: 'Adam',
    torch: 'Adam',
    description: 'torch.optim.Adam (maximize off): bias-corrected moving averages of the gradient and its square, optionally AMSGrad',
    hyper: [{ ...lr, default: 1e-3 }, betas, eps8, weightDecay, amsgrad],
    // exp_avg, exp_avg_sq, and max_exp_avg_sq only with amsgrad.
    states: 3,
    statesUsed: (s) => (s.amsgrad ? 3 : 2),
  },
  {
    kind: OptimizerKind.Sgd,
    name: 'sgd',
    label: 'SGD',
    torch: 'SGD',
    description: 'torch.optim.SGD (maximize off): gradient descent, with optional (Nesterov) momentum',
    // PyTorch has no default learning rate for SGD.
    hyper: [
      lr,
      { key: 'momentum', type: 'number', rule: 'nonNegative', default: 0, label: 'momentum' },
      { key: 'dampening', type: 'number', rule: 'nonNegative', default: 0, label: 'dampening' },
      weightDecay,
      { key: 'nesterov', type: 'boolean', default: false, label: 'Nesterov' },
    ],
    states: 1,
    // PyTorch's own rule: Nesterov momentum needs a momentum and zero dampening.
    check: (s) =>
      s.nesterov && ((s.momentum as number) <= 0 || s.dampening !== 0)
        ? { key: 'nesterov', rule: 'requires momentum > 0 and dampening 0' }
        : undefined,
  },
  {
    kind: OptimizerKind.Rmsprop,
    name: 'rmsprop',
    label: 'RMSprop',
    torch: 'RMSprop',
    description:
      'torch.optim.RMSprop (maximize off): the gradient divided by a moving root mean square, optionally centred and with momentum',
    hyper: [
      { ...lr, default: 1e-2 },
      { key: 'alpha', type: 'number', rule: 'nonNegative', default: 0.99, label: 'alpha' },
      { key: 'eps', type: 'number', rule: 'nonNegative', default: 1e-8, label: 'eps' },
      weightDecay,
      { key: 'momentum', type: 'number', rule: 'nonNegative', default: 0, label: 'momentum' },
      { key: 'centered', type: 'boolean', default: false, label: 'centred' },
    ],
    // square_avg, momentum_buffer, grad_avg.
    states: 3,
  },
  {
    kind: OptimizerKind.Adagrad,
    name: 'adagrad',
    label: 'Adagrad',
    torch: 'Adagrad',
    description: 'torch.optim.Adagrad (dense, maximize off): the gradient divided by the root of its summed squares, with a decaying rate',
    hyper: [
      { ...lr, default: 1e-2 },
      { key: 'lrDecay', type: 'number', rule: 'nonNegative', default: 0, label: 'lr decay' },
      weightDecay,
      { key: 'initialAccumulatorValue', type: 'number', rule: 'nonNegative', default: 0, label: 'initial accumulator' },
      { key: 'eps', type: 'number', rule: 'nonNegative', default: 1e-10, label: 'eps' },
    ],
    states: 1,
  },
  {
    kind: OptimizerKind.AdamW,
    name: 'adamw',
    label: 'AdamW',
    torch: 'AdamW',
    description:
      'torch.optim.AdamW (maximize off): Adam with decoupled weight decay (the parameter scaled by 1 - lr·weight decay), optionally AMSGrad',
    hyper: [{ ...lr, default: 1e-3 }, betas, eps8, { ...weightDecay, default: 1e-2 }, amsgrad],
    states: 3,
    statesUsed: (s) => (s.amsgrad ? 3 : 2),
  },
] as const satisfies readonly OptimizerSpec[]);

/** The optimizers' rows, as a union of their literal types. */
export type OptimizerRow = (typeof OPTIMIZERS)[number];
export type OptimizerName = OptimizerRow['name'];

export const OPTIMIZER_NAMES: readonly OptimizerName[] = Object.freeze(OPTIMIZERS.map((o) => o.name));

export function isOptimizerName(name: unknown): name is OptimizerName {
  return (OPTIMIZER_NAMES as readonly unknown[]).includes(name);
}

/** The row of a known optimizer name. */
export function getOptimizer(name: OptimizerName): OptimizerRow {
  return OPTIMIZERS.find((o) => o.name === name)!;
}

/** Whether optimizer `name` has the setting `key` (only SGD takes a momentum). */
export function takesSetting(name: OptimizerName, key: string): boolean {
  return getOptimizer(name).hyper.some((h) => h.key === key);
}

/** The state buffers an optimizer with these settings uses: its row's statesUsed, or all of its states. */
export function statesUsed(config: { readonly name: OptimizerName } & Readonly<Record<string, unknown>>): number {
  const row: OptimizerSpec = getOptimizer(config.name);
  return row.statesUsed ? row.statesUsed(config as Readonly<Record<string, HyperValue>>) : row.states;
}

/** The f64 slots a row's settings take in the descriptor. */
export function hyperSlots(spec: OptimizerSpec): number {
  return spec.hyper.reduce((n, h) => n + (h.type === 'pair' ? 2 : 1), 0);
}

// The descriptor has fixed room (src/shared/layout.ts): a row that outgrows it fails at load, not in the kernel.
for (const o of OPTIMIZERS as readonly OptimizerSpec[]) {
  if (o.states > OptCapacity.States || hyperSlots(o) > OptCapacity.Hyper) {
    throw new Error(`optimizer ${o.name} needs more state buffers or settings than OptRecord holds (src/shared/layout.ts OptCapacity)`);
  }
}
