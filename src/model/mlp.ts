import { type ActivationName, resolveActivationOptions } from '../activations/registry.js';
import type { Allocation } from '../core/arena.js';
import type { Core } from '../core/load.js';
import { checkPlan, trackOwner } from '../core/memory.js';
import { type Mt19937, rngFrom } from '../random/mt19937.js';
import { ActivationId } from '../shared/activation-id.js';
import { modelBuffers, modelPart, paramCountOf } from '../train/plan.js';
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
}

const MLP_OPTION_KEYS = ['layers', 'activation', 'activationOptions', 'seed', 'rng'] satisfies (keyof MlpOptions)[];

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
  /** → the activation's two f32 options. */
  readonly activationParams: number;
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
  /** Byte offset of the parameter block, and its gradient twin. */
  readonly params: number;
  readonly grads: number;
  readonly paramCount: number;
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
    const resolved = resolveActivationOptions(withDefault(options.activation, 'relu'), options.activationOptions);
    this.activation = resolved.spec.name;
    this.activationOptions = resolved.options;
    // Validate the seed before allocating, so a bad seed leaves the arena untouched.
    const rng = rngFrom(options.rng, options.seed);

    const sizes = this.layers.slice(1).map((nOut, l) => nOut * this.layers[l]! + nOut);
    this.paramCount = paramCountOf(this.layers);
    const buffers = modelBuffers(this.paramCount);
    checkPlan(core, 'for the model (parameters and gradients)', [modelPart(this.layers)]);
    // All four or none: a refused grow frees what was taken, so the core stays usable.
    this.buffers = core.arena.allocAll(buffers);
    const [params, grads, hiddenParams, outputParams] = this.buffers.ptrs as [number, number, number, number];
    this.params = params;
    this.grads = grads;
    core.f32(hiddenParams, 2).set(resolved.params);

    const linear: LinearLayer[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < this.layers.length; l++) {
      const nIn = this.layers[l]!;
      const nOut = this.layers[l + 1]!;
      const last = l + 2 === this.layers.length;
      linear.push({
        nIn,
        nOut,
        weight: this.params + offset * 4,
        bias: this.params + (offset + nIn * nOut) * 4,
        weightGrad: this.grads + offset * 4,
        biasGrad: this.grads + (offset + nIn * nOut) * 4,
        activationId: last ? ActivationId.Sigmoid : resolved.spec.id,
        activationParams: last ? outputParams : hiddenParams,
      });
      offset += sizes[l]!;
    }
    this.linear = linear;
    this.initialise(rng);
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
   * Gives the parameters, gradients and activation options back to the core. A second call does
   * nothing; a model dropped without it is freed when it is garbage collected.
   */
  dispose(): void {
    this.disposed = true;
    this.release();
  }

  /** nn.Linear's default initialisation: weight and bias uniform in ±1/√fan_in, layer by layer. */
  // see: torch/nn/modules/linear.py reset_parameters (kaiming_uniform_ with a=√5 gives 1/√fan_in)
  private initialise(rng: Mt19937): void {
    // Straight into wasm memory (nothing is allocated meanwhile, so the view stays valid): storing
    // a double rounds it to float32 as Float32Array.set does, with no float64 copy of a large model.
    const values = this.core.f32(this.params, this.paramCount);
    let at = 0;
    for (const { nIn, nOut } of this.linear) {
      const bound = 1 / Math.sqrt(nIn);
      for (let k = 0; k < nOut * nIn + nOut; k++) values[at++] = rng.uniform(-bound, bound);
    }
  }

  /** All parameters in block order [W0, b0, W1, b1, ...], copied out of wasm memory. */
  parameters(): Float32Array {
    this.assertNotDisposed();
    return this.core.f32(this.params, this.paramCount).slice();
  }

  /** PyTorch-named copy of the parameters: { 'layer0.weight': [[...]], 'layer0.bias': [...], ... }. */
  stateDict(): StateDict {
    this.assertNotDisposed();
    return unflattenStateDict(this.core.f32(this.params, this.paramCount), this.layers);
  }

  /** Replaces every parameter (rounded to float32); rejects missing, extra or mis-shaped tensors before touching any. */
  loadStateDict(dict: unknown, field = 'stateDict'): void {
    this.assertNotDisposed();
    const flat = flattenStateDict(field, dict, this.layers);
    this.core.f32(this.params, this.paramCount).set(flat);
  }
}
