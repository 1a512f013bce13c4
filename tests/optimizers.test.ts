// The optimizer registry (src/optim/registry.ts) against everything that reads it: the descriptor
// layout, the Wasm dispatch in optimizerStep on both builds, PyTorch's defaults, the validator
// (every field of every row), the descriptions, the CLI flags and the playground's settings.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { optimizerOf, settingsFromQuery, settingsToQuery } from '../site/src/state.js';
import { COMPARE_DEFAULTS, type CompareFlags, OPTIMIZER_FLAGS, OPTIMIZER_HELP, parseCompareFlags } from '../src/cli/compare-options.js';
import { BACKENDS, type Core, loadCore } from '../src/core/load.js';
import { Mlp } from '../src/model/mlp.js';
import { type OptimizerConfig, resolveOptimizer } from '../src/optim/config.js';
import { describeOptimizer } from '../src/optim/describe.js';
import { Optimizer } from '../src/optim/optimizer.js';
import {
  type HyperRule,
  type HyperSpec,
  hyperSlots,
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  type OptimizerName,
  type OptimizerSpec,
  statesUsed,
  takesSetting,
} from '../src/optim/registry.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { OptCapacity, OptimizerKind, OptRecord } from '../src/shared/layout.js';
import { FLOAT32_RULE } from '../src/validate.js';
import { throwsInputFor } from './helpers/throws.js';

const ROWS: readonly OptimizerSpec[] = OPTIMIZERS;
const cores = Object.fromEntries(await Promise.all(BACKENDS.map(async (b) => [b, await loadCore({ backend: b })] as const)));

/** A value each rule accepts, for the settings PyTorch requires (SGD's lr). */
const GOOD: Record<HyperRule, number> = { positive: 0.1, nonNegative: 0.1, unitInterval: 0.5 };
/** Values each rule refuses, with the words its message must hold. */
const BAD: Record<HyperRule, [number, string][]> = {
  positive: [
    [0, 'must be > 0'],
    [-1, 'must be > 0'],
    [1e39, FLOAT32_RULE],
  ],
  nonNegative: [
    [-1, 'must be >= 0'],
    [-1e-30, 'must be >= 0'],
    [1e39, FLOAT32_RULE],
  ],
  unitInterval: [
    [1, 'must be in [0, 1)'],
    [-0.1, 'must be in [0, 1)'],
    [1e39, 'must be in [0, 1)'],
  ],
};
const NOT_NUMBERS: unknown[] = [null, '0.1', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, [0.1], {}];

/** The least a user must write for `row`: its name and its required settings. */
function minimalInput(row: OptimizerSpec): Record<string, unknown> {
  const input: Record<string, unknown> = { name: row.name };
  for (const h of row.hyper) if (h.type === 'number' && h.default === undefined) input[h.key] = GOOD[h.rule];
  return input;
}

// ---------------------------------------------------------------------------------------------
const table = suite('optimizer registry: the table and the descriptor layout');

table('one row per OptimizerKind, ordered by kind, with unique names', () => {
  const kinds = Object.values(OptimizerKind).filter((v): v is number => typeof v === 'number');
  assert.equal(
    ROWS.map((o) => o.kind),
    kinds,
  );
  assert.is(new Set(OPTIMIZER_NAMES).size, ROWS.length);
  for (const o of ROWS) {
    assert.ok(/^[a-z][a-z0-9]*$/.test(o.name), o.name);
    assert.ok(o.description.length > 0 && !o.description.includes('\n'), `${o.name}: one-line description`);
    assert.is(new Set(o.hyper.map((h) => h.key)).size, o.hyper.length, `${o.name}: unique setting keys`);
    assert.ok(!o.hyper.some((h) => h.key === 'name'), `${o.name}: no setting is called name`);
  }
});

table('every row fits the descriptor: state buffers and f64 settings within OptCapacity', () => {
  for (const o of ROWS) {
    assert.ok(o.states >= 1 && o.states <= OptCapacity.States, `${o.name}: ${o.states} state buffers`);
    assert.ok(hyperSlots(o) <= OptCapacity.Hyper, `${o.name}: ${hyperSlots(o)} settings`);
  }
  // The State slots end before Hyper, whose f64s are 8-aligned, and Bytes is its end.
  assert.ok(OptRecord.State + 4 * OptCapacity.States <= OptRecord.Hyper);
  assert.is(OptRecord.Hyper % 8, 0);
  assert.is(OptRecord.Bytes, OptRecord.Hyper + 8 * OptCapacity.Hyper);
});

table("the defaults are PyTorch 1.13's (torch.optim.Adam, SGD, RMSprop, Adagrad, AdamW)", () => {
  assert.equal(resolveOptimizer({ name: 'adam' }), {
    name: 'adam',
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    amsgrad: false,
  });
  assert.equal(resolveOptimizer({ name: 'adamw' }), {
    name: 'adamw',
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 1e-2,
    amsgrad: false,
  });
  assert.equal(resolveOptimizer({ name: 'rmsprop' }), {
    name: 'rmsprop',
    lr: 1e-2,
    alpha: 0.99,
    eps: 1e-8,
    weightDecay: 0,
    momentum: 0,
    centered: false,
  });
  assert.equal(resolveOptimizer({ name: 'adagrad' }), {
    name: 'adagrad',
    lr: 1e-2,
    lrDecay: 0,
    weightDecay: 0,
    initialAccumulatorValue: 0,
    eps: 1e-10,
  });
  assert.equal(resolveOptimizer({ name: 'sgd', lr: 0.1 }), {
    name: 'sgd',
    lr: 0.1,
    momentum: 0,
    dampening: 0,
    weightDecay: 0,
    nesterov: false,
  });
  // max_exp_avg_sq is kept (and allocated) only with amsgrad.
  for (const name of ['adam', 'adamw'] as const) {
    assert.is(statesUsed(resolveOptimizer({ name })), 2, `${name}: 2 state buffers`);
    assert.is(statesUsed(resolveOptimizer({ name, amsgrad: true })), 3, `${name} amsgrad: 3 state buffers`);
  }
  // SGD's lr has no default in PyTorch: it must be given.
  throwsInputFor(() => resolveOptimizer({ name: 'sgd' }), 'optimizer.lr', 'is required for sgd');
  // Every row resolves from its minimal input, keys in kernel order after the name.
  for (const o of ROWS) {
    const config = resolveOptimizer(minimalInput(o));
    assert.equal(Object.keys(config), ['name', ...o.hyper.map((h) => h.key)], o.name);
  }
});

table.run();

// ---------------------------------------------------------------------------------------------
const validation = suite('optimizer registry: every field of every row is validated');

/** The refusals of one setting, with the field they must name and the words their message must hold. */
function refusals(h: HyperSpec, field: string): [unknown, string, string][] {
  const cases: [unknown, string, string][] = [
    [null, field, 'got null'],
    [{}, field, ''],
  ];
  if (h.type === 'boolean') {
    for (const bad of [1, 0, 'true', null]) cases.push([bad, field, 'must be true or false']);
  } else if (h.type === 'number') {
    for (const bad of NOT_NUMBERS) cases.push([bad, field, bad === null ? 'got null' : 'must be']);
    for (const [bad, words] of BAD[h.rule]) cases.push([bad, field, words]);
  } else {
    const ok = GOOD[h.rule];
    for (const bad of [ok, [ok], [ok, ok, ok], 'pair']) cases.push([bad, field, `must be a pair [${h.parts.join(', ')}]`]);
    for (const [bad, words] of [...BAD[h.rule], [Number.NaN, 'must be a finite number'] as [number, string]]) {
      cases.push([[bad, ok], `${field}[0]`, words]);
      cases.push([[ok, bad], `${field}[1]`, words]);
    }
  }
  return cases;
}

validation('each setting refuses wrong types, values outside its rule and non-float32 values, naming the field', () => {
  for (const o of ROWS) {
    for (const h of o.hyper) {
      for (const [value, field, words] of refusals(h, `config.optimizer.${h.key}`)) {
        throwsInputFor(() => resolveOptimizer({ ...minimalInput(o), [h.key]: value }, 'config.optimizer'), field, words);
      }
      // Its default, written out, is accepted and kept.
      if (h.default !== undefined) {
        const config = resolveOptimizer({ ...minimalInput(o), [h.key]: h.default }) as unknown as Record<string, unknown>;
        assert.equal(config[h.key], h.default, `${o.name}.${h.key}`);
      }
    }
  }
});

validation("unknown keys, other optimizers' keys and unknown names are refused", () => {
  for (const o of ROWS) {
    const known = `is not a known field (known: ${['name', ...o.hyper.map((h) => h.key)].join(', ')})`;
    throwsInputFor(() => resolveOptimizer({ ...minimalInput(o), learningRate: 0.1 }), 'optimizer.learningRate', known);
    for (const other of ROWS) {
      for (const h of other.hyper) {
        if (takesSetting(o.name as OptimizerName, h.key)) continue;
        throwsInputFor(() => resolveOptimizer({ ...minimalInput(o), [h.key]: h.default ?? 0.1 }), `optimizer.${h.key}`, known);
      }
    }
  }
  for (const name of ['no-such-optimizer', 'Adam', '', null, 3, undefined]) {
    throwsInputFor(() => resolveOptimizer({ name }), 'optimizer.name', `must be one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
  for (const value of [null, 'adam', ['adam'], 1]) throwsInputFor(() => resolveOptimizer(value), 'optimizer', 'must be an object');
});

validation("SGD's cross-field rule is PyTorch's: Nesterov needs momentum > 0 and dampening 0", () => {
  const rule = 'requires momentum > 0 and dampening 0';
  throwsInputFor(() => resolveOptimizer({ name: 'sgd', lr: 0.1, nesterov: true }), 'optimizer.nesterov', rule);
  throwsInputFor(
    () => resolveOptimizer({ name: 'sgd', lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }),
    'optimizer.nesterov',
    rule,
  );
  assert.is((resolveOptimizer({ name: 'sgd', lr: 0.1, nesterov: true, momentum: 0.9 }) as { nesterov: boolean }).nesterov, true);
  // Dampening without Nesterov is fine, as in PyTorch.
  assert.is((resolveOptimizer({ name: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.5 }) as { dampening: number }).dampening, 0.5);
});

validation.run();

// ---------------------------------------------------------------------------------------------
const dispatch = suite('optimizer registry and the Wasm dispatch agree (optimizerStep)');

const LAYERS = [2, 5, 3, 1];

/** A small model with seeded gradients in place, as a backward pass would leave them. */
function modelWithGradients(core: Core): Mlp {
  const model = new Mlp(core, { layers: LAYERS, seed: 1 });
  const rng = new Mt19937(7);
  core.f32(model.grads, model.paramCount).set(Float32Array.from({ length: model.paramCount }, () => rng.uniform(-1, 1)));
  return model;
}

/** A non-default configuration of `row`: every number setting moved off its default within its rule. */
function busyConfig(row: OptimizerSpec): OptimizerConfig {
  const input: Record<string, unknown> = { name: row.name };
  for (const h of row.hyper) {
    if (h.type === 'number') input[h.key] = h.key === 'lr' ? 0.01 : GOOD[h.rule] / 10;
    else if (h.type === 'pair') input[h.key] = [GOOD[h.rule], GOOD[h.rule] * 1.5];
  }
  return resolveOptimizer(input);
}

for (const backend of BACKENDS) {
  dispatch(`${backend}: every registry kind steps without trapping, with its state and settings in the descriptor`, () => {
    const core = cores[backend]!;
    for (const row of ROWS) {
      for (const config of [resolveOptimizer(minimalInput(row)), busyConfig(row)]) {
        const model = modelWithGradients(core);
        const optimizer = new Optimizer(model, config);
        try {
          const words = new Int32Array(core.kernels.memory.buffer, optimizer.descriptor, OptRecord.Hyper / 4);
          assert.is(words[OptRecord.Kind / 4], row.kind);
          for (let i = 0; i < OptCapacity.States; i++) {
            const at = words[OptRecord.State / 4 + i]!;
            assert.ok(i < statesUsed(config) ? at > 0 : at === 0, `${row.name}: state slot ${i}`);
          }
          const slots = core.f64(optimizer.descriptor + OptRecord.Hyper, OptCapacity.Hyper);
          assert.is(slots[0], config.lr, `${row.name}: lr in slot 0`);
          for (let i = hyperSlots(row); i < OptCapacity.Hyper; i++) assert.is(slots[i], 0, `${row.name}: unused slot ${i}`);
          const before = model.parameters();
          optimizer.step();
          optimizer.step();
          assert.is(optimizer.steps, 2);
          const after = model.parameters();
          assert.ok(
            after.every((x) => Number.isFinite(x)),
            `${row.name}: finite`,
          );
          assert.ok(
            after.some((x, i) => x !== before[i]),
            `${row.name}: the parameters moved`,
          );
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      }
    }
  });

  dispatch(`${backend}: an unknown kind in a descriptor traps (RuntimeError) and leaves the parameters alone`, () => {
    const core = cores[backend]!;
    for (const kind of [Math.max(...ROWS.map((o) => o.kind)) + 1, -1, 1 << 30]) {
      const model = modelWithGradients(core);
      const optimizer = new Optimizer(model, resolveOptimizer({ name: 'adam' }));
      try {
        new Int32Array(core.kernels.memory.buffer, optimizer.descriptor + OptRecord.Kind, 1)[0] = kind;
        const before = model.parameters();
        let caught: unknown;
        try {
          optimizer.step();
        } catch (error) {
          caught = error;
        }
        assert.instance(caught, WebAssembly.RuntimeError, `kind ${kind}`);
        assert.equal(model.parameters(), before, `kind ${kind}: untouched`);
      } finally {
        optimizer.dispose();
        model.dispose();
      }
    }
  });
}

dispatch('every registry kind steps bit-identically on the SIMD and scalar builds', () => {
  for (const row of ROWS) {
    const [a, b] = BACKENDS.map((backend) => {
      const model = modelWithGradients(cores[backend]!);
      const optimizer = new Optimizer(model, busyConfig(row));
      for (let t = 0; t < 3; t++) optimizer.step();
      const bits = Array.from(new Uint32Array(model.parameters().buffer));
      optimizer.dispose();
      model.dispose();
      return bits;
    });
    assert.equal(a, b, row.name);
  }
});

dispatch.run();

// ---------------------------------------------------------------------------------------------
const readers = suite('optimizer registry: descriptions, CLI and playground read it');

readers("describeOptimizer: the report's full line and the CLI's brief one", () => {
  assert.is(describeOptimizer(resolveOptimizer({ name: 'adam', lr: 1e-4 })), 'Adam (lr 0.0001, betas 0.9/0.999, eps 1e-8, weight decay 0)');
  assert.is(describeOptimizer(resolveOptimizer({ name: 'adam', lr: 1e-4 }), 'brief'), 'Adam lr 0.0001');
  const sgd = resolveOptimizer({ name: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true });
  assert.is(describeOptimizer(sgd), 'SGD (lr 0.1, momentum 0.9, dampening 0, weight decay 0, Nesterov)');
  assert.is(describeOptimizer(sgd, 'brief'), 'SGD lr 0.1 momentum 0.9 Nesterov');
  assert.is(describeOptimizer(resolveOptimizer({ name: 'sgd', lr: 0.1 }), 'brief'), 'SGD lr 0.1');
  for (const row of ROWS) {
    const text = describeOptimizer(busyConfig(row));
    assert.ok(text.startsWith(`${row.label} (`), text);
    for (const h of row.hyper) if (h.type !== 'boolean') assert.ok(text.includes(h.label), `${text} names ${h.label}`);
  }
});

const FLAGS: CompareFlags = { ...COMPARE_DEFAULTS, report: false, backend: 'auto' };

readers('actlab compare --optimizer takes every registry name, and its help lists them', () => {
  for (const name of OPTIMIZER_NAMES) {
    const { study } = parseCompareFlags({ ...FLAGS, optimizer: name }, () => false);
    assert.is(study.optimizer.name, name);
    assert.ok(OPTIMIZER_HELP.optimizer.includes(name), OPTIMIZER_HELP.optimizer);
  }
  throwsInputFor(
    () => parseCompareFlags({ ...FLAGS, optimizer: 'no-such-optimizer' }, () => false),
    '--optimizer',
    'must be',
    ...OPTIMIZER_NAMES,
  );
  for (const name of OPTIMIZER_NAMES) {
    const flags = { ...FLAGS, optimizer: name, momentum: '0.5' };
    if (takesSetting(name, 'momentum')) {
      assert.is((parseCompareFlags(flags, () => false).study.optimizer as { momentum: number }).momentum, 0.5);
    } else {
      throwsInputFor(() => parseCompareFlags(flags, () => false), '--momentum', 'applies to --optimizer');
    }
  }
});

readers('actlab compare has a flag for every setting of every optimizer, refused for an optimizer without it', () => {
  for (const row of ROWS) {
    for (const h of row.hyper) {
      if (h.key === 'lr' || h.key === 'momentum') continue;
      const option = OPTIMIZER_FLAGS.find((o) => o.key === h.key);
      assert.ok(option, `${row.name}.${h.key} has a flag`);
      // A value unlike the default and within the rule, written as a user would.
      const text = h.type === 'boolean' ? true : h.type === 'pair' ? '0.5,0.75' : String(GOOD[h.rule] / 10);
      const flags = {
        ...FLAGS,
        optimizer: row.name,
        lr: '0.01',
        ...(row.name === 'sgd' && h.key === 'nesterov' ? { momentum: '0.5' } : {}),
      };
      const optimizer = parseCompareFlags({ ...flags, [h.key]: text } as CompareFlags, () => false).study.optimizer as Record<
        string,
        unknown
      >;
      const want = h.type === 'boolean' ? true : h.type === 'pair' ? [0.5, 0.75] : GOOD[h.rule] / 10;
      assert.equal(optimizer[h.key], want, `${option!.flag} ${text} with --optimizer ${row.name}`);
      for (const other of OPTIMIZER_NAMES.filter((name) => !takesSetting(name, h.key))) {
        throwsInputFor(
          () => parseCompareFlags({ ...FLAGS, optimizer: other, lr: '0.01', [h.key]: text } as CompareFlags, () => false),
          option!.flag,
          'applies to --optimizer',
        );
      }
      if (h.type === 'number') {
        for (const [bad, words] of BAD[h.rule].filter(([value]) => Number.isFinite(value) && Math.abs(value) < 1e30)) {
          throwsInputFor(() => parseCompareFlags({ ...flags, [h.key]: String(bad) } as CompareFlags, () => false), option!.flag, words);
        }
      }
    }
  }
  throwsInputFor(() => parseCompareFlags({ ...FLAGS, betas: '0.9' } as CompareFlags, () => false), '--betas', 'two numbers');
  throwsInputFor(() => parseCompareFlags({ ...FLAGS, betas: '0.9,1' } as CompareFlags, () => false), '--betas[1]', 'must be in [0, 1)');
});

readers("the playground's optimizers and their settings come from the registry, checked by its validator", () => {
  for (const name of OPTIMIZER_NAMES) {
    const { settings, problems } = settingsFromQuery(`?optimizer=${name}`);
    assert.equal(problems, []);
    assert.is(settings.optimizer, name);
    assert.is(resolveOptimizer(optimizerOf(settings)).name, name);
    assert.is(settingsToQuery(settings).includes('momentum='), takesSetting(name, 'momentum'));
  }
  assert.equal(settingsFromQuery('?optimizer=no-such-optimizer').problems, [
    `optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got "no-such-optimizer"`,
  ]);
  for (const row of ROWS) {
    const { settings } = settingsFromQuery(`?optimizer=${row.name}`);
    assert.equal(
      Object.keys(settings.hyper),
      row.hyper.map((h) => h.key),
    );
    for (const h of row.hyper) {
      assert.ok(new URLSearchParams(settingsToQuery(settings)).has(h.key), `${row.name}: ${h.key} in the URL`);
      if (h.type === 'number')
        assert.match(
          settingsFromQuery(`?optimizer=${row.name}&${h.key}=-1`).problems.join(),
          `${h.key} must be`,
          `${row.name}.${h.key}=-1`,
        );
    }
  }
});

readers.run();
