// One torch.optim.Adam or torch.optim.AdamW step (PyTorch 1.13, single-tensor path, amsgrad on or off).
// see: torch/optim/adam.py (_single_tensor_adam) and torch/optim/adamw.py (_single_tensor_adamw): AdamW
//      first scales the parameter by 1 - lr·weight_decay (computed in float64) and adds no decay to
//      the gradient; AMSGrad keeps vmax = max(vmax, v) and divides by √vmax instead of √v.
// The per-step scalars (bias corrections, step size) are computed in float64 by the caller, as
// Python does, and arrive as float32 like PyTorch's scalar arguments to float32 tensor ops.
//
// Subnormal moments. A weight whose gradient is exactly 0 step after step (every incoming weight
// of a dead ReLU unit) keeps m ← β1·m, which decays into the subnormals and stays there (β1·k·2^-149
// rounds back to k·2^-149 for k ≤ 4), and x64 multiplies and divides subnormals on a slow path
// (bench/adam-subnormal.ts: a step over 112 such weights takes 2× a normal one). So after the
// update (adamStepAt, the training path, every 16th step; adamStep, the one-call kernel, never) a stored m is set to 0 where that
// provably leaves PyTorch's results unchanged: |m| < 2^-126 (the smallest normal float32), no
// weight decay, and |w| > W = 2^-100·|s|/ε (s the step size, negStep; ε = eps > 0), w the updated
// weight. Proof. Up to the flush both hold the same m and w. At each later step while g stays 0,
// PyTorch's m' stays below 2^-126 in magnitude (β1 < 1) and ours is 0; |fl(s'·m')| ≤ |s'|·2^-126·
// (1 + 2^-23) with |s'| ≤ |s| (the bias correction only grows), and the denominator is at least ε
// (ε plus something ≥ 0, rounded), so PyTorch's update u has |u| ≤ 2^-126·|s|/ε·(1 + 2^-23)² =
// 2^-26·W·(1 + 2^-23)² < 2^-25·|w| (W is rounded to f32, within 2^-24 of its value): below half the
// gap from w to either float32 neighbour (≥ 2^-25·|w|), so fl(w + u) = w, as our update (±0) leaves
// it; w never moves, so the bound keeps holding. When g returns with |fl((1 - β1)·g)| ≥ 2^-102,
// PyTorch's fl(β1·m') (below 2^-126) is under half an ulp of it, so both m's are fl((1 - β1)·g)
// again, bit for bit. Only a gradient returning with 0 < |(1 - β1)·g| < 2^-102 (|g| < 2e-30 at
// β1 = 0.9) could leave the two m's one rounding apart. With ε = 0 (W = ∞), weight decay, or
// |w| ≤ W, nothing is flushed. v is not flushed (at β2 = 0.999 it decays 100× slower).
const FLUSH_EVERY = 16;
// The tests compare bit patterns shifted left by one (the sign dropped), unsigned: for numbers
// that is comparing magnitudes; |m'| < 2^-126 is (bits << 1) < 0x00800000 << 1, ±0 included (a -0
// moment becomes +0, which changes no w ≠ 0); a NaN w may count as large, and stays NaN either way.
const TINY_BITS: u32 = 0x01000000;

// Layout of adamStep's hyper block (f32), written by its caller (tests/kernels.test.ts,
// bench/kernels.ts); the fused training step calls adamStepAt with float64 settings instead.
const STEP_SIZE = 0;      // -lr / (1 - beta1^t), negated as addcdiv_ receives it
const BC2_SQRT = 4;       // sqrt(1 - beta2^t)
const BETA1 = 8;
const BETA2 = 12;
const ONE_MINUS_BETA1 = 16;
const ONE_MINUS_BETA2 = 20;
const EPS = 24;
const WEIGHT_DECAY = 28;

/** For i < n: g' = g + wd·w; m = β1·m + (1-β1)·g'; v = β2·v + (1-β2)·g'·g'; w += step·m/(√v/bc2 + eps), PyTorch's arithmetic (no flush of subnormal m: adamStepAt's). hyper → f32[8]; updates w, m, v in place; g is read only. */
export function adamStep(hyper: usize, w: usize, g: usize, m: usize, v: usize, n: i32): void {
  adamUpdate(
    load<f32>(hyper, STEP_SIZE), load<f32>(hyper, BC2_SQRT), load<f32>(hyper, BETA1), load<f32>(hyper, BETA2),
    load<f32>(hyper, ONE_MINUS_BETA1), load<f32>(hyper, ONE_MINUS_BETA2), load<f32>(hyper, EPS), load<f32>(hyper, WEIGHT_DECAY),
    false, 1, false, w, g, m, v, 0, n,
  );
}

/** W = 2^-100·|s|/ε as float32 (see the file comment): +∞ for ε = 0, NaN (nothing flushed either) for s = ε = 0. */
// @ts-ignore: decorator
@inline function flushAbove(negStep: f64, eps: f64): f32 {
  return <f32>((7.888609052210118e-31 * Math.abs(negStep)) / eps); // 2^-100·|s|/ε
}

/** For i < n: m[i] = +0 where |m[i]| < 2^-126 (±0 included) and |w[i]| > wMin, compared as bit patterns (see the file comment); reads w, updates m only. */
// @ts-ignore: decorator
@inline function flushTinyMoments(w: usize, m: usize, n: i32, wMin: f32): void {
  const wMinBits = reinterpret<u32>(wMin) << 1;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const tinyV = i32x4.splat(TINY_BITS), wMinV = i32x4.splat(wMinBits);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      const mi = v128.load(m + at);
      const tiny = i32x4.lt_u(i32x4.shl(mi, 1), tinyV);
      // Stores only in the vectors that hold a tiny moment.
      if (v128.any_true(tiny)) v128.store(m + at, v128.andnot(mi, v128.and(tiny, i32x4.gt_u(i32x4.shl(v128.load(w + at), 1), wMinV))));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    if ((load<u32>(m + at) << 1) < TINY_BITS && (load<u32>(w + at) << 1) > wMinBits) store<f32>(m + at, 0);
  }
}

/** Step t of torch.optim.Adam (decoupled false) or AdamW (true), with its float64 scalars computed here once per step as Python does; vmax is read and written only with amsgrad; every 16th step a subnormal m is set to 0 where w is provably unchanged (see above). */
export function adamStepAt(
  t: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, amsgrad: bool, decoupled: bool,
  w: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
): void {
  const bias1 = 1 - Math.pow(beta1, <f64>t);
  const bias2 = 1 - Math.pow(beta2, <f64>t);
  const negStep = <f32>(-(lr / bias1)), bc2 = <f32>Math.sqrt(bias2), b1 = <f32>beta1, b2 = <f32>beta2;
  const c1 = <f32>(1 - beta1), c2 = <f32>(1 - beta2), e = <f32>eps, wd = <f32>weightDecay, keep = <f32>(1 - lr * weightDecay);
  // The bias corrections and step size above are per step, computed once here outside the loop.
  // One instance of the loop per variant, so that no branch is left inside it.
  if (decoupled) {
    if (amsgrad) adamUpdate(negStep, bc2, b1, b2, c1, c2, e, 0, true, keep, true, w, g, m, v, vmax, n);
    else adamUpdate(negStep, bc2, b1, b2, c1, c2, e, 0, true, keep, false, w, g, m, v, vmax, n);
  } else {
    if (amsgrad) adamUpdate(negStep, bc2, b1, b2, c1, c2, e, wd, false, 1, true, w, g, m, v, vmax, n);
    else adamUpdate(negStep, bc2, b1, b2, c1, c2, e, wd, false, 1, false, w, g, m, v, vmax, n);
  }
  // Every 16th step: a pass that costs as much as a few vectors of the update, every step.
  if ((t & (FLUSH_EVERY - 1)) == 0 && weightDecay == 0) flushTinyMoments(w, m, n, flushAbove(<f64>negStep, <f64>e));
}

// @ts-ignore: decorator
@inline function adamUpdate(
  negStep: f32, bc2: f32, b1: f32, b2: f32, c1: f32, c2: f32, eps: f32, wd: f32, decoupled: bool, keep: f32, amsgrad: bool,
  w: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const negStepV = f32x4.splat(negStep), bc2V = f32x4.splat(bc2), epsV = f32x4.splat(eps), wdV = f32x4.splat(wd);
    const b1V = f32x4.splat(b1), b2V = f32x4.splat(b2), c1V = f32x4.splat(c1), c2V = f32x4.splat(c2), keepV = f32x4.splat(keep);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      let wi = v128.load(w + at);
      let gi = v128.load(g + at);
      // AdamW scales the parameter first; Adam adds the decay to the gradient instead.
      if (decoupled) wi = f32x4.mul(wi, keepV);
      else gi = f32x4.add(gi, f32x4.mul(wdV, wi));
      const mi = f32x4.add(f32x4.mul(v128.load(m + at), b1V), f32x4.mul(c1V, gi));
      const vi = f32x4.add(f32x4.mul(v128.load(v + at), b2V), f32x4.mul(f32x4.mul(c2V, gi), gi));
      let vd = vi;
      if (amsgrad) {
        vd = f32x4.max(v128.load(vmax + at), vi);
        v128.store(vmax + at, vd);
      }
      const denom = f32x4.add(f32x4.div(f32x4.sqrt(vd), bc2V), epsV);
      v128.store(m + at, mi);
      v128.store(v + at, vi);
      v128.store(w + at, f32x4.add(wi, f32x4.div(f32x4.mul(negStepV, mi), denom)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    let wi = load<f32>(w + at);
    let gi = load<f32>(g + at);
    if (decoupled) wi = wi * keep;
    else gi = gi + wd * wi;
    const mi = load<f32>(m + at) * b1 + c1 * gi;
    const vi = load<f32>(v + at) * b2 + (c2 * gi) * gi;
    let vd = vi;
    if (amsgrad) {
      // torch.maximum: NaN if either is NaN, as Wasm's f32.max and f32x4.max give; both are >= 0.
      vd = max<f32>(load<f32>(vmax + at), vi);
      store<f32>(vmax + at, vd);
    }
    const denom = sqrt<f32>(vd) / bc2 + eps;
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(w + at, wi + (negStep * mi) / denom);
  }
}
