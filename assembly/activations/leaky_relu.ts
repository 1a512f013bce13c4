// Leaky ReLU: y = z > 0 ? z : z·negativeSlope; option p0 = negativeSlope (PyTorch default 0.01).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (leaky_relu_kernel, leaky_relu_backward_kernel).
// Backward reads z: z > 0 ? dy : dy·negativeSlope, so leaky_relu'(0) = negativeSlope.
import { Activation } from './map';

const ZERO: f32 = 0;

/**
 * x > 0 ? x : x·a and its derivative, scalar and f32x4, for any slope a the subclass reads from the
 * options: leaky_relu's negativeSlope here, and prelu's init and rrelu's mean slope (./prelu.ts,
 * ./rrelu.ts); f′ reads z.
 */
export class SlopeForms {
  @inline b(params: usize): f32 { return 0; }
  @inline c(params: usize): f32 { return 0; }
  @inline backwardUsesY(): bool { return false; }

  /** x > 0 ? x : x·slope for one f32. */
  @inline f(x: f32, slope: f32, b: f32, c: f32): f32 {
    return x > ZERO ? x : x * slope;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, slope: v128, b: v128, c: v128): v128 {
    return v128.bitselect(x, f32x4.mul(x, slope), f32x4.gt(x, f32x4.splat(ZERO)));
  }

  /** x > 0 ? dy : dy·slope for one f32. */
  @inline df(x: f32, dy: f32, slope: f32, b: f32, c: f32): f32 {
    return x > ZERO ? dy : dy * slope;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, slope: v128, b: v128, c: v128): v128 {
    return v128.bitselect(dy, f32x4.mul(dy, slope), f32x4.gt(x, f32x4.splat(ZERO)));
  }
}

/** Leaky ReLU's forms, for the loops of ./map.ts: a = negativeSlope (p0). */
@final export class LeakyRelu extends SlopeForms implements Activation {
  @inline a(params: usize): f32 { return load<f32>(params); }
}
