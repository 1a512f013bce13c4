// The mechanism telemetry (TrainOptions.telemetry) against PyTorch: tests/reference/telemetry.json
// measures the same quantities with hooks on each layer's z (retain_grad) and autograd for f′
// (scripts/pytorch-reference.py --only telemetry). Also: the groups are off by default and leave the
// tutorial's numbers untouched, both builds agree bit for bit, and bad options are refused by field.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BACKENDS, loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { datasetFromArrays } from '../src/datasets/from-arrays.js';
import { Mlp } from '../src/model/mlp.js';
import { runSpec, validateSpec } from '../src/spec/spec.js';
import { histogramEdges, type Mechanism } from '../src/train/mechanism.js';
import { train } from '../src/train/train.js';
import { runCliCaptured } from './helpers/cli.js';
import { REFERENCE_DIR, readJson } from './helpers/fixtures.js';
import { throwsInput } from './helpers/throws.js';
import { xmlProblem } from './helpers/xml.js';

interface TelemetryRun {
  name: string;
  config: {
    layers: number[];
    activation: 'relu';
    activationOptions: Record<string, number>;
    optimizer: never;
    epochs: number;
    batchSize: number;
  };
  data: { X: number[][]; y: number[] };
  init: Record<string, number[] | number[][]>;
  histogramEpochs: number[];
  expected: Required<Mechanism>;
}

const reference = readJson(`${REFERENCE_DIR}telemetry.json`) as { runs: TelemetryRun[] };
const ALL = { gradients: true, activations: true, weights: true } as const;

async function trained(run: TelemetryRun, backend: (typeof BACKENDS)[number]) {
  const core = await loadCore({ backend });
  const model = new Mlp(core, {
    layers: run.config.layers,
    activation: run.config.activation,
    activationOptions: run.config.activationOptions,
  });
  try {
    model.loadStateDict(run.init);
    const data = datasetFromArrays(run.data.X, run.data.y);
    return train(model, data, {
      epochs: run.config.epochs,
      batchSize: run.config.batchSize,
      optimizer: run.config.optimizer,
      telemetry: { ...ALL, histogramEpochs: run.histogramEpochs },
    });
  } finally {
    model.dispose();
  }
}

/** Worst |ours − theirs| / (rel·|theirs| + abs) over series[layer][epoch]: ≤ 1 within tolerance. */
function worst(ours: number[][], theirs: number[][], rel: number, abs: number): { ratio: number; at: string } {
  let ratio = 0;
  let at = '';
  for (const [l, series] of theirs.entries()) {
    for (const [e, ref] of series.entries()) {
      const r = Math.abs(ours[l]![e]! - ref) / (rel * Math.abs(ref) + abs);
      if (!(r <= ratio)) [ratio, at] = [r, `layer ${l} epoch ${e}: ours ${ours[l]![e]}, PyTorch ${ref}`];
    }
  }
  return { ratio, at };
}

// Gradients as the tutorial's grad is held (2e-2 relative); the evaluation pass's statistics of
// float32 values to float32 rounding; shares to a few of the 1000 × width unit-rows.
type Series = Exclude<keyof Mechanism, 'histograms'>;
const TOLERANCE: Record<Series, [number, number]> = {
  biasGrad: [2e-2, 1e-7],
  gradNorm: [2e-2, 1e-7],
  signal: [2e-2, 1e-9],
  zMean: [1e-4, 1e-5],
  zStd: [1e-4, 1e-5],
  yMean: [1e-4, 1e-5],
  yStd: [1e-4, 1e-5],
  saturated: [0, 2e-3],
  dead: [0, 1e-9],
  weightNorm: [1e-4, 1e-6],
};

for (const backend of BACKENDS) {
  const replay = suite(`mechanism telemetry vs PyTorch hooks (${backend})`);
  for (const run of reference.runs) {
    replay(`${run.name}: every series per layer and epoch, and the z histograms`, async () => {
      const history = await trained(run, backend);
      const m = history.mechanism!;
      for (const [key, [rel, abs]] of Object.entries(TOLERANCE) as [Series, [number, number]][]) {
        const { ratio, at } = worst(m[key]!, run.expected[key], rel, abs);
        assert.ok(ratio <= 1, `${run.name} ${key}: ${at} (${ratio.toFixed(2)} of the tolerance)`);
      }
      assert.equal(
        m.histograms!.map((h) => h.epoch),
        run.histogramEpochs,
      );
      m.histograms!.forEach((h, k) => {
        h.counts.forEach((counts, l) => {
          const theirs = run.expected.histograms[k]!.counts[l]!;
          const total = theirs.reduce((a, b) => a + b, 0);
          assert.is(
            counts.reduce((a, b) => a + b, 0),
            total,
            'every unit-row binned once',
          );
          // A z within float32 rounding of a bin edge may land on the other side: a handful at most.
          const moved = counts.reduce((sum, c, b) => sum + Math.abs(c - theirs[b]!), 0);
          assert.ok(moved <= Math.max(2, total * 1e-3), `${run.name} epoch ${h.epoch} layer ${l}: ${moved} of ${total} counts differ`);
        });
      });
    });
  }
  replay.run();
}

const groups = suite('mechanism telemetry: groups, defaults and builds');
const run = reference.runs[0]!;

groups('off by default; on, it changes none of the tutorial numbers', async () => {
  const core = await loadCore();
  const data = datasetFromArrays(run.data.X, run.data.y);
  const fit = (telemetry?: object) => {
    const model = new Mlp(core, { layers: run.config.layers, activation: run.config.activation });
    model.loadStateDict(run.init);
    try {
      return train(model, data, { epochs: 3, optimizer: run.config.optimizer, ...(telemetry ? { telemetry } : {}) });
    } finally {
      model.dispose();
    }
  };
  const plain = fit();
  assert.is(plain.mechanism, undefined);
  const { mechanism, ...rest } = fit({ ...ALL, histogramEpochs: [1] });
  assert.equal(rest, plain, 'bce, accuracy and grad as without it');
  assert.equal(Object.keys(mechanism!).sort(), [...Object.keys(TOLERANCE), 'histograms'].sort());
  const only = fit({ gradients: true }).mechanism!;
  assert.equal(Object.keys(only).sort(), ['biasGrad', 'gradNorm', 'signal']);
  assert.equal(only.signal, mechanism!.signal, 'a group alone gives the same numbers');
});

groups('SIMD and scalar builds give the same bits, for every reference run', async () => {
  for (const each of reference.runs) {
    const [a, b] = await Promise.all(BACKENDS.map((backend) => trained(each, backend)));
    assert.equal(a!.mechanism, b!.mechanism, each.name);
  }
});

groups('the histogram bins are fixed: 64 of 1/4 over [-8, 8) and two outer ones', () => {
  const edges = histogramEdges();
  assert.is(edges.length, 65);
  assert.is(edges[0], -8);
  assert.is(edges.at(-1), 8);
});

groups('bad options are refused by field', async () => {
  const core = await loadCore();
  const model = new Mlp(core, { layers: [2, 3, 1] });
  const data = datasetFromArrays([[0, 1]], [1]);
  throwsInput(() => train(model, data, { telemetry: { gradient: true } as never }), 'telemetry.gradient', 'is not a known field');
  throwsInput(() => train(model, data, { telemetry: { activations: 1 as never } }), 'telemetry.activations', 'must be true or false');
  throwsInput(() => train(model, data, { epochs: 5, telemetry: { histogramEpochs: [2, -1] } }), 'telemetry.histogramEpochs[1]');
  throwsInput(
    () => train(model, data, { epochs: 5, telemetry: { histogramEpochs: [5] } }),
    'telemetry.histogramEpochs',
    'must be below epochs (5)',
  );
  model.dispose();
});

groups('a spec takes config.telemetry; actlab train --json prints the mechanism', async () => {
  const spec = {
    config: {
      layers: run.config.layers,
      activation: run.config.activation,
      epochs: 2,
      telemetry: { gradients: true, histogramEpochs: [1] },
    },
    data: run.data,
  };
  const core = await loadCore();
  const result = runSpec(core, validateSpec(spec));
  assert.equal(Object.keys(result.mechanism!).sort(), ['biasGrad', 'gradNorm', 'histograms', 'signal']);
  throwsInput(
    () => validateSpec({ ...spec, config: { ...spec.config, telemetry: { histogramEpochs: [2] } } }),
    'config.telemetry.histogramEpochs',
    'must be below epochs (2)',
  );
  throwsInput(
    () => validateSpec({ ...spec, config: { ...spec.config, telemetry: { signal: true } } }),
    'config.telemetry.signal',
    'is not a known field',
  );
});

groups('compare gathers every group by default, histograms at the first and last epoch; --telemetry none, the tutorial alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-mechanism-'));
  try {
    const common = ['compare', '--epochs', '3', '--activations', 'tanh', '--workers', '1'];
    const ran = await runCliCaptured(...common, '--out', join(dir, 'default'));
    assert.is(ran.code, 0, ran.err);
    const written = JSON.parse(readFileSync(join(dir, 'default', 'mechanism.json'), 'utf8')) as Mechanism[];
    assert.equal(Object.keys(written[0]!).sort(), ['activation', 'seed', ...Object.keys(TOLERANCE), 'histograms'].sort());
    assert.equal(
      written[0]!.histograms!.map((h) => h.epoch),
      [0, 2],
    );
    for (const name of ['signal-tanh', 'saturation-tanh', 'histogram-tanh']) {
      assert.ok(existsSync(join(dir, 'default', `${name}.svg`)), `${name}.svg by default`);
    }
    const none = await runCliCaptured(...common, '--telemetry', 'none', '--out', join(dir, 'none'));
    assert.is(none.code, 0, none.err);
    assert.not.ok(existsSync(join(dir, 'none', 'mechanism.json')), 'no mechanism.json with --telemetry none');
    assert.not.ok(existsSync(join(dir, 'none', 'signal-tanh.svg')), 'no signal figure with --telemetry none');
    assert.ok(existsSync(join(dir, 'none', 'history-tanh.svg')), "the tutorial's figures stay");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

groups('compare --telemetry all --histogram-epochs: the figures, and findings read off the numbers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-mechanism-'));
  try {
    const ran = await runCliCaptured(
      'compare',
      '--epochs',
      '4',
      '--activations',
      'sigmoid,relu',
      '--telemetry',
      'all',
      '--histogram-epochs',
      '0,3',
      '--out',
      dir,
      '--workers',
      '1',
    );
    assert.is(ran.code, 0, ran.err);
    for (const name of ['signal-sigmoid', 'saturation-relu', 'histogram-sigmoid']) {
      assert.is(xmlProblem(readFileSync(join(dir, `${name}.svg`), 'utf8')), null, `${name}.svg parses`);
    }
    const written = JSON.parse(readFileSync(join(dir, 'mechanism.json'), 'utf8')) as { activation: string; signal: number[][] }[];
    assert.equal(
      written.map((m) => m.activation),
      ['sigmoid', 'relu'],
      'one entry per run of the study',
    );
    assert.is(written[0]!.signal[0]!.length, 4, 'signal[layer][epoch]');
    // The finding's power of ten is the runs' own ratio at epoch 0.
    const core = await loadCore();
    const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });
    const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation: 'sigmoid', seed: 0 });
    const signal = train(model, data, { epochs: 1, telemetry: { gradients: true } }).mechanism!.signal!;
    model.dispose();
    const expected = `10^${Math.log10(signal[0]![0]! / signal.at(-1)![0]!).toFixed(1)}`;
    assert.match(
      ran.out,
      new RegExp(`With sigmoid, the signal reaching layer 0 is ${expected.replace('^', '\\^')} of the output layer's at epoch 0`),
    );
    const bad = await runCliCaptured('compare', '--epochs', '4', '--telemetry', 'signal', '--no-report');
    assert.is(bad.code, 2);
    assert.match(bad.err, /--telemetry must list groups of gradients, activations, weights \(or be all or none\), got "signal"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

groups.run();
