// Hardtanh: y = min(max(z, min), max); options p0 = min, p1 = max (min < max, checked in TS).
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (hardtanh → clamp(self, min, max)) and
//      aten/src/ATen/native/cpu/Activation.cpp (hardtanh_backward: z <= min || z >= max ? 0 : grad).
// Backward reads the pre-activation z, as PyTorch does; the derivative is 0 at min and max themselves.
// Relu6 is this with (0, 6), as in PyTorch.

// @ts-ignore: decorator
@inline export function hardtanhF32(x: f32, lo: f32, hi: f32): f32 {
  return min<f32>(max<f32>(x, lo), hi);
}

// @ts-ignore: decorator
@inline export function hardtanhF32x4(x: v128, lo: v128, hi: v128): v128 {
  return f32x4.min(f32x4.max(x, lo), hi);
}

// @ts-ignore: decorator
@inline export function hardtanhGradF32(x: f32, dy: f32, lo: f32, hi: f32): f32 {
  return x <= lo || x >= hi ? <f32>0 : dy;
}

// @ts-ignore: decorator
@inline export function hardtanhGradF32x4(x: v128, dy: v128, lo: v128, hi: v128): v128 {
  return v128.andnot(dy, v128.or(f32x4.le(x, lo), f32x4.ge(x, hi)));
}

/** y[i] = min(max(z[i], lo), hi) for i < n; y may alias z. */
export function clampForward(lo: f32, hi: f32, z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const loV = f32x4.splat(lo), hiV = f32x4.splat(hi);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, hardtanhF32x4(v128.load(z + at), loV, hiV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, hardtanhF32(load<f32>(z + at), lo, hi));
  }
}

/** dz[i] = lo < z[i] < hi ? dy[i] : 0 for i < n; reads z and dy; dz may alias dy. */
export function clampBackward(lo: f32, hi: f32, z: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const loV = f32x4.splat(lo), hiV = f32x4.splat(hi);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, hardtanhGradF32x4(v128.load(z + at), v128.load(dy + at), loV, hiV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, hardtanhGradF32(load<f32>(z + at), load<f32>(dy + at), lo, hi));
  }
}

/** Hardtanh forward; params → f32[2] (min, max); y may alias z. */
export function hardtanhForward(params: usize, z: usize, y: usize, n: i32): void {
  clampForward(load<f32>(params), load<f32>(params, 4), z, y, n);
}

/** Hardtanh backward; params → f32[2] (min, max); reads z and dy; dz may alias dy. */
export function hardtanhBackward(params: usize, z: usize, dy: usize, dz: usize, n: i32): void {
  clampBackward(load<f32>(params), load<f32>(params, 4), z, dy, dz, n);
}
