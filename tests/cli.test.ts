// The CLI in-process (runCli) for every kind of bad input, and as a real process for exit codes
// and clean JSON on stdout.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { activationNames } from '../src/activations/registry.js';
import { OPTIMIZER_NAMES } from '../src/optim/registry.js';
import { runCliCaptured } from './helpers/cli.js';
import { REFERENCE_DIR, readJson } from './helpers/fixtures.js';
import { runProcess } from './helpers/process.js';

const run = runCliCaptured;

const dir = mkdtempSync(join(tmpdir(), 'actlab-cli-'));
let files = 0;
/** Writes a spec (object or raw text) to a temp file and returns its path. */
const specFile = (spec: unknown): string => {
  const path = join(dir, `spec-${files++}.json`);
  writeFileSync(path, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return path;
};

const base = readJson(REFERENCE_DIR + 'ref-elu-width8-batch50.json');
/** A small valid spec (the elu fixture cut to 40 rows and 2 epochs), modified by `edit`. */
const variant = (edit: (spec: any) => void): string => {
  const spec = structuredClone(base);
  delete spec.expected;
  spec.data.X = spec.data.X.slice(0, 40);
  spec.data.y = spec.data.y.slice(0, 40);
  spec.config.epochs = 2;
  edit(spec);
  return specFile(spec);
};

const cli = suite('actlab CLI');
cli.after(() => rmSync(dir, { recursive: true, force: true }));

cli('train prints the tutorial log and the gradient summary', async () => {
  const { code, out, err } = await run(
    'train',
    variant(() => {}),
    '--every',
    '1',
  );
  assert.is(code, 0, err);
  assert.match(out, /^Epoch 0: BCE=0\.\d{4}, Accuracy=\d+\.\d{2}%$/m);
  assert.match(out, /^Epoch 1: BCE=/m);
  assert.match(out, /Mean \|grad\| per layer, last epoch: layer0 [\d.e+-]+, layer1 [\d.e+-]+, layer2 [\d.e+-]+/);
});

cli('train --json prints only the history, whether it diverged, and the final state dict', async () => {
  const { code, out } = await run(
    'train',
    variant(() => {}),
    '--json',
  );
  assert.is(code, 0);
  const parsed = JSON.parse(out);
  assert.equal(Object.keys(parsed), ['bce', 'accuracy', 'grad', 'diverged', 'final']);
  assert.is(parsed.diverged, null);
  assert.is(parsed.bce.length, 2);
  assert.is(parsed.grad.length, 3);
  assert.equal(Object.keys(parsed.final), ['layer0.weight', 'layer0.bias', 'layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias']);
});

cli('activation --json evaluates the kernels with options', async () => {
  const { code, out } = await run('activation', 'leaky_relu', '--negativeSlope', '0.2', '--at', '-3,0,0.5,6', '--json');
  assert.is(code, 0);
  const { x, y, dydx } = JSON.parse(out);
  assert.equal(x, [-3, 0, 0.5, 6]);
  assert.ok(Math.abs(y[0] + 0.6) < 1e-6 && y[3] === 6);
  assert.ok(Math.abs(dydx[1] - 0.2) < 1e-7, 'leaky_relu′(0) is the negative slope, as PyTorch');
});

cli('--help explains every command', async () => {
  for (const argv of [['--help'], ['train', '--help'], ['activation', '--help']]) {
    const { code, out } = await run(...argv);
    assert.is(code, 0);
    assert.match(out, /Usage: actlab/);
  }
  assert.match((await run('activation', '--help')).out, /--alpha <value>\s+option of elu/);
});

// [what, argv, the field the message must name, the value it must show]
const badInputs: [string, () => string[], RegExp][] = [
  ['a missing file', () => ['train', join(dir, 'nope.json')], /SPEC could not be read \(ENOENT\), got ".*nope\.json"/],
  ['invalid JSON', () => ['train', specFile('{"config": ')], /SPEC .* is not valid JSON/],
  [
    'fewer than 2 layer sizes',
    () => [
      'train',
      variant((s) => {
        s.config.layers = [2];
      }),
    ],
    /config\.layers must list at least 2 layer sizes .*got \[2\]/,
  ],
  [
    'a non-positive layer size',
    () => [
      'train',
      variant((s) => {
        s.config.layers = [2, 0, 1];
      }),
    ],
    /config\.layers\[1\] must be an integer >= 1, got 0/,
  ],
  [
    'an unknown activation',
    () => [
      'train',
      variant((s) => {
        s.config.activation = 'swish';
      }),
    ],
    new RegExp(`unknown activation "swish"; known: ${activationNames().join(', ')}\\)`),
  ],
  [
    'an option the activation does not take',
    () => [
      'train',
      variant((s) => {
        s.config.activationOptions = { beta: 2 };
      }),
    ],
    /elu.*beta|beta.*elu/,
  ],
  [
    'X and y of different lengths',
    () => [
      'train',
      variant((s) => {
        s.data.y.pop();
      }),
    ],
    /data\.y must have one label per row of data\.X \(40 rows\), got "39 labels"/,
  ],
  [
    'a row of the wrong width',
    () => [
      'train',
      variant((s) => {
        s.data.X[7] = [1, 2, 3];
      }),
    ],
    /data\.X\[7\] must have 2 values .*got \[1,2,3\]/,
  ],
  [
    'a label other than 0/1',
    () => [
      'train',
      variant((s) => {
        s.data.y[3] = 2;
      }),
    ],
    /data\.y\[3\] must be 0 or 1, got 2/,
  ],
  [
    'NaN in X',
    () => ['train', variantText((t) => t.replace(/\[\[[^\]]+\]/, '[[NaN, 0.5]'))],
    /data\.X\[0\]\[0\] must be a finite number, got NaN/,
  ],
  [
    'Infinity in X',
    () => ['train', variantText((t) => t.replace(/\[\[([^,\]]+),[^\]]+\]/, '[[$1, -Infinity]'))],
    /data\.X\[0\]\[1\] must be a finite number, got -Infinity/,
  ],
  [
    'batchSize < 1',
    () => [
      'train',
      variant((s) => {
        s.config.batchSize = 0;
      }),
    ],
    /config\.batchSize must be an integer >= 1, got 0/,
  ],
  [
    'epochs < 1',
    () => [
      'train',
      variant((s) => {
        s.config.epochs = 0;
      }),
    ],
    /config\.epochs must be an integer >= 1, got 0/,
  ],
  [
    'lr <= 0',
    () => [
      'train',
      variant((s) => {
        s.config.optimizer.lr = 0;
      }),
    ],
    /config\.optimizer\.lr must be > 0, got 0/,
  ],
  [
    'an unknown optimizer',
    () => [
      'train',
      variant((s) => {
        s.config.optimizer.name = 'no-such-optimizer';
      }),
    ],
    new RegExp(`config\\.optimizer\\.name must be one of ${OPTIMIZER_NAMES.join(', ')}, got "no-such-optimizer"`),
  ],
  [
    'an init tensor missing',
    () => [
      'train',
      variant((s) => {
        delete s.init['layer1.bias'];
      }),
    ],
    /init\.layer1\.bias is missing/,
  ],
  [
    'an extra init tensor',
    () => [
      'train',
      variant((s) => {
        s.init['layer9.weight'] = [[1]];
      }),
    ],
    /init\.layer9\.weight is not a tensor of this network/,
  ],
  [
    'a mis-shaped init tensor',
    () => [
      'train',
      variant((s) => {
        s.init['layer0.weight'].pop();
      }),
    ],
    /init\.layer0\.weight must have shape \[8, 2\], got "7 rows"/,
  ],
  [
    'a mis-shaped init row',
    () => [
      'train',
      variant((s) => {
        s.init['layer1.weight'][2].push(0);
      }),
    ],
    /init\.layer1\.weight\[2\] must have 8 values/,
  ],
  ['an unknown activation on the command line', () => ['activation', 'swish', '--at', '1'], /unknown activation "swish"; known: identity/],
  [
    'an option the activation does not take (CLI)',
    () => ['activation', 'relu', '--alpha', '2', '--at', '1'],
    /--alpha is not an option of relu/,
  ],
  ['a non-number point', () => ['activation', 'relu', '--at', '1,x'], /--at\[1\] must be a finite number, got "x"/],
  [
    'an unknown backend',
    () => ['train', variant(() => {}), '--backend', 'gpu'],
    /--backend must be one of auto, simd, scalar, relaxed, got "gpu"/,
  ],
  ['an unknown command', () => ['fly'], /unknown command 'fly'/],
];

function variantText(edit: (text: string) => string): string {
  const path = variant(() => {});
  const spec = readJson(path);
  // Python's json.dump writes non-finite floats as bare NaN / Infinity tokens.
  return specFile(edit(JSON.stringify(spec)));
}

for (const [what, argv, message] of badInputs) {
  cli(`bad input: ${what} → exit 2 and one line naming it`, async () => {
    const { code, out, err } = await run(...argv());
    assert.is(code, 2, `exit code for ${what}: ${err}`);
    assert.match(err, message);
    assert.is(out, '', 'nothing on stdout');
    assert.not.match(err, /\n\s+at /, 'no stack trace');
  });
}

const root = fileURLToPath(new URL('../', import.meta.url));
/** Runs a command in the repository root, with a bounded wait. */
const exec = (command: string, args: string[]) => runProcess(command, args, { cwd: root, timeoutMs: 60_000 });

cli('as a process: exit code 2 on bad input, clean JSON on stdout with npm run --silent', async () => {
  const bad = await exec('npm', ['run', '--silent', 'cli', '--', 'train', join(dir, 'nope.json')]);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /^actlab: SPEC could not be read/m);
  const good = await exec('npm', ['run', '--silent', 'cli', '--', 'train', variant(() => {}), '--json']);
  assert.is(good.code, 0, good.stderr);
  assert.equal(Object.keys(JSON.parse(good.stdout)), ['bce', 'accuracy', 'grad', 'diverged', 'final']);
});

cli("--version and -V print the package's version", async () => {
  const { version } = readJson(join(root, 'package.json'));
  for (const flag of ['--version', '-V']) {
    const { code, out, err } = await run(flag);
    assert.is(code, 0, err);
    assert.is(out, `${version}\n`);
  }
});

cli('as a process: a reader that stops early (| head) ends it quietly with exit 0', async () => {
  const script = join(root, 'scripts/run-cli.mjs');
  // Far more than a pipe's buffer, so the CLI is still writing when head has gone.
  const pipeline = `set -o pipefail; "${process.execPath}" "${script}" compare --json --no-report --workers 1 | head -c 100 > /dev/null`;
  const { code, stderr } = await exec('bash', ['-c', pipeline]);
  assert.is(stderr, '', 'no EPIPE stack trace');
  assert.is(code, 0);
  const failing = `set -o pipefail; "${process.execPath}" "${script}" compare --json --no-report --epochs 0 | head -c 100 > /dev/null`;
  const refused = await exec('bash', ['-c', failing]);
  assert.is(refused.code, 2, 'a real error still fails through a pipe');
});

cli.run();
