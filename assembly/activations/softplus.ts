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
import { log1pExpNegAbsF32, log1pExpNegAbsF32x4 } from '../math/log1p';
import { Activation } from './map';
import { sigmoidF32, sigmoidF32x4 } from './sigmoid';

const ZERO: f32 = 0;
const ONE: f32 = 1;

/** Softplus's scalar and f32x4 forms, for the loops of ./map.ts: a = beta (p0), b = threshold (p1), c = 1/beta; f′ reads z. */
@final export class Softplus implements Activation {
  @inline backwardUsesY(): bool { return false; }

  @inline a(params: usize): f32 { return load<f32>(params); }
  @inline b(params: usize): f32 { return load<f32>(params, 4); }
  // One division per call; 1/beta is exact for beta = 1 (the default) and any power of two.
  @inline c(params: usize): f32 { return ONE / load<f32>(params); }

  /** x·beta > threshold ? x : log(1 + e^{x·beta})·(1/beta) for one f32. */
  @inline f(x: f32, beta: f32, threshold: f32, invBeta: f32): f32 {
    const t = x * beta;
    if (t > threshold) return x;
    // t < 0 ? 0 : t is the twin's pmax(t, 0).
    return (log1pExpNegAbsF32(t) + (t < ZERO ? ZERO : t)) * invBeta;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, beta: v128, threshold: v128, invBeta: v128): v128 {
    const t = f32x4.mul(x, beta);
    // The log1p term first: fewer vectors are live while it runs (the scalar form adds in the same order).
    const soft = f32x4.mul(
      f32x4.add(log1pExpNegAbsF32x4(t), f32x4.pmax(t, f32x4.splat(ZERO))),
      invBeta,
    );
    return v128.bitselect(x, soft, f32x4.gt(t, threshold));
  }

  /** x·beta > threshold ? dy : dy·σ(x·beta) for one f32. */
  @inline df(x: f32, dy: f32, beta: f32, threshold: f32, c: f32): f32 {
    const t = x * beta;
    return t > threshold ? dy : dy * sigmoidF32(t);
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, beta: v128, threshold: v128, c: v128): v128 {
    const t = f32x4.mul(x, beta);
    return v128.bitselect(dy, f32x4.mul(dy, sigmoidF32x4(t)), f32x4.gt(t, threshold));
  }
}
