// The activation kernels behind a typed call: numbers in, f and f′ out, for the CLI and for plots.
// Training does not come through here: it calls the kernels on its own preallocated buffers.
import type { Core } from '../core/load.js';
import { float32Number } from '../validate.js';
import { optionBytes, resolveActivationOptions } from './registry.js';

export interface ActivationSamples {
  /** The points as evaluated: the inputs rounded to float32. */
  readonly x: number[];
  /** f(x) from the kernel's forward pass. */
  readonly y: number[];
  /** f′(x) from the kernel's backward pass with dy = 1 (PyTorch's value at the kinks). */
  readonly dydx: number[];
}

/**
 * Runs activationForward and then activationBackward (dy = 1) of `name` on `xs` in `core`'s wasm
 * memory. Throws an InputError for an unknown name, bad options or a point that is not a finite float32. Takes its buffers
 * from the core's arena and gives them back before returning or throwing.
 */
export function evaluateActivation(
  core: Core,
  name: string,
  options: Record<string, unknown> | undefined,
  xs: ArrayLike<number>,
): ActivationSamples {
  const { spec, params } = resolveActivationOptions(name, options);
  // The points go into f32 memory: each must be a finite float32, checked before anything is allocated.
  for (let i = 0; i < xs.length; i++) float32Number(`xs[${i}]`, xs[i]);
  const n = xs.length;
  const buffers = core.arena.allocAll([optionBytes(spec), n * 4, n * 4, n * 4, n * 4]);
  try {
    const [paramsPtr, zPtr, yPtr, dyPtr, dzPtr] = buffers.ptrs as [number, number, number, number, number];
    // Views are made only now: any alloc above may have grown (and so detached) the memory.
    core.f32(paramsPtr, params.length).set(params);
    core.f32(zPtr, n).set(xs);
    core.f32(dyPtr, n).fill(1);
    core.kernels.activationForward(
      spec.id, //  which activation (the ABI id)
      paramsPtr, // f32[]: its options, in its row's order
      zPtr, //      f32[n]: the inputs, read
      yPtr, //      f32[n]: f(x), written
      n, //         count
    );
    core.kernels.activationBackward(
      spec.id, //  which activation
      paramsPtr, // f32[]: its options
      zPtr, //      f32[n]: the forward pass's input, read if backwardUses is 'z'
      yPtr, //      f32[n]: the forward pass's output, read if backwardUses is 'y'
      dyPtr, //     f32[n]: upstream gradient, all ones, read
      dzPtr, //     f32[n]: dy·f′(x) = f′(x), written
      n, //         count
    );
    return {
      x: Array.from(core.f32(zPtr, n)),
      y: Array.from(core.f32(yPtr, n)),
      dydx: Array.from(core.f32(dzPtr, n)),
    };
  } finally {
    buffers.dispose();
  }
}
