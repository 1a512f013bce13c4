// One torch.optim.RMSprop step (PyTorch 1.13, single-tensor path, maximize off).
// see: torch/optim/rmsprop.py (_single_tensor_rmsprop): g' = g + wd·w; s = α·s + (1-α)·g'·g';
//      centered: a = α·a + (1-α)·g', avg = √(s - a·a); else avg = √s; avg += eps; then with momentum
//      buf = μ·buf + g'/avg and w += -lr·buf, else w += (-lr·g')/avg.
// Each line is PyTorch's float32 tensor op with its scalar rounded to float32, in its operand order
// (mul_ then addcmul_'s self + (value·t1)·t2, add_'s self + alpha·other, addcdiv_'s self + (value·t1)/t2,
// see aten/src/ATen/native/cpu/PointwiseOpsKernel.cpp).
// State: s (square_avg), buf (momentum_buffer) and a (grad_avg), all starting at 0 as PyTorch's do.

/** Step t of torch.optim.RMSprop; the float64 settings arrive as float32 like PyTorch's scalars. Updates w, s, buf, a in place; g read only. */
export function rmspropStepAt(
  lr: f64, alpha: f64, eps: f64, weightDecay: f64, momentum: f64, centered: bool,
  w: usize, g: usize, s: usize, buf: usize, a: usize, n: i32,
): void {
  rmspropUpdate(<f32>(-lr), <f32>alpha, <f32>(1 - alpha), <f32>eps, <f32>weightDecay, <f32>momentum, momentum > 0, centered, w, g, s, buf, a, n);
}

// @ts-ignore: decorator
@inline function rmspropUpdate(
  negLr: f32, al: f32, c: f32, eps: f32, wd: f32, mu: f32, useMomentum: bool, centered: bool,
  w: usize, g: usize, s: usize, buf: usize, a: usize, n: i32,
): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const negLrV = f32x4.splat(negLr), alV = f32x4.splat(al), cV = f32x4.splat(c), epsV = f32x4.splat(eps);
    const wdV = f32x4.splat(wd), muV = f32x4.splat(mu);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      const wi = v128.load(w + at);
      const gi = f32x4.add(v128.load(g + at), f32x4.mul(wdV, wi));
      const si = f32x4.add(f32x4.mul(v128.load(s + at), alV), f32x4.mul(f32x4.mul(cV, gi), gi));
      v128.store(s + at, si);
      let avg: v128;
      if (centered) {
        const ai = f32x4.add(f32x4.mul(v128.load(a + at), alV), f32x4.mul(cV, gi));
        v128.store(a + at, ai);
        avg = f32x4.sqrt(f32x4.add(si, f32x4.mul(f32x4.neg(ai), ai)));
      } else {
        avg = f32x4.sqrt(si);
      }
      avg = f32x4.add(avg, epsV);
      if (useMomentum) {
        const b = f32x4.add(f32x4.mul(v128.load(buf + at), muV), f32x4.div(gi, avg));
        v128.store(buf + at, b);
        v128.store(w + at, f32x4.add(wi, f32x4.mul(negLrV, b)));
      } else {
        v128.store(w + at, f32x4.add(wi, f32x4.div(f32x4.mul(negLrV, gi), avg)));
      }
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const wi = load<f32>(w + at);
    const gi = load<f32>(g + at) + wd * wi;
    const si = load<f32>(s + at) * al + (c * gi) * gi;
    store<f32>(s + at, si);
    let avg: f32;
    if (centered) {
      const ai = load<f32>(a + at) * al + c * gi;
      store<f32>(a + at, ai);
      avg = sqrt<f32>(si + -ai * ai);
    } else {
      avg = sqrt<f32>(si);
    }
    avg = avg + eps;
    if (useMomentum) {
      const b = load<f32>(buf + at) * mu + gi / avg;
      store<f32>(buf + at, b);
      store<f32>(w + at, wi + negLr * b);
    } else {
      store<f32>(w + at, wi + (negLr * gi) / avg);
    }
  }
}
