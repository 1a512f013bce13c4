import {
  booleanValue,
  float32Number,
  InputError,
  knownKeys,
  nonNegativeNumber,
  plainObject,
  positiveNumber,
  unitInterval,
  withDefault,
} from '../validate.js';

/** torch.optim.Adam's settings (amsgrad and maximize off). */
export interface AdamConfig {
  name: 'adam';
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

/** torch.optim.SGD's settings (maximize off). */
export interface SgdConfig {
  name: 'sgd';
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

export type OptimizerConfig = AdamConfig | SgdConfig;
/** What a user may write: only `name` is required; the rest default as PyTorch's (Adam's lr 1e-3). */
export type OptimizerInput = { name: 'adam' | 'sgd' } & Partial<Omit<AdamConfig, 'name'>> & Partial<Omit<SgdConfig, 'name'>>;

export const OPTIMIZER_NAMES = ['adam', 'sgd'] as const;

/** A value checked by `rule`, which must also be a finite float32. */
const f32 = (rule: (field: string, value: unknown) => number, field: string, value: unknown): number =>
  float32Number(field, rule(field, value));

/**
 * Fills PyTorch's defaults and validates every field, naming the field and value on failure. Only
 * an absent (undefined) field takes its default; null is rejected. The values are held as float64,
 * as Python holds them, but each step's scalars (lr / bias correction, eps, momentum, weight
 * decay) are float32 in the kernels, so each must be a finite float32.
 */
export function resolveOptimizer(value: unknown, field = 'optimizer'): OptimizerConfig {
  const o = plainObject(field, value);
  if (o.name === 'adam') {
    knownKeys(field, o, ['name', 'lr', 'betas', 'eps', 'weightDecay']);
    const betas = withDefault(o.betas, [0.9, 0.999]);
    if (!Array.isArray(betas) || betas.length !== 2) throw new InputError(`${field}.betas`, betas, 'must be a pair [beta1, beta2]');
    return {
      name: 'adam',
      lr: f32(positiveNumber, `${field}.lr`, withDefault(o.lr, 1e-3)),
      betas: [unitInterval(`${field}.betas[0]`, betas[0]), unitInterval(`${field}.betas[1]`, betas[1])],
      eps: f32(nonNegativeNumber, `${field}.eps`, withDefault(o.eps, 1e-8)),
      weightDecay: f32(nonNegativeNumber, `${field}.weightDecay`, withDefault(o.weightDecay, 0)),
    };
  }
  if (o.name === 'sgd') {
    knownKeys(field, o, ['name', 'lr', 'momentum', 'dampening', 'weightDecay', 'nesterov']);
    if (o.lr === undefined) throw new InputError(`${field}.lr`, undefined, 'is required for sgd');
    const config: SgdConfig = {
      name: 'sgd',
      lr: f32(positiveNumber, `${field}.lr`, o.lr),
      momentum: f32(nonNegativeNumber, `${field}.momentum`, withDefault(o.momentum, 0)),
      dampening: f32(nonNegativeNumber, `${field}.dampening`, withDefault(o.dampening, 0)),
      weightDecay: f32(nonNegativeNumber, `${field}.weightDecay`, withDefault(o.weightDecay, 0)),
      nesterov: booleanValue(`${field}.nesterov`, withDefault(o.nesterov, false)),
    };
    // PyTorch's own rule: Nesterov momentum needs a momentum and zero dampening.
    if (config.nesterov && (config.momentum <= 0 || config.dampening !== 0)) {
      throw new InputError(`${field}.nesterov`, true, 'requires momentum > 0 and dampening 0');
    }
    return config;
  }
  throw new InputError(`${field}.name`, o.name, `must be one of ${OPTIMIZER_NAMES.join(', ')}`);
}
