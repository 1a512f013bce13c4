// LogSigmoid: y = log σ(z) = min(z, 0) - log(1 + e^-|z|).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (log_sigmoid_cpu_kernel: min(x, 0) -
//      log1p(e^-|x|); log_sigmoid_backward_cpu_kernel: grad·(m - s·(e/(1 + e))), e = e^-|x|, with
//      m = 1, s = 1 for x < 0 and m = 0, s = -1 otherwise).
// Backward reads z. e^-|z| lies in (0, 1], the range ../math/log1p.ts covers, so no exponential
// can overflow in either pass.
import { expF32, expF32x4 } from '../math/exp';
import { log1pExpNegAbsF32, log1pExpNegAbsF32x4 } from '../math/log1p';
import { Activation, NoOptions } from './map';

const ZERO: f32 = 0;
const ONE: f32 = 1;

/** LogSigmoid's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class LogSigmoid extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** min(x, 0) - log1p(e^-|x|) for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    // std::min(x, 0) as PyTorch computes it (0 < x ? 0 : x), the pseudo-min of the f32x4 form.
    const m = ZERO < x ? ZERO : x;
    return m - log1pExpNegAbsF32(x);
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    const m = f32x4.pmin(x, f32x4.splat(ZERO));
    return f32x4.sub(m, log1pExpNegAbsF32x4(x));
  }

  /** dy·(x < 0 ? 1 - q : q), q = e/(1 + e), e = e^-|x|, for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    const e = expF32(-abs(x));
    const q = e / (ONE + e);
    return dy * (x < ZERO ? ONE - q : ZERO + q);
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const e = expF32x4(f32x4.neg(f32x4.abs(x)));
    const q = f32x4.div(e, f32x4.add(f32x4.splat(ONE), e));
    const d = v128.bitselect(f32x4.sub(f32x4.splat(ONE), q), f32x4.add(f32x4.splat(ZERO), q), f32x4.lt(x, f32x4.splat(ZERO)));
    return f32x4.mul(dy, d);
  }
}
