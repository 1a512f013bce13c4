// ln(1 + u) in float32 for u in [0, 1], scalar and f32x4 with the same operations in the same order
// (bit-identical builds): u + u²·S(u), S(u) = (ln(1 + u) - u)/u² a degree-7 polynomial. No logarithm
// and no division: softplus passes u = e^{-|t|} and only ever needs this interval.
// S rises smoothly from -1/2 at u = 0 to ln 2 - 1 at u = 1 (its nearest singularity is at u = -1), so
// a polynomial converges fast: S is a minimax fit of the relative error of ln(1 + u) on [0, 1]
// (Lawson's iteration on 4001 points against mpmath, coefficients rounded to f32 one at a time from
// the highest degree, refitting the rest; fit error 4.6e-8), evaluated in Estrin's form (3 levels of
// multiply-adds instead of Horner's 7). The leading u is added last, as given, so tiny u keep their
// relative accuracy (for u < 2^-24 the sum rounds to u itself).
// This replaces W. Kahan's log(w)·u/(w - 1), w = 1 + u (D. Goldberg, "What every computer scientist
// should know about floating-point arithmetic", ACM Computing Surveys 23(1), 1991, Theorem 4), whose
// logarithm and f32x4.div cost more than this whole polynomial, at about the same accuracy (1.8e-7).
// Domain: u in [0, 1]; NaN gives NaN. Outside [0, 1] this is not an approximation of ln(1 + u).
// Measured (2^24 log-uniform u in [1e-12, 1] and 2^24 uniform u in [0, 1], vs float64 Math.log1p):
// max relative error 1.9e-7.
import { expF32, expF32x4 } from './exp';

// S(u) = Σ Sk·u^k.
const S0: f32 = -0.49999648332595825;
const S1: f32 = 0.3332132399082184;
const S2: f32 = -0.24857160449028015;
const S3: f32 = 0.19153636693954468;
const S4: f32 = -0.13753758370876312;
const S5: f32 = 0.07920397073030472;
const S6: f32 = -0.030065417289733887;
const S7: f32 = 0.0053647239692509174;

/** ln(1 + u) for one f32 u in [0, 1]. */
// @ts-ignore: decorator
@inline export function log1pF32(u: f32): f32 {
  const u2 = u * u;
  const s = ((S1 * u + S0) + (S3 * u + S2) * u2) + ((S5 * u + S4) + (S7 * u + S6) * u2) * (u2 * u2);
  return u + u2 * s;
}

/** ln(1 + u) lane-wise, u in [0, 1]: the f32x4 twin of log1pF32. */
// @ts-ignore: decorator
@inline export function log1pF32x4(u: v128): v128 {
  const u2 = f32x4.mul(u, u);
  const s = f32x4.add(
    f32x4.add(
      f32x4.add(f32x4.mul(f32x4.splat(S1), u), f32x4.splat(S0)),
      f32x4.mul(f32x4.add(f32x4.mul(f32x4.splat(S3), u), f32x4.splat(S2)), u2),
    ),
    f32x4.mul(
      f32x4.add(
        f32x4.add(f32x4.mul(f32x4.splat(S5), u), f32x4.splat(S4)),
        f32x4.mul(f32x4.add(f32x4.mul(f32x4.splat(S7), u), f32x4.splat(S6)), u2),
      ),
      f32x4.mul(u2, u2),
    ),
  );
  return f32x4.add(u, f32x4.mul(u2, s));
}

// -|x| is x with its sign bit set: one OR, and the same bits as -abs(x) for every x, NaN included.
const SIGN: i32 = 0x80000000;

/** ln(1 + e^-|x|) for one f32: the term softplus, mish and logsigmoid share, which never overflows. */
// @ts-ignore: decorator
@inline export function log1pExpNegAbsF32(x: f32): f32 {
  return log1pF32(expF32(reinterpret<f32>(reinterpret<i32>(x) | SIGN)));
}

/** The f32x4 twin of log1pExpNegAbsF32. */
// @ts-ignore: decorator
@inline export function log1pExpNegAbsF32x4(x: v128): v128 {
  return log1pF32x4(expF32x4(v128.or(x, i32x4.splat(SIGN))));
}
