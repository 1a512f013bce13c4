// GELU: y = z·Φ(z), Φ the standard normal CDF (approximate = 'none', option p0 = 0), or PyTorch's
// tanh form y = ½z(1 + tanh(√(2/π)(z + 0.044715z³))) (approximate = 'tanh', p0 = 1), computed as
// z·σ(2√(2/π)(z + 0.044715z³)) (below). The choice is a per-call constant: the branch on it inside
// the loops always goes the same way.
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (GeluKernelImpl: x·½(1 + erf(x/√2));
//      GeluBackwardKernelImpl: grad · (Φ(x) + x·φ(x)), φ(x) = e^{-x²/2}/√(2π)).
// Backward reads z. Φ(z) is computed from ½·erfc(|z|/√2) = Φ(-|z|), equal to PyTorch's
// ½(1 + erf(z/√2)) but accurate relative to Φ in the negative tail, where 1 + erf cancels, and with
// e^{-z²/2} computed once for both Φ and φ (see ../math/erf.ts for the approximation and its error).
import { erfcxF32, erfcxF32x4 } from '../math/erf';
import { expF32, expF32x4 } from '../math/exp';
import { Activation, OneOption } from './map';

const ZERO: f32 = 0;
const HALF: f32 = 0.5;
const ONE: f32 = 1;
const SQRT1_2: f32 = 0.70710678118654752440;
const INV_SQRT_2PI: f32 = 0.39894228040143267794;
// The tanh form's constants: PyTorch's kKappa, 2·kBeta = 2√(2/π) and 3·kKappa.
const KAPPA: f32 = 0.044715;
const TWO_BETA: f32 = 1.5957691216057307118;
const THREE_KAPPA: f32 = 0.134145;
const SIGN: i32 = 0x80000000;

// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (GeluKernelImpl and GeluBackwardKernelImpl,
//      GeluType::Tanh): with u = kBeta·(x + kKappa·x³) and t = tanh u, y = ½x·(1 + t) and
//      f′ = ½(1 + t) + ½x·(1 - t²)·kBeta·(1 + 3·kKappa·x²).
// The same function, written without cancellation: 1 + t = 2σ(2u) and 1 - t² = 4σ(2u)(1 - σ(2u)), so
// with m = e^{-2|u|} ∈ (0, 1] and q = 1/(1 + m): σ(2u) = u ≥ 0 ? q : m·q and σ(2u)(1 - σ(2u)) = m·q².
// Then y = x·σ(2u) and f′ = σ(2u) + 2x·kBeta·(1 + 3·kKappa·x²)·m·q². PyTorch's float32 1 + t and 1 - t²
// lose all their digits where t rounds near -1 (x ≈ -4.5 … -5.3: f′ off by up to 30% of its value,
// inside the 1e-6 absolute tolerance only because f′ is small there); these keep full relative accuracy.

// @ts-ignore: decorator
@inline function doubleInnerF32(x: f32): f32 {
  return TWO_BETA * (x + KAPPA * (x * x * x));
}

// @ts-ignore: decorator
@inline function doubleInnerF32x4(x: v128): v128 {
  return f32x4.mul(f32x4.splat(TWO_BETA), f32x4.add(x, f32x4.mul(f32x4.splat(KAPPA), f32x4.mul(f32x4.mul(x, x), x))));
}

// @ts-ignore: decorator
@inline function tanhFormF32(x: f32): f32 {
  const v = doubleInnerF32(x);
  const m = expF32(reinterpret<f32>(reinterpret<i32>(v) | SIGN));
  return x * ((v >= ZERO ? ONE : m) / (ONE + m));
}

// @ts-ignore: decorator
@inline function tanhFormF32x4(x: v128): v128 {
  const one = f32x4.splat(ONE);
  const v = doubleInnerF32x4(x);
  const m = expF32x4(v128.or(v, i32x4.splat(SIGN)));
  return f32x4.mul(x, f32x4.div(v128.bitselect(one, m, f32x4.ge(v, f32x4.splat(ZERO))), f32x4.add(one, m)));
}

// @ts-ignore: decorator
@inline function tanhFormDerivativeF32(x: f32): f32 {
  const v = doubleInnerF32(x);
  const m = expF32(reinterpret<f32>(reinterpret<i32>(v) | SIGN));
  const q = ONE / (ONE + m);
  const s = v >= ZERO ? q : m * q;
  return s + (TWO_BETA * x) * (ONE + THREE_KAPPA * (x * x)) * (m * (q * q));
}

// @ts-ignore: decorator
@inline function tanhFormDerivativeF32x4(x: v128): v128 {
  const one = f32x4.splat(ONE);
  const v = doubleInnerF32x4(x);
  const m = expF32x4(v128.or(v, i32x4.splat(SIGN)));
  const q = f32x4.div(one, f32x4.add(one, m));
  const s = v128.bitselect(q, f32x4.mul(m, q), f32x4.ge(v, f32x4.splat(ZERO)));
  const slope = f32x4.mul(f32x4.mul(f32x4.splat(TWO_BETA), x), f32x4.add(one, f32x4.mul(f32x4.splat(THREE_KAPPA), f32x4.mul(x, x))));
  return f32x4.add(s, f32x4.mul(slope, f32x4.mul(m, f32x4.mul(q, q))));
}

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

/** GELU's scalar and f32x4 forms, for the loops of ./map.ts: a = approximate (0 'none', 1 'tanh'); f′ reads z. */
@final export class Gelu extends OneOption implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x·Φ(x) (or the tanh form) for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    if (a != ZERO) return tanhFormF32(x);
    const z = abs<f32>(x) * SQRT1_2;
    return x * cdfF32(x, expF32(-(z * z)), z);
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    if (f32x4.extract_lane(a, 0) != ZERO) return tanhFormF32x4(x);
    const z = f32x4.mul(f32x4.abs(x), f32x4.splat(SQRT1_2));
    return f32x4.mul(x, cdfF32x4(x, expF32x4(f32x4.neg(f32x4.mul(z, z))), z));
  }

  /** dy·(Φ(x) + x·φ(x)) for one f32. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    if (a != ZERO) return dy * tanhFormDerivativeF32(x);
    const z = abs<f32>(x) * SQRT1_2;
    const g = expF32(-(z * z));
    return dy * (cdfF32(x, g, z) + x * (g * INV_SQRT_2PI));
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    if (f32x4.extract_lane(a, 0) != ZERO) return f32x4.mul(dy, tanhFormDerivativeF32x4(x));
    const z = f32x4.mul(f32x4.abs(x), f32x4.splat(SQRT1_2));
    const g = expF32x4(f32x4.neg(f32x4.mul(z, z)));
    return f32x4.mul(dy, f32x4.add(cdfF32x4(x, g, z), f32x4.mul(x, f32x4.mul(g, f32x4.splat(INV_SQRT_2PI)))));
  }
}
