// Tanh: y = tanh z (see ../math/tanh.ts for the approximation and its error).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/BinaryOpsKernel.cpp (tanh_backward: grad · (1 - y²)).
// Backward reads the output y, as PyTorch does.
import { tanhF32, tanhF32x4 } from '../math/tanh';
import { Activation, NoOptions } from './map';

const ONE: f32 = 1;

/** Tanh's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads y. */
@final export class Tanh extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return true; }

  @inline f(x: f32, a: f32, b: f32, c: f32): f32 { return tanhF32(x); }
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 { return tanhF32x4(x); }

  /** dy·(1 - y²) for one f32. */
  @inline df(y: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    return dy * (ONE - y * y);
  }

  /** The f32x4 twin of df. */
  @inline dfx4(y: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    return f32x4.mul(dy, f32x4.sub(f32x4.splat(ONE), f32x4.mul(y, y)));
  }
}
