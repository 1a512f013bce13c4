// A whole network's forward pass, backward pass, optimizer step, training epoch and evaluation
// in one call each: the JS↔Wasm boundary is crossed once per epoch instead of ~30 times per step.
// Built from the same kernels the façade can call one by one, so both paths give the same bits.
import { denseForward, denseBackward } from '../dense';
import { activationForward, activationBackward } from '../activations/index';
import { bceBackward, bceSum, saturatedCount, correctCount } from '../loss/bce';
import { adamStepAt } from '../optim/adam';
import { sgdStepAt } from '../optim/sgd';
import { meanAbsOf } from '../telemetry/mean-abs';
import { anyNonFinite, countNonFinite } from '../telemetry/non-finite';
import {
  NET_LAYERS, NET_GRAD_A, NET_GRAD_B, NET_TELEMETRY, NET_HEADER, LAYER_BYTES,
  LAYER_IN, LAYER_OUT, LAYER_W, LAYER_B, LAYER_DW, LAYER_DB, LAYER_ACT, LAYER_PARAMS, LAYER_Z, LAYER_Y,
  OPT_KIND, OPT_STEPS, OPT_PARAMS, OPT_GRADS, OPT_COUNT, OPT_STATE1, OPT_STATE2, OPT_HYPER, OPTIMIZER_ADAM,
  BLOCK_X, BLOCK_T, BLOCK_N, BLOCK_PADDED, BLOCK_BYTES,
} from './layout';

// @ts-ignore: decorator
@inline function layerAt(net: usize, l: i32): usize {
  return net + NET_HEADER + <usize>l * LAYER_BYTES;
}

// @ts-ignore: decorator
@inline function ptr(record: usize, field: usize): usize {
  return <usize>load<i32>(record + field);
}

/** Runs the network descriptor `net` on x: f32[nIn][padded]; writes every layer's z and y; the output is the last layer's y. */
export function forwardNetwork(net: usize, x: usize, padded: i32): void {
  const layers = load<i32>(net + NET_LAYERS);
  let input = x;
  for (let l = 0; l < layers; l++) {
    const layer = layerAt(net, l);
    const nOut = load<i32>(layer + LAYER_OUT);
    denseForward(input, ptr(layer, LAYER_W), ptr(layer, LAYER_B), ptr(layer, LAYER_Z), padded, load<i32>(layer + LAYER_IN), nOut);
    activationForward(load<i32>(layer + LAYER_ACT), ptr(layer, LAYER_PARAMS), ptr(layer, LAYER_Z), ptr(layer, LAYER_Y), nOut * padded);
    input = ptr(layer, LAYER_Y);
  }
}

/** After forwardNetwork on x: writes every layer's dW and db for the mean BCE of the block's n real samples against t: f32[padded]. */
export function backwardNetwork(net: usize, x: usize, t: usize, n: i32, padded: i32): void {
  const layers = load<i32>(net + NET_LAYERS);
  let grad = ptr(net, NET_GRAD_A);
  let next = ptr(net, NET_GRAD_B);
  bceBackward(ptr(layerAt(net, layers - 1), LAYER_Y), t, grad, n, padded);
  for (let l = layers - 1; l >= 0; l--) {
    const layer = layerAt(net, l);
    const nOut = load<i32>(layer + LAYER_OUT);
    activationBackward(load<i32>(layer + LAYER_ACT), ptr(layer, LAYER_PARAMS), ptr(layer, LAYER_Z), ptr(layer, LAYER_Y), grad, grad, nOut * padded);
    const input = l > 0 ? ptr(layerAt(net, l - 1), LAYER_Y) : x;
    denseBackward(input, ptr(layer, LAYER_W), grad, ptr(layer, LAYER_DW), ptr(layer, LAYER_DB), l > 0 ? next : 0, padded, load<i32>(layer + LAYER_IN), nOut);
    const swap = grad;
    grad = next;
    next = swap;
  }
}

/** One step of the optimizer descriptor `opt` over its parameters from its gradients; advances its step count. */
export function optimizerStep(opt: usize): void {
  const t = load<i32>(opt + OPT_STEPS) + 1;
  store<i32>(opt + OPT_STEPS, t);
  const hyper = opt + OPT_HYPER;
  const w = ptr(opt, OPT_PARAMS), g = ptr(opt, OPT_GRADS), n = load<i32>(opt + OPT_COUNT);
  if (load<i32>(opt + OPT_KIND) == OPTIMIZER_ADAM) {
    adamStepAt(t, load<f64>(hyper), load<f64>(hyper, 8), load<f64>(hyper, 16), load<f64>(hyper, 24), load<f64>(hyper, 32), w, g, ptr(opt, OPT_STATE1), ptr(opt, OPT_STATE2), n);
  } else {
    sgdStepAt(t, load<f64>(hyper), load<f64>(hyper, 8), load<f64>(hyper, 16), load<f64>(hyper, 24), load<f64>(hyper, 32) != 0, w, g, ptr(opt, OPT_STATE1), n);
  }
}

/** One epoch over nBlocks block descriptors at `blocks`, in order: forward, backward, telemetry (adds mean |dW_l| to net's telemetry sums), optimizer step. */
export function trainEpoch(net: usize, opt: usize, blocks: usize, nBlocks: i32): void {
  const layers = load<i32>(net + NET_LAYERS);
  const telemetry = ptr(net, NET_TELEMETRY);
  for (let k = 0; k < nBlocks; k++) {
    const block = blocks + <usize>k * BLOCK_BYTES;
    const x = ptr(block, BLOCK_X);
    const padded = load<i32>(block + BLOCK_PADDED);
    forwardNetwork(net, x, padded);
    backwardNetwork(net, x, ptr(block, BLOCK_T), load<i32>(block + BLOCK_N), padded);
    for (let l = 0; l < layers; l++) {
      const layer = layerAt(net, l);
      const sum = telemetry + ((<usize>l) << 3);
      store<f64>(sum, load<f64>(sum) + meanAbsOf(ptr(layer, LAYER_DW), load<i32>(layer + LAYER_IN) * load<i32>(layer + LAYER_OUT)));
    }
    optimizerStep(opt);
  }
}

/**
 * out: f64[4] = (Σ BCE, number correct, number of non-finite outputs, number of samples saturated
 * at the wrong end: per-sample BCE ≥ 24·ln 2) of the network over nBlocks block descriptors; writes layer buffers and out.
 */
export function evaluateNetwork(net: usize, blocks: usize, nBlocks: i32, out: usize): void {
  const output = ptr(layerAt(net, load<i32>(net + NET_LAYERS) - 1), LAYER_Y);
  let loss: f64 = 0;
  let correct = 0;
  let nonFinite = 0;
  let saturated = 0;
  for (let k = 0; k < nBlocks; k++) {
    const block = blocks + <usize>k * BLOCK_BYTES;
    const n = load<i32>(block + BLOCK_N);
    const t = ptr(block, BLOCK_T);
    forwardNetwork(net, ptr(block, BLOCK_X), load<i32>(block + BLOCK_PADDED));
    loss += bceSum(output, t, n);
    correct += correctCount(output, t, n);
    nonFinite += countNonFinite(output, n);
    saturated += saturatedCount(output, t, n);
  }
  store<f64>(out, loss);
  store<f64>(out, <f64>correct, 8);
  store<f64>(out, <f64>nonFinite, 16);
  store<f64>(out, <f64>saturated, 24);
}

/** The first layer l whose weight or bias holds a NaN or ±Infinity, or -1 when every parameter is finite; reads only. */
export function nonFiniteLayer(net: usize): i32 {
  const layers = load<i32>(net + NET_LAYERS);
  for (let l = 0; l < layers; l++) {
    const layer = layerAt(net, l);
    const nOut = load<i32>(layer + LAYER_OUT);
    if (anyNonFinite(ptr(layer, LAYER_W), load<i32>(layer + LAYER_IN) * nOut) || anyNonFinite(ptr(layer, LAYER_B), nOut)) return l;
  }
  return -1;
}
