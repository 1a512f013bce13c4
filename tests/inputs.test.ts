// Strict inputs (issue 9): values beyond float32, null, unknown keys, huge sizes, non-decimal CLI
// numbers, leaked internal markers and seed errors. Each case was accepted (or misreported) by
// 2c45f6b; every run that the old code would have let through is kept tiny or cut short, so a
// regression fails fast instead of hanging.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateActivation } from '../src/activations/kernels.js';
import { MAX_SPEC_BYTES } from '../src/cli/read-spec.js';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { parseCsvDataset } from '../src/datasets/csv.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { makeGaussian } from '../src/datasets/gaussian.js';
import { makeMoons } from '../src/datasets/moons.js';
import { readCsvDataset } from '../src/datasets/read-csv.js';
import { makeDataset } from '../src/datasets/registry.js';
import { makeSpiral } from '../src/datasets/spiral.js';
import { makeXor } from '../src/datasets/xor.js';
import { MAX_BATCH_SIZE, MAX_EPOCHS, MAX_LAYER_SIZE, MAX_SAMPLES } from '../src/limits.js';
import { predict } from '../src/model/inspect.js';
import { Mlp, type MlpOptions } from '../src/model/mlp.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { parseSpecText, validateSpec } from '../src/spec/spec.js';
import { Trainer, type TrainOptions, train } from '../src/train/train.js';
import { DECIMAL, describeValue } from '../src/validate.js';
import { runCliCaptured } from './helpers/cli.js';
import { throwsInputFor as throwsInput } from './helpers/throws.js';

const core = await loadCore();
const F32_OVERFLOW = 1e39;

/** A small valid spec: 8 rows, 2→3→1, one epoch. */
function smallSpec(): any {
  return {
    config: { layers: [2, 3, 1], activation: 'elu', epochs: 1 },
    data: {
      X: [
        [0, 1],
        [1, 0],
        [0.5, 0.5],
        [-1, 0],
        [0, -1],
        [0.2, -0.3],
        [-0.4, 0.1],
        [0.9, 0.9],
      ],
      y: [0, 1, 0, 1, 0, 1, 0, 1],
    },
  };
}

/** smallSpec() with `edit` applied, validated. */
function specWith(edit: (spec: any) => void): () => unknown {
  const spec = smallSpec();
  edit(spec);
  return () => validateSpec(spec);
}

const data8: Dataset = (() => {
  const spec = validateSpec(smallSpec());
  return spec.data;
})();

/** The CLI in-process: exit code 2 and one stderr line `actlab: <field> ...`. */
async function cliRefuses(argv: string[], field: string, ...fragments: string[]): Promise<void> {
  const { code, out, err } = await runCliCaptured(...argv);
  assert.is(code, 2, `${argv.join(' ')}: exit ${code}, stderr ${err}`);
  assert.is(out, '', 'nothing on stdout');
  const lines = err.split('\n').filter((line) => line !== '');
  assert.is(lines.length, 1, `one line: ${err}`);
  assert.ok(lines[0]!.startsWith(`actlab: ${field} `), `names ${field}: ${err}`);
  for (const fragment of fragments) assert.ok(err.includes(fragment), `"${err.trim()}" lacks "${fragment}"`);
  assert.not.ok(err.includes('__actlab'), `no internal marker: ${err}`);
}

/** The smallest compare run; on the old code anything these flags let through finished in a moment. */
const TINY_COMPARE = ['compare', '--activations', 'relu', '--epochs', '1', '--samples', '8', '--no-report', '--json', '--workers', '1'];

const dir = mkdtempSync(join(tmpdir(), 'actlab-inputs-'));
let files = 0;
function specFile(text: string): string {
  const path = join(dir, `spec-${files++}.json`);
  writeFileSync(path, text);
  return path;
}

// ---------------------------------------------------------------------------------------------
const float32 = suite('values finite in float64 but not in float32 are refused, by field');

float32('spec data, a Dataset from code, predict()', () => {
  throwsInput(
    specWith((s) => {
      s.data.X[3][1] = F32_OVERFLOW;
    }),
    'data.X[3][1]',
    'float32',
    '1e+39',
  );
  const model = new Mlp(core, { layers: [2, 3, 1], seed: 0 });
  const X = Float64Array.from(data8.X);
  X[5] = -F32_OVERFLOW;
  throwsInput(() => train(model, { ...data8, X }, { epochs: 1 }), 'data.X[2][1]', 'float32', '-1e+39');
  throwsInput(
    () =>
      predict(model, [
        [0, 0],
        [F32_OVERFLOW, 0],
      ]),
    'X[1][0]',
    'float32',
  );
  throwsInput(() => predict(model, [0, 0, 0, F32_OVERFLOW]), 'X[3]', 'float32');
  throwsInput(() => predict(model, Float64Array.of(F32_OVERFLOW, 0)), 'X[0]', 'float32');
  // The largest float32 itself is fine.
  assert.is(predict(model, [[3.4028234663852886e38, 0]]).length, 1);
});

float32('init and state-dict values', () => {
  const model = new Mlp(core, { layers: [2, 3, 1], seed: 0 });
  const dict = model.stateDict();
  (dict['layer1.bias'] as number[])[0] = F32_OVERFLOW;
  throwsInput(() => model.loadStateDict(dict), 'stateDict.layer1.bias[0]', 'float32');
  throwsInput(
    specWith((s) => {
      s.init = dict;
    }),
    'init.layer1.bias[0]',
    'float32',
  );
});

float32('activation options, the noise and CSV coordinates', () => {
  throwsInput(
    () => new Mlp(core, { layers: [2, 3, 1], activation: 'leaky_relu', activationOptions: { negativeSlope: 1e39 } }),
    'activationOptions.negativeSlope',
  );
  throwsInput(
    specWith((s) => {
      s.config.activation = 'elu';
      s.config.activationOptions = { alpha: -F32_OVERFLOW };
    }),
    'config.activationOptions.alpha',
    'float32',
  );
  throwsInput(() => makeCircles({ noise: F32_OVERFLOW }), 'noise', 'float32');
  throwsInput(() => makeDataset('moons', { noise: F32_OVERFLOW }), 'noise', 'float32');
  assert.throws(() => parseCsvDataset('x1,x2,label\n0,0,0\n1e39,0,1\n'), /line 3: x1 must be a finite number within float32 range/);
});

float32('the CLI: --at, --noise and activation options', async () => {
  await cliRefuses(['activation', 'relu', '--at', '0,1e39'], '--at[1]', 'float32', '"1e39"');
  await cliRefuses(['activation', 'leaky_relu', '--negativeSlope', '1e39', '--at', '0'], '--negativeSlope', 'float32');
  await cliRefuses(['activation', 'softplus', '--beta', '0', '--at', '0'], '--beta', 'must be > 0');
  await cliRefuses([...TINY_COMPARE, '--noise', '1e39'], '--noise', 'float32');
});

// ---------------------------------------------------------------------------------------------
const nulls = suite('null is a value, not "use the default"');

nulls('in every field of a spec', () => {
  for (const key of ['epochs', 'batchSize', 'shuffle', 'seed', 'optimizer', 'output', 'loss']) {
    throwsInput(
      specWith((s) => {
        s.config[key] = null;
      }),
      `config.${key}`,
      'got null',
    );
  }
  for (const key of ['lr', 'betas', 'eps', 'weightDecay']) {
    throwsInput(
      specWith((s) => {
        s.config.optimizer = { name: 'adam', [key]: null };
      }),
      `config.optimizer.${key}`,
      'got null',
    );
  }
  throwsInput(
    specWith((s) => {
      s.data.name = null;
    }),
    'data.name',
    'got null',
  );
  throwsInput(
    specWith((s) => {
      s.config.activationOptions = null;
    }),
    'config.activationOptions',
    'got null',
  );
});

nulls('in the optimizer, dataset, model and train options', () => {
  for (const key of ['momentum', 'dampening', 'weightDecay', 'nesterov']) {
    throwsInput(() => resolveOptimizer({ name: 'sgd', lr: 0.1, [key]: null }), `optimizer.${key}`, 'got null');
  }
  for (const key of ['samples', 'noise', 'seed']) throwsInput(() => makeDataset('circles', { [key]: null }), key, 'got null');
  for (const key of ['nSamples', 'noise', 'seed', 'shuffle', 'factor']) throwsInput(() => makeCircles({ [key]: null }), key, 'got null');
  throwsInput(() => makeSpiral({ turns: null as unknown as number }), 'turns', 'got null');
  throwsInput(() => new Mlp(core, { layers: [2, 3, 1], seed: null as unknown as number }), 'seed', 'got null');
  throwsInput(
    () => new Mlp(core, { layers: [2, 3, 1], activationOptions: null as unknown as Record<string, number> }),
    'activationOptions',
  );
  assert.throws(() => new Mlp(core, { layers: [2, 3, 1], activation: null as unknown as 'relu' }), /unknown activation null/);
  const model = new Mlp(core, { layers: [2, 3, 1], seed: 0 });
  // The old code trained 300 epochs here; onEpoch stops it at the first, so a regression fails fast.
  const stop = () => {
    throw new Error('trained although an option was null');
  };
  for (const key of ['epochs', 'batchSize', 'shuffle', 'seed', 'optimizer']) {
    throwsInput(() => train(model, data8, { [key]: null, onEpoch: stop }), key, 'got null');
  }
});

// ---------------------------------------------------------------------------------------------
const unknown = suite('unknown keys are refused everywhere');

unknown("in a spec's data, config, optimizer and activationOptions", () => {
  throwsInput(
    specWith((s) => {
      s.data.Y = s.data.y;
    }),
    'data.Y',
    'is not a known field',
  );
  throwsInput(
    specWith((s) => {
      s.config.epoch = 3;
    }),
    'config.epoch',
  );
  throwsInput(
    specWith((s) => {
      s.config.optimizer = { name: 'adam', learningRate: 0.1 };
    }),
    'config.optimizer.learningRate',
  );
  throwsInput(
    specWith((s) => {
      s.config.activationOptions = { beta: 2 };
    }),
    'config.activationOptions.beta',
    'activation "elu" takes no option "beta"',
  );
  // A key that would break the one-line message is quoted.
  const error = throwsInput(
    specWith((s) => {
      s.data['a\nb'] = 1;
    }),
    'data["a\\nb"]',
  );
  assert.not.match(error.message, /\n/);
});

unknown('in dataset options', () => {
  throwsInput(() => makeDataset('circles', { sample: 100 } as object), 'sample', 'is not a known field');
  throwsInput(() => makeCircles({ nsamples: 10 } as object), 'nsamples');
  throwsInput(() => makeMoons({ factor: 0.5 } as object), 'factor');
  throwsInput(() => makeXor({ shuffle: false } as object), 'shuffle');
  throwsInput(() => makeGaussian({ turns: 2 } as object), 'turns');
});

// ---------------------------------------------------------------------------------------------
const limits = suite('epochs, samples, layer sizes, batch sizes and seeds have upper bounds');

limits('in a spec', () => {
  throwsInput(
    specWith((s) => {
      s.config.epochs = 1e21;
    }),
    'config.epochs',
    `must be <= ${MAX_EPOCHS}`,
  );
  throwsInput(
    specWith((s) => {
      s.config.batchSize = MAX_BATCH_SIZE + 1;
    }),
    'config.batchSize',
    `must be <= ${MAX_BATCH_SIZE}`,
  );
  throwsInput(
    specWith((s) => {
      s.config.layers = [2, MAX_LAYER_SIZE + 1, 1];
    }),
    'config.layers[1]',
    `must be <= ${MAX_LAYER_SIZE}`,
  );
  throwsInput(
    specWith((s) => {
      s.config.seed = 2 ** 32;
    }),
    'config.seed',
    'must be an integer in [0, 4294967295]',
  );
  assert.is(validateSpec(smallSpec()).config.epochs, 1);
});

limits('in the API', () => {
  throwsInput(() => new Mlp(core, { layers: [2, MAX_LAYER_SIZE + 1, 1] }), 'layers[1]', `must be <= ${MAX_LAYER_SIZE}`);
  const model = new Mlp(core, { layers: [2, 3, 1], seed: 0 });
  const stop = () => {
    throw new Error('trained although an option was out of range');
  };
  throwsInput(() => train(model, data8, { epochs: 1e21, onEpoch: stop }), 'epochs', `must be <= ${MAX_EPOCHS}`);
  throwsInput(() => train(model, data8, { batchSize: 1e21, onEpoch: stop }), 'batchSize', `must be <= ${MAX_BATCH_SIZE}`);
  // Generators: the old code tried to allocate 2^32 rows and died with a bare RangeError.
  throwsInput(() => makeCircles({ nSamples: 2 ** 32 }), 'nSamples', `must be <= ${MAX_SAMPLES}`);
  throwsInput(() => makeXor({ nSamples: MAX_SAMPLES + 1 }), 'nSamples', `must be <= ${MAX_SAMPLES}`);
});

limits('on the command line', async () => {
  await cliRefuses(['compare', '--epochs', '1e21'], '--epochs', `must be <= ${MAX_EPOCHS}`);
  // --workers 0 is checked after these: the old code, which let them through, stops there instead of training.
  await cliRefuses(['compare', '--epochs', String(MAX_EPOCHS + 1), '--workers', '0'], '--epochs', `must be <= ${MAX_EPOCHS}`);
  await cliRefuses(['compare', '--batch-size', '2e7', '--workers', '0'], '--batch-size', `must be <= ${MAX_BATCH_SIZE}`);
  await cliRefuses(['compare', '--layers', `2,${MAX_LAYER_SIZE + 1},1`, '--workers', '0'], '--layers[1]', `must be <= ${MAX_LAYER_SIZE}`);
  await cliRefuses(['compare', '--samples', String(MAX_SAMPLES + 1)], '--samples', `must be <= ${MAX_SAMPLES}`);
  await cliRefuses(['train', specFile(JSON.stringify(smallSpec())), '--every', '1e21'], '--every', `must be <= ${MAX_EPOCHS}`);
});

// ---------------------------------------------------------------------------------------------
const decimal = suite('CLI numbers are plain decimal (optionally scientific) only');

for (const text of ['0x10', '0b1', '0o7', ' 5', '5 ', 'Infinity', '-Infinity', '1_000', '', '1e', '.', '--5']) {
  decimal(`refused: ${JSON.stringify(text)}`, async () => {
    await cliRefuses(['activation', 'relu', '--at', text], '--at[0]', 'must be a finite number');
  });
}

decimal('a list names the bad item', async () => {
  await cliRefuses(['activation', 'relu', '--at', '1,2,'], '--at[2]', 'got ""');
  await cliRefuses(['activation', 'relu', '--at', '1, 2'], '--at[1]', 'got " 2"');
});

decimal('every numeric flag goes through the one parser', async () => {
  for (const [flag, text] of [
    ['--epochs', '0x2'],
    ['--batch-size', '0x10'],
    ['--samples', '0x10'],
    ['--data-seed', '0x1'],
    ['--seeds', '0b1'],
    ['--workers', ' 1'],
    ['--lr', '0x1'],
    ['--noise', '0o0'],
  ] as const) {
    await cliRefuses([...TINY_COMPARE, flag, text], flag, JSON.stringify(text));
  }
  await cliRefuses([...TINY_COMPARE, '--optimizer', 'sgd', '--momentum', '0x0'], '--momentum');
  await cliRefuses([...TINY_COMPARE, '--layers', '2,0x10,1'], '--layers[1]', '"0x10"');
  await cliRefuses(['activation', 'elu', '--alpha', '0x1', '--at', '0'], '--alpha', '"0x1"');
  await cliRefuses(['train', specFile(JSON.stringify(smallSpec())), '--every', '0x1'], '--every', '"0x1"');
});

decimal('scientific notation is a number, and an integer flag takes any decimal whose value is an integer', async () => {
  const { code, out, err } = await runCliCaptured(
    'compare',
    '--activations',
    'relu',
    '--epochs',
    '2e0',
    '--samples',
    '1.2e1',
    '--batch-size',
    '4.0',
    '--lr',
    '1E-2',
    '--no-report',
    '--json',
    '--workers',
    '1',
  );
  assert.is(code, 0, err);
  const rows = JSON.parse(out);
  assert.is(rows.length, 2, 'two epochs');
  await cliRefuses([...TINY_COMPARE, '--epochs', '1.5'], '--epochs', 'must be an integer >= 1');
});

decimal('the CSV reader and the CLI share one definition', () => {
  for (const text of ['1', '-0.5', '.5', '3e-2', '+2', '1.']) assert.ok(DECIMAL.test(text), text);
  for (const text of ['0x10', ' 5', 'Infinity', '1_000', '', 'NaN']) assert.not.ok(DECIMAL.test(text), text);
  assert.throws(() => parseCsvDataset('x1,x2,label\n0x10,0,1\n'), /line 2: x1 must be a finite number, got "0x10"/);
});

// ---------------------------------------------------------------------------------------------
const markers = suite('no internal marker reaches a message: values are shown as written');

const nonFinite: [what: string, edit: (text: string) => string, field: string, shown: string][] = [
  ['a scalar', (t) => t.replace('"epochs":1', '"epochs":-Infinity'), 'config.epochs', 'got -Infinity'],
  ['a layer size', (t) => t.replace('"layers":[2,3,1]', '"layers":[2,NaN,1]'), 'config.layers[1]', 'got NaN'],
  ['the activation', (t) => t.replace('"activation":"elu"', '"activation":Infinity'), 'config.activation', 'got Infinity'],
  [
    'an option',
    (t) => t.replace('"epochs":1', '"epochs":1,"activationOptions":{"alpha":NaN}'),
    'config.activationOptions.alpha',
    'got NaN',
  ],
  ['an unknown key', (t) => t.replace('"epochs":1', '"epochs":1,"lr":NaN'), 'config.lr', 'got NaN'],
  [
    'the optimizer betas',
    (t) => t.replace('"epochs":1', '"epochs":1,"optimizer":{"name":"adam","betas":-Infinity}'),
    'config.optimizer.betas',
    'got -Infinity',
  ],
  ['a nested row of the wrong width', (t) => t.replace('[0.5,0.5]', '[NaN,0.5,-Infinity]'), 'data.X[2]', 'got [NaN,0.5,-Infinity]'],
  ['a label', (t) => t.replace('"y":[0,', '"y":[NaN,'), 'data.y[0]', 'got NaN'],
  ['the data name', (t) => t.replace('"data":{', '"data":{"name":NaN,'), 'data.name', 'got NaN'],
  ['the optimizer', (t) => t.replace('"epochs":1', '"epochs":1,"optimizer":NaN'), 'config.optimizer', 'got NaN'],
  ['a state dict tensor', (t) => t.replace('"data":{', '"init":{"layer0.weight":[NaN]},"data":{'), 'init.layer0.weight', 'got "1 rows"'],
  [
    'beside a string that looks like a token',
    (t) => t.replace('"epochs":1', '"epochs":NaN').replace('{"config"', '{"about":"x, NaN], Infinity}","config"'),
    'config.epochs',
    'got NaN',
  ],
];

for (const [what, edit, field, shown] of nonFinite) {
  markers(`a bare token in ${what}`, () => {
    const text = edit(JSON.stringify(smallSpec()));
    assert.not.equal(text, JSON.stringify(smallSpec()), 'the edit applies');
    throwsInput(() => validateSpec(parseSpecText(text)), field, shown);
  });
}

markers('the CLI prints the token as written', async () => {
  const path = specFile(JSON.stringify(smallSpec()).replace('"epochs":1', '"epochs":-Infinity'));
  await cliRefuses(['train', path, '--json'], 'config.epochs', 'got -Infinity');
});

markers('describeValue puts nested tokens back and stays one short line', () => {
  assert.is(describeValue('__actlab_nonfinite__:-Infinity'), '-Infinity');
  assert.is(describeValue(['__actlab_nonfinite__:NaN', 1]), '[NaN,1]');
  assert.is(describeValue({ a: '__actlab_nonfinite__:Infinity' }), '{"a":Infinity}');
  assert.ok(describeValue('x'.repeat(10_000)).length < 210);
  assert.not.match(
    describeValue(() => 'multi\nline'),
    /\n/,
  );
});

markers('a value nested too deep (or cyclic) to print is still described, never a bare RangeError', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  throwsInput(() => validateSpec(parseSpecText(`{"config":${deep}}`)), 'config', 'nested too deep');
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  throwsInput(() => new Mlp(core, { layers: cyclic as number[] }), 'layers', 'cyclic');
});

markers('a spec file larger than the limit is refused without reading it', async () => {
  const path = join(dir, 'huge.json');
  writeFileSync(path, '');
  // Sparse: no disk space is used.
  truncateSync(path, MAX_SPEC_BYTES + 1);
  await cliRefuses(['train', path], 'SPEC', `must be at most ${MAX_SPEC_BYTES} bytes`);
});

// ---------------------------------------------------------------------------------------------
const seeds = suite('seed errors are InputErrors naming the field');

seeds('Mt19937, generators, the model, train and specs', () => {
  throwsInput(() => new Mt19937(-1), 'seed', 'must be an integer in [0, 4294967295]');
  throwsInput(() => new Mt19937(1.5, 'config.seed'), 'config.seed');
  throwsInput(() => makeMoons({ seed: 2 ** 32 }), 'seed');
  throwsInput(() => new Mlp(core, { layers: [2, 3, 1], seed: -1 }), 'seed');
  const model = new Mlp(core, { layers: [2, 3, 1], seed: 0 });
  throwsInput(() => train(model, data8, { epochs: 1, shuffle: true, seed: 2 ** 32 }), 'seed');
  // Checked without shuffling too: a bad seed is never silently ignored.
  throwsInput(() => train(model, data8, { epochs: 1, seed: -1 }), 'seed');
  throwsInput(() => train(model, data8, { epochs: 1, rng: {} as Mt19937 }), 'rng');
  throwsInput(
    specWith((s) => {
      s.config.seed = -1;
    }),
    'config.seed',
  );
});

seeds('the CLI names --data-seed', async () => {
  await cliRefuses([...TINY_COMPARE, '--data-seed', '4294967296'], '--data-seed', 'must be an integer in [0, 4294967295]');
});

float32("optimizer settings beyond float32 are refused: each step's scalars are float32 in the kernels", async () => {
  throwsInput(() => resolveOptimizer({ name: 'adam', lr: F32_OVERFLOW }), 'optimizer.lr', 'float32');
  throwsInput(() => resolveOptimizer({ name: 'adam', weightDecay: F32_OVERFLOW }), 'optimizer.weightDecay', 'float32');
  throwsInput(() => resolveOptimizer({ name: 'sgd', lr: 0.1, momentum: F32_OVERFLOW }), 'optimizer.momentum', 'float32');
  for (const flags of [
    ['--lr', '1e39'],
    ['--optimizer', 'sgd', '--lr', '0.1', '--momentum', '1e39'],
  ]) {
    const { code, err } = await runCliCaptured('compare', ...flags, '--epochs', '1', '--no-report');
    assert.is(code, 2, err);
    assert.match(err, /^actlab: --(lr|momentum) must be a finite number within float32 range/);
  }
});

float32('evaluateActivation refuses points beyond float32 before allocating', () => {
  const before = core.arena.bytesInUse;
  throwsInput(() => evaluateActivation(core, 'relu', undefined, [0, F32_OVERFLOW]), 'xs[1]', 'float32');
  throwsInput(() => evaluateActivation(core, 'relu', undefined, [Number.NaN]), 'xs[0]');
  assert.is(core.arena.bytesInUse, before);
});

unknown('Mlp and train options: a typo is refused, not ignored', () => {
  throwsInput(
    () => new Mlp(core, { layers: [2, 1], activaton: 'tanh' } as unknown as MlpOptions),
    'options.activaton',
    'not a known field',
  );
  const model = new Mlp(core, { layers: [2, 1] });
  const data = makeCircles({ nSamples: 8, factor: 0.5, noise: 0.1, seed: 0 });
  throwsInput(() => train(model, data, { epoch: 3 } as unknown as TrainOptions), 'options.epoch', 'not a known field');
  throwsInput(() => new Trainer(model, data, { batchsize: 3 } as unknown as TrainOptions), 'options.batchsize', 'not a known field');
  model.dispose();
});

nulls('readCsvDataset options: null is refused, not the default limit', () => {
  const file = join(dir, 'nulls.csv');
  writeFileSync(file, 'x1,x2,label\n1,2,0\n');
  throwsInput(() => readCsvDataset(file, { maxRows: null as unknown as number }), 'maxRows');
});

decimal("commander's own errors are one line too: unknown option, missing argument, unknown command", async () => {
  for (const argv of [['compare', '--foo'], ['train'], ['nope'], ['compare', '--epochs']]) {
    const { code, err } = await runCliCaptured(...argv);
    assert.is(code, 2, argv.join(' '));
    assert.is(err.trim().split('\n').length, 1, `one line for ${argv.join(' ')}: ${err}`);
    assert.match(err, /^actlab: .+ \(run with --help for usage\)\n$/);
  }
});

const cleanup = suite('inputs: cleanup');
cleanup('remove the temporary folder', () => {
  rmSync(dir, { recursive: true, force: true });
});

float32.run();
nulls.run();
unknown.run();
limits.run();
decimal.run();
markers.run();
seeds.run();
cleanup.run();
