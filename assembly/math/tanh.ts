// tanh in float32, scalar and f32x4 with the same operations in the same order (bit-identical builds).
// With a = |x|, v = -2a, m = e^v - 1 in (-1, 0] and e = e^v in (0, 1]:
//      tanh a = -m/(2 + m)        for a <= 0.625 (m from expm1F32: relative accuracy down to tiny a),
//      tanh a = 1 - 2e/(2 + m)    above (2 + m = 1 + e; the rounding lands on the small 2e/(2 + m)),
// then the sign of x restored. Both share one quotient, q = (a > 0.625 ? 2e : m)/(2 + m), and
// tanh a = (a > 0.625 ? 1 : 0) - q, so the f32x4 form divides once per lane; e^v and e^v - 1 take the
// same steps up to the last two (./exp.ts), and V8 computes those steps once (checked in TurboFan's
// x64 output). This replaces Cephes tanhf (odd polynomial x + x³·P(x²) for a <= 0.625, else
// 1 - 2/(e^{2a} + 1)), whose f32x4 form computes the polynomial and the exponential for every lane.
// Saturates to ±1 for a > 9.01. a is clamped at 10 first (tanh 10 is exactly 1 here too, and so is
// every a above: checked on every float32 by bench/tanh-clamp.ts against the unclamped form), so that
// e^{-2a} stays above e^{-20}: unclamped, a > 43.67 took e^v to exp's clamp, 2^-126·e^r, and
// (e^r - 1)·2^-126, both subnormal, which x64 multiplies and adds on a slow path (saturated tanh
// units cost 2× per element).
// Measured (2^25 random f32 in [-10, 10] plus 2^24 log-uniform a in [1e-30, 0.7], vs float64
// Math.tanh): max relative error 1.8e-7, max absolute error 9.3e-8 (Cephes: 1.4e-7 and 7.9e-8).
import { expF32, expF32x4, expm1F32, expm1F32x4 } from './exp';

const SMALL: f32 = 0.625;
const ZERO: f32 = 0;
const ONE: f32 = 1;
const TWO: f32 = 2;
const SIGN: i32 = 0x80000000;
// Beyond 9.01 tanh rounds to 1; clamping a here keeps e^{-2a} normal (see above).
const SATURATED: f32 = 10;

/** tanh x for one f32. */
// @ts-ignore: decorator
@inline export function tanhF32(x: f32): f32 {
  // pmin(|x|, 10), as the f32x4 twin: NaN passes through.
  const a = SATURATED < abs<f32>(x) ? SATURATED : abs<f32>(x);
  // -(a + a): a + a with the sign bit set, as the f32x4 twin writes it.
  const v = -(a + a);
  const m = expm1F32(v);
  const e = expF32(v);
  const big = a > SMALL;
  const r = (big ? ONE : ZERO) - (big ? e + e : m) / (TWO + m);
  // r >= +0 (or NaN), so or-ing in x's sign bit is copysign.
  return reinterpret<f32>(reinterpret<i32>(r) | (reinterpret<i32>(x) & SIGN));
}

/** tanh x lane-wise: the f32x4 twin of tanhF32. */
// @ts-ignore: decorator
@inline export function tanhF32x4(x: v128): v128 {
  const sign = i32x4.splat(SIGN);
  const a = f32x4.pmin(v128.andnot(x, sign), f32x4.splat(SATURATED));
  const v = v128.or(f32x4.add(a, a), sign);
  const m = expm1F32x4(v);
  const e = expF32x4(v);
  const big = f32x4.gt(a, f32x4.splat(SMALL));
  const q = f32x4.div(v128.bitselect(f32x4.add(e, e), m, big), f32x4.add(f32x4.splat(TWO), m));
  // The mask's bits and 1.0f's bits give 1 in the big lanes and +0 in the others.
  return v128.or(f32x4.sub(v128.and(big, f32x4.splat(ONE)), q), v128.and(x, sign));
}
