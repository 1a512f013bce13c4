// Tanhshrink: y = z - tanh z.
// see: PyTorch 1.13 torch/nn/functional.py (tanhshrink: input - input.tanh()); its gradient is what
//      autograd builds from that: grad from the subtraction plus tanh_backward(-grad, t) =
//      (-grad)·(1 - t·t), t = tanh z (aten/src/ATen/native/cpu/BinaryOpsKernel.cpp, tanh_backward).
// Backward reads z (t is recomputed). Near 0, z - tanh z cancels: its absolute error stays ~1e-7,
// an ulp of z, as in PyTorch's float32; tanh is ../math/tanh.ts's.
import { tanhF32, tanhF32x4 } from '../math/tanh';
import { Activation, NoOptions } from './map';

const ONE: f32 = 1;

/** Tanhshrink's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class Tanhshrink extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x - tanh x for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    return x - tanhF32(x);
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    return f32x4.sub(x, tanhF32x4(x));
  }

  /** dy + (-dy)·(1 - t·t), t = tanh x, for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    const t = tanhF32(x);
    return dy + -dy * (ONE - t * t);
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const t = tanhF32x4(x);
    return f32x4.add(dy, f32x4.mul(f32x4.neg(dy), f32x4.sub(f32x4.splat(ONE), f32x4.mul(t, t))));
  }
}
