// Binary cross-entropy on probabilities, as torch.nn.BCELoss (reduction 'mean').
// see: aten/src/ATen/native/Loss.cpp (binary_cross_entropy_out_cpu, binary_cross_entropy_backward_out_cpu)
// The loss is a metric read once per epoch, so it is summed in f64 with f64 logs; the gradient
// feeds training and follows PyTorch's float32 formula, including its 1e-12 floor on p(1-p).

// PyTorch clamps each log at -100 so that p = 0 or 1 gives a finite loss.
const LOG_FLOOR: f64 = -100;
// PyTorch's EPSILON in the backward pass, as a float32 scalar.
const GRAD_FLOOR: f32 = 1e-12;

/** out[0] (f64) = mean over i < n of -(t·max(ln p, -100) + (1-t)·max(ln(1-p), -100)); p, t: f32[n]; writes out only. */
export function bceLoss(p: usize, t: usize, out: usize, n: i32): void {
  store<f64>(out, n > 0 ? bceSum(p, t, n) / <f64>n : NaN);
}

/** Σ over i < n of the per-sample BCE (the mean's numerator). */
export function bceSum(p: usize, t: usize, n: i32): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const pi = <f64>load<f32>(p + ((<usize>i) << 2));
    const ti = <f64>load<f32>(t + ((<usize>i) << 2));
    sum += (ti - 1) * Math.max(Math.log1p(-pi), LOG_FLOOR) - ti * Math.max(Math.log(pi), LOG_FLOOR);
  }
  return sum;
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

/** Number of i < n whose output is saturated at the wrong end (per-sample BCE ≥ 24·ln 2); p, t: f32[n]; reads only. */
export function saturatedCount(p: usize, t: usize, n: i32): i32 {
  let saturated = 0;
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 2;
    const pi = load<f32>(p + at);
    if (load<f32>(t + at) == 1 ? pi <= SATURATED_LOW : pi >= SATURATED_HIGH) saturated++;
  }
  return saturated;
}
