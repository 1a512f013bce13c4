// An optimizer's settings as the user writes them and as training takes them, both derived from
// the registry's rows (src/optim/registry.ts), and the one validator every entry point uses.
import {
  booleanValue,
  float32Number,
  InputError,
  knownKeys,
  nonNegativeNumber,
  oneOf,
  plainObject,
  positiveNumber,
  unitInterval,
  withDefault,
} from '../validate.js';
import {
  getOptimizer,
  type HyperRule,
  type HyperSpec,
  type HyperValue,
  OPTIMIZER_NAMES,
  type OptimizerName,
  type OptimizerRow,
  type OptimizerSpec,
} from './registry.js';

/** A setting's TypeScript type, from its spec. */
type ValueOf<H> = H extends { type: 'pair' } ? [number, number] : H extends { type: 'boolean' } ? boolean : number;

/** A row's resolved settings: its name and every setting, defaults filled. */
type ConfigOf<R> = R extends OptimizerRow
  ? { name: R['name'] } & { -readonly [H in R['hyper'][number] as H['key']]: ValueOf<H> } extends infer C
    ? { [K in keyof C]: C[K] }
    : never
  : never;

/** torch.optim.Adam's settings (maximize off): name, lr, betas, eps, weightDecay, amsgrad. */
export type AdamConfig = ConfigOf<Extract<OptimizerRow, { name: 'adam' }>>;
/** torch.optim.SGD's settings (maximize off): name, lr, momentum, dampening, weightDecay, nesterov. */
export type SgdConfig = ConfigOf<Extract<OptimizerRow, { name: 'sgd' }>>;
/** Any optimizer's resolved settings; `name` tells which. */
export type OptimizerConfig = ConfigOf<OptimizerRow>;

type AnyHyper = OptimizerRow['hyper'][number];
/** What a user may write: only `name` is required; the rest default as PyTorch's (Adam's lr 1e-3). */
export type OptimizerInput = { name: OptimizerName } & { [H in AnyHyper as H['key']]?: ValueOf<H> };

const RULES: Readonly<Record<HyperRule, (field: string, value: unknown) => number>> = {
  positive: positiveNumber,
  nonNegative: nonNegativeNumber,
  unitInterval: unitInterval,
};

/** A number checked by `rule`, which must also be a finite float32 (the kernels' scalars are). */
function ruled(rule: HyperRule, field: string, value: unknown): number {
  return float32Number(field, RULES[rule](field, value));
}

/** One setting, given or defaulted, checked against its spec; `of` names the optimizer in messages. */
export function resolveHyper(spec: HyperSpec, value: unknown, field: string, of: string): HyperValue {
  if (spec.type === 'number') {
    if (value === undefined && spec.default === undefined) throw new InputError(field, undefined, `is required for ${of}`);
    return ruled(spec.rule, field, withDefault(value, spec.default));
  }
  if (spec.type === 'boolean') return booleanValue(field, withDefault(value, spec.default));
  const pair = withDefault(value, spec.default);
  if (!Array.isArray(pair) || pair.length !== 2) throw new InputError(field, pair, `must be a pair [${spec.parts.join(', ')}]`);
  return [ruled(spec.rule, `${field}[0]`, pair[0]), ruled(spec.rule, `${field}[1]`, pair[1])];
}

/**
 * Fills PyTorch's defaults and validates every field, naming the field and value on failure, all
 * from the optimizer's registry row. Only an absent (undefined) field takes its default; null is
 * rejected. The values are held as float64, as Python holds them, but each step's scalars (lr /
 * bias correction, eps, momentum, weight decay) are float32 in the kernels, so each must be a
 * finite float32.
 */
export function resolveOptimizer(value: unknown, field = 'optimizer'): OptimizerConfig {
  const o = plainObject(field, value);
  const spec: OptimizerSpec = getOptimizer(oneOf(`${field}.name`, o.name, OPTIMIZER_NAMES));
  knownKeys(field, o, ['name', ...spec.hyper.map((h) => h.key)]);
  const config: Record<string, HyperValue> = {};
  for (const h of spec.hyper) config[h.key] = resolveHyper(h, o[h.key], `${field}.${h.key}`, spec.name);
  const broken = spec.check?.(config);
  if (broken) throw new InputError(`${field}.${broken.key}`, config[broken.key], broken.rule);
  return { name: spec.name, ...config } as OptimizerConfig;
}
