// Sigmoid: y = 1/(1 + e^{-z}).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/UnaryOpsKernel.cpp (sigmoid) and
//      aten/src/ATen/native/cpu/BinaryOpsKernel.cpp (sigmoid_backward: grad · (1 - y) · y).
// Backward reads the output y, as PyTorch does.
// Forward uses e = e^{-|z|} ∈ (0, 1]: 1/(1 + e) for z >= 0 and e/(1 + e) below, the same function,
// but never exponentiates a large positive number, and keeps full relative accuracy in the far
// negative tail (sigmoid(-40) = 4.2e-18, not a rounding of 1/(1 + 2.4e17)). Silu and softplus use it too.
import { expF32, expF32x4 } from '../math/exp';

const ZERO: f32 = 0;
const ONE: f32 = 1;

/** σ(x) for one f32. */
// @ts-ignore: decorator
@inline export function sigmoidF32(x: f32): f32 {
  const e = expF32(-abs<f32>(x));
  const d = ONE + e;
  return x >= ZERO ? ONE / d : e / d;
}

/** σ(x) lane-wise: the f32x4 twin of sigmoidF32. */
// @ts-ignore: decorator
@inline export function sigmoidF32x4(x: v128): v128 {
  const e = expF32x4(f32x4.neg(f32x4.abs(x)));
  const d = f32x4.add(f32x4.splat(ONE), e);
  return v128.bitselect(f32x4.div(f32x4.splat(ONE), d), f32x4.div(e, d), f32x4.ge(x, f32x4.splat(ZERO)));
}

// @ts-ignore: decorator
@inline export function sigmoidGradF32(y: f32, dy: f32): f32 {
  return dy * (ONE - y) * y;
}

// @ts-ignore: decorator
@inline export function sigmoidGradF32x4(y: v128, dy: v128): v128 {
  return f32x4.mul(f32x4.mul(dy, f32x4.sub(f32x4.splat(ONE), y)), y);
}

/** y[i] = σ(z[i]) for i < n; y may alias z. */
export function sigmoidForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, sigmoidF32x4(v128.load(z + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, sigmoidF32(load<f32>(z + at)));
  }
}

/** dz[i] = dy[i]·(1 - y[i])·y[i] for i < n; reads y and dy; dz may alias dy. */
export function sigmoidBackward(y: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, sigmoidGradF32x4(v128.load(y + at), v128.load(dy + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, sigmoidGradF32(load<f32>(y + at), load<f32>(dy + at)));
  }
}
