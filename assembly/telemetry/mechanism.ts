// The mechanism telemetry: what the vanishing gradient, saturated and dead units look like inside
// the network, gathered in the fused passes (../network/index.ts) as they run, so nothing is
// re-run from JS. Each is a loop over one layer's buffers; the sums are f64, in four lanes that the
// scalar build keeps apart in the same order, so both builds give the same bits.
import { EvalStat, Histogram } from '../../src/shared/layout';
import { sumSquaresOf } from './mean-abs';

const ZERO: f32 = 0;

/** √(Σ x[i]²) for i < n, in f64: the Frobenius norm; x: f32[n]; reads only (lane sums as ./mean-abs.ts's). */
export function normOf(x: usize, n: i32): f64 {
  return Math.sqrt(sumSquaresOf(x, n));
}

/**
 * Where addEvalStats takes f′ from: the buffer d, which a layer kernel of its own wrote (PReLU's,
 * with its learned weight), instead of an activation's forms computing it from z or y.
 */
@final export class StoredSlopes {
  @inline stored(): bool { return true; }
}

/** f′ of four rows at byte offset `at`: loaded from d (StoredSlopes), or Op's dfx4 of z or y with dy = 1, the bits its backward pass writes. */
// @ts-ignore: decorator
@inline function slopesx4<Op>(op: Op, z: usize, y: usize, d: usize, at: usize, one: v128, a: v128, b: v128, c: v128): v128 {
  if (isDefined(op.stored)) return v128.load(d + at);
  return op.dfx4(v128.load((op.backwardUsesY() ? y : z) + at), one, a, b, c);
}

/** The scalar twin of slopesx4. */
// @ts-ignore: decorator
@inline function slopeAt<Op>(op: Op, z: usize, y: usize, d: usize, at: usize, a: f32, b: f32, c: f32): f32 {
  if (isDefined(op.stored)) return load<f32>(d + at);
  return op.df(load<f32>((op.backwardUsesY() ? y : z) + at), 1, a, b, c);
}

/**
 * Adds one evaluated block of one layer to its statistics: over units u < nOut and real rows j < n
 * (n ≥ 1) of z and y (f32[nOut][padded], padded a multiple of 4 and ≥ n) and of f′(z), which Op
 * computes from z or y with its options at params (an activation class of ../activations/, through
 * the generated dispatch's activationEvalStats) or which is read from d (StoredSlopes: f32, as z),
 * stats (f64[EvalStat.Count]) += Σz, Σz², Σy, Σy², the count of |f′| < saturatedBelow and n·nOut;
 * alive[u] (i32[nOut]) = 1 where some f′ ≠ 0 (NaN counts as alive: it is not a zero slope).
 * f′ is computed in the loop rather than written by a backward pass first: one pass over z and y.
 * Each unit's row is summed shifted by its first value c (z − c, (z − c)², the same for y) in four
 * f32 lanes (j mod 4, at most 256 adds each), so a spread far below the mean keeps its digits; the
 * lanes are combined in f64 as (s0 + s1) + (s2 + s3) and unshifted there (Σz = S₁ + n·c,
 * Σz² = S₂ + 2c·S₁ + n·c²): the same operations in both builds. Reads z, y (and d); writes stats and alive.
 */
export function addEvalStats<Op>(params: usize, z: usize, y: usize, d: usize, stats: usize, alive: usize, saturatedBelow: f32, nOut: i32, n: i32, padded: i32): void {
  const op = changetype<Op>(0);
  let a: f32 = 0, b: f32 = 0, c: f32 = 0;
  if (!isDefined(op.stored)) {
    a = op.a(params); b = op.b(params); c = op.c(params);
  }
  let sz: f64 = 0, sz2: f64 = 0, sy: f64 = 0, sy2: f64 = 0;
  let saturated = 0;
  const rows = <f64>n;
  // The rows that fill whole vectors; the last, partial one is masked.
  const whole = n & ~3;
  for (let u = 0; u < nOut; u++) {
    const row = (<usize>u * <usize>padded) << 2;
    const cz = load<f32>(z + row), cy = load<f32>(y + row);
    // Lane sums of the shifted values: [statistic][lane].
    let z0: f32 = 0, z1: f32 = 0, z2: f32 = 0, z3: f32 = 0;
    let q0: f32 = 0, q1: f32 = 0, q2: f32 = 0, q3: f32 = 0;
    let y0: f32 = 0, y1: f32 = 0, y2: f32 = 0, y3: f32 = 0;
    let r0: f32 = 0, r1: f32 = 0, r2: f32 = 0, r3: f32 = 0;
    let live = false;
    if (ASC_FEATURE_SIMD) {
      const av = f32x4.splat(a), bv = f32x4.splat(b), cv = f32x4.splat(c), one = f32x4.splat(1);
      const below = f32x4.splat(saturatedBelow), czv = f32x4.splat(cz), cyv = f32x4.splat(cy);
      let zs = f32x4.splat(ZERO), qs = f32x4.splat(ZERO), ys = f32x4.splat(ZERO), rs = f32x4.splat(ZERO);
      // any: the OR of every |f′|'s bits, non-zero iff some |f′| ≠ +0 (NaN included).
      let count = i32x4.splat(0), any = i32x4.splat(0);
      for (let j = 0; j < whole; j += 4) {
        const at = row + ((<usize>j) << 2);
        const zd = f32x4.sub(v128.load(z + at), czv), yd = f32x4.sub(v128.load(y + at), cyv);
        const slope = f32x4.abs(slopesx4<Op>(op, z, y, d, at, one, av, bv, cv));
        zs = f32x4.add(zs, zd);
        qs = f32x4.add(qs, f32x4.mul(zd, zd));
        ys = f32x4.add(ys, yd);
        rs = f32x4.add(rs, f32x4.mul(yd, yd));
        // A lane mask is -1: subtracting it counts one.
        count = i32x4.sub(count, f32x4.lt(slope, below));
        any = v128.or(any, slope);
      }
      if (whole < n) {
        // The partial vector: lanes past the real rows add 0 and count nothing.
        const at = row + ((<usize>whole) << 2);
        const real = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(n - whole));
        const zd = v128.and(f32x4.sub(v128.load(z + at), czv), real), yd = v128.and(f32x4.sub(v128.load(y + at), cyv), real);
        const slope = v128.and(f32x4.abs(slopesx4<Op>(op, z, y, d, at, one, av, bv, cv)), real);
        zs = f32x4.add(zs, zd);
        qs = f32x4.add(qs, f32x4.mul(zd, zd));
        ys = f32x4.add(ys, yd);
        rs = f32x4.add(rs, f32x4.mul(yd, yd));
        count = i32x4.sub(count, v128.and(f32x4.lt(slope, below), real));
        any = v128.or(any, slope);
      }
      z0 = f32x4.extract_lane(zs, 0); z1 = f32x4.extract_lane(zs, 1); z2 = f32x4.extract_lane(zs, 2); z3 = f32x4.extract_lane(zs, 3);
      q0 = f32x4.extract_lane(qs, 0); q1 = f32x4.extract_lane(qs, 1); q2 = f32x4.extract_lane(qs, 2); q3 = f32x4.extract_lane(qs, 3);
      y0 = f32x4.extract_lane(ys, 0); y1 = f32x4.extract_lane(ys, 1); y2 = f32x4.extract_lane(ys, 2); y3 = f32x4.extract_lane(ys, 3);
      r0 = f32x4.extract_lane(rs, 0); r1 = f32x4.extract_lane(rs, 1); r2 = f32x4.extract_lane(rs, 2); r3 = f32x4.extract_lane(rs, 3);
      saturated += i32x4.extract_lane(count, 0) + i32x4.extract_lane(count, 1) + i32x4.extract_lane(count, 2) + i32x4.extract_lane(count, 3);
      live = v128.any_true(any);
    } else {
      for (let j = 0; j < n; j++) {
        const at = row + ((<usize>j) << 2);
        const zd = load<f32>(z + at) - cz, yd = load<f32>(y + at) - cy;
        const slope = abs<f32>(slopeAt<Op>(op, z, y, d, at, a, b, c));
        const k = j & 3;
        if (k == 0) { z0 += zd; q0 += zd * zd; y0 += yd; r0 += yd * yd; }
        else if (k == 1) { z1 += zd; q1 += zd * zd; y1 += yd; r1 += yd * yd; }
        else if (k == 2) { z2 += zd; q2 += zd * zd; y2 += yd; r2 += yd * yd; }
        else { z3 += zd; q3 += zd * zd; y3 += yd; r3 += yd * yd; }
        if (slope < saturatedBelow) saturated++;
        if (!(slope == ZERO)) live = true;
      }
    }
    if (live) store<i32>(alive + ((<usize>u) << 2), 1);
    const s1 = (<f64>z0 + <f64>z1) + (<f64>z2 + <f64>z3), s2 = (<f64>q0 + <f64>q1) + (<f64>q2 + <f64>q3);
    const t1 = (<f64>y0 + <f64>y1) + (<f64>y2 + <f64>y3), t2 = (<f64>r0 + <f64>r1) + (<f64>r2 + <f64>r3);
    const cz64 = <f64>cz, cy64 = <f64>cy;
    sz += s1 + rows * cz64;
    sz2 += s2 + 2 * cz64 * s1 + rows * cz64 * cz64;
    sy += t1 + rows * cy64;
    sy2 += t2 + 2 * cy64 * t1 + rows * cy64 * cy64;
  }
  store<f64>(stats, load<f64>(stats, EvalStat.SumZ << 3) + sz, EvalStat.SumZ << 3);
  store<f64>(stats, load<f64>(stats, EvalStat.SumZ2 << 3) + sz2, EvalStat.SumZ2 << 3);
  store<f64>(stats, load<f64>(stats, EvalStat.SumY << 3) + sy, EvalStat.SumY << 3);
  store<f64>(stats, load<f64>(stats, EvalStat.SumY2 << 3) + sy2, EvalStat.SumY2 << 3);
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
