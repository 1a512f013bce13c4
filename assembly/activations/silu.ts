// SiLU (swish): y = z·σ(z).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (silu_kernel; silu_backward_kernel:
//      grad · s · (1 + x·(1 - s)), s = σ(x)).
// Backward reads z: σ(z) cannot be recovered from y.
import { Activation, NoOptions } from './map';
import { sigmoidF32, sigmoidF32x4 } from './sigmoid';

const ONE: f32 = 1;

/** SiLU's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class Silu extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x·σ(x) for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    return x * sigmoidF32(x);
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    return f32x4.mul(x, sigmoidF32x4(x));
  }

  /** dy·s·(1 + x·(1 - s)), s = σ(x), for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    const s = sigmoidF32(x);
    return dy * s * (ONE + x * (ONE - s));
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const s = sigmoidF32x4(x);
    const one = f32x4.splat(ONE);
    return f32x4.mul(f32x4.mul(dy, s), f32x4.add(one, f32x4.mul(x, f32x4.sub(one, s))));
  }
}
