// The fault campaign behind issue 9, as a script anyone can rerun: `npm run probe`.
// Bad (and good) inputs through the API and the CLI, hostile files and paths, injected worker
// deaths and create/train/dispose loops. Each probe says what it expects (a clear error naming a
// field, or success) and is classified: clear error, silent accept, unclear error (any other
// exception, or an exit code other than 2 or a message of more than one line), wrongly
// rejected, hang (no answer within the time limit). Then bytes leaked per cycle. Not part of
// `npm test` (tests/fuzz.test.ts and tests/memory.test.ts are the bounded, seeded versions).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runCli } from '../src/cli/program.js';
import type { RunJob } from '../src/compare/job.js';
import { startCompareWorker, WorkerPool } from '../src/compare/pool.js';
import { RunFailedError } from '../src/compare/run-failure.js';
import { loadCore } from '../src/core/load.js';
import { memory } from '../src/core/memory.js';
import { makeCircles } from '../src/datasets/circles.js';
import { parseCsvDataset } from '../src/datasets/csv.js';
import { DATASET_NAMES, makeDataset } from '../src/datasets/registry.js';
import { predict } from '../src/model/inspect.js';
import { Mlp } from '../src/model/mlp.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { runSpec, validateSpec } from '../src/spec/spec.js';
import { train } from '../src/train/train.js';
import { InputError } from '../src/validate.js';

type Expect = 'reject' | 'accept';
type Outcome = 'clear error' | 'silent accept' | 'unclear error' | 'wrongly rejected' | 'accepted' | 'hang';
interface Probe {
  name: string;
  expect: Expect;
  /** Resolves to an exit code and stderr (CLI) or throws (API). */
  run: () => Promise<{ code: number; err: string } | undefined>;
  timeoutMs?: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'actlab-probe-'));
const core = await loadCore();
const data = makeCircles({ nSamples: 40, factor: 0.5, noise: 0.1, seed: 1 });
const probes: Probe[] = [];
const api = (name: string, expect: Expect, f: () => unknown) =>
  probes.push({
    name,
    expect,
    run: async () => {
      await f();
      return undefined;
    },
  });
const cli = (name: string, expect: Expect, ...argv: string[]) =>
  probes.push({
    name,
    expect,
    run: async () => {
      let err = '';
      const code = await runCli(argv, {
        out: () => {},
        err: (text) => {
          err += text;
        },
      });
      return { code, err };
    },
  });
const child = (name: string, expect: Expect, argv: string[], timeoutMs = 20_000) =>
  probes.push({
    name,
    expect,
    timeoutMs: timeoutMs + 5_000,
    run: () =>
      new Promise((resolve, reject) => {
        execFile('node', [join(root, 'scripts/run-cli.mjs'), ...argv], { cwd: dir, timeout: timeoutMs }, (error, _out, err) => {
          const failure = error as { code?: number | string; killed?: boolean } | null;
          if (failure?.killed) reject(new Error('hang'));
          else resolve({ code: typeof failure?.code === 'number' ? failure.code : 0, err });
        });
      }),
  });

const isInt = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isF32 = (v: unknown) => typeof v === 'number' && Number.isFinite(Math.fround(v));

// 1. Training specs: every field of a valid spec replaced by hostile values.
const validSpec = () => ({
  config: {
    layers: [2, 5, 1],
    activation: 'relu',
    activationOptions: {},
    optimizer: { name: 'adam', lr: 1e-3 },
    epochs: 2,
    batchSize: 8,
    shuffle: false,
    seed: 0,
  },
  data: { X: Array.from({ length: 8 }, (_, i) => [i / 8, 1 - i / 8]), y: [0, 1, 0, 1, 0, 1, 0, 1] },
});
const hostile: unknown[] = [null, 'NaN', Number.NaN, Number.POSITIVE_INFINITY, 1e39, -1e39, 1e21, -1, 0, 2.5, '3', '0x10', true, [], {}];
const fields: [path: string[], valid: (v: unknown) => boolean][] = [
  [['config', 'epochs'], (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1e6],
  [['config', 'batchSize'], (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1e7],
  [['config', 'seed'], (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff],
  [['config', 'shuffle'], (v) => typeof v === 'boolean'],
  [['config', 'layers'], () => false],
  [['config', 'activation'], () => false],
  [['config', 'activationOptions'], (v) => typeof v === 'object' && v !== null && !Array.isArray(v)],
  [['config', 'optimizer'], () => false],
  [['config', 'optimizer', 'lr'], (v) => isF32(v) && (v as number) > 0],
  [['config', 'optimizer', 'eps'], (v) => isF32(v) && (v as number) >= 0],
  [['config', 'optimizer', 'betas'], () => false],
  [['config', 'layers', '1'], (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1e6],
  [['data', 'X'], () => false],
  [['data', 'X', '0'], () => false],
  [['data', 'X', '0', '0'], (v) => typeof v === 'number' && Number.isFinite(Math.fround(v))],
  [['data', 'y'], () => false],
  [['data', 'y', '0'], (v) => v === 0 || v === 1],
];
for (const [path, valid] of fields) {
  for (const value of hostile) {
    const spec = validSpec() as unknown as Record<string, Record<string, unknown>>;
    let at: Record<string, unknown> = spec;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
    at[path.at(-1)!] = value;
    api(`spec ${path.join('.')} = ${String(JSON.stringify(value))}`, valid(value) ? 'accept' : 'reject', () =>
      runSpec(core, validateSpec(spec)),
    );
  }
}
for (const where of ['', 'config', 'data', 'config.optimizer', 'config.activationOptions']) {
  const spec = validSpec() as unknown as Record<string, unknown>;
  let at = spec;
  for (const key of where ? where.split('.') : []) at = at[key] as Record<string, unknown>;
  at.typo = 1;
  api(`spec unknown key at ${where || 'top level'}`, 'reject', () => validateSpec(spec));
}
for (const text of ['{"config":{"epochs":-Infinity}}', '{"config":{"epochs":NaN}}', '{', '[]', 'null', '']) {
  const file = join(dir, `spec-${probes.length}.json`);
  writeFileSync(file, text);
  cli(`train file ${text}`, 'reject', 'train', file, '--json');
}

// 2. The CLI's numeric flags.
const numbers = ['', ' 5', '5 ', '0x10', '0b1', '0o7', '1_000', 'Infinity', 'NaN', '1e39', '-1', '1e21', '2.5', '9007199254740993', 'abc'];
const compareFlags: [flag: string, valid: (t: string) => boolean][] = [
  ['--epochs', (t) => /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 1e6],
  ['--batch-size', (t) => /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 1e7],
  ['--samples', (t) => /^\d+$/.test(t) && Number(t) >= 2 && Number(t) <= 1e7],
  ['--seeds', (t) => /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 1000],
  ['--data-seed', (t) => /^\d+$/.test(t) && Number(t) <= 0xffffffff],
  ['--workers', (t) => /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 256],
  ['--lr', (t) => /^\d+(\.\d+)?(e-?\d+)?$/.test(t) && Number(t) > 0 && Number.isFinite(Number(t))],
  ['--noise', (t) => /^\d+(\.\d+)?(e-?\d+)?$/.test(t) && Number.isFinite(Math.fround(Number(t)))],
];
const small = ['--epochs', '2', '--samples', '40', '--activations', 'relu', '--no-report', '--json', '--workers', '1'];
for (const [flag, valid] of compareFlags) {
  for (const text of numbers) {
    const rest = small.filter((_, i) => small[i] !== flag && small[i - 1] !== flag);
    // Slow but valid values are not run: only their acceptance matters here.
    if (valid(text) && Number(text) > 1000) continue;
    cli(`compare ${flag} ${JSON.stringify(text)}`, valid(text) ? 'accept' : 'reject', 'compare', ...rest, `${flag}=${text}`);
  }
}
for (const layers of [
  '2,0x10,1',
  '2,5',
  '3,5,1',
  '2,0,1',
  '2,-5,1',
  '2,5.5,1',
  '2,,1',
  '2,9007199254740992,1',
  '2,40000,40000,1',
  '2,30000,30000,1',
]) {
  cli(`compare --layers ${layers}`, 'reject', 'compare', ...small, `--layers=${layers}`);
}
for (const at of ['1e39', '-1e39', 'NaN', '0x1', '', '1,,2', 'Infinity']) {
  cli(`activation relu --at ${JSON.stringify(at)}`, 'reject', 'activation', 'relu', `--at=${at}`);
}
for (const [option, value] of [
  ['--negativeSlope', '1e39'],
  ['--negativeSlope', 'NaN'],
  ['--alpha', 'x'],
]) {
  cli(`activation leaky_relu ${option} ${value}`, 'reject', 'activation', 'leaky_relu', '--at', '0', `${option}=${value}`);
}

// 3. CSV text.
const csvCases: [string, Expect][] = [
  ['x1,x2,label\n1,2,0\n', 'accept'],
  ['x1,x2,label\r\n1,2,1\r\n', 'accept'],
  ['', 'reject'],
  ['x1,x2\n1,2\n', 'reject'],
  ['x1,x2,label\n', 'reject'],
  ['x1,x2,label\n1,2,2\n', 'reject'],
  ['x1,x2,label\n0x1,2,0\n', 'reject'],
  ['x1,x2,label\n1e39,2,0\n', 'reject'],
  ['x1,x2,label\nNaN,2,0\n', 'reject'],
  ['x1,x2,label\n1,2\n', 'reject'],
  ['x1,x2,label\n1,2,0,4\n', 'reject'],
  ['\0\0\0\0', 'reject'],
  ['x1,x2,label\n"1","2","1"\n', 'accept'],
];
for (const [text, expect] of csvCases) {
  api(`parseCsvDataset ${JSON.stringify(text).slice(0, 40)}`, expect, () => parseCsvDataset(text));
  const file = join(dir, `data-${probes.length}.csv`);
  writeFileSync(file, text);
  cli(
    `compare --data ${JSON.stringify(text).slice(0, 30)}`,
    expect,
    'compare',
    ...small.slice(0, 2),
    '--no-report',
    '--json',
    `--data=${file}`,
  );
}

// 4. The API with values made in code.
for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 1e39, -1e39]) {
  api(`predict X value ${value}`, 'reject', () => predict(new Mlp(core, { layers: [2, 1], seed: 0 }), [[value, 0]]));
  api(`train data.X value ${value}`, 'reject', () =>
    train(new Mlp(core, { layers: [2, 1] }), { ...data, X: Float64Array.from(data.X, (x, i) => (i === 3 ? value : x)) }),
  );
  api(`loadStateDict value ${value}`, 'reject', () => {
    const model = new Mlp(core, { layers: [2, 1] });
    model.loadStateDict({ 'layer0.weight': [[value, 0]], 'layer0.bias': [0] });
  });
  api(
    `leaky_relu negativeSlope ${value}`,
    'reject',
    () => new Mlp(core, { layers: [2, 1], activation: 'leaky_relu', activationOptions: { negativeSlope: value } }),
  );
}
for (const layers of [[2, 40000, 40000, 1], [2, 30000, 30000, 1], [2, 2 ** 53, 1], [2, 1e6 + 1, 1], [2], [2, 5, 2]]) {
  api(`new Mlp layers ${JSON.stringify(layers)}`, 'reject', () => new Mlp(core, { layers }));
}
for (const seed of [-1, 2 ** 32, 1.5, Number.NaN, '1' as unknown as number]) {
  api(`new Mlp seed ${String(seed)}`, 'reject', () => new Mlp(core, { layers: [2, 1], seed }));
}
api('train epochs 1e21', 'reject', () => train(new Mlp(core, { layers: [2, 1] }), data, { epochs: 1e21 }));
api('train epochs null', 'reject', () => train(new Mlp(core, { layers: [2, 1] }), data, { epochs: null as unknown as number }));
api('train diverging lr 1e30 (a result, not an error)', 'accept', () => {
  const history = train(new Mlp(core, { layers: [2, 5, 1] }), data, { epochs: 30, optimizer: { name: 'adam', lr: 1e30 } });
  if (!history.diverged) throw new Error('expected the run to report its divergence');
});

// Options objects of the API: each field replaced by every hostile value, against the field's rule.
const optionFields: [name: string, make: (field: string, value: unknown) => unknown, fields: [string, (v: unknown) => boolean][]][] = [
  ...DATASET_NAMES.map(
    (name) =>
      [
        `makeDataset('${name}')`,
        (field: string, value: unknown) => makeDataset(name, { samples: 40, [field]: value }),
        [
          ['samples', (v: unknown) => isInt(v, 2, 1e7) && (v as number) <= 1000],
          ['noise', (v: unknown) => isF32(v) && (v as number) >= 0 && (v as number) < 1e30],
          ['seed', (v: unknown) => isInt(v, 0, 0xffffffff)],
        ],
      ] as [string, (field: string, value: unknown) => unknown, [string, (v: unknown) => boolean][]],
  ),
  [
    'new Mlp',
    (field, value) => new Mlp(core, { layers: [2, 3, 1], [field]: value }).dispose(),
    [
      ['seed', (v) => isInt(v, 0, 0xffffffff)],
      ['activation', () => false],
      ['activationOptions', (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0],
    ],
  ],
  [
    'new Mlp leaky_relu',
    (field, value) => new Mlp(core, { layers: [2, 3, 1], activation: 'leaky_relu', activationOptions: { [field]: value } }).dispose(),
    [['negativeSlope', isF32]],
  ],
  [
    'train',
    (field, value) => {
      const model = new Mlp(core, { layers: [2, 3, 1] });
      try {
        train(model, data, { epochs: 1, [field]: value });
      } finally {
        model.dispose();
      }
    },
    [
      ['epochs', (v) => isInt(v, 1, 50)],
      ['batchSize', (v) => isInt(v, 1, 1e7)],
      ['shuffle', (v) => typeof v === 'boolean'],
      ['seed', (v) => isInt(v, 0, 0xffffffff)],
      ['onNonFinite', () => false],
      ['optimizer', () => false],
      ['onEpoch', () => false],
    ],
  ],
  [
    'train with Adam',
    (field, value) => {
      const model = new Mlp(core, { layers: [2, 3, 1] });
      try {
        train(model, data, { epochs: 1, optimizer: { name: 'adam', [field]: value } });
      } finally {
        model.dispose();
      }
    },
    [
      ['lr', (v) => isF32(v) && (v as number) > 0],
      ['eps', (v) => isF32(v) && (v as number) >= 0],
      ['weightDecay', (v) => isF32(v) && (v as number) >= 0],
    ],
  ],
];
for (const [name, make, list] of optionFields) {
  for (const [field, valid] of list) {
    for (const value of [...hostile, 7, 1e-3]) {
      // Huge but valid values would only be slow: their acceptance is not what is probed.
      if (valid(value) && typeof value === 'number' && value > 1e6) continue;
      api(`${name} { ${field}: ${String(JSON.stringify(value))} }`, valid(value) ? 'accept' : 'reject', () => make(field, value));
    }
  }
}

// 5. Hostile files and paths, and diverging studies, in a child process with a time limit.
child('compare --data /dev/zero', 'reject', ['compare', '--data', '/dev/zero', '--no-report']);
for (const out of ['/proc/x', '/proc/x/y', '/sys/x']) child(`compare --out ${out}`, 'reject', ['compare', '--epochs', '1', '--out', out]);
writeFileSync(join(dir, 'a-file'), 'x');
child('compare --out <a file>', 'reject', ['compare', '--epochs', '1', '--out', join(dir, 'a-file')]);
child('compare --lr 1e30 (diverges: reported, exit 0)', 'accept', ['compare', '--lr', '1e30', '--epochs', '20', '--out', join(dir, 'r1')]);
child('compare --optimizer sgd --lr 0.1 --momentum 5 (exit 0)', 'accept', [
  'compare',
  '--optimizer',
  'sgd',
  '--lr',
  '0.1',
  '--momentum',
  '5',
  '--epochs',
  '20',
  '--no-report',
]);

// 6. Injected worker deaths: the pool must settle, name the run and finish the others.
const jobs: RunJob[] = ['relu', 'tanh', 'sigmoid'].map((activation, index) => ({
  index,
  activation: activation as RunJob['activation'],
  seed: 0,
  layers: [2, 5, 1],
  epochs: 5,
  batchSize: 8,
  optimizer: resolveOptimizer({ name: 'adam', lr: 1e-3 }),
}));
const dying = (body: string) => () => new Worker(`const { parentPort } = require('node:worker_threads'); ${body}`, { eval: true });
for (const [name, body] of [
  [
    'exit on the first job',
    "parentPort.on('message', (m) => { if (m.type === 'init') parentPort.postMessage({ type: 'ready' }); else process.exit(1); });",
  ],
  [
    'throw on the first job',
    "parentPort.on('message', (m) => { if (m.type === 'init') parentPort.postMessage({ type: 'ready' }); else throw new Error('boom'); });",
  ],
  ['never answer', "parentPort.on('message', (m) => { if (m.type === 'init') parentPort.postMessage({ type: 'ready' }); });"],
  ['exit while loading', 'process.exit(3);'],
] as const) {
  probes.push({
    name: `worker pool: a worker that ${name}`,
    expect: 'reject',
    timeoutMs: 30_000,
    run: async () => {
      let started = 0;
      const pool = new WorkerPool(1, 'auto', {
        stallTimeoutMs: 2_000,
        loadTimeoutMs: 5_000,
        // The first worker misbehaves; its replacements are real.
        startWorker: () => (started++ === 0 ? dying(body)() : startCompareWorker()),
      });
      try {
        await pool.run(jobs, data, () => {});
        return undefined;
      } finally {
        await pool.close();
      }
    },
  });
}

// Run them all, each with a time limit.
const counts: Record<Outcome, number> = {
  'clear error': 0,
  'silent accept': 0,
  'unclear error': 0,
  'wrongly rejected': 0,
  accepted: 0,
  hang: 0,
};
const notes: string[] = [];
const started = performance.now();
for (const probe of probes) {
  const outcome = await classify(probe);
  counts[outcome]++;
  if (outcome !== 'clear error' && outcome !== 'accepted') notes.push(`${outcome}: ${probe.name}`);
}

// 7. Leaks: bytes in use after many cycles, against before.
const leak = (name: string, cycles: number, cycle: () => void) => {
  cycle();
  const before = memory(core).bytesInUse;
  for (let k = 0; k < cycles; k++) cycle();
  const per = (memory(core).bytesInUse - before) / cycles;
  console.log(`leak: ${name}: ${per} bytes per cycle over ${cycles} cycles`);
  return per;
};
const tiny = makeCircles({ nSamples: 8, factor: 0.5, noise: 0.1, seed: 2 });
const leaks = [
  leak('create/train/dispose', 10_000, () => {
    const model = new Mlp(core, { layers: [2, 5, 1] });
    train(model, tiny, { epochs: 1 });
    model.dispose();
  }),
  leak('train() whose onEpoch throws', 2_000, () => {
    const model = new Mlp(core, { layers: [2, 5, 1] });
    try {
      train(model, tiny, {
        epochs: 3,
        onEpoch: () => {
          throw new Error('stop');
        },
      });
    } catch {}
    model.dispose();
  }),
  leak('runSpec', 2_000, () => runSpec(core, validateSpec(validSpec()))),
  leak('predict', 2_000, () => {
    const model = new Mlp(core, { layers: [2, 5, 1] });
    predict(model, [[0, 1]]);
    model.dispose();
  }),
  leak('a rejected model (too big)', 2_000, () => {
    try {
      new Mlp(core, { layers: [2, 40000, 40000, 1] });
    } catch {}
  }),
];

const total = probes.length;
console.log(
  `\n${total} inputs tried in ${((performance.now() - started) / 1000).toFixed(1)} s: ${counts['clear error']} clear errors, ` +
    `${counts.accepted} valid inputs accepted, ${counts['silent accept']} silent accepts, ${counts['unclear error']} unclear errors, ` +
    `${counts['wrongly rejected']} wrongly rejected, ${counts.hang} hangs; bytes leaked per cycle: ${Math.max(...leaks)} at most.`,
);
for (const note of notes) console.log(`  ${note}`);
rmSync(dir, { recursive: true, force: true });
process.exit(notes.length === 0 && leaks.every((b) => b === 0) ? 0 : 1);

async function classify(probe: Probe): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), probe.timeoutMs ?? 20_000);
  });
  try {
    const result = await Promise.race([probe.run(), timeout]);
    if (result === 'hang') return 'hang';
    if (result === undefined || result.code === 0) return probe.expect === 'accept' ? 'accepted' : 'silent accept';
    // The CLI: exit 2 and one line "actlab: <field> ...".
    const lines = result.err.trim().split('\n');
    const clear = result.code === 2 && lines.length === 1 && /^actlab: \S+ /.test(lines[0]!) && !lines[0]!.includes('__actlab');
    if (probe.expect === 'accept') return 'wrongly rejected';
    return clear ? 'clear error' : 'unclear error';
  } catch (error) {
    if ((error as Error).message === 'hang') return 'hang';
    if (probe.expect === 'accept') return 'wrongly rejected';
    // A run that could not be completed is named by activation and seed, the others finished.
    const named =
      error instanceof RunFailedError && error.completed.length + error.failures.length === error.total && / seed \d/.test(error.message);
    const clear = (error instanceof InputError && error.field.length > 0 && !error.message.includes('__actlab')) || named;
    return clear ? 'clear error' : 'unclear error';
  } finally {
    clearTimeout(timer);
  }
}
