import { type ActivationInput, describeActivations, resolveHiddenActivations, type StateTensor } from '../activations/hidden.js';
import type { ResolvedActivation } from '../activations/registry.js';
import type { Allocation } from '../core/arena.js';
import type { Core } from '../core/load.js';
import { checkPlan, trackOwner } from '../core/memory.js';
import { initialiseLinear, type LinearInit } from '../init/apply.js';
import { type LinearInitInput, resolveLinearInit } from '../init/linear-init.js';
import { Mt19937, rngFrom } from '../random/mt19937.js';
import { type TorchSeed, torchSeedValue } from '../random/torch-generator.js';
import { ActivationId } from '../shared/activation-id.js';
import { API_FIELDS, type ModelLayout, modelLayout, modelPart, paramCountOf } from '../train/plan.js';
import { InputError, knownKeys, layerSizes, plainObject } from '../validate.js';
import { flattenStateDict, type StateDict, unflattenStateDict } from './state-dict.js';

export interface MlpOptions {
  /** Layer sizes, input first: the tutorial's network is [2, 5, 5, 5, 5, 1]. */
  layers: readonly number[];
  /**
   * Hidden activation (see activationNames()); the output is always a sigmoid. Default 'relu'. A
   * name, { name, options }, or a list with one of those per hidden layer: ['relu', { name: 'prelu',
   * options: { numParameters: 5 } }, 'tanh'].
   */
  activation?: ActivationInput;
  /**
   * With a single activation name: its options, e.g. { negativeSlope: 0.2 }; defaults as PyTorch's.
   * With a list of names: a list of the same length, one options object per name.
   */
  activationOptions?: Record<string, unknown> | readonly Record<string, unknown>[];
  /** Seed of the initialisation, used when `rng` is not given. Default 0. */
  seed?: number;
  /** Explicit generator for the initialisation; advanced in place. */
  rng?: Mt19937;
  /**
   * Initialise as PyTorch does after torch.manual_seed(torchSeed): every nn.Linear's default init,
   * layer by layer, bit for bit (src/random/torch-linear-init.ts). Instead of `seed` and `rng`.
   */
  torchSeed?: TorchSeed;
  /**
   * The initialisers of every nn.Linear's weight and bias, as torch.nn.init names them
   * (docs/initialisers.md): { weight: 'xavier_uniform', bias: 'zeros' }, each a name or
   * { name, options }; nn.Linear's own default where left out. With torchSeed they draw from
   * PyTorch's generator after the layers' default init, as init.X_(layer.weight) would.
   */
  init?: LinearInitInput;
}

const MLP_OPTION_KEYS = ['layers', 'activation', 'activationOptions', 'seed', 'rng', 'torchSeed', 'init'] satisfies (keyof MlpOptions)[];

/** Byte offsets of one nn.Linear's tensors in the core's memory. */
export interface LinearLayer {
  readonly nIn: number;
  readonly nOut: number;
  readonly weight: number;
  readonly bias: number;
  readonly weightGrad: number;
  readonly biasGrad: number;
  /** Activation applied after this layer: its hidden one, or the output sigmoid. */
  readonly activationId: ActivationId;
  /** → the activation's options, one f32 each in its registry row's order. */
  readonly activationParams: number;
  /** → this layer's activation state (PReLU's weight), f32[activationStateLength]; 0 when it has none (and for the output sigmoid). */
  readonly activationState: number;
  /** → the gradient of that state, laid out the same; 0 when there is none. */
  readonly activationStateGrad: number;
  /** Its length: 1 or nOut; 0 when there is none. */
  readonly activationStateLength: number;
  /** True when the activation draws random numbers in training (RReLU): the workspace gives it a noise buffer. */
  readonly noise: boolean;
}

/** Byte offsets of a model's buffers, as allocated from ModelLayout.buffers. */
export interface ModelPointers {
  readonly params: number;
  readonly grads: number;
  readonly hiddenOptions: number;
  readonly outputOptions: number;
}

/**
 * The Linear layers of a model with these sizes and hidden activations (one per hidden layer), its
 * buffers at `at` (laid out by modelLayout): where each layer's tensors, options and activation
 * state sit.
 */
export function linearLayers(
  layers: readonly number[],
  activations: readonly ResolvedActivation[],
  at: ModelPointers,
  layout: ModelLayout = modelLayout(layers, activations),
): LinearLayer[] {
  const { stateOffset, state, optionOffsets } = layout;
  const linear: LinearLayer[] = [];
  let offset = 0;
  let stateAt = stateOffset;
  for (let l = 0; l + 1 < layers.length; l++) {
    const nIn = layers[l]!;
    const nOut = layers[l + 1]!;
    const hidden = l + 2 < layers.length;
    const tensor = state.find((t) => t.layer === l);
    linear.push({
      nIn,
      nOut,
      weight: at.params + offset * 4,
      bias: at.params + (offset + nIn * nOut) * 4,
      weightGrad: at.grads + offset * 4,
      biasGrad: at.grads + (offset + nIn * nOut) * 4,
      activationId: hidden ? activations[l]!.spec.id : ActivationId.Sigmoid,
      activationParams: hidden ? at.hiddenOptions + optionOffsets[l]! : at.outputOptions,
      activationState: tensor ? at.params + stateAt * 4 : 0,
      activationStateGrad: tensor ? at.grads + stateAt * 4 : 0,
      activationStateLength: tensor?.length ?? 0,
      noise: hidden && activations[l]!.spec.randomInTraining === true,
    });
    stateAt += tensor?.length ?? 0;
    offset += nOut * nIn + nOut;
  }
  return linear;
}

/**
 * Fills a model's parameter block (laid out by modelLayout): the Linear layers as `init` says (by
 * default nn.Linear's own, weight and bias uniform in ±1/√fan_in, layer by layer) from `source`,
 * PyTorch's generator after torch.manual_seed(torchSeed) or the project's seeded rng; then every
 * state tensor at its `init` (nn.PReLU's fill draws no random numbers, so the Linear layers' draws
 * are those of a network without state).
 */
// see: torch/nn/modules/linear.py reset_parameters; src/init/apply.ts initialiseLinear
export function initialiseParameters(
  values: Float32Array,
  layers: readonly number[],
  state: readonly StateTensor[],
  source: Mt19937 | { torchSeed: TorchSeed },
  init?: LinearInit,
): void {
  initialiseLinear(values, layers, init ?? resolveLinearInit(undefined), source instanceof Mt19937 ? { rng: source } : source);
  let at = paramCountOf(layers);
  for (const tensor of state) {
    values.fill(tensor.init, at, at + tensor.length);
    at += tensor.length;
  }
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
  /** One per hidden layer: its activation's row and options. */
  readonly activations: readonly ResolvedActivation[];
  /**
   * How runs and figures name the hidden activations: `relu`, `leaky_relu(negativeSlope=0.2)` (an
   * option off its default), or `[relu, tanh, relu]` when the layers differ.
   */
  readonly activation: string;
  readonly linear: readonly LinearLayer[];
  /** Byte offset of the parameter block ([W0, b0, W1, b1, ..., then the activation's state]), and its gradient twin. */
  readonly params: number;
  readonly grads: number;
  /** f32 values of each block: the Linear layers' parameters and the hidden activation's state. */
  readonly paramCount: number;
  /** The hidden activations' learnable tensors (PReLU's weights): `act<l>.<name>` in the state dict. */
  readonly state: readonly StateTensor[];
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
    this.activations = resolveHiddenActivations(
      options.activation,
      options.activationOptions,
      this.layers.length - 2,
      undefined,
      this.layers.slice(1, -1),
    );
    // Named even without hidden layers ([2, 1]), from the activation as given.
    this.activation = describeActivations(
      this.activations.length > 0 ? this.activations : resolveHiddenActivations(options.activation, options.activationOptions, 1),
    );
    // Validate the seed before allocating, so a bad seed leaves the arena untouched.
    const torchSeed = options.torchSeed === undefined ? undefined : torchSeedValue('torchSeed', options.torchSeed);
    if (torchSeed !== undefined && (options.seed !== undefined || options.rng !== undefined)) {
      throw new InputError('torchSeed', options.torchSeed, 'cannot be combined with seed or rng (it replaces them)');
    }
    const rng = torchSeed === undefined ? rngFrom(options.rng, options.seed) : undefined;
    const init = resolveLinearInit(options.init);

    const layout = modelLayout(this.layers, this.activations);
    this.state = layout.state;
    this.paramCount = layout.paramCount;
    checkPlan(core, 'for the model (parameters and gradients)', [modelPart(this.layers, API_FIELDS, this.activations)]);
    // All four or none: a refused grow frees what was taken, so the core stays usable. The
    // gradient block (the state's gradient included) starts zeroed, as the arena hands out memory.
    this.buffers = core.arena.allocAll(layout.buffers);
    const [params, grads, hiddenOptions, outputOptions] = this.buffers.ptrs as [number, number, number, number];
    this.params = params;
    this.grads = grads;
    this.activations.forEach((activation, l) => {
      core.f32(hiddenOptions + layout.optionOffsets[l]!, activation.params.length).set(activation.params);
    });
    this.linear = linearLayers(this.layers, this.activations, { params, grads, hiddenOptions, outputOptions }, layout);
    // Straight into wasm memory (nothing is allocated meanwhile, so the view stays valid): storing
    // a double rounds it to float32 as Float32Array.set does, with no float64 copy of a large model.
    const values = core.f32(params, this.paramCount);
    try {
      initialiseParameters(values, this.layers, this.state, rng ?? { torchSeed: torchSeed! }, init);
    } catch (error) {
      // An initialiser refused one layer (a gain whose bound is past float32): nothing is kept.
      this.buffers.dispose();
      throw error;
    }
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

  /** All parameters in block order [W0, b0, W1, b1, ..., then the activations' state], copied out of wasm memory. */
  parameters(): Float32Array {
    this.assertNotDisposed();
    return this.core.f32(this.params, this.paramCount).slice();
  }

  /** PyTorch-named copy of the parameters: { 'layer0.weight': [[...]], 'layer0.bias': [...], ..., then any 'act<l>.<name>' }. */
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
