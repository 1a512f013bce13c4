import type { Mlp } from '../model/mlp.js';
import type { AdamConfig, OptimizerConfig, SgdConfig } from './config.js';

/** Updates a model's parameters from the gradients its last backward pass left in `model.grads`. */
export interface Optimizer {
  readonly config: OptimizerConfig;
  step(): void;
}

export function createOptimizer(model: Mlp, config: OptimizerConfig): Optimizer {
  return config.name === 'adam' ? new Adam(model, config) : new Sgd(model, config);
}

/** torch.optim.Adam over the model's parameter block: state m, v in the core's memory. */
export class Adam implements Optimizer {
  private readonly m: number;
  private readonly v: number;
  private readonly hyper: number;
  private t = 0;

  constructor(private readonly model: Mlp, readonly config: AdamConfig) {
    const arena = model.core.arena;
    this.m = arena.allocF32(model.paramCount);
    this.v = arena.allocF32(model.paramCount);
    this.hyper = arena.allocF32(8);
  }

  step(): void {
    this.t++;
    const { lr, betas: [beta1, beta2], eps, weightDecay } = this.config;
    // Python computes the bias corrections in float64; the tensor ops receive them as float32.
    const bias1 = 1 - beta1 ** this.t;
    const bias2 = 1 - beta2 ** this.t;
    const core = this.model.core;
    core.f32(this.hyper, 8).set([-(lr / bias1), Math.sqrt(bias2), beta1, beta2, 1 - beta1, 1 - beta2, eps, weightDecay]);
    core.kernels.adamStep(
      this.hyper, //        f32[8] step size, √bc2, β1, β2, 1-β1, 1-β2, eps, weight decay
      this.model.params, // f32[paramCount] parameters, updated in place
      this.model.grads, //  f32[paramCount] gradients, read
      this.m, //            f32[paramCount] first moment, updated
      this.v, //            f32[paramCount] second moment, updated
      this.model.paramCount,
    );
  }
}

/** torch.optim.SGD over the model's parameter block, with PyTorch's momentum buffer semantics. */
export class Sgd implements Optimizer {
  private readonly buffer: number;
  private readonly hyper: number;
  private steps = 0;

  constructor(private readonly model: Mlp, readonly config: SgdConfig) {
    const arena = model.core.arena;
    this.buffer = arena.allocF32(model.paramCount);
    this.hyper = arena.allocF32(6);
  }

  step(): void {
    const { lr, momentum, dampening, weightDecay, nesterov } = this.config;
    const core = this.model.core;
    // The first step copies d_p into the momentum buffer instead of decaying it (torch.optim.SGD).
    core.f32(this.hyper, 6).set([-lr, momentum, 1 - dampening, weightDecay, nesterov ? 1 : 0, this.steps === 0 ? 1 : 0]);
    core.kernels.sgdStep(
      this.hyper, //        f32[6] -lr, momentum, 1-dampening, weight decay, nesterov, first step
      this.model.params, // f32[paramCount] parameters, updated in place
      this.model.grads, //  f32[paramCount] gradients, read
      this.buffer, //       f32[paramCount] momentum buffer, updated
      this.model.paramCount,
    );
    this.steps++;
  }
}
