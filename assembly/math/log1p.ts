// ln(1 + u) in float32, accurate for tiny u, scalar and f32x4 with the same operations in the same order.
// see: D. Goldberg, "What every computer scientist should know about floating-point arithmetic"
//      (ACM Computing Surveys 23(1), 1991), Theorem 4 (W. Kahan's trick): with w = fl(1 + u),
//      log1p(u) = u when w == 1, else log(w)·u/(w - 1). The factor u/(w - 1) cancels the rounding of 1 + u.
// Domain: u > -1 + 2^-24 (so that w is a positive normal), finite; softplus only passes u in (0, 1].
// Measured (2^24 log-uniform u in [1e-12, 1] and 2^24 uniform u in (-0.9, 1], vs float64 Math.log1p):
// max relative error 1.8e-7.
import { logF32, logF32x4 } from './log';

const ONE: f32 = 1;

/** ln(1 + u) for one f32 u > -1. */
// @ts-ignore: decorator
@inline export function log1pF32(u: f32): f32 {
  const w = ONE + u;
  // w == 1 means u is below half an ulp of 1: ln(1 + u) = u to f32 precision.
  return w == ONE ? u : logF32(w) * u / (w - ONE);
}

/** ln(1 + u) lane-wise: the f32x4 twin of log1pF32. */
// @ts-ignore: decorator
@inline export function log1pF32x4(u: v128): v128 {
  const one = f32x4.splat(ONE);
  const w = f32x4.add(one, u);
  // Lanes where w == 1 divide 0 by 0 here; the select below discards them.
  const q = f32x4.div(f32x4.mul(logF32x4(w), u), f32x4.sub(w, one));
  return v128.bitselect(u, q, f32x4.eq(w, one));
}
