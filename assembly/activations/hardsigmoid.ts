// Hardsigmoid: y = min(max(z + 3, 0), 6)/6.
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (hardsigmoid_kernel:
//      min(max(x + 3, 0), 6) / 6; hardsigmoid_backward_kernel: -3 < x < 3 ? grad·(1/6) : 0).
// Backward reads z; the derivative is 0 at -3 and 3 themselves, and for a NaN z.
// The clamp is PyTorch's std::max/std::min order, so NaN stays NaN; in f32x4 the pseudo-max/min
// (see ./hardtanh.ts). The forward pass divides by 6 and the backward multiplies by the float 1/6,
// as PyTorch does, so both give its float32 bits.
import { Activation, NoOptions } from './map';

const ZERO: f32 = 0;
const THREE: f32 = 3;
const SIX: f32 = 6;
const ONE_SIXTH: f32 = <f32>1 / <f32>6;

/** Hardsigmoid's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class Hardsigmoid extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** min(max(x + 3, 0), 6)/6 for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    let v = x + THREE;
    v = v < ZERO ? ZERO : v;
    return (SIX < v ? SIX : v) / SIX;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    const v = f32x4.pmax(f32x4.add(x, f32x4.splat(THREE)), f32x4.splat(ZERO));
    return f32x4.div(f32x4.pmin(v, f32x4.splat(SIX)), f32x4.splat(SIX));
  }

  /** -3 < x < 3 ? dy·(1/6) : 0 for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    return x > -THREE && x < THREE ? dy * ONE_SIXTH : ZERO;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const inside = v128.and(f32x4.gt(x, f32x4.splat(-THREE)), f32x4.lt(x, f32x4.splat(THREE)));
    return v128.and(f32x4.mul(dy, f32x4.splat(ONE_SIXTH)), inside);
  }
}
