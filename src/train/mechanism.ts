// The mechanism telemetry a Trainer gathers on request (TrainOptions.telemetry): which groups the
// kernels fill (src/shared/layout.ts TelemetryGroup), and the per-layer, per-epoch series they
// become in the history. The numbers themselves are computed in Wasm during the epoch
// (assembly/telemetry/mechanism.ts, assembly/network/index.ts); this file only names and stores them.
import { MAX_EPOCHS } from '../limits.js';
import { Histogram, TelemetryGroup } from '../shared/layout.js';
import { arrayValue, booleanValue, InputError, integerAtLeast, knownKeys, plainObject, withDefault } from '../validate.js';
import type { Workspace } from './workspace.js';

/** What a user asks for; every group off by default. */
export interface TelemetryOptions {
  /** Per layer and epoch, the means over the epoch's steps of mean |∂L/∂b|, ‖∂L/∂W‖₂ and mean |∂L/∂z|. */
  gradients?: boolean;
  /** Per layer and epoch, on the evaluation pass: z and y mean and std, the saturated share, the dead share. */
  activations?: boolean;
  /** Per layer and epoch, ‖W‖₂ after the epoch. */
  weights?: boolean;
  /** The epochs (0-based) whose evaluation pass also bins z per layer (the fixed bins of histogramEdges()). */
  histogramEpochs?: readonly number[];
}

/** Options checked, as the workspace takes them. */
export interface ResolvedTelemetry {
  groups: number;
  histogramEpochs: ReadonlySet<number>;
}

/** The series in the history: series[layer][epoch], layer 0 first, the output layer last. */
export interface Mechanism {
  /** Mean |∂L/∂b|, averaged over the epoch's steps (gradients). */
  biasGrad?: number[][];
  /** ‖∂L/∂W‖₂ (Frobenius), averaged over the epoch's steps (gradients). */
  gradNorm?: number[][];
  /** Mean |∂L/∂z| over units and rows, averaged over the epoch's steps: the signal that reaches each layer (gradients). */
  signal?: number[][];
  /** z and y mean and standard deviation over units × rows of the evaluation pass (activations). */
  zMean?: number[][];
  zStd?: number[][];
  yMean?: number[][];
  yStd?: number[][];
  /** Share of unit-rows with |f′(z)| below 1% of the activation's largest slope (activations). */
  saturated?: number[][];
  /** Share of units with f′(z) = 0 on every row of the evaluation pass (activations); leaky ones never are. */
  dead?: number[][];
  /** ‖W‖₂ after the epoch (weights). */
  weightNorm?: number[][];
  /** At each of histogramEpochs that has run: counts[layer][bin] over histogramEdges(). */
  histograms?: { epoch: number; counts: number[][] }[];
}

const KEYS = ['gradients', 'activations', 'weights', 'histogramEpochs'] satisfies (keyof TelemetryOptions)[];

/** The groups and histogram epochs `options` asks for; an InputError names a bad field (telemetry.histogramEpochs[2]). */
export function resolveTelemetry(options: unknown, field = 'telemetry'): ResolvedTelemetry {
  if (options === undefined) return { groups: 0, histogramEpochs: new Set() };
  const given = plainObject(field, options);
  knownKeys(field, given, KEYS);
  const on = (key: string) => booleanValue(`${field}.${key}`, withDefault(given[key], false));
  const epochs = given.histogramEpochs === undefined ? [] : arrayValue(`${field}.histogramEpochs`, given.histogramEpochs);
  const histogramEpochs = new Set(epochs.map((e, k) => integerAtLeast(`${field}.histogramEpochs[${k}]`, e, 0, MAX_EPOCHS - 1)));
  let groups = 0;
  if (on('gradients')) groups |= TelemetryGroup.Gradients;
  if (on('activations')) groups |= TelemetryGroup.Activations;
  if (on('weights')) groups |= TelemetryGroup.Weights;
  // Histograms need the evaluation pass's buffers; the bit itself is set per pass.
  if (histogramEpochs.size > 0) groups |= TelemetryGroup.Histogram;
  return { groups, histogramEpochs };
}

/** The edges of the z histograms' bins: bin 0 is (-∞, edges[0]), bin k is [edges[k-1], edges[k]), the last [edges.at(-1), ∞). */
export function histogramEdges(): number[] {
  return Array.from({ length: Histogram.Bins - 1 }, (_, k) => Histogram.LowQuarters / 4 + k / 4);
}

/** The history's empty series for the groups asked for. */
export function emptyMechanism(telemetry: ResolvedTelemetry, layers: number): Mechanism {
  const series = () => Array.from({ length: layers }, (): number[] => []);
  const m: Mechanism = {};
  if (telemetry.groups & TelemetryGroup.Gradients) Object.assign(m, { biasGrad: series(), gradNorm: series(), signal: series() });
  if (telemetry.groups & TelemetryGroup.Activations) {
    Object.assign(m, { zMean: series(), zStd: series(), yMean: series(), yStd: series(), saturated: series(), dead: series() });
  }
  if (telemetry.groups & TelemetryGroup.Weights) m.weightNorm = series();
  if (telemetry.histogramEpochs.size > 0) m.histograms = [];
  return m;
}

/** Appends epoch `epoch`'s numbers, read from the workspace after its trainEpoch (over `steps` blocks) and evaluate. */
export function recordMechanism(m: Mechanism, telemetry: ResolvedTelemetry, epoch: number, workspace: Workspace, steps: number): void {
  if (m.biasGrad || m.weightNorm) {
    workspace.mechanismOfTraining(steps).forEach((layer, l) => {
      m.biasGrad?.[l]?.push(layer.biasGrad);
      m.gradNorm?.[l]?.push(layer.gradNorm);
      m.signal?.[l]?.push(layer.signal);
      m.weightNorm?.[l]?.push(layer.weightNorm);
    });
  }
  if (m.zMean || m.histograms) {
    const binned = m.histograms !== undefined && telemetry.histogramEpochs.has(epoch);
    const layers = workspace.mechanismOfEvaluation(binned);
    if (m.zMean) {
      layers.forEach((layer, l) => {
        m.zMean![l]!.push(layer.zMean);
        m.zStd![l]!.push(layer.zStd);
        m.yMean![l]!.push(layer.yMean);
        m.yStd![l]!.push(layer.yStd);
        m.saturated![l]!.push(layer.saturated);
        m.dead![l]!.push(layer.dead);
      });
    }
    if (binned) m.histograms!.push({ epoch, counts: layers.map((layer) => layer.histogram) });
  }
}

/** A histogram epoch past the run's last is never reached: refused by field rather than silently absent. */
export function checkHistogramEpochs(telemetry: ResolvedTelemetry, epochs: number, field = 'telemetry.histogramEpochs'): void {
  for (const e of telemetry.histogramEpochs) {
    if (e >= epochs) throw new InputError(field, e, `must be below epochs (${epochs}): epochs are counted from 0`);
  }
}
