// Softshrink: y = z > lambd ? z - lambd : z < -lambd ? z + lambd : 0; option p0 = lambd (default 0.5, >= 0).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (softshrink_kernel: the 0 is written
//      a·0, so NaN gives NaN and a negative z inside gives -0; shrink_backward_kernel:
//      -lambd <= z <= lambd ? 0 : grad).
// Backward reads z; the derivative is 0 at ±lambd themselves, and grad for a NaN z.
import { Activation, OneOption } from './map';

const ZERO: f32 = 0;

/** Softshrink's scalar and f32x4 forms, for the loops of ./map.ts: a = lambd (p0); f′ reads z. */
@final export class Softshrink extends OneOption implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x > l ? x - l : x < -l ? x + l : x·0 for one f32. */
  @inline f(x: f32, l: f32, b: f32, c: f32): f32 {
    return x > l ? x - l : x < -l ? x + l : x * ZERO;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, l: v128, b: v128, c: v128): v128 {
    const inner = v128.bitselect(f32x4.add(x, l), f32x4.mul(x, f32x4.splat(ZERO)), f32x4.lt(x, f32x4.neg(l)));
    return v128.bitselect(f32x4.sub(x, l), inner, f32x4.gt(x, l));
  }

  /** -l <= x <= l ? 0 : dy for one f32. */
  @inline df(x: f32, dy: f32, l: f32, b: f32, c: f32): f32 {
    return x >= -l && x <= l ? ZERO : dy;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, l: v128, b: v128, c: v128): v128 {
    return v128.andnot(dy, v128.and(f32x4.ge(x, f32x4.neg(l)), f32x4.le(x, l)));
  }
}
