// Softplus: y = t > threshold ? z : log(1 + e^t)/beta, t = z·beta; options p0 = beta (> 0, checked
// in TS), p1 = threshold (PyTorch defaults 1 and 20).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (softplus_kernel:
//      (x·β) > threshold ? x : log1p(exp(x·β))/β; softplus_backward_kernel:
//      z = exp(x·β); (x·β) > threshold ? grad : grad·z/(z + 1)).
// Backward reads z. Both directions use the same functions rewritten so that no exponential of a
// large positive number is ever formed (so a large threshold cannot give inf or inf/inf):
//   log1p(e^t) = log1p(e^{-|t|}) + max(t, 0),   e^t/(e^t + 1) = σ(t).
// The forward multiplies by 1/beta (one division per call) where PyTorch divides by beta: the same
// bits for beta = 1 (the default) and powers of two, otherwise at most ~1 ulp apart.
import { expF32, expF32x4 } from '../math/exp';
import { log1pF32, log1pF32x4 } from '../math/log1p';
import { sigmoidF32, sigmoidF32x4 } from './sigmoid';

const ZERO: f32 = 0;
const ONE: f32 = 1;
const SIGN: i32 = 0x80000000;

// @ts-ignore: decorator
@inline export function softplusF32(x: f32, beta: f32, invBeta: f32, threshold: f32): f32 {
  const t = x * beta;
  if (t > threshold) return x;
  // -|t| is t with its sign bit set; t < 0 ? 0 : t is the twin's pmax(t, 0).
  return (log1pF32(expF32(reinterpret<f32>(reinterpret<i32>(t) | SIGN))) + (t < ZERO ? ZERO : t)) * invBeta;
}

// @ts-ignore: decorator
@inline export function softplusF32x4(x: v128, beta: v128, invBeta: v128, threshold: v128): v128 {
  const t = f32x4.mul(x, beta);
  // The log1p term first: fewer vectors are live while it runs (the scalar form adds in the same order).
  const soft = f32x4.mul(
    f32x4.add(log1pF32x4(expF32x4(v128.or(t, i32x4.splat(SIGN)))), f32x4.pmax(t, f32x4.splat(ZERO))),
    invBeta,
  );
  return v128.bitselect(x, soft, f32x4.gt(t, threshold));
}

// @ts-ignore: decorator
@inline export function softplusGradF32(x: f32, dy: f32, beta: f32, threshold: f32): f32 {
  const t = x * beta;
  return t > threshold ? dy : dy * sigmoidF32(t);
}

// @ts-ignore: decorator
@inline export function softplusGradF32x4(x: v128, dy: v128, beta: v128, threshold: v128): v128 {
  const t = f32x4.mul(x, beta);
  return v128.bitselect(dy, f32x4.mul(dy, sigmoidF32x4(t)), f32x4.gt(t, threshold));
}

/** Softplus forward; params → f32[2] (beta, threshold); y may alias z. */
export function softplusForward(params: usize, z: usize, y: usize, n: i32): void {
  const beta = load<f32>(params);
  const threshold = load<f32>(params, 4);
  // One division per call; 1/beta is exact for beta = 1 (the default) and any power of two.
  const invBeta = ONE / beta;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const betaV = f32x4.splat(beta), invBetaV = f32x4.splat(invBeta), thresholdV = f32x4.splat(threshold);
    // Four vectors per iteration, every load before the first store (see ./index.ts).
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const y0 = softplusF32x4(v128.load(z + at), betaV, invBetaV, thresholdV);
      const y1 = softplusF32x4(v128.load(z + at, 16), betaV, invBetaV, thresholdV);
      const y2 = softplusF32x4(v128.load(z + at, 32), betaV, invBetaV, thresholdV);
      const y3 = softplusF32x4(v128.load(z + at, 48), betaV, invBetaV, thresholdV);
      v128.store(y + at, y0);
      v128.store(y + at, y1, 16);
      v128.store(y + at, y2, 32);
      v128.store(y + at, y3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, softplusF32x4(v128.load(z + at), betaV, invBetaV, thresholdV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, softplusF32(load<f32>(z + at), beta, invBeta, threshold));
  }
}

/** Softplus backward; params → f32[2] (beta, threshold); reads z and dy; dz may alias dy. */
export function softplusBackward(params: usize, z: usize, dy: usize, dz: usize, n: i32): void {
  const beta = load<f32>(params);
  const threshold = load<f32>(params, 4);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const betaV = f32x4.splat(beta), thresholdV = f32x4.splat(threshold);
    for (; i + 16 <= n; i += 16) {
      const at = (<usize>i) << 2;
      const d0 = softplusGradF32x4(v128.load(z + at), v128.load(dy + at), betaV, thresholdV);
      const d1 = softplusGradF32x4(v128.load(z + at, 16), v128.load(dy + at, 16), betaV, thresholdV);
      const d2 = softplusGradF32x4(v128.load(z + at, 32), v128.load(dy + at, 32), betaV, thresholdV);
      const d3 = softplusGradF32x4(v128.load(z + at, 48), v128.load(dy + at, 48), betaV, thresholdV);
      v128.store(dz + at, d0);
      v128.store(dz + at, d1, 16);
      v128.store(dz + at, d2, 32);
      v128.store(dz + at, d3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(dz + at, softplusGradF32x4(v128.load(z + at), v128.load(dy + at), betaV, thresholdV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, softplusGradF32(load<f32>(z + at), load<f32>(dy + at), beta, threshold));
  }
}
