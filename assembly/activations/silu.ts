// SiLU (swish): y = z·σ(z).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (silu_kernel; silu_backward_kernel:
//      grad · s · (1 + x·(1 - s)), s = σ(x)).
// Backward reads z: σ(z) cannot be recovered from y.
import { sigmoidF32, sigmoidF32x4 } from './sigmoid';

const ONE: f32 = 1;

// @ts-ignore: decorator
@inline export function siluF32(x: f32): f32 {
  return x * sigmoidF32(x);
}

// @ts-ignore: decorator
@inline export function siluF32x4(x: v128): v128 {
  return f32x4.mul(x, sigmoidF32x4(x));
}

// @ts-ignore: decorator
@inline export function siluGradF32(x: f32, dy: f32): f32 {
  const s = sigmoidF32(x);
  return dy * s * (ONE + x * (ONE - s));
}

// @ts-ignore: decorator
@inline export function siluGradF32x4(x: v128, dy: v128): v128 {
  const s = sigmoidF32x4(x);
  const one = f32x4.splat(ONE);
  return f32x4.mul(f32x4.mul(dy, s), f32x4.add(one, f32x4.mul(x, f32x4.sub(one, s))));
}

/** y[i] = z[i]·σ(z[i]) for i < n; y may alias z. */
export function siluForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = siluF32x4(v128.load(z + at));
      const y1 = siluF32x4(v128.load(z + at, 16));
      const y2 = siluF32x4(v128.load(z + at, 32));
      const y3 = siluF32x4(v128.load(z + at, 48));
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, siluF32x4(v128.load(z + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, siluF32(load<f32>(z + at)));
  }
}

/** dz[i] = dy[i]·s·(1 + z[i]·(1 - s)), s = σ(z[i]), for i < n; reads z and dy; dz may alias dy. */
export function siluBackward(z: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = siluGradF32x4(v128.load(z + at), v128.load(dy + at));
      const d1 = siluGradF32x4(v128.load(z + at, 16), v128.load(dy + at, 16));
      const d2 = siluGradF32x4(v128.load(z + at, 32), v128.load(dy + at, 32));
      const d3 = siluGradF32x4(v128.load(z + at, 48), v128.load(dy + at, 48));
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, siluGradF32x4(v128.load(z + at), v128.load(dy + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, siluGradF32(load<f32>(z + at), load<f32>(dy + at)));
  }
}
