// Big and endless input: the CSV reader streams with a row and a line-length limit, the report
// draws a bounded seeded sample of the points, the report writer stops at its first error, and
// --out refuses the kernel's file systems before any work.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BoundaryGrid, StudyResult } from '../src/compare/types.js';
import { CsvDatasetError, parseCsvDataset } from '../src/datasets/csv.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { CSV_LIMITS, type ReadCsvOptions, readCsvDataset } from '../src/datasets/read-csv.js';
import { checkReportTarget } from '../src/report/folder.js';
import { boundarySpec } from '../src/report/specs/boundary.js';
import { datasetSpec, MAX_POINTS, sampleNote, shownRows } from '../src/report/specs/dataset.js';
import { runCliCaptured } from './helpers/cli.js';
import { runProcess } from './helpers/process.js';
import { throwsInput } from './helpers/throws.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const made: string[] = [];
/** A fresh temporary folder, removed when the suite ends. */
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-big-'));
  made.push(dir);
  return dir;
};
let files = 0;
/** Writes `content` (text as UTF-8, or bytes) to a new temporary file and returns its path. */
const csvFile = (content: string | Uint8Array) => {
  const path = join(tmp(), `data-${files++}.csv`);
  writeFileSync(path, content);
  return path;
};

/** The CLI as a child process (tsx, no build step), with a bounded wait. */
const cliProcess = (...args: string[]) =>
  runProcess(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, timeoutMs: 60_000 });

/** What parsing gives: the dataset's contents, or the error's class and message. */
function outcome(parse: () => Dataset): unknown {
  try {
    const { X, y, nSamples, name } = parse();
    return { X: Array.from(X), y: Array.from(y), nSamples, name };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

const rowsText = (n: number, end = '\n') =>
  `x1,x2,label${end}${Array.from({ length: n }, (_, i) => `${i},${-i / 4},${i % 2}`).join(end)}${end}`;

// ---------------------------------------------------------------- the CSV reader

const csv = suite('CSV read in chunks');
csv.after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

csv('a line longer than the limit is refused naming --data, the line and --max-line-bytes; one at the limit is read', () => {
  const long = `1,${'2'.padEnd(30, '0')},0`; // 34 bytes
  const path = csvFile(`x1,x2,label\n1,2,0\n${long}\n`);
  const err = throwsInput(() => readCsvDataset(path, { maxLineBytes: 33, chunkBytes: 5 }), '--max-line-bytes');
  assert.is(err.field, '--data');
  assert.is(err.message, `--data line 3 is longer than 33 bytes, the limit (raise it with --max-line-bytes), got ${JSON.stringify(path)}`);
  assert.is(readCsvDataset(path, { maxLineBytes: 34, chunkBytes: 5 }).nSamples, 2);
  // The default applies without options.
  assert.is(CSV_LIMITS.maxLineBytes, 4096);
  const huge = csvFile(`x1,x2,label\n1,2,0${' '.repeat(5000)}\n`);
  throwsInput(() => readCsvDataset(huge), 'line 2 is longer than 4096 bytes');
});

csv('NUL bytes with no line break are one too-long line, refused at the limit', () => {
  const path = csvFile(new Uint8Array(10_000));
  throwsInput(
    () => readCsvDataset(path, { maxLineBytes: 64, chunkBytes: 16 }),
    '--data line 1 is longer than 64 bytes',
    '--max-line-bytes',
  );
});

csv('more rows than the limit are refused naming the limit and --max-rows, as soon as it is passed', () => {
  const atLimit = csvFile(rowsText(10));
  assert.is(readCsvDataset(atLimit, { maxRows: 10 }).nSamples, 10, 'exactly the limit, with a final line break');
  const path = csvFile(rowsText(11));
  const err = throwsInput(() => readCsvDataset(path, { maxRows: 10, chunkBytes: 7 }), 'holds more than 10 rows', '--max-rows');
  assert.is(err.field, '--data');
  // Line 200 is too long: reaching it would give that error instead, so reading stopped at row 11.
  const stops = csvFile(`${rowsText(150)}${'\n'.repeat(48)}${'9'.repeat(100)}\n`);
  throwsInput(() => readCsvDataset(stops, { maxRows: 10, maxLineBytes: 50 }), 'holds more than 10 rows');
  // Blank lines count, so that an endless run of them ends too.
  const blank = csvFile(`x1,x2,label\n1,2,0\n${'\n'.repeat(20)}`);
  throwsInput(() => readCsvDataset(blank, { maxRows: 10 }), 'holds more than 10 rows');
});

csv('CRLF, CR and a BOM split across chunk boundaries read as parseCsvDataset reads them', () => {
  const texts = [
    rowsText(9, '\r\n'),
    rowsText(9, '\r'),
    'x1,x2,label\r\n1,2,0\r\r\n3,x,1\r5,6,1\n\n7,8,2\r\n',
    '\uFEFFx1,x2,label\r\n1,2,1\r\n',
    '\uFEFF\r\n\r\n\uFEFFx1,x2,label\r\n1,2,1',
  ];
  for (const text of texts) {
    const path = csvFile(text);
    const expected = outcome(() => parseCsvDataset(text, path));
    for (let chunkBytes = 1; chunkBytes <= 9; chunkBytes++) {
      assert.equal(
        outcome(() => readCsvDataset(path, { chunkBytes })),
        expected,
        `${JSON.stringify(text)} in ${chunkBytes}-byte chunks`,
      );
    }
  }
  const bom = readCsvDataset(csvFile('\uFEFFx1,x2,label\n1,2,1'), { chunkBytes: 2 });
  assert.equal(Array.from(bom.X), [1, 2]);
});

csv('quoted cells, padding and 1.0 labels are read; bad rows are all reported by line number', () => {
  const ds = readCsvDataset(csvFile(' X1 , x2,LABEL\r\n"1.5","2",1.0\r\n\r\n  -3e-2 , 4 , 1 \r\n'), { chunkBytes: 3 });
  assert.equal(Array.from(ds.X), [1.5, 2, -0.03, 4]);
  assert.equal(Array.from(ds.y), [1, 1]);
  const err = throwsInput(() => readCsvDataset(csvFile('x1,x2,label\n1,abc,0\n\n1,2,7\n1,2\n'), { chunkBytes: 4 }));
  assert.instance(err, CsvDatasetError);
  assert.equal(
    (err as CsvDatasetError).problems.map((p) => p.line),
    [2, 4, 5],
  );
});

csv('a file with thousands of bad rows keeps the first 1,000 problems and counts the rest in the same message', () => {
  const text = ['x1,x2,label', ...Array.from({ length: 3000 }, () => '1,2,3')].join('\n');
  const err = throwsInput(() => readCsvDataset(csvFile(text))) as CsvDatasetError;
  assert.is(err.problems.length, 1000);
  assert.is(err.total, 3000);
  assert.is(err.message, (throwsInput(() => parseCsvDataset(text, err.source)) as CsvDatasetError).message);
});

csv('random CSV texts read in random chunks give what parseCsvDataset gives', () => {
  const piece = fc.constantFrom('1', '-0.5', '2e3', '0', '"1"', ' ', ',', '\n', '\r', '\r\n', 'x', 'é', '\uFEFF', '1e999', '');
  const row = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
  const text = fc
    .tuple(fc.constantFrom('x1,x2,label\n', 'x1,x2,label\r\n', '\uFEFFx1,x2,label\r', '', 'a,b\n'), fc.array(row, { maxLength: 12 }))
    .map(([header, rows]) => header + rows.join(''));
  const dir = tmp();
  fc.assert(
    fc.property(text, fc.integer({ min: 1, max: 12 }), (content, chunkBytes) => {
      const path = join(dir, 'random.csv');
      writeFileSync(path, content);
      assert.equal(
        outcome(() => readCsvDataset(path, { chunkBytes })),
        outcome(() => parseCsvDataset(content, path)),
      );
    }),
    { numRuns: 300 },
  );
});

csv('a file that cannot be read is still "could not be read (CODE)"', () => {
  const dir = tmp();
  throwsInput(() => readCsvDataset(join(dir, 'missing.csv')), '--data could not be read (ENOENT)');
  throwsInput(() => readCsvDataset(dir), '--data could not be read (EISDIR)');
  throwsInput(() => readCsvDataset(csvFile(rowsText(1)), { chunkBytes: 0 } as ReadCsvOptions), 'chunkBytes must be an integer >= 1');
});

csv.run();

// ---------------------------------------------------------------- the CLI

const cli = suite('actlab compare --data: limits');
cli.after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

cli('--data /dev/zero ends with exit 2 and one line naming --data and the line limit', async () => {
  const ran = await cliProcess('compare', '--data', '/dev/zero', '--quiet', '--no-report');
  assert.is(ran.code, 2, ran.stderr);
  assert.is(ran.stderr, 'actlab: --data line 1 is longer than 4096 bytes, the limit (raise it with --max-line-bytes), got "/dev/zero"\n');
});

cli('--max-rows and --max-line-bytes set the limits, are checked, and apply to --data only', async () => {
  const path = csvFile(rowsText(20));
  const rows = await runCliCaptured('compare', '--data', path, '--max-rows', '5', '--no-report');
  assert.is(rows.code, 2);
  assert.match(rows.err, /^actlab: --data holds more than 5 rows, the limit \(.*raise it with --max-rows\), got ".*"\n$/);
  const longRow = csvFile('x1,x2,label\n0.000001,2,0\n'); // 11 bytes, then 12
  const line = await runCliCaptured('compare', '--data', longRow, '--max-line-bytes', '11', '--no-report');
  assert.is(line.code, 2);
  assert.match(line.err, /^actlab: --data line 2 is longer than 11 bytes, the limit \(raise it with --max-line-bytes\)/);
  const cases: [string[], string][] = [
    [['--max-rows', '5'], 'actlab: --max-rows applies to --data only, got "5"\n'],
    [['--max-line-bytes', '64'], 'actlab: --max-line-bytes applies to --data only, got "64"\n'],
    [['--data', path, '--max-rows', '0'], 'actlab: --max-rows must be an integer >= 1, got "0"\n'],
    [['--data', path, '--max-line-bytes', '2000000'], 'actlab: --max-line-bytes must be an integer in [1, 1048576], got "2000000"\n'],
  ];
  for (const [args, message] of cases) {
    const ran = await runCliCaptured('compare', ...args, '--no-report');
    assert.is(ran.code, 2, args.join(' '));
    assert.is(ran.err, message);
  }
});

cli('--out under /proc or /sys is refused with exit 2 naming --out, before any training', async () => {
  // /proc/x/y made Node's recursive mkdir spin for ever; /proc/x and /sys/x failed after training with exit 1.
  const targets = ['/proc/x', '/sys/x', '/proc/x/y'];
  const runs = await Promise.all(targets.map((target) => cliProcess('compare', '--epochs', '1', '--activations', 'relu', '--out', target)));
  runs.forEach((ran, i) => {
    assert.is(ran.code, 2, `${targets[i]}: ${ran.stderr}`);
    assert.match(ran.stderr, /^actlab: --out must not be under \/proc or \/sys/);
    assert.ok(ran.stderr.endsWith(`got "${targets[i]}"\n`), ran.stderr);
    assert.is(ran.stdout, '', 'nothing trained');
  });
  // Through a symlink too.
  const link = join(tmp(), 'kernel');
  symlinkSync('/proc', link);
  throwsInput(() => checkReportTarget(join(link, 'x')), '--out must not be under /proc or /sys');
});

cli('--out that is a file, or in a folder that cannot be written, is refused with exit 2 naming --out', async () => {
  const file = csvFile('not a folder');
  const ran = await runCliCaptured('compare', '--epochs', '1', '--activations', 'relu', '--quiet', '--out', file);
  assert.is(ran.code, 2);
  assert.match(ran.err, /^actlab: --out must be a folder, not a file/);
  assert.is(ran.out, '');
  // Permissions do not stop root, so this half runs for other users only.
  if (process.getuid?.() === 0) return;
  const locked = join(tmp(), 'locked');
  mkdirSync(locked, { mode: 0o555 });
  const denied = await runCliCaptured('compare', '--epochs', '1', '--activations', 'relu', '--quiet', '--out', join(locked, 'report'));
  assert.is(denied.code, 2);
  assert.match(denied.err, /^actlab: --out cannot be written: .*locked is not writable/);
});

cli.run();

// ---------------------------------------------------------------- the report

/** A million samples on a ring, half of each label, without the cost of a generator. */
function millionRows(): Dataset {
  const n = 1_000_000;
  const X = new Float64Array(2 * n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n;
    const radius = i % 2 ? 0.5 : 1;
    X[2 * i] = radius * Math.cos(angle);
    X[2 * i + 1] = radius * Math.sin(angle);
    y[i] = i % 2;
  }
  return { X, y, nSamples: n, nFeatures: 2, name: 'million.csv' };
}

function flatGrid(activation: string): BoundaryGrid {
  const steps = 4;
  return { activation, x: { min: -1, max: 1, steps }, y: { min: -1, max: 1, steps }, p: Array.from({ length: steps * steps }, () => 0.3) };
}

/** A study with no runs: only the dataset figure and one boundary figure per grid. */
function studyOf(data: Dataset, grids: BoundaryGrid[]): StudyResult {
  return {
    config: {
      activations: [],
      layers: [2, 5, 1],
      epochs: 1,
      batchSize: 32,
      optimizer: { name: 'adam', lr: 1e-4, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false },
      seeds: 1,
      data: { kind: 'csv', path: data.name, name: data.name, samples: data.nSamples },
    },
    data,
    runs: [],
    summaries: [],
    findings: [],
    boundaries: grids,
    trainingMs: 1,
  } as StudyResult;
}

type Values = { values: { x1: number; x2: number; label: string }[] };
const pointsOf = (spec: object) => ((spec as { data: Values }).data ?? (spec as { layer: { data: Values }[] }).layer.at(-1)!.data).values;

const report = suite('the report with big data');
report.after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

report('a million rows: the scatters hold a seeded sample of 5,000, the same every time, and say so', async () => {
  const data = millionRows();
  const spec = datasetSpec(data);
  const points = pointsOf(spec);
  assert.is(MAX_POINTS, 5000);
  assert.is(points.length, MAX_POINTS);
  assert.equal(pointsOf(datasetSpec(data)), points, 'deterministic');
  const rows = shownRows(data.nSamples);
  assert.is(new Set(rows).size, MAX_POINTS, 'no row twice');
  assert.ok(
    rows.every((r, i) => i === 0 || r > rows[i - 1]!),
    'in file order',
  );
  assert.ok(rows[0]! < 2000 && rows.at(-1)! > 998_000, 'spread over the whole file');
  // The seed is fixed: these rows are drawn in Node and in the browser alike.
  assert.equal(Array.from(rows.slice(0, 5)), [494, 559, 852, 1019, 1158]);
  const ones = points.filter((p) => p.label === 'label 1').length;
  assert.ok(ones > 2000 && ones < 3000, `both classes: ${ones} of 5000 are label 1`);
  const note = '5,000 of 1,000,000 points shown, a seeded random sample.';
  assert.is(sampleNote(data.nSamples), note);
  assert.ok((spec.title as { subtitle: string[] }).subtitle.includes(note));
  // The axes still span every sample.
  const domain = (spec as { encoding: { x: { scale: { domain: number[] } } } }).encoding.x.scale.domain;
  assert.equal(domain, [-1.1, 1.1]);

  const boundary = boundarySpec(flatGrid('relu'), data);
  assert.is(pointsOf(boundary).length, MAX_POINTS);
  assert.ok((boundary.title as { subtitle: string[] }).subtitle.includes(note));

  const { planFigures } = await import('../src/report/write.js');
  const plans = planFigures(studyOf(data, [flatGrid('relu')]));
  assert.equal(
    plans.map((p) => p.name),
    ['dataset', 'boundary-relu'],
  );
  for (const plan of plans) assert.ok(plan.caption.endsWith(` ${note}`), plan.caption);
});

report('a small data set is drawn whole, in file order, with no sample note', () => {
  const text = rowsText(300);
  const data = parseCsvDataset(text);
  const points = pointsOf(datasetSpec(data));
  assert.is(points.length, 300);
  assert.equal(
    points.slice(0, 2).map((p) => p.x1),
    [0, 1],
  );
  assert.is(sampleNote(data.nSamples), '');
  assert.is(sampleNote(MAX_POINTS), '');
});

report('the writer stops at the first figure that fails: the error propagates and no later file is written', async () => {
  const { writeReport } = await import('../src/report/write.js');
  const data = parseCsvDataset(rowsText(50));
  const grids = Array.from({ length: 8 }, (_, i) => flatGrid(`act${i}`));
  const out = tmp();
  // A folder where the first figure's SVG goes: writing it fails with EISDIR.
  mkdirSync(join(out, 'dataset.svg'));
  let error: unknown;
  try {
    await writeReport(studyOf(data, grids), out, { png: false });
  } catch (caught) {
    error = caught;
  }
  assert.is((error as NodeJS.ErrnoException | undefined)?.code, 'EISDIR', String(error));
  const after = readdirSync(out).sort();
  // Long enough for any figure still being drawn to land (the old writer kept going in the background).
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(readdirSync(out).sort(), after, 'nothing written after writeReport rejected');
  assert.not.ok(after.includes('index.html'));
  // Only figures already in flight (4 at a time) could be written, not the later ones.
  for (let i = 4; i < 8; i++) assert.not.ok(after.includes(`boundary-act${i}.svg`), after.join(', '));
});

report.run();
