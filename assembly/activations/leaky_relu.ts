// Leaky ReLU: y = z > 0 ? z : z·negativeSlope; option p0 = negativeSlope (PyTorch default 0.01).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (leaky_relu_kernel, leaky_relu_backward_kernel).
// Backward reads z: z > 0 ? dy : dy·negativeSlope, so leaky_relu'(0) = negativeSlope.

const ZERO: f32 = 0;

// @ts-ignore: decorator
@inline export function leakyReluF32(x: f32, slope: f32): f32 {
  return x > ZERO ? x : x * slope;
}

// @ts-ignore: decorator
@inline export function leakyReluF32x4(x: v128, slope: v128): v128 {
  return v128.bitselect(x, f32x4.mul(x, slope), f32x4.gt(x, f32x4.splat(ZERO)));
}

// @ts-ignore: decorator
@inline export function leakyReluGradF32(x: f32, dy: f32, slope: f32): f32 {
  return x > ZERO ? dy : dy * slope;
}

// @ts-ignore: decorator
@inline export function leakyReluGradF32x4(x: v128, dy: v128, slope: v128): v128 {
  return v128.bitselect(dy, f32x4.mul(dy, slope), f32x4.gt(x, f32x4.splat(ZERO)));
}

/** Leaky ReLU forward; params → f32[2] (negativeSlope, unused); y may alias z. */
export function leakyReluForward(params: usize, z: usize, y: usize, n: i32): void {
  const slope = load<f32>(params);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const slopeV = f32x4.splat(slope);
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = leakyReluF32x4(v128.load(z + at), slopeV);
      const y1 = leakyReluF32x4(v128.load(z + at, 16), slopeV);
      const y2 = leakyReluF32x4(v128.load(z + at, 32), slopeV);
      const y3 = leakyReluF32x4(v128.load(z + at, 48), slopeV);
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, leakyReluF32x4(v128.load(z + at), slopeV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, leakyReluF32(load<f32>(z + at), slope));
  }
}

/** Leaky ReLU backward; params → f32[2] (negativeSlope, unused); reads z and dy; dz may alias dy. */
export function leakyReluBackward(params: usize, z: usize, dy: usize, dz: usize, n: i32): void {
  const slope = load<f32>(params);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const slopeV = f32x4.splat(slope);
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = leakyReluGradF32x4(v128.load(z + at), v128.load(dy + at), slopeV);
      const d1 = leakyReluGradF32x4(v128.load(z + at, 16), v128.load(dy + at, 16), slopeV);
      const d2 = leakyReluGradF32x4(v128.load(z + at, 32), v128.load(dy + at, 32), slopeV);
      const d3 = leakyReluGradF32x4(v128.load(z + at, 48), v128.load(dy + at, 48), slopeV);
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, leakyReluGradF32x4(v128.load(z + at), v128.load(dy + at), slopeV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, leakyReluGradF32(load<f32>(z + at), load<f32>(dy + at), slope));
  }
}
