// Hardshrink: y = -lambd <= z <= lambd ? 0 : z; option p0 = lambd (default 0.5).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (hardshrink_kernel:
//      (a >= -lambd && a <= lambd) ? 0 : a; shrink_backward_kernel: the same test ? 0 : grad).
// Backward reads z; f jumps at ±lambd, where the derivative is 0; a NaN z passes through (f) and
// passes grad through (f′).
import { Activation, OneOption } from './map';

const ZERO: f32 = 0;

/** Hardshrink's scalar and f32x4 forms, for the loops of ./map.ts: a = lambd (p0); f′ reads z. */
@final export class Hardshrink extends OneOption implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** -l <= x <= l ? 0 : x for one f32. */
  @inline f(x: f32, l: f32, b: f32, c: f32): f32 {
    return x >= -l && x <= l ? ZERO : x;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, l: v128, b: v128, c: v128): v128 {
    return v128.andnot(x, v128.and(f32x4.ge(x, f32x4.neg(l)), f32x4.le(x, l)));
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
