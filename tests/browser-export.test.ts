// The playground's Export menu in Chromium, round trip: a short run is trained in the page, every
// file is downloaded through its button, and the downloaded training spec, run by `actlab train
// --json`, must give the page's history bit for bit and the downloaded weights; the history files
// are exactly what `actlab compare` writes for those runs (historyRows, jsonText, historyCsv); the
// figures are well-formed SVG and PNG. And a field the library refuses blocks Train and Step.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TRAINER_SEED } from '../site/src/protocol.js';
import { settingsFromQuery, settingsToQuery } from '../site/src/state.js';
import { historyCsv, historyRows } from '../src/compare/history-rows.js';
import type { RunResult } from '../src/compare/types.js';
import { loadCore } from '../src/core/load.js';
import { jsonText } from '../src/json.js';
import { Mlp, type MlpOptions } from '../src/model/mlp.js';
import type { StateDict } from '../src/model/state-dict.js';
import type { History } from '../src/train/train.js';
import { runCliCaptured } from './helpers/cli.js';
import { actlabState, PAGE_WAIT_MS, playgroundSession, waitDone } from './helpers/playground-page.js';
import { xmlProblem } from './helpers/xml.js';

const TIMEOUT = PAGE_WAIT_MS;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const session = playgroundSession();
const exporting = suite('playground export in Chromium');
const dir = mkdtempSync(join(tmpdir(), 'actlab-export-'));

exporting.after(async () => {
  await session.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts the page's object URLs made and revoked (export.ts revokes each after its download). */
async function countObjectUrls(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __urls: { made: number; revoked: number } };
    w.__urls = { made: 0, revoked: 0 };
    const create = URL.createObjectURL.bind(URL);
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      w.__urls.made++;
      return create(blob);
    };
    URL.revokeObjectURL = (url: string) => {
      w.__urls.revoked++;
      revoke(url);
    };
  });
}

/** Waits (bounded) until the page's network is built: the weights can be exported. */
const built = (page: Page) =>
  page.waitForFunction(
    () => document.querySelector('#export button[data-file^="actlab-weights"]')?.getAttribute('aria-disabled') === 'false',
    null,
    {
      timeout: TIMEOUT,
      polling: 50,
    },
  );

/** Opens the Export menu (a <details>) if it is closed. */
async function openMenu(page: Page): Promise<void> {
  if (await page.locator('#export details').evaluate((d) => (d as HTMLDetailsElement).open)) return;
  await page.locator('#export summary').click();
}

/**
 * Chromium drops a download started when ten others began within the last second or so (no event,
 * no file): far faster than anyone clicks, so the tests keep this far apart, ms.
 */
const DOWNLOAD_GAP_MS = 250;
let lastDownload = 0;

/** Presses the button named `name` (its accessible name) and returns the file it downloads, checked to be `file`. */
async function download(page: Page, name: string, file: string): Promise<Buffer> {
  await openMenu(page);
  await page.waitForTimeout(Math.max(0, lastDownload + DOWNLOAD_GAP_MS - Date.now()));
  lastDownload = Date.now();
  const [event] = await Promise.all([
    page.waitForEvent('download', { timeout: TIMEOUT }).catch(async (error: Error) => {
      // What the menu said instead (a file it could not make, and why).
      const said = await page.locator('.export-status').textContent();
      throw new Error(`${name}: no download (the menu says ${JSON.stringify(said)}): ${error.message}`);
    }),
    page.getByRole('button', { name, exact: true }).click({ timeout: TIMEOUT }),
  ]);
  assert.is(event.suggestedFilename(), file, `${name} saves ${file}`);
  const path = await event.path();
  return readFileSync(path);
}

/** `actlab train SPEC --json` of a downloaded spec: its history and final state dict. */
async function trainSpec(spec: Buffer, name: string): Promise<History & { final: StateDict }> {
  const path = join(dir, name);
  writeFileSync(path, spec);
  const { code, out, err } = await runCliCaptured('train', path, '--json');
  assert.is(code, 0, `actlab train ${name}: ${err}`);
  return JSON.parse(out) as History & { final: StateDict };
}

/** The history keys of a run as the page holds them (window.__actlab), from the CLI's --json. */
function historyOf(cli: History & { final: StateDict }): History {
  const { final: _, ...history } = cli;
  return history;
}

/** A Node model of the spec's network, with the downloaded weights loaded: its state dict. */
async function loadedWeights(spec: { config: Record<string, unknown> }, weights: unknown): Promise<StateDict> {
  const { layers, activation, activationOptions } = spec.config as Pick<MlpOptions, 'layers' | 'activation' | 'activationOptions'>;
  const model = new Mlp(await loadCore(), { layers, activation, activationOptions, seed: 123 });
  try {
    model.loadStateDict(weights, 'weights');
    return model.stateDict();
  } finally {
    model.dispose();
  }
}

/** Checks every figure's SVG (well-formed XML, an <svg>) and PNG (the signature) download: those the menu lists, `expected` among them. */
async function checkFigures(page: Page, expected: string[]): Promise<void> {
  await openMenu(page);
  const listed = await page
    .locator('#export button[data-file$=".svg"]')
    .evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.file!.replace(/^actlab-|\.svg$/g, '')));
  for (const figure of expected) assert.ok(listed.includes(figure), `the menu lists the ${figure} figure (${listed.join(', ')})`);
  for (const figure of listed) {
    const svg = (await download(page, `Figure: ${figure} SVG (actlab-${figure}.svg)`, `actlab-${figure}.svg`)).toString('utf8');
    assert.is(xmlProblem(svg), null, `actlab-${figure}.svg is well-formed XML`);
    assert.ok(svg.startsWith('<svg'), `actlab-${figure}.svg is an SVG document`);
    assert.ok(svg.length > 1000, `actlab-${figure}.svg draws something`);
    const png = await download(page, `Figure: ${figure} PNG (actlab-${figure}.png)`, `actlab-${figure}.png`);
    assert.equal([...png.subarray(0, 8)], PNG_SIGNATURE, `actlab-${figure}.png starts with the PNG signature`);
    assert.ok(png.length > 1000, `actlab-${figure}.png draws something`);
  }
}

/** Every object URL made for a download is revoked once it has begun. */
async function checkRevoked(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const urls = (window as unknown as { __urls: { made: number; revoked: number } }).__urls;
      return urls.made > 0 && urls.made === urls.revoked;
    },
    null,
    { timeout: TIMEOUT, polling: 100 },
  );
}

/** A CSV line's fields: a quoted one (a label with commas) may hold commas and doubled quotes. */
function csvFields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!);
}

/**
 * The single-run round trip of `query`: history, weights and spec downloaded; the spec through the
 * CLI gives the page's history and the downloaded weights; history.json and history.csv are the
 * CLI's files for that history. Returns the spec for its fields to be checked.
 */
async function singleRoundTrip(query: string, label: string): Promise<Record<string, unknown> & { config: Record<string, unknown> }> {
  const { page, errors } = await session.open(query);
  try {
    await countObjectUrls(page);
    await waitDone(page);
    const actlab = await actlabState(page);
    assert.is(actlab.epochs, actlab.settings.epochs);
    const history = actlab.history!;

    const specFile = await download(page, 'Spec JSON (actlab-spec.json)', 'actlab-spec.json');
    const spec = JSON.parse(specFile.toString('utf8'));
    const cli = await trainSpec(specFile, 'single-spec.json');
    assert.equal(historyOf(cli), history, "the spec's run in the CLI gives the page's history bit for bit");

    const rows = historyRows([{ activation: label, seed: actlab.settings.seed, history: historyOf(cli) } as RunResult]);
    const json = (await download(page, 'History JSON (actlab-history.json)', 'actlab-history.json')).toString('utf8');
    assert.is(json, jsonText(rows) + '\n', "history.json is the CLI's for the CLI's run");
    const layers = (spec.config.layers as number[]).length - 1;
    const csv = (await download(page, 'History CSV (actlab-history.csv)', 'actlab-history.csv')).toString('utf8');
    assert.is(csv, historyCsv(rows, layers), "history.csv is the CLI's for the CLI's run");
    const held = history.valBce !== undefined;
    const header = ['activation', 'seed', 'epoch', 'bce', 'accuracy', ...(held ? ['val_bce', 'val_accuracy'] : [])];
    header.push(...Array.from({ length: layers }, (_, l) => `grad_${l}`));
    const lines = csv.trimEnd().split('\n');
    assert.is(lines[0], header.join(','), "the CSV's header is the CLI's");
    assert.is(lines.length, 1 + history.bce.length, 'one line per epoch');
    assert.ok(
      lines.slice(1).every((line) => csvFields(line).length === header.length),
      'every line has a value per column',
    );

    const weights = JSON.parse((await download(page, 'Weights JSON (actlab-weights.json)', 'actlab-weights.json')).toString('utf8'));
    assert.equal(weights, cli.final, "the downloaded weights are the CLI run's final state dict");
    assert.equal(await loadedWeights(spec, weights), cli.final, 'they load into a Node Mlp (Mlp.loadStateDict) as they are');

    await checkFigures(page, ['history', 'boundary', 'activation']);
    await checkRevoked(page);
    assert.equal(errors, [], 'no console errors');
    return spec;
  } finally {
    await page.close();
  }
}

exporting("the tutorial's run, 20 epochs: the spec trains to the page's history, the weights and history files are the CLI's", async () => {
  const spec = await singleRoundTrip('?mode=single&epochs=20&speed=0&autostart=1', 'relu');
  const config = spec.config;
  assert.is(config.seed, TRAINER_SEED, "the spec's seed is the worker's Trainer's");
  assert.equal(config.layers, [2, 5, 5, 5, 5, 1]);
  assert.equal(config.optimizer, { name: 'adam', lr: 1e-4, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false });
  assert.is(config.batchSize, 32);
  assert.is(config.epochs, 20);
  for (const key of ['torchSeed', 'init', 'validationSplit']) assert.not.ok(key in config, `no ${key}`);
  assert.not.ok('init' in spec, 'no state dict: the seed says the init');
  const data = spec.data as { X: number[][]; y: number[] };
  assert.is(data.X.length, 1000, "the data's rows");
});

exporting(
  'moons, leaky_relu(0.2), SGD with Nesterov momentum, batch 16, a validation split, torch.manual_seed(3) and xavier_uniform(gain 2): the spec carries every setting',
  async () => {
    const query =
      '?mode=single&dataset=moons&samples=300&noise=0.2&dataSeed=5&activation=leaky_relu&leaky_relu.negativeSlope=0.2' +
      '&optimizer=sgd&lr=0.05&momentum=0.9&nesterov=true&batch=16&epochs=20&torchSeed=3&weightInit=xavier_uniform&weightInit.gain=2' +
      '&validationSplit=0.25&speed=0&autostart=1';
    const spec = await singleRoundTrip(query, 'leaky_relu(negativeSlope=0.2)');
    const config = spec.config;
    assert.is(config.activation, 'leaky_relu');
    assert.equal(config.activationOptions, { negativeSlope: 0.2 });
    assert.equal(config.optimizer, { name: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true });
    assert.is(config.batchSize, 16);
    assert.is(config.torchSeed, 3);
    assert.is(config.seed, TRAINER_SEED);
    assert.equal(config.init, { weight: { name: 'xavier_uniform', options: { gain: 2 } } });
    assert.is(config.validationSplit, 0.25);
    assert.is((spec.data as { X: unknown[] }).X.length, 300);
  },
);

exporting(
  'one activation per layer (prelu, tanh, leaky_relu(0.2)) on 2→6→4→3→1, init seed 3: the spec lists them and carries the initial state dict',
  async () => {
    const activations = encodeURIComponent('prelu,tanh,leaky_relu(negativeSlope=0.2)');
    const query = `?mode=single&layers=6,4,3&activations=${activations}&seed=3&epochs=20&speed=0&autostart=1`;
    const spec = await singleRoundTrip(query, '[prelu, tanh, leaky_relu(negativeSlope=0.2)]');
    const config = spec.config;
    assert.equal(config.layers, [2, 6, 4, 3, 1]);
    assert.equal(config.activation, [
      { name: 'prelu', options: { numParameters: 1, init: 0.25 } },
      { name: 'tanh', options: {} },
      { name: 'leaky_relu', options: { negativeSlope: 0.2 } },
    ]);
    assert.not.ok('activationOptions' in config, 'no shared options');
    assert.is(config.seed, TRAINER_SEED);
    // Seed 3 initialises, the Trainer's seed is 0: a spec's one seed cannot say both, so it carries the initial parameters.
    const init = spec.init as Record<string, unknown>;
    assert.ok(init && 'layer0.weight' in init && 'act0.weight' in init, 'the initial state dict, prelu weight included');
  },
);

exporting(
  'compare mode (rrelu, prelu), init seed 7, constant biases, RMSprop: one spec and weights file per activation; the history files hold both runs',
  async () => {
    const query =
      '?mode=compare&compare=rrelu,prelu&seed=7&biasInit=constant&biasInit.val=0.1&optimizer=rmsprop&lr=0.001&alpha=0.9' +
      '&epochs=20&speed=0&autostart=1';
    const { page, errors } = await session.open(query);
    try {
      await countObjectUrls(page);
      await waitDone(page);
      const actlab = await actlabState(page);
      assert.equal(
        actlab.runs.map((r) => r.activation),
        ['rrelu', 'prelu'],
      );
      const fromCli: RunResult[] = [];
      for (const run of actlab.runs) {
        const name = run.activation;
        const specFile = await download(page, `Spec ${name} (actlab-spec-${name}.json)`, `actlab-spec-${name}.json`);
        const spec = JSON.parse(specFile.toString('utf8'));
        // Seed 7 initialises; the Trainer's seed is 0: a spec's one seed cannot say both, so it carries the initial state dict.
        assert.is(spec.config.seed, TRAINER_SEED);
        assert.ok(spec.init && typeof spec.init === 'object', `${name}: the initial state dict is in the spec`);
        assert.not.ok('init' in spec.config, `${name}: no initialisers besides the state dict`);
        assert.equal(spec.config.optimizer, {
          name: 'rmsprop',
          lr: 0.001,
          alpha: 0.9,
          eps: 1e-8,
          weightDecay: 0,
          momentum: 0,
          centered: false,
        });
        const cli = await trainSpec(specFile, `compare-${name}.json`);
        assert.equal(historyOf(cli), run.history, `${name}: the spec's run in the CLI gives the page's history bit for bit`);
        assert.equal(cli.final, run.final, `${name}: and the worker's final parameters`);
        const weights = JSON.parse(
          (await download(page, `Weights ${name} (actlab-weights-${name}.json)`, `actlab-weights-${name}.json`)).toString('utf8'),
        );
        assert.equal(weights, run.final, `${name}: the downloaded weights are the worker's final state dict`);
        assert.equal(await loadedWeights(spec, weights), run.final, `${name}: they load into a Node Mlp as they are`);
        fromCli.push({ activation: name, seed: 7, history: historyOf(cli) } as RunResult);
      }
      const rows = historyRows(fromCli);
      const json = (await download(page, 'History JSON (actlab-history.json)', 'actlab-history.json')).toString('utf8');
      assert.is(json, jsonText(rows) + '\n', "history.json holds both runs, as the CLI's");
      const csv = (await download(page, 'History CSV (actlab-history.csv)', 'actlab-history.csv')).toString('utf8');
      assert.is(csv, historyCsv(rows, 5), "history.csv holds both runs, as the CLI's");
      assert.is(csv.trimEnd().split('\n').length, 1 + 2 * 20);
      await checkFigures(page, ['overlay', 'ratio', 'activations', 'boundary-rrelu', 'boundary-prelu']);
      await checkRevoked(page);
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }
  },
);

exporting('the Export menu works from the keyboard, and says why a file cannot be saved yet', async () => {
  const { page, errors } = await session.open('?mode=single&epochs=20&speed=0');
  try {
    await built(page);
    const summary = page.locator('#export summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.ok(await page.locator('#export details').evaluate((d) => (d as HTMLDetailsElement).open), 'Enter opens the menu');
    // Before any epoch: the history button is marked unavailable and, pressed, says why.
    const csv = page.getByRole('button', { name: 'History CSV (actlab-history.csv)', exact: true });
    assert.is(await csv.getAttribute('aria-disabled'), 'true');
    await csv.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.export-status')?.textContent?.includes('Train at least one epoch'), null, {
      timeout: TIMEOUT,
    });
    // The spec needs no epoch: Enter on its focused button downloads it.
    const spec = page.getByRole('button', { name: 'Spec JSON (actlab-spec.json)', exact: true });
    await spec.focus();
    const [event] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.keyboard.press('Enter')]);
    assert.is(event.suggestedFilename(), 'actlab-spec.json');
    await page.getByRole('button', { name: 'Step' }).click();
    await page.waitForFunction(() => window.__actlab.epochs === 1, null, { timeout: TIMEOUT });
    await openMenu(page);
    await page.waitForFunction(
      () => document.querySelector('button[data-file="actlab-history.csv"]')?.getAttribute('aria-disabled') === 'false',
      null,
      { timeout: TIMEOUT },
    );
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

/** The page's URL says every setting: read back, it is the page's settings, and nothing in it is ignored. */
function checkUrl(page: Page, settings: unknown, what: string): void {
  const search = new URL(page.url()).search;
  const parsed = settingsFromQuery(search);
  assert.equal(parsed.problems, [], `${what}: nothing in the URL is ignored`);
  assert.equal(parsed.settings, settings, `${what}: the URL holds every setting`);
  assert.is(search.slice(1), settingsToQuery(parsed.settings), `${what}: in the page's own form`);
}

exporting('a refused learning rate blocks Train and Step until it is fixed: nothing trains with the old value', async () => {
  const { page, errors } = await session.open('?mode=single&epochs=20&speed=0');
  try {
    await built(page);
    const before = await actlabState(page);
    const lr = page.locator('input[name=lr]');
    // Enter: the browser fires the change event the page listens to.
    await lr.fill('-1');
    await lr.press('Enter');
    await page.waitForFunction(() => window.__actlab.errors.length > 0, null, { timeout: TIMEOUT });
    const message = (await actlabState(page)).errors.find((e) => e.includes('lr'));
    assert.ok(message?.includes('-1'), `the problem is named: ${message}`);
    assert.ok(await page.locator('#problems').isVisible(), 'and shown');
    assert.is(await lr.getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator('#play').isDisabled(), 'Train is disabled');
    assert.ok(await page.locator('#step').isDisabled(), 'Step is disabled');
    // The space bar (outside the field) does not start training either.
    await lr.blur();
    await page.locator('body').press(' ');
    await page.waitForTimeout(300);
    const blocked = await actlabState(page);
    assert.is(blocked.state, 'idle', 'nothing trains');
    assert.is(blocked.epochs, 0, 'no epochs');
    assert.is(blocked.settings.hyper.lr, 1e-4, 'the settings keep the old lr');
    checkUrl(page, blocked.settings, 'while refused');
    assert.equal(blocked.settings, before.settings);
    // The spec cannot be exported either: it would not be what the field says.
    await openMenu(page);
    assert.is(await page.locator('button[data-file="actlab-spec.json"]').getAttribute('aria-disabled'), 'true');

    await lr.fill('0.001');
    await lr.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lr') === '0.001', null, { timeout: TIMEOUT });
    assert.equal((await actlabState(page)).errors, [], 'the message goes');
    assert.is(await lr.getAttribute('aria-invalid'), null);
    assert.not.ok(await page.locator('#play').isDisabled(), 'Train is enabled again');
    assert.not.ok(await page.locator('#step').isDisabled(), 'Step is enabled again');
    const fixed = await actlabState(page);
    assert.is(fixed.settings.hyper.lr, 0.001);
    checkUrl(page, fixed.settings, 'once fixed');
    await page.getByRole('button', { name: 'Train' }).click();
    await waitDone(page);
    const done = await actlabState(page);
    assert.is(done.epochs, 20, 'training works');
    // And it trained with the new lr: the exported spec says 0.001, and its run gives the page's history.
    const specFile = await download(page, 'Spec JSON (actlab-spec.json)', 'actlab-spec.json');
    assert.is(JSON.parse(specFile.toString('utf8')).config.optimizer.lr, 0.001);
    assert.equal(historyOf(await trainSpec(specFile, 'fixed-lr.json')), done.history);
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

exporting('a refused value typed while training pauses the run, and Train stays disabled until it is fixed', async () => {
  const { page, errors } = await session.open('?mode=single&epochs=300&speed=30&autostart=1');
  try {
    await page.waitForFunction(() => window.__actlab.epochs >= 2, null, { timeout: TIMEOUT, polling: 50 });
    const batch = page.locator('input[name=batchSize]');
    await batch.fill('0');
    await batch.press('Enter');
    await page.waitForFunction(() => window.__actlab.state === 'paused', null, { timeout: TIMEOUT, polling: 50 });
    const paused = (await actlabState(page)).epochs;
    await page.waitForTimeout(300);
    assert.is((await actlabState(page)).epochs, paused, 'no epochs after the pause');
    assert.ok(await page.locator('#play').isDisabled(), 'Train (Resume) is disabled');
    assert.ok(await page.locator('#step').isDisabled(), 'Step is disabled');
    await batch.fill('32');
    await batch.press('Enter');
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#play')!.disabled, null, { timeout: TIMEOUT });
    assert.equal((await actlabState(page)).errors, []);
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

exporting.run();
