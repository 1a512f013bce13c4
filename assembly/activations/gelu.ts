// GELU (exact, approximate = 'none'): y = z·Φ(z), Φ the standard normal CDF.
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (GeluKernelImpl: x·½(1 + erf(x/√2));
//      GeluBackwardKernelImpl: grad · (Φ(x) + x·φ(x)), φ(x) = e^{-x²/2}/√(2π)).
// Backward reads z. Φ(z) is computed from ½·erfc(|z|/√2) = Φ(-|z|), equal to PyTorch's
// ½(1 + erf(z/√2)) but accurate relative to Φ in the negative tail, where 1 + erf cancels, and with
// e^{-z²/2} computed once for both Φ and φ (see ../math/erf.ts for the approximation and its error).
import { erfcxF32, erfcxF32x4 } from '../math/erf';
import { expF32, expF32x4 } from '../math/exp';
import { Activation, NoOptions } from './map';

const ZERO: f32 = 0;
const HALF: f32 = 0.5;
const ONE: f32 = 1;
const SQRT1_2: f32 = 0.70710678118654752440;
const INV_SQRT_2PI: f32 = 0.39894228040143267794;

// With z = |x|/√2 and g = e^{-z²} = e^{-x²/2}: Φ(-|x|) = ½·erfc(z) = ½·erfcx(z)·g, and Φ(x) is that
// for x < 0 and 1 minus it for x >= 0. The density is φ(x) = g/√(2π): the backward pass reuses g.

// @ts-ignore: decorator
@inline function cdfF32(x: f32, g: f32, z: f32): f32 {
  const tail = HALF * (erfcxF32(z) * g);
  return x >= ZERO ? ONE - tail : tail;
}

// @ts-ignore: decorator
@inline function cdfF32x4(x: v128, g: v128, z: v128): v128 {
  const tail = f32x4.mul(f32x4.splat(HALF), f32x4.mul(erfcxF32x4(z), g));
  return v128.bitselect(f32x4.sub(f32x4.splat(ONE), tail), tail, f32x4.ge(x, f32x4.splat(ZERO)));
}

/** GELU's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class Gelu extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x·Φ(x) for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    const z = abs<f32>(x) * SQRT1_2;
    return x * cdfF32(x, expF32(-(z * z)), z);
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    const z = f32x4.mul(f32x4.abs(x), f32x4.splat(SQRT1_2));
    return f32x4.mul(x, cdfF32x4(x, expF32x4(f32x4.neg(f32x4.mul(z, z))), z));
  }

  /** dy·(Φ(x) + x·φ(x)) for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    const z = abs<f32>(x) * SQRT1_2;
    const g = expF32(-(z * z));
    return dy * (cdfF32(x, g, z) + x * (g * INV_SQRT_2PI));
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const z = f32x4.mul(f32x4.abs(x), f32x4.splat(SQRT1_2));
    const g = expF32x4(f32x4.neg(f32x4.mul(z, z)));
    return f32x4.mul(dy, f32x4.add(cdfF32x4(x, g, z), f32x4.mul(x, f32x4.mul(g, f32x4.splat(INV_SQRT_2PI)))));
  }
}
