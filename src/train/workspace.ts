import { largestSlope } from '../activations/registry.js';
import type { Allocation } from '../core/arena.js';
import type { LinearLayer, Mlp } from '../model/mlp.js';
import { EvalStat, GradStat, Histogram, LayerRecord, NetRecord, TelemetryGroup } from '../shared/layout.js';
import type { Block, BlockTable } from './blocks.js';

/** What one pass over a block table measured (Workspace.evaluate). */
export interface Evaluation {
  lossSum: number;
  correct: number;
  /** Outputs that are NaN or ±Infinity. */
  nonFinite: number;
  /** Samples whose output is saturated at the wrong end: within float32's last step of 0 or 1 (per-sample BCE ≥ 16.6). */
  saturated: number;
}

/** The output sigmoid's largest slope, σ′(0). */
const OUTPUT_SLOPE = 0.25;

/** A unit-row is saturated where |f′(z)| is below this share of the activation's largest slope. */
export const SATURATED_SHARE = 0.01;

/** The RReLU generator's state until seedRandom: any nonzero words (the Trainer seeds it from its run's generator). */
const DEFAULT_RANDOM_SEED = [0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x3c6ef372];

/**
 * The buffers a model's forward and backward passes need, sized once for blocks of up to
 * `capacity` samples (pre-activations z and outputs y per layer, two gradient buffers used in
 * turn, telemetry sums), and the network descriptor the fused kernels read
 * (src/shared/layout.ts). A step allocates nothing and crosses into Wasm once. The buffers are the
 * owner's to dispose().
 */
export class Workspace {
  /** Byte offset of the network descriptor. */
  readonly net: number;
  private readonly z: number[];
  private readonly y: number[];
  private readonly telemetry: number;
  private readonly stateTelemetry: number;
  /** u32[4]: the generator RReLU layers draw from in training (NetRecord.Rng). */
  private readonly rng: number;
  /** f64 results of evaluate(). */
  private readonly scalars: number;
  private readonly buffers: Allocation;

  /**
   * Byte sizes of the buffers a workspace takes, in the order the constructor lays them out; a
   * layer with `noise` (a random activation, RReLU) also gets its slopes' buffer.
   */
  static buffers(layers: readonly { nOut: number; noise?: boolean }[], capacity: number, groups = 0): number[] {
    const widest = layers.reduce((most, layer) => Math.max(most, layer.nOut), 0);
    const units = layers.reduce((sum, layer) => sum + layer.nOut, 0);
    return [
      ...layers.map((layer) => layer.nOut * capacity * 4), // z per layer
      ...layers.map((layer) => layer.nOut * capacity * 4), // y per layer
      widest * capacity * 4, // gradA
      widest * capacity * 4, // gradB
      layers.length * 8, // telemetry, f64 per layer
      layers.length * 8, // state telemetry, f64 per layer
      4 * 4, // the random activations' generator, u32[4]
      4 * 8, // scalars: evaluate()'s f64[4]
      NetRecord.Header + LayerRecord.Bytes * layers.length, // the network descriptor
      ...layers.filter((layer) => layer.noise).map((layer) => layer.nOut * capacity * 4), // noise per random layer
      // The mechanism telemetry's, when asked for (src/train/mechanism.ts): grad stats, eval stats, alive flags, histograms, ones.
      ...(groups === 0
        ? []
        : [
            layers.length * GradStat.Count * 8,
            layers.length * EvalStat.Count * 8,
            units * 4,
            layers.length * Histogram.Bins * 4,
            (groups & TelemetryGroup.Activations) !== 0 ? widest * capacity * 4 : 4,
          ]),
    ];
  }

  /** The mechanism telemetry's buffers (NetRecord.GradStats … Ones); undefined without any group. */
  private readonly mechanism: { gradStats: number; evalStats: number; alive: number; histograms: number } | undefined;

  /** `groups`: the TelemetryGroup bits of the mechanism telemetry to gather (0: the tutorial's alone). */
  constructor(
    readonly model: Mlp,
    readonly capacity: number,
    readonly groups = 0,
  ) {
    model.assertNotDisposed();
    const core = model.core;
    const layers = model.linear;
    const n = layers.length;
    this.buffers = core.arena.allocAll(Workspace.buffers(layers, capacity, groups));
    const ptrs = this.buffers.ptrs;
    this.z = ptrs.slice(0, n);
    this.y = ptrs.slice(n, 2 * n);
    const [gradA, gradB, telemetry, stateTelemetry, rng, scalars, net] = ptrs.slice(2 * n, 2 * n + 7) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const randomLayers = layers.filter((layer) => layer.noise).length;
    const noise = ptrs.slice(2 * n + 7, 2 * n + 7 + randomLayers);
    const [gradStats, evalStats, alive, histograms, ones] = ptrs.slice(2 * n + 7 + randomLayers) as (number | undefined)[];
    this.mechanism = groups === 0 ? undefined : { gradStats: gradStats!, evalStats: evalStats!, alive: alive!, histograms: histograms! };
    this.telemetry = telemetry;
    this.stateTelemetry = stateTelemetry;
    this.rng = rng;
    this.scalars = scalars;
    this.net = net;
    const words = new Int32Array(core.kernels.memory.buffer, this.net, (NetRecord.Header + LayerRecord.Bytes * layers.length) / 4);
    words[NetRecord.Layers / 4] = layers.length;
    words[NetRecord.GradA / 4] = gradA;
    words[NetRecord.GradB / 4] = gradB;
    words[NetRecord.Telemetry / 4] = this.telemetry;
    words[NetRecord.StateTelemetry / 4] = this.stateTelemetry;
    words[NetRecord.Rng / 4] = this.rng;
    words[NetRecord.Training / 4] = 0;
    words[NetRecord.Groups / 4] = groups & ~TelemetryGroup.Histogram;
    if (this.mechanism) {
      words[NetRecord.GradStats / 4] = this.mechanism.gradStats;
      words[NetRecord.EvalStats / 4] = this.mechanism.evalStats;
      words[NetRecord.Alive / 4] = this.mechanism.alive;
      words[NetRecord.Histograms / 4] = this.mechanism.histograms;
      words[NetRecord.Ones / 4] = ones!;
    }
    new Uint32Array(core.kernels.memory.buffer, this.rng, 4).set(DEFAULT_RANDOM_SEED);
    let random = 0;
    let unit = 0;
    layers.forEach((layer, l) => {
      const noiseAt = layer.noise ? noise[random++]! : 0;
      const record = words.subarray((NetRecord.Header + LayerRecord.Bytes * l) / 4);
      writeLayerRecord(record, layer, this.z[l]!, this.y[l]!, noiseAt);
      record[LayerRecord.UnitOffset / 4] = unit;
      // The saturation scale, only when it is used: largestSlope samples f′ on a 2,561-point grid.
      if ((groups & TelemetryGroup.Activations) !== 0) {
        const activation = model.activations[l];
        const slope = activation ? largestSlope(activation.spec, activation.options) : OUTPUT_SLOPE;
        new Float32Array(record.buffer, record.byteOffset + LayerRecord.SaturatedBelow, 1)[0] = SATURATED_SHARE * slope;
      }
      unit += layer.nOut;
    });
    if ((groups & TelemetryGroup.Activations) !== 0) core.f32(ones!, Math.max(...layers.map((l) => l.nOut)) * capacity).fill(1);
  }

  /**
   * Seeds the generator the random activations (RReLU) draw their training slopes from: four
   * words, not all zero (xoshiro128** stays at zero). Training without it draws from a fixed seed.
   */
  seedRandom(words: readonly [number, number, number, number]): void {
    if (words.every((w) => w >>> 0 === 0)) throw new RangeError('internal: the RReLU generator needs a nonzero seed');
    new Uint32Array(this.model.core.kernels.memory.buffer, this.rng, 4).set(words);
  }

  /** Byte offsets of layer l's pre-activation z and output y from the last forward pass, f32[nOut][padded]. */
  layerBuffers(l: number): { z: number; y: number } {
    return { z: this.z[l]!, y: this.y[l]! };
  }

  /** Runs the network on a block; returns the byte offset of its output probabilities, f32[padded]. */
  forward(block: Block): number {
    this.assertUsable();
    this.model.core.kernels.forwardNetwork(this.net, block.x, block.padded);
    return this.y[this.y.length - 1]!;
  }

  /** After forward(block): writes ∂BCE/∂θ of the block's mean loss into model.grads. */
  backward(block: Block): void {
    this.assertUsable();
    this.model.core.kernels.backwardNetwork(this.net, block.x, block.t, block.n, block.padded);
  }

  /**
   * One epoch of steps over the table's blocks with the optimizer descriptor `opt`; into[l] = mean
   * over steps of mean |dW_l|, and stateInto[l] the same of layer l's activation state (0 without).
   */
  trainEpoch(table: BlockTable, opt: number, into: Float64Array, stateInto?: Float64Array): void {
    this.assertUsable();
    const core = this.model.core;
    const n = this.model.linear.length;
    core.f64(this.telemetry, n).fill(0);
    core.f64(this.stateTelemetry, n).fill(0);
    if (this.mechanism) core.f64(this.mechanism.gradStats, n * GradStat.Count).fill(0);
    core.kernels.trainEpoch(this.net, opt, table.ptr, table.blocks.length);
    const sums = core.f64(this.telemetry, n);
    for (let l = 0; l < n; l++) into[l] = sums[l]! / table.blocks.length;
    if (stateInto) {
      const stateSums = core.f64(this.stateTelemetry, n);
      for (let l = 0; l < n; l++) stateInto[l] = stateSums[l]! / table.blocks.length;
    }
  }

  /**
   * Whole-table BCE sum, correct predictions, non-finite outputs, and samples saturated at the
   * wrong end. With the mechanism telemetry, also the per-layer statistics of this pass
   * (mechanismOfEvaluation), and the z histograms when `histogram` is true; `mechanism` false
   * evaluates without them (a validation set's pass).
   */
  evaluate(table: BlockTable, histogram = false, mechanism = true): Evaluation {
    const core = this.model.core;
    if (this.mechanism && !mechanism)
      core.i32(this.net + NetRecord.Groups, 1)[0] = this.groups & ~(TelemetryGroup.Activations | TelemetryGroup.Histogram);
    else if (this.mechanism) {
      const layers = this.model.linear;
      core.f64(this.mechanism.evalStats, layers.length * EvalStat.Count).fill(0);
      core
        .i32(
          this.mechanism.alive,
          layers.reduce((sum, l) => sum + l.nOut, 0),
        )
        .fill(0);
      core.i32(this.mechanism.histograms, layers.length * Histogram.Bins).fill(0);
      const groups = histogram ? this.groups | TelemetryGroup.Histogram : this.groups & ~TelemetryGroup.Histogram;
      core.i32(this.net + NetRecord.Groups, 1)[0] = groups;
    }
    core.kernels.evaluateNetwork(this.net, table.ptr, table.blocks.length, this.scalars);
    const [lossSum, correct, nonFinite, saturated] = core.f64(this.scalars, 4);
    return { lossSum: lossSum!, correct: correct!, nonFinite: nonFinite!, saturated: saturated! };
  }

  /** Per layer, after trainEpoch over `steps` blocks: the means over its steps of mean |db|, ‖dW‖₂ and mean |dz|, and ‖W‖₂ after it. */
  mechanismOfTraining(steps: number): { biasGrad: number; gradNorm: number; signal: number; weightNorm: number }[] {
    if (!this.mechanism) throw new Error('internal: no mechanism telemetry was asked for');
    const stats = this.model.core.f64(this.mechanism.gradStats, this.model.linear.length * GradStat.Count);
    return this.model.linear.map((_, l) => {
      const at = l * GradStat.Count;
      return {
        biasGrad: stats[at + GradStat.BiasGrad]! / steps,
        gradNorm: stats[at + GradStat.WeightGradNorm]! / steps,
        signal: stats[at + GradStat.Signal]! / steps,
        weightNorm: stats[at + GradStat.WeightNorm]!,
      };
    });
  }

  /**
   * Per layer, after evaluate(): z and y mean and standard deviation (population, over units × rows),
   * the saturated share of unit-rows, the share of units whose f′(z) was 0 on every row (dead), and
   * the z histogram counts (Histogram.Bins) when that pass binned them.
   */
  mechanismOfEvaluation(histogram = true): {
    zMean: number;
    zStd: number;
    yMean: number;
    yStd: number;
    saturated: number;
    dead: number;
    histogram: number[];
  }[] {
    if (!this.mechanism) throw new Error('internal: no mechanism telemetry was asked for');
    const core = this.model.core;
    const layers = this.model.linear;
    // Views, read at once: nothing allocates in the core meanwhile.
    const stats = core.f64(this.mechanism.evalStats, layers.length * EvalStat.Count);
    const alive = core.i32(
      this.mechanism.alive,
      layers.reduce((sum, l) => sum + l.nOut, 0),
    );
    const histograms = histogram ? core.i32(this.mechanism.histograms, layers.length * Histogram.Bins) : undefined;
    const out = [];
    let unit = 0;
    for (let l = 0; l < layers.length; l++) {
      const at = l * EvalStat.Count;
      const count = stats[at + EvalStat.Elements]!;
      const zMean = stats[at + EvalStat.SumZ]! / count;
      const yMean = stats[at + EvalStat.SumY]! / count;
      let dead = 0;
      const nOut = layers[l]!.nOut;
      for (let u = 0; u < nOut; u++) if (alive[unit + u] === 0) dead++;
      unit += nOut;
      out.push({
        zMean,
        zStd: Math.sqrt(Math.max(0, stats[at + EvalStat.SumZ2]! / count - zMean * zMean)),
        yMean,
        yStd: Math.sqrt(Math.max(0, stats[at + EvalStat.SumY2]! / count - yMean * yMean)),
        saturated: stats[at + EvalStat.Saturated]! / count,
        dead: dead / nOut,
        histogram: histograms ? Array.from(histograms.subarray(l * Histogram.Bins, (l + 1) * Histogram.Bins)) : [],
      });
    }
    return out;
  }

  /** The first layer whose weight or bias is no longer finite (NaN or ±Infinity), or -1. */
  nonFiniteLayer(): number {
    return this.model.core.kernels.nonFiniteLayer(this.net);
  }

  /** Gives the buffers and the descriptor back to the core; a second call does nothing. */
  dispose(): void {
    this.buffers.dispose();
  }

  /** Throws rather than let a kernel touch freed memory: the workspace's, or a disposed model's. */
  private assertUsable(): void {
    if (this.buffers.isDisposed) throw new Error('this Workspace was disposed');
    this.model.assertNotDisposed();
  }
}

/** Writes one LayerRecord (src/shared/layout.ts) at the start of `words`: the layer's buffers, with z and y from the workspace. */
export function writeLayerRecord(words: Int32Array, layer: LinearLayer, z: number, y: number, noise = 0): void {
  const put = (byteOffset: number, value: number) => {
    words[byteOffset / 4] = value;
  };
  put(LayerRecord.NIn, layer.nIn);
  put(LayerRecord.NOut, layer.nOut);
  put(LayerRecord.W, layer.weight);
  put(LayerRecord.B, layer.bias);
  put(LayerRecord.Dw, layer.weightGrad);
  put(LayerRecord.Db, layer.biasGrad);
  put(LayerRecord.Activation, layer.activationId);
  put(LayerRecord.Params, layer.activationParams);
  put(LayerRecord.Z, z);
  put(LayerRecord.Y, y);
  put(LayerRecord.State, layer.activationState);
  put(LayerRecord.StateGrad, layer.activationStateGrad);
  put(LayerRecord.StateLength, layer.activationStateLength);
  put(LayerRecord.Noise, noise);
}
