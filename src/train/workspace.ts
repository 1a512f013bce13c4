import { LAYER, NET } from '../core/layout.js';
import type { Mlp } from '../model/mlp.js';
import type { Block, BlockTable } from './blocks.js';

/**
 * The buffers a model's forward and backward passes need, sized once for blocks of up to
 * `capacity` samples (pre-activations z and outputs y per layer, two gradient buffers used in
 * turn, telemetry sums), and the network descriptor the fused kernels read
 * (src/core/layout.ts). A step allocates nothing and crosses into Wasm once.
 */
export class Workspace {
  /** Byte offset of the network descriptor. */
  readonly net: number;
  private readonly z: number[];
  private readonly y: number[];
  private readonly telemetry: number;
  /** f64 results of evaluate(). */
  private readonly scalars: number;

  constructor(
    readonly model: Mlp,
    readonly capacity: number,
  ) {
    const core = model.core;
    const arena = core.arena;
    const layers = model.linear;
    this.z = layers.map((layer) => arena.allocF32(layer.nOut * capacity));
    this.y = layers.map((layer) => arena.allocF32(layer.nOut * capacity));
    const widest = Math.max(...layers.map((layer) => layer.nOut));
    const gradA = arena.allocF32(widest * capacity);
    const gradB = arena.allocF32(widest * capacity);
    this.telemetry = arena.allocF64(layers.length);
    this.scalars = arena.allocF64(2);
    this.net = arena.alloc(NET.header + LAYER.bytes * layers.length);
    const words = new Int32Array(core.kernels.memory.buffer, this.net, (NET.header + LAYER.bytes * layers.length) / 4);
    const put = (byteOffset: number, value: number) => {
      words[byteOffset / 4] = value;
    };
    put(NET.layers, layers.length);
    put(NET.gradA, gradA);
    put(NET.gradB, gradB);
    put(NET.telemetry, this.telemetry);
    layers.forEach((layer, l) => {
      const at = NET.header + LAYER.bytes * l;
      put(at + LAYER.nIn, layer.nIn);
      put(at + LAYER.nOut, layer.nOut);
      put(at + LAYER.w, layer.weight);
      put(at + LAYER.b, layer.bias);
      put(at + LAYER.dw, layer.weightGrad);
      put(at + LAYER.db, layer.biasGrad);
      put(at + LAYER.activation, layer.activationId);
      put(at + LAYER.params, layer.activationParams);
      put(at + LAYER.z, this.z[l]!);
      put(at + LAYER.y, this.y[l]!);
    });
  }

  /** Byte offsets of layer l's pre-activation z and output y from the last forward pass, f32[nOut][padded]. */
  layerBuffers(l: number): { z: number; y: number } {
    return { z: this.z[l]!, y: this.y[l]! };
  }

  /** Runs the network on a block; returns the byte offset of its output probabilities, f32[padded]. */
  forward(block: Block): number {
    this.model.core.kernels.forwardNetwork(this.net, block.x, block.padded);
    return this.y[this.y.length - 1]!;
  }

  /** After forward(block): writes ∂BCE/∂θ of the block's mean loss into model.grads. */
  backward(block: Block): void {
    this.model.core.kernels.backwardNetwork(this.net, block.x, block.t, block.n, block.padded);
  }

  /** One epoch of steps over the table's blocks with the optimizer descriptor `opt`; into[l] = mean over steps of mean |dW_l|. */
  trainEpoch(table: BlockTable, opt: number, into: Float64Array): void {
    const core = this.model.core;
    core.f64(this.telemetry, this.model.linear.length).fill(0);
    core.kernels.trainEpoch(this.net, opt, table.ptr, table.blocks.length);
    const sums = core.f64(this.telemetry, this.model.linear.length);
    for (let l = 0; l < sums.length; l++) into[l] = sums[l]! / table.blocks.length;
  }

  /** Whole-table BCE sum and number of correct predictions. */
  evaluate(table: BlockTable): { lossSum: number; correct: number } {
    const core = this.model.core;
    core.kernels.evaluateNetwork(this.net, table.ptr, table.blocks.length, this.scalars);
    const [lossSum, correct] = core.f64(this.scalars, 2);
    return { lossSum: lossSum!, correct: correct! };
  }
}
