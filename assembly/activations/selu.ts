// SELU: y = scale·(z <= 0 ? alpha·(e^z - 1) : z), with PyTorch's fixed alpha and scale.
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (selu → elu(self, SELU_ALPHA, SELU_SCALE, 1))
//      and aten/src/ATen/native/cpu/Activation.cpp (elu_kernel: z <= 0 ? (e^z - 1)·negcoef : z·poscoef,
//      negcoef = alpha·scale in float; elu_backward_kernel, is_result = false: grad·negcoef·e^z, else
//      grad·poscoef).
// Backward reads z: selu'(0) = scale·alpha (the z <= 0 branch), as PyTorch gives.
import { expF32, expF32x4 } from '../math/exp';
import { Activation, NoOptions } from './map';

const ZERO: f32 = 0;
const ONE: f32 = 1;
const SCALE: f32 = 1.0507009873554804934193349852946;
// alpha·scale rounded once more in float, as PyTorch's negcoef is.
const NEG: f32 = <f32>1.6732632423543772848170429916717 * SCALE;

/** SELU's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class Selu extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x <= 0 ? (e^x - 1)·negcoef : x·scale for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    return x <= ZERO ? (expF32(x) - ONE) * NEG : x * SCALE;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    const neg = f32x4.mul(f32x4.sub(expF32x4(x), f32x4.splat(ONE)), f32x4.splat(NEG));
    return v128.bitselect(neg, f32x4.mul(x, f32x4.splat(SCALE)), f32x4.le(x, f32x4.splat(ZERO)));
  }

  /** x <= 0 ? dy·negcoef·e^x : dy·scale for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    return x <= ZERO ? dy * NEG * expF32(x) : dy * SCALE;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const neg = f32x4.mul(f32x4.mul(dy, f32x4.splat(NEG)), expF32x4(x));
    return v128.bitselect(neg, f32x4.mul(dy, f32x4.splat(SCALE)), f32x4.le(x, f32x4.splat(ZERO)));
  }
}
