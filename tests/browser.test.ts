// The playground in a real browser (a headless Chromium through playwright-core, found by
// helpers/browser.ts): the tutorial's run trained in a Web Worker must give the Node library's
// history bit for bit, compare mode driven through the controls must show sigmoid's vanishing
// gradient next to relu's, and the controls (URL, train/pause/step/reset) must do what they say.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { studyConfig } from '../site/src/compare.js';
import { type MarkItem, TRAINER_SEED } from '../site/src/protocol.js';
import { initOptionKeys, settingsFromQuery, torchName } from '../site/src/state.js';
import { type ActivationName, activationNames, getActivation, resolveActivationOptions } from '../src/activations/registry.js';
import { loadCore } from '../src/core/load.js';
import { makeCircles } from '../src/datasets/circles.js';
import type { Dataset } from '../src/datasets/dataset.js';
import { getInitialiser, INITIALISER_NAMES } from '../src/init/registry.js';
import { Mlp, type MlpOptions } from '../src/model/mlp.js';
import { OPTIMIZER_NAMES, OPTIMIZERS, type OptimizerSpec } from '../src/optim/registry.js';
import { LABEL_COLORS } from '../src/report/specs/theme.js';
import { Trainer } from '../src/train/train.js';
import { resultsDir } from './helpers/browser.js';
import { nodeHistory, tutorialData } from './helpers/playground-node.js';
import { actlabState, marksOf, PAGE_WAIT_MS, playgroundSession, waitDone } from './helpers/playground-page.js';

/** The rows a Node Trainer of the playground's seed trains on and holds out of the tutorial's data with this validation split. */
async function nodeSplit(validationSplit: number): Promise<{ train: Dataset; validation: Dataset }> {
  const model = new Mlp(await loadCore(), { layers: [2, 5, 5, 5, 5, 1], seed: 0 });
  try {
    const trainer = new Trainer(model, tutorialData(), { seed: TRAINER_SEED, validationSplit });
    trainer.dispose();
    return { train: trainer.data, validation: trainer.validation! };
  } finally {
    model.dispose();
  }
}

const TIMEOUT = PAGE_WAIT_MS;
const session = playgroundSession();
const open = (query: string) => session.open(query);

const playground = suite('playground in Chromium');

playground.after(() => session.close());

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
  assert.is(plain.validationSplit, undefined, 'no validation split unless set');
  const held = studyConfig(['relu'], data, settingsFromQuery('?mode=compare&compare=relu&validationSplit=0.25').settings);
  assert.is(held.validationSplit, 0.25);
});

// ---------- the validation split ----------

const SPLIT = 0.25;
/** The message for a validation split the library refuses, naming the field as `field`. */
const splitMessage = (field: string, shown: string) => `${field} must be a number in (0, 1), or 0 or empty for off, got ${shown}`;

playground(
  "validationSplit 0.25: bce, accuracy, valBce, valAccuracy and grads equal Node's train() bit for bit; the summary and the legend show them; the URL round-trips",
  async () => {
    const { page, errors } = await open(`?validationSplit=${SPLIT}&epochs=300&speed=0&autostart=1`);
    try {
      await waitDone(page);
      const actlab = await actlabState(page);
      assert.equal(actlab.errors, []);
      assert.is(actlab.settings.validationSplit, SPLIT);
      const node = await nodeHistory('relu', 300, { validationSplit: SPLIT });
      assert.is(node.history.valBce?.length, 300, "Node's history has the validation curves");
      assert.is(actlab.history?.valAccuracy?.length, 300);
      assert.equal(actlab.history, node.history, "every bce, accuracy, valBce, valAccuracy and grad entry equals Node's");
      assert.is.not(
        actlab.history!.bce.at(-1),
        (await nodeHistory('relu', 300)).history.bce.at(-1),
        'the training BCE is over the remaining rows, not the whole set',
      );

      // The status line: the validation accuracy and the gap, as the summary table computes them.
      const last = node.history.accuracy.length - 1;
      const val = node.history.valAccuracy![last]!;
      const gap = 100 * (node.history.accuracy[last]! - val);
      await page.waitForFunction(() => document.querySelector('[data-metric="validation-accuracy"]') !== null, null, { timeout: TIMEOUT });
      assert.is(await page.locator('[data-metric="validation-accuracy"] dd').innerText(), `${(100 * val).toFixed(1)}%`);
      assert.is(await page.locator('[data-metric="generalisation-gap"] dd').innerText(), `${gap >= 0 ? '+' : ''}${gap.toFixed(1)} points`);
      assert.match(await page.locator('#chart-history').locator('xpath=..').innerText(), /25% held out \(dashed\)/);

      // The loss-and-accuracy chart's legend names the validation curves, drawn dashed as their lines are.
      await page.waitForFunction(() => window.__actlabMarks('history', 'legend-label').length >= 4, null, { timeout: TIMEOUT });
      const labels = await marksOf(page, 'history', 'legend-label');
      const symbols = await marksOf(page, 'history', 'legend-symbol');
      const entries = labels.map((label, i) => ({ text: label.text, dash: symbols[i]?.strokeDash }));
      for (const name of ['validation BCE', 'validation accuracy']) {
        const entry = entries.find((e) => e.text === name);
        assert.ok(entry, `the legend has ${name}`);
        assert.equal(entry!.dash, [6, 3], `${name} is dashed in the legend`);
      }
      assert.equal(entries.find((e) => e.text === 'BCE loss')?.dash ?? [1, 0], [1, 0], 'the training BCE is solid');

      // The address holds the split and reproduces the run's settings in a fresh page.
      const written = new URL(page.url());
      assert.is(written.searchParams.get('validationSplit'), String(SPLIT));
      const again = await open(written.search.replace('autostart=1', 'autostart=0'));
      try {
        const state = await actlabState(again.page);
        assert.equal(state.settings, { ...actlab.settings });
        assert.equal(state.errors, []);
        assert.is(await again.page.locator('input[name=validationSplit]').inputValue(), String(SPLIT));
        assert.is(new URL(again.page.url()).search, written.search.replace('autostart=1', 'autostart=0'));
        assert.equal(again.errors, [], 'no console errors in the reopened page');
      } finally {
        await again.page.close();
      }
      await page.screenshot({ path: join(resultsDir(), 'playground-validation.png'), fullPage: true });
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }
  },
);

/** Squared RGB distance between a canvas pixel and a CSS hex colour. */
const colourDistance = (rgb: readonly number[], hex: string) => {
  const want = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return Math.hypot(...want.map((w, i) => w - rgb[i]!));
};

playground(
  "the decision boundary draws the held-out rows (Node's Trainer's) as hollow diamonds apart from the filled points trained on",
  async () => {
    const { page, errors } = await open(`?validationSplit=${SPLIT}&epochs=150&speed=0&autostart=1`);
    try {
      await waitDone(page);
      const split = await nodeSplit(SPLIT);
      assert.is(split.validation.nSamples, 250);
      await page.waitForFunction((n) => window.__actlabMarks('boundary', 'held_out_marks').length === n, split.validation.nSamples, {
        timeout: TIMEOUT,
      });
      const held = await marksOf(page, 'boundary', 'held_out_marks');
      const halo = await marksOf(page, 'boundary', 'held_out_halo_marks');
      const trained = await marksOf(page, 'boundary', 'trained_on_marks');
      assert.is(trained.length, split.train.nSamples, 'one filled point per row trained on');
      assert.is(halo.length, held.length, 'one halo per held-out point');

      // The points are the rows Node's Trainer holds out, in order: their pixels are the same linear
      // map of the data as the points trained on.
      const x1 = (d: Dataset, i: number) => d.X[2 * i]!;
      const x2 = (d: Dataset, i: number) => d.X[2 * i + 1]!;
      const far = trained.reduce(
        (best, _, i) =>
          Math.abs(x1(split.train, i) - x1(split.train, 0)) > Math.abs(x1(split.train, best) - x1(split.train, 0)) ? i : best,
        0,
      );
      const farY = trained.reduce(
        (best, _, i) =>
          Math.abs(x2(split.train, i) - x2(split.train, 0)) > Math.abs(x2(split.train, best) - x2(split.train, 0)) ? i : best,
        0,
      );
      const ax = (trained[far]!.x - trained[0]!.x) / (x1(split.train, far) - x1(split.train, 0));
      const ay = (trained[farY]!.y - trained[0]!.y) / (x2(split.train, farY) - x2(split.train, 0));
      const px = (v: number) => trained[0]!.x + ax * (v - x1(split.train, 0));
      const py = (v: number) => trained[0]!.y + ay * (v - x2(split.train, 0));
      assert.ok(ax > 0 && ay < 0, 'x grows rightwards, y upwards');
      held.forEach((item, j) => {
        assert.ok(Math.abs(item.x - px(x1(split.validation, j))) < 0.05, `held-out point ${j}'s x`);
        assert.ok(Math.abs(item.y - py(x2(split.validation, j))) < 0.05, `held-out point ${j}'s y`);
        assert.is(item.shape, 'diamond');
        assert.ok(item.fill === undefined || item.fill === 'transparent', `held-out point ${j} is hollow (fill ${item.fill})`);
        assert.is(item.stroke, LABEL_COLORS[split.validation.y[j]!], `held-out point ${j} is outlined in its class's colour`);
        assert.is(halo[j]!.stroke, 'white');
      });
      trained.forEach((item, i) => {
        assert.is(item.shape, 'circle');
        assert.is(item.fill, LABEL_COLORS[split.train.y[i]!], `trained point ${i} is filled with its class's colour`);
      });
      const legend = (await marksOf(page, 'boundary', 'legend-label')).map((l) => l.text);
      assert.ok(legend.includes('trained on') && legend.includes('held out (not trained on)'), `the legend: ${legend.join(', ')}`);
      assert.match(await page.locator('.held-out-note').first().innerText(), /Hollow diamonds: the 25% of the rows held out/);

      // On the canvas: at the centre of an isolated held-out point the background shows through;
      // at the centre of an isolated trained point, its class's colour.
      const all = [...held, ...trained];
      // No other marker covers the centre: a held-out diamond with its halo reaches 6.5 px from its
      // centre, a trained point 3.2 px.
      const reach = new Map<MarkItem, number>([...held.map((h) => [h, 7] as const), ...trained.map((t) => [t, 4] as const)]);
      const isolated = (item: MarkItem) => all.every((o) => o === item || Math.hypot(o.x - item.x, o.y - item.y) > reach.get(o)!);
      const pick = (items: MarkItem[], labels: Uint8Array) =>
        items.map((item, i) => ({ x: item.x, y: item.y, label: labels[i]! })).filter((_, i) => isolated(items[i]!));
      const lonelyHeld = pick(held, split.validation.y);
      const lonelyTrained = pick(trained, split.train.y);
      assert.ok(
        lonelyHeld.length >= 3 && lonelyTrained.length >= 3,
        `isolated points: ${lonelyHeld.length} held out, ${lonelyTrained.length} trained`,
      );
      const pixels = (points: { x: number; y: number }[]) =>
        page.evaluate((at) => {
          const canvas = document.querySelector<HTMLCanvasElement>('#chart-boundary canvas')!;
          const ratio = canvas.width / canvas.getBoundingClientRect().width;
          const context = canvas.getContext('2d')!;
          return at.map(({ x, y }) => [...context.getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data]);
        }, points);
      const heldPixels = await pixels(lonelyHeld);
      const trainedPixels = await pixels(lonelyTrained);
      lonelyHeld.forEach((p, i) => {
        const d = colourDistance(heldPixels[i]!, LABEL_COLORS[p.label]!);
        assert.ok(
          d > 60,
          `held-out point at (${p.x.toFixed(1)}, ${p.y.toFixed(1)}) is hollow: its centre ${heldPixels[i]} is ${d.toFixed(0)} from its class colour`,
        );
      });
      lonelyTrained.forEach((p, i) => {
        const d = colourDistance(trainedPixels[i]!, LABEL_COLORS[p.label]!);
        assert.ok(
          d < 40,
          `trained point at (${p.x.toFixed(1)}, ${p.y.toFixed(1)}) is filled: its centre ${trainedPixels[i]} is ${d.toFixed(0)} from its class colour`,
        );
      });
      await page.locator('#chart-boundary').screenshot({ path: join(resultsDir(), 'playground-held-out.png') });
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }

    // Without a split every point is trained on, and none is drawn hollow.
    const off = await open('?epochs=1&speed=0&autostart=1');
    try {
      await waitDone(off.page);
      await off.page.waitForFunction(() => window.__actlabMarks('boundary', 'legend-label').length > 0, null, { timeout: TIMEOUT });
      assert.is((await marksOf(off.page, 'boundary', 'held_out_marks')).length, 0);
      assert.not.ok((await marksOf(off.page, 'boundary', 'legend-label')).some((l) => l.text?.startsWith('held out')));
      assert.ok(await off.page.locator('.held-out-note').first().isHidden());
      assert.is((await actlabState(off.page)).history?.valBce, undefined);
      assert.equal(off.errors, [], 'no console errors');
    } finally {
      await off.page.close();
    }
  },
);

playground(
  'a validation split the library refuses (1.5, -0.1, x) is named, blocks Train and Step and leaves the URL; 0 or empty is off; the same from the URL',
  async () => {
    const { page, errors } = await open('?speed=0');
    try {
      const input = page.locator('input[name=validationSplit]');
      const note = page.locator('.field-error[data-controls="validationSplit"]');
      const type = async (text: string) => {
        await input.fill(text);
        await input.press('Enter');
      };
      for (const [text, shown] of [
        ['1.5', '1.5'],
        ['-0.1', '-0.1'],
        ['x', '"x"'],
      ] as const) {
        await type(text);
        const message = splitMessage('Validation split', shown);
        await page.waitForFunction((m) => window.__actlab.errors.includes(m), message, { timeout: TIMEOUT });
        assert.is(await note.innerText(), message, `${text}: named under the field`);
        assert.equal((await actlabState(page)).errors, [message], `${text}: named in the box`);
        assert.is(await input.getAttribute('aria-invalid'), 'true');
        assert.is(await input.inputValue(), text, 'the refused value stays in its field');
        assert.ok(await page.locator('#play').isDisabled(), `${text}: Train is disabled`);
        assert.ok(await page.locator('#step').isDisabled(), `${text}: Step is disabled`);
        // The space bar (outside the field, which would take it as text) does not start training either.
        await input.blur();
        await page.locator('body').press(' ');
        await page.waitForTimeout(200);
        const blocked = await actlabState(page);
        assert.is(blocked.state, 'idle', `${text}: nothing trains`);
        assert.is(blocked.epochs, 0);
        assert.is(blocked.settings.validationSplit, 0, 'the settings keep the split off');
        assert.not.ok(new URL(page.url()).searchParams.has('validationSplit'), 'the URL is unchanged');
      }
      // Another change keeps the refused value, and training stays blocked.
      await page.locator('input[name=epochs]').fill('20');
      await page.locator('input[name=epochs]').press('Enter');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('epochs') === '20', null, { timeout: TIMEOUT });
      assert.is(await input.inputValue(), 'x');
      assert.ok(await page.locator('#step').isDisabled(), 'Step stays disabled');

      // A share in (0, 1) is taken: the URL holds it, the message goes, and one epoch has validation numbers.
      await type('0.2');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('validationSplit') === '0.2', null, { timeout: TIMEOUT });
      assert.equal((await actlabState(page)).errors, []);
      assert.ok(await note.isHidden());
      assert.is(await input.getAttribute('aria-invalid'), null);
      assert.not.ok(await page.locator('#step').isDisabled(), 'Step is enabled again');
      await page.getByRole('button', { name: 'Step' }).click();
      await page.waitForFunction(() => window.__actlab.epochs === 1, null, { timeout: TIMEOUT });
      assert.is((await actlabState(page)).history?.valAccuracy?.length, 1);

      // 0 and empty turn it off.
      for (const off of ['0', '']) {
        await type('0.3');
        await page.waitForFunction(() => new URLSearchParams(location.search).get('validationSplit') === '0.3', null, { timeout: TIMEOUT });
        await type(off);
        await page.waitForFunction(() => !new URLSearchParams(location.search).has('validationSplit'), null, { timeout: TIMEOUT });
        const state = await actlabState(page);
        assert.is(state.settings.validationSplit, 0, `${JSON.stringify(off)} is off`);
        assert.equal(state.errors, []);
        await page.getByRole('button', { name: 'Step' }).click();
        await page.waitForFunction(() => window.__actlab.epochs === 1, null, { timeout: TIMEOUT });
        assert.is((await actlabState(page)).history?.valBce, undefined, 'no validation curves when off');
      }

      // Refused while training: the run pauses, and Train (Resume) and Step stay disabled until it is fixed.
      await page.locator('select[name=speed]').selectOption('10');
      await page.locator('#play').click();
      await page.waitForFunction(() => window.__actlab.epochs >= 2, null, { timeout: TIMEOUT });
      await type('1.5');
      await page.waitForFunction(() => window.__actlab.state === 'paused', null, { timeout: TIMEOUT });
      const paused = (await actlabState(page)).epochs;
      assert.ok(await page.locator('#play').isDisabled(), 'Resume is disabled');
      assert.ok(await page.locator('#step').isDisabled(), 'Step is disabled');
      await page.waitForTimeout(300);
      assert.is((await actlabState(page)).epochs, paused, 'no epochs after the pause');
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }

    // From the URL: named, kept in its field, and nothing trains (autostart included) until it is fixed.
    for (const [text, shown] of [
      ['1.5', '1.5'],
      ['x', '"x"'],
    ] as const) {
      const bad = await open(`?validationSplit=${text}&speed=0&autostart=1`);
      try {
        const message = splitMessage('validationSplit', shown);
        const state = await actlabState(bad.page);
        assert.equal(state.errors, [message]);
        assert.is(await bad.page.locator('.field-error[data-controls="validationSplit"]').innerText(), message);
        assert.is(await bad.page.locator('input[name=validationSplit]').inputValue(), text);
        assert.ok(await bad.page.locator('#play').isDisabled(), 'Train is disabled');
        await bad.page.waitForTimeout(300);
        const after = await actlabState(bad.page);
        assert.is(after.state, 'idle');
        assert.is(after.epochs, 0);
        assert.equal(bad.errors, [], 'no console errors');
      } finally {
        await bad.page.close();
      }
    }

    // A share the data cannot be split by (two samples, one per class): the library's message, and nothing trains.
    const small = await open('?samples=2&validationSplit=0.2&speed=0&autostart=1');
    try {
      const message = 'validationSplit holds out no row of the 2 (too small a share), got 0.2';
      assert.equal((await actlabState(small.page)).errors, [message]);
      assert.ok(await small.page.locator('#step').isDisabled(), 'Step is disabled');
      await small.page.waitForTimeout(300);
      assert.is((await actlabState(small.page)).epochs, 0);
      // More samples make the same share fit.
      await small.page.locator('input[name=samples]').fill('20');
      await small.page.locator('input[name=samples]').press('Enter');
      await small.page.waitForFunction(() => window.__actlab.errors.length === 0, null, { timeout: TIMEOUT });
      assert.not.ok(await small.page.locator('#step').isDisabled(), 'Step is enabled');
      assert.equal(small.errors, [], 'no console errors');
    } finally {
      await small.page.close();
    }
  },
);

playground(
  "compare mode with validationSplit 0.25: every run equals Node's; the table, the overlay and the boundaries show the held-out rows",
  async () => {
    const { page, errors } = await open(`?mode=compare&compare=relu,tanh&validationSplit=${SPLIT}&epochs=30&speed=0&autostart=1`);
    try {
      await waitDone(page);
      const actlab = await actlabState(page);
      assert.equal(actlab.errors, []);
      for (const run of actlab.runs) {
        const node = await nodeHistory(run.activation as ActivationName, 30, { validationSplit: SPLIT });
        assert.equal(run.history, node.history, `${run.activation}: every bce, accuracy, valBce, valAccuracy and grad entry equals Node's`);
      }
      await page.waitForFunction(() => document.querySelectorAll('#summary table tbody tr').length === 2, null, { timeout: TIMEOUT });
      const head = await page.locator('#summary thead').innerText();
      assert.match(head, /validation accuracy/);
      assert.match(head, /generalisation gap/);
      for (const run of actlab.runs) {
        const val = run.history.valAccuracy!.at(-1)!;
        const gap = 100 * (run.history.accuracy.at(-1)! - val);
        const row = await page.locator(`#summary tr[data-activation="${run.activation}"]`).innerText();
        assert.match(row, `${(100 * val).toFixed(1)}%`, `${run.activation}'s validation accuracy`);
        assert.match(row, `${gap >= 0 ? '+' : ''}${gap.toFixed(1)}`, `${run.activation}'s gap`);
      }
      assert.match(await page.locator('#summary .note').innerText(), /validation accuracy on the 25% held out/);
      const split = await nodeSplit(SPLIT);
      for (const name of ['relu', 'tanh']) {
        await page.waitForFunction(
          ([chart, n]) => window.__actlabMarks(chart as string, 'held_out_marks').length === n,
          [`boundary:${name}`, split.validation.nSamples] as const,
          { timeout: TIMEOUT },
        );
        assert.is((await marksOf(page, `boundary:${name}`, 'trained_on_marks')).length, split.train.nSamples);
      }
      // The overlay: a dashed held-out line per activation, and a legend for the two kinds of line.
      // (A vega line mark has an item per point: 30 epochs of each activation's held-out accuracy.)
      const dashed = await marksOf(page, 'overlay', 'held_out_accuracy_marks');
      assert.is(dashed.length, 2 * 30, 'the held-out accuracy of every epoch of both runs');
      for (const point of dashed) assert.equal(point.strokeDash, [5, 3]);
      const legend = (await marksOf(page, 'overlay', 'legend-label')).map((l) => l.text);
      assert.ok(legend.includes('held-out rows') && legend.includes('relu'), `the overlay's legend: ${legend.join(', ')}`);
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }
  },
);

playground.run();
