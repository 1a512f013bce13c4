// ReLU: y = max(z, 0).
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (relu → clamp_min(self, 0)) and
//      tools/autograd/derivatives.yaml (relu: threshold_backward(grad, result, 0)).
// Backward reads the output y, as PyTorch does: dz = y <= 0 ? 0 : dy, so relu'(0) = 0.

const ZERO: f32 = 0;

// @ts-ignore: decorator
@inline export function reluF32(x: f32): f32 {
  return max<f32>(x, ZERO);
}

// @ts-ignore: decorator
@inline export function reluF32x4(x: v128): v128 {
  return f32x4.max(x, f32x4.splat(ZERO));
}

// @ts-ignore: decorator
@inline export function reluGradF32(y: f32, dy: f32): f32 {
  return y <= ZERO ? ZERO : dy;
}

// @ts-ignore: decorator
@inline export function reluGradF32x4(y: v128, dy: v128): v128 {
  // Clearing the bits of the y <= 0 lanes yields +0, as the scalar form returns.
  return v128.andnot(dy, f32x4.le(y, f32x4.splat(ZERO)));
}

/** y[i] = max(z[i], 0) for i < n; y may alias z. */
export function reluForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, reluF32x4(v128.load(z + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, reluF32(load<f32>(z + at)));
  }
}

/** dz[i] = y[i] <= 0 ? 0 : dy[i] for i < n; reads y and dy; dz may alias dy. */
export function reluBackward(y: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, reluGradF32x4(v128.load(y + at), v128.load(dy + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, reluGradF32(load<f32>(y + at), load<f32>(dy + at)));
  }
}
