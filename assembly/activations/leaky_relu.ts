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
