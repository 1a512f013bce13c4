// Softsign: y = z/(|z| + 1).
// see: PyTorch 1.13 torch/nn/functional.py (softsign: input / (input.abs() + 1)), and
//      tools/autograd/derivatives.yaml for the gradient autograd builds from it: div's
//      grad/other and -grad·((self/other)/other), the latter through abs's grad·sgn(self).
// Backward reads z. Both passes do PyTorch's float32 operations in its order, so f and dy·f′ have
// PyTorch's float32 bits (checked on 1.13 at 200,000 random points), not just 1/(|z| + 1)²'s value;
// ±Infinity gives NaN (∞/∞), as torch does.
import { Activation, NoOptions } from './map';

const ONE: f32 = 1;

/** Softsign's scalar and f32x4 forms, for the loops of ./map.ts: no options; f′ reads z. */
@final export class Softsign extends NoOptions implements Activation {
  @inline backwardUsesY(): bool { return false; }

  /** x/(|x| + 1) for one f32. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 {
    return x / (abs(x) + ONE);
  }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 {
    return f32x4.div(x, f32x4.add(f32x4.abs(x), f32x4.splat(ONE)));
  }

  /** dy/d + (-(dy·((x/d)/d)))·sgn(x), d = |x| + 1, for one f32: dy/(|x| + 1)² as autograd rounds it. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 {
    const d = abs(x) + ONE;
    const sgn: f32 = x > 0 ? ONE : x < 0 ? -ONE : 0;
    return dy / d + -(dy * (x / d / d)) * sgn;
  }

  /** The f32x4 twin of df; sgn(x) is copysign(1, x), cleared where x == 0. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 {
    const one = f32x4.splat(ONE);
    const d = f32x4.add(f32x4.abs(x), one);
    const sgn = v128.and(v128.or(v128.and(x, f32x4.splat(-0.0)), one), f32x4.ne(x, f32x4.splat(0)));
    return f32x4.add(f32x4.div(dy, d), f32x4.mul(f32x4.neg(f32x4.mul(dy, f32x4.div(f32x4.div(x, d), d))), sgn));
  }
}
