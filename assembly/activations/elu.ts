// ELU: y = z <= 0 ? alpha·(e^z - 1) : z; option p0 = alpha (PyTorch default 1).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (elu_kernel, elu_backward_kernel with
//      is_result = false: grad · alpha · e^z for z <= 0, else grad).
// Backward reads z, as PyTorch's out-of-place elu does: elu'(0) = alpha·e^0 = alpha.
// e^z - 1 is PyTorch's own formula; near z = 0 its absolute error is ~alpha·6e-8 (an ulp of 1).
import { expF32, expF32x4 } from '../math/exp';
import { Activation, OneOption } from './map';

const ZERO: f32 = 0;
const ONE: f32 = 1;

/** ELU's scalar and f32x4 forms, for the loops of ./map.ts: a = alpha (p0); f′ reads z. */
@final export class Elu extends OneOption implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x <= 0 ? alpha·(e^x - 1) : x for one f32. */
  @inline f(x: f32, alpha: f32, b: f32, c: f32): f32 {
    return x <= ZERO ? (expF32(x) - ONE) * alpha : x;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, alpha: v128, b: v128, c: v128): v128 {
    const neg = f32x4.mul(f32x4.sub(expF32x4(x), f32x4.splat(ONE)), alpha);
    return v128.bitselect(neg, x, f32x4.le(x, f32x4.splat(ZERO)));
  }

  /** x <= 0 ? dy·alpha·e^x : dy for one f32. */
  @inline df(x: f32, dy: f32, alpha: f32, b: f32, c: f32): f32 {
    return x <= ZERO ? dy * alpha * expF32(x) : dy;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, alpha: v128, b: v128, c: v128): v128 {
    const neg = f32x4.mul(f32x4.mul(dy, alpha), expF32x4(x));
    return v128.bitselect(neg, dy, f32x4.le(x, f32x4.splat(ZERO)));
  }
}
