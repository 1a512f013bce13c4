import { OPT, OPTIMIZER_KIND } from '../core/layout.js';
import type { Mlp } from '../model/mlp.js';
import type { OptimizerConfig } from './config.js';

/**
 * An optimizer over a model's parameter block: its state (Adam's m and v, or SGD's momentum
 * buffer) and a descriptor (src/core/layout.ts OPT) in the core's memory, with the float64
 * settings as Python holds them. The kernel computes each step's scalars (Adam's bias
 * corrections) from the step count it keeps there.
 */
export class Optimizer {
  /** Byte offset of the descriptor, for the fused kernels. */
  readonly descriptor: number;

  constructor(
    private readonly model: Mlp,
    readonly config: OptimizerConfig,
  ) {
    const arena = model.core.arena;
    const state1 = arena.allocF32(model.paramCount);
    const state2 = config.name === 'adam' ? arena.allocF32(model.paramCount) : 0;
    this.descriptor = arena.alloc(OPT.bytes);
    const memory = model.core.kernels.memory.buffer;
    const words = new Int32Array(memory, this.descriptor, OPT.hyper / 4);
    words[OPT.kind / 4] = OPTIMIZER_KIND[config.name];
    words[OPT.steps / 4] = 0;
    words[OPT.params / 4] = model.params;
    words[OPT.grads / 4] = model.grads;
    words[OPT.count / 4] = model.paramCount;
    words[OPT.state1 / 4] = state1;
    words[OPT.state2 / 4] = state2;
    new Float64Array(memory, this.descriptor + OPT.hyper, 5).set(
      config.name === 'adam'
        ? [config.lr, config.betas[0], config.betas[1], config.eps, config.weightDecay]
        : [config.lr, config.momentum, config.dampening, config.weightDecay, config.nesterov ? 1 : 0],
    );
  }

  /** Updates the model's parameters from the gradients its last backward pass left in model.grads. */
  step(): void {
    this.model.core.kernels.optimizerStep(this.descriptor);
  }

  /** Steps taken so far. */
  get steps(): number {
    return new Int32Array(this.model.core.kernels.memory.buffer, this.descriptor + OPT.steps, 1)[0]!;
  }
}
