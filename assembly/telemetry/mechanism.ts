// The mechanism telemetry: what the vanishing gradient, saturated and dead units look like inside
// the network, gathered in the fused passes (../network/index.ts) as they run, so nothing is
// re-run from JS. Each is a loop over one layer's buffers; the sums are f64, in four lanes that the
// scalar build keeps apart in the same order, so both builds give the same bits.
import { EvalStat, Histogram } from '../../src/shared/layout';

const ZERO: f32 = 0;

/** √(Σ x[i]²) for i < n, in f64: the Frobenius norm; x: f32[n]; reads only. Four lane sums as ./mean-abs.ts's, the same in both builds. */
export function normOf(x: usize, n: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let low = f64x2.splat(0), high = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const a = v128.load(x + ((<usize>i) << 2));
      const lo = f64x2.promote_low_f32x4(a), hi = f64x2.promote_low_f32x4(i32x4.shuffle(a, a, 2, 3, 0, 1));
      low = f64x2.add(low, f64x2.mul(lo, lo));
      high = f64x2.add(high, f64x2.mul(hi, hi));
    }
    s0 = f64x2.extract_lane(low, 0); s1 = f64x2.extract_lane(low, 1);
    s2 = f64x2.extract_lane(high, 0); s3 = f64x2.extract_lane(high, 1);
  } else {
    for (; i + 4 <= n; i += 4) {
      const at = x + ((<usize>i) << 2);
      const a = <f64>load<f32>(at), b = <f64>load<f32>(at, 4), c = <f64>load<f32>(at, 8), d = <f64>load<f32>(at, 12);
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
  }
  let sum = (s0 + s1) + (s2 + s3);
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + ((<usize>i) << 2));
    sum += v * v;
  }
  return Math.sqrt(sum);
}

/**
 * Adds one evaluated block of one layer to its statistics: over units u < nOut and real rows j < n
 * of z, y and d = f′(z) (each f32[nOut][padded], padded a multiple of 4), stats
 * (f64[EvalStat.Count]) += Σz, Σz², Σy, Σy², the count of |d| < saturatedBelow and n·nOut;
 * alive[u] (i32[nOut]) = 1 where some d ≠ 0 (NaN counts as alive: it is not a zero slope). Each sum
 * runs in f64 in four lanes (j mod 4) over every unit, combined as (s0 + s1) + (s2 + s3): the same
 * order in both builds. Reads z, y, d; writes stats and alive.
 */
export function addEvalStats(z: usize, y: usize, d: usize, stats: usize, alive: usize, saturatedBelow: f32, nOut: i32, n: i32, padded: i32): void {
  // Lane sums: [statistic][lane].
  let z0: f64 = 0, z1: f64 = 0, z2: f64 = 0, z3: f64 = 0;
  let q0: f64 = 0, q1: f64 = 0, q2: f64 = 0, q3: f64 = 0;
  let y0: f64 = 0, y1: f64 = 0, y2: f64 = 0, y3: f64 = 0;
  let r0: f64 = 0, r1: f64 = 0, r2: f64 = 0, r3: f64 = 0;
  let saturated = 0;
  if (ASC_FEATURE_SIMD) {
    let zl = f64x2.splat(0), zh = f64x2.splat(0), ql = f64x2.splat(0), qh = f64x2.splat(0);
    let yl = f64x2.splat(0), yh = f64x2.splat(0), rl = f64x2.splat(0), rh = f64x2.splat(0);
    let count = i32x4.splat(0);
    const below = f32x4.splat(saturatedBelow), nv = i32x4.splat(n);
    for (let u = 0; u < nOut; u++) {
      const row = (<usize>u * <usize>padded) << 2;
      let lanes = i32x4(0, 1, 2, 3);
      let live = v128.splat<i32>(0);
      for (let j = 0; j < padded; j += 4) {
        const at = row + ((<usize>j) << 2);
        // Lanes past the real rows add 0 (and count nothing).
        const real = i32x4.lt_s(lanes, nv);
        const zv = v128.and(v128.load(z + at), real), yv = v128.and(v128.load(y + at), real);
        const slope = f32x4.abs(v128.load(d + at));
        // In f64: a spread far below the mean (a near-constant output) needs Σz² − (Σz)²/n exact to many digits.
        const zlo = f64x2.promote_low_f32x4(zv), zhi = f64x2.promote_low_f32x4(i32x4.shuffle(zv, zv, 2, 3, 0, 1));
        zl = f64x2.add(zl, zlo); zh = f64x2.add(zh, zhi);
        ql = f64x2.add(ql, f64x2.mul(zlo, zlo)); qh = f64x2.add(qh, f64x2.mul(zhi, zhi));
        const ylo = f64x2.promote_low_f32x4(yv), yhi = f64x2.promote_low_f32x4(i32x4.shuffle(yv, yv, 2, 3, 0, 1));
        yl = f64x2.add(yl, ylo); yh = f64x2.add(yh, yhi);
        rl = f64x2.add(rl, f64x2.mul(ylo, ylo)); rh = f64x2.add(rh, f64x2.mul(yhi, yhi));
        // A lane mask is -1: subtracting it counts one.
        count = i32x4.sub(count, v128.and(f32x4.lt(slope, below), real));
        live = v128.or(live, v128.and(v128.not(f32x4.eq(slope, f32x4.splat(ZERO))), real));
        lanes = i32x4.add(lanes, i32x4.splat(4));
      }
      if (v128.any_true(live)) store<i32>(alive + ((<usize>u) << 2), 1);
    }
    z0 = f64x2.extract_lane(zl, 0); z1 = f64x2.extract_lane(zl, 1); z2 = f64x2.extract_lane(zh, 0); z3 = f64x2.extract_lane(zh, 1);
    q0 = f64x2.extract_lane(ql, 0); q1 = f64x2.extract_lane(ql, 1); q2 = f64x2.extract_lane(qh, 0); q3 = f64x2.extract_lane(qh, 1);
    y0 = f64x2.extract_lane(yl, 0); y1 = f64x2.extract_lane(yl, 1); y2 = f64x2.extract_lane(yh, 0); y3 = f64x2.extract_lane(yh, 1);
    r0 = f64x2.extract_lane(rl, 0); r1 = f64x2.extract_lane(rl, 1); r2 = f64x2.extract_lane(rh, 0); r3 = f64x2.extract_lane(rh, 1);
    saturated = i32x4.extract_lane(count, 0) + i32x4.extract_lane(count, 1) + i32x4.extract_lane(count, 2) + i32x4.extract_lane(count, 3);
  } else {
    for (let u = 0; u < nOut; u++) {
      const row = (<usize>u * <usize>padded) << 2;
      let live = false;
      for (let j = 0; j < padded; j += 4) {
        for (let k = 0; k < 4; k++) {
          if (j + k >= n) continue;
          const at = row + ((<usize>(j + k)) << 2);
          const zv = <f64>load<f32>(z + at), yv = <f64>load<f32>(y + at);
          const slope = abs<f32>(load<f32>(d + at));
          if (k == 0) { z0 += zv; q0 += zv * zv; y0 += yv; r0 += yv * yv; }
          else if (k == 1) { z1 += zv; q1 += zv * zv; y1 += yv; r1 += yv * yv; }
          else if (k == 2) { z2 += zv; q2 += zv * zv; y2 += yv; r2 += yv * yv; }
          else { z3 += zv; q3 += zv * zv; y3 += yv; r3 += yv * yv; }
          if (slope < saturatedBelow) saturated++;
          if (!(slope == ZERO)) live = true;
        }
      }
      if (live) store<i32>(alive + ((<usize>u) << 2), 1);
    }
  }
  store<f64>(stats, load<f64>(stats, EvalStat.SumZ << 3) + ((z0 + z1) + (z2 + z3)), EvalStat.SumZ << 3);
  store<f64>(stats, load<f64>(stats, EvalStat.SumZ2 << 3) + ((q0 + q1) + (q2 + q3)), EvalStat.SumZ2 << 3);
  store<f64>(stats, load<f64>(stats, EvalStat.SumY << 3) + ((y0 + y1) + (y2 + y3)), EvalStat.SumY << 3);
  store<f64>(stats, load<f64>(stats, EvalStat.SumY2 << 3) + ((r0 + r1) + (r2 + r3)), EvalStat.SumY2 << 3);
  store<f64>(stats, load<f64>(stats, EvalStat.Saturated << 3) + <f64>saturated, EvalStat.Saturated << 3);
  store<f64>(stats, load<f64>(stats, EvalStat.Elements << 3) + <f64>(nOut * n), EvalStat.Elements << 3);
}

/** counts (i32[Histogram.Bins]) += the fixed-bin histogram of z over units u < nOut and real rows j < n (z: f32[nOut][padded]); NaN is skipped; writes counts. */
export function addHistogram(z: usize, counts: usize, nOut: i32, n: i32, padded: i32): void {
  const low: f32 = <f32>Histogram.LowQuarters * 0.25;
  const inner = Histogram.Bins - 2;
  for (let u = 0; u < nOut; u++) {
    const row = (<usize>u * <usize>padded) << 2;
    for (let j = 0; j < n; j++) {
      const v = load<f32>(z + row + ((<usize>j) << 2));
      if (isNaN(v)) continue;
      // Quarters from the low edge: floor, then clamped to the outer bins.
      const q = Mathf.floor((v - low) * 4);
      const bin = q < 0 ? 0 : q >= <f32>inner ? inner + 1 : <i32>q + 1;
      const at = counts + ((<usize>bin) << 2);
      store<i32>(at, load<i32>(at) + 1);
    }
  }
}
