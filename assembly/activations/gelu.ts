// GELU (exact, approximate = 'none'): y = z·Φ(z), Φ the standard normal CDF.
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (GeluKernelImpl: x·½(1 + erf(x/√2));
//      GeluBackwardKernelImpl: grad · (Φ(x) + x·φ(x)), φ(x) = e^{-x²/2}/√(2π)).
// Backward reads z. Φ(z) is computed from ½·erfc(|z|/√2) = Φ(-|z|), equal to PyTorch's
// ½(1 + erf(z/√2)) but accurate relative to Φ in the negative tail, where 1 + erf cancels, and with
// e^{-z²/2} computed once for both Φ and φ (see ../math/erf.ts for the approximation and its error).
import { erfcxF32, erfcxF32x4 } from '../math/erf';
import { expF32, expF32x4 } from '../math/exp';

const ZERO: f32 = 0;
const HALF: f32 = 0.5;
const ONE: f32 = 1;
const SQRT1_2: f32 = 0.70710678118654752440;
const INV_SQRT_2PI: f32 = 0.39894228040143267794;

// With z = |x|/√2 and g = e^{-z²} = e^{-x²/2}: Φ(-|x|) = ½·erfc(z) = ½·erfcx(z)·g, and Φ(x) is that
// for x < 0 and 1 minus it for x >= 0. The density is φ(x) = g/√(2π): the backward pass reuses g.

// @ts-ignore: decorator
@inline function cdfF32(x: f32, g: f32, z: f32): f32 {
  const tail = HALF * (erfcxF32(z) * g);
  return x >= ZERO ? ONE - tail : tail;
}

// @ts-ignore: decorator
@inline function cdfF32x4(x: v128, g: v128, z: v128): v128 {
  const tail = f32x4.mul(f32x4.splat(HALF), f32x4.mul(erfcxF32x4(z), g));
  return v128.bitselect(f32x4.sub(f32x4.splat(ONE), tail), tail, f32x4.ge(x, f32x4.splat(ZERO)));
}

// @ts-ignore: decorator
@inline export function geluF32(x: f32): f32 {
  const z = abs<f32>(x) * SQRT1_2;
  return x * cdfF32(x, expF32(-(z * z)), z);
}

// @ts-ignore: decorator
@inline export function geluF32x4(x: v128): v128 {
  const z = f32x4.mul(f32x4.abs(x), f32x4.splat(SQRT1_2));
  return f32x4.mul(x, cdfF32x4(x, expF32x4(f32x4.neg(f32x4.mul(z, z))), z));
}

// @ts-ignore: decorator
@inline export function geluGradF32(x: f32, dy: f32): f32 {
  const z = abs<f32>(x) * SQRT1_2;
  const g = expF32(-(z * z));
  return dy * (cdfF32(x, g, z) + x * (g * INV_SQRT_2PI));
}

// @ts-ignore: decorator
@inline export function geluGradF32x4(x: v128, dy: v128): v128 {
  const z = f32x4.mul(f32x4.abs(x), f32x4.splat(SQRT1_2));
  const g = expF32x4(f32x4.neg(f32x4.mul(z, z)));
  return f32x4.mul(dy, f32x4.add(cdfF32x4(x, g, z), f32x4.mul(x, f32x4.mul(g, f32x4.splat(INV_SQRT_2PI)))));
}

/** y[i] = z[i]·Φ(z[i]) for i < n; y may alias z. */
export function geluForward(z: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = geluF32x4(v128.load(z + at));
      const y1 = geluF32x4(v128.load(z + at, 16));
      const y2 = geluF32x4(v128.load(z + at, 32));
      const y3 = geluF32x4(v128.load(z + at, 48));
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
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
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = geluGradF32x4(v128.load(z + at), v128.load(dy + at));
      const d1 = geluGradF32x4(v128.load(z + at, 16), v128.load(dy + at, 16));
      const d2 = geluGradF32x4(v128.load(z + at, 32), v128.load(dy + at, 32));
      const d3 = geluGradF32x4(v128.load(z + at, 48), v128.load(dy + at, 48));
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
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
