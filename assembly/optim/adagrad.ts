// One torch.optim.Adagrad step (PyTorch 1.13, single-tensor path, dense gradients, maximize off).
// see: torch/optim/adagrad.py (_single_tensor_adagrad): g' = g + wd·w; clr = lr/(1 + (t-1)·lr_decay)
//      in float64; sum += 1·g'·g'; std = √sum + eps; w += (-clr·g')/std (addcdiv_'s self + (value·t1)/t2,
//      aten/src/ATen/native/cpu/PointwiseOpsKernel.cpp).
// The sum starts at initial_accumulator_value (torch.full_like): on step 1 the kernel reads that
// setting instead of the buffer, so the buffer needs no initialisation of its own.
// Each line is PyTorch's float32 tensor op with its scalar rounded to float32, in its operand order.

/** Step t (from 1) of torch.optim.Adagrad; the float64 settings arrive as float32 like PyTorch's scalars. Updates w and sum in place; g read only. */
export function adagradStepAt(
  t: i32, lr: f64, lrDecay: f64, weightDecay: f64, initialAccumulatorValue: f64, eps: f64,
  w: usize, g: usize, sum: usize, n: i32,
): void {
  const clr = lr / (1 + (<f64>t - 1) * lrDecay);
  adagradUpdate(<f32>(-clr), <f32>weightDecay, <f32>initialAccumulatorValue, t == 1, <f32>eps, w, g, sum, n);
}

// @ts-ignore: decorator
@inline function adagradUpdate(negClr: f32, wd: f32, init: f32, first: bool, eps: f32, w: usize, g: usize, sum: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const negClrV = f32x4.splat(negClr), wdV = f32x4.splat(wd), initV = f32x4.splat(init), epsV = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      const wi = v128.load(w + at);
      const gi = f32x4.add(v128.load(g + at), f32x4.mul(wdV, wi));
      const si = f32x4.add(first ? initV : v128.load(sum + at), f32x4.mul(gi, gi));
      v128.store(sum + at, si);
      const std = f32x4.add(f32x4.sqrt(si), epsV);
      v128.store(w + at, f32x4.add(wi, f32x4.div(f32x4.mul(negClrV, gi), std)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const wi = load<f32>(w + at);
    const gi = load<f32>(g + at) + wd * wi;
    const si = (first ? init : load<f32>(sum + at)) + gi * gi;
    store<f32>(sum + at, si);
    const std = sqrt<f32>(si) + eps;
    store<f32>(w + at, wi + (negClr * gi) / std);
  }
}
