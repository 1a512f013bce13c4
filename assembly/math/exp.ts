// e^x and e^x - 1 in float32, scalar and f32x4, with the same operations in the same order so both
// builds agree bit for bit.
// see: Cephes Math Library 2.2, expf.c (S. L. Moshier): Cody–Waite reduction x = n·ln2 + r with
//      ln2 = C1 + C2 (C1 has 9 significant bits, so n·C1 is exact), |r| ≤ ln2/2, a polynomial for
//      (e^r - 1 - r)/r², and 2^n assembled in the exponent bits.
// The polynomial is degree 4 (Cephes has degree 5), a minimax fit for the relative error of e^r on
// [-0.3466, 0.3466] (Lawson's iteration, then rounded to f32: fit error 3.1e-9), evaluated in Estrin's
// form, (P0·r² + (P1·r + P2))·r² + (P3·r + P4): 5 dependent steps instead of Horner's 8 (the loops that
// call this are bound by the length of that chain; see also the notes below).
// Measured (2^25 random f32 in [-87.3, 88.3] plus 2^24 in [-1, 1], vs float64 Math.exp): max relative
// error 8.3e-8 (under 1 ulp; Cephes's degree 5 in Horner's form: 8.1e-8).
// e^x - 1 takes the same steps, then forms 2^n·(e^r - 1) + (2^n - 1): for |x| < ln2/2, n = 0, r = x
// exactly and the result is e^r - 1 = r + r²·P(r), with full relative accuracy down to the smallest x;
// for larger |x| the result is at least |e^{-ln2/2} - 1| ≈ 0.29 in magnitude, so the sum loses little.
// Measured (2^24 random f32 in [-87, 0], 2^23 in [0, 88] and 2^24 with |x| log-uniform in [1e-30, 0.7],
// vs float64 Math.expm1): max relative error 9.0e-8 for x <= 0 (what tanh uses), 1.2e-7 overall.
// Inputs are clamped to [EXP_LO, EXP_HI] so that n stays in [-126, 127] and 2^n is a normal number:
// very negative x gives ~1.2e-38 instead of 0, very positive x gives ~2.4e38 instead of inf, and
// callers never see inf·0 or inf/inf NaNs. NaN stays NaN.
//
// Written for V8 on x64, where these kernels run (verified by disassembling TurboFan's output):
// - The clamp uses the pseudo-min/max, pmax(a, b) = a < b ? b : a and pmin(a, b) = b < a ? b : a:
//   one maxps/minps each (f32x4.min/max, with their NaN and ±0 rules, are ~8 instructions each).
//   A NaN input fails both comparisons and passes through unchanged.
// - n = round(x·log2e) by the "magic number" trick: adding MAGIC = 1.5·2^23 leaves the nearest integer
//   (ties to even, as f32x4.nearest) in the low mantissa bits for |v| < 2^22, and subtracting MAGIC
//   gives it back exactly as a float. The sum's bits are MAGIC's bits + n, and MAGIC's bits shifted
//   left by 23 vanish (0x4b400000 << 23 ≡ 0 mod 2^32), so 2^n's bits are (bits << 23) + (127 << 23),
//   and 127 << 23 is the bit pattern of 1.0f: no float-to-int conversion (i32x4.trunc_sat_f32x4_s
//   is ~5 instructions).
// - The kernels' loops run four vectors per iteration (../activations/map.ts): V8 rebuilds a
//   v128.const with three instructions (movabs, vmovq, vpunpcklqdq) wherever it is used, but within
//   one iteration its value numbering shares each constant among the four vectors. (Reading the
//   constants from a static table instead, one load each, measured no faster with that loop.)

const LOG2E: f32 = 1.44269504088896341;
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;
// ln(2^-126): n = round(x·log2e) ≥ -126 from here up.
const EXP_LO: f32 = -87.33654;
// Just below 127.5·ln2, so round(x·log2e) ≤ 127 even after rounding of the product.
const EXP_HI: f32 = 88.37626;
// 1.5·2^23: v + MAGIC rounds v to an integer (ties to even) for |v| < 2^22.
const MAGIC: f32 = 12582912;
const P0: f32 = 1.3814610429108143e-3;
const P1: f32 = 8.3687175065279e-3;
const P2: f32 = 4.166838899254799e-2;
const P3: f32 = 1.666652113199234e-1;
const P4: f32 = 4.999999403953552e-1;
const ONE: f32 = 1;
// The bits of 1.0f, 127 << 23: the exponent bias, in place.
const ONE_BITS: i32 = 0x3f800000;

/** e^x for one f32 (see the file comment for range and error). */
// @ts-ignore: decorator
@inline export function expF32(x: f32): f32 {
  // pmax then pmin, as the f32x4 twin: NaN passes through.
  x = x < EXP_LO ? EXP_LO : x;
  x = EXP_HI < x ? EXP_HI : x;
  const t = x * LOG2E + MAGIC;
  const n = t - MAGIC;
  let r = x - n * C1;
  r = r - n * C2;
  const r2 = r * r;
  const p = (P0 * r2 + (P1 * r + P2)) * r2 + (P3 * r + P4);
  const e = p * r2 + r + ONE;
  // t's bits are MAGIC's + n with n in [-126, 127], so this is exactly 2^n (see the file comment).
  return e * reinterpret<f32>((reinterpret<i32>(t) << 23) + ONE_BITS);
}

/** e^x lane-wise: the f32x4 twin of expF32. */
// @ts-ignore: decorator
@inline export function expF32x4(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const magic = f32x4.splat(MAGIC);
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), magic);
  const n = f32x4.sub(t, magic);
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(C1)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(C2)));
  const r2 = f32x4.mul(r, r);
  const p = f32x4.add(
    f32x4.mul(f32x4.add(f32x4.mul(f32x4.splat(P0), r2), f32x4.add(f32x4.mul(f32x4.splat(P1), r), f32x4.splat(P2))), r2),
    f32x4.add(f32x4.mul(f32x4.splat(P3), r), f32x4.splat(P4)),
  );
  const e = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(ONE));
  return f32x4.mul(e, i32x4.add(i32x4.shl(t, 23), i32x4.splat(ONE_BITS)));
}

/** e^x - 1 for one f32, accurate relative to the result near 0 (see the file comment). */
// @ts-ignore: decorator
@inline export function expm1F32(x: f32): f32 {
  // expF32's steps, up to e^r - 1.
  x = x < EXP_LO ? EXP_LO : x;
  x = EXP_HI < x ? EXP_HI : x;
  const t = x * LOG2E + MAGIC;
  const n = t - MAGIC;
  let r = x - n * C1;
  r = r - n * C2;
  const r2 = r * r;
  const p = (P0 * r2 + (P1 * r + P2)) * r2 + (P3 * r + P4);
  const scale = reinterpret<f32>((reinterpret<i32>(t) << 23) + ONE_BITS);
  return (p * r2 + r) * scale + (scale - ONE);
}

/** e^x - 1 lane-wise: the f32x4 twin of expm1F32. */
// @ts-ignore: decorator
@inline export function expm1F32x4(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const magic = f32x4.splat(MAGIC);
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), magic);
  const n = f32x4.sub(t, magic);
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(C1)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(C2)));
  const r2 = f32x4.mul(r, r);
  const p = f32x4.add(
    f32x4.mul(f32x4.add(f32x4.mul(f32x4.splat(P0), r2), f32x4.add(f32x4.mul(f32x4.splat(P1), r), f32x4.splat(P2))), r2),
    f32x4.add(f32x4.mul(f32x4.splat(P3), r), f32x4.splat(P4)),
  );
  const scale = i32x4.add(i32x4.shl(t, 23), i32x4.splat(ONE_BITS));
  return f32x4.add(f32x4.mul(f32x4.add(f32x4.mul(p, r2), r), scale), f32x4.sub(scale, f32x4.splat(ONE)));
}
