// PReLU: y = z > 0 ? z : w·z, w learned: one weight for the layer or one per unit (nOut of them).
// see: PyTorch 1.13 aten/src/ATen/native/cpu/Activation.cpp (prelu_kernel: input > 0 ? input : weight·input;
//      prelu_backward_kernel: input > 0 ? grad : weight·grad, and the weight's grad input > 0 ? 0 : input·grad, summed).
// Two forms. The class is the element-wise activation at a fixed weight (options p0 = numParameters,
// p1 = init): what a fresh nn.PReLU computes, for `actlab activation prelu` and the generic loops.
// In a network the weight is state: preluLayerForward and preluLayerBackward read it from the model's
// parameter block and write its gradient (the network dispatch calls them; ../network/index.ts).
import { SlopeForms } from './leaky_relu';
import { Activation } from './map';

const ZERO: f32 = 0;

/** PReLU at its starting weight, for the loops of ./map.ts: a = init (p1); the forms are leaky_relu's. */
@final export class Prelu extends SlopeForms implements Activation {
  @inline a(params: usize): f32 { return load<f32>(params, 4); }
}

/**
 * y[u][j] = z[u][j] > 0 ? z[u][j] : w_u·z[u][j] for u < nOut, j < padded (a multiple of 4), with
 * w_u = weight[u] when perUnit, else weight[0]; z, y: f32[nOut][padded], y may alias z; writes y only.
 */
export function preluLayerForward(z: usize, weight: usize, y: usize, nOut: i32, padded: i32, perUnit: bool): void {
  for (let u = 0; u < nOut; u++) {
    const w = load<f32>(weight + (perUnit ? (<usize>u) << 2 : 0));
    const row = (<usize>u * <usize>padded) << 2;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const wv = f32x4.splat(w);
      for (; j + 4 <= padded; j += 4) {
        const at = row + ((<usize>j) << 2);
        const x = v128.load(z + at);
        v128.store(y + at, v128.bitselect(x, f32x4.mul(wv, x), f32x4.gt(x, f32x4.splat(ZERO))));
      }
    }
    for (; j < padded; j++) {
      const at = row + ((<usize>j) << 2);
      const x = load<f32>(z + at);
      store<f32>(y + at, x > ZERO ? x : w * x);
    }
  }
}

/** z ≤ 0 (or NaN) and j < n ? z·dy : 0: one sample's share of the weight's gradient. */
// @ts-ignore: decorator
@inline function weightTerm(x: f32, g: f32, j: i32, n: i32): f64 {
  return j < n && !(x > ZERO) ? <f64>(x * g) : 0;
}

/**
 * dz = z > 0 ? dy : w_u·dy over f32[nOut][padded] (padded a multiple of 4), and dWeight
 * (f32[perUnit ? nOut : 1]) = Σ over the n real samples (and, for one shared weight, over the
 * units) of z > 0 ? 0 : z·dy: each product in f32, summed in f64 in four lanes (j mod 4) combined
 * as (s0 + s1) + (s2 + s3), per unit, in both builds; dz may alias dy; writes dz and dWeight only.
 */
export function preluLayerBackward(z: usize, weight: usize, dy: usize, dz: usize, dWeight: usize, nOut: i32, padded: i32, n: i32, perUnit: bool): void {
  let shared: f64 = 0;
  for (let u = 0; u < nOut; u++) {
    const w = load<f32>(weight + (perUnit ? (<usize>u) << 2 : 0));
    const row = (<usize>u * <usize>padded) << 2;
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const wv = f32x4.splat(w), zero = f32x4.splat(ZERO), nv = i32x4.splat(n);
      let lanes = i32x4(0, 1, 2, 3);
      let low = f64x2.splat(0), high = f64x2.splat(0);
      for (; j + 4 <= padded; j += 4) {
        const at = row + ((<usize>j) << 2);
        const x = v128.load(z + at), g = v128.load(dy + at);
        const positive = f32x4.gt(x, zero);
        // The product where z ≤ 0 (or NaN) on a real sample, else 0.
        const term = v128.andnot(v128.and(f32x4.mul(x, g), i32x4.lt_s(lanes, nv)), positive);
        low = f64x2.add(low, f64x2.promote_low_f32x4(term));
        high = f64x2.add(high, f64x2.promote_low_f32x4(i32x4.shuffle(term, term, 2, 3, 0, 1)));
        v128.store(dz + at, v128.bitselect(g, f32x4.mul(wv, g), positive));
        lanes = i32x4.add(lanes, i32x4.splat(4));
      }
      s0 = f64x2.extract_lane(low, 0); s1 = f64x2.extract_lane(low, 1);
      s2 = f64x2.extract_lane(high, 0); s3 = f64x2.extract_lane(high, 1);
    } else {
      for (; j + 4 <= padded; j += 4) {
        const at = row + ((<usize>j) << 2);
        for (let k = 0; k < 4; k++) {
          const x = load<f32>(z + at + (<usize>k << 2)), g = load<f32>(dy + at + (<usize>k << 2));
          const t = weightTerm(x, g, j + k, n);
          if (k == 0) s0 += t; else if (k == 1) s1 += t; else if (k == 2) s2 += t; else s3 += t;
          store<f32>(dz + at + (<usize>k << 2), x > ZERO ? g : w * g);
        }
      }
    }
    let sum = (s0 + s1) + (s2 + s3);
    for (; j < padded; j++) {
      const at = row + ((<usize>j) << 2);
      const x = load<f32>(z + at), g = load<f32>(dy + at);
      sum += weightTerm(x, g, j, n);
      store<f32>(dz + at, x > ZERO ? g : w * g);
    }
    if (perUnit) store<f32>(dWeight + ((<usize>u) << 2), <f32>sum);
    else shared += sum;
  }
  if (!perUnit) store<f32>(dWeight, <f32>shared);
}
