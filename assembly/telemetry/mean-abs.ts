// The tutorial's gradient telemetry reduces each layer's weight gradient to mean |g|.
// Summed in f64: the values span many decades (1e-9 to 1e-1) in the vanishing-gradient runs.

/** out[0] (f64) = mean over i < n of |x[i]|; x: f32[n]; writes out only. */
export function meanAbs(x: usize, out: usize, n: i32): void {
  store<f64>(out, meanAbsOf(x, n));
}

/** mean |x[i]| over i < n, NaN for n = 0. */
export function meanAbsOf(x: usize, n: i32): f64 {
  return n > 0 ? sumAbsOf(x, n) / <f64>n : NaN;
}

/** Σ |x[i]| over i < n in f64; x: f32[n]; reads only. */
export function sumAbsOf(x: usize, n: i32): f64 {
  return laneSum<AbsTerm>(x, n);
}

/** Σ x[i]² over i < n in f64 (each square in f64); x: f32[n]; reads only. */
export function sumSquaresOf(x: usize, n: i32): f64 {
  return laneSum<SquareTerm>(x, n);
}

/** What laneSum adds for each value v (widened to f64): its two-lane and scalar forms. */
interface LaneTerm {
  f64x2(v: v128): v128;
  f64(v: f64): f64;
}

/** |v|: exact, so the same as |x| taken in f32 before widening. */
class AbsTerm implements LaneTerm {
  @inline f64x2(v: v128): v128 { return f64x2.abs(v); }
  @inline f64(v: f64): f64 { return abs<f64>(v); }
}

/** v², in f64. */
class SquareTerm implements LaneTerm {
  @inline f64x2(v: v128): v128 { return f64x2.mul(v, v); }
  @inline f64(v: f64): f64 { return v * v; }
}

/**
 * Σ T(x[i]) over i < n in f64: four lane sums (i mod 4) combined as (s0 + s1) + (s2 + s3), then the
 * tail; the same order in both builds.
 */
// @ts-ignore: decorator
@inline function laneSum<T extends LaneTerm>(x: usize, n: i32): f64 {
  const term = changetype<T>(0);
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let low = f64x2.splat(0), high = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const a = v128.load(x + ((<usize>i) << 2));
      low = f64x2.add(low, term.f64x2(f64x2.promote_low_f32x4(a)));
      high = f64x2.add(high, term.f64x2(f64x2.promote_low_f32x4(i32x4.shuffle(a, a, 2, 3, 0, 1))));
    }
    s0 = f64x2.extract_lane(low, 0); s1 = f64x2.extract_lane(low, 1);
    s2 = f64x2.extract_lane(high, 0); s3 = f64x2.extract_lane(high, 1);
  } else {
    for (; i + 4 <= n; i += 4) {
      const at = x + ((<usize>i) << 2);
      s0 += term.f64(<f64>load<f32>(at));
      s1 += term.f64(<f64>load<f32>(at, 4));
      s2 += term.f64(<f64>load<f32>(at, 8));
      s3 += term.f64(<f64>load<f32>(at, 12));
    }
  }
  let sum = (s0 + s1) + (s2 + s3);
  for (; i < n; i++) sum += term.f64(<f64>load<f32>(x + ((<usize>i) << 2)));
  return sum;
}
