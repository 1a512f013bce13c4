// ELU: y = z <= 0 ? alpha·(e^z - 1) : z; option p0 = alpha (PyTorch default 1).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (elu_kernel, elu_backward_kernel with
//      is_result = false: grad · alpha · e^z for z <= 0, else grad).
// Backward reads z, as PyTorch's out-of-place elu does: elu'(0) = alpha·e^0 = alpha.
// e^z - 1 is PyTorch's own formula; near z = 0 its absolute error is ~alpha·6e-8 (an ulp of 1).
import { expF32, expF32x4 } from '../math/exp';

const ZERO: f32 = 0;
const ONE: f32 = 1;

// @ts-ignore: decorator
@inline export function eluF32(x: f32, alpha: f32): f32 {
  return x <= ZERO ? (expF32(x) - ONE) * alpha : x;
}

// @ts-ignore: decorator
@inline export function eluF32x4(x: v128, alpha: v128): v128 {
  const neg = f32x4.mul(f32x4.sub(expF32x4(x), f32x4.splat(ONE)), alpha);
  return v128.bitselect(neg, x, f32x4.le(x, f32x4.splat(ZERO)));
}

// @ts-ignore: decorator
@inline export function eluGradF32(x: f32, dy: f32, alpha: f32): f32 {
  return x <= ZERO ? dy * alpha * expF32(x) : dy;
}

// @ts-ignore: decorator
@inline export function eluGradF32x4(x: v128, dy: v128, alpha: v128): v128 {
  const neg = f32x4.mul(f32x4.mul(dy, alpha), expF32x4(x));
  return v128.bitselect(neg, dy, f32x4.le(x, f32x4.splat(ZERO)));
}

/** ELU forward; params → f32[2] (alpha, unused); y may alias z. */
export function eluForward(params: usize, z: usize, y: usize, n: i32): void {
  const alpha = load<f32>(params);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const alphaV = f32x4.splat(alpha);
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = eluF32x4(v128.load(z + at), alphaV);
      const y1 = eluF32x4(v128.load(z + at, 16), alphaV);
      const y2 = eluF32x4(v128.load(z + at, 32), alphaV);
      const y3 = eluF32x4(v128.load(z + at, 48), alphaV);
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, eluF32x4(v128.load(z + at), alphaV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, eluF32(load<f32>(z + at), alpha));
  }
}

/** ELU backward; params → f32[2] (alpha, unused); reads z and dy; dz may alias dy. */
export function eluBackward(params: usize, z: usize, dy: usize, dz: usize, n: i32): void {
  const alpha = load<f32>(params);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const alphaV = f32x4.splat(alpha);
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = eluGradF32x4(v128.load(z + at), v128.load(dy + at), alphaV);
      const d1 = eluGradF32x4(v128.load(z + at, 16), v128.load(dy + at, 16), alphaV);
      const d2 = eluGradF32x4(v128.load(z + at, 32), v128.load(dy + at, 32), alphaV);
      const d3 = eluGradF32x4(v128.load(z + at, 48), v128.load(dy + at, 48), alphaV);
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, eluGradF32x4(v128.load(z + at), v128.load(dy + at), alphaV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, eluGradF32(load<f32>(z + at), load<f32>(dy + at), alpha));
  }
}
