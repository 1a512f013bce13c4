// Softplus: y = t > threshold ? z : log(1 + e^t)/beta, t = z·beta; options p0 = beta (> 0, checked
// in TS), p1 = threshold (PyTorch defaults 1 and 20).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (softplus_kernel:
//      (x·β) > threshold ? x : log1p(exp(x·β))/β; softplus_backward_kernel:
//      z = exp(x·β); (x·β) > threshold ? grad : grad·z/(z + 1)).
// Backward reads z. Both directions use the same functions rewritten so that no exponential of a
// large positive number is ever formed (so a large threshold cannot give inf or inf/inf):
//   log1p(e^t) = log1p(e^{-|t|}) + max(t, 0),   e^t/(e^t + 1) = σ(t).
import { expF32, expF32x4 } from '../math/exp';
import { log1pF32, log1pF32x4 } from '../math/log1p';
import { sigmoidF32, sigmoidF32x4 } from './sigmoid';

const ZERO: f32 = 0;

// @ts-ignore: decorator
@inline export function softplusF32(x: f32, beta: f32, threshold: f32): f32 {
  const t = x * beta;
  if (t > threshold) return x;
  return (log1pF32(expF32(-abs<f32>(t))) + max<f32>(t, ZERO)) / beta;
}

// @ts-ignore: decorator
@inline export function softplusF32x4(x: v128, beta: v128, threshold: v128): v128 {
  const t = f32x4.mul(x, beta);
  // The log1p term first: fewer vectors are live while it runs (the scalar form adds in the same order).
  const soft = f32x4.div(
    f32x4.add(log1pF32x4(expF32x4(f32x4.neg(f32x4.abs(t)))), f32x4.max(t, f32x4.splat(ZERO))),
    beta,
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
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const betaV = f32x4.splat(beta), thresholdV = f32x4.splat(threshold);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(y + at, softplusF32x4(v128.load(z + at), betaV, thresholdV));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, softplusF32(load<f32>(z + at), beta, threshold));
  }
}

/** Softplus backward; params → f32[2] (beta, threshold); reads z and dy; dz may alias dy. */
export function softplusBackward(params: usize, z: usize, dy: usize, dz: usize, n: i32): void {
  const beta = load<f32>(params);
  const threshold = load<f32>(params, 4);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const betaV = f32x4.splat(beta), thresholdV = f32x4.splat(threshold);
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
