// CELU: y = z <= 0 ? alpha·(e^(z/alpha) - 1) : z; option p0 = alpha (PyTorch default 1, never 0).
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (celu → elu(self, alpha, 1, 1/alpha)) and
//      aten/src/ATen/native/cpu/Activation.cpp (elu_kernel: z <= 0 ? (e^(z·negiptcoef) - 1)·negcoef : z;
//      elu_backward_kernel, is_result = false: grad·negiptcoef·negcoef·e^(z·negiptcoef), else grad).
// Backward reads z: celu'(0) = e^0 = 1 (the z <= 0 branch), for every alpha.
import { expF32, expF32x4 } from '../math/exp';
import { Activation } from './map';

const ZERO: f32 = 0;
const ONE: f32 = 1;

/** CELU's scalar and f32x4 forms, for the loops of ./map.ts: a = alpha (p0), b = 1/alpha; f′ reads z. */
@final export class Celu implements Activation {
  @inline backwardUsesY(): bool { return false; }

  @inline a(params: usize): f32 { return load<f32>(params); }
  @inline b(params: usize): f32 { return ONE / load<f32>(params); }
  @inline c(params: usize): f32 { return 0; }

  /** x <= 0 ? (e^(x·inv) - 1)·alpha : x for one f32. */
  @inline f(x: f32, alpha: f32, inv: f32, c: f32): f32 {
    return x <= ZERO ? (expF32(x * inv) - ONE) * alpha : x;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, alpha: v128, inv: v128, c: v128): v128 {
    const neg = f32x4.mul(f32x4.sub(expF32x4(f32x4.mul(x, inv)), f32x4.splat(ONE)), alpha);
    return v128.bitselect(neg, x, f32x4.le(x, f32x4.splat(ZERO)));
  }

  /** x <= 0 ? dy·inv·alpha·e^(x·inv) : dy for one f32. */
  @inline df(x: f32, dy: f32, alpha: f32, inv: f32, c: f32): f32 {
    return x <= ZERO ? dy * inv * alpha * expF32(x * inv) : dy;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, alpha: v128, inv: v128, c: v128): v128 {
    const neg = f32x4.mul(f32x4.mul(f32x4.mul(dy, inv), alpha), expF32x4(f32x4.mul(x, inv)));
    return v128.bitselect(neg, dy, f32x4.le(x, f32x4.splat(ZERO)));
  }
}
