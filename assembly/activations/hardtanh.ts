// Hardtanh: y = min(max(z, min), max); options p0 = min, p1 = max (min < max, checked in TS).
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (hardtanh → clamp(self, min, max)) and
//      aten/src/ATen/native/cpu/Activation.cpp (hardtanh_backward: z <= min || z >= max ? 0 : grad).
// Backward reads the pre-activation z, as PyTorch does; the derivative is 0 at min and max themselves.
// It is written as PyTorch's vectorised kernel writes it, (z > min & z < max) & grad, so a NaN z gives
// 0, as torch gives (its scalar path, z <= min || z >= max ? 0 : grad, would pass grad through).
// Relu6 is this with (0, 6), as in PyTorch (./relu6.ts).
// The clamp is std::min(std::max(x, min), max) as PyTorch's clamp computes it: x < min ? min : x, then
// max < that ? max : that. NaN stays NaN and -0 stays -0 (relu6(-0) = -0), as torch gives (checked on
// 1.13). In f32x4 these are the pseudo-min/max f32x4.pmax/pmin, one maxps/minps each on x64.
import { Activation } from './map';

/** The clamp between a = lo and b = hi, f and f′ for Hardtanh and Relu6 (./relu6.ts), which give the bounds; f′ reads z. */
export class Clamp {
  @inline backwardUsesY(): bool { return false; }

  /** min(max(x, lo), hi) for one f32 (NaN and -0 pass through). */
  @inline f(x: f32, lo: f32, hi: f32, c: f32): f32 {
    x = x < lo ? lo : x;
    return hi < x ? hi : x;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, lo: v128, hi: v128, c: v128): v128 {
    return f32x4.pmin(f32x4.pmax(x, lo), hi);
  }

  /** lo < x < hi ? dy : 0 for one f32 (0 for a NaN x). */
  @inline df(x: f32, dy: f32, lo: f32, hi: f32, c: f32): f32 {
    return x > lo && x < hi ? dy : <f32>0;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, lo: v128, hi: v128, c: v128): v128 {
    return v128.and(dy, v128.and(f32x4.gt(x, lo), f32x4.lt(x, hi)));
  }
}

/** Hardtanh's scalar and f32x4 forms, for the loops of ./map.ts: the clamp with a = min (p0), b = max (p1). */
@final export class Hardtanh extends Clamp implements Activation {
  @inline a(params: usize): f32 { return load<f32>(params); }
  @inline b(params: usize): f32 { return load<f32>(params, 4); }
  @inline c(params: usize): f32 { return 0; }
}
