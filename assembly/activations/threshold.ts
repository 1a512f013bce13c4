// Threshold: y = z <= threshold ? value : z; options p0 = threshold, p1 = value (PyTorch has no
// defaults for either; actlab's are 0 and 0).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (threshold_kernel: x <= threshold ?
//      value : other, other = x; threshold_backward is the same kernel with other = grad, value = 0).
// Backward reads z; f jumps at threshold unless value = threshold, and f′(threshold) = 0. A NaN z
// passes through (f) and passes grad through (f′), as the comparison is false.
import { Activation } from './map';

const ZERO: f32 = 0;

/** Threshold's scalar and f32x4 forms, for the loops of ./map.ts: a = threshold (p0), b = value (p1); f′ reads z. */
@final export class Threshold implements Activation {
  @inline backwardUsesY(): bool { return false; }

  @inline a(params: usize): f32 { return load<f32>(params); }
  @inline b(params: usize): f32 { return load<f32>(params, 4); }
  @inline c(params: usize): f32 { return 0; }

  /** x <= t ? v : x for one f32. */
  @inline f(x: f32, t: f32, v: f32, c: f32): f32 {
    return x <= t ? v : x;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, t: v128, v: v128, c: v128): v128 {
    return v128.bitselect(v, x, f32x4.le(x, t));
  }

  /** x <= t ? 0 : dy for one f32. */
  @inline df(x: f32, dy: f32, t: f32, v: f32, c: f32): f32 {
    return x <= t ? ZERO : dy;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, t: v128, v: v128, c: v128): v128 {
    return v128.andnot(dy, f32x4.le(x, t));
  }
}
