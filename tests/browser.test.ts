// The playground in a real browser (a headless Chromium through playwright-core, found by
// helpers/browser.ts): the tutorial's run trained in a Web Worker must give the Node library's
// history bit for bit, compare mode driven through the controls must show sigmoid's vanishing
// gradient next to relu's, and the controls (URL, train/pause/step/reset) must do what they say.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ActlabWindowState } from '../site/src/protocol.js';
import type { ActivationName } from '../src/activations/registry.js';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { Mlp } from '../src/model/mlp.js';
import { type History, train } from '../src/train/train.js';
import { type Browser, buildPlayground, collectErrors, launch, PLAYGROUND_DIR, resultsDir, type Site, serve } from './helpers/browser.js';

const TIMEOUT = 30_000;

/** The tutorial's run in the Node library: make_circles(1000, 0.5, 0.1, 42), 2→5→5→5→5→1, Adam 1e-4, batch 32. */
async function nodeHistory(activation: ActivationName, epochs: number): Promise<{ history: History; ms: number }> {
  const core = await loadCore();
  const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });
  const model = new Mlp(core, { layers: [2, 5, 5, 5, 5, 1], activation, seed: 0 });
  const started = performance.now();
  const history = train(model, data, { epochs, batchSize: 32, optimizer: { name: 'adam', lr: 1e-4 } });
  return { history, ms: performance.now() - started };
}

// Browser, server and build are made on first use inside a test, so that a missing Chromium
// fails that test with its message (uvu swallows errors thrown by `before` hooks).
let browser: Promise<Browser> | undefined;
let site: Promise<Site> | undefined;

async function open(query: string): Promise<{ page: Page; errors: string[] }> {
  browser ??= launch();
  site ??= Promise.resolve().then(() => {
    buildPlayground();
    return serve(PLAYGROUND_DIR);
  });
  const [{ context }, { url }] = await Promise.all([browser, site]);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = collectErrors(page);
  await page.goto(`${url}${query}`, { timeout: TIMEOUT });
  return { page, errors };
}

/** window.__actlab, as the page exposes it (declared in site/src/protocol.ts). */
const actlabState = (page: Page): Promise<ActlabWindowState> => page.evaluate(() => window.__actlab);

const waitDone = (page: Page) => page.waitForFunction(() => window.__actlab?.state === 'done', null, { timeout: TIMEOUT, polling: 50 });

const playground = suite('playground in Chromium');

playground.after(async () => {
  const b = await browser?.catch(() => undefined);
  await b?.close();
  const s = await site?.catch(() => undefined);
  await s?.close();
});

playground("the tutorial run (circles, relu, seed 0, 300 epochs) gives the Node library's history bit for bit", async () => {
  const query =
    '?mode=single&dataset=circles&samples=1000&noise=0.1&dataSeed=42&hidden=4&width=5&activation=relu' +
    '&optimizer=adam&lr=0.0001&batch=32&epochs=300&seed=0&speed=0&autostart=1';
  const { page, errors } = await open(query);
  try {
    await waitDone(page);
    const actlab = await actlabState(page);
    const node = await nodeHistory('relu', 300);
    assert.is(actlab.epochs, 300);
    assert.ok(actlab.history, 'window.__actlab.history is set');
    assert.is(actlab.history!.bce.length, 300);
    assert.equal(actlab.history, node.history, "every bce, accuracy and grad entry equals Node's");
    const t = actlab.timing;
    console.log(
      `\n  tutorial run in the page: ${t.wallMs.toFixed(0)} ms from train to done on the page's clock, ` +
        `${t.runMs.toFixed(0)} ms in the worker, ${t.trainMs.toFixed(0)} ms of it inside epochs (${actlab.backend}); ` +
        `Node train(): ${node.ms.toFixed(0)} ms`,
    );

    // The decision boundary was drawn: a canvas with a good share of coloured (non-white) pixels.
    await page.waitForFunction(() => document.querySelector('#chart-boundary canvas') !== null);
    const coloured = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('#chart-boundary canvas')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 235 || data[i + 1]! < 235 || data[i + 2]! < 235) count++;
      return { share: count / (canvas.width * canvas.height), width: canvas.width, height: canvas.height };
    });
    assert.ok(coloured.width > 100 && coloured.height > 100, `boundary canvas is ${coloured.width}×${coloured.height}`);
    assert.ok(coloured.share > 0.2, `boundary canvas has ${(100 * coloured.share).toFixed(1)}% coloured pixels`);
    assert.match(await page.locator('#metrics').innerText(), /300 \/ 300/);
    await page.screenshot({ path: join(resultsDir(), 'playground-tutorial.png'), fullPage: true });
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

playground("compare mode through the controls: relu and sigmoid, 30 epochs; sigmoid's gradient ratio far below relu's", async () => {
  const { page, errors } = await open('');
  try {
    await page.getByRole('button', { name: 'Compare activations' }).click();
    // Keep exactly relu and sigmoid.
    for (const box of await page.locator('#compare-list input[type=checkbox]').all()) {
      const name = await box.getAttribute('value');
      if (name === 'relu' || name === 'sigmoid') await box.check();
      else await box.uncheck();
    }
    await page.locator('input[name=epochs]').fill('30');
    await page.locator('input[name=epochs]').press('Enter');
    await page.locator('select[name=speed]').selectOption('0');
    assert.match(page.url(), /mode=compare/);
    assert.match(page.url(), /compare=relu,sigmoid(&|$)/);
    assert.match(page.url(), /epochs=30(&|$)/);
    await page.getByRole('button', { name: 'Train' }).click();
    await waitDone(page);

    const { runs } = await actlabState(page);
    assert.equal(
      runs.map((r) => r.activation),
      ['relu', 'sigmoid'],
    );
    for (const run of runs)
      assert.equal(run.history, (await nodeHistory(run.activation, 30)).history, `${run.activation} history equals Node's`);

    // 'done' comes with the last epoch; the table is drawn on the next frame.
    await page.waitForFunction(() => document.querySelectorAll('#summary table tbody tr').length === 2);
    const ratio = async (name: string) =>
      Number(await page.locator(`#summary tr[data-activation="${name}"]`).getAttribute('data-grad-ratio'));
    const relu = await ratio('relu');
    const sigmoid = await ratio('sigmoid');
    assert.ok(relu > 0.1, `relu's first/output gradient ratio is ${relu}`);
    assert.ok(sigmoid < 1e-3 && sigmoid < relu / 100, `sigmoid's ratio ${sigmoid} is far below relu's ${relu}`);
    const sigmoidRow = await page.locator('#summary tr[data-activation="sigmoid"]').innerText();
    assert.match(sigmoidRow, /vanishing/);
    assert.match(await page.locator('#summary tr[data-activation="relu"]').innerText(), /relu/);
    assert.ok((await page.locator('#boundaries canvas').count()) === 2, 'one decision boundary per activation');
    await page.screenshot({ path: join(resultsDir(), 'playground-compare.png'), fullPage: true });
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

// Epochs per second for the pause test. At the default 100/s the 300 epochs take 3 s, and on a
// loaded machine the run could end before the Pause click was handled; at 10/s it takes 30 s.
// Speed is not part of the run: the history is the same at any speed.
const PAUSE_TEST_SPEED = 10;

playground("the URL holds every setting; train, pause, step and reset; a paused history is a prefix of Node's", async () => {
  const { page, errors } = await open(`?speed=${PAUSE_TEST_SPEED}`);
  try {
    // The defaults are the tutorial's run, written into the address on load.
    await page.waitForFunction(() => location.search.includes('epochs='));
    const query = new URL(page.url()).searchParams;
    for (const [key, value] of Object.entries({
      mode: 'single',
      dataset: 'circles',
      samples: '1000',
      noise: '0.1',
      dataSeed: '42',
      hidden: '4',
      width: '5',
      activation: 'relu',
      optimizer: 'adam',
      lr: '0.0001',
      batch: '32',
      epochs: '300',
      seed: '0',
      speed: String(PAUSE_TEST_SPEED),
    }))
      assert.is(query.get(key), value, `URL ${key}`);

    await page.getByRole('button', { name: 'Train' }).click();
    await page.waitForFunction(() => window.__actlab.epochs >= 20, null, { timeout: TIMEOUT });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => window.__actlab.state === 'paused', null, { timeout: TIMEOUT });
    const paused = (await actlabState(page)).epochs;
    // Long enough for 10 epochs at the test's speed, had the pause not stopped them.
    await page.waitForTimeout((10 * 1000) / PAUSE_TEST_SPEED);
    assert.is((await actlabState(page)).epochs, paused, 'no epochs while paused');
    assert.ok(paused < 300, `paused at epoch ${paused}`);

    await page.getByRole('button', { name: 'Step' }).click();
    await page.waitForFunction((n) => window.__actlab.epochs === n + 1, paused, { timeout: TIMEOUT });
    const { history } = await actlabState(page);
    const node = (await nodeHistory('relu', paused + 1)).history;
    assert.equal(history, node, `the first ${paused + 1} epochs equal Node's`);

    await page.getByRole('button', { name: 'Reset' }).click();
    await page.waitForFunction(() => window.__actlab.state === 'idle' && window.__actlab.epochs === 0, null, { timeout: TIMEOUT });
    assert.is(await page.getByRole('button', { name: 'Train' }).count(), 1);

    // A setting changed in the form lands in the URL.
    await page.locator('select[name=activation]').selectOption('tanh');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('activation') === 'tanh');
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

playground('with more points than a scatter draws, the boundary captions say a seeded sample is shown', async () => {
  const { page, errors } = await open('?mode=single&dataset=circles&samples=6000&activation=relu&epochs=1&speed=0');
  try {
    await page.waitForFunction(() => window.__actlab?.state !== undefined);
    const notes = await page.locator('.sample-note').allInnerTexts();
    assert.equal(notes, ['5,000 of 6,000 points shown, a seeded random sample.', '5,000 of 6,000 points shown, a seeded random sample.']);
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

playground.run();
