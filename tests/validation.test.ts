// Held-out data: the stratified, seeded split; a Trainer that evaluates a validation set after
// every epoch while its training metrics stay those of the rows it trains on; specs; and compare's
// --validation-split / --validation-data with the table's validation accuracy and gap.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { stratifiedSplit } from '../src/datasets/split.js';
import { predict } from '../src/model/inspect.js';
import { Mlp } from '../src/model/mlp.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { runSpec, validateSpec } from '../src/spec/spec.js';
import { train } from '../src/train/train.js';
import { runCliCaptured } from './helpers/cli.js';
import { throwsInput } from './helpers/throws.js';

const core = await loadCore();
const data = makeCircles({ nSamples: 200, seed: 4 });
const LAYERS = [2, 6, 6, 1];
const rows = (d: Dataset) => Array.from({ length: d.nSamples }, (_, i) => [d.X[2 * i]!, d.X[2 * i + 1]!, d.y[i]!]);

const split = suite('validation: the stratified split');

split('each class gives round(share · its rows), the parts are disjoint, cover the data and keep its order', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (share, seed) => {
      const { train: kept, validation } = stratifiedSplit(data, share, new Mt19937(seed));
      for (const label of [0, 1]) {
        const all = data.y.filter((y) => y === label).length;
        const held = validation.y.filter((y) => y === label).length;
        assert.is(held, Math.min(all - 1, Math.max(1, Math.round(share * all))), `class ${label}`);
      }
      assert.is(kept.nSamples + validation.nSamples, data.nSamples);
      // Both parts are subsequences of the data, and together every row once.
      const original = rows(data).map((r) => r.join());
      const index = (r: number[]) => original.indexOf(r.join());
      for (const part of [kept, validation]) {
        const at = rows(part).map(index);
        assert.ok(
          at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1]!)),
          'in the data order',
        );
      }
      assert.equal(new Set([...rows(kept), ...rows(validation)].map((r) => r.join())).size, data.nSamples);
    }),
    { numRuns: 40, seed: 11 },
  );
});

split('the same seed holds out the same rows; another seed other rows', () => {
  const a = stratifiedSplit(data, 0.25, new Mt19937(3));
  assert.equal(stratifiedSplit(data, 0.25, new Mt19937(3)), a);
  assert.not.equal(rows(stratifiedSplit(data, 0.25, new Mt19937(4)).validation), rows(a.validation));
});

split('a share outside (0, 1) or one that leaves a side empty is refused by field', () => {
  for (const bad of [0, 1, -0.1, 1.5, Number.NaN, '0.2']) {
    throwsInput(() => stratifiedSplit(data, bad as number, new Mt19937(0)), 'validationSplit', 'must be a number in (0, 1)');
  }
  const two: Dataset = { X: Float64Array.from([0, 0, 1, 1]), y: Uint8Array.from([0, 0]), nSamples: 2, nFeatures: 2, name: 'two' };
  // One class of two rows: one row each side whatever the share.
  assert.is(stratifiedSplit(two, 0.01, new Mt19937(0)).validation.nSamples, 1);
  const one: Dataset = { X: Float64Array.from([0, 0]), y: Uint8Array.from([1]), nSamples: 1, nFeatures: 2, name: 'one' };
  throwsInput(() => stratifiedSplit(one, 0.2, new Mt19937(0)), 'validationSplit', 'holds out no row');
  throwsInput(() => stratifiedSplit(one, 0.8, new Mt19937(0)), 'validationSplit', 'leaves no row');
});

split.run();

const trainer = suite('validation: training with held-out rows');

trainer('validationSplit trains on the rest exactly as training on those rows alone, and scores the held-out ones', () => {
  const held = stratifiedSplit(data, 0.3, new Mt19937(9));
  const a = new Mlp(core, { layers: LAYERS, activation: 'tanh', seed: 1 });
  const withSplit = train(a, data, { epochs: 5, optimizer: { name: 'adam', lr: 1e-2 }, validationSplit: 0.3, seed: 9 });
  const b = new Mlp(core, { layers: LAYERS, activation: 'tanh', seed: 1 });
  const alone = train(b, held.train, { epochs: 5, optimizer: { name: 'adam', lr: 1e-2 }, seed: 9 });
  // The training metrics are those of the rows trained on, as before: replays are untouched.
  assert.equal(withSplit.bce, alone.bce);
  assert.equal(withSplit.accuracy, alone.accuracy);
  assert.equal(withSplit.grad, alone.grad);
  assert.equal(a.parameters(), b.parameters());
  assert.is(alone.valBce, undefined, 'no validation, no valBce');
  // valAccuracy is the final model's accuracy on the held-out rows, as predict() sees it.
  const p = predict(
    a,
    rows(held.validation).map(([x1, x2]) => [x1!, x2!]),
  );
  const correct = rows(held.validation).filter(([, , y], i) => (p[i]! > 0.5 ? 1 : 0) === y).length;
  assert.is(withSplit.valAccuracy!.length, 5);
  assert.is(withSplit.valAccuracy!.at(-1), correct / held.validation.nSamples);
  const bce =
    -rows(held.validation).reduce((s, [, , y], i) => s + (y ? Math.log(p[i]!) : Math.log(1 - p[i]!)), 0) / held.validation.nSamples;
  assert.ok(Math.abs(withSplit.valBce!.at(-1)! - bce) < 1e-6, `valBce ${withSplit.valBce!.at(-1)} vs ${bce}`);
  // The same rows given as validationData give the same numbers.
  const c = new Mlp(core, { layers: LAYERS, activation: 'tanh', seed: 1 });
  const explicit = train(c, held.train, { epochs: 5, optimizer: { name: 'adam', lr: 1e-2 }, seed: 9, validationData: held.validation });
  assert.equal(explicit, withSplit);
  for (const m of [a, b, c]) m.dispose();
});

trainer('a validation set larger than the training rows fits the workspace', () => {
  const m = new Mlp(core, { layers: LAYERS, seed: 0 });
  const history = train(m, data, { epochs: 2, validationSplit: 0.9, batchSize: 8 });
  assert.is(history.valAccuracy!.length, 2);
  assert.ok(history.valAccuracy!.every((a) => a >= 0 && a <= 1));
  m.dispose();
});

trainer('refusals name the field: both kinds of validation, a share out of range, other features', () => {
  const m = new Mlp(core, { layers: LAYERS, seed: 0 });
  throwsInput(
    () => train(m, data, { validationSplit: 0.2, validationData: data }),
    'validationSplit',
    'cannot be combined with validationData',
  );
  throwsInput(() => train(m, data, { validationSplit: 1 }), 'validationSplit', 'must be a number in (0, 1)');
  const wide: Dataset = { X: new Float64Array(3), y: Uint8Array.from([1]), nSamples: 1, nFeatures: 3, name: 'wide' };
  throwsInput(() => train(m, data, { validationData: wide }), 'validationData.X[0]', 'must have 2 values');
  m.dispose();
});

trainer.run();

const specs = suite('validation: specs and compare');

specs('a spec takes config.validationSplit or a validation set, not both', () => {
  const X = rows(data).map(([a, b]) => [a!, b!]);
  const y = rows(data).map(([, , l]) => l!);
  const base = { config: { layers: LAYERS, activation: 'relu', epochs: 2, optimizer: { name: 'adam', lr: 1e-2 } }, data: { X, y } };
  const split = runSpec(core, validateSpec({ ...base, config: { ...base.config, validationSplit: 0.25 } }));
  assert.is(split.valAccuracy!.length, 2);
  const explicit = runSpec(core, validateSpec({ ...base, validation: { X: X.slice(0, 20), y: y.slice(0, 20) } }));
  assert.is(explicit.valBce!.length, 2);
  assert.is(runSpec(core, validateSpec(base)).valBce, undefined);
  throwsInput(
    () => validateSpec({ ...base, config: { ...base.config, validationSplit: 0.2 }, validation: { X, y } }),
    'config.validationSplit',
    'cannot be combined',
  );
  throwsInput(() => validateSpec({ ...base, config: { ...base.config, validationSplit: 0 } }), 'config.validationSplit');
  throwsInput(() => validateSpec({ ...base, validation: { X: [[1, 2, 3]], y: [0] } }), 'validation.X[0]', 'must have 2 values');
});

specs(
  'compare --validation-split / --validation-data: the table shows validation accuracy and the gap; history.csv their columns',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-validation-'));
    try {
      const split = await runCliCaptured(
        'compare',
        '--epochs',
        '3',
        '--activations',
        'relu,tanh',
        '--validation-split',
        '0.2',
        '--out',
        dir,
        '--workers',
        '1',
      );
      assert.is(split.code, 0, split.err);
      assert.match(split.out, /activation\s+accuracy\s+val accuracy\s+gap \(points\)\s+BCE/);
      const csv = readFileSync(join(dir, 'history.csv'), 'utf8').split('\n');
      assert.ok(csv[0]!.startsWith('activation,seed,epoch,bce,accuracy,val_bce,val_accuracy,grad_0'), csv[0]);
      assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), /generalisation gap/);
      const file = join(dir, 'held.csv');
      writeFileSync(
        file,
        `x1,x2,label\n${rows(data)
          .slice(0, 30)
          .map((r) => r.join(','))
          .join('\n')}\n`,
      );
      const explicit = await runCliCaptured('compare', '--epochs', '2', '--activations', 'relu', '--validation-data', file, '--no-report');
      assert.is(explicit.code, 0, explicit.err);
      assert.match(explicit.out, /val accuracy/);
      for (const [args, message] of [
        [['--validation-split', '1'], /--validation-split must be a number in \(0, 1\), got "1"/],
        [['--validation-split', 'x'], /--validation-split/],
        [['--validation-split', '0.2', '--validation-data', file], /--validation-split .*cannot be combined with --validation-data/],
        [['--validation-data', join(dir, 'missing.csv')], /missing\.csv/],
      ] as const) {
        const bad = await runCliCaptured('compare', '--epochs', '1', '--no-report', ...args);
        assert.is(bad.code, 2, `${args.join(' ')}: ${bad.err}`);
        assert.match(bad.err, message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

specs.run();
