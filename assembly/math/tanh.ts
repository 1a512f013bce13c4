// tanh in float32, scalar and f32x4 with the same operations in the same order (bit-identical builds).
// see: Cephes Math Library 2.2, tanhf.c (S. L. Moshier): for |x| <= 0.625 the odd polynomial
//      x + x³·P(x²); above, 1 - 2/(e^{2|x|} + 1) with the sign of x restored.
// Saturates to ±1 for |x| > 9.01 (e^{2|x|} is clamped at ~2.4e38 by expF32, so no inf/inf).
// Measured (2^25 random f32 in [-10, 10] plus 2^24 log-uniform |x| in [1e-30, 0.7], vs float64
// Math.tanh): max relative error 1.4e-7, max absolute error 7.9e-8.
import { expF32, expF32x4 } from './exp';

const SMALL: f32 = 0.625;
const T0: f32 = -5.70498872745e-3;
const T1: f32 = 2.06390887954e-2;
const T2: f32 = -5.37397155531e-2;
const T3: f32 = 1.33314422036e-1;
const T4: f32 = -3.33332819422e-1;
const ONE: f32 = 1;
const TWO: f32 = 2;
const SIGN: i32 = 0x80000000;

/** tanh x for one f32. */
// @ts-ignore: decorator
@inline export function tanhF32(x: f32): f32 {
  const a = abs<f32>(x);
  if (a > SMALL) {
    const r = ONE - TWO / (expF32(a + a) + ONE);
    // r > 0 here, so or-ing in x's sign bit is copysign.
    return reinterpret<f32>(reinterpret<i32>(r) | (reinterpret<i32>(x) & SIGN));
  }
  const s = x * x;
  let p = T0 * s + T1;
  p = p * s + T2;
  p = p * s + T3;
  p = p * s + T4;
  return p * s * x + x;
}

/** tanh x lane-wise: the f32x4 twin of tanhF32 (both branches computed, then selected per lane). */
// @ts-ignore: decorator
@inline export function tanhF32x4(x: v128): v128 {
  const a = f32x4.abs(x);
  const one = f32x4.splat(ONE);
  let r = f32x4.sub(one, f32x4.div(f32x4.splat(TWO), f32x4.add(expF32x4(f32x4.add(a, a)), one)));
  r = v128.or(r, v128.and(x, i32x4.splat(SIGN)));
  const s = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(f32x4.splat(T0), s), f32x4.splat(T1));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(T2));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(T3));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(T4));
  const q = f32x4.add(f32x4.mul(f32x4.mul(p, s), x), x);
  return v128.bitselect(r, q, f32x4.gt(a, f32x4.splat(SMALL)));
}
