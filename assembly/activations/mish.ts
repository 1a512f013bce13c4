// Mish: y = z·tanh(softplus z).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (mish_kernel: x·tanh(log1p(e^x));
//      mish_backward_kernel: grad·(t + x·σ(x)·(1 - t·t)), t = tanh(log1p(e^x))).
// Backward reads z. softplus is computed as max(x, 0) + log1p(e^-|x|), PyTorch's value without its
// overflow of e^x (for x > 88 PyTorch's float path gives x·tanh(inf) = x as well).
import { log1pExpNegAbsF32, log1pExpNegAbsF32x4 } from '../math/log1p';
import { tanhF32, tanhF32x4 } from '../math/tanh';
import { Activation, NoOptions } from './map';
import { sigmoidF32, sigmoidF32x4 } from './sigmoid';

const ZERO: f32 = 0;
const ONE: f32 = 1;

/** tanh(softplus x) for one f32. */
@inline function tanhSoftplus(x: f32): f32 {
  return tanhF32((x < ZERO ? ZERO : x) + log1pExpNegAbsF32(x));
}

/** The f32x4 twin of tanhSoftplus. */
@inline function tanhSoftplusX4(x: v128): v128 {
  return tanhF32x4(f32x4.add(f32x4.pmax(x, f32x4.splat(ZERO)), log1pExpNegAbsF32x4(x)));
}

/** Mish's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class Mish extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x·tanh(softplus x) for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    return x * tanhSoftplus(x);
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    return f32x4.mul(x, tanhSoftplusX4(x));
  }

  /** dy·(t + x·σ(x)·(1 - t·t)) for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    const t = tanhSoftplus(x);
    return dy * (t + x * sigmoidF32(x) * (ONE - t * t));
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const t = tanhSoftplusX4(x);
    const slope = f32x4.mul(f32x4.mul(x, sigmoidF32x4(x)), f32x4.sub(f32x4.splat(ONE), f32x4.mul(t, t)));
    return f32x4.mul(dy, f32x4.add(t, slope));
  }
}
