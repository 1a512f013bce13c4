// Binary cross-entropy on probabilities, as torch.nn.BCELoss (reduction 'mean').
// see: aten/src/ATen/native/Loss.cpp (binary_cross_entropy_out_cpu, binary_cross_entropy_backward_out_cpu)
import { logF64, logF64x2 } from '../math/log';
// The loss is a metric read once per epoch, so it is summed in f64 with f64 logs (one per sample
// for 0/1 labels, two f64x2 lanes at a time; see bceTerm); the gradient feeds training and follows
// PyTorch's float32 formula, including its 1e-12 floor on p(1-p). PyTorch itself computes the loss
// in float32 (log and log1p of float32, each clamped at -100, a float32 mean), so the replays
// compare within float32 tolerance whichever f64 log is used.

// PyTorch clamps each log at -100 so that p = 0 or 1 gives a finite loss.
const LOG_FLOOR: f64 = -100;
// PyTorch's EPSILON in the backward pass, as a float32 scalar.
const GRAD_FLOOR: f32 = 1e-12;

/** out[0] (f64) = mean over i < n of -(t·max(ln p, -100) + (1-t)·max(ln(1-p), -100)); p, t: f32[n]; writes out only. */
export function bceLoss(p: usize, t: usize, out: usize, n: i32): void {
  store<f64>(out, n > 0 ? bceSum(p, t, n) / <f64>n : NaN);
}

// Summed in two f64 partial sums, the even samples' and the odd samples' (an odd n's last sample
// goes to the even sum), then added: the f64x2 loop's order, which the scalar build follows.
/** Σ over i < n of the per-sample BCE (the mean's numerator); p, t: f32[n]; reads only. */
export function bceSum(p: usize, t: usize, n: i32): f64 {
  let even: f64 = 0;
  let odd: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let sum = f64x2.splat(0);
    for (; i + 2 <= n; i += 2) {
      const at = (<usize>i) << 2;
      const pv = f64x2.promote_low_f32x4(v128.load64_zero(p + at));
      const tv = f64x2.promote_low_f32x4(v128.load64_zero(t + at));
      const one = f64x2.eq(tv, f64x2.splat(1));
      const hard = v128.or(one, f64x2.eq(tv, f64x2.splat(0)));
      const inside = v128.and(f64x2.ge(pv, f64x2.splat(0)), f64x2.le(pv, f64x2.splat(1)));
      if (i64x2.all_true(v128.and(hard, inside))) {
        // bceTerm's one-log case in both lanes: -max(ln q, -100), q = p (t = 1) or 1 - p (t = 0).
        const q = v128.bitselect(pv, f64x2.sub(f64x2.splat(1), pv), one);
        sum = f64x2.add(sum, f64x2.neg(f64x2.max(logF64x2(q), f64x2.splat(LOG_FLOOR))));
      } else {
        const lo = bceTerm(<f64>load<f32>(p + at), <f64>load<f32>(t + at));
        const hi = bceTerm(<f64>load<f32>(p + at, 4), <f64>load<f32>(t + at, 4));
        sum = f64x2.add(sum, f64x2.replace_lane(f64x2.splat(lo), 1, hi));
      }
    }
    even = f64x2.extract_lane(sum, 0);
    odd = f64x2.extract_lane(sum, 1);
  }
  for (; i + 2 <= n; i += 2) {
    const at = (<usize>i) << 2;
    even += bceTerm(<f64>load<f32>(p + at), <f64>load<f32>(t + at));
    odd += bceTerm(<f64>load<f32>(p + at, 4), <f64>load<f32>(t + at, 4));
  }
  if (i < n) {
    const at = (<usize>i) << 2;
    even += bceTerm(<f64>load<f32>(p + at), <f64>load<f32>(t + at));
  }
  return even + odd;
}

/**
 * One sample's BCE, -(t·max(ln p, -100) + (1 - t)·max(ln(1 - p), -100)), with one logarithm when
 * t is 0 or 1 and 0 <= p <= 1 (every label of a classifier, every output of a sigmoid): there the
 * other term is 0·(a finite number in [-100, 0]) = ±0, so the BCE is -max(ln q, -100) with q = p for
 * t = 1 and q = 1 - p for t = 0 (only the sign of a zero can differ, and a sum that starts at +0
 * never shows it: +0 + -0 = +0). That log is ../math/log.ts's logF64 of q (within 0.77 ulp; 1 - p
 * of a float32 p is exact in f64 for p >= 2^-30, and off by at most 2^-54 below, where ln(1 - p)
 * ≈ -p). Any other t or p (soft labels, p outside [0, 1], NaN) takes PyTorch's two-log formula
 * with libm's log and log1p, NaNs included.
 */
// @ts-ignore: decorator
@inline function bceTerm(pi: f64, ti: f64): f64 {
  if ((ti == 1 || ti == 0) && pi >= 0 && pi <= 1) return -Math.max(logF64(ti == 1 ? pi : 1 - pi), LOG_FLOOR);
  return (ti - 1) * Math.max(Math.log1p(-pi), LOG_FLOOR) - ti * Math.max(Math.log(pi), LOG_FLOOR);
}

// The evaluation's statistics of one block in two passes over it (the sum, then the three counts in
// f32x4 lanes) instead of four; this block's sum is formed from 0 and then added, as
// `loss += bceSum(p, t, n)` did.
/** out: f64[4] += (Σ BCE as bceSum, number correct as correctCount, number of non-finite p, number saturated at the wrong end: per-sample BCE ≥ 24·ln 2); p, t: f32[n]; reads p, t; updates out only. */
export function bceEvalAdd(p: usize, t: usize, n: i32, out: usize): void {
  let correct = 0;
  let nonFinite = 0;
  let saturated = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Lane counts: a true comparison is -1, so subtracting the masks counts.
    let correctV = i32x4.splat(0);
    let nonFiniteV = i32x4.splat(0);
    let saturatedV = i32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      const pv = v128.load(p + at);
      const tv = v128.load(t + at);
      const predicted = v128.and(f32x4.gt(pv, f32x4.splat(0.5)), f32x4.splat(1));
      correctV = i32x4.sub(correctV, f32x4.eq(predicted, tv));
      const d = f32x4.sub(pv, pv);
      nonFiniteV = i32x4.sub(nonFiniteV, f32x4.ne(d, d));
      const wrongEnd = v128.bitselect(f32x4.le(pv, f32x4.splat(SATURATED_LOW)), f32x4.ge(pv, f32x4.splat(SATURATED_HIGH)), f32x4.eq(tv, f32x4.splat(1)));
      saturatedV = i32x4.sub(saturatedV, wrongEnd);
    }
    correct = laneSum(correctV);
    nonFinite = laneSum(nonFiniteV);
    saturated = laneSum(saturatedV);
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const pi = load<f32>(p + at);
    const ti = load<f32>(t + at);
    if ((pi > 0.5 ? <f32>1 : <f32>0) == ti) correct++;
    if (pi - pi != 0) nonFinite++;
    if (ti == 1 ? pi <= SATURATED_LOW : pi >= SATURATED_HIGH) saturated++;
  }
  store<f64>(out, load<f64>(out) + bceSum(p, t, n));
  store<f64>(out, load<f64>(out, 8) + <f64>correct, 8);
  store<f64>(out, load<f64>(out, 16) + <f64>nonFinite, 16);
  store<f64>(out, load<f64>(out, 24) + <f64>saturated, 24);
}

// @ts-ignore: decorator
@inline function laneSum(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/** dp[i] = (p-t)/max((1-p)·p, 1e-12)/n for i < n and 0 for n ≤ i < nPadded; p, t: f32[n]; dp: f32[nPadded], may alias p. */
export function bceBackward(p: usize, t: usize, dp: usize, n: i32, nPadded: i32): void {
  const count = <f32>n;
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 2;
    const pi = load<f32>(p + at);
    const g = (pi - load<f32>(t + at)) / max((<f32>1 - pi) * pi, GRAD_FLOOR);
    store<f32>(dp + at, g / count);
  }
  for (let i = n; i < nPadded; i++) store<f32>(dp + ((<usize>i) << 2), 0);
}

/** out[0] (f64) = count of i < n where round(p[i]) == t[i], rounding half to even (p = 0.5 → 0) as torch.round. */
export function countCorrect(p: usize, t: usize, out: usize, n: i32): void {
  store<f64>(out, <f64>correctCount(p, t, n));
}

/** Number of i < n where round(p[i]) == t[i], rounding half to even. */
export function correctCount(p: usize, t: usize, n: i32): i32 {
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 2;
    const predicted: f32 = load<f32>(p + at) > 0.5 ? 1 : 0;
    if (predicted == load<f32>(t + at)) correct++;
  }
  return correct;
}

// A per-sample BCE of at least 24·ln 2 ≈ 16.6 means the output sits within float32's last step
// (2^-24) of the wrong end: saturated; such a sample costs from 16.6 up to the clamp's 100.
// -ln p ≥ 24·ln 2 ⟺ p ≤ 2^-24 and -ln(1-p) ≥ 24·ln 2 ⟺ p ≥ 1 - 2^-24: compares, no logs.
const SATURATED_LOW: f32 = 5.9604644775390625e-8; // 2^-24
const SATURATED_HIGH: f32 = 0.99999994039535522; // 1 - 2^-24, the largest float32 below 1
