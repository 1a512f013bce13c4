// Divergence is a result, not a crash: the kernel that finds non-finite parameters, train()'s
// 'stop' and 'throw', honest accuracy for a NaN network, and how compare reports a diverged run
// (table, findings, JSON, report) while the other runs are reported as usual.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inlineExecutor } from '../src/compare/job.js';
import { runStudy } from '../src/compare/study.js';
import { summaryTable } from '../src/compare/table.js';
import type { StudyConfig } from '../src/compare/types.js';
import { BACKENDS, loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { jsonText } from '../src/json.js';
import { Mlp } from '../src/model/mlp.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { writeBlocks } from '../src/train/blocks.js';
import { TrainingDivergedError } from '../src/train/divergence.js';
import { Trainer, train } from '../src/train/train.js';
import { Workspace } from '../src/train/workspace.js';
import { InputError } from '../src/validate.js';
import { runCliCaptured } from './helpers/cli.js';

const LAYERS = [2, 5, 5, 1];
const data = makeCircles({ nSamples: 64, factor: 0.5, noise: 0.1, seed: 1 });
/** Adam with this learning rate sends every activation's weights to NaN within a few epochs. */
const EXPLODING = { name: 'adam' as const, lr: 1e30 };

const kernel = suite('nonFiniteLayer kernel');

for (const backend of BACKENDS) {
  kernel(`${backend}: finds the first layer holding NaN or ±Infinity, in a weight or a bias, and -1 when all is finite`, async () => {
    const core = await loadCore({ backend });
    const model = new Mlp(core, { layers: [2, 7, 9, 1], activation: 'tanh', seed: 0 });
    const workspace = new Workspace(model, 8);
    assert.is(workspace.nonFiniteLayer(), -1);
    // Subnormals and the largest float32 are finite.
    const params = () => core.f32(model.params, model.paramCount);
    params()[0] = 1e-45;
    params()[1] = -3.4028234663852886e38;
    assert.is(workspace.nonFiniteLayer(), -1);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const [l, layer] of model.linear.entries()) {
        // The last weight (a SIMD tail for 9×7 = 63 values) and the last bias of layer l.
        for (const at of [layer.weight + 4 * (layer.nIn * layer.nOut - 1), layer.bias + 4 * (layer.nOut - 1)]) {
          const view = core.f32(at, 1);
          const saved = view[0]!;
          view[0] = bad;
          assert.is(workspace.nonFiniteLayer(), l, `${bad} in layer ${l}`);
          core.f32(at, 1)[0] = saved;
        }
      }
    }
    assert.is(workspace.nonFiniteLayer(), -1);
  });
}

for (const backend of BACKENDS) {
  kernel(`${backend}: evaluateNetwork counts outputs saturated at the wrong end and outputs that are not finite`, async () => {
    const core = await loadCore({ backend });
    // One Linear layer and the sigmoid: p = sigmoid(bias) for every sample.
    const model = new Mlp(core, { layers: [2, 1], seed: 0 });
    const workspace = new Workspace(model, 64);
    const table = writeBlocks(core, data, 64);
    const ones = data.y.reduce((a, b) => a + b, 0);
    const at = (bias: number) => {
      core.f32(model.params, model.paramCount).set([0, 0, bias]);
      return workspace.evaluate(table);
    };
    assert.equal([at(0).saturated, at(0).nonFinite], [0, 0], 'p = 0.5');
    assert.is(at(100).saturated, data.nSamples - ones, 'p = 1: every label 0 is saturated at the wrong end');
    assert.is(at(-100).saturated, ones, 'p ≈ 0: every label 1');
    // 1 − sigmoid(17) ≈ 4e-8 is below float32's last step, 2^-24: saturated; 1 − sigmoid(14) ≈ 8e-7 is not.
    assert.is(at(17).saturated, data.nSamples - ones);
    assert.is(at(14).saturated, 0);
    assert.is(at(Number.NaN).nonFinite, data.nSamples);
    table.dispose();
    workspace.dispose();
    model.dispose();
  });
}

const training = suite('train() on a diverging run');

training("'stop' (the default) ends at the diverged epoch, records it, and shows no finite accuracy", async () => {
  const core = await loadCore();
  const model = new Mlp(core, { layers: LAYERS, activation: 'relu', seed: 0 });
  const history = train(model, data, { epochs: 50, optimizer: EXPLODING });
  assert.ok(history.diverged, 'diverged is set');
  const { epoch } = history.diverged!;
  assert.ok(epoch < 50);
  assert.is(history.bce.length, epoch + 1, 'training stopped at the diverged epoch');
  assert.is(history.accuracy.length, epoch + 1);
  for (const series of history.grad) assert.is(series.length, epoch + 1);
  assert.ok(Number.isNaN(history.accuracy.at(-1)), `accuracy of a non-finite network is NaN, got ${history.accuracy.at(-1)}`);
  assert.ok(!Number.isFinite(history.bce.at(-1)!) || history.diverged!.layer !== null);
  assert.ok(history.bce.slice(0, -1).every(Number.isFinite), 'the epochs before it are finite');
});

training("'throw' raises a TrainingDivergedError naming the epoch and the first layer, with the history so far", async () => {
  const core = await loadCore();
  const model = new Mlp(core, { layers: LAYERS, activation: 'relu', seed: 0 });
  try {
    train(model, data, { epochs: 50, optimizer: EXPLODING, onNonFinite: 'throw' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, TrainingDivergedError);
    const { divergence, history } = error as TrainingDivergedError;
    assert.match((error as Error).message, `training diverged at epoch ${divergence.epoch}: `);
    assert.match((error as Error).message, divergence.layer === null ? 'the outputs' : `layer${divergence.layer}.weight`);
    assert.is(history.bce.length, divergence.epoch + 1);
  }
});

training('onNonFinite must be stop or throw', async () => {
  const core = await loadCore();
  const model = new Mlp(core, { layers: LAYERS, seed: 0 });
  assert.throws(
    () => train(model, data, { epochs: 1, onNonFinite: 'ignore' as 'stop' }),
    (e: unknown) => e instanceof InputError && /onNonFinite must be one of stop, throw, got "ignore"/.test(e.message),
  );
});

training('a diverged Trainer runs no further epoch', async () => {
  const core = await loadCore();
  const model = new Mlp(core, { layers: LAYERS, seed: 0 });
  const trainer = new Trainer(model, data, { optimizer: resolveOptimizer(EXPLODING) });
  for (let e = 0; e < 50 && !trainer.history.diverged; e++) trainer.epoch();
  assert.ok(trainer.history.diverged);
  assert.throws(
    () => trainer.epoch(),
    (e: unknown) => e instanceof TrainingDivergedError,
  );
  trainer.dispose();
});

training('an all-NaN network has accuracy NaN, not 0.5, and not 1.0 when every label is 0', async () => {
  const core = await loadCore();
  const zeros: Dataset = { ...data, y: new Uint8Array(data.nSamples), name: 'all zeros' };
  for (const set of [data, zeros]) {
    const model = new Mlp(core, { layers: LAYERS, seed: 0 });
    core.f32(model.params, model.paramCount).fill(Number.NaN);
    const trainer = new Trainer(model, set);
    trainer.epoch();
    assert.ok(Number.isNaN(trainer.history.accuracy[0]), `${set.name}: accuracy ${trainer.history.accuracy[0]}`);
    assert.ok(Number.isNaN(trainer.history.bce[0]));
    assert.equal(trainer.history.diverged, { epoch: 0, layer: 0 });
    trainer.dispose();
  }
});

training('a finite run is unchanged: diverged stays null', async () => {
  const core = await loadCore();
  const model = new Mlp(core, { layers: LAYERS, seed: 0 });
  const history = train(model, data, { epochs: 3 });
  assert.is(history.diverged, null);
  assert.is(history.bce.length, 3);
});

const study = suite('compare with diverging runs');

const config = (overrides: Partial<StudyConfig> = {}): StudyConfig => ({
  activations: ['relu', 'sigmoid'],
  layers: LAYERS,
  epochs: 20,
  batchSize: 32,
  optimizer: resolveOptimizer(EXPLODING),
  seeds: 1,
  data: { kind: 'circles', name: data.name, samples: data.nSamples },
  ...overrides,
});

study('runStudy reports a diverged run instead of throwing, and the others as usual', async () => {
  const core = await loadCore();
  const result = await runStudy(config(), data, { executor: inlineExecutor(core), core, withIdentity: true });
  const relu = result.summaries.find((s) => s.activation === 'relu')!;
  assert.ok(relu.diverged, 'relu diverged');
  assert.equal(relu.finalAccuracy.values, []);
  const table = summaryTable(result.summaries, 1);
  assert.match(table, `diverged at epoch ${relu.diverged!.epoch}`);
  assert.not.match(table, 'NaN');
  assert.ok(
    result.findings.some((f) => f.startsWith(`relu diverged at epoch ${relu.diverged!.epoch}`)),
    result.findings.join('\n'),
  );
  assert.not.ok(
    result.findings.some((f) => /NaN \(|10\^NaN|10\^-?Infinity/.test(f)),
    result.findings.join('\n'),
  );
  assert.not.ok(
    result.boundaries.some((b) => b.activation === 'relu'),
    'no boundary for a NaN network',
  );
});

study('a saturated run (BCE 50: the clamp at −100) is called out in the findings', async () => {
  const core = await loadCore();
  const result = await runStudy(config({ activations: ['sigmoid'] }), data, { executor: inlineExecutor(core), core });
  const sigmoid = result.summaries[0]!;
  if (sigmoid.diverged) return assert.ok(result.findings[0]!.startsWith('sigmoid diverged'));
  assert.ok(sigmoid.saturatedShare.mean > 0.01, `saturated share ${sigmoid.saturatedShare.mean}`);
  assert.ok(
    result.findings.some((f) => f.startsWith('Outputs saturated for sigmoid') && f.includes('its clamp of 100')),
    result.findings.join('\n'),
  );
});

study('a table with one of several seeds diverged says so under it, and the row is over the rest', () => {
  const stat = (values: number[]) => ({ mean: values.reduce((a, b) => a + b, 0) / values.length, ci95: 0.01, values });
  const table = summaryTable(
    [
      {
        activation: 'relu',
        finalAccuracy: stat([0.9, 0.8]),
        finalBce: stat([0.2, 0.3]),
        epochTo90: null,
        gradRatio: stat([0, 0]),
        deadShare: null,
        ms: stat([1, 1, 1]),
        saturatedShare: stat([0, 0]),
        finalValAccuracy: null,
        generalisationGap: null,
        diverged: { seeds: [1], epoch: 7, of: 3 },
      },
    ],
    3,
  );
  assert.match(table, 'relu *');
  assert.match(table, '* relu diverged at epoch 7 (1 of 3 seeds): its row is over the other 2.');
  assert.not.match(table, '10^');
});

/** A study small enough for a test: two activations, 10 epochs on 100 points, on this thread. */
const SMALL_STUDY = ['--epochs', '10', '--samples', '100', '--activations', 'relu,tanh', '--workers', '1'];

study('actlab compare --lr 1e30: exit 0, the table and findings say "diverged", JSON keeps NaN explicit', async () => {
  const { code, out, err } = await runCliCaptured('compare', '--lr', '1e30', ...SMALL_STUDY, '--no-report');
  assert.is(code, 0, err);
  assert.match(out, /relu +diverged at epoch \d+/);
  // NaN only in the words "became NaN or ±Infinity", never as a number shown.
  assert.not.match(out.replaceAll('NaN or ±Infinity', ''), 'NaN');
  const json = await runCliCaptured('compare', '--lr', '1e30', '--epochs', '10', '--samples', '100', '--activations', 'relu', '--json');
  assert.is(json.code, 0, json.err);
  assert.not.match(json.out, 'null');
  const rows = JSON.parse(json.out) as { bce: number | string; accuracy: number | string }[];
  assert.is(rows.at(-1)!.accuracy, 'NaN');
});

study('actlab compare --optimizer sgd --lr 0.1 --momentum 5 writes a report that says which run diverged', async () => {
  const out = mkdtempSync(join(tmpdir(), 'actlab-diverged-'));
  try {
    const sgd = ['--optimizer', 'sgd', '--lr', '0.1', '--momentum', '5'];
    const { code, err } = await runCliCaptured('compare', ...sgd, ...SMALL_STUDY, '--quiet', '--out', out);
    assert.is(code, 0, err);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    assert.match(page, /diverged at epoch \d+/);
    assert.not.match(page, 'NaN%');
    const history = readFileSync(join(out, 'history.json'), 'utf8');
    assert.not.match(history, 'null');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

study('actlab train on a diverging spec logs the diverged epoch, and --json carries it with NaN explicit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-diverged-spec-'));
  try {
    const file = join(dir, 'spec.json');
    const X = Array.from({ length: data.nSamples }, (_, i) => [data.X[2 * i]!, data.X[2 * i + 1]!]);
    const config = { layers: LAYERS, activation: 'relu', epochs: 50, optimizer: EXPLODING };
    writeFileSync(file, JSON.stringify({ config, data: { X, y: Array.from(data.y) } }));
    const log = await runCliCaptured('train', file);
    assert.is(log.code, 0, log.err);
    const line = log.out.match(/Training diverged at epoch (\d+): (layer\d+\.weight or layer\d+\.bias|the outputs)/);
    assert.ok(line, log.out);
    assert.match(log.out, `Epoch ${line![1]}: BCE=`);
    assert.match(log.out, `Trained ${Number(line![1]) + 1} epochs`);
    const json = await runCliCaptured('train', file, '--json');
    const parsed = JSON.parse(json.out) as { accuracy: (number | string)[]; diverged: { epoch: number } };
    assert.is(parsed.diverged.epoch, Number(line![1]));
    assert.is(parsed.accuracy.at(-1), 'NaN');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

study('jsonText keeps NaN and ±Infinity as strings, anywhere in the value', () => {
  assert.is(
    jsonText({ a: Number.NaN, b: [1, Number.POSITIVE_INFINITY, { c: Number.NEGATIVE_INFINITY }], d: 0.5 }),
    '{"a":"NaN","b":[1,"Infinity",{"c":"-Infinity"}],"d":0.5}',
  );
  assert.ok(Number.isNaN(Number(JSON.parse(jsonText(Number.NaN)))), 'Number() reads it back');
});

kernel.run();
training.run();
study.run();
