// erfc and erf in float32, scalar and f32x4 with the same operations in the same order (bit-identical builds).
// see: W. H. Press et al., Numerical Recipes in C, 2nd ed. (1992), §6.2, erfcc: Chebyshev fit
//      erfc(z) ≈ t·exp(-z² - 1.26551223 + t·P(t)), t = 1/(1 + z/2), z = |x|, erfc(-z) = 2 - erfc(z);
//      fractional error < 1.2e-7 everywhere in exact arithmetic.
// Measured in float32 (2^25 random x in [-6, 3], 2^24 in [3, 9], vs the float64 erfc of
// src/activations/registry.ts): erfc max absolute error 5.1e-7 and max relative error 1.3e-6 on
// [-6, 3] (the f32 roundings of the exponent's terms, ~1.3 at t ≈ 1, cost more than NR's 1.2e-7 fit;
// the relative error grows with x², to 9.4e-6 near x = 8 where erfc ≈ 1e-29);
// erf = 1 - erfc: max absolute error 4.8e-7 on [-6, 6] (no relative accuracy near 0).
import { expF32, expF32x4 } from './exp';

const HALF: f32 = 0.5;
const ONE: f32 = 1;
const TWO: f32 = 2;
const E0: f32 = -1.26551223;
const E1: f32 = 1.00002368;
const E2: f32 = 0.37409196;
const E3: f32 = 0.09678418;
const E4: f32 = -0.18628806;
const E5: f32 = 0.27886807;
const E6: f32 = -1.13520398;
const E7: f32 = 1.48851587;
const E8: f32 = -0.82215223;
const E9: f32 = 0.17087277;

/** erfc x = 1 - erf x for one f32; accurate relative to erfc, so use it for tails (e.g. Φ(x) = erfc(-x/√2)/2). */
// @ts-ignore: decorator
@inline export function erfcF32(x: f32): f32 {
  const z = abs<f32>(x);
  const t = ONE / (ONE + HALF * z);
  let h = E9 * t + E8;
  h = h * t + E7;
  h = h * t + E6;
  h = h * t + E5;
  h = h * t + E4;
  h = h * t + E3;
  h = h * t + E2;
  h = h * t + E1;
  const ans = t * expF32(E0 - z * z + t * h);
  return x >= 0 ? ans : TWO - ans;
}

/** erfc x lane-wise: the f32x4 twin of erfcF32. */
// @ts-ignore: decorator
@inline export function erfcF32x4(x: v128): v128 {
  const z = f32x4.abs(x);
  const t = f32x4.div(f32x4.splat(ONE), f32x4.add(f32x4.splat(ONE), f32x4.mul(f32x4.splat(HALF), z)));
  let h = f32x4.add(f32x4.mul(f32x4.splat(E9), t), f32x4.splat(E8));
  h = f32x4.add(f32x4.mul(h, t), f32x4.splat(E7));
  h = f32x4.add(f32x4.mul(h, t), f32x4.splat(E6));
  h = f32x4.add(f32x4.mul(h, t), f32x4.splat(E5));
  h = f32x4.add(f32x4.mul(h, t), f32x4.splat(E4));
  h = f32x4.add(f32x4.mul(h, t), f32x4.splat(E3));
  h = f32x4.add(f32x4.mul(h, t), f32x4.splat(E2));
  h = f32x4.add(f32x4.mul(h, t), f32x4.splat(E1));
  const arg = f32x4.add(f32x4.sub(f32x4.splat(E0), f32x4.mul(z, z)), f32x4.mul(t, h));
  const ans = f32x4.mul(t, expF32x4(arg));
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
