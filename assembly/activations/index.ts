// Dispatch of the activation kernels by id (src/shared/activation-id.ts, the ABI shared with TS).
// Each activation lives in its own file with a scalar and an f32x4 form doing the same operations
// in the same order; its loops run 16 lanes (four vectors) at a time in the SIMD build, then 4, and
// finish the tail (or, in the scalar build, everything) with the scalar form, so both builds give
// the same bits. The four vectors of an iteration are all loaded and computed before the first store:
// with no store in between, V8 builds each f32x4 constant once for all four (see ../math/exp.ts) and
// interleaves their four dependency chains, which is what bounds these loops (measured on x64: about
// 1.5x faster than one vector per iteration for the exponential-based kernels, and no faster with 8).
// The kernels are element-wise, so y == z (dz == dy) in place is still safe.
// Options come in as two f32 at `params`, in the order of the TS registry (src/activations/registry.ts).
import { ActivationId } from '../../src/shared/activation-id';
import { identityForward, identityBackward } from './identity';
import { reluForward, reluBackward } from './relu';
import { sigmoidForward, sigmoidBackward } from './sigmoid';
import { tanhForward, tanhBackward } from './tanh';
import { relu6Forward, relu6Backward } from './relu6';
import { leakyReluForward, leakyReluBackward } from './leaky_relu';
import { eluForward, eluBackward } from './elu';
import { geluForward, geluBackward } from './gelu';
import { siluForward, siluBackward } from './silu';
import { softplusForward, softplusBackward } from './softplus';
import { hardtanhForward, hardtanhBackward } from './hardtanh';
import { hardswishForward, hardswishBackward } from './hardswish';

/** y[i] = f(z[i]) for i < n; params → f32[2] options (see registry); y may alias z (exactly, not partially); writes y only; traps on an unknown id. */
export function activationForward(id: i32, params: usize, z: usize, y: usize, n: i32): void {
  switch (id) {
    case ActivationId.Identity: identityForward(z, y, n); break;
    case ActivationId.Relu: reluForward(z, y, n); break;
    case ActivationId.Sigmoid: sigmoidForward(z, y, n); break;
    case ActivationId.Tanh: tanhForward(z, y, n); break;
    case ActivationId.Relu6: relu6Forward(z, y, n); break;
    case ActivationId.LeakyRelu: leakyReluForward(params, z, y, n); break;
    case ActivationId.Elu: eluForward(params, z, y, n); break;
    case ActivationId.Gelu: geluForward(z, y, n); break;
    case ActivationId.Silu: siluForward(z, y, n); break;
    case ActivationId.Softplus: softplusForward(params, z, y, n); break;
    case ActivationId.Hardtanh: hardtanhForward(params, z, y, n); break;
    case ActivationId.Hardswish: hardswishForward(z, y, n); break;
    // A wrong id from the façade is a bug: fail loudly rather than leave y stale.
    default: unreachable();
  }
}

/** dz[i] = dy[i]·f′ for i < n, f′ read from z or y (registry's backwardUses); dz may alias dy; z, y unchanged; writes dz only; traps on an unknown id. */
export function activationBackward(id: i32, params: usize, z: usize, y: usize, dy: usize, dz: usize, n: i32): void {
  switch (id) {
    case ActivationId.Identity: identityBackward(dy, dz, n); break;
    case ActivationId.Relu: reluBackward(y, dy, dz, n); break;
    case ActivationId.Sigmoid: sigmoidBackward(y, dy, dz, n); break;
    case ActivationId.Tanh: tanhBackward(y, dy, dz, n); break;
    case ActivationId.Relu6: relu6Backward(z, dy, dz, n); break;
    case ActivationId.LeakyRelu: leakyReluBackward(params, z, dy, dz, n); break;
    case ActivationId.Elu: eluBackward(params, z, dy, dz, n); break;
    case ActivationId.Gelu: geluBackward(z, dy, dz, n); break;
    case ActivationId.Silu: siluBackward(z, dy, dz, n); break;
    case ActivationId.Softplus: softplusBackward(params, z, dy, dz, n); break;
    case ActivationId.Hardtanh: hardtanhBackward(params, z, dy, dz, n); break;
    case ActivationId.Hardswish: hardswishBackward(z, dy, dz, n); break;
    default: unreachable();
  }
}
