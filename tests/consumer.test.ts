// The package as a user installs it: `npm pack` (its prepack builds dist/), `npm install` of the
// tarball into a fresh project outside the repo, then every way in — import, require, the types
// under two module settings, the `actlab` command, a browser bundle — each checked against the
// same run done here from src/, bit for bit.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError, loadCore, Mlp, makeCircles, train } from '../src/index.js';
import { ROOT, runPage } from './helpers/browser.js';
import { type Ran, runProcess, runProcessOk } from './helpers/process.js';

const PACK_TIMEOUT_MS = 90_000; // includes `npm run build` (~5 s)
const INSTALL_TIMEOUT_MS = 90_000; // ~5 s with npm's cache warm
const SCRIPT_TIMEOUT_MS = 30_000;
const TSC_TIMEOUT_MS = 60_000;
const CLI_TIMEOUT_MS = 60_000;

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** The one dependency the training API needs; the others serve the CLI and its report. */
const API_DEPENDENCIES = ['@assemblyscript/loader'];
const DEFAULT_ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'relu6', 'leaky_relu'];

// One source for every run — in the consumer's ESM and CommonJS scripts, in the page and here
// from src/ — so that they can differ only by the copy of actlab they import.
const TRAINING_RUN = `async function trainingRun({ loadCore, makeCircles, Mlp, train, InputError }) {
  const core = await loadCore();
  const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });
  const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation: 'relu', seed: 0 });
  const history = train(model, data, { epochs: 5, batchSize: 32, optimizer: { name: 'adam', lr: 1e-4 } });
  let rejects;
  try {
    makeCircles({ nSamples: 0 });
    rejects = 'nothing was thrown';
  } catch (error) {
    rejects = error instanceof InputError ? 'InputError: ' + error.message : 'not an InputError: ' + error;
  }
  return { backend: core.backend, history, weights: model.stateDict(), rejects };
}`;
const API_IMPORTS = '{ loadCore, makeCircles, Mlp, train, InputError }';

// ---------- child processes ----------

/** Runs a command in the consumer's environment (see consumerEnv). */
const run = (command: string, args: string[], cwd: string, timeoutMs: number): Promise<Ran> =>
  runProcess(command, args, { cwd, timeoutMs, env: consumerEnv() });
const runOk = (command: string, args: string[], cwd: string, timeoutMs: number): Promise<Ran> =>
  runProcessOk(command, args, { cwd, timeoutMs, env: consumerEnv() });

/**
 * This environment without the variables an enclosing `npm test` sets for the repo (its prefix,
 * its package.json fields): the consumer's npm must see only the consumer project.
 */
function consumerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|config_local_prefix$|command$)/.test(name) || name === 'INIT_CWD') delete env[name];
  }
  return env;
}

// ---------- the packed and installed package, made once ----------

interface PackedFile {
  path: string;
  size: number;
}

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: PackedFile[];
}

interface Consumer {
  packed: Packed;
  /** The consumer project, with actlab in node_modules. */
  dir: string;
  /** node_modules/actlab, i.e. what the tarball unpacked to. */
  installed: string;
}

const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

let consumer: Promise<Consumer> | undefined;

/** Packs and installs on first use; every test awaits the same attempt, so a failure is reported by each. */
function installedConsumer(): Promise<Consumer> {
  consumer ??= packAndInstall();
  return consumer;
}

async function packAndInstall(): Promise<Consumer> {
  const packDir = tempDir('actlab-pack-');
  // With --json, npm writes the report on stdout and the prepack build's output on stderr.
  const { stdout } = await runOk('npm', ['pack', '--json', '--pack-destination', packDir], ROOT, PACK_TIMEOUT_MS);
  const [packed] = JSON.parse(stdout) as Packed[];
  const dir = tempDir('actlab-consumer-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'actlab-consumer', private: true, type: 'module' }, null, 2));
  await runOk('npm', ['install', join(packDir, packed.filename), '--no-audit', '--no-fund', '--prefer-offline'], dir, INSTALL_TIMEOUT_MS);
  return { packed, dir, installed: join(dir, 'node_modules/actlab') };
}

/** The same run as the consumer's, from the repo's src/, through JSON as the scripts print it. */
async function expectedRun(): Promise<unknown> {
  const trainingRun = new Function(`return ${TRAINING_RUN}`)();
  // JSON's shortest round-trip form carries every finite double exactly.
  return JSON.parse(JSON.stringify(await trainingRun({ loadCore, makeCircles, Mlp, train, InputError })));
}

function write(dir: string, file: string, text: string): string {
  const path = join(dir, file);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

// ---------- the tests ----------

const consumerSuite = suite('the packed package in a consumer project');

consumerSuite.after(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

consumerSuite('the tarball holds the build, the docs the README links, a LICENSE, and no .wasm or debug build', async () => {
  const { packed, installed } = await installedConsumer();
  const paths = packed.files.map((f) => f.path);
  console.log(`\n  tarball: ${kB(packed.size)} packed, ${kB(packed.unpackedSize)} unpacked, ${packed.entryCount} files`);
  assert.equal([...new Set(paths.map((p) => p.split('/')[0]))].sort(), [
    'LICENSE',
    'README.md',
    'bin',
    'dist',
    'docs',
    'examples',
    'package.json',
  ]);
  assert.equal(
    paths.filter((p) => p.endsWith('.wasm') || /debug/i.test(p)),
    [],
    'the wasm bytes ship inlined in dist/generated/wasm.js only',
  );
  // npm's site resolves the README's relative links against the repository, not the tarball: the
  // docs ship for readers of node_modules/actlab, as text; the README's screenshots do not.
  assert.equal(
    paths.filter((p) => p.startsWith('docs/') && !p.endsWith('.md')),
    [],
  );
  const readme = readFileSync(join(installed, 'README.md'), 'utf8');
  const linkedDocs = [...readme.matchAll(/(?<!!)\[[^\]]*\]\((docs\/[^)#]+\.md)/g)].map((m) => m[1]);
  assert.ok(linkedDocs.length > 0, 'the README links docs/*.md');
  assert.equal(
    linkedDocs.filter((p) => !paths.includes(p)),
    [],
    'every doc the README links is in the tarball',
  );
  assert.ok(paths.includes('dist/index.js') && paths.includes('dist/actlab.browser.js') && paths.includes('dist/cli/main.js'));

  const license = readFileSync(join(installed, 'LICENSE'), 'utf8');
  assert.ok(license.startsWith('MIT License\n') && license.includes('Copyright (c) 2026 actlab contributors'), 'an MIT LICENSE');
  assert.is(pkg.license, 'MIT');
});

consumerSuite('the types are small and every source map carries its sources', async () => {
  const { packed, installed } = await installedConsumer();
  const wasmTypes = readFileSync(join(installed, 'dist/generated/wasm.d.ts'), 'utf8');
  assert.ok(wasmTypes.length < 1000, `dist/generated/wasm.d.ts is ${wasmTypes.length} bytes: the base64 is typed as a literal`);
  assert.match(wasmTypes, 'SIMD_WASM_BASE64: string');
  const maps = packed.files.map((f) => f.path).filter((p) => p.endsWith('.map'));
  assert.ok(maps.includes('dist/index.js.map') && maps.includes('dist/actlab.browser.js.map'), `maps shipped: ${maps.join(', ')}`);
  // src/ is not shipped: a map without sourcesContent points debuggers and bundlers at nothing.
  const withoutSources = maps.filter((path) => {
    const map = JSON.parse(readFileSync(join(installed, path), 'utf8'));
    return (
      !Array.isArray(map.sourcesContent) ||
      map.sourcesContent.length !== map.sources.length ||
      map.sourcesContent.some((text: unknown) => typeof text !== 'string')
    );
  });
  assert.equal(withoutSources, [], 'maps without their sources');
});

consumerSuite('npm install pulls the runtime dependencies and no devDependency', async () => {
  const { dir } = await installedConsumer();
  const nodeModules = join(dir, 'node_modules');
  // npm's own record of what it installed (every folder under node_modules with a package.json).
  const lock = JSON.parse(readFileSync(join(nodeModules, '.package-lock.json'), 'utf8'));
  const packages = Object.keys(lock.packages).filter((p) => p.includes('node_modules/'));
  const { stdout } = await runOk('du', ['-sk', nodeModules], dir, SCRIPT_TIMEOUT_MS);
  const megabytes = Number(stdout.split('\t')[0]) / 1024;
  console.log(`\n  npm install actlab: ${packages.length} packages, ${megabytes.toFixed(1)} MB in node_modules`);
  const missing = Object.keys(pkg.dependencies).filter((name) => !existsSync(join(nodeModules, name, 'package.json')));
  assert.equal(missing, [], 'dependencies not installed');
  const devInstalled = Object.keys(pkg.devDependencies).filter((name) => existsSync(join(nodeModules, name, 'package.json')));
  assert.equal(devInstalled, [], 'devDependencies a user would install');
});

consumerSuite('import: an ESM script trains with the same bits as src/', async () => {
  const { dir } = await installedConsumer();
  write(
    dir,
    'train.mjs',
    `import ${API_IMPORTS} from 'actlab';
${TRAINING_RUN}
console.log(JSON.stringify(await trainingRun(${API_IMPORTS})));
`,
  );
  const { stdout, stderr } = await runOk(process.execPath, ['train.mjs'], dir, SCRIPT_TIMEOUT_MS);
  assert.is(stderr, '');
  assert.equal(JSON.parse(stdout), await expectedRun());
});

consumerSuite('require: a CommonJS script gets the same module, with no warning, and the same bits', async () => {
  const { dir } = await installedConsumer();
  write(
    dir,
    'train.cjs',
    `const ${API_IMPORTS} = require('actlab');
${TRAINING_RUN}
(async () => {
  const result = await trainingRun(${API_IMPORTS});
  // require(esm) returns the very module import() loads: one copy, so instanceof holds across both.
  const imported = await import('actlab');
  const oneCopy = imported.InputError === InputError && imported.Core === require('actlab').Core;
  console.log(JSON.stringify({ result, oneCopy }));
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`,
  );
  const { stdout, stderr } = await runOk(process.execPath, ['train.cjs'], dir, SCRIPT_TIMEOUT_MS);
  // Node >= 20.19 and >= 22.12 load ES modules from require() with no ExperimentalWarning (only
  // under --trace-require-module); an older Node fails with ERR_REQUIRE_ESM, which engines excludes.
  assert.is(stderr, '');
  const { result, oneCopy } = JSON.parse(stdout);
  assert.ok(oneCopy, 'require and import give the same module');
  assert.equal(result, await expectedRun());
});

consumerSuite('import loads no library of the CLI or the report (vega, vega-lite, resvg, …)', async () => {
  const { dir } = await installedConsumer();
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  write(
    dir,
    'record-loads-hooks.mjs',
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return nextLoad(url, context);
}
`,
  );
  write(
    dir,
    'record-loads.mjs',
    `import { register } from 'node:module';
register('./record-loads-hooks.mjs', import.meta.url);
`,
  );
  write(dir, 'import-only.mjs', `await import('actlab');\n`);
  await runOk(process.execPath, ['--import', './record-loads.mjs', 'import-only.mjs'], dir, SCRIPT_TIMEOUT_MS);
  const loadedPackages = new Set(
    readFileSync(log, 'utf8')
      .split('\n')
      .map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1])
      .filter(Boolean),
  );
  assert.ok(
    loadedPackages.has('actlab') && loadedPackages.has('@assemblyscript/loader'),
    `the hook saw the API load: ${[...loadedPackages].join(', ')}`,
  );
  const cliOnly = Object.keys(pkg.dependencies).filter((name) => !API_DEPENDENCIES.includes(name));
  assert.equal(
    cliOnly.filter((name) => loadedPackages.has(name)),
    [],
    'CLI or report libraries loaded by import("actlab")',
  );
});

consumerSuite('types: the API type-checks under nodenext and bundler resolution, and a wrong activation does not', async () => {
  const { dir } = await installedConsumer();
  write(
    dir,
    'types/good.ts',
    `import { loadCore, makeCircles, Mlp, train, InputError, type History, type MlpOptions } from 'actlab';

const core = await loadCore({ backend: 'auto' });
const data = makeCircles({ nSamples: 100, factor: 0.5, noise: 0.1, seed: 42 });
const options: MlpOptions = { layers: [2, 5, 1], activation: 'leaky_relu', activationOptions: { negativeSlope: 0.2 }, seed: 0 };
const history: History = train(new Mlp(core, options), data, { epochs: 2, batchSize: 32, optimizer: { name: 'adam', lr: 1e-4 } });
export const lastBce: number | undefined = history.bce.at(-1);
export const isRangeError: boolean = new InputError('epochs', 0, 'must be >= 1') instanceof RangeError;
`,
  );
  write(
    dir,
    'types/good.cts',
    `import actlab = require('actlab');
export const load = (): Promise<actlab.Core> => actlab.loadCore({ backend: 'scalar' });
`,
  );
  write(
    dir,
    'types/bad.ts',
    `import { loadCore, Mlp } from 'actlab';
export const model = new Mlp(await loadCore(), { layers: [2, 5, 1], activation: 'rleu' });
`,
  );
  // A Node project has no lib dom (actlab's types must not need it); a bundled page has it.
  const common = { target: 'es2022', types: [], strict: true, noEmit: true, skipLibCheck: false };
  const configs = {
    'tsconfig.nodenext.json': {
      compilerOptions: { ...common, lib: ['es2022'], module: 'nodenext' },
      files: ['types/good.ts', 'types/good.cts', 'types/bad.ts'],
    },
    'tsconfig.bundler.json': {
      compilerOptions: { ...common, lib: ['es2022', 'dom'], module: 'esnext', moduleResolution: 'bundler' },
      files: ['types/good.ts', 'types/bad.ts'],
    },
  };
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  await Promise.all(
    Object.entries(configs).map(async ([file, config]) => {
      write(dir, file, JSON.stringify(config, null, 2));
      const { code, stdout, stderr } = await run(process.execPath, [tsc, '-p', file], dir, TSC_TIMEOUT_MS);
      const errors = stdout.split('\n').filter((line) => line.includes('error TS'));
      assert.is.not(code, 0, `${file}: tsc accepted activation 'rleu'`);
      assert.is(errors.length, 1, `${file}: expected one error, in types/bad.ts; tsc said:\n${stdout}${stderr}`);
      assert.match(errors[0], /^types\/bad\.ts\(2,\d+\): error TS2322: Type '"rleu"' is not assignable/, `${file}: ${errors[0]}`);
    }),
  );
});

consumerSuite('npx actlab: --version, the default study and the shipped example spec', async () => {
  const { dir } = await installedConsumer();
  // --yes=false: run only the installed actlab, never one fetched from the registry. (A bare
  // `--no` would take the next word as its value, and `--version` would reach npx itself.)
  const version = await runOk('npx', ['--yes=false', 'actlab', '--version'], dir, CLI_TIMEOUT_MS);
  assert.is(version.stdout.trim(), pkg.version);
  const study = await runOk('npx', ['--yes=false', 'actlab', 'compare', '--no-report', '--quiet'], dir, CLI_TIMEOUT_MS);
  const rows = DEFAULT_ACTIVATIONS.filter((name) => new RegExp(`^${name}\\s+\\d+(\\.\\d+)?%\\s`, 'm').test(study.stdout));
  assert.equal(rows, DEFAULT_ACTIVATIONS, `a table row per default activation in:\n${study.stdout}`);
  assert.not.ok(existsSync(join(dir, 'report')), '--no-report wrote no report');
  // The example `actlab train --help` points installed users at.
  const example = await runOk(
    'npx',
    ['--yes=false', 'actlab', 'train', 'node_modules/actlab/examples/sigmoid-tutorial.json', '--every', '100'],
    dir,
    CLI_TIMEOUT_MS,
  );
  assert.match(example.stdout, /^Epoch 299: BCE=0\.69\d\d, Accuracy=50\.00%$/m);
  assert.match(
    (await runOk('npx', ['--yes=false', 'actlab', 'train', '--help'], dir, CLI_TIMEOUT_MS)).stdout,
    /node_modules\/actlab\/examples\/sigmoid-tutorial\.json/,
  );
});

/** What the page's entry leaves on window: the run's result, or why it failed. */
interface PageOutcome {
  result?: unknown;
  error?: string;
}

consumerSuite('a bundler picks the browser build, and the page trains with the same bits as src/', async () => {
  const { dir } = await installedConsumer();
  const pageDir = join(dir, 'page');
  const entry = write(
    pageDir,
    'entry.js',
    `import ${API_IMPORTS} from 'actlab';
${TRAINING_RUN}
trainingRun(${API_IMPORTS}).then(
  (result) => { window.__actlab = { result }; },
  (error) => { window.__actlab = { error: String(error && error.stack || error) }; },
);
`,
  );
  write(
    pageDir,
    'index.html',
    '<!doctype html><meta charset="utf-8"><title>actlab consumer</title><link rel="icon" href="data:,"><script type="module" src="./bundle.js"></script>\n',
  );
  const bundled = await build({
    entryPoints: [entry],
    outfile: join(pageDir, 'bundle.js'),
    absWorkingDir: dir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(bundled.metafile.inputs);
  assert.ok(inputs.includes('node_modules/actlab/dist/actlab.browser.js'), `the browser condition was not picked: ${inputs.join(', ')}`);

  const { value, errors, wasmRequests } = await runPage(pageDir, '__actlab');
  const outcome = value as PageOutcome;
  assert.equal(errors, []);
  assert.is(outcome.error, undefined);
  assert.equal(wasmRequests, [], 'no .wasm is fetched');
  assert.equal(outcome.result, await expectedRun());
});

function kB(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} kB`;
}

consumerSuite.run();
