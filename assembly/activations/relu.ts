// ReLU: y = max(z, 0).
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (relu → clamp_min(self, 0)) and
//      tools/autograd/derivatives.yaml (relu: threshold_backward(grad, result, 0)).
// Backward reads the output y, as PyTorch does: dz = y <= 0 ? 0 : dy, so relu'(0) = 0.
// Forward is x < 0 ? 0 : x, which is std::max(x, 0), PyTorch's clamp_min: NaN stays NaN and -0 stays
// -0, as torch.relu gives (checked on 1.13). In f32x4 this is the pseudo-max f32x4.pmax(x, 0), one
// maxps on x64; f32x4.max would cost ~8 instructions and turn -0 into +0.
import { Activation, NoOptions } from './map';

const ZERO: f32 = 0;

/** ReLU's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads y. */
@final export class Relu extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return true; }

  /** x < 0 ? 0 : x for one f32 (NaN and -0 pass through). */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    return x < ZERO ? ZERO : x;
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    return f32x4.pmax(x, f32x4.splat(ZERO));
  }

  /** y <= 0 ? 0 : dy for one f32. */
  @inline df(y: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    return y <= ZERO ? ZERO : dy;
  }

  /** The f32x4 twin of df. */
  @inline dfx4(y: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    // Clearing the bits of the y <= 0 lanes yields +0, as the scalar form returns.
    return v128.andnot(dy, f32x4.le(y, f32x4.splat(ZERO)));
  }
}
