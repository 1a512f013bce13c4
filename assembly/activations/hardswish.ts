// Hardswish: y = z·min(max(z + 3, 0), 6)/6.
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (hardswish_kernel, hardswish_backward_kernel).
// Backward reads z: z < -3 ? 0 : z >= 3 ? dy : dy·(z/3 + 0.5). The boundary at +3 follows PyTorch's
// vectorised CPU path (`self >= 3 → grad`), which is what the reference fixture records
// (hardswish'(3) = 1, hardswish'(-3) = -0.5); PyTorch's scalar path would give 1.5 at exactly 3.

const ZERO: f32 = 0;
const HALF: f32 = 0.5;
const THREE: f32 = 3;
const NEG_THREE: f32 = -3;
const SIX: f32 = 6;

// @ts-ignore: decorator
@inline export function hardswishF32(x: f32): f32 {
  return x * min<f32>(max<f32>(x + THREE, ZERO), SIX) / SIX;
}

// @ts-ignore: decorator
@inline export function hardswishF32x4(x: v128): v128 {
  const gate = f32x4.min(f32x4.max(f32x4.add(x, f32x4.splat(THREE)), f32x4.splat(ZERO)), f32x4.splat(SIX));
  return f32x4.div(f32x4.mul(x, gate), f32x4.splat(SIX));
}

// @ts-ignore: decorator
@inline export function hardswishGradF32(x: f32, dy: f32): f32 {
  if (x < NEG_THREE) return ZERO;
  return x >= THREE ? dy : dy * (x / THREE + HALF);
}

// @ts-ignore: decorator
@inline export function hardswishGradF32x4(x: v128, dy: v128): v128 {
  const mid = f32x4.mul(dy, f32x4.add(f32x4.div(x, f32x4.splat(THREE)), f32x4.splat(HALF)));
  const g = v128.bitselect(dy, mid, f32x4.ge(x, f32x4.splat(THREE)));
  return v128.andnot(g, f32x4.lt(x, f32x4.splat(NEG_THREE)));
}

/** y[i] = z[i]·min(max(z[i] + 3, 0), 6)/6 for i < n; y may alias z. */
export function hardswishForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, hardswishF32x4(v128.load(z + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, hardswishF32(load<f32>(z + at)));
  }
}

/** dz[i] = dy[i]·hardswish′(z[i]) (see the file comment for the kinks) for i < n; reads z and dy; dz may alias dy. */
export function hardswishBackward(z: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, hardswishGradF32x4(v128.load(z + at), v128.load(dy + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, hardswishGradF32(load<f32>(z + at), load<f32>(dy + at)));
  }
}
