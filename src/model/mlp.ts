import {
  type ActivationName,
  type ActivationSpec,
  type ActivationState,
  DEFAULT_ACTIVATION,
  resolveActivationOptions,
  stateTensorLength,
} from '../activations/registry.js';
import type { Allocation } from '../core/arena.js';
import type { Core } from '../core/load.js';
import { checkPlan, trackOwner } from '../core/memory.js';
import { type Mt19937, rngFrom } from '../random/mt19937.js';
import { type TorchSeed, torchSeedValue } from '../random/torch-generator.js';
import { torchLinearInit } from '../random/torch-linear-init.js';
import { ActivationId } from '../shared/activation-id.js';
import { API_FIELDS, modelLayout, modelPart } from '../train/plan.js';
import { InputError, knownKeys, layerSizes, plainObject, withDefault } from '../validate.js';
import { flattenStateDict, type StateDict, unflattenStateDict } from './state-dict.js';

export interface MlpOptions {
  /** Layer sizes, input first: the tutorial's network is [2, 5, 5, 5, 5, 1]. */
  layers: readonly number[];
  /** Hidden activation (see activationNames()); the output is always a sigmoid. Default 'relu'. */
  activation?: ActivationName;
  /** The activation's options, e.g. { negativeSlope: 0.2 }; defaults as PyTorch's. */
  activationOptions?: Record<string, unknown>;
  /** Seed of the initialisation, used when `rng` is not given. Default 0. */
  seed?: number;
  /** Explicit generator for the initialisation; advanced in place. */
  rng?: Mt19937;
  /**
   * Initialise as PyTorch does after torch.manual_seed(torchSeed): every nn.Linear's default init,
   * layer by layer, bit for bit (src/random/torch-linear-init.ts). Instead of `seed` and `rng`.
   */
  torchSeed?: TorchSeed;
}

const MLP_OPTION_KEYS = ['layers', 'activation', 'activationOptions', 'seed', 'rng', 'torchSeed'] satisfies (keyof MlpOptions)[];

/** Byte offsets of one nn.Linear's tensors in the core's memory. */
export interface LinearLayer {
  readonly nIn: number;
  readonly nOut: number;
  readonly weight: number;
  readonly bias: number;
  readonly weightGrad: number;
  readonly biasGrad: number;
  /** Activation applied after this layer: the hidden one, or the output sigmoid. */
  readonly activationId: ActivationId;
  /** → the activation's options, one f32 each in its registry row's order. */
  readonly activationParams: number;
  /** → the activation's learnable state, f32[], shared by every hidden layer; 0 when it has none (and for the output sigmoid). */
  readonly activationState: number;
  /** → the gradient of that state, laid out the same; 0 when there is none. */
  readonly activationStateGrad: number;
}

/** Byte offsets of a model's buffers, as allocated from ModelLayout.buffers. */
export interface ModelPointers {
  readonly params: number;
  readonly grads: number;
  readonly hiddenOptions: number;
  readonly outputOptions: number;
}

/**
 * The Linear layers of a model with these sizes and hidden activation row, its buffers at `at`
 * (laid out by modelLayout): where each layer's tensors, options and activation state sit.
 */
export function linearLayers(layers: readonly number[], activation: ActivationSpec, at: ModelPointers): LinearLayer[] {
  const { stateOffset, paramCount } = modelLayout(layers, activation);
  const hasState = paramCount > stateOffset;
  const linear: LinearLayer[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const nIn = layers[l]!;
    const nOut = layers[l + 1]!;
    const hidden = l + 2 < layers.length;
    linear.push({
      nIn,
      nOut,
      weight: at.params + offset * 4,
      bias: at.params + (offset + nIn * nOut) * 4,
      weightGrad: at.grads + offset * 4,
      biasGrad: at.grads + (offset + nIn * nOut) * 4,
      activationId: hidden ? activation.id : ActivationId.Sigmoid,
      activationParams: hidden ? at.hiddenOptions : at.outputOptions,
      activationState: hidden && hasState ? at.params + stateOffset * 4 : 0,
      activationStateGrad: hidden && hasState ? at.grads + stateOffset * 4 : 0,
    });
    offset += nOut * nIn + nOut;
  }
  return linear;
}

/**
 * Fills a model's parameter block (laid out by modelLayout) as PyTorch initialises the reference
 * network: nn.Linear's default, weight and bias uniform in ±1/√fan_in, layer by layer, then every
 * state tensor at its row's constant `init` (nn.PReLU's fill draws no random numbers, so the
 * Linear layers' draws are those of a network without state).
 */
// see: torch/nn/modules/linear.py reset_parameters (kaiming_uniform_ with a=√5 gives 1/√fan_in)
export function initialiseParameters(
  values: Float32Array,
  layers: readonly number[],
  state: readonly ActivationState[],
  rng: Mt19937,
): void {
  let at = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const bound = 1 / Math.sqrt(layers[l]!);
    for (let k = 0; k < layers[l + 1]! * (layers[l]! + 1); k++) values[at++] = rng.uniform(-bound, bound);
  }
  initialiseState(values, at, state);
}

/** The activation's state tensors from `at` on in the parameter block, each element at its `init`. */
function initialiseState(values: Float32Array, at: number, state: readonly ActivationState[]): void {
  for (const tensor of state) {
    for (let k = 0; k < stateTensorLength(tensor); k++) values[at++] = tensor.init;
  }
}

/**
 * `values` (the parameter block) as PyTorch fills it after torch.manual_seed(seed): each nn.Linear's
 * default weight then bias, in layer order; then the activation's state at its `init`.
 */
export function initialiseLikeTorch(
  values: Float32Array,
  layers: readonly number[],
  state: readonly ActivationState[],
  seed: TorchSeed,
): void {
  let at = 0;
  for (const { weight, bias } of torchLinearInit(seed, layers)) {
    values.set(weight, at);
    values.set(bias, at + weight.length);
    at += weight.length + bias.length;
  }
  initialiseState(values, at, state);
}

/**
 * The tutorial's network: Linear layers with a hidden activation between them and a sigmoid on
 * the single output. Parameters live in the core's memory as one block [W0, b0, W1, b1, ...]
 * (weights [out][in] as PyTorch stores them), and gradients in a block of the same layout, so an
 * optimizer updates the whole model in one kernel call. They stay there until dispose() (or until
 * the model is garbage collected).
 */
export class Mlp {
  readonly layers: readonly number[];
  readonly activation: ActivationName;
  readonly activationOptions: Readonly<Record<string, number>>;
  readonly linear: readonly LinearLayer[];
  /** Byte offset of the parameter block ([W0, b0, W1, b1, ..., then the activation's state]), and its gradient twin. */
  readonly params: number;
  readonly grads: number;
  /** f32 values of each block: the Linear layers' parameters and the hidden activation's state. */
  readonly paramCount: number;
  /** The hidden activation's learnable tensors (empty for every current activation): `act.<name>` in the state dict. */
  private readonly state: readonly ActivationState[];
  private readonly buffers: Allocation;
  private readonly release: () => void;
  private disposed = false;

  constructor(
    readonly core: Core,
    options: MlpOptions,
  ) {
    knownKeys('options', plainObject('options', options), MLP_OPTION_KEYS);
    this.layers = layerSizes('layers', options.layers);
    if (this.layers[this.layers.length - 1] !== 1) {
      throw new InputError(
        `layers[${this.layers.length - 1}]`,
        this.layers[this.layers.length - 1],
        'must be 1: the output is one sigmoid unit for BCE',
      );
    }
    const resolved = resolveActivationOptions(withDefault(options.activation, DEFAULT_ACTIVATION), options.activationOptions);
    const spec = resolved.spec;
    this.activation = spec.name;
    this.activationOptions = resolved.options;
    this.state = spec.state ?? [];
    // Validate the seed before allocating, so a bad seed leaves the arena untouched.
    const torchSeed = options.torchSeed === undefined ? undefined : torchSeedValue('torchSeed', options.torchSeed);
    if (torchSeed !== undefined && (options.seed !== undefined || options.rng !== undefined)) {
      throw new InputError('torchSeed', options.torchSeed, 'cannot be combined with seed or rng (it replaces them)');
    }
    const rng = torchSeed === undefined ? rngFrom(options.rng, options.seed) : undefined;

    const layout = modelLayout(this.layers, spec);
    this.paramCount = layout.paramCount;
    checkPlan(core, 'for the model (parameters and gradients)', [modelPart(this.layers, API_FIELDS, spec)]);
    // All four or none: a refused grow frees what was taken, so the core stays usable. The
    // gradient block (the state's gradient included) starts zeroed, as the arena hands out memory.
    this.buffers = core.arena.allocAll(layout.buffers);
    const [params, grads, hiddenOptions, outputOptions] = this.buffers.ptrs as [number, number, number, number];
    this.params = params;
    this.grads = grads;
    core.f32(hiddenOptions, resolved.params.length).set(resolved.params);
    this.linear = linearLayers(this.layers, spec, { params, grads, hiddenOptions, outputOptions });
    // Straight into wasm memory (nothing is allocated meanwhile, so the view stays valid): storing
    // a double rounds it to float32 as Float32Array.set does, with no float64 copy of a large model.
    const values = core.f32(params, this.paramCount);
    if (rng) initialiseParameters(values, this.layers, this.state, rng);
    else initialiseLikeTorch(values, this.layers, this.state, torchSeed!);
    this.release = trackOwner(core, 'models', this, [this.buffers]);
  }

  /** True once dispose() has run: the model's memory is gone, and every use of it throws. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Throws if the model was disposed; everything that reads or writes its memory checks this first. */
  assertNotDisposed(): void {
    if (this.disposed) throw new Error('this Mlp was disposed');
  }

  /**
   * Gives the parameters (the activation's state included), gradients and activation options back
   * to the core. A second call does nothing; a model dropped without it is freed when it is garbage
   * collected.
   */
  dispose(): void {
    this.disposed = true;
    this.release();
  }

  /** All parameters in block order [W0, b0, W1, b1, ..., then the activation's state], copied out of wasm memory. */
  parameters(): Float32Array {
    this.assertNotDisposed();
    return this.core.f32(this.params, this.paramCount).slice();
  }

  /** PyTorch-named copy of the parameters: { 'layer0.weight': [[...]], 'layer0.bias': [...], ..., then any 'act.<name>' }. */
  stateDict(): StateDict {
    this.assertNotDisposed();
    return unflattenStateDict(this.core.f32(this.params, this.paramCount), this.layers, this.state);
  }

  /** Replaces every parameter (rounded to float32); rejects missing, extra or mis-shaped tensors before touching any. */
  loadStateDict(dict: unknown, field = 'stateDict'): void {
    this.assertNotDisposed();
    const flat = flattenStateDict(field, dict, this.layers, this.state);
    this.core.f32(this.params, this.paramCount).set(flat);
  }
}
