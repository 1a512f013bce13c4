// One torch.optim.Adam or torch.optim.AdamW step (PyTorch 1.13, single-tensor path, amsgrad on or off).
// see: torch/optim/adam.py (_single_tensor_adam) and torch/optim/adamw.py (_single_tensor_adamw): AdamW
//      first scales the parameter by 1 - lr·weight_decay (computed in float64) and adds no decay to
//      the gradient; AMSGrad keeps vmax = max(vmax, v) and divides by √vmax instead of √v.
// The per-step scalars (bias corrections, step size) are computed in float64 by the caller, as
// Python does, and arrive as float32 like PyTorch's scalar arguments to float32 tensor ops.

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

/** For i < n: g' = g + wd·w; m = β1·m + (1-β1)·g'; v = β2·v + (1-β2)·g'·g'; w += step·m/(√v/bc2 + eps). hyper → f32[8]; updates w, m, v in place; g is read only. */
export function adamStep(hyper: usize, w: usize, g: usize, m: usize, v: usize, n: i32): void {
  adamUpdate(
    load<f32>(hyper, STEP_SIZE), load<f32>(hyper, BC2_SQRT), load<f32>(hyper, BETA1), load<f32>(hyper, BETA2),
    load<f32>(hyper, ONE_MINUS_BETA1), load<f32>(hyper, ONE_MINUS_BETA2), load<f32>(hyper, EPS), load<f32>(hyper, WEIGHT_DECAY),
    false, 1, false, w, g, m, v, 0, n,
  );
}

/** Step t of torch.optim.Adam (decoupled false) or AdamW (true), with its float64 scalars computed here as Python does; vmax is read and written only with amsgrad. */
export function adamStepAt(
  t: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, amsgrad: bool, decoupled: bool,
  w: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
): void {
  const bias1 = 1 - Math.pow(beta1, <f64>t);
  const bias2 = 1 - Math.pow(beta2, <f64>t);
  const negStep = <f32>(-(lr / bias1)), bc2 = <f32>Math.sqrt(bias2), b1 = <f32>beta1, b2 = <f32>beta2;
  const c1 = <f32>(1 - beta1), c2 = <f32>(1 - beta2), e = <f32>eps, wd = <f32>weightDecay, keep = <f32>(1 - lr * weightDecay);
  // One instance of the loop per variant, so that no branch is left inside it.
  if (decoupled) {
    if (amsgrad) adamUpdate(negStep, bc2, b1, b2, c1, c2, e, 0, true, keep, true, w, g, m, v, vmax, n);
    else adamUpdate(negStep, bc2, b1, b2, c1, c2, e, 0, true, keep, false, w, g, m, v, vmax, n);
  } else {
    if (amsgrad) adamUpdate(negStep, bc2, b1, b2, c1, c2, e, wd, false, 1, true, w, g, m, v, vmax, n);
    else adamUpdate(negStep, bc2, b1, b2, c1, c2, e, wd, false, 1, false, w, g, m, v, vmax, n);
  }
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
