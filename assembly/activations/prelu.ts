// PReLU: y = z > 0 ? z : w·z, w learned: one weight for the layer or one per unit (nOut of them).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (prelu_kernel: input > 0 ? input : weight·input;
//      prelu_backward_kernel: input > 0 ? grad : weight·grad, and the weight's grad input > 0 ? 0 : input·grad, summed).
// Two forms. The class is the element-wise activation at a fixed weight (options p0 = numParameters,
// p1 = init): what a fresh nn.PReLU computes, for `actlab activation prelu` and the generic loops.
// In a network the weight is state: preluLayerForward and preluLayerBackward read it from the model's
// parameter block and write its gradient (the network dispatch calls them; ../network/index.ts).
import { Activation } from './map';

const ZERO: f32 = 0;

/** PReLU at its starting weight, for the loops of ./map.ts: a = init (p1); f′ reads z. */
@final export class Prelu implements Activation {
  @inline a(params: usize): f32 { return load<f32>(params, 4); }
  @inline b(params: usize): f32 { return 0; }
  @inline c(params: usize): f32 { return 0; }
  @inline backwardUsesY(): bool { return false; }

  @inline f(x: f32, w: f32, b: f32, c: f32): f32 {
    return x > ZERO ? x : w * x;
  }

  @inline fx4(x: v128, w: v128, b: v128, c: v128): v128 {
    return v128.bitselect(x, f32x4.mul(w, x), f32x4.gt(x, f32x4.splat(ZERO)));
  }

  @inline df(x: f32, dy: f32, w: f32, b: f32, c: f32): f32 {
    return x > ZERO ? dy : w * dy;
  }

  @inline dfx4(x: v128, dy: v128, w: v128, b: v128, c: v128): v128 {
    return v128.bitselect(dy, f32x4.mul(w, dy), f32x4.gt(x, f32x4.splat(ZERO)));
  }
}

/**
 * y[u][j] = z[u][j] > 0 ? z[u][j] : w_u·z[u][j] for u < nOut, j < padded, with w_u = weight[u] when
 * perUnit, else weight[0]; z, y: f32[nOut][padded], y may alias z; writes y only.
 */
export function preluLayerForward(z: usize, weight: usize, y: usize, nOut: i32, padded: i32, perUnit: bool): void {
  for (let u = 0; u < nOut; u++) {
    const w = load<f32>(weight + (perUnit ? (<usize>u) << 2 : 0));
    const row = (<usize>u * <usize>padded) << 2;
    for (let j = 0; j < padded; j++) {
      const at = row + ((<usize>j) << 2);
      const x = load<f32>(z + at);
      store<f32>(y + at, x > ZERO ? x : w * x);
    }
  }
}

/**
 * dz = z > 0 ? dy : w_u·dy over f32[nOut][padded], and dWeight (f32[perUnit ? nOut : 1]) = Σ over the
 * n real samples (and, for one shared weight, over the units) of z > 0 ? 0 : z·dy, summed in f64;
 * dz may alias dy; writes dz and dWeight only.
 */
export function preluLayerBackward(z: usize, weight: usize, dy: usize, dz: usize, dWeight: usize, nOut: i32, padded: i32, n: i32, perUnit: bool): void {
  let shared: f64 = 0;
  for (let u = 0; u < nOut; u++) {
    const w = load<f32>(weight + (perUnit ? (<usize>u) << 2 : 0));
    const row = (<usize>u * <usize>padded) << 2;
    let sum: f64 = 0;
    for (let j = 0; j < padded; j++) {
      const at = row + ((<usize>j) << 2);
      const x = load<f32>(z + at);
      const g = load<f32>(dy + at);
      if (j < n && !(x > ZERO)) sum += <f64>(x * g);
      store<f32>(dz + at, x > ZERO ? g : w * g);
    }
    if (perUnit) store<f32>(dWeight + ((<usize>u) << 2), <f32>sum);
    else shared += sum;
  }
  if (!perUnit) store<f32>(dWeight, <f32>shared);
}
