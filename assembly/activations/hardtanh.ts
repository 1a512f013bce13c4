// Hardtanh: y = min(max(z, min), max); options p0 = min, p1 = max (min < max, checked in TS).
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (hardtanh → clamp(self, min, max)) and
//      aten/src/ATen/native/cpu/Activation.cpp (hardtanh_backward: z <= min || z >= max ? 0 : grad).
// Backward reads the pre-activation z, as PyTorch does; the derivative is 0 at min and max themselves.
// It is written as PyTorch's vectorised kernel writes it, (z > min & z < max) & grad, so a NaN z gives
// 0, as torch gives (its scalar path, z <= min || z >= max ? 0 : grad, would pass grad through).
// Relu6 is this with (0, 6), as in PyTorch.
// The clamp is std::min(std::max(x, min), max) as PyTorch's clamp computes it: x < min ? min : x, then
// max < that ? max : that. NaN stays NaN and -0 stays -0 (relu6(-0) = -0), as torch gives (checked on
// 1.13). In f32x4 these are the pseudo-min/max f32x4.pmax/pmin, one maxps/minps each on x64.

// @ts-ignore: decorator
@inline export function hardtanhF32(x: f32, lo: f32, hi: f32): f32 {
  x = x < lo ? lo : x;
  return hi < x ? hi : x;
}

// @ts-ignore: decorator
@inline export function hardtanhF32x4(x: v128, lo: v128, hi: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, lo), hi);
}

// @ts-ignore: decorator
@inline export function hardtanhGradF32(x: f32, dy: f32, lo: f32, hi: f32): f32 {
  return x > lo && x < hi ? dy : <f32>0;
}

// @ts-ignore: decorator
@inline export function hardtanhGradF32x4(x: v128, dy: v128, lo: v128, hi: v128): v128 {
  return v128.and(dy, v128.and(f32x4.gt(x, lo), f32x4.lt(x, hi)));
}

/** y[i] = min(max(z[i], lo), hi) for i < n (NaN and -0 pass through); y may alias z. */
export function clampForward(lo: f32, hi: f32, z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const loV = f32x4.splat(lo), hiV = f32x4.splat(hi);
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = hardtanhF32x4(v128.load(z + at), loV, hiV);
      const y1 = hardtanhF32x4(v128.load(z + at, 16), loV, hiV);
      const y2 = hardtanhF32x4(v128.load(z + at, 32), loV, hiV);
      const y3 = hardtanhF32x4(v128.load(z + at, 48), loV, hiV);
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
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

/** dz[i] = lo < z[i] < hi ? dy[i] : 0 for i < n (0 for a NaN z); reads z and dy; dz may alias dy. */
export function clampBackward(lo: f32, hi: f32, z: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const loV = f32x4.splat(lo), hiV = f32x4.splat(hi);
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = hardtanhGradF32x4(v128.load(z + at), v128.load(dy + at), loV, hiV);
      const d1 = hardtanhGradF32x4(v128.load(z + at, 16), v128.load(dy + at, 16), loV, hiV);
      const d2 = hardtanhGradF32x4(v128.load(z + at, 32), v128.load(dy + at, 32), loV, hiV);
      const d3 = hardtanhGradF32x4(v128.load(z + at, 48), v128.load(dy + at, 48), loV, hiV);
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
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
