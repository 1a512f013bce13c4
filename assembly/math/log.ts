// ln x in float64, scalar and f64x2 with the same operations in the same order (bit-identical
// builds), for the BCE metric (../loss/bce.ts), whose arguments are p or 1 - p with p a float32.
// see: fdlibm 5.3 e_log.c (Sun Microsystems, 1993), __ieee754_log, the algorithm of V8's Math.log:
//      x = 2^k·(1 + f) with √2/2 < 1 + f < √2, s = f/(2 + f), R(z) a degree-7 minimax polynomial in
//      z = s² (Lg1…Lg7, fdlibm's own coefficients, evaluated in its two-half form), and
//      ln x = k·ln2_hi - ((hfsq - (s·(hfsq + R) + k·ln2_lo)) - f), hfsq = f²/2; fdlibm's bound: < 1 ulp.
// Unlike fdlibm there are no branches: the cases it takes apart (f tiny, k = 0) go through the
// general formula, which is what lets two lanes share one path. The reduction works on the 64-bit
// pattern: adding 0x3ff00000 - 0x3fe6a09e to the high word moves the mantissas above √2/2 into the
// next binade, so k is the biased exponent - 1023 and 1 + f the mantissa re-biased below √2; k is
// made a float with the 2^52 magic (an exponent field below 2^11 sits in a double's low mantissa
// bits), so no lane-wise integer conversion is needed.
// Domain: normal positive finite x (every p ≥ 2^-149 and 1 - p of a float32 p is one); x = 0 gives
// -1023·ln 2 ≈ -709.1 instead of -Infinity (the BCE clamps both to -100). No NaN, infinity or
// subnormal handling. Live v128 values in the f64x2 form: at most 9 (k, f, hfsq, s, z, w, two
// partial sums of R and the caller's accumulator); V8 rebuilds each splat where it is used.
// Measured (bench/log-error.ts: every float32 p in [2^-149, 1] with a stride of 257 ulps and 1 - p
// for each, plus 2^22 random doubles in [0.5, 2]: 12.5M arguments, against NumPy's 80-bit long
// double log): max error 0.766 ulp (V8's Math.log on the same arguments: 0.795 ulp); the f64x2 and
// scalar forms agree bit for bit on all of them; 0.86% differ from Math.log, by one ulp.

const LN2_HI: f64 = 6.93147180369123816490e-01; // 0x3fe62e42 fee00000
const LN2_LO: f64 = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;
// 0x3ff00000 - 0x3fe6a09e in the high word.
const SHIFT: i64 = 0x00095f6200000000;
const MANTISSA: i64 = 0x000fffffffffffff;
// The re-biased mantissa's exponent: 1 + f in [√2/2, √2).
const SQRT_HALF_HIGH: i64 = 0x3fe6a09e00000000;
// 2^52's bits: or-ing in an integer e < 2^52 gives the double 2^52 + e.
const MAGIC_BITS: i64 = 0x4330000000000000;
// 2^52 + 1023: subtracting it from 2^52 + biased exponent leaves k.
const MAGIC_BIAS: f64 = 4503599627371519;
const ONE: f64 = 1;
const TWO: f64 = 2;
const HALF: f64 = 0.5;

/** ln x for one f64 x (normal, positive, finite; x = 0 gives -1023·ln 2). */
// @ts-ignore: decorator
@inline export function logF64(x: f64): f64 {
  const ix = reinterpret<i64>(x) + SHIFT;
  const k = reinterpret<f64>(MAGIC_BITS | (ix >>> 52)) - MAGIC_BIAS;
  const f = reinterpret<f64>((ix & MANTISSA) + SQRT_HALF_HIGH) - ONE;
  const hfsq = HALF * f * f;
  const s = f / (TWO + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
}

/** ln x lane-wise: the f64x2 twin of logF64. */
// @ts-ignore: decorator
@inline export function logF64x2(x: v128): v128 {
  const ix = i64x2.add(x, i64x2.splat(SHIFT));
  const k = f64x2.sub(v128.or(i64x2.shr_u(ix, 52), i64x2.splat(MAGIC_BITS)), f64x2.splat(MAGIC_BIAS));
  const f = f64x2.sub(i64x2.add(v128.and(ix, i64x2.splat(MANTISSA)), i64x2.splat(SQRT_HALF_HIGH)), f64x2.splat(ONE));
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(HALF), f), f);
  const s = f64x2.div(f, f64x2.add(f64x2.splat(TWO), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))));
  const t2 = f64x2.mul(
    z,
    f64x2.add(f64x2.splat(LG1), f64x2.mul(w, f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7))))))),
  );
  const r = f64x2.add(t2, t1);
  const kHi = f64x2.mul(k, f64x2.splat(LN2_HI));
  const inner = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.mul(k, f64x2.splat(LN2_LO)));
  return f64x2.sub(kHi, f64x2.sub(f64x2.sub(hfsq, inner), f));
}
