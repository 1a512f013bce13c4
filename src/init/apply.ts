// What each initialiser of src/init/registry.ts computes, as torch.nn.init computes it (bounds and
// standard deviations in float64 as Python does, then PyTorch's float32 tensor ops one by one),
// and the model-level initialiseLinear the Mlp calls.
import { Mt19937 } from '../random/mt19937.js';
import { TorchGenerator, type TorchSeed } from '../random/torch-generator.js';
import { torchLinearBounds, torchLinearInit } from '../random/torch-linear-init.js';
import { InputError, integerAtLeast, layerSizes } from '../validate.js';
import { erf, erfinvFloat } from './erfinv.js';
import { calculateGain } from './gain.js';
import { orthogonal_ } from './orthogonal.js';
import { describeInit, getInitialiser, NO_FANS_RULE, type ResolvedInit, resolveInit } from './registry.js';
import type { InitRole, InitSource } from './types.js';

const fr = Math.fround;
const FLOAT32_MAX = 3.4028234663852886e38;

/** An nn.Linear tensor's shape: [out, in] for a weight, [out] for a bias. */
export type InitShape = readonly [number, number] | readonly [number];

/**
 * torch.nn.init's _calculate_fan_in_and_fan_out: fan_in = size(1), fan_out = size(0) for a 2-D
 * tensor; undefined for a 1-D one (PyTorch raises there).
 */
export function fans(shape: InitShape): { fanIn: number; fanOut: number } | undefined {
  return shape.length === 2 ? { fanIn: shape[1], fanOut: shape[0] } : undefined;
}

/**
 * Fills `tensor` (row-major, of `shape`) as `init` does in PyTorch, drawing from `source`; returns
 * the tensor. `role` says whether it is an nn.Linear's weight or its bias; `fanInOfWeight` is the
 * weight's fan_in, which `default` uses for a bias (bound 1/√fan_in). `default` itself draws what
 * reset_parameters draws (weight U(±√3·√(1/3)/√fan_in), computed as PyTorch does; bias U(±1/√fan_in)).
 * Throws an InputError naming `init.field` for xavier_*, kaiming_* and orthogonal on a bias, and for
 * a gain whose bound or standard deviation is beyond float32 for this layer.
 */
export function applyInit(
  tensor: Float32Array,
  shape: InitShape,
  init: ResolvedInit,
  source: InitSource,
  role: InitRole,
  fanInOfWeight: number,
): Float32Array {
  checkShape(tensor, shape, role);
  const spec = getInitialiser(init.name);
  const fan = fans(shape);
  if (spec.needsFans && fan === undefined) throw new InputError(init.field, describeInit(init), NO_FANS_RULE);
  const o = init.options as Readonly<Record<string, number>>;
  const s = init.options as Readonly<Record<string, string>>;
  switch (init.name) {
    case 'default': {
      const fanIn = role === 'weight' ? (fan as { fanIn: number }).fanIn : integerAtLeast('fanInOfWeight', fanInOfWeight, 1);
      const bounds = torchLinearBounds(fanIn);
      const bound = role === 'weight' ? bounds.weight : bounds.bias;
      return source.uniform_(tensor, -bound, bound);
    }
    case 'uniform':
      return source.uniform_(tensor, o.a as number, o.b as number);
    case 'normal':
      return source.normal_(tensor, o.mean as number, o.std as number);
    case 'constant':
      return tensor.fill(fr(o.val as number));
    case 'zeros':
      return tensor.fill(0);
    case 'ones':
      return tensor.fill(1);
    case 'xavier_uniform':
    case 'xavier_normal': {
      const { fanIn, fanOut } = fan as { fanIn: number; fanOut: number };
      // see: torch/nn/init.py xavier_uniform_, xavier_normal_
      const std = (o.gain as number) * Math.sqrt(2.0 / (fanIn + fanOut));
      if (init.name === 'xavier_normal') return source.normal_(tensor, 0, checkScale(init, std, shape));
      const a = Math.sqrt(3.0) * std;
      return source.uniform_(tensor, -checkScale(init, a, shape), a);
    }
    case 'kaiming_uniform':
    case 'kaiming_normal': {
      const { fanIn, fanOut } = fan as { fanIn: number; fanOut: number };
      // see: torch/nn/init.py kaiming_uniform_, kaiming_normal_, _calculate_correct_fan
      const gain = calculateGain(s.nonlinearity, o.a, `${init.field} nonlinearity`, `${init.field} a`);
      const std = gain / Math.sqrt(s.mode === 'fan_in' ? fanIn : fanOut);
      if (init.name === 'kaiming_normal') return source.normal_(tensor, 0, std);
      const bound = Math.sqrt(3.0) * std;
      return source.uniform_(tensor, -bound, bound);
    }
    case 'trunc_normal':
      return truncNormal_(tensor, source, o.mean as number, o.std as number, o.a as number, o.b as number);
    case 'orthogonal':
      return orthogonal_(tensor, shape[0], (shape as readonly [number, number])[1], source, o.gain as number);
  }
}

function checkShape(tensor: Float32Array, shape: InitShape, role: InitRole): void {
  if (!(tensor instanceof Float32Array)) throw new InputError('tensor', tensor, 'must be a Float32Array');
  if (!Array.isArray(shape) || (shape.length !== 1 && shape.length !== 2))
    throw new InputError('shape', shape, 'must be [out, in] or [out]');
  shape.forEach((size, i) => {
    integerAtLeast(`shape[${i}]`, size, 1);
  });
  if ((role === 'weight') !== (shape.length === 2)) {
    throw new InputError('shape', shape, role === 'weight' ? "must be a weight's [out, in]" : "must be a bias's [out]");
  }
  const count = shape.reduce((n: number, size: number) => n * size, 1);
  if (tensor.length !== count) throw new InputError('tensor', tensor.length, `must hold ${count} values (shape [${shape.join(', ')}])`);
}

/** A uniform bound or a std, refused when float32 cannot hold it (or twice it, the uniform's width). */
function checkScale(init: ResolvedInit, scale: number, shape: InitShape): number {
  if (!(2 * scale <= FLOAT32_MAX)) {
    throw new InputError(init.field, describeInit(init), `gives a scale beyond float32 for a [${shape.join(', ')}] weight (${scale})`);
  }
  return scale;
}

/**
 * trunc_normal_(tensor, mean, std, a, b) as PyTorch 1.13 computes it: Φ at the standardised bounds
 * in float64 (Python's math.erf), uniform_(2l - 1, 2u - 1), then the float32 tensor ops erfinv_,
 * mul_(std·√2), add_(mean), clamp_(a, b), each rounded to float32 on its own.
 */
// see: torch/nn/init.py _no_grad_trunc_normal_
export function truncNormal_(tensor: Float32Array, source: InitSource, mean: number, std: number, a: number, b: number): Float32Array {
  const normCdf = (x: number) => (1 + erf(x / Math.sqrt(2))) / 2;
  const l = normCdf((a - mean) / std);
  const u = normCdf((b - mean) / std);
  source.uniform_(tensor, 2 * l - 1, 2 * u - 1);
  // Tensor ops on a float32 tensor take their Python scalars as float32.
  const scale = fr(std * Math.sqrt(2));
  const shift = fr(mean);
  const lo = fr(a);
  const hi = fr(b);
  for (let i = 0; i < tensor.length; i++) {
    let x = fr(erfinvFloat(tensor[i] as number) * scale);
    x = fr(x + shift);
    // clamp_: min(max(x, lo), hi), NaN kept.
    if (x < lo) x = lo;
    if (hi < x) x = hi;
    tensor[i] = x;
  }
  return tensor;
}

/**
 * An InitSource over the project's own Mt19937 (numpy's legacy RandomState stream): uniform_ takes
 * rng.uniform(a, b) per element, normal_ rng.normal(mean, std), in order, each rounded to float32
 * as it is stored. Deterministic, not PyTorch's stream.
 */
export function mt19937Source(rng: Mt19937): InitSource {
  if (!(rng instanceof Mt19937)) throw new InputError('rng', rng, 'must be an Mt19937');
  return {
    uniform_(tensor, a, b) {
      for (let i = 0; i < tensor.length; i++) tensor[i] = rng.uniform(a, b);
      return tensor;
    },
    normal_(tensor, mean, std) {
      for (let i = 0; i < tensor.length; i++) tensor[i] = rng.normal(mean, std);
      return tensor;
    },
  };
}

/** The parameters of the Linear layers of `layers`: Σ out·(in + 1). */
export function linearParameterCount(layers: readonly number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < layers.length; l++) count += (layers[l + 1] as number) * ((layers[l] as number) + 1);
  return count;
}

/** A weight and a bias initialiser, resolved. */
export interface LinearInit {
  readonly weight: ResolvedInit;
  readonly bias: ResolvedInit;
}

/** Both `default`: what a model made without an init choice holds. */
export const DEFAULT_LINEAR_INIT: LinearInit = Object.freeze({
  weight: resolveInit('default', 'init.weight'),
  bias: resolveInit('default', 'init.bias', 'bias'),
});

/**
 * Writes the nn.Linear parameters of `layers` into `values` in block order [W0 ([out][in]
 * row-major), b0, W1, b1, ...] (what follows them, such as an activation's state, is left alone).
 *
 * With `torchSeed`, exactly as PyTorch 1.13 after `torch.manual_seed(torchSeed)`: every nn.Linear
 * is built in order (each one's reset_parameters draws its weight then its bias), then, layer by
 * layer, the weight initialiser is applied to the weight unless it is `default`, then the bias
 * initialiser to the bias unless it is `default`, all from that one generator.
 *
 * With `rng`: the project's own default first (per layer every weight then bias from
 * rng.uniform(±1/√fan_in), the nn.Linear bias bound for both), then the chosen
 * initialisers in the same order as above, drawing from the rng (mt19937Source).
 *
 * `init` is checked again (role included) before anything is drawn or written.
 */
export function initialiseLinear(
  values: Float32Array,
  layers: readonly number[],
  init: LinearInit,
  source: { torchSeed: TorchSeed } | { rng: Mt19937 },
): void {
  const sizes = layerSizes('layers', layers);
  const total = linearParameterCount(sizes);
  if (!(values instanceof Float32Array)) throw new InputError('values', values, 'must be a Float32Array');
  if (values.length < total)
    throw new InputError('values', values.length, `must hold the ${total} Linear parameters of [${sizes.join(', ')}]`);
  const weight = reResolve(init?.weight, 'init.weight', 'weight');
  const bias = reResolve(init?.bias, 'init.bias', 'bias');
  if (typeof source !== 'object' || source === null) throw new InputError('source', source, 'must be { torchSeed } or { rng }');
  const block = new Float32Array(total);
  let generator: InitSource;
  if ('torchSeed' in source) {
    const torch = new TorchGenerator(source.torchSeed, 'torchSeed');
    let at = 0;
    for (const p of torchLinearInit(torch, sizes)) {
      block.set(p.weight, at);
      block.set(p.bias, at + p.weight.length);
      at += p.weight.length + p.bias.length;
    }
    generator = torch;
  } else if ('rng' in source) {
    const rng = source.rng;
    generator = mt19937Source(rng);
    // The project's own default: every value of a layer in ±1/√fan_in (nn.Linear's bias bound).
    let at = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const bound = torchLinearBounds(sizes[l] as number).bias;
      for (let k = 0; k < (sizes[l + 1] as number) * ((sizes[l] as number) + 1); k++) block[at++] = rng.uniform(-bound, bound);
    }
  } else {
    throw new InputError('source', source, 'must be { torchSeed } or { rng }');
  }
  if (weight.name !== 'default' || bias.name !== 'default') {
    let at = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nIn = sizes[l] as number;
      const nOut = sizes[l + 1] as number;
      const w = block.subarray(at, at + nOut * nIn);
      const b = block.subarray(at + nOut * nIn, at + nOut * (nIn + 1));
      if (weight.name !== 'default') applyInit(w, [nOut, nIn], weight, generator, 'weight', nIn);
      if (bias.name !== 'default') applyInit(b, [nOut], bias, generator, 'bias', nIn);
      at += nOut * (nIn + 1);
    }
  }
  values.set(block);
}

/** A ResolvedInit checked again (a hand-made one included), for its role. */
function reResolve(value: ResolvedInit | undefined, field: string, role: InitRole): ResolvedInit {
  if (typeof value !== 'object' || value === null) throw new InputError(field, value, 'must be a resolved initialiser (resolveInit)');
  const at = typeof value.field === 'string' ? value.field : field;
  return resolveInit({ name: value.name, options: value.options }, at, role);
}
