// The MLP (initialisation, state dicts) and train() as a library: determinism, options, errors.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { predict } from '../src/model/inspect.js';
import { Mlp } from '../src/model/mlp.js';
import { Trainer, train } from '../src/train/train.js';
import { InputError } from '../src/validate.js';

const core = await loadCore();
const TUTORIAL = [2, 5, 5, 5, 5, 1];
const data = makeCircles({ nSamples: 200, factor: 0.5, noise: 0.1, seed: 42 });

const model = suite('Mlp');

model('initialises as nn.Linear: uniform in ±1/√fan_in, seeded', () => {
  const a = new Mlp(core, { layers: [2, 8, 3, 1], activation: 'tanh', seed: 5 });
  const dict = a.stateDict();
  assert.equal(Object.keys(dict), ['layer0.weight', 'layer0.bias', 'layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias']);
  for (const [l, fanIn] of [
    [0, 2],
    [1, 8],
    [2, 3],
  ] as const) {
    const values = [...(dict[`layer${l}.weight`] as number[][]).flat(), ...(dict[`layer${l}.bias`] as number[])];
    const bound = 1 / Math.sqrt(fanIn);
    assert.ok(
      values.every((v) => Math.abs(v) <= bound),
      `layer ${l} within ±${bound}`,
    );
    assert.ok(Math.max(...values.map(Math.abs)) > bound / 3, `layer ${l} spreads over the range`);
  }
  assert.equal(new Mlp(core, { layers: [2, 8, 3, 1], activation: 'tanh', seed: 5 }).parameters(), a.parameters());
  assert.not.equal(new Mlp(core, { layers: [2, 8, 3, 1], activation: 'tanh', seed: 6 }).parameters(), a.parameters());
});

model('stateDict and loadStateDict round-trip with PyTorch shapes', () => {
  const a = new Mlp(core, { layers: TUTORIAL, seed: 1 });
  const b = new Mlp(core, { layers: TUTORIAL, seed: 2 });
  b.loadStateDict(a.stateDict());
  assert.equal(b.parameters(), a.parameters());
  const w = a.stateDict()['layer1.weight'] as number[][];
  assert.is(w.length, 5);
  assert.is(w[0]!.length, 5);
});

model('loadStateDict rejects a bad dict without touching the parameters', () => {
  const a = new Mlp(core, { layers: [2, 3, 1], seed: 1 });
  const before = a.parameters();
  const dict = a.stateDict();
  (dict['layer1.weight'] as number[][])[0]!.push(1);
  assert.throws(() => a.loadStateDict(dict), /stateDict\.layer1\.weight\[0\] must have 3 values/);
  assert.throws(
    () => a.loadStateDict({ ...a.stateDict(), 'layer0.bias': [0, 0, NaN] }),
    /stateDict\.layer0\.bias\[2\] must be a finite number, got NaN/,
  );
  assert.equal(a.parameters(), before);
});

model('bad options name the field and value', () => {
  assert.throws(() => new Mlp(core, { layers: [2] }), /layers must list at least 2 layer sizes/);
  assert.throws(() => new Mlp(core, { layers: [2, 4.5, 1] }), /layers\[1\] must be an integer >= 1, got 4\.5/);
  assert.throws(() => new Mlp(core, { layers: [2, 4, 2] }), /layers\[2\] must be 1/);
  // @ts-expect-error: ActivationName is a literal union, so a typo fails to type-check (npm test runs tsc).
  assert.throws(() => new Mlp(core, { layers: [2, 4, 1], activation: 'swish' }), /unknown activation "swish"/);
  assert.throws(() => new Mlp(core, { layers: [2, 4, 1], activation: 'relu', activationOptions: { alpha: 1 } }), /relu/);
  assert.throws(() => new Mlp(core, { layers: [2, 4, 1], seed: -1 }), /seed must be an integer in \[0, 4294967295\], got -1/);
});

model('predict takes rows or a flat array, and gives the same P(label 1) for both', () => {
  const m = new Mlp(core, { layers: [2, 4, 1], activation: 'tanh', seed: 3 });
  const rows = [
    [0.5, -1],
    [2, 0.25],
    [-0.75, 3],
  ];
  const fromRows = predict(m, rows);
  assert.is(fromRows.length, 3);
  assert.equal(predict(m, rows.flat()), fromRows);
  assert.equal(predict(m, Float64Array.from(rows.flat())), fromRows);
  assert.equal(
    predict(
      m,
      rows.map((r) => Float32Array.from(r)),
    ),
    fromRows,
  );
  assert.equal(predict(m, []), new Float32Array(0));
  // Against the network written out by hand from its state dict (float64, so to float32 rounding).
  const dict = m.stateDict();
  const [w0, b0, w1, b1] = ['layer0.weight', 'layer0.bias', 'layer1.weight', 'layer1.bias'].map((k) => dict[k]) as [
    number[][],
    number[],
    number[][],
    number[],
  ];
  rows.forEach((x, i) => {
    const hidden = w0.map((w, j) => Math.tanh(w[0]! * x[0]! + w[1]! * x[1]! + b0[j]!));
    const logit = hidden.reduce((sum, h, j) => sum + w1[0]![j]! * h, b1[0]!);
    assert.ok(Math.abs(fromRows[i]! - 1 / (1 + Math.exp(-logit))) < 1e-6, `row ${i}: ${fromRows[i]}`);
  });
});

model('predict rejects bad input with an InputError naming the field, and allocates nothing', () => {
  const m = new Mlp(core, { layers: [2, 4, 1], seed: 3 });
  const inUse = core.arena.bytesInUse;
  const cases: [unknown, RegExp][] = [
    [[0.5, 1, 2], /X\.length must be a multiple of 2 \(the network's input size\) for a flat array, got 3/],
    [[[0.5, 1], [2]], /X\[1\] must be a row of 2 numbers \(the network's input size\), got \[2\]/],
    [[[0.5, 1], 3], /X\[1\] must be a row of 2 numbers/],
    [
      [
        [0.5, 1],
        [2, NaN],
      ],
      /X\[1\]\[1\] must be a finite number, got NaN/,
    ],
    [[0.5, '1'], /X\[1\] must be a finite number, got "1"/],
    [[0.5, [1]], /X\[1\] must be a finite number, got \[1\]/],
    ['0.5,1', /X must be an array of rows or a flat array of numbers, got "0\.5,1"/],
    [{ length: 2 }, /X must be an array of rows or a flat array of numbers/],
    [null, /X must be an array of rows or a flat array of numbers, got null/],
  ];
  for (const [input, message] of cases) {
    try {
      predict(m, input as number[]);
      assert.unreachable(`accepted ${JSON.stringify(input)}`);
    } catch (error) {
      assert.instance(error, InputError);
      assert.match((error as Error).message, message);
    }
  }
  assert.is(core.arena.bytesInUse, inUse);
});

model.run();

const training = suite('train');

training("history has the tutorial's shape; epochs 0 is refused, as the CLI refuses it, and changes nothing", () => {
  const m = new Mlp(core, { layers: TUTORIAL, activation: 'relu', seed: 0 });
  const h = train(m, data, { epochs: 4, batchSize: 64 });
  assert.is(h.bce.length, 4);
  assert.is(h.accuracy.length, 4);
  assert.is(h.grad.length, 5);
  assert.ok(h.grad.every((g) => g.length === 4 && g.every((v) => v > 0)));
  const before = m.parameters();
  const inUse = core.arena.bytesInUse;
  assert.throws(() => train(m, data, { epochs: 0 }), /epochs must be an integer >= 1, got 0/);
  assert.equal(m.parameters(), before);
  assert.is(core.arena.bytesInUse, inUse, 'nothing allocated');
});

training('learns circles with relu, and hands its workspace back', () => {
  const inUse = core.arena.bytesInUse;
  const m = new Mlp(core, { layers: [2, 16, 16, 1], activation: 'relu', seed: 1 });
  const withModel = core.arena.bytesInUse;
  const h = train(m, data, { epochs: 60, batchSize: 16, optimizer: { name: 'adam', lr: 1e-2 } });
  assert.ok(h.accuracy.at(-1)! > 0.95, `accuracy ${h.accuracy.at(-1)}`);
  assert.is(core.arena.bytesInUse, withModel);
  m.dispose();
  assert.is(core.arena.bytesInUse, inUse);
});

training('shuffle is seeded: same seed, same history; differs from in-order', () => {
  const run = (options: object) => train(new Mlp(core, { layers: [2, 6, 1], seed: 0 }), data, { epochs: 3, batchSize: 16, ...options });
  assert.equal(run({ shuffle: true, seed: 9 }), run({ shuffle: true, seed: 9 }));
  assert.not.equal(run({ shuffle: true, seed: 9 }).bce, run({ shuffle: false }).bce);
  assert.not.equal(run({ shuffle: true, seed: 9 }).bce, run({ shuffle: true, seed: 10 }).bce);
});

training('Trainer, one epoch at a time, gives the same bits as train()', () => {
  const a = new Mlp(core, { layers: TUTORIAL, activation: 'tanh', seed: 4 });
  const whole = train(a, data, { epochs: 6, shuffle: true, seed: 3 });
  const b = new Mlp(core, { layers: TUTORIAL, activation: 'tanh', seed: 4 });
  const trainer = new Trainer(b, data, { shuffle: true, seed: 3 });
  for (let e = 0; e < 6; e++) trainer.epoch();
  assert.equal(trainer.history, whole);
  assert.equal(b.parameters(), a.parameters());
  trainer.dispose();
  assert.throws(() => trainer.epoch(), /disposed/);
});

training('onEpoch sees each epoch as it ends', () => {
  const seen: number[] = [];
  train(new Mlp(core, { layers: [2, 3, 1] }), data, { epochs: 3, onEpoch: (e, h) => seen.push(e, h.bce.length) });
  assert.equal(seen, [0, 1, 1, 2, 2, 3]);
});

training('bad options name the field and value', () => {
  const m = new Mlp(core, { layers: [2, 3, 1] });
  assert.throws(() => train(m, data, { batchSize: 0 }), /batchSize must be an integer >= 1, got 0/);
  assert.throws(() => train(m, data, { epochs: -1 }), /epochs must be an integer >= 1, got -1/);
  assert.throws(() => train(m, data, { epochs: 2.5 }), /epochs must be an integer >= 1, got 2\.5/);
  assert.throws(() => train(m, data, { optimizer: { name: 'adam', lr: -1 } }), /optimizer\.lr must be > 0, got -1/);
  assert.throws(() => train(m, data, { optimizer: { name: 'sgd' } as never }), /optimizer\.lr is required for sgd/);
  assert.throws(() => train(m, data, { optimizer: { name: 'sgd', lr: 0.1, nesterov: true } }), /optimizer\.nesterov requires momentum > 0/);
  assert.throws(() => train(m, data, { optimizer: { name: 'adam', betas: [0.9, 1] } }), /optimizer\.betas\[1\] must be in \[0, 1\), got 1/);
  const wide = { ...data, X: new Float64Array(data.nSamples * 3), nFeatures: 3 };
  assert.throws(() => train(m, wide), /data\.X\[0\] must have 2 values/);
  const nan = { ...data, X: Float64Array.from(data.X, (v, k) => (k === 5 ? NaN : v)) };
  assert.throws(() => train(m, nan), /data\.X\[2\]\[1\] must be a finite number, got NaN/);
});

training.run();
