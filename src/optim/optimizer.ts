import type { Allocation } from '../core/arena.js';
import type { Mlp } from '../model/mlp.js';
import { OptCapacity, OptRecord } from '../shared/layout.js';
import type { OptimizerConfig } from './config.js';
import { getOptimizer, type HyperValue, type OptimizerSpec, statesUsed } from './registry.js';

/** The settings as the descriptor's f64 slots, in the row's kernel order: a pair takes two, a boolean is 1 or 0. */
function hyperValues(spec: OptimizerSpec, config: OptimizerConfig): number[] {
  const settings = config as unknown as Readonly<Record<string, HyperValue>>;
  return spec.hyper.flatMap((h) => {
    const value = settings[h.key]!;
    return typeof value === 'boolean' ? [value ? 1 : 0] : typeof value === 'number' ? [value] : [...value];
  });
}

/**
 * An optimizer over a model's parameter block: its state (the f32[count] buffers its registry row
 * asks for, e.g. Adam's m and v) and a descriptor (src/shared/layout.ts OptRecord) in the core's
 * memory, with the float64 settings as Python holds them, in the row's kernel order. The kernel
 * computes each step's scalars (Adam's bias corrections) from the step count it keeps there. Its
 * buffers are the caller's to dispose().
 */
export class Optimizer {
  /** Byte offset of the descriptor, for the fused kernels. */
  readonly descriptor: number;
  private readonly buffers: Allocation;

  /** Byte sizes of the buffers an optimizer over `paramCount` parameters takes: the state its settings use, then the descriptor. */
  static buffers(paramCount: number, config: OptimizerConfig): number[] {
    return [...Array.from({ length: statesUsed(config) }, () => paramCount * 4), OptRecord.Bytes];
  }

  constructor(
    private readonly model: Mlp,
    readonly config: OptimizerConfig,
  ) {
    model.assertNotDisposed();
    const spec: OptimizerSpec = getOptimizer(config.name);
    this.buffers = model.core.arena.allocAll(Optimizer.buffers(model.paramCount, config));
    const used = statesUsed(config);
    const ptrs = this.buffers.ptrs;
    this.descriptor = ptrs.at(-1)!;
    const memory = model.core.kernels.memory.buffer;
    const words = new Int32Array(memory, this.descriptor, OptRecord.Hyper / 4);
    words[OptRecord.Kind / 4] = spec.kind;
    words[OptRecord.Steps / 4] = 0;
    words[OptRecord.Params / 4] = model.params;
    words[OptRecord.Grads / 4] = model.grads;
    words[OptRecord.Count / 4] = model.paramCount;
    // Unused state slots and settings are 0, so no stale offset or value is ever read.
    for (let i = 0; i < OptCapacity.States; i++) words[OptRecord.State / 4 + i] = i < used ? ptrs[i]! : 0;
    const hyper = new Float64Array(memory, this.descriptor + OptRecord.Hyper, OptCapacity.Hyper);
    hyper.fill(0);
    hyper.set(hyperValues(spec, config));
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
