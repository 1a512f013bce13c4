// Seeded property tests (fast-check) over the three kinds of input a user hands actlab: training
// specs, CLI arguments and CSV text. Each property draws valid inputs and one-fault mutations of
// them, and checks: an invalid input is refused with an InputError (CLI: exit 2, one line
// `actlab: <field> ...`) naming the mutated field; a valid one trains, with a finite history of
// the right length; nothing else is ever thrown. Afterwards the shared core must still train
// bit for bit like a fresh one. A failure prints fast-check's seed and path, to replay it exactly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveHiddenActivations, type StateTensor, stateTensors } from '../src/activations/hidden.js';
import { ACTIVATIONS } from '../src/activations/registry.js';
import { ACTIVATION_OPTION_NAMES } from '../src/cli/activation-command.js';
import { loadCore } from '../src/core/load.js';
import { parseCsvDataset } from '../src/datasets/csv.js';
import { DATASET_NAMES } from '../src/datasets/registry.js';
import { stateDictShapes } from '../src/model/state-dict.js';
import { parseSpecText, runSpec, type SpecResult, validateSpec } from '../src/spec/spec.js';
import { InputError } from '../src/validate.js';
import { runCliCaptured } from './helpers/cli.js';
import { REFERENCE_DIR, readJson } from './helpers/fixtures.js';

/** Fixed, so every run draws the same cases; fast-check prints it (and the path) with a failure. */
const SEED = 20_260_209;
/** No shrinking: a failure is reported at once, with the case that failed, instead of rerunning trainings. */
const settings = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true, includeErrorInReport: true });

const core = await loadCore();
const dir = mkdtempSync(join(tmpdir(), 'actlab-fuzz-'));
let files = 0;

// ---------------------------------------------------------------------------------------------
// Bad values

/** A bare NaN/±Infinity token in the spec's text, as Python's json.dump writes one. */
class Bare {
  constructor(readonly token: 'NaN' | 'Infinity' | '-Infinity') {}
  toJSON(): string {
    return `@@bare:${this.token}@@`;
  }
}
const specText = (spec: unknown): string => JSON.stringify(spec).replace(/"@@bare:(-?Infinity|NaN)@@"/g, '$1');

/** Never a number: wrong types, null, non-finite tokens, numbers in strings. */
const NOT_A_NUMBER: unknown[] = [null, new Bare('NaN'), new Bare('Infinity'), new Bare('-Infinity'), '0x10', '5', '', true, [], {}, [1]];
/** Finite in float64, Infinity in the kernels' float32. */
const BEYOND_F32 = [1e39, -1e39];
/** Not a count: too small, fractional, beyond every limit. */
const NOT_A_COUNT = [...NOT_A_NUMBER, -1, 0, 1.5, 1e21, 1e39, 2 ** 53];
/** Flag texts that are not plain decimal numbers (or not finite ones). */
const NOT_DECIMAL = ['0x10', '0b1', '0o7', ' 5', '5 ', 'Infinity', '-Infinity', 'NaN', '1_000', '', 'abc', '1e999', '1e', '--'];

// ---------------------------------------------------------------------------------------------
// Valid training specs: tiny and tame (lr <= 0.1, |x| <= 2, <= 3 epochs, <= 40 rows), so none diverges.

const activationWithOptions = fc.constantFrom(...ACTIVATIONS.map((a) => a.name)).chain((name) => {
  const options: Record<string, fc.Arbitrary<number>> = {
    leaky_relu: fc.record({ negativeSlope: fc.double({ min: 0, max: 0.5, noNaN: true }) }),
    elu: fc.record({ alpha: fc.double({ min: 0.1, max: 2, noNaN: true }) }),
    softplus: fc.record({ beta: fc.double({ min: 0.5, max: 2, noNaN: true }), threshold: fc.double({ min: 1, max: 20, noNaN: true }) }),
    hardtanh: fc.record({ min: fc.double({ min: -2, max: -0.5, noNaN: true }), max: fc.double({ min: 0.5, max: 2, noNaN: true }) }),
    celu: fc.record({ alpha: fc.double({ min: 0.1, max: 2, noNaN: true }) }),
    softshrink: fc.record({ lambd: fc.double({ min: 0, max: 1, noNaN: true }) }),
    hardshrink: fc.record({ lambd: fc.double({ min: 0, max: 1, noNaN: true }) }),
    threshold: fc.record({ threshold: fc.double({ min: -1, max: 1, noNaN: true }), value: fc.double({ min: -1, max: 1, noNaN: true }) }),
    gelu: fc.record({ approximate: fc.constantFrom('none', 'tanh') }),
    prelu: fc.record({ numParameters: fc.constant(1), init: fc.double({ min: -1, max: 1, noNaN: true }) }),
    rrelu: fc.record({ lower: fc.double({ min: 0, max: 0.2, noNaN: true }), upper: fc.double({ min: 0.25, max: 0.6, noNaN: true }) }),
  } as unknown as Record<string, fc.Arbitrary<number>>;
  const given = options[name];
  return fc.record({
    activation: fc.constant(name),
    activationOptions: given ? fc.option(given, { nil: undefined }) : fc.constant(undefined),
  });
});

const optimizer = fc.oneof(
  fc.record(
    {
      name: fc.constant('adam'),
      lr: fc.double({ min: 1e-4, max: 0.1, noNaN: true }),
      betas: fc.tuple(fc.double({ min: 0, max: 0.95, noNaN: true }), fc.double({ min: 0.9, max: 0.999, noNaN: true })),
      eps: fc.double({ min: 1e-10, max: 1e-6, noNaN: true }),
      weightDecay: fc.double({ min: 0, max: 0.01, noNaN: true }),
    },
    { requiredKeys: ['name'] },
  ),
  fc
    .record({
      name: fc.constant('sgd'),
      lr: fc.double({ min: 1e-3, max: 0.1, noNaN: true }),
      momentum: fc.double({ min: 0, max: 0.9, noNaN: true }),
      nesterov: fc.boolean(),
    })
    // PyTorch's rule: Nesterov needs a momentum.
    .map((o) => ({ ...o, nesterov: o.nesterov && o.momentum > 0 })),
);

const validSpec = fc
  .record({
    hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 3 }),
    act: activationWithOptions,
    optimizer: fc.option(optimizer, { nil: undefined }),
    epochs: fc.integer({ min: 1, max: 3 }),
    batchSize: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    shuffle: fc.option(fc.boolean(), { nil: undefined }),
    seed: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
    rows: fc.array(fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.boolean()), {
      minLength: 2,
      maxLength: 40,
    }),
    withInit: fc.boolean(),
  })
  .map((d) => {
    const layers = [2, ...d.hidden, 1];
    const config: Record<string, unknown> = { layers, activation: d.act.activation, epochs: d.epochs };
    if (d.act.activationOptions !== undefined) config.activationOptions = d.act.activationOptions;
    for (const key of ['optimizer', 'batchSize', 'shuffle', 'seed'] as const) if (d[key] !== undefined) config[key] = d[key];
    const spec: Record<string, any> = {
      config,
      data: { X: d.rows.map(([a, b]) => [a, b]), y: d.rows.map(([, , label]) => (label ? 1 : 0)) },
    };
    if (d.withInit)
      spec.init = initFor(
        layers,
        stateTensors(resolveHiddenActivations(d.act.activation, d.act.activationOptions, layers.length - 2), layers),
      );
    return spec;
  });

/** A valid init for `layers` (and the activations' learned tensors): small deterministic values in every tensor. */
function initFor(layers: number[], state: readonly StateTensor[] = []): Record<string, unknown> {
  let k = 0;
  const next = () => ((k++ * 7919) % 1000) / 1000 - 0.5;
  const init: Record<string, unknown> = {};
  for (const { key, shape } of stateDictShapes(layers, state)) {
    init[key] =
      shape.length === 2
        ? Array.from({ length: shape[0]! }, () => Array.from({ length: shape[1]! }, next))
        : Array.from({ length: shape[0]! }, next);
  }
  return init;
}

// ---------------------------------------------------------------------------------------------
// One-fault mutations of a spec: each returns the field the error must name, or null when the
// spec stays valid (an optional key removed).

type Mutation = (spec: any, pick: number, bad: (values: unknown[]) => unknown) => string | null;

const at = <T>(items: readonly T[], pick: number): T => items[pick % items.length]!;

/** Sets `object[key]` and returns `field`: a mutation in one expression. */
function put(object: Record<string, unknown>, key: string | number, value: unknown, field: string): string {
  object[key] = value;
  return field;
}

const MUTATIONS: Record<string, Mutation> = {
  epochs: (s, _p, bad) => put(s.config, 'epochs', bad(NOT_A_COUNT), 'config.epochs'),
  batchSize: (s, _p, bad) => put(s.config, 'batchSize', bad(NOT_A_COUNT), 'config.batchSize'),
  seed: (s, _p, bad) => put(s.config, 'seed', bad([...NOT_A_NUMBER, -1, 1.5, 2 ** 32, 1e21]), 'config.seed'),
  shuffle: (s, _p, bad) => put(s.config, 'shuffle', bad([null, 0, 1, 'true', new Bare('NaN'), []]), 'config.shuffle'),
  layers: (s, pick) => {
    const variants: [unknown, string][] = [
      [null, 'config.layers'],
      [[], 'config.layers'],
      [[2], 'config.layers'],
      ['2,3,1', 'config.layers'],
      [[2, 0, 1], 'config.layers[1]'],
      [[2, -3, 1], 'config.layers[1]'],
      [[2, 1.5, 1], 'config.layers[1]'],
      [[2, 2_000_000, 1], 'config.layers[1]'],
      [[2, 1e21, 1], 'config.layers[1]'],
      [[2, new Bare('NaN'), 1], 'config.layers[1]'],
      [[2, '3', 1], 'config.layers[1]'],
      [[2, 3, 2], 'config.layers[2]'],
      [[3, 3, 1], 'data.X[0]'],
    ];
    const [value, field] = at(variants, pick);
    s.config.layers = value;
    delete s.init;
    return field;
  },
  activation: (s, _p, bad) => put(s.config, 'activation', bad([null, 'swish', 'RELU', '', 5, new Bare('Infinity')]), 'config.activation'),
  activationOptions: (s, pick, bad) => {
    s.config.activation = 'elu';
    const variants: [unknown, string][] = [
      [null, 'config.activationOptions'],
      [[], 'config.activationOptions'],
      ['alpha=1', 'config.activationOptions'],
      [{ bogus: 1 }, 'config.activationOptions.bogus'],
      [{ alpha: bad([...NOT_A_NUMBER, ...BEYOND_F32]) }, 'config.activationOptions.alpha'],
    ];
    const [value, field] = at(variants, pick);
    s.config.activationOptions = value;
    return field;
  },
  optimizer: (s, pick, bad) => {
    const variants: [unknown, string][] = [
      [null, 'config.optimizer'],
      ['adam', 'config.optimizer'],
      [{}, 'config.optimizer.name'],
      [{ name: 'no-such-optimizer' }, 'config.optimizer.name'],
      [{ name: 'adam', lr: bad([...NOT_A_NUMBER, -1, 0]) }, 'config.optimizer.lr'],
      [{ name: 'adam', betas: [0.9] }, 'config.optimizer.betas'],
      [{ name: 'adam', betas: [bad([1, -0.1, 1e39, ...NOT_A_NUMBER]), 0.999] }, 'config.optimizer.betas[0]'],
      [{ name: 'adam', eps: bad([-1, ...NOT_A_NUMBER]) }, 'config.optimizer.eps'],
      [{ name: 'adam', momentum: 0.9 }, 'config.optimizer.momentum'],
      [{ name: 'sgd' }, 'config.optimizer.lr'],
      [{ name: 'sgd', lr: 0.1, nesterov: true }, 'config.optimizer.nesterov'],
      [{ name: 'sgd', lr: 0.1, momentum: bad([-1, ...NOT_A_NUMBER]) }, 'config.optimizer.momentum'],
    ];
    const [value, field] = at(variants, pick);
    s.config.optimizer = value;
    return field;
  },
  outputOrLoss: (s, pick, bad) => {
    const key = at(['output', 'loss'], pick);
    s.config[key] = bad(['softmax', 'mse', null, 5]);
    return `config.${key}`;
  },
  unknownKey: (s, pick) => {
    const [where, key, field] = at(
      [
        [s, 'bogus', 'bogus'],
        [s.config, 'epoch', 'config.epoch'],
        [s.data, 'Y', 'data.Y'],
      ] as const,
      pick,
    );
    (where as Record<string, unknown>)[key] = 1;
    return field;
  },
  missingKey: (s, pick) => {
    const [where, key, field] = at(
      [
        [s, 'config', 'config'],
        [s, 'data', 'data'],
        [s.config, 'layers', 'config.layers'],
        [s.config, 'activation', 'config.activation'],
        [s.data, 'X', 'data.X'],
        [s.data, 'y', 'data.y'],
      ] as const,
      pick,
    );
    delete (where as Record<string, unknown>)[key];
    return field;
  },
  optionalKeyRemoved: (s, pick) => {
    const key = at(['seed', 'shuffle', 'batchSize', 'optimizer', 'activationOptions'], pick);
    delete s.config[key];
    if (key === 'activationOptions') delete s.init;
    return null;
  },
  X: (s, _p, bad) => put(s.data, 'X', bad([null, 'x', [], {}, new Bare('NaN')]), 'data.X'),
  row: (s, pick, bad) => {
    const i = 1 + (pick % (s.data.X.length - 1));
    const variants: [unknown, string][] = [
      [[...s.data.X[i], 0], `data.X[${i}]`],
      [[s.data.X[i][0]], `data.X[${i}]`],
      [bad([null, 5, new Bare('NaN'), 'x', {}]), `data.X[${i}]`],
    ];
    const [value, field] = at(variants, pick >> 4);
    s.data.X[i] = value;
    return field;
  },
  firstRowEmpty: (s) => put(s.data.X, 0, [], 'data.X[0]'),
  cell: (s, pick, bad) => {
    const i = pick % s.data.X.length;
    const j = (pick >> 8) % 2;
    s.data.X[i][j] = bad([...NOT_A_NUMBER.filter((v) => !Array.isArray(v)), ...BEYOND_F32]);
    return `data.X[${i}][${j}]`;
  },
  labels: (s, pick, bad) => {
    if (pick % 3 === 0) {
      s.data.y.pop();
      return 'data.y';
    }
    const i = pick % s.data.y.length;
    s.data.y[i] = bad([2, -1, 0.5, null, new Bare('NaN'), '1', true, []]);
    return `data.y[${i}]`;
  },
  name: (s, _p, bad) => put(s.data, 'name', bad([5, null, new Bare('NaN'), [], {}]), 'data.name'),
  init: (s, pick, bad) => {
    s.init ??= initFor(s.config.layers);
    const weight = s.init['layer0.weight'] as number[][];
    const variants: (() => string)[] = [
      () => put(s, 'init', bad([null, 5, [], 'init']), 'init'),
      () => {
        delete s.init['layer0.bias'];
        return 'init.layer0.bias';
      },
      () => put(s.init, 'layer9.weight', [[0]], 'init.layer9.weight'),
      () => {
        weight.pop();
        return 'init.layer0.weight';
      },
      () => {
        weight[0]!.push(0);
        return 'init.layer0.weight[0]';
      },
      () => {
        const r = pick % weight.length;
        weight[r]![1] = bad([...NOT_A_NUMBER.filter((v) => !Array.isArray(v)), ...BEYOND_F32]) as number;
        return `init.layer0.weight[${r}][1]`;
      },
    ];
    return at(variants, pick >> 4)();
  },
};

const mutation = fc.option(fc.record({ kind: fc.constantFrom(...Object.keys(MUTATIONS)), pick: fc.nat(), badPick: fc.nat() }), {
  freq: 4,
  nil: undefined,
});

/** Applies the mutation (if any) to a copy; returns the spec's text and the field its error must name. */
function mutated(spec: unknown, m: { kind: string; pick: number; badPick: number } | undefined): { text: string; field: string | null } {
  const copy = structuredClone(spec);
  const field = m ? MUTATIONS[m.kind]!(copy, m.pick, (values) => at(values, m.badPick)) : null;
  return { text: specText(copy), field };
}

// ---------------------------------------------------------------------------------------------
// Checks

/** `field` is `expected` or inside it (expected.x, expected[3]). */
function names(field: string, expected: string): boolean {
  return field === expected || field.startsWith(`${expected}.`) || field.startsWith(`${expected}[`);
}

function assertRefused(error: unknown, expected: string, text: string): void {
  if (!(error instanceof InputError)) {
    assert.unreachable(`expected an InputError naming ${expected}, got ${error instanceof Error ? error.stack : String(error)}\n${text}`);
    return;
  }
  assert.ok(names(error.field, expected), `the error names ${expected}: ${error.message}`);
  assert.ok(error.message.startsWith(error.field), `the message starts with its field: ${error.message}`);
  assert.not.match(error.message, /__actlab|@@bare|\n/, `no marker, one line: ${error.message}`);
}

/** A finite history of `epochs` entries per series, nothing diverged. */
function assertTrained(
  result: Pick<SpecResult, 'bce' | 'accuracy' | 'grad'> & { diverged?: unknown },
  epochs: number,
  layers: number,
): void {
  assert.is(result.bce.length, epochs);
  assert.is(result.accuracy.length, epochs);
  assert.is(result.grad.length, layers);
  assert.ok(result.diverged === undefined || result.diverged === null, `tame runs do not diverge: ${JSON.stringify(result.diverged)}`);
  for (const g of result.grad) assert.ok(g.length === epochs && g.every((v) => Number.isFinite(v) && v >= 0), `finite grads ${g}`);
  assert.ok(result.bce.every(Number.isFinite), `finite BCE ${result.bce}`);
  assert.ok(
    result.accuracy.every((a) => a >= 0 && a <= 1),
    `accuracy in [0, 1]: ${result.accuracy}`,
  );
}

/** Exit 2, nothing on stdout, one stderr line `actlab: ...` that names `field`. */
function assertCliRefused(ran: { code: number; out: string; err: string }, field: string, argv: string[]): void {
  const what = `${JSON.stringify(argv)} → exit ${ran.code}, stderr ${JSON.stringify(ran.err)}`;
  assert.is(ran.code, 2, what);
  assert.is(ran.out, '', what);
  assert.match(ran.err, /^actlab: [^\n]+\n$/, `one line: ${what}`);
  assert.ok(ran.err.includes(`${field}`), `names ${field}: ${what}`);
  assert.not.match(ran.err, /__actlab|@@bare/, what);
}

// ---------------------------------------------------------------------------------------------
const fuzz = suite(`fuzz (fast-check seed ${SEED})`);

fuzz('training specs: validateSpec + runSpec refuse every fault by its field and train every valid spec', () => {
  fc.assert(
    fc.property(validSpec, mutation, (spec, m) => {
      const { text, field } = mutated(spec, m);
      let result: SpecResult | undefined;
      let error: unknown;
      try {
        result = runSpec(core, validateSpec(parseSpecText(text)));
      } catch (caught) {
        error = caught;
      }
      if (field !== null) return assertRefused(error, field, text);
      assert.ok(error === undefined, `a valid spec trains: ${error instanceof Error ? error.stack : error}\n${text}`);
      const parsed = JSON.parse(text);
      assertTrained(result!, parsed.config.epochs, parsed.config.layers.length - 1);
    }),
    settings(220),
  );
});

fuzz('actlab train <file> --json: exit 2 and one line naming the field, or the history as JSON', async () => {
  await fc.assert(
    fc.asyncProperty(validSpec, mutation, async (spec, m) => {
      const { text, field } = mutated(spec, m);
      const path = join(dir, `spec-${files++}.json`);
      writeFileSync(path, text);
      const ran = await runCliCaptured('train', path, '--json');
      if (field !== null) return assertCliRefused(ran, field, ['train', text]);
      assert.is(ran.code, 0, ran.err);
      const parsed = JSON.parse(text);
      assertTrained(JSON.parse(ran.out), parsed.config.epochs, parsed.config.layers.length - 1);
    }),
    settings(60),
  );
});

// ---------------------------------------------------------------------------------------------
// actlab activation NAME --at ... [--option value]

const OPTION_RANGES: Record<string, [number, number]> = {
  negativeSlope: [0, 0.5],
  alpha: [0.1, 2],
  beta: [0.5, 2],
  threshold: [1, 20],
  min: [-2, -0.5],
  max: [0.5, 2],
  lambd: [0, 1],
  value: [-1, 1],
  init: [-1, 1],
  lower: [0, 0.2],
  upper: [0.25, 0.6],
};

/** A valid value of `option` as text, at `unit` ∈ [0, 1] of its range: a choice by index, prelu's numParameters 1 (the element-wise probe). */
function optionText(spec: (typeof ACTIVATIONS)[number], option: string, unit: number): string {
  const choices = spec.choices?.[option];
  if (choices) return choices[Math.min(choices.length - 1, Math.floor(unit * choices.length))]!;
  if (option === 'numParameters') return '1';
  const [lo, hi] = OPTION_RANGES[option]!;
  return String(lo + (hi - lo) * unit);
}

const activationArgs = fc.record({
  name: fc.constantFrom(...ACTIVATIONS.map((a) => a.name)),
  points: fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 8 }),
  withOptions: fc.boolean(),
  unit: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 2 }),
  fault: fc.option(fc.record({ kind: fc.constantFrom('name', 'point', 'points', 'foreignOption', 'optionValue'), pick: fc.nat() }), {
    freq: 3,
    nil: undefined,
  }),
});

fuzz('actlab activation: every bad name, point or option is refused by name; valid calls evaluate every point', async () => {
  await fc.assert(
    fc.asyncProperty(activationArgs, async ({ name, points, withOptions, unit, fault }) => {
      const spec = ACTIVATIONS.find((a) => a.name === name)!;
      const taken = Object.keys(spec.options);
      const pointTexts = points.map(String);
      const argv = ['activation', name, '--at', pointTexts.join(','), '--json'];
      if (withOptions) {
        taken.forEach((option, i) => {
          argv.push(`--${option}`, optionText(spec, option, unit[i]!));
        });
      }
      let field: string | null = null;
      if (fault?.kind === 'name') {
        argv[1] = at(['swish', 'RELU', '', 'relu,tanh', '0x1'], fault.pick);
        field = 'activation';
      } else if (fault?.kind === 'point') {
        const i = fault.pick % pointTexts.length;
        pointTexts[i] = at([...NOT_DECIMAL.filter((t) => t !== '--'), '1e39', '-1e39'], fault.pick >> 4);
        argv[3] = pointTexts.join(',');
        field = `--at[${i}]`;
      } else if (fault?.kind === 'points') {
        argv[3] = '';
        field = '--at[0]';
      } else if (fault?.kind === 'foreignOption') {
        const foreign = ACTIVATION_OPTION_NAMES.filter((o) => !taken.includes(o));
        const option = at(foreign, fault.pick);
        argv.push(`--${option}`, '1');
        field = `--${option}`;
      } else if (fault?.kind === 'optionValue' && taken.length > 0) {
        const option = at(taken, fault.pick);
        const domain = spec.choices?.[option]
          ? ['fast', 'None', 'TANH', '', '1']
          : option === 'numParameters'
            ? ['0', '1.5', '-1', ...NOT_DECIMAL]
            : name === 'softplus' && option === 'beta'
              ? ['0', '-1', ...NOT_DECIMAL]
              : [...NOT_DECIMAL, '1e39'];
        argv.push(
          `--${option}`,
          at(
            domain.filter((t) => t !== '--'),
            fault.pick >> 4,
          ),
        );
        field = `--${option}`;
      }
      const ran = await runCliCaptured(...argv);
      if (field !== null) return assertCliRefused(ran, field, argv);
      assert.is(ran.code, 0, `${JSON.stringify(argv)}: ${ran.err}`);
      const result = JSON.parse(ran.out);
      assert.equal(result.x, points.map(Math.fround));
      assert.is(result.y.length, points.length);
      assert.is(result.dydx.length, points.length);
      assert.ok(
        [...result.y, ...result.dydx].every((v: unknown) => typeof v === 'number' && Number.isFinite(v)),
        ran.out,
      );
    }),
    settings(70),
  );
});

// ---------------------------------------------------------------------------------------------
// actlab compare with tiny settings

const compareArgs = fc.record({
  activations: fc.shuffledSubarray(['relu', 'tanh', 'sigmoid', 'elu', 'identity'], { minLength: 1, maxLength: 2 }),
  epochs: fc.integer({ min: 1, max: 3 }),
  samples: fc.integer({ min: 4, max: 40 }),
  batchSize: fc.integer({ min: 1, max: 40 }),
  lr: fc.double({ min: 1e-4, max: 0.1, noNaN: true }),
  dataset: fc.constantFrom(...DATASET_NAMES),
  dataSeed: fc.integer({ min: 0, max: 0xffffffff }),
  seeds: fc.integer({ min: 1, max: 2 }),
  hidden: fc.integer({ min: 1, max: 5 }),
  noise: fc.option(fc.double({ min: 0, max: 0.3, noNaN: true }), { nil: undefined }),
  fault: fc.option(fc.record({ flag: fc.nat(), pick: fc.nat() }), { freq: 3, nil: undefined }),
});

/** A flag and the texts that are wrong for it beyond NOT_DECIMAL (out of range, unknown names). */
const COMPARE_FAULTS: [flag: string, wrong: string[], decimal: boolean][] = [
  ['--epochs', ['0', '1.5', '1e21', '-1', '2000000'], true],
  ['--batch-size', ['0', '2.5', '1e8'], true],
  ['--samples', ['1', '3.5', '1e8'], true],
  ['--lr', ['0', '-1e-3'], true],
  ['--noise', ['-0.1', '1e39'], true],
  ['--data-seed', ['-1', '4294967296', '0.5'], true],
  ['--seeds', ['0', '1001'], true],
  ['--workers', ['0', '257'], true],
  ['--layers', ['0', '-1', '1.5', '2000000'], true],
  ['--activations', ['swish', 'relu,relu', ''], false],
  ['--dataset', ['iris', ''], false],
  ['--optimizer', ['no-such-optimizer'], false],
  ['--momentum', ['0.9'], false],
  ['--backend', ['gpu'], false],
];

fuzz('actlab compare: every bad flag is refused by name; valid runs print every epoch of every run', async () => {
  await fc.assert(
    fc.asyncProperty(compareArgs, async (a) => {
      const flags: Record<string, string> = {
        '--activations': a.activations.join(','),
        '--epochs': String(a.epochs),
        '--samples': String(a.samples),
        '--batch-size': String(a.batchSize),
        '--lr': String(a.lr),
        '--dataset': a.dataset,
        '--data-seed': String(a.dataSeed),
        '--seeds': String(a.seeds),
        '--layers': `2,${a.hidden},1`,
        '--workers': '1',
      };
      if (a.noise !== undefined) flags['--noise'] = String(a.noise);
      let field: string | null = null;
      if (a.fault) {
        const [flag, wrong, decimal] = at(COMPARE_FAULTS, a.fault.flag);
        const text = at(
          [...wrong, ...(decimal ? NOT_DECIMAL.filter((t) => t !== '--' && !(flag === '--layers' && t === '')) : [])],
          a.fault.pick,
        );
        field = flag;
        if (flag === '--layers') {
          // One item of the list: the error names it by index.
          flags[flag] = `2,${text},1`;
          field = '--layers[1]';
        } else {
          flags[flag] = text;
        }
      }
      const argv = ['compare', ...Object.entries(flags).flat(), '--no-report', '--json'];
      const ran = await runCliCaptured(...argv);
      if (field !== null) return assertCliRefused(ran, field, argv);
      assert.is(ran.code, 0, `${JSON.stringify(argv)}: ${ran.err}`);
      const rows = JSON.parse(ran.out) as { bce: unknown }[];
      assert.is(rows.length, a.activations.length * a.seeds * a.epochs);
      assert.ok(
        rows.every((r) => typeof r.bce === 'number' && Number.isFinite(r.bce)),
        ran.out.slice(0, 500),
      );
    }),
    settings(24),
  );
});

// ---------------------------------------------------------------------------------------------
// CSV text

const csvCell = fc
  .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom('plain', 'exp', 'fixed', 'quoted'))
  .map(([x, style]) => {
    const text = style === 'exp' ? x.toExponential(4) : style === 'fixed' ? x.toFixed(3) : String(x);
    return { text: style === 'quoted' ? `"${text}"` : text, value: Number(text) };
  });

const csvInput = fc.record({
  rows: fc.array(fc.record({ x1: csvCell, x2: csvCell, label: fc.constantFrom('0', '1', '1.0', '0.0', ' 1 ', '"0"') }), {
    minLength: 1,
    maxLength: 40,
  }),
  header: fc.constantFrom('x1,x2,label', 'X1, X2 ,Label', '"x1","x2","label"'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  blankAfter: fc.option(fc.nat(), { nil: undefined }),
  trailingNewline: fc.boolean(),
  fault: fc.option(
    fc.record({ kind: fc.constantFrom('coordinate', 'label', 'narrow', 'wide', 'header', 'empty', 'headerOnly'), pick: fc.nat() }),
    {
      freq: 2,
      nil: undefined,
    },
  ),
});

fuzz('CSV text: every malformed line is reported by its number; valid text parses to the numbers written', () => {
  fc.assert(
    fc.property(csvInput, ({ rows, header, eol, bom, blankAfter, trailingNewline, fault }) => {
      const lines = [header, ...rows.map((r) => `${r.x1.text},${r.x2.text},${r.label}`)];
      let badLine: number | null = null;
      if (fault) {
        const i = 1 + (fault.pick % rows.length);
        const cells = lines[i]!.split(',');
        if (fault.kind === 'coordinate') {
          // A cell is trimmed (' 5' is 5 in a CSV), so only the texts that stay wrong are used.
          const wrong = NOT_DECIMAL.filter((t) => t.trim() === t);
          cells[fault.pick % 2] = at([...wrong, '1e39', '-1e39', '"1,2"'], fault.pick >> 4);
          lines[i] = cells.join(',');
        } else if (fault.kind === 'label') {
          cells[2] = at(['2', '-1', '0.5', 'yes', '', 'NaN', '0x1', 'true', '1e39'], fault.pick >> 4);
          lines[i] = cells.join(',');
        } else if (fault.kind === 'narrow') {
          lines[i] = cells.slice(0, 2).join(',');
        } else if (fault.kind === 'wide') {
          lines[i] = `${lines[i]},0`;
        } else if (fault.kind === 'header') {
          lines[0] = at(['a,b,c', 'x1,x2', 'x2,x1,label', 'x1,x2,label,extra', '1,2,0'], fault.pick);
        } else if (fault.kind === 'empty') {
          lines.length = 0;
        } else {
          lines.length = 1;
        }
        badLine = fault.kind === 'header' || fault.kind === 'empty' || fault.kind === 'headerOnly' ? 1 : i + 1;
      }
      // A blank line shifts the numbers of the lines after it: it still counts.
      if (blankAfter !== undefined && lines.length > 0) {
        const k = blankAfter % lines.length;
        lines.splice(k + 1, 0, '');
        if (badLine !== null && badLine > k + 1 && fault!.kind !== 'headerOnly') badLine++;
      }
      const text = (bom ? '\uFEFF' : '') + lines.join(eol) + (trailingNewline ? eol : '');
      let error: unknown;
      let parsed: ReturnType<typeof parseCsvDataset> | undefined;
      try {
        parsed = parseCsvDataset(text, 'fuzz.csv');
      } catch (caught) {
        error = caught;
      }
      if (badLine !== null) {
        assert.instance(error, InputError, `an InputError, got ${String(error)} for ${JSON.stringify(text)}`);
        const message = (error as Error).message;
        assert.ok(message.startsWith('fuzz.csv'), message);
        assert.ok(message.includes(`line ${badLine}:`), `names line ${badLine}: ${message} for ${JSON.stringify(text)}`);
        assert.not.match(message, /\n/);
        return;
      }
      assert.ok(error === undefined, `valid CSV parses: ${String(error)} for ${JSON.stringify(text)}`);
      assert.is(parsed!.nSamples, rows.length);
      assert.equal(
        Array.from(parsed!.X),
        rows.flatMap((r) => [r.x1.value, r.x2.value]),
      );
      assert.equal(
        Array.from(parsed!.y),
        rows.map((r) => Number(r.label.replaceAll('"', ''))),
      );
    }),
    settings(150),
  );
});

// ---------------------------------------------------------------------------------------------

fuzz('afterwards the shared core still trains bit for bit like a fresh one', async () => {
  const reference = readJson(REFERENCE_DIR + 'ref-elu-width8-batch50.json');
  delete reference.expected;
  reference.data.X = reference.data.X.slice(0, 40);
  reference.data.y = reference.data.y.slice(0, 40);
  reference.config.epochs = 3;
  const spec = validateSpec(reference);
  const bits = (result: SpecResult): number[] => {
    const values = [...result.bce, ...result.accuracy, ...result.grad.flat(), ...Object.values(result.final).flat(2)];
    return Array.from(new Uint32Array(Float64Array.from(values).buffer));
  };
  const fresh = await loadCore({ backend: core.backend });
  assert.equal(bits(runSpec(core, spec)), bits(runSpec(fresh, spec)));
});

fuzz.after(() => rmSync(dir, { recursive: true, force: true }));

fuzz.run();
