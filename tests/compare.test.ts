// `actlab compare`: the files it writes, their schema, workers, bad options, the collapse, and
// the tutorial's findings from a real run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ActivationName } from '../src/activations/registry.js';
import { alternatives, COMPARE_DEFAULTS, type CompareFlags, parseCompareFlags } from '../src/cli/compare-options.js';
import { collapseIdentityNetwork } from '../src/compare/collapse.js';
import { inlineExecutor } from '../src/compare/job.js';
import { plan, runStudy } from '../src/compare/study.js';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { DATASET_NAMES } from '../src/datasets/registry.js';
import { Mlp } from '../src/model/mlp.js';
import { OPTIMIZER_NAMES, takesSetting } from '../src/optim/registry.js';
import { train } from '../src/train/train.js';
import { runCliCaptured } from './helpers/cli.js';
import { EXAMPLES_DIR, readJson } from './helpers/fixtures.js';
import { xmlProblem } from './helpers/xml.js';

const run = runCliCaptured;
const made: string[] = [];
/** A fresh temporary folder, removed when the suite ends. */
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'actlab-compare-'));
  made.push(dir);
  return dir;
};

const compare = suite('actlab compare');
compare.after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

compare('a short compare writes every file, and the HTML references every figure', async () => {
  const out = tmp();
  const {
    code,
    out: stdout,
    err,
  } = await run('compare', '--epochs', '5', '--activations', 'relu,tanh', '--seeds', '2', '--out', out, '--workers', '1');
  assert.is(code, 0, err);
  const figures = ['dataset', 'activations', 'history-relu', 'history-tanh', 'accuracy-overlay', 'boundary-relu', 'boundary-tanh'];
  const files = readdirSync(out);
  for (const name of figures) {
    assert.ok(files.includes(`${name}.svg`) && files.includes(`${name}.png`), `${name}.svg/.png written`);
    assert.is(xmlProblem(readFileSync(join(out, `${name}.svg`), 'utf8')), null, `${name}.svg parses as XML`);
    assert.equal([...readFileSync(join(out, `${name}.png`)).subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${name}.png is a PNG`);
  }
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  for (const name of figures) assert.ok(html.includes(`${name}.svg`) && html.includes(`${name}.png`), `index.html references ${name}`);
  assert.not.match(html, /(src|href)="https?:/, 'self-contained');
  assert.match(html, /Why nonlinear/i);
  assert.match(stdout, /activation\s+accuracy\s+BCE/);
});

compare('one activation with two option sets, and a list per hidden layer: each its own runs, labels and figures', async () => {
  const out = tmp();
  const list = 'leaky_relu,leaky_relu(negativeSlope=0.2),[relu, tanh, prelu(numParameters=5), gelu(approximate=tanh)]';
  const { code, out: stdout, err } = await run('compare', '--epochs', '3', '--activations', list, '--out', out, '--workers', '1', '--json');
  assert.is(code, 0, err);
  const labels = ['leaky_relu', 'leaky_relu(negativeSlope=0.2)', '[relu, tanh, prelu(numParameters=5), gelu(approximate=tanh)]'];
  const rows = JSON.parse(stdout) as { activation: string; epoch: number }[];
  assert.equal([...new Set(rows.map((r) => r.activation))], labels);
  // Each trains what its label says (the API, with the flags' study): the variants differ, and the
  // list's prelu layer has its own weights.
  const settings = parseCompareFlags({ ...COMPARE_DEFAULTS, report: false, backend: 'auto', activations: list, epochs: '3' }, () => false);
  assert.equal(settings.study.hidden?.[labels[1]!], { name: 'leaky_relu', options: { negativeSlope: 0.2 } });
  const core = await loadCore();
  const study = await runStudy({ ...settings.study, data: { kind: 'circles', name: '', samples: 1000 } }, makeCircles(), {
    core,
    executor: inlineExecutor(core),
  });
  assert.equal(
    study.runs.map((r) => r.activation),
    labels,
  );
  assert.not.equal(study.runs[0]!.final, study.runs[1]!.final, 'negativeSlope 0.2 is not the default');
  assert.equal(
    Object.keys(study.runs[2]!.final).filter((k) => k.startsWith('act')),
    ['act2.weight'],
  );
  assert.is((study.runs[2]!.final['act2.weight'] as number[]).length, 5);
  const files = readdirSync(out);
  assert.ok(files.includes('history-leaky_relu-negativeslope-0.2.svg'), files.join(' '));
  assert.ok(
    files.some((f) => f.startsWith('history-relu-tanh-prelu')),
    files.join(' '),
  );
  // The curves: every activation of the study once, with its options.
  const legend = readFileSync(join(out, 'activations.svg'), 'utf8');
  for (const label of ['leaky_relu', 'leaky_relu(negativeSlope=0.2)', 'prelu(numParameters=5)', 'gelu(approximate=tanh)', 'relu', 'tanh'])
    assert.ok(legend.includes(`>${label}<`), `the activations figure shows ${label}`);
  const jobs = plan({ ...settings.study, data: { kind: 'circles', name: '', samples: 1000 } });
  assert.equal(
    jobs.map((j) => j.activation),
    labels,
  );
});

compare('--seeds N prints the paired statistics against the best, or --baseline; the report has them', async () => {
  const out = tmp();
  const ran = await run(
    'compare',
    '--epochs',
    '6',
    '--lr',
    '1e-2',
    '--activations',
    'relu,sigmoid,tanh',
    '--seeds',
    '3',
    '--out',
    out,
    '--workers',
    '1',
  );
  assert.is(ran.code, 0, ran.err);
  assert.match(ran.out, /Paired by seed against \w+ \(the best mean final accuracy\)/);
  assert.match(ran.out, /verdict/);
  assert.match(ran.out, /baseline/);
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /<h2>Paired statistics<\/h2>/);
  const given = await run(
    'compare',
    '--epochs',
    '3',
    '--activations',
    'relu,sigmoid',
    '--seeds',
    '2',
    '--baseline',
    'sigmoid',
    '--no-report',
    '--workers',
    '1',
  );
  assert.is(given.code, 0, given.err);
  assert.match(given.out, /Paired by seed against sigmoid/);
  const one = await run('compare', '--epochs', '2', '--activations', 'relu,sigmoid', '--no-report', '--workers', '1');
  assert.not.match(one.out, /Paired by seed/, 'one seed: no paired table');
  const bad = await run('compare', '--epochs', '2', '--activations', 'relu,sigmoid', '--baseline', 'tanh', '--no-report');
  assert.is(bad.code, 2);
  assert.match(bad.err, /--baseline must be one of --activations: relu, sigmoid, got "tanh"/);
});

compare('history.csv and history.json: long format, one row per run and epoch', async () => {
  const out = tmp();
  assert.is((await run('compare', '--epochs', '3', '--activations', 'sigmoid,elu', '--seeds', '2', '--out', out, '--quiet')).code, 0);
  const csv = readFileSync(join(out, 'history.csv'), 'utf8').trimEnd().split('\n');
  assert.is(csv[0], 'activation,seed,epoch,bce,accuracy,grad_0,grad_1,grad_2,grad_3,grad_4');
  assert.is(csv.length, 1 + 2 * 2 * 3);
  const json = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
  assert.is(json.length, 2 * 2 * 3);
  assert.equal(Object.keys(json[0]), ['activation', 'seed', 'epoch', 'bce', 'accuracy', 'grad_0', 'grad_1', 'grad_2', 'grad_3', 'grad_4']);
  json.forEach((row: any, k: number) => {
    const cells = csv[k + 1]!.split(',');
    assert.equal(cells.slice(0, 3), [row.activation, String(row.seed), String(row.epoch)]);
    assert.is(Number(cells[3]), row.bce);
    assert.is(Number(cells[9]), row.grad_4);
  });
  assert.equal(json.map((r: any) => `${r.activation}/${r.seed}/${r.epoch}`).slice(0, 4), [
    'sigmoid/0/0',
    'sigmoid/0/1',
    'sigmoid/0/2',
    'sigmoid/1/0',
  ]);
});

compare('--workers 1 and --workers 2 give identical histories', async () => {
  const argv = ['compare', '--epochs', '20', '--activations', 'relu,gelu,tanh', '--seeds', '2', '--no-report', '--json'];
  const one = await run(...argv, '--workers', '1');
  const two = await run(...argv, '--workers', '2');
  assert.is(one.code, 0, one.err);
  assert.is(two.code, 0, two.err);
  assert.is(two.out, one.out);
  assert.is(JSON.parse(one.out).length, 3 * 2 * 20);
});

compare('--no-report writes nothing; --json prints only JSON', async () => {
  const out = join(tmp(), 'report');
  const { code, out: stdout } = await run('compare', '--epochs', '2', '--activations', 'relu', '--out', out, '--no-report', '--json');
  assert.is(code, 0);
  assert.not.ok(existsSync(out));
  assert.ok(Array.isArray(JSON.parse(stdout)));
});

compare('--json writes no report unless --out is given; --out with --json writes one', async () => {
  const cwd = process.cwd();
  const dir = tmp();
  process.chdir(dir); // where the default --out, ./report, would land
  try {
    const { code, out } = await run('compare', '--epochs', '2', '--activations', 'relu', '--json');
    assert.is(code, 0);
    assert.is(JSON.parse(out).length, 2);
    assert.equal(readdirSync(dir), [], 'nothing written');
  } finally {
    process.chdir(cwd);
  }
  const target = join(dir, 'asked-for');
  const { code, out } = await run('compare', '--epochs', '2', '--activations', 'relu', '--json', '--out', target);
  assert.is(code, 0);
  assert.is(JSON.parse(out).length, 2, 'stdout is still only JSON');
  assert.ok(existsSync(join(target, 'index.html')) && existsSync(join(target, 'history.json')));
});

compare('--quiet drops the status lines but keeps the table and the findings', async () => {
  const argv = ['compare', '--epochs', '3', '--activations', 'relu,sigmoid', '--no-report', '--workers', '1'];
  const loud = await run(...argv);
  const quiet = await run(...argv, '--quiet');
  assert.is(quiet.code, 0, quiet.err);
  assert.match(loud.out, /^Comparing relu, sigmoid on circles/m);
  assert.match(loud.out, /^Trained 2 networks in/m);
  assert.not.match(quiet.out, /Comparing|Trained \d+ networks/);
  const table = (text: string) => text.split('\n').filter((line) => /^(activation\s+accuracy|(relu|sigmoid)\s+\d+\.\d%)/.test(line));
  assert.is(table(quiet.out).length, 3, 'header and one row per activation');
  assert.equal(
    table(quiet.out).map((l) => l.replace(/\s+\d+$/, '')),
    table(loud.out).map((l) => l.replace(/\s+\d+$/, '')),
    'the same table (but the time)',
  );
  assert.match(quiet.out, /With sigmoid, the first layer's mean \|grad\|/);
  assert.is(quiet.err, '');
});

compare("the report folder holds exactly this run's files, and its marker", async () => {
  const out = join(tmp(), 'report');
  assert.is((await run('compare', '--epochs', '2', '--activations', 'relu,tanh', '--out', out, '--quiet')).code, 0);
  assert.ok(readdirSync(out).includes('history-tanh.svg'));
  const second = await run('compare', '--epochs', '2', '--activations', 'relu', '--out', out, '--quiet');
  assert.is(second.code, 0, second.err);
  const files = readdirSync(out).sort();
  assert.not.ok(
    files.some((f) => f.includes('tanh')),
    `the earlier run's tanh figures are gone: ${files.join(', ')}`,
  );
  const marker = JSON.parse(readFileSync(join(out, 'actlab-report.json'), 'utf8'));
  assert.equal([...marker.files, 'actlab-report.json'].sort(), files, 'the marker lists every other file');
  assert.equal(readdirSync(join(out, '..')), ['report'], 'no temporary folder left beside it');
});

compare('--out refuses, before training, a folder that is not an actlab report, and a file', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  for (const [target, message] of [
    [
      dir,
      /--out must be a new or empty folder, or an earlier actlab report \(one with actlab-report\.json\); this one holds other files \(move them, or choose another --out\), got ".*"/,
    ],
    [join(dir, 'notes.txt'), /--out must be a folder, not a file, got ".*notes\.txt"/],
    [join(dir, 'notes.txt', 'sub'), /--out cannot be made: .*notes\.txt is a file/],
  ] as const) {
    const { code, out, err } = await run('compare', '--epochs', '300', '--out', target);
    assert.is(code, 2, err);
    assert.match(err, message);
    assert.is(err.trim().split('\n').length, 1, 'one line');
    assert.is(out, '', 'refused before anything ran');
  }
  assert.equal(readdirSync(dir), ['notes.txt']);
  assert.is(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  assert.is((await run('compare', '--epochs', '1', '--activations', 'relu', '--out', empty, '--quiet')).code, 0, 'an empty folder is fine');
});

compare('Ctrl-C while the report is written leaves the previous report intact and no temporary folder', async () => {
  const dir = tmp();
  const out = join(dir, 'report');
  assert.is((await run('compare', '--epochs', '2', '--activations', 'relu', '--out', out, '--quiet')).code, 0);
  const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('../scripts/run-cli.mjs', import.meta.url)),
      'compare',
      '--epochs',
      '2',
      '--activations',
      'relu,sigmoid,tanh',
      '--out',
      out,
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    // Interrupt once the temporary folder exists and the first figure is in it.
    const deadline = Date.now() + 60_000;
    let inProgress: string | undefined;
    while (Date.now() < deadline && child.exitCode === null) {
      const temp = readdirSync(dir).find((f) => f.startsWith('.report.tmp-'));
      if (temp && readdirSync(join(dir, temp)).length > 0) {
        inProgress = temp;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(inProgress, `the report's temporary folder appeared (stderr: ${stderr})`);
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
    assert.is(code, 130, stderr);
  } finally {
    child.kill('SIGKILL');
  }
  assert.equal(readdirSync(dir), ['report'], 'the temporary folder is gone');
  const after = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  assert.equal(Object.keys(after).sort(), Object.keys(before).sort());
  assert.ok(
    Object.keys(before).every((f) => after[f] === before[f]),
    'every file as it was',
  );
});

compare('--data trains on a CSV file', async () => {
  const dir = tmp();
  const data = makeCircles({ nSamples: 60, factor: 0.5, noise: 0.05, seed: 1 });
  const lines = ['x1,x2,label', ...Array.from({ length: 60 }, (_, i) => `${data.X[2 * i]},${data.X[2 * i + 1]},${data.y[i]}`)];
  writeFileSync(join(dir, 'd.csv'), lines.join('\n') + '\n');
  const { code, out, err } = await run(
    'compare',
    '--data',
    join(dir, 'd.csv'),
    '--epochs',
    '2',
    '--activations',
    'relu',
    '--no-report',
    '--json',
  );
  assert.is(code, 0, err);
  assert.is(JSON.parse(out).length, 2);
});

compare('--data reports every malformed CSV row by its line number, exit 2', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'bad.csv'), 'x1,x2,label\n0.1,0.2,0\n0.3,abc,1\n0.5,0.6\n0.7,0.8,2\n');
  const { code, err, out } = await run('compare', '--data', join(dir, 'bad.csv'), '--epochs', '1', '--no-report');
  assert.is(code, 2);
  assert.match(err, /line 3: x2 must be a finite number, got "abc"/);
  assert.match(err, /line 4: expected 3 columns/);
  assert.match(err, /line 5: label must be 0 or 1, got 2/);
  assert.is(err.trim().split('\n').length, 1, 'one line');
  assert.is(out, '');
});

const badOptions: [string[], RegExp][] = [
  [
    ['--activations', 'relu,swish'],
    /--activations\[1\] must be a registered activation \(unknown activation "swish"; known: identity, relu/,
  ],
  [['--activations', 'relu,relu'], /--activations must not list an activation twice \(with the same options\), got "relu"/],
  [
    ['--activations', 'leaky_relu,leaky_relu(negativeSlope=0.01)'],
    /--activations must not list an activation twice \(with the same options\), got "leaky_relu"/,
  ],
  [
    ['--activations', 'leaky_relu(slope=0.2)'],
    /--activations\[0\]\.options\.slope is not known \(activation "leaky_relu" takes no option "slope"; it takes: negativeSlope\)/,
  ],
  [['--activations', 'relu,[relu,tanh]'], /--activations\[1\] must list 4 activations, one per hidden layer \(got 2\)/],
  [['--activations', 'relu,(tanh'], /--activations has an unclosed "\(" or "\["/],
  [['--activations', 'gelu(approximate=fast)'], /--activations\[0\]\.options\.approximate must be one of "none", "tanh", got "fast"/],
  [
    ['--activations', 'prelu(numParameters=3)'],
    /--activations\[0\]\.options\.numParameters must be 1 or the width of hidden layer 0 \(5\)/,
  ],
  [['--epochs', '0'], /--epochs must be an integer >= 1, got "0"/],
  [['--epochs', 'ten'], /--epochs must be an integer >= 1, got "ten"/],
  [['--batch-size', '-3'], /--batch-size must be an integer >= 1, got "-3"/],
  [['--lr', '0'], /--lr must be > 0, got "0"/],
  [['--optimizer', 'no-such-optimizer'], new RegExp(`--optimizer must be ${alternatives(OPTIMIZER_NAMES)}, got "no-such-optimizer"`)],
  [
    ['--momentum', '0.9'],
    new RegExp(`--momentum applies to --optimizer ${alternatives(OPTIMIZER_NAMES.filter((name) => takesSetting(name, 'momentum')))} only`),
  ],
  [['--optimizer', 'sgd', '--momentum', '-1'], /--momentum must be >= 0, got "-1"/],
  [['--layers', '2,5,0,1'], /--layers\[2\] must be an integer >= 1, got "0"/],
  [['--layers', '2,5,2'], /--layers must end in 1/],
  [['--layers', '3,5,1'], /--layers must start with 2/],
  [['--dataset', 'iris'], new RegExp(`--dataset must be one of ${DATASET_NAMES.join(', ')}, got "iris"`)],
  [['--samples', '1'], /--samples must be an integer >= 2, got "1"/],
  [['--noise', '-0.1'], /--noise must be >= 0, got "-0.1"/],
  [['--data-seed', '-1'], /--data-seed must be an integer in \[0, 4294967295\], got "-1"/],
  [['--seeds', '0'], /--seeds must be an integer in \[1, 1000\], got "0"/],
  [['--optimizer', 'sgd', '--lr', '0.1', '--nesterov'], /^actlab: --nesterov requires momentum > 0 and dampening 0, got true$/m],
  [['--torch-seed', '-1'], /--torch-seed must be an integer in \[0, \d+\], got "-1"/],
  [['--workers', '0'], /--workers must be an integer in \[1, 256\], got "0"/],
  [['--data', '/nonexistent.csv'], /--data could not be read \(ENOENT\)/],
  [['--data', 'x.csv', '--dataset', 'moons'], /--dataset .*cannot be combined with --data/],
  [['--bogus'], /unknown option '--bogus'/],
  [['--init', 'nope'], /--init must be one of default, uniform, normal/],
  [['--init', 'uniform(a=1, b=0)'], /--init/],
  [['--bias-init', 'xavier_uniform'], /--bias-init cannot initialise a bias: it needs fan_in and fan_out/],
];

compare(
  "--torch-seed N: run k of every activation starts from torch.manual_seed(N + k), the first from the tutorial example's init",
  async () => {
    const flags = { ...COMPARE_DEFAULTS, report: false, backend: 'auto', seeds: '3', torchSeed: '7' };
    const studyOf = (f: CompareFlags) => ({
      ...parseCompareFlags(f, () => false).study,
      data: { kind: 'circles', name: '', samples: 1000 },
    });
    const jobs = plan(studyOf(flags));
    assert.equal(
      jobs.map((j) => [j.activation, j.seed, j.torchSeed]),
      COMPARE_DEFAULTS.activations.split(',').flatMap((a) => [0, 1, 2].map((k) => [a, k, 7 + k])),
    );
    assert.ok(plan(studyOf({ ...flags, torchSeed: undefined })).every((j) => j.torchSeed === undefined));
    // examples/sigmoid-tutorial.json is PyTorch's run after torch.manual_seed(0): the same init.
    const tutorial = readJson(`${EXAMPLES_DIR}sigmoid-tutorial.json`);
    const [job] = plan(studyOf({ ...flags, activations: 'sigmoid', seeds: '1', torchSeed: '0' }));
    const model = new Mlp(await loadCore(), {
      layers: job!.layers,
      activation: job!.activation as ActivationName,
      torchSeed: job!.torchSeed!,
    });
    assert.equal(model.stateDict(), tutorial.init);
    model.dispose();
    // --init and --bias-init reach every run, as the Mlp's init.
    const withInit = plan(studyOf({ ...flags, init: 'xavier_uniform(gain=calculate_gain(tanh))', biasInit: 'zeros' }));
    assert.ok(
      withInit.every(
        (j) =>
          JSON.stringify(j.init) ===
          JSON.stringify({ weight: { name: 'xavier_uniform', options: { gain: 5 / 3 } }, bias: { name: 'zeros', options: {} } }),
      ),
    );
    assert.ok(
      plan(studyOf(flags)).every((j) => j.init === undefined),
      'none without the flags',
    );
  },
);

for (const [argv, message] of badOptions) {
  compare(`bad option ${argv.join(' ')} → exit 2 naming it`, async () => {
    const { code, err, out } = await run('compare', '--no-report', '--epochs', '1', ...argv);
    assert.is(code, 2, err);
    assert.match(err, message);
    assert.is(out, '');
  });
}

compare('"why nonlinear": an identity network is one linear layer, to float32 rounding', async () => {
  const core = await loadCore();
  const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });
  const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation: 'identity', seed: 0 });
  const history = train(model, data, { epochs: 30, optimizer: { name: 'adam', lr: 1e-2 } });
  const collapse = collapseIdentityNetwork(model, data, history.accuracy.at(-1)!);
  const scale = Math.abs(collapse.bias) + Math.hypot(...collapse.weight) * 1.5;
  assert.ok(collapse.maxAbsDiff < 1e-5 * Math.max(1, scale), `max |Δ| ${collapse.maxAbsDiff}`);
  assert.ok(collapse.maxAbsDiff > 0 || scale === 0, 'measured, not assumed');
  assert.ok(collapse.accuracy < 0.7, `a line cannot separate circles: ${collapse.accuracy}`);
  assert.throws(() => collapseIdentityNetwork(new Mlp(core, { layers: [2, 3, 1], activation: 'relu' }), data, 0), /identity/);
});

compare("the default study shows the tutorial's findings (a real run, not stored numbers)", async () => {
  const { code, out, err } = await run('compare', '--no-report', '--json');
  assert.is(code, 0, err);
  const rows: any[] = JSON.parse(out);
  const last = (activation: string) => rows.filter((r) => r.activation === activation).at(-1);
  assert.is(rows.length, 5 * 300);
  const sigmoid = last('sigmoid');
  assert.ok(Math.abs(sigmoid.accuracy - 0.5) <= 0.03, `sigmoid at chance: ${sigmoid.accuracy}`);
  assert.ok(sigmoid.grad_0 / sigmoid.grad_4 < 1e-2, `sigmoid's first/last gradient ratio ${sigmoid.grad_0 / sigmoid.grad_4}`);
  for (const activation of ['relu', 'tanh', 'leaky_relu']) {
    assert.ok(last(activation).accuracy >= 0.7, `${activation} well above chance: ${last(activation).accuracy}`);
  }
});

compare.run();
