// Natural logarithm in float32, scalar and f32x4, same operations in the same order (bit-identical builds).
// see: Cephes Math Library 2.2, logf.c (S. L. Moshier): x = 2^e·m with m in [√½, √2), degree-9
//      polynomial for log(1+f) - f + f²/2, and e·ln2 added as C1 + C2 (Cody–Waite).
// Domain: positive, normal, finite x (here only 1 + u with u in (0, 1], from log1p in softplus);
// zero, subnormals, negatives, inf and NaN are not special-cased.
// Measured (every f32 in [0.5, 2) and 2^24 log-uniform samples in [1e-37, 1e37], vs float64 Math.log):
// max relative error 8.0e-8, max absolute error 3.9e-8 for x in [0.5, 2).

const SQRTH: f32 = 0.70710678118654752440;
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;
const Q0: f32 = 7.0376836292e-2;
const Q1: f32 = -1.1514610310e-1;
const Q2: f32 = 1.1676998740e-1;
const Q3: f32 = -1.2420140846e-1;
const Q4: f32 = 1.4249322787e-1;
const Q5: f32 = -1.6668057665e-1;
const Q6: f32 = 2.0000714765e-1;
const Q7: f32 = -2.4999993993e-1;
const Q8: f32 = 3.3333331174e-1;
const HALF: f32 = 0.5;
const ONE: f32 = 1;

/** ln x for one positive normal f32. */
// @ts-ignore: decorator
@inline export function logF32(x: f32): f32 {
  const bits = reinterpret<i32>(x);
  // frexp: m in [0.5, 1), x = m·2^e.
  let e = <f32>((bits >>> 23) - 126);
  let m = reinterpret<f32>((bits & 0x007fffff) | 0x3f000000);
  // Moving m into [√½, √2) keeps f = m - 1 small on both sides of 1, where the polynomial is accurate.
  if (m < SQRTH) {
    e = e - ONE;
    m = m + m;
  }
  const f = m - ONE;
  const f2 = f * f;
  let p = Q0 * f + Q1;
  p = p * f + Q2;
  p = p * f + Q3;
  p = p * f + Q4;
  p = p * f + Q5;
  p = p * f + Q6;
  p = p * f + Q7;
  p = p * f + Q8;
  let y = p * f * f2;
  y = y + e * C2;
  y = y - HALF * f2;
  return f + y + e * C1;
}

/** ln x lane-wise: the f32x4 twin of logF32. */
// @ts-ignore: decorator
@inline export function logF32x4(x: v128): v128 {
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  let m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const low = f32x4.lt(m, f32x4.splat(SQRTH));
  e = v128.bitselect(f32x4.sub(e, f32x4.splat(ONE)), e, low);
  m = v128.bitselect(f32x4.add(m, m), m, low);
  const f = f32x4.sub(m, f32x4.splat(ONE));
  const f2 = f32x4.mul(f, f);
  let p = f32x4.add(f32x4.mul(f32x4.splat(Q0), f), f32x4.splat(Q1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(Q2));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(Q3));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(Q4));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(Q5));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(Q6));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(Q7));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(Q8));
  let y = f32x4.mul(f32x4.mul(p, f), f2);
  y = f32x4.add(y, f32x4.mul(e, f32x4.splat(C2)));
  y = f32x4.sub(y, f32x4.mul(f32x4.splat(HALF), f2));
  return f32x4.add(f32x4.add(f, y), f32x4.mul(e, f32x4.splat(C1)));
}
