// The mechanism telemetry's cost (docs/telemetry.md): one epoch of the tutorial's study (the
// 2→5→5→5→5→1 network, 1000 rows, batches of 32, Adam, the whole-set evaluation) with each group
// against the tutorial's telemetry alone, per activation, as µs per step (the epoch over its 32
// steps, the evaluation included). Ratios are measured in one process, in one run.
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { Mlp } from '../src/model/mlp.js';
import type { TelemetryOptions } from '../src/train/mechanism.js';
import { Trainer } from '../src/train/train.js';
import { type Case, type SuiteReport, sampleLabel, timeCases } from './harness.js';

const GROUPS: Record<string, TelemetryOptions | undefined> = {
  'tutorial (default)': undefined,
  gradients: { gradients: true },
  activations: { activations: true },
  weights: { weights: true },
  all: { gradients: true, activations: true, weights: true },
  'all + histograms every epoch': {
    gradients: true,
    activations: true,
    weights: true,
    histogramEpochs: Array.from({ length: 300 }, (_, e) => e),
  },
};

export async function runTelemetry(
  activations: readonly ('relu' | 'tanh' | 'sigmoid')[] = ['relu', 'tanh', 'sigmoid'],
): Promise<SuiteReport> {
  const core = await loadCore();
  const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });
  const steps = Math.ceil(data.nSamples / 32);
  const rows: string[][] = [];
  const numbers: Record<string, Record<string, number>> = {};
  for (const activation of activations) {
    const cases: Case[] = Object.entries(GROUPS).map(([name, telemetry]) => {
      const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation, seed: 0 });
      const trainer = new Trainer(model, data, telemetry ? { telemetry } : {});
      // An epoch trains on: the weights keep moving, as in a real run (300 epochs of warm-up and samples are far from diverging).
      return { name: `${activation} ${name}`, fn: () => trainer.epoch(), warmup: 50 };
    });
    const timings = await timeCases(`telemetry (${activation})`, `telemetry-${activation}`, cases, { maxTime: 1, minSamples: 8 });
    const base = timings[0]!.ms;
    numbers[activation] = Object.fromEntries(timings.map((t) => [t.name, t.ms]));
    for (const t of timings)
      rows.push([activation, t.name.slice(activation.length + 1), ((t.ms * 1000) / steps).toFixed(2), `${(t.ms / base).toFixed(2)}×`]);
  }
  return {
    suite: 'telemetry',
    tables: [
      {
        title: 'Mechanism telemetry: cost per step (an epoch of the tutorial over its 32 steps, evaluation included)',
        columns: ['activation', 'telemetry', 'µs per step', 'vs tutorial'],
        rows,
        notes: [`Time per epoch: the ${sampleLabel()}.`],
      },
    ],
    data: numbers,
  };
}
