import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CsvDatasetError, parseCsvDataset } from '../src/datasets/csv.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { GAUSSIAN_BASE_SD, GAUSSIAN_CENTRE, makeGaussian } from '../src/datasets/gaussian.js';
import { makeMoons } from '../src/datasets/moons.js';
import { readCsvDataset } from '../src/datasets/read-csv.js';
import { DATASET_NAMES, DEFAULT_DATA_SEED, datasetDefaults, describeDataset, MAX_SAMPLES, makeDataset } from '../src/datasets/registry.js';
import { makeSpiral } from '../src/datasets/spiral.js';
import { makeXor } from '../src/datasets/xor.js';
import { Mt19937 } from '../src/random/mt19937.js';
import { assertClose } from './helpers/close.js';
import { throwsInput } from './helpers/throws.js';

// Expected arrays marked "numpy replica" were printed by numpy 1.24 `np.random.RandomState` code
// written from each generator's doc comment (the draw order docs/datasets.md states).

function countLabels(ds: Dataset): [number, number] {
  let zeros = 0;
  for (const label of ds.y) if (label === 0) zeros++;
  return [zeros, ds.y.length - zeros];
}

type Generator = (o: { nSamples: number; noise: number; seed?: number; rng?: Mt19937 }) => Dataset;

const GENERATORS: Record<string, Generator> = {
  moons: makeMoons,
  xor: makeXor,
  spiral: makeSpiral,
  gaussian: makeGaussian,
};
/** Generators with exactly floor(n/2) zeros; xor's counts are Binomial. */
const BALANCED = ['moons', 'spiral', 'gaussian'];

// ---------------------------------------------------------------- moons

test('makeMoons reproduces the sklearn reference (n=500, noise=0.2, random_state=3)', () => {
  const url = new URL('./reference/ref-relu6-moons-fullbatch.json', import.meta.url);
  const { data } = JSON.parse(readFileSync(url, 'utf8')) as { data: { name: string; X: number[][]; y: number[] } };
  const ds = makeMoons({ nSamples: 500, noise: 0.2, seed: 3 });
  assert.is(ds.name, data.name);
  assert.is(ds.nSamples, 500);
  assert.is(ds.nFeatures, 2);
  assert.equal(Array.from(ds.y), data.y);
  assertClose(ds.X, data.X.flat(), 1e-12, 'X');
});

test('makeMoons matches a numpy replica of make_moons for odd n', () => {
  const ds = makeMoons({ nSamples: 7, noise: 0.05, seed: 3 });
  assert.equal(Array.from(ds.y), [1, 1, 1, 1, 0, 0, 0]);
  const X = [
    [0.5490276935145441, -0.3646744516947124],
    [1.9769978939668658, 0.4971039579702821],
    [1.6038787068556413, -0.3960910275938952],
    [0.04696181946621553, 0.44097956922112],
    [-0.017366508779560662, 1.0033149366756813],
    [0.9186207360396559, 0.01989429300622796],
    [-1.081457871429181, -0.031946776259499245],
  ];
  assertClose(ds.X, X.flat(), 1e-12, 'X');
});

test('makeMoons: without noise and shuffle, half circles at linspace(0, π) including both ends', () => {
  const n = 9;
  const ds = makeMoons({ nSamples: n, shuffle: false });
  const nOut = 4;
  assert.equal(Array.from(ds.y), [0, 0, 0, 0, 1, 1, 1, 1, 1]);
  for (let i = 0; i < n; i++) {
    const [count, k] = i < nOut ? [nOut, i] : [n - nOut, i - nOut];
    const t = (k * Math.PI) / (count - 1);
    const expected = i < nOut ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    assertClose(ds.X.subarray(2 * i, 2 * i + 2), expected, 1e-15, `row ${i}`);
  }
  // The endpoint is exactly π, so the last outer point is exactly cos(π) = -1.
  assert.is(ds.X[2 * (nOut - 1)], -1);
  assert.is(ds.X[2 * (n - 1)], 2);
});

test('makeMoons: defaults follow sklearn (n=100, no noise, shuffled, seed 0)', () => {
  const ds = makeMoons();
  assert.is(ds.name, 'moons(n=100, noise=0, random_state=0)');
  assert.equal(ds, makeMoons({ nSamples: 100, noise: 0, seed: 0, shuffle: true }));
});

// ---------------------------------------------------------------- xor

test('makeXor matches a numpy replica (uniform rows, label, then noise)', () => {
  const ds = makeXor({ nSamples: 6, noise: 0.1, seed: 5 });
  assert.equal(Array.from(ds.y), [0, 0, 0, 1, 1, 0]);
  const X = [
    [-0.6752901190627016, 0.7209769612959941],
    [-0.6224445840212715, 0.8975689761367927],
    [-0.18965647535751118, 0.15346982203629628],
    [0.6469548139093482, 0.2225690764690177],
    [-0.5575169526163927, -0.5600727915882189],
    [-0.9365782509921124, 0.391195276926331],
  ];
  assertClose(ds.X, X.flat(), 1e-14, 'X');
  assert.is(ds.name, 'xor(n=6, noise=0.1, random_state=5)');
});

test('makeXor: without noise, points lie in [-1, 1)² and label 1 exactly when x·y >= 0', () => {
  const ds = makeXor({ nSamples: 2000, noise: 0, seed: 8 });
  for (let i = 0; i < ds.nSamples; i++) {
    const x = ds.X[2 * i] as number;
    const y = ds.X[2 * i + 1] as number;
    assert.ok(x >= -1 && x < 1 && y >= -1 && y < 1, `row ${i} out of range`);
    assert.is(ds.y[i], x * y >= 0 ? 1 : 0, `row ${i}`);
  }
  const [zeros, ones] = countLabels(ds);
  assert.ok(Math.abs(zeros - ones) < 200, `${zeros} vs ${ones}`);
});

test('makeXor: noise moves the same points and keeps the clean labels', () => {
  const clean = makeXor({ nSamples: 300, noise: 0, seed: 2 });
  const noisy = makeXor({ nSamples: 300, noise: 0.3, seed: 2 });
  assert.equal(Array.from(noisy.y), Array.from(clean.y));
  let crossed = 0;
  for (let i = 0; i < 300; i++) {
    const product = (noisy.X[2 * i] as number) * (noisy.X[2 * i + 1] as number);
    if ((product >= 0 ? 1 : 0) !== noisy.y[i]) crossed++;
  }
  assert.ok(crossed > 0, 'noise should blur the boundary');
});

// ---------------------------------------------------------------- spiral

test('makeSpiral matches a numpy replica (arms, permutation, then noise)', () => {
  const ds = makeSpiral({ nSamples: 7, noise: 0.05, seed: 4 });
  assert.equal(Array.from(ds.y), [1, 1, 1, 0, 0, 1, 0]);
  const X = [
    [0.3009792802711738, -0.3392481794592711],
    [1.0363617936167537, -0.05048607415408348],
    [-0.08300259905229093, 0.26938332120924724],
    [-0.10480541566366605, -0.3709554567281413],
    [0.6382069466104203, 0.3122184197056174],
    [-0.7659257813335251, 0.32219562545628716],
    [-0.9442277776853804, 0.02580326718751004],
  ];
  assertClose(ds.X, X.flat(), 1e-14, 'X');
  assert.is(ds.name, 'spiral(n=7, noise=0.05, turns=1.75, random_state=4)');
});

test('makeSpiral: without noise, radius (i+1)/m at angle 2π·turns·r (+π for label 1)', () => {
  for (const [n, turns] of [
    [11, 1.75],
    [40, 0.5],
    [3, 3],
  ] as const) {
    const ds = makeSpiral({ nSamples: n, noise: 0, turns, shuffle: false });
    const nArm0 = Math.floor(n / 2);
    for (let row = 0; row < n; row++) {
      const [label, m, i] = row < nArm0 ? [0, nArm0, row] : [1, n - nArm0, row - nArm0];
      assert.is(ds.y[row], label);
      const x = ds.X[2 * row] as number;
      const y = ds.X[2 * row + 1] as number;
      const r = (i + 1) / m;
      assert.ok(Math.abs(Math.hypot(x, y) - r) <= 1e-12, `n=${n} row ${row}: radius`);
      const t = 2 * Math.PI * turns * r + label * Math.PI;
      assertClose([x, y], [r * Math.sin(t), r * Math.cos(t)], 1e-12, `n=${n} row ${row}`);
    }
    // Both arms reach radius exactly 1 and no point sits at the origin.
    assert.ok(Math.abs(Math.hypot(ds.X[2 * (nArm0 - 1)] as number, ds.X[2 * nArm0 - 1] as number) - 1) <= 1e-12);
  }
});

test('makeSpiral: the arms are each other rotated by π', () => {
  const ds = makeSpiral({ nSamples: 20, noise: 0, shuffle: false });
  for (let i = 0; i < 10; i++) {
    assertClose(
      [ds.X[2 * (10 + i)] as number, ds.X[2 * (10 + i) + 1] as number],
      [-(ds.X[2 * i] as number), -(ds.X[2 * i + 1] as number)],
      1e-12,
      `pair ${i}`,
    );
  }
});

// ---------------------------------------------------------------- gaussian

test('makeGaussian matches a numpy replica (centres, permutation, then normal(0.25 + noise))', () => {
  const ds = makeGaussian({ nSamples: 7, noise: 0.1, seed: 6 });
  assert.equal(Array.from(ds.y), [1, 1, 1, 0, 1, 0, 0]);
  const X = [
    [0.7661190144096721, 1.3483366664224654],
    [-0.1284752002050027, 0.18997599601359916],
    [0.1412821193460838, 1.2104902084172942],
    [-0.4538318039089808, 0.10379255811579902],
    [1.1471982769998794, 0.851120474163839],
    [-0.15328559874303505, -0.579981591557068],
    [-0.19297027869648747, -0.2778468912713734],
  ];
  assertClose(ds.X, X.flat(), 1e-14, 'X');
  assert.is(ds.name, 'gaussian(n=7, noise=0.1, random_state=6)');
});

test('makeGaussian: blobs centred at ±0.5 with sd 0.25 + noise', () => {
  for (const noise of [0, 0.3]) {
    const ds = makeGaussian({ nSamples: 20000, noise, seed: 1 });
    for (const label of [0, 1]) {
      const centre = label === 0 ? -GAUSSIAN_CENTRE : GAUSSIAN_CENTRE;
      const values: number[] = [];
      for (let i = 0; i < ds.nSamples; i++) if (ds.y[i] === label) values.push(ds.X[2 * i] as number, ds.X[2 * i + 1] as number);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
      const expectedSd = GAUSSIAN_BASE_SD + noise;
      assert.ok(Math.abs(mean - centre) < 0.02, `noise ${noise} label ${label}: mean ${mean}`);
      assert.ok(Math.abs(sd / expectedSd - 1) < 0.03, `noise ${noise} label ${label}: sd ${sd} vs ${expectedSd}`);
    }
  }
});

test('makeGaussian: more noise means more points across the boundary x + y = 0', () => {
  const wrongSide = (noise: number): number => {
    const ds = makeGaussian({ nSamples: 4000, noise, seed: 3 });
    let wrong = 0;
    for (let i = 0; i < ds.nSamples; i++) if (((ds.X[2 * i] as number) + (ds.X[2 * i + 1] as number) > 0 ? 1 : 0) !== ds.y[i]) wrong++;
    return wrong;
  };
  const counts = [0, 0.1, 0.5].map(wrongSide);
  assert.ok((counts[0] as number) < (counts[1] as number) && (counts[1] as number) < (counts[2] as number), String(counts));
});

// ---------------------------------------------------------------- every generator

for (const [name, make] of Object.entries(GENERATORS)) {
  test(`${name}: sizes, labels, finiteness, seeding`, () => {
    for (const n of [2, 3, 100, 101]) {
      const ds = make({ nSamples: n, noise: 0.2, seed: 5 });
      assert.is(ds.nSamples, n);
      assert.is(ds.nFeatures, 2);
      assert.is(ds.X.length, 2 * n);
      assert.is(ds.y.length, n);
      assert.ok(ds.X.every(Number.isFinite), `n=${n}: finite`);
      assert.ok(
        ds.y.every((v) => v === 0 || v === 1),
        `n=${n}: labels`,
      );
      if (BALANCED.includes(name)) assert.equal(countLabels(ds), [Math.floor(n / 2), n - Math.floor(n / 2)], `n=${n}`);
    }
    const a = make({ nSamples: 60, noise: 0.1, seed: 1 });
    const b = make({ nSamples: 60, noise: 0.1, seed: 1 });
    const c = make({ nSamples: 60, noise: 0.1, seed: 2 });
    assert.equal(a, b);
    assert.not.equal(Array.from(a.X), Array.from(c.X));
  });

  test(`${name}: an explicit rng is used and advanced like the seed`, () => {
    const rng = new Mt19937(9);
    const viaRng = make({ nSamples: 50, noise: 0.05, rng });
    const viaSeed = make({ nSamples: 50, noise: 0.05, seed: 9 });
    assert.equal(Array.from(viaRng.X), Array.from(viaSeed.X));
    assert.equal(Array.from(viaRng.y), Array.from(viaSeed.y));
    assert.ok(viaRng.name.includes('random_state=rng'), viaRng.name);
    assert.not.equal(Array.from(make({ nSamples: 50, noise: 0.05, rng }).X), Array.from(viaSeed.X));
  });

  test(`${name}: bad inputs throw InputError naming the field and value`, () => {
    throwsInput(() => make({ nSamples: 1, noise: 0.1 }), 'nSamples', '1');
    throwsInput(() => make({ nSamples: 10.5, noise: 0.1 }), 'nSamples', '10.5');
    throwsInput(() => make({ nSamples: 10, noise: -0.1 }), 'noise', '-0.1');
    throwsInput(() => make({ nSamples: 10, noise: Number.NaN }), 'noise', 'NaN');
  });
}

test('generators: random valid (n, noise, seed) give n rows and both labels', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...Object.keys(GENERATORS)),
      fc.integer({ min: 2, max: 400 }),
      fc.double({ min: 0, max: 2, noNaN: true }),
      fc.integer({ min: 0, max: 0xffffffff }),
      (name, n, noise, seed) => {
        const ds = (GENERATORS[name] as Generator)({ nSamples: n, noise, seed });
        const [zeros, ones] = countLabels(ds);
        const bothPresent = zeros > 0 && ones > 0;
        // xor labels are coin flips, so a tiny n may draw one class only (2^-39 at n = 40).
        return ds.nSamples === n && ds.X.length === 2 * n && ds.X.every(Number.isFinite) && (bothPresent || (name === 'xor' && n < 40));
      },
    ),
    { seed: 20240601, numRuns: 300 },
  );
});

test('makeSpiral: turns must be a finite number > 0', () => {
  throwsInput(() => makeSpiral({ turns: 0 }), 'turns', '0');
  throwsInput(() => makeSpiral({ turns: Number.POSITIVE_INFINITY }), 'turns', 'Infinity');
});

// ---------------------------------------------------------------- registry

test('registry: every name builds with its defaults and the tutorial seed', () => {
  assert.equal([...DATASET_NAMES], ['circles', 'moons', 'xor', 'spiral', 'gaussian']);
  for (const name of DATASET_NAMES) {
    const defaults = datasetDefaults(name);
    assert.is(defaults.seed, DEFAULT_DATA_SEED);
    const ds = makeDataset(name);
    assert.is(ds.nSamples, defaults.samples);
    assert.ok(ds.name.startsWith(`${name}(`), ds.name);
    assert.ok(ds.name.includes(`noise=${defaults.noise}`), ds.name);
    assert.ok(ds.name.includes('random_state=42'), ds.name);
    assert.ok(describeDataset(name).startsWith(`${name}: `));
    assert.not.match(describeDataset(name), /\n/);
  }
  // The tutorial's circles: make_circles(n_samples=1000, factor=0.5, noise=0.1, random_state=42).
  assert.is(makeDataset('circles').name, 'circles(n=1000, factor=0.5, noise=0.1, random_state=42)');
  assert.equal(makeDataset('moons', { samples: 500, noise: 0.2, seed: 3 }), makeMoons({ nSamples: 500, noise: 0.2, seed: 3 }));
  assert.equal(makeDataset('spiral', { samples: 31, noise: 0, seed: 1 }), makeSpiral({ nSamples: 31, noise: 0, seed: 1 }));
});

test('registry: errors name the field (samples, noise, seed, dataset) and the value', () => {
  const unknown = throwsInput(() => makeDataset('foo'));
  assert.is(unknown.message, `dataset must be one of ${DATASET_NAMES.join(', ')}, got "foo"`);
  assert.is(unknown.field, 'dataset');
  throwsInput(() => describeDataset('Moons'), 'dataset', '"Moons"');
  assert.is(throwsInput(() => makeDataset('moons', { samples: 1 })).message, 'samples must be an integer >= 2, got 1');
  throwsInput(() => makeDataset('xor', { samples: 2.5 }), 'samples', '2.5');
  throwsInput(() => makeDataset('xor', { samples: MAX_SAMPLES + 1 }), 'samples', String(MAX_SAMPLES + 1));
  assert.is(throwsInput(() => makeDataset('circles', { noise: -1 })).field, 'noise');
  throwsInput(() => makeDataset('circles', { noise: Number.NaN }), 'noise', 'NaN');
  throwsInput(() => makeDataset('gaussian', { noise: Number.POSITIVE_INFINITY }), 'noise', 'Infinity');
  assert.is(throwsInput(() => makeDataset('spiral', { seed: -1 })).field, 'seed');
  throwsInput(() => makeDataset('spiral', { seed: 2 ** 32 }), 'seed', '4294967296');
  throwsInput(() => makeDataset('spiral', { seed: 0.5 }), 'seed', '0.5');
});

// ---------------------------------------------------------------- CSV

test('parseCsvDataset: a valid file parses (CRLF, header case and spaces, blank lines, trailing newline)', () => {
  const text = ' X1 , x2,LABEL\r\n0.5,-1.25,0\r\n\r\n  -3e-2 , 4 , 1 \r\n"1.5","2",1.0\r\n';
  const ds = parseCsvDataset(text, 'points.csv');
  assert.is(ds.name, 'points.csv');
  assert.is(ds.nSamples, 3);
  assert.is(ds.nFeatures, 2);
  assert.equal(Array.from(ds.X), [0.5, -1.25, -0.03, 4, 1.5, 2]);
  assert.equal(Array.from(ds.y), [0, 1, 1]);
  assert.equal(parseCsvDataset('\uFEFFx1,x2,label\n1,2,1'), {
    ...ds,
    X: Float64Array.from([1, 2]),
    y: Uint8Array.from([1]),
    nSamples: 1,
    name: 'data.csv',
  });
});

test('parseCsvDataset: a dataset written by a generator reads back exactly', () => {
  const original = makeMoons({ nSamples: 41, noise: 0.1, seed: 7 });
  const rows = Array.from(original.y, (label, i) => `${original.X[2 * i]},${original.X[2 * i + 1]},${label}`);
  const ds = parseCsvDataset(`x1,x2,label\n${rows.join('\n')}\n`);
  assert.equal(Array.from(ds.X), Array.from(original.X));
  assert.equal(Array.from(ds.y), Array.from(original.y));
});

test('parseCsvDataset: each malformed kind is reported with its line number', () => {
  const cases: [string, string][] = [
    ['x1,x2,label\n1,abc,0', 'data.csv line 2: x2 must be a finite number, got "abc"'],
    ['x1,x2,label\n1,2,2', 'data.csv line 2: label must be 0 or 1, got 2'],
    ['x1,x2,label\n1,2,yes', 'data.csv line 2: label must be 0 or 1, got "yes"'],
    ['x1,x2,label\n1,2', 'data.csv line 2: expected 3 columns (x1,x2,label), got 2'],
    ['x1,x2,label\n1,2,0,', 'data.csv line 2: expected 3 columns (x1,x2,label), got 4'],
    ['x1,x2,label\n,2,0', 'data.csv line 2: x1 must be a finite number, got ""'],
    ['x1,x2,label\n1e999,2,0', 'data.csv line 2: x1 must be a finite number, got "1e999"'],
    ['x1,x2,label\nInfinity,2,0', 'data.csv line 2: x1 must be a finite number, got "Infinity"'],
    ['x1,x2,label\n0x10,2,0', 'data.csv line 2: x1 must be a finite number, got "0x10"'],
    ['x1,x2,label\nNaN,2,0', 'data.csv line 2: x1 must be a finite number, got "NaN"'],
    ['a,b,c\n1,2,0', 'data.csv line 1: header must be x1,x2,label, got "a,b,c"'],
    ['x2,x1,label\n1,2,0', 'data.csv line 1: header must be x1,x2,label, got "x2,x1,label"'],
    ['1,2,0\n3,4,1', 'data.csv line 1: header must be x1,x2,label, got "1,2,0"'],
    ['\n\na,b\n', 'data.csv line 3: header must be x1,x2,label, got "a,b"'],
    ['', 'data.csv line 1: expected a header line x1,x2,label, got an empty file'],
    ['\r\n  \n', 'data.csv line 1: expected a header line x1,x2,label, got an empty file'],
    ['x1,x2,label\n\n', 'data.csv line 1: expected at least one data row after the header x1,x2,label, got none'],
  ];
  for (const [text, message] of cases) {
    const err = throwsInput(() => parseCsvDataset(text));
    assert.instance(err, CsvDatasetError);
    assert.is(err.message, message, JSON.stringify(text));
  }
});

test('parseCsvDataset: several bad lines are all reported in one error, blank lines counted', () => {
  const lines = ['x1,x2,label', '0,0,0', '1,1,1', '', '2,2,0', '3,3,1', '4,abc,0', '', '', '', '', '5,5,2', '', '', '6,6'];
  const err = throwsInput(() => parseCsvDataset(lines.join('\r\n'))) as CsvDatasetError;
  assert.is(
    err.message,
    'data.csv line 7: x2 must be a finite number, got "abc"; line 12: label must be 0 or 1, got 2; line 15: expected 3 columns (x1,x2,label), got 2',
  );
  assert.equal(
    err.problems.map((p) => p.line),
    [7, 12, 15],
  );
  // Two bad cells on one line are two problems.
  const both = throwsInput(() => parseCsvDataset('x1,x2,label\nq,1,7')) as CsvDatasetError;
  assert.is(both.message, 'data.csv line 2: x1 must be a finite number, got "q"; line 2: label must be 0 or 1, got 7');
});

test('parseCsvDataset: past 20 problems the rest are counted, not listed', () => {
  const text = ['x1,x2,label', ...Array.from({ length: 25 }, () => '1,2,3')].join('\n');
  const err = throwsInput(() => parseCsvDataset(text, 'big.csv')) as CsvDatasetError;
  assert.is(err.problems.length, 25);
  assert.ok(err.message.startsWith('big.csv line 2: label must be 0 or 1, got 3; line 3:'), err.message);
  assert.ok(err.message.includes('line 21: ') && !err.message.includes('line 22: '), err.message);
  assert.ok(err.message.endsWith('; and 5 more'), err.message);
});

test('readCsvDataset: reads a file and reports an unreadable one under --data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-csv-'));
  try {
    const path = join(dir, 'points.csv');
    writeFileSync(path, 'x1,x2,label\n1,2,0\n3,4,1\n');
    const ds = readCsvDataset(path);
    assert.is(ds.name, path);
    assert.equal(Array.from(ds.y), [0, 1]);
    const missing = join(dir, 'missing.csv');
    const err = throwsInput(() => readCsvDataset(missing));
    assert.is(err.message, `--data could not be read (ENOENT), got ${JSON.stringify(missing)}`);
    assert.is(err.field, '--data');
    throwsInput(() => readCsvDataset(dir), '--data', 'EISDIR');
    writeFileSync(path, 'x1,x2,label\n1,2,5\n');
    throwsInput(() => readCsvDataset(path), `${path} line 2: label must be 0 or 1, got 5`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
