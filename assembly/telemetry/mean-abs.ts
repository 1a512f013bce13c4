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
  return laneSums<AbsTerm, NoTerm>(x, n, 0);
}

/** Σ x[i]² over i < n in f64 (each square in f64); x: f32[n]; reads only. */
export function sumSquaresOf(x: usize, n: i32): f64 {
  return laneSums<SquareTerm, NoTerm>(x, n, 0);
}

/**
 * meanAbsOf(x, n), and norm (f64) += √(Σ x[i]²), the Frobenius norm, from the same pass over x
 * (f32[n]): each sum has the bits meanAbsOf and sumSquaresOf give alone. Writes norm only.
 */
export function meanAbsAddNorm(x: usize, n: i32, norm: usize): f64 {
  const sum = laneSums<AbsTerm, SquareTerm>(x, n, norm);
  return n > 0 ? sum / <f64>n : NaN;
}

/**
 * Σ |x[u][j]| over u < rows, j < padded in f64; x: f32[rows][padded], padded a multiple of 4; reads
 * only. For the backpropagated signal of a step, a few rows of one batch: each column's
 * Σ_u |x[u][j]| is summed in f32 first (rows adds, in u order), then added in f64 to lane j mod 4,
 * the lanes combined as (s0 + s1) + (s2 + s3): the same order in both builds. Down the columns the
 * sums are independent, so the dependent f64 chain is padded/4 adds long instead of rows·padded/4.
 */
export function sumAbsDownOf(x: usize, rows: i32, padded: i32): f64 {
  const stride = (<usize>padded) << 2;
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let low = f64x2.splat(0), high = f64x2.splat(0);
    for (let j = 0; j < padded; j += 4) {
      let at = x + ((<usize>j) << 2);
      let column = f32x4.abs(v128.load(at));
      for (let u = 1; u < rows; u++) {
        at += stride;
        column = f32x4.add(column, f32x4.abs(v128.load(at)));
      }
      low = f64x2.add(low, f64x2.promote_low_f32x4(column));
      high = f64x2.add(high, f64x2.promote_low_f32x4(i32x4.shuffle(column, column, 2, 3, 0, 1)));
    }
    s0 = f64x2.extract_lane(low, 0); s1 = f64x2.extract_lane(low, 1);
    s2 = f64x2.extract_lane(high, 0); s3 = f64x2.extract_lane(high, 1);
  } else {
    for (let j = 0; j < padded; j += 4) {
      let at = x + ((<usize>j) << 2);
      let c0 = abs<f32>(load<f32>(at)), c1 = abs<f32>(load<f32>(at, 4)), c2 = abs<f32>(load<f32>(at, 8)), c3 = abs<f32>(load<f32>(at, 12));
      for (let u = 1; u < rows; u++) {
        at += stride;
        c0 += abs<f32>(load<f32>(at)); c1 += abs<f32>(load<f32>(at, 4)); c2 += abs<f32>(load<f32>(at, 8)); c3 += abs<f32>(load<f32>(at, 12));
      }
      s0 += <f64>c0; s1 += <f64>c1; s2 += <f64>c2; s3 += <f64>c3;
    }
  }
  return (s0 + s1) + (s2 + s3);
}

/** What laneSums adds for each value v (widened to f64): its two-lane and scalar forms. */
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

/** No second sum: laneSums computes only the first (decided at compile time). */
class NoTerm {
  @inline none(): bool { return true; }
}

/**
 * Σ T(x[i]) over i < n in f64: four lane sums (i mod 4) combined as (s0 + s1) + (s2 + s3), then the
 * tail; the same order in both builds. With a second term U (not NoTerm), its sum, in the same
 * order from the same loads, goes to norm as norm[0] += √(Σ U(x[i])).
 */
// @ts-ignore: decorator
@inline function laneSums<T extends LaneTerm, U>(x: usize, n: i32, norm: usize): f64 {
  const term = changetype<T>(0), second = changetype<U>(0);
  const both = !isDefined(second.none);
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let low = f64x2.splat(0), high = f64x2.splat(0), low2 = f64x2.splat(0), high2 = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const a = v128.load(x + ((<usize>i) << 2));
      const l = f64x2.promote_low_f32x4(a), h = f64x2.promote_low_f32x4(i32x4.shuffle(a, a, 2, 3, 0, 1));
      low = f64x2.add(low, term.f64x2(l));
      high = f64x2.add(high, term.f64x2(h));
      if (both) {
        low2 = f64x2.add(low2, second.f64x2(l));
        high2 = f64x2.add(high2, second.f64x2(h));
      }
    }
    s0 = f64x2.extract_lane(low, 0); s1 = f64x2.extract_lane(low, 1);
    s2 = f64x2.extract_lane(high, 0); s3 = f64x2.extract_lane(high, 1);
    if (both) {
      t0 = f64x2.extract_lane(low2, 0); t1 = f64x2.extract_lane(low2, 1);
      t2 = f64x2.extract_lane(high2, 0); t3 = f64x2.extract_lane(high2, 1);
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const at = x + ((<usize>i) << 2);
      const v0 = <f64>load<f32>(at), v1 = <f64>load<f32>(at, 4), v2 = <f64>load<f32>(at, 8), v3 = <f64>load<f32>(at, 12);
      s0 += term.f64(v0); s1 += term.f64(v1); s2 += term.f64(v2); s3 += term.f64(v3);
      if (both) {
        t0 += second.f64(v0); t1 += second.f64(v1); t2 += second.f64(v2); t3 += second.f64(v3);
      }
    }
  }
  let sum = (s0 + s1) + (s2 + s3), sum2 = (t0 + t1) + (t2 + t3);
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + ((<usize>i) << 2));
    sum += term.f64(v);
    if (both) sum2 += second.f64(v);
  }
  if (both) store<f64>(norm, load<f64>(norm) + Math.sqrt(sum2));
  return sum;
}
