// One torch.optim.Adam step (PyTorch 1.13, single-tensor path, amsgrad off).
// see: torch/optim/adam.py (_single_tensor_adam)
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
    w, g, m, v, n,
  );
}

/** Step t of torch.optim.Adam, with its float64 scalars computed here as Python does. */
export function adamStepAt(t: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, w: usize, g: usize, m: usize, v: usize, n: i32): void {
  const bias1 = 1 - Math.pow(beta1, <f64>t);
  const bias2 = 1 - Math.pow(beta2, <f64>t);
  adamUpdate(
    <f32>(-(lr / bias1)), <f32>Math.sqrt(bias2), <f32>beta1, <f32>beta2,
    <f32>(1 - beta1), <f32>(1 - beta2), <f32>eps, <f32>weightDecay,
    w, g, m, v, n,
  );
}

// @ts-ignore: decorator
@inline function adamUpdate(negStep: f32, bc2: f32, b1: f32, b2: f32, c1: f32, c2: f32, eps: f32, wd: f32, w: usize, g: usize, m: usize, v: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const negStepV = f32x4.splat(negStep), bc2V = f32x4.splat(bc2), epsV = f32x4.splat(eps), wdV = f32x4.splat(wd);
    const b1V = f32x4.splat(b1), b2V = f32x4.splat(b2), c1V = f32x4.splat(c1), c2V = f32x4.splat(c2);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      const wi = v128.load(w + at);
      const gi = f32x4.add(v128.load(g + at), f32x4.mul(wdV, wi));
      const mi = f32x4.add(f32x4.mul(v128.load(m + at), b1V), f32x4.mul(c1V, gi));
      const vi = f32x4.add(f32x4.mul(v128.load(v + at), b2V), f32x4.mul(f32x4.mul(c2V, gi), gi));
      const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), bc2V), epsV);
      v128.store(m + at, mi);
      v128.store(v + at, vi);
      v128.store(w + at, f32x4.add(wi, f32x4.div(f32x4.mul(negStepV, mi), denom)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const wi = load<f32>(w + at);
    const gi = load<f32>(g + at) + wd * wi;
    const mi = load<f32>(m + at) * b1 + c1 * gi;
    const vi = load<f32>(v + at) * b2 + (c2 * gi) * gi;
    const denom = sqrt<f32>(vi) / bc2 + eps;
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(w + at, wi + (negStep * mi) / denom);
  }
}
