// GELU (exact, approximate = 'none'): y = z·Φ(z), Φ the standard normal CDF.
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (GeluKernelImpl: x·½(1 + erf(x/√2));
//      GeluBackwardKernelImpl: grad · (Φ(x) + x·φ(x)), φ(x) = e^{-x²/2}/√(2π)).
// Backward reads z. Φ(z) is computed as ½·erfc(-z/√2), equal to PyTorch's ½(1 + erf(z/√2)) but
// accurate relative to Φ in the negative tail, where 1 + erf cancels (see ../math/erf.ts for the error).
import { erfcF32, erfcF32x4 } from '../math/erf';
import { expF32, expF32x4 } from '../math/exp';

const HALF: f32 = 0.5;
const NEG_HALF: f32 = -0.5;
const NEG_SQRT1_2: f32 = -0.70710678118654752440;
const INV_SQRT_2PI: f32 = 0.39894228040143267794;

// @ts-ignore: decorator
@inline function cdfF32(x: f32): f32 {
  return HALF * erfcF32(x * NEG_SQRT1_2);
}

// @ts-ignore: decorator
@inline function cdfF32x4(x: v128): v128 {
  return f32x4.mul(f32x4.splat(HALF), erfcF32x4(f32x4.mul(x, f32x4.splat(NEG_SQRT1_2))));
}

// @ts-ignore: decorator
@inline export function geluF32(x: f32): f32 {
  return x * cdfF32(x);
}

// @ts-ignore: decorator
@inline export function geluF32x4(x: v128): v128 {
  return f32x4.mul(x, cdfF32x4(x));
}

// @ts-ignore: decorator
@inline export function geluGradF32(x: f32, dy: f32): f32 {
  const pdf = expF32(x * x * NEG_HALF) * INV_SQRT_2PI;
  return dy * (cdfF32(x) + x * pdf);
}

// @ts-ignore: decorator
@inline export function geluGradF32x4(x: v128, dy: v128): v128 {
  const pdf = f32x4.mul(expF32x4(f32x4.mul(f32x4.mul(x, x), f32x4.splat(NEG_HALF))), f32x4.splat(INV_SQRT_2PI));
  return f32x4.mul(dy, f32x4.add(cdfF32x4(x), f32x4.mul(x, pdf)));
}

/** y[i] = z[i]·Φ(z[i]) for i < n; y may alias z. */
export function geluForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, geluF32x4(v128.load(z + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, geluF32(load<f32>(z + at)));
  }
}

/** dz[i] = dy[i]·(Φ(z[i]) + z[i]·φ(z[i])) for i < n; reads z and dy; dz may alias dy. */
export function geluBackward(z: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, geluGradF32x4(v128.load(z + at), v128.load(dy + at)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, geluGradF32(load<f32>(z + at), load<f32>(dy + at)));
  }
}
