// `actlab sweep` and `actlab run-job`: the cross product and its lines, resuming after a truncated
// line or a killed process, the plan + run-job route to the same lines, specs `actlab train`
// replays bit for bit, the refusals (each naming its field), the table and the heat map.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { COMPARE_DEFAULTS, type CompareFlags, parseCompareFlags } from '../src/cli/compare-options.js';
import { SWEEP_HELP_EXAMPLE } from '../src/cli/sweep-command.js';
import { loadCore } from '../src/core/load.js';
import { renderSvg } from '../src/report/render.js';
import { runSpec, validateSpec } from '../src/spec/spec.js';
import { resolveSweep, SWEEP_AXES } from '../src/sweep/config.js';
import { sweepHeatmapSpec } from '../src/sweep/heatmap.js';
import { sweepJobs } from '../src/sweep/jobs.js';
import { canonicalJson, jobKey } from '../src/sweep/key.js';
import { parseResultLine } from '../src/sweep/line.js';
import { sha256Hex } from '../src/sweep/sha256.js';
import { cellOf, trainingSpecOf } from '../src/sweep/spec.js';
import { epochTo90 } from '../src/sweep/summary.js';
import type { History } from '../src/train/train.js';
import { runCliCaptured } from './helpers/cli.js';
import { runProcess } from './helpers/process.js';
import { withTimeout } from './helpers/timeout.js';
import { xmlProblem } from './helpers/xml.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = runCliCaptured;
const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-sweep-'));
  made.push(dir);
  return dir;
};

/** The grid of the tests: 2 activations × 2 learning rates × 2 widths, 3 seeds, a few epochs: 24 runs. */
const GRID = {
  name: 'test grid',
  activations: ['relu', 'tanh'],
  lrs: [1e-3, 1e-2],
  depths: [2],
  widths: [3, 4],
  seeds: 3,
  epochs: 6,
  batchSize: 16,
  dataset: { name: 'circles', samples: 120, noise: 0.1, seed: 7 },
};
const RUNS = 2 * 2 * 2 * 3;

function sweepFile(dir: string, sweep: unknown = GRID, name = 'sweep.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof sweep === 'string' ? sweep : JSON.stringify(sweep));
  return path;
}

/** The complete lines of a JSONL file. */
const linesOf = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
/** A results line without its wall time, the one field two runs of a job may differ in: the rest must be the same text, so the same bits. */
const withoutMs = (line: string) => {
  const o = JSON.parse(line);
  assert.type(o.ms, 'number', 'a line has its ms');
  delete o.ms;
  return JSON.stringify(o);
};
/** The lines as a set: sorted, ms left out. */
const normalised = (path: string) => linesOf(path).map(withoutMs).sort();

/** The CLI as a child process (tsx, no build step), with a bounded wait. */
const cliProcess = (args: string[], timeoutMs = 120_000) =>
  runProcess(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, timeoutMs });

/** An uninterrupted run of the grid, made once: what every other route must reproduce. */
let reference: { dir: string; results: string; out: string; stdout: string } | undefined;
async function referenceRun() {
  if (!reference) {
    const dir = tmp();
    const out = join(dir, 'out');
    const { code, out: stdout, err } = await run('sweep', sweepFile(dir), '--out', out, '--workers', '1');
    assert.is(code, 0, err);
    reference = { dir, results: join(out, 'results.jsonl'), out, stdout };
  }
  return reference;
}

const sweep = suite('actlab sweep');
sweep.after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

sweep('sha256Hex is SHA-256 (checked against node:crypto at every padding boundary)', () => {
  for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(119), 'é→✓🙂'.repeat(40)]) {
    assert.is(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), `${text.length} characters`);
  }
});

sweep("an empty sweep is the tutorial's study (compare's defaults), one cell per activation", () => {
  const plan = resolveSweep({});
  const flags = { ...COMPARE_DEFAULTS, report: true, backend: 'auto' } as unknown as CompareFlags;
  const tutorial = parseCompareFlags(flags, () => false);
  assert.equal(
    plan.cells.map((c) => c.settings.activation),
    tutorial.study.activations,
  );
  for (const cell of plan.cells) {
    assert.equal(cell.layers, tutorial.study.layers);
    assert.equal(cell.optimizer, tutorial.study.optimizer);
    assert.equal(cell.init, {});
  }
  assert.is(plan.epochs, tutorial.study.epochs);
  assert.is(plan.batchSize, tutorial.study.batchSize);
  assert.is(plan.seeds, tutorial.study.seeds);
  assert.is(plan.dataset.name, tutorial.data.kind);
  assert.is(plan.dataset.samples, tutorial.data.samples);
  assert.is(plan.dataset.seed, tutorial.data.seed);
});

sweep('job keys: the same for the same spec however the file is written, different when anything it trains with changes', () => {
  const keys = (s: unknown) => sweepJobs(resolveSweep(s)).map((j) => j.key);
  const base = keys(GRID);
  assert.is(new Set(base).size, RUNS, 'one key per run');
  // Keys of the JSON in another order, and the axes in another order: the same set of keys.
  const reordered = Object.fromEntries(Object.entries(GRID).reverse());
  assert.equal(keys(reordered), base);
  assert.equal(keys({ ...GRID, lrs: [1e-2, 1e-3], widths: [4, 3] }).sort(), [...base].sort());
  // canonicalJson does not depend on key order.
  assert.is(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  for (const changed of [
    { ...GRID, epochs: 7 },
    { ...GRID, batchSize: 17 },
    { ...GRID, dataset: { ...GRID.dataset, noise: 0.2 } },
    { ...GRID, dataset: { ...GRID.dataset, seed: 8 } },
    { ...GRID, optimizers: [{ name: 'adam', eps: 1e-7 }] },
    { ...GRID, initialisers: [{ bias: 'zeros' }] },
  ]) {
    const other = keys(changed);
    assert.ok(
      other.every((k) => !base.includes(k)),
      `no key survives ${JSON.stringify(changed).slice(0, 80)}`,
    );
  }
  // The spec is what is hashed, and what the cell's labels are read back from.
  const jobs = sweepJobs(
    resolveSweep({
      ...GRID,
      activations: ['relu', ['tanh', { name: 'elu', options: { alpha: 0.5 } }]],
      optimizers: [{ name: 'sgd', momentum: 0.9 }],
      initialisers: [{}, { weight: 'xavier_uniform' }],
    }),
  );
  for (const job of jobs) {
    assert.is(jobKey(job.spec), job.key);
    assert.equal(cellOf(job.spec), job.cell);
  }
  assert.ok(jobs.some((j) => j.cell.activation === '[tanh, elu(alpha=0.5)]' && j.cell.optimizer === 'SGD momentum 0.9'));
});

sweep('a 2×2×2 grid × 3 seeds: 24 lines, one per run, each its spec and history; a table and a heat map', async () => {
  const { results, out, stdout } = await referenceRun();
  const lines = linesOf(results);
  assert.is(lines.length, RUNS);
  const jobs = sweepJobs(resolveSweep(GRID));
  const records = lines.map((line, i) => parseResultLine(line, `line ${i + 1}`));
  assert.equal(records.map((r) => r.key).sort(), jobs.map((j) => j.key).sort(), 'every run once');
  for (const record of records) {
    const job = jobs.find((j) => j.key === record.key)!;
    assert.equal(record.spec, job.spec, 'the spec as planned');
    assert.equal(record.spec.dataset, GRID.dataset, "the data set's settings, not its rows");
    assert.is(record.spec.config.seed, record.seed);
    assert.is(record.history.accuracy.length, GRID.epochs);
    assert.is(record.history.grad.length, record.spec.config.layers.length - 1);
    assert.not.ok('data' in (record.spec as object), 'no rows in a line');
  }
  // The table: one row per cell, each accuracy the mean of that cell's final accuracies.
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.is(summary.cells.length, 8);
  for (const cell of summary.cells) {
    const mine = records.filter((r) => r.cellKey === cell.cellKey);
    assert.is(mine.length, 3);
    const finals = mine.map((r) => r.history.accuracy.at(-1)!);
    assert.ok(Math.abs(cell.finalAccuracy.mean - finals.reduce((a, b) => a + b) / 3) < 1e-12, 'the mean over seeds');
    assert.equal([...cell.finalAccuracy.values].sort(), [...finals].sort());
    const reached = mine.map((r) => epochTo90(r.history)).filter((e) => e !== null);
    assert.is(cell.reached90, reached.length);
  }
  const table = readFileSync(join(out, 'summary.txt'), 'utf8');
  assert.ok(stdout.includes(table.split('\n\n').slice(1).join('\n\n').trim()), 'the table is printed too');
  assert.match(table, /activation\s+lr\s+width\s+final accuracy/);
  assert.is(
    table
      .trim()
      .split('\n')
      .filter((l) => /^(relu|tanh)\s/.test(l)).length,
    8,
    'a row per cell',
  );
  const svg = readFileSync(join(out, 'heatmap.svg'), 'utf8');
  assert.is(xmlProblem(svg), null, 'heatmap.svg parses as XML');
  assert.match(svg, /learning rate/);
  assert.equal([...readFileSync(join(out, 'heatmap.png')).subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'heatmap.png is a PNG');
});

sweep('2 workers give the same lines as 1', async () => {
  const { results } = await referenceRun();
  const dir = tmp();
  const { code, err } = await run('sweep', sweepFile(dir), '--out', join(dir, 'out'), '--workers', '2', '--quiet', '--no-figure');
  assert.is(code, 0, err);
  assert.equal(normalised(join(dir, 'out', 'results.jsonl')), normalised(results));
});

sweep(
  'a truncated last line is cut off and redone; only the missing runs are trained, and the file ends as an uninterrupted run',
  async () => {
    const { results } = await referenceRun();
    const dir = tmp();
    const out = join(dir, 'out');
    mkdirSync(out);
    const lines = linesOf(results);
    const kept = 10;
    // Ten whole lines and half of the eleventh, as a process killed while writing it would leave.
    const partial = `${lines.slice(0, kept).join('\n')}\n${lines[kept]!.slice(0, lines[kept]!.length >> 1)}`;
    writeFileSync(join(out, 'results.jsonl'), partial);
    const { code, out: stdout, err } = await run('sweep', sweepFile(dir), '--out', out, '--workers', '1', '--json', '--no-figure');
    assert.is(code, 0, err);
    const report = JSON.parse(stdout);
    assert.is(report.skipped, kept);
    assert.is(report.trained, RUNS - kept);
    const after = linesOf(join(out, 'results.jsonl'));
    assert.is(after.length, RUNS, 'the half line is gone, the missing runs appended');
    assert.equal(after.slice(0, kept), lines.slice(0, kept), 'the whole lines are left as they were');
    assert.equal(normalised(join(out, 'results.jsonl')), normalised(results));
    // Once complete, a rerun trains nothing.
    const again = await run('sweep', sweepFile(dir), '--out', out, '--json', '--no-figure');
    assert.is(JSON.parse(again.out).trained, 0);
    assert.is(linesOf(join(out, 'results.jsonl')).length, RUNS);
  },
);

sweep('a sweep killed mid-way (SIGKILL) leaves whole lines; the rerun trains only the missing runs', async () => {
  // Longer runs than the grid's, so that the kill lands while the sweep is under way.
  const slow = { ...GRID, epochs: 3000 };
  const dir = tmp();
  const out = join(dir, 'out');
  const path = sweepFile(dir, slow);
  const results = join(out, 'results.jsonl');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'sweep', path, '--out', out, '--workers', '1', '--quiet', '--no-figure'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  let atKill = 0;
  try {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && child.exitCode === null) {
      atKill = existsSync(results) ? linesOf(results).length : 0;
      if (atKill >= 3) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.ok(atKill >= 3, `the sweep got under way (stderr: ${stderr})`);
    child.kill('SIGKILL');
    assert.is(await withTimeout(exited, 30_000, 'the killed sweep'), 'SIGKILL', stderr);
  } finally {
    child.kill('SIGKILL');
  }
  const before = readFileSync(results, 'utf8');
  const whole = linesOf(results).filter((line) => {
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  }).length;
  assert.ok(whole < RUNS, `killed before the end (${whole} of ${RUNS} lines)`);
  const { code, out: stdout, err } = await run('sweep', path, '--out', out, '--workers', '2', '--json', '--no-figure');
  assert.is(code, 0, err);
  const report = JSON.parse(stdout);
  assert.is(report.skipped, whole);
  assert.is(report.trained, RUNS - whole, 'only the missing runs');
  const after = readFileSync(results, 'utf8');
  assert.ok(after.startsWith(before.slice(0, before.lastIndexOf('\n') + 1)), 'the whole lines are left as they were');
  // The same lines as a sweep that was never interrupted.
  const straight = join(dir, 'straight');
  assert.is((await run('sweep', path, '--out', straight, '--workers', '2', '--quiet', '--no-figure')).code, 0);
  assert.equal(normalised(results), normalised(join(straight, 'results.jsonl')));
});

sweep('--plan writes every job with its key and trains nothing; run-job per index gives the same lines', async () => {
  const { results } = await referenceRun();
  const dir = tmp();
  const plan = join(dir, 'jobs.jsonl');
  const planned = await run('sweep', sweepFile(dir), '--plan', plan, '--out', join(dir, 'never'));
  assert.is(planned.code, 0, planned.err);
  assert.not.ok(existsSync(join(dir, 'never')), 'no output folder: nothing ran');
  const lines = linesOf(plan).map((l) => JSON.parse(l));
  const jobs = sweepJobs(resolveSweep(GRID));
  assert.equal(
    lines.map((l) => [l.index, l.key]),
    jobs.map((j) => [j.index, j.key]),
  );
  const mine = join(dir, 'results.jsonl');
  for (let k = 0; k < RUNS; k++) {
    const { code, err } = await run('run-job', '--plan', plan, '--index', String(k), '--results', mine, '--quiet');
    assert.is(code, 0, err);
  }
  assert.equal(normalised(mine), normalised(results));
  // A retried job (a queue delivers at least once) is not trained or appended again.
  const again = await run('run-job', '--plan', plan, '--index', '3', '--results', mine);
  assert.is(again.code, 0, again.err);
  assert.match(again.out, /already in/);
  assert.is(linesOf(mine).length, RUNS);
  // The sweep finds them all: nothing to train, the table from the lines.
  const summary = await run('sweep', sweepFile(dir), '--results', mine, '--out', join(dir, 'out'), '--json', '--no-figure');
  assert.is(summary.code, 0, summary.err);
  assert.equal([JSON.parse(summary.out).trained, JSON.parse(summary.out).skipped], [0, RUNS]);
});

sweep('run-job reads one job line on stdin and prints its results line', async () => {
  const { results } = await referenceRun();
  const dir = tmp();
  const plan = join(dir, 'jobs.jsonl');
  assert.is((await run('sweep', sweepFile(dir), '--plan', plan, '--quiet')).code, 0);
  const line = linesOf(plan)[17]!;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run-job'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    child.stdin.end(`${line}\n`);
    assert.is(await withTimeout(exited, 60_000, 'run-job on stdin'), 0, stderr);
  } finally {
    child.kill('SIGKILL');
  }
  const printed = stdout.split('\n').filter((l) => l !== '');
  assert.is(printed.length, 1, 'only the line on stdout');
  const key = JSON.parse(line).key;
  const expected = linesOf(results).find((l) => JSON.parse(l).key === key)!;
  assert.is(withoutMs(printed[0]!), withoutMs(expected));
});

sweep('--print-spec: a training spec actlab train runs to the same history, bit for bit (rrelu at seed 1 too)', async () => {
  const dir = tmp();
  const small = { ...GRID, activations: ['relu', { name: 'rrelu' }, ['tanh', 'elu']], lrs: [1e-2], widths: [3], seeds: 2 };
  const out = join(dir, 'out');
  assert.is((await run('sweep', sweepFile(dir, small), '--out', out, '--quiet', '--no-figure', '--workers', '1')).code, 0);
  const plan = join(dir, 'jobs.jsonl');
  assert.is((await run('sweep', sweepFile(dir, small), '--plan', plan, '--quiet')).code, 0);
  const records = linesOf(join(out, 'results.jsonl')).map((l, i) => parseResultLine(l, `line ${i + 1}`));
  const core = await loadCore();
  for (let k = 0; k < 6; k++) {
    const printed = await run('run-job', '--plan', plan, '--index', String(k), '--print-spec');
    assert.is(printed.code, 0, printed.err);
    const spec = JSON.parse(printed.out);
    assert.is(spec.data.X.length, small.dataset.samples, 'the rows, generated from the settings');
    const record = records.find((r) => r.key === JSON.parse(linesOf(plan)[k]!).key)!;
    const checked = validateSpec(spec);
    assert.equal(checked.config, record.spec.config, "the line's config is a spec's config as validateSpec gives it");
    const replayed = runSpec(core, checked);
    const same = (a: History, b: History) => JSON.stringify([a.bce, a.accuracy, a.grad]) === JSON.stringify([b.bce, b.accuracy, b.grad]);
    assert.ok(same(replayed, record.history), `run ${k} (${record.cell.activation}, seed ${record.seed}): the same history`);
    if (k === 3) {
      // And through `actlab train` itself.
      writeFileSync(join(dir, 'spec.json'), printed.out);
      const trained = await run('train', join(dir, 'spec.json'), '--json');
      assert.is(trained.code, 0, trained.err);
      assert.equal(JSON.parse(trained.out).accuracy, record.history.accuracy);
    }
  }
  assert.ok(
    records.some((r) => r.cell.activation === 'rrelu' && r.seed === 1),
    'an rrelu run at seed 1 was replayed',
  );
  // An rrelu run's slopes come from its seed: two seeds, two histories.
  const rrelu = records.filter((r) => r.cell.activation === 'rrelu');
  assert.not.equal(rrelu[0]!.history.bce, rrelu[1]!.history.bce);
});

sweep('every refusal names its field, in one line, before anything runs', async () => {
  const dir = tmp();
  const cases: [unknown, RegExp][] = [
    [
      { ...GRID, optimizers: [{ name: 'adam' }, { name: 'sgd', momentum: -0.5 }] },
      /^actlab: sweep\.optimizers\[1\]\.momentum must be >= 0, got -0\.5$/,
    ],
    [{ ...GRID, optimizers: [{ name: 'adam', lr: 0.1 }] }, /^actlab: sweep\.optimizers\[0\]\.lr cannot be combined with sweep\.lrs/],
    [{ ...GRID, optimizers: [{ name: 'adagrad', lrDecay: 'x' }] }, /^actlab: sweep\.optimizers\[0\]\.lrDecay must be a finite number/],
    [{ ...GRID, optimizers: [{ name: 'adamm' }] }, /^actlab: sweep\.optimizers\[0\]\.name must be one of/],
    [
      { ...GRID, optimizers: [{ name: 'adam' }, { name: 'adam' }] },
      /^actlab: sweep\.optimizers\[1\] is the same as sweep\.optimizers\[0\]/,
    ],
    [{ ...GRID, activations: ['relu', 'rleu'] }, /^actlab: sweep\.activations\[1\] must be a registered activation/],
    [
      { ...GRID, activations: ['relu', { name: 'leaky_relu', options: { negativeSlop: 0.2 } }] },
      /^actlab: sweep\.activations\[1\]\.options\.negativeSlop /,
    ],
    [
      { ...GRID, activations: ['relu', ['relu', 'tanh', 'relu']] },
      /^actlab: sweep\.activations\[1\] must list 2 activations, one per hidden layer/,
    ],
    [{ ...GRID, activations: ['relu', { name: 'relu' }] }, /^actlab: sweep\.activations\[1\] is the same as sweep\.activations\[0\]/],
    [
      { ...GRID, activations: [{ name: 'prelu', options: { numParameters: 3 } }] },
      /^actlab: sweep\.activations\[0\]\.options\.numParameters .*width 4/,
    ],
    [{ ...GRID, activations: [] }, /^actlab: sweep\.activations must list at least one value/],
    [{ ...GRID, lrs: [1e-3, 0] }, /^actlab: sweep\.lrs\[1\] must be > 0, got 0$/],
    [{ ...GRID, lrs: [1e39] }, /^actlab: sweep\.lrs\[0\] must be a finite number within float32 range/],
    [{ ...GRID, widths: [3, 0] }, /^actlab: sweep\.widths\[1\] must be an integer >= 1, got 0$/],
    [{ ...GRID, widths: [3, 3] }, /^actlab: sweep\.widths\[1\] is the same as sweep\.widths\[0\]/],
    [{ ...GRID, depths: [1.5] }, /^actlab: sweep\.depths\[0\] must be an integer >= 1, got 1\.5$/],
    [{ ...GRID, depths: 2 }, /^actlab: sweep\.depths must be an array, got 2$/],
    [{ ...GRID, seeds: 0 }, /^actlab: sweep\.seeds must be an integer >= 1, got 0$/],
    [{ ...GRID, epochs: null }, /^actlab: sweep\.epochs must be an integer >= 1, got null$/],
    [{ ...GRID, batchSize: 0 }, /^actlab: sweep\.batchSize must be an integer >= 1, got 0$/],
    [{ ...GRID, initialisers: [{ weight: 'xavier' }] }, /^actlab: sweep\.initialisers\[0\]\.weight must be one of/],
    [{ ...GRID, initialisers: [{ wieght: 'zeros' }] }, /^actlab: sweep\.initialisers\[0\]\.wieght is not a known field/],
    [{ ...GRID, dataset: { name: 'circle' } }, /^actlab: sweep\.dataset\.name must be one of circles/],
    [{ ...GRID, dataset: { name: 'moons', noise: -1 } }, /^actlab: sweep\.dataset\.noise must be/],
    [{ ...GRID, dataset: { name: 'moons', samples: 1 } }, /^actlab: sweep\.dataset\.samples must be an integer >= 2, got 1$/],
    [{ ...GRID, dataset: { name: 'moons', seed: -1 } }, /^actlab: sweep\.dataset\.seed must be an integer in \[0, 4294967295\]/],
    [{ ...GRID, dataset: { name: 'moons', rows: 5 } }, /^actlab: sweep\.dataset\.rows is not a known field/],
    [{ ...GRID, heatmap: { x: 'lr', y: 'lr' } }, /^actlab: sweep\.heatmap\.y must differ from sweep\.heatmap\.x/],
    [{ ...GRID, heatmap: { x: 'rate', y: 'width' } }, /^actlab: sweep\.heatmap\.x must be one of/],
    [{ ...GRID, lr: [1e-3] }, /^actlab: sweep\.lr is not a known field/],
    [
      { ...GRID, seeds: 1000, widths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26] },
      /^actlab: sweep must have at most 100000 runs/,
    ],
    [
      { ...GRID, widths: [1_000_000], depths: [4] },
      /^actlab: sweep\.depths × sweep\.widths needs .* more than the 4 GiB WebAssembly memory limit/,
    ],
    ['{"lrs": [NaN]}', /^actlab: sweep\.lrs\[0\] must be a finite number, got NaN$/],
    ['{"lrs": [1e-3', /^actlab: SWEEP .* is not valid JSON/],
  ];
  for (const [k, [content, message]] of cases.entries()) {
    const out = join(dir, `out-${k}`);
    const { code, out: stdout, err } = await run('sweep', sweepFile(dir, content, `bad-${k}.json`), '--out', out, '--workers', '1');
    assert.is(code, 2, `case ${k}: ${err}`);
    assert.match(err.trim(), message, `case ${k}`);
    assert.is(err.trim().split('\n').length, 1, `case ${k}: one line`);
    assert.not.match(stdout, /Trained/, `case ${k}: nothing trained`);
    assert.not.ok(existsSync(join(out, 'results.jsonl')) && linesOf(join(out, 'results.jsonl')).length > 0, `case ${k}: no run written`);
  }
  const good = sweepFile(dir);
  for (const [args, message] of [
    [['sweep', good, '--workers', '0'], /^actlab: --workers must be an integer in \[1, 256\], got "0"$/],
    [['sweep', good, '--heatmap', 'lr'], /^actlab: --heatmap must be two axes/],
    [['sweep', good, '--heatmap', 'lr,depht'], /^actlab: --heatmap\[1\] must be one of/],
    [['sweep', join(dir, 'missing.json')], /^actlab: SWEEP could not be read \(ENOENT\), got ".*missing\.json"$/],
    [['run-job', '--index', '0'], /^actlab: --index needs --plan/],
  ] as [string[], RegExp][]) {
    const { code, err } = await run(...args);
    assert.is(code, 2, `${args.join(' ')}: ${err}`);
    assert.match(err.trim(), message);
  }
});

sweep('run-job refuses a job it cannot trust, naming the file, line and field', async () => {
  const dir = tmp();
  const plan = join(dir, 'jobs.jsonl');
  assert.is((await run('sweep', sweepFile(dir), '--plan', plan, '--quiet')).code, 0);
  const lines = linesOf(plan);
  const edited = JSON.parse(lines[2]!);
  edited.spec.config.epochs = 1000;
  const badPlan = join(dir, 'edited.jsonl');
  writeFileSync(badPlan, `${lines[0]}\n${lines[1]}\n${JSON.stringify(edited)}\n`);
  const invalid = JSON.parse(lines[0]!);
  invalid.spec.config.optimizer.lr = -1;
  const invalidPlan = join(dir, 'invalid.jsonl');
  writeFileSync(invalidPlan, `${JSON.stringify(invalid)}\n`);
  for (const [args, message] of [
    [
      ['run-job', '--plan', plan, '--index', String(RUNS)],
      new RegExp(`^actlab: --index must be an integer in \\[0, ${RUNS - 1}\\]: .* has ${RUNS} jobs`),
    ],
    [['run-job', '--plan', plan, '--index', '-1'], /^actlab: --index must be an integer >= 0, got "-1"$/],
    [['run-job', '--plan', plan], /^actlab: --plan needs --index/],
    [['run-job', '--plan', badPlan, '--index', '2'], /^actlab: .*edited\.jsonl line 3: key does not match the line's spec/],
    [
      ['run-job', '--plan', invalidPlan, '--index', '0'],
      /^actlab: .*invalid\.jsonl line 1: spec\.config\.optimizer\.lr must be > 0, got -1$/,
    ],
  ] as [string[], RegExp][]) {
    const { code, err } = await run(...args);
    assert.is(code, 2, `${args.join(' ')}: ${err}`);
    assert.match(err.trim(), message);
    assert.is(err.trim().split('\n').length, 1);
  }
  // A results file with a broken line that is not the last is refused (only an unfinished last line is expected damage).
  const { results } = await referenceRun();
  const out = join(dir, 'out');
  mkdirSync(out);
  const good = linesOf(results);
  writeFileSync(join(out, 'results.jsonl'), `${good[0]}\n${good[1]!.slice(0, 50)}\n${good[2]}\n`);
  const broken = await run('sweep', sweepFile(dir), '--out', out);
  assert.is(broken.code, 2, broken.err);
  assert.match(broken.err, /results\.jsonl line 2 is not valid JSON.*remove or fix that line/);
});

sweep('the heat map shows runs not yet run and diverged ones, and still parses as XML', async () => {
  const plan = resolveSweep(GRID);
  const jobs = sweepJobs(plan);
  const histories = new Map<string, Pick<History, 'accuracy' | 'diverged'>>();
  // The relu cells have results, one tanh cell only diverged runs, the other tanh cells none.
  for (const job of jobs) {
    if (job.cell.activation === 'relu') histories.set(job.key, { accuracy: [0.5, 0.8 + job.seed / 100], diverged: null });
    else if (job.cell.lr === 1e-2 && job.cell.width === 3)
      histories.set(job.key, { accuracy: [0.5, Number.NaN], diverged: { epoch: 1, layer: 0 } });
  }
  for (const axes of [plan.heatmap, { x: 'width', y: 'lr' } as const]) {
    assert.ok(SWEEP_AXES.includes(axes.x) && SWEEP_AXES.includes(axes.y));
    const spec = sweepHeatmapSpec(plan, jobs, histories, axes);
    const svg = await renderSvg(spec);
    assert.is(xmlProblem(svg), null);
    if (axes === plan.heatmap) {
      assert.equal(axes, { x: 'lr', y: 'activation' }, 'the first two axes that vary, as the table orders them');
      assert.match(svg, /81\.0%/, 'relu, mean over seeds and widths');
      assert.match(svg, /diverged/);
      assert.match(svg, /not run/);
    }
  }
});

sweep('examples/sweep.json and the sweep in actlab sweep --help are valid sweeps', async () => {
  const help = await run('sweep', '--help');
  assert.ok(help.out.includes('"optimizers": [{"name": "adam"}, {"name": "sgd", "momentum": 0.9}]'), 'the example is shown');
  assert.is(resolveSweep(SWEEP_HELP_EXAMPLE).cells.length, 3 * 2 * 2 * 2 * 2);

  const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'sweep.json'), 'utf8'));
  const plan = resolveSweep(example);
  assert.ok(plan.cells.length > 1);
  const spec = trainingSpecOf(sweepJobs(plan)[0]!.spec);
  assert.is(validateSpec(spec).data.nSamples, plan.dataset.samples);
});

sweep("compare --grid runs the same sweep from compare's flags: the same runs, keys and lines", async () => {
  const { results } = await referenceRun();
  const dir = tmp();
  const flags = [
    '--activations',
    'relu,tanh',
    '--layers',
    '2,3,3,1',
    '--epochs',
    '6',
    '--batch-size',
    '16',
    '--samples',
    '120',
    '--noise',
    '0.1',
  ];
  const common = [...flags, '--data-seed', '7', '--seeds', '3', '--workers', '2'];
  const { code, out, err } = await run(
    'compare',
    ...common,
    '--grid',
    'lr=1e-3,1e-2',
    '--grid',
    'width=3,4',
    '--out',
    join(dir, 'grid'),
    '--json',
    '--no-report',
  );
  assert.is(code, 0, err);
  assert.equal([JSON.parse(out).runs, JSON.parse(out).trained], [RUNS, RUNS]);
  assert.equal(normalised(join(dir, 'grid', 'results.jsonl')), normalised(results));
  for (const [args, message] of [
    [['--grid', 'rate=1,2'], /^actlab: --grid must be key=v1,v2,\.\.\. with key one of lr, width, depth, got "rate=1,2"$/],
    [['--grid', 'lr=1e-3,0'], /^actlab: --grid lr\[1\] must be > 0, got "0"$/],
    [['--grid', 'width=3,0x4'], /^actlab: --grid width\[1\] must be a number, got "0x4"$/],
    [['--grid', 'width=3', '--grid', 'width=4'], /^actlab: --grid gives width a second time/],
    [['--grid', 'lr=1e-3', '--validation-split', '0.2'], /^actlab: --validation-split cannot be combined with --grid/],
    [['--grid', 'lr=1e-3', '--layers', '2,3,4,1'], /^actlab: --layers must have hidden layers all of one width with --grid/],
    [['--grid', 'depth=1,2', '--activations', '[relu, tanh]'], /^actlab: --activations\[0\] must list 1 activation, one per hidden layer/],
  ] as [string[], RegExp][]) {
    const refused = await run('compare', ...common, ...args, '--out', join(dir, 'refused'));
    assert.is(refused.code, 2, `${args.join(' ')}: ${refused.err}`);
    assert.match(refused.err.trim(), message);
  }
  assert.not.ok(existsSync(join(dir, 'refused', 'results.jsonl')), 'nothing ran');
});

// The child-process CLI (no in-process shortcuts): the bundle a user runs starts the sweep and its worker threads.
sweep('the CLI as a process: sweep --help lists the flags, and a run through it writes its lines', async () => {
  const help = await cliProcess(['sweep', '--help']);
  assert.is(help.code, 0, help.stderr);
  for (const flag of ['--out', '--results', '--plan', '--workers', '--heatmap', '--json', '--quiet'])
    assert.ok(help.stdout.includes(flag), flag);
  const dir = tmp();
  copyFileSync(sweepFile(dir), join(dir, 'copy.json'));
  const ran = await cliProcess(['sweep', join(dir, 'copy.json'), '--out', join(dir, 'out'), '--workers', '2', '--quiet', '--no-figure']);
  assert.is(ran.code, 0, ran.stderr);
  assert.is(linesOf(join(dir, 'out', 'results.jsonl')).length, RUNS);
  assert.equal(readdirSync(join(dir, 'out')).sort(), ['results.jsonl', 'summary.json', 'summary.txt']);
});

sweep.run();
