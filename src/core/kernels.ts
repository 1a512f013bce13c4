// The wasm exports, typed. Names are the same on both sides of the boundary (assembly/index.ts).
// Every argument is an integer: a byte offset into the core's memory (`ptr`), a count, or an id.
// Layouts: activations are feature-major, [features][batch], with `batch` a multiple of 4 so the
// kernels can vectorise over samples; weights are PyTorch's [out][in].

import type { GrowableMemory } from './arena.js';

export interface Kernels {
  readonly memory: GrowableMemory;
  /** First byte after the module's static data: where the arena starts. */
  heapBase(): number;
  /** z[nOut][batch] = W[nOut][nIn] · x[nIn][batch] + b[nOut]. */
  denseForward(x: number, w: number, b: number, z: number, batch: number, nIn: number, nOut: number): void;
  /** dW = dz·xᵀ, db = Σ_batch dz (both overwritten); dx = Wᵀ·dz unless dx is 0. */
  denseBackward(x: number, w: number, dz: number, dw: number, db: number, dx: number, batch: number, nIn: number, nOut: number): void;
  /** y[i] = f(z[i]); params → two f32 options in the registry's order. */
  activationForward(id: number, params: number, z: number, y: number, n: number): void;
  /** dz[i] = dy[i]·f′(z[i] or y[i]). */
  activationBackward(id: number, params: number, z: number, y: number, dy: number, dz: number, n: number): void;
  /** out (f64) = nn.BCELoss()(p[0..n), t[0..n)): mean, each log clamped at -100. */
  bceLoss(p: number, t: number, out: number, n: number): void;
  /** dp[i] = ∂BCE/∂p[i] for i < n, and 0 for n ≤ i < nPadded. */
  bceBackward(p: number, t: number, dp: number, n: number, nPadded: number): void;
  /** out (f64) = number of i < n where (p[i] > 0.5) == (t[i] == 1). */
  countCorrect(p: number, t: number, out: number, n: number): void;
  /** One torch.optim.Adam step over n parameters; hyper → f32[8], laid out in assembly/optim/adam.ts. */
  adamStep(hyper: number, w: number, g: number, m: number, v: number, n: number): void;
  /** One torch.optim.SGD step over n parameters; hyper → f32[6], laid out in assembly/optim/sgd.ts. */
  sgdStep(hyper: number, w: number, g: number, buf: number, n: number): void;
  /** out (f64) = mean |x[i]| over i < n. */
  meanAbs(x: number, out: number, n: number): void;
  // Fused kernels over descriptors (src/shared/layout.ts): one call per pass, step or epoch.
  /** Every layer's z and y for x[nIn][padded]. */
  forwardNetwork(net: number, x: number, padded: number): void;
  /** After forwardNetwork: every layer's dW and db for the block's mean BCE. */
  backwardNetwork(net: number, x: number, t: number, n: number, padded: number): void;
  /** One optimizer step; advances the descriptor's step count. */
  optimizerStep(opt: number): void;
  /** One epoch over a table of nBlocks block descriptors; adds each step's mean |dW_l| to net's telemetry. */
  trainEpoch(net: number, opt: number, blocks: number, nBlocks: number): void;
  /** out f64[4] = (Σ BCE, number correct, non-finite outputs, samples saturated at the wrong end) over a table of block descriptors. */
  evaluateNetwork(net: number, blocks: number, nBlocks: number, out: number): void;
  /** The first layer whose weight or bias holds a NaN or ±Infinity, or -1. */
  nonFiniteLayer(net: number): number;
}

/** What a kernel looks like at the boundary: its parameter count (all i32) and its result. */
type Signature<F> = F extends (...args: infer A) => infer R ? { params: A['length']; result: R extends void ? 'none' : 'i32' } : never;
type KernelName = Exclude<keyof Kernels, 'memory'>;

/**
 * Every kernel's signature. The compiler checks it against Kernels above (a wrong count or a
 * missing kernel fails to type-check), and tests/wasm-abi.test.ts against what asc emitted in
 * both builds, so the hand-written types cannot drift from the module.
 */
export const KERNEL_SIGNATURES = {
  heapBase: { params: 0, result: 'i32' },
  denseForward: { params: 7, result: 'none' },
  denseBackward: { params: 9, result: 'none' },
  activationForward: { params: 5, result: 'none' },
  activationBackward: { params: 7, result: 'none' },
  bceLoss: { params: 4, result: 'none' },
  bceBackward: { params: 5, result: 'none' },
  countCorrect: { params: 4, result: 'none' },
  adamStep: { params: 6, result: 'none' },
  sgdStep: { params: 5, result: 'none' },
  meanAbs: { params: 3, result: 'none' },
  forwardNetwork: { params: 3, result: 'none' },
  backwardNetwork: { params: 5, result: 'none' },
  optimizerStep: { params: 1, result: 'none' },
  trainEpoch: { params: 4, result: 'none' },
  evaluateNetwork: { params: 4, result: 'none' },
  nonFiniteLayer: { params: 1, result: 'i32' },
} as const satisfies { [K in KernelName]: Signature<Kernels[K]> };

/** The kernels' names, checked against the module's exports when a core loads. */
export const KERNEL_NAMES = Object.keys(KERNEL_SIGNATURES) as KernelName[];
