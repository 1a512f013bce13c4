// ReLU: y = max(z, 0).
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (relu → clamp_min(self, 0)) and
//      tools/autograd/derivatives.yaml (relu: threshold_backward(grad, result, 0)).
// Backward reads the output y, as PyTorch does: dz = y <= 0 ? 0 : dy, so relu'(0) = 0.
// Forward is x < 0 ? 0 : x, which is std::max(x, 0), PyTorch's clamp_min: NaN stays NaN and -0 stays
// -0, as torch.relu gives (checked on 1.13). In f32x4 this is the pseudo-max f32x4.pmax(x, 0), one
// maxps on x64; f32x4.max would cost ~8 instructions and turn -0 into +0.

const ZERO: f32 = 0;

// @ts-ignore: decorator
@inline export function reluF32(x: f32): f32 {
  return x < ZERO ? ZERO : x;
}

// @ts-ignore: decorator
@inline export function reluF32x4(x: v128): v128 {
  return f32x4.pmax(x, f32x4.splat(ZERO));
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

/** y[i] = z[i] < 0 ? 0 : z[i] for i < n (NaN and -0 pass through); y may alias z. */
export function reluForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = reluF32x4(v128.load(z + at));
      const y1 = reluF32x4(v128.load(z + at, 16));
      const y2 = reluF32x4(v128.load(z + at, 32));
      const y3 = reluF32x4(v128.load(z + at, 48));
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
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
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = reluGradF32x4(v128.load(y + at), v128.load(dy + at));
      const d1 = reluGradF32x4(v128.load(y + at, 16), v128.load(dy + at, 16));
      const d2 = reluGradF32x4(v128.load(y + at, 32), v128.load(dy + at, 32));
      const d3 = reluGradF32x4(v128.load(y + at, 48), v128.load(dy + at, 48));
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
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
