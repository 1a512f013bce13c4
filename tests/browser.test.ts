// The playground in a real browser (a headless Chromium through playwright-core, found by
// helpers/browser.ts): the tutorial's run trained in a Web Worker must give the Node library's
// history bit for bit, compare mode driven through the controls must show sigmoid's vanishing
// gradient next to relu's, and the controls (URL, train/pause/step/reset) must do what they say.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { studyConfig } from '../site/src/compare.js';
import { type ActlabWindowState, TRAINER_SEED } from '../site/src/protocol.js';
import { initOptionKeys, settingsFromQuery, torchName } from '../site/src/state.js';
import { type ActivationName, activationNames, getActivation, resolveActivationOptions } from '../src/activations/registry.js';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import { getInitialiser, INITIALISER_NAMES } from '../src/init/registry.js';
import { Mlp, type MlpOptions } from '../src/model/mlp.js';
import type { OptimizerInput } from '../src/optim/config.js';
import { OPTIMIZER_NAMES, OPTIMIZERS, type OptimizerSpec } from '../src/optim/registry.js';
import type { TorchSeed } from '../src/random/torch-generator.js';
import { type History, train } from '../src/train/train.js';
import { type Browser, buildPlayground, collectErrors, launch, PLAYGROUND_DIR, resultsDir, type Site, serve } from './helpers/browser.js';

const TIMEOUT = 30_000;

/**
 * The tutorial's run in the Node library: make_circles(1000, 0.5, 0.1, 42), 2→5→5→5→5→1, Adam 1e-4,
 * batch 32, init seed 0 — or another optimizer, torch.manual_seed(torchSeed)'s init, other
 * initialisers, activation options (as the user writes them). The Trainer's seed (rrelu's training
 * slopes) is the playground's worker's.
 */
async function nodeHistory(
  activation: ActivationName,
  epochs: number,
  {
    optimizer = { name: 'adam', lr: 1e-4 },
    torchSeed,
    init,
    activationOptions,
  }: { optimizer?: OptimizerInput; torchSeed?: TorchSeed; init?: MlpOptions['init']; activationOptions?: Record<string, unknown> } = {},
): Promise<{ history: History; ms: number }> {
  const core = await loadCore();
  const data = makeCircles({ nSamples: 1000, factor: 0.5, noise: 0.1, seed: 42 });
  const seed = torchSeed === undefined ? { seed: 0 } : { torchSeed };
  const model = new Mlp(core, {
    layers: [2, 5, 5, 5, 5, 1],
    activation,
    ...(activationOptions ? { activationOptions } : {}),
    ...seed,
    ...(init ? { init } : {}),
  });
  try {
    const started = performance.now();
    const history = train(model, data, { epochs, batchSize: 32, optimizer, seed: TRAINER_SEED });
    return { history, ms: performance.now() - started };
  } finally {
    model.dispose();
  }
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
      assert.equal(
        run.history,
        (await nodeHistory(run.activation as ActivationName, 30)).history,
        `${run.activation} history equals Node's`,
      );

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

const ROWS: readonly OptimizerSpec[] = OPTIMIZERS;

/** The value a setting's control shows by default: PyTorch's (the row's), but lr the tutorial's 1e-4. */
const shownDefault = (key: string, value: unknown) => (key === 'lr' ? 1e-4 : value);

playground('the optimizer menu lists every registry row; each shows one control per setting, PyTorch-named and -defaulted', async () => {
  const { page, errors } = await open('?speed=0');
  try {
    const menu = page.locator('select[name=optimizer]');
    assert.equal(await menu.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)), [
      ...OPTIMIZER_NAMES,
    ]);
    for (const row of ROWS) {
      await menu.selectOption(row.name);
      await page.waitForFunction(
        (name) => document.querySelector<HTMLElement>('#optimizer-settings')?.dataset.optimizer === name,
        row.name,
        {
          timeout: TIMEOUT,
        },
      );
      const box = page.locator('#optimizer-settings');
      let inputs = 0;
      for (const spec of row.hyper) {
        const setting = box.locator(`.hyper[data-setting="${spec.key}"]`);
        assert.match(await setting.innerText(), torchName(spec.key), `${row.name}: ${spec.key} is labelled ${torchName(spec.key)}`);
        if (spec.type === 'boolean') {
          assert.is(await setting.locator(`input[type=checkbox][name="${spec.key}"]`).isChecked(), spec.default, `${row.name} ${spec.key}`);
          inputs++;
        } else if (spec.type === 'pair') {
          for (const i of [0, 1]) {
            const value = await setting.locator(`input[type=number][name="${spec.key}[${i}]"]`).inputValue();
            assert.is(Number(value), spec.default[i], `${row.name} ${spec.key}[${i}]`);
            inputs++;
          }
        } else {
          const value = await setting.locator(`input[type=number][name="${spec.key}"]`).inputValue();
          assert.is(Number(value), shownDefault(spec.key, spec.default), `${row.name} ${spec.key}`);
          inputs++;
        }
      }
      assert.is(await box.locator('input').count(), inputs, `${row.name}: no other controls`);
      // Every setting of the selected optimizer is in the URL, and only its.
      const query = new URL(page.url()).searchParams;
      assert.is(query.get('optimizer'), row.name);
      for (const spec of row.hyper) assert.ok(query.has(spec.key), `URL has ${spec.key} for ${row.name}`);
      for (const other of ROWS.flatMap((o) => o.hyper.map((h) => h.key)))
        if (!row.hyper.some((h) => h.key === other)) assert.not.ok(query.has(other), `URL has no ${other} for ${row.name}`);
      const { settings } = await actlabState(page);
      assert.is(settings.optimizer, row.name);
      assert.equal(
        Object.keys(settings.hyper),
        row.hyper.map((h) => h.key),
      );
    }
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

/** The message next to setting `key`'s control (empty when none is shown). */
const fieldError = async (page: Page, key: string) => {
  const note = page.locator(`.hyper[data-setting="${key}"] .field-error`);
  return (await note.isHidden()) ? '' : note.innerText();
};

playground(
  'a value the library refuses is named next to its field, with its value, and leaves the run and the URL as they were',
  async () => {
    const { page, errors } = await open('?optimizer=rmsprop&speed=0');
    try {
      const alpha = page.locator('input[name=alpha]');
      await alpha.fill('-1');
      await alpha.press('Enter');
      await page.waitForFunction(() => window.__actlab.errors.length > 0, null, { timeout: TIMEOUT });
      assert.is(await fieldError(page, 'alpha'), 'RMSprop alpha must be >= 0, got -1');
      assert.is(await alpha.getAttribute('aria-invalid'), 'true');
      assert.ok((await actlabState(page)).errors.includes('RMSprop alpha must be >= 0, got -1'));
      assert.is((await actlabState(page)).settings.hyper.alpha, 0.99, 'the run keeps alpha 0.99');
      assert.is(new URL(page.url()).searchParams.get('alpha'), '0.99');
      // Another change elsewhere keeps what was typed; fixing it clears the message.
      await page.locator('input[name=epochs]').fill('20');
      await page.locator('input[name=epochs]').press('Enter');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('epochs') === '20', null, { timeout: TIMEOUT });
      assert.is(await alpha.inputValue(), '-1');
      await alpha.fill('0.9');
      await alpha.press('Enter');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('alpha') === '0.9', null, { timeout: TIMEOUT });
      assert.is(await fieldError(page, 'alpha'), '');
      assert.is(await alpha.getAttribute('aria-invalid'), null);

      // A pair: each part is checked, and named.
      await page.locator('select[name=optimizer]').selectOption('adam');
      const beta2 = page.locator('input[name="betas[1]"]');
      await beta2.fill('1.5');
      await beta2.press('Enter');
      await page.waitForFunction(() => !document.querySelector<HTMLElement>('.hyper[data-setting="betas"] .field-error')?.hidden, null, {
        timeout: TIMEOUT,
      });
      assert.is(await fieldError(page, 'betas'), 'Adam betas[1] must be in [0, 1), got 1.5');
      assert.is(new URL(page.url()).searchParams.get('betas'), '0.9,0.999');

      // A rule across settings is named against the setting the library names (SGD's nesterov) and
      // cleared when another field makes the settings valid.
      await page.locator('select[name=optimizer]').selectOption('sgd');
      await page.locator('input[name=nesterov]').check();
      await page.waitForFunction(() => !document.querySelector<HTMLElement>('.hyper[data-setting="nesterov"] .field-error')?.hidden, null, {
        timeout: TIMEOUT,
      });
      assert.is(await fieldError(page, 'nesterov'), 'SGD nesterov requires momentum > 0 and dampening 0, got true');
      assert.is(new URL(page.url()).searchParams.get('nesterov'), 'false');
      await page.locator('input[name=momentum]').fill('0.9');
      await page.locator('input[name=momentum]').press('Enter');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('nesterov') === 'true', null, { timeout: TIMEOUT });
      assert.is(await fieldError(page, 'nesterov'), '');
      const { settings } = await actlabState(page);
      assert.equal(settings.hyper, { lr: 1e-4, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true });

      // The PyTorch seed: an integer in [0, 2^64 - 1], or empty.
      const torchSeed = page.locator('input[name=torchSeed]');
      await torchSeed.fill('1.5');
      await torchSeed.press('Enter');
      const note = page.locator('.field-error[data-controls="torchSeed"]');
      await note.waitFor({ state: 'visible', timeout: TIMEOUT });
      assert.is(await note.innerText(), 'PyTorch seed must be an integer in [0, 2^64 - 1], or empty for off, got "1.5"');
      assert.not.ok(new URL(page.url()).searchParams.has('torchSeed'));
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }
  },
);

playground('bad optimizer settings and PyTorch seeds in the URL are ignored and named', async () => {
  const { page, errors } = await open('?optimizer=rmsprop&alpha=-1&betas=0.5,0.5&centered=maybe&eps=&torchSeed=18446744073709551616');
  try {
    const { errors: shown, settings } = await actlabState(page);
    assert.equal(shown, [
      'Ignored in the URL: alpha must be >= 0, got -1',
      'Ignored in the URL: eps must be a number, got ""',
      'Ignored in the URL: centered must be true or false, got "maybe"',
      'Ignored in the URL: betas is not a setting of rmsprop (it is of adam, adamw)',
      'Ignored in the URL: torchSeed must be an integer in [0, 2^64 - 1], or empty for off, got "18446744073709551616"',
    ]);
    assert.equal(settings.hyper, { lr: 1e-4, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false });
    assert.is(settings.torchSeed, '');
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

const RMSPROP_HYPER = { lr: 1e-3, alpha: 0.9, eps: 1e-6, weightDecay: 1e-3, momentum: 0.9, centered: true };
const RMSPROP_QUERY = 'optimizer=rmsprop&lr=0.001&alpha=0.9&eps=0.000001&weightDecay=0.001&momentum=0.9&centered=true';

playground("rmsprop (momentum 0.9, centred) from the URL: the controls show it, the URL round-trips, the run equals Node's", async () => {
  const { page, errors } = await open(`?${RMSPROP_QUERY}&epochs=60&torchSeed=18446744073709551615&speed=0&autostart=1`);
  try {
    await waitDone(page);
    const actlab = await actlabState(page);
    assert.equal(actlab.settings.hyper, RMSPROP_HYPER);
    assert.is(actlab.settings.torchSeed, '18446744073709551615');
    assert.is(await page.locator('input[name=alpha]').inputValue(), '0.9');
    assert.is(await page.locator('input[name=eps]').inputValue(), '0.000001');
    assert.ok(await page.locator('input[name=centered]').isChecked());
    assert.is(await page.locator('input[name=torchSeed]').inputValue(), '18446744073709551615');
    assert.ok(await page.locator('input[name=seed]').isDisabled(), 'the init seed is unused');
    const node = await nodeHistory('relu', 60, { optimizer: { name: 'rmsprop', ...RMSPROP_HYPER }, torchSeed: 18446744073709551615n });
    assert.equal(actlab.history, node.history, "every bce, accuracy and grad entry equals Node's");

    // The address the page wrote reproduces the same settings in a fresh page.
    const written = new URL(page.url());
    for (const [key, value] of new URLSearchParams(RMSPROP_QUERY)) assert.is(written.searchParams.get(key), value, `URL ${key}`);
    const again = await open(written.search.replace('autostart=1', 'autostart=0'));
    try {
      const state = await actlabState(again.page);
      assert.equal(state.settings, { ...actlab.settings });
      assert.equal(state.errors, []);
      assert.is(new URL(again.page.url()).search, written.search.replace('autostart=1', 'autostart=0'));
      assert.equal(again.errors, [], 'no console errors in the reopened page');
    } finally {
      await again.page.close();
    }
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

playground("PyTorch seed 42: the network starts as torch.manual_seed(42) makes it, and the run equals Node's torchSeed run", async () => {
  const { page, errors } = await open('?torchSeed=42&epochs=100&speed=0&autostart=1');
  try {
    await waitDone(page);
    const actlab = await actlabState(page);
    const node = await nodeHistory('relu', 100, { torchSeed: 42 });
    assert.equal(actlab.history, node.history, "every bce, accuracy and grad entry equals Node's torchSeed: 42 run");
    const seeded = await nodeHistory('relu', 1);
    assert.is.not(actlab.history!.bce[0], seeded.history.bce[0], 'not the init seed 0 network');
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

playground(
  "Weight init and Bias init list the registry's initialisers, each with its options at PyTorch's defaults; refusals are named",
  async () => {
    const { page, errors } = await open('?speed=0');
    try {
      const menu = (role: string) => page.locator(`select[name=${role}Init]`);
      const values = (role: string) =>
        menu(role)
          .locator('option')
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      assert.equal(await values('weight'), [...INITIALISER_NAMES]);
      assert.equal(
        await values('bias'),
        INITIALISER_NAMES.filter((name) => !getInitialiser(name).needsFans),
        'the bias menu: no fan-based initialiser',
      );
      for (const name of INITIALISER_NAMES) {
        const row = getInitialiser(name);
        await menu('weight').selectOption(name);
        await page.waitForFunction((n) => new URLSearchParams(location.search).get('weightInit') === n || n === 'constant', name, {
          timeout: TIMEOUT,
        });
        const box = page.locator('.init-options[data-role="weight"]');
        const keys = initOptionKeys(name);
        assert.is(await box.locator('input, select').count(), keys.length, `${name}: one control per option`);
        for (const key of keys) {
          const control = box.locator(`[name="weightInit.${key}"]`);
          const fallback = (row.options as Record<string, string | number>)[key];
          assert.is(await control.inputValue(), fallback === undefined ? '' : String(fallback), `${name}.${key} shows its default`);
          assert.is(await control.evaluate((el) => el.tagName), row.choices?.[key] ? 'SELECT' : 'INPUT', `${name}.${key}'s control`);
        }
      }
      // constant has no default val: the library asks for it, next to the field.
      await menu('weight').selectOption('constant');
      const note = (control: string) => page.locator(`.field-error[data-controls="${control}"]`);
      assert.is(await note('weightInit.val').innerText(), 'Weight init val is required for constant, got nothing');
      assert.is(new URL(page.url()).searchParams.get('weightInit'), 'orthogonal', 'the run keeps the last accepted initialiser');
      await page.locator('input[name="weightInit.val"]').fill('0.25');
      await page.locator('input[name="weightInit.val"]').press('Enter');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('weightInit.val') === '0.25', null, { timeout: TIMEOUT });
      assert.is(new URL(page.url()).searchParams.get('weightInit'), 'constant');
      await menu('weight').selectOption('xavier_uniform');
      await page.locator('input[name="weightInit.gain"]').fill('-1');
      await page.locator('input[name="weightInit.gain"]').press('Enter');
      await note('weightInit.gain').waitFor({ state: 'visible', timeout: TIMEOUT });
      assert.is(await note('weightInit.gain').innerText(), 'Weight init gain must be >= 0, got -1');
      assert.is(new URL(page.url()).searchParams.get('weightInit.gain'), '1');
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }

    const bad = await open('?weightInit=kaiming_uniform&weightInit.mode=fan_sideways&weightInit.gain=2&biasInit=xavier_uniform&speed=0');
    try {
      const { errors: shown, settings } = await actlabState(bad.page);
      assert.equal(shown.slice(0, 2), [
        'Ignored in the URL: weightInit.gain is not an option of kaiming_uniform (it takes a, mode, nonlinearity)',
        'Ignored in the URL: weightInit.mode must be one of fan_in, fan_out, got "fan_sideways"',
      ]);
      assert.match(shown[2] ?? '', /^Ignored in the URL: biasInit cannot initialise a bias: it needs fan_in and fan_out/);
      assert.equal(settings.init, {
        weight: { name: 'kaiming_uniform', options: { a: 0, mode: 'fan_in', nonlinearity: 'leaky_relu' } },
        bias: { name: 'default', options: {} },
      });
      assert.equal(bad.errors, [], 'no console errors');
    } finally {
      await bad.page.close();
    }
  },
);

playground(
  "xavier_uniform weights and zeros biases, and kaiming_normal(fan_out, relu) + constant 0.1 after torch.manual_seed(3): runs equal Node's",
  async () => {
    const runs = [
      {
        query: '?weightInit=xavier_uniform&biasInit=zeros&epochs=60&speed=0&autostart=1',
        node: { init: { weight: 'xavier_uniform', bias: 'zeros' } },
      },
      {
        query:
          '?weightInit=kaiming_normal&weightInit.mode=fan_out&weightInit.nonlinearity=relu&biasInit=constant&biasInit.val=0.1' +
          '&torchSeed=3&epochs=60&speed=0&autostart=1',
        node: {
          torchSeed: 3,
          init: {
            weight: { name: 'kaiming_normal', options: { mode: 'fan_out', nonlinearity: 'relu' } },
            bias: { name: 'constant', options: { val: 0.1 } },
          },
        },
      },
    ] as const;
    for (const run of runs) {
      const { page, errors } = await open(run.query);
      try {
        await waitDone(page);
        const actlab = await actlabState(page);
        assert.equal(actlab.errors, [], run.query);
        const node = await nodeHistory('relu', 60, run.node as { torchSeed?: number; init: MlpOptions['init'] });
        assert.equal(actlab.history, node.history, `${run.query}: every bce, accuracy and grad entry equals Node's`);
        // The address the page wrote holds the same initialisers.
        const written = new URL(page.url()).searchParams;
        for (const [key, value] of new URLSearchParams(run.query))
          if (key.includes('Init')) assert.is(written.get(key), value, `URL ${key}`);
        assert.equal(errors, [], 'no console errors');
      } finally {
        await page.close();
      }
    }
  },
);

playground(
  'the activation menu and the compare list hold every registry activation, each with a control per option of its row',
  async () => {
    const { page, errors } = await open('?speed=0');
    try {
      const names = activationNames();
      const menu = page.locator('select[name=activation]');
      assert.equal(await menu.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)), names);
      assert.equal(
        await page.locator('#compare-list input[type=checkbox]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value)),
        names,
        'the compare list',
      );
      for (const name of names) {
        const row = getActivation(name);
        await menu.selectOption(name);
        await page.waitForFunction((n) => new URLSearchParams(location.search).get('activation') === n, name, { timeout: TIMEOUT });
        const box = page.locator('#activation-options');
        const keys = Object.keys(row.options);
        assert.is(await box.locator('input, select').count(), keys.length, `${name}: one control per option`);
        const defaults = resolveActivationOptions(name).values;
        for (const key of keys) {
          const control = box.locator(`[name="${name}.${key}"]`);
          assert.is(await control.inputValue(), String(defaults[key]), `${name}.${key} shows its default`);
          const choices = row.choices?.[key];
          if (choices) {
            assert.is(await control.evaluate((el) => el.tagName), 'SELECT', `${name}.${key} is a menu`);
            assert.equal(await control.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)), [
              ...choices,
            ]);
          } else {
            assert.is(await control.getAttribute('type'), 'number', `${name}.${key} is a number input`);
            assert.is(await control.getAttribute('step'), row.integers?.includes(key) ? '1' : 'any', `${name}.${key}'s step`);
          }
        }
      }
      assert.equal((await actlabState(page)).errors, []);
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }
  },
);

/** The message, in the problems box, for a prelu numParameters that fits neither 1 nor `width`. */
const numParametersMessage = (width: number, value: number) =>
  `prelu.numParameters must be 1 or the width of hidden layer 0 (${width}): one prelu weight per unit, got ${value}`;

playground(
  "gelu's approximate is a menu of its strings; prelu's numParameters a whole number, 1 or the width, checked again when the width changes",
  async () => {
    const { page, errors } = await open('?activation=gelu&speed=0');
    try {
      const approximate = page.locator('select[name="gelu.approximate"]');
      assert.is(await approximate.inputValue(), 'none');
      assert.not.ok(new URL(page.url()).searchParams.has('gelu.approximate'), 'the default is not written');
      await approximate.selectOption('tanh');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('gelu.approximate') === 'tanh', null, { timeout: TIMEOUT });
      assert.equal((await actlabState(page)).settings.options, { gelu: { approximate: 'tanh' } });
      // gelu trains (the library refused the index 0 the page used to send).
      await page.getByRole('button', { name: 'Step' }).click();
      await page.waitForFunction(() => window.__actlab.epochs === 1, null, { timeout: TIMEOUT });
      assert.equal((await actlabState(page)).errors, []);

      await page.locator('select[name=activation]').selectOption('prelu');
      const numParameters = page.locator('input[name="prelu.numParameters"]');
      assert.is(await numParameters.inputValue(), '1');
      const errorsShown = async () => (await actlabState(page)).errors;
      const type = async (text: string) => {
        await numParameters.fill(text);
        await numParameters.press('Enter');
      };
      await type('3');
      await page.waitForFunction(() => window.__actlab.errors.length > 0, null, { timeout: TIMEOUT });
      assert.equal(await errorsShown(), [numParametersMessage(5, 3)]);
      assert.is(await numParameters.getAttribute('aria-invalid'), 'true');
      assert.not.ok(new URL(page.url()).searchParams.has('prelu.numParameters'), 'the run keeps numParameters 1');
      await type('2.5');
      await page.waitForFunction(() => window.__actlab.errors[0]?.includes('whole'), null, { timeout: TIMEOUT });
      assert.equal(await errorsShown(), ['prelu.numParameters must be a whole number, got 2.5']);
      await type('5');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('prelu.numParameters') === '5', null, { timeout: TIMEOUT });
      assert.equal(await errorsShown(), []);
      assert.is(await numParameters.getAttribute('aria-invalid'), null);

      // A width that no longer fits: the problem is shown and nothing trains until it is fixed.
      const width = page.locator('input[name=width]');
      await width.fill('8');
      await width.press('Enter');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('width') === '8', null, { timeout: TIMEOUT });
      assert.equal(await errorsShown(), [numParametersMessage(8, 5)]);
      assert.is(await numParameters.getAttribute('aria-invalid'), 'true');
      assert.ok(await page.locator('#play').isDisabled(), 'Train is disabled');
      assert.ok(await page.locator('#step').isDisabled(), 'Step is disabled');
      await page.locator('body').press(' ');
      await page.waitForTimeout(300);
      const blocked = await actlabState(page);
      assert.is(blocked.state, 'idle');
      assert.is(blocked.epochs, 0);
      // A value typed while it does not fit is taken once the width fits it.
      await type('4');
      await page.waitForFunction((m) => window.__actlab.errors.includes(m), numParametersMessage(8, 4), { timeout: TIMEOUT });
      await width.fill('4');
      await width.press('Enter');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('prelu.numParameters') === '4', null, { timeout: TIMEOUT });
      assert.equal(await errorsShown(), []);
      assert.is(new URL(page.url()).searchParams.get('width'), '4');
      assert.not.ok(await page.locator('#play').isDisabled(), 'Train is enabled again');
      await page.getByRole('button', { name: 'Step' }).click();
      await page.waitForFunction(() => window.__actlab.epochs === 1, null, { timeout: TIMEOUT });
      assert.ok((await actlabState(page)).history?.stateGrad?.['act0.weight']?.length === 1, "prelu's weight gradient is recorded");
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }

    const bad = await open(
      '?activation=gelu&gelu.approximate=fast&prelu.numParameters=3&prelu.init=-0.5&rrelu.lower=0.5&rrelu.upper=0.6&leaky_relu.negativeSlope=x&speed=0',
    );
    try {
      const { errors: shown, settings } = await actlabState(bad.page);
      assert.equal(shown, [
        'Ignored in the URL: leaky_relu.negativeSlope must be a number, got "x"',
        'Ignored in the URL: gelu.approximate must be one of "none", "tanh", got "fast"',
        `Ignored in the URL: ${numParametersMessage(5, 3)}`,
      ]);
      // rrelu's options are checked together (lower <= upper), the others kept.
      assert.equal(settings.options, { prelu: { init: -0.5 }, rrelu: { lower: 0.5, upper: 0.6 } });
      assert.is(await bad.page.locator('select[name="gelu.approximate"]').inputValue(), 'none');
      assert.equal(bad.errors, [], 'no console errors');
    } finally {
      await bad.page.close();
    }
  },
);

playground(
  'gelu(approximate=tanh), prelu (a weight per unit) and rrelu (seeded slopes) train as in Node, bit for bit, alone and compared',
  async () => {
    const runs: { query: string; activation: ActivationName; activationOptions: Record<string, unknown> }[] = [
      { query: 'activation=gelu&gelu.approximate=tanh', activation: 'gelu', activationOptions: { approximate: 'tanh' } },
      {
        query: 'activation=prelu&prelu.numParameters=5&prelu.init=0.1',
        activation: 'prelu',
        activationOptions: { numParameters: 5, init: 0.1 },
      },
      { query: 'activation=rrelu&rrelu.lower=0.05&rrelu.upper=0.6', activation: 'rrelu', activationOptions: { lower: 0.05, upper: 0.6 } },
    ];
    for (const run of runs) {
      const { page, errors } = await open(`?${run.query}&epochs=60&speed=0&autostart=1`);
      try {
        await waitDone(page);
        const actlab = await actlabState(page);
        assert.equal(actlab.errors, [], run.query);
        const node = await nodeHistory(run.activation, 60, { activationOptions: run.activationOptions });
        assert.equal(actlab.history, node.history, `${run.query}: every bce, accuracy, grad (and stateGrad) entry equals Node's`);
        const written = new URL(page.url()).searchParams;
        for (const [key, value] of new URLSearchParams(run.query)) assert.is(written.get(key), value, `URL ${key}`);
        assert.equal(errors, [], 'no console errors');
      } finally {
        await page.close();
      }
    }

    // Compare mode: the same options, a PyTorch seed and an initialiser, one worker per activation.
    const query =
      '?mode=compare&compare=gelu,prelu,rrelu&gelu.approximate=tanh&prelu.numParameters=5&rrelu.lower=0.05' +
      '&torchSeed=7&weightInit=xavier_uniform&epochs=30&speed=0&autostart=1';
    const { page, errors } = await open(query);
    try {
      await waitDone(page);
      const actlab = await actlabState(page);
      assert.equal(actlab.errors, []);
      assert.equal(
        actlab.runs.map((r) => r.activation),
        ['gelu', 'prelu', 'rrelu'],
      );
      const options: Record<string, Record<string, unknown>> = {
        gelu: { approximate: 'tanh' },
        prelu: { numParameters: 5 },
        rrelu: { lower: 0.05 },
      };
      for (const run of actlab.runs) {
        const node = await nodeHistory(run.activation as ActivationName, 30, {
          activationOptions: options[run.activation],
          torchSeed: 7,
          init: { weight: 'xavier_uniform' },
        });
        assert.equal(run.history, node.history, `${run.activation} history equals Node's`);
      }
      await page.waitForFunction(() => document.querySelectorAll('#summary table tbody tr').length === 3, null, { timeout: TIMEOUT });
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }
  },
);

playground("compare mode's study holds the PyTorch seed, the initialisers and each activation's options, as the runs do", () => {
  const data = makeCircles({ nSamples: 20, factor: 0.5, noise: 0.1, seed: 42 });
  const { settings } = settingsFromQuery(
    '?mode=compare&compare=gelu,relu&gelu.approximate=tanh&torchSeed=7&weightInit=xavier_uniform&biasInit=zeros',
  );
  const config = studyConfig(settings.compare, data, settings);
  assert.is(config.torchSeed, 7);
  assert.equal(config.init, { weight: { name: 'xavier_uniform', options: { gain: 1 } }, bias: { name: 'zeros', options: {} } });
  assert.equal(config.hidden, { gelu: { name: 'gelu', options: { approximate: 'tanh' } }, relu: { name: 'relu', options: {} } });
  const plain = studyConfig(['relu'], data, settingsFromQuery('').settings);
  assert.is(plain.torchSeed, undefined);
  assert.is(plain.init, undefined);
});

playground.run();
