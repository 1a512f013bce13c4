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
