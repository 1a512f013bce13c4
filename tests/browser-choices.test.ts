// The playground's "every choice the library has" (issue 13, item 1), in a headless Chromium: a
// width per hidden layer (− and + per layer and for the layer count, or `layers=8,3,6`), an
// activation per hidden layer with its options (`activations=relu,tanh,leaky_relu(negativeSlope=0.2)`),
// every optimizer's weight_decay, and the mechanism telemetry's charts. Runs set through the
// controls and through the URL must give the Node library's history bit for bit, mechanism included.
import type { Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { settingsFromQuery, settingsToQuery } from '../site/src/state.js';
import type { ActivationEntry } from '../src/activations/hidden.js';
import type { RunResult } from '../src/compare/types.js';
import type { OptimizerInput } from '../src/optim/config.js';
import { OPTIMIZERS } from '../src/optim/registry.js';
import { saturationSpec, signalSpec } from '../src/report/specs/mechanism.js';
import type { History } from '../src/train/train.js';
import { nodeHistory } from './helpers/playground-node.js';
import { actlabState, marksOf, PAGE_WAIT_MS, playgroundSession, waitDone } from './helpers/playground-page.js';

const TIMEOUT = PAGE_WAIT_MS;
const EPOCHS = 20;
/** The run the tests build: 2→8→3→6→1 with relu, tanh and leaky_relu(negativeSlope=0.2). */
const WIDTHS = [8, 3, 6];
const ACTIVATIONS: ActivationEntry[] = ['relu', 'tanh', { name: 'leaky_relu', options: { negativeSlope: 0.2 } }];
const ACTIVATIONS_TEXT = 'relu,tanh,leaky_relu(negativeSlope=0.2)';
const LABEL = '[relu, tanh, leaky_relu(negativeSlope=0.2)]';

/** A run of the tutorial's data in the Node library with these widths, with the mechanism telemetry the page gathers. */
const nodeChoiceRun = async (
  widths: readonly number[],
  activation: ActivationEntry | ActivationEntry[],
  epochs: number,
  optimizer: OptimizerInput = { name: 'adam', lr: 1e-4 },
): Promise<History> =>
  (await nodeHistory(activation, epochs, { layers: [2, ...widths, 1], optimizer, telemetry: { gradients: true, activations: true } }))
    .history;

let nodeRun: Promise<History> | undefined;
/** The tests' run in Node, computed once. */
const nodeChoices = () => {
  nodeRun ??= nodeChoiceRun(WIDTHS, ACTIVATIONS, EPOCHS);
  return nodeRun;
};

const session = playgroundSession();
const open = (query: string) => session.open(query);

const choices = suite('playground: every choice the library has');
choices.after(() => session.close());

/** The page's single run: its history with its mechanism telemetry put back in (as Node's train() returns it). */
async function pageHistory(page: Page): Promise<History> {
  const actlab = await actlabState(page);
  assert.ok(actlab.history, 'the page has a history');
  assert.ok(actlab.mechanism, 'the page has the mechanism telemetry');
  return { ...actlab.history!, mechanism: actlab.mechanism! };
}

/** The widths the layer list shows, and each layer's activation menu (null when the layers share one). */
async function layerList(page: Page): Promise<{ widths: number[]; menus: (string | null)[] }> {
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll<HTMLElement>('#layers .layer'));
    return {
      widths: items.map((li) => Number(li.querySelector('.layer-width')!.textContent)),
      menus: items.map((li) => li.querySelector<HTMLSelectElement>('select[data-layer]')?.value ?? null),
    };
  });
}

/** The mechanism charts' data as Node's history gives it, through the same report specs. */
function nodeChartData(history: History) {
  const run: RunResult = { activation: LABEL, seed: 0, history, final: {}, ms: 0, deadShare: null, saturatedShare: 0 };
  const signal = signalSpec([run]) as unknown as { data: { values: unknown[] } };
  const saturation = saturationSpec([run]) as unknown as { hconcat: { data: { values: unknown[] } }[] };
  return { signal: signal.data.values, saturated: saturation.hconcat[0]!.data.values, dead: saturation.hconcat[1]!.data.values };
}

/** The run, the charts and their data equal Node's; the charts draw one line per layer. */
async function assertLikeNode(page: Page): Promise<void> {
  const node = await nodeChoices();
  const history = await pageHistory(page);
  assert.is(history.bce.length, EPOCHS);
  assert.is(history.grad.length, 4, 'four Linear layers');
  assert.equal(history, node, "every bce, accuracy, grad and mechanism entry (signal, saturated, dead, …) equals Node's");
  // The charts: drawn from the same rows the report's specs make of Node's history.
  await page.waitForFunction((n) => (window.__actlabMechanismData()?.signal.length ?? 0) === n, 4 * EPOCHS, { timeout: TIMEOUT });
  const drawn = await page.evaluate(() => window.__actlabMechanismData());
  assert.equal(drawn, nodeChartData(node), 'the signal, saturated and dead charts show Node’s numbers');
  const layers = ['layer 0 (first)', 'layer 1', 'layer 2', 'layer 3 (output)'];
  await page.waitForFunction(() => document.querySelector('#chart-signal canvas') && document.querySelector('#chart-saturation canvas'));
  const labels = async (chart: string) => (await marksOf(page, chart, 'legend-label')).map((m) => m.text);
  assert.equal(await labels('signal'), layers, 'the signal chart has one line per layer');
  assert.equal(await labels('saturation'), layers, 'the saturation chart has one line per layer');
  assert.ok((await marksOf(page, 'signal', 'marks')).length > 0, 'the signal lines are drawn');
}

choices(
  "widths and activations per layer set through the controls: 2→8→3→6→1, relu, tanh, leaky_relu(0.2), Node's history bit for bit",
  async () => {
    const { page, errors } = await open(`?epochs=${EPOCHS}&speed=0`);
    try {
      assert.equal(await layerList(page), { widths: [5, 5, 5, 5], menus: [null, null, null, null] });
      const click = (name: string) => page.getByRole('button', { name, exact: true }).click();
      await click('Remove the last hidden layer');
      for (let k = 0; k < 3; k++) await click('More units in hidden layer 0');
      for (let k = 0; k < 2; k++) await click('Fewer units in hidden layer 1');
      await click('More units in hidden layer 2');
      assert.equal((await layerList(page)).widths, WIDTHS);
      assert.is(await page.locator('input[name=hidden]').inputValue(), '3');
      assert.is(await page.locator('input[name=width]').inputValue(), '', 'mixed widths: the every-layer width is empty');
      assert.match(await page.locator('#shape').innerText(), /^2 → 8 → 3 → 6 → 1/);

      await page.locator('input[name=sameActivation]').uncheck();
      assert.equal((await layerList(page)).menus, ['relu', 'relu', 'relu']);
      assert.ok(await page.locator('select[name=activation]').isDisabled(), 'the one menu for every layer is not used');
      await page.locator('select[name="activations[1]"]').selectOption('tanh');
      await page.locator('select[name="activations[2]"]').selectOption('leaky_relu');
      const slope = page.locator('input[name="activations[2].negativeSlope"]');
      assert.is(await slope.inputValue(), '0.01', "leaky_relu's own option, at its default");
      await slope.fill('0.2');
      await slope.press('Enter');
      await page.waitForFunction((text) => new URLSearchParams(location.search).get('activations') === text, ACTIVATIONS_TEXT, {
        timeout: TIMEOUT,
      });
      const query = new URL(page.url()).searchParams;
      assert.is(query.get('layers'), '8,3,6');
      assert.not.ok(query.has('hidden') || query.has('width'), 'unequal widths are written as layers=');
      assert.match(page.url(), /activations=relu,tanh,leaky_relu\(negativeSlope=0\.2\)/, 'the list is readable in the address');
      const { settings } = await actlabState(page);
      assert.equal(settings.widths, WIDTHS);
      assert.equal(settings.layerActivations, [
        { name: 'relu', options: {} },
        { name: 'tanh', options: {} },
        { name: 'leaky_relu', options: { negativeSlope: 0.2 } },
      ]);

      await page.getByRole('button', { name: 'Train' }).click();
      await waitDone(page);
      await assertLikeNode(page);
      assert.match((await page.locator('#chart-history').getAttribute('aria-label')) ?? '', /BCE/);
      assert.equal((await actlabState(page)).errors, []);
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }
  },
);

choices('the same run from the URL: the controls show it, the address round-trips it, the history is Node’s', async () => {
  const query = `?layers=8,3,6&activations=${ACTIVATIONS_TEXT}&epochs=${EPOCHS}&speed=0&autostart=1`;
  const { page, errors } = await open(query);
  try {
    await waitDone(page);
    assert.equal(await layerList(page), { widths: WIDTHS, menus: ['relu', 'tanh', 'leaky_relu'] });
    assert.not.ok(await page.locator('input[name=sameActivation]').isChecked());
    assert.is(await page.locator('input[name="activations[2].negativeSlope"]').inputValue(), '0.2');
    const written = new URL(page.url()).searchParams;
    assert.is(written.get('layers'), '8,3,6');
    assert.is(written.get('activations'), ACTIVATIONS_TEXT);
    await assertLikeNode(page);
    // Back to one activation for every layer: the list leaves the address.
    await page.locator('input[name=sameActivation]').check();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('activations'), null, { timeout: TIMEOUT });
    assert.equal((await layerList(page)).menus, [null, null, null]);
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

choices('old hidden=&width= URLs still load; the every-layer width and layer count inputs still work', async () => {
  const { page, errors } = await open('?hidden=3&width=7&speed=0');
  try {
    assert.equal(await layerList(page), { widths: [7, 7, 7], menus: [null, null, null] });
    assert.is(await page.locator('input[name=width]').inputValue(), '7');
    let query = new URL(page.url()).searchParams;
    assert.is(query.get('hidden'), '3');
    assert.is(query.get('width'), '7');
    assert.not.ok(query.has('layers'), 'equal widths keep the older form');
    assert.equal((await actlabState(page)).settings.widths, [7, 7, 7]);
    // One layer wider, from the keyboard (the rebuilt button keeps the focus): the address switches to layers=.
    await page.getByRole('button', { name: 'More units in hidden layer 1', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('layers') === '7,9,7', null, { timeout: TIMEOUT });
    assert.is(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'More units in hidden layer 1');
    // The every-layer width sets them all again, and the layer count adds layers of the last width.
    const width = page.locator('input[name=width]');
    await width.fill('4');
    await width.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('width') === '4', null, { timeout: TIMEOUT });
    const hidden = page.locator('input[name=hidden]');
    await hidden.fill('5');
    await hidden.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('hidden') === '5', null, { timeout: TIMEOUT });
    assert.equal((await layerList(page)).widths, [4, 4, 4, 4, 4]);
    query = new URL(page.url()).searchParams;
    assert.not.ok(query.has('layers'));
    // The LIMITS: 1–10 layers of 1–64 units; the buttons stop there, the inputs and the URL refuse beyond.
    await hidden.fill('11');
    await hidden.press('Enter');
    await page.waitForFunction(() => window.__actlab.errors.length > 0, null, { timeout: TIMEOUT });
    assert.equal((await actlabState(page)).errors, ['hidden must be in [1, 10], got 11']);
    assert.is(await hidden.getAttribute('aria-invalid'), 'true');
    await hidden.fill('10');
    await hidden.press('Enter');
    await page.waitForFunction(() => window.__actlab.errors.length === 0, null, { timeout: TIMEOUT });
    assert.ok(await page.getByRole('button', { name: 'Add a hidden layer', exact: true }).isDisabled(), 'no 11th layer');
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
  const edge = await open('?layers=64,1&speed=0');
  try {
    assert.ok(await edge.page.getByRole('button', { name: 'More units in hidden layer 0', exact: true }).isDisabled());
    assert.ok(await edge.page.getByRole('button', { name: 'Fewer units in hidden layer 1', exact: true }).isDisabled());
    assert.not.ok(await edge.page.getByRole('button', { name: 'Remove the last hidden layer', exact: true }).isDisabled());
    assert.equal(edge.errors, []);
  } finally {
    await edge.page.close();
  }
});

choices("the URL's layer and activation lists: checked, named when refused, and round-tripped", () => {
  const parse = (query: string) => settingsFromQuery(query);
  // Round trip: what settingsToQuery writes reads back as the same settings.
  for (const query of [
    `?layers=8,3,6&activations=${ACTIVATIONS_TEXT}`,
    '?hidden=2&width=9',
    '?layers=4,4&activations=gelu(approximate=tanh),prelu(numParameters=4)',
    '?layers=8,3&activations=prelu(numParameters=8),rrelu(lower=0.05,upper=0.2)&mode=compare',
  ]) {
    const { settings, problems } = parse(query);
    assert.equal(problems, [], query);
    const again = parse(`?${settingsToQuery(settings)}`);
    assert.equal(again.problems, []);
    assert.equal(again.settings, settings, `${query} round-trips`);
  }
  assert.equal(parse('?layers=4,4').settings.widths, [4, 4]);
  assert.is(
    settingsToQuery(parse('?layers=4,4').settings).includes('hidden=2&width=4'),
    true,
    'equal widths are written as hidden and width',
  );
  assert.equal(parse('?hidden=3&width=7').settings.widths, [7, 7, 7]);
  assert.equal(parse(`?layers=8,3,6&activations=${ACTIVATIONS_TEXT}`).settings.layerActivations, [
    { name: 'relu', options: {} },
    { name: 'tanh', options: {} },
    { name: 'leaky_relu', options: { negativeSlope: 0.2 } },
  ]);
  // Refused: each named, the default used.
  const bad = (query: string) => {
    const { settings, problems } = parse(query);
    return { widths: settings.widths, layerActivations: settings.layerActivations, problems };
  };
  assert.equal(bad('?layers=8,0,6'), {
    widths: [5, 5, 5, 5],
    layerActivations: null,
    problems: ['layers[1] must be an integer in [1, 64], got "0"'],
  });
  assert.equal(bad('?layers=1,1,1,1,1,1,1,1,1,1,1').problems, [
    'layers must list 1–10 widths, one per hidden layer, got "1,1,1,1,1,1,1,1,1,1,1"',
  ]);
  assert.equal(bad('?layers=8,3&hidden=4').problems, ["hidden and width are ignored: layers=8,3 gives every hidden layer's width"]);
  assert.equal(bad('?layers=8,3,6&activations=relu,tanh'), {
    widths: [8, 3, 6],
    layerActivations: null,
    problems: ['activations must list 3 activations, one per hidden layer (got 2), got "relu,tanh"'],
  });
  assert.equal(bad('?layers=8,3&activations=relu,swish').problems.length, 1);
  // prelu's numParameters is checked against its own layer's width: 8 fits layer 0, not layer 1.
  assert.equal(bad('?layers=8,3&activations=prelu(numParameters=8),prelu(numParameters=8)'), {
    widths: [8, 3],
    layerActivations: [
      { name: 'prelu', options: { numParameters: 8 } },
      { name: 'prelu', options: {} },
    ],
    problems: ['activations[1].numParameters must be 1 or the width of hidden layer 1 (3): one prelu weight per unit, got 8'],
  });
  assert.equal(bad('?layers=8,3&activations=relu,leaky_relu(slope=2)').problems, ['activations[1].slope is not an option of leaky_relu']);
});

choices(
  'per-layer prelu numParameters: 1 or its own layer’s width, refused otherwise, and checked again when the width changes',
  async () => {
    const { page, errors } = await open('?layers=8,3&activations=prelu,prelu&speed=0');
    try {
      const numParameters = (l: number) => page.locator(`input[name="activations[${l}].numParameters"]`);
      const type = async (l: number, text: string) => {
        await numParameters(l).fill(text);
        await numParameters(l).press('Enter');
      };
      await type(0, '8');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('activations') === 'prelu(numParameters=8),prelu', null, {
        timeout: TIMEOUT,
      });
      await type(1, '8');
      const refused = 'activations[1].numParameters must be 1 or the width of hidden layer 1 (3): one prelu weight per unit, got 8';
      await page.waitForFunction((m) => window.__actlab.errors.includes(m), refused, { timeout: TIMEOUT });
      assert.is(await numParameters(1).getAttribute('aria-invalid'), 'true');
      assert.is(new URL(page.url()).searchParams.get('activations'), 'prelu(numParameters=8),prelu', 'the run keeps numParameters 1');
      await type(1, '3');
      await page.waitForFunction(
        () => new URLSearchParams(location.search).get('activations') === 'prelu(numParameters=8),prelu(numParameters=3)',
        null,
        {
          timeout: TIMEOUT,
        },
      );
      assert.equal((await actlabState(page)).errors, []);
      // A width that no longer fits: named, and nothing trains until it fits again.
      await page.getByRole('button', { name: 'Fewer units in hidden layer 0', exact: true }).click();
      const misfit = 'activations[0].numParameters must be 1 or the width of hidden layer 0 (7): one prelu weight per unit, got 8';
      await page.waitForFunction((m) => window.__actlab.errors.includes(m), misfit, { timeout: TIMEOUT });
      assert.ok(await page.locator('#play').isDisabled(), 'Train is disabled');
      assert.is(await numParameters(0).getAttribute('aria-invalid'), 'true');
      await page.getByRole('button', { name: 'More units in hidden layer 0', exact: true }).click();
      await page.waitForFunction(() => window.__actlab.errors.length === 0, null, { timeout: TIMEOUT });
      await page.getByRole('button', { name: 'Step' }).click();
      await page.waitForFunction(() => window.__actlab.epochs === 1, null, { timeout: TIMEOUT });
      const grads = (await actlabState(page)).history?.stateGrad ?? {};
      assert.equal(Object.keys(grads), ['act0.weight', 'act1.weight'], "both layers' prelu weights are learned");
      assert.equal(errors, [], 'no console errors');
    } finally {
      await page.close();
    }
  },
);

choices('every optimizer that has a weight decay shows it, as weight_decay at PyTorch’s default; a run with it is Node’s', async () => {
  const withDecay = OPTIMIZERS.filter((o) => o.hyper.some((h) => h.key === 'weightDecay'));
  assert.ok(withDecay.length >= 5, 'Adam, SGD, RMSprop, Adagrad and AdamW all have one');
  const { page, errors } = await open('?speed=0');
  try {
    for (const row of withDecay) {
      await page.locator('select[name=optimizer]').selectOption(row.name);
      const setting = page.locator('#optimizer-settings .hyper[data-setting="weightDecay"]');
      await setting.waitFor({ timeout: TIMEOUT });
      assert.match(await setting.innerText(), 'weight_decay', `${row.name}: labelled weight_decay`);
      const spec = row.hyper.find((h) => h.key === 'weightDecay')!;
      assert.is(Number(await setting.locator('input[name=weightDecay]').inputValue()), spec.default, `${row.name}: PyTorch's default`);
      assert.is(new URL(page.url()).searchParams.get('weightDecay'), String(spec.default), `${row.name}: in the URL`);
    }
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
  const run = await open(
    `?layers=8,3,6&activations=${ACTIVATIONS_TEXT}&optimizer=adamw&lr=0.01&weightDecay=0.5&epochs=5&speed=0&autostart=1`,
  );
  try {
    await waitDone(run.page);
    assert.is(await run.page.locator('input[name=weightDecay]').inputValue(), '0.5');
    const node = await nodeChoiceRun(WIDTHS, ACTIVATIONS, 5, { name: 'adamw', lr: 0.01, weightDecay: 0.5 });
    const decayed = await pageHistory(run.page);
    assert.equal(decayed, node, "AdamW with weight_decay 0.5 gives Node's history bit for bit");
    const plain = await nodeChoiceRun(WIDTHS, ACTIVATIONS, 5, { name: 'adamw', lr: 0.01, weightDecay: 0 });
    assert.not.equal(decayed.bce, plain.bce, 'the weight decay changes the run');
    assert.equal(run.errors, []);
  } finally {
    await run.page.close();
  }
});

choices('compare mode trains every compared activation on the per-layer widths; the per-layer activations wait in the URL', async () => {
  const { page, errors } = await open(
    `?mode=compare&compare=relu,tanh&layers=8,3,6&activations=${ACTIVATIONS_TEXT}&epochs=5&speed=0&autostart=1`,
  );
  try {
    await waitDone(page);
    const { runs, mechanism } = await actlabState(page);
    assert.is(mechanism, null, 'no mechanism telemetry in compare mode');
    assert.equal(
      runs.map((r) => r.activation),
      ['relu', 'tanh'],
    );
    for (const run of runs) {
      const { mechanism: _, ...node } = await nodeChoiceRun(WIDTHS, run.activation as ActivationEntry, 5);
      assert.equal(run.history, node, `${run.activation} on 2→8→3→6→1 gives Node's history bit for bit`);
    }
    assert.not.ok(await page.locator('select[name="activations[0]"]').isVisible(), 'the per-layer menus are one-activation mode’s');
    assert.is(new URL(page.url()).searchParams.get('activations'), ACTIVATIONS_TEXT);
    assert.equal(errors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

choices.run();
