// Hardswish: y = z·min(max(z + 3, 0), 6)/6.
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (hardswish_kernel, hardswish_backward_kernel).
// Backward reads z: z < -3 ? 0 : z >= 3 ? dy : dy·(z/3 + 0.5). The boundary at +3 follows PyTorch's
// vectorised CPU path (`self >= 3 → grad`), which is what the reference fixture records
// (hardswish'(3) = 1, hardswish'(-3) = -0.5); PyTorch's scalar path would give 1.5 at exactly 3.
// The gate is std::min(std::max(x + 3, 0), 6) as PyTorch writes it (pseudo-min/max in f32x4: one
// maxps/minps each on x64), and the divisions by 6 and by 3 stay divisions: they round as PyTorch's
// float32 kernel does, so these values are PyTorch's bits (a multiply by 1/6 would not be).
import { Activation, NoOptions } from './map';

const ZERO: f32 = 0;
const HALF: f32 = 0.5;
const THREE: f32 = 3;
const NEG_THREE: f32 = -3;
const SIX: f32 = 6;

/** Hardswish's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class Hardswish extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x·min(max(x + 3, 0), 6)/6 for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    let gate = x + THREE;
    gate = gate < ZERO ? ZERO : gate;
    gate = SIX < gate ? SIX : gate;
    return x * gate / SIX;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    const six = f32x4.splat(SIX);
    const gate = f32x4.pmin(f32x4.pmax(f32x4.add(x, f32x4.splat(THREE)), f32x4.splat(ZERO)), six);
    return f32x4.div(f32x4.mul(x, gate), six);
  }

  /** x < -3 ? 0 : x >= 3 ? dy : dy·(x/3 + 0.5) for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    if (x < NEG_THREE) return ZERO;
    return x >= THREE ? dy : dy * (x / THREE + HALF);
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const three = f32x4.splat(THREE);
    const mid = f32x4.mul(dy, f32x4.add(f32x4.div(x, three), f32x4.splat(HALF)));
    const g = v128.bitselect(dy, mid, f32x4.ge(x, three));
    return v128.andnot(g, f32x4.lt(x, f32x4.splat(NEG_THREE)));
  }
}
