import type { Mlp } from '../model/mlp.js';
import type { Block } from './blocks.js';

/**
 * The buffers one forward/backward pass needs, sized once for blocks of up to `capacity`
 * samples: pre-activations z and outputs y per layer, two gradient buffers used in turn, and
 * f64 slots for the kernels' scalar results. A step allocates nothing.
 */
export class Workspace {
  private readonly z: number[];
  private readonly y: number[];
  private readonly gradA: number;
  private readonly gradB: number;
  /** f64 results: [0] loss, [1] correct count, [2 + l] mean |dW| of layer l. */
  readonly scalars: number;

  constructor(readonly model: Mlp, readonly capacity: number) {
    const arena = model.core.arena;
    const widths = model.linear.map((layer) => layer.nOut);
    this.z = widths.map((w) => arena.allocF32(w * capacity));
    this.y = widths.map((w) => arena.allocF32(w * capacity));
    const widest = Math.max(...widths);
    this.gradA = arena.allocF32(widest * capacity);
    this.gradB = arena.allocF32(widest * capacity);
    this.scalars = arena.allocF64(2 + model.linear.length);
  }

  /** Runs the network on a block; returns the byte offset of its output probabilities, f32[padded]. */
  forward(block: Block): number {
    const k = this.model.core.kernels;
    let input = block.x;
    this.model.linear.forEach((layer, l) => {
      k.denseForward(
        input, //        f32[nIn][padded] layer input
        layer.weight, // f32[nOut][nIn]
        layer.bias, //   f32[nOut]
        this.z[l]!, //   f32[nOut][padded] pre-activation, written
        block.padded, layer.nIn, layer.nOut,
      );
      k.activationForward(
        layer.activationId,
        layer.activationParams, // f32[2] activation options
        this.z[l]!, //             f32[nOut·padded] read
        this.y[l]!, //             f32[nOut·padded] written
        layer.nOut * block.padded,
      );
      input = this.y[l]!;
    });
    return input;
  }

  /** After forward(block): writes ∂BCE/∂θ of the block's mean loss into model.grads. */
  backward(block: Block): void {
    const k = this.model.core.kernels;
    const layers = this.model.linear;
    const last = layers.length - 1;
    let grad = this.gradA;
    let next = this.gradB;
    k.bceBackward(
      this.y[last]!, // f32[padded] probabilities
      block.t, //      f32[padded] labels
      grad, //         f32[padded] ∂loss/∂p, written; 0 on padding
      block.n, block.padded,
    );
    for (let l = last; l >= 0; l--) {
      const layer = layers[l]!;
      k.activationBackward(
        layer.activationId,
        layer.activationParams, // f32[2] activation options
        this.z[l]!, //             f32[nOut·padded] pre-activation
        this.y[l]!, //             f32[nOut·padded] output
        grad, //                   f32[nOut·padded] ∂loss/∂y
        grad, //                   f32[nOut·padded] ∂loss/∂z, in place
        layer.nOut * block.padded,
      );
      k.denseBackward(
        l > 0 ? this.y[l - 1]! : block.x, // f32[nIn][padded] layer input
        layer.weight, //                     f32[nOut][nIn]
        grad, //                             f32[nOut][padded] ∂loss/∂z
        layer.weightGrad, //                 f32[nOut][nIn] written
        layer.biasGrad, //                   f32[nOut] written
        l > 0 ? next : 0, //                 f32[nIn][padded] ∂loss/∂input, not needed for the data
        block.padded, layer.nIn, layer.nOut,
      );
      [grad, next] = [next, grad];
    }
  }

  /** mean |∂loss/∂W| of every layer after backward(), as torch's weight.grad.abs().mean(). */
  weightGradMeans(into: Float64Array): void {
    const core = this.model.core;
    this.model.linear.forEach((layer, l) => {
      core.kernels.meanAbs(layer.weightGrad, this.scalars + 8 * (2 + l), layer.nIn * layer.nOut);
    });
    into.set(core.f64(this.scalars + 16, this.model.linear.length));
  }

  /** After forward(block): the block's summed BCE and its number of correct predictions. */
  evaluate(block: Block, output: number): { lossSum: number; correct: number } {
    const core = this.model.core;
    core.kernels.bceLoss(output, block.t, this.scalars, block.n);
    core.kernels.countCorrect(output, block.t, this.scalars + 8, block.n);
    const [loss, correct] = core.f64(this.scalars, 2);
    return { lossSum: loss! * block.n, correct: correct! };
  }
}
