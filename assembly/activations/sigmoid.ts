// Sigmoid: y = 1/(1 + e^{-z}).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/UnaryOpsKernel.cpp (sigmoid) and
//      aten/src/ATen/native/cpu/BinaryOpsKernel.cpp (sigmoid_backward: grad · (1 - y) · y).
// Backward reads the output y, as PyTorch does.
// Forward uses e = e^{-|z|} ∈ (0, 1]: 1/(1 + e) for z >= 0 and e/(1 + e) below, the same function,
// but never exponentiates a large positive number, and keeps full relative accuracy in the far
// negative tail (sigmoid(-40) = 4.2e-18, not a rounding of 1/(1 + 2.4e17)). Silu and softplus use it too.
// The numerator (1 or e) is picked before the one division, so each lane costs a single f32x4.div
// and gets the same bits as computing both quotients and selecting. -|x| is x with its sign bit set.
// Measured (2^25 random f32 in [-20, 20] plus 2^24 in [-90, 90], vs float64, results above 1e-37):
// max relative error 1.8e-7.
import { expF32, expF32x4 } from '../math/exp';

const ZERO: f32 = 0;
const ONE: f32 = 1;
const SIGN: i32 = 0x80000000;

/** σ(x) for one f32. */
// @ts-ignore: decorator
@inline export function sigmoidF32(x: f32): f32 {
  const e = expF32(reinterpret<f32>(reinterpret<i32>(x) | SIGN));
  return (x >= ZERO ? ONE : e) / (ONE + e);
}

/** σ(x) lane-wise: the f32x4 twin of sigmoidF32. */
// @ts-ignore: decorator
@inline export function sigmoidF32x4(x: v128): v128 {
  const one = f32x4.splat(ONE);
  const e = expF32x4(v128.or(x, i32x4.splat(SIGN)));
  return f32x4.div(v128.bitselect(one, e, f32x4.ge(x, f32x4.splat(ZERO))), f32x4.add(one, e));
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
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = sigmoidF32x4(v128.load(z + at));
      const y1 = sigmoidF32x4(v128.load(z + at, 16));
      const y2 = sigmoidF32x4(v128.load(z + at, 32));
      const y3 = sigmoidF32x4(v128.load(z + at, 48));
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
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
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = sigmoidGradF32x4(v128.load(y + at), v128.load(dy + at));
      const d1 = sigmoidGradF32x4(v128.load(y + at, 16), v128.load(dy + at, 16));
      const d2 = sigmoidGradF32x4(v128.load(y + at, 32), v128.load(dy + at, 32));
      const d3 = sigmoidGradF32x4(v128.load(y + at, 48), v128.load(dy + at, 48));
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
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
