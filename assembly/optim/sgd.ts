// One torch.optim.SGD step (PyTorch 1.13, single-tensor path, maximize off).
// see: torch/optim/sgd.py (_single_tensor_sgd)

// Layout of sgdStep's hyper block (f32), written by its caller (tests/kernels.test.ts,
// bench/kernels.ts); the fused training step calls sgdStepAt with float64 settings instead.
const NEG_LR = 0;         // -lr, as add_(d_p, alpha=-lr) receives it
const MOMENTUM = 4;
const ONE_MINUS_DAMPENING = 8;
const WEIGHT_DECAY = 12;
const NESTEROV = 16;      // 1 or 0
const FIRST_STEP = 20;    // 1 on the first step: the momentum buffer starts as a copy of d_p

/** For i < n: d = g + wd·w; with momentum, buf = first ? d : μ·buf + (1-τ)·d and d = nesterov ? d + μ·buf : buf; w += -lr·d. hyper → f32[6]; updates w, buf in place; g read only. */
export function sgdStep(hyper: usize, w: usize, g: usize, buf: usize, n: i32): void {
  sgdUpdate(
    load<f32>(hyper, NEG_LR), load<f32>(hyper, MOMENTUM), load<f32>(hyper, ONE_MINUS_DAMPENING), load<f32>(hyper, WEIGHT_DECAY),
    load<f32>(hyper, NESTEROV) != 0, load<f32>(hyper, FIRST_STEP) != 0, w, g, buf, n,
  );
}

/** Step t (from 1) of torch.optim.SGD; the float64 settings arrive as float32 like PyTorch's scalars. */
export function sgdStepAt(t: i32, lr: f64, momentum: f64, dampening: f64, weightDecay: f64, nesterov: bool, w: usize, g: usize, buf: usize, n: i32): void {
  sgdUpdate(<f32>(-lr), <f32>momentum, <f32>(1 - dampening), <f32>weightDecay, nesterov, t == 1, w, g, buf, n);
}

// @ts-ignore: decorator
@inline function sgdUpdate(negLr: f32, mu: f32, keep: f32, wd: f32, nesterov: bool, first: bool, w: usize, g: usize, buf: usize, n: i32): void {
  const useMomentum = mu != 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const negLrV = f32x4.splat(negLr), muV = f32x4.splat(mu), keepV = f32x4.splat(keep), wdV = f32x4.splat(wd);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      const wi = v128.load(w + at);
      let d = f32x4.add(v128.load(g + at), f32x4.mul(wdV, wi));
      if (useMomentum) {
        const b = first ? d : f32x4.add(f32x4.mul(v128.load(buf + at), muV), f32x4.mul(keepV, d));
        v128.store(buf + at, b);
        d = nesterov ? f32x4.add(d, f32x4.mul(muV, b)) : b;
      }
      v128.store(w + at, f32x4.add(wi, f32x4.mul(negLrV, d)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const wi = load<f32>(w + at);
    let d = load<f32>(g + at) + wd * wi;
    if (useMomentum) {
      const b = first ? d : load<f32>(buf + at) * mu + keep * d;
      store<f32>(buf + at, b);
      d = nesterov ? d + mu * b : b;
    }
    store<f32>(w + at, wi + negLr * d);
  }
}
