// A whole network's forward pass, backward pass, optimizer step, training epoch and evaluation
// in one call each: the JS↔Wasm boundary is crossed once per epoch instead of ~30 times per step.
// Built from the same kernels the façade can call one by one, so both paths give the same bits.
import { denseForward, denseBackward } from '../dense';
import { activationForward, activationBackward, activationEvalStats } from '../activations/index';
import { bceBackward, bceEvalAdd } from '../loss/bce';
import { adamStepAt } from '../optim/adam';
import { sgdStepAt } from '../optim/sgd';
import { rmspropStepAt } from '../optim/rmsprop';
import { adagradStepAt } from '../optim/adagrad';
import { meanAbsAddNorm, meanAbsOf, sumAbsDownOf } from '../telemetry/mean-abs';
import { addEvalStats, addHistogram, normOf, StoredSlopes } from '../telemetry/mechanism';
import { preluLayerForward, preluLayerBackward } from '../activations/prelu';
import { rreluTrainForward, rreluTrainBackward } from '../activations/rrelu';
import { ActivationId } from '../../src/shared/activation-id';
import { anyNonFinite } from '../telemetry/non-finite';
import { BlockRecord, EvalStat, GradStat, Histogram, LayerRecord, NetRecord, OptimizerKind, OptRecord, TelemetryGroup } from '../../src/shared/layout';

// @ts-ignore: decorator
@inline function layerAt(net: usize, l: i32): usize {
  return net + NetRecord.Header + <usize>l * LayerRecord.Bytes;
}

// @ts-ignore: decorator
@inline function ptr(record: usize, field: usize): usize {
  return <usize>load<i32>(record + field);
}

/**
 * The activation after one layer, forward: PReLU with the layer's learned weight, RReLU's random
 * slopes while training (NetRecord.Training), and every other case (RReLU in evaluation included)
 * through the element-wise dispatch with the layer's options.
 */
// @ts-ignore: decorator
@inline function layerActivationForward(net: usize, layer: usize, nOut: i32, padded: i32): void {
  const id = load<i32>(layer + LayerRecord.Activation);
  const z = ptr(layer, LayerRecord.Z), y = ptr(layer, LayerRecord.Y);
  if (id == ActivationId.Prelu) {
    preluLayerForward(z, ptr(layer, LayerRecord.State), y, nOut, padded, load<i32>(layer + LayerRecord.StateLength) > 1);
  } else if (id == ActivationId.Rrelu && load<i32>(net + NetRecord.Training) != 0) {
    rreluTrainForward(ptr(layer, LayerRecord.Params), z, y, ptr(layer, LayerRecord.Noise), ptr(net, NetRecord.Rng), nOut * padded);
  } else {
    activationForward(id, ptr(layer, LayerRecord.Params), z, y, nOut * padded);
  }
}

/**
 * The backward twin of layerActivationForward: dz = dy·f′ over f32[nOut][padded] (dz may alias dy);
 * PReLU also writes its weight's gradient to stateGrad. With dy all ones (and training off) dz is
 * f′ itself, for the evaluation pass's telemetry.
 */
// @ts-ignore: decorator
@inline function layerActivationBackward(net: usize, layer: usize, dy: usize, dz: usize, nOut: i32, n: i32, padded: i32, stateGrad: usize): void {
  const id = load<i32>(layer + LayerRecord.Activation);
  if (id == ActivationId.Prelu) {
    const perUnit = load<i32>(layer + LayerRecord.StateLength) > 1;
    preluLayerBackward(ptr(layer, LayerRecord.Z), ptr(layer, LayerRecord.State), dy, dz, stateGrad, nOut, padded, n, perUnit);
  } else if (id == ActivationId.Rrelu && load<i32>(net + NetRecord.Training) != 0) {
    rreluTrainBackward(ptr(layer, LayerRecord.Noise), dy, dz, nOut * padded);
  } else {
    activationBackward(id, ptr(layer, LayerRecord.Params), ptr(layer, LayerRecord.Z), ptr(layer, LayerRecord.Y), dy, dz, nOut * padded);
  }
}

/** Runs the network descriptor `net` on x: f32[nIn][padded]; writes every layer's z and y (and RReLU's noise while training); the output is the last layer's y. */
export function forwardNetwork(net: usize, x: usize, padded: i32): void {
  const layers = load<i32>(net + NetRecord.Layers);
  let input = x;
  for (let l = 0; l < layers; l++) {
    const layer = layerAt(net, l);
    const nOut = load<i32>(layer + LayerRecord.NOut);
    denseForward(input, ptr(layer, LayerRecord.W), ptr(layer, LayerRecord.B), ptr(layer, LayerRecord.Z), padded, load<i32>(layer + LayerRecord.NIn), nOut);
    layerActivationForward(net, layer, nOut, padded);
    input = ptr(layer, LayerRecord.Y);
  }
}

/** After forwardNetwork on x: writes every layer's dW and db (and activation state gradient) for the mean BCE of the block's n real samples against t: f32[padded]. */
export function backwardNetwork(net: usize, x: usize, t: usize, n: i32, padded: i32): void {
  const layers = load<i32>(net + NetRecord.Layers);
  let grad = ptr(net, NetRecord.GradA);
  let next = ptr(net, NetRecord.GradB);
  bceBackward(ptr(layerAt(net, layers - 1), LayerRecord.Y), t, grad, n, padded);
  for (let l = layers - 1; l >= 0; l--) {
    const layer = layerAt(net, l);
    const nOut = load<i32>(layer + LayerRecord.NOut);
    layerActivationBackward(net, layer, grad, grad, nOut, n, padded, ptr(layer, LayerRecord.StateGrad));
    // The backpropagated signal that reaches this layer: mean |∂L/∂z| over its units and real rows
    // (the padding columns' gradient is 0), while training with the gradients group on.
    if (load<i32>(net + NetRecord.Training) != 0 && (load<i32>(net + NetRecord.Groups) & TelemetryGroup.Gradients) != 0) {
      const at = ptr(net, NetRecord.GradStats) + ((<usize>(l * GradStat.Count + GradStat.Signal)) << 3);
      store<f64>(at, load<f64>(at) + sumAbsDownOf(grad, nOut, padded) / <f64>(nOut * n));
    }
    const input = l > 0 ? ptr(layerAt(net, l - 1), LayerRecord.Y) : x;
    denseBackward(input, ptr(layer, LayerRecord.W), grad, ptr(layer, LayerRecord.Dw), ptr(layer, LayerRecord.Db), l > 0 ? next : 0, padded, load<i32>(layer + LayerRecord.NIn), nOut);
    const swap = grad;
    grad = next;
    next = swap;
  }
}

// @ts-ignore: decorator
@inline function hyper(opt: usize, i: i32): f64 {
  return load<f64>(opt + OptRecord.Hyper + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function state(opt: usize, i: i32): usize {
  return <usize>load<i32>(opt + OptRecord.State + (<usize>i << 2));
}

/**
 * One step of the optimizer descriptor `opt` over its parameters from its gradients; advances its
 * step count; traps on an unknown kind. One case per OptimizerKind: each passes its registry row's
 * settings (hyper slots, src/optim/registry.ts order) and state buffers to its kernel.
 */
export function optimizerStep(opt: usize): void {
  const t = load<i32>(opt + OptRecord.Steps) + 1;
  store<i32>(opt + OptRecord.Steps, t);
  const w = ptr(opt, OptRecord.Params), g = ptr(opt, OptRecord.Grads), n = load<i32>(opt + OptRecord.Count);
  switch (load<i32>(opt + OptRecord.Kind)) {
    case OptimizerKind.Adam:
      adamStepAt(t, hyper(opt, 0), hyper(opt, 1), hyper(opt, 2), hyper(opt, 3), hyper(opt, 4), hyper(opt, 5) != 0, false, w, g, state(opt, 0), state(opt, 1), state(opt, 2), n);
      break;
    case OptimizerKind.AdamW:
      adamStepAt(t, hyper(opt, 0), hyper(opt, 1), hyper(opt, 2), hyper(opt, 3), hyper(opt, 4), hyper(opt, 5) != 0, true, w, g, state(opt, 0), state(opt, 1), state(opt, 2), n);
      break;
    case OptimizerKind.Sgd:
      sgdStepAt(t, hyper(opt, 0), hyper(opt, 1), hyper(opt, 2), hyper(opt, 3), hyper(opt, 4) != 0, w, g, state(opt, 0), n);
      break;
    case OptimizerKind.Rmsprop:
      rmspropStepAt(hyper(opt, 0), hyper(opt, 1), hyper(opt, 2), hyper(opt, 3), hyper(opt, 4), hyper(opt, 5) != 0, w, g, state(opt, 0), state(opt, 1), state(opt, 2), n);
      break;
    case OptimizerKind.Adagrad:
      adagradStepAt(t, hyper(opt, 0), hyper(opt, 1), hyper(opt, 2), hyper(opt, 3), hyper(opt, 4), w, g, state(opt, 0), n);
      break;
    default:
      // An unknown kind is a façade bug: trap rather than run some other rule on the parameters.
      unreachable();
  }
}

/**
 * One epoch over nBlocks block descriptors at `blocks`, in order: forward, backward, telemetry (adds
 * mean |dW_l| to net's telemetry sums, and mean |d state_l| to its state sums), optimizer step; in
 * training mode throughout (NetRecord.Training is 1 while it runs).
 */
export function trainEpoch(net: usize, opt: usize, blocks: usize, nBlocks: i32): void {
  const layers = load<i32>(net + NetRecord.Layers);
  const telemetry = ptr(net, NetRecord.Telemetry);
  const stateTelemetry = ptr(net, NetRecord.StateTelemetry);
  const groups = load<i32>(net + NetRecord.Groups);
  const gradStats = ptr(net, NetRecord.GradStats);
  store<i32>(net + NetRecord.Training, 1);
  for (let k = 0; k < nBlocks; k++) {
    const block = blocks + <usize>k * BlockRecord.Bytes;
    const x = ptr(block, BlockRecord.X);
    const padded = load<i32>(block + BlockRecord.Padded);
    forwardNetwork(net, x, padded);
    backwardNetwork(net, x, ptr(block, BlockRecord.T), load<i32>(block + BlockRecord.N), padded);
    for (let l = 0; l < layers; l++) {
      const layer = layerAt(net, l);
      const sum = telemetry + ((<usize>l) << 3);
      const nOut = load<i32>(layer + LayerRecord.NOut), dw = ptr(layer, LayerRecord.Dw), nW = load<i32>(layer + LayerRecord.NIn) * nOut;
      if ((groups & TelemetryGroup.Gradients) != 0) {
        const stats = gradStats + ((<usize>(l * GradStat.Count)) << 3);
        // mean |dW| for the tutorial's telemetry and ‖dW‖₂ from one pass over dW.
        store<f64>(sum, load<f64>(sum) + meanAbsAddNorm(dw, nW, stats + (GradStat.WeightGradNorm << 3)));
        store<f64>(stats, load<f64>(stats, GradStat.BiasGrad << 3) + meanAbsOf(ptr(layer, LayerRecord.Db), nOut), GradStat.BiasGrad << 3);
      } else {
        store<f64>(sum, load<f64>(sum) + meanAbsOf(dw, nW));
      }
      const stateLength = load<i32>(layer + LayerRecord.StateLength);
      if (stateLength > 0) {
        const stateSum = stateTelemetry + ((<usize>l) << 3);
        store<f64>(stateSum, load<f64>(stateSum) + meanAbsOf(ptr(layer, LayerRecord.StateGrad), stateLength));
      }
    }
    optimizerStep(opt);
  }
  if ((groups & TelemetryGroup.Weights) != 0) {
    for (let l = 0; l < layers; l++) {
      const layer = layerAt(net, l);
      const norm = normOf(ptr(layer, LayerRecord.W), load<i32>(layer + LayerRecord.NIn) * load<i32>(layer + LayerRecord.NOut));
      store<f64>(gradStats + ((<usize>(l * GradStat.Count + GradStat.WeightNorm)) << 3), norm);
    }
  }
  store<i32>(net + NetRecord.Training, 0);
}

/**
 * out: f64[4] = (Σ BCE, number correct, number of non-finite outputs, number of samples saturated
 * at the wrong end: per-sample BCE ≥ 24·ln 2) of the network over nBlocks block descriptors; writes layer buffers and out.
 */
export function evaluateNetwork(net: usize, blocks: usize, nBlocks: i32, out: usize): void {
  const output = ptr(layerAt(net, load<i32>(net + NetRecord.Layers) - 1), LayerRecord.Y);
  // The gradients group is gathered while training; the others here.
  const groups = load<i32>(net + NetRecord.Groups) & (TelemetryGroup.Activations | TelemetryGroup.Histogram);
  store<f64>(out, 0);
  store<f64>(out, 0, 8);
  store<f64>(out, 0, 16);
  store<f64>(out, 0, 24);
  for (let k = 0; k < nBlocks; k++) {
    const block = blocks + <usize>k * BlockRecord.Bytes;
    const n = load<i32>(block + BlockRecord.N);
    const padded = load<i32>(block + BlockRecord.Padded);
    forwardNetwork(net, ptr(block, BlockRecord.X), padded);
    if (groups != 0) mechanismStats(net, groups, n, padded);
    // Σ BCE, number correct, non-finite and saturated outputs, in one pass over the block's outputs.
    bceEvalAdd(output, ptr(block, BlockRecord.T), n, out);
  }
}

/**
 * After a forward pass over a block of n real rows: adds each layer's z and y statistics and
 * saturated count, marks its units alive where f′(z) ≠ 0, and bins z, as `groups` asks. f′ is
 * computed in the statistics' own pass by the activation's forms (evaluation mode: RReLU's mean
 * slope); PReLU's, which needs the layer's learned weight, is its backward pass with dy = ones into
 * GradA first, its weight gradient going to GradB, scratch here, so the model's gradients are untouched.
 */
function mechanismStats(net: usize, groups: i32, n: i32, padded: i32): void {
  const layers = load<i32>(net + NetRecord.Layers);
  const scratch = ptr(net, NetRecord.GradA);
  for (let l = 0; l < layers; l++) {
    const layer = layerAt(net, l);
    const nOut = load<i32>(layer + LayerRecord.NOut);
    if ((groups & TelemetryGroup.Activations) != 0) {
      const id = load<i32>(layer + LayerRecord.Activation);
      const z = ptr(layer, LayerRecord.Z), y = ptr(layer, LayerRecord.Y);
      const stats = ptr(net, NetRecord.EvalStats) + ((<usize>(l * EvalStat.Count)) << 3);
      const alive = ptr(net, NetRecord.Alive) + ((<usize>load<i32>(layer + LayerRecord.UnitOffset)) << 2);
      const below = load<f32>(layer + LayerRecord.SaturatedBelow);
      if (id == ActivationId.Prelu) {
        layerActivationBackward(net, layer, ptr(net, NetRecord.Ones), scratch, nOut, n, padded, ptr(net, NetRecord.GradB));
        addEvalStats<StoredSlopes>(0, z, y, scratch, stats, alive, below, nOut, n, padded);
      } else {
        activationEvalStats(id, ptr(layer, LayerRecord.Params), z, y, stats, alive, below, nOut, n, padded);
      }
    }
    if ((groups & TelemetryGroup.Histogram) != 0) {
      addHistogram(ptr(layer, LayerRecord.Z), ptr(net, NetRecord.Histograms) + ((<usize>(l * Histogram.Bins)) << 2), nOut, n, padded);
    }
  }
}

/** The first layer l whose weight or bias holds a NaN or ±Infinity, or -1 when every parameter is finite; reads only. */
export function nonFiniteLayer(net: usize): i32 {
  const layers = load<i32>(net + NetRecord.Layers);
  for (let l = 0; l < layers; l++) {
    const layer = layerAt(net, l);
    const nOut = load<i32>(layer + LayerRecord.NOut);
    if (anyNonFinite(ptr(layer, LayerRecord.W), load<i32>(layer + LayerRecord.NIn) * nOut) || anyNonFinite(ptr(layer, LayerRecord.B), nOut)) return l;
  }
  return -1;
}
