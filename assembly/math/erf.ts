// erfcx, erfc and erf in float32, scalar and f32x4 with the same operations in the same order
// (bit-identical builds).
// The substitution is Numerical Recipes' (W. H. Press et al., Numerical Recipes in C, 2nd ed. (1992),
// §6.2, erfcc): t = 1/(1 + z/2) maps z in [0, ∞) onto t in (0, 1], where the scaled function
//      erfcx(z)/t = e^{z²}·erfc(z)/t
// is smooth, from 1/(2√π) at t = 0 (z → ∞) to 1 at t = 1 (z = 0). Here that quotient is one degree-10
// polynomial Q(t) (NR instead fits the exponent, erfc ≈ t·e^{-z² + P(t)}, so it needs the exponential
// of something that depends on t); so erfc(z) = t·Q(t)·e^{-z²}, with e^{-z²} independent of the
// polynomial: the two chains run side by side, and gelu's backward pass reuses e^{-z²} as its
// density, one exponential instead of two.
// Q is a minimax fit of the relative error on [0, 1] (Lawson's iteration on 4001 points against
// mpmath, coefficients rounded to f32 one at a time from the highest degree, refitting the rest):
// fit error 5.2e-8. It is evaluated in Estrin's form (4 levels of multiply-adds instead of Horner's 10).
// Measured in float32 (2^25 random x in [-6, 3], 2^24 in [3, 9], 2^25 in [0, 9] and [0, 1] for erfcx,
// vs the float64 erfc of src/activations/registry.ts):
//   erfcx: relative error 4.1e-7 on [0, 9], most of it from the two roundings of t, which erfcx
//          amplifies by up to ~2.3 near z = 0;
//   erfc:  absolute error 4.4e-7 and relative error 7.7e-7 on [-6, 3]; the relative error grows with
//          x² (the rounding of z², amplified by e^{-z²}), to 4.1e-6 near x = 8.5, where erfc ≈ 1e-33;
//   erf = 1 - erfc: absolute error 4.7e-7 on [-6, 6] (no relative accuracy near 0).
// (NR's erfcc, used before: erfc absolute error 5.1e-7, relative 1.3e-6 on [-6, 3], 9.4e-6 near 8;
// erf absolute error 4.8e-7.)
import { expF32, expF32x4 } from './exp';

const HALF: f32 = 0.5;
const ONE: f32 = 1;
const TWO: f32 = 2;
// Q(t) = Σ Qk·t^k.
const Q0: f32 = 0.282094806432724;
const Q1: f32 = 0.2820938527584076;
const Q2: f32 = 0.24688057601451874;
const Q3: f32 = 0.17537693679332733;
const Q4: f32 = 0.0929998829960823;
const Q5: f32 = -0.057229649275541306;
const Q6: f32 = 0.12708254158496857;
const Q7: f32 = -0.4469670057296753;
const Q8: f32 = 0.48616936802864075;
const Q9: f32 = -0.2308528870344162;
const Q10: f32 = 0.042351581156253815;

/** erfcx z = e^{z²}·erfc z for one f32 z >= 0 (or NaN). */
// @ts-ignore: decorator
@inline export function erfcxF32(z: f32): f32 {
  const t = ONE / (ONE + HALF * z);
  const t2 = t * t;
  const t4 = t2 * t2;
  const lo = ((Q1 * t + Q0) + (Q3 * t + Q2) * t2) + ((Q5 * t + Q4) + (Q7 * t + Q6) * t2) * t4;
  const hi = (Q9 * t + Q8) + Q10 * t2;
  return t * (lo + hi * (t4 * t4));
}

/** erfcx z lane-wise, z >= 0: the f32x4 twin of erfcxF32. */
// @ts-ignore: decorator
@inline export function erfcxF32x4(z: v128): v128 {
  const one = f32x4.splat(ONE);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(f32x4.splat(HALF), z)));
  const t2 = f32x4.mul(t, t);
  const t4 = f32x4.mul(t2, t2);
  const lo = f32x4.add(
    f32x4.add(
      f32x4.add(f32x4.mul(f32x4.splat(Q1), t), f32x4.splat(Q0)),
      f32x4.mul(f32x4.add(f32x4.mul(f32x4.splat(Q3), t), f32x4.splat(Q2)), t2),
    ),
    f32x4.mul(
      f32x4.add(
        f32x4.add(f32x4.mul(f32x4.splat(Q5), t), f32x4.splat(Q4)),
        f32x4.mul(f32x4.add(f32x4.mul(f32x4.splat(Q7), t), f32x4.splat(Q6)), t2),
      ),
      t4,
    ),
  );
  const hi = f32x4.add(f32x4.add(f32x4.mul(f32x4.splat(Q9), t), f32x4.splat(Q8)), f32x4.mul(f32x4.splat(Q10), t2));
  return f32x4.mul(t, f32x4.add(lo, f32x4.mul(hi, f32x4.mul(t4, t4))));
}

/** erfc x = 1 - erf x for one f32; accurate relative to erfc, so use it for tails. */
// @ts-ignore: decorator
@inline export function erfcF32(x: f32): f32 {
  const z = abs<f32>(x);
  const ans = erfcxF32(z) * expF32(-(z * z));
  return x >= 0 ? ans : TWO - ans;
}

/** erfc x lane-wise: the f32x4 twin of erfcF32. */
// @ts-ignore: decorator
@inline export function erfcF32x4(x: v128): v128 {
  const z = f32x4.abs(x);
  const ans = f32x4.mul(erfcxF32x4(z), expF32x4(f32x4.neg(f32x4.mul(z, z))));
  return v128.bitselect(ans, f32x4.sub(f32x4.splat(TWO), ans), f32x4.ge(x, f32x4.splat(0)));
}

/** erf x for one f32, as 1 - erfc x (absolute, not relative, accuracy near 0). */
// @ts-ignore: decorator
@inline export function erfF32(x: f32): f32 {
  return ONE - erfcF32(x);
}

/** erf x lane-wise: the f32x4 twin of erfF32. */
// @ts-ignore: decorator
@inline export function erfF32x4(x: v128): v128 {
  return f32x4.sub(f32x4.splat(ONE), erfcF32x4(x));
}
