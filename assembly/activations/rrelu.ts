// RReLU: y = z >= 0 ? z : a·z. In evaluation a = (lower + upper)/2, the element-wise class below
// (options p0 = lower, p1 = upper). In training each element draws its own a from U(lower, upper):
// rreluTrainForward keeps the slopes it used (1 where z > 0) as the layer's noise, and the backward
// pass multiplies by them, as PyTorch's rrelu_with_noise does.
// see: PyTorch 1.13 aten/src/ATen/native/Activation.cpp (rrelu_with_noise_out_cpu: input <= 0 ?
//      input·r, r ~ U(lower, upper), noise = r : input, noise = 1; rrelu_with_noise_backward: grad·noise
//      in training, leaky_relu_backward at (lower + upper)/2 in evaluation).
// The draws come from the run's own seeded xoshiro128** (../math/xoshiro.ts), not PyTorch's generator.
import { SlopeForms } from './leaky_relu';
import { Activation } from './map';
import { nextUnitF32 } from '../math/xoshiro';

const ZERO: f32 = 0;
const ONE: f32 = 1;
const HALF: f32 = 0.5;

/** RReLU in evaluation, for the loops of ./map.ts: a = (lower + upper)/2; the forms are leaky_relu's. */
@final export class Rrelu extends SlopeForms implements Activation {
  @inline a(params: usize): f32 { return (load<f32>(params) + load<f32>(params, 4)) * HALF; }
}

/**
 * Training forward over n elements: noise[i] = z[i] <= 0 ? lower + (upper - lower)·u : 1, u uniform in
 * [0, 1) from the generator at `rng` (advanced once per element, whatever the sign), and y[i] = z[i]·noise[i]
 * where z <= 0, else z[i]; params → f32 [lower, upper]; y may alias z; writes y, noise and the generator state.
 */
export function rreluTrainForward(params: usize, z: usize, y: usize, noise: usize, rng: usize, n: i32): void {
  const lower = load<f32>(params), span = load<f32>(params, 4) - lower;
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 2;
    const r = lower + span * nextUnitF32(rng);
    const x = load<f32>(z + at);
    const slope = x <= ZERO ? r : ONE;
    store<f32>(noise + at, slope);
    store<f32>(y + at, x <= ZERO ? x * r : x);
  }
}

/** Training backward: dz[i] = dy[i]·noise[i] for i < n, with the slopes of the last rreluTrainForward; dz may alias dy; writes dz only. */
export function rreluTrainBackward(noise: usize, dy: usize, dz: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dz + at, load<f32>(dy + at) * load<f32>(noise + at));
  }
}
