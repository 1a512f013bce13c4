// Tanh: y = tanh z (see ../math/tanh.ts for the approximation and its error).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/BinaryOpsKernel.cpp (tanh_backward: grad · (1 - y²)).
// Backward reads the output y, as PyTorch does.
import { tanhF32, tanhF32x4 } from '../math/tanh';

const ONE: f32 = 1;

// @ts-ignore: decorator
@inline export function tanhGradF32(y: f32, dy: f32): f32 {
  return dy * (ONE - y * y);
}

// @ts-ignore: decorator
@inline export function tanhGradF32x4(y: v128, dy: v128): v128 {
  return f32x4.mul(dy, f32x4.sub(f32x4.splat(ONE), f32x4.mul(y, y)));
}

/** y[i] = tanh z[i] for i < n; y may alias z. */
export function tanhForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = tanhF32x4(v128.load(z + at));
      const y1 = tanhF32x4(v128.load(z + at, 16));
      const y2 = tanhF32x4(v128.load(z + at, 32));
      const y3 = tanhF32x4(v128.load(z + at, 48));
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, tanhF32x4(v128.load(z + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, tanhF32(load<f32>(z + at)));
  }
}

/** dz[i] = dy[i]·(1 - y[i]²) for i < n; reads y and dy; dz may alias dy. */
export function tanhBackward(y: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = tanhGradF32x4(v128.load(y + at), v128.load(dy + at));
      const d1 = tanhGradF32x4(v128.load(y + at, 16), v128.load(dy + at, 16));
      const d2 = tanhGradF32x4(v128.load(y + at, 32), v128.load(dy + at, 32));
      const d3 = tanhGradF32x4(v128.load(y + at, 48), v128.load(dy + at, 48));
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, tanhGradF32x4(v128.load(y + at), v128.load(dy + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, tanhGradF32(load<f32>(y + at), load<f32>(dy + at)));
  }
}
