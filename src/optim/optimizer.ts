import type { Allocation } from '../core/arena.js';
import type { Mlp } from '../model/mlp.js';
import { OptimizerKind, OptRecord } from '../shared/layout.js';
import type { OptimizerConfig } from './config.js';

/**
 * An optimizer over a model's parameter block: its state (Adam's m and v, or SGD's momentum
 * buffer) and a descriptor (src/shared/layout.ts OptRecord) in the core's memory, with the float64
 * settings as Python holds them. The kernel computes each step's scalars (Adam's bias
 * corrections) from the step count it keeps there. Its buffers are the caller's to dispose().
 */
export class Optimizer {
  /** Byte offset of the descriptor, for the fused kernels. */
  readonly descriptor: number;
  private readonly buffers: Allocation;

  /** Byte sizes of the buffers an optimizer over `paramCount` parameters takes: its state, then the descriptor. */
  static buffers(paramCount: number, name: OptimizerConfig['name']): number[] {
    return [...(name === 'adam' ? [paramCount * 4, paramCount * 4] : [paramCount * 4]), OptRecord.Bytes];
  }

  constructor(
    private readonly model: Mlp,
    readonly config: OptimizerConfig,
  ) {
    model.assertNotDisposed();
    this.buffers = model.core.arena.allocAll(Optimizer.buffers(model.paramCount, config.name));
    const ptrs = this.buffers.ptrs;
    const state1 = ptrs[0]!;
    const state2 = config.name === 'adam' ? ptrs[1]! : 0;
    this.descriptor = ptrs.at(-1)!;
    const memory = model.core.kernels.memory.buffer;
    const words = new Int32Array(memory, this.descriptor, OptRecord.Hyper / 4);
    words[OptRecord.Kind / 4] = config.name === 'adam' ? OptimizerKind.Adam : OptimizerKind.Sgd;
    words[OptRecord.Steps / 4] = 0;
    words[OptRecord.Params / 4] = model.params;
    words[OptRecord.Grads / 4] = model.grads;
    words[OptRecord.Count / 4] = model.paramCount;
    words[OptRecord.State1 / 4] = state1;
    words[OptRecord.State2 / 4] = state2;
    new Float64Array(memory, this.descriptor + OptRecord.Hyper, 5).set(
      config.name === 'adam'
        ? [config.lr, config.betas[0], config.betas[1], config.eps, config.weightDecay]
        : [config.lr, config.momentum, config.dampening, config.weightDecay, config.nesterov ? 1 : 0],
    );
  }

  /** Updates the model's parameters from the gradients its last backward pass left in model.grads. */
  step(): void {
    this.assertUsable();
    this.model.core.kernels.optimizerStep(this.descriptor);
  }

  /** Steps taken so far. */
  get steps(): number {
    this.assertUsable();
    return new Int32Array(this.model.core.kernels.memory.buffer, this.descriptor + OptRecord.Steps, 1)[0]!;
  }

  /** Gives its state and descriptor back to the core; a second call does nothing. */
  dispose(): void {
    this.buffers.dispose();
  }

  private assertUsable(): void {
    if (this.buffers.isDisposed) throw new Error('this Optimizer was disposed');
    this.model.assertNotDisposed();
  }
}
