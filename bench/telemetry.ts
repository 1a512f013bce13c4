// The mechanism telemetry's cost (docs/telemetry.md): the tutorial's study (the 2→5→5→5→5→1
// network, 1000 rows, batches of 32, Adam, the whole-set evaluation, 300 epochs) with each group
// against the tutorial's telemetry alone, per activation, as µs per step (the run over its 9600
// steps, the evaluations included). Each sample is a whole run from the same start, so every case
// walks the same weights (a case that timed epochs of one long run would meet dead or saturated
// units at another epoch than its neighbour, and the subnormal slow paths with them). Ratios are
// measured in one process, in one run.
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { Mlp } from '../src/model/mlp.js';
import type { TelemetryOptions } from '../src/train/mechanism.js';
import { Trainer } from '../src/train/train.js';
import { type Case, type SuiteReport, sampleLabel, timeCases } from './harness.js';

const EPOCHS = 300;
const ALL = { gradients: true, activations: true, weights: true } as const;
const GROUPS: Record<string, TelemetryOptions | undefined> = {
  'tutorial (default)': undefined,
  gradients: { gradients: true },
  activations: { activations: true },
  weights: { weights: true },
  // Everything on: every group, and the histograms at the epochs the docs use.
  all: { ...ALL, histogramEpochs: [0, 10, EPOCHS - 1] },
  'all + histograms every epoch': { ...ALL, histogramEpochs: Array.from({ length: EPOCHS }, (_, e) => e) },
};
export async function runTelemetry(
  activations: readonly ('relu' | 'tanh' | 'sigmoid')[] = ['relu', 'tanh', 'sigmoid'],
): Promise<SuiteReport> {
  const core = await loadCore();
  const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });
  const steps = Math.ceil(data.nSamples / 32) * EPOCHS;
  const rows: string[][] = [];
  const numbers: Record<string, Record<string, number>> = {};
  for (const activation of activations) {
    const cases: Case[] = Object.entries(GROUPS).map(([name, telemetry]) => ({
      name: `${activation} ${name}`,
      fn: () => {
        const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation, seed: 0 });
        const trainer = new Trainer(model, data, telemetry ? { telemetry } : {});
        try {
          for (let e = 0; e < EPOCHS; e++) trainer.epoch();
        } finally {
          trainer.dispose();
          model.dispose();
        }
      },
      warmup: 3,
      warmupMs: 1000,
    }));
    const timings = await timeCases(`telemetry (${activation})`, `telemetry-${activation}`, cases, { maxTime: 1.5, minSamples: 10 });
    const base = timings[0]!.ms;
    numbers[activation] = Object.fromEntries(timings.map((t) => [t.name, t.ms]));
    for (const t of timings)
      rows.push([activation, t.name.slice(activation.length + 1), ((t.ms * 1000) / steps).toFixed(2), `${(t.ms / base).toFixed(2)}×`]);
  }
  return {
    suite: 'telemetry',
    tables: [
      {
        title: `Mechanism telemetry: cost per step (the tutorial's ${EPOCHS}-epoch run over its ${steps} steps, evaluations included)`,
        columns: ['activation', 'telemetry', 'µs per step', 'vs tutorial'],
        rows,
        notes: [`Time per run: the ${sampleLabel()}; each sample is a whole run from the same start.`],
      },
    ],
    data: numbers,
  };
}
