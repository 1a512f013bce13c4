// TorchGenerator and torchLinearInit against PyTorch 1.13 (tests/reference/torch-rng.json, written by
// scripts/pytorch-reference.py --only torch-rng): every float32 compared as its uint32 bit pattern.
// Then properties (fast-check, fixed seeds) and the refusals.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCore } from '../src/core/load.js';
import { Mlp } from '../src/model/mlp.js';
import { fmaDouble, fmaFloat, TorchGenerator, torchSeedValue } from '../src/random/torch-generator.js';
import { torchLinearBounds, torchLinearInit } from '../src/random/torch-linear-init.js';
import { validateSpec } from '../src/spec/spec.js';
import { ownTrainingReferences, REFERENCE_DIR, readJson } from './helpers/fixtures.js';
import { throwsInput, throwsInputFor } from './helpers/throws.js';

interface RngCall {
  op: 'uniform_' | 'normal_' | 'random_int32' | 'random_int64';
  size: number;
  from?: number;
  to?: number;
  mean?: number;
  std?: number;
  bits?: number[];
  values?: string[];
}
interface LinearEntry {
  seed: string;
  layers: number[];
  modules: string[];
  bounds: { weight: [number, number]; bias: [number, number] }[];
  weight: number[][];
  bias: number[][];
}
const reference = readJson(`${REFERENCE_DIR}torch-rng.json`) as {
  sequences: { seed: string; calls: RngCall[] }[];
  linear: LinearEntry[];
};
const FC = (numRuns: number, seed: number) => ({ numRuns, seed, endOnFailure: true, includeErrorInReport: true });

const bitsOf = (values: Float32Array): number[] => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

/** Where two bit patterns first differ, for a readable failure. */
function assertBits(got: Float32Array, want: number[], what: string): void {
  const bits = bitsOf(got);
  assert.is(bits.length, want.length, `${what}: length`);
  const at = bits.findIndex((b, i) => b !== want[i]);
  if (at >= 0) {
    const f = new Float32Array(new Uint32Array([want[at] as number]).buffer)[0];
    assert.unreachable(`${what}[${at}]: got ${got[at]} (0x${bits[at]?.toString(16)}), PyTorch ${f} (0x${want[at]?.toString(16)})`);
  }
}

/** Replays one reference call on `g`. */
function replay(g: TorchGenerator, call: RngCall, what: string): void {
  if (call.op === 'random_int32') {
    // random_() on int32 is random() % 2^31; on int64, random64() % 2^63.
    const got = Array.from({ length: call.size }, () => String(g.random() % 2 ** 31));
    assert.equal(got, call.values, what);
  } else if (call.op === 'random_int64') {
    const got = Array.from({ length: call.size }, () => String(g.random64() % (1n << 63n)));
    assert.equal(got, call.values, what);
  } else if (call.op === 'uniform_') {
    assertBits(g.uniform_(new Float32Array(call.size), call.from, call.to), call.bits as number[], what);
  } else {
    assertBits(g.normal_(new Float32Array(call.size), call.mean, call.std), call.bits as number[], what);
  }
}

// ---------------------------------------------------------------- the references

test('the reference covers the sizes, seeds and layer lists asked for', () => {
  const seeds = reference.sequences.map((s) => s.seed);
  for (const seed of ['0', '1', '42', '123456789', String(2n ** 32n + 5n), String(2n ** 63n - 1n), String(2n ** 64n - 1n)]) {
    assert.ok(seeds.includes(seed), seed);
  }
  for (const op of ['uniform_', 'normal_'] as const) {
    const sizes = new Set(reference.sequences[0]?.calls.filter((c) => c.op === op).map((c) => c.size));
    for (const size of [1, 3, 15, 16, 17, 31, 100]) assert.ok(sizes.has(size), `${op} size ${size}`);
  }
  const lists = reference.linear.map((l) => l.layers.join(','));
  for (const layers of ['2,5,5,5,5,1', '3,17,1', '2,64,64,1']) assert.ok(lists.includes(layers), layers);
});

for (const sequence of reference.sequences) {
  test(`manual_seed(${sequence.seed}): every call of the sequence, bit for bit`, () => {
    const g = new TorchGenerator(BigInt(sequence.seed));
    for (const [k, call] of sequence.calls.entries()) replay(g, call, `seed ${sequence.seed} call ${k} ${call.op}(${call.size})`);
  });
}

test('a number seed and a bigint seed are the same generator', () => {
  for (const sequence of reference.sequences) {
    const big = BigInt(sequence.seed);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    const g = new TorchGenerator(Number(big));
    for (const [k, call] of sequence.calls.entries()) replay(g, call, `seed ${sequence.seed} (number) call ${k}`);
  }
});

for (const entry of reference.linear) {
  test(`nn.Linear init ${entry.layers.join('→')} after manual_seed(${entry.seed}), bit for bit`, () => {
    const params = torchLinearInit(BigInt(entry.seed), entry.layers);
    assert.is(params.length, entry.layers.length - 1);
    params.forEach((p, l) => {
      assertBits(p.weight, entry.weight[l] as number[], `layer ${l} weight`);
      assertBits(p.bias, entry.bias[l] as number[], `layer ${l} bias`);
      // The float64 bounds Python passed to uniform_, to the bit.
      const bounds = torchLinearBounds(entry.layers[l] as number);
      const want = entry.bounds[l] as LinearEntry['bounds'][number];
      assert.equal([-bounds.weight, bounds.weight], want.weight, `layer ${l} weight bound`);
      assert.equal([-bounds.bias, bounds.bias], want.bias, `layer ${l} bias bound`);
    });
  });
}

test("Mlp({ torchSeed }) holds those very weights: its state dict is PyTorch's, bit for bit, for every activation", async () => {
  const core = await loadCore();
  for (const entry of reference.linear) {
    if (entry.layers.at(-1) !== 1 || BigInt(entry.seed) > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    for (const activation of ['relu', 'tanh'] as const) {
      const model = new Mlp(core, { layers: entry.layers, activation, torchSeed: Number(entry.seed) });
      try {
        const params = model.parameters();
        let at = 0;
        entry.layers.slice(1).forEach((nOut, l) => {
          const nIn = entry.layers[l]!;
          assertBits(params.subarray(at, at + nOut * nIn), entry.weight[l]!, `${activation} layer ${l} weight`);
          at += nOut * nIn;
          assertBits(params.subarray(at, at + nOut), entry.bias[l]!, `${activation} layer ${l} bias`);
          at += nOut;
        });
      } finally {
        model.dispose();
      }
    }
  }
  throwsInput(() => new Mlp(core, { layers: [2, 1], torchSeed: -1 }), 'torchSeed', '-1');
  throwsInput(() => new Mlp(core, { layers: [2, 1], torchSeed: 1, seed: 2 }), 'torchSeed', 'cannot be combined');
});

test("torchSeed gives the init of every PyTorch training reference made after torch.manual_seed, the tutorial's included", async () => {
  const core = await loadCore();
  let checked = 0;
  for (const { name, path } of ownTrainingReferences()) {
    const fixture = readJson(path);
    const seed = /torch\.manual_seed\((\d+)\)/.exec(fixture.about ?? '')?.[1];
    assert.ok(seed !== undefined, `${name}: its about names the torch.manual_seed it was made after`);
    const spec = validateSpec({ ...fixture, init: undefined, config: { ...fixture.config, torchSeed: Number(seed) } });
    const model = new Mlp(core, {
      layers: spec.config.layers,
      activation: spec.config.activation,
      activationOptions: spec.config.activationOptions,
      torchSeed: spec.config.torchSeed!,
    });
    try {
      assert.equal(model.stateDict(), fixture.init, `${name}: torch.manual_seed(${seed})`);
      checked++;
    } finally {
      model.dispose();
    }
  }
  assert.ok(checked >= 20, `${checked} references`);
});

test('the Sequentials of the reference interleave parameter-free activations, which draw nothing', () => {
  for (const entry of reference.linear) {
    assert.ok(entry.modules.some((m) => m !== 'Linear') || entry.layers.length === 2, entry.modules.join(','));
    assert.is(entry.modules.filter((m) => m === 'Linear').length, entry.layers.length - 1);
  }
});

test('torchLinearInit with a generator advances it in place, as PyTorch’s default generator', () => {
  const entry = reference.linear[0] as LinearEntry;
  const g = new TorchGenerator(BigInt(entry.seed));
  const first = torchLinearInit(g, entry.layers);
  assert.equal(
    first.map((p) => bitsOf(p.weight)),
    entry.weight,
  );
  const next = torchLinearInit(g, entry.layers);
  assert.not.equal(bitsOf(next[0]?.weight as Float32Array), entry.weight[0]);
  // The same as one generator building both stacks in a row.
  const again = new TorchGenerator(BigInt(entry.seed));
  torchLinearInit(again, entry.layers);
  assert.equal(
    torchLinearInit(again, entry.layers).map((p) => bitsOf(p.bias)),
    next.map((p) => bitsOf(p.bias)),
  );
});

// ---------------------------------------------------------------- properties

const seedArb = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const sizeArb = fc.integer({ min: 0, max: 70 });
const callArb = fc.record({
  normal: fc.boolean(),
  size: sizeArb,
  a: fc.double({ min: -10, max: 10, noNaN: true }),
  w: fc.double({ min: 0, max: 10, noNaN: true }),
});

function run(g: TorchGenerator, calls: { normal: boolean; size: number; a: number; w: number }[]): number[][] {
  return calls.map((c) =>
    bitsOf(c.normal ? g.normal_(new Float32Array(c.size), c.a, c.w) : g.uniform_(new Float32Array(c.size), c.a, c.a + c.w)),
  );
}

test('manual_seed keeps the low 32 bits of the seed: s and s + k·2^32 give one stream', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.bigInt({ min: 1n, max: 2n ** 32n - 1n }), (s, k) => {
      const a = new TorchGenerator(s);
      const b = new TorchGenerator(s + (k << 32n));
      for (let i = 0; i < 8; i++) assert.is(a.random(), b.random());
      assert.is(a.random64(), b.random64());
    }),
    FC(100, 2024),
  );
});

test('uniform_ stays in [float(from), float(to)], and in [0, 1) for the defaults', () => {
  fc.assert(
    fc.property(
      seedArb,
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      (seed, from, width) => {
        const to = from + width;
        const g = new TorchGenerator(seed);
        // Closed at `to`: x ≤ 1 - 2^-24, but x·(to - from) + from is rounded and may reach it.
        for (const v of g.uniform_(new Float32Array(64), from, to))
          assert.ok(v >= Math.fround(from) && v <= Math.fround(to), `${v} in [${from}, ${to}]`);
        for (const v of g.uniform_(new Float32Array(64))) assert.ok(v >= 0 && v < 1, `${v} in [0, 1)`);
      },
    ),
    FC(200, 7),
  );
});

test('the same seed gives the same bits: a sequence of calls is deterministic', () => {
  fc.assert(
    fc.property(seedArb, fc.array(callArb, { maxLength: 8 }), (seed, calls) => {
      assert.equal(run(new TorchGenerator(seed), calls), run(new TorchGenerator(seed), calls));
    }),
    FC(100, 11),
  );
});

test('independent generators are independent streams: interleaving two changes neither', () => {
  fc.assert(
    fc.property(seedArb, seedArb, fc.array(callArb, { maxLength: 8 }), fc.array(callArb, { maxLength: 8 }), (s1, s2, c1, c2) => {
      const alone1 = run(new TorchGenerator(s1), c1);
      const alone2 = run(new TorchGenerator(s2), c2);
      const g1 = new TorchGenerator(s1);
      const g2 = new TorchGenerator(s2);
      const got1: number[][] = [];
      const got2: number[][] = [];
      for (let i = 0; i < Math.max(c1.length, c2.length); i++) {
        if (i < c1.length) got1.push(...run(g1, [c1[i] as (typeof c1)[number]]));
        if (i < c2.length) got2.push(...run(g2, [c2[i] as (typeof c2)[number]]));
      }
      assert.equal(got1, alone1);
      assert.equal(got2, alone2);
    }),
    FC(60, 13),
  );
});

/** How many random() draws `op` took from g, found by re-synchronising a twin generator. */
function drawsTaken(seed: bigint, op: (g: TorchGenerator) => void, max: number): number {
  const g = new TorchGenerator(seed);
  op(g);
  const next = g.random();
  const twin = new TorchGenerator(seed);
  for (let n = 0; n <= max; n++) if (twin.random() === next) return n;
  return -1;
}

test('normal_ from 16 elements takes n draws, n + 16 when n is not a multiple of 16; uniform_ takes n', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 16, max: 300 }), (seed, n) => {
      const want = n % 16 === 0 ? n : n + 16;
      assert.is(
        drawsTaken(seed, (g) => g.normal_(new Float32Array(n)), want + 1),
        want,
      );
      assert.is(
        drawsTaken(seed, (g) => g.uniform_(new Float32Array(n)), n + 1),
        n,
      );
    }),
    FC(40, 17),
  );
});

test('normal_ below 16 elements: two 64-bit draws make two values, the second one cached across calls', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 1, max: 15 }), (seed, n) => {
      // ceil(n / 2) pairs of random64(), i.e. 4 random() per pair.
      assert.is(
        drawsTaken(seed, (g) => g.normal_(new Float32Array(n)), 40),
        4 * Math.ceil(n / 2),
      );
      // Two calls of one element: the second one is the first one's cached value, and draws nothing.
      assert.is(
        drawsTaken(
          seed,
          (g) => {
            g.normal_(new Float32Array(1));
            g.normal_(new Float32Array(1));
          },
          8,
        ),
        4,
      );
      // The cache is served before anything else: 1 + (n - 1) elements equal n elements at once.
      const a = new TorchGenerator(seed);
      const split = [...a.normal_(new Float32Array(1), 0.5, 2), ...a.normal_(new Float32Array(n - 1 || 1), 0.5, 2)];
      const b = new TorchGenerator(seed);
      const whole = [...b.normal_(new Float32Array(n === 1 ? 2 : n), 0.5, 2)];
      assert.equal(split, whole);
    }),
    FC(60, 19),
  );
});

test('uniform_(from, from) fills with float(from); normal_(mean, 0) with float(mean)', () => {
  fc.assert(
    fc.property(seedArb, fc.double({ min: -1e30, max: 1e30, noNaN: true }), sizeArb, (seed, v, n) => {
      const g = new TorchGenerator(seed);
      for (const x of g.uniform_(new Float32Array(n), v, v)) assert.is(x, Math.fround(v));
      for (const x of g.normal_(new Float32Array(n), v, 0)) assert.is(x, Math.fround(v));
    }),
    FC(100, 23),
  );
});

// ---------------------------------------------------------------- fused multiply-adds

/** x = m · 2^e exactly, m a bigint. */
function exact(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let e = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return [BigInt(m), e];
}

/** Sign of (a·b + c) - (x + y) / 2, exactly: where a·b + c lies from the midpoint of x and y. */
function compareExact(a: number, b: number, c: number, x: number, y: number): number {
  const [ma, ea] = exact(a);
  const [mb, eb] = exact(b);
  const [mc, ec] = exact(c);
  const [mx, ex] = exact(x);
  const [my, ey] = exact(y);
  const lo = Math.min(ea + eb, ec, ex, ey);
  const twice = ((ma * mb) << BigInt(ea + eb - lo + 1)) + (mc << BigInt(ec - lo + 1));
  const diff = twice - (mx << BigInt(ex - lo)) - (my << BigInt(ey - lo));
  return diff > 0n ? 1 : diff < 0n ? -1 : 0;
}

/** r is the correctly rounded a·b + c: the exact value lies between r's midpoints with its neighbours. */
function assertNearest(a: number, b: number, c: number, r: number, below: number, above: number, evenR: boolean): void {
  const sLo = compareExact(a, b, c, r, below);
  const sHi = compareExact(a, b, c, r, above);
  assert.ok(sLo > 0 || (sLo === 0 && evenR), `fma(${a}, ${b}, ${c}) = ${r}: the exact value is below the midpoint with ${below}`);
  assert.ok(sHi < 0 || (sHi === 0 && evenR), `fma(${a}, ${b}, ${c}) = ${r}: the exact value is above the midpoint with ${above}`);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function floatStep(x: number, up: boolean): number {
  f32[0] = x;
  const positive = x > 0 || (x === 0 && up);
  if (x === 0) return up ? 2 ** -149 : -(2 ** -149);
  u32[0] = (u32[0] as number) + (positive === up ? 1 : -1);
  return f32[0] as number;
}
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
function doubleStep(x: number, up: boolean): number {
  if (x === 0) return up ? 2 ** -1074 : -(2 ** -1074);
  f64[0] = x;
  u64[0] = (u64[0] as bigint) + (x > 0 === up ? 1n : -1n);
  return f64[0] as number;
}

const float32Arb = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e18), max: Math.fround(1e18) });

test('fmaFloat rounds a·b + c once, to the nearest float32 (ties to even), also where float64 would tie', () => {
  const check = (a: number, b: number, c: number) => {
    const r = fmaFloat(a, b, c);
    assert.is(r, Math.fround(r));
    f32[0] = r;
    const even = ((u32[0] as number) & 1) === 0;
    assertNearest(a, b, c, r, floatStep(r, false), floatStep(r, true), even);
  };
  // Built so that a·b + c in float64 lands exactly on a float32 midpoint while the exact value is just
  // below it (Math.fround of the float64 sum would round the wrong way): c = 1 + 2^-23, a·b = 2^-24 - 2^-70.
  const c = Math.fround(1 + 2 ** -23);
  check(Math.fround(2 ** -24 * (1 + 2 ** -23)), Math.fround(1 - 2 ** -23), c);
  check(-Math.fround(2 ** -24 * (1 + 2 ** -23)), Math.fround(1 - 2 ** -23), -c);
  check(Math.fround(2 ** -24 * (1 + 2 ** -23)), -Math.fround(1 - 2 ** -23), Math.fround(1 + 2 ** -22));
  fc.assert(fc.property(float32Arb, float32Arb, float32Arb, check), FC(2000, 29));
  // Products of magnitude near c, where the sum cancels.
  fc.assert(
    fc.property(float32Arb, float32Arb, fc.integer({ min: -3, max: 3 }), (a, b, k) =>
      check(a, b, Math.fround(-(a * b) * (1 + k * 2 ** -23))),
    ),
    FC(2000, 31),
  );
});

test('fmaDouble rounds a·b + c once, to the nearest float64', () => {
  const doubleArb = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e100, max: 1e100 });
  const check = (a: number, b: number, c: number) => {
    const r = fmaDouble(a, b, c);
    if (r === 0) return;
    f64[0] = r;
    const even = ((u64[0] as bigint) & 1n) === 0n;
    assertNearest(a, b, c, r, doubleStep(r, false), doubleStep(r, true), even);
  };
  fc.assert(fc.property(doubleArb, doubleArb, doubleArb, check), FC(1000, 37));
  fc.assert(
    fc.property(doubleArb, doubleArb, fc.integer({ min: -3, max: 3 }), (a, b, k) => check(a, b, -(a * b) * (1 + k * 2 ** -52))),
    FC(1000, 41),
  );
});

// ---------------------------------------------------------------- refusals

test('a seed outside [0, 2^64) or not an integer is an InputError naming the field and the value', () => {
  for (const bad of [-1, 1.5, 2 ** 64, Number.NaN, Number.POSITIVE_INFINITY, -1n, 2n ** 64n]) {
    throwsInputFor(() => new TorchGenerator(bad), 'seed', String(bad), '2^64');
  }
  for (const bad of ['5', null, undefined, {}]) throwsInputFor(() => torchSeedValue('seed', bad), 'seed', 'must be an integer');
  throwsInputFor(() => new TorchGenerator(-3, 'config.torchSeed'), 'config.torchSeed', '-3');
  throwsInputFor(() => torchLinearInit(0.5, [2, 1]), 'seed', '0.5');
  // The edges are seeds.
  assert.is(new TorchGenerator(2n ** 64n - 1n).seed, 2n ** 64n - 1n);
  assert.is(new TorchGenerator(0).seed, 0n);
});

test('uniform_ and normal_ refuse what PyTorch refuses, and non-finite or non-float32 settings', () => {
  const g = new TorchGenerator(0);
  const t = new Float32Array(4);
  throwsInputFor(() => g.uniform_(t, 1, 0), 'from', 'must be <= to');
  throwsInputFor(() => g.uniform_(t, Number.NaN, 1), 'from', 'NaN');
  throwsInputFor(() => g.uniform_(t, 0, 1e39), 'to', '1e+39');
  throwsInputFor(() => g.uniform_(t, -3e38, 3e38), 'to', 'of from (-3e+38)');
  throwsInputFor(() => g.normal_(t, 0, -1), 'std', 'must be >= 0');
  throwsInputFor(() => g.normal_(t, Number.POSITIVE_INFINITY, 1), 'mean', 'Infinity');
  // A refusal draws nothing.
  assert.is(g.random(), new TorchGenerator(0).random());
});

test('torchLinearInit refuses bad layer lists, naming the entry', () => {
  throwsInputFor(() => torchLinearInit(0, [2]), 'layers', 'at least 2');
  throwsInputFor(() => torchLinearInit(0, [2, 0]), 'layers[1]', '>= 1');
  throwsInputFor(() => torchLinearInit(0, [2, 1.5]), 'layers[1]', '1.5');
});

test.run();
