// Dispatch of the activation kernels by id (src/shared/activation-id.ts, the ABI shared with TS).
// Each activation lives in its own file: a scalar and an f32x4 form of f and of its derivative, doing
// the same operations in the same order, and a class giving them to the generic loops of ./map.ts;
// each case below is one instance of those loops (identity, a copy, has its own).
// Options come in as f32 at `params`, one per option in the order of the TS registry (src/activations/registry.ts).
import { ActivationId } from '../../src/shared/activation-id';
import { Elu } from './elu';
import { Gelu } from './gelu';
import { Hardswish } from './hardswish';
import { Hardtanh } from './hardtanh';
import { identityBackward, identityForward } from './identity';
import { LeakyRelu } from './leaky_relu';
import { mapBackward, mapForward } from './map';
import { Relu } from './relu';
import { RELU6_PARAMS } from './relu6';
import { Sigmoid } from './sigmoid';
import { Silu } from './silu';
import { Softplus } from './softplus';
import { Tanh } from './tanh';

/** y[i] = f(z[i]) for i < n; params → its f32 options (see registry); y may alias z (exactly, not partially); writes y only; traps on an unknown id. */
export function activationForward(id: i32, params: usize, z: usize, y: usize, n: i32): void {
  switch (id) {
    case ActivationId.Identity: identityForward(z, y, n); break;
    case ActivationId.Relu: mapForward<Relu>(params, z, y, n); break;
    case ActivationId.Sigmoid: mapForward<Sigmoid>(params, z, y, n); break;
    case ActivationId.Tanh: mapForward<Tanh>(params, z, y, n); break;
    case ActivationId.Relu6: mapForward<Hardtanh>(RELU6_PARAMS, z, y, n); break;
    case ActivationId.LeakyRelu: mapForward<LeakyRelu>(params, z, y, n); break;
    case ActivationId.Elu: mapForward<Elu>(params, z, y, n); break;
    case ActivationId.Gelu: mapForward<Gelu>(params, z, y, n); break;
    case ActivationId.Silu: mapForward<Silu>(params, z, y, n); break;
    case ActivationId.Softplus: mapForward<Softplus>(params, z, y, n); break;
    case ActivationId.Hardtanh: mapForward<Hardtanh>(params, z, y, n); break;
    case ActivationId.Hardswish: mapForward<Hardswish>(params, z, y, n); break;
    // A wrong id from the façade is a bug: fail loudly rather than leave y stale.
    default: unreachable();
  }
}

/** dz[i] = dy[i]·f′ for i < n, f′ read from z or y (registry's backwardUses); dz may alias dy; z, y unchanged; writes dz only; traps on an unknown id. */
export function activationBackward(id: i32, params: usize, z: usize, y: usize, dy: usize, dz: usize, n: i32): void {
  // The second argument is the buffer f′ reads: y for relu, sigmoid and tanh, z for the others.
  switch (id) {
    case ActivationId.Identity: identityBackward(dy, dz, n); break;
    case ActivationId.Relu: mapBackward<Relu>(params, y, dy, dz, n); break;
    case ActivationId.Sigmoid: mapBackward<Sigmoid>(params, y, dy, dz, n); break;
    case ActivationId.Tanh: mapBackward<Tanh>(params, y, dy, dz, n); break;
    case ActivationId.Relu6: mapBackward<Hardtanh>(RELU6_PARAMS, z, dy, dz, n); break;
    case ActivationId.LeakyRelu: mapBackward<LeakyRelu>(params, z, dy, dz, n); break;
    case ActivationId.Elu: mapBackward<Elu>(params, z, dy, dz, n); break;
    case ActivationId.Gelu: mapBackward<Gelu>(params, z, dy, dz, n); break;
    case ActivationId.Silu: mapBackward<Silu>(params, z, dy, dz, n); break;
    case ActivationId.Softplus: mapBackward<Softplus>(params, z, dy, dz, n); break;
    case ActivationId.Hardtanh: mapBackward<Hardtanh>(params, z, dy, dz, n); break;
    case ActivationId.Hardswish: mapBackward<Hardswish>(params, z, dy, dz, n); break;
    default: unreachable();
  }
}
