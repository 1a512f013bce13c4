// Activation kernels (assembly/activations) and their registry (src/activations/registry.ts):
// against PyTorch 1.13's values (tests/reference/activations.json, and the independent
// ../shared/fixtures/pytorch/activations.json when it exists), against the float64 references,
// against each other across builds.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateActivation } from '../src/activations/kernels.js';
import {
  ACTIVATIONS,
  type ActivationOptions,
  type ActivationSpec,
  activationNames,
  getActivation,
  isActivationName,
  optionBytes,
  optionValues,
  resolveActivationOptions,
} from '../src/activations/registry.js';
import { type Backend, type Core, loadCore, simdSupported } from '../src/core/load.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { ActivationId } from '../src/shared/activation-id.js';
import {
  ACTIVATION_REFERENCE,
  type ActivationEntry,
  type ActivationTable,
  activationEntries,
  readActivationTable,
  sharedActivationTablePath,
} from './helpers/fixtures.js';
import { throwsInput } from './helpers/throws.js';

/** Our PyTorch 1.13 references, default options and variants (tests/reference/README.md). */
const reference = readActivationTable(ACTIVATION_REFERENCE);
const referenceEntries = activationEntries(reference);
/** The independent fixture, checked too when ../shared/fixtures exists (read by the tests themselves). */
const sharedReferencePath = sharedActivationTablePath();

/**
 * Every option set the cross-checks run with: the reference's, i.e. the defaults and, where there
 * are options, others that differ from every default (to catch a kernel reading its options in the wrong order).
 */
function optionSets(spec: ActivationSpec): Record<string, number>[] {
  return referenceEntries.filter((entry) => entry.name === spec.name).map((entry) => entry.options);
}

/** The buffers of one forward + backward call, copied out of wasm memory. */
interface Outputs {
  y: Float32Array;
  dz: Float32Array;
}

interface RunMode {
  /** Fill the buffer the backward pass should not read with NaN before running it. */
  poison?: 'z' | 'y';
  /** Forward with y == z and backward with dz == dy. */
  inPlace?: boolean;
}

/** Runs the raw kernels on z and dy with the options `params` (one f32 each); leaves the arena as it found it. */
function run(core: Core, id: number, params: Float32Array, z: Float32Array, dy: Float32Array, mode: RunMode = {}): Outputs {
  const n = z.length;
  const { arena, kernels } = core;
  const buffers = arena.allocAll([Math.max(4, params.byteLength), n * 4, n * 4, n * 4, n * 4]);
  try {
    const [p, zp, yp, dyp, dzp] = buffers.ptrs as [number, number, number, number, number];
    core.f32(p, params.length).set(params);
    core.f32(zp, n).set(z);
    core.f32(dyp, n).set(dy);
    if (mode.inPlace) {
      // y over a copy of z; then the real z is needed again, for the backward pass.
      core.f32(yp, n).set(z);
      kernels.activationForward(id, p, yp, yp, n);
      kernels.activationBackward(id, p, zp, yp, dyp, dyp, n);
      return { y: core.f32(yp, n).slice(), dz: core.f32(dyp, n).slice() };
    }
    kernels.activationForward(id, p, zp, yp, n);
    const y = core.f32(yp, n).slice();
    if (mode.poison === 'z') core.f32(zp, n).fill(NaN);
    if (mode.poison === 'y') core.f32(yp, n).fill(NaN);
    const zBefore = core.f32(zp, n).slice();
    const yBefore = core.f32(yp, n).slice();
    const dyBefore = core.f32(dyp, n).slice();
    kernels.activationBackward(id, p, zp, yp, dyp, dzp, n);
    assert.ok(sameBits(core.f32(zp, n), zBefore), 'activationBackward must leave z unchanged');
    assert.ok(sameBits(core.f32(yp, n), yBefore), 'activationBackward must leave y unchanged');
    assert.ok(sameBits(core.f32(dyp, n), dyBefore), 'activationBackward must leave dy unchanged when dz is apart');
    return { y, dz: core.f32(dzp, n).slice() };
  } finally {
    buffers.dispose();
  }
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return ua.every((v, i) => v === ub[i]);
}

function firstBitDifference(a: Float32Array, b: Float32Array): string {
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return `[${i}] ${a[i]} vs ${b[i]}`;
  }
  return 'none';
}

/** x as float32, with values beside 0 and the kinks, for the structural checks. */
function probeInputs(seed: number, n: number, lo = -50, hi = 50): Float32Array {
  const rng = new Mt19937(seed);
  const special = [0, -0, 1e-30, -1e-30, 1e-40, -3, 3, 6, -1, 1, -0.75, 2.5, 2.8, 50, -50, 20, 7];
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = i < special.length && n > 40 ? special[i]! : rng.uniform(lo, hi);
  return out;
}

function ones(n: number): Float32Array {
  return new Float32Array(n).fill(1);
}

function randomGrad(seed: number, n: number): Float32Array {
  const rng = new Mt19937(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-2, 2));
}

function within(actual: number, expected: number, abs: number, rel: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= abs + rel * Math.abs(expected);
}

/** The option values as the kernels see them (float32), for float64 references. */
function f32Options(spec: ActivationSpec, options: Record<string, number>): ActivationOptions {
  const { params, options: full } = resolveActivationOptions(spec.name, options);
  return Object.fromEntries(Object.keys(full).map((key, i) => [key, params[i]!]));
}

function enumIds(): number[] {
  return Object.values(ActivationId).filter((v): v is number => typeof v === 'number');
}

const cores = new Map<Backend, Core>();
async function coreFor(backend: Backend): Promise<Core> {
  let core = cores.get(backend);
  if (!core) {
    core = await loadCore({ backend });
    cores.set(backend, core);
  }
  return core;
}

const BACKENDS: Backend[] = simdSupported() ? ['simd', 'scalar'] : ['scalar'];

// ---------------------------------------------------------------------------------------------
// Per backend: the kernels.

for (const backend of BACKENDS) {
  const test = suite(`activations (${backend} kernels)`);
  let core: Core;

  test.before(async () => {
    core = await coreFor(backend);
    assert.is(core.backend, backend);
  });

  test('every activation and option set matches PyTorch 1.13 (tests/reference, y and dy/dx) to 1e-6 + 1e-5·|ref|', () => {
    for (const entry of referenceEntries) assertKernelMatches(core, entry);
  });

  if (sharedReferencePath) {
    test('every activation matches the independent ../shared/fixtures/pytorch/activations.json to 1e-6 + 1e-5·|ref|', () => {
      for (const entry of activationEntries(readActivationTable(sharedReferencePath))) assertKernelMatches(core, entry);
    });
  }

  test("evaluateActivation gives the raw kernels' results and returns its arena space", () => {
    for (const entry of referenceEntries) {
      const before = core.arena.bytesInUse;
      const got = evaluateActivation(core, entry.name, entry.options, entry.x);
      assert.is(core.arena.bytesInUse, before, `${entry.label}: arena released`);
      const { spec, params } = resolveActivationOptions(entry.name, entry.options);
      const x = Float32Array.from(entry.x);
      const want = run(core, spec.id, params, x, ones(x.length));
      assert.equal(got.x, Array.from(x));
      assert.equal(got.y, Array.from(want.y), `${entry.label}: y`);
      assert.equal(got.dydx, Array.from(want.dz), `${entry.label}: dydx`);
    }
    assert.equal(evaluateActivation(core, 'relu', undefined, []), { x: [], y: [], dydx: [] });
    assert.throws(
      () => evaluateActivation(core, 'nope', {}, [1]),
      (e: unknown) => e instanceof RangeError,
    );
  });

  test('the wasm dispatch handles every ActivationId, and traps on others', () => {
    const x = probeInputs(11, 203);
    const identity = run(core, ActivationId.Identity, new Float32Array(2), x, ones(x.length));
    assert.ok(sameBits(identity.y, x), 'identity forward copies');
    assert.ok(sameBits(identity.dz, ones(x.length)), 'identity backward copies');
    for (const id of enumIds()) {
      const spec = ACTIVATIONS.find((s) => s.id === id)!;
      const { y, dz } = run(core, id, resolveActivationOptions(spec.name).params, x, ones(x.length));
      assert.ok(y.every(Number.isFinite), `${spec.name}: finite y`);
      assert.ok(dz.every(Number.isFinite), `${spec.name}: finite dy/dx`);
      if (id !== ActivationId.Identity) {
        assert.not.ok(sameBits(y, identity.y) && sameBits(dz, identity.dz), `${spec.name} is dispatched to its own kernel`);
      }
    }
    const unknown = Math.max(...enumIds()) + 1;
    for (const id of [unknown, -1]) {
      assert.throws(() => run(core, id, new Float32Array(2), x, ones(x.length)), undefined, `id ${id} traps`);
    }
  });

  test('backwardUses is honest: NaN in the other buffer changes nothing', () => {
    const x = probeInputs(12, 131);
    const dy = randomGrad(13, x.length);
    for (const spec of ACTIVATIONS) {
      const unused = spec.backwardUses === 'z' ? 'y' : 'z';
      for (const options of optionSets(spec)) {
        const { params } = resolveActivationOptions(spec.name, options);
        const clean = run(core, spec.id, params, x, dy);
        const poisoned = run(core, spec.id, params, x, dy, { poison: unused });
        assert.ok(sameBits(clean.dz, poisoned.dz), `${spec.name} backward read ${unused}: ${firstBitDifference(clean.dz, poisoned.dz)}`);
      }
    }
  });

  test('in place (y = z, dz = dy) gives the same bits', () => {
    for (const n of [0, 1, 3, 4, 7, 64, 131]) {
      const x = probeInputs(14 + n, n);
      const dy = randomGrad(15 + n, n);
      for (const spec of ACTIVATIONS) {
        for (const options of optionSets(spec)) {
          const { params } = resolveActivationOptions(spec.name, options);
          const apart = run(core, spec.id, params, x, dy);
          const inPlace = run(core, spec.id, params, x, dy, { inPlace: true });
          assert.ok(sameBits(apart.y, inPlace.y), `${spec.name} n=${n}: y = z in place`);
          assert.ok(sameBits(apart.dz, inPlace.dz), `${spec.name} n=${n}: dz = dy in place`);
        }
      }
    }
  });

  test('property: kernel f ≈ reference f and kernel f′ ≈ central difference of the reference, away from kinks', () => {
    const optionArbitraries: Record<string, fc.Arbitrary<Record<string, number>>> = {
      leaky_relu: fc.record({ negativeSlope: fc.double({ min: -0.5, max: 0.5, noNaN: true }) }),
      elu: fc.record({ alpha: fc.double({ min: 0.1, max: 3, noNaN: true }) }),
      softplus: fc.record({ beta: fc.double({ min: 0.25, max: 4, noNaN: true }), threshold: fc.double({ min: 1, max: 30, noNaN: true }) }),
      celu: fc.record({ alpha: fc.oneof(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: -3, max: -0.2, noNaN: true })) }),
      softshrink: fc.record({ lambd: fc.double({ min: 0, max: 2, noNaN: true }) }),
      hardshrink: fc.record({ lambd: fc.double({ min: -1, max: 2, noNaN: true }) }),
      threshold: fc.record({ threshold: fc.double({ min: -3, max: 3, noNaN: true }), value: fc.double({ min: -5, max: 5, noNaN: true }) }),
      hardtanh: fc
        .double({ min: -3, max: 2.5, noNaN: true })
        .chain((min) => fc.double({ min: min + 0.5, max: 3, noNaN: true }).map((max) => ({ min, max }))),
    };
    const caseArb = fc
      .constantFrom(...ACTIVATIONS)
      .chain((spec) =>
        fc.tuple(
          fc.constant(spec),
          fc.oneof(fc.constant({} as Record<string, number>), optionArbitraries[spec.name] ?? fc.constant({})),
          fc.array(fc.float({ min: -12, max: 12, noNaN: true }), { minLength: 1, maxLength: 41 }),
        ),
      );
    fc.assert(
      fc.property(caseArb, ([spec, options, xs]) => {
        const opts = f32Options(spec, options);
        const got = evaluateActivation(core, spec.name, options, xs);
        const kinks = spec.kinks(opts);
        for (let i = 0; i < xs.length; i++) {
          const x = got.x[i]!;
          const f = spec.f(x, opts);
          // Softplus's f itself jumps at its threshold: there float32 and float64 may pick different sides.
          if (kinks.some((k) => Math.abs(x - k) <= 1e-5 * Math.max(1, Math.abs(k)))) continue;
          if (!within(got.y[i]!, f, 2e-6, 1e-5)) return fail(`${spec.name}(${x}) = ${got.y[i]}, reference ${f}`);
          const h = 1e-4 * Math.max(1, Math.abs(x));
          if (kinks.some((k) => Math.abs(x - k) < 10 * h)) continue;
          const fd = (spec.f(x + h, opts) - spec.f(x - h, opts)) / (2 * h);
          if (!within(got.dydx[i]!, fd, 2e-6, 1e-5)) return fail(`${spec.name}'(${x}) = ${got.dydx[i]}, central difference ${fd}`);
        }
        return true;
      }),
      { numRuns: 300, seed: backend === 'simd' ? 1729 : 4104 },
    );
  });

  test.run();
}

function fail(message: string): never {
  throw new Error(message);
}

/** The kernels at the entry's x (as float32), against its float64 PyTorch values. */
function assertKernelMatches(core: Core, entry: ActivationEntry): void {
  const { spec, params } = resolveActivationOptions(entry.name, entry.options);
  const x = Float32Array.from(entry.x);
  const { y, dz } = run(core, spec.id, params, x, ones(x.length));
  for (let i = 0; i < x.length; i++) {
    if (!within(y[i]!, entry.y[i]!, 1e-6, 1e-5)) assert.unreachable(`${entry.label}: f(${entry.x[i]}) = ${y[i]}, PyTorch ${entry.y[i]}`);
    if (!within(dz[i]!, entry.dydx[i]!, 1e-6, 1e-5))
      assert.unreachable(`${entry.label}: f'(${entry.x[i]}) = ${dz[i]}, PyTorch ${entry.dydx[i]}`);
  }
}

/** The registry's float64 f and df at the entry's x, against its PyTorch values. */
function assertFloat64Matches(entry: ActivationEntry): void {
  const { spec, options } = resolveActivationOptions(entry.name, entry.options);
  entry.x.forEach((x, i) => {
    const f = spec.f(x, options);
    const df = spec.df(x, options);
    if (!within(f, entry.y[i]!, 1e-9, 1e-7)) assert.unreachable(`${entry.label}: f(${x}) = ${f}, PyTorch ${entry.y[i]}`);
    if (!within(df, entry.dydx[i]!, 1e-9, 1e-7)) assert.unreachable(`${entry.label}: f'(${x}) = ${df}, PyTorch ${entry.dydx[i]}`);
  });
}

const REGENERATE = 'regenerate it: /usr/bin/python3 scripts/pytorch-reference.py --only activations';

/** Our table has exactly the registry's activations, in its order, each with the registry's defaults. */
function assertCoversRegistry(table: ActivationTable): void {
  assert.equal(
    Object.keys(table.activations),
    activationNames(),
    `tests/reference/activations.json lists the registry's activations: ${REGENERATE}`,
  );
  assertRegistryDefaults(table);
}

/**
 * Every activation the table has is registered, with the registry's defaults (PyTorch's); it need
 * not have them all, and an independent table may leave out an option at its default (gelu's
 * approximate).
 */
function assertRegistryDefaults(table: ActivationTable, every = true): void {
  for (const [name, row] of Object.entries(table.activations)) {
    assert.ok(isActivationName(name), `${name} is a registered activation`);
    const spec = getActivation(name);
    const defaults = optionValues(spec, spec.options);
    if (every) assert.equal(defaults, row.options, `${name}: defaults as PyTorch's`);
    else for (const [key, value] of Object.entries(row.options)) assert.is(defaults[key], value, `${name}: ${key} defaults as PyTorch's`);
  }
}

// ---------------------------------------------------------------------------------------------
// Across backends: the two builds agree bit for bit.

{
  const test = suite('activations (simd vs scalar, bit for bit)');
  test('every activation, random x in [-50, 50], lengths not multiples of 4', async () => {
    if (!simdSupported()) return; // nothing to compare on an engine without SIMD
    const simd = await coreFor('simd');
    const scalar = await coreFor('scalar');
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 31, 64, 65, 1001, 4099]) {
      const x = probeInputs(100 + n, n);
      const dy = randomGrad(200 + n, n);
      for (const spec of ACTIVATIONS) {
        for (const options of optionSets(spec)) {
          const { params } = resolveActivationOptions(spec.name, options);
          const a = run(simd, spec.id, params, x, dy);
          const b = run(scalar, spec.id, params, x, dy);
          assert.ok(sameBits(a.y, b.y), `${spec.name} n=${n} forward: ${firstBitDifference(a.y, b.y)}`);
          assert.ok(sameBits(a.dz, b.dz), `${spec.name} n=${n} backward: ${firstBitDifference(a.dz, b.dz)}`);
        }
      }
    }
  });
  test.run();
}

// ---------------------------------------------------------------------------------------------
// The registry: its rows, its float64 references, its option checks.

{
  const test = suite('activations (registry)');

  test('one row per ActivationId and one ActivationId per row; unique names; the reference covers all', () => {
    const ids = enumIds().sort((a, b) => a - b);
    assert.equal(
      ACTIVATIONS.map((s) => s.id).sort((a, b) => a - b),
      ids,
    );
    assert.is(new Set(ACTIVATIONS.map((s) => s.name)).size, ACTIVATIONS.length, 'names unique');
    assert.equal(
      activationNames(),
      ACTIVATIONS.map((s) => s.name),
    );
    for (const spec of ACTIVATIONS) {
      assert.is(getActivation(spec.name), spec);
      assert.ok(spec.backwardUses === 'z' || spec.backwardUses === 'y', `${spec.name}: backwardUses`);
      assert.is(optionBytes(spec), Math.max(1, Object.keys(spec.options).length) * 4, `${spec.name}: 4 bytes per option, at least 4`);
      for (const { option, op, bound } of spec.bounds ?? []) {
        assert.ok(option in spec.options, `${spec.name}: a bound on its option ${option}`);
        assert.ok(['>', '>=', '<', '<=', '!='].includes(op), `${spec.name}: ${op}`);
        assert.ok(typeof bound === 'number' ? Number.isFinite(bound) : bound in spec.options, `${spec.name}: ${option} ${op} ${bound}`);
      }
      for (const tensor of spec.state ?? []) {
        assert.ok(/^[a-z_][a-z0-9_]*$/.test(tensor.name), `${spec.name}: state ${tensor.name}`);
        assert.ok(tensor.initOption in spec.options && tensor.lengthOption in spec.options, `${spec.name}: state options`);
        assert.ok(spec.integers?.includes(tensor.lengthOption), `${spec.name}: a whole-number length`);
      }
      for (const [option, names] of Object.entries(spec.choices ?? {})) {
        assert.ok(option in spec.options && names.length > 1, `${spec.name}: choice ${option}`);
        assert.ok(Number.isInteger(spec.options[option]) && names[spec.options[option]!] !== undefined, `${spec.name}: default ${option}`);
      }
      assert.match(spec.torch.module, /^[A-Z][A-Za-z0-9]*$/, `${spec.name}: a torch.nn class name`);
      for (const option of Object.keys(spec.torch.arguments ?? {}))
        assert.ok(option in spec.options, `${spec.name}: argument for ${option}`);
      for (const options of spec.referenceOptions ?? []) {
        assert.equal(Object.keys(options), Object.keys(spec.options), `${spec.name}: reference options set every option, in order`);
        resolveActivationOptions(spec.name, options);
      }
      assert.match(spec.color, /^#[0-9a-f]{6}$/, `${spec.name}: colour`);
    }
    assert.is(new Set(ACTIVATIONS.map((s) => s.color)).size, ACTIVATIONS.length, 'one colour each');
    assertCoversRegistry(reference);
  });

  test('docs/activations.md has a row for every activation: its options with their defaults, the buffer backward reads', () => {
    const doc = readFileSync(new URL('../docs/activations.md', import.meta.url), 'utf8');
    for (const spec of ACTIVATIONS) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${spec.name} |`));
      assert.ok(row, `docs/activations.md: no row for ${spec.name}`);
      const cells = row!.split(/(?<!\\)\|/).map((cell) => cell.trim());
      for (const [option, value] of Object.entries(optionValues(spec, spec.options))) {
        const written = typeof value === 'string' ? `'${value}'` : `${value}`;
        assert.ok(cells[4]!.replaceAll('−', '-').includes(`${option} = ${written}`), `${spec.name}: documents ${option} = ${written}`);
      }
      assert.ok(cells[5]!.includes(spec.backwardUses), `${spec.name}: documents that backward reads ${spec.backwardUses}`);
    }
  });

  test('the reference has other options wherever there are options: every one unlike its default', () => {
    for (const spec of ACTIVATIONS) {
      const variants = reference.activations[spec.name]!.variants ?? [];
      assert.equal(
        variants.map((v: { options: unknown }) => v.options),
        spec.referenceOptions ?? [],
        `${spec.name}: the reference probes the registry's referenceOptions (regenerate it with scripts/pytorch-reference.py)`,
      );
      const keys = Object.keys(spec.options);
      if (keys.length === 0) {
        assert.equal(variants, [], `${spec.name} takes no options`);
        continue;
      }
      assert.ok(variants.length > 0, `${spec.name}: a variant`);
      for (const { options } of variants) {
        assert.equal(Object.keys(options).sort(), [...keys].sort(), `${spec.name}: every option given`);
        // A state's length (prelu's numParameters) stays 1: the probe is one-dimensional.
        const sized = (spec.state ?? []).map((tensor) => tensor.lengthOption);
        const defaults = optionValues(spec, spec.options);
        for (const key of keys.filter((k) => !sized.includes(k)))
          assert.is.not(options[key], defaults[key], `${spec.name}: ${key} unlike the default`);
      }
    }
  });

  test('the reference probes every kink of every option set, and a point on each side', () => {
    for (const entry of referenceEntries) {
      const { spec, options } = resolveActivationOptions(entry.name, entry.options);
      for (const k of spec.kinks(options)) {
        const beside = 1e-2 * Math.max(1, Math.abs(k));
        assert.ok(entry.x.includes(k), `${entry.label}: x has the kink ${k}`);
        assert.ok(
          entry.x.some((x) => x < k && x > k - beside),
          `${entry.label}: x just below ${k}`,
        );
        assert.ok(
          entry.x.some((x) => x > k && x < k + beside),
          `${entry.label}: x just above ${k}`,
        );
      }
    }
  });

  test('the float64 references f, df match PyTorch 1.13 (tests/reference) to 1e-9 + 1e-7·|ref|', () => {
    for (const entry of referenceEntries) assertFloat64Matches(entry);
  });

  if (sharedReferencePath) {
    test("the independent ../shared/fixtures/pytorch/activations.json: the activations it has are registered, with the registry's defaults", () => {
      assertRegistryDefaults(readActivationTable(sharedReferencePath), false);
    });

    test('the float64 references f, df match ../shared/fixtures/pytorch/activations.json to 1e-9 + 1e-7·|ref|', () => {
      for (const entry of activationEntries(readActivationTable(sharedReferencePath))) assertFloat64Matches(entry);
    });
  }

  test("resolveActivationOptions fills defaults and packs one f32 per option in the row's order", () => {
    const softplus = resolveActivationOptions('softplus', { threshold: 5 });
    assert.equal(softplus.options, { beta: 1, threshold: 5 });
    assert.equal(Array.from(softplus.params), [1, 5]);
    const hardtanh = resolveActivationOptions('hardtanh', { max: 2, min: -0.5 });
    assert.equal(Array.from(hardtanh.params), [-0.5, 2]);
    assert.equal(Array.from(resolveActivationOptions('relu').params), []);
    assert.equal(resolveActivationOptions('elu', { alpha: undefined }).options, { alpha: 1 });
    assert.equal(Array.from(resolveActivationOptions('leaky_relu', { negativeSlope: 0.1 }).params), [Math.fround(0.1)]);
    for (const spec of ACTIVATIONS)
      assert.is(resolveActivationOptions(spec.name).params.length, Object.keys(spec.options).length, spec.name);
  });

  test('bad names and options throw InputErrors naming the field and the value', () => {
    throwsInput(() => getActivation('foo'), 'unknown activation "foo"', 'known: identity, relu, sigmoid');
    throwsInput(() => resolveActivationOptions('Relu'), 'unknown activation "Relu"');
    throwsInput(() => resolveActivationOptions('relu', { alpha: 1 }), 'activation "relu" takes no option "alpha"');
    throwsInput(() => resolveActivationOptions('elu', { beta: 2 }), 'activation "elu" takes no option "beta"; it takes: alpha');
    throwsInput(() => resolveActivationOptions('softplus', { beta: 0 }), 'beta must be > 0, got 0');
    throwsInput(() => resolveActivationOptions('softplus', { beta: -2 }), 'beta', '-2');
    throwsInput(() => resolveActivationOptions('softplus', { beta: 1e-50 }), 'beta', '1e-50');
    throwsInput(() => resolveActivationOptions('elu', { alpha: NaN }), 'alpha', 'NaN');
    throwsInput(() => resolveActivationOptions('elu', { alpha: Infinity }), 'alpha', 'Infinity');
    throwsInput(() => resolveActivationOptions('elu', { alpha: 1e39 }), 'alpha', '1e+39');
    throwsInput(() => resolveActivationOptions('leaky_relu', { negativeSlope: '0.1' }), 'negativeSlope', '"0.1"');
    throwsInput(() => resolveActivationOptions('softplus', { threshold: null }), 'threshold', 'null');
    throwsInput(() => resolveActivationOptions('hardtanh', { min: 1, max: -1 }), 'min', '1', 'max');
    throwsInput(() => resolveActivationOptions('hardtanh', { min: 2 }), 'min', '2');
    throwsInput(() => resolveActivationOptions('hardtanh', { min: 0.5, max: 0.5 }), 'min', '0.5');
    throwsInput(() => resolveActivationOptions('elu', [1] as unknown as Record<string, unknown>), 'options');
  });

  test.run();
}
