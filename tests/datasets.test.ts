import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCircles } from '../src/datasets/circles.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { assertClose } from './helpers/close.js';
import { readJson, trainingReferences } from './helpers/fixtures.js';
import { throwsInput } from './helpers/throws.js';

// Reference values below were produced by numpy 1.24 `np.random.RandomState`.

function draws(rng: Mt19937, n: number, draw: (r: Mt19937) => number): number[] {
  return Array.from({ length: n }, () => draw(rng));
}

// ---------------------------------------------------------------- Mt19937

test('Mt19937: raw uint32 stream matches RandomState(int)', () => {
  assert.equal(
    draws(new Mt19937(42), 3, (r) => r.nextUint32()),
    [1608637542, 3421126067, 4083286876],
  );
  assert.equal(
    draws(new Mt19937(4294967295), 2, (r) => r.nextUint32()),
    [419326371, 479346978],
  );
  // Crosses the 624-word regeneration boundary.
  const rng = new Mt19937(42);
  for (let i = 0; i < 1000; i++) rng.nextUint32();
  assert.equal(
    draws(rng, 2, (r) => r.nextUint32()),
    [2998581749, 138795966],
  );
});

test('Mt19937: random() matches random_sample()', () => {
  assert.equal(
    draws(new Mt19937(42), 3, (r) => r.random()),
    [0.3745401188473625, 0.9507143064099162, 0.7319939418114051],
  );
  assert.is(new Mt19937(0).random(), 0.5488135039273248);
  assert.is(new Mt19937(4294967295).random(), 0.0976320289940138);
});

test('Mt19937: uniform and normal match the legacy distributions', () => {
  assert.is(new Mt19937(42).uniform(-2, 3), -0.12729940576318755);
  const gauss = [0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254];
  assertClose(
    draws(new Mt19937(42), 4, (r) => r.normal()),
    gauss,
    1e-15,
    'normal(seed 42)',
  );
  const shifted = [6.528104691935328, 3.8003144167344467, 4.957475968211479];
  assertClose(
    draws(new Mt19937(0), 3, (r) => r.normal(3, 2)),
    shifted,
    1e-14,
    'normal(3, 2, seed 0)',
  );
});

test('Mt19937: randomInterval matches masked rejection of randint(uint32)', () => {
  assert.equal(
    draws(new Mt19937(7), 5, (r) => r.randomInterval(3000000000)),
    [327741615, 976413892, 1369975286, 1882953283, 1956722279],
  );
  const rng = new Mt19937(7);
  for (let i = 0; i < 5; i++) rng.randomInterval(3000000000);
  assert.equal(
    draws(rng, 5, (r) => r.randomInterval(5)),
    [4, 1, 0, 1, 2],
  );
  assert.is(new Mt19937(1).randomInterval(0), 0);
});

test('Mt19937: permutation and shuffle match RandomState', () => {
  assert.equal(Array.from(new Mt19937(42).permutation(10)), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
  const a = [0, 1, 2, 3, 4, 5, 6, 7];
  new Mt19937(123).shuffle(a);
  assert.equal(a, [0, 1, 3, 7, 4, 2, 5, 6]);
});

test('Mt19937: rejects bad seeds with the field and value', () => {
  throwsInput(() => new Mt19937(-1), 'seed', '-1');
  throwsInput(() => new Mt19937(4294967296), 'seed', '4294967296');
  throwsInput(() => new Mt19937(1.5), 'seed', '1.5');
  throwsInput(() => new Mt19937(Number.NaN), 'seed', 'NaN');
});

// ---------------------------------------------------------------- makeCircles

// Every run in tests/reference, examples and (when present) ../shared/fixtures made with
// make_circles names its parameters in data.name, e.g.
// "circles(n=1000, factor=0.5, noise=0.1, random_state=42)": makeCircles must give the same data.
const CIRCLES_NAME = /^circles\(n=(\d+), factor=([\d.]+), noise=([\d.]+), random_state=(\d+)\)$/;
const TUTORIAL_CIRCLES = 'circles(n=1000, factor=0.5, noise=0.1, random_state=42)';

interface ReferenceData {
  file: string;
  shared: boolean;
  data: { name: string; X: number[][]; y: number[] };
}

function circlesReferences(): ReferenceData[] {
  return trainingReferences()
    .map(({ name, path, shared }) => ({ file: name, shared, data: readJson(path).data as ReferenceData['data'] }))
    .filter(({ data }) => CIRCLES_NAME.test(data.name));
}

test("makeCircles reproduces sklearn's data in every PyTorch reference made with make_circles", () => {
  const references = circlesReferences();
  assert.ok(
    references.some((r) => r.data.name === TUTORIAL_CIRCLES && !r.shared),
    `a committed reference has ${TUTORIAL_CIRCLES}`,
  );
  for (const { file, data } of references) {
    const [, n, factor, noise, seed] = CIRCLES_NAME.exec(data.name)!.map(Number);
    const ds = makeCircles({ nSamples: n!, factor: factor!, noise: noise!, seed: seed! });
    assert.is(ds.nFeatures, 2, file);
    assert.is(ds.name, data.name, file);
    assert.equal(Array.from(ds.y), data.y, `${file}: y`);
    assertClose(ds.X, data.X.flat(), 1e-12, `${file}: X`);
  }
});

test('makeCircles matches a numpy replica of sklearn for odd n', () => {
  const X = [
    [0.04902769351454418, 0.3013509520897262],
    [-0.02300210603313424, -0.30289604202971776],
    [-0.19612129314435855, -0.030065623809456446],
    [0.3469618194662155, -0.05902043077887997],
    [-0.5173665087795605, 0.86934034046012],
    [0.9186207360396559, 0.01989429300622796],
    [-0.5814578714291813, -0.8979721800439378],
  ];
  const ds = makeCircles({ nSamples: 7, factor: 0.3, noise: 0.05, seed: 3 });
  assert.equal(Array.from(ds.y), [1, 1, 1, 1, 0, 0, 0]);
  assertClose(ds.X, X.flat(), 1e-12, 'X');
});

function countLabels(ds: Dataset): [number, number] {
  let zeros = 0;
  for (const label of ds.y) if (label === 0) zeros++;
  return [zeros, ds.y.length - zeros];
}

test('makeCircles: n_out = floor(n/2) zeros and n_in = n - n_out ones', () => {
  for (const n of [2, 3, 100, 101, 1000]) {
    const ds = makeCircles({ nSamples: n, noise: 0.2, seed: 5 });
    assert.is(ds.X.length, n * 2);
    assert.equal(countLabels(ds), [Math.floor(n / 2), n - Math.floor(n / 2)], `n=${n}`);
  }
});

test('makeCircles: without noise radii are exactly 1 (label 0) and factor (label 1)', () => {
  for (const [n, factor] of [
    [101, 0.5],
    [64, 0.8],
    [9, 0],
  ] as const) {
    const ds = makeCircles({ nSamples: n, factor, seed: 11 });
    for (let i = 0; i < n; i++) {
      const radius = Math.hypot(ds.X[2 * i] as number, ds.X[2 * i + 1] as number);
      const expected = ds.y[i] === 0 ? 1 : factor;
      assert.ok(Math.abs(radius - expected) <= 1e-12, `row ${i}: radius ${radius} vs ${expected}`);
    }
  }
});

test('makeCircles: defaults follow sklearn (n=100, factor=0.8, no noise, shuffled, seed 0)', () => {
  const ds = makeCircles();
  assert.is(ds.nSamples, 100);
  assert.equal(countLabels(ds), [50, 50]);
  assert.equal(ds, makeCircles({ nSamples: 100, factor: 0.8, noise: 0, seed: 0, shuffle: true }));
});

test('makeCircles: same seed gives identical data, different seed differs', () => {
  const opts = { nSamples: 200, factor: 0.4, noise: 0.1 };
  const a = makeCircles({ ...opts, seed: 1 });
  const b = makeCircles({ ...opts, seed: 1 });
  const c = makeCircles({ ...opts, seed: 2 });
  assert.equal(Array.from(a.X), Array.from(b.X));
  assert.equal(Array.from(a.y), Array.from(b.y));
  assert.not.equal(Array.from(a.X), Array.from(c.X));
});

test('makeCircles: an explicit rng is used and advanced like the seed', () => {
  const opts = { nSamples: 50, factor: 0.6, noise: 0.05 };
  const rng = new Mt19937(9);
  const viaRng = makeCircles({ ...opts, rng });
  const viaSeed = makeCircles({ ...opts, seed: 9 });
  assert.equal(Array.from(viaRng.X), Array.from(viaSeed.X));
  assert.equal(Array.from(viaRng.y), Array.from(viaSeed.y));
  // The shared generator moved on, so a second call yields different data.
  assert.not.equal(Array.from(makeCircles({ ...opts, rng }).X), Array.from(viaSeed.X));
});

test('makeCircles: shuffle false keeps outer points first, in angle order', () => {
  const n = 11;
  const ds = makeCircles({ nSamples: n, factor: 0.25, shuffle: false });
  const nOut = 5;
  assert.equal(Array.from(ds.y), [...Array(nOut).fill(0), ...Array(n - nOut).fill(1)]);
  for (let i = 0; i < n; i++) {
    const [count, radius, k] = i < nOut ? [nOut, 1, i] : [n - nOut, 0.25, i - nOut];
    const angle = k * ((2 * Math.PI) / count);
    assertClose(ds.X.subarray(2 * i, 2 * i + 2), [radius * Math.cos(angle), radius * Math.sin(angle)], 1e-15, `row ${i}`);
  }
});

test('makeCircles: bad inputs throw RangeError naming the field and value', () => {
  throwsInput(() => makeCircles({ nSamples: 1 }), 'nSamples', '1');
  throwsInput(() => makeCircles({ nSamples: 10.5 }), 'nSamples', '10.5');
  throwsInput(() => makeCircles({ nSamples: Number.NaN }), 'nSamples', 'NaN');
  throwsInput(() => makeCircles({ factor: 1.5 }), 'factor', '1.5');
  throwsInput(() => makeCircles({ factor: 1 }), 'factor', '1');
  throwsInput(() => makeCircles({ factor: -0.1 }), 'factor', '-0.1');
  throwsInput(() => makeCircles({ factor: Number.NaN }), 'factor', 'NaN');
  throwsInput(() => makeCircles({ noise: -0.1 }), 'noise', '-0.1');
  throwsInput(() => makeCircles({ noise: Number.POSITIVE_INFINITY }), 'noise', 'Infinity');
  throwsInput(() => makeCircles({ seed: -1 }), 'seed', '-1');
  throwsInput(() => makeCircles({ seed: 2 ** 32 }), 'seed', '4294967296');
});

test.run();
